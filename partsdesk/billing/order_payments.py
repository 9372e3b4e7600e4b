"""How orders are paid through the ledger: reserve on confirmation, capture on issue,
release when a position is dropped, refund when money already taken is given back.

Every order operation names its order, and a position's operations name the position; the
delivery cost is the order's own reserve (an operation with the order and no position). What
a position holds is read back from the ledger's entries, so there is no second record to
drift from it: reserved = the entries on the customer's reserved account, paid = the entries
on the shop's revenue account less those on the refunds account.

Locking: the caller (or `order_reserve`) holds the order row, then the position rows; the
ledger then locks the customer's accounts itself. Orders of one customer therefore queue on
the customer's accounts, and the balance check is made under those locks.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer
from partsdesk.orders.models import Order, OrderPosition, PaymentMethod, PositionEvent
from partsdesk.orders.statuses import DROPPED_STATUSES, HoldReason, PositionStatus

from . import services
from .models import AccountKind, Entry, Operation, OperationKind

S = PositionStatus
logger = logging.getLogger(__name__)

# Paid from the balance, so reserved when the manager confirms: a card payment is a top-up
# followed by order_reserve, a bank invoice may use a legal entity's credit limit. Cash at
# pickup is reserved only when the cash is recorded (order_reserve after the cash top-up).
RESERVED_AT_CONFIRMATION = frozenset(
    {PaymentMethod.BALANCE, PaymentMethod.CARD, PaymentMethod.BANK_INVOICE}
)

# The key part of the order-level reserve (the delivery cost).
DELIVERY = "delivery"


@dataclass
class Held:
    """What the ledger holds for one position (or the order's delivery), minor units."""

    reserved: int = 0
    captured: int = 0
    released: int = 0
    refunded: int = 0
    operations: dict[str, int] = field(default_factory=dict)

    @property
    def paid(self) -> int:
        return self.captured - self.refunded

    def count(self, kind: str) -> int:
        return self.operations.get(kind, 0)


def ledger_of(order: Order) -> dict[int | None, Held]:
    """Per position id (None: the order's delivery), what the ledger holds for the order."""
    held: dict[int | None, Held] = defaultdict(Held)
    rows = (
        Entry.objects.filter(operation__order=order)
        .values("operation__position_id", "operation__kind", "account__kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        item = held[row["operation__position_id"]]
        kind, account, total = row["operation__kind"], row["account__kind"], row["total"] or 0
        if account == AccountKind.RESERVED:
            item.reserved += total
        elif account == AccountKind.REVENUE:
            item.captured += total
        elif account == AccountKind.REFUNDS:
            item.refunded -= total
        if kind == OperationKind.RELEASE and account == AccountKind.AVAILABLE:
            item.released += total
    counts = (
        Operation.objects.filter(order=order)
        .values("position_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counts:
        held[row["position_id"]].operations[row["kind"]] = row["n"]
    return held


def _key(order: Order, position: OrderPosition | None, action: str, held: Held) -> str:
    """A key for an operation that no event triggered: the order, the position and how many
    operations of this kind it already has (read under the order's lock), so a retry of the
    same step reuses the key and the next step gets a new one."""
    target = f"position:{position.pk}" if position is not None else DELIVERY
    return f"order:{order.pk}:{target}:{action}:{held.count(action) + 1}"


def _lock_order(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("customer__user")
        .get(pk=order.pk)
    )


def _live(positions) -> list[OrderPosition]:
    return [p for p in positions if p.status not in DROPPED_STATUSES]


def delivery_due(order: Order, positions: list[OrderPosition]) -> int:
    """The delivery cost is owed while the order has a live position."""
    return services.to_minor(order.delivery_cost) if _live(positions) else 0


@transaction.atomic
def order_reserve(order: Order, *, actor=None) -> int:
    """Reserve, for every live position of `order` not yet covered, what it still needs
    (idempotent: a second call reserves nothing more). Locks the order first, then the
    customer's accounts. Returns the minor units reserved now; raises
    billing.services.InsufficientFunds when the balance (plus credit) does not cover it."""
    order = _lock_order(order)
    positions = list(order.positions.select_for_update().order_by("id"))
    live = [p for p in positions if p.status not in DROPPED_STATUSES and p.status != S.ISSUED]
    return _reserve(order, live, held=ledger_of(order), delivery=True, actor=actor)


def _reserve(
    order: Order,
    positions: list[OrderPosition],
    *,
    held: dict[int | None, Held],
    delivery: bool,
    actor=None,
    event: PositionEvent | None = None,
) -> int:
    """Reserve what `positions` (locked by the caller) and, with `delivery`, the order's
    delivery still need. All or nothing: on InsufficientFunds the caller's transaction (or
    savepoint) is rolled back. Keys: the event that asked for it, or the order's step."""
    customer = order.customer
    needs: list[tuple[OrderPosition | None, int]] = []
    for position in positions:
        need = services.to_minor(position.amount) - held[position.pk].reserved
        if need > 0:
            needs.append((position, need))
    if delivery:
        all_positions = list(order.positions.all())
        need = delivery_due(order, all_positions) - held[None].reserved - held[None].paid
        if need > 0:
            needs.append((None, need))
    total = 0
    for position, need in needs:
        item = held[position.pk if position is not None else None]
        if event is not None:
            key = f"position-event:{event.pk}:" + ("reserve" if position else "delivery-reserve")
        else:
            key = _key(order, position, OperationKind.RESERVE, item)
        services.reserve(
            customer,
            amount=need,
            key=key,
            order=order,
            position=position,
            memo=_memo(order, position),
            actor=actor,
        )
        item.reserved += need
        total += need
    return total


def _memo(order: Order, position: OrderPosition | None) -> str:
    if position is None:
        return f"{order.number}: delivery"
    return f"{order.number}: {position.brand_name} {position.number} × {position.quantity}"


# --- hooks the orders services call, inside their transaction, with the rows locked --------


class NotPaid(services.BillingError):
    def __init__(self, message: str):
        super().__init__("not_paid", message)


def reserves_at_confirmation(order: Order) -> bool:
    return order.payment_method in RESERVED_AT_CONFIRMATION


def check_issuable(order: Order, position: OrderPosition) -> None:
    """A position is handed over only when its whole amount is reserved for it (it is then
    captured); NotPaid otherwise (an order paid in cash: the cash is recorded first)."""
    missing = services.to_minor(position.amount) - ledger_of(order)[position.pk].reserved
    if missing <= 0:
        return
    amount = _money(missing)
    if order.payment_method == PaymentMethod.CASH_AT_PICKUP:
        raise NotPaid(
            _("Record the cash received first: %(amount)s is not paid for this position.")
            % {"amount": amount}
        )
    raise NotPaid(
        _("This position is not paid yet: %(amount)s is still due for it.") % {"amount": amount}
    )


def position_moved(
    order: Order, position: OrderPosition, *, source: str, event: PositionEvent, actor=None
) -> None:
    """Money follows a status change (`event`): confirmed → reserve (orders paid from the
    balance; InsufficientFunds when it does not cover it), issued → capture, dropped →
    release, or refund what was already taken."""
    target = position.status
    if target == S.CONFIRMED:
        if reserves_at_confirmation(order):
            _reserve(
                order, [position], held=ledger_of(order), delivery=True, actor=actor, event=event
            )
    elif target == S.ISSUED:
        _capture(order, position, event=event, actor=actor)
    elif target in DROPPED_STATUSES and source not in DROPPED_STATUSES:
        _give_back(order, position, event=event, actor=actor)


def _capture(order: Order, position: OrderPosition, *, event: PositionEvent, actor) -> None:
    held = ledger_of(order)
    customer = order.customer
    if held[position.pk].reserved > 0:
        services.capture(
            customer,
            amount=held[position.pk].reserved,
            key=f"position-event:{event.pk}:capture",
            order=order,
            position=position,
            memo=_memo(order, position),
            actor=actor,
        )
    # The delivery is paid with the first position handed over.
    if held[None].reserved > 0:
        services.capture(
            customer,
            amount=held[None].reserved,
            key=f"position-event:{event.pk}:delivery-capture",
            order=order,
            memo=_memo(order, None),
            actor=actor,
        )


def _give_back(order: Order, position: OrderPosition, *, event: PositionEvent, actor) -> None:
    """A dropped position's reserve goes back to available, money already taken for it is
    refunded; the delivery's too when nothing live is left (captured when all that is left
    has been handed over)."""
    held = ledger_of(order)
    customer = order.customer
    refs = {"order": order, "actor": actor}
    item = held[position.pk]
    if item.reserved > 0:
        services.release(
            customer,
            amount=item.reserved,
            key=f"position-event:{event.pk}:release",
            position=position,
            memo=_memo(order, position),
            **refs,
        )
    if item.paid > 0:
        services.refund(
            customer,
            amount=item.paid,
            key=f"position-event:{event.pk}:refund",
            position=position,
            memo=_memo(order, position),
            **refs,
        )
    live = [p for p in order.positions.all() if p.status not in DROPPED_STATUSES]
    delivery = held[None]
    memo = _memo(order, None)
    if not live:
        if delivery.reserved > 0:
            services.release(
                customer,
                amount=delivery.reserved,
                key=f"position-event:{event.pk}:delivery-release",
                memo=memo,
                **refs,
            )
        if delivery.paid > 0:
            services.refund(
                customer,
                amount=delivery.paid,
                key=f"position-event:{event.pk}:delivery-refund",
                memo=memo,
                **refs,
            )
    elif delivery.reserved > 0 and all(p.status == S.ISSUED for p in live):
        services.capture(
            customer,
            amount=delivery.reserved,
            key=f"position-event:{event.pk}:delivery-capture",
            memo=memo,
            **refs,
        )


def position_requantified(
    order: Order, position: OrderPosition, *, event: PositionEvent, actor=None
) -> bool:
    """After the manager changed a quantity (`event`): the reserve follows what is due —
    the excess released, the difference reserved. False when the balance does not cover the
    difference of a confirmed position of an order paid from the balance (the caller puts it
    on hold); the reserve is then left as it was."""
    held = ledger_of(order)
    item = held[position.pk]
    committed = position.status == S.CONFIRMED and reserves_at_confirmation(order)
    if item.reserved <= 0 and not committed:
        return True
    difference = services.to_minor(position.amount) - item.reserved
    refs = {"order": order, "position": position, "memo": _memo(order, position), "actor": actor}
    if difference < 0:
        services.release(
            order.customer, amount=-difference, key=f"position-event:{event.pk}:release", **refs
        )
    elif difference > 0:
        try:
            with transaction.atomic():
                services.reserve(
                    order.customer,
                    amount=difference,
                    key=f"position-event:{event.pk}:reserve",
                    **refs,
                )
        except services.InsufficientFunds:
            return not committed
    return True


def position_replaced(
    order: Order, position: OrderPosition, *, event: PositionEvent, actor=None
) -> None:
    """A replacement offered (`event`): the position's reserve is released; it is reserved
    again, at the new price, when the position is confirmed again."""
    reserved = ledger_of(order)[position.pk].reserved
    if reserved > 0:
        services.release(
            order.customer,
            amount=reserved,
            key=f"position-event:{event.pk}:release",
            order=order,
            position=position,
            memo=_memo(order, position),
            actor=actor,
        )


# --- orders waiting for money ----------------------------------------------------------------


def orders_waiting_for_money(customer: Customer):
    """The customer's orders with positions on hold for want of money, oldest first."""
    return (
        Order.objects.filter(
            customer=customer,
            positions__status=S.ON_HOLD,
            positions__hold_reason=HoldReason.NOT_ENOUGH_BALANCE,
        )
        .distinct()
        .order_by("placed_at", "id")
    )


def held_orders_retry(customer: Customer) -> list[str]:
    """Money arrived: reserve and confirm, as the shop (SYSTEM), each of the customer's
    orders on hold for not enough balance, oldest first, each in its own transaction; one the
    balance does not cover stays on hold and the next, smaller one is still tried. Returns
    the numbers confirmed."""
    from partsdesk.orders.services import OrderError, order_confirm_when_funded

    confirmed = []
    for order in list(orders_waiting_for_money(customer)):
        try:
            if order_confirm_when_funded(order):
                confirmed.append(order.number)
        except OrderError:
            # Refused by the status machine (nothing changed): the others are still tried.
            logger.exception("Order %s waiting for money could not be confirmed", order.number)
    return confirmed


# --- what the order's pages show ---------------------------------------------------------------


def _money(minor: int) -> str:
    from partsdesk.storefront.templatetags.storefront import money

    return money(services.from_minor(minor))


@dataclass(frozen=True)
class PositionMoney:
    """One position's (or, with `position` None, the delivery's) money, minor units."""

    position: OrderPosition | None
    amount: int
    reserved: int
    paid: int
    released: int
    refunded: int

    @property
    def awaiting(self) -> int:
        return max(self.amount - self.reserved - self.paid, 0)


@dataclass(frozen=True)
class OrderMoney:
    positions: dict[int, PositionMoney]
    delivery: PositionMoney
    total: int
    reserved: int
    paid: int
    released: int
    refunded: int

    @property
    def due(self) -> int:
        """What the customer still owes for the order (neither reserved nor paid)."""
        return max(self.total - self.reserved - self.paid, 0)

    def rows(self) -> list[PositionMoney]:
        return list(self.positions.values())


def order_money(order: Order) -> OrderMoney:
    """Per position: what it costs, what is reserved for it, paid (captured less refunded),
    released, refunded and still awaiting payment; and the order's totals and amount due.
    Two queries, whatever the number of positions."""
    held = ledger_of(order)
    positions = list(order.positions.all())
    rows = {}
    for position in positions:
        item = held[position.pk]
        live = position.status not in DROPPED_STATUSES
        rows[position.pk] = PositionMoney(
            position,
            services.to_minor(position.amount) if live else 0,
            item.reserved,
            item.paid,
            item.released,
            item.refunded,
        )
    item = held[None]
    delivery = PositionMoney(
        None,
        delivery_due(order, positions),
        item.reserved,
        item.paid,
        item.released,
        item.refunded,
    )
    everything = [*rows.values(), delivery]
    return OrderMoney(
        positions=rows,
        delivery=delivery,
        total=sum(row.amount for row in everything),
        reserved=sum(row.reserved for row in everything),
        paid=sum(row.paid for row in everything),
        released=sum(row.released for row in everything),
        refunded=sum(row.refunded for row in everything),
    )
