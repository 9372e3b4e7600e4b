"""A deterministic, streaming generator of a synthetic auto-parts catalog of any size.

Everything is derived from one seed and the number of offers; the rows of each table come
out of a generator in id order, so a load never holds more than one batch of rows. The only
per-part state kept in memory is two small arrays (offers per part, links per part): about
4 bytes a part, 28 MB at 7 million parts.

The shape, for N offers: 3000 brands with a power-law share of the parts, N x 7/22 parts,
N x 20/22 cross-reference links (each stored from both sides, so twice as many rows), and
a power-law number of offers per part (a quarter of the parts have none: OE numbers and
catalog-only parts; a few popular parts have hundreds).

Article numbers come from "families" of formats seen in real price lists (Bosch
`0 986 452 041`, Mann `W 712/75`, VAG `06A 115 561 B`, Nissan `15208-65F0E`, plain digits
of 5 to 10 places, ...). Each brand writes its numbers in one family with its own spelling
(spaces, dashes, dots, slashes, sometimes lower case), and some parts are written in a
different spelling or with Cyrillic look-alike letters, as suppliers do. The families have
disjoint normalized shapes, a brand's own numbers are an affine permutation of a counter (so
they are unique within the brand), and about 7 % of the numbers are deliberately shared by
2 to 5 brands (taken from a separate half of the family's number space).
"""

from __future__ import annotations

import bisect
import math
import random
from array import array
from dataclasses import dataclass, field
from itertools import accumulate

from django.utils.text import slugify

from partsdesk.catalog.models import MIRRORED_KIND
from partsdesk.catalog.numbers import brand_key, normalize_number

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Latin letters that have a Cyrillic look-alike, and the look-alikes (what suppliers type).
TO_CYRILLIC = str.maketrans("ABEKMHOPCTYX", "АВЕКМНОРСТУХ")

BRAND_COUNT = 3000
PARTS_PER_OFFER = 7 / 22
LINKS_PER_OFFER = 20 / 22
SHARED_NUMBER_SHARE = 0.07
MAX_OFFERS_PER_PART = 1000
MAX_LINKS_PER_PART = 400
OFFER_PASSES = 4  # offers are written in 4 "price list imports", so a part's offers scatter


@dataclass(frozen=True)
class Family:
    """A format of article numbers: blocks of characters and the spellings brands use."""

    name: str
    blocks: tuple[tuple[str, int], ...]  # (alphabet, length), most significant first
    templates: tuple[str, ...]  # '#' takes the next character of the normalized number
    weight: int
    size: int = field(init=False)
    formats: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        size = 1
        for alphabet, length in self.blocks:
            size *= len(alphabet) ** length
        object.__setattr__(self, "size", size)
        length = sum(n for _, n in self.blocks)
        for template in self.templates:
            assert template.count("#") == length, (self.name, template)
        object.__setattr__(
            self, "formats", tuple(t.replace("{", "").replace("#", "{}") for t in self.templates)
        )

    def encode(self, x: int) -> str:
        pieces = []
        for alphabet, length in reversed(self.blocks):
            radix = len(alphabet) ** length
            x, v = divmod(x, radix)
            if alphabet == DIGITS:
                pieces.append(f"{v:0{length}d}")
            else:
                chars = []
                for _ in range(length):
                    v, c = divmod(v, len(alphabet))
                    chars.append(alphabet[c])
                pieces.append("".join(reversed(chars)))
        return "".join(reversed(pieces))


