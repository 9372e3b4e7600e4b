"""Reads for the desk's order pages: the manager's queue, an order with what may be done
to each position, supplier orders and leads.

What a manager may do to a position comes from the one transition table
(`orders.statuses`): a target the table lets a manager reach from the position's status
(and, for delivery steps, the order's delivery method) becomes a form on the page.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partsdesk.accounts.models import User
from partsdesk.catalog.numbers import normalize_number
from partsdesk.orders import selectors as order_selectors
from partsdesk.orders.escalation import duration_text
from partsdesk.orders.models import Order, OrderPosition, SupplierOrder
from partsdesk.orders.replacements import next_best_offer, replacement_candidates, replacement_of
from partsdesk.orders.selectors import awaiting_review
from partsdesk.orders.statuses import (
    EDITABLE_STATUSES,
    Actor,
    PositionStatus,
    targets_from,
    transition_for,
)
from partsdesk.shop import selectors as shop

from .selectors import _case_spellings, customers_visible_to

S = PositionStatus

# The desk's name for reaching each target; the table decides whether it may be reached.
ACTION_FOR_TARGET = {
    S.ON_HOLD: "hold",
    S.ORDERED_FROM_SUPPLIER: "send",
    S.SHIPPED_BY_SUPPLIER: "shipped",
    S.REJECTED_BY_SUPPLIER: "rejected",
    S.RECEIVED_AT_WAREHOUSE: "received",
    S.READY_FOR_PICKUP: "ready",
    S.HANDED_TO_CARRIER: "carrier",
    S.ISSUED: "issued",
    S.CANCELLED_BY_SHOP: "cancel",
}
# Changing a position in place (services.position_change_quantity / position_replace), and
# offering a replacement beside a rejected one (orders.replacements).
EDIT_ACTIONS = ("quantity", "replace")
NEXT_BEST = "next_best"
POSITION_ACTIONS = (*ACTION_FOR_TARGET.values(), *EDIT_ACTIONS, NEXT_BEST)

REVIEW_TAB = "review"
ALL_TAB = "all"
# The queue's tabs: awaiting review, then orders with a position in each working status.
STATUS_TABS = [
    S.ON_HOLD,
    S.CONFIRMED,
    S.ORDERED_FROM_SUPPLIER,
    S.SHIPPED_BY_SUPPLIER,
    S.RECEIVED_AT_WAREHOUSE,
    S.READY_FOR_PICKUP,
    S.HANDED_TO_CARRIER,
    S.REJECTED_BY_SUPPLIER,
]
TAB_LABELS = {REVIEW_TAB: _("Awaiting review"), ALL_TAB: _("All orders")}
MINE, EVERYONE = "mine", "all"


def can_see_all_orders(user: User) -> bool:
    return user.has_perm("accounts.view_all_customers")


def orders_visible_to(user: User) -> QuerySet[Order]:
    """Orders of the customers this staff member sees (their own; everyone's for seniors)."""
    return Order.objects.filter(customer__in=customers_visible_to(user))


def queue_tabs(user: User, scope: str) -> list[dict]:
    names = order_selectors.status_names()
    tabs = [{"key": REVIEW_TAB, "label": TAB_LABELS[REVIEW_TAB]}]
    tabs += [
        {"key": status.value, "label": names.get(status, status.label)} for status in STATUS_TABS
    ]
    tabs.append({"key": ALL_TAB, "label": TAB_LABELS[ALL_TAB]})
    return tabs


def desk_orders(user: User, *, scope: str = MINE, tab: str = REVIEW_TAB, query: str = ""):
    """The queue: `tab` is awaiting review (by review due time, the most urgent first), a
    position status (orders with a position in it, oldest first) or all (newest first);
    `scope` all is for those who see every customer; `query` finds an order number, a
    customer (name, company, email, phone) or an article number."""
    if scope == EVERYONE and can_see_all_orders(user):
        orders = Order.objects.all()
    else:
        orders = Order.objects.filter(customer__manager=user)
    new_position = OrderPosition.objects.filter(order=OuterRef("pk"), status=S.NEW)
    orders = orders.annotate(awaiting_review=Exists(new_position))
    if tab == REVIEW_TAB:
        orders = awaiting_review(orders).order_by("review_due_at", "id")
    elif tab in S.values:
        in_status = OrderPosition.objects.filter(order=OuterRef("pk"), status=tab)
        orders = orders.filter(Exists(in_status)).order_by("placed_at", "id")
    else:
        orders = orders.order_by("-placed_at", "-id")
    query = query.strip()
    if query:
        condition = Q(number=query) | Q(number__startswith=query)
        condition |= Q(customer__user__email__icontains=query) | Q(customer__user__phone=query)
        for spelling in _case_spellings(query):
            condition |= Q(customer__full_name__icontains=spelling)
            condition |= Q(customer__company_name__icontains=spelling)
        key = normalize_number(query)
        if key:
            with_article = OrderPosition.objects.filter(part__number_norm=key)
            condition |= Q(pk__in=with_article.values("order_id"))
        orders = orders.filter(condition)
    return orders.select_related("customer__user", "customer__manager").prefetch_related(
        Prefetch("positions", queryset=OrderPosition.objects.order_by("id"))
    )


def mark_overdue(orders: list[Order], now: datetime.datetime | None = None) -> None:
    """Set `overdue_by` (business time, in words) on orders awaiting review past their due
    time. One business calendar for the page (shop.business_hours_between reads it per
    call); the same arithmetic."""
    now = now or timezone.now()
    late = [o for o in orders if getattr(o, "awaiting_review", False) and o.review_due_at < now]
    for order in orders:
        order.overdue_by = ""
    if not late:
        return
    earliest = min(order.review_due_at for order in late)
    calendar = shop.business_calendar(
        since=earliest.astimezone(datetime.UTC).date(), until=now.astimezone(datetime.UTC).date()
    )
    for order in late:
        order.overdue_by = duration_text(calendar.business_time_between(order.review_due_at, now))


# --- one order -------------------------------------------------------------------------


def desk_order(user: User, order_id: int) -> Order | None:
    new_position = OrderPosition.objects.filter(order=OuterRef("pk"), status=S.NEW)
    return (
        orders_visible_to(user)
        .annotate(awaiting_review=Exists(new_position))
        .select_related(
            "customer__user",
            "customer__manager",
            "pickup_point",
            "delivery_address",
            "confirmed_by",
        )
        .prefetch_related(Prefetch("positions", queryset=OrderPosition.objects.order_by("id")))
        .filter(pk=order_id)
        .first()
    )


def position_actions(order: Order, position: OrderPosition) -> list[str]:
    """The desk actions a manager may take on `position` now, from the transition table."""
    actions = []
    for target in targets_from(position.status):
        transition = transition_for(position.status, target)
        if Actor.MANAGER not in transition.actors or target not in ACTION_FOR_TARGET:
            continue
        if transition.delivery and transition.delivery != order.delivery:
            continue
        actions.append(ACTION_FOR_TARGET[target])
    if position.status in EDITABLE_STATUSES:
        actions += EDIT_ACTIONS
    return actions


def confirmable(order: Order) -> bool:
    """Whether the order has positions a manager's confirmation would confirm."""
    return any(
        (transition := transition_for(p.status, S.CONFIRMED)) and Actor.MANAGER in transition.actors
        for p in order.positions.all()
    )


@dataclass
class DeskPosition:
    position: OrderPosition
    status_name: str
    timeline: list
    actions: list[str]
    candidates: list
    next_best: object | None
    replacement: OrderPosition | None


def order_page(order: Order) -> dict:
    """Everything the desk's order page shows besides the forms."""
    names = order_selectors.status_names()
    timelines = order_selectors.position_events(order)
    rows = []
    for position in order.positions.all():
        position.order = order
        timeline = timelines.get(position.pk, [])
        for event in timeline:
            event.status_name = names.get(event.to_status, event.to_status)
        actions = position_actions(order, position)
        replacement = next_best = None
        if position.status == S.REJECTED_BY_SUPPLIER:
            replacement = replacement_of(position)
            if replacement is None:
                next_best = next_best_offer(position)
                if next_best is not None:
                    actions.append(NEXT_BEST)
        rows.append(
            DeskPosition(
                position=position,
                status_name=names.get(position.status, position.status),
                timeline=timeline,
                actions=actions,
                candidates=replacement_candidates(position) if "replace" in actions else [],
                next_best=next_best,
                replacement=replacement,
            )
        )
    mark_overdue([order])
    return {
        "order": order,
        "rows": rows,
        "confirmable": confirmable(order),
        "sendable": [row.position for row in rows if "send" in row.actions],
        "supplier_orders": list(
            SupplierOrder.objects.filter(positions__order=order)
            .select_related("supplier")
            .distinct()
            .order_by("created_at")
        ),
    }
