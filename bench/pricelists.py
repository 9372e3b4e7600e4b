"""Synthetic supplier price lists (CSV and XLSX) for benchmarks and tests, written fast.

    python -m bench.pricelists --rows 1000000 --format csv --out bench/data/list-1m.csv
    python -m bench.pricelists --rows 1000000 --format xlsx --out bench/data/list-1m.xlsx
    python -m bench.pricelists --rows 5000000 --format csv --out bench/data/list.csv \\
        --catalog-offers 22000000 --seed 1            # numbers of bench.catalog's catalog
    python -m bench.pricelists --rows 100000 --format csv --out list.csv --brands-from-db

A list looks like what suppliers send: cp1251 CSV with `;`, the supplier's own title lines
before a Russian header, brands spelled in different cases and through their aliases,
numbers respelled with spaces, dashes and dots, prices like `2 500,54 руб`, `2500.54` or
`1 234`, quantities like `>10`, `10+`, `+`, `есть`, delivery times like `2-4` or `3 дн.`,
and about 1 % of rows the reader refuses (no number, price `по запросу`, a negative
quantity), plus a few zero quantities and rare section headings. The XLSX holds the same
rows, written as XML straight into the ZIP (shared strings, as Excel writes them): openpyxl
would take minutes for a million rows.

Where the rows come from:
- by default, the brands of the demo catalog (`partsdesk.catalog.demo_data`) with their
  aliases, and numbers in each brand's own formats (a demo database resolves the brands,
  not the numbers);
- `catalog_offers=N` (`--catalog-offers N`): the parts of `bench.catalog`'s catalog of N
  offers for the same seed, so ~95 % of the rows name an existing part and ~5 % are new
  numbers of the same brands;
- `parts=[(brand, number), ...]` (`--parts-from FILE`, lines `brand;number`): drawn from a
  given list, ~5 % new numbers made by changing a digit;
- `brands_from_db` (`--brands-from-db`): the brand names and aliases of the configured
  database instead of the demo's.
A small share of brand spellings (~0.5 %) is unknown to any catalog.

Deterministic for a seed: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from xml.sax.saxutils import escape

HEADER = (
    "Производитель",
    "Артикул",
    "Наименование",
    "Цена, руб.",
    "Наличие",
    "Срок поставки",
    "Кратность",
)
TITLE_LINES = (
    'Прайс-лист ООО "Автодеталь-Снаб"',
    "Дата: 25.11.2026",
    "Цены указаны в рублях с НДС. Остатки обновляются ежедневно.",
    "",
)
SECTIONS = ("ФИЛЬТРЫ", "ТОРМОЗНАЯ СИСТЕМА", "ПОДВЕСКА", "ЭЛЕКТРИКА", "ДВИГАТЕЛЬ")
UNKNOWN_BRANDS = ("KNECHT/MAHLE", "NO NAME", "ORIGINAL", "КИТАЙ", "АНАЛОГ", "OEM PARTS")

# Shares of rows (cumulative bounds are built in _Noise).
BAD_SHARE = 0.01  # rows the reader refuses: no number, price "по запросу", quantity "-3"
ZERO_QUANTITY_SHARE = 0.003  # "-" or "0": refused below min_quantity 1
UNKNOWN_BRAND_SHARE = 0.005
NEW_NUMBER_SHARE = 0.05  # with catalog_offers or parts: numbers not in the catalog
SECTION_SHARE = 0.0002  # a heading line ("ФИЛЬТРЫ;;;;;;"), skipped by the reader

QUANTITIES = (
    (">10", 0.06),
    ("10+", 0.03),
    ("+", 0.03),
    ("есть", 0.03),
    ("> 50", 0.02),
    ("5 шт", 0.01),
)
DELIVERIES = (("", 0.15), ("{low}-{high}", 0.45), ("{low} дн.", 0.15), ("{low}", 0.25))


@dataclass
class PriceListStats:
    """What was written, for a benchmark to check an import against."""

    rows: int = 0  # data rows (without title lines, header and section headings)
    bad_rows: int = 0  # rows the reader should refuse (no number, bad price, negative)
    zero_quantity: int = 0  # rows with "-" or "0" (refused under min_quantity 1)
    unknown_brands: int = 0
    new_numbers: int = 0  # numbers not taken from the catalog or the given parts
    sections: int = 0
    bytes: int = 0
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


# --- where brands and numbers come from -------------------------------------------------------


def _cp1251_safe(text: str) -> bool:
    try:
        text.encode("cp1251")
    except UnicodeEncodeError:
        return False
    return True


def _spellings(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """How suppliers write a brand: as it is, in other cases, through its aliases."""
    out = [name, name.title(), name.lower()] if name.isascii() else [name, name.upper()]
    out += [alias for alias in aliases if alias]
    return tuple(dict.fromkeys(s for s in out if _cp1251_safe(s)))


def _spell_brand(spellings: tuple[str, ...], r: float) -> str:
    # 60 % as the catalog writes it, 25 % in another case, 15 % through an alias.
    if r < 0.6 or len(spellings) == 1:
        return spellings[0]
    if r < 0.85 or len(spellings) <= 3:
        return spellings[1 + int((r - 0.6) / 0.4 * min(2, len(spellings) - 1))]
    return spellings[3 + int((r - 0.85) / 0.15 * (len(spellings) - 3))]


class _Expander:
    """A compiled demo number format (`W ###/##`, `{a|b}`) expanded with one random stream."""

    def __init__(self, pattern: str) -> None:
        from partsdesk.catalog.demo import compile_format

        self.items = compile_format(pattern)

    def __call__(self, random_) -> str:
        return _expand(self.items, random_)


def _expand(items: tuple, random_) -> str:
    out = []
    for kind, value in items:
        if kind == 0:
            out.append(value)
        elif kind == 1:
            out.append(value[int(random_() * len(value))])
        else:
            out.append(_expand(value[int(random_() * len(value))], random_))
    return "".join(out)


def _demo_brands() -> list[tuple[str, tuple[str, ...], float, list[_Expander]]]:
    from partsdesk.catalog import demo_data

    brands = []
    for spec in demo_data.BRANDS:
        patterns = sorted({p for formats in spec.formats.values() for p in formats})
        brands.append(
            (spec.name, spec.aliases, float(spec.weight), [_Expander(p) for p in patterns])
        )
    return brands


def _db_brands() -> dict[str, tuple[str, ...]]:
    from partsdesk.catalog.models import Brand, BrandAlias

    aliases: dict[int, list[str]] = {}
    for brand_id, name in BrandAlias.objects.values_list("brand_id", "name").iterator():
        aliases.setdefault(brand_id, []).append(name)
    return {
        name: tuple(aliases.get(brand_id, ()))
        for brand_id, name in Brand.objects.values_list("id", "name").iterator()
    }


_GENERIC = ("@@-####", "#####", "@####@", "###-###-##", "@@####")


def _source_demo(rows: int, rng: random.Random, brands_from_db: bool) -> Iterator[tuple]:
    """(brand spellings, number, base price, is new) from the demo brands' own formats."""
    demo = _demo_brands()
    if brands_from_db:
        # The database's brands; those the demo knows keep their weight and number formats.
        known = {name: (weight, formats) for name, _, weight, formats in demo}
        generic = (100.0, [_Expander(p) for p in _GENERIC])
        table = [
            (name, aliases, *known.get(name, generic))
            for name, aliases in sorted(_db_brands().items())
        ]
        if not table:
            raise SystemExit("the database has no brands: load the demo or a bench catalog first")
    else:
        table = demo
    spellings = [_spellings(name, aliases) for name, aliases, _, _ in table]
    cumulative = list(accumulate(weight for _, _, weight, _ in table))
    total = cumulative[-1]
    random_ = rng.random
    for _ in range(rows):
        index = bisect.bisect_left(cumulative, random_() * total)
        formats = table[index][3]
        number = formats[int(random_() * len(formats))](random_)
        yield spellings[index], number, 50.0 * math.exp(7.09 * random_()), True


