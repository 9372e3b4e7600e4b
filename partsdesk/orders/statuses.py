"""The order position's statuses and the one table of transitions between them.

Everything that moves a position goes through `services.position_transition`, which refuses
any (from, to) pair not in TRANSITIONS or any actor not listed for it. Shops rename statuses
and choose notifications in `partsdesk.shop` (keyed on these values); the transitions
themselves are fixed here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PositionStatus(models.TextChoices):
    NEW = "new", _("New")
    ON_HOLD = "on_hold", _("On hold")
    CONFIRMED = "confirmed", _("Confirmed")
    ORDERED_FROM_SUPPLIER = "ordered_from_supplier", _("Ordered from the supplier")
    SHIPPED_BY_SUPPLIER = "shipped_by_supplier", _("Shipped by the supplier")
    RECEIVED_AT_WAREHOUSE = "received_at_warehouse", _("Received at our warehouse")
    READY_FOR_PICKUP = "ready_for_pickup", _("Ready for pickup")
    HANDED_TO_CARRIER = "handed_to_carrier", _("Handed to the carrier")
    ISSUED = "issued", _("Issued")
    CANCELLED_BY_CUSTOMER = "cancelled_by_customer", _("Cancelled by the customer")
    REJECTED_BY_SUPPLIER = "rejected_by_supplier", _("Rejected by the supplier")
    CANCELLED_BY_SHOP = "cancelled_by_shop", _("Cancelled by the shop")


S = PositionStatus


class Actor(models.TextChoices):
    """Who moves a position: the order's own customer, staff, or the shop's own tasks."""

    CUSTOMER = "customer", _("customer")
    MANAGER = "manager", _("manager")
    WAREHOUSE = "warehouse", _("warehouse")
    SYSTEM = "system", _("system")


class HoldReason(models.TextChoices):
    NEEDS_CLARIFICATION = "needs_clarification", _("Needs clarification")
    PRICE_CHANGED = "price_changed", _("The price has changed")
    NOT_ENOUGH_BALANCE = "not_enough_balance", _("Not enough money on the balance")
    # The manager offered another offer or an analog; the customer accepts or cancels it.
    REPLACEMENT_OFFERED = "replacement_offered", _("A replacement is offered")


class RejectReason(models.TextChoices):
    OUT_OF_STOCK = "out_of_stock", _("Out of stock at the supplier")
    NOT_SUPPLIED = "not_supplied", _("The supplier no longer supplies it")


class Delivery(models.TextChoices):
    PICKUP = "pickup", _("Pickup point")
    COURIER = "courier", _("Courier or carrier to an address")


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actors: frozenset[str]
    # The choices a reason must come from; None when no reason is asked for.
    reasons: type[models.TextChoices] | None = None
    # A free-text reason is required (cancelling by the shop).
    needs_comment: bool = False
    needs_waybill: bool = False
    # Only for orders with this delivery method.
    delivery: str | None = None


_STAFF = frozenset({Actor.MANAGER, Actor.SYSTEM})
_WAREHOUSE = frozenset({Actor.MANAGER, Actor.WAREHOUSE, Actor.SYSTEM})
_CUSTOMER = frozenset({Actor.CUSTOMER})


def _t(source, target, actors, **kwargs) -> tuple[tuple[str, str], Transition]:
    return (source, target), Transition(source, target, actors, **kwargs)


# The customer may cancel only until the position has been sent to the supplier.
CUSTOMER_CANCELLABLE = (S.NEW, S.ON_HOLD, S.CONFIRMED)

# Positions still holding the stock taken from the offer at checkout: cancelling one of
# these gives its quantity back to the offer; after that the supplier has it (or has not).
STOCK_RESERVED = frozenset({S.NEW, S.ON_HOLD, S.CONFIRMED})

TRANSITIONS: dict[tuple[str, str], Transition] = dict(
    [
        _t(S.NEW, S.ON_HOLD, _STAFF, reasons=HoldReason),
        _t(S.CONFIRMED, S.ON_HOLD, _STAFF, reasons=HoldReason),
        _t(S.NEW, S.CONFIRMED, _STAFF),
        # The customer confirms by accepting a replacement the manager offered.
        _t(S.ON_HOLD, S.CONFIRMED, _STAFF | _CUSTOMER),
        _t(S.CONFIRMED, S.ORDERED_FROM_SUPPLIER, _STAFF),
        _t(S.ORDERED_FROM_SUPPLIER, S.SHIPPED_BY_SUPPLIER, _STAFF),
        _t(S.ORDERED_FROM_SUPPLIER, S.REJECTED_BY_SUPPLIER, _STAFF, reasons=RejectReason),
        _t(S.SHIPPED_BY_SUPPLIER, S.RECEIVED_AT_WAREHOUSE, _WAREHOUSE),
        _t(S.RECEIVED_AT_WAREHOUSE, S.READY_FOR_PICKUP, _WAREHOUSE, delivery=Delivery.PICKUP),
        _t(
            S.RECEIVED_AT_WAREHOUSE,
            S.HANDED_TO_CARRIER,
            _WAREHOUSE,
            needs_waybill=True,
            delivery=Delivery.COURIER,
        ),
        _t(S.READY_FOR_PICKUP, S.ISSUED, _WAREHOUSE),
        _t(S.HANDED_TO_CARRIER, S.ISSUED, _WAREHOUSE),
        *[_t(source, S.CANCELLED_BY_CUSTOMER, _CUSTOMER) for source in CUSTOMER_CANCELLABLE],
        *[
            _t(source, S.CANCELLED_BY_SHOP, _STAFF, needs_comment=True)
            for source in (
                S.NEW,
                S.ON_HOLD,
                S.CONFIRMED,
                S.ORDERED_FROM_SUPPLIER,
                S.SHIPPED_BY_SUPPLIER,
                S.RECEIVED_AT_WAREHOUSE,
                S.READY_FOR_PICKUP,
                S.HANDED_TO_CARRIER,
            )
        ],
    ]
)

END_STATUSES = frozenset(
    {S.ISSUED, S.CANCELLED_BY_CUSTOMER, S.REJECTED_BY_SUPPLIER, S.CANCELLED_BY_SHOP}
)
# Positions that will never reach the customer.
DROPPED_STATUSES = frozenset({S.CANCELLED_BY_CUSTOMER, S.REJECTED_BY_SUPPLIER, S.CANCELLED_BY_SHOP})
# The manager may change the quantity or the offer only before the supplier is asked.
EDITABLE_STATUSES = frozenset({S.NEW, S.ON_HOLD, S.CONFIRMED})

# How far along the way to the customer each status is (for the order's own status).
PROGRESS = {
    status: rank
    for rank, status in enumerate(
        [
            S.ON_HOLD,
            S.NEW,
            S.CONFIRMED,
            S.ORDERED_FROM_SUPPLIER,
            S.SHIPPED_BY_SUPPLIER,
            S.RECEIVED_AT_WAREHOUSE,
            S.READY_FOR_PICKUP,
            S.HANDED_TO_CARRIER,
            S.ISSUED,
        ]
    )
}


def transition_for(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))


def targets_from(source: str) -> list[str]:
    """The statuses a position in `source` may move to, in the table's order."""
    return [target for (start, target) in TRANSITIONS if start == source]


class OrderStatus(models.TextChoices):
    """The order's status: derived from its positions (`order_status_of`), never set by hand."""

    ON_HOLD = "on_hold", _("Waiting for you")
    NEW = "new", _("Waiting for the manager's review")
    IN_PROGRESS = "in_progress", _("In progress")
    READY = "ready", _("Ready")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


def order_status_of(statuses: list[str]) -> str:
    """The order's status from its positions' statuses.

    A position on hold needs the customer's attention first; then one still awaiting the
    manager's review; when every live position has reached the customer (or is waiting for
    them) the order is ready or completed; an order with no live position is cancelled.
    """
    live = [status for status in statuses if status not in DROPPED_STATUSES]
    if not live:
        return OrderStatus.CANCELLED
    if S.ON_HOLD in live:
        return OrderStatus.ON_HOLD
    if S.NEW in live:
        return OrderStatus.NEW
    if all(status == S.ISSUED for status in live):
        return OrderStatus.COMPLETED
    if all(status in (S.READY_FOR_PICKUP, S.HANDED_TO_CARRIER, S.ISSUED) for status in live):
        return OrderStatus.READY
    return OrderStatus.IN_PROGRESS
