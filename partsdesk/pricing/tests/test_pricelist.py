import io
import tracemalloc
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partsdesk.catalog.numbers import normalize_number
from partsdesk.pricing.pricelist import (
    BadRow,
    ListFormat,
    MissingColumnError,
    PriceListError,
    PriceRow,
    _number_key,
    detect_delimiter,
    detect_encoding,
    parse_delivery,
    parse_price,
    parse_quantity,
    read_price_list,
)

HEADER_RU = "Бренд;Артикул;Наименование;Цена;Кол-во;Срок"


def write_list(tmp_path, lines, *, encoding="cp1251", name="list.csv", bom=False):
    path = tmp_path / name
    data = "\r\n".join(lines).encode(encoding) + b"\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_xlsx(tmp_path, rows, name="list.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def read_all(source, list_format=None, **kwargs):
    reader = read_price_list(source, list_format or ListFormat(), **kwargs)
    return reader, list(reader)


def good(rows):
    return [row for row in rows if isinstance(row, PriceRow)]


def bad(rows):
    return [(row.line, row.reason) for row in rows if isinstance(row, BadRow)]


# --- whole files ---------------------------------------------------------------------------


def test_cp1251_semicolon_list_with_title_lines_is_read_by_its_header(tmp_path):
    # given: the supplier's name and a date before the header, a comma decimal
    path = write_list(
        tmp_path,
        [
            'Прайс-лист ООО "Ромашка"',
            "от 25.11.2026",
            HEADER_RU,
            "MANN-FILTER;W 712/75;Фильтр масляный;2 500,54 руб;>10;2-4",
            "Bosch;0 986 452 041;Фильтр масляный;412,00;3;",
        ],
    )

    # when
    reader, rows = read_all(path, ListFormat(skip_rows=2))

    # then
    assert reader.kind == "csv"
    assert reader.encoding == "cp1251"
    assert reader.delimiter == ";"
    assert reader.columns_found == {
        "brand": "Бренд",
        "number": "Артикул",
        "name": "Наименование",
        "price": "Цена",
        "quantity": "Кол-во",
        "delivery": "Срок",
    }
    assert rows == [
        PriceRow(
            line=4,
            brand="MANN-FILTER",
            number="W 712/75",
            number_norm="W71275",
            name="Фильтр масляный",
            price=Decimal("2500.54"),
            quantity=10,
            quantity_is_lower_bound=True,
            delivery_days_min=2,
            delivery_days_max=4,
            pack_multiple=1,
        ),
        PriceRow(
            line=5,
            brand="Bosch",
            number="0 986 452 041",
            number_norm="0986452041",
            name="Фильтр масляный",
            price=Decimal("412.00"),
            quantity=3,
            quantity_is_lower_bound=False,
            delivery_days_min=1,
            delivery_days_max=1,
            pack_multiple=1,
        ),
    ]
    assert reader.bytes_read == path.stat().st_size


def test_title_lines_before_the_header_are_found_without_skip_rows(tmp_path):
    path = write_list(
        tmp_path,
        ["ООО Ромашка;;;;;", "Прайс от 25.11.2026;;;;;", HEADER_RU, "NGK;BKR6E;Свеча;250;4;1"],
    )

    reader, rows = read_all(path)

    assert [(row.line, row.number) for row in good(rows)] == [(4, "BKR6E")]
    assert reader.columns_found["number"] == "Артикул"


def test_utf8_with_bom_comma_list_in_english_with_unusual_column_order(tmp_path):
    path = write_list(
        tmp_path,
        [
            "Qty,Price,Part Number,Description,Manufacturer,Delivery",
            '5 pcs,"1,234.50",OC 90,"Oil filter, spin-on",Mahle,3 days',
            "+,99,ос90,Фильтр,KNECHT,",
        ],
        encoding="utf-8",
        bom=True,
    )

    reader, rows = read_all(path, ListFormat(default_delivery=(5, 7)))

    assert (reader.encoding, reader.delimiter) == ("utf-8-sig", ",")
    first, second = good(rows)
    assert (first.brand, first.number_norm, first.name, first.price) == (
        "Mahle",
        "OC90",
        "Oil filter, spin-on",
        Decimal("1234.50"),
    )
    assert (first.quantity, first.quantity_is_lower_bound) == (5, False)
    assert (first.delivery_days_min, first.delivery_days_max) == (3, 3)
    # Cyrillic look-alikes in the number are normalized, the number itself is kept.
    assert (second.number, second.number_norm) == ("ос90", "OC90")
    assert (second.quantity, second.quantity_is_lower_bound) == (10, True)
    assert (second.delivery_days_min, second.delivery_days_max) == (5, 7)


