"""The demo catalog: real brands and their spellings, parts in each brand's number format,
cross-references, suppliers and offers, all derived from one seed (`manage.py load_demo`).

The catalog is planned in plain Python first, from random streams seeded by the seed alone
(one stream per stage, so that asking for more offers does not change the parts), and only
then written, in a fixed order: the same seed gives the same rows, whatever the database.
Brands go through `brand_create` and the anchors through the catalog services; the bulk of the
parts, cross-references and offers is bulk-inserted with exactly what the services would store:
`number_norm` from `normalize_number`, every link from both sides with the mirrored kind, and
every sale price as `pricing.services.sale_price` computes it, under the demo's pricing
terms (markup rules by supplier, brand and price band, a minimum margin, whole rubles).
"""

import math
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer
from partsdesk.pricing.models import (
    CurrencyRounding,
    ExchangeRate,
    MarkupRule,
    Offer,
    PriceGroup,
    PricingSettings,
    RoundingMode,
    Supplier,
    Warehouse,
)
from partsdesk.pricing.services import SalePricer

from . import demo_data as data
from .models import MIRRORED_KIND, Brand, BrandAlias, CrossKind, CrossReference, CrossSource, Part
from .numbers import normalize_number
from .services import brand_create, cross_reference_add, part_get_or_create

DEFAULT_SEED = 2611
DEFAULT_PARTS = 20_000
DEFAULT_OFFERS = 60_000
BATCH_SIZE = 2000

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
DIGITS = "0123456789"

# Shares that shape the catalog; see the module docstring of demo_data for the formats.
CATALOG_ONLY_SHARE = 0.03  # parts listed without any offer
COINCIDENCE_SHARE = 0.015  # all-digit numbers that happen to exist under another brand too
CLUSTER_SHARE = 0.2  # original parts that get aftermarket equivalents
REPLACEMENT_SHARE = 0.12  # of those, the ones a newer number of the same maker replaces
ANALOG_GROUP_SHARE = 0.05  # left-over aftermarket parts grouped as analogs of each other
MAX_OFFERS_PER_PART = 60


class DemoError(ValueError):
    """The demo cannot be loaded as asked; the message says why."""


# ---------------------------------------------------------------------------------------------
# Number formats
# ---------------------------------------------------------------------------------------------

_LITERAL, _PICK, _CHOICE = 0, 1, 2


def compile_format(pattern: str) -> tuple:
    """`W ###/##` → items to expand: literals, one-of-alphabet picks and choices."""
    items: list[tuple] = []
    literal: list[str] = []

    def flush():
        if literal:
            items.append((_LITERAL, "".join(literal)))
            literal.clear()

    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "{":
            end = pattern.index("}", position)
            flush()
            options = pattern[position + 1 : end].split("|")
            items.append((_CHOICE, tuple(compile_format(option) for option in options)))
            position = end + 1
            continue
        if char in "#@":
            flush()
            items.append((_PICK, DIGITS if char == "#" else LETTERS))
        else:
            literal.append(char)
        position += 1
    flush()
    return tuple(items)


def expand(items: tuple, rng: random.Random) -> str:
    out = []
    for kind, value in items:
        if kind == _LITERAL:
            out.append(value)
        elif kind == _PICK:
            out.append(value[rng.randrange(len(value))])
        else:
            out.append(expand(value[rng.randrange(len(value))], rng))
    return "".join(out)


def format_regex(pattern: str) -> re.Pattern:
    """A regular expression for the numbers a format can give, as written (not normalized)."""

    def convert(items: tuple) -> str:
        out = []
        for kind, value in items:
            if kind == _LITERAL:
                out.append(re.escape(value))
            elif kind == _PICK:
                out.append(f"[{value}]")
            else:
                out.append("(?:" + "|".join(convert(option) for option in value) + ")")
        return "".join(out)

    return re.compile(convert(compile_format(pattern)))


