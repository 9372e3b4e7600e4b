"""The unknown brand spellings queue: map a spelling to a brand or create one; held rows list."""

import pytest
from django.urls import reverse

from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import ManagerFactory
from partsdesk.catalog.models import Brand
from partsdesk.catalog.services import brand_alias_add
from partsdesk.catalog.tests.factories import BrandFactory
from partsdesk.imports.models import HeldRow, UnknownBrand
from partsdesk.imports.services import import_create, import_run
from partsdesk.pricing.models import Offer

LIST = """Бренд;Артикул;Наименование;Цена;Кол-во
KNECHT;OC 90;Фильтр масляный;640;5
ФИЛЬТРОН;OP 520;Фильтр масляный;310;3
ФИЛЬТРОН;OP 521;Фильтр масляный;320;3
Big Filter;GB-100;Фильтр масляный;150;2
"""


@pytest.fixture
def administrator(db):
    return ManagerFactory(username="admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def staff(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def held(profile, brands, tmp_path):
    """A published list whose ФИЛЬТРОН and Big Filter rows wait for staff."""
    path = tmp_path / "price.csv"
    path.write_bytes(LIST.encode("cp1251"))
    import_run(import_create(supplier=profile.supplier, file=path, filename="price.csv"))
    return {unknown.spelling: unknown for unknown in UnknownBrand.objects.all()}


def resolve(client, unknown, **data):
    return client.post(
        reverse("desk:import_brand_resolve", kwargs={"unknown_id": unknown.pk}), data
    )


def test_the_queue_shows_the_spellings_with_their_held_rows(staff, held):
    html = staff.get(reverse("desk:import_brands")).content.decode()

    assert "ФИЛЬТРОН" in html and "Big Filter" in html
    assert f'data-unknown="{held["ФИЛЬТРОН"].pk}"' in html
    assert held["ФИЛЬТРОН"].rows_held == 2


def test_mapping_a_spelling_to_a_brand_lists_the_held_rows(staff, held, profile, administrator):
    filtron = BrandFactory(name="FILTRON")
    brand_alias_add(brand=filtron, spelling="Filtron")

    # the brand is typed as any of its spellings
    response = resolve(staff, held["ФИЛЬТРОН"], brand="filtron")

    assert response.status_code == 302
    unknown = UnknownBrand.objects.get(pk=held["ФИЛЬТРОН"].pk)
    assert (unknown.resolved_brand, unknown.resolved_by) == (filtron, administrator)
    assert not HeldRow.objects.filter(unknown_brand=unknown).exists()
    assert set(
        Offer.objects.filter(warehouse=profile.warehouse, part__brand=filtron).values_list(
            "part__number", flat=True
        )
    ) == {"OP 520", "OP 521"}
    html = staff.get(reverse("desk:import_brands")).content.decode()
    assert "“ФИЛЬТРОН” now means FILTRON: 2 offers added." in html
    waiting, history = html.split("Mapped lately")
    assert f'data-unknown="{unknown.pk}"' not in waiting
    assert "FILTRON" in history


def test_a_new_brand_is_created_for_a_spelling(staff, held, profile):
    response = resolve(staff, held["Big Filter"], new_brand_name="BIG FILTER")

    assert response.status_code == 302
    brand = Brand.objects.get(name="BIG FILTER")
    assert Offer.objects.filter(part__brand=brand, warehouse=profile.warehouse).count() == 1
    messages = staff.get(reverse("desk:import_brands")).content.decode()
    assert "“Big Filter” now means BIG FILTER: 1 offer added." in messages


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"brand": "NO SUCH BRAND"}, "No brand is called “NO SUCH BRAND”."),
        ({}, "Choose a brand or name a new one."),
        ({"brand": "KNECHT", "new_brand_name": "FILTRON"}, "not both"),
        ({"new_brand_name": "knecht"}, "The brand KNECHT already exists"),
        ({"new_brand_name": "---"}, "needs at least one letter or digit"),
    ],
)
def test_a_refused_mapping_says_why_and_holds_the_rows(staff, held, data, error):
    unknown = held["ФИЛЬТРОН"]
    brands_before = Brand.objects.count()

    response = resolve(staff, unknown, **data)

    assert response.status_code == 400
    assert error in response.content.decode()
    unknown.refresh_from_db()
    assert unknown.resolved_brand is None
    assert HeldRow.objects.filter(unknown_brand=unknown).count() == 2
    assert Brand.objects.count() == brands_before


def test_a_spelling_resolved_meanwhile_is_not_resolved_twice(staff, held):
    unknown = held["ФИЛЬТРОН"]
    resolve(staff, unknown, new_brand_name="FILTRON")

    response = resolve(staff, unknown, brand="KNECHT")

    assert response.status_code == 400
    assert "already been resolved" in response.content.decode()
    unknown.refresh_from_db()
    assert unknown.resolved_brand.name == "FILTRON"


def test_the_brand_field_suggests_brands_by_any_spelling(staff, brands):
    BrandFactory(name="MANNOL")

    options = staff.get(reverse("desk:import_brand_search"), {"brand": "man"})

    html = options.content.decode()
    assert '<option value="MANN-FILTER"></option>' in html
    assert '<option value="MANNOL"></option>' in html
    assert "KNECHT" not in html
    assert staff.get(reverse("desk:import_brand_search"), {"brand": " "}).content.strip() == b""


def test_a_manager_cannot_resolve_a_spelling(client, held):
    client.force_login(ManagerFactory(roles=[Role.MANAGER]))
    unknown = held["ФИЛЬТРОН"]

    assert resolve(client, unknown, new_brand_name="FILTRON").status_code == 403
    unknown.refresh_from_db()
    assert unknown.resolved_brand is None
