"""Ledger amounts (integer minor units) in templates."""

from django import template

from partsdesk.storefront.templatetags.storefront import money

from ..services import from_minor

register = template.Library()


@register.filter
def minor_money(amount) -> str:
    """`123450` → `1 234.50 ₽`; "" for None."""
    if amount is None or amount == "":
        return ""
    return money(from_minor(int(amount)))


@register.filter
def minor_money_signed(amount) -> str:
    """`-500` → `−5.00 ₽`, `500` → `+5.00 ₽`."""
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    sign = "+" if amount > 0 else "−" if amount < 0 else ""
    return sign + money(from_minor(abs(amount)))


@register.filter
def minor_plain(amount) -> str:
    """`123450` → `1 234.50` (documents: the currency is named once in the heading)."""
    if amount is None or amount == "":
        return ""
    whole, cents = f"{from_minor(int(amount)):,.2f}".split(".")
    return f"{whole.replace(',', ' ')}.{cents}"


@register.simple_tag
def customer_balance(customer):
    """The customer's Balance (selectors.balance_of), for the dashboard card."""
    from ..selectors import balance_of

    return balance_of(customer)
