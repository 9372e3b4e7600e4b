"""How orders are paid through the ledger: reserve on confirmation, capture on issue,
release when a position is dropped. (Being written: see the signatures.)"""

from partsdesk.orders.models import Order


def order_reserve(order: Order, *, actor=None) -> int:
    """Reserve, for every live position of `order` not yet covered, what it still needs
    (idempotent: a second call reserves nothing more). Locks the order first, then the
    customer's accounts. Returns the minor units reserved now; raises
    billing.services.InsufficientFunds when the balance (plus credit) does not cover it."""
    raise NotImplementedError