def formats_for(brand: data.BrandSpec, part_type: data.PartType) -> tuple[str, ...]:
    """The brand's formats for this type: by type, then by category, then `*`; () if none."""
    for key in (part_type.key, part_type.category, data.ALL_TYPES):
        if key in brand.formats:
            return brand.formats[key]
    return ()


def _shape(norm: str) -> str:
    return "".join("9" if char.isdigit() else "A" for char in norm)


def _relayout(layout: str, norm: str) -> str:
    """`norm` written with the separators of `layout` (which has as many letters and digits)."""
    chars = iter(norm)
    return "".join(next(chars) if char.isalnum() else char for char in layout)


# ---------------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------------


@dataclass
class PlannedPart:
    brand: data.BrandSpec
    type: data.PartType
    number: str
    norm: str
    description: str
    attributes: dict
    weight_kg: Decimal
    base_price: float  # a typical purchase price in roubles
    anchor: str = ""


@dataclass
class PlannedOffer:
    part: int  # index into the planned parts
    supplier: int  # index into data.SUPPLIERS
    warehouse: int  # index into the supplier's warehouses
    purchase_price: Decimal
    quantity: int
    quantity_is_lower_bound: bool
    delivery_days_min: int
    delivery_days_max: int
    pack_multiple: int
    returnable: bool


@dataclass
class Plan:
    parts: list[PlannedPart] = field(default_factory=list)
    # (part, analog, kind, source) as indices into `parts`, one entry per link (not per row).
    links: list[tuple[int, int, str, str]] = field(default_factory=list)
    offers: list[PlannedOffer] = field(default_factory=list)


def _stream(seed: int, stage: str) -> random.Random:
    return random.Random(f"partsdesk-demo:{seed}:{stage}")


def _specifics(part_type: data.PartType, rng: random.Random) -> tuple[str, dict]:
    variant = part_type.variants[rng.randrange(len(part_type.variants))]
    attributes = {}
    for item in variant:
        attributes[item.key] = item.values[rng.randrange(len(item.values))]
    if attributes.get("outer_mm", math.inf) <= attributes.get("inner_mm", 0):
        attributes["outer_mm"] = attributes["inner_mm"] + 12
    texts = [item.text.format(attributes[item.key]) for item in variant]
    return "; ".join([part_type.name_en, *texts]), attributes


def _base_price(part_type: data.PartType, brand: data.BrandSpec, rng: random.Random) -> float:
    low, high = part_type.price_rub
    return math.exp(rng.uniform(math.log(low), math.log(high))) * brand.tier


def _plan_parts(seed: int, count: int) -> list[PlannedPart]:
    rng = _stream(seed, "parts")
    brands = {brand.name: brand for brand in data.BRANDS}
    taken: dict[str, set[str]] = defaultdict(set)
    parts: list[PlannedPart] = []
    for anchor in data.DEMO_ANCHORS:
        brand = brands[anchor.brand]
        part_type = data.PART_TYPES_BY_KEY[anchor.type]
        norm = normalize_number(anchor.number)
        taken[brand.name].add(norm)
        low, high = part_type.price_rub
        parts.append(
            PlannedPart(
                brand=brand,
                type=part_type,
                number=anchor.number,
                norm=norm,
                description=anchor.description,
                attributes=dict(anchor.attributes),
                weight_kg=Decimal(anchor.weight_kg),
                base_price=math.sqrt(low * high) * brand.tier,
                anchor=anchor.key,
            )
        )

    makers = []  # (brand, [(type, compiled formats)], cumulative popularity)
    for brand in data.BRANDS:
        made = [
            (part_type, tuple(compile_format(pattern) for pattern in formats))
            for part_type in data.PART_TYPES
            if (formats := formats_for(brand, part_type))
        ]
        cumulative, total = [], 0
        for part_type, _formats in made:
            total += part_type.popularity
            cumulative.append(total)
        makers.append((brand, made, cumulative))
    brand_weights, total = [], 0
    for brand, _made, _cumulative in makers:
        total += brand.weight
        brand_weights.append(total)

    attempts = 0
    while len(parts) < count:
        attempts += 1
        if attempts > 50 * count:
            raise DemoError(_("The number formats ran out of distinct numbers."))
        brand, made, cumulative = rng.choices(makers, cum_weights=brand_weights)[0]
        part_type, formats = rng.choices(made, cum_weights=cumulative)[0]
        number = expand(formats[rng.randrange(len(formats))], rng)
        norm = normalize_number(number)
        if norm in taken[brand.name]:
            continue
        taken[brand.name].add(norm)
        description, attributes = _specifics(part_type, rng)
        low, high = part_type.weight_kg
        grams = rng.randint(round(low * 1000), round(high * 1000))
        parts.append(
            PlannedPart(
                brand=brand,
                type=part_type,
                number=number,
                norm=norm,
                description=description,
                attributes=attributes,
                weight_kg=Decimal(grams).scaleb(-3),
                base_price=_base_price(part_type, brand, rng),
            )
        )
    return parts


