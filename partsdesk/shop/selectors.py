"""Reads of the shop's settings: the business calendar and due times, pickup points,
delivery cost by weight, and how position statuses read and notify.

Nothing is cached: each call reads the few rows it needs, so a change in the desk applies to
the very next order.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partsdesk.accounts.roles import Role

from .businesstime import BusinessCalendar, NoBusinessDay
from .models import (
    DEFAULT_WEEK,
    SETTINGS_PK,
    CalendarException,
    DeliveryBand,
    PickupPoint,
    ShopSettings,
    StatusDisplay,
    WorkingHours,
)

__all__ = [
    "DEFAULT_NOTIFY",
    "NoBusinessDay",
    "NoDeliveryBand",
    "business_calendar",
    "business_hours_between",
    "default_part_weight_kg",
    "delivery_bands",
    "delivery_cost",
    "is_business_time",
    "pickup_points_active",
    "review_due_at",
    "shop_settings",
    "status_display",
    "status_displays",
    "status_notifies",
    "week_hours",
]


# --- settings and the business calendar ------------------------------------------------


def shop_settings() -> ShopSettings:
    """The settings row; an unsaved row with the defaults until staff first save it."""
    return ShopSettings.objects.filter(pk=SETTINGS_PK).first() or ShopSettings(pk=SETTINGS_PK)


def week_hours() -> dict[int, WorkingHours]:
    """Every weekday's hours (0 = Monday): saved rows, DEFAULT_WEEK (unsaved) for the rest."""
    rows = {row.weekday: row for row in WorkingHours.objects.all()}
    for weekday, hours in DEFAULT_WEEK.items():
        if weekday not in rows:
            rows[weekday] = WorkingHours(
                weekday=weekday,
                is_working=hours is not None,
                opens_at=hours[0] if hours else None,
                closes_at=hours[1] if hours else None,
            )
    return dict(sorted(rows.items()))


