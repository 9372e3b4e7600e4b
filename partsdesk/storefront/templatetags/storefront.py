from django import template
from django.conf import settings
from django.urls import reverse

from partsdesk.catalog.labels import group_label, relation_label
from partsdesk.catalog.models import CrossSource
from partsdesk.catalog.numbers import normalize_number
from partsdesk.pricing.selectors import CustomerTerms, customer_terms

register = template.Library()


@register.simple_tag
def offers_url(brand_slug: str, number: str) -> str:
    """The offers page of a brand's number; the URL carries the search key, never a slash."""
    return reverse("storefront:offers", args=[brand_slug, normalize_number(number)])


@register.filter
def group_title(kind: str) -> str:
    return group_label(kind)


@register.simple_tag
def relation(kind: str, part) -> str:
    return relation_label(kind, str(part))


@register.filter
def source_labels(sources) -> str:
    return ", ".join(str(CrossSource(source).label) for source in sources)


CURRENCY_SIGNS = {"RUB": "₽", "EUR": "€", "USD": "$", "CNY": "¥", "KZT": "₸", "BYN": "Br"}


@register.filter
def money(amount) -> str:
    """`1234.5` → `1 234.50 ₽` in the shop's currency."""
    if amount is None:
        return ""
    whole, cents = f"{amount:,.2f}".split(".")
    currency = settings.SHOP_CURRENCY
    return f"{whole.replace(',', ' ')}.{cents} {CURRENCY_SIGNS.get(currency, currency)}"


@register.simple_tag
def price_terms(customer) -> CustomerTerms:
    """A customer's price group and discounts, for the personal account."""
    return customer_terms(customer)
