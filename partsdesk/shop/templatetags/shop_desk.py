from django import template

from partsdesk.shop.selectors import can_edit_shop as _can_edit_shop

register = template.Library()


@register.filter
def can_edit_shop(user) -> bool:
    """Whether the desk shows `user` the shop settings link."""
    return _can_edit_shop(user)
