import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from bench.pricelists import price_list_rows, write_csv, write_xlsx
from partsdesk.pricing.pricelist import (
    BadRow,
    ListFormat,
    PriceListError,
    PriceRow,
    read_price_list,
)
from partsdesk.pricing.xlsx import CHUNK_SIZE, XlsxError, XlsxReader, excel_datetime

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet(rows_xml, *, prefix="", before="", after=""):
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<{p}worksheet {xmlns}="{MAIN}" xmlns:r="{DOC_RELS}">{before}'
        f"<{p}sheetData>{rows_xml}</{p}sheetData>{after}</{p}worksheet>"
    )


def shared(*items):
    body = "".join(item if item.startswith("<si") else f"<si><t>{item}</t></si>" for item in items)
    return f'<sst xmlns="{MAIN}" count="{len(items)}" uniqueCount="{len(items)}">{body}</sst>'


STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
    '<numFmt numFmtId="164" formatCode="DD.MM.YYYY"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
    '<xf numFmtId="14"/><xf numFmtId="4"/></cellXfs></styleSheet>'
)


def make_xlsx(path, sheets, *, strings=None, styles=STYLES, workbook_pr="", prefix=""):
    """A workbook written by hand: `sheets` is [(name, part file name, xml)] in workbook order."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    entries = "".join(
        f'<{p}sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
        for i, (name, _, _) in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{DOC_RELS}/worksheet" Target="worksheets/{part}"/>'
        for i, (_, part, _) in enumerate(sheets)
    )
    rels += f'<Relationship Id="rS" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
    if strings is not None:
        rels += (
            f'<Relationship Id="rT" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<{p}workbook {xmlns}="{MAIN}" xmlns:r="{DOC_RELS}">{workbook_pr}'
            f"<{p}sheets>{entries}</{p}sheets></{p}workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}">{rels}</Relationships>'
        )
        archive.writestr("xl/styles.xml", styles)
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", strings)
        for _, part, xml in sheets:
            archive.writestr(f"xl/worksheets/{part}", xml)
    return path


def rows_of(path, **kwargs):
    with XlsxReader(path, **kwargs) as workbook:
        return list(workbook.rows())


# A sheet as LibreOffice and 1C write it: shared strings, styled empty cells, rows left out.
HAND_ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    '<row r="3" spans="1:6"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c>'
    '<c r="C3" t="s"><v>3</v></c><c r="D3" t="s"><v>4</v></c></row>'
    '<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" t="s"><v>6</v></c>'
    '<c r="C4" s="3"><v>2500.54</v></c><c r="D4"><v>12</v></c></row>'
    '<row r="5"><c r="A5" s="3"/><c r="B5" s="3"/></row>'
    '<row r="7"><c r="A7" t="s"><v>7</v></c><c r="B7"><v>6962</v></c>'
    '<c r="D7" t="s"><v>8</v></c><c r="C7" s="3"><v>1E3</v></c></row>'
)
HAND_STRINGS = shared(
    "Прайс ООО &quot;Ромашка&quot; &amp; Ко",
    "Бренд",
    "Артикул",
    "Цена",
    "Кол-во",
    "MANN-FILTER",
    "W 712/75",
    '<si><r><rPr><b/><color rgb="FFFF0000"/></rPr><t>NG</t></r><r><t xml:space="preserve">K </t>'
    "</r><rPh><t>ignored</t></rPh></si>",
    "&gt;10",
)


def test_a_hand_written_sheet_with_shared_strings_and_rows_left_out(tmp_path):
    path = make_xlsx(
        tmp_path / "hand.xlsx", [("Лист1", "sheet1.xml", sheet(HAND_ROWS))], strings=HAND_STRINGS
    )

    assert rows_of(path) == [
        (1, ['Прайс ООО "Ромашка" & Ко']),
        (3, ["Бренд", "Артикул", "Цена", "Кол-во"]),
        (4, ["MANN-FILTER", "W 712/75", 2500.54, 12]),
        (7, ["NGK ", 6962, 1000.0, ">10"]),
    ]


def test_the_price_list_reader_counts_rows_as_the_spreadsheet_shows_them(tmp_path):
    path = make_xlsx(
        tmp_path / "hand.xlsx", [("Лист1", "sheet1.xml", sheet(HAND_ROWS))], strings=HAND_STRINGS
    )

    reader = read_price_list(path, ListFormat(skip_rows=2))
    rows = list(reader)

    assert reader.columns_found == {
        "brand": "Бренд",
        "number": "Артикул",
        "price": "Цена",
        "quantity": "Кол-во",
    }
    assert [(r.line, r.brand, r.number, r.price, r.quantity) for r in rows] == [
        (4, "MANN-FILTER", "W 712/75", Decimal("2500.54"), 12),
        (7, "NGK", "6962", Decimal("1000.00"), 10),
    ]
    assert reader.bytes_read == reader.total_bytes == path.stat().st_size


def test_skip_rows_counts_the_rows_left_out_of_the_xml(tmp_path):
    # given: the header is row 3; rows 1-2 are title rows, and row 2 is not in the XML at all
    path = make_xlsx(
        tmp_path / "hand.xlsx", [("Лист1", "sheet1.xml", sheet(HAND_ROWS))], strings=HAND_STRINGS
    )

    reader = read_price_list(
        path,
        ListFormat(skip_rows=3, has_header=False, columns={"brand": 0, "number": 1, "price": 2}),
    )

    assert [row.line for row in reader] == [4, 7]


def test_inline_strings_formulas_booleans_errors_dates_and_escapes(tmp_path):
    rows = (
        '<row r="2">'
        '<c r="A2" t="inlineStr"><is><t>Фильтр &lt;масляный&gt;</t></is></c>'
        '<c r="B2" t="inlineStr"><is><r><t>OC</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 90</t></r></is></c>'
        '<c r="C2" t="str"><f>A1&amp;"x"</f><v>Строка_x000D_два</v></c>'
        '<c r="D2"><f>SUM(1,2)</f><v>3</v></c>'
        '<c r="E2" t="b"><v>1</v></c>'
        '<c r="F2" t="e"><v>#N/A</v></c>'
        '<c r="G2" s="1"><v>46351</v></c>'
        '<c r="H2" s="2"><v>46351.5</v></c>'
        '<c r="I2" t="d"><v>2026-11-25T10:30:00</v></c>'
        '<c r="J2" t="n"><v>-7</v></c>'
        "</row>"
    )
    path = make_xlsx(tmp_path / "kinds.xlsx", [("S", "sheet1.xml", sheet(rows))])

    [(number, values)] = rows_of(path)

    assert number == 2
    assert values == [
        "Фильтр <масляный>",
        "OC 90",
        "Строка\rдва",
        3,
        True,
        "#N/A",
        datetime.datetime(2026, 11, 25),
        datetime.datetime(2026, 11, 25, 12, 0),
        datetime.datetime(2026, 11, 25, 10, 30),
        -7,
    ]


def test_text_columns_read_numbers_and_dates_as_a_person_sees_them(tmp_path):
    rows = '<row r="1"><c r="A1"><v>6962</v></c><c r="B1"><v>6962.0</v></c><c r="C1" s="1"><v>46351</v></c><c r="D1"><v>6962.5</v></c></row>'
    path = make_xlsx(tmp_path / "text.xlsx", [("S", "sheet1.xml", sheet(rows))])

    with XlsxReader(path) as workbook:
        workbook.text_columns = frozenset({0, 1, 2})
        [(_, values)] = list(workbook.rows())

    assert values == ["6962", "6962", "2026-11-25T00:00:00", 6962.5]


def test_cells_without_references_in_any_attribute_order_with_a_namespace_prefix(tmp_path):
    # given: how some .NET exporters write: x: prefixes, no `r` on cells, `s` before `r`
    rows = (
        '<x:row><x:c t="inlineStr"><x:is><x:t>Bosch</x:t></x:is></x:c><x:c><x:v>10</x:v></x:c></x:row>'
        "<x:row r='3'><x:c s=\"0\" r=\"C3\"><x:v>5</x:v></x:c><x:c r='A3' t='inlineStr'>"
        "<x:is><x:t>NGK</x:t></x:is></x:c></x:row>"
    )
    path = make_xlsx(
        tmp_path / "x.xlsx", [("S", "sheet1.xml", sheet(rows, prefix="x"))], prefix="x"
    )

    assert rows_of(path) == [(1, ["Bosch", 10]), (3, ["NGK", "", 5])]


def test_the_first_sheet_of_the_workbook_is_read_whatever_its_file_is_called(tmp_path):
    first = sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    second = sheet('<row r="1"><c r="A1"><v>2</v></c></row>')
    path = make_xlsx(
        tmp_path / "order.xlsx", [("Прайс", "sheet2.xml", first), ("Старый", "sheet1.xml", second)]
    )

    with XlsxReader(path) as workbook:
        assert workbook.sheet_names == ["Прайс", "Старый"]
        assert list(workbook.rows()) == [(1, [1])]
    assert rows_of(path, sheet=1) == [(1, [2])]


def test_the_1904_date_system(tmp_path):
    path = make_xlsx(
        tmp_path / "mac.xlsx",
        [
            (
                "S",
                "sheet1.xml",
                sheet('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1</v></c></row>'),
            )
        ],
        workbook_pr='<workbookPr date1904="1"/>',
    )

    assert rows_of(path) == [(1, [datetime.time(0, 0), datetime.datetime(1904, 1, 2)])]


def test_excel_serial_dates_around_the_1900_leap_year_bug():
    assert excel_datetime(1) == datetime.datetime(1900, 1, 1)
    assert excel_datetime(59) == datetime.datetime(1900, 2, 28)
    assert excel_datetime(61) == datetime.datetime(1900, 3, 1)
    assert excel_datetime(0.25) == datetime.time(6, 0)


def test_xml_the_fast_path_does_not_read_is_read_by_expat_with_the_same_result(tmp_path):
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 3}</v></c><c r="B{n}"><v>{n}.5</v></c></row>'
        for n in range(1, 8001)
    )
    strings = shared("MAHLE", "MANN &amp; Co", "Bosch")
    plain = make_xlsx(tmp_path / "plain.xlsx", [("S", "sheet1.xml", sheet(rows))], strings=strings)
    # A comment in the last rows: the fast path has handed out rows before it meets it.
    at = rows.index('<row r="7990">')
    commented = rows[:at] + "<!-- a comment -->" + rows[at:]
    unusual = make_xlsx(
        tmp_path / "unusual.xlsx", [("S", "sheet1.xml", sheet(commented))], strings=strings
    )

    expected = rows_of(plain)
    assert len(expected) == 8000
    assert expected[1] == (2, ["Bosch", 2.5])
    assert zipfile.ZipFile(unusual).getinfo("xl/worksheets/sheet1.xml").file_size > 2 * CHUNK_SIZE
    assert rows_of(unusual) == expected


def test_many_shared_strings_are_looked_up_across_the_compact_table(tmp_path):
    count = 10_000
    strings = shared(*(f"N{i:05d}" for i in range(count)))
    rows = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{count - 1 - i}</v></c></row>'
        for i in range(count)
    )
    path = make_xlsx(tmp_path / "many.xlsx", [("S", "sheet1.xml", sheet(rows))], strings=strings)

    found = rows_of(path)

    assert found[0] == (1, [f"N{count - 1:05d}"])
    assert found[4095:4098] == [(4096, ["N05904"]), (4097, ["N05903"]), (4098, ["N05902"])]
    assert [values[0] for _, values in found] == [f"N{i:05d}" for i in reversed(range(count))]


def test_a_file_written_by_openpyxl_reads_as_openpyxl_reads_it(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Бренд", "Артикул", "Цена", None, "Дата"])
    ws.append(["MAHLE", "OC 90", 350.5, None, datetime.datetime(2026, 11, 25, 8, 0)])
    ws.append([None, None, None])
    ws.append(["MANN", 712, 1000, "x & <y>", True])
    ws["G6"] = "sparse"
    path = tmp_path / "openpyxl.xlsx"
    workbook.save(path)

    expected = [
        (number, [value if value is not None else "" for value in row])
        for number, row in enumerate(openpyxl.load_workbook(path, read_only=True).active.values, 1)
    ]
    expected = [(number, _trimmed(row)) for number, row in expected if any(v != "" for v in row)]

    assert rows_of(path) == expected
    assert expected[-1] == (6, ["", "", "", "", "", "", "sparse"])


def _trimmed(row):
    while row and row[-1] == "":
        row.pop()
    return row


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not really a zip", "not a readable ZIP"),
        (None, "no workbook part"),
    ],
)
def test_files_that_are_not_workbooks_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "broken.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<document/>")
    else:
        path.write_bytes(content)

    with pytest.raises(XlsxError, match=message):
        XlsxReader(path)
    with pytest.raises(PriceListError, match="cannot open the XLSX workbook"):
        read_price_list(path, ListFormat())


def test_a_reference_to_a_missing_shared_string_is_a_clear_error(tmp_path):
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row>'
    path = make_xlsx(
        tmp_path / "sst.xlsx", [("S", "sheet1.xml", sheet(rows))], strings=shared("Brand")
    )

    with pytest.raises(XlsxError, match="no shared string 7"):
        rows_of(path)


def test_a_damaged_sheet_is_a_price_list_error_not_a_crash(tmp_path):
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>MAHLE</t></is></c><c r="B{n}" t="inlineStr"><is><t>OC{n}</t></is></c><c r="C{n}"><v>{n}</v></c></row>'
        for n in range(2, 10_000)
    )
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Brand</t></is></c><c r="B1" t="inlineStr"><is><t>Number</t></is></c><c r="C1" t="inlineStr"><is><t>Price</t></is></c></row>'
    path = make_xlsx(tmp_path / "damaged.xlsx", [("S", "sheet1.xml", sheet(header + rows))])
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 64] = b"\x00" * 64
    path.write_bytes(bytes(data))

    # The damage shows as a CRC or deflate error, or as garbage in the XML: all are named.
    reader = read_price_list(path, ListFormat())
    with pytest.raises(PriceListError, match="after row"):
        list(reader)


def test_a_generated_list_reads_the_same_as_csv_and_opens_in_openpyxl(tmp_path):
    # given: the same 3000 generated rows as cp1251 CSV and as XLSX
    rows = list(price_list_rows(3000, seed=7))
    write_csv(tmp_path / "list.csv", rows)
    size = write_xlsx(tmp_path / "list.xlsx", rows)

    # when
    from_csv = list(read_price_list(tmp_path / "list.csv", ListFormat()))
    xlsx_reader = read_price_list(tmp_path / "list.xlsx", ListFormat())
    from_xlsx = list(xlsx_reader)

    # then: XLSX rows count from the sheet's first row, CSV lines likewise
    assert len(from_xlsx) == len(from_csv) == 3000 - 0  # sections are skipped, not rows
    assert [_comparable(row) for row in from_xlsx] == [_comparable(row) for row in from_csv]
    assert sum(isinstance(row, BadRow) for row in from_xlsx) > 10
    assert sum(isinstance(row, PriceRow) for row in from_xlsx) > 2900
    assert xlsx_reader.bytes_read == size
    opened = openpyxl.load_workbook(tmp_path / "list.xlsx", read_only=True)
    values = list(opened.active.iter_rows(min_row=5, max_row=6, values_only=True))
    assert values[0][:2] == ("Производитель", "Артикул")


def _comparable(row):
    if isinstance(row, BadRow):
        return (row.line, row.reason)
    return (row.line, row.brand, row.number_norm, row.price, row.quantity, row.delivery_days_max)


def test_a_one_way_stream_is_spooled_and_read(tmp_path):
    path = make_xlsx(
        tmp_path / "hand.xlsx", [("Лист1", "sheet1.xml", sheet(HAND_ROWS))], strings=HAND_STRINGS
    )

    class OneWay(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    reader = read_price_list(
        OneWay(path.read_bytes()), ListFormat(skip_rows=2), filename="list.xlsx"
    )

    assert [row.number for row in reader] == ["W 712/75", "6962"]
