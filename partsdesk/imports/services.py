"""Importing suppliers' price lists: read, stage, compare, then publish, hold or reject.

    price_list_import = import_create(supplier=s, file=f, filename="list.csv", user=u)
    import_run(price_list_import)       # in a Celery task or `manage.py import_prices`

`import_run` streams the file through `pricing.pricelist` into a staging table (see
staging.py), reports bad rows by reason, sets aside rows whose brand spelling is unknown, and
compares the list with the supplier's live offers. A list with too many bad rows is rejected;
one that would remove too many offers or move many prices tenfold waits in quarantine for
staff; a dry run only reports; anything else is published in one transaction.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.core.files import File
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from partsdesk.catalog.models import Brand, BrandAlias
from partsdesk.catalog.numbers import brand_key
from partsdesk.catalog.services import brand_alias_add, brand_create
from partsdesk.pricing.models import Offer, Supplier, Warehouse
from partsdesk.pricing.pricelist import BadRow, PriceListError, read_price_list
from partsdesk.pricing.services import SalePricer

from . import staging
from .models import (
    HeldRow,
    ImportKind,
    ImportProfile,
    ImportStatus,
    PriceListImport,
    UnknownBrand,
)

logger = logging.getLogger(__name__)

BATCH_ROWS = 20_000  # rows staged per statement
BAD_ROW_SAMPLES = 500  # bad rows kept in a report, with line and reason
PROGRESS_EVERY = 0.5  # seconds between progress updates
STALE_AFTER = datetime.timedelta(minutes=10)  # a running import silent this long has died
# Rows a supplier lists with too little stock are skipped, but they are not broken.
NOT_BAD = frozenset({"below_min_quantity"})
NUMBER_LENGTH, NAME_LENGTH = 64, 255


class PriceListImportError(ValueError):
    """An import request that cannot be carried out; the message is shown to staff."""


Progress = Callable[[PriceListImport], None]


def import_profile_get(supplier: Supplier) -> ImportProfile:
    """The supplier's import profile; a supplier without one gets the defaults."""
    profile = ImportProfile.objects.filter(supplier=supplier).first()
    if profile is not None:
        return profile
    warehouse = supplier.warehouses.order_by("pk").first()
    if warehouse is None:
        warehouse = Warehouse.objects.create(supplier=supplier, name="Main")
    profile, _created = ImportProfile.objects.get_or_create(
        supplier=supplier, defaults={"warehouse": warehouse}
    )
    return profile


def import_create(
    *,
    file: IO[bytes] | Path | str,
    filename: str,
    supplier: Supplier | None = None,
    kind: str = ImportKind.PRICES,
    dry_run: bool = False,
    user=None,
) -> PriceListImport:
    """Store the file and queue an import of it (run it with `import_run`)."""
    if kind == ImportKind.PRICES and supplier is None:
        raise PriceListImportError(_("A price list belongs to a supplier."))
    if kind == ImportKind.PRICES:
        import_profile_get(supplier)
    filename = Path(filename).name or "list"
    price_list_import = PriceListImport(
        kind=kind, supplier=supplier, filename=filename, dry_run=dry_run, created_by=user
    )
    if isinstance(file, str | Path):
        with open(file, "rb") as stream:
            price_list_import.file.save(filename, File(stream), save=False)
    else:
        price_list_import.file.save(filename, File(file), save=False)
    price_list_import.bytes_total = price_list_import.file.size
    price_list_import.save()
    return price_list_import


