"""The selectors the orders app calls, on the database: calendar, pickup points, delivery
cost, status names and notification switches."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import translation

from partsdesk.shop import selectors, services
from partsdesk.shop.models import (
    CalendarException,
    ShopSettings,
    StatusDisplay,
    WorkingHours,
)

from .factories import DeliveryBandFactory, PickupPointFactory

pytestmark = pytest.mark.django_db

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
WEEK_9_18 = {day: (datetime.time(9), datetime.time(18)) if day < 5 else None for day in range(7)}


def msk(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=MOSCOW)


# --- calendar --------------------------------------------------------------------------


def test_with_no_rows_at_all_the_defaults_apply():
    # given: nothing saved (a flushed database)
    ShopSettings.objects.all().delete()
    WorkingHours.objects.all().delete()

    # then: Mon–Fri 9–18 in the project's time zone, 2 hours, 11:00
    assert selectors.review_due_at(msk("2026-03-02 10:00")) == msk("2026-03-02 12:00")
    assert selectors.review_due_at(msk("2026-03-06 20:00")) == msk("2026-03-09 11:00")
    assert selectors.default_part_weight_kg() == Decimal("1.000")
    assert selectors.shop_settings().time_zone == "Europe/Moscow"


def test_review_due_at_follows_the_saved_calendar():
    # given: Saturday 10–16, review 3 h, off-hours due 10:30, 9 March a holiday
    week = dict(WEEK_9_18)
    week[5] = (datetime.time(10), datetime.time(16))
    services.calendar_update(
        time_zone="Europe/Moscow",
        review_hours=3,
        off_hours_due_at=datetime.time(10, 30),
        week=week,
    )
    services.calendar_exception_add(date=datetime.date(2026, 3, 9), hours=None, note="8 Марта")

    # then
    assert selectors.review_due_at(msk("2026-03-06 10:00")) == msk("2026-03-06 13:00")
    assert selectors.review_due_at(msk("2026-03-06 20:00")) == msk("2026-03-07 10:30")
    assert selectors.review_due_at(msk("2026-03-07 15:00")) == msk("2026-03-10 10:30")
    assert selectors.review_due_at(msk("2026-03-08 12:00")) == msk("2026-03-10 10:30")
    assert selectors.is_business_time(msk("2026-03-07 15:59"))
    assert not selectors.is_business_time(msk("2026-03-09 12:00"))
    assert selectors.business_hours_between(
        msk("2026-03-07 15:00"), msk("2026-03-10 10:00")
    ) == datetime.timedelta(hours=2)


def test_the_time_zone_setting_moves_business_hours():
    services.calendar_update(
        time_zone="Asia/Vladivostok",
        review_hours=2,
        off_hours_due_at=datetime.time(11),
        week=WEEK_9_18,
    )
    # 10:00 in Moscow is 17:00 in Vladivostok: one hour left there, the next at 10:00
    due = selectors.review_due_at(msk("2026-03-02 10:00"))
    vladivostok = zoneinfo.ZoneInfo("Asia/Vladivostok")
    assert due == datetime.datetime(2026, 3, 3, 10, 0, tzinfo=vladivostok)
    assert due.tzinfo is datetime.UTC


def test_an_exception_read_near_midnight_utc_counts_for_its_local_date():
    # given: 3 March is a holiday; 2 March 23:30 UTC is already 3 March 2:30 in Moscow
    CalendarException.objects.create(date=datetime.date(2026, 3, 3), is_working=False)
    placed = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)

    # then: due on 4 March, not 3 March
    assert selectors.review_due_at(placed) == msk("2026-03-04 11:00")


def test_selectors_refuse_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        selectors.review_due_at(datetime.datetime(2026, 3, 2, 10))


# --- pickup points ---------------------------------------------------------------------


def test_pickup_points_active_in_the_shops_order():
    second = PickupPointFactory(name="Б", sort_order=2)
    first = PickupPointFactory(name="В", sort_order=1)
    PickupPointFactory(name="А", sort_order=0, is_active=False)

    assert list(selectors.pickup_points_active()) == [first, second]


def test_a_map_link_is_pasted_or_built_from_the_coordinates():
    pasted = PickupPointFactory(map_url="https://yandex.ru/maps/-/CDx~abc")
    built = PickupPointFactory(latitude=Decimal("55.751244"), longitude=Decimal("37.618423"))
    none = PickupPointFactory()

    assert pasted.map_link == "https://yandex.ru/maps/-/CDx~abc"
    assert built.map_link == "https://yandex.ru/maps/?pt=37.618423,55.751244&z=17&l=map"
    assert none.map_link == ""


# --- delivery --------------------------------------------------------------------------


@pytest.fixture
def bands():
    for up_to, price in [("1", "300"), ("5", "450"), ("15", "700"), ("30", "1200")]:
        DeliveryBandFactory(weight_up_to_kg=Decimal(up_to), price=Decimal(price))


@pytest.mark.parametrize(
    ("weight", "cost"),
    [
        ("0", "300"),
        ("0.2", "300"),
        ("1", "300"),
        ("1.001", "450"),
        ("5", "450"),
        ("14.999", "700"),
        ("30", "1200"),
    ],
)
def test_delivery_cost_takes_the_lightest_band_that_holds_the_parcel(bands, weight, cost):
    assert selectors.delivery_cost(Decimal(weight)) == Decimal(cost)


def test_a_parcel_heavier_than_every_band_has_no_delivery_cost(bands):
    with pytest.raises(selectors.NoDeliveryBand) as raised:
        selectors.delivery_cost(Decimal("30.5"))
    assert raised.value.message == (
        "Courier delivery is not available for 30.5 kg: the shop delivers parcels up to 30 kg. "
        "Choose a pickup point or ask your manager."
    )
    assert str(raised.value) == raised.value.message


def test_with_no_bands_there_is_no_courier_delivery():
    with pytest.raises(selectors.NoDeliveryBand, match="set no prices by weight"):
        selectors.delivery_cost(Decimal("0.5"))


def test_a_negative_weight_is_a_programming_error(bands):
    with pytest.raises(ValueError, match="negative"):
        selectors.delivery_cost(Decimal("-1"))


def test_the_default_part_weight_is_a_setting():
    services.default_part_weight_set(weight_kg=Decimal("0.750"))
    assert selectors.default_part_weight_kg() == Decimal("0.750")


# --- statuses --------------------------------------------------------------------------


def test_status_display_in_the_current_language_or_the_default():
    StatusDisplay.objects.create(status="confirmed", name_ru="Принят менеджером", name_en="")

    with translation.override("ru"):
        assert selectors.status_display("confirmed", "Подтверждён") == "Принят менеджером"
        assert selectors.status_display("issued", "Выдан") == "Выдан"
    with translation.override("en"):
        assert selectors.status_display("confirmed", "Confirmed") == "Confirmed"
        assert selectors.status_displays({"confirmed": "Confirmed", "new": "New"}) == {
            "confirmed": "Confirmed",
            "new": "New",
        }
    with translation.override("ru"):
        assert selectors.status_displays({"confirmed": "Подтверждён", "new": "Новый"}) == {
            "confirmed": "Принят менеджером",
            "new": "Новый",
        }


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("new", (True, False)),
        ("confirmed", (True, False)),
        ("rejected_by_supplier", (True, False)),
        ("ready_for_pickup", (True, True)),
        ("handed_to_carrier", (True, True)),
        ("ordered_from_supplier", (False, False)),
        ("issued", (False, False)),
        ("no_such_status", (False, False)),
    ],
)
def test_status_notifies_defaults(status, expected):
    assert selectors.status_notifies(status) == expected


def test_status_notifies_follows_the_shops_switches():
    services.status_display_save(
        status="ready_for_pickup", name_ru="", name_en="", notify_email=False, notify_sms=True
    )
    services.status_display_save(
        status="issued", name_ru="", name_en="", notify_email=True, notify_sms=False
    )
    assert selectors.status_notifies("ready_for_pickup") == (False, True)
    assert selectors.status_notifies("issued") == (True, False)
    assert selectors.status_notifies("new") == (True, False)


def test_can_edit_shop(db):
    from partsdesk.accounts.roles import Role
    from partsdesk.accounts.tests.factories import (
        CustomerFactory,
        ManagerFactory,
        UserFactory,
    )

    assert not selectors.can_edit_shop(ManagerFactory())
    assert not selectors.can_edit_shop(CustomerFactory().user)
    assert selectors.can_edit_shop(ManagerFactory(roles=[Role.MANAGER, Role.SENIOR_MANAGER]))
    assert selectors.can_edit_shop(ManagerFactory(roles=[Role.ADMINISTRATOR]))
    assert selectors.can_edit_shop(UserFactory(is_superuser=True))
    assert not selectors.can_edit_shop(ManagerFactory(roles=[Role.ADMINISTRATOR], is_active=False))
