from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from partsdesk.catalog.models import Brand, BrandAlias
from partsdesk.catalog.numbers import brand_key
from partsdesk.pricing.models import Supplier

from .models import DiscountKind

AMOUNT = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def _moment(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=False, widget=MOMENT, input_formats=MOMENT_FORMATS
    )


class PromoCodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DiscountKind.choices)
    value = forms.DecimalField(
        label=_("Value"),
        help_text=_("Percent for a percent code, an amount for a fixed one."),
        **AMOUNT,
    )
    minimum_order = forms.DecimalField(
        label=_("Minimum order"),
        initial=Decimal("0"),
        help_text=_("Of the parts after promotions; delivery does not count."),
        **AMOUNT,
    )
    valid_from = _moment(_("Valid from"))
    valid_until = _moment(_("Valid until"))
    limit_per_customer = forms.IntegerField(
        label=_("Uses per customer"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    limit_total = forms.IntegerField(
        label=_("Uses in total"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class PromotionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("Customers see it."))
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    brand = forms.CharField(
        label=_("Brand"),
        max_length=100,
        required=False,
        help_text=_("Any spelling of the brand; empty: any brand."),
    )
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.order_by("name"),
        required=False,
        empty_label=_("any supplier"),
    )
    percent = forms.DecimalField(
        label=_("Percent off"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
    )
    valid_from = _moment(_("Valid from"))
    valid_until = _moment(_("Valid until"))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_brand(self) -> Brand | None:
        spelling = self.cleaned_data["brand"].strip()
        if not spelling:
            return None
        brand = Brand.objects.filter(slug=spelling.lower()).first()
        if brand is None:
            brand = Brand.objects.filter(name__iexact=spelling).first()
        if brand is None:
            alias = BrandAlias.objects.filter(key=brand_key(spelling)).select_related("brand")
            brand = alias.first().brand if alias.exists() else None
        if brand is None:
            raise forms.ValidationError(_("No brand is spelled like this."))
        return brand


def add_promotion_error(form: forms.Form, error) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)
