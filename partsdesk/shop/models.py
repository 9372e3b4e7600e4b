"""The shop's own settings that staff edit in the desk: business calendar, pickup points,
delivery bands by weight, and how order position statuses read and notify; and the counters
behind its document numbers."""

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

SETTINGS_PK = 1


def default_time_zone() -> str:
    return settings.TIME_ZONE or "Europe/Moscow"


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("Unknown time zone “%(zone)s”; use a name such as Europe/Moscow."),
            code="time_zone",
            params={"zone": value},
        ) from error


class ShopSettings(models.Model):
    """The one row of shop-wide settings (pk 1); absent, the field defaults apply."""

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Business hours and due times are in this zone, e.g. Europe/Moscow."),
    )
    review_hours = models.PositiveSmallIntegerField(
        _("review time, business hours"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text=_("A personal manager reviews an order placed in business hours within this."),
    )
    off_hours_due_at = models.TimeField(
        _("off-hours orders are due at"),
        default=datetime.time(11, 0),
        help_text=_("An order placed off-hours is due at this time of the next business day."),
    )
    default_part_weight_kg = models.DecimalField(
        _("weight of a part with no weight, kg"),
        max_digits=8,
        decimal_places=3,
        default=Decimal("1.000"),
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Delivery cost assumes this weight for parts whose weight is unknown."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("shop settings")
        verbose_name_plural = _("shop settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=SETTINGS_PK), name="shopsettings_singleton"),
            models.CheckConstraint(
                condition=Q(review_hours__gte=1), name="shopsettings_review_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(default_part_weight_kg__gt=0),
                name="shopsettings_default_weight_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Shop settings"))

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Weekday(models.IntegerChoices):
    """Python's date.weekday() numbering."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# A weekday with no row follows these: Monday to Friday 9:00–18:00, the weekend off.
DEFAULT_WEEK = {
    day: (datetime.time(9, 0), datetime.time(18, 0)) if day < Weekday.SATURDAY else None
    for day in Weekday.values
}

_HOURS_CONSISTENT = Q(is_working=False, opens_at__isnull=True, closes_at__isnull=True) | Q(
    is_working=True, opens_at__isnull=False, closes_at__isnull=False, opens_at__lt=F("closes_at")
)


class WorkingHours(models.Model):
    """The usual hours of one weekday; one interval a day, opening before closing."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, unique=True)
    is_working = models.BooleanField(_("working day"), default=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(condition=_HOURS_CONSISTENT, name="workinghours_consistent"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="workinghours_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        if not self.is_working:
            return f"{self.get_weekday_display()}: —"
        return f"{self.get_weekday_display()}: {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class CalendarException(models.Model):
    """A date that differs from its weekday: a holiday, a shortened day, a Saturday at work."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(_("working day"), default=False)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [
            models.CheckConstraint(condition=_HOURS_CONSISTENT, name="calendarexception_consistent")
        ]

    def __str__(self) -> str:
        if not self.is_working:
            return f"{self.date:%Y-%m-%d}: —"
        return f"{self.date:%Y-%m-%d}: {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class PickupPoint(models.Model):
    """A place where customers collect their orders (free of charge)."""

    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300)
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    map_url = models.URLField(
        _("map link"),
        max_length=500,
        blank=True,
        help_text=_("Paste a link to a map, or leave it blank to build one from the coordinates."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["sort_order", "name", "id"]
        verbose_name = _("pickup point")
        verbose_name_plural = _("pickup points")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="pickuppoint_coordinates_both_or_none",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city}, {self.address})"

    @property
    def map_link(self) -> str:
        """The pasted link, else a Yandex Maps pin at the coordinates, else nothing."""
        if self.map_url:
            return self.map_url
        if self.latitude is not None and self.longitude is not None:
            return f"https://yandex.ru/maps/?pt={self.longitude},{self.latitude}&z=17&l=map"
        return ""


class DeliveryBand(models.Model):
    """Courier/carrier delivery of a parcel weighing up to `weight_up_to_kg` costs `price`.

    A parcel falls into the lightest band that holds it, so bands never overlap: each starts
    where the previous one ends.
    """

    weight_up_to_kg = models.DecimalField(
        _("weight up to, kg"),
        max_digits=8,
        decimal_places=3,
        unique=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    price = models.DecimalField(
        _("price"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        ordering = ["weight_up_to_kg"]
        verbose_name = _("delivery band")
        verbose_name_plural = _("delivery bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_up_to_kg__gt=0), name="deliveryband_weight_positive"
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="deliveryband_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"≤ {self.weight_up_to_kg} kg: {self.price} {settings.SHOP_CURRENCY}"


class StatusDisplay(models.Model):
    """How one order position status reads to customers and whether it notifies them.

    The statuses and their transitions belong to the orders app; this only renames them and
    switches notifications. A status with no row uses the orders app's name and
    DEFAULT_NOTIFY (selectors).
    """

    status = models.CharField(_("status"), max_length=32, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    notify_email = models.BooleanField(_("email the customer"), default=False)
    notify_sms = models.BooleanField(_("SMS the customer"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("status display")
        verbose_name_plural = _("status displays")

    def __str__(self) -> str:
        return self.status


class NumberCounter(models.Model):
    """The last number given to a series of the shop's documents in a period: orders by
    month (`order`, `2611` → 123 makes order `2611-000123`), invoices by year (`invoice`,
    `2026`). Taken by `services.number_next` under the row's lock."""

    series = models.CharField(max_length=16)
    period = models.CharField(max_length=8)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "period"], name="number_counter_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.period}: {self.last}"
