"""Everything that changes carts, quick orders, orders and positions.

Locking order (so that concurrent requests never deadlock): an order row, then its position
rows, then offer rows (offers by ascending id). Checkout locks only offers.

Stock rule: an offer's quantity is what is left for our customers until the next price-list
import rewrites it. Checkout takes the ordered quantity off the offer row under its lock
(`order_place`); a position cancelled before it is sent to the supplier gives it back; after
that the supplier has it (or has rejected it) and the offer is left alone.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partsdesk.accounts.identifiers import normalize_phone
from partsdesk.accounts.models import Customer, CustomerKind, DeliveryAddress, User
from partsdesk.accounts.roles import Role
from partsdesk.accounts.selectors import current_offer, offer_acceptance_due
from partsdesk.billing import order_payments as payments
from partsdesk.billing.services import InsufficientFunds, from_minor
from partsdesk.notifications.models import Channel, Event, Notification
from partsdesk.notifications.selectors import notification_preferences
from partsdesk.notifications.services import notify
from partsdesk.pricing.models import Offer
from partsdesk.pricing.selectors import price_for_customer
from partsdesk.promotions import selectors as promotion_selectors
from partsdesk.promotions import services as promotions
from partsdesk.shop import selectors as shop
from partsdesk.shop.services import number_next
from partsdesk.storefront.templatetags.storefront import money

from . import selectors
from .models import (
    CartLine,
    EventKind,
    Lead,
    LeadLine,
    Order,
    OrderPosition,
    PaymentMethod,
    PositionEvent,
    SupplierOrder,
)
from .selectors import CartItem, quantity_problem
from .statuses import (
    DROPPED_STATUSES,
    EDITABLE_STATUSES,
    STOCK_RESERVED,
    Actor,
    Delivery,
    HoldReason,
    PositionStatus,
    RejectReason,
    order_status_of,
    transition_for,
)

S = PositionStatus


class OrderError(Exception):
    """A refused action: `code` for the API, `message` for people; nothing was changed."""

    def __init__(self, code: str, message: str, *, changes: list[str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.changes = changes or []


class TransitionRefused(OrderError):
    pass


class CheckoutChanged(OrderError):
    """Prices, quantities or the total changed since the customer saw them: show `changes`
    and let them confirm again."""


# --- carts -------------------------------------------------------------------------------

SESSION_CART = "cart"


class SessionCart:
    """A visitor's cart, kept in their session until they sign in."""

    def __init__(self, session):
        self.session = session

    def items(self) -> list[CartItem]:
        stored = self.session.get(SESSION_CART) or {}
        return [
            CartItem(int(offer_id), int(line["quantity"]), Decimal(line["price"]))
            for offer_id, line in stored.items()
        ]

    def put(self, offer_id: int, quantity: int, price_seen: Decimal) -> None:
        stored = dict(self.session.get(SESSION_CART) or {})
        stored[str(offer_id)] = {"quantity": quantity, "price": str(price_seen)}
        self.session[SESSION_CART] = stored

    def remove(self, offer_id: int) -> None:
        stored = dict(self.session.get(SESSION_CART) or {})
        stored.pop(str(offer_id), None)
        self.session[SESSION_CART] = stored

    def clear(self) -> None:
        self.session.pop(SESSION_CART, None)


class CustomerCart:
    """A customer's cart, the same on every device and in the app."""

    def __init__(self, customer: Customer):
        self.customer = customer

    def items(self) -> list[CartItem]:
        return selectors.cart_items_of(self.customer)

    def put(self, offer_id: int, quantity: int, price_seen: Decimal) -> None:
        CartLine.objects.update_or_create(
            customer=self.customer,
            offer_id=offer_id,
            defaults={"quantity": quantity, "price_seen": price_seen},
        )

    def remove(self, offer_id: int) -> None:
        CartLine.objects.filter(customer=self.customer, offer_id=offer_id).delete()

    def clear(self) -> None:
        CartLine.objects.filter(customer=self.customer).delete()


Cart = SessionCart | CustomerCart


def _customer_of_cart(cart: Cart) -> Customer | None:
    return cart.customer if isinstance(cart, CustomerCart) else None


def _offer_for_cart(offer_id: int) -> Offer:
    offer = selectors.offers_by_id([offer_id]).get(offer_id)
    if offer is None:
        raise OrderError("offer_not_found", _("This offer is no longer available."))
    return offer


@dataclass(frozen=True)
class CartChange:
    offer: Offer
    quantity: int
    message: str


@transaction.atomic
def cart_add(cart: Cart, *, offer_id: int, quantity: int) -> CartChange:
    """Add `quantity` of an offer (to what the cart already holds of it), checked against
    the pack multiple and the available quantity; refused with a message otherwise."""
    offer = _offer_for_cart(offer_id)
    held = next((item.quantity for item in cart.items() if item.offer_id == offer_id), 0)
    if quantity < 1:
        raise OrderError("invalid_quantity", _("Enter a quantity of at least 1."))
    problem = quantity_problem(offer, held + quantity)
    if problem:
        if held:
            problem = _("You already have %(held)d in the cart. %(problem)s") % {
                "held": held,
                "problem": problem,
            }
        raise OrderError("invalid_quantity", problem)
    price = price_for_customer(_customer_of_cart(cart), offer.price)
    cart.put(offer_id, held + quantity, price)
    return CartChange(
        offer,
        held + quantity,
        _("%(part)s: %(quantity)d in the cart.")
        % {"part": f"{offer.part.brand.name} {offer.part.number}", "quantity": held + quantity},
    )


