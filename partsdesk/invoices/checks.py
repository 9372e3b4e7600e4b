"""Checks of Russian bank and tax identifiers: INN, KPP, OGRN, BIK and account numbers.

The account control key (Bank of Russia rules, Положение ЦБ РФ № 579-П, appendix): 23 digits
are weighed 7, 1, 3, 7, 1, 3, … and the sum of the products must end in 0. The 23 digits are
- for a settlement account: the last three digits of the BIK, then the 20-digit account;
- for a correspondent account: "0", the 5th and 6th digits of the BIK, then the account.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

WEIGHTS = (7, 1, 3) * 8  # 24 ≥ 23


def _digits(value: str, length: int) -> bool:
    return len(value) == length and value.isdigit()


def control_key_ok(digits: str) -> bool:
    """The 23 digits (BIK part + account) pass the 7-1-3 control key."""
    if not _digits(digits, 23):
        return False
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=False)) % 10 == 0


def control_digit(digits_with_placeholder: str) -> str:
    """The control digit (position 9 of the account, index 11 of the 23) that makes the key
    right: handy for generating valid test and demo accounts."""
    for digit in "0123456789":
        candidate = digits_with_placeholder[:11] + digit + digits_with_placeholder[12:]
        if control_key_ok(candidate):
            return digit
    raise ValueError("no control digit")  # pragma: no cover - every residue has one


def settlement_account_ok(account: str, bik: str) -> bool:
    return _digits(account, 20) and _digits(bik, 9) and control_key_ok(bik[-3:] + account)


def correspondent_account_ok(account: str, bik: str) -> bool:
    return _digits(account, 20) and _digits(bik, 9) and control_key_ok("0" + bik[4:6] + account)


def validate_inn(value: str) -> None:
    try:
        stdnum_inn.validate(value)
    except StdnumError as error:
        raise ValidationError(_("This is not a valid INN."), code="invalid_inn") from error


def validate_legal_inn(value: str) -> None:
    """A company's INN: 10 digits (an entrepreneur's 12 are also accepted)."""
    validate_inn(value)


def validate_kpp(value: str) -> None:
    # 4 digits (tax office), 2 (reason: digits or capital Latin letters), 3 digits.
    if not (
        len(value) == 9
        and value[:4].isdigit()
        and value[4:6].isalnum()
        and value[4:6].upper() == value[4:6]
        and value[6:].isdigit()
    ):
        raise ValidationError(_("A KPP has 9 characters: digits."), code="invalid_kpp")


def validate_ogrn(value: str) -> None:
    try:
        stdnum_ogrn.validate(value)
    except StdnumError as error:
        raise ValidationError(_("This is not a valid OGRN."), code="invalid_ogrn") from error


def validate_bik(value: str) -> None:
    if not (_digits(value, 9) and value.startswith("04")):
        raise ValidationError(_("A BIK has 9 digits and starts with 04."), code="invalid_bik")


def validate_accounts(*, bik: str, correspondent_account: str, settlement_account: str) -> dict:
    """Field → error for the two accounts checked against the BIK ({} when right)."""
    errors = {}
    if not correspondent_account_ok(correspondent_account, bik):
        errors["correspondent_account"] = _(
            "The correspondent account does not match the BIK (20 digits, control key)."
        )
    if not settlement_account_ok(settlement_account, bik):
        errors["settlement_account"] = _(
            "The settlement account does not match the BIK (20 digits, control key)."
        )
    return errors