def test_utf8_without_bom_tab_separated_txt(tmp_path):
    path = write_list(
        tmp_path,
        [
            "Производитель\tНомер\tНазвание\tЦена, руб.\tОстаток\tСрок поставки\tКратность",
            "Лемфёрдер\t12345\tТяга\t1500\t2\t3 дня\t2",
        ],
        encoding="utf-8",
        name="price.txt",
    )

    reader, rows = read_all(path)

    assert (reader.encoding, reader.delimiter) == ("utf-8", "\t")
    [row] = good(rows)
    assert (row.brand, row.price, row.pack_multiple) == ("Лемфёрдер", Decimal("1500.00"), 2)
    assert reader.columns_found["price"] == "Цена, руб."


def test_columns_mapped_by_position_without_a_header(tmp_path):
    path = write_list(tmp_path, ["10|OC90|MAHLE|350,5", "есть|W712|MANN|1 000"])

    reader, rows = read_all(
        path,
        ListFormat(has_header=False, columns={"quantity": 0, "number": 1, "brand": 2, "price": 3}),
    )

    assert reader.delimiter == "|"
    assert reader.columns_found == {"quantity": 0, "number": 1, "brand": 2, "price": 3}
    assert [(r.line, r.brand, r.price, r.quantity, r.name) for r in good(rows)] == [
        (1, "MAHLE", Decimal("350.50"), 10, ""),
        (2, "MANN", Decimal("1000.00"), 10, ""),
    ]


def test_columns_mapped_by_position_skip_the_header_row(tmp_path):
    path = write_list(tmp_path, ["a;b;c", "MAHLE;OC90;350"])

    _, rows = read_all(path, ListFormat(columns={"brand": 0, "number": 1, "price": 2}))

    assert [(row.line, row.number) for row in good(rows)] == [(2, "OC90")]


def test_columns_mapped_by_header_name_ignore_case_and_spaces(tmp_path):
    path = write_list(tmp_path, ["Фирма;Кат. номер;Стоимость;Склад", "Febi; 01089 ;  77,10 ;5"])

    reader, rows = read_all(
        path,
        ListFormat(
            columns={
                "brand": "фирма",
                "number": "КАТ.НОМЕР",
                "price": "стоимость",
                "quantity": "склад",
            }
        ),
    )

    assert reader.columns_found == {
        "brand": "Фирма",
        "number": "Кат. номер",
        "price": "Стоимость",
        "quantity": "Склад",
    }
    [row] = good(rows)
    assert (row.number, row.price, row.quantity) == ("01089", Decimal("77.10"), 5)


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("Артикул;Цена;Кол-во", "brand"),
        ("Бренд;Цена", "number"),
        ("Brand;Number;Qty", "price"),
    ],
)
def test_a_missing_required_column_is_a_clear_error(tmp_path, header, missing):
    path = write_list(tmp_path, [header, "x;y;z"])

    with pytest.raises(MissingColumnError, match=repr(missing)) as error:
        read_price_list(path, ListFormat())

    assert error.value.field == missing


def test_a_mapped_header_that_is_not_in_the_file_is_named_in_the_error(tmp_path):
    path = write_list(tmp_path, ["Бренд;Артикул;Цена", "MAHLE;OC90;1"])

    with pytest.raises(MissingColumnError, match="'Цена опт'"):
        read_price_list(
            path, ListFormat(columns={"brand": "Бренд", "number": "Артикул", "price": "Цена опт"})
        )


def test_comma_decimal_in_a_semicolon_file_is_not_taken_for_the_delimiter(tmp_path):
    path = write_list(
        tmp_path,
        ["Бренд;Артикул;Цена"] + [f"MAHLE;OC{i};{i},50" for i in range(1, 30)],
    )

    reader, rows = read_all(path)

    assert reader.delimiter == ";"
    assert good(rows)[0].price == Decimal("1.50")
    assert len(good(rows)) == 29