@transaction.atomic
def cart_set_quantity(cart: Cart, *, offer_id: int, quantity: int) -> CartChange | None:
    """Set a line's quantity; 0 removes it. The price first seen stays, so a change since
    is still shown at checkout."""
    items = {item.offer_id: item for item in cart.items()}
    if offer_id not in items:
        raise OrderError("not_in_cart", _("This offer is not in the cart."))
    if quantity == 0:
        cart.remove(offer_id)
        return None
    offer = _offer_for_cart(offer_id)
    problem = quantity_problem(offer, quantity)
    if problem:
        raise OrderError("invalid_quantity", problem)
    cart.put(offer_id, quantity, items[offer_id].price_seen)
    return CartChange(offer, quantity, _("The quantity is updated."))


def cart_remove(cart: Cart, *, offer_id: int) -> None:
    if not any(item.offer_id == offer_id for item in cart.items()):
        raise OrderError("not_in_cart", _("This offer is not in the cart."))
    cart.remove(offer_id)


def cart_clear(cart: Cart) -> None:
    cart.clear()


@transaction.atomic
def cart_merge(session_cart: SessionCart, customer: Customer) -> list[str]:
    """Move a visitor's cart into the customer's at sign-in; quantities of the same offer
    add up, cut to what can be ordered. Returns what had to change, in words."""
    notes: list[str] = []
    items = session_cart.items()
    if not items:
        return notes
    target = CustomerCart(customer)
    held = {item.offer_id: item for item in target.items()}
    offers = selectors.offers_by_id(item.offer_id for item in items)
    for item in items:
        offer = offers.get(item.offer_id)
        if offer is None:
            continue
        existing = held.get(item.offer_id)
        wanted = item.quantity + (existing.quantity if existing else 0)
        quantity = wanted if quantity_problem(offer, wanted) is None else 0
        if not quantity:
            quantity = selectors.largest_orderable(offer, wanted)
            name = f"{offer.part.brand.name} {offer.part.number}"
            if quantity:
                notes.append(
                    _("%(part)s: only %(quantity)d can be ordered, the cart holds that many.")
                    % {"part": name, "quantity": quantity}
                )
            else:
                notes.append(_("%(part)s is no longer available.") % {"part": name})
                continue
        target.put(
            item.offer_id,
            quantity,
            existing.price_seen if existing else price_for_customer(customer, offer.price),
        )
    session_cart.clear()
    return notes


# --- quick order (a lead) ------------------------------------------------------------------


def _purchased_fields(offer: Offer, quantity: int, unit_price: Decimal) -> dict:
    return {
        "offer": offer,
        "part": offer.part,
        "supplier": offer.supplier,
        "brand_name": offer.part.brand.name,
        "number": offer.part.number,
        "part_name": offer.part.name,
        "supplier_name": offer.supplier.name,
        "warehouse_name": offer.warehouse.city or offer.warehouse.name,
        "delivery_days_min": offer.delivery_days_min,
        "delivery_days_max": offer.delivery_days_max,
        "pack_multiple": offer.pack_multiple,
        "returnable": offer.returnable,
        "quantity": quantity,
        "unit_price": unit_price,
    }


@transaction.atomic
def lead_create(
    *,
    name: str,
    phone: str,
    personal_data_consent: bool,
    offer_version: int | None,
    items: list[CartItem],
    comment: str = "",
    ip: str | None = None,
) -> Lead:
    """A quick order from a visitor: their name, phone, consents and the cart's lines.

    Stock is not taken: the manager who calls back turns the lead into an order, and that
    order is checked like any other.
    """
    errors = []
    name = name.strip()
    if not name:
        errors.append(_("Enter your name."))
    normalized = normalize_phone(phone or "")
    if normalized is None:
        errors.append(_("Enter a phone number we can call, e.g. +7 916 123-45-67."))
    if not personal_data_consent:
        errors.append(_("Agree to the processing of your personal data."))
    offer = current_offer()
    if offer is None or offer_version != offer.version:
        errors.append(_("Accept the public offer in force."))
    if not items:
        errors.append(_("The cart is empty."))
    if errors:
        raise OrderError("invalid_lead", " ".join(errors))
    offers = selectors.offers_by_id(item.offer_id for item in items)
    problems = []
    for item in items:
        found = offers.get(item.offer_id)
        problem = (
            _("This offer is no longer available.")
            if found is None
            else quantity_problem(found, item.quantity)
        )
        if problem:
            label = f"{found.part.brand.name} {found.part.number}: " if found else ""
            problems.append(label + problem)
    if problems:
        raise OrderError("invalid_quantity", " ".join(problems))
    now = timezone.now()
    lead = Lead.objects.create(
        name=name[:200],
        phone=normalized,
        comment=comment.strip()[:1000],
        personal_data_consent_at=now,
        offer=offer,
        offer_accepted_at=now,
        ip=ip,
    )
    LeadLine.objects.bulk_create(
        LeadLine(
            lead=lead,
            **_purchased_fields(
                offers[item.offer_id],
                item.quantity,
                price_for_customer(None, offers[item.offer_id].price),
            ),
        )
        for item in items
    )
    return lead


# --- checkout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedLine:
    """A cart line as the customer confirmed it: this offer, this many, at this price."""

    offer_id: int
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class DeliveryChoice:
    delivery: str
    pickup_point_id: int | None = None
    address_id: int | None = None


def _next_number(at: datetime.datetime) -> str:
    """`YYMM-000123`: the month in the shop's time zone and a counter that restarts monthly."""
    period = timezone.localtime(at).strftime("%y%m")
    return f"{period}-{number_next('order', period):06d}"


