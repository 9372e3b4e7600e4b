"""Reads for the import pages: the latest imports, a report put into words, the suppliers'
profiles, the brand spellings waiting for staff, and brands found by any spelling."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partsdesk.catalog.models import Brand, BrandAlias
from partsdesk.catalog.numbers import brand_key, prefix_upper_bound
from partsdesk.pricing.models import Supplier

from .models import ImportStatus, PriceListImport, UnknownBrand

# The reader's reason codes (pricing.pricelist) in words; an unknown code shows as itself.
ROW_REASONS = {
    "no_number": _("No article number"),
    "no_brand": _("No brand"),
    "bad_price": _("The price does not read as a number"),
    "zero_price": _("Zero price"),
    "negative_price": _("Negative price"),
    "bad_quantity": _("The quantity does not read"),
    "negative_quantity": _("Negative quantity"),
    "bad_delivery": _("The delivery time does not read"),
    "bad_multiple": _("The pack multiple does not read"),
    "short_row": _("Too few columns"),
    "unknown_brand": _("Unknown brand spelling"),
    "same_part": _("A part cannot be its own analog"),
    "below_min_quantity": _("Less stock than the profile's minimum (skipped, not bad)"),
}
# The reader's fields (pricing.pricelist.FIELDS) as the report names the columns found.
FIELD_LABELS = {
    "brand": _("Brand"),
    "number": _("Article number"),
    "name": _("Name"),
    "price": _("Price"),
    "quantity": _("Quantity"),
    "delivery": _("Delivery time"),
    "multiple": _("Pack multiple"),
    "description": _("Description"),
}
HELD_BECAUSE = {
    "removes_too_many": _("It would remove more of the supplier's offers than the profile allows."),
    "price_jumps": _("It moves more prices tenfold than the profile allows."),
}
REJECTED_BECAUSE = {
    "too_many_bad_rows": _("Too many bad rows."),
    "no_rows": _("The list has no usable rows."),
}
UNKNOWN_BRANDS_SHOWN = 200
RESOLVED_SHOWN = 50


def imports_latest(
    *, supplier_id: int | None = None, status: str = ""
) -> QuerySet[PriceListImport]:
    """Imports newest first, optionally of one supplier and in one status."""
    imports = PriceListImport.objects.select_related("supplier", "created_by", "decided_by")
    if supplier_id:
        imports = imports.filter(supplier_id=supplier_id)
    if status:
        imports = imports.filter(status=status)
    return imports


def imports_quarantined() -> list[PriceListImport]:
    """Lists held for review: staff decide each of them."""
    return list(imports_latest(status=ImportStatus.QUARANTINED))


def imports_running_count() -> int:
    return PriceListImport.objects.filter(
        status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).count()


def suppliers_for_imports() -> QuerySet[Supplier]:
    """Every supplier with its import profile (None for one that has none yet)."""
    return Supplier.objects.select_related("import_profile__warehouse").order_by("name")


@dataclass
class ReasonCount:
    code: str
    label: str
    count: int


@dataclass
class SampleRow:
    line: int
    code: str
    label: str
    value: str


@dataclass
class PriceChange:
    brand: str
    number: str
    old_purchase_price: str
    new_purchase_price: str
    old_price: str
    new_price: str
    percent: Decimal | None


@dataclass
class ImportReport:
    """An import's report in the words of its page."""

    bad_by_reason: list[ReasonCount] = field(default_factory=list)
    skipped_by_reason: list[ReasonCount] = field(default_factory=list)
    bad_rows: list[SampleRow] = field(default_factory=list)
    duplicates: int = 0
    duplicate_rows: list[dict] = field(default_factory=list)
    unknown_brands: list[dict] = field(default_factory=list)
    price_changes: list[PriceChange] = field(default_factory=list)
    price_jumps: int = 0
    links_new: int | None = None  # cross-reference files: analog links added
    links_known: int | None = None  # and those the catalog had already
    held_because: list[str] = field(default_factory=list)
    rejected_because: str = ""
    bad_percent: str = ""
    error: str = ""
    format: str = ""
    encoding: str = ""
    delimiter: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)  # (field in words, column)


def _reason(code: str) -> str:
    return str(ROW_REASONS.get(code, code))


def _percent(old: str, new: str) -> Decimal | None:
    try:
        old_value, new_value = Decimal(old), Decimal(new)
    except (InvalidOperation, TypeError):
        return None
    if not old_value:
        return None
    return (100 * (new_value - old_value) / old_value).quantize(Decimal("0.1"))


