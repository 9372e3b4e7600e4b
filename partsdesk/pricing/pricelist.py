"""Reading a supplier's price list, row by row, into clean rows or reasoned bad rows.

Suppliers send CSV/TXT (`;`, `,`, tab or `|`) or XLSX, in cp1251 or UTF-8, with title lines
of their own before the header, their own column order and their own ways of writing a price
(`2 500,54 руб`), a quantity (`>10`, `есть`) or a delivery time (`2–4 дн.`). This module turns
such a file into a stream of `PriceRow` (clean, typed) and `BadRow` (line, reason, value);
it knows nothing about the database, brands or offers.

    reader = read_price_list(path, ListFormat(skip_rows=2))
    for row in reader:            # streams: a file of millions of rows is never held whole
        ...
    reader.encoding, reader.delimiter, reader.columns_found

Everything is streamed: CSV through `io.TextIOWrapper` and `csv.reader`, XLSX through
`partsdesk.pricing.xlsx` (the first worksheet's XML parsed as it is decompressed). The spellings of quantities and delivery times repeat a lot, so
their parsing is cached; article numbers are all different, so theirs is not.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from partsdesk.catalog.numbers import normalize_number
from partsdesk.pricing.money import CENT
from partsdesk.pricing.xlsx import XlsxError, XlsxReader

__all__ = [
    "BadRow",
    "ListFormat",
    "MissingColumnError",
    "PriceListError",
    "PriceListReader",
    "PriceRow",
    "read_price_list",
]

FIELDS = ("brand", "number", "name", "price", "quantity", "delivery", "multiple", "description")
REQUIRED_FIELDS = ("brand", "number", "price")

# Well-known header names, most specific first, in the form `_header_key` gives them.
KNOWN_HEADERS: dict[str, tuple[str, ...]] = {
    "brand": ("бренд", "производитель", "brand", "manufacturer", "make", "марка"),
    "number": (
        "артикул",
        "номер",
        "каталожныйномер",
        "partnumber",
        "partno",
        "number",
        "article",
        "код",
    ),
    "name": ("наименование", "название", "name", "description", "описание"),
    "price": ("цена", "price"),
    "quantity": (
        "количество",
        "кол-во",
        "колво",
        "остаток",
        "наличие",
        "qty",
        "quantity",
        "stock",
    ),
    "delivery": ("срокпоставки", "срок", "delivery", "days", "срокдоставки"),
    "multiple": ("кратность", "multiple", "pack"),
}

HEAD_SIZE = 64 * 1024  # bytes looked at to detect the kind, the encoding and the delimiter
CHUNK_SIZE = 64 * 1024  # bytes read from the file at a time
SNIFF_LINES = 50  # lines looked at to detect the delimiter
HEADER_SEARCH_ROWS = 30  # rows after `skip_rows` searched for the header
DETAIL_LENGTH = 80  # characters of an offending value kept in a BadRow
DELIMITERS = (";", "\t", ",", "|")
XLSX_MAGIC = b"PK\x03\x04"
CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv", ".tab"})
XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm"})

_ZERO = Decimal(0)


class PriceListError(ValueError):
    """The file cannot be read as a price list at all (not a single row's problem)."""


class MissingColumnError(PriceListError):
    """A required field (brand, number, price) has no column in the file."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class ListFormat:
    """How one supplier writes its price list: the import profile's reading part."""

    encoding: str | None = None  # None: detect (BOM, then strict UTF-8, else cp1251)
    delimiter: str | None = None  # None: detect; ignored for XLSX
    skip_rows: int = 0  # lines (XLSX: rows) before the header, or before the data
    has_header: bool = True
    # Our field → header name (case- and space-insensitive) or 0-based column position.
    # Empty with a header: map by the well-known header names.
    columns: dict[str, str | int] = field(default_factory=dict)
    decimal: str | None = None  # "," or "."; None: decide per value
    default_delivery: tuple[int, int] = (1, 1)  # days, when the delivery cell is empty
    min_quantity: int = 1  # rows with a known quantity below it are skipped
    plenty: int = 10  # what "+", "есть", "много" mean: this many or more

    def __post_init__(self) -> None:
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise ValueError(f"delimiter must be one character, not {self.delimiter!r}")
        if self.decimal not in (None, ",", "."):
            raise ValueError(f'decimal must be ",", "." or None, not {self.decimal!r}')
        if self.skip_rows < 0:
            raise ValueError("skip_rows cannot be negative")
        unknown = set(self.columns) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown fields in columns: {', '.join(sorted(unknown))}")
        low, high = self.default_delivery
        if not 0 <= low <= high:
            raise ValueError("default_delivery must be (min, max) with 0 <= min <= max")


@dataclass(slots=True)
class PriceRow:
    line: int  # 1-based line (CSV) or row (XLSX) number, as a person counts it
    brand: str  # as written; resolving it to a brand is the importer's job
    number: str  # as written
    number_norm: str  # normalize_number(number)
    name: str
    price: Decimal  # two decimal places
    quantity: int
    quantity_is_lower_bound: bool  # "10 or more"
    delivery_days_min: int
    delivery_days_max: int
    pack_multiple: int


@dataclass(slots=True)
class BadRow:
    line: int
    reason: str  # a stable code: no_number, bad_price, ...
    detail: str  # the offending value, truncated


# --- single values -------------------------------------------------------------------------

_SPACES = " \u00a0\u2007\u2009\u202f'’"
_DROP_SPACES = str.maketrans("", "", _SPACES)
# Words and currency signs around the amount: `руб.`, `р.`, `₽`, `EUR`, `грн`.
_PRICE = re.compile(
    r"(?:[^\W\d_]|[₽$€£¥])*[.:]?([-−]?)(\d[\d.,]*)(?:[^\W\d_]|[₽$€£¥.])*",
)
_LONGEST_VALUE = 64  # characters; a longer price, quantity or delivery is not one
_THOUSANDS_OK = re.compile(r"\d{1,3}(?:\x00\d{3})*")


def _detail(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= DETAIL_LENGTH else text[: DETAIL_LENGTH - 1] + "…"


def _quantize(value: Decimal) -> Decimal:
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return value if value else abs(value)  # no "-0.00"


def parse_price(raw: object, *, decimal: str | None = None) -> Decimal | str:
    """A price as a two-place Decimal, or the reason it is not one.

    `2 500,54 руб`, `2500.54`, `1,234.50`, `2500,54р.`, `₽ 99`. With `decimal=None` a single
    separator is the decimal one (`1,5`, `1.5`), a repeated one groups thousands
    (`1,234,567`), and of two different ones the last is the decimal one.
    """
    return _price(raw, decimal)


def _price(raw: object, decimal: str | None) -> Decimal | str:
    if raw.__class__ is float and 0.0 < raw < 1e15:  # type: ignore[operator]
        # An XLSX number cell: its shortest repr is what the supplier typed (`4893.23`).
        text = repr(raw)
        places = len(text) - text.find(".") - 1
        if places <= 2 and "e" not in text:
            return Decimal(text + "0" if places == 1 else text)
    if raw.__class__ is not str:
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            return "bad_price"
        if (isinstance(raw, float) and raw != raw) or raw in (float("inf"), float("-inf")):
            return "bad_price"
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        return _checked_price(_quantize(value))
    # The fast paths: `2500`, `2500.54`, `2500,54`.
    if raw.isdigit() and raw.isascii():
        value = Decimal(raw)
        return value.quantize(CENT) if value else "zero_price"
    if (
        len(raw) > 3
        and raw[-3] in ".,"
        and (decimal is None or raw[-3] == decimal)
        and raw[:-3].isdigit()
        and raw[-2:].isdigit()
        and raw.isascii()
    ):
        value = Decimal(f"{raw[:-3]}.{raw[-2:]}")
        return value if value else "zero_price"
    return _parse_price_slow(raw.strip(), decimal)


def _checked_price(value: Decimal) -> Decimal | str:
    if value < 0:
        return "negative_price"
    if not value:
        return "zero_price"
    return value


def _parse_price_slow(text: str, decimal: str | None) -> Decimal | str:
    if len(text) > _LONGEST_VALUE:
        return "bad_price"
    match = _PRICE.fullmatch(text.translate(_DROP_SPACES))
    if match is None:
        return "bad_price"
    negative, digits = bool(match[1]), match[2]
    if decimal is None:
        has_dot, has_comma = "." in digits, "," in digits
        if has_dot and has_comma:
            decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        elif has_dot or has_comma:
            sep = "." if has_dot else ","
            # One separator is the decimal one; the same one repeated groups thousands.
            decimal = sep if digits.count(sep) == 1 else ("," if sep == "." else ".")
        else:
            decimal = "."
    thousands = "," if decimal == "." else "."
    whole, _, fraction = digits.partition(decimal)
    if decimal in fraction or thousands in fraction:
        return "bad_price"
    if thousands in whole:
        if not _THOUSANDS_OK.fullmatch(whole.replace(thousands, "\x00")):
            return "bad_price"
        whole = whole.replace(thousands, "")
    if not whole and not fraction:
        return "bad_price"
    try:
        value = Decimal(f"{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:
        return "bad_price"
    return _checked_price(_quantize(-value if negative else value))


_PLENTY_WORDS = frozenset(
    {"+", "++", "+++", "есть", "много", "да", "вналичии", "yes", "instock", "available"}
)
_NONE_WORDS = frozenset({"-", "--", "нет", "no", "none", "отсутствует", "нетвналичии", "0"})
_QUANTITY = re.compile(
    r"(?P<prefix>>=|≥|>|более|больше|свыше|от|over|more\s*than)?\s*"
    r"(?P<sign>[-−])?\s*(?P<count>\d[\d\s\u00a0]*?)(?:[.,]0+)?\s*"
    r"(?P<suffix>\+|и\s*более|или\s*более|и\s*больше|or\s*more)?\s*"
    r"(?:шт\.?|штук[и]?|pcs\.?|ед\.?)?\s*\.?",
    re.IGNORECASE,
)


def parse_quantity(raw: object, *, plenty: int = 10) -> tuple[int, bool] | str:
    """(quantity, is a lower bound) or the reason it is not one.

    `10` → (10, False); `>10`, `10+`, `> 50` → (10, True), (50, True); `+`, `есть`, `много`
    → (plenty, True); `-`, `нет`, empty → (0, False); `5 шт` → (5, False).
    """
    if raw.__class__ is not str:
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            return "bad_quantity"
        if raw != raw or raw in (float("inf"), float("-inf")) or raw != int(raw):
            return "bad_quantity"
        count = int(raw)
        return "negative_quantity" if count < 0 else (count, False)
    text = raw.strip()
    if text.isdigit() and text.isascii():
        return int(text), False
    if len(text) > _LONGEST_VALUE:
        return "bad_quantity"
    folded = text.casefold()
    squeezed = "".join(folded.split())
    if not squeezed or squeezed in _NONE_WORDS:
        return 0, False
    if squeezed in _PLENTY_WORDS:
        return plenty, True
    match = _QUANTITY.fullmatch(folded)
    if match is None:
        return "bad_quantity"
    count = int("".join(match["count"].split()))
    if match["sign"]:
        return "negative_quantity" if count else (0, False)
    return count, bool(match["prefix"] or match["suffix"])


_DELIVERY = re.compile(
    r"(?:от\s*)?(?P<low>\d{1,3})\s*(?:(?:-|–|—|\.\.\.?|…|до)\s*(?P<high>\d{1,3}))?\s*"
    r"(?:дн(?:ей|я|ь)?\.?|день|д\.?|раб\.?\s*дн(?:ей|я)?\.?|days?\.?|d\.?)?",
    re.IGNORECASE,
)


def parse_delivery(raw: object, *, default: tuple[int, int] = (1, 1)) -> tuple[int, int] | str:
    """(days from, days to) or the reason it is not one: `2`, `2-4`, `2–4 дн.`, `3 дня`."""
    if raw.__class__ is not str:
        if raw is None:
            return default
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            return "bad_delivery"
        if raw != raw or raw < 0 or raw != int(raw):
            return "bad_delivery"
        return int(raw), int(raw)
    text = raw.strip()
    if text.isdigit() and text.isascii():
        days = int(text)
        return days, days
    if not text:
        return default
    if len(text) > _LONGEST_VALUE:
        return "bad_delivery"
    match = _DELIVERY.fullmatch(text)
    if match is None:
        return "bad_delivery"
    low = int(match["low"])
    high = int(match["high"]) if match["high"] else low
    if high < low:
        return "bad_delivery"
    return low, high


def parse_multiple(raw: object) -> int | str:
    """The pack multiple: a whole number ≥ 1; empty means 1."""
    if raw.__class__ is not str:
        if raw is None:
            return 1
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            return "bad_multiple"
        if raw != raw or raw != int(raw) or raw < 1:
            return "bad_multiple"
        return int(raw)
    text = raw.strip()
    if not text:
        return 1
    quantity = parse_quantity(text, plenty=1)
    if quantity.__class__ is str or quantity[1] or quantity[0] < 1:
        return "bad_multiple"
    return quantity[0]


_NOT_ASCII_ALNUM = re.compile(r"[^0-9A-Z]+")


def _number_key(number: str) -> str:
    """normalize_number(number), without its per-character loop for ASCII numbers.

    An ASCII number's key is its upper case without anything but A-Z and 0-9.
    """
    if number.isascii():
        upper = number.upper()
        return upper if upper.isalnum() else _NOT_ASCII_ALNUM.sub("", upper)
    return normalize_number(number)


# --- detection ----------------------------------------------------------------------------


def detect_encoding(head: bytes, *, at_end: bool) -> str:
    """utf-8-sig with a BOM; utf-8 when `head` decodes as strict UTF-8; else cp1251."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # Incremental, so that a character cut by the end of `head` is not an error.
        codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=at_end)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def detect_delimiter(lines: Sequence[str]) -> str | None:
    """The delimiter that splits the most lines into the same number (> 1) of fields.

    A tie goes to the one that gives more fields, then to the order `;`, tab, `,`, `|`: in a
    `;` file with `2500,54` prices, `,` splits every data line in two, `;` in many.
    """
    best: tuple[int, int, int] | None = None
    chosen = None
    for rank, delimiter in enumerate(DELIMITERS):
        counts = Counter(len(record) for record in csv.reader(lines, delimiter=delimiter) if record)
        counts.pop(1, None)
        if not counts:
            continue
        fields, lines_count = max(counts.items(), key=lambda item: (item[1], item[0]))
        score = (lines_count, fields, -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def _header_key(text: object) -> str:
    """`Цена, руб.` → `цена`; `Part  Number` → `partnumber`."""
    key = "".join(str(text or "").casefold().split())
    for stop in (",", "("):
        key = key.partition(stop)[0]
    return key.strip(".:")


def _header_full_key(text: object) -> str:
    return "".join(str(text or "").casefold().split())


def _find_header(
    keys: list[str], names: tuple[str, ...], exact: bool, taken: set[int]
) -> int | None:
    for name in names:
        for index, key in enumerate(keys):
            if index not in taken and (key == name if exact else key.startswith(name)):
                return index
    return None


def map_columns(
    header: Sequence[object] | None, columns: dict[str, str | int]
) -> tuple[dict[str, int], dict[str, str | int], list[str]]:
    """Field → position, field → header/position used, and the required fields not found."""
    positions: dict[str, int] = {}
    found: dict[str, str | int] = {}
    cells = [str(cell).strip() if cell is not None else "" for cell in (header or ())]
    full_keys = [_header_full_key(cell) for cell in cells]
    keys = [_header_key(cell) for cell in cells]
    if columns:
        for field_name, where in columns.items():
            if isinstance(where, int):
                positions[field_name] = where
                found[field_name] = where
                continue
            wanted_full, wanted = _header_full_key(where), _header_key(where)
            for pool, key in ((full_keys, wanted_full), (keys, wanted)):
                if key and key in pool:
                    index = pool.index(key)
                    positions[field_name], found[field_name] = index, cells[index]
                    break
    else:
        # Exact names first (`Цена, руб.` is `цена`), then names that start with one
        # (`Цена с НДС`, `Наименование товара`).
        for exact in (True, False):
            for field_name, names in KNOWN_HEADERS.items():
                if field_name in positions:
                    continue
                index = _find_header(keys, names, exact, set(positions.values()))
                if index is not None:
                    positions[field_name], found[field_name] = index, cells[index]
    missing = [name for name in REQUIRED_FIELDS if name not in positions]
    if columns:
        missing += [name for name in columns if name not in positions and name not in missing]
    return positions, found, missing


# --- the reader ---------------------------------------------------------------------------


class _Source(io.RawIOBase):
    """The file's bytes, the already-read head first; counts what has been read."""

    def __init__(self, stream: BinaryIO, head: bytes) -> None:
        self._stream = stream
        self._head = head
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
        else:
            data = self._stream.read(len(buffer))
            size = len(data)
            buffer[:size] = data
        self.count += size
        return size


class _XlsxRecords:
    """A worksheet's rows as CSV-like records: text columns as str, numbers kept as numbers.

    `line_num` is the row number a person sees in the spreadsheet; rows before
    `skip_through` (the title rows) are left out.
    """

    def __init__(self, workbook: XlsxReader, skip_through: int) -> None:
        self._workbook = workbook
        self._rows = workbook.rows()
        self._skip_through = skip_through
        self.line_num = 0

    @property
    def text_columns(self) -> frozenset[int]:
        return self._workbook.text_columns

    @text_columns.setter
    def text_columns(self, columns: frozenset[int]) -> None:
        self._workbook.text_columns = columns

    def __iter__(self) -> _XlsxRecords:
        return self

    def __next__(self) -> list[object]:
        number, record = next(self._rows)
        while number <= self._skip_through:
            number, record = next(self._rows)
        self.line_num = number
        return record


class PriceListReader:
    """An iterable over a price list's rows; iterate it once.

    Known before iterating: `kind`, `encoding`, `delimiter`, `columns_found`, `total_bytes`.
    Growing while iterating: `bytes_read` (for a progress bar), `rows_read`, `rows_skipped`
    (blank lines, headings without number and price, repeated headers).
    """

    kind: str
    encoding: str | None
    delimiter: str | None
    columns_found: dict[str, str | int]
    total_bytes: int | None

    def __init__(
        self,
        source: str | Path | BinaryIO,
        list_format: ListFormat,
        *,
        filename: str | None = None,
    ) -> None:
        self.list_format = list_format
        self.encoding = None
        self.delimiter = None
        self.columns_found = {}
        self.total_bytes = None
        self.rows_read = 0
        self.rows_skipped = 0
        self._line_offset = 0
        self._header: list[object] | None = None
        self._counter: _Source | None = None
        self._workbook: XlsxReader | None = None
        self._temporary: BinaryIO | None = None
        self._started = False
        self._closed = False

        if isinstance(source, str | os.PathLike):
            path = Path(source)
            filename = filename or path.name
            self._stream: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()
            self._owns_stream = True
        else:
            filename = filename or getattr(source, "name", None)
            self._stream = source
            self._owns_stream = False
        try:
            self._open(filename if isinstance(filename, str) else None)
        except BaseException:
            self.close()
            raise

    # --- opening ---

    def _open(self, filename: str | None) -> None:
        try:
            self.total_bytes = os.fstat(self._stream.fileno()).st_size
        except (AttributeError, OSError, io.UnsupportedOperation):
            self.total_bytes = None
        start = self._stream.tell() if self._seekable() else None
        head = self._stream.read(HEAD_SIZE)
        extension = Path(filename).suffix.lower() if filename else ""
        if extension in XLSX_EXTENSIONS:
            self.kind = "xlsx"
        elif extension in CSV_EXTENSIONS:
            self.kind = "csv"
        elif extension == ".xls":
            raise PriceListError(
                "old binary Excel files (.xls) are not supported: save the list as .xlsx or .csv"
            )
        else:
            self.kind = "xlsx" if head.startswith(XLSX_MAGIC) else "csv"
        if self.kind == "xlsx":
            self._open_xlsx(head, start)
        else:
            self._open_csv(head)

    def _seekable(self) -> bool:
        try:
            return bool(self._stream.seekable())
        except (AttributeError, ValueError):
            return False

    def _open_csv(self, head: bytes) -> None:
        list_format = self.list_format
        at_end = len(head) < HEAD_SIZE
        if list_format.encoding is None:
            encoding = detect_encoding(head, at_end=at_end)
            errors = "partsdesk_cp1251" if encoding == "utf-8" else "replace"
        else:
            try:
                encoding = codecs.lookup(list_format.encoding).name
            except LookupError as error:
                raise PriceListError(f"unknown encoding {list_format.encoding!r}") from error
            if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
                encoding = "utf-8-sig"
            errors = "replace"
        self.encoding = encoding

        if list_format.delimiter is None:
            text = head.decode(encoding, errors="replace")
            lines = text.splitlines()
            if not at_end and lines:
                lines.pop()  # probably cut short
            lines = lines[list_format.skip_rows : list_format.skip_rows + SNIFF_LINES]
            delimiter = detect_delimiter(lines)
            if delimiter is None:
                if len([line for line in lines if line.strip()]) > 1:
                    raise PriceListError(
                        "cannot detect the delimiter: no one of ; tab , | splits the lines "
                        "into columns; set it in the import profile"
                    )
                delimiter = ";"
        else:
            delimiter = list_format.delimiter
        self.delimiter = delimiter

        self._counter = _Source(self._stream, head)
        buffered = io.BufferedReader(self._counter, buffer_size=CHUNK_SIZE)
        text_stream = io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline="")
        text_stream._CHUNK_SIZE = CHUNK_SIZE  # type: ignore[attr-defined]
        self._text = text_stream
        # Title lines are skipped as lines, so a stray quote in them cannot swallow the data.
        for _ in range(list_format.skip_rows):
            if not text_stream.readline():
                break
            self._line_offset += 1
        self._records = csv.reader(text_stream, delimiter=delimiter)
        self._find_columns()

    def _open_xlsx(self, head: bytes, start: int | None) -> None:
        if not head.startswith(XLSX_MAGIC):
            raise PriceListError("the file is not an XLSX workbook (not a ZIP archive)")
        if start is not None:
            self._stream.seek(start)
            stream = self._stream
        else:  # a ZIP must be read from its end: spool a one-way stream to a file first
            self._temporary = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
            self._temporary.write(head)
            shutil.copyfileobj(self._stream, self._temporary, CHUNK_SIZE)
            self.total_bytes = self._temporary.tell()
            self._temporary.seek(0)
            stream = self._temporary
        try:
            self._workbook = XlsxReader(stream)
        except XlsxError as error:
            raise PriceListError(f"cannot open the XLSX workbook: {error}") from error
        records = _XlsxRecords(self._workbook, self.list_format.skip_rows)
        self._line_offset = 0
        self._records = records
        self._find_columns()
        text_columns = {self._positions[name] for name in ("brand", "number", "name")}
        text_columns |= {
            self._positions[name] for name in ("description",) if name in self._positions
        }
        records.text_columns = frozenset(position for position in text_columns if position >= 0)

    def _find_columns(self) -> None:
        list_format = self.list_format
        columns = dict(list_format.columns)
        if "name" not in columns and "description" in columns:
            columns["name"] = columns.pop("description")
        by_position = bool(columns) and all(isinstance(v, int) for v in columns.values())
        if not list_format.has_header:
            if not by_position:
                raise PriceListError(
                    "a list without a header row needs every column given by position"
                )
            positions, found, missing = map_columns(None, columns)
        elif by_position:
            self._header = self._next_record()
            positions, found, missing = map_columns(None, columns)
        else:
            positions, found, missing = self._search_header(columns)
        if missing:
            field_name = missing[0]
            if field_name in columns:
                where = columns[field_name]
                message = (
                    f"the price list has no column {where!r} for the field {field_name!r}"
                    if isinstance(where, str)
                    else f"column position {where} for the field {field_name!r}"
                )
            else:
                names = ", ".join(KNOWN_HEADERS[field_name])
                message = (
                    f"cannot find the {field_name!r} column: no header like {names}; "
                    "map it in the import profile by name or position"
                )
            raise MissingColumnError(field_name, message)
        self.columns_found = found
        self._positions = {name: positions.get(name, -1) for name in FIELDS}
        if self._positions["name"] < 0 and "description" in positions:
            self._positions["name"] = positions["description"]

    def _next_record(self) -> list[object] | None:
        try:
            return next(self._records, None)
        except csv.Error as error:
            raise PriceListError(f"line {self._line()}: {error}") from error
        except XlsxError as error:
            raise PriceListError(f"after row {self._line()}: {error}") from error

    def _line(self) -> int:
        return self._records.line_num + self._line_offset

    def _search_header(
        self, columns: dict[str, str | int]
    ) -> tuple[dict[str, int], dict[str, str | int], list[str]]:
        """The first of the next rows that names every required column is the header."""
        best = None
        for _ in range(HEADER_SEARCH_ROWS):
            record = self._next_record()
            if record is None:
                break
            if not any(str(cell).strip() for cell in record):
                continue
            result = map_columns(record, columns)
            if not result[2]:
                self._header = record
                return result
            if best is None or len(result[2]) < len(best[2]):
                best = result
        if best is None:
            raise PriceListError("the price list has no header row (the file is empty)")
        return best

    # --- iterating ---

    @property
    def bytes_read(self) -> int:
        """Bytes read so far (XLSX: the file's share that the worksheet XML parsed so far is of
        the whole worksheet XML)."""
        if self._counter is not None:
            return self._counter.count
        workbook = self._workbook
        if workbook is not None and self.total_bytes and workbook.sheet_size:
            parsed = min(workbook.bytes_parsed, workbook.sheet_size)
            return self.total_bytes * parsed // workbook.sheet_size
        return 0

    def __iter__(self) -> Iterator[PriceRow | BadRow]:
        if self._started:
            raise RuntimeError("a price list reader can be iterated only once")
        self._started = True
        return self._parse()

    def __enter__(self) -> PriceListReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._workbook is not None:
            self._workbook.close()
        if self._temporary is not None:
            self._temporary.close()
        if self._owns_stream:
            self._stream.close()

    def _parse(self) -> Iterator[PriceRow | BadRow]:
        list_format = self.list_format
        positions = self._positions
        i_brand, i_number, i_price = positions["brand"], positions["number"], positions["price"]
        i_name, i_quantity = positions["name"], positions["quantity"]
        i_delivery, i_multiple = positions["delivery"], positions["multiple"]
        needed = max(i_brand, i_number, i_price) + 1
        width = max(positions.values()) + 1
        padding = [""] * width
        header = self._header
        records = self._records
        offset = self._line_offset
        min_quantity = list_format.min_quantity

        # Prices are nearly all different: parsed every time, through a fast path.
        price_of = _price
        decimal = list_format.decimal
        quantity_of: Callable[[object], tuple[int, bool] | str] = lru_cache(maxsize=4096)(
            lambda raw, plenty=list_format.plenty: parse_quantity(raw, plenty=plenty)
        )
        delivery_of: Callable[[object], tuple[int, int] | str] = lru_cache(maxsize=4096)(
            lambda raw, default=list_format.default_delivery: parse_delivery(raw, default=default)
        )
        multiple_of = lru_cache(maxsize=1024)(parse_multiple)
        no_quantity = (list_format.plenty, True)  # a list without a quantity column
        default_delivery = list_format.default_delivery
        number_key = _number_key
        str_ = str

        try:
            rows_read = 0
            for record in records:
                rows_read += 1
                if rows_read & 0x3FF == 0:
                    self.rows_read = rows_read
                if len(record) < width:
                    if len(record) < needed:
                        if not any(str_(cell).strip() for cell in record):
                            self.rows_skipped += 1
                            continue
                        if not (i_number < len(record) and str_(record[i_number]).strip()) and not (
                            i_price < len(record) and str_(record[i_price]).strip()
                        ):
                            self.rows_skipped += 1  # a heading: "Фильтры;;"
                            continue
                        line = records.line_num + offset
                        yield BadRow(line, "short_row", _detail(_joined(record)))
                        continue
                    record = record + padding[len(record) :]
                number = record[i_number].strip()
                price = price_of(record[i_price], decimal)
                if price.__class__ is str:
                    if not number and not str_(record[i_price]).strip():
                        self.rows_skipped += 1  # a heading or an empty line
                        continue
                    if header is not None and list(record[: len(header)]) == list(header):
                        self.rows_skipped += 1  # the header repeated (a new page)
                        continue
                line = records.line_num + offset
                if not number:
                    yield BadRow(line, "no_number", _detail(record[i_number]))
                    continue
                number_norm = number_key(number)
                if not number_norm:
                    yield BadRow(line, "no_number", _detail(number))
                    continue
                brand = record[i_brand].strip()
                if not brand:
                    yield BadRow(line, "no_brand", _detail(number))
                    continue
                if price.__class__ is str:
                    yield BadRow(line, price, _detail(record[i_price]))
                    continue
                if i_quantity >= 0:
                    quantity = quantity_of(record[i_quantity])
                    if quantity.__class__ is str:
                        yield BadRow(line, quantity, _detail(record[i_quantity]))
                        continue
                    if quantity[0] < min_quantity and not quantity[1]:
                        yield BadRow(line, "below_min_quantity", _detail(record[i_quantity]))
                        continue
                else:
                    quantity = no_quantity
                if i_delivery >= 0:
                    delivery = delivery_of(record[i_delivery])
                    if delivery.__class__ is str:
                        yield BadRow(line, delivery, _detail(record[i_delivery]))
                        continue
                else:
                    delivery = default_delivery
                if i_multiple >= 0:
                    multiple = multiple_of(record[i_multiple])
                    if multiple.__class__ is str:
                        yield BadRow(line, multiple, _detail(record[i_multiple]))
                        continue
                else:
                    multiple = 1
                yield PriceRow(
                    line,
                    brand,
                    number,
                    number_norm,
                    record[i_name].strip() if i_name >= 0 else "",
                    price,
                    quantity[0],
                    quantity[1],
                    delivery[0],
                    delivery[1],
                    multiple,
                )
            self.rows_read = rows_read
        except csv.Error as error:
            raise PriceListError(f"line {self._line()}: {error}") from error
        except XlsxError as error:
            raise PriceListError(f"after row {self._line()}: {error}") from error
        finally:
            self.close()


def _joined(record: Sequence[object]) -> str:
    return " | ".join(str(cell) for cell in record)


def _cp1251_fallback(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 in a list detected as UTF-8 are read as cp1251."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return bytes(chunk).decode("cp1251", errors="replace"), error.end


codecs.register_error("partsdesk_cp1251", _cp1251_fallback)


def read_price_list(
    source: str | Path | BinaryIO,
    list_format: ListFormat,
    *,
    filename: str | None = None,
) -> PriceListReader:
    """Open a price list for reading: detect its kind, encoding, delimiter and columns.

    Raises PriceListError (MissingColumnError for a required column) when the file cannot be
    read as a price list; problems of single rows come out of the iteration as BadRow.
    `filename` names the kind by its extension when `source` is a stream without a name.
    """
    return PriceListReader(source, list_format, filename=filename)