def _source_catalog(rows: int, rng: random.Random, offers: int, seed: int) -> Iterator[tuple]:
    """Parts of bench.catalog's catalog for (offers, seed), and ~5 % new numbers of theirs."""
    from bench.generate import SyntheticCatalog

    catalog = SyntheticCatalog(offers, seed)
    aliases: dict[int, list[str]] = {}
    for _, brand_id, name, _ in catalog.alias_rows():
        aliases.setdefault(brand_id, []).append(name)
    spellings = {
        brand.id: _spellings(brand.name, [a for a in aliases.get(brand.id, ()) if a != brand.name])
        for brand in catalog.brands
    }
    brands = {brand.id: brand for brand in catalog.brands}
    new_counters: dict[int, int] = {}
    random_ = rng.random
    existing = rows * (1 - NEW_NUMBER_SHARE)
    rate = existing / catalog.part_count
    new_rate = NEW_NUMBER_SHARE / (1 - NEW_NUMBER_SHARE)
    written = 0
    while True:  # more rows than parts: go over the catalog again
        for part_id, brand_id, number, _, _, _, _, _ in catalog.part_rows():
            u = ((part_id * 2654435761) & 0xFFFFFFFF) / 4294967296.0
            base = 50.0 * math.exp(7.09 * u)
            count = int(rate) + (1 if random_() < rate - int(rate) else 0)
            for _ in range(count):
                yield spellings[brand_id], number, base, False
                written += 1
                if random_() < new_rate:
                    # A number beyond every one the brand has: counted down from the top
                    # of its half of the family's space, which the catalog never reaches.
                    brand = brands[brand_id]
                    family = brand.family
                    half = family.size // 2
                    k = new_counters.get(brand_id, 0)
                    new_counters[brand_id] = k + 1
                    norm = family.encode((brand.multiplier * (half - 1 - k) + brand.offset) % half)
                    new = family.formats[brand.template % len(family.formats)].format(*norm)
                    yield spellings[brand_id], new, base * 1.3, True
                    written += 1
                if written >= rows:
                    return
        if rate >= 1:  # every part has had its rows; top up with another pass
            rate = (rows - written) / catalog.part_count


