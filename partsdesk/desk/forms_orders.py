"""Forms of the desk's order pages. They only parse input: the orders services check
everything else and refuse with their own messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partsdesk.orders.leads import LeadState
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.selectors import MAX_QUANTITY
from partsdesk.orders.statuses import Delivery, HoldReason, RejectReason
from partsdesk.orders.supplier_orders import SupplierOrderState, suppliers_with_orders

from .selectors_orders import ALL_TAB, EVERYONE, MINE, REVIEW_TAB, STATUS_TABS


def _comment() -> forms.CharField:
    return forms.CharField(label=_("Comment"), max_length=1000, required=False)


class QueueForm(forms.Form):
    tab = forms.ChoiceField(
        choices=[(REVIEW_TAB, REVIEW_TAB), (ALL_TAB, ALL_TAB)] + [(s, s) for s in STATUS_TABS],
        required=False,
    )
    scope = forms.ChoiceField(choices=[(MINE, MINE), (EVERYONE, EVERYONE)], required=False)
    q = forms.CharField(max_length=100, required=False, strip=True)

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "tab": data.get("tab") or REVIEW_TAB,
            "scope": data.get("scope") or MINE,
            "query": data.get("q") or "",
        }


class ConfirmForm(forms.Form):
    contact_note = forms.CharField(
        label=_("How you confirmed it with the customer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write how you confirmed the order with the customer.")},
    )


class HoldForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        # A replacement is offered by replacing the position, not by choosing it here.
        choices=[
            (v, label) for v, label in HoldReason.choices if v != HoldReason.REPLACEMENT_OFFERED
        ],
    )
    comment = _comment()


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("New quantity"), min_value=1, max_value=MAX_QUANTITY)
    comment = _comment()


class OfferChoiceForm(forms.Form):
    """Replace with an offer (its id from the list of candidates on the page)."""

    offer_id = forms.IntegerField(min_value=1, error_messages={"required": _("Choose an offer.")})
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False)
    comment = _comment()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the customer sees it)"),
        max_length=1000,
        error_messages={"required": _("Write the reason; the customer sees it.")},
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices)
    comment = _comment()


class WaybillForm(forms.Form):
    waybill = forms.CharField(
        label=_("Waybill number"),
        max_length=100,
        error_messages={"required": _("Enter the waybill number.")},
    )
    comment = _comment()


class CommentForm(forms.Form):
    comment = _comment()


# The form each position action reads.
POSITION_FORMS = {
    "hold": HoldForm,
    "quantity": QuantityForm,
    "replace": OfferChoiceForm,
    "next_best": OfferChoiceForm,
    "cancel": CancelForm,
    "rejected": RejectForm,
    "carrier": WaybillForm,
    "send": CommentForm,
    "shipped": CommentForm,
    "received": CommentForm,
    "ready": CommentForm,
    "issued": CommentForm,
}


class SendForm(forms.Form):
    positions = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("Choose the positions to send.")}
    )

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].choices = [(p.pk, p.pk) for p in positions]


class SupplierOrderFilterForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Supplier"), queryset=None, required=False, empty_label=_("All suppliers")
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any")),
            (SupplierOrderState.WAITING, _("Waiting for the supplier's answer")),
            (SupplierOrderState.ANSWERED, _("Answered")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers_with_orders()


class LeadFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, choices=[("", _("All")), *LeadState.LABELS.items()])
    q = forms.CharField(max_length=100, required=False, strip=True)


class LeadNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a note.")},
    )


class LeadConvertForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Delivery.choices)
    pickup_point = forms.ModelChoiceField(label=_("Pickup point"), queryset=None, required=False)
    address = forms.ModelChoiceField(label=_("Delivery address"), queryset=None, required=False)
    payment_method = forms.ChoiceField(label=_("Payment"), choices=PaymentMethod.choices)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args, pickup_points, addresses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pickup_point"].queryset = pickup_points
        self.fields["address"].queryset = addresses
