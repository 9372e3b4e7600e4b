import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partsdesk.catalog.numbers import brand_key, normalize_number, prefix_upper_bound


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("oc 90", "OC90"),
        ("OC-90", "OC90"),
        ("ос90", "OC90"),  # Cyrillic о and с
        ("ОС-90", "OC90"),  # Cyrillic upper case
        ("W712/75", "W71275"),
        ("W 712/75", "W71275"),
        ("w.712.75", "W71275"),
        ("0 986 452 041", "0986452041"),
        ("0986-452-041", "0986452041"),
        ("06А115561В", "06A115561B"),  # Cyrillic А and В
        ("06a 115 561 b", "06A115561B"),
        ("04152-YZZA1", "04152YZZA1"),
        ("BKR6E-11", "BKR6E11"),
        ("HU 719/7 X", "HU7197X"),
        ("  1K0 698 151 A ", "1K0698151A"),
        ("ТЕХ-100", "TEX100"),  # Т Е Х
        ("РМКН", "PMKH"),  # Р М К Н
        ("у", "Y"),
        ("Щ-1", "Щ1"),  # a Cyrillic letter with no Latin twin stays a letter
        ("000123", "000123"),  # leading zeros are kept
        ("--//..", ""),
        ("", ""),
    ],
)
def test_normalize_number_real_spellings(spelling, key):
    assert normalize_number(spelling) == key


def test_normalize_number_keeps_leading_zeros_distinct():
    assert normalize_number("0986452041") != normalize_number("986452041")


LATIN_TWINS = "ABEKMHOPCTYX"
CYRILLIC_TWINS = "АВЕКМНОРСТУХ"
number_alphabet = string.ascii_letters + string.digits + CYRILLIC_TWINS + CYRILLIC_TWINS.lower()
numbers = st.text(alphabet=number_alphabet, min_size=1, max_size=20)
noise = st.text(alphabet=" -./\\_#*()\t,;:", max_size=4)


@given(st.text(max_size=40))
def test_normalize_number_is_idempotent(raw):
    once = normalize_number(raw)
    assert normalize_number(once) == once


@given(numbers)
def test_normalize_number_ignores_case(raw):
    assert normalize_number(raw.lower()) == normalize_number(raw.upper()) == normalize_number(raw)


@given(numbers, st.lists(noise, min_size=21, max_size=21))
def test_normalize_number_ignores_spacing_and_punctuation(raw, separators):
    noisy = "".join(sep + char for sep, char in zip(separators, raw, strict=False)) + separators[-1]
    assert normalize_number(noisy) == normalize_number(raw)


@given(st.text(alphabet=LATIN_TWINS + string.digits, min_size=1, max_size=20), st.data())
def test_normalize_number_ignores_cyrillic_lookalikes(latin, data):
    swap = data.draw(st.lists(st.booleans(), min_size=len(latin), max_size=len(latin)))
    mixed = "".join(
        CYRILLIC_TWINS[LATIN_TWINS.index(char)] if flip and char in LATIN_TWINS else char
        for char, flip in zip(latin, swap, strict=True)
    )
    assert normalize_number(mixed) == latin


@given(st.text(max_size=30))
def test_normalize_number_output_is_only_letters_and_digits(raw):
    assert all(char.isalpha() or char in string.digits for char in normalize_number(raw))


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("MANN-FILTER", "MANNFILTER"),
        ("MANN FILTER", "MANNFILTER"),
        ("mann filter", "MANNFILTER"),
        ("Mann_Filter", "MANNFILTER"),
        ("БОШ", "БОШ"),
        ("Lemförder", "LEMFÖRDER"),
    ],
)
def test_brand_key(spelling, key):
    assert brand_key(spelling) == key


def test_brand_key_does_not_transliterate():
    # "МАНН" in Cyrillic would otherwise become the Latin look-alike "MAHH".
    assert brand_key("МАНН") == "МАНН"


@given(
    st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=12),
    st.text(alphabet=string.ascii_uppercase + string.digits, max_size=6),
)
def test_prefix_upper_bound_brackets_every_extension(prefix, tail):
    bound = prefix_upper_bound(prefix)
    assert prefix <= prefix + tail < bound


def test_prefix_upper_bound_excludes_next_prefix():
    assert not ("OC9" <= "OD1" < prefix_upper_bound("OC9"))
    assert not ("OC9" <= "OC:" < prefix_upper_bound("OC9"))
