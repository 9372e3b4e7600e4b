"""The money card of the desk's customer page (`billing/desk/_customer_money.html`)."""

from django import template

from partsdesk.accounts.models import CustomerKind

from ..selectors import balance_of
from ..statements import latest_operations

register = template.Library()

CARD_OPERATIONS = 5


@register.simple_tag
def customer_money(customer, user):
    """Balance, credit terms and the last operations of `customer`, for staff who may see the
    ledger (`billing.view_ledger`); None for the rest. The page itself already checked that
    `user` sees this customer."""
    if not user.has_perm("billing.view_ledger"):
        return None
    return {
        "balance": balance_of(customer),
        "is_legal_entity": customer.kind == CustomerKind.LEGAL_ENTITY,
        "operations": latest_operations(customer, limit=CARD_OPERATIONS),
        "can_correct": user.has_perm("billing.correct_balance"),
        "can_set_credit_terms": user.has_perm("billing.set_credit_terms"),
    }
