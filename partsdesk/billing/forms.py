"""Forms of the balance pages (the statement period) and of the desk (corrections, reversals,
credit terms)."""

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import to_minor
from .statements import PeriodError, default_period, period_check


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """A statement's period: two dates in the shop's time zone, both inclusive."""

    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())

    @classmethod
    def from_query(cls, query) -> "PeriodForm":
        """Bound to the query string when it names a date; else to the current month."""
        if "date_from" in query or "date_to" in query:
            return cls(query)
        start, end = default_period()
        return cls({"date_from": start.isoformat(), "date_to": end.isoformat()})

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            try:
                period_check(start, end)
            except PeriodError as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        return data


def _idempotency_key() -> str:
    return uuid.uuid4().hex


class KeyedForm(forms.Form):
    """A money form carries a key made when it was shown: sent twice, it posts once."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64, initial=_idempotency_key)

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if not key.isalnum():
            raise forms.ValidationError(_("The form is damaged; open it again."))
        return key


class CorrectionForm(KeyedForm):
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Positive adds to the available balance, negative takes from it."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )

    def clean_amount(self) -> int:
        amount = to_minor(self.cleaned_data["amount"])
        if amount == 0:
            raise forms.ValidationError(_("The amount must not be zero."))
        return amount

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


class CreditTermsForm(forms.Form):
    limit = forms.DecimalField(
        label=_("Credit limit"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("How far below zero the available balance may go."),
    )
    deferral_days = forms.IntegerField(
        label=_("Payment deferral, days"), min_value=0, max_value=365
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def clean_limit(self) -> int:
        return to_minor(self.cleaned_data["limit"])
