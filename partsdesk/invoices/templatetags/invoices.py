from django import template

from partsdesk.billing.services import from_minor
from partsdesk.storefront.templatetags.storefront import money

register = template.Library()


@register.filter
def minor_money(value: int) -> str:
    """Minor units shown as the shop's money (12345 → «123,45 ₽»)."""
    if value is None:
        return ""
    return money(from_minor(value))
