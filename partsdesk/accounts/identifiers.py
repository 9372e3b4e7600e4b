"""How people write what identifies them: emails, phone numbers, login names, INN and KPP."""

import re

import phonenumbers
from django.conf import settings
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ru import inn as stdnum_inn

KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def normalize_phone(raw: str) -> str | None:
    """E.164 (`+79161234567`) for any common spelling (`8 (916) 123-45-67`), or None."""
    try:
        number = phonenumbers.parse(raw, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def identifier_key(raw: str) -> str:
    """The one spelling of a sign-in identifier that failures are counted under."""
    raw = raw.strip()
    if "@" in raw:
        return raw.lower()
    phone = normalize_phone(raw) if any(char.isdigit() for char in raw) else None
    return phone or raw.lower()


def valid_inn(raw: str) -> str | None:
    """The INN if its checksum holds: 10 digits for a company, 12 for a sole proprietor."""
    digits = raw.strip()
    if len(digits) not in (10, 12):
        return None
    try:
        return stdnum_inn.validate(digits)
    except StdnumError:
        return None


def valid_kpp(raw: str) -> str | None:
    kpp = raw.strip().upper()
    return kpp if KPP.match(kpp) else None
