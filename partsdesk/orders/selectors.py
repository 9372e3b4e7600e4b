"""Reads of the orders app: carts checked against today's offers, the customer's orders,
what a customer may do with a position, and how statuses read."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer
from partsdesk.catalog.numbers import normalize_number
from partsdesk.pricing.models import Offer
from partsdesk.pricing.selectors import price_for_customer
from partsdesk.shop import selectors as shop
from partsdesk.storefront.templatetags.storefront import money

from .models import CartLine, Order, OrderPosition, PositionEvent
from .statuses import (
    CUSTOMER_CANCELLABLE,
    OrderStatus,
    PositionStatus,
)

# Nobody orders ten thousand of one part through a web form; the cap keeps typos out.
MAX_QUANTITY = 9999


@dataclass(frozen=True)
class CartItem:
    """A cart line as stored: in the session for a visitor, in CartLine for a customer."""

    offer_id: int
    quantity: int
    price_seen: Decimal


def quantity_problem(offer: Offer, quantity: int) -> str | None:
    """Why `quantity` of `offer` cannot be ordered, or None when it can.

    The offer has no minimum-lot field: its pack multiple is the lot, so a quantity must be
    a multiple of it. A "10+" quantity (a lower bound) is only what the supplier guarantees:
    more than that is not promised, so it is refused with a pointer to the manager.
    """
    if quantity < 1:
        return _("Enter a quantity of at least 1.")
    if quantity > MAX_QUANTITY:
        return _("At most %(max)d can be ordered at once.") % {"max": MAX_QUANTITY}
    if not offer.supplier.is_active:
        return _("This supplier's offers are not available now.")
    pack = offer.pack_multiple
    if quantity % pack:
        return _(
            "This offer is sold in packs of %(pack)d: order %(pack)d, %(double)d, %(triple)d…"
        ) % {"pack": pack, "double": pack * 2, "triple": pack * 3}
    if offer.quantity < pack:
        return _("Out of stock.")
    if quantity > offer.quantity:
        if offer.quantity_is_lower_bound:
            return _(
                "The supplier guarantees %(available)d; for more, ask your personal manager."
            ) % {"available": offer.quantity}
        return _("Only %(available)d available.") % {"available": offer.quantity}
    return None


def largest_orderable(offer: Offer, wanted: int) -> int:
    """The most of `wanted` that can be ordered (a multiple of the pack, within stock)."""
    if not offer.supplier.is_active:
        return 0
    most = min(wanted, offer.quantity, MAX_QUANTITY)
    return most - most % offer.pack_multiple


def offers_by_id(ids) -> dict[int, Offer]:
    return {
        offer.pk: offer
        for offer in Offer.objects.filter(pk__in=list(ids)).select_related(
            "part__brand", "supplier", "warehouse"
        )
    }


def part_weight_kg(part, default: Decimal) -> Decimal:
    return part.weight_kg if part.weight_kg is not None else default


@dataclass
class CartRow:
    offer_id: int
    quantity: int
    price_seen: Decimal
    offer: Offer | None
    unit_price: Decimal | None
    problem: str | None

    @property
    def price_changed(self) -> bool:
        return self.unit_price is not None and self.unit_price != self.price_seen

    @property
    def amount(self) -> Decimal:
        return (self.unit_price or Decimal(0)) * self.quantity

    @property
    def change(self) -> str | None:
        """What changed since the customer added it, in words (for re-confirmation)."""
        if self.offer is None:
            return _("This offer is no longer available.")
        if self.price_changed:
            return _("The price has changed from %(old)s to %(new)s.") % {
                "old": money(self.price_seen),
                "new": money(self.unit_price),
            }
        return None


@dataclass
class CartView:
    rows: list[CartRow] = field(default_factory=list)

    @property
    def items_total(self) -> Decimal:
        return sum((row.amount for row in self.rows if row.offer is not None), Decimal("0.00"))

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def has_problems(self) -> bool:
        return any(row.problem or row.offer is None for row in self.rows)

    @property
    def changes(self) -> list[str]:
        return [row.change for row in self.rows if row.change]

    def weight_kg(self) -> Decimal:
        default = shop.default_part_weight_kg()
        return sum(
            (
                part_weight_kg(row.offer.part, default) * row.quantity
                for row in self.rows
                if row.offer is not None
            ),
            Decimal("0"),
        )


def cart_view(items: list[CartItem], customer: Customer | None) -> CartView:
    """The cart checked against today's offers: current price, problems, changes."""
    offers = offers_by_id(item.offer_id for item in items)
    view = CartView()
    for item in items:
        offer = offers.get(item.offer_id)
        if offer is None:
            view.rows.append(
                CartRow(item.offer_id, item.quantity, item.price_seen, None, None, None)
            )
            continue
        view.rows.append(
            CartRow(
                offer_id=item.offer_id,
                quantity=item.quantity,
                price_seen=item.price_seen,
                offer=offer,
                unit_price=price_for_customer(customer, offer.price),
                problem=quantity_problem(offer, item.quantity),
            )
        )
    return view


