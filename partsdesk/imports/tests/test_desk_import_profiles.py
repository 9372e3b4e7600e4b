"""Import profiles in the desk: the suppliers' list, and one profile's form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import ManagerFactory
from partsdesk.imports.models import ImportProfile, ListSource
from partsdesk.pricing.tests.factories import SupplierFactory, WarehouseFactory


@pytest.fixture
def staff(client, db):
    client.force_login(ManagerFactory(roles=[Role.ADMINISTRATOR]))
    return client


def valid_form(profile, **changes) -> dict:
    form = {
        "warehouse": profile.warehouse_id,
        "encoding": "cp1251",
        "delimiter": "tab",
        "skip_rows": "2",
        "has_header": "on",
        "decimal_mark": ",",
        "currency": "eur",
        "default_delivery_min": "2",
        "default_delivery_max": "4",
        "min_quantity": "2",
        "source": ListSource.UPLOAD,
        "url": "",
        "fetch_hour": "6",
        "max_bad_percent": "15",
        "max_removed_percent": "30",
        "max_price_jump_percent": "1",
        "column_brand": "Производитель",
        "column_number": "2",
        "column_price": " Цена, руб ",
    }
    form.update(changes)
    return {name: value for name, value in form.items() if value is not None}


def test_the_suppliers_list_shows_each_profile_or_that_there_is_none(staff, profile):
    bare = SupplierFactory(code="bare", name="Без профиля")

    html = staff.get(reverse("desk:import_profiles")).content.decode()

    assert "Автотрейд" in html and "Москва" in html
    assert "Без профиля" in html and "No profile yet" in html
    assert reverse("desk:import_profile", kwargs={"supplier_id": bare.pk}) in html


def test_a_supplier_without_a_profile_gets_the_defaults_to_edit(staff, db):
    supplier = SupplierFactory(code="new")
    WarehouseFactory(supplier=supplier, name="Склад")

    response = staff.get(reverse("desk:import_profile", kwargs={"supplier_id": supplier.pk}))

    assert response.status_code == 200
    assert ImportProfile.objects.get(supplier=supplier).warehouse.name == "Склад"


def test_the_form_saves_the_profile_with_its_columns(staff, profile):
    url = reverse("desk:import_profile", kwargs={"supplier_id": profile.supplier_id})

    response = staff.post(url, valid_form(profile))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.columns == {"brand": "Производитель", "number": 1, "price": "Цена, руб"}
    assert (profile.encoding, profile.delimiter, profile.decimal_mark) == ("cp1251", "\t", ",")
    assert (profile.skip_rows, profile.currency, profile.min_quantity) == (2, "EUR", 2)
    assert (profile.default_delivery_min, profile.default_delivery_max) == (2, 4)
    assert profile.max_bad_percent == Decimal("15")
    # and the form shows them back as they were typed (columns counted from 1)
    html = staff.get(url).content.decode()
    assert 'name="column_number" value="2"' in html
    assert '<option value="tab" selected>' in html


def test_a_list_fetched_from_a_url_is_saved_with_its_hour(staff, profile):
    url = reverse("desk:import_profile", kwargs={"supplier_id": profile.supplier_id})
    form = valid_form(
        profile, source=ListSource.URL, url="https://supplier.example/price.csv", fetch_hour="5"
    )

    assert staff.post(url, form).status_code == 302

    profile.refresh_from_db()
    assert (profile.source, profile.url, profile.fetch_hour) == (
        ListSource.URL,
        "https://supplier.example/price.csv",
        5,
    )


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"source": ListSource.URL, "url": ""}, "Give the address the list is fetched from."),
        ({"source": ListSource.URL, "url": "ftp://example.com/x.csv"}, "http:// or https://"),
        ({"default_delivery_min": "5", "default_delivery_max": "2"}, "cannot end before"),
        ({"default_delivery_max": "400"}, "At most 365 days."),
        ({"fetch_hour": "24"}, "less than or equal to 23"),
        ({"max_bad_percent": "120"}, "less than or equal to 100"),
        ({"currency": "руб"}, "three Latin letters"),
        ({"column_number": "0"}, "Columns are numbered from 1."),
        ({"column_brand": "1", "column_number": "1"}, "the same column number"),
        ({"has_header": None, "column_brand": "Бренд"}, "without a header row needs"),
        ({"delimiter": ":"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(staff, profile, changes, error):
    url = reverse("desk:import_profile", kwargs={"supplier_id": profile.supplier_id})
    before = ImportProfile.objects.filter(pk=profile.pk).values().get()

    response = staff.post(url, valid_form(profile, **changes))

    assert response.status_code == 400
    assert error in response.content.decode().replace("&#x27;", "'")
    assert ImportProfile.objects.filter(pk=profile.pk).values().get() == before


def test_only_the_suppliers_own_warehouses_can_be_chosen(staff, profile):
    elsewhere = WarehouseFactory(name="Чужой склад")
    url = reverse("desk:import_profile", kwargs={"supplier_id": profile.supplier_id})

    assert "Чужой склад" not in staff.get(url).content.decode()
    response = staff.post(url, valid_form(profile, warehouse=elsewhere.pk))

    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.warehouse.name == "Москва"


def test_a_manager_cannot_change_a_profile(client, profile):
    client.force_login(ManagerFactory(roles=[Role.MANAGER]))
    url = reverse("desk:import_profile", kwargs={"supplier_id": profile.supplier_id})

    response = client.post(url, valid_form(profile))

    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.columns == {}
