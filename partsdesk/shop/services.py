"""Changes to the shop's settings, made by senior managers and administrators in the desk.

Each service checks everything first and then writes in one transaction: refused input
raises ShopError and changes nothing.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import (
    SETTINGS_PK,
    CalendarException,
    DeliveryBand,
    NumberCounter,
    PickupPoint,
    ShopSettings,
    StatusDisplay,
    Weekday,
    WorkingHours,
)
from .selectors import DEFAULT_NOTIFY

Hours = tuple[datetime.time, datetime.time] | None


class ShopError(Exception):
    """Refused input: `code` for machines, `errors` (field → messages) for forms."""

    def __init__(self, code: str, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or {}


def _checked(instance, *, exclude: list[str] | None = None) -> None:
    """The model's own field validation as a ShopError (uniqueness is each service's, with
    a message in the shop's words)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        errors = {
            name: [str(message) for message in messages]
            for name, messages in error.message_dict.items()
        }
        first = next(iter(errors.values()))[0]
        raise ShopError("invalid", first, errors) from error


def _hours_error(hours: Hours) -> str | None:
    if hours is not None and not hours[0] < hours[1]:
        return _("Closing time must be after opening time.")
    return None


def _settings_for_update() -> ShopSettings:
    shop, _created = ShopSettings.objects.get_or_create(pk=SETTINGS_PK)
    return ShopSettings.objects.select_for_update().get(pk=shop.pk)


# --- the business calendar -------------------------------------------------------------


@transaction.atomic
def calendar_update(
    *,
    time_zone: str,
    review_hours: int,
    off_hours_due_at: datetime.time,
    week: dict[int, Hours],
) -> ShopSettings:
    """The time zone, review time, off-hours due time and the hours of every weekday
    (`week`: 0 = Monday → (opens, closes), or None for a day off)."""
    errors: dict[str, list[str]] = {}
    if set(week) != set(Weekday.values):
        raise ValueError("week must give every weekday 0-6")
    for weekday, hours in week.items():
        if message := _hours_error(hours):
            errors.setdefault(f"day_{weekday}", []).append(message)
    if all(hours is None for hours in week.values()):
        errors.setdefault("__all__", []).append(
            _("At least one weekday must be a working day: orders need a day to be reviewed.")
        )
    shop = _settings_for_update()
    shop.time_zone = time_zone.strip()
    shop.review_hours = review_hours
    shop.off_hours_due_at = off_hours_due_at
    try:
        _checked(shop)
    except ShopError as error:
        for name, messages in error.errors.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ShopError("invalid", first, errors)
    shop.save()
    for weekday, hours in week.items():
        WorkingHours.objects.update_or_create(
            weekday=weekday,
            defaults={
                "is_working": hours is not None,
                "opens_at": hours[0] if hours else None,
                "closes_at": hours[1] if hours else None,
            },
        )
    return shop


@transaction.atomic
def calendar_exception_add(
    *, date: datetime.date, hours: Hours, note: str = ""
) -> CalendarException:
    """A holiday (`hours` None), or a working day with its hours (a shortened day, a
    Saturday made a working day). A date already in the calendar is refused."""
    if message := _hours_error(hours):
        raise ShopError("hours", message, {"closes_at": [message]})
    if CalendarException.objects.filter(date=date).exists():
        message = _("%(date)s is in the calendar already; delete it first to change it.") % {
            "date": date.isoformat()
        }
        raise ShopError("duplicate", message, {"date": [message]})
    exception = CalendarException(
        date=date,
        is_working=hours is not None,
        opens_at=hours[0] if hours else None,
        closes_at=hours[1] if hours else None,
        note=note.strip(),
    )
    _checked(exception, exclude=["date"])
    try:
        with transaction.atomic():
            exception.save()
    except IntegrityError as error:  # the same date added at the same moment
        message = _("%(date)s is in the calendar already.") % {"date": date.isoformat()}
        raise ShopError("duplicate", message, {"date": [message]}) from error
    return exception


@transaction.atomic
def calendar_exception_delete(*, exception: CalendarException) -> None:
    CalendarException.objects.filter(pk=exception.pk).delete()


# --- pickup points ---------------------------------------------------------------------

PICKUP_POINT_FIELDS = (
    "name",
    "city",
    "address",
    "working_hours",
    "phone",
    "map_url",
    "latitude",
    "longitude",
    "sort_order",
    "is_active",
)


