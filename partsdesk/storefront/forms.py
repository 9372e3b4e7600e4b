import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partsdesk.catalog.selectors import OfferFilters, SortOrder

SLUG = re.compile(r"^[-a-z0-9_]+$")


class SlugListField(forms.MultipleChoiceField):
    """Brand slugs taken from the query string; the brands on offer are not known up front."""

    def valid_value(self, value) -> bool:
        return bool(SLUG.match(str(value)))


class OfferFilterForm(forms.Form):
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    max_days = forms.IntegerField(
        label=_("Delivery within, days"), required=False, min_value=0, max_value=365
    )
    filter_brand = SlugListField(label=_("Brands"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (SortOrder.PRICE, _("cheapest first")),
            (SortOrder.PRICE_DESC, _("most expensive first")),
            (SortOrder.DELIVERY, _("fastest delivery first")),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def offer_filters(self) -> OfferFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return OfferFilters(
            in_stock=data.get("in_stock") or False,
            max_days=data.get("max_days"),
            brands=data.get("filter_brand") or [],
            sort=data.get("sort") or SortOrder.PRICE,
            page=data.get("page") or 1,
            page_size=settings.SEARCH_PAGE_SIZE,
        )