def test_bad_rows_carry_their_line_numbers_and_reasons(tmp_path):
    path = write_list(
        tmp_path,
        [
            "Прайс ООО Ромашка",
            HEADER_RU,
            "MAHLE;OC90;Фильтр;100;1;1",  # 3: good
            "MAHLE;;Фильтр;100;1;1",  # 4
            ";OC90;Фильтр;100;1;1",  # 5
            "MAHLE;OC90;Фильтр;договорная;1;1",  # 6
            "MAHLE;OC90;Фильтр;-100;1;1",  # 7
            "MAHLE;OC90;Фильтр;100;много-много;1",  # 8
            "MAHLE;OC90;Фильтр;100;-3;1",  # 9
            "MAHLE;OC90;Фильтр;100;1;когда-нибудь",  # 10
            "MAHLE;OC90;Фильтр;100;нет;1",  # 11
            "MAHLE;OC90",  # 12
            "",  # 13: blank, skipped silently
            "Фильтры масляные;;;;;",  # 14: a heading, skipped silently
            HEADER_RU,  # 15: the header repeated, skipped silently
            "MAHLE;--;Фильтр;100;1;1",  # 16
            "MAHLE;OC90;Фильтр;0;1;1",  # 17
            "MAHLE;OC91;Фильтр;5;1;4-2",  # 18
            "MAHLE;OC92;Фильтр;5;1",  # 19: good, delivery missing at the end
        ],
    )

    reader, rows = read_all(path, ListFormat(skip_rows=1))

    assert bad(rows) == [
        (4, "no_number"),
        (5, "no_brand"),
        (6, "bad_price"),
        (7, "negative_price"),
        (8, "bad_quantity"),
        (9, "negative_quantity"),
        (10, "bad_delivery"),
        (11, "below_min_quantity"),
        (12, "short_row"),
        (16, "no_number"),
        (17, "zero_price"),
        (18, "bad_delivery"),
    ]
    assert [row.line for row in good(rows)] == [3, 19]
    assert reader.rows_skipped == 3
    details = {row.line: row.detail for row in rows if isinstance(row, BadRow)}
    assert details[6] == "договорная"
    assert details[9] == "-3"


def test_the_detail_of_a_bad_row_is_truncated(tmp_path):
    path = write_list(tmp_path, ["Бренд;Артикул;Цена", "MAHLE;OC90;" + "x" * 500])

    _, rows = read_all(path)

    [row] = rows
    assert row.reason == "bad_price"
    assert len(row.detail) <= 80


def test_min_quantity_skips_known_quantities_below_it_but_not_lower_bounds(tmp_path):
    path = write_list(tmp_path, ["Бренд;Артикул;Цена;Кол-во", "A;1;1;4", "A;2;1;5", "A;3;1;>2"])

    _, rows = read_all(path, ListFormat(min_quantity=5))

    assert bad(rows) == [(2, "below_min_quantity")]
    assert [row.number for row in good(rows)] == ["2", "3"]


def test_a_list_without_quantity_column_means_plenty(tmp_path):
    path = write_list(tmp_path, ["Бренд;Артикул;Цена", "A;1;1"])

    _, rows = read_all(path, ListFormat(plenty=20))

    [row] = rows
    assert (row.quantity, row.quantity_is_lower_bound) == (20, True)


def test_a_multiline_quoted_name_keeps_the_line_numbers_of_a_person(tmp_path):
    path = write_list(
        tmp_path,
        ["Бренд;Артикул;Наименование;Цена", 'A;1;"Фильтр\r\nмасляный";10', "A;2;Ремень;20"],
    )

    _, rows = read_all(path)

    assert [(row.line, row.name) for row in rows] == [(3, "Фильтр\r\nмасляный"), (4, "Ремень")]


def test_a_decimal_format_set_in_the_profile_is_followed(tmp_path):
    path = write_list(tmp_path, ["Бренд;Артикул;Цена", "A;1;1.234", "A;2;1.234,5", "A;3;2500.54"])

    _, rows = read_all(path, ListFormat(decimal=","))

    assert [row.price for row in good(rows)] == [Decimal("1234.00"), Decimal("1234.50")]
    assert bad(rows) == [(4, "bad_price")]