def _delivery_target(customer: Customer, choice: DeliveryChoice, weight: Decimal):
    """(pickup point, address, "deliver to" text, cost) for the customer's choice."""
    if choice.delivery == Delivery.PICKUP:
        point = shop.pickup_points_active().filter(pk=choice.pickup_point_id).first()
        if point is None:
            raise OrderError("invalid_pickup_point", _("Choose one of the pickup points."))
        return point, None, f"{point.name}: {point.city}, {point.address}", Decimal("0.00")
    if choice.delivery == Delivery.COURIER:
        address = DeliveryAddress.objects.filter(customer=customer, pk=choice.address_id).first()
        if address is None:
            raise OrderError("invalid_address", _("Choose one of your delivery addresses."))
        try:
            cost = shop.delivery_cost(weight)
        except shop.NoDeliveryBand as error:
            raise OrderError("no_delivery_band", error.message) from error
        text = ", ".join(part for part in (address.postcode, address.city, address.address) if part)
        return None, address, text, cost
    raise OrderError("invalid_delivery", _("Choose how to receive the order."))


def payment_methods_for(customer: Customer, delivery: str | None = None) -> list[str]:
    """The payment methods this customer may choose (a bank invoice is for companies, cash
    only at a pickup point)."""
    methods = [PaymentMethod.BALANCE, PaymentMethod.CARD]
    if delivery in (None, Delivery.PICKUP):
        methods.append(PaymentMethod.CASH_AT_PICKUP)
    if customer.kind == CustomerKind.LEGAL_ENTITY:
        methods.append(PaymentMethod.BANK_INVOICE)
    return methods


def _check_customer_may_order(customer: Customer) -> None:
    if customer.is_blocked or customer.anonymized_at:
        raise OrderError("account_blocked", _("This account cannot place orders."))
    if offer_acceptance_due(customer):
        raise OrderError(
            "offer_not_accepted", _("Accept the new version of the public offer first.")
        )


@transaction.atomic
def order_place(
    customer: Customer,
    *,
    lines: list[ExpectedLine],
    delivery: DeliveryChoice,
    payment_method: str,
    recipient_name: str,
    recipient_phone: str,
    expected_total: Decimal | None,
    comment: str = "",
    promo_code: str = "",
) -> Order:
    """Place an order of `lines` exactly as the customer confirmed them.

    The offers are locked and checked again: a missing offer, a quantity no longer
    available, a price or a total not what the customer confirmed raises CheckoutChanged
    with every change (nothing is saved). Stock is taken off the offers here.

    Prices are after automatic promotions and `promo_code` (promotions.selectors): the
    confirmed `unit_price` is the discounted one. The code row is locked and its limits
    counted under the lock; a code that cannot be used raises OrderError with its reason
    (`promo_code_*`), and its use is recorded in this transaction.
    """
    _check_customer_may_order(customer)
    if not lines:
        raise OrderError("empty_cart", _("The cart is empty."))
    if len({line.offer_id for line in lines}) != len(lines):
        raise OrderError("duplicate_line", _("Each offer may appear only once."))
    recipient_name = recipient_name.strip()
    phone = normalize_phone(recipient_phone or "")
    if not recipient_name:
        raise OrderError("invalid_recipient", _("Enter the recipient's name."))
    if phone is None:
        raise OrderError(
            "invalid_recipient", _("Enter the recipient's phone, e.g. +7 916 123-45-67.")
        )
    if payment_method not in payment_methods_for(customer, delivery.delivery):
        raise OrderError(
            "invalid_payment_method", _("This payment method is not available for this order.")
        )

    offers = {
        offer.pk: offer
        for offer in Offer.objects.select_for_update(of=("self",))
        .filter(pk__in=[line.offer_id for line in lines])
        .select_related("part__brand", "supplier", "warehouse")
        .order_by("pk")
    }
    changes: list[str] = []
    present = [line for line in lines if line.offer_id in offers]
    for _missing in range(len(lines) - len(present)):
        changes.append(_("An offer in the cart is no longer available; remove it."))
    pricing, code = _price_checkout(customer, offers, present, promo_code)
    priced = {line.offer_id: line for line in pricing.lines}
    prices: dict[int, Decimal] = {}
    for line in present:
        offer = offers[line.offer_id]
        name = f"{offer.part.brand.name} {offer.part.number}"
        problem = quantity_problem(offer, line.quantity)
        if problem:
            changes.append(f"{name}: {problem}")
        prices[line.offer_id] = priced[line.offer_id].unit_price
        if prices[line.offer_id] != line.unit_price:
            changes.append(
                _("%(part)s: the price is now %(new)s instead of %(old)s.")
                % {"part": name, "new": money(prices[line.offer_id]), "old": money(line.unit_price)}
            )
    if changes:
        raise CheckoutChanged("checkout_changed", _("The order has changed."), changes=changes)

    default_weight = shop.default_part_weight_kg()
    weight = sum(
        (
            selectors.part_weight_kg(offers[line.offer_id].part, default_weight) * line.quantity
            for line in lines
        ),
        Decimal("0"),
    )
    point, address, delivery_to, delivery_cost = _delivery_target(customer, delivery, weight)
    items_total = sum((prices[line.offer_id] * line.quantity for line in lines), Decimal("0.00"))
    total = items_total + delivery_cost
    if expected_total is not None and total != expected_total:
        raise CheckoutChanged(
            "checkout_changed",
            _("The order has changed."),
            changes=[
                _("The total is now %(new)s instead of %(old)s.")
                % {"new": money(total), "old": money(expected_total)}
            ],
        )

    now = timezone.now()
    order = Order.objects.create(
        number=_next_number(now),
        customer=customer,
        placed_at=now,
        review_due_at=shop.review_due_at(now),
        recipient_name=recipient_name[:200],
        recipient_phone=phone,
        delivery=delivery.delivery,
        pickup_point=point,
        delivery_address=address,
        delivery_to=delivery_to[:700],
        weight_kg=weight,
        delivery_cost=delivery_cost,
        payment_method=payment_method,
        comment=comment.strip()[:1000],
    )
    for line in lines:
        offer = offers[line.offer_id]
        discount = priced[line.offer_id]
        position = OrderPosition.objects.create(
            order=order,
            status=S.NEW,
            status_changed_at=now,
            price_before_discount=discount.base_price,
            promotion=discount.promotion if discount.promotion_discount else None,
            promo_code=code if discount.code_discount else None,
            discount_note=discount.note,
            **_purchased_fields(offer, line.quantity, prices[line.offer_id]),
        )
        PositionEvent.objects.create(
            position=position,
            kind=EventKind.PLACED,
            to_status=S.NEW,
            actor=customer.user,
            actor_role=Actor.CUSTOMER,
            created_at=now,
        )
        Offer.objects.filter(pk=offer.pk).update(quantity=F("quantity") - line.quantity)
    if code is not None:
        promotions.promo_code_redeem(
            code, customer=customer, order=order, discount=pricing.code_discount
        )
    CartLine.objects.filter(customer=customer, offer_id__in=list(offers)).delete()
    _tell_order_received(order)
    return order


