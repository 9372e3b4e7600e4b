from django import template

from partsdesk.pricing.selectors import can_manage_prices as _can_manage_prices
from partsdesk.pricing.selectors import customer_terms

register = template.Library()


@register.filter
def can_manage_prices(user) -> bool:
    """Whether the desk shows the pricing pages to this staff member."""
    return _can_manage_prices(user)


@register.simple_tag
def customer_prices_form(customer, user):
    """The form that sets a customer's price group, for those who may; None for the rest."""
    from partsdesk.desk.forms_pricing import CustomerPricesForm

    if not _can_manage_prices(user):
        return None
    return CustomerPricesForm(
        initial={
            "price_group": customer.price_group_id,
            "personal_discount_percent": customer.personal_discount_percent,
        }
    )


@register.simple_tag
def customer_price_terms(customer):
    return customer_terms(customer)