def _share_numbers(seed: int, parts: list[PlannedPart]) -> list[tuple[int, int, str, str]]:
    """Give some parts a number another brand also has; returns the links that implies.

    KNECHT takes MAHLE's numbers (the same filter under MAHLE's second brand) and is linked
    to it as an analog; BRT and DAAZ sell under the VAZ number and are linked to it as to their
    original; and a few all-digit numbers exist by coincidence under an unrelated brand.
    """
    rng = _stream(seed, "shared")
    taken: dict[str, set[str]] = defaultdict(set)
    by_brand_type: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, part in enumerate(parts):
        taken[part.brand.name].add(part.norm)
        if not part.anchor:
            by_brand_type[part.brand.name, part.type.key].append(index)

    def take(index: int, number: str) -> None:
        part = parts[index]
        taken[part.brand.name].discard(part.norm)
        part.number = number
        part.norm = normalize_number(number)
        taken[part.brand.name].add(part.norm)

    links = []
    copied = set()
    for index, part in enumerate(parts):
        brand = part.brand
        if part.anchor or not brand.copies or rng.random() >= brand.copy_share:
            continue
        sources = by_brand_type.get((brand.copies, part.type.key), [])
        for _attempt in range(3):
            if not sources:
                break
            source = sources[rng.randrange(len(sources))]
            if parts[source].norm not in taken[brand.name]:
                take(index, parts[source].number)
                copied.add(index)
                kind = CrossKind.ORIGINAL if parts[source].brand.original else CrossKind.ANALOG
                links.append((index, source, kind, CrossSource.CATALOG))
                break

    # Coincidences: an all-digit number of another brand that fits this brand's own format.
    regexes: dict[tuple[str, str], list[re.Pattern]] = {}

    def fits(part: PlannedPart, number: str) -> bool:
        key = part.brand.name, part.type.key
        if key not in regexes:
            regexes[key] = [format_regex(pattern) for pattern in formats_for(part.brand, part.type)]
        return any(regex.fullmatch(number) for regex in regexes[key])

    by_shape: dict[str, list[int]] = defaultdict(list)
    for index, part in enumerate(parts):
        if not part.anchor and index not in copied and part.norm.isdigit():
            by_shape[_shape(part.norm)].append(index)
    for index, part in enumerate(parts):
        if part.anchor or index in copied or not part.norm.isdigit():
            continue
        if rng.random() >= COINCIDENCE_SHARE:
            continue
        alike = by_shape[_shape(part.norm)]
        for _attempt in range(5):
            other = parts[alike[rng.randrange(len(alike))]]
            if other.brand.name == part.brand.name or other.norm in taken[part.brand.name]:
                continue
            number = _relayout(part.number, other.norm)
            if fits(part, number):
                take(index, number)
                break
    return links