# fmt: off
FAMILIES = (
    Family("bosch", (("0", 1), (DIGITS, 9)), ("# ### ### ###", "##########", "#-###-###-###"), 8),
    Family(
        "d10", (("123456789", 1), (DIGITS, 9)), ("#####-#####", "##########", "#### ### ###"), 7
    ),
    Family("d5", ((DIGITS, 5),), ("#####", "## ###"), 5),
    Family("d6", ((DIGITS, 6),), ("######", "###-###", "### ###"), 9),
    Family("d7", ((DIGITS, 7),), ("#######", "#.###.###", "### ####"), 9),
    Family("d8", ((DIGITS, 8),), ("########", "##### ###", "####-####"), 8),
    Family("mann", ((LETTERS, 1), (DIGITS, 5)), ("# ###/##", "######", "#-###-##", "####/##"), 8),
    Family("mahle", ((LETTERS, 2), (DIGITS, 3)), ("## ###", "##-###", "#####"), 6),
    Family(
        "lx", ((LETTERS, 2), (DIGITS, 4), (LETTERS, 1)), ("## #### #", "#######", "##-####-#"), 7
    ),
    Family(
        "vag",
        ((DIGITS, 2), (LETTERS, 1), (DIGITS, 6), (LETTERS, 1)),
        ("### ### ### #", "##########", "###.###.###.#", "###-###-###-#"),
        5,
    ),
    Family(
        "nissan",
        ((DIGITS, 7), (LETTERS, 1), (DIGITS, 1), (LETTERS, 1)),
        ("#####-#####", "##########", "##### #####"),
        5,
    ),
    Family(
        "mb",
        ((LETTERS, 1), (DIGITS, 10)),
        ("# ### ### ## ##", "###########", "#-###-###-##-##"),
        4,
    ),
    Family(
        "toyota",
        ((DIGITS, 5), (LETTERS, 2), (LETTERS, 2), (DIGITS, 1)),
        ("#####-#####", "##########", "##### #####"),
        4,
    ),
)

# Multipliers of the affine permutations; each is prime and larger than every half-space
# it is used with, or does not divide it (asserted below).
PRIMES = (1000003, 998244353, 1000000007, 2147483647, 4294967291, 68719476731)

REAL_BRANDS = (
    "MANN-FILTER", "BOSCH", "MAHLE", "FEBI BILSTEIN", "SWAG", "LEMFORDER", "TRW", "ATE",
    "BREMBO", "SACHS", "VALEO", "NGK", "DENSO", "CONTINENTAL", "GATES", "DAYCO", "INA", "SKF",
    "FAG", "LUK", "KYB", "MONROE", "BILSTEIN", "HELLA", "PIERBURG", "ELRING", "VICTOR REINZ",
    "CORTECO", "FILTRON", "KNECHT", "HENGST", "PURFLUX", "UFI", "SAKURA", "JAPANPARTS",
    "ASHIKA", "BLUE PRINT", "NIPPARTS", "TOYOTA", "NISSAN", "VAG", "MERCEDES-BENZ", "BMW",
    "HYUNDAI/KIA", "FORD", "GM", "RENAULT", "PSA", "HONDA", "MAZDA", "MITSUBISHI", "SUBARU",
    "LADA", "GAZ", "MOOG", "DELPHI", "FERODO", "TEXTAR", "JURID", "ZIMMERMANN", "MEYLE",
    "TOPRAN", "RUVILLE", "OPTIMAL", "METELLI", "STELLOX", "FENOX", "LYNXAUTO", "MASUMA",
    "PATRON", "MARSHALL", "TRIALLI", "LUZAR", "KRAFT", "BELMAG", "AUTOKAM", "SANGSIN",
)
OE_BRANDS = {
    "TOYOTA", "NISSAN", "VAG", "MERCEDES-BENZ", "BMW", "HYUNDAI/KIA", "FORD", "GM", "RENAULT",
    "PSA", "HONDA", "MAZDA", "MITSUBISHI", "SUBARU", "LADA", "GAZ",
}
OE_FAMILIES = {"vag", "nissan", "mb", "toyota", "d10", "d7", "d8"}
SYLLABLES = (
    "ka", "ro", "tex", "mar", "vo", "lin", "sta", "tor", "mo", "ne", "kor", "dex", "zen", "tri",
    "val", "ber", "gus", "pro", "max", "fil", "tek", "nor", "sar", "lux", "vel", "tan", "rex",
    "mil", "dor", "fen", "kra", "tis", "ven", "gal", "ori", "ast", "qua", "zet", "bel", "hon",
)
COUNTRIES = ("DE", "JP", "KR", "CN", "TW", "RU", "IT", "FR", "US", "PL", "TR", "ES", "CZ")