def _source_parts(rows: int, rng: random.Random, parts: Sequence[tuple[str, str]]) -> Iterator:
    """Drawn from given (brand, number) pairs; ~5 % with a digit changed (new numbers)."""
    if not parts:
        raise ValueError("parts is empty")
    spellings: dict[str, tuple[str, ...]] = {}
    random_ = rng.random
    n = len(parts)
    for _ in range(rows):
        brand, number = parts[int(random_() * n)]
        spelled = spellings.get(brand)
        if spelled is None:
            spelled = spellings[brand] = _spellings(brand, ())
        new = random_() < NEW_NUMBER_SHARE
        if new:
            digits = [i for i, char in enumerate(number) if char.isdigit()]
            if digits:
                i = digits[int(random_() * len(digits))]
                number = f"{number[:i]}{(int(number[i]) + 1) % 10}{number[i + 1 :]}"
            else:
                number += "1"
        yield spelled, number, 50.0 * math.exp(7.09 * random_()), new


# --- rows ------------------------------------------------------------------------------------


def _names() -> list[str]:
    from bench.generate import PART_TYPES, QUALIFIERS

    return [t + q for t in PART_TYPES for q in QUALIFIERS]


def _respell(number: str, r: float) -> str:
    """A supplier's own spelling of the number: same search key, other separators or case."""
    if r < 0.03:
        return number.lower()
    if r < 0.06 and len(number) > 3:
        cut = len(number) // 2
        return f"{number[:cut]}{'-' if r < 0.045 else ' '}{number[cut:]}"
    if r < 0.07:
        return number.replace(" ", ".").replace("-", ".")
    return number