def _pick_distinct_brands(
    pool: list[int], parts: list[PlannedPart], count: int, brands: set[str]
) -> list[int]:
    chosen, passed = [], []
    while pool and len(chosen) < count and len(passed) < 8:
        index = pool.pop()
        if parts[index].brand.name in brands:
            passed.append(index)
            continue
        brands.add(parts[index].brand.name)
        chosen.append(index)
    pool.extend(reversed(passed))
    return chosen


def _plan_links(seed: int, parts: list[PlannedPart]) -> list[tuple[int, int, str, str]]:
    """Groups of parts that are the same product: aftermarket parts → their original number,
    analogs among the aftermarket parts, and now and then a newer original replacing an older
    one. The anchors keep only their own, documented links."""
    rng = _stream(seed, "links")
    links = []
    for part_type in data.PART_TYPES:
        originals: dict[str, list[int]] = defaultdict(list)
        pool = []
        for index, part in enumerate(parts):
            if part.anchor or part.type.key != part_type.key:
                continue
            if part.brand.original:
                originals[part.brand.name].append(index)
            else:
                pool.append(index)
        rng.shuffle(pool)
        for maker in sorted(originals):
            numbers = originals[maker]
            rng.shuffle(numbers)
            while numbers:
                original = numbers.pop()
                if rng.random() >= CLUSTER_SHARE:
                    continue
                if numbers and rng.random() < REPLACEMENT_SHARE:
                    newer = numbers.pop()
                    links.append((newer, original, CrossKind.REPLACES, CrossSource.CATALOG))
                    group_originals = [original, newer]
                else:
                    group_originals = [original]
                size = rng.choice((1, 1, 1, 2, 2, 3))
                equivalents = _pick_distinct_brands(pool, parts, size, {maker})
                for equivalent in equivalents:
                    for oe in group_originals:
                        links.append((equivalent, oe, CrossKind.ORIGINAL, CrossSource.CATALOG))
                for position, first in enumerate(equivalents):
                    for second in equivalents[position + 1 :]:
                        source = rng.choice((CrossSource.PRICE_LIST, CrossSource.CATALOG))
                        links.append((first, second, CrossKind.ANALOG, source))
        while pool:
            first = pool.pop()
            if rng.random() >= ANALOG_GROUP_SHARE:
                continue
            size = rng.choice((1, 1, 2))
            for second in _pick_distinct_brands(pool, parts, size, {parts[first].brand.name}):
                links.append((first, second, CrossKind.ANALOG, CrossSource.PRICE_LIST))
    return links


def _pareto_exponent(mean: float, cap: int) -> float:
    """α such that min(cap, ⌊X⌋) for X ~ Pareto(α) has this mean: Σ_{k≤cap} k^-α = mean."""

    def capped_mean(alpha: float) -> float:
        return sum(k**-alpha for k in range(1, cap + 1))

    low, high = 0.01, 20.0
    for _step in range(60):
        middle = (low + high) / 2
        if capped_mean(middle) > mean:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _offer_counts(rng: random.Random, parts: list[int], total: int) -> dict[int, int]:
    """A power-law number of offers per part (most 1–3, a few 20+) that adds up to `total`."""
    if total <= 0 or not parts:
        return {}
    stocked = [index for index in parts if rng.random() >= CATALOG_ONLY_SHARE] or parts
    if total <= len(stocked):
        return dict.fromkeys(rng.sample(stocked, total), 1)
    mean = total / len(stocked)
    cap = max(MAX_OFFERS_PER_PART, math.ceil(4 * mean))
    alpha = _pareto_exponent(mean, cap)
    counts = {index: min(cap, int(rng.paretovariate(alpha))) for index in stocked}
    missing = total - sum(counts.values())
    while missing:
        index = stocked[rng.randrange(len(stocked))]
        if missing > 0 and counts[index] < cap:
            counts[index] += 1
            missing -= 1
        elif missing < 0 and counts[index] > 1:
            counts[index] -= 1
            missing += 1
    return counts


