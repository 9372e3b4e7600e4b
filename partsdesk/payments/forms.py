import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from partsdesk.billing.services import from_minor, to_minor

from .providers import PROVIDER_CODES
from .services import MAX_AMOUNT, MIN_AMOUNT
from .statuses import Destination, PaymentStatus, WithdrawalStatus


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Amount"),
            min_value=from_minor(MIN_AMOUNT),
            max_value=from_minor(MAX_AMOUNT),
            max_digits=12,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )


class TopUpForm(forms.Form):
    amount = AmountField()
    # One key per form shown: pressing Pay twice opens one payment.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)

    def amount_minor(self) -> int:
        return to_minor(self.cleaned_data["amount"])


class WithdrawalForm(forms.Form):
    amount = AmountField()
    destination = forms.ChoiceField(
        label=_("Where to"), choices=Destination.choices, widget=forms.RadioSelect
    )
    payment = forms.TypedChoiceField(
        label=_("The card of the payment"), coerce=int, required=False, empty_value=None
    )
    bank_bik = forms.CharField(label=_("BIK"), max_length=9, required=False)
    bank_account = forms.CharField(label=_("Account number"), max_length=20, required=False)
    account_holder = forms.CharField(label=_("Account holder"), max_length=200, required=False)

    def __init__(self, *args, payments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [("", "—")] + [
            (
                p.pk,
                _("Payment %(id)s of %(date)s, up to %(amount)s")
                % {
                    "id": p.pk,
                    "date": p.succeeded_at.date().isoformat() if p.succeeded_at else "",
                    "amount": from_minor(p.refundable),
                },
            )
            for p in payments
        ]
        if not payments:
            self.fields["destination"].initial = Destination.BANK

    def amount_minor(self) -> int:
        return to_minor(self.cleaned_data["amount"])


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PaymentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *PaymentStatus.choices], required=False
    )
    provider = forms.ChoiceField(
        label=_("Provider"),
        choices=[("", _("Any"))] + [(c, c) for c in PROVIDER_CODES],
        required=False,
    )
    q = forms.CharField(label=_("Payment, customer or order"), max_length=100, required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "provider": data["provider"],
            "query": data["q"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


class WithdrawalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), *WithdrawalStatus.choices],
        required=False,
        initial=WithdrawalStatus.REQUESTED,
    )


def decimal_amount(minor: int) -> Decimal:
    return from_minor(minor)
