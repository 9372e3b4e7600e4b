from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PaymentMethod
from .selectors import MAX_QUANTITY
from .services import ExpectedLine
from .statuses import Delivery, OrderStatus


class CartAddForm(forms.Form):
    offer_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)


class CartQuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY)


class QuickOrderForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    personal_data_consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"), required=True
    )
    offer_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    accept_offer = forms.BooleanField(label=_("I accept the public offer"), required=True)


def _expected_lines(raw: str) -> list[ExpectedLine]:
    """`offer:quantity:price;…` as the checkout page wrote what the customer saw."""
    lines = []
    for chunk in filter(None, raw.split(";")):
        offer_id, quantity, price = chunk.split(":")
        lines.append(ExpectedLine(int(offer_id), int(quantity), Decimal(price)))
    return lines


def expected_lines_value(rows) -> str:
    return ";".join(f"{row.offer_id}:{row.quantity}:{row.unit_price}" for row in rows)


class CheckoutForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient"), max_length=200)
    recipient_phone = forms.CharField(
        label=_("Recipient's phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    pickup_point = forms.TypedChoiceField(
        label=_("Pickup point"), coerce=int, required=False, empty_value=None
    )
    address = forms.TypedChoiceField(
        label=_("Delivery address"), coerce=int, required=False, empty_value=None
    )
    payment_method = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lines = forms.CharField(widget=forms.HiddenInput, max_length=20000)
    courier_cost = forms.DecimalField(widget=forms.HiddenInput, required=False)
    promo_code = forms.CharField(
        label=_("Promo code"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, pickup_points, addresses, payment_methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pickup_point"].choices = [
            (point.pk, f"{point.name} — {point.city}, {point.address}") for point in pickup_points
        ]
        self.fields["address"].choices = [
            (address.pk, f"{address.recipient_name}: {address.city}, {address.address}")
            for address in addresses
        ]
        self.fields["payment_method"].choices = [
            (method, PaymentMethod(method).label) for method in payment_methods
        ]

    def clean_lines(self) -> list[ExpectedLine]:
        try:
            return _expected_lines(self.cleaned_data["lines"])
        except (ValueError, InvalidOperation) as error:
            raise forms.ValidationError(
                _("The page is out of date; open the cart again.")
            ) from error

    def clean(self):
        data = super().clean()
        if data.get("delivery") == Delivery.PICKUP and not data.get("pickup_point"):
            self.add_error("pickup_point", _("Choose a pickup point."))
        if data.get("delivery") == Delivery.COURIER and not data.get("address"):
            self.add_error("address", _("Choose a delivery address."))
        return data


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *OrderStatus.choices],
        required=False,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("Order or article number"), max_length=100, required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "query": data.get("q") or "",
        }


class CancelForm(forms.Form):
    comment = forms.CharField(label=_("Why (optional)"), max_length=1000, required=False)
