import pytest
from django.urls import reverse

from partsdesk.catalog.models import BrandAlias, CrossReference, Part
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory


@pytest.fixture
def staff_client(admin_client):
    return admin_client


def test_admin_part_search_uses_the_normalized_number(oil_filters, staff_client):
    response = staff_client.get(reverse("admin:catalog_part_changelist"), {"q": "ос-9"})
    assert response.status_code == 200
    assert {p.pk for p in response.context["cl"].result_list} == {
        oil_filters["oc90"].pk,
        oil_filters["oc90_mahle"].pk,
    }


def test_admin_refuses_a_duplicate_part_number(oil_filters, staff_client):
    brand = oil_filters["oc90"].brand
    response = staff_client.post(
        reverse("admin:catalog_part_add"),
        {"brand": brand.pk, "number": "oc-90", "name": "dup", "attributes": "{}"},
    )
    assert response.status_code == 200
    assert "already has a part with this number" in response.content.decode()
    assert Part.objects.filter(brand=brand).count() == 1


def test_admin_refuses_an_alias_of_another_brand(staff_client, db):
    bosch = BrandFactory(name="BOSCH", slug="bosch")
    febi = BrandFactory(name="FEBI", slug="febi")
    response = staff_client.post(
        reverse("admin:catalog_brand_change", args=[febi.pk]),
        {
            "name": "FEBI",
            "slug": "febi",
            "country": "DE",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "bosch",
        },
    )
    assert response.status_code == 200
    assert "already means the brand BOSCH" in response.content.decode()
    assert list(BrandAlias.objects.filter(brand=febi).values_list("key", flat=True)) == ["FEBI"]
    assert BrandAlias.objects.get(key="BOSCH").brand == bosch


def test_admin_links_and_unlinks_both_sides(staff_client, db):
    part, analog = PartFactory(), PartFactory()
    response = staff_client.post(
        reverse("admin:catalog_crossreference_add"),
        {"part": part.pk, "analog": analog.pk, "kind": "replaces", "source": "manager"},
    )
    assert response.status_code == 302
    assert set(CrossReference.objects.values_list("part_id", "kind")) == {
        (part.pk, "replaces"),
        (analog.pk, "replaced_by"),
    }
    link = CrossReference.objects.get(part=part)
    response = staff_client.post(
        reverse("admin:catalog_crossreference_delete", args=[link.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CrossReference.objects.exists()
