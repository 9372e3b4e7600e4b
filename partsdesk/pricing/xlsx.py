"""Streaming the rows of an XLSX worksheet, in constant memory apart from its shared strings.

openpyxl's read-only mode reads a row in ~45 µs, too slow for price lists of millions of rows
(a supplier's 5 M-row list took two minutes before a single offer was written). An XLSX is a
ZIP of XML parts; this module parses the first worksheet's XML with expat (the C parser in
the standard library) as it is decompressed, and hands out each row as a list of values:

    with XlsxReader(path) as workbook:
        for number, values in workbook.rows():   # number: the row number a person sees
            ...

A value is `str`, `int`, `float` (as openpyxl gives them: `int` when the number has no
decimal point or exponent), `bool`, or `datetime.datetime` / `datetime.time` for numbers
whose cell style is a date format; a missing or empty cell inside a row is `""`, and a row
ends at its last cell with a value. Rows without any value are not handed out, nor are the
rows missing from the XML (writers leave empty rows out): the row number tells where a row
is. Columns in `text_columns` come as text, the way a person sees them (`6962`, not `6962.0`).

What is read: shared strings (`t="s"`, kept in a compact table: ~20 bytes a string instead
of ~80, which is what a 5 M-row list's 5 M different article numbers need), inline strings
(`t="inlineStr"`, rich text runs joined, phonetic runs left out), formula results (`t="str"`,
cached values only), booleans, errors as their text (`#N/A`), ISO dates (`t="d"`), the 1904
date system, `_xHHHH_` escapes, namespace prefixes (`<x:c>`), cells and rows with or without
`r` references. The worksheet is the first one of the workbook's sheet list, as openpyxl's
`worksheets[0]` was.
"""

from __future__ import annotations

import datetime
import re
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from xml.etree import ElementTree
from xml.parsers import expat

__all__ = ["CellValue", "XlsxError", "XlsxReader", "cell_text"]

CellValue = str | int | float | bool | datetime.datetime | datetime.time

CHUNK_SIZE = 256 * 1024  # bytes of worksheet XML parsed at a time
_STRINGS_PER_CHUNK = 4096  # shared strings joined into one str (a power of two)
_SHIFT = _STRINGS_PER_CHUNK.bit_length() - 1
_MASK = _STRINGS_PER_CHUNK - 1

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DIGITS = "0123456789"
# Number formats 14-22 and 45-47 are the built-in date and time formats (as openpyxl reads them).
_BUILTIN_DATE_FORMATS = frozenset(range(14, 23)) | frozenset(range(45, 48))
# Quoted text, [colour]/[$-419] brackets and escaped characters are not date parts.
_NOT_FORMAT = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_PART = re.compile(r"[dmhysDMHYS]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b")
_WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
_MAC_EPOCH = datetime.datetime(1904, 1, 1)


class XlsxError(ValueError):
    """The workbook cannot be read: not a ZIP, a part missing, broken XML or data."""


def cell_text(value: CellValue) -> str:
    """A value as a person reads it in the cell: `6962` for 6962.0, dates in ISO form."""
    if value.__class__ is str:
        return value  # type: ignore[return-value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _unescape(text: str) -> str:
    """`_x000D_` → carriage return: how OOXML writes characters XML cannot hold."""
    return _ESCAPED.sub(lambda match: chr(int(match[1], 16)), text)


def is_date_format(code: str) -> bool:
    code = _NOT_FORMAT.sub("", code.split(";")[0])
    return code.lower() != "general" and _DATE_PART.search(code) is not None


def excel_datetime(value: float, *, epoch_1904: bool = False) -> datetime.datetime | datetime.time:
    """A serial date as a datetime (a time of day for values below 1), as openpyxl reads it."""
    day, fraction = divmod(value, 1)
    moment = datetime.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and moment.days == 0:
        return (datetime.datetime.min + moment).time()
    if epoch_1904:
        return _MAC_EPOCH + datetime.timedelta(days=day) + moment
    if 0 < value < 60:
        day += 1  # Excel's 29 February 1900, a day that never was
    return _WINDOWS_EPOCH + datetime.timedelta(days=day) + moment


