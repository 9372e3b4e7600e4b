"""The shop's services refuse bad input with a clear message and change nothing."""

import datetime
from decimal import Decimal

import pytest

from partsdesk.shop import selectors, services
from partsdesk.shop.models import (
    CalendarException,
    DeliveryBand,
    PickupPoint,
    ShopSettings,
    StatusDisplay,
    WorkingHours,
)
from partsdesk.shop.services import ShopError

from .factories import DeliveryBandFactory, PickupPointFactory

pytestmark = pytest.mark.django_db

WEEK = {day: (datetime.time(9), datetime.time(18)) if day < 5 else None for day in range(7)}


def state() -> tuple:
    return (
        list(ShopSettings.objects.values()),
        list(WorkingHours.objects.order_by("weekday").values()),
        list(CalendarException.objects.values()),
        list(PickupPoint.objects.values()),
        list(DeliveryBand.objects.values()),
        list(StatusDisplay.objects.values()),
    )


def calendar(**changes):
    values = {
        "time_zone": "Europe/Moscow",
        "review_hours": 2,
        "off_hours_due_at": datetime.time(11),
        "week": WEEK,
    }
    return services.calendar_update(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"week": {**WEEK, 2: (datetime.time(18), datetime.time(9))}},
            "day_2",
            "Closing time must be after opening time.",
        ),
        (
            {"week": {**WEEK, 2: (datetime.time(9), datetime.time(9))}},
            "day_2",
            "Closing time must be after opening time.",
        ),
        ({"week": dict.fromkeys(range(7))}, "__all__", "At least one weekday"),
        ({"time_zone": "Moscow"}, "time_zone", "Unknown time zone “Moscow”"),
        ({"review_hours": 0}, "review_hours", "greater than or equal to 1"),
        ({"review_hours": 73}, "review_hours", "less than or equal to 72"),
    ],
)
def test_a_bad_calendar_is_refused_and_changes_nothing(changes, field, message):
    before = state()
    with pytest.raises(ShopError) as raised:
        calendar(**changes)
    assert any(message in text for text in raised.value.errors[field])
    assert state() == before


def test_a_good_calendar_is_saved():
    calendar(
        time_zone="Europe/Samara",
        review_hours=4,
        week={**WEEK, 6: (datetime.time(10), datetime.time(14))},
    )
    shop = ShopSettings.objects.get()
    assert (shop.time_zone, shop.review_hours) == ("Europe/Samara", 4)
    assert WorkingHours.objects.get(weekday=6).closes_at == datetime.time(14)


def test_calendar_exceptions_refuse_duplicates_and_backwards_hours():
    services.calendar_exception_add(date=datetime.date(2026, 5, 1), hours=None)
    before = state()
    with pytest.raises(ShopError, match="in the calendar already"):
        services.calendar_exception_add(date=datetime.date(2026, 5, 1), hours=None)
    with pytest.raises(ShopError, match="Closing time must be after opening time"):
        services.calendar_exception_add(
            date=datetime.date(2026, 5, 2), hours=(datetime.time(15), datetime.time(10))
        )
    assert state() == before


def test_pickup_point_needs_both_coordinates_or_neither():
    point = PickupPointFactory()
    before = state()
    with pytest.raises(ShopError) as raised:
        services.pickup_point_save(point=point, latitude=Decimal("55.75"))
    assert raised.value.errors == {"longitude": ["Give both latitude and longitude, or neither."]}
    with pytest.raises(ShopError) as raised:
        services.pickup_point_save(name="", city="Москва", address="ул. Складочная, 1")
    assert "name" in raised.value.errors
    assert state() == before


def test_pickup_point_deactivate_and_back():
    point = PickupPointFactory()
    services.pickup_point_set_active(point=point, is_active=False)
    assert not selectors.pickup_points_active().exists()
    services.pickup_point_set_active(point=point, is_active=True)
    assert list(selectors.pickup_points_active()) == [point]


def test_delivery_bands_refuse_duplicates_negative_prices_and_zero_weights():
    band = DeliveryBandFactory(weight_up_to_kg=Decimal("1"), price=Decimal("300"))
    DeliveryBandFactory(weight_up_to_kg=Decimal("5"), price=Decimal("450"))
    before = state()
    with pytest.raises(ShopError, match="There is a band up to 5 kg already"):
        services.delivery_band_save(weight_up_to_kg=Decimal("5.000"), price=Decimal("1"))
    with pytest.raises(ShopError, match="There is a band up to 5 kg already"):
        services.delivery_band_save(band=band, weight_up_to_kg=Decimal("5"), price=Decimal("1"))
    with pytest.raises(ShopError) as raised:
        services.delivery_band_save(weight_up_to_kg=Decimal("10"), price=Decimal("-0.01"))
    assert "price" in raised.value.errors
    with pytest.raises(ShopError) as raised:
        services.delivery_band_save(weight_up_to_kg=Decimal("0"), price=Decimal("100"))
    assert "weight_up_to_kg" in raised.value.errors
    assert state() == before


def test_status_display_refuses_unknown_statuses_and_saves_all_or_nothing():
    before = state()
    with pytest.raises(ShopError, match="Unknown status “shipped”"):
        services.status_displays_save(
            rows=[
                {
                    "status": "new",
                    "name_ru": "Новый",
                    "name_en": "",
                    "notify_email": True,
                    "notify_sms": False,
                },
                {
                    "status": "shipped",
                    "name_ru": "",
                    "name_en": "",
                    "notify_email": True,
                    "notify_sms": False,
                },
            ]
        )
    with pytest.raises(ShopError):
        services.status_display_save(
            status="new", name_ru="x" * 101, name_en="", notify_email=True, notify_sms=False
        )
    assert state() == before
