"""Importing cross-reference files: `brand;number;analog brand;analog number` per line.

CSV/TXT read with the price lists' encoding and delimiter detection, or XLSX (the first four
columns of the first sheet); brands resolved through the same spellings (unknown ones join
the moderation queue); linked both ways as analogs. Links only add up: a file never removes
a link; importing it twice adds nothing the second time.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partsdesk.catalog.models import (
    MIRRORED_KIND,
    BrandAlias,
    CrossKind,
    CrossReference,
    CrossSource,
    Part,
)
from partsdesk.catalog.numbers import brand_key, normalize_number
from partsdesk.pricing.pricelist import (
    HEAD_SIZE,
    SNIFF_LINES,
    XLSX_MAGIC,
    PriceListError,
    detect_delimiter,
    detect_encoding,
)
from partsdesk.pricing.xlsx import XlsxError, XlsxReader, cell_text

from .models import ImportStatus, PriceListImport

BATCH_LINKS = 5_000
BAD_ROW_SAMPLES = 500
MAX_BAD_PERCENT = Decimal("20")
HEADER_WORDS = frozenset({"бренд", "производитель", "brand", "артикул", "номер", "number"})
NUMBER_LENGTH = 64


def _csv_lines(stream, head: bytes) -> tuple[Iterator[tuple[int, list[str]]], dict]:
    encoding = detect_encoding(head, at_end=len(head) < HEAD_SIZE)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    sample = head.decode(encoding, errors="replace").splitlines()[:SNIFF_LINES]
    delimiter = detect_delimiter(sample) or ";"
    records = csv.reader(text, delimiter=delimiter)
    lines = ((records.line_num, record) for record in records)
    return lines, {
        "format": "csv",
        "encoding": codecs.lookup(encoding).name,
        "delimiter": delimiter,
    }


def _xlsx_lines(stream) -> Iterator[tuple[int, list[str]]]:
    stream.seek(0)
    with XlsxReader(stream) as reader:
        for line, values in reader.rows():
            yield line, [cell_text(value) for value in values]


def _lines(stream) -> tuple[Iterator[tuple[int, list[str]]], dict]:
    """(line number, cells) of a CSV/TXT or XLSX file, and how it was read."""
    head = stream.read(HEAD_SIZE)
    if head.startswith(XLSX_MAGIC):
        return _xlsx_lines(stream), {"format": "xlsx"}
    return _csv_lines(stream, head)


def crossref_import_run(price_list_import: PriceListImport, *, progress=None) -> PriceListImport:
    """Read the file, then add its links in one transaction (or only count them: dry run)."""
    from .services import _finish, _set, unknown_brands_record

    claimed = PriceListImport.objects.filter(
        pk=price_list_import.pk, status=ImportStatus.QUEUED
    ).update(status=ImportStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now())
    if not claimed:
        from .services import PriceListImportError

        raise PriceListImportError(_("This import has already been run."))
    price_list_import.refresh_from_db()
    known = dict(BrandAlias.objects.values_list("key", "brand_id"))
    bad: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    spellings: dict[str, str] = {}
    samples: list[dict] = []
    pairs: dict[tuple[int, str], str] = {}  # (brand, number_norm) → number as written
    links: set[tuple[tuple[int, str], tuple[int, str]]] = set()
    rows_ok = 0

    def reject_row(line: int, reason: str, value: str) -> None:
        bad[reason] += 1
        if len(samples) < BAD_ROW_SAMPLES:
            samples.append({"line": line, "reason": reason, "value": value[:80]})

    try:
        with price_list_import.file.open("rb") as stream:
            lines, report = _lines(stream)
            for line, record in lines:
                cells = [cell.strip() for cell in record]
                if not any(cells):
                    continue
                if line == 1 and {c.lower() for c in cells} & HEADER_WORDS:
                    continue
                if len(cells) < 4:
                    reject_row(line, "short_row", ";".join(cells))
                    continue
                sides = []
                for brand, number in ((cells[0], cells[1]), (cells[2], cells[3])):
                    norm = normalize_number(number)[:NUMBER_LENGTH]
                    if not norm:
                        reject_row(line, "no_number", number)
                        break
                    if not brand:
                        reject_row(line, "no_brand", number)
                        break
                    key = brand_key(brand)
                    brand_id = known.get(key)
                    if brand_id is None:
                        unknown[key] += 1
                        spellings.setdefault(key, brand)
                        reject_row(line, "unknown_brand", brand)
                        break
                    pairs.setdefault((brand_id, norm), number[:NUMBER_LENGTH])
                    sides.append((brand_id, norm))
                if len(sides) < 2:
                    continue
                if sides[0] == sides[1]:
                    reject_row(line, "same_part", cells[1])
                    continue
                rows_ok += 1
                # An analog link is the same read from either side.
                links.add((min(sides), max(sides)))
    except (PriceListError, XlsxError, UnicodeError, csv.Error) as error:
        _finish(price_list_import, ImportStatus.REJECTED, report={"error": str(error)})
        return price_list_import

    rows_bad = sum(bad.values())
    report.update(
        bad_by_reason=dict(bad.most_common()),
        bad_rows=samples,
        unknown_brands=[
            {"key": key, "spelling": spellings[key], "rows": rows}
            for key, rows in unknown.most_common(200)
        ],
    )
    _set(price_list_import, rows_read=rows_ok + rows_bad, rows_ok=rows_ok, rows_bad=rows_bad)
    unknown_brands_record({key: spellings[key] for key in unknown})
    counted = rows_ok + rows_bad
    if not rows_ok or Decimal(100 * rows_bad) / counted > MAX_BAD_PERCENT:
        report["rejected_because"] = "too_many_bad_rows" if rows_ok else "no_rows"
        _finish(price_list_import, ImportStatus.REJECTED, report=report)
        return price_list_import

    with transaction.atomic():
        parts_new, links_new = _links_add(pairs, links, dry_run=price_list_import.dry_run)
        report["links_new"] = links_new
        report["links_known"] = len(links) - links_new
        _finish(
            price_list_import,
            ImportStatus.CHECKED if price_list_import.dry_run else ImportStatus.PUBLISHED,
            parts_new=parts_new,
            report=report,
        )
    if progress is not None:
        progress(price_list_import)
    return price_list_import


def _part_ids(keys: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    by_brand: dict[int, list[str]] = {}
    for brand_id, norm in keys:
        by_brand.setdefault(brand_id, []).append(norm)
    found: dict[tuple[int, str], int] = {}
    for brand_id, numbers in by_brand.items():
        for start in range(0, len(numbers), BATCH_LINKS):
            chunk = numbers[start : start + BATCH_LINKS]
            for pk, norm in Part.objects.filter(
                brand_id=brand_id, number_norm__in=chunk
            ).values_list("pk", "number_norm"):
                found[(brand_id, norm)] = pk
    return found


def _links_known(part_ids: list[int]) -> set[tuple[int, int]]:
    known: set[tuple[int, int]] = set()
    for start in range(0, len(part_ids), BATCH_LINKS):
        known.update(
            CrossReference.objects.filter(
                part_id__in=part_ids[start : start + BATCH_LINKS]
            ).values_list("part_id", "analog_id")
        )
    return known


def _links_add(
    pairs: dict[tuple[int, str], str],
    links: set[tuple[tuple[int, str], tuple[int, str]]],
    *,
    dry_run: bool,
) -> tuple[int, int]:
    """Create the missing parts and links; returns (new parts, new links)."""
    ids = _part_ids(list(pairs))
    missing = [key for key in pairs if key not in ids]
    if dry_run:
        known = _links_known(sorted(set(ids.values())))
        new_links = sum(
            1
            for a, b in links
            if a not in ids
            or b not in ids
            or ((ids[a], ids[b]) not in known and (ids[b], ids[a]) not in known)
        )
        return len(missing), new_links
    Part.objects.bulk_create(
        [
            Part(brand_id=brand_id, number=pairs[(brand_id, norm)], number_norm=norm)
            for brand_id, norm in missing
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    ids.update(_part_ids(missing))
    # Parts already linked in any way (an original, a replacement) keep the link they have.
    known = _links_known(sorted(set(ids.values())))
    kind, source = CrossKind.ANALOG, CrossSource.CATALOG
    rows = []
    for a, b in links:
        part, analog = ids[a], ids[b]
        if (part, analog) in known or (analog, part) in known:
            continue
        known.add((part, analog))
        rows.append(CrossReference(part_id=part, analog_id=analog, kind=kind, source=source))
        rows.append(
            CrossReference(part_id=analog, analog_id=part, kind=MIRRORED_KIND[kind], source=source)
        )
    CrossReference.objects.bulk_create(rows, batch_size=BATCH_LINKS)
    return len(missing), len(rows) // 2
