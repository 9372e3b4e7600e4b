"""The static data of the demo catalog: brands, their spellings and number formats, part types.

`partsdesk.catalog.demo` turns this into a deterministic catalog (`manage.py load_demo`).

Number formats are small patterns: `#` is a digit, `@` a capital letter (without I, O and Q,
which catalogs avoid), `{a|b|c}` one of the choices (which may hold `#` and `@` themselves);
everything else is written as is. A brand's formats are looked up by part type, then by the
type's category, then under `*` (original-equipment makers, who make everything); a brand makes
only the types it has a format for. The formats imitate how each brand writes its numbers;
the numbers themselves are invented, except the anchors below.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import CrossKind, CrossSource

# ---------------------------------------------------------------------------------------------
# Part types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One specific of a part: an attribute and how it reads in the description."""

    key: str
    text: str  # str.format template for the value
    values: tuple | range


@dataclass(frozen=True)
class PartType:
    key: str
    name: str  # Russian, as the shop shows it
    name_en: str  # the first words of the description
    category: str
    price_rub: tuple[int, int]  # typical purchase price range of an aftermarket part, RUB
    weight_kg: tuple[float, float]
    popularity: int  # relative share of the parts of a brand that makes it
    variants: tuple[tuple[Spec, ...], ...]  # one variant is chosen, then each spec's value
    packs: tuple[int, ...] = (1,)  # pack multiples an offer may have
    returnable: float = 0.95  # the share of offers that can be returned


def spec(key: str, text: str, *values) -> Spec:
    return Spec(key, text, values)


def span(key: str, text: str, lo: int, hi: int, step: int = 1) -> Spec:
    return Spec(key, text, range(lo, hi + 1, step))


SIDE = spec("side", "{}", "left", "right")
SIDE_ANY = spec("side", "{}", "left", "right", "left/right")
AXLE = spec("axle", "{} axle", "front", "rear")
YES_NO = ("yes", "no")