def _price_text(value: float, r: float) -> str:
    if r < 0.5:
        return f"{value:.2f}".replace(".", ",")
    if r < 0.7:
        return f"{value:.2f}"
    if r < 0.8:
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if r < 0.9:
        return f"{value:,.2f} руб".replace(",", " ").replace(".", ",", 1).replace(" руб", " руб")
    return f"{round(value):,}".replace(",", " ")


def price_list_rows(
    rows: int,
    *,
    seed: int = 1,
    catalog_offers: int | None = None,
    parts: Sequence[tuple[str, str]] | None = None,
    brands_from_db: bool = False,
    stats: PriceListStats | None = None,
) -> Iterator[tuple[str, ...]]:
    """`rows` data rows as tuples of 7 texts in HEADER's order (plus rare section headings).

    Needs Django set up (the demo brands and the catalog's models are imported).
    """
    stats = stats if stats is not None else PriceListStats()
    rng = random.Random(f"{seed}:pricelist")
    if catalog_offers:
        source = _source_catalog(rows, rng, catalog_offers, seed)
    elif parts is not None:
        source = _source_parts(rows, rng, parts)
    else:
        source = _source_demo(rows, rng, brands_from_db)
    noise = random.Random(f"{seed}:pricelist-noise")
    random_ = noise.random
    names = _names()
    n_names = len(names)
    quantity_bounds = list(accumulate(share for _, share in QUANTITIES))
    delivery_bounds = list(accumulate(share for _, share in DELIVERIES))
    for spellings, number, base, new in source:
        if random_() < SECTION_SHARE:
            stats.sections += 1
            yield (SECTIONS[int(random_() * len(SECTIONS))], "", "", "", "", "", "")
        stats.rows += 1
        stats.new_numbers += new
        r = random_()
        if r < UNKNOWN_BRAND_SHARE:
            brand = UNKNOWN_BRANDS[int(r / UNKNOWN_BRAND_SHARE * len(UNKNOWN_BRANDS))]
            stats.unknown_brands += 1
        else:
            brand = _spell_brand(spellings, random_())
        number = _respell(number, random_())
        name = names[int(random_() * n_names)]
        price = _price_text(base * (0.8 + 0.4 * random_()), random_())
        r = random_()
        q = bisect.bisect_right(quantity_bounds, r)
        if q < len(QUANTITIES):
            quantity = QUANTITIES[q][0]
        else:
            quantity = str(int(1.0 / (0.02 + random_() ** 2)))
        r = random_()
        low = int(r * 5)
        d = bisect.bisect_right(delivery_bounds, random_())
        delivery = DELIVERIES[min(d, len(DELIVERIES) - 1)][0].format(low=low, high=low + 2)
        multiple = "" if r < 0.85 else ("1", "2", "4", "10")[int((r - 0.85) / 0.15 * 4)]
        r = random_()
        if r < BAD_SHARE:
            stats.bad_rows += 1
            if r < BAD_SHARE * 0.35:
                number = ""
            elif r < BAD_SHARE * 0.7:
                price = "по запросу"
            else:
                quantity = f"-{1 + int(random_() * 5)}"
        elif r < BAD_SHARE + ZERO_QUANTITY_SHARE:
            stats.zero_quantity += 1
            quantity = "-" if r < BAD_SHARE + ZERO_QUANTITY_SHARE / 2 else "0"
        yield (brand, number, name, price, quantity, delivery, multiple)


# --- writers ---------------------------------------------------------------------------------


