from decimal import Decimal

import pytest

from partsdesk.catalog.tests.factories import BrandFactory

from ..demo import load_demo
from ..models import PromoCode, Promotion

pytestmark = pytest.mark.django_db


def test_the_demo_promotions_load_once():
    BrandFactory(name="KNECHT", slug="knecht")

    first = load_demo()
    second = load_demo()

    assert first == {"codes": 2, "promotions": 1}
    assert second == {"codes": 0, "promotions": 0}
    assert PromoCode.objects.get(code="WELCOME10").value == Decimal("10")
    assert Promotion.objects.get().brand.name == "KNECHT"
