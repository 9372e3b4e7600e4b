"""Reads of the catalog: article search, analogs, autocomplete, search by name.

Every function here runs a fixed, small number of SQL queries whatever the size of its
result (tests count them): lookups go by `number_norm` ranges on a B-tree index, the
cross-references of a part are one index range, and offers are filtered, sorted and paged
in SQL.

Prices are stored as retail prices; a `PriceView` (pricing.selectors.price_view) turns them
into the viewer's own prices as rows are built: one uniform factor per viewer, so the SQL
order by price holds, and no query per row.
"""

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Min

from partsdesk.pricing.models import OfferFigures
from partsdesk.pricing.money import CENT
from partsdesk.pricing.selectors import PriceView

from .fulltext import name_match, query_words
from .labels import REQUESTED
from .models import Brand, CrossKind, Part
from .numbers import brand_key, normalize_number, prefix_upper_bound

MIN_SUGGEST_LENGTH = 3
MAX_PAGE_SIZE = 200

# The order in which the groups of offers are shown: the part asked for, then its analogs.
GROUP_ORDER = [
    REQUESTED,
    CrossKind.ORIGINAL,
    CrossKind.REPLACED_BY,
    CrossKind.REPLACES,
    CrossKind.ANALOG,
]


class SortOrder:
    PRICE = "price"
    PRICE_DESC = "-price"
    DELIVERY = "delivery"
    CHOICES = (PRICE, PRICE_DESC, DELIVERY)
    ORDERING = {
        PRICE: ("price", "delivery_days_max"),
        PRICE_DESC: ("-price", "delivery_days_max"),
        DELIVERY: ("delivery_days_max", "delivery_days_min", "price"),
    }


@dataclass(frozen=True)
class BrandMatch:
    part_id: int
    brand_name: str
    brand_slug: str
    number: str
    name: str
    offer_count: int


def brands_for_number(raw_number: str) -> list[BrandMatch]:
    """The brands that have this article number, most offered first. One query."""
    number_norm = normalize_number(raw_number)
    if not number_norm:
        return []
    rows = (
        Part.objects.filter(number_norm=number_norm)
        .values("id", "number", "name", "brand__name", "brand__slug")
        .annotate(offer_count=Count("offers"))
        .order_by("-offer_count", "brand__name")
    )
    return [
        BrandMatch(
            part_id=row["id"],
            brand_name=row["brand__name"],
            brand_slug=row["brand__slug"],
            number=row["number"],
            name=row["name"],
            offer_count=row["offer_count"],
        )
        for row in rows
    ]


_PART_FIELDS = ["id", "brand_id", "number", "number_norm", "name"]
_BRAND_FIELDS = ["id", "name", "slug", "country"]


def part_for_brand_number(*, brand: str, number: str) -> Part | None:
    """The part with this number of the brand named by slug or by any of its spellings.

    One query; the part comes with its brand, its other fields load when first read.
    """
    number_norm = normalize_number(number)
    key = brand_key(brand)
    if not number_norm or not key:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, p.brand_id, p.number, p.number_norm, p.name, b.id, b.name, b.slug, b.country"
            " FROM catalog_part p JOIN catalog_brand b ON b.id = p.brand_id"
            " WHERE p.number_norm = %s AND (b.slug = %s OR EXISTS ("
            "  SELECT 1 FROM catalog_brandalias a WHERE a.brand_id = b.id AND a.key = %s))"
            " ORDER BY p.id LIMIT 1",
            [number_norm, brand.strip().lower(), key],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    part = Part.from_db(connection.alias, _PART_FIELDS, row[:5])
    part.brand = Brand.from_db(connection.alias, _BRAND_FIELDS, row[5:])
    return part


@dataclass(frozen=True)
class AnalogLink:
    part_id: int
    brand_name: str
    brand_slug: str
    number: str
    name: str
    kind: str
    sources: tuple[str, ...]