@transaction.atomic
def pickup_point_save(*, point: PickupPoint | None = None, **values) -> PickupPoint:
    """Create a pickup point (`point` None) or change one; `values` are model fields."""
    unknown = set(values) - set(PICKUP_POINT_FIELDS)
    if unknown:
        raise ValueError(f"not pickup point fields: {sorted(unknown)}")
    if point is None:
        point = PickupPoint()
    else:
        point = PickupPoint.objects.select_for_update().get(pk=point.pk)
    for name, value in values.items():
        setattr(point, name, value.strip() if isinstance(value, str) else value)
    if (point.latitude is None) != (point.longitude is None):
        message = _("Give both latitude and longitude, or neither.")
        name = "longitude" if point.longitude is None else "latitude"
        raise ShopError("coordinates", message, {name: [message]})
    _checked(point)
    point.save()
    return point


@transaction.atomic
def pickup_point_set_active(*, point: PickupPoint, is_active: bool) -> PickupPoint:
    """Deactivate (hide from checkout, keep for past orders) or bring back a pickup point."""
    point = PickupPoint.objects.select_for_update().get(pk=point.pk)
    point.is_active = is_active
    point.save(update_fields=["is_active", "updated_at"])
    return point


# --- delivery by weight ----------------------------------------------------------------


def _band_checked(band: DeliveryBand) -> None:
    _checked(band, exclude=["weight_up_to_kg"] if band.weight_up_to_kg is None else None)
    duplicate = DeliveryBand.objects.filter(weight_up_to_kg=band.weight_up_to_kg).exclude(
        pk=band.pk
    )
    if duplicate.exists():
        message = _("There is a band up to %(weight)s kg already.") % {
            "weight": format(Decimal(band.weight_up_to_kg).normalize(), "f")
        }
        raise ShopError("duplicate", message, {"weight_up_to_kg": [message]})


@transaction.atomic
def delivery_band_save(
    *, band: DeliveryBand | None = None, weight_up_to_kg: Decimal, price: Decimal
) -> DeliveryBand:
    """Add a band (`band` None) or change one. A band runs from the previous band's weight
    (exclusive) to its own (inclusive), so bands cannot overlap; the same upper weight
    twice is refused."""
    band = (
        DeliveryBand() if band is None else DeliveryBand.objects.select_for_update().get(pk=band.pk)
    )
    band.weight_up_to_kg = weight_up_to_kg
    band.price = price
    _band_checked(band)
    try:
        with transaction.atomic():
            band.save()
    except IntegrityError as error:  # the same weight saved at the same moment
        message = _("There is a band with this weight already.")
        raise ShopError("duplicate", message, {"weight_up_to_kg": [message]}) from error
    return band


@transaction.atomic
def delivery_band_delete(*, band: DeliveryBand) -> None:
    DeliveryBand.objects.filter(pk=band.pk).delete()


@transaction.atomic
def default_part_weight_set(*, weight_kg: Decimal) -> ShopSettings:
    """The weight assumed for a part with no weight of its own."""
    shop = _settings_for_update()
    shop.default_part_weight_kg = weight_kg
    _checked(shop)
    shop.save(update_fields=["default_part_weight_kg", "updated_at"])
    return shop


# --- position statuses -----------------------------------------------------------------


@transaction.atomic
def status_display_save(
    *, status: str, name_ru: str, name_en: str, notify_email: bool, notify_sms: bool
) -> StatusDisplay:
    """The shop's names (blank = the standard name) and notification switches of a status."""
    if status not in DEFAULT_NOTIFY:
        message = _("Unknown status “%(status)s”.") % {"status": status}
        raise ShopError("unknown_status", message, {"status": [message]})
    row, _created = StatusDisplay.objects.select_for_update().get_or_create(
        status=status,
        defaults={"notify_email": notify_email, "notify_sms": notify_sms},
    )
    row.name_ru = name_ru.strip()
    row.name_en = name_en.strip()
    row.notify_email = notify_email
    row.notify_sms = notify_sms
    _checked(row)
    row.save()
    return row


@transaction.atomic
def status_displays_save(*, rows: list[dict]) -> list[StatusDisplay]:
    """Several statuses at once (the desk's one form): all saved, or none when one is refused.
    Each row holds status_display_save's arguments."""
    return [status_display_save(**row) for row in rows]


def number_next(series: str, period: str) -> int:
    """The next number of a series of documents in a period (1 for the first).

    Call it inside the transaction that saves the document: the counter row stays locked
    until that transaction ends, so two documents never share a number and a rolled-back one
    gives its number back (the first of a period creates the row; a racing creator retries).
    """
    counters = NumberCounter.objects.select_for_update()
    counter = counters.filter(series=series, period=period).first()
    if counter is None:
        try:
            with transaction.atomic():
                NumberCounter.objects.create(series=series, period=period, last=0)
        except IntegrityError:
            pass
        counter = counters.get(series=series, period=period)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
