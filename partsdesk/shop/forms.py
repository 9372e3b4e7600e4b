"""Forms of the desk's shop settings pages: they parse input; services.py decides."""

import zoneinfo
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PickupPoint, Weekday
from .services import ShopError

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def add_shop_error(form: forms.Form, error: ShopError, names: dict[str, str] | None = None) -> None:
    """Put a refused service call on the form: field errors where they belong, else on top."""
    names = names or {}
    for name, messages in error.errors.items():
        name = names.get(name, name)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)


def _time_zones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class CalendarForm(forms.Form):
    """The shop-wide calendar settings and the hours of every weekday in one form."""

    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zones)
    review_hours = forms.IntegerField(
        label=_("Review time, business hours"),
        min_value=1,
        max_value=72,
        help_text=_("A personal manager reviews an order placed in business hours within this."),
    )
    off_hours_due_at = forms.TimeField(
        label=_("Off-hours orders are due at"),
        widget=TIME_WIDGET,
        help_text=_("An order placed off-hours is due at this time of the next business day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for weekday, label in Weekday.choices:
            self.fields[f"day_{weekday}_working"] = forms.BooleanField(label=label, required=False)
            self.fields[f"day_{weekday}_opens"] = forms.TimeField(
                label=_("%(day)s opens at") % {"day": label}, required=False, widget=TIME_WIDGET
            )
            self.fields[f"day_{weekday}_closes"] = forms.TimeField(
                label=_("%(day)s closes at") % {"day": label}, required=False, widget=TIME_WIDGET
            )

        # The weekday table shows bare inputs: their labels are for screen readers.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def days(self) -> list[dict]:
        """The weekday rows for the template's table."""
        return [
            {
                "label": label,
                "working": self[f"day_{weekday}_working"],
                "opens": self[f"day_{weekday}_opens"],
                "closes": self[f"day_{weekday}_closes"],
            }
            for weekday, label in Weekday.choices
        ]

    def clean(self):
        data = super().clean()
        week = {}
        for weekday in Weekday.values:
            if not data.get(f"day_{weekday}_working"):
                week[weekday] = None
                continue
            opens, closes = data.get(f"day_{weekday}_opens"), data.get(f"day_{weekday}_closes")
            for name, value in ((f"day_{weekday}_opens", opens), (f"day_{weekday}_closes", closes)):
                if value is None and name not in self.errors:
                    self.add_error(name, _("Give the hours of a working day."))
            week[weekday] = (opens, closes)
        data["week"] = week
        return data

    @staticmethod
    def initial_from(shop, week_rows) -> dict:
        initial = {
            "time_zone": shop.time_zone,
            "review_hours": shop.review_hours,
            "off_hours_due_at": shop.off_hours_due_at,
        }
        for weekday, row in week_rows.items():
            initial[f"day_{weekday}_working"] = row.is_working
            initial[f"day_{weekday}_opens"] = row.opens_at
            initial[f"day_{weekday}_closes"] = row.closes_at
        return initial


class CalendarExceptionForm(forms.Form):
    KIND_CHOICES = [("holiday", _("Day off (holiday)")), ("working", _("Working day, these hours"))]

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, initial="holiday")
    opens_at = forms.TimeField(label=_("Opens at"), required=False, widget=TIME_WIDGET)
    closes_at = forms.TimeField(label=_("Closes at"), required=False, widget=TIME_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "working":
            for name in ("opens_at", "closes_at"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give the hours of a working day."))
            data["hours"] = (data.get("opens_at"), data.get("closes_at"))
        else:
            data["hours"] = None
        return data


class PickupPointForm(forms.ModelForm):
    map_url = forms.URLField(
        label=_("Map link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Paste a link to a map, or leave it blank to build one from the coordinates."),
    )
    sort_order = forms.IntegerField(
        label=_("Sort order"),
        required=False,
        initial=0,
        help_text=_("Smaller numbers come first in the list customers choose from."),
    )

    class Meta:
        model = PickupPoint
        # map_url and sort_order are declared above (an https link, an optional order).
        fields = ["name", "city", "address", "working_hours", "phone", "latitude", "longitude"]

    field_order = [
        "name",
        "city",
        "address",
        "working_hours",
        "phone",
        "map_url",
        "latitude",
        "longitude",
        "sort_order",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("map_url", self.instance.map_url)
            self.initial.setdefault("sort_order", self.instance.sort_order)

    def clean_sort_order(self) -> int:
        return self.cleaned_data["sort_order"] or 0

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            if missing not in self.errors:
                self.add_error(missing, _("Give both latitude and longitude, or neither."))
        return data


class DeliveryBandForm(forms.Form):
    weight_up_to_kg = forms.DecimalField(
        label=_("Weight up to, kg"),
        min_value=Decimal("0.001"),
        max_digits=8,
        decimal_places=3,
        error_messages={"min_value": _("The weight must be more than zero.")},
    )
    price = forms.DecimalField(
        label=_("Price"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        error_messages={"min_value": _("The price cannot be negative.")},
    )


class DefaultWeightForm(forms.Form):
    weight_kg = forms.DecimalField(
        label=_("Weight of a part with no weight, kg"),
        min_value=Decimal("0.001"),
        max_digits=8,
        decimal_places=3,
        error_messages={"min_value": _("The weight must be more than zero.")},
    )


class StatusDisplayForm(forms.Form):
    """Every position status's names and switches in one form (fields named by status)."""

    def __init__(self, *args, statuses: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = statuses
        for status, label in statuses:
            # size: a narrow intrinsic width, so two names fit side by side on a phone
            self.fields[f"{status}-name_ru"] = forms.CharField(
                label=_("%(status)s: name in Russian") % {"status": label},
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"size": 12}),
            )
            self.fields[f"{status}-name_en"] = forms.CharField(
                label=_("%(status)s: name in English") % {"status": label},
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"size": 12}),
            )
            self.fields[f"{status}-notify_email"] = forms.BooleanField(
                label=_("%(status)s: email") % {"status": label}, required=False
            )
            self.fields[f"{status}-notify_sms"] = forms.BooleanField(
                label=_("%(status)s: SMS") % {"status": label}, required=False
            )

        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def rows(self) -> list[dict]:
        return [
            {
                "status": status,
                "label": label,
                **{
                    name: self[f"{status}-{name}"]
                    for name in ("name_ru", "name_en", "notify_email", "notify_sms")
                },
            }
            for status, label in self.statuses
        ]

    def service_rows(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "status": status,
                **{
                    name: data[f"{status}-{name}"]
                    for name in ("name_ru", "name_en", "notify_email", "notify_sms")
                },
            }
            for status, _label in self.statuses
        ]
