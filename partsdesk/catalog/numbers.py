"""The one normalization of article numbers and brand spellings, used everywhere.

Customers, suppliers and catalogs write the same number as `oc 90`, `OC-90` or `ос90` (with
Cyrillic letters); the search key is what is left when case, spacing, punctuation and
Cyrillic look-alikes are taken away. Leading zeros are kept: `0986452041` and `986452041`
are different numbers.
"""

# Cyrillic letters that look like Latin ones on a label, in upper case (the input is
# upper-cased first): А В Е К М Н О Р С Т У Х.
_CYRILLIC_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
_DIGITS = frozenset("0123456789")


def _keep(char: str) -> bool:
    return char in _DIGITS or char.isalpha()


def normalize_number(raw: str) -> str:
    """The search key of an article number: `ос-90` → `OC90`, `0 986 452 041` → `0986452041`."""
    upper = raw.upper().translate(_CYRILLIC_LOOKALIKES)
    return "".join(char for char in upper if _keep(char))


def brand_key(raw: str) -> str:
    """The matching key of a brand spelling: `MANN-FILTER`, `Mann Filter` → `MANNFILTER`.

    Cyrillic letters stay Cyrillic: `БОШ` is matched through an alias, not transliterated.
    """
    return "".join(char for char in raw.upper() if _keep(char))


def prefix_upper_bound(prefix: str) -> str:
    """The smallest key above every key that starts with `prefix` (in code-point order).

    `key >= prefix AND key < bound` is a prefix lookup that both SQLite and PostgreSQL
    answer from a plain B-tree index.
    """
    head, last = prefix[:-1], prefix[-1]
    if ord(last) == 0x10FFFF:
        return prefix_upper_bound(head) if head else chr(0x10FFFF)
    return head + chr(ord(last) + 1)