def _planned_offer(
    rng: random.Random, part_index: int, part: PlannedPart, supplier_index: int
) -> PlannedOffer:
    supplier = data.SUPPLIERS[supplier_index]
    warehouse_index = rng.randrange(len(supplier.warehouses))
    warehouse = supplier.warehouses[warehouse_index]
    roubles = part.base_price * supplier.price_level * rng.uniform(0.92, 1.12)
    if supplier.currency == "RUB":
        cents = max(1, round(roubles)) * 100
    else:
        cents = max(1, round(roubles / float(data.EXCHANGE_RATES[supplier.currency]) * 100))
    pack = part.type.packs[rng.randrange(len(part.type.packs))]
    draw = rng.random()
    if draw < 0.12:  # to order
        quantity, lower_bound = 0, False
    elif draw < 0.27:  # "10 or more"
        quantity, lower_bound = math.ceil(rng.choice((10, 20, 50, 100)) / pack) * pack, True
    else:
        quantity = pack * rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25))
        lower_bound = False
    days = supplier.delivery_days + warehouse.extra_days
    days_min = max(0, days + rng.choice((-1, 0, 0, 0, 1)))
    returnable_share = part.type.returnable * (0.85 if supplier.currency == "CNY" else 1)
    return PlannedOffer(
        part=part_index,
        supplier=supplier_index,
        warehouse=warehouse_index,
        purchase_price=Decimal(cents).scaleb(-2),
        quantity=quantity,
        quantity_is_lower_bound=lower_bound,
        delivery_days_min=days_min,
        delivery_days_max=days_min + rng.choice(supplier.spread_days),
        pack_multiple=pack,
        returnable=rng.random() < returnable_share,
    )


def _plan_offers(seed: int, parts: list[PlannedPart], total: int) -> list[PlannedOffer]:
    rng = _stream(seed, "offers")
    supplier_index = {supplier.code: i for i, supplier in enumerate(data.SUPPLIERS)}
    offers = []
    generated = []
    for index, part in enumerate(parts):
        if not part.anchor:
            generated.append(index)
            continue
        anchor = next(a for a in data.DEMO_ANCHORS if a.key == part.anchor)
        for code in anchor.offer_suppliers:
            offers.append(_planned_offer(rng, index, part, supplier_index[code]))
    counts = _offer_counts(rng, generated, total - len(offers))
    cumulative, running = [], 0
    for supplier in data.SUPPLIERS:
        running += supplier.share
        cumulative.append(running)
    suppliers = range(len(data.SUPPLIERS))
    for index in generated:
        for _offer in range(counts.get(index, 0)):
            chosen = rng.choices(suppliers, cum_weights=cumulative)[0]
            offers.append(_planned_offer(rng, index, parts[index], chosen))
    return offers


def anchor_offer_count() -> int:
    return sum(len(anchor.offer_suppliers) for anchor in data.DEMO_ANCHORS)


def plan_demo(*, seed: int, parts: int, offers: int) -> Plan:
    """The whole demo catalog, in memory; no database access."""
    if parts < len(data.DEMO_ANCHORS):
        raise DemoError(
            _("The demo needs at least %(count)d parts (its well-known entries).")
            % {"count": len(data.DEMO_ANCHORS)}
        )
    if offers < anchor_offer_count():
        raise DemoError(
            _("The demo needs at least %(count)d offers (those of its well-known entries).")
            % {"count": anchor_offer_count()}
        )
    plan = Plan(parts=_plan_parts(seed, parts))
    plan.links = _share_numbers(seed, plan.parts) + _plan_links(seed, plan.parts)
    plan.offers = _plan_offers(seed, plan.parts, offers)
    return plan


# ---------------------------------------------------------------------------------------------
# The database
# ---------------------------------------------------------------------------------------------