def import_report(price_list_import: PriceListImport) -> ImportReport:
    """The stored report of an import with its codes turned into the texts staff read."""
    report = price_list_import.report or {}
    unknown = report.get("unknown_brands") or []
    # Which of the list's spellings still wait in the queue, to link them there.
    waiting = set(
        UnknownBrand.objects.filter(
            key__in=[entry.get("key", "") for entry in unknown], resolved_brand__isnull=True
        ).values_list("key", flat=True)
    )
    rejected = report.get("rejected_because", "")
    return ImportReport(
        bad_by_reason=[
            ReasonCount(code, _reason(code), count)
            for code, count in (report.get("bad_by_reason") or {}).items()
        ],
        skipped_by_reason=[
            ReasonCount(code, _reason(code), count)
            for code, count in (report.get("skipped_by_reason") or {}).items()
        ],
        bad_rows=[
            SampleRow(
                line=row.get("line", 0),
                code=row.get("reason", ""),
                label=_reason(row.get("reason", "")),
                value=row.get("value", ""),
            )
            for row in report.get("bad_rows") or []
        ],
        duplicates=report.get("duplicates", 0),
        duplicate_rows=report.get("duplicate_rows") or [],
        unknown_brands=[{**entry, "waiting": entry.get("key") in waiting} for entry in unknown],
        price_changes=[
            PriceChange(
                brand=change.get("brand", ""),
                number=change.get("number", ""),
                old_purchase_price=change.get("old_purchase_price", ""),
                new_purchase_price=change.get("new_purchase_price", ""),
                old_price=change.get("old_price", ""),
                new_price=change.get("new_price", ""),
                percent=_percent(change.get("old_price", ""), change.get("new_price", "")),
            )
            for change in report.get("price_changes") or []
        ],
        price_jumps=report.get("price_jumps", 0),
        links_new=report.get("links_new"),
        links_known=report.get("links_known"),
        held_because=[
            str(HELD_BECAUSE.get(code, code)) for code in report.get("held_because") or []
        ],
        rejected_because=str(REJECTED_BECAUSE.get(rejected, rejected)) if rejected else "",
        bad_percent=report.get("bad_percent", ""),
        error=report.get("error", ""),
        format=report.get("format", ""),
        encoding=report.get("encoding", ""),
        delimiter=str(_("Tab")) if report.get("delimiter") == "\t" else report.get("delimiter", ""),
        columns=[
            (str(FIELD_LABELS.get(name, name)), column)
            for name, column in (report.get("columns") or {}).items()
        ],
    )


def unknown_brands_waiting() -> QuerySet[UnknownBrand]:
    """Spellings staff have not mapped yet, those holding the most rows first."""
    return UnknownBrand.objects.filter(resolved_brand__isnull=True).order_by(
        "-rows_held", "-last_seen_at", "key"
    )


def unknown_brands_resolved(limit: int = RESOLVED_SHOWN) -> list[UnknownBrand]:
    """The latest mapped spellings, with the brand and who mapped them."""
    return list(
        UnknownBrand.objects.filter(resolved_brand__isnull=False)
        .select_related("resolved_brand", "resolved_by")
        .order_by("-resolved_at", "-pk")[:limit]
    )


def brand_by_spelling(text: str) -> Brand | None:
    """The brand a person means by its name or any known spelling (`Mann`, `MANN-FILTER`)."""
    text = text.strip()
    if not text:
        return None
    brand = Brand.objects.filter(name__iexact=text).first()
    if brand is not None:
        return brand
    key = brand_key(text)
    if not key:
        return None
    alias = BrandAlias.objects.filter(key=key).select_related("brand").first()
    return alias.brand if alias is not None else None


def brands_matching(text: str, limit: int = 20) -> list[str]:
    """Brand names for an autocomplete: spellings starting with the text, then containing it."""
    text = text.strip()
    key = brand_key(text)
    if not key:
        return []
    starting = list(
        Brand.objects.filter(
            Q(aliases__key__gte=key, aliases__key__lt=prefix_upper_bound(key))
            | Q(name__istartswith=text)
        )
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()[:limit]
    )
    if len(starting) < limit:
        containing = (
            Brand.objects.filter(Q(aliases__key__contains=key) | Q(name__icontains=text))
            .exclude(name__in=starting)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()[: limit - len(starting)]
        )
        starting.extend(containing)
    return starting
