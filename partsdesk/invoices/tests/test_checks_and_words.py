import pytest
from django.core.exceptions import ValidationError

from partsdesk.invoices import checks
from partsdesk.invoices.demo import DEMO_REQUISITES
from partsdesk.invoices.services import requisites_errors
from partsdesk.invoices.words import amount_in_words, number_in_words, plural


@pytest.mark.parametrize(
    ("minor", "words"),
    [
        (0, "Ноль рублей 00 копеек"),
        (1, "Ноль рублей 01 копейка"),
        (100, "Один рубль 00 копеек"),
        (2_00, "Два рубля 00 копеек"),
        (11_05, "Одиннадцать рублей 05 копеек"),
        (21_22, "Двадцать один рубль 22 копейки"),
        (1_000_00, "Одна тысяча рублей 00 копеек"),
        (2_000_00, "Две тысячи рублей 00 копеек"),
        (5_000_00, "Пять тысяч рублей 00 копеек"),
        (1_234_50, "Одна тысяча двести тридцать четыре рубля 50 копеек"),
        (12_200_00, "Двенадцать тысяч двести рублей 00 копеек"),
        (111_111_11, "Сто одиннадцать тысяч сто одиннадцать рублей 11 копеек"),
        (1_000_000_00, "Один миллион рублей 00 копеек"),
        (2_501_000_99, "Два миллиона пятьсот одна тысяча рублей 99 копеек"),
        (1_000_000_000_00, "Один миллиард рублей 00 копеек"),
    ],
)
def test_amount_in_words(minor, words):
    assert amount_in_words(minor) == words


def test_plural_forms():
    forms = ("рубль", "рубля", "рублей")
    assert [plural(n, forms) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111)] == [
        "рубль",
        "рубля",
        "рубля",
        "рублей",
        "рублей",
        "рублей",
        "рублей",
        "рубль",
        "рубля",
        "рублей",
        "рубль",
        "рублей",
    ]


def test_number_in_words_feminine_and_negative():
    assert number_in_words(2, feminine=True) == "две"
    with pytest.raises(ValueError):
        number_in_words(-1)


def test_account_control_key():
    # Sberbank's real BIK and correspondent account.
    assert checks.correspondent_account_ok("30101810400000000225", "044525225")
    assert not checks.correspondent_account_ok("30101810400000000226", "044525225")
    assert checks.settlement_account_ok("40702810938000012345", "044525225")
    assert not checks.settlement_account_ok("40702810038000012345", "044525225")
    assert not checks.settlement_account_ok("4070281093800001234", "044525225")


def test_identifiers():
    checks.validate_inn("7707083893")
    checks.validate_kpp("773601001")
    checks.validate_ogrn("1027700123450")
    checks.validate_bik("044525225")
    for check, value in [
        (checks.validate_inn, "7707083894"),
        (checks.validate_kpp, "77360100"),
        (checks.validate_ogrn, "1027700123451"),
        (checks.validate_bik, "144525225"),
    ]:
        with pytest.raises(ValidationError):
            check(value)


def test_requisites_errors_name_each_wrong_field():
    assert requisites_errors(DEMO_REQUISITES) == {}
    wrong = {
        **DEMO_REQUISITES,
        "inn": "7705123453",
        "settlement_account": "40702810038000012345",
        "legal_name": " ",
    }
    assert set(requisites_errors(wrong)) == {"inn", "settlement_account", "legal_name"}