# Deleted in this order by `delete_catalog`: what refers to something goes first.
CATALOG_MODELS = {
    "offers": Offer,
    "cross_references": CrossReference,
    "parts": Part,
    "aliases": BrandAlias,
    "brands": Brand,
    "warehouses": Warehouse,
    "suppliers": Supplier,
    "exchange_rates": ExchangeRate,
}


def catalog_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in CATALOG_MODELS.items()}


def catalog_is_empty() -> bool:
    """No parts, brands, suppliers or offers: nothing the demo would collide with."""
    return not any(model.objects.exists() for model in (Part, Brand, BrandAlias, Supplier, Offer))


@transaction.atomic
def delete_catalog() -> dict[str, int]:
    """Delete the whole catalog: offers, cross-references, parts, brands, suppliers, rates."""
    deleted = {}
    for name, model in CATALOG_MODELS.items():
        deleted[name] = model.objects.all().delete()[1].get(model._meta.label, 0)
    return deleted


class _Progress:
    def __init__(self, stdout):
        self.stdout = stdout
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            elapsed = time.monotonic() - self.started
            self.stdout.write(f"  [{elapsed:5.1f} s] {message}\n")


def _create_brands(progress: _Progress) -> dict[str, Brand]:
    brands = {}
    for spec in data.BRANDS:
        brands[spec.name] = brand_create(
            name=spec.name, country=spec.country, aliases=list(spec.aliases)
        )
    progress(
        _("brands: %(brands)d, with %(aliases)d spellings")
        % {"brands": len(brands), "aliases": BrandAlias.objects.count()}
    )
    return brands


def _create_suppliers() -> tuple[list[Supplier], list[list[Warehouse]]]:
    valid_from = date(*data.RATES_VALID_FROM)
    for currency, rate in data.EXCHANGE_RATES.items():
        ExchangeRate.objects.get_or_create(
            currency=currency, valid_from=valid_from, defaults={"rate": rate}
        )
    suppliers, warehouses = [], []
    for spec in data.SUPPLIERS:
        supplier = Supplier.objects.create(
            code=spec.code,
            name=spec.name,
            currency=spec.currency,
            delivery_days=spec.delivery_days,
            reliability_percent=spec.reliability_percent,
            markup_percent=spec.markup_percent,
        )
        suppliers.append(supplier)
        warehouses.append(
            [
                Warehouse.objects.create(supplier=supplier, name=w.name, city=w.city)
                for w in spec.warehouses
            ]
        )
    return suppliers, warehouses


# The demo's pricing terms. Markup bands (purchase price in rubles from, below, markup %):
# the shop's own, a supplier's, a brand's, and one supplier's for one brand; the suppliers'
# flat markups (demo_data.SUPPLIERS) apply above their bands.
DEMO_MARKUP_RULES: tuple[tuple[str | None, str | None, str, str | None, str], ...] = (
    (None, None, "0", "500", "45"),
    (None, None, "500", "5000", "30"),
    ("avtoline", None, "0", "500", "40"),
    ("avtoline", None, "500", "5000", "28"),
    (None, "VAG", "0", None, "18"),
    ("euroteile", "BOSCH", "0", None, "20"),
)
DEMO_MIN_MARGIN = Decimal("20")  # rubles over the purchase cost, at least
DEMO_ROUNDING = (Decimal("1"), RoundingMode.NEAREST)  # whole rubles