PART_TYPES = (
    "Фильтр масляный", "Фильтр воздушный", "Фильтр салонный", "Фильтр топливный",
    "Колодки тормозные передние", "Колодки тормозные задние", "Диск тормозной",
    "Барабан тормозной", "Амортизатор передний", "Амортизатор задний", "Свеча зажигания",
    "Ремень ГРМ", "Ремень поликлиновый", "Ролик натяжной", "Помпа водяная", "Термостат",
    "Прокладка клапанной крышки", "Сальник коленвала", "Подшипник ступицы", "Ступица колеса",
    "Шаровая опора", "Наконечник рулевой тяги", "Тяга рулевая", "Стойка стабилизатора",
    "Сайлентблок рычага", "Рычаг подвески", "Пружина подвески", "Опора амортизатора",
    "Щетка стеклоочистителя", "Лампа накаливания", "Датчик кислорода", "Датчик ABS",
    "Катушка зажигания", "Стартер", "Генератор", "Радиатор охлаждения", "Радиатор кондиционера",
    "Сцепление комплект", "Выжимной подшипник", "ШРУС наружный", "Пыльник ШРУСа",
    "Насос топливный", "Форсунка", "Клапан ЕГР", "Ремкомплект суппорта", "Трос ручника",
    "Oil filter", "Air filter", "Brake pad set", "Wheel bearing kit", "Spark plug",
    "Timing belt kit", "Water pump", "Shock absorber", "Control arm", "Tie rod end",
)
QUALIFIERS = ("", "", "", " левый", " правый", " комплект", " усиленный", " оригинал", " (4 шт.)")
DESCRIPTIONS = (
    "Для легковых автомобилей",
    "Оригинальное качество, сертифицировано",
    "Комплект с крепежом",
    "OE quality replacement part",
)
CITIES = ("Москва", "Санкт-Петербург", "Екатеринбург", "Новосибирск", "Казань", "Краснодар")
KINDS = (("analog", 0.60), ("oe", 0.85), ("replaced_by", 0.925), ("replaces", 1.01))
SOURCES = (("price_list", 0.60), ("catalog", 0.95), ("manager", 1.01))

BRAND_COLUMNS = ("id", "name", "slug", "country", "logo")
ALIAS_COLUMNS = ("id", "brand_id", "name", "key")
SUPPLIER_COLUMNS = (
    "id", "code", "name", "currency", "delivery_days", "reliability_percent", "markup_percent",
    "is_active",
)
WAREHOUSE_COLUMNS = ("id", "supplier_id", "name", "city")
RATE_COLUMNS = ("id", "currency", "rate", "valid_from")
PART_COLUMNS = (
    "id", "brand_id", "number", "number_norm", "name", "description", "attributes", "weight_kg",
)
CROSS_COLUMNS = ("id", "part_id", "analog_id", "kind", "source")
OFFER_COLUMNS = (
    "id", "supplier_id", "warehouse_id", "part_id", "purchase_price", "currency", "price",
    "quantity", "quantity_is_lower_bound", "delivery_days_min", "delivery_days_max",
    "pack_multiple", "returnable", "updated_at",
)
# fmt: on


def _pick(table, r):
    for value, bound in table:
        if r < bound:
            return value
    return table[-1][0]


def size_label(offers: int) -> str:
    if offers % 1_000_000 == 0:
        return f"{offers // 1_000_000}m"
    if offers % 1000 == 0:
        return f"{offers // 1000}k"
    return str(offers)


@dataclass
class BrandSpec:
    id: int
    name: str
    family: Family
    template: int
    lower: bool
    multiplier: int
    offset: int
    used: int = 0