def analogs_of(part: Part) -> list[AnalogLink]:
    """The parts linked to `part`, one entry per (analog, kind), in display order. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT x.analog_id, x.kind, x.source, p.number, p.name, b.name, b.slug"
            " FROM catalog_crossreference x"
            " JOIN catalog_part p ON p.id = x.analog_id"
            " JOIN catalog_brand b ON b.id = p.brand_id"
            " WHERE x.part_id = %s ORDER BY x.analog_id, x.kind, x.source",
            [part.pk],
        )
        rows = cursor.fetchall()
    merged: dict[tuple[int, str], AnalogLink] = {}
    for analog_id, kind, source, number, name, brand_name, brand_slug in rows:
        known = merged.get((analog_id, kind))
        sources = (*known.sources, source) if known else (source,)
        merged[(analog_id, kind)] = AnalogLink(
            part_id=analog_id,
            brand_name=brand_name,
            brand_slug=brand_slug,
            number=number,
            name=name,
            kind=kind,
            sources=sources,
        )
    return sorted(
        merged.values(),
        key=lambda link: (GROUP_ORDER.index(link.kind), link.brand_name, link.number),
    )


@dataclass
class OfferFilters:
    in_stock: bool = False
    max_days: int | None = None
    brands: list[str] = field(default_factory=list)
    sort: str = SortOrder.PRICE
    page: int = 1
    page_size: int = 50

    def __post_init__(self):
        if self.sort not in SortOrder.CHOICES:
            raise ValueError(f"Unknown sort order {self.sort!r}.")
        if self.page < 1:
            raise ValueError("Pages are numbered from 1.")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"A page holds 1 to {MAX_PAGE_SIZE} offers.")
        if self.max_days is not None and self.max_days < 0:
            raise ValueError("Delivery days cannot be negative.")


@dataclass(frozen=True)
class BrandFacet:
    slug: str
    name: str
    offer_count: int
    selected: bool


@dataclass
class OfferGroup:
    kind: str
    offers: list["OfferRow"]


@dataclass
class PartOffers:
    part: Part
    analogs: list[AnalogLink]
    groups: list[OfferGroup]
    brand_facets: list[BrandFacet]
    filters: OfferFilters
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.page_size))

    @property
    def analog_count(self) -> int:
        return len({link.part_id for link in self.analogs})


def _group_of_each_part(part: Part, analogs: list[AnalogLink]) -> dict[int, str]:
    """Each part id → the group its offers are shown in (the first kind in display order)."""
    groups = {part.pk: REQUESTED}
    for link in analogs:  # already in display order
        groups.setdefault(link.part_id, link.kind)
    return groups


@dataclass(slots=True)
class OfferRow(OfferFigures):
    """An offer as the customer sees it, with its part, supplier and warehouse."""

    id: int
    part_id: int
    brand_name: str
    brand_slug: str
    number: str
    part_name: str
    supplier_code: str
    supplier_name: str
    reliability_percent: int
    warehouse_name: str
    warehouse_city: str
    price: Decimal
    quantity: int
    quantity_is_lower_bound: bool
    delivery_days_min: int
    delivery_days_max: int
    pack_multiple: int
    returnable: bool
    # `price` is what the viewer pays (their group's price); this is retail, on the same
    # VAT basis, to show a discount beside it.
    retail_price: Decimal | None = None


# The hot path of every search (the part, its analogs, facets and a page of offers) is
# written in SQL: the ORM spent longer building these queries (about 1 ms each) than the
# database spent answering them.
_OFFER_FROM = """
    FROM pricing_offer o
    JOIN catalog_part p ON p.id = o.part_id
    JOIN catalog_brand b ON b.id = p.brand_id
"""
_OFFER_ROW_SQL = (
    """
    SELECT o.id, o.part_id, b.name, b.slug, p.number, p.name,
           s.code, s.name, s.reliability_percent, w.name, w.city,
           o.price, o.quantity, o.quantity_is_lower_bound,
           o.delivery_days_min, o.delivery_days_max, o.pack_multiple, o.returnable
"""
    + _OFFER_FROM
    + """
    JOIN pricing_supplier s ON s.id = o.supplier_id
    JOIN pricing_warehouse w ON w.id = o.warehouse_id