def test_non_utf8_bytes_after_a_plain_ascii_head_are_read_as_cp1251(tmp_path):
    # given: 70 KiB of ASCII rows, then Cyrillic in cp1251
    lines = ["Brand;Number;Price"] + [f"MAHLE;OC{i};{i}" for i in range(1, 6000)]
    path = write_list(tmp_path, lines, encoding="ascii")
    with path.open("ab") as file:
        file.write("Маннфильтр;ВАЗ-2108;5\r\n".encode("cp1251"))

    reader, rows = read_all(path)

    assert reader.encoding == "utf-8"
    assert rows[-1].brand == "Маннфильтр"
    assert rows[-1].number == "ВАЗ-2108"
    assert len(rows) == 6000


def test_a_stream_without_a_name_is_read_by_its_content(tmp_path):
    data = "Бренд;Артикул;Цена\r\nMAHLE;OC90;100\r\n".encode("cp1251")

    reader, rows = read_all(io.BytesIO(data))

    assert (reader.kind, reader.encoding) == ("csv", "cp1251")
    assert good(rows)[0].price == Decimal("100.00")


def test_the_file_name_decides_the_kind_of_a_stream(tmp_path):
    path = write_xlsx(tmp_path, [["Brand", "Number", "Price"], ["MAHLE", "OC90", 100]])

    with path.open("rb") as file:
        reader, rows = read_all(file, filename="upload.XLSX")

    assert reader.kind == "xlsx"
    assert good(rows)[0].number == "OC90"


def test_an_old_xls_file_is_refused_clearly(tmp_path):
    path = tmp_path / "list.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)

    with pytest.raises(PriceListError, match=r"\.xls"):
        read_price_list(path, ListFormat())


def test_an_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    with pytest.raises(PriceListError, match="no header"):
        read_price_list(path, ListFormat())


def test_a_reader_is_iterated_once_and_closes_its_file(tmp_path):
    path = write_list(tmp_path, ["Бренд;Артикул;Цена", "A;1;1"])
    reader = read_price_list(path, ListFormat())

    assert len(list(reader)) == 1
    assert reader._stream.closed
    with pytest.raises(RuntimeError):
        list(reader)


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_with_title_rows_numbers_as_numbers_and_text(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Прайс-лист ООО Ромашка"],
            ["от 25.11.2026"],
            ["Наименование", "Цена", "Бренд", "Артикул", "Наличие", "Срок"],
            ["Фильтр", 2500.54, "MANN-FILTER", "W 712/75", 12, 3],
            ["Свеча", "2 500,54 руб", "NGK", 6962, ">10", "2-4"],
            ["Ремень", None, "Gates", "5PK1100", 1, 1],
            [None, None, None, None, None, None],
            ["Колодки", 99.999, "TRW", "GDB1330", 2.0, None],
        ],
    )

    reader, rows = read_all(path, ListFormat(skip_rows=2))

    assert (reader.kind, reader.encoding, reader.delimiter) == ("xlsx", None, None)
    assert reader.columns_found["price"] == "Цена"
    assert [
        (r.line, r.name, r.brand, r.number, r.price, r.quantity, r.delivery_days_max)
        for r in good(rows)
    ] == [
        (4, "Фильтр", "MANN-FILTER", "W 712/75", Decimal("2500.54"), 12, 3),
        (5, "Свеча", "NGK", "6962", Decimal("2500.54"), 10, 4),
        (8, "Колодки", "TRW", "GDB1330", Decimal("100.00"), 2, 1),
    ]
    assert bad(rows) == [(6, "bad_price")]
    assert reader.bytes_read == path.stat().st_size