def _price_checkout(customer: Customer, offers: dict[int, Offer], lines, promo_code: str):
    """The lines priced by promotions and the code (taken under its row lock), or
    OrderError with why the code cannot be used."""
    items = [(offers[line.offer_id], line.quantity) for line in lines]
    active = list(promotion_selectors.promotions_active())
    pricing = promotion_selectors.price_lines(customer, items, promotions=active)
    if not promo_code.strip():
        return pricing, None
    try:
        code = promotions.promo_code_take(
            promo_code, customer=customer, subtotal=pricing.items_total
        )
    except promotion_selectors.PromoCodeRefused as refused:
        raise OrderError(refused.code, refused.message) from refused
    return promotion_selectors.price_lines(customer, items, code=code, promotions=active), code


# --- positions: the one way a status changes ----------------------------------------------


def _is_warehouse(user: User) -> bool:
    return user.is_superuser or user.groups.filter(name=Role.WAREHOUSE).exists()


def actor_roles(actor: User | None, order: Order) -> set[str]:
    """What `actor` is to this order: its customer, a manager who sees the customer,
    warehouse staff; None is the shop itself (tasks)."""
    if actor is None:
        return {Actor.SYSTEM}
    roles = set()
    customer = order.customer
    if customer.user_id == actor.pk:
        roles.add(Actor.CUSTOMER)
    if actor.has_perm("accounts.view_customer") and (
        customer.manager_id == actor.pk or actor.has_perm("accounts.view_all_customers")
    ):
        roles.add(Actor.MANAGER)
    if actor.is_staff and _is_warehouse(actor):
        roles.add(Actor.WAREHOUSE)
    return roles


def _name(status: str) -> str:
    return shop.status_display(status, PositionStatus(status).label)


def _refusal(position: OrderPosition, target: str, role: str | None) -> TransitionRefused:
    if position.status == target:
        return TransitionRefused(
            "already_done",
            _("The position is already “%(status)s”.") % {"status": _name(position.status)},
        )
    if target == S.CANCELLED_BY_CUSTOMER and role == Actor.CUSTOMER:
        return TransitionRefused("cannot_cancel", selectors.cancel_refusal(position))
    return TransitionRefused(
        "transition_not_allowed",
        _("A position that is “%(current)s” cannot become “%(target)s”.")
        % {"current": _name(position.status), "target": _name(target)},
    )


def _lock_order(order_id: int) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("customer__user")
        .get(pk=order_id)
    )


def _lock_position(position_id: int, order: Order) -> OrderPosition:
    position = OrderPosition.objects.select_for_update().get(pk=position_id, order=order)
    position.order = order
    return position


def _give_back_stock(position: OrderPosition) -> None:
    if position.offer_id is not None:
        Offer.objects.filter(pk=position.offer_id).update(
            quantity=F("quantity") + position.quantity
        )


