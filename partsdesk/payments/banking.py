"""Russian bank details: a BIK and a settlement account number with its control digit."""

import re

WEIGHTS = (7, 1, 3)


def bik_valid(bik: str) -> bool:
    """Nine digits, starting with 04 (the Russian Federation)."""
    return bool(re.fullmatch(r"04\d{7}", bik or ""))


def account_valid(bik: str, account: str) -> bool:
    """Twenty digits whose control digit agrees with the BIK (the Bank of Russia's key:
    the BIK's last three digits and the account, weighted 7-1-3, sum to a multiple of ten)."""
    if not bik_valid(bik) or not re.fullmatch(r"\d{20}", account or ""):
        return False
    digits = bik[-3:] + account
    return sum(int(d) * WEIGHTS[i % 3] % 10 for i, d in enumerate(digits)) % 10 == 0


def with_control_digit(bik: str, account: str) -> str:
    """`account` with its 9th digit (the control digit) set right for `bik`."""
    for digit in "0123456789":
        candidate = account[:8] + digit + account[9:]
        if account_valid(bik, candidate):
            return candidate
    raise ValueError("no control digit fits")