"""
)
_SORT_SQL = {
    SortOrder.PRICE: "o.price, o.delivery_days_max",
    SortOrder.PRICE_DESC: "o.price DESC, o.delivery_days_max",
    SortOrder.DELIVERY: "o.delivery_days_max, o.delivery_days_min, o.price",
}


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _offer_row(row, prices: PriceView | None = None) -> OfferRow:
    (*head, price, quantity, lower_bound, days_min, days_max, multiple, returnable) = row
    # SQLite hands decimals back as floats and booleans as integers.
    if not isinstance(price, Decimal):
        price = Decimal(str(price)).quantize(CENT)
    retail = price
    if prices is not None:
        price, retail = prices(price), prices.retail(price)
    return OfferRow(
        *head,
        price,
        quantity,
        bool(lower_bound),
        days_min,
        days_max,
        multiple,
        bool(returnable),
        retail,
    )


def _offer_rows(sql: str, params: list, prices: PriceView | None = None) -> list[OfferRow]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_offer_row(row, prices) for row in cursor.fetchall()]


def _offer_conditions(part_ids: list[int], filters: OfferFilters) -> tuple[str, list]:
    conditions = [f"o.part_id IN ({_placeholders(part_ids)})"]
    params: list = list(part_ids)
    if filters.in_stock:
        conditions.append("o.quantity > 0")
    if filters.max_days is not None:
        conditions.append("o.delivery_days_max <= %s")
        params.append(filters.max_days)
    return " AND ".join(conditions), params


def offers_for_part(
    part: Part, filters: OfferFilters, prices: PriceView | None = None
) -> PartOffers:
    """The offers for `part` and its analogs, grouped by kind, filtered, sorted and paged.

    Three queries after the part itself: its analogs, brand facets (which also give the
    total), and one page of offers, priced for the viewer by `prices` (retail if None).
    """
    analogs = analogs_of(part)
    group_of = _group_of_each_part(part, analogs)
    part_ids = list(group_of)
    where, params = _offer_conditions(part_ids, filters)

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.slug, b.name, COUNT(*) {_OFFER_FROM} WHERE {where}"
            " GROUP BY b.slug, b.name ORDER BY b.name",
            params,
        )
        facet_rows = cursor.fetchall()
    selected = set(filters.brands)
    facets = [
        BrandFacet(slug=slug, name=name, offer_count=count, selected=slug in selected)
        for slug, name, count in facet_rows
    ]
    total = sum(f.offer_count for f in facets if f.selected or not selected)
    if selected:
        where += f" AND b.slug IN ({_placeholders(selected)})"
        params += sorted(selected)

    ranks, rank_params = [], []
    for rank, kind in enumerate(GROUP_ORDER):
        ids = [pid for pid, group in group_of.items() if group == kind]
        if ids:
            ranks.append(f"WHEN o.part_id IN ({_placeholders(ids)}) THEN {rank}")
            rank_params += ids
    start = (filters.page - 1) * filters.page_size
    page = _offer_rows(
        f"{_OFFER_ROW_SQL} WHERE {where}"
        f" ORDER BY CASE {' '.join(ranks)} ELSE {len(GROUP_ORDER)} END,"
        f" {_SORT_SQL[filters.sort]}, o.id LIMIT %s OFFSET %s",
        [*params, *rank_params, filters.page_size, start],
        prices,
    )
    groups: list[OfferGroup] = []
    for offer in page:
        kind = group_of[offer.part_id]
        if not groups or groups[-1].kind != kind:
            groups.append(OfferGroup(kind=kind, offers=[]))
        groups[-1].offers.append(offer)
    return PartOffers(
        part=part,
        analogs=analogs,
        groups=groups,
        brand_facets=facets,
        filters=filters,
        total=total,
    )


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "number", "brand" or "name"
    text: str
    brand_name: str = ""
    brand_slug: str = ""
    number: str = ""
    name: str = ""


def suggest(text: str, limit: int = 10) -> list[Suggestion]:
    """Autocomplete from 3 characters: numbers by prefix, brands by spelling, names by words."""
    text = text.strip()
    if len(text) < MIN_SUGGEST_LENGTH:
        return []
    suggestions: list[Suggestion] = []
    number_norm = normalize_number(text)
    if len(number_norm) >= MIN_SUGGEST_LENGTH:
        parts = (
            Part.objects.filter(
                number_norm__gte=number_norm, number_norm__lt=prefix_upper_bound(number_norm)
            )
            .values("number", "name", "brand__name", "brand__slug")
            .order_by("number_norm", "brand_id")[:limit]
        )
        suggestions += [
            Suggestion(
                kind="number",
                text=f"{p['number']} {p['brand__name']}",
                brand_name=p["brand__name"],
                brand_slug=p["brand__slug"],
                number=p["number"],
                name=p["name"],
            )
            for p in parts
        ]
    key = brand_key(text)
    if len(key) >= MIN_SUGGEST_LENGTH:
        brands = (
            Brand.objects.filter(aliases__key__gte=key, aliases__key__lt=prefix_upper_bound(key))
            .values("name", "slug")
            .distinct()
            .order_by("name")[:3]
        )
        suggestions += [
            Suggestion(kind="brand", text=b["name"], brand_name=b["name"], brand_slug=b["slug"])
            for b in brands
        ]
    # Names are words: what holds a digit is a number being typed, and a prefix that matches
    # no name would cost a full-text lookup for nothing.
    words = [] if any(char.isdigit() for char in text) else query_words(text)
    if words and len(suggestions) < limit:
        named = (
            Part.objects.filter(name_match(words, limit=limit))
            .values("number", "name", "brand__name", "brand__slug")
            .order_by("name", "number_norm")[: limit - len(suggestions)]
        )
        suggestions += [
            Suggestion(
                kind="name",
                text=f"{p['name']} — {p['brand__name']} {p['number']}",
                brand_name=p["brand__name"],
                brand_slug=p["brand__slug"],
                number=p["number"],
                name=p["name"],
            )
            for p in named
        ]
    return suggestions[:limit]


@dataclass(frozen=True)
class NamedPart:
    part_id: int
    brand_name: str
    brand_slug: str
    number: str
    name: str
    offer_count: int
    min_price: Decimal | None


def parts_by_name(text: str, limit: int = 50, prices: PriceView | None = None) -> list[NamedPart]:
    """Parts whose name has every word of `text` (as a prefix), most offered first. One query."""
    words = query_words(text)
    if not words:
        return []
    rows = (
        Part.objects.filter(name_match(words, limit=500))
        .values("id", "number", "name", "brand__name", "brand__slug")
        .annotate(offer_count=Count("offers"), min_price=Min("offers__price"))
        .order_by("-offer_count", "name", "brand__name")[:limit]
    )
    return [
        NamedPart(
            part_id=row["id"],
            brand_name=row["brand__name"],
            brand_slug=row["brand__slug"],
            number=row["number"],
            name=row["name"],
            offer_count=row["offer_count"],
            # The viewer's factor keeps the cheapest offer the cheapest.
            min_price=_shown(row["min_price"], prices),
        )
        for row in rows
    ]


def _shown(price: Decimal | None, prices: PriceView | None) -> Decimal | None:
    if price is None or prices is None:
        return price
    if not isinstance(price, Decimal):
        price = Decimal(str(price)).quantize(CENT)
    return prices(price)


@dataclass(frozen=True)
class CloseNumber:
    number: str
    brand_name: str
    brand_slug: str
    name: str


def close_numbers(raw_number: str, limit: int = 8) -> list[CloseNumber]:
    """Numbers that look like a number that was not found: same beginning, most alike first."""
    number_norm = normalize_number(raw_number)
    if len(number_norm) < MIN_SUGGEST_LENGTH:
        return []
    prefix = number_norm[: max(MIN_SUGGEST_LENGTH, len(number_norm) // 2)]
    rows = list(
        Part.objects.filter(number_norm__gte=prefix, number_norm__lt=prefix_upper_bound(prefix))
        .values("number", "number_norm", "name", "brand__name", "brand__slug")
        .order_by("number_norm")[:500]
    )

    def likeness(row) -> float:
        return difflib.SequenceMatcher(None, number_norm, row["number_norm"]).ratio()

    rows.sort(key=lambda row: (-likeness(row), row["number_norm"]))
    return [
        CloseNumber(
            number=row["number"],
            brand_name=row["brand__name"],
            brand_slug=row["brand__slug"],
            name=row["name"],
        )
        for row in rows[:limit]
    ]


@dataclass
class SearchOutcome:
    """What a search box query found: brands for a number, else parts by name, else hints."""

    query: str
    brands: list[BrandMatch]
    named_parts: list[NamedPart]
    close: list[CloseNumber]

    @property
    def found(self) -> bool:
        return bool(self.brands or self.named_parts)


def search(text: str, prices: PriceView | None = None) -> SearchOutcome:
    """At most three queries: the number, then the words of the name, then close numbers."""
    text = text.strip()
    brands = brands_for_number(text)
    named = [] if brands else parts_by_name(text, prices=prices)
    close = [] if brands or named else close_numbers(text)
    return SearchOutcome(query=text, brands=brands, named_parts=named, close=close)


@dataclass
class PartCard:
    part: Part
    analogs: list[AnalogLink]
    offers: list[OfferRow]


def part_card(part: Part, max_offers: int = 50, prices: PriceView | None = None) -> PartCard:
    """The part page: its analogs and its own cheapest offers (priced by `prices`). Two queries."""
    offers = _offer_rows(
        f"{_OFFER_ROW_SQL} WHERE o.part_id = %s ORDER BY {_SORT_SQL[SortOrder.PRICE]}, o.id LIMIT %s",
        [part.pk, max_offers],
        prices,
    )
    return PartCard(part=part, analogs=analogs_of(part), offers=offers)
