from django import template

from partsdesk.shop.selectors import can_edit_shop as _can_edit_shop

register = template.Library()


@register.filter
def can_edit_shop(user) -> bool:
    """Whether the desk shows `user` the shop settings link.

    Every desk page renders this, so most staff must not pay a query for it: senior managers
    and administrators all see every customer (accounts/roles.py), and that permission is in
    the cache the desk pages have already filled; only they go on to the group check.
    """
    if not (user.is_authenticated and user.has_perm("accounts.view_all_customers")):
        return False
    return _can_edit_shop(user)
