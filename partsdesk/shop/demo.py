"""The demo shop's settings: a Moscow calendar, three pickup points, delivery by weight.

Each part is loaded only while it is untouched (default hours and no special dates; no
pickup points; no bands), so `make demo` never overwrites what staff changed in the desk.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from .models import DEFAULT_WEEK, CalendarException, DeliveryBand, PickupPoint
from .selectors import week_hours
from .services import (
    calendar_exception_add,
    calendar_update,
    delivery_band_save,
    pickup_point_save,
)

WEEK = {
    **{day: (datetime.time(9), datetime.time(19)) for day in range(5)},
    5: (datetime.time(10), datetime.time(16)),
    6: None,
}
HOLIDAYS = [
    (datetime.date(2026, 5, 1), "Праздник Весны и Труда"),
    (datetime.date(2026, 5, 11), "Перенос выходного с 9 мая"),
    (datetime.date(2026, 6, 12), "День России"),
    (datetime.date(2026, 11, 4), "День народного единства"),
    (datetime.date(2027, 1, 1), "Новогодние каникулы"),
]
PICKUP_POINTS = [
    {
        "name": "Partsdesk на Тверской",
        "city": "Москва",
        "address": "ул. Тверская, 18, корп. 1",
        "working_hours": "Пн–Пт 9:00–19:00, Сб 10:00–16:00",
        "phone": "+7 495 120-00-10",
        "latitude": Decimal("55.765000"),
        "longitude": Decimal("37.604000"),
        "sort_order": 1,
    },
    {
        "name": "Partsdesk на Южнопортовой",
        "city": "Москва",
        "address": "Южнопортовая ул., 7, стр. 1",
        "working_hours": "Пн–Пт 9:00–19:00, Сб 10:00–16:00",
        "phone": "+7 495 120-00-11",
        "latitude": Decimal("55.713900"),
        "longitude": Decimal("37.680100"),
        "sort_order": 2,
    },
    {
        "name": "Partsdesk на Ленинском",
        "city": "Москва",
        "address": "Ленинский пр-т, 95",
        "working_hours": "Пн–Пт 9:00–19:00",
        "phone": "+7 495 120-00-12",
        "map_url": "https://yandex.ru/maps/?text=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0%2C%20%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9%20%D0%BF%D1%80%D0%BE%D1%81%D0%BF%D0%B5%D0%BA%D1%82%2C%2095",
        "sort_order": 3,
    },
]
BANDS = [("1", "300"), ("5", "450"), ("15", "700"), ("30", "1200")]


def _calendar_untouched() -> bool:
    week = {
        weekday: (row.opens_at, row.closes_at) if row.is_working else None
        for weekday, row in week_hours().items()
    }
    return week == DEFAULT_WEEK and not CalendarException.objects.exists()


@transaction.atomic
def load_demo_shop() -> dict:
    """Load what is still untouched; a second run changes nothing."""
    loaded = []
    if _calendar_untouched():
        calendar_update(
            time_zone="Europe/Moscow",
            review_hours=2,
            off_hours_due_at=datetime.time(11),
            week=WEEK,
        )
        for date, note in HOLIDAYS:
            calendar_exception_add(date=date, hours=None, note=note)
        loaded.append("calendar")
    if not PickupPoint.objects.exists():
        for point in PICKUP_POINTS:
            pickup_point_save(**point)
        loaded.append("pickup_points")
    if not DeliveryBand.objects.exists():
        for up_to, price in BANDS:
            delivery_band_save(weight_up_to_kg=Decimal(up_to), price=Decimal(price))
        loaded.append("delivery_bands")
    return {
        "loaded": loaded,
        "pickup_points": PickupPoint.objects.count(),
        "delivery_bands": DeliveryBand.objects.count(),
        "calendar_exceptions": CalendarException.objects.count(),
    }