def _create_pricing_terms(brands: dict[str, Brand], suppliers: list[Supplier]) -> None:
    """The demo's markup rules, minimum margin and rounding (kept if the shop set its own)."""
    by_code = {supplier.code: supplier for supplier in suppliers}
    shop_rules = MarkupRule.objects.filter(supplier__isnull=True, brand__isnull=True)
    keep_shop_rules = shop_rules.exists()
    for supplier_code, brand_name, low, high, markup in DEMO_MARKUP_RULES:
        if supplier_code is None and brand_name is None and keep_shop_rules:
            continue
        MarkupRule.objects.create(
            supplier=by_code[supplier_code] if supplier_code else None,
            brand=brands[brand_name] if brand_name else None,
            price_from=Decimal(low),
            price_to=Decimal(high) if high else None,
            markup_percent=Decimal(markup),
        )
    PricingSettings.objects.get_or_create(pk=1, defaults={"min_margin_amount": DEMO_MIN_MARGIN})
    step, mode = DEMO_ROUNDING
    CurrencyRounding.objects.get_or_create(
        currency=settings.SHOP_CURRENCY, defaults={"step": step, "mode": mode}
    )


# Price groups (name, discount from retail %), and the demo customers in them.
DEMO_PRICE_GROUPS = (("Опт 1", Decimal("5")), ("Опт 2", Decimal("10")), ("Дилер", Decimal("15")))
DEMO_CUSTOMER_GROUPS = {"buyer@romashka.example": "Опт 2"}


@transaction.atomic
def load_demo_price_groups() -> dict:
    """The demo's price groups, and its company customer in a wholesale one (once)."""
    lines = []
    groups = {}
    for name, discount in DEMO_PRICE_GROUPS:
        groups[name], created = PriceGroup.objects.get_or_create(
            name=name, defaults={"discount_percent": discount}
        )
        if created:
            lines.append(
                _("price group %(name)s: %(discount)s %%") % {"name": name, "discount": discount}
            )
    placed = []
    for email, group_name in DEMO_CUSTOMER_GROUPS.items():
        customer = Customer.objects.filter(user__email=email, price_group__isnull=True).first()
        if customer is not None:
            customer.price_group = groups[group_name]
            customer.save(update_fields=["price_group"])
            placed.append(email)
            lines.append(
                _("%(email)s is in the group %(name)s") % {"email": email, "name": group_name}
            )
    return {"groups": len(groups), "customers_placed": placed, "lines": lines}


def _create_parts(plan: Plan, brands: dict[str, Brand], progress: _Progress) -> list[int]:
    """Create the parts; returns their ids in plan order."""
    anchors = {}
    for planned in plan.parts:
        if planned.anchor:
            anchors[planned.anchor] = part_get_or_create(
                brand=brands[planned.brand.name],
                number=planned.number,
                name=planned.type.name,
                description=planned.description,
                attributes=planned.attributes,
                weight_kg=planned.weight_kg,
            )
    for part_key, analog_key, kind, source in data.DEMO_ANCHOR_LINKS:
        cross_reference_add(
            part=anchors[part_key], analog=anchors[analog_key], kind=kind, source=source
        )
    Part.objects.bulk_create(
        (
            Part(
                brand=brands[planned.brand.name],
                number=planned.number,
                number_norm=normalize_number(planned.number),
                name=planned.type.name,
                description=planned.description,
                attributes=planned.attributes,
                weight_kg=planned.weight_kg,
            )
            for planned in plan.parts
            if not planned.anchor
        ),
        batch_size=BATCH_SIZE,
    )
    ids = {
        (brand_id, norm): pk
        for pk, brand_id, norm in Part.objects.values_list("pk", "brand_id", "number_norm")
    }
    progress(_("parts: %(count)d") % {"count": len(plan.parts)})
    return [ids[brands[planned.brand.name].pk, planned.norm] for planned in plan.parts]


def _create_cross_references(plan: Plan, part_ids: list[int], progress: _Progress) -> None:
    rows = set()
    ordered = []
    for part, analog, kind, source in plan.links:
        for row in (
            (part_ids[part], part_ids[analog], str(kind), str(source)),
            (part_ids[analog], part_ids[part], str(MIRRORED_KIND[kind]), str(source)),
        ):
            if row not in rows:
                rows.add(row)
                ordered.append(row)
    CrossReference.objects.bulk_create(
        (
            CrossReference(part_id=part, analog_id=analog, kind=kind, source=source)
            for part, analog, kind, source in ordered
        ),
        batch_size=BATCH_SIZE,
    )
    progress(
        _("cross-references: %(count)d rows (both sides of each link)")
        % {"count": CrossReference.objects.count()}
    )