def test_xlsx_from_a_one_way_stream(tmp_path):
    path = write_xlsx(tmp_path, [["Brand", "Number", "Price"], ["MAHLE", "OC90", 100]])

    class OneWay(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    reader, rows = read_all(OneWay(path.read_bytes()))

    assert reader.kind == "xlsx"
    assert good(rows)[0].price == Decimal("100.00")


def test_xlsx_by_position_without_header(tmp_path):
    path = write_xlsx(tmp_path, [["MAHLE", "OC90", 5, 350], ["MANN", "W712", "+", 1000]])

    _, rows = read_all(
        path,
        ListFormat(has_header=False, columns={"brand": 0, "number": 1, "quantity": 2, "price": 3}),
    )

    assert [(row.line, row.quantity) for row in good(rows)] == [(1, 5), (2, 10)]


# --- single values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2 500,54 руб", Decimal("2500.54")),
        ("2500.54", Decimal("2500.54")),
        ("2500,54", Decimal("2500.54")),
        ("2 500", Decimal("2500.00")),
        ("2500", Decimal("2500.00")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234,567", Decimal("1234567.00")),
        ("2500,54р.", Decimal("2500.54")),
        ("2500,54 р.", Decimal("2500.54")),
        ("₽ 99", Decimal("99.00")),
        ("99 ₽", Decimal("99.00")),
        ("2\u00a0500,54", Decimal("2500.54")),
        ("2\u202f500,5", Decimal("2500.50")),
        (" 12.5 ", Decimal("12.50")),
        ("0,005", Decimal("0.01")),
        ("12.345", Decimal("12.35")),
        ("RUB 10", Decimal("10.00")),
        ("10 EUR", Decimal("10.00")),
        (2500.54, Decimal("2500.54")),
        (2500, Decimal("2500.00")),
        ("", "bad_price"),
        ("договорная", "bad_price"),
        ("12abc34", "bad_price"),
        ("1,23,4.5", "bad_price"),
        ("1.2.3,4,5", "bad_price"),
        ("-5", "negative_price"),
        ("−5,50", "negative_price"),
        ("0", "zero_price"),
        ("0,00", "zero_price"),
        ("-0", "zero_price"),
        ("NaN", "bad_price"),
        ("1e5", "bad_price"),
        ("1_000", "bad_price"),
        (float("nan"), "bad_price"),
        (True, "bad_price"),
    ],
)
def test_price_spellings(raw, expected):
    assert parse_price(raw) == expected
    if isinstance(expected, Decimal):
        assert parse_price(raw).as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("raw", "decimal", "expected"),
    [
        ("2500,54", ",", Decimal("2500.54")),
        ("2500.54", ",", "bad_price"),
        ("1.234", ",", Decimal("1234.00")),
        ("1,234", ".", Decimal("1234.00")),
        ("2 500,54", ".", "bad_price"),
        ("1,234", None, Decimal("1.23")),
    ],
)
def test_price_with_a_decimal_format(raw, decimal, expected):
    assert parse_price(raw, decimal=decimal) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10", (10, False)),
        (">10", (10, True)),
        ("> 50", (50, True)),
        (">=5", (5, True)),
        ("10+", (10, True)),
        ("10 +", (10, True)),
        ("+", (10, True)),
        ("++", (10, True)),
        ("есть", (10, True)),
        ("Есть", (10, True)),
        ("много", (10, True)),
        ("в наличии", (10, True)),
        ("более 20", (20, True)),
        ("20 и более", (20, True)),
        ("-", (0, False)),
        ("нет", (0, False)),
        ("НЕТ", (0, False)),
        ("0", (0, False)),
        ("", (0, False)),
        ("5 шт", (5, False)),
        ("5шт.", (5, False)),
        ("1 000", (1000, False)),
        ("3,000", (3, False)),
        (7, (7, False)),
        (7.0, (7, False)),
        ("-3", "negative_quantity"),
        (-3, "negative_quantity"),
        ("много-много", "bad_quantity"),
        ("2,5", "bad_quantity"),
        (2.5, "bad_quantity"),
        ("уточняйте", "bad_quantity"),
    ],
)
def test_quantity_spellings(raw, expected):
    assert parse_quantity(raw, plenty=10) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2", (2, 2)),
        ("0", (0, 0)),
        ("2-4", (2, 4)),
        ("2 - 4", (2, 4)),
        ("2–4 дн.", (2, 4)),
        ("2—4 дней", (2, 4)),
        ("3 дня", (3, 3)),
        ("1 день", (1, 1)),
        ("5 дн", (5, 5)),
        ("от 2 до 4 дней", (2, 4)),
        ("7 days", (7, 7)),
        ("2...4", (2, 4)),
        ("", (6, 8)),
        ("  ", (6, 8)),
        (None, (6, 8)),
        (3, (3, 3)),
        (3.0, (3, 3)),
        ("4-2", "bad_delivery"),
        ("скоро", "bad_delivery"),
        ("-2", "bad_delivery"),
        (-2, "bad_delivery"),
        (2.5, "bad_delivery"),
    ],
)
def test_delivery_spellings(raw, expected):
    assert parse_delivery(raw, default=(6, 8)) == expected


