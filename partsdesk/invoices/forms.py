from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from partsdesk.accounts.models import Customer
from partsdesk.billing.services import to_minor
from partsdesk.shop.models import PickupPoint

from .models import Invoice, InvoiceStatus, ShopRequisites
from .selectors import customer_find
from .services import MAX_INVOICE_AMOUNT, requisites_errors


class AmountField(forms.CharField):
    """Roubles as typed ("1 234,50") → minor units (int)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        text = (value or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError(_("Write an amount, e.g. 15000 or 15000.50.")) from error
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Write an amount, e.g. 15000 or 15000.50."))
        minor = to_minor(amount)
        if minor > MAX_INVOICE_AMOUNT:
            raise forms.ValidationError(_("The amount is too large for one invoice."))
        return minor


def _customer(query: str) -> Customer:
    found = customer_find(query)
    if found is None:
        raise forms.ValidationError(_("No single customer has this INN, email, phone or number."))
    return found


class InvoiceRequestForm(forms.Form):
    amount = AmountField(label=_("Amount to top up, roubles"))


class RequisitesForm(forms.ModelForm):
    class Meta:
        model = ShopRequisites
        fields = [
            "legal_name",
            "inn",
            "kpp",
            "ogrn",
            "address",
            "bank_name",
            "bik",
            "correspondent_account",
            "settlement_account",
            "director",
            "chief_accountant",
            "payment_due_days",
        ]

    def clean(self):
        data = super().clean()
        for field, message in requisites_errors(data).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("Statement file (1C format, 1CClientBankExchange)"))

    MAX_SIZE = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class AssignForm(forms.Form):
    customer = forms.CharField(
        label=_("Customer: INN, email, phone or number"),
        max_length=254,
        help_text=_("The payer's INN is filled in when it is known."),
    )
    invoice = forms.CharField(label=_("Invoice number (optional)"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_customer(self):
        return _customer(self.cleaned_data["customer"])

    def clean(self):
        data = super().clean()
        number = (data.get("invoice") or "").strip()
        data["invoice_obj"] = None
        if number and data.get("customer"):
            invoice = Invoice.objects.filter(number=number).first()
            if invoice is None:
                self.add_error("invoice", _("There is no invoice with this number."))
            elif invoice.customer_id != data["customer"].pk:
                self.add_error("invoice", _("The invoice is another customer's."))
            elif invoice.status != InvoiceStatus.ISSUED:
                self.add_error("invoice", _("The invoice is not awaiting payment."))
            else:
                data["invoice_obj"] = invoice
        return data


class IgnoreForm(forms.Form):
    reason = forms.CharField(label=_("Why is it ignored?"), max_length=500)


class CashReceiptForm(forms.Form):
    pickup_point = forms.ModelChoiceField(
        queryset=PickupPoint.objects.filter(is_active=True).order_by("name"),
        label=_("Pickup point"),
    )
    number = forms.CharField(label=_("Receipt number"), max_length=40)
    amount = AmountField(label=_("Amount, roubles"))
    order_number = forms.CharField(
        label=_("Order number"), max_length=20, required=False, help_text=_("e.g. 2611-000123")
    )
    customer = forms.CharField(
        label=_("Customer: INN, email, phone or number (when there is no order)"),
        max_length=254,
        required=False,
    )

    def clean_customer(self):
        query = self.cleaned_data.get("customer", "").strip()
        return _customer(query) if query else None

    def clean(self):
        data = super().clean()
        if not (data.get("order_number") or "").strip() and not data.get("customer"):
            raise forms.ValidationError(_("Choose a customer or give an order number."))
        return data