class _StringTable:
    """Shared strings, joined into one str per 4096 with their boundaries in an array.

    A list of 5 M short str objects costs ~400 MB; this costs the characters plus 4 bytes
    a string. Looking one up is a slice.
    """

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.bounds: list[array] = []
        self._pending: list[str] = []
        self.count = 0

    def append(self, text: str) -> None:
        self._pending.append(text)
        self.count += 1
        if len(self._pending) == _STRINGS_PER_CHUNK:
            self._seal()

    def _seal(self) -> None:
        bounds = array("I", [0])
        total = 0
        for text in self._pending:
            total += len(text)
            bounds.append(total)
        self.chunks.append("".join(self._pending))
        self.bounds.append(bounds)
        self._pending = []

    def finish(self) -> None:
        if self._pending:
            self._seal()

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> str:
        bounds = self.bounds[index >> _SHIFT]
        j = index & _MASK
        return self.chunks[index >> _SHIFT][bounds[j] : bounds[j + 1]]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _part_path(base: str, target: str) -> str:
    """A relationship's target as a path inside the ZIP (relative to its source's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(base).parent / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


class XlsxReader:
    """One worksheet of an XLSX workbook (the first, or `sheet` by position), streamed.

    Opening reads the workbook's small parts, its styles and its shared strings; `rows()`
    then parses the worksheet as it is decompressed. `bytes_parsed` of `sheet_size` bytes of
    worksheet XML have been parsed so far (for a progress bar).
    """

    def __init__(self, source: str | Path | BinaryIO, *, sheet: int = 0) -> None:
        self._text_columns: set[int] = set()
        self.bytes_parsed = 0
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise XlsxError(
                f"not an XLSX workbook (not a readable ZIP archive): {error}"
            ) from error
        try:
            self._open(sheet)
        except XlsxError:
            self.close()
            raise
        except (
            KeyError,
            IndexError,
            ValueError,
            OSError,
            EOFError,
            zlib.error,
            zipfile.BadZipFile,
            ElementTree.ParseError,
            expat.ExpatError,
            NotImplementedError,  # a compression method zipfile does not know
            RuntimeError,  # an encrypted part
        ) as error:
            self.close()
            raise XlsxError(f"a broken XLSX workbook: {error}") from error

    @property
    def text_columns(self) -> frozenset[int]:
        """Columns (0-based) whose values come as text; may be set while reading."""
        return frozenset(self._text_columns)

    @text_columns.setter
    def text_columns(self, columns: frozenset[int] | set[int]) -> None:
        # Changed in place: the running parser holds this very set.
        self._text_columns.clear()
        self._text_columns.update(columns)

    def __enter__(self) -> XlsxReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    # --- the workbook's parts ---

    def _xml(self, name: str) -> ElementTree.Element:
        with self._zip.open(name) as part:
            return ElementTree.parse(part).getroot()

    def _relationships(self, source: str) -> dict[str, tuple[str, str]]:
        """Id → (type's last word, part path) of the part `source`'s relationships."""
        folder, _, name = source.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels not in self._names:
            return {}
        found = {}
        for rel in self._xml(rels):
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rpartition("/")[2]
            found[rel.get("Id", "")] = (kind, _part_path(source, rel.get("Target", "")))
        return found

    def _open(self, sheet: int) -> None:
        self._names = set(self._zip.namelist())
        workbook_path = next(
            (path for kind, path in self._relationships("").values() if kind == "officeDocument"),
            "xl/workbook.xml",
        )
        if workbook_path not in self._names:
            raise XlsxError("not an XLSX workbook: it has no workbook part (xl/workbook.xml)")
        workbook = self._xml(workbook_path)
        relationships = self._relationships(workbook_path)
        self.epoch_1904 = False
        sheets: list[tuple[str, str]] = []
        for element in workbook.iter():
            tag = _local(element.tag)
            if tag == "workbookPr":
                self.epoch_1904 = element.get("date1904", "").lower() in ("1", "true")
            elif tag == "sheet":
                rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
                kind, path = relationships.get(rel_id, ("", ""))
                if kind == "worksheet" and path in self._names:
                    sheets.append((element.get("name", ""), path))
        if not sheets:
            raise XlsxError("the workbook has no worksheet")
        self.sheet_names = [name for name, _ in sheets]
        self.sheet_name, self._sheet_path = sheets[sheet]
        self.sheet_size = self._zip.getinfo(self._sheet_path).file_size
        self._date_styles: frozenset[str] = frozenset()
        self._strings = _StringTable()
        for kind, path in relationships.values():
            if kind == "styles" and path in self._names:
                self._date_styles = self._read_date_styles(path)
            elif kind == "sharedStrings" and path in self._names:
                self._read_shared_strings(path)
        self._strings.finish()

    def _read_date_styles(self, path: str) -> frozenset[str]:
        """The cell style numbers (`s="3"`, as written) whose number format is a date."""
        styles = self._xml(path)
        custom: dict[int, str] = {}
        date_styles = set()
        for element in styles:
            tag = _local(element.tag)
            if tag == "numFmts":
                for number_format in element:
                    try:
                        custom[int(number_format.get("numFmtId", ""))] = number_format.get(
                            "formatCode", ""
                        )
                    except ValueError:
                        continue
            elif tag == "cellXfs":
                for index, xf in enumerate(element):
                    try:
                        format_id = int(xf.get("numFmtId", "0"))
                    except ValueError:
                        continue
                    if format_id in custom:
                        if is_date_format(custom[format_id]):
                            date_styles.add(str(index))
                    elif format_id in _BUILTIN_DATE_FORMATS:
                        date_styles.add(str(index))
        return frozenset(date_styles)

    def _read_shared_strings(self, path: str) -> None:
        with self._zip.open(path) as part:
            first = part.read(CHUNK_SIZE)
            prefix = _prefix(first, "sst")
            if prefix is not None:
                try:
                    self._read_shared_strings_fast(part, first, prefix)
                    return
                except _Unusual:
                    self._strings = _StringTable()
        self._read_shared_strings_expat(path)

    def _read_shared_strings_fast(self, part: BinaryIO, chunk: bytes, prefix: str) -> None:
        """Regular expressions over the XML as written by every spreadsheet program."""
        item = re.compile(rf"<{prefix}si>(.*?)</{prefix}si>|<{prefix}si/>", re.DOTALL)
        plain_open, plain_close = f"<{prefix}t>", f"</{prefix}t>"
        cut = len(plain_open)
        end_tag = f"</{prefix}si>".encode()
        append = self._strings.append
        tail = b""
        while True:
            data = tail + chunk
            more = bool(chunk)
            end = data.rfind(end_tag) + len(end_tag) if more else len(data)
            if end < len(end_tag) and more:
                tail = data
                chunk = part.read(CHUNK_SIZE)
                continue
            text = _decode(data[:end])
            tail = data[end:]
            for body in item.findall(text):
                if body.startswith(plain_open) and body.endswith(plain_close):
                    value = body[cut : -cut - 1]
                    if "<" in value:
                        value = _rich_text(body, prefix)
                elif body:
                    value = _rich_text(body, prefix)
                else:
                    value = ""
                if "&" in value or "\r" in value or "_x" in value:
                    value = _clean_text(value)
                append(value)
            if not more:
                break
            chunk = part.read(CHUNK_SIZE)

    def _read_shared_strings_expat(self, path: str) -> None:
        table = self._strings
        append = table.append
        parts: list[str] = []
        collect: list[str] | None = None
        phonetic = 0

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal collect, phonetic
            local = name.rpartition(":")[2]
            if local == "t":
                if not phonetic:
                    collect = parts
            elif local == "si":
                parts.clear()
            elif local == "rPh":
                phonetic += 1

        def end(name: str) -> None:
            nonlocal collect, phonetic
            local = name.rpartition(":")[2]
            if local == "t":
                collect = None
            elif local == "si":
                text = parts[0] if len(parts) == 1 else "".join(parts)
                append(_unescape(text) if "_x" in text else text)
            elif local == "rPh":
                phonetic -= 1

        def characters(data: str) -> None:
            if collect is not None:
                collect.append(data)

        parser = _expat_parser(start, end, characters)
        with self._zip.open(path) as part:
            while chunk := part.read(CHUNK_SIZE):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    # --- the worksheet ---

    def rows(self) -> Iterator[tuple[int, list[CellValue]]]:
        """(row number, values) of every row that has a value, in the order of the sheet."""
        text_columns = self._text_columns
        for number, record in self._parsed_rows():
            # Here, not while parsing: the columns are known only once the header is read,
            # and the parser is a chunk of rows ahead of the reader.
            if text_columns:
                size = len(record)
                for column in text_columns:
                    if column < size and record[column].__class__ is not str:
                        record[column] = cell_text(record[column])
            yield number, record

    def _parsed_rows(self) -> Iterator[tuple[int, list[CellValue]]]:
        self.bytes_parsed = 0
        handed_out = 0
        try:
            for row in self._rows_fast():
                handed_out += 1
                yield row
            return
        except _Unusual:
            pass
        except (ValueError, zlib.error, zipfile.BadZipFile, EOFError, OSError, IndexError) as error:
            if isinstance(error, XlsxError):
                raise
            raise XlsxError(f"a broken XLSX worksheet: {error}") from error
        # XML the fast path does not read (comments, CDATA, a DOCTYPE, not UTF-8): expat
        # reads it all again, and the rows already handed out are not handed out twice.
        self.bytes_parsed = 0
        try:
            for row in self._rows_expat():
                if handed_out:
                    handed_out -= 1
                    continue
                yield row
        except (
            expat.ExpatError,
            zlib.error,
            zipfile.BadZipFile,
            EOFError,
            OSError,
            IndexError,
        ) as error:
            raise XlsxError(f"a broken XLSX worksheet: {error}") from error

    def _value(self, raw: str, kind: str | None, style: str | None, row: int) -> CellValue:
        """A cell's value from its raw text, type (`t`) and style (`s`); off the hot path."""
        if kind is None or kind == "n":
            if style is not None and style in self._date_styles:
                return excel_datetime(float(raw), epoch_1904=self.epoch_1904)
            if "." in raw or "E" in raw or "e" in raw:
                return float(raw)
            return int(raw)
        if kind == "s":
            index = int(raw)
            if not 0 <= index < self._strings.count:
                raise XlsxError(f"row {row}: no shared string {index}")
            return self._strings[index]
        if kind == "inlineStr" or kind == "str":
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(raw)
            except ValueError:
                return raw
        return raw  # "e": an error such as #N/A

    def _rows_fast(self) -> Iterator[tuple[int, list[CellValue]]]:
        """Regular expressions over the worksheet XML, a chunk of whole rows at a time.

        Spreadsheet programs write cells in a few shapes (`<c r="B7" t="s"><v>12</v></c>`);
        a C regular expression cuts a chunk into cells several times faster than expat calls
        Python for each element. A chunk with other shapes (formulas, inline strings, cells
        without `r`) is read by a slower, complete expression; a comment, CDATA or a DOCTYPE
        raises _Unusual before a row of its chunk is handed out.
        """
        part = self._zip.open(self._sheet_path)
        try:
            chunk = part.read(CHUNK_SIZE)
            prefix = _prefix(chunk, "worksheet")
            if prefix is None:
                raise _Unusual
            chunks = _Chunks(self, prefix)
            row_end = f"</{prefix}row>".encode()
            # What comes before the rows (<cols>, <sheetViews>) is not looked at.
            sheet_data = f"<{prefix}sheetData".encode()
            while (start := chunk.find(sheet_data)) < 0 and len(chunk) < 64 * CHUNK_SIZE:
                more = part.read(CHUNK_SIZE)
                if not more:
                    break
                chunk += more
            if start < 0:
                raise _Unusual
            self.bytes_parsed += start
            chunk = chunk[start:]
            tail = b""
            while chunk:
                data = tail + chunk if tail else chunk
                end = data.rfind(row_end)
                if end < 0:
                    tail = data
                    chunk = part.read(CHUNK_SIZE)
                    continue
                end += len(row_end)
                tail = data[end:]
                whole = data[:end] if tail else data
                if b"<!" in whole:
                    raise _Unusual  # a comment, CDATA or a DOCTYPE
                try:
                    rows = chunks.fast(whole)
                except (_OtherShapes, ValueError, IndexError):
                    rows = chunks.complete(_decode(whole))
                self.bytes_parsed += end
                yield from rows
                chunk = part.read(CHUNK_SIZE)
            if "<!" in _decode(tail):
                raise _Unusual
            yield from chunks.complete(_decode(tail))
            self.bytes_parsed += len(tail)
        finally:
            part.close()

    def _rows_expat(self) -> Iterator[tuple[int, list[CellValue]]]:
        """The worksheet through expat: slower, but any well-formed XML."""
        part = self._zip.open(self._sheet_path)
        value_of = self._value
        columns: dict[str, int] = {}
        done: list[tuple[int, list[CellValue]]] = []
        record: list[CellValue] = []
        parts: list[str] = []
        collect: list[str] | None = None
        row_number = 0
        column = -1
        kind: str | None = None
        style: str | None = None
        inline = False
        phonetic = False

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal collect, row_number, column, kind, style, inline, phonetic, record
            local = name.rpartition(":")[2]
            if local == "c":
                reference = attrs.get("r")
                if reference is None:
                    column += 1
                else:
                    letters = reference.rstrip(_DIGITS)
                    found = columns.get(letters)
                    column = found if found is not None else _column(letters, columns)
                kind = attrs.get("t")
                style = attrs.get("s")
                parts.clear()
            elif local == "v":
                collect = parts
            elif local == "row":
                number = attrs.get("r")
                row_number = int(number) if number is not None else row_number + 1
                record = []
                column = -1
            elif local == "t":
                if inline and not phonetic:
                    collect = parts
            elif local == "is":
                inline = True
            elif local == "rPh":
                phonetic = True

        def end(name: str) -> None:
            nonlocal collect, inline, phonetic
            local = name.rpartition(":")[2]
            if local == "c":
                if not parts:
                    return  # no value: a styled empty cell
                raw = parts[0] if len(parts) == 1 else "".join(parts)
                if "_x" in raw and kind in ("inlineStr", "str"):
                    raw = _unescape(raw)
                value = value_of(raw, kind, style, row_number)
                size = len(record)
                if column == size:
                    record.append(value)
                elif column > size:
                    record.extend([""] * (column - size))
                    record.append(value)
                else:
                    record[column] = value
            elif local in ("v", "t"):
                collect = None
            elif local == "row":
                while record and record[-1] == "":
                    record.pop()
                if record:
                    done.append((row_number, record))
            elif local == "is":
                inline = False
            elif local == "rPh":
                phonetic = False

        def characters(data: str) -> None:
            if collect is not None:
                collect.append(data)

        parser = _expat_parser(start, end, characters)
        try:
            while chunk := part.read(CHUNK_SIZE):
                parser.Parse(chunk, False)
                self.bytes_parsed += len(chunk)
                if done:
                    yield from done
                    done.clear()
            parser.Parse(b"", True)
            yield from done
        except ValueError as error:  # int() or float() of a broken value
            if isinstance(error, XlsxError):
                raise
            raise XlsxError(f"row {row_number}: {error}") from error
        finally:
            part.close()


class _OtherShapes(Exception):
    """A chunk holds cells the fast expression does not read."""


class _Chunks:
    """Turns chunks of whole rows of worksheet XML into (row number, values)."""

    def __init__(self, reader: XlsxReader, prefix: str) -> None:
        p = re.escape(prefix)
        # Every cell with `r` first and its value right after: (letters, row, attributes, raw).
        # On bytes: one byte a character (a str with Cyrillic takes two), nothing decoded
        # but the values that are text.
        b = re.escape(prefix.encode())
        self._cells = re.compile(
            rb"<" + b + rb'c r="([A-Z]{1,3})(\d+)"([^>]*)>(?:<' + b + rb"v>([^<]*)</" + b + rb"v>)?"
        ).findall
        # Whatever else starts with `<c` in sheet data (an inline string's `<color>`, a cell
        # in another shape) sends the chunk to the complete expression.
        self._cell_start = f"<{prefix}c".encode()
        # Every row and cell in any shape.
        self._tokens = re.compile(
            rf"(<{p}row\b[^>]*>)|(</{p}row\s*>)"
            rf"|<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c\s*>)",
            re.DOTALL,
        ).findall
        self._prefix = prefix
        self._v = (f"<{prefix}v>", f"</{prefix}v>")
        self._columns: dict[str, int] = {}
        self._byte_columns: dict[bytes, int] = {}
        # Attributes after `r` (` s="2" t="s"`) → (code, t, s); they repeat.
        self._shapes: dict[bytes, tuple[int, str | None, str | None]] = {}
        self._reader = reader
        self._strings = reader._strings
        self._value = reader._value
        self._date_styles = reader._date_styles
        self._row_number = 0

    def _shape(self, attributes: bytes) -> tuple[int, str | None, str | None]:
        attrs = attributes.decode("utf-8", "replace")
        kind, style = _kind_and_style(attrs)
        if attrs.rstrip().endswith("/"):
            code = _EMPTY
        elif kind == "s":
            code = _SHARED
        elif kind == "str":
            code = _TEXT
        elif kind in (None, "n") and (style is None or style not in self._date_styles):
            code = _NUMBER
        else:
            code = _OTHER
        shape = (code, kind, style)
        if len(self._shapes) < 10_000:
            self._shapes[attributes] = shape
        return shape

    def fast(self, data: bytes) -> list[tuple[int, list[CellValue]]]:
        """The rows of a chunk whose every cell has the usual shape; raises _OtherShapes,
        ValueError or IndexError for anything else, and the caller reads the chunk again
        with `complete`, which reads what is readable and names what is broken."""
        cells = self._cells(data)
        if data.count(self._cell_start) != len(cells):
            raise _OtherShapes
        strings = self._strings
        chunks, bounds = strings.chunks, strings.bounds
        shapes = self._shapes
        columns = self._byte_columns
        value_of = self._value
        done: list[tuple[int, list[CellValue]]] = []
        record: list[CellValue] = []
        current = b""
        row_number = self._row_number
        # The codes and the 4096 strings a chunk of the table holds are written as literals:
        # a global name costs a dictionary lookup per cell.
        for letters, digits, attrs, raw in cells:
            if digits != current:
                while record and record[-1] == "":
                    record.pop()
                if record:
                    done.append((row_number, record))
                current = digits
                row_number = int(digits)
                record = []
            shape = shapes.get(attrs)
            if shape is None:
                shape = self._shape(attrs)
            code = shape[0]
            if code == 1:  # _SHARED; int(b"") is a ValueError: a formula or inline string
                i = int(raw)
                if i < 0:
                    raise IndexError(i)
                b = bounds[i >> 12]
                j = i & 4095
                value: CellValue = chunks[i >> 12][b[j] : b[j + 1]]
            elif code == 2:  # _NUMBER
                value = float(raw) if b"." in raw or b"E" in raw or b"e" in raw else int(raw)
            elif code == 0:  # _EMPTY
                continue
            elif not raw:
                raise _OtherShapes  # a formula, an inline string, an empty <v/>
            elif code == 3:  # _TEXT
                value = _clean_text(_decode(raw))
            else:
                value = value_of(_decode(raw), shape[1], shape[2], row_number)
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = _column(letters.decode(), self._columns)
            if column == len(record):
                record.append(value)
            else:
                _place(record, column, value)
        while record and record[-1] == "":
            record.pop()
        if record:
            done.append((row_number, record))
        self._row_number = row_number
        return done

    def complete(self, text: str) -> list[tuple[int, list[CellValue]]]:
        prefix = self._prefix
        v_open, v_close = self._v
        cut = len(v_open)
        columns = self._columns
        value_of = self._value
        done: list[tuple[int, list[CellValue]]] = []
        record: list[CellValue] = []
        row_number = self._row_number
        column = -1
        for row_tag, row_close, attrs, body in self._tokens(text):
            if row_tag:
                number = _ROW_NUMBER.search(row_tag)
                row_number = int(number[1]) if number else row_number + 1
                record = []
                column = -1
                continue
            if row_close:
                while record and record[-1] == "":
                    record.pop()
                if record:
                    done.append((row_number, record))
                record = []
                continue
            reference = _reference(attrs) if "r" in attrs else None
            if reference is not None:
                letters = reference.rstrip(_DIGITS)
                found = columns.get(letters)
                column = found if found is not None else _column(letters, columns)
            else:
                column += 1
            if not body:
                continue  # no value: a styled empty cell
            kind, style = _kind_and_style(attrs)
            if (
                body.startswith(v_open)
                and body.endswith(v_close)
                and "<" not in body[cut : -cut - 1]
            ):
                raw: str | None = body[cut : -cut - 1]
            else:
                raw = _cell_body(body, prefix, kind)
            if raw is None:
                continue
            if kind != "s" and ("&" in raw or "\r" in raw or "_x" in raw):
                raw = _clean_text(raw)
            value = value_of(raw, kind, style, row_number)
            size = len(record)
            if column == size:
                record.append(value)
            elif column > size:
                record.extend([""] * (column - size))
                record.append(value)
            else:
                record[column] = value
        self._row_number = row_number
        return done


_EMPTY, _SHARED, _NUMBER, _TEXT, _OTHER = range(5)
assert _STRINGS_PER_CHUNK == 4096, "_Chunks.fast has the chunk size written in"


def _place(record: list[CellValue], column: int, value: CellValue) -> None:
    """A value put where its column is: after empty cells, or over an earlier value."""
    size = len(record)
    if column > size:
        record.extend([""] * (column - size))
        record.append(value)
    else:
        record[column] = value


class _Unusual(Exception):
    """XML the fast path leaves to expat."""


_ROW_NUMBER = re.compile(r"""\sr\s*=\s*["'](\d+)""")
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#[xX]([0-9a-fA-F]+));")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)""")


def _prefix(head: bytes, root: str) -> str | None:
    """The namespace prefix (`x:` or ``) of the root element, or None for unusual XML."""
    declaration = _DECLARATION.match(head)
    if declaration and declaration[1].lower().replace(b"-", b"") not in (b"utf8",):
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"<!DOCTYPE" in head[:4096]:
        return None
    match = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?" + root.encode() + rb"\b", head[:65536])
    if match is None:
        return None
    return f"{match[1].decode()}:" if match[1] else ""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise XlsxError(f"the XML is not UTF-8: {error}") from error


def _xml_unescape(text: str) -> str:
    def entity(match: re.Match[str]) -> str:
        if match[1]:
            return _ENTITIES[match[1]]
        return chr(int(match[2]) if match[2] else int(match[3], 16))

    return _ENTITY.sub(entity, text)


def _clean_text(text: str) -> str:
    """What an XML parser and a spreadsheet make of a text node: entities, line ends, escapes."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _xml_unescape(text)
    if "_x" in text:
        text = _unescape(text)
    return text


def _rich_text(body: str, prefix: str) -> str:
    """The text of `<t>` elements outside phonetic runs (`<rPh>`), joined: rich text runs."""
    p = re.escape(prefix)
    body = re.sub(rf"<{p}rPh\b.*?</{p}rPh>", "", body, flags=re.DOTALL)
    return "".join(re.findall(rf"<{p}t\b[^>]*?(?:/>|>(.*?)</{p}t\s*>)", body, flags=re.DOTALL))


def _cell_body(body: str, prefix: str, kind: str | None) -> str | None:
    """A cell's raw value from a body the fast path did not recognise (a formula, `<is>`)."""
    p = re.escape(prefix)
    if kind == "inlineStr":
        inline = re.search(rf"<{p}is\b[^>]*>(.*?)</{p}is\s*>", body, flags=re.DOTALL)
        if inline is not None:
            return _rich_text(inline[1], prefix)
    value = re.search(rf"<{p}v\b[^>]*?(?:/>|>(.*?)</{p}v\s*>)", body, flags=re.DOTALL)
    if value is None:
        return None
    return value[1] or ""


def _reference(attrs: str) -> str | None:
    for name, double, single in _ATTRIBUTE.findall(attrs):
        if name == "r":
            return double or single
    return None


def _kind_and_style(attrs: str) -> tuple[str | None, str | None]:
    kind = style = None
    for name, double, single in _ATTRIBUTE.findall(attrs):
        if name == "t":
            kind = double or single
        elif name == "s":
            style = double or single
    return kind, style


def _column(letters: str, columns: dict[str, int]) -> int:
    """`A` → 0, `AB` → 27; remembered in `columns`."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    if not (letters.isascii() and letters.isalpha() and letters.isupper()) or not (
        0 < index <= 16384
    ):
        raise XlsxError(f"a bad cell reference {letters!r}")
    columns[letters] = index - 1
    return index - 1


def _expat_parser(start, end, characters) -> expat.XMLParserType:  # type: ignore[no-untyped-def]
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    return parser
