import pytest

from partsdesk.catalog.models import Brand, BrandAlias, CrossKind, CrossReference, CrossSource
from partsdesk.catalog.services import (
    CatalogError,
    brand_alias_add,
    brand_create,
    cross_reference_add,
    part_get_or_create,
)
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory

pytestmark = pytest.mark.django_db


def test_brand_create_registers_name_and_aliases():
    # when
    brand = brand_create(name="MANN-FILTER", country="DE", aliases=["MANN", "Манн"])

    # then
    assert brand.slug == "mann-filter"
    keys = set(BrandAlias.objects.filter(brand=brand).values_list("key", flat=True))
    assert keys == {"MANNFILTER", "MANN", "МАНН"}


def test_brand_spellings_match_on_key_never_on_prefix():
    # given
    mann = brand_create(name="MANN-FILTER", aliases=["MANN"])
    mannol = brand_create(name="MANNOL")

    # then
    assert BrandAlias.objects.get(key="MANNFILTER").brand == mann
    assert BrandAlias.objects.get(key="MANN").brand == mann
    assert BrandAlias.objects.get(key="MANNOL").brand == mannol


def test_alias_of_another_brand_is_refused_and_changes_nothing():
    # given
    brand_create(name="BOSCH", aliases=["БОШ"])
    febi = brand_create(name="FEBI BILSTEIN")
    before = BrandAlias.objects.count()

    # when / then
    with pytest.raises(CatalogError, match="BOSCH"):
        brand_alias_add(brand=febi, spelling="бош")
    assert BrandAlias.objects.count() == before


def test_alias_added_twice_is_kept_once():
    bosch = brand_create(name="BOSCH")
    brand_alias_add(brand=bosch, spelling="Robert Bosch")
    brand_alias_add(brand=bosch, spelling="ROBERT-BOSCH")
    assert BrandAlias.objects.filter(brand=bosch).count() == 2


def test_brand_without_letters_is_refused():
    with pytest.raises(CatalogError):
        brand_create(name=" -- ")
    assert not Brand.objects.exists()


def test_part_number_is_normalized_and_unique_per_brand():
    # given
    brand = BrandFactory(name="KNECHT")

    # when
    first = part_get_or_create(brand=brand, number="OC 90", name="Фильтр масляный")
    again = part_get_or_create(brand=brand, number="ос-90")

    # then
    assert first.number_norm == "OC90"
    assert again.pk == first.pk
    assert again.number == "OC 90"


def test_part_without_number_is_refused():
    with pytest.raises(CatalogError):
        part_get_or_create(brand=BrandFactory(), number="/-/")


@pytest.mark.parametrize(
    ("kind", "mirror"),
    [
        (CrossKind.ORIGINAL, CrossKind.ANALOG),
        (CrossKind.ANALOG, CrossKind.ANALOG),
        (CrossKind.REPLACES, CrossKind.REPLACED_BY),
        (CrossKind.REPLACED_BY, CrossKind.REPLACES),
    ],
)
def test_cross_reference_is_stored_from_both_sides(kind, mirror):
    # given
    part, analog = PartFactory(), PartFactory()

    # when
    cross_reference_add(part=part, analog=analog, kind=kind, source=CrossSource.MANAGER)
    cross_reference_add(part=part, analog=analog, kind=kind, source=CrossSource.MANAGER)

    # then
    rows = set(CrossReference.objects.values_list("part_id", "analog_id", "kind", "source"))
    assert rows == {
        (part.pk, analog.pk, kind, CrossSource.MANAGER),
        (analog.pk, part.pk, mirror, CrossSource.MANAGER),
    }


def test_part_cannot_be_its_own_analog():
    part = PartFactory()
    with pytest.raises(CatalogError):
        cross_reference_add(
            part=part, analog=part, kind=CrossKind.ANALOG, source=CrossSource.MANAGER
        )
    assert not CrossReference.objects.exists()


def test_a_brand_name_or_address_taken_twice_is_refused():
    brand_create(name="MANN-FILTER")
    with pytest.raises(CatalogError, match="MANN-FILTER"):
        brand_create(name="Mann Filter")  # the same address, /mann-filter/
    with pytest.raises(CatalogError):
        brand_create(name="mann-filter")
    assert Brand.objects.count() == 1