def write_csv(path: str | os.PathLike, rows: Iterable[Sequence[str]]) -> int:
    """A cp1251 `;` list with title lines before the header; returns its size in bytes."""
    with open(path, "wb") as raw:
        text = io.TextIOWrapper(
            raw, encoding="cp1251", errors="replace", newline="", write_through=False
        )
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        for line in TITLE_LINES:
            text.write(line + "\r\n")
        writer.writerow(HEADER)
        batch: list[Sequence[str]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)
        text.flush()
        size = raw.tell()
        text.detach()
    return size


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/xl/sharedStrings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
<Override PartName="/docProps/app.xml" \
ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" \
Target="docProps/app.xml"/>\
</Relationships>"""
_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>Partsdesk bench</Application></Properties>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<bookViews><workbookView/></bookViews>\
<sheets><sheet name="Прайс" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/>\
<Relationship Id="rId3" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" \
Target="sharedStrings.xml"/>\
</Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
_SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheetViews><sheetView workbookViewId="0"/></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/>\
<cols><col min="1" max="1" width="16" customWidth="1"/><col min="2" max="2" width="18" \
customWidth="1"/><col min="3" max="3" width="40" customWidth="1"/></cols><sheetData>"""
_SHEET_TAIL = "</sheetData></worksheet>"
_COLUMNS = "ABCDEFG"
_PLAIN_PRICE = frozenset("0123456789,.")


class _SharedStrings:
    """The shared-string table, built while the sheet is written, in constant memory.

    Strings that repeat (brands, names, quantity spellings) are kept once; strings that are
    nearly all different (numbers, prices written as text) get a new entry each time, as
    Excel would not, but as the format allows: the table is spooled to a temporary file.
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the writer
        self.buffer: list[str] = []
        self.known: dict[str, int] = {}
        self.count = 0  # references
        self.unique = 0  # entries

    def add(self, text: str, repeats: bool) -> int:
        self.count += 1
        if repeats:
            index = self.known.get(text)
            if index is not None:
                return index
            if len(self.known) < 200_000:
                self.known[text] = self.unique
        index = self.unique
        self.unique += 1
        self.buffer.append(f"<si><t>{escape(text)}</t></si>")
        if len(self.buffer) >= 20_000:
            self.flush()
        return index

    def flush(self) -> None:
        self.file.write("".join(self.buffer).encode())
        self.buffer.clear()


def write_xlsx(path: str | os.PathLike, rows: Iterable[Sequence[str]]) -> int:
    """The same list as an XLSX (title rows, a bold header, numbers as numbers where the
    supplier's spelling is a plain number); returns the file's size in bytes."""
    strings = _SharedStrings()
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
            archive.writestr("_rels/.rels", _ROOT_RELS)
            archive.writestr("docProps/app.xml", _APP)
            archive.writestr("xl/workbook.xml", _WORKBOOK)
            archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            archive.writestr("xl/styles.xml", _STYLES)
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                _write_sheet(sheet, rows, strings)
            strings.flush()
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
                table.write(
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                    f' count="{strings.count}" uniqueCount="{strings.unique}">'.encode()
                )
                strings.file.seek(0)
                shutil.copyfileobj(strings.file, table, 1 << 20)
                table.write(b"</sst>")
    finally:
        strings.file.close()
    return os.path.getsize(path)