def test_quantity_and_delivery_spellings_in_a_file(tmp_path):
    spellings = ["10", ">10", "10+", "+", "есть", "много", "> 50", "5 шт"]
    deliveries = ["2", "2-4", "2–4 дн.", "3 дня", "", "1", "2", "2"]
    path = write_list(
        tmp_path,
        ["Бренд;Артикул;Цена;Кол-во;Срок"]
        + [f"A;{i};1;{q};{d}" for i, (q, d) in enumerate(zip(spellings, deliveries, strict=True))],
    )

    _, rows = read_all(path, ListFormat(default_delivery=(3, 5), plenty=7))

    assert [(r.quantity, r.quantity_is_lower_bound) for r in rows] == [
        (10, False),
        (10, True),
        (10, True),
        (7, True),
        (7, True),
        (7, True),
        (50, True),
        (5, False),
    ]
    assert [(r.delivery_days_min, r.delivery_days_max) for r in rows] == [
        (2, 2),
        (2, 4),
        (2, 4),
        (3, 3),
        (3, 5),
        (1, 1),
        (2, 2),
        (2, 2),
    ]


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_the_fast_number_key_is_normalize_number_for_ascii(raw):
    assert _number_key(raw) == normalize_number(raw)


@pytest.mark.parametrize("raw", ["ос-90", "06А115561В", "ВАЗ 2108", "Ö-12", "ⅫX"])
def test_the_number_key_of_non_ascii_numbers_is_normalize_number(raw):
    assert _number_key(raw) == normalize_number(raw)


# --- detection -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "at_end", "expected"),
    [
        (b"\xef\xbb\xbfBrand;Number", True, "utf-8-sig"),
        ("Бренд;Артикул".encode(), True, "utf-8"),
        ("Бренд;Артикул".encode("cp1251"), True, "cp1251"),
        (b"Brand;Number", True, "utf-8"),
        # A two-byte character cut by the end of the head is not a reason for cp1251.
        ("Бренд".encode()[:-1], False, "utf-8"),
        ("Бренд".encode()[:-1], True, "cp1251"),
        (b"\xff\xfeB\x00", True, "utf-16"),
    ],
)
def test_detect_encoding(head, at_end, expected):
    assert detect_encoding(head, at_end=at_end) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["a;b;c", "1;2,5;3", "4;5,5;6"], ";"),
        (["a,b,c", "1,2.5,3", "4,5.5,6"], ","),
        (["a\tb\tc", "1\t2,5\t3"], "\t"),
        (["a|b|c", "1|2,5|3"], "|"),
        (["a,b,c", '1,"x; y",3', '4,"z; w",6'], ","),
        (["Прайс", "a;b;c", "1;2;3"], ";"),
        (["только", "слова"], None),
    ],
)
def test_detect_delimiter(lines, expected):
    assert detect_delimiter(lines) == expected


def test_an_utf16_text_export_from_excel_is_read(tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes("Бренд\tАртикул\tЦена\r\nMAHLE\tOC90\t100,5\r\n".encode("utf-16"))

    reader, rows = read_all(path)

    assert (reader.encoding, reader.delimiter) == ("utf-16", "\t")
    assert good(rows)[0].price == Decimal("100.50")


# --- streaming -----------------------------------------------------------------------------


def test_a_large_list_streams_with_bounded_memory(tmp_path):
    # given: 100 000 rows (about 4 MiB)
    path = tmp_path / "big.csv"
    with path.open("wb") as file:
        file.write((HEADER_RU + "\r\n").encode("cp1251"))
        line = "MANN-FILTER;W{};Фильтр масляный;{},50;>10;2-4\r\n"
        for start in range(0, 100_000, 10_000):
            chunk = "".join(line.format(i, i % 5000 + 1) for i in range(start, start + 10_000))
            file.write(chunk.encode("cp1251"))

    # when
    tracemalloc.start()
    try:
        reader = read_price_list(path, ListFormat())
        count = sum(1 for row in reader if isinstance(row, PriceRow))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # then
    assert count == 100_000
    assert peak < 5 * 1024 * 1024
    assert reader.rows_read == 100_000
    assert reader.bytes_read == path.stat().st_size
