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

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum

from partsdesk.orders.models import Order, OrderPosition
from partsdesk.orders.statuses import DROPPED_STATUSES, PositionStatus

from . import services
from .models import AccountKind, Entry, Operation, OperationKind

S = PositionStatus

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
    return _reserve_locked(order, positions, actor=actor)


def _reserve_locked(order: Order, positions: list[OrderPosition], *, actor=None) -> int:
    """order_reserve for an order and positions the caller has locked. All or nothing: on
    InsufficientFunds the caller's transaction (or savepoint) is rolled back."""
    held = ledger_of(order)
    customer = order.customer
    needs: list[tuple[OrderPosition | None, int]] = []
    for position in positions:
        if position.status in DROPPED_STATUSES or position.status == S.ISSUED:
            continue
        need = services.to_minor(position.amount) - held[position.pk].reserved
        if need > 0:
            needs.append((position, need))
    delivery = delivery_due(order, positions)
    delivery_need = delivery - held[None].reserved - held[None].paid
    if delivery_need > 0:
        needs.append((None, delivery_need))
    total = 0
    for position, need in needs:
        item = held[position.pk if position is not None else None]
        services.reserve(
            customer,
            amount=need,
            key=_key(order, position, OperationKind.RESERVE, item),
            order=order,
            position=position,
            memo=_memo(order, position),
            actor=actor,
        )
        total += need
    return total


def _memo(order: Order, position: OrderPosition | None) -> str:
    if position is None:
        return f"{order.number}: delivery"
    return f"{order.number}: {position.brand_name} {position.number} × {position.quantity}"
