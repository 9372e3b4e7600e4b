"""The order's money (billing.order_payments.order_money) on the customer's and the desk's
order pages: `{% load order_money %}{% order_money_block order %}`."""

from django import template

from ..order_payments import order_money

register = template.Library()


@register.inclusion_tag("billing/_order_money.html")
def order_money_block(order, staff: bool = False):
    """`staff`: the desk's page (no link to the customer's top-up)."""
    money = order_money(order)
    return {"order": order, "money": money, "rows": money.rows(), "staff": staff}