def business_calendar(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> BusinessCalendar:
    """The shop's calendar; exceptions are read only from `since` to `until` when given."""
    shop = shop_settings()
    exceptions = CalendarException.objects.all()
    # A day of slack each side: the UTC date of a moment may differ from the local one.
    if since is not None:
        exceptions = exceptions.filter(date__gte=since - datetime.timedelta(days=1))
    if until is not None:
        exceptions = exceptions.filter(date__lte=until + datetime.timedelta(days=1))
    return BusinessCalendar(
        zone=shop.zone,
        week={
            weekday: (row.opens_at, row.closes_at) if row.is_working else None
            for weekday, row in week_hours().items()
        },
        exceptions={
            row.date: (row.opens_at, row.closes_at) if row.is_working else None
            for row in exceptions
        },
        review=datetime.timedelta(hours=shop.review_hours),
        off_hours_due_at=shop.off_hours_due_at,
    )


def _utc_date(moment: datetime.datetime) -> datetime.date:
    """The UTC date: the shop's local date is within a day of it (the slack above)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an aware datetime is needed, got {moment!r}")
    return moment.astimezone(datetime.UTC).date()


def review_due_at(placed_at: datetime.datetime) -> datetime.datetime:
    """When the personal manager must have reviewed an order placed at `placed_at`.

    Placed + review_hours of business time; off-hours orders are due at the off-hours due
    time (11:00) of the next business day. The rules in full: partsdesk/shop/businesstime.py.
    Both datetimes are aware; the answer is in UTC. Raises NoBusinessDay when the calendar
    has no working day ahead.
    """
    return business_calendar(since=_utc_date(placed_at)).review_due_at(placed_at)


def is_business_time(at: datetime.datetime) -> bool:
    """Whether the shop is open at `at` (aware)."""
    day = _utc_date(at)
    return business_calendar(since=day, until=day).is_business_time(at)


def business_hours_between(start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    """Business time from `start` to `end` (aware); zero when `end` is not after `start`.

    For "overdue by": business_hours_between(due_at, now).
    """
    calendar = business_calendar(since=_utc_date(start), until=_utc_date(end))
    return calendar.business_time_between(start, end)


# --- pickup points ---------------------------------------------------------------------


def pickup_points_active() -> QuerySet[PickupPoint]:
    """The pickup points a customer may choose, in the shop's order."""
    return PickupPoint.objects.filter(is_active=True).order_by("sort_order", "name", "id")


def pickup_points_all() -> QuerySet[PickupPoint]:
    """Every pickup point for the desk: active ones first."""
    return PickupPoint.objects.order_by("-is_active", "sort_order", "name", "id")


# --- delivery by weight ----------------------------------------------------------------


class NoDeliveryBand(Exception):
    """No delivery band holds this weight: the parcel is heavier than every band (or the
    shop has set none). The message says so in the current language."""

    def __init__(self, weight_kg: Decimal, heaviest_kg: Decimal | None):
        self.weight_kg = weight_kg
        self.heaviest_kg = heaviest_kg
        if heaviest_kg is None:
            self.message = _(
                "Courier delivery is not available: the shop has set no prices by weight."
            )
        else:
            self.message = _(
                "Courier delivery is not available for %(weight)s kg: the shop delivers parcels "
                "up to %(limit)s kg. Choose a pickup point or ask your manager."
            ) % {"weight": _kg(weight_kg), "limit": _kg(heaviest_kg)}
        super().__init__(self.message)


def _kg(value: Decimal) -> str:
    return format(value.normalize(), "f")


def delivery_bands() -> QuerySet[DeliveryBand]:
    return DeliveryBand.objects.order_by("weight_up_to_kg")


def delivery_cost(weight_kg: Decimal) -> Decimal:
    """The price (shop currency) of courier/carrier delivery of a parcel of `weight_kg`:
    the lightest band whose upper weight is at least the parcel's (bounds inclusive)."""
    weight_kg = Decimal(weight_kg)
    if weight_kg < 0:
        raise ValueError(f"weight_kg must not be negative, got {weight_kg}")
    band = delivery_bands().filter(weight_up_to_kg__gte=weight_kg).first()
    if band is None:
        heaviest = delivery_bands().last()
        raise NoDeliveryBand(weight_kg, heaviest.weight_up_to_kg if heaviest else None)
    return band.price


def default_part_weight_kg() -> Decimal:
    """The weight to assume for a part whose weight is unknown (catalog.Part.weight_kg null)."""
    return shop_settings().default_part_weight_kg


# --- position statuses -----------------------------------------------------------------

# Whether the customer hears of a status (email, SMS) until staff decide otherwise: mail for
# what they must know, SMS only for what needs them to act soon (collect, expect a carrier).
DEFAULT_NOTIFY: dict[str, tuple[bool, bool]] = {
    "new": (True, False),
    "on_hold": (False, False),
    "confirmed": (True, False),
    "ordered_from_supplier": (False, False),
    "shipped_by_supplier": (False, False),
    "received_at_warehouse": (False, False),
    "ready_for_pickup": (True, True),
    "handed_to_carrier": (True, True),
    "issued": (False, False),
    "cancelled_by_customer": (False, False),
    "rejected_by_supplier": (True, False),
    "cancelled_by_shop": (False, False),
}


def _name_in_current_language(row: StatusDisplay) -> str:
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return row.name_ru if language.startswith("ru") else row.name_en


def status_display(status: str, default: str) -> str:
    """The shop's name for `status` in the current language, or `default` when it has none."""
    row = StatusDisplay.objects.filter(status=status).first()
    return (_name_in_current_language(row) if row else "") or str(default)


def status_displays(defaults: Mapping[str, str]) -> dict[str, str]:
    """status → the shop's name in the current language, for every status in `defaults`
    (its value is the fallback); one query for a whole list of positions."""
    names = {status: str(default) for status, default in defaults.items()}
    for row in StatusDisplay.objects.filter(status__in=list(defaults)):
        names[row.status] = _name_in_current_language(row) or names[row.status]
    return names


def status_notifies(status: str) -> tuple[bool, bool]:
    """(email, sms): whether customers are told of `status` by email and by SMS.

    The shop's switches when set in the desk, else DEFAULT_NOTIFY; an unknown status
    notifies nobody.
    """
    row = StatusDisplay.objects.filter(status=status).first()
    if row is not None:
        return row.notify_email, row.notify_sms
    return DEFAULT_NOTIFY.get(status, (False, False))


# --- who edits the shop's settings ------------------------------------------------------


def can_edit_shop(user) -> bool:
    """Senior managers and administrators edit the shop's settings in the desk."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (
        user.is_staff
        and user.groups.filter(name__in=[Role.SENIOR_MANAGER, Role.ADMINISTRATOR]).exists()
    )


def status_rows(labels: Mapping[str, str]) -> list[dict]:
    """The desk's status table: every status with the shop's row or the defaults.
    `labels` maps each status to its standard name (the orders app's)."""
    rows = {row.status: row for row in StatusDisplay.objects.filter(status__in=list(labels))}
    result = []
    for status, label in labels.items():
        row = rows.get(status)
        email, sms = (
            (row.notify_email, row.notify_sms)
            if row
            else DEFAULT_NOTIFY.get(status, (False, False))
        )
        result.append(
            {
                "status": status,
                "label": str(label),
                "name_ru": row.name_ru if row else "",
                "name_en": row.name_en if row else "",
                "notify_email": email,
                "notify_sms": sms,
            }
        )
    return result


def calendar_exceptions_upcoming(*, days_back: int = 31) -> QuerySet[CalendarException]:
    """The calendar's exceptions from a month ago on, for the desk."""
    today = datetime.datetime.now(shop_settings().zone).date()
    return CalendarException.objects.filter(
        date__gte=today - datetime.timedelta(days=days_back)
    ).order_by("date")


def shop_currency() -> str:
    return settings.SHOP_CURRENCY
