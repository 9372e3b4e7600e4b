"""Forms of the desk's pricing pages: they parse input; pricing.services checks and saves it."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partsdesk.catalog.models import Brand, BrandAlias
from partsdesk.catalog.numbers import brand_key
from partsdesk.pricing.models import PriceGroup, PricingSettings, RoundingMode, Supplier
from partsdesk.pricing.services import ROUNDING_STEPS, PricingError

PERCENT = {"min_value": 0, "max_digits": 6, "decimal_places": 2}
AMOUNT = {"min_value": 0, "max_digits": 12, "decimal_places": 2}


def add_pricing_error(form: forms.Form, error: PricingError) -> None:
    """Put a refused service call on the form: field errors where they belong, else on top."""
    for name, messages in error.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)


class SupplierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Supplier) -> str:
        return f"{obj.name} ({obj.code}, {obj.currency})"


class MarkupRuleForm(forms.Form):
    supplier = SupplierChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.order_by("name"),
        required=False,
        empty_label=_("any supplier"),
    )
    brand = forms.CharField(
        label=_("Brand"),
        max_length=100,
        required=False,
        help_text=_("Any spelling of the brand; empty: any brand."),
    )
    price_from = forms.DecimalField(label=_("Purchase price from"), initial=0, **AMOUNT)
    price_to = forms.DecimalField(
        label=_("Purchase price below"),
        required=False,
        help_text=_("Empty: no upper limit. Prices are in the shop's currency."),
        **AMOUNT,
    )
    markup_percent = forms.DecimalField(label=_("Markup, %"), **PERCENT)

    def clean_brand(self) -> Brand | None:
        spelling = self.cleaned_data["brand"].strip()
        if not spelling:
            return None
        brand = Brand.objects.filter(slug=spelling.lower()).first()
        if brand is None:
            alias = BrandAlias.objects.filter(key=brand_key(spelling)).select_related("brand")
            brand = alias.first().brand if alias.exists() else None
        if brand is None:
            raise forms.ValidationError(_("No brand is spelled like this."))
        return brand


class SupplierMarkupForm(forms.Form):
    markup_percent = forms.DecimalField(
        label=_("Supplier's own markup, %"),
        required=False,
        help_text=_("Empty: the shop's rules apply to this supplier."),
        **PERCENT,
    )


class PricingSettingsForm(forms.ModelForm):
    class Meta:
        model = PricingSettings
        fields = [
            "default_markup_percent",
            "min_margin_amount",
            "min_margin_percent",
            "vat_percent",
        ]


class CurrencyRoundingForm(forms.Form):
    currency = forms.CharField(
        label=_("Currency"), min_length=3, max_length=3, initial=settings.SHOP_CURRENCY
    )
    step = forms.TypedChoiceField(
        label=_("Round to"),
        choices=[(str(step), str(step)) for step in ROUNDING_STEPS],
        coerce=lambda value: next(step for step in ROUNDING_STEPS if str(step) == value),
    )
    mode = forms.ChoiceField(label=_("Rounding"), choices=RoundingMode.choices)


class ExchangeRateForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), min_length=3, max_length=3)
    rate = forms.DecimalField(
        label=_("Rate"),
        max_digits=12,
        decimal_places=6,
        help_text=_("How much of the shop's currency one unit costs."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PriceGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    discount_percent = forms.DecimalField(
        label=_("Discount from retail, %"), max_value=90, **PERCENT
    )


class CustomerPricesForm(forms.Form):
    price_group = forms.ModelChoiceField(
        label=_("Price group"),
        queryset=PriceGroup.objects.order_by("discount_percent", "name"),
        required=False,
        empty_label=_("retail"),
    )
    personal_discount_percent = forms.DecimalField(
        label=_("Personal discount, %"), initial=0, max_value=90, **PERCENT
    )