def _create_offers(
    plan: Plan,
    part_ids: list[int],
    suppliers: list[Supplier],
    warehouses: list[list[Warehouse]],
    progress: _Progress,
) -> None:
    # The sale price as pricing.services.sale_price computes it: one pricer per supplier
    # (each lists in its own currency), each brand's markup looked up per offer.
    fresh = Supplier.objects.in_bulk([supplier.pk for supplier in suppliers])
    pricers = [SalePricer(fresh[supplier.pk]) for supplier in suppliers]
    brand_of = dict(Part.objects.values_list("pk", "brand_id"))

    def offers():
        for planned in plan.offers:
            supplier = suppliers[planned.supplier]
            part_id = part_ids[planned.part]
            yield Offer(
                supplier=supplier,
                warehouse=warehouses[planned.supplier][planned.warehouse],
                part_id=part_id,
                purchase_price=planned.purchase_price,
                currency=supplier.currency,
                price=pricers[planned.supplier].price(
                    planned.purchase_price, supplier.currency, brand_of[part_id]
                ),
                quantity=planned.quantity,
                quantity_is_lower_bound=planned.quantity_is_lower_bound,
                delivery_days_min=planned.delivery_days_min,
                delivery_days_max=planned.delivery_days_max,
                pack_multiple=planned.pack_multiple,
                returnable=planned.returnable,
            )

    Offer.objects.bulk_create(offers(), batch_size=BATCH_SIZE)
    progress(_("offers: %(count)d") % {"count": len(plan.offers)})


def shared_number_count(plan: Plan) -> int:
    brands_by_norm: dict[str, set[str]] = defaultdict(set)
    for part in plan.parts:
        brands_by_norm[part.norm].add(part.brand.name)
    return sum(1 for brands in brands_by_norm.values() if len(brands) > 1)


def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    parts: int = DEFAULT_PARTS,
    offers: int = DEFAULT_OFFERS,
    stdout=None,
) -> dict:
    """Load the demo catalog into an empty catalog; returns how many of each thing it made.

    `stdout`, if given, receives a line per stage. Raises DemoError if the catalog is not
    empty (see `delete_catalog`) or the counts are too small to hold the anchors.
    """
    progress = _Progress(stdout)
    plan = plan_demo(seed=seed, parts=parts, offers=offers)
    progress(_("planned the catalog (seed %(seed)d)") % {"seed": seed})
    with transaction.atomic():
        if not catalog_is_empty():
            raise DemoError(
                _("The database already has a catalog; the demo loads only into an empty one.")
            )
        brands = _create_brands(progress)
        suppliers, warehouses = _create_suppliers()
        progress(
            _("suppliers: %(count)d, with exchange rates for %(currencies)s")
            % {"count": len(suppliers), "currencies": ", ".join(data.EXCHANGE_RATES)}
        )
        _create_pricing_terms(brands, suppliers)
        load_demo_price_groups()
        part_ids = _create_parts(plan, brands, progress)
        _create_cross_references(plan, part_ids, progress)
        _create_offers(plan, part_ids, suppliers, warehouses, progress)
    return {
        "seed": seed,
        "brands": len(brands),
        "aliases": BrandAlias.objects.count(),
        "parts": len(plan.parts),
        "shared_numbers": shared_number_count(plan),
        "cross_references": CrossReference.objects.count(),
        "suppliers": len(suppliers),
        "warehouses": sum(len(w) for w in warehouses),
        "exchange_rates": ExchangeRate.objects.count(),
        "offers": len(plan.offers),
    }