def _write_sheet(sheet, rows: Iterable[Sequence[str]], strings: _SharedStrings) -> None:
    sheet.write(_SHEET_HEAD.encode())
    out: list[str] = []
    add = strings.add
    line = 0
    for title in TITLE_LINES:
        line += 1
        if title:
            out.append(f'<row r="{line}"><c r="A{line}" t="s"><v>{add(title, False)}</v></c></row>')
    line += 1
    cells = "".join(
        f'<c r="{_COLUMNS[i]}{line}" s="1" t="s"><v>{add(name, False)}</v></c>'
        for i, name in enumerate(HEADER)
    )
    out.append(f'<row r="{line}">{cells}</row>')
    for brand, number, name, price, quantity, delivery, multiple in rows:
        line += 1
        cells = [f'<row r="{line}"><c r="A{line}" t="s"><v>{add(brand, True)}</v></c>']
        if number:
            cells.append(f'<c r="B{line}" t="s"><v>{add(number, False)}</v></c>')
        if name:
            cells.append(f'<c r="C{line}" t="s"><v>{add(name, True)}</v></c>')
        if price:
            if _PLAIN_PRICE.issuperset(price) and price.count(",") + price.count(".") <= 1:
                cells.append(f'<c r="D{line}" s="2"><v>{price.replace(",", ".")}</v></c>')
            else:
                cells.append(f'<c r="D{line}" t="s"><v>{add(price, False)}</v></c>')
        if quantity:
            if quantity.isdigit():
                cells.append(f'<c r="E{line}"><v>{quantity}</v></c>')
            else:
                cells.append(f'<c r="E{line}" t="s"><v>{add(quantity, True)}</v></c>')
        if delivery:
            if delivery.isdigit():
                cells.append(f'<c r="F{line}"><v>{delivery}</v></c>')
            else:
                cells.append(f'<c r="F{line}" t="s"><v>{add(delivery, True)}</v></c>')
        if multiple:
            cells.append(f'<c r="G{line}"><v>{multiple}</v></c>')
        cells.append("</row>")
        out.append("".join(cells))
        if len(out) >= 5000:
            sheet.write("".join(out).encode())
            out.clear()
    out.append(_SHEET_TAIL)
    sheet.write("".join(out).encode())


def write_price_list(
    path: str | os.PathLike,
    rows: int,
    *,
    format: str = "csv",
    seed: int = 1,
    catalog_offers: int | None = None,
    parts: Sequence[tuple[str, str]] | None = None,
    brands_from_db: bool = False,
) -> PriceListStats:
    """Write a synthetic price list of `rows` data rows to `path`; returns what it holds."""
    if format not in ("csv", "xlsx"):
        raise ValueError(f"format must be csv or xlsx, not {format!r}")
    stats = PriceListStats()
    started = time.monotonic()
    generated = price_list_rows(
        rows,
        seed=seed,
        catalog_offers=catalog_offers,
        parts=parts,
        brands_from_db=brands_from_db,
        stats=stats,
    )
    writer = write_csv if format == "csv" else write_xlsx
    stats.bytes = writer(path, generated)
    stats.seconds = round(time.monotonic() - started, 2)
    return stats


def _read_parts(path: str) -> list[tuple[str, str]]:
    parts = []
    with open(path, encoding="utf-8") as file:
        for line in file:
            brand, _, number = line.rstrip("\r\n").partition(";")
            if brand and number:
                parts.append((brand, number))
    return parts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--catalog-offers",
        type=int,
        help="numbers of bench.catalog's catalog of this many offers (same --seed)",
    )
    source.add_argument("--parts-from", help="a UTF-8 file of `brand;number` lines to draw from")
    source.add_argument(
        "--brands-from-db",
        action="store_true",
        help="brands and aliases of the configured database (DATABASE_URL)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partsdesk.settings")
    import django

    django.setup()
    stats = write_price_list(
        args.out,
        args.rows,
        format=args.format,
        seed=args.seed,
        catalog_offers=args.catalog_offers,
        parts=_read_parts(args.parts_from) if args.parts_from else None,
        brands_from_db=args.brands_from_db,
    )
    if args.json:
        print(json.dumps(asdict(stats), indent=2))
    else:
        print(
            f"{args.out}: {stats.rows:,} rows ({stats.bad_rows:,} bad,"
            f" {stats.zero_quantity:,} zero quantity, {stats.unknown_brands:,} unknown brands,"
            f" {stats.new_numbers:,} new numbers), {stats.bytes / 2**20:,.1f} MiB"
            f" in {stats.seconds} s",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