class SyntheticCatalog:
    """The rows of every table, for `offers` offers and `seed`; iterate a table's method."""

    def __init__(self, offers: int, seed: int = 1, updated_at: str = "2026-11-01 06:00:00"):
        if offers < 1000:
            raise ValueError("At least 1000 offers.")
        self.offer_count = offers
        self.seed = seed
        self.part_count = max(300, round(offers * PARTS_PER_OFFER))
        self.link_target = round(offers * LINKS_PER_OFFER)
        self.brand_count = min(BRAND_COUNT, max(50, self.part_count // 20))
        self.updated_at = updated_at
        self.stats: dict[str, int] = {}
        self._make_brands()
        self._make_suppliers()

    # -- brands and suppliers: small, built up front ---------------------------------------

    def _make_brands(self):
        rng = random.Random(f"{self.seed}:brands")
        names: list[str] = []
        keys: set[str] = set()
        for name in REAL_BRANDS[: self.brand_count]:
            names.append(name)
            keys.add(brand_key(name))
        while len(names) < self.brand_count:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
            name = word.upper()
            if rng.random() < 0.15:
                name += rng.choice((" AUTO", " PARTS", " MOTOR", "-TEC", " GMBH"))
            if brand_key(name) in keys:
                continue
            keys.add(brand_key(name))
            names.append(name)
        # The popularity of a brand: Zipf with an offset, so the top brand has ~2.5 % of parts.
        self.brand_cum = list(accumulate(1.0 / (rank + 6) for rank in range(self.brand_count)))
        total = self.brand_cum[-1]
        expected_parts = self.part_count * (1 + SHARED_NUMBER_SHARE * 2)
        usage = {family.name: 0 for family in FAMILIES}
        self.brands: list[BrandSpec] = []
        for index, name in enumerate(names):
            share = 1.0 / (index + 6) / total
            need = int(expected_parts * share * 1.5) + 200
            candidates = [
                f
                for f in FAMILIES
                if (f.name in OE_FAMILIES or name not in OE_BRANDS)
                and usage[f.name] + need <= 0.04 * (f.size // 2)
            ] or [max(FAMILIES, key=lambda f: f.size)]
            family = rng.choices(candidates, weights=[f.weight for f in candidates])[0]
            usage[family.name] += need
            half = family.size // 2
            multiplier = rng.choice([p for p in PRIMES if half % p and p % half])
            self.brands.append(
                BrandSpec(
                    id=index + 1,
                    name=name,
                    family=family,
                    template=rng.randrange(len(family.templates)),
                    lower=rng.random() < 0.06,
                    multiplier=multiplier,
                    offset=rng.randrange(half),
                )
            )
        self.shared_counters = {family.name: 0 for family in FAMILIES}
        self.shared_offsets = {f.name: rng.randrange(f.size - f.size // 2) for f in FAMILIES}
        self.brand_rng = rng

    def brand_rows(self):
        rng = random.Random(f"{self.seed}:brand-rows")
        slugs: set[str] = set()
        for brand in self.brands:
            slug = slugify(brand.name) or f"brand-{brand.id}"
            while slug in slugs:
                slug += "-x"
            slugs.add(slug)
            yield (brand.id, brand.name, slug, rng.choice(COUNTRIES), "")

    def alias_rows(self):
        """Every brand's canonical name, plus other spellings (Cyrillic, long forms)."""
        rng = random.Random(f"{self.seed}:aliases")
        keys: set[str] = set()
        next_id = 1
        for brand in self.brands:
            spellings = [brand.name]
            if rng.random() < 0.3:
                spellings.append(brand.name.translate(TO_CYRILLIC))
            if rng.random() < 0.2:
                spellings.append(
                    brand.name.split()[0].split("-")[0] + " " + rng.choice(("AG", "CO"))
                )
            for spelling in spellings:
                key = brand_key(spelling)
                if not key or key in keys:
                    continue
                keys.add(key)
                yield (next_id, brand.id, spelling, key)
                next_id += 1

    def _make_suppliers(self):
        rng = random.Random(f"{self.seed}:suppliers")
        self.suppliers = []
        self.warehouses = []
        count = 48
        for i in range(count):
            currency = "RUB" if rng.random() < 0.8 else rng.choice(("EUR", "USD"))
            markup = rng.choice((15, 20, 25, 30, 35, 45))
            supplier = {
                "id": i + 1,
                "code": f"sup{i + 1:02d}",
                "name": f"Поставщик {i + 1:02d}",
                "currency": currency,
                "rate": {"RUB": 1.0, "EUR": 98.5, "USD": 91.2}[currency],
                "days": rng.choice((0, 1, 1, 2, 3, 5, 7, 14)),
                "reliability": rng.randrange(70, 100),
                "markup": markup,
                "warehouses": [],
            }
            for _ in range(rng.choice((1, 1, 2, 3))):
                warehouse_id = len(self.warehouses) + 1
                city = rng.choice(CITIES)
                self.warehouses.append(
                    (warehouse_id, supplier["id"], f"Склад {warehouse_id}", city)
                )
                supplier["warehouses"].append(warehouse_id)
            self.suppliers.append(supplier)

    def supplier_rows(self):
        for s in self.suppliers:
            yield (
                s["id"], s["code"], s["name"], s["currency"], s["days"], s["reliability"],
                f"{s['markup']}.00", True,
            )  # fmt: skip

    def warehouse_rows(self):
        yield from self.warehouses

    def rate_rows(self):
        yield (1, "EUR", "98.500000", "2026-01-01")
        yield (2, "USD", "91.200000", "2026-01-01")

    # -- parts -----------------------------------------------------------------------------

    def _brand_index(self, r: float) -> int:
        return bisect.bisect_left(self.brand_cum, r * self.brand_cum[-1])

    def _spell(self, brand: BrandSpec, family: Family, norm: str, rng: random.Random) -> str:
        r = rng.random()
        template = brand.template % len(family.formats)
        if r < 0.08:  # a supplier's own spelling
            template = rng.randrange(len(family.formats))
        number = family.formats[template].format(*norm)
        if brand.lower or 0.08 <= r < 0.10:
            number = number.lower()
        elif 0.10 <= r < 0.11:
            number = number.translate(TO_CYRILLIC)
        return number

    def part_rows(self):
        """Parts in id order; a shared number's parts (2 to 5 brands) are consecutive."""
        rng = random.Random(f"{self.seed}:parts")
        brands = self.brands
        part_id = 0
        shared_parts = 0
        types = len(PART_TYPES)
        type_cum = list(accumulate(1.0 / (i + 2) for i in range(types)))
        while part_id < self.part_count:
            r = rng.random()
            head = brands[self._brand_index(rng.random())]
            if r < SHARED_NUMBER_SHARE:
                family = head.family
                half = family.size // 2
                j = self.shared_counters[family.name]
                if j >= family.size - half:
                    family = max(FAMILIES, key=lambda f: f.size)
                    half = family.size // 2
                    j = self.shared_counters[family.name]
                self.shared_counters[family.name] = j + 1
                x = half + (PRIMES[2] * j + self.shared_offsets[family.name]) % (family.size - half)
                norm = family.encode(x)
                size = rng.choice((2, 2, 2, 2, 2, 3, 3, 3, 4, 5))
                members = [head]
                while len(members) < size:
                    other = brands[self._brand_index(rng.random())]
                    if all(other.id != m.id for m in members):
                        members.append(other)
                shared_parts += len(members)
            else:
                family = head.family
                half = family.size // 2
                if head.used >= half:
                    raise RuntimeError(f"Brand {head.name} ran out of numbers in {family.name}")
                x = (head.multiplier * head.used + head.offset) % half
                head.used += 1
                norm = family.encode(x)
                members = [head]
            kind = bisect.bisect_left(type_cum, rng.random() * type_cum[-1])
            for brand in members:
                if part_id >= self.part_count:
                    break
                part_id += 1
                number = self._spell(brand, family, norm, rng)
                number_norm = normalize_number(number)
                if number_norm != norm:
                    raise AssertionError(f"{number!r} normalizes to {number_norm!r}, not {norm!r}")
                name = PART_TYPES[kind] + QUALIFIERS[int(rng.random() * len(QUALIFIERS))]
                q = rng.random()
                description = DESCRIPTIONS[int(q * 20)] if q < 0.2 else ""
                weight = f"{0.05 + q * 12:.3f}" if q > 0.5 else None
                yield (part_id, brand.id, number, number_norm, name, description, "{}", weight)
        self.stats["parts"] = part_id
        self.stats["parts_in_shared_numbers"] = shared_parts

    # -- per-part counts (power law), fixed to an exact total --------------------------------

    def _power_counts(self, label, total, zero_share, scale, alpha, cap, typecode="H"):
        rng = random.Random(f"{self.seed}:{label}")
        counts = array(typecode, bytes(array(typecode).itemsize * self.part_count))
        exponent = -1.0 / alpha
        running = 0
        for p in range(self.part_count):
            if rng.random() < zero_share:
                continue
            k = int(scale * (1.0 - rng.random()) ** exponent)
            k = cap if k > cap else (1 if k < 1 else k)
            counts[p] = k
            running += k
        diff = total - running
        n = self.part_count
        while diff:
            p = rng.randrange(n)
            k = counts[p]
            if diff > 0 and 0 < k < cap:
                counts[p] = k + 1
                diff -= 1
            elif diff < 0 and k > 1:
                counts[p] = k - 1
                diff += 1
        return counts

    # -- cross-references --------------------------------------------------------------------

    def crossref_rows(self):
        """Both directions of every link; a pair is drawn once, from its lower part id."""
        n = self.part_count
        links_per_pair = 1.025  # the second sources (~2.5 %) make up for the pairs lost to dedup
        degrees = self._power_counts(
            "links", round(self.link_target / links_per_pair), 0.35, 1.8, 1.6, MAX_LINKS_PER_PART
        )
        rng = random.Random(f"{self.seed}:crossrefs")
        hubs = [rng.randrange(n) for _ in range(max(10, n // 100))]
        hub_cum = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(hubs))))
        hub_total = hub_cum[-1]
        mirrored = {str(k): str(v) for k, v in MIRRORED_KIND.items()}
        row_id = 0
        links = 0
        random_ = rng.random
        for p in range(n - 1):
            d = degrees[p]
            if not d:
                continue
            room = n - 1 - p
            if d > room:
                d = room
            chosen: set[int] = set()
            tries = 0
            while len(chosen) < d and tries < 3 * d:
                tries += 1
                if random_() < 0.35:
                    q = hubs[bisect.bisect_left(hub_cum, random_() * hub_total)]
                    if q <= p:
                        q = p + 1 + int(random_() * room)
                else:
                    q = p + 1 + int(random_() * room)
                chosen.add(q)
            part_id = p + 1
            for q in sorted(chosen):
                analog_id = q + 1
                kind = _pick(KINDS, random_())
                mirror = mirrored[kind]
                first = _pick(SOURCES, random_())
                sources = (first,)
                if random_() < 0.05:
                    second = _pick(SOURCES, random_())
                    if second != first:
                        sources = (first, second)
                for source in sources:
                    yield (row_id + 1, part_id, analog_id, kind, source)
                    yield (row_id + 2, analog_id, part_id, mirror, source)
                    row_id += 2
                    links += 1
        self.stats["links"] = links
        self.stats["crossref_rows"] = row_id

    # -- offers ------------------------------------------------------------------------------

    def offer_rows(self, updated_at: str | None = None):
        """Offers in OFFER_PASSES passes over the parts (one per group of suppliers)."""
        counts = self._power_counts("offers", self.offer_count, 0.25, 1.6, 1.5, MAX_OFFERS_PER_PART)
        self.offer_counts = counts
        rng = random.Random(f"{self.seed}:offers")
        random_ = rng.random
        updated = updated_at or self.updated_at
        groups = [self.suppliers[t::OFFER_PASSES] for t in range(OFFER_PASSES)]
        prepared = [
            [
                (
                    s["id"],
                    s["warehouses"],
                    s["currency"],
                    s["rate"],
                    1 + s["markup"] / 100,
                    s["days"],
                )
                for s in group
            ]
            for group in groups
        ]
        offer_id = 0
        for t in range(OFFER_PASSES):
            group = prepared[t]
            g = len(group)
            for p, k in enumerate(counts):
                if not k:
                    continue
                m = k // OFFER_PASSES + (1 if (t - p) % OFFER_PASSES < k % OFFER_PASSES else 0)
                if not m:
                    continue
                part_id = p + 1
                # A stable base price per part, log-uniform from 50 to 60 000.
                u = ((part_id * 2654435761) & 0xFFFFFFFF) / 4294967296.0
                base = 50.0 * math.exp(7.09 * u)
                for _ in range(m):
                    sid, whs, currency, rate, markup, days = group[int(random_() * g)]
                    warehouse = whs[int(random_() * len(whs))] if len(whs) > 1 else whs[0]
                    purchase = base * (0.75 + 0.5 * random_()) / rate
                    price = purchase * rate * markup
                    r = random_()
                    quantity = int(1.0 / (0.001 + r * r))
                    lower = quantity >= 10 and r < 0.05
                    days_min = days + int(random_() * 3)
                    r = random_()
                    days_max = days_min + int(r * 4)
                    pack = 1 if r < 0.9 else (2, 4, 10)[int((r - 0.9) * 30)]
                    offer_id += 1
                    yield (
                        offer_id, sid, warehouse, part_id, f"{purchase:.2f}", currency,
                        f"{price:.2f}", quantity, lower, days_min, days_max, pack, r > 0.07,
                        updated,
                    )  # fmt: skip
        self.stats["offers"] = offer_id
