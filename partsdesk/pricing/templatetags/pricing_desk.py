from django import template

from partsdesk.pricing.selectors import can_manage_prices as _can_manage_prices

register = template.Library()


@register.filter
def can_manage_prices(user) -> bool:
    """Whether the desk shows the pricing pages to this staff member."""
    return _can_manage_prices(user)