PART_TYPES: tuple[PartType, ...] = (
    PartType(
        "oil_filter",
        "Фильтр масляный",
        "Oil filter",
        "filters",
        (250, 1400),
        (0.15, 0.6),
        10,
        (
            (
                spec("design", "{}", "spin-on"),
                spec("thread", "{}", "M20x1.5", "3/4-16 UNF", "M22x1.5", "M18x1.5", "M24x1.5"),
                span("height_mm", "H {} mm", 60, 142),
                span("diameter_mm", "D {} mm", 65, 108),
            ),
            (
                spec("design", "{}", "cartridge"),
                span("height_mm", "H {} mm", 45, 155),
                span("diameter_mm", "D {} mm", 50, 90),
                spec("gaskets", "gaskets: {}", 1, 2, 3),
            ),
        ),
    ),
    PartType(
        "air_filter",
        "Фильтр воздушный",
        "Air filter",
        "filters",
        (300, 1800),
        (0.15, 0.9),
        8,
        (
            (
                spec("shape", "{}", "panel"),
                span("length_mm", "L {} mm", 180, 380),
                span("width_mm", "W {} mm", 120, 260),
                span("height_mm", "H {} mm", 30, 80),
            ),
            (
                spec("shape", "{}", "round", "cylindrical"),
                span("diameter_mm", "D {} mm", 150, 330),
                span("height_mm", "H {} mm", 50, 330),
            ),
        ),
    ),
    PartType(
        "cabin_filter",
        "Фильтр салона",
        "Cabin air filter",
        "filters",
        (300, 1600),
        (0.1, 0.45),
        7,
        (
            (
                spec("media", "{}", "particulate", "activated carbon", "antibacterial"),
                span("length_mm", "L {} mm", 180, 330),
                span("width_mm", "W {} mm", 150, 260),
                span("height_mm", "H {} mm", 20, 40),
            ),
        ),
    ),
    PartType(
        "fuel_filter",
        "Фильтр топливный",
        "Fuel filter",
        "filters",
        (400, 3500),
        (0.1, 0.9),
        5,
        (
            (
                spec("fuel", "{}", "petrol"),
                spec("design", "{}", "in-line", "in-tank"),
                spec("connection_mm", "connection {} mm", 8, 10),
            ),
            (
                spec("fuel", "{}", "diesel"),
                spec("design", "{}", "cartridge", "spin-on", "in-line"),
                span("height_mm", "H {} mm", 80, 200),
            ),
        ),
    ),
    PartType(
        "pads_front",
        "Колодки тормозные передние",
        "Brake pad set, front axle",
        "brakes",
        (900, 5500),
        (0.8, 2.4),
        9,
        (
            (
                spec("system", "{} system", "ATE", "Bosch", "TRW", "Akebono", "Sumitomo", "Lucas"),
                span("width_mm", "W {} mm", 99, 165),
                span("thickness_mm", "T {} mm", 16, 20),
                spec("wear_indicator", "wear indicator: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "pads_rear",
        "Колодки тормозные задние",
        "Brake pad set, rear axle",
        "brakes",
        (700, 4000),
        (0.5, 1.6),
        6,
        (
            (
                spec("system", "{} system", "ATE", "Bosch", "TRW", "Akebono", "Lucas"),
                span("width_mm", "W {} mm", 80, 125),
                span("thickness_mm", "T {} mm", 14, 17),
                spec("wear_indicator", "wear indicator: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "disc_front",
        "Диск тормозной передний",
        "Brake disc, front axle",
        "brakes",
        (1800, 9000),
        (4.5, 11.0),
        6,
        (
            (
                spec("type", "{}", "vented"),
                span("diameter_mm", "Ø {} mm", 256, 345),
                span("thickness_mm", "T {} mm", 22, 32),
                spec("holes", "{} holes", 4, 5),
            ),
            (
                spec("type", "{}", "solid"),
                span("diameter_mm", "Ø {} mm", 239, 280),
                span("thickness_mm", "T {} mm", 10, 13),
                spec("holes", "{} holes", 4, 5),
            ),
        ),
    ),
    PartType(
        "disc_rear",
        "Диск тормозной задний",
        "Brake disc, rear axle",
        "brakes",
        (1500, 7000),
        (3.5, 8.0),
        4,
        (
            (
                spec("type", "{}", "solid", "vented"),
                span("diameter_mm", "Ø {} mm", 230, 330),
                span("thickness_mm", "T {} mm", 9, 22),
                spec("holes", "{} holes", 4, 5),
            ),
        ),
    ),
    PartType(
        "spark_plug",
        "Свеча зажигания",
        "Spark plug",
        "ignition",
        (250, 1800),
        (0.04, 0.07),
        6,
        (
            (
                spec("thread", "{}", "M14x1.25", "M12x1.25", "M10x1.0"),
                spec("reach_mm", "reach {} mm", 19, 26.5, 12.7),
                spec("hex_mm", "hex {} mm", 16, 14, 20.8),
                spec("electrode", "{}", "nickel", "platinum", "iridium", "double platinum"),
                spec("gap_mm", "gap {} mm", 0.7, 0.8, 0.9, 1.0, 1.1),
            ),
        ),
        packs=(4, 4, 4, 1),
    ),
    PartType(
        "glow_plug",
        "Свеча накаливания",
        "Glow plug",
        "ignition",
        (600, 3500),
        (0.03, 0.08),
        2,
        (
            (
                spec("voltage", "{} V", 11, 4.4, 5, 7),
                spec("thread", "{}", "M8x1.0", "M10x1.0", "M12x1.25"),
                span("length_mm", "L {} mm", 90, 150),
                spec("tip", "{} tip", "metal", "ceramic"),
            ),
        ),
        packs=(1, 1, 4),
    ),
    PartType(
        "ignition_coil",
        "Катушка зажигания",
        "Ignition coil",
        "ignition",
        (1500, 9000),
        (0.2, 2.2),
        3,
        (
            (
                spec("design", "{}", "pencil", "block", "cassette"),
                spec("pins", "{} pins", 3, 4, 5),
            ),
        ),
        returnable=0.4,
    ),
    PartType(
        "lambda_sensor",
        "Датчик кислородный (лямбда-зонд)",
        "Lambda sensor",
        "sensors",
        (2000, 12000),
        (0.1, 0.3),
        3,
        (
            (
                spec("position", "{}", "upstream", "downstream"),
                spec("wires", "{} wires", 4, 5),
                span("cable_mm", "cable {} mm", 300, 900, 50),
            ),
        ),
        returnable=0.3,
    ),
    PartType(
        "abs_sensor",
        "Датчик ABS",
        "Wheel speed sensor",
        "sensors",
        (900, 5000),
        (0.05, 0.25),
        3,
        ((AXLE, SIDE_ANY, span("cable_mm", "cable {} mm", 150, 1100, 50)),),
        returnable=0.3,
    ),
    PartType(
        "wiper_blade",
        "Щётка стеклоочистителя",
        "Wiper blade",
        "visibility",
        (300, 2200),
        (0.1, 0.4),
        4,
        (
            (
                spec("design", "{}", "frameless", "framed", "hybrid"),
                span("length_mm", "{} mm", 350, 700, 25),
            ),
        ),
    ),
    PartType(
        "bulb",
        "Лампа галогенная",
        "Halogen bulb",
        "visibility",
        (150, 1200),
        (0.01, 0.05),
        2,
        (
            (
                spec("base", "{}", "H7", "H4", "H1", "H11", "HB3", "HB4"),
                spec("power", "{} W", 55, 60, "60/55"),
                spec("voltage", "{} V", 12),
            ),
        ),
        packs=(1, 2),
    ),
    PartType(
        "shock_front",
        "Амортизатор передний",
        "Shock absorber, front axle",
        "dampers",
        (2500, 14000),
        (2.0, 5.5),
        5,
        ((spec("type", "{}", "gas", "oil", "gas, sport"), SIDE_ANY),),
    ),
    PartType(
        "shock_rear",
        "Амортизатор задний",
        "Shock absorber, rear axle",
        "dampers",
        (2000, 11000),
        (1.5, 4.0),
        5,
        ((spec("type", "{}", "gas", "oil", "gas, sport"), SIDE_ANY),),
    ),
    PartType(
        "strut_mount",
        "Опора амортизатора",
        "Strut mount",
        "dampers",
        (700, 4500),
        (0.4, 1.2),
        3,
        ((AXLE, spec("bearing", "with bearing: {}", *YES_NO)),),
    ),
    PartType(
        "control_arm",
        "Рычаг подвески",
        "Control arm",
        "chassis",
        (1800, 12000),
        (1.5, 5.0),
        4,
        (
            (
                AXLE,
                SIDE,
                spec("position", "{}", "lower", "upper"),
                spec("ball_joint", "with ball joint: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "ball_joint",
        "Шаровая опора",
        "Ball joint",
        "chassis",
        (600, 3500),
        (0.3, 0.9),
        4,
        ((SIDE_ANY, span("cone_mm", "cone {} mm", 16, 22)),),
    ),
    PartType(
        "tie_rod_end",
        "Наконечник рулевой тяги",
        "Tie rod end",
        "chassis",
        (500, 3000),
        (0.3, 0.8),
        4,
        ((SIDE, spec("thread", "{}", "M14x1.5", "M16x1.5", "M12x1.5", "M18x1.5")),),
    ),
    PartType(
        "stabilizer_link",
        "Стойка стабилизатора",
        "Stabilizer link",
        "chassis",
        (350, 2500),
        (0.2, 0.7),
        5,
        ((AXLE, SIDE_ANY, span("length_mm", "L {} mm", 90, 330, 5)),),
    ),
    PartType(
        "arm_bushing",
        "Сайлентблок рычага",
        "Control arm bushing",
        "chassis",
        (250, 1800),
        (0.1, 0.6),
        4,
        ((AXLE, spec("position", "{} of the arm", "front", "rear")),),
    ),
    PartType(
        "wheel_bearing",
        "Подшипник ступицы",
        "Wheel bearing",
        "bearings",
        (1200, 8000),
        (0.4, 2.6),
        4,
        (
            (
                AXLE,
                span("inner_mm", "d {} mm", 30, 45),
                span("outer_mm", "D {} mm", 62, 84),
                span("width_mm", "B {} mm", 30, 45),
            ),
        ),
    ),
    PartType(
        "timing_belt",
        "Ремень ГРМ",
        "Timing belt",
        "belts",
        (800, 4500),
        (0.1, 0.4),
        4,
        ((span("teeth", "{} teeth", 97, 163), span("width_mm", "W {} mm", 17, 32)),),
    ),
    PartType(
        "timing_kit",
        "Комплект ГРМ",
        "Timing belt kit",
        "belts",
        (3000, 16000),
        (0.6, 3.5),
        3,
        (
            (
                span("teeth", "{} teeth", 97, 163),
                spec("water_pump", "with water pump: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "poly_v_belt",
        "Ремень поликлиновой",
        "V-ribbed belt",
        "belts",
        (500, 3000),
        (0.1, 0.4),
        4,
        ((spec("ribs", "{} ribs", 4, 5, 6, 7), span("length_mm", "L {} mm", 700, 2400, 5)),),
    ),
    PartType(
        "tensioner",
        "Ролик натяжной",
        "Tensioner pulley",
        "belts",
        (900, 5000),
        (0.2, 1.0),
        3,
        (
            (
                spec("belt", "{} belt", "timing", "auxiliary"),
                span("diameter_mm", "D {} mm", 55, 80),
            ),
        ),
    ),
    PartType(
        "water_pump",
        "Насос водяной (помпа)",
        "Water pump",
        "cooling",
        (1500, 9000),
        (0.8, 3.0),
        4,
        (
            (
                spec("impeller", "{} impeller", "metal", "plastic"),
                spec("gasket", "gasket included: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "thermostat",
        "Термостат",
        "Thermostat",
        "cooling",
        (600, 5000),
        (0.1, 0.8),
        3,
        (
            (
                spec("opening_c", "opens at {} °C", 80, 82, 83, 87, 88, 89, 92, 105),
                spec("housing", "with housing: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "radiator",
        "Радиатор охлаждения",
        "Engine radiator",
        "cooling",
        (3500, 22000),
        (3.0, 9.0),
        2,
        (
            (
                spec("gearbox", "{} gearbox", "manual", "automatic"),
                span("core_width_mm", "core {} mm", 500, 750, 10),
                span("core_height_mm", "× {} mm", 300, 500, 10),
            ),
        ),
    ),
    PartType(
        "head_gasket",
        "Прокладка ГБЦ",
        "Cylinder head gasket",
        "gaskets",
        (900, 6000),
        (0.2, 0.8),
        2,
        (
            (
                spec("material", "{}", "MLS", "composite"),
                spec("thickness_mm", "T {} mm", 1.0, 1.2, 1.3, 1.45, 1.6),
            ),
        ),
    ),
    PartType(
        "valve_cover_gasket",
        "Прокладка клапанной крышки",
        "Valve cover gasket",
        "gaskets",
        (400, 2500),
        (0.05, 0.3),
        2,
        ((spec("material", "{}", "rubber", "silicone", "cork"),),),
    ),
    PartType(
        "crank_seal",
        "Сальник коленвала",
        "Crankshaft oil seal",
        "gaskets",
        (200, 1500),
        (0.02, 0.2),
        2,
        (
            (
                spec("position", "{}", "front", "rear"),
                span("inner_mm", "d {} mm", 30, 100),
                span("outer_mm", "D {} mm", 42, 120),
                span("width_mm", "B {} mm", 7, 12),
            ),
        ),
    ),
    PartType(
        "clutch_kit",
        "Комплект сцепления",
        "Clutch kit",
        "clutch",
        (5000, 28000),
        (4.5, 11.0),
        3,
        (
            (
                span("diameter_mm", "Ø {} mm", 190, 240, 5),
                span("splines", "{} splines", 20, 24),
                spec("release_bearing", "with release bearing: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "release_bearing",
        "Подшипник выжимной",
        "Clutch release bearing",
        "clutch",
        (1200, 9000),
        (0.3, 1.2),
        2,
        ((spec("design", "{}", "mechanical", "hydraulic (CSC)"),),),
    ),
    PartType(
        "cv_joint",
        "ШРУС наружный",
        "CV joint, wheel side",
        "driveline",
        (2000, 12000),
        (1.5, 3.5),
        3,
        (
            (
                span("outer_teeth", "{} outer teeth", 22, 36),
                span("inner_teeth", "{} inner teeth", 22, 33),
                spec("abs_ring", "ABS ring: {}", *YES_NO),
            ),
        ),
    ),
    PartType(
        "muffler",
        "Глушитель основной",
        "Rear silencer",
        "exhaust",
        (3000, 15000),
        (5.0, 12.0),
        1,
        ((spec("material", "{}", "aluminised steel", "stainless steel"),),),
    ),
    PartType(
        "engine_oil",
        "Масло моторное",
        "Engine oil",
        "fluids",
        (900, 6000),
        (0.9, 4.6),
        3,
        (
            (
                spec("viscosity", "{}", "5W-30", "5W-40", "0W-20", "0W-30", "10W-40"),
                spec("base", "{}", "synthetic", "semi-synthetic"),
                spec("volume_l", "{} L", 1, 4, 5),
                spec(
                    "approval",
                    "{}",
                    "ACEA C3",
                    "API SP",
                    "VW 504.00/507.00",
                    "MB 229.5",
                    "ILSAC GF-6",
                ),
            ),
        ),
    ),
)

PART_TYPES_BY_KEY = {part_type.key: part_type for part_type in PART_TYPES}

# ---------------------------------------------------------------------------------------------
# Brands
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrandSpec:
    name: str
    country: str
    aliases: tuple[str, ...] = ()
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weight: int = 100  # relative number of parts
    original: bool = False  # an original-equipment (vehicle) maker
    tier: float = 1.0  # relative price level
    # Another brand whose numbers this one also uses for the same product (KNECHT is MAHLE's
    # second brand; Russian rubber-goods makers sell under the VAZ number), and how often.
    copies: str = ""
    copy_share: float = 0.0


def every(categories: str, *formats: str) -> dict[str, tuple[str, ...]]:
    """The same formats for each of the space-separated categories or type keys."""
    return {key: formats for key in categories.split()}


def groups(table: dict[str, str], *templates: str) -> dict[str, tuple[str, ...]]:
    """Per-type formats of a maker that puts a group code into its numbers: `{g}` is the code."""
    return {
        key: tuple(template.replace("{g}", code) for template in templates)
        for key, code in table.items()
    }


# Original-equipment makers put the part group into the number; the codes below follow each
# maker's real scheme (VAG 115 = oil filter, Toyota 04152 = oil filter element, …).
VAG_GROUPS = {
    "oil_filter": "115", "air_filter": "129", "cabin_filter": "819", "fuel_filter": "127",
    "pads_front": "698", "pads_rear": "698", "disc_front": "615", "disc_rear": "615",
    "spark_plug": "905", "glow_plug": "963", "ignition_coil": "905", "lambda_sensor": "906",
    "abs_sensor": "927", "wiper_blade": "955", "shock_front": "413", "shock_rear": "513",
    "strut_mount": "412", "control_arm": "407", "ball_joint": "407", "tie_rod_end": "423",
    "stabilizer_link": "411", "arm_bushing": "407", "wheel_bearing": "498",
    "timing_belt": "109", "timing_kit": "198", "poly_v_belt": "260", "tensioner": "109",
    "water_pump": "121", "thermostat": "121", "radiator": "121", "head_gasket": "383",
    "valve_cover_gasket": "103", "crank_seal": "103", "clutch_kit": "141",
    "release_bearing": "141", "cv_joint": "498", "muffler": "253",
}  # fmt: skip
VAG_MODELS = "{03C|03L|04E|04L|06A|06J|06H|059|1K0|1J0|5Q0|3C0|6R0|6Q0|8K0|8E0|4F0|7L6|2K5|5K0}"

TOYOTA_GROUPS = {
    "oil_filter": "{04152|90915}", "air_filter": "17801", "cabin_filter": "87139",
    "fuel_filter": "{23300|23390}", "pads_front": "04465", "pads_rear": "04466",
    "disc_front": "43512", "disc_rear": "42431", "spark_plug": "90919", "glow_plug": "19850",
    "ignition_coil": "90919", "lambda_sensor": "{89465|89467}", "abs_sensor": "{89542|89543}",
    "wiper_blade": "85222", "bulb": "90981", "shock_front": "48510", "shock_rear": "48530",
    "strut_mount": "48609", "control_arm": "48068", "ball_joint": "43330",
    "tie_rod_end": "45046", "stabilizer_link": "48820", "arm_bushing": "48654",
    "wheel_bearing": "90369", "timing_belt": "13568", "poly_v_belt": "90916",
    "tensioner": "13505", "water_pump": "16100", "thermostat": "90916", "radiator": "16400",
    "head_gasket": "11115", "valve_cover_gasket": "11213", "crank_seal": "90311",
    "clutch_kit": "31250", "release_bearing": "31230", "cv_joint": "43460", "muffler": "17430",
    "engine_oil": "08880",
}  # fmt: skip

HYUNDAI_KIA_GROUPS = {
    "oil_filter": "{26300|26320}", "air_filter": "28113", "cabin_filter": "97133",
    "fuel_filter": "31922", "pads_front": "58101", "pads_rear": "58302", "disc_front": "51712",
    "disc_rear": "58411", "spark_plug": "18846", "glow_plug": "36710",
    "ignition_coil": "27300", "lambda_sensor": "39210", "abs_sensor": "95670",
    "wiper_blade": "98350", "bulb": "18647", "shock_front": "54651", "shock_rear": "55311",
    "strut_mount": "54610", "control_arm": "54500", "ball_joint": "51760",
    "tie_rod_end": "56820", "stabilizer_link": "54830", "arm_bushing": "54551",
    "wheel_bearing": "51720", "timing_belt": "24312", "poly_v_belt": "25212",
    "tensioner": "24410", "water_pump": "25100", "thermostat": "25500", "radiator": "25310",
    "head_gasket": "22311", "valve_cover_gasket": "22441", "crank_seal": "21421",
    "clutch_kit": "41100", "release_bearing": "41421", "cv_joint": "49580",
    "muffler": "28710", "engine_oil": "05100",
}  # fmt: skip

NISSAN_GROUPS = {
    "oil_filter": "15208", "air_filter": "16546", "cabin_filter": "27277",
    "fuel_filter": "16400", "pads_front": "{41060|D1060}", "pads_rear": "{44060|D4060}",
    "disc_front": "40206", "disc_rear": "43206", "spark_plug": "22401", "glow_plug": "11065",
    "ignition_coil": "22448", "lambda_sensor": "22693", "abs_sensor": "47910",
    "wiper_blade": "28890", "bulb": "26261", "shock_front": "{54302|E4302}",
    "shock_rear": "{56210|E6210}", "strut_mount": "54320", "control_arm": "54500",
    "ball_joint": "40160", "tie_rod_end": "{48520|D8520}", "stabilizer_link": "54618",
    "arm_bushing": "54560", "wheel_bearing": "40210", "timing_belt": "13028",
    "poly_v_belt": "11720", "tensioner": "11955", "water_pump": "21010",
    "thermostat": "21200", "radiator": "21410", "head_gasket": "11044",
    "valve_cover_gasket": "13270", "crank_seal": "13510", "clutch_kit": "30100",
    "release_bearing": "30502", "cv_joint": "39211", "muffler": "20100", "engine_oil": "KE900",
}  # fmt: skip

HONDA_GROUPS = {
    "oil_filter": "15400", "air_filter": "17220", "cabin_filter": "80292",
    "fuel_filter": "16010", "pads_front": "45022", "pads_rear": "43022",
    "disc_front": "45251", "disc_rear": "42510", "spark_plug": "9807B",
    "ignition_coil": "30520", "lambda_sensor": "36531", "abs_sensor": "57450",
    "wiper_blade": "76620", "bulb": "34901", "shock_front": "51605", "shock_rear": "52610",
    "strut_mount": "51920", "control_arm": "51350", "ball_joint": "51220",
    "tie_rod_end": "53540", "stabilizer_link": "51320", "arm_bushing": "51391",
    "wheel_bearing": "44300", "timing_belt": "14400", "poly_v_belt": "31110",
    "tensioner": "14510", "water_pump": "19200", "thermostat": "19301", "radiator": "19010",
    "head_gasket": "12251", "valve_cover_gasket": "12341", "crank_seal": "91212",
    "clutch_kit": "22200", "release_bearing": "22810", "cv_joint": "44014",
    "muffler": "18030", "engine_oil": "08232",
}  # fmt: skip

BMW_GROUPS = {
    "oil_filter": "11 42", "air_filter": "13 71", "cabin_filter": "64 11", "fuel_filter": "13 32",
    "pads_front": "34 11", "pads_rear": "34 21", "disc_front": "34 11", "disc_rear": "34 21",
    "spark_plug": "12 12", "glow_plug": "12 23", "ignition_coil": "12 13",
    "lambda_sensor": "11 78", "abs_sensor": "34 52", "wiper_blade": "61 61", "bulb": "63 21",
    "shock_front": "31 31", "shock_rear": "33 52", "strut_mount": "31 33",
    "control_arm": "31 12", "ball_joint": "31 10", "tie_rod_end": "32 21",
    "stabilizer_link": "31 35", "arm_bushing": "31 12", "wheel_bearing": "31 22",
    "poly_v_belt": "11 28", "tensioner": "11 28", "water_pump": "11 51", "thermostat": "11 53",
    "radiator": "17 11", "head_gasket": "11 12", "valve_cover_gasket": "11 12",
    "crank_seal": "11 14", "clutch_kit": "21 20", "release_bearing": "21 51",
    "cv_joint": "31 60", "muffler": "18 30", "engine_oil": "83 21",
}  # fmt: skip

MB_GROUPS = {
    "oil_filter": "180", "air_filter": "094", "cabin_filter": "830", "fuel_filter": "092",
    "pads_front": "420", "pads_rear": "420", "disc_front": "421", "disc_rear": "423",
    "spark_plug": "159", "glow_plug": "159", "ignition_coil": "150", "lambda_sensor": "540",
    "abs_sensor": "905", "wiper_blade": "820", "shock_front": "323", "shock_rear": "326",
    "strut_mount": "323", "control_arm": "330", "ball_joint": "333", "tie_rod_end": "460",
    "stabilizer_link": "320", "arm_bushing": "333", "wheel_bearing": "981",
    "poly_v_belt": "993", "tensioner": "200", "water_pump": "200", "thermostat": "200",
    "radiator": "500", "head_gasket": "016", "valve_cover_gasket": "016",
    "crank_seal": "997", "clutch_kit": "250", "release_bearing": "250", "cv_joint": "360",
    "muffler": "490", "engine_oil": "989",
}  # fmt: skip

MAZDA_GROUPS = {
    "oil_filter": "14", "air_filter": "13", "cabin_filter": "61", "fuel_filter": "13",
    "pads_front": "33", "pads_rear": "26", "disc_front": "33", "disc_rear": "26",
    "spark_plug": "18", "ignition_coil": "18", "lambda_sensor": "18", "abs_sensor": "43",
    "wiper_blade": "67", "bulb": "51", "shock_front": "34", "shock_rear": "28",
    "strut_mount": "34", "control_arm": "34", "ball_joint": "34", "tie_rod_end": "32",
    "stabilizer_link": "34", "arm_bushing": "34", "wheel_bearing": "33", "timing_belt": "12",
    "poly_v_belt": "15", "tensioner": "12", "water_pump": "15", "thermostat": "15",
    "radiator": "15", "head_gasket": "10", "valve_cover_gasket": "10", "crank_seal": "11",
    "clutch_kit": "16", "release_bearing": "16", "cv_joint": "25", "muffler": "40",
}  # fmt: skip

SUBARU_GROUPS = {
    "oil_filter": "15208", "air_filter": "16546", "cabin_filter": "72880",
    "fuel_filter": "42072", "pads_front": "26296", "pads_rear": "26696",
    "disc_front": "26300", "disc_rear": "26700", "spark_plug": "22401",
    "ignition_coil": "22433", "lambda_sensor": "22690", "abs_sensor": "27540",
    "wiper_blade": "86542", "shock_front": "20310", "shock_rear": "20365",
    "strut_mount": "20320", "control_arm": "20202", "ball_joint": "20206",
    "tie_rod_end": "34160", "stabilizer_link": "20420", "wheel_bearing": "28016",
    "timing_belt": "13028", "tensioner": "13073", "water_pump": "21111",
    "thermostat": "21210", "radiator": "45111", "head_gasket": "10944",
    "valve_cover_gasket": "13272", "clutch_kit": "30100", "release_bearing": "30502",
    "cv_joint": "28021", "muffler": "44300",
}  # fmt: skip

SUZUKI_GROUPS = {
    "oil_filter": "16510", "air_filter": "13780", "cabin_filter": "95860",
    "fuel_filter": "15410", "pads_front": "55810", "pads_rear": "55800", "disc_front": "55311",
    "spark_plug": "09482", "ignition_coil": "33400", "lambda_sensor": "18213",
    "shock_front": "41602", "shock_rear": "41800", "control_arm": "45200",
    "ball_joint": "45700", "tie_rod_end": "48810", "stabilizer_link": "42420",
    "wheel_bearing": "09262", "timing_belt": "12761", "water_pump": "17400",
    "thermostat": "17670", "radiator": "17700", "clutch_kit": "22400",
    "release_bearing": "23265", "engine_oil": "99000",
}  # fmt: skip

PSA_GROUPS = {
    "oil_filter": "1109", "air_filter": "1444", "cabin_filter": "6447", "fuel_filter": "1906",
    "pads_front": "4254", "pads_rear": "4253", "disc_front": "4249", "disc_rear": "4249",
    "spark_plug": "5960", "glow_plug": "5962", "ignition_coil": "5970",
    "lambda_sensor": "1618", "abs_sensor": "4545", "wiper_blade": "6426", "bulb": "6216",
    "shock_front": "5208", "shock_rear": "5206", "strut_mount": "5038", "control_arm": "3520",
    "ball_joint": "3640", "tie_rod_end": "3817", "stabilizer_link": "5087",
    "arm_bushing": "3523", "wheel_bearing": "3350", "timing_belt": "0816",
    "timing_kit": "0831", "poly_v_belt": "5750", "tensioner": "0829", "water_pump": "1201",
    "thermostat": "1338", "radiator": "1330", "head_gasket": "0209",
    "valve_cover_gasket": "0249", "crank_seal": "0515", "clutch_kit": "2052",
    "release_bearing": "2041", "cv_joint": "3272", "muffler": "1726",
}  # fmt: skip

# The Soviet (and Chinese QC/T) unified scheme: 1012005 is an oil filter whoever makes the car.
UNIFIED_GROUPS = {
    "oil_filter": "1012005", "air_filter": "1109080", "cabin_filter": "8122010",
    "fuel_filter": "1117010", "pads_front": "3501080", "pads_rear": "3502090",
    "disc_front": "3501070", "spark_plug": "3707010", "ignition_coil": "3705010",
    "lambda_sensor": "3850010", "abs_sensor": "3538010", "wiper_blade": "5205900",
    "shock_front": "2905402", "shock_rear": "2915402", "strut_mount": "2902820",
    "control_arm": "2904020", "ball_joint": "2904192", "tie_rod_end": "3414057",
    "stabilizer_link": "2906200", "arm_bushing": "2904040", "wheel_bearing": "3103020",
    "timing_belt": "1006040", "timing_kit": "1006000", "poly_v_belt": "1041020",
    "tensioner": "1006120", "water_pump": "1307010", "thermostat": "1306010",
    "radiator": "1301012", "head_gasket": "1003020", "valve_cover_gasket": "1003270",
    "crank_seal": "1005160", "clutch_kit": "1601000", "release_bearing": "1601180",
    "cv_joint": "2215012", "muffler": "1201010",
}  # fmt: skip
LADA_MODELS = "{2101|2105|2108|2110|2112|2123|2170|2190|1118|11186|21214|8450}"
LADA_FORMATS = groups(UNIFIED_GROUPS, LADA_MODELS + "-{g}{|-10|-01|-02|-20|-30}")

CHERY_MODELS = "{A11|A13|A15|A21|T11|T21|J52|M11|S21|B11|481H|477F}"

ALL_TYPES = "*"

BRANDS: tuple[BrandSpec, ...] = (
    # --- vehicle makers (original numbers) ----------------------------------------------------
    BrandSpec(
        "VAG", "DE",
        ("VW", "VOLKSWAGEN", "AUDI", "SKODA", "ŠKODA", "SEAT", "CUPRA", "Фольксваген",
         "VAG GROUP"),
        {
            **groups(
                VAG_GROUPS,
                VAG_MODELS + "{g}###{|A|B|C|D|E|F|G|H|J|K|AB|AC}",
                VAG_MODELS + " {g} ###{| A| B| C| D| E| AB}",
            ),
            "engine_oil": ("G 052 {195|502|167|183|577|145|564} M{2|4|9}",),
        },
        weight=900, original=True, tier=1.7,
    ),
    BrandSpec(
        "TOYOTA", "JP", ("LEXUS", "TOYOTA/LEXUS", "Тойота"),
        groups(TOYOTA_GROUPS, "{g}-{#####|@@@@#|#@###|##@##|0####}"),
        weight=800, original=True, tier=1.6,
    ),
    BrandSpec(
        "HYUNDAI/KIA", "KR",
        ("HYUNDAI", "KIA", "MOBIS", "HYUNDAI MOBIS", "Хендай", "Хюндай", "Киа"),
        groups(HYUNDAI_KIA_GROUPS, "{g}-{#####|#@###|#@@##|##@##}"),
        weight=800, original=True, tier=1.4,
    ),
    BrandSpec(
        "NISSAN", "JP", ("INFINITI", "Ниссан"),
        groups(NISSAN_GROUPS, "{g}-{@@###|##@#@|#@@#@|@@#@@}"),
        weight=450, original=True, tier=1.6,
    ),
    BrandSpec(
        "HONDA", "JP", ("ACURA", "Хонда"),
        groups(HONDA_GROUPS, "{g}-{@@@|@#@|#@@|@@#}-{@##|###|@#@}"),
        weight=300, original=True, tier=1.7,
    ),
    BrandSpec(
        "FORD", "US", ("MOTORCRAFT", "FORD MOTORCRAFT", "Форд"),
        {ALL_TYPES: ("{1|2}######",)},
        weight=350, original=True, tier=1.5,
    ),
    BrandSpec(
        "GM/OPEL", "DE",
        ("OPEL", "GM", "GENERAL MOTORS", "CHEVROLET", "VAUXHALL", "DAEWOO", "Опель"),
        {ALL_TYPES: ("{93|95|96|13|55|24|25}######", "{56|16|12} ## ###")},
        weight=350, original=True, tier=1.5,
    ),
    BrandSpec(
        "RENAULT", "FR", ("DACIA", "Рено"),
        {ALL_TYPES: ("{82|77|70}00######", "{15|16|27|41|44|54|55|40}#######R")},
        weight=400, original=True, tier=1.5,
    ),
    BrandSpec(
        "PSA", "FR",
        ("PEUGEOT", "CITROEN", "CITROËN", "PEUGEOT/CITROEN", "PSA GROUP", "Пежо", "Ситроен"),
        {**groups(PSA_GROUPS, "{g}.{@@|@#|#@}"), ALL_TYPES: ("{96|98}######80",)},
        weight=300, original=True, tier=1.5,
    ),
    BrandSpec(
        "BMW", "DE", ("MINI", "BMW AG", "БМВ"),
        groups(BMW_GROUPS, "{g} {#|7|8} ### ###"),
        weight=400, original=True, tier=1.8,
    ),
    BrandSpec(
        "MERCEDES-BENZ", "DE", ("MB", "MERCEDES", "DAIMLER", "Мерседес"),
        groups(MB_GROUPS, "A {0|1|2|6|9}## {g} ## ##", "A{0|1|2|6|9}##{g}####"),
        weight=450, original=True, tier=1.9,
    ),
    BrandSpec(
        "MITSUBISHI", "JP", ("Мицубиси",),
        {ALL_TYPES: ("{MD|MR|MN|MZ|MB|MQ}######", "{1|4|6}###@###")},
        weight=300, original=True, tier=1.6,
    ),
    BrandSpec(
        "MAZDA", "JP", ("Мазда",),
        {
            **groups(MAZDA_GROUPS, "{@@##|@###|@@@#}-{g}-{###|##@|#@#|@@#}"),
            "engine_oil": ("0530-{01|04|05}-{####|@@@@}",),
        },
        weight=250, original=True, tier=1.6,
    ),
    BrandSpec(
        "SUBARU", "JP", ("Субару",),
        {
            **groups(SUBARU_GROUPS, "{g}{AA|AG|AJ|FJ|SA|XA}###"),
            "engine_oil": ("SOA868V9###",),
        },
        weight=150, original=True, tier=1.7,
    ),
    BrandSpec(
        "SUZUKI", "JP", ("Сузуки",),
        groups(SUZUKI_GROUPS, "{g}-{##@##|@@###|##@#0}"),
        weight=120, original=True, tier=1.5,
    ),
    BrandSpec(
        "LADA", "RU", ("AVTOVAZ", "АВТОВАЗ", "ВАЗ", "VAZ", "ЛАДА", "LADA (AVTOVAZ)"),
        LADA_FORMATS, weight=400, original=True, tier=0.6,
    ),
    BrandSpec(
        "GAZ", "RU", ("ГАЗ",),
        groups(UNIFIED_GROUPS, "{3302|2705|2217|3110|3221|33104}-{g}{|-10|-01}"),
        weight=120, original=True, tier=0.7,
    ),
    BrandSpec(
        "UAZ", "RU", ("УАЗ",),
        groups(UNIFIED_GROUPS, "{3160|3163|3741|452|469|3151}-{g}{|-10|-01}"),
        weight=80, original=True, tier=0.7,
    ),
    BrandSpec(
        "KAMAZ", "RU", ("КАМАЗ",),
        groups(UNIFIED_GROUPS, "{740|7405|5320|6520}.{g}{|-10|-20}"),
        weight=80, original=True, tier=0.9,
    ),
    BrandSpec(
        "CHERY", "CN", ("ЧЕРИ",),
        groups(UNIFIED_GROUPS, CHERY_MODELS + "-{g}{|BA|AB|10}"),
        weight=120, original=True, tier=1.1,
    ),
    BrandSpec(
        "GEELY", "CN", ("ДЖИЛИ",),
        {ALL_TYPES: ("{10|11|12|14|20|40|80|90}########",)},
        weight=120, original=True, tier=1.1,
    ),
    BrandSpec(
        "HAVAL", "CN", ("GREAT WALL", "GWM", "ХАВАЛ"),
        {
            key: (code[:4] + "{###|1##}X{EG|EC|SZ|KZ|GW|K00}{##|##A}",)
            for key, code in UNIFIED_GROUPS.items()
        },
        weight=100, original=True, tier=1.2,
    ),
    BrandSpec(
        "SSANGYONG", "KR", ("SSANG YONG", "Ссанг Йонг"),
        {ALL_TYPES: ("{17|66|67|48|44|45|41}########",)},
        weight=80, original=True, tier=1.3,
    ),
    BrandSpec(
        "ISUZU", "JP", (), {ALL_TYPES: ("{8|1|5}-########-#",)},
        weight=50, original=True, tier=1.5,
    ),
    BrandSpec(
        "LAND ROVER", "GB", ("JAGUAR LAND ROVER", "JLR", "RANGE ROVER"),
        {ALL_TYPES: ("{LR|SFP|PHE|LRF|SFK}######", "{ESR|RTC|NTC|STC}####")},
        weight=80, original=True, tier=2.0,
    ),
    BrandSpec(
        "VOLVO", "SE", ("Вольво",),
        {ALL_TYPES: ("{30|31|32|86|87}######", "{8|9}######")},
        weight=150, original=True, tier=1.8,
    ),
    BrandSpec(
        "FIAT", "IT", ("FIAT/LANCIA", "LANCIA", "Фиат"),
        {ALL_TYPES: ("{46|55|71|77|51|60|52}######",)},
        weight=100, original=True, tier=1.5,
    ),
    # --- filters ------------------------------------------------------------------------------
    BrandSpec(
        "BOSCH", "DE", ("БОШ", "Бош", "Robert Bosch", "BOSCH GMBH"),
        {
            "oil_filter": ("0 986 452 ###", "0 451 103 ###", "F 026 407 ###"),
            "air_filter": ("1 457 433 ###", "1 987 429 ###", "F 026 400 ###"),
            "cabin_filter": ("1 987 432 ###", "1 987 435 ###", "0 986 BF0 ###"),
            "fuel_filter": ("0 450 906 ###", "1 457 434 ###", "F 026 402 ###"),
            "pads_front": ("0 986 494 ###", "0 986 424 ###"),
            "pads_rear": ("0 986 494 ###", "0 986 424 ###"),
            "disc_front": ("0 986 479 ###", "0 986 478 ###"),
            "disc_rear": ("0 986 479 ###", "0 986 478 ###"),
            "spark_plug": ("0 242 {2|1|0}## ###",),
            "glow_plug": ("0 250 {20|40|60}# ###",),
            "ignition_coil": ("0 221 {50|60}# ###", "0 986 221 ###"),
            "lambda_sensor": ("0 258 0## ###", "0 258 986 ###"),
            "abs_sensor": ("0 265 00# ###",),
            "wiper_blade": ("3 397 {00|01|11|12}# ###",),
            "bulb": ("1 987 302 ###",),
            "timing_belt": ("1 987 949 ###",),
            "timing_kit": ("1 987 946 ###", "1 987 948 ###"),
            "poly_v_belt": ("1 987 947 ###",),
            "water_pump": ("1 987 949 ###", "1 987 946 4##"),
        },
        weight=600, tier=1.05,
    ),
    BrandSpec(
        "MANN-FILTER", "DE", ("MANN", "MANN FILTER", "Манн", "MANN+HUMMEL"),
        {
            "oil_filter": ("W ###/##", "W ###/#", "W ###", "HU ###/# x", "HU #### z",
                           "HU ### x"),
            "air_filter": ("C ## ###", "C ####", "C ## ###/#"),
            "cabin_filter": ("CU ####", "CUK ####", "FP ####"),
            "fuel_filter": ("WK ###/#", "WK ###", "PU ### x", "PU #### z"),
        },
        weight=350, tier=1.1,
    ),
    BrandSpec(
        "MAHLE", "DE", ("MAHLE ORIGINAL", "Мале", "MAHLE BEHR"),
        {
            "oil_filter": ("OC ###", "OC ####", "OX ###D", "OX ###D#"),
            "air_filter": ("LX ####", "LX ###/#", "LX ###"),
            "cabin_filter": ("LA ###", "LAK ###", "LAO ###"),
            "fuel_filter": ("KL ###", "KX ###D", "KL ###/#"),
            "thermostat": ("TX {##|###} {79|80|82|83|87|88|89|92}D", "TI ## {80|83|87|88|92}"),
            "water_pump": ("CP ### 000P",),
            "radiator": ("CR #### 000{S|P}",),
        },
        weight=350, tier=1.1,
    ),
    BrandSpec(
        "KNECHT", "DE", ("Кнехт",),
        {
            "oil_filter": ("OC ###", "OC ####", "OX ###D", "OX ###D#"),
            "air_filter": ("LX ####", "LX ###/#", "LX ###"),
            "cabin_filter": ("LA ###", "LAK ###", "LAO ###"),
            "fuel_filter": ("KL ###", "KX ###D", "KL ###/#"),
        },
        weight=250, tier=1.0, copies="MAHLE", copy_share=0.6,
    ),
    BrandSpec(
        "FILTRON", "PL", ("Фильтрон",),
        {
            "oil_filter": ("OP ###", "OP ###/#", "OE ###/#", "OE ###"),
            "air_filter": ("AP ###", "AP ###/#", "AR ###", "AM ###"),
            "cabin_filter": ("K ####", "K ####A", "K ####-2x"),
            "fuel_filter": ("PP ###", "PP ###/#", "PE ###/#", "PS ###"),
        },
        weight=250, tier=0.8,
    ),
    BrandSpec(
        "HENGST", "DE", ("HENGST FILTER",),
        {
            "oil_filter": ("H##W##", "E###H D###", "E##H D###", "H###W"),
            "air_filter": ("E###L", "E####L"),
            "cabin_filter": ("E###LI", "E###LC", "E####LI"),
            "fuel_filter": ("H###WK", "E###KP D###", "H##WK##"),
        },
        weight=180, tier=1.0,
    ),
    BrandSpec(
        "UFI", "IT", (),
        {
            "oil_filter": ("23.###.00", "25.###.00"),
            "air_filter": ("27.###.00", "30.###.00"),
            "cabin_filter": ("53.###.00", "54.###.00"),
            "fuel_filter": ("24.###.00", "26.###.00", "31.###.00"),
        },
        weight=150, tier=0.9,
    ),
    BrandSpec(
        "BIG FILTER", "RU", ("BIG", "БИГ ФИЛЬТР"),
        every("filters", "GB-####", "GB-####{BK|PL|C}"), weight=100, tier=0.55,
    ),
    BrandSpec(
        "SAKURA", "ID", ("SAKURA FILTER",),
        {
            "oil_filter": ("C-####",),
            "air_filter": ("A-####",),
            "cabin_filter": ("CA-####", "CAC-####"),
            "fuel_filter": ("FS-####", "F-####"),
        },
        weight=120, tier=0.7,
    ),
    BrandSpec(
        "TSN", "RU", ("ЦИТРОН",), every("filters", "9.{1|2|3|4}.{##|###}"), weight=80, tier=0.5,
    ),
    # --- ignition and electrics ---------------------------------------------------------------
    BrandSpec(
        "NGK", "JP", ("NGK SPARK PLUG", "НГК"),
        {
            "spark_plug": (
                "{B|BK|BKR|BCPR|LFR|ZFR|IFR|PFR|DCPR|LKR|BPR|BKUR}{5|6|7|8}"
                "{E|EY|ES|EIX|IX|P|E-11|EY-11|EIX-11|IX-11|E-13}",
            ),
            "glow_plug": ("{Y|CZ}-{###|####}{|J|R|AS|E}",),
            "ignition_coil": ("U{5|2|1}###",),
            "lambda_sensor": ("{OZA|OTA|OSA}###-{@@#|@#}",),
        },
        weight=250, tier=1.0,
    ),
    BrandSpec(
        "DENSO", "JP", ("NIPPONDENSO", "Денсо"),
        {
            "spark_plug": (
                "{K|Q|W|IK|IKH|SK|VK|XU|PK|FK|VXU}{16|20|22|16R|20R|20PR|22PR}"
                "{TT|U|U11|-U|-U11|TR|}",
            ),
            "glow_plug": ("DG-###",),
            "ignition_coil": ("DIC-0###",),
            "lambda_sensor": ("DOX-{0|1}###",),
            "wiper_blade": ("{DF|DU|DM}-###",),
            "radiator": ("DRM{05|09|20|50}###",),
            "cabin_filter": ("DCF###{K|P}",),
        },
        weight=250, tier=1.05,
    ),
    BrandSpec(
        "BERU", "DE", ("BERU BY DRIV", "Беру"),
        {
            "glow_plug": ("{GV|GN|GE|GH}###",),
            "spark_plug": ("{Z|UXT|UPT}###", "{14|12}{F|FR|FGR}-{5|6|7|8}{DU|DTU|KUR}"),
            "ignition_coil": ("ZSE###",),
        },
        weight=120, tier=0.95,
    ),
    BrandSpec(
        "CHAMPION", "US", (),
        {"spark_plug": ("{RN|RC|RA}{7|8|9|10|12}{YCC|YC|DMC|YP|YC4}", "OE###/T10")},
        weight=60, tier=0.8,
    ),
    BrandSpec(
        "HELLA", "DE", ("Хелла", "BEHR HELLA SERVICE"),
        {
            "bulb": ("8GH 002 090-1##", "8GH 178 560-###"),
            "abs_sensor": ("6PU 009 1##-###",),
            "wiper_blade": ("9XW 178 878-###",),
            "ignition_coil": ("5DA 749 ###-###",),
            "radiator": ("8MK 376 ###-###",),
            "water_pump": ("8MP 376 ###-###",),
            "thermostat": ("8MT 354 ###-###",),
        },
        weight=150, tier=1.0,
    ),
    BrandSpec(
        "PIERBURG", "DE", (),
        {
            "water_pump": ("7.#####.##.0",),
            "thermostat": ("7.#####.##.0",),
            "lambda_sensor": ("7.#####.##.0",),
        },
        weight=60, tier=1.1,
    ),
    BrandSpec(
        "VEMO", "DE", (),
        every("sensors ignition cooling visibility", "V##-##-####", "V##-##-####-1"),
        weight=180, tier=0.85,
    ),
    # --- brakes -------------------------------------------------------------------------------
    BrandSpec(
        "TRW", "US", ("TRW AUTOMOTIVE", "ZF TRW"),
        {
            "pads_front": ("GDB####",),
            "pads_rear": ("GDB####",),
            "disc_front": ("DF####{|S}",),
            "disc_rear": ("DF####{|S}",),
            "ball_joint": ("JBJ###",),
            "tie_rod_end": ("JTE####",),
            "control_arm": ("JTC####",),
            "stabilizer_link": ("JTS###",),
            "shock_front": ("JGM####{S|T}",),
            "shock_rear": ("JGM####{S|T}",),
        },
        weight=350, tier=1.0,
    ),
    BrandSpec(
        "BREMBO", "IT", ("Брембо",),
        {
            "pads_front": ("P {06|23|30|50|56|59|61|65|78|83|85} ###{|X}",),
            "pads_rear": ("P {06|23|30|50|56|59|61|65|78|83|85} ###{|X}",),
            "disc_front": ("{08|09|14}.{@|#}###.{10|11|14|20|21|24}",),
            "disc_rear": ("{08|09|14}.{@|#}###.{10|11|14|20|21|24}",),
        },
        weight=200, tier=1.3,
    ),
    BrandSpec(
        "ATE", "DE", ("АТЕ",),
        {
            "pads_front": ("13.0460-####.2",),
            "pads_rear": ("13.0460-####.2",),
            "disc_front": ("24.01{1|2|3}#-0###.1",),
            "disc_rear": ("24.01{1|2|3}#-0###.1",),
            "abs_sensor": ("24.0711-####.3",),
        },
        weight=180, tier=1.1,
    ),
    BrandSpec(
        "TEXTAR", "DE", (),
        {
            "pads_front": ("2{3|4|5}###0{1|2}",),
            "pads_rear": ("2{3|4|5}###0{1|2}",),
            "disc_front": ("92######",),
            "disc_rear": ("92######",),
        },
        weight=180, tier=1.1,
    ),
    BrandSpec(
        "FERODO", "GB", (),
        {
            "pads_front": ("FDB####",),
            "pads_rear": ("FDB####",),
            "disc_front": ("DDF####{|C}",),
            "disc_rear": ("DDF####{|C}",),
        },
        weight=120, tier=1.0,
    ),
    BrandSpec(
        "JURID", "DE", (),
        {"pads_front": ("57####J",), "pads_rear": ("57####J",), "disc_front": ("56####J",)},
        weight=80, tier=1.0,
    ),
    BrandSpec(
        "ZIMMERMANN", "DE", (),
        {
            "disc_front": ("###.####.{20|50|52|70}",),
            "disc_rear": ("###.####.{20|50|52|70}",),
            "pads_front": ("2####.###.#",),
        },
        weight=120, tier=1.15,
    ),
    BrandSpec(
        "AKEBONO", "JP", (),
        {"pads_front": ("AN-###{WK|K}",), "pads_rear": ("AN-###{WK|K}",)},
        weight=70, tier=1.2,
    ),
    BrandSpec(
        "NISSHINBO", "JP", (),
        {
            "pads_front": ("{PF|NP}-####",),
            "pads_rear": ("{PF|NP}-####",),
            "disc_front": ("ND####",),
        },
        weight=70, tier=1.0,
    ),
    BrandSpec(
        "SANGSIN BRAKE", "KR", ("SANGSIN", "HI-Q", "Сангсин"),
        {
            "pads_front": ("SP####",),
            "pads_rear": ("SP####",),
            "disc_front": ("SD####",),
            "disc_rear": ("SD####",),
        },
        weight=100, tier=0.8,
    ),
    BrandSpec(
        "MINTEX", "GB", (),
        {"pads_front": ("MDB####",), "pads_rear": ("MDB####",), "disc_front": ("MDC####",)},
        weight=70, tier=0.95,
    ),
    BrandSpec(
        "METELLI", "IT", (),
        {"pads_front": ("22-####-0",), "pads_rear": ("22-####-0",), "disc_front": ("23-####",)},
        weight=60, tier=0.85,
    ),
    # --- suspension and steering --------------------------------------------------------------
    BrandSpec(
        "LEMFORDER", "DE", ("LEMFÖRDER", "LEMFOERDER", "ZF LEMFORDER", "Лемфордер"),
        every("chassis strut_mount", "{1|2|3|4}#### 0{1|2}"),
        weight=300, tier=1.2,
    ),
    BrandSpec(
        "SACHS", "DE", ("ZF SACHS", "Сакс"),
        {
            "shock_front": ("3{1|0|2}# ###", "{23|29|55|17}# ###"),
            "shock_rear": ("3{1|0|2}# ###", "{23|29|55|17}# ###"),
            "strut_mount": ("802 ###",),
            "clutch_kit": ("3000 {95|97|99}# ###",),
            "release_bearing": ("{3151|3182} ### ###",),
        },
        weight=200, tier=1.15,
    ),
    BrandSpec(
        "KYB", "JP", ("KAYABA", "Каяба"),
        {
            "shock_front": ("{33|34|55|63|74|93}####",),
            "shock_rear": ("{33|34|55|63|74|93}####",),
            "strut_mount": ("SM{5|9}###",),
        },
        weight=250, tier=1.0,
    ),
    BrandSpec(
        "MONROE", "US", (),
        {
            "shock_front": ("{G|E|V|C}####",),
            "shock_rear": ("{G|E|V|C}####",),
            "strut_mount": ("MK###",),
        },
        weight=150, tier=1.0,
    ),
    BrandSpec(
        "BILSTEIN", "DE", ("Бильштайн",),
        {"shock_front": ("{19|22|24|33}-######",), "shock_rear": ("{19|22|24|33}-######",)},
        weight=100, tier=1.5,
    ),
    BrandSpec(
        "BOGE", "DE", (),
        {
            "shock_front": ("{27|30|32|36}-{@##|###}-{@|#}",),
            "shock_rear": ("{27|30|32|36}-{@##|###}-{@|#}",),
            "strut_mount": ("88-###-@",),
        },
        weight=70, tier=1.0,
    ),
    BrandSpec(
        "MOOG", "US", (),
        every("chassis", "{VO|FI|FD|TO|HY|NI|RE|PE|BM|ME|OP}-{LS|ES|TC|WP|DS}-####"),
        weight=150, tier=1.0,
    ),
    BrandSpec(
        "CTR", "KR", ("CTR KOREA",),
        {
            "ball_joint": ("CB{KH|KK|T|N|HO|M|KD}-{##|###}",),
            "tie_rod_end": ("CE{KH|KK|T|N|HO|M|KD}-{##|###}",),
            "stabilizer_link": ("CL{KH|KK|T|N|HO|M|KD}-{##|###}",),
            "arm_bushing": ("CV{KH|KK|T|N|HO|M|KD}-{##|###}",),
            "control_arm": ("CQ{KH|KK|T|N|HO|M|KD}-{##|###}",),
        },
        weight=150, tier=0.8,
    ),
    BrandSpec(
        "QUINTON HAZELL", "GB", ("QH",),
        {
            "ball_joint": ("QSJ####S",),
            "tie_rod_end": ("QR####S",),
            "stabilizer_link": ("QLS####S",),
            "control_arm": ("QSA####S",),
            "pads_front": ("BP####",),
            "disc_front": ("BDC####",),
            "water_pump": ("QCP####",),
            "thermostat": ("QTH###K",),
        },
        weight=100, tier=0.85,
    ),
    BrandSpec(
        "RUVILLE", "DE", (),
        every("chassis bearings belts dampers", "{8|9|5}#####"), weight=120, tier=1.0,
    ),
    BrandSpec(
        "TOPRAN", "DE", (),
        every("chassis gaskets cooling dampers", "{10|11|20|30|40|50|60|70|82}# ###"),
        weight=120, tier=0.85,
    ),
    BrandSpec(
        "OPTIMAL", "DE", (),
        {**every("chassis", "G{1|2|3|6|8}-###"), "wheel_bearing": ("{10|20|30|40|50|60|70}####",)},
        weight=100, tier=0.9,
    ),
    # --- belts, bearings, clutches ------------------------------------------------------------
    BrandSpec(
        "GATES", "US", ("Гейтс",),
        {
            "timing_belt": ("5###{|XS}",),
            "timing_kit": ("K0{1|2|3|4|5}####{|XS}",),
            "poly_v_belt": ("{4|5|6|7}PK####",),
            "tensioner": ("T4####",),
            "water_pump": ("WP0###",),
        },
        weight=250, tier=1.05,
    ),
    BrandSpec(
        "CONTITECH", "DE", ("CONTINENTAL CONTITECH",),
        {
            "timing_belt": ("CT ####",),
            "timing_kit": ("CT####K{1|2|3}", "CT####WP{1|2|3}"),
            "poly_v_belt": ("{4|5|6|7}PK####",),
        },
        weight=200, tier=1.05,
    ),
    BrandSpec(
        "DAYCO", "IT", (),
        {
            "timing_belt": ("94###",),
            "timing_kit": ("KTB###",),
            "poly_v_belt": ("{4|5|6|7}PK####",),
            "tensioner": ("ATB####",),
        },
        weight=150, tier=1.0,
    ),
    BrandSpec(
        "INA", "DE", (),
        {
            "tensioner": ("53{1|2|3} 0### {10|20|30}",),
            "timing_kit": ("530 0### {10|30}",),
            "water_pump": ("538 0### 10",),
        },
        weight=150, tier=1.15,
    ),
    BrandSpec(
        "LUK", "DE", ("LuK",),
        {
            "clutch_kit": ("6{2|1|0}# #### 0{0|9}",),
            "release_bearing": ("500 0### 10", "510 0### 10"),
        },
        weight=150, tier=1.15,
    ),
    BrandSpec(
        "VALEO", "FR", ("Валео",),
        {
            "clutch_kit": ("8#####",),
            "release_bearing": ("804###",),
            "wiper_blade": ("57####", "VF###"),
            "thermostat": ("820###",),
            "water_pump": ("506###",),
            "radiator": ("73####",),
            "bulb": ("032###",),
        },
        weight=200, tier=1.05,
    ),
    BrandSpec(
        "EXEDY", "JP", (),
        {"clutch_kit": ("{TYK|NSK|MBK|HCK|FJK|DHK|MZK}2###",), "release_bearing": ("BRG###",)},
        weight=100, tier=1.0,
    ),
    BrandSpec(
        "AISIN", "JP", (),
        {
            "water_pump": ("{WPT|WPZ|WPN|WPY|WPH|WPS|WPM|WPV}-###{|V}",),
            "clutch_kit": ("{CKT|KT|KN|KM}-###{|A}",),
            "release_bearing": ("BT-###",),
            "timing_kit": ("TKT-###",),
        },
        weight=120, tier=1.1,
    ),
    BrandSpec(
        "SKF", "SE", (),
        {
            "wheel_bearing": ("VKBA ####",),
            "timing_kit": ("VKMA #####", "VKMC #####"),
            "water_pump": ("VKPC #####",),
            "tensioner": ("VKM #####",),
            "cv_joint": ("VKJA ####",),
        },
        weight=200, tier=1.1,
    ),
    BrandSpec(
        "SNR", "FR", ("NTN-SNR",),
        {
            "wheel_bearing": ("R###.##",),
            "timing_kit": ("KD###.##",),
            "tensioner": ("GT###.##",),
        },
        weight=120, tier=1.0,
    ),
    BrandSpec(
        "KOYO", "JP", (), {"wheel_bearing": ("DAC#####{|W|2RS}",)}, weight=60, tier=1.0,
    ),
    BrandSpec(
        "GKN", "GB", ("SPIDAN", "GKN SPIDAN", "LOEBRO", "LÖBRO"),
        {"cv_joint": ("{20|21|22|23|24|25|30|36}###",)},
        weight=80, tier=1.1,
    ),
    # --- gaskets, cooling, exhaust ------------------------------------------------------------
    BrandSpec(
        "ELRING", "DE", ("Эльринг",), every("gaskets", "###.###"), weight=120, tier=1.05,
    ),
    BrandSpec(
        "VICTOR REINZ", "DE", ("REINZ",),
        every("gaskets", "{61|70|71|15|02|81}-#####-##"), weight=100, tier=1.05,
    ),
    BrandSpec(
        "CORTECO", "DE", (),
        {"crank_seal": ("{12|19|20|40|44|80}######",), "valve_cover_gasket": ("0{2|4}####P",),
         "strut_mount": ("80######",), "arm_bushing": ("80######",)},
        weight=100, tier=1.0,
    ),
    BrandSpec(
        "NISSENS", "DK", (), {"radiator": ("6####",), "thermostat": ("#####",)}, weight=70,
    ),
    BrandSpec(
        "LUZAR", "RU", ("ЛУЗАР",),
        {"radiator": ("LRc {01|08|11}##",), "water_pump": ("LWP 0###",),
         "thermostat": ("LT 0###",)},
        weight=70, tier=0.6,
    ),
    BrandSpec(
        "BOSAL", "BE", (), {"muffler": ("###-###",)}, weight=60, tier=0.9,
    ),
    BrandSpec(
        "WALKER", "US", (), {"muffler": ("#####",)}, weight=50, tier=1.0,
    ),
    # --- wide-range aftermarket ---------------------------------------------------------------
    BrandSpec(
        "FEBI BILSTEIN", "DE", ("FEBI", "Феби"),
        every(
            "filters brakes ignition sensors visibility strut_mount chassis bearings belts "
            "cooling gaskets clutch driveline",
            "#####", "1#####",
        ),
        weight=700, tier=0.95,
    ),
    BrandSpec(
        "SWAG", "DE", ("Сваг",),
        every(
            "filters brakes ignition sensors strut_mount chassis bearings belts cooling gaskets",
            "{10|20|30|32|40|50|60|62|70|80|81|82|83|84|85|86|88|89|90|91|99}"
            " {90|91|92|93|94} ####",
        ),
        weight=350, tier=0.85,
    ),
    BrandSpec(
        "MEYLE", "DE", ("Мейле",),
        every(
            "chassis brakes filters cooling strut_mount bearings gaskets",
            "{100|114|214|300|314|614|714|814|11-16|16-14|28-16|31-16|37-16} ### ####{|/HD|/PD}",
        ),
        weight=400, tier=0.9,
    ),
    BrandSpec(
        "DELPHI", "GB", (),
        {
            "pads_front": ("LP####",),
            "pads_rear": ("LP####",),
            "disc_front": ("BG####{|C}",),
            "disc_rear": ("BG####{|C}",),
            "ball_joint": ("TC####",),
            "tie_rod_end": ("TA####",),
            "lambda_sensor": ("ES#####-12B1",),
            "ignition_coil": ("GN#####-12B1",),
            "glow_plug": ("HDS###",),
            "fuel_filter": ("HDF###",),
        },
        weight=200, tier=1.0,
    ),
    BrandSpec(
        "HERTH+BUSS JAKOPARTS", "DE", ("JAKOPARTS", "HERTH+BUSS", "HERTH BUSS JAKOPARTS"),
        every("filters brakes chassis ignition sensors belts cooling", "J1######"),
        weight=300, tier=0.85,
    ),
    BrandSpec(
        "BLUE PRINT", "GB", ("Блю Принт",),
        every(
            "filters brakes chassis ignition sensors belts cooling dampers clutch gaskets "
            "bearings",
            "AD{T|G|N|H|C|M|S|K|V|B|F|W|J|P|R}#####",
        ),
        weight=400, tier=0.9,
    ),
    BrandSpec(
        "JAPANPARTS", "IT", ("JAPAN PARTS",),
        {
            "oil_filter": ("FO-###S",),
            "air_filter": ("FA-###S",),
            "cabin_filter": ("FAA-###",),
            "fuel_filter": ("FC-###S",),
            "pads_front": ("PA-###AF",),
            "pads_rear": ("PP-###AF",),
            "disc_front": ("DI-###",),
            "disc_rear": ("DP-###",),
            "shock_front": ("MM-#####",),
            "shock_rear": ("MM-#####",),
            "timing_belt": ("DD-###",),
            "timing_kit": ("KJT###",),
            "ball_joint": ("BJ-###",),
            "tie_rod_end": ("TI-###{|L|R}",),
            "stabilizer_link": ("SI-###{|L|R}",),
            "ignition_coil": ("BO-###",),
            "water_pump": ("PQ-###",),
        },
        weight=300, tier=0.8,
    ),
    BrandSpec(
        "ASHIKA", "IT", (),
        every(
            "filters brakes dampers chassis ignition belts cooling",
            "{10|20|21|30|50|51|60|61|MA|40|11|16|33|35}-##-###",
        ),
        weight=250, tier=0.75,
    ),
    BrandSpec(
        "NIPPARTS", "NL", (),
        every("filters brakes chassis dampers ignition", "{J|N}{13|33|36|48|43|47|49|10}#####"),
        weight=150, tier=0.8,
    ),
    BrandSpec(
        "VAICO", "DE", (),
        every("filters chassis cooling gaskets belts strut_mount", "V##-####", "V##-#####"),
        weight=200, tier=0.8,
    ),
    BrandSpec(
        "STELLOX", "DE", (),
        every("filters brakes chassis dampers", "{20|32|46|51|85|87|89} {0|1}####-SX"),
        weight=150, tier=0.65,
    ),
    BrandSpec(
        "KAMOKA", "PL", (),
        {**every("filters", "F######"), **every("brakes", "JQ#######", "{1|2}#####")},
        weight=100, tier=0.7,
    ),
    BrandSpec(
        "DENCKERMANN", "PL", (),
        {**every("filters", "A{1|2|3}#####"), **every("brakes", "B######")},
        weight=80, tier=0.65,
    ),
    BrandSpec(
        "FENOX", "BY", ("ФЕНОКС",),
        {
            **every("brakes", "BP#####", "TB#####"),
            **every("dampers", "A{61|62|22}###"),
            **every("chassis", "{BJ|SP|SL}#####"),
            **every("cooling", "{RC|WP|TS}#####"),
        },
        weight=120, tier=0.6,
    ),
    BrandSpec(
        "TRIALLI", "RU", ("ТРИАЛЛИ",),
        {
            "cabin_filter": ("CF {0|1|2}###",),
            "radiator": ("RR {0|1|2}###",),
            "water_pump": ("WP {0|1}###",),
            "thermostat": ("EC {0|1}###",),
        },
        weight=80, tier=0.6,
    ),
    BrandSpec(
        "LYNXAUTO", "JP", ("LYNX",),
        {
            **every("filters", "{LC|LA|LAC|LF}-####"),
            **every("brakes", "{BD|BR|BP}-####"),
            **every("dampers", "G#####"),
            **every("chassis", "{C|L|BJ}-####"),
        },
        weight=120, tier=0.7,
    ),
    BrandSpec(
        "MASUMA", "JP", (),
        {
            **every("filters", "{MFC|MFA|MC|MFF}-###"),
            **every("brakes", "{MS|BD|BP}-####"),
            **every("chassis", "{MR|MB|ML}-####"),
        },
        weight=120, tier=0.7,
    ),
    BrandSpec(
        "PARTS-MALL", "KR", ("PMC", "PARTS MALL"),
        {
            **every("filters", "P{BA|BB|BC|BF}-{0##|###}"),
            **every("brakes", "P{KA|KB|RA|RB}-{0##|###}"),
            **every("chassis", "P{XC|XE|XD}{A|B}-{0##|###}"),
        },
        weight=150, tier=0.75,
    ),
    BrandSpec(
        "MANDO", "KR", (),
        {**every("brakes", "{MPH|MPK|MPA|MBF}##{|#}"), **every("dampers", "EX########")},
        weight=100, tier=0.9,
    ),
    # --- Russian makers that sell under the VAZ number ----------------------------------------
    BrandSpec(
        "BRT", "RU", ("БРТ", "БАЛАКОВОРЕЗИНОТЕХНИКА"),
        {key: LADA_FORMATS[key] for key in ("arm_bushing", "crank_seal", "strut_mount",
                                             "valve_cover_gasket", "stabilizer_link")},
        weight=60, tier=0.5, copies="LADA", copy_share=0.8,
    ),
    BrandSpec(
        "DAAZ", "RU", ("ДААЗ",),
        {key: LADA_FORMATS[key] for key in ("thermostat", "water_pump", "fuel_filter")},
        weight=40, tier=0.5, copies="LADA", copy_share=0.8,
    ),
    # --- oils: MANNOL is not MANN-FILTER ------------------------------------------------------
    BrandSpec(
        "MANNOL", "DE", ("Маннол", "SCT-MANNOL"),
        {"engine_oil": ("MN####-{1|4|5|60}",)}, weight=60, tier=0.6,
    ),
    BrandSpec(
        "LIQUI MOLY", "DE", ("Ликви Моли",), {"engine_oil": ("{1|2|3|7|8|9}###",)}, weight=60,
        tier=1.3,
    ),
    BrandSpec("MOTUL", "FR", ("Мотюль",), {"engine_oil": ("1{0|1}####",)}, weight=50, tier=1.3),
    BrandSpec(
        "CASTROL", "GB", ("Кастрол",), {"engine_oil": ("15{@|#}{@|#}{@|#}{@|#}",)}, weight=50,
    ),
    BrandSpec("SHELL", "GB", ("Шелл",), {"engine_oil": ("550######",)}, weight=50),
    BrandSpec("MOBIL", "US", ("MOBIL 1",), {"engine_oil": ("15####",)}, weight=50),
    BrandSpec("ZIC", "KR", ("SK ZIC",), {"engine_oil": ("{16|17}####",)}, weight=40, tier=0.8),
    BrandSpec("LUKOIL", "RU", ("ЛУКОЙЛ",), {"engine_oil": ("{1|3}######",)}, weight=50, tier=0.6),
    BrandSpec(
        "ROSNEFT", "RU", ("РОСНЕФТЬ",), {"engine_oil": ("40{7|8}######",)}, weight=40, tier=0.55,
    ),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Suppliers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarehouseSpec:
    name: str
    city: str
    extra_days: int  # on top of the supplier's declared delivery days


@dataclass(frozen=True)
class SupplierSpec:
    code: str
    name: str
    currency: str
    delivery_days: int
    reliability_percent: int
    markup_percent: Decimal
    share: int  # relative share of the offers
    price_level: float  # how its purchase prices compare, in roubles
    spread_days: tuple[int, ...]  # the width of the delivery range of an offer
    warehouses: tuple[WarehouseSpec, ...]


SUPPLIERS: tuple[SupplierSpec, ...] = (
    SupplierSpec(
        "avtoline", "Автолайн", "RUB", 1, 97, Decimal("25"), 35, 1.0, (0, 0, 1),
        (
            WarehouseSpec("Москва, Южный порт", "Москва", 0),
            WarehouseSpec("Подольск", "Подольск", 1),
        ),
    ),
    SupplierSpec(
        "sibdetal", "СибДеталь", "RUB", 3, 93, Decimal("22"), 25, 0.95, (0, 1, 2),
        (
            WarehouseSpec("Новосибирск", "Новосибирск", 0),
            WarehouseSpec("Екатеринбург", "Екатеринбург", 1),
            WarehouseSpec("Казань", "Казань", 2),
        ),
    ),
    SupplierSpec(
        "euroteile", "Euro Teile GmbH", "EUR", 10, 88, Decimal("35"), 15, 0.85, (2, 3, 5),
        (WarehouseSpec("Lager Hamburg", "Гамбург", 0),),
    ),
    SupplierSpec(
        "gulfparts", "Gulf Parts FZE", "USD", 14, 82, Decimal("30"), 10, 0.8, (3, 5, 7),
        (
            WarehouseSpec("Jebel Ali", "Дубай", 0),
            WarehouseSpec("Sharjah", "Шарджа", 1),
        ),
    ),
    SupplierSpec(
        "guangzhou", "Guangzhou Auto Parts Co.", "CNY", 21, 75, Decimal("40"), 15, 0.7,
        (5, 7, 10),
        (
            WarehouseSpec("Guangzhou", "Гуанчжоу", 0),
            WarehouseSpec("Urumqi", "Урумчи", 4),
        ),
    ),
)  # fmt: skip

# Roubles for one unit of each supplier currency, from RATES_VALID_FROM on.
RATES_VALID_FROM = (2026, 1, 1)
EXCHANGE_RATES = {
    "EUR": Decimal("93.450000"),
    "USD": Decimal("81.200000"),
    "CNY": Decimal("11.280000"),
}

# ---------------------------------------------------------------------------------------------
# Anchors: the well-known entries that tests, the browser test and the README rely on
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    key: str
    brand: str
    number: str
    type: str  # a key of PART_TYPES_BY_KEY; the part is named after it
    description: str
    attributes: dict
    weight_kg: str
    original: bool = False  # the vehicle maker's own (OE) number
    offer_suppliers: tuple[str, ...] = ()  # supplier codes; at least three


DEMO_ANCHORS: tuple[Anchor, ...] = (
    Anchor(
        "knecht_oc90", "KNECHT", "OC 90", "oil_filter",
        "Oil filter; spin-on; 3/4-16 UNF; H 101 mm; D 76 mm",
        {"design": "spin-on", "thread": "3/4-16 UNF", "height_mm": 101, "diameter_mm": 76},
        "0.330", offer_suppliers=("avtoline", "sibdetal", "euroteile", "guangzhou"),
    ),
    Anchor(
        "mahle_oc90", "MAHLE", "OC 90", "oil_filter",
        "Oil filter; spin-on; 3/4-16 UNF; H 101 mm; D 76 mm",
        {"design": "spin-on", "thread": "3/4-16 UNF", "height_mm": 101, "diameter_mm": 76},
        "0.330", offer_suppliers=("avtoline", "euroteile", "gulfparts"),
    ),
    Anchor(
        "mann_w712_75", "MANN-FILTER", "W 712/75", "oil_filter",
        "Oil filter; spin-on; 3/4-16 UNF; H 79 mm; D 76 mm",
        {"design": "spin-on", "thread": "3/4-16 UNF", "height_mm": 79, "diameter_mm": 76},
        "0.280", offer_suppliers=("avtoline", "sibdetal", "euroteile", "gulfparts", "guangzhou"),
    ),
    Anchor(
        "vag_06a115561b", "VAG", "06A115561B", "oil_filter",
        "Oil filter; spin-on; 3/4-16 UNF; H 101 mm; D 76 mm",
        {"design": "spin-on", "thread": "3/4-16 UNF", "height_mm": 101, "diameter_mm": 76},
        "0.340", original=True, offer_suppliers=("avtoline", "sibdetal", "euroteile"),
    ),
    Anchor(
        "vag_06a115561c", "VAG", "06A115561C", "oil_filter",
        "Oil filter; spin-on; 3/4-16 UNF; H 101 mm; D 76 mm; supersedes 06A115561B",
        {"design": "spin-on", "thread": "3/4-16 UNF", "height_mm": 101, "diameter_mm": 76},
        "0.340", original=True, offer_suppliers=("avtoline", "euroteile", "guangzhou"),
    ),
    Anchor(
        "bosch_0986452041", "BOSCH", "0 986 452 041", "oil_filter",
        "Oil filter; spin-on; 3/4-16 UNF; H 101 mm; D 76 mm",
        {"design": "spin-on", "thread": "3/4-16 UNF", "height_mm": 101, "diameter_mm": 76},
        "0.320", offer_suppliers=("avtoline", "sibdetal", "gulfparts", "guangzhou"),
    ),
    Anchor(
        "toyota_04152yzza1", "TOYOTA", "04152-YZZA1", "oil_filter",
        "Oil filter; cartridge; H 68 mm; D 64 mm; gaskets: 1",
        {"design": "cartridge", "height_mm": 68, "diameter_mm": 64, "gaskets": 1},
        "0.060", original=True, offer_suppliers=("avtoline", "sibdetal", "gulfparts"),
    ),
    Anchor(
        "ngk_bkr6e11", "NGK", "BKR6E-11", "spark_plug",
        "Spark plug; M14x1.25; reach 19 mm; hex 16 mm; nickel; gap 1.1 mm",
        {"thread": "M14x1.25", "reach_mm": 19, "hex_mm": 16, "electrode": "nickel",
         "gap_mm": 1.1},
        "0.045", offer_suppliers=("avtoline", "sibdetal", "euroteile", "guangzhou"),
    ),
)  # fmt: skip

# (part, analog, kind, source): stored from both sides, as `cross_reference_add` does.
DEMO_ANCHOR_LINKS: tuple[tuple[str, str, CrossKind, CrossSource], ...] = (
    ("knecht_oc90", "vag_06a115561b", CrossKind.ORIGINAL, CrossSource.CATALOG),
    ("mann_w712_75", "vag_06a115561b", CrossKind.ORIGINAL, CrossSource.CATALOG),
    ("bosch_0986452041", "vag_06a115561b", CrossKind.ORIGINAL, CrossSource.CATALOG),
    ("knecht_oc90", "mann_w712_75", CrossKind.ANALOG, CrossSource.PRICE_LIST),
    ("vag_06a115561c", "vag_06a115561b", CrossKind.REPLACES, CrossSource.CATALOG),
)