def cart_items_of(customer: Customer) -> list[CartItem]:
    return [
        CartItem(line.offer_id, line.quantity, line.price_seen)
        for line in CartLine.objects.filter(customer=customer).order_by("added_at", "id")
    ]


# --- orders ------------------------------------------------------------------------------


def status_names() -> dict[str, str]:
    """Every position status → how this shop names it in the current language (one query)."""
    return shop.status_displays({status: status.label for status in PositionStatus})


def _with_positions(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.prefetch_related(
        Prefetch("positions", queryset=OrderPosition.objects.order_by("id"))
    )


def orders_of(
    customer: Customer,
    *,
    status: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    query: str = "",
) -> QuerySet[Order]:
    """The customer's orders, newest first, filtered by status, placed dates (in the shop's
    time zone, both ends included) and an order number or article number."""
    orders = Order.objects.filter(customer=customer)
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    if date_from:
        orders = orders.filter(placed_at__date__gte=date_from)
    if date_to:
        orders = orders.filter(placed_at__date__lte=date_to)
    query = query.strip()
    if query:
        condition = Q(number=query) | Q(number__startswith=query)
        key = normalize_number(query)
        if key:
            condition |= Q(positions__part__number_norm=key)
        orders = orders.filter(condition).distinct()
    return _with_positions(orders).order_by("-placed_at", "-id")


def order_of(customer: Customer, number: str) -> Order | None:
    """The customer's own order by its number; another customer's is None (shown as 404)."""
    return (
        _with_positions(Order.objects.filter(customer=customer, number=number))
        .select_related("pickup_point", "delivery_address", "customer__user")
        .first()
    )


def position_events(order: Order) -> dict[int, list[PositionEvent]]:
    """Each position's timeline, oldest first, with who did it."""
    timelines: dict[int, list[PositionEvent]] = {}
    events = PositionEvent.objects.filter(position__order=order).select_related("actor")
    for event in events.order_by("created_at", "id"):
        timelines.setdefault(event.position_id, []).append(event)
    return timelines


def cancel_refusal(position: OrderPosition) -> str | None:
    """Why the customer cannot cancel `position` now, or None when they can."""
    if position.status in CUSTOMER_CANCELLABLE:
        return None
    s = PositionStatus
    if position.status in (s.CANCELLED_BY_CUSTOMER, s.CANCELLED_BY_SHOP):
        return _("This position is already cancelled.")
    if position.status == s.REJECTED_BY_SUPPLIER:
        return _("The supplier has rejected this position; there is nothing to cancel.")
    if position.status == s.ISSUED:
        return _("This position has been issued; to return it, make a return request.")
    return _(
        "It has already been ordered from the supplier and can no longer be cancelled. "
        "Ask your personal manager if you need to change it."
    )


def awaiting_review(orders: QuerySet[Order] | None = None) -> QuerySet[Order]:
    """Orders with a position still new: the manager has not reviewed them yet (an order
    with one position held and another new still waits)."""
    orders = Order.objects.all() if orders is None else orders
    new_position = OrderPosition.objects.filter(order=OuterRef("pk"), status=PositionStatus.NEW)
    return orders.filter(Exists(new_position))
