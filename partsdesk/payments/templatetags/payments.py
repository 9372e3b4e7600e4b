from django import template

from partsdesk.billing.services import from_minor
from partsdesk.storefront.templatetags.storefront import money

register = template.Library()


@register.filter
def minor_money(amount) -> str:
    """Minor units (kopecks) → `1 234.50 ₽`."""
    if amount is None:
        return ""
    return money(from_minor(int(amount)))


@register.simple_tag
def order_card_due(order) -> int:
    """What a card order still needs by card (0 when it is paid or not a card order)."""
    from partsdesk.payments.services import order_amount_to_pay

    return order_amount_to_pay(order)
