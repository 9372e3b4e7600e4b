import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from partsdesk.shop import selectors
from partsdesk.shop.models import CalendarException, PickupPoint

pytestmark = pytest.mark.django_db


def run() -> dict:
    out = StringIO()
    call_command("load_demo_shop", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_demo_shop_loads_once_and_keeps_what_staff_changed():
    # when
    first = run()

    # then
    assert first["loaded"] == ["calendar", "pickup_points", "delivery_bands"]
    assert selectors.pickup_points_active().count() == 3
    assert all(point.map_link for point in selectors.pickup_points_active())
    assert selectors.delivery_cost(Decimal("12")) == Decimal("700")
    assert selectors.delivery_cost(Decimal("30")) == Decimal("1200")
    week = selectors.week_hours()
    assert (week[0].opens_at, week[0].closes_at) == (datetime.time(9), datetime.time(19))
    assert (week[5].opens_at, week[5].closes_at) == (datetime.time(10), datetime.time(16))
    assert not week[6].is_working
    assert CalendarException.objects.filter(is_working=False).count() >= 2

    # and: staff deactivate a point; a second run changes nothing
    PickupPoint.objects.filter(sort_order=1).update(is_active=False)
    second = run()
    assert second["loaded"] == []
    assert selectors.pickup_points_active().count() == 2
    assert second["pickup_points"] == 3