class _Phases:
    """Seconds spent in each phase of an import, for its report (and the benchmarks)."""

    def __init__(self, report: dict) -> None:
        self.seconds = report.setdefault("phases", {})
        self.started = time.monotonic()

    def done(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = round(now - self.started, 3)
        self.started = now


def _set(price_list_import: PriceListImport, **fields) -> None:
    """Save fields of the import at once, outside any transaction, for others to see."""
    for name, value in fields.items():
        setattr(price_list_import, name, value)
    PriceListImport.objects.filter(pk=price_list_import.pk).update(**fields)


def _finish(price_list_import: PriceListImport, status: str, **fields) -> None:
    _set(price_list_import, status=status, finished_at=timezone.now(), **fields)


def imports_interrupted_close(*, supplier: Supplier | None = None) -> int:
    """Mark imports that died while running as failed and drop their staging tables."""
    silent_since = timezone.now() - STALE_AFTER
    dead = PriceListImport.objects.filter(
        status=ImportStatus.RUNNING, heartbeat_at__lt=silent_since
    )
    if supplier is not None:
        dead = dead.filter(supplier=supplier)
    closed = 0
    for price_list_import in dead:
        staging.staging_drop(price_list_import.pk)
        report = {**price_list_import.report, "error": "The import stopped before it finished."}
        _finish(price_list_import, ImportStatus.FAILED, report=report)
        closed += 1
    return closed


def staging_tables_drop_unused() -> int:
    """Drop the staging tables of imports that will not be published any more."""
    waiting = set(
        PriceListImport.objects.filter(
            status__in=[ImportStatus.QUARANTINED, ImportStatus.RUNNING, ImportStatus.QUEUED]
        ).values_list("pk", flat=True)
    )
    dropped = 0
    for import_id in staging.staging_tables():
        if import_id not in waiting:
            staging.staging_drop(import_id)
            dropped += 1
    return dropped


def import_run(
    price_list_import: PriceListImport, *, progress: Progress | None = None
) -> PriceListImport:
    """Run a queued import to its end: checked, published, quarantined, rejected or failed."""
    if price_list_import.kind == ImportKind.CROSSREFS:
        from .crossrefs import crossref_import_run

        return crossref_import_run(price_list_import, progress=progress)
    claimed = PriceListImport.objects.filter(
        pk=price_list_import.pk, status=ImportStatus.QUEUED
    ).update(status=ImportStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now())
    if not claimed:
        raise PriceListImportError(_("This import has already been run."))
    price_list_import.refresh_from_db()
    imports_interrupted_close(supplier=price_list_import.supplier)
    try:
        with staging.memory_bounded():
            _stage(price_list_import, progress)
            if price_list_import.status == ImportStatus.RUNNING:
                _compare_and_decide(price_list_import)
    except PriceListError as error:
        staging.staging_drop(price_list_import.pk)
        _finish(
            price_list_import,
            ImportStatus.REJECTED,
            report={**price_list_import.report, "error": str(error)},
        )
    except Exception as error:
        logger.exception("Import %s failed", price_list_import.pk)
        staging.staging_drop(price_list_import.pk)
        _finish(
            price_list_import,
            ImportStatus.FAILED,
            report={**price_list_import.report, "error": f"{type(error).__name__}: {error}"},
        )
        raise
    if progress is not None:
        progress(price_list_import)
    return price_list_import


def _stage(price_list_import: PriceListImport, progress: Progress | None) -> None:
    """Read the file into the staging table, counting good, bad and held rows."""
    supplier = price_list_import.supplier
    profile = import_profile_get(supplier)
    currency = profile.currency or supplier.currency
    pricer = SalePricer(supplier)
    price = pricer.price
    known = dict(BrandAlias.objects.values_list("key", "brand_id"))
    spellings: dict[str, tuple[int | None, str]] = {}
    bad: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    bad_samples: list[dict] = []
    rows_ok = rows_held = 0
    import_id = price_list_import.pk
    started = time.monotonic()
    staging.staging_create(import_id)
    batch: list[tuple] = []
    last_progress = time.monotonic()

    with (
        price_list_import.file.open("rb") as stream,
        staging.StagingWriter(import_id) as staged,
    ):
        reader = read_price_list(stream, profile.list_format(), filename=price_list_import.filename)
        report = {
            "format": reader.kind,
            "encoding": reader.encoding,
            "delimiter": reader.delimiter,
            "columns": {field: str(value) for field, value in reader.columns_found.items()},
        }
        _set(price_list_import, report=report, bytes_total=reader.total_bytes)
        for row in reader:
            if row.__class__ is BadRow:
                if row.reason in NOT_BAD:
                    skipped[row.reason] += 1
                    continue
                bad[row.reason] += 1
                if len(bad_samples) < BAD_ROW_SAMPLES:
                    bad_samples.append(
                        {"line": row.line, "reason": row.reason, "value": row.detail}
                    )
                continue
            resolved = spellings.get(row.brand)
            if resolved is None:
                key = brand_key(row.brand)
                resolved = spellings[row.brand] = (known.get(key), key)
            brand_id, key = resolved
            if brand_id is None:
                rows_held += 1
                batch.append(
                    (row.line, None, row.brand[:100], key[:100], row.number[:NUMBER_LENGTH],
                     row.number_norm[:NUMBER_LENGTH], row.name[:NAME_LENGTH], row.price,
                     currency, None, row.quantity, row.quantity_is_lower_bound,
                     row.delivery_days_min, row.delivery_days_max, row.pack_multiple)
                )  # fmt: skip
            else:
                rows_ok += 1
                batch.append(
                    (row.line, brand_id, "", "", row.number[:NUMBER_LENGTH],
                     row.number_norm[:NUMBER_LENGTH], row.name[:NAME_LENGTH], row.price,
                     currency, price(row.price, currency, brand_id), row.quantity,
                     row.quantity_is_lower_bound, row.delivery_days_min, row.delivery_days_max,
                     row.pack_multiple)
                )  # fmt: skip
            if len(batch) >= BATCH_ROWS:
                staged.write(batch)
                batch = []
                if time.monotonic() - last_progress >= PROGRESS_EVERY:
                    last_progress = time.monotonic()
                    _set(
                        price_list_import,
                        bytes_read=reader.bytes_read,
                        rows_read=reader.rows_read,
                        heartbeat_at=timezone.now(),
                    )
                    if progress is not None:
                        progress(price_list_import)
        if batch:
            staged.write(batch)
        rows_bad = sum(bad.values())
        report.update(
            phases={"read": round(time.monotonic() - started, 3)},
            bad_by_reason=dict(bad.most_common()),
            bad_rows=bad_samples,
            skipped_by_reason=dict(skipped.most_common()),
        )
        _set(
            price_list_import,
            bytes_read=reader.total_bytes or reader.bytes_read,
            rows_read=reader.rows_read,
            rows_ok=rows_ok,
            rows_bad=rows_bad,
            rows_held=rows_held,
            heartbeat_at=timezone.now(),
            report=report,
        )

    counted = rows_ok + rows_bad + rows_held
    if not rows_ok and not rows_held:
        staging.staging_drop(import_id)
        report["rejected_because"] = "no_rows"
        _finish(price_list_import, ImportStatus.REJECTED, report=report)
        return
    bad_percent = Decimal(100 * rows_bad) / counted
    if bad_percent > profile.max_bad_percent:
        staging.staging_drop(import_id)
        report["rejected_because"] = "too_many_bad_rows"
        report["bad_percent"] = str(bad_percent.quantize(Decimal("0.1")))
        _finish(price_list_import, ImportStatus.REJECTED, report=report)


def _compare_and_decide(price_list_import: PriceListImport) -> None:
    import_id = price_list_import.pk
    report = dict(price_list_import.report)
    phases = _Phases(report)
    held = staging.held_spellings(import_id)
    report["unknown_brands"] = [
        {"key": spelling.key, "spelling": spelling.spelling, "rows": spelling.rows}
        for spelling in held[:200]
    ]
    staging.incoming_build(import_id)
    phases.done("incoming")
    if price_list_import.dry_run:
        parts_new = staging.new_parts_count(import_id)
    else:
        with transaction.atomic():
            parts_new = staging.parts_create(import_id)
    staging.incoming_index(import_id)
    phases.done("parts")
    duplicate_count, duplicate_samples = staging.duplicates(import_id, limit=50)
    report["duplicates"] = duplicate_count
    report["duplicate_rows"] = [
        {"line": line, "number": number} for line, number in duplicate_samples
    ]
    _set(price_list_import, report=report, parts_new=parts_new)
    if price_list_import.dry_run:
        profile = import_profile_get(price_list_import.supplier)
        difference = staging.difference(import_id, warehouse_id=profile.warehouse_id)
        phases.done("compare")
        _report_difference(report, difference)
        staging.staging_drop(import_id)
        _finish(price_list_import, ImportStatus.CHECKED, report=report, **_counts(difference))
        return
    unknown_brands_record({spelling.key: spelling.spelling for spelling in held})
    _decide(price_list_import, report=report, phases=phases)


def _counts(difference: staging.Difference) -> dict[str, int]:
    return {
        "offers_new": difference.new,
        "offers_changed": difference.changed,
        "offers_removed": difference.removed,
        "offers_unchanged": difference.unchanged,
    }


def _report_difference(report: dict, difference: staging.Difference) -> None:
    report["price_changes"] = difference.largest_changes
    report["price_jumps"] = difference.price_jumps
    report["live_before"] = difference.live


def _hold_reasons(difference: staging.Difference, profile: ImportProfile) -> list[str]:
    reasons = []
    if difference.live and Decimal(100 * difference.removed) / difference.live > (
        profile.max_removed_percent
    ):
        reasons.append("removes_too_many")
    kept = difference.changed + difference.unchanged
    if kept and Decimal(100 * difference.price_jumps) / kept > profile.max_price_jump_percent:
        reasons.append("price_jumps")
    return reasons


@transaction.atomic
def _decide(
    price_list_import: PriceListImport,
    *,
    report: dict,
    phases: _Phases,
    user=None,
    hold: bool = True,
) -> None:
    """Compare the list with the live offers and publish it, or hold it (when `hold`).

    The supplier stays locked from the comparison to the publication, so that no other list
    of the supplier (or rows resolved from the brand queue) slips in between.
    """
    supplier = Supplier.objects.select_for_update().get(pk=price_list_import.supplier_id)
    profile = import_profile_get(supplier)
    difference = staging.difference(price_list_import.pk, warehouse_id=profile.warehouse_id)
    phases.done("compare")
    _report_difference(report, difference)
    reasons = _hold_reasons(difference, profile) if hold else []
    if reasons:
        report["held_because"] = reasons
        _finish(
            price_list_import,
            ImportStatus.QUARANTINED,
            report=report,
            **_counts(difference),
        )
        return
    published = staging.publish(
        price_list_import.pk,
        supplier_id=supplier.pk,
        warehouse_id=profile.warehouse_id,
        now=timezone.now(),
        difference=difference,
    )
    # The rows an earlier list held for unknown brands are replaced by this list's.
    HeldRow.objects.filter(price_list_import__supplier=supplier).delete()
    staging.held_rows_copy(price_list_import.pk)
    _unknown_brands_recount()
    phases.done("publish")
    _finish(
        price_list_import,
        ImportStatus.PUBLISHED,
        report=report,
        decided_by=user,
        offers_new=published.new,
        offers_changed=published.changed,
        offers_removed=published.removed,
        offers_unchanged=difference.unchanged,
    )
    import_id = price_list_import.pk
    transaction.on_commit(lambda: staging.staging_drop(import_id))
    moved, parts_new = published.new + published.removed, price_list_import.parts_new
    transaction.on_commit(
        lambda: staging.statistics_refresh(offers_moved=moved, parts_new=parts_new)
    )
    transaction.on_commit(_offers_changed)


def unknown_brands_record(spellings: dict[str, str]) -> None:
    """Queue the brand spellings (key → as written) nobody knows, in a fixed number of
    queries; one resolved before whose alias has gone since goes back to the queue."""
    spellings = {key[:100]: spelling[:100] for key, spelling in spellings.items()}
    queued = set(UnknownBrand.objects.filter(key__in=spellings).values_list("key", flat=True))
    UnknownBrand.objects.bulk_create(
        [
            UnknownBrand(key=key, spelling=text)
            for key, text in spellings.items()
            if key not in queued
        ],
        ignore_conflicts=True,
    )
    UnknownBrand.objects.filter(key__in=queued, resolved_brand__isnull=False).update(
        resolved_brand=None, resolved_at=None, resolved_by=None
    )


def _offers_changed() -> None:
    """What follows a change of live offers: watched parts are compared with their prices."""
    from partsdesk.watch.services import watched_prices_check

    watched_prices_check()


def _unknown_brands_recount() -> None:
    held = (
        HeldRow.objects.filter(unknown_brand=OuterRef("pk"))
        .values("unknown_brand")
        .annotate(n=Count("pk"))
        .values("n")
    )
    UnknownBrand.objects.filter(resolved_brand__isnull=True).update(
        rows_held=Coalesce(Subquery(held), 0)
    )


def import_publish(price_list_import: PriceListImport, *, user) -> PriceListImport:
    """Publish a list held in quarantine, as staff decided."""
    with transaction.atomic():
        locked = PriceListImport.objects.select_for_update().get(pk=price_list_import.pk)
        if locked.status != ImportStatus.QUARANTINED:
            raise PriceListImportError(_("Only a list held for review can be published."))
        newer = PriceListImport.objects.filter(
            supplier_id=locked.supplier_id,
            status=ImportStatus.PUBLISHED,
            finished_at__gt=locked.finished_at,
        ).exists()
        if newer:
            raise PriceListImportError(_("A newer list of this supplier has been published since."))
        report = dict(locked.report)
        _decide(locked, report=report, phases=_Phases(report), user=user, hold=False)
    price_list_import.refresh_from_db()
    return price_list_import


def import_discard(price_list_import: PriceListImport, *, user) -> PriceListImport:
    """Throw away a list held in quarantine; the live offers stay as they are."""
    with transaction.atomic():
        locked = PriceListImport.objects.select_for_update().get(pk=price_list_import.pk)
        if locked.status != ImportStatus.QUARANTINED:
            raise PriceListImportError(_("Only a list held for review can be discarded."))
        _set(locked, status=ImportStatus.DISCARDED, decided_by=user)
        import_id = locked.pk
        transaction.on_commit(lambda: staging.staging_drop(import_id))
    price_list_import.refresh_from_db()
    return price_list_import


@transaction.atomic
def unknown_brand_resolve(
    unknown_brand: UnknownBrand,
    *,
    user,
    brand: Brand | None = None,
    new_brand_name: str = "",
) -> int:
    """Make the spelling mean `brand` (or a new brand) and list the rows it held.

    Returns how many offers were added. Raises CatalogError for a brand that cannot be made.
    """
    unknown_brand = UnknownBrand.objects.select_for_update().get(pk=unknown_brand.pk)
    if unknown_brand.resolved_brand_id is not None:
        raise PriceListImportError(_("This spelling has already been resolved."))
    if (brand is None) == (not new_brand_name.strip()):
        raise PriceListImportError(_("Choose a brand or name a new one."))
    if brand is None:
        brand = brand_create(name=new_brand_name, aliases=[unknown_brand.spelling])
    else:
        brand_alias_add(brand=brand, spelling=unknown_brand.spelling)
    added = 0
    rows = HeldRow.objects.filter(unknown_brand=unknown_brand).select_related(
        "price_list_import__supplier"
    )
    by_import: dict[int, list[HeldRow]] = {}
    for row in rows:
        by_import.setdefault(row.price_list_import_id, []).append(row)
    for held in by_import.values():
        added += _held_rows_list(held, brand=brand)
    HeldRow.objects.filter(unknown_brand=unknown_brand).delete()
    unknown_brand.resolved_brand = brand
    unknown_brand.resolved_at = timezone.now()
    unknown_brand.resolved_by = user
    unknown_brand.rows_held = 0
    unknown_brand.save()
    if added:
        transaction.on_commit(_offers_changed)
    return added


def _held_rows_list(rows: list[HeldRow], *, brand: Brand) -> int:
    """Turn held rows of one published list into offers at its warehouse."""
    from partsdesk.catalog.models import Part

    # Locked like a publication: a list of this supplier cannot go live half-way through.
    supplier = Supplier.objects.select_for_update().get(pk=rows[0].price_list_import.supplier_id)
    profile = import_profile_get(supplier)
    pricer = SalePricer(supplier)
    first: dict[str, HeldRow] = {}
    for row in sorted(rows, key=lambda r: r.line):
        first.setdefault(row.number_norm, row)
    Part.objects.bulk_create(
        [Part(brand=brand, number=row.number, number_norm=norm, name=row.name)
         for norm, row in first.items()],
        ignore_conflicts=True,
        batch_size=1000,
    )  # fmt: skip
    parts = dict(
        Part.objects.filter(brand=brand, number_norm__in=list(first)).values_list(
            "number_norm", "pk"
        )
    )
    listed = set(
        Offer.objects.filter(warehouse=profile.warehouse, part_id__in=parts.values()).values_list(
            "part_id", flat=True
        )
    )
    offers = [
        Offer(
            supplier=supplier,
            warehouse=profile.warehouse,
            part_id=parts[norm],
            purchase_price=row.purchase_price,
            currency=row.currency,
            price=pricer.price(row.purchase_price, row.currency, brand.pk),
            quantity=row.quantity,
            quantity_is_lower_bound=row.quantity_is_lower_bound,
            delivery_days_min=row.delivery_days_min,
            delivery_days_max=row.delivery_days_max,
            pack_multiple=row.pack_multiple,
        )
        for norm, row in first.items()
        if parts[norm] not in listed
    ]
    Offer.objects.bulk_create(offers, batch_size=1000)
    return len(offers)