def _take_stock(offer_id: int, quantity: int) -> Offer:
    """Lock the offer and take `quantity` off it; refused when it does not have that many."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("part__brand", "supplier", "warehouse")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise OrderError("offer_not_found", _("This offer is no longer available."))
    problem = quantity_problem(offer, quantity)
    if problem:
        raise OrderError("invalid_quantity", problem)
    Offer.objects.filter(pk=offer_id).update(quantity=F("quantity") - quantity)
    return offer


def _move(
    order: Order,
    position: OrderPosition,
    target: str,
    *,
    actor: User | None,
    roles: set[str],
    reason: str = "",
    comment: str = "",
    waybill: str = "",
    now: datetime.datetime,
) -> PositionEvent:
    """Check (from, to) against the table and apply it to the locked position."""
    transition = transition_for(position.status, target)
    allowed = roles & transition.actors if transition else set()
    role = Actor.CUSTOMER if Actor.CUSTOMER in roles else next(iter(sorted(roles)), None)
    if transition is None:
        raise _refusal(position, target, role)
    if not allowed:
        raise TransitionRefused(
            "not_allowed",
            _("You may not move this position to “%(target)s”.") % {"target": _name(target)},
        )
    role = Actor.CUSTOMER if Actor.CUSTOMER in allowed else sorted(allowed)[0]
    if (
        role == Actor.CUSTOMER
        and position.status == S.ON_HOLD
        and target == S.CONFIRMED
        and not position.awaiting_customer
    ):
        raise TransitionRefused(
            "not_allowed", _("Your manager will confirm this position after clarifying it.")
        )
    comment, waybill = comment.strip()[:1000], waybill.strip()[:100]
    if transition.reasons is not None and reason not in transition.reasons.values:
        raise TransitionRefused("reason_required", _("Choose a reason."))
    if transition.needs_comment and not comment:
        raise TransitionRefused("reason_required", _("Write the reason; the customer sees it."))
    if transition.needs_waybill and not waybill:
        raise TransitionRefused("waybill_required", _("Enter the waybill number."))
    if transition.delivery and transition.delivery != order.delivery:
        raise TransitionRefused(
            "wrong_delivery",
            _("This order is delivered by “%(delivery)s”.")
            % {"delivery": Delivery(order.delivery).label},
        )

    if target == S.ISSUED:
        try:
            payments.check_issuable(order, position)
        except payments.NotPaid as error:
            raise TransitionRefused(error.code, error.message) from error

    source = position.status
    if source in STOCK_RESERVED and target in DROPPED_STATUSES:
        _give_back_stock(position)
    position.status = target
    position.status_changed_at = now
    position.hold_reason = reason if target == S.ON_HOLD else ""
    if target == S.REJECTED_BY_SUPPLIER:
        position.reject_reason = reason
    if target in (S.CANCELLED_BY_CUSTOMER, S.CANCELLED_BY_SHOP):
        position.cancel_reason = comment
    if waybill:
        position.waybill = waybill
    position.save()
    event = PositionEvent.objects.create(
        position=position,
        kind=EventKind.STATUS,
        from_status=source,
        to_status=target,
        actor=actor,
        actor_role=role,
        reason=reason,
        comment=comment,
        waybill=waybill,
        created_at=now,
    )
    # The money follows (billing.order_payments): reserve on confirmation (InsufficientFunds
    # when the balance does not cover it), capture on issue, release or refund on a drop.
    payments.position_moved(order, position, source=source, event=event, actor=actor)
    return event


def order_status_refresh(order: Order) -> Order:
    """Set the order's status from its positions' (the only place it is ever set)."""
    status = order_status_of(list(order.positions.values_list("status", flat=True)))
    if status != order.status:
        order.status = status
        order.save(update_fields=["status", "updated_at"])
    return order


@transaction.atomic
def position_transition(
    position: OrderPosition,
    *,
    to: str,
    actor: User | None,
    reason: str = "",
    comment: str = "",
    waybill: str = "",
) -> OrderPosition:
    """Move one position to `to` as `actor` (None: the shop's own task), recording who,
    when and why; refused with TransitionRefused (nothing changed) when the table or the
    actor's role does not allow it. The order's status follows; the customer is told.
    Confirming a position of an order paid from the balance reserves its money; when the
    balance does not cover it, it waits on hold for "not enough balance" instead."""
    order = _lock_order(position.order_id)
    locked = _lock_position(position.pk, order)
    roles, now = actor_roles(actor, order), timezone.now()
    if to == S.CONFIRMED:
        if not _confirm_all(order, [locked], actor=actor, roles=roles, comment=comment, now=now):
            order_status_refresh(order)
            return _lock_position(position.pk, order)
    else:
        _move(
            order,
            locked,
            to,
            actor=actor,
            roles=roles,
            reason=reason,
            comment=comment,
            waybill=waybill,
            now=now,
        )
    order_status_refresh(order)
    _tell_status(order, [locked], to)
    return locked


# --- what the customer does ----------------------------------------------------------------


def position_cancel_by_customer(
    position: OrderPosition, *, customer: Customer, comment: str = ""
) -> OrderPosition:
    """The customer cancels a position they have not yet had sent to the supplier."""
    if position.order.customer_id != customer.pk:
        raise TransitionRefused("not_found", _("Not found."))
    return position_transition(
        position, to=S.CANCELLED_BY_CUSTOMER, actor=customer.user, comment=comment
    )


def position_accept_replacement(position: OrderPosition, *, customer: Customer) -> OrderPosition:
    """The customer accepts the replacement their manager offered."""
    if position.order.customer_id != customer.pk:
        raise TransitionRefused("not_found", _("Not found."))
    if not position.awaiting_customer:
        raise TransitionRefused("nothing_to_accept", _("There is no replacement to accept."))
    return position_transition(position, to=S.CONFIRMED, actor=customer.user)


@dataclass(frozen=True)
class Reorder:
    added: list[str]
    skipped: list[str]


def order_reorder(order: Order, *, cart: Cart) -> Reorder:
    """Put the same offers in the cart again, each checked as if added by hand."""
    added, skipped = [], []
    for position in order.positions.all():
        name = f"{position.brand_name} {position.number}"
        if position.offer_id is None:
            skipped.append(_("%(part)s: this offer is gone; search for it again.") % {"part": name})
            continue
        try:
            cart_add(cart, offer_id=position.offer_id, quantity=position.quantity)
        except OrderError as error:
            skipped.append(f"{name}: {error.message}")
        else:
            added.append(name)
    return Reorder(added, skipped)


# --- what the manager and the warehouse do ---------------------------------------------


@transaction.atomic
def order_confirm(order: Order, *, actor: User, contact_note: str) -> Order:
    """The manager confirms the order after talking to the customer: every position still
    new or on hold becomes confirmed. Once: a second confirmation is refused.

    An order paid from the balance has its money reserved here (billing.order_payments);
    when the balance does not cover it, its positions wait on hold for "not enough balance"
    instead (the order is not marked confirmed, `order.status` tells) until money arrives."""
    contact_note = contact_note.strip()
    if not contact_note:
        raise TransitionRefused(
            "note_required", _("Write how you confirmed the order with the customer.")
        )
    order = _lock_order(order.pk)
    roles = actor_roles(actor, order)
    if Actor.MANAGER not in roles:
        raise TransitionRefused("not_allowed", _("Only the customer's manager confirms orders."))
    positions = list(
        order.positions.select_for_update().filter(status__in=[S.NEW, S.ON_HOLD]).order_by("id")
    )
    if not positions:
        who = order.confirmed_by.display_name if order.confirmed_by else ""
        raise TransitionRefused(
            "already_confirmed",
            _("This order has already been confirmed (%(who)s); nothing is waiting for it.")
            % {"who": who or _("nobody")},
        )
    now = timezone.now()
    funded = _confirm_all(
        order, positions, actor=actor, roles={Actor.MANAGER}, comment=contact_note, now=now
    )
    if funded and order.confirmed_at is None:
        order.confirmed_at, order.confirmed_by = now, actor
    order.contact_note = contact_note[:1000]
    order.save(update_fields=["confirmed_at", "confirmed_by", "contact_note", "updated_at"])
    order_status_refresh(order)
    if funded:
        _tell_status(order, positions, S.CONFIRMED, event=Event.ORDER_CONFIRMED)
    return order


def _confirm_all(
    order: Order,
    positions: list[OrderPosition],
    *,
    actor: User | None,
    roles: set[str],
    comment: str,
    now: datetime.datetime,
) -> bool:
    """Confirm the locked `positions` together, reserving their money (orders paid from the
    balance). When the balance does not cover them all, none is confirmed and nothing is
    reserved: they wait on hold for "not enough balance" and the customer is told. Returns
    whether they were confirmed."""
    try:
        with transaction.atomic():
            for position in positions:
                position.order = order
                _move(
                    order, position, S.CONFIRMED, actor=actor, roles=roles, comment=comment, now=now
                )
    except InsufficientFunds:
        # The savepoint is rolled back: read the positions again as they are.
        fresh = OrderPosition.objects.select_for_update().filter(pk__in=[p.pk for p in positions])
        _hold_for_money(order, list(fresh.order_by("id")), actor=actor, roles=roles, now=now)
        return False
    return True


def _hold_for_money(
    order: Order,
    positions: list[OrderPosition],
    *,
    actor: User | None,
    roles: set[str],
    now: datetime.datetime,
) -> None:
    """Put positions on hold for "not enough balance" (one already on hold takes that
    reason, recorded in its timeline) and tell the customer what is due."""
    for position in positions:
        position.order = order
        if position.status == S.ON_HOLD:
            if position.hold_reason == HoldReason.NOT_ENOUGH_BALANCE:
                continue
            position.hold_reason = HoldReason.NOT_ENOUGH_BALANCE
            position.save(update_fields=["hold_reason"])
            PositionEvent.objects.create(
                position=position,
                kind=EventKind.STATUS,
                from_status=S.ON_HOLD,
                to_status=S.ON_HOLD,
                actor=actor,
                actor_role=Actor.CUSTOMER if Actor.CUSTOMER in roles else sorted(roles)[0],
                reason=HoldReason.NOT_ENOUGH_BALANCE,
                created_at=now,
            )
        else:
            _move(
                order,
                position,
                S.ON_HOLD,
                actor=actor,
                roles=roles | {Actor.SYSTEM},
                reason=HoldReason.NOT_ENOUGH_BALANCE,
                now=now,
            )
    _tell_money_short(order, positions)


def _tell_money_short(order: Order, positions: list[OrderPosition]) -> None:
    due = from_minor(payments.order_money(order).due)
    user = order.customer.user
    notify(
        user=user,
        event=Event.PAYMENT,
        title=format_lazy(
            gettext_lazy("Order {number} is waiting for payment"), number=order.number
        ),
        body=format_lazy(
            "{}\n{}",
            _positions_text(positions),
            format_lazy(
                gettext_lazy(
                    "Your balance does not cover the order: {due} is due. Top up your "
                    "balance or pay for the order on its page; we confirm it as soon as the "
                    "money arrives."
                ),
                due=money(due),
            ),
        ),
        url=order_url(order),
    )


@transaction.atomic
def order_confirm_when_funded(order: Order) -> bool:
    """Money arrived: confirm, as the shop, the order's positions on hold for "not enough
    balance", all together and with their reserves, when the balance now covers them.
    Returns whether it did (False: still short, or nothing was waiting)."""
    order = _lock_order(order.pk)
    positions = list(
        order.positions.select_for_update()
        .filter(status=S.ON_HOLD, hold_reason=HoldReason.NOT_ENOUGH_BALANCE)
        .order_by("id")
    )
    if not positions:
        return False
    now = timezone.now()
    try:
        with transaction.atomic():
            for position in positions:
                position.order = order
                _move(order, position, S.CONFIRMED, actor=None, roles={Actor.SYSTEM}, now=now)
    except InsufficientFunds:
        return False
    if order.confirmed_at is None:
        order.confirmed_at = now
        order.save(update_fields=["confirmed_at", "updated_at"])
    order_status_refresh(order)
    _tell_status(order, positions, S.CONFIRMED, event=Event.ORDER_CONFIRMED)
    return True


def position_hold(position: OrderPosition, *, actor: User, reason: str, comment: str = ""):
    return position_transition(position, to=S.ON_HOLD, actor=actor, reason=reason, comment=comment)


def position_cancel_by_shop(position: OrderPosition, *, actor: User, reason: str):
    return position_transition(position, to=S.CANCELLED_BY_SHOP, actor=actor, comment=reason)


def position_supplier_shipped(position: OrderPosition, *, actor: User, comment: str = ""):
    return position_transition(position, to=S.SHIPPED_BY_SUPPLIER, actor=actor, comment=comment)


def position_supplier_rejected(
    position: OrderPosition, *, actor: User, reason: str, comment: str = ""
):
    return position_transition(
        position, to=S.REJECTED_BY_SUPPLIER, actor=actor, reason=reason, comment=comment
    )


def position_received(position: OrderPosition, *, actor: User, comment: str = ""):
    return position_transition(position, to=S.RECEIVED_AT_WAREHOUSE, actor=actor, comment=comment)


def position_ready_for_pickup(position: OrderPosition, *, actor: User, comment: str = ""):
    return position_transition(position, to=S.READY_FOR_PICKUP, actor=actor, comment=comment)


def position_handed_to_carrier(
    position: OrderPosition, *, actor: User, waybill: str, comment: str = ""
):
    return position_transition(
        position, to=S.HANDED_TO_CARRIER, actor=actor, waybill=waybill, comment=comment
    )


def position_issued(position: OrderPosition, *, actor: User, comment: str = ""):
    return position_transition(position, to=S.ISSUED, actor=actor, comment=comment)


def _require_editable(order: Order, position: OrderPosition, actor: User) -> None:
    if Actor.MANAGER not in actor_roles(actor, order):
        raise TransitionRefused("not_allowed", _("Only the customer's manager changes positions."))
    if position.status not in EDITABLE_STATUSES:
        raise TransitionRefused(
            "not_editable",
            _("A position that is “%(status)s” can no longer be changed.")
            % {"status": _name(position.status)},
        )


@transaction.atomic
def position_change_quantity(
    position: OrderPosition, *, actor: User, quantity: int, comment: str = ""
) -> OrderPosition:
    """The manager changes a quantity (before the supplier is asked); the stock taken from
    the offer follows."""
    order = _lock_order(position.order_id)
    position = _lock_position(position.pk, order)
    _require_editable(order, position, actor)
    if quantity == position.quantity:
        raise TransitionRefused("no_change", _("The quantity is already %(q)d.") % {"q": quantity})
    if quantity < 1:
        raise TransitionRefused(
            "invalid_quantity", _("Enter a quantity of at least 1, or cancel the position.")
        )
    if quantity % position.pack_multiple:
        raise TransitionRefused(
            "invalid_quantity",
            _("This offer is sold in packs of %(pack)d.") % {"pack": position.pack_multiple},
        )
    if position.offer_id is not None:
        _give_back_stock(position)
        try:
            with transaction.atomic():
                _take_stock(position.offer_id, quantity)
        except OrderError as error:
            raise TransitionRefused(error.code, error.message) from error
    elif quantity > position.quantity:
        raise TransitionRefused(
            "offer_not_found", _("The offer is gone: replace the position instead.")
        )
    old = position.quantity
    position.quantity = quantity
    position.save(update_fields=["quantity"])
    now = timezone.now()
    event = PositionEvent.objects.create(
        position=position,
        kind=EventKind.QUANTITY,
        from_status=position.status,
        to_status=position.status,
        actor=actor,
        actor_role=Actor.MANAGER,
        comment=comment.strip()[:1000],
        details={"quantity": [old, quantity]},
        created_at=now,
    )
    # The reserve follows the new amount; a confirmed position the balance no longer covers
    # waits on hold for the difference.
    if not payments.position_requantified(order, position, event=event, actor=actor):
        _hold_for_money(order, [position], actor=actor, roles={Actor.MANAGER}, now=now)
        order_status_refresh(order)
    return position


@transaction.atomic
def position_replace(
    position: OrderPosition,
    *,
    actor: User,
    offer_id: int,
    quantity: int | None = None,
    comment: str = "",
) -> OrderPosition:
    """The manager offers another offer (of the same part or an analog) in place of this
    one; the position waits on hold until the customer accepts it or cancels."""
    order = _lock_order(position.order_id)
    position = _lock_position(position.pk, order)
    _require_editable(order, position, actor)
    if offer_id == position.offer_id:
        raise TransitionRefused("no_change", _("This is already the position's offer."))
    quantity = quantity or position.quantity
    old = {
        "offer": position.offer_id,
        "part": f"{position.brand_name} {position.number}",
        "supplier": position.supplier_name,
        "quantity": position.quantity,
        "price": str(position.unit_price),
    }
    if position.offer_id is not None:
        _give_back_stock(position)
    try:
        with transaction.atomic():
            offer = _take_stock(offer_id, quantity)
    except OrderError as error:
        raise TransitionRefused(error.code, error.message) from error
    for name, value in _purchased_fields(
        offer, quantity, price_for_customer(order.customer, offer.price)
    ).items():
        setattr(position, name, value)
    # The replacement is priced afresh: the old offer's promotion and code no longer apply.
    position.price_before_discount = position.unit_price
    position.promotion = position.promo_code = None
    position.discount_note = ""
    position.save()
    now = timezone.now()
    replaced = PositionEvent.objects.create(
        position=position,
        kind=EventKind.REPLACED,
        from_status=position.status,
        to_status=position.status,
        actor=actor,
        actor_role=Actor.MANAGER,
        comment=comment.strip()[:1000],
        details={
            "old": old,
            "new": {
                "offer": offer.pk,
                "part": f"{position.brand_name} {position.number}",
                "supplier": position.supplier_name,
                "quantity": quantity,
                "price": str(position.unit_price),
            },
        },
        created_at=now,
    )
    # Its reserve is released; it is reserved again, at the new price, on confirmation.
    payments.position_replaced(order, position, event=replaced, actor=actor)
    if position.status == S.ON_HOLD:
        # Already waiting: the reason becomes the replacement, recorded as its own step.
        position.hold_reason = HoldReason.REPLACEMENT_OFFERED
        position.save(update_fields=["hold_reason"])
    else:
        _move(
            order,
            position,
            S.ON_HOLD,
            actor=actor,
            roles={Actor.MANAGER},
            reason=HoldReason.REPLACEMENT_OFFERED,
            comment=comment,
            now=now,
        )
    order_status_refresh(order)
    _tell_status(order, [position], S.ON_HOLD, force=True)
    return position


@transaction.atomic
def positions_send_to_supplier(
    positions: Iterable[OrderPosition], *, actor: User
) -> list[SupplierOrder]:
    """Send confirmed positions to their suppliers: one supplier order per supplier.
    All or nothing: one position that may not be sent refuses the whole batch."""
    ids = sorted({position.pk for position in positions})
    if not ids:
        raise TransitionRefused("nothing_to_send", _("Choose the positions to send."))
    order_ids = sorted(
        set(OrderPosition.objects.filter(pk__in=ids).values_list("order_id", flat=True))
    )
    orders = {order_id: _lock_order(order_id) for order_id in order_ids}
    locked = list(OrderPosition.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    now = timezone.now()
    by_supplier: dict[int, list[OrderPosition]] = defaultdict(list)
    for position in locked:
        order = orders[position.order_id]
        position.order = order
        try:
            _move(
                order,
                position,
                S.ORDERED_FROM_SUPPLIER,
                actor=actor,
                roles=actor_roles(actor, order),
                now=now,
            )
        except TransitionRefused as error:
            raise TransitionRefused(
                error.code,
                f"{order.number}, {position.brand_name} {position.number}: {error.message}",
            ) from error
        by_supplier[position.supplier_id].append(position)
    supplier_orders = []
    for supplier_id, group in sorted(by_supplier.items()):
        supplier_order = SupplierOrder.objects.create(supplier_id=supplier_id, created_by=actor)
        OrderPosition.objects.filter(pk__in=[p.pk for p in group]).update(
            supplier_order=supplier_order
        )
        supplier_orders.append(supplier_order)
    for order in orders.values():
        order_status_refresh(order)
        _tell_status(order, [p for p in locked if p.order_id == order.pk], S.ORDERED_FROM_SUPPLIER)
    return supplier_orders


# --- telling the customer ------------------------------------------------------------------

# Which notification event a status change is, where it is not the generic one.
STATUS_EVENTS = {
    S.REJECTED_BY_SUPPLIER: Event.POSITION_REJECTED,
    S.READY_FOR_PICKUP: Event.READY_FOR_PICKUP,
    S.HANDED_TO_CARRIER: Event.WAYBILL,
}


def _tell(
    user: User,
    *,
    event: str,
    title,
    body="",
    url: str = "",
    email: bool,
    email_template: str = "notifications/notification",
    email_context: dict | None = None,
) -> None:
    """notify() when the shop emails this status; in the account only when it does not
    (the customer's preferences decide both; SMS has no gateway yet)."""
    if email:
        notify(
            user=user,
            event=event,
            title=title,
            body=body,
            url=url,
            email_template=email_template,
            email_context=email_context,
        )
        return
    if notification_preferences(user)[(event, Channel.IN_APP.value)]:
        with translation.override(user.language or "ru"):
            Notification.objects.create(
                user=user, event=event, title=str(title)[:300], body=str(body), url=url
            )


def order_url(order: Order) -> str:
    return reverse("orders:order", args=[order.number])


def _positions_text(positions: list[OrderPosition]):
    return "\n".join(
        f"{position.brand_name} {position.number} × {position.quantity}" for position in positions
    )


def _tell_status(
    order: Order,
    positions: list[OrderPosition],
    status: str,
    *,
    event: str | None = None,
    force: bool = False,
) -> None:
    """One notification per order and status, however many positions moved together.
    `force`: the customer must act (a replacement to accept), whatever the shop's switch."""
    email, _sms = shop.status_notifies(status)
    user = order.customer.user
    with translation.override(user.language or "ru"):
        name = _name(status)
        lines = [_positions_text(positions)]
        for position in positions:
            if position.reject_reason and status == S.REJECTED_BY_SUPPLIER:
                lines.append(str(RejectReason(position.reject_reason).label))
            if position.cancel_reason and status == S.CANCELLED_BY_SHOP:
                lines.append(position.cancel_reason)
            if position.waybill and status == S.HANDED_TO_CARRIER:
                lines.append(_("Waybill number: %(waybill)s") % {"waybill": position.waybill})
        body = "\n".join(dict.fromkeys(lines))
    _tell(
        user,
        event=event or STATUS_EVENTS.get(status, Event.ORDER_STATUS),
        title=format_lazy(
            gettext_lazy("Order {number}: {status}"), number=order.number, status=name
        ),
        body=body,
        url=order_url(order),
        email=email or force,
    )


def _tell_order_received(order: Order) -> None:
    user = order.customer.user
    language = user.language or "ru"
    with translation.override(language):
        due = formats.date_format(timezone.localtime(order.review_due_at), "DATETIME_FORMAT")
        payment = str(PaymentMethod(order.payment_method).label)
    positions = list(order.positions.all())
    email, _sms = shop.status_notifies(S.NEW)
    _tell(
        user,
        event=Event.ORDER_RECEIVED,
        title=format_lazy(gettext_lazy("Order {number} is received"), number=order.number),
        body=format_lazy(gettext_lazy("Your manager will confirm it by {due}."), due=due),
        url=order_url(order),
        email=email,
        email_template="orders/order_received",
        email_context={
            "number": order.number,
            "due": due,
            "lines": [
                {
                    "name": f"{p.brand_name} {p.number}",
                    "part_name": p.part_name,
                    "quantity": p.quantity,
                    "amount": money(p.amount),
                    "days": p.delivery_display,
                }
                for p in positions
            ],
            "delivery_to": order.delivery_to,
            "delivery_cost": money(order.delivery_cost),
            "total": money(order.amount_due),
            "payment": payment,
        },
    )
