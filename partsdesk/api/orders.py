"""Orders for the mobile app (`/api/v1/orders…`): place one from the cart, list and search
them, follow each position's timeline, cancel a position, accept a replacement, reorder.
Only the caller's own orders exist here; another customer's is a 404."""

import datetime
import math
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field

from partsdesk.billing.order_payments import order_money
from partsdesk.billing.services import from_minor
from partsdesk.orders import selectors as order_selectors
from partsdesk.orders import services
from partsdesk.orders.models import Order, OrderPosition
from partsdesk.orders.selectors import MAX_QUANTITY
from partsdesk.orders.services import (
    CheckoutChanged,
    CustomerCart,
    DeliveryChoice,
    ExpectedLine,
    OrderError,
)
from partsdesk.orders.statuses import Delivery, OrderStatus

from .account import the_customer
from .cart import CartOut, cart_out, order_error
from .errors import ApiError
from .search import Out
from .security import signed_in

router = Router(tags=["orders"], auth=signed_in)

PAGE_SIZE = 20


class ExpectedLineIn(Out):
    offer_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    unit_price: Decimal = Field(ge=0, description="The price the customer saw and confirms")


class OrderIn(Out):
    lines: list[ExpectedLineIn] = Field(min_length=1, max_length=200)
    delivery: Delivery
    pickup_point_id: int | None = None
    address_id: int | None = None
    payment_method: str = Field(max_length=16)
    recipient_name: str = Field(min_length=1, max_length=200)
    recipient_phone: str = Field(min_length=3, max_length=32)
    expected_total: Decimal | None = Field(
        None, description="The amount due the customer saw (parts and delivery)"
    )
    comment: str = Field("", max_length=1000)
    promo_code: str = Field(
        "",
        max_length=32,
        description="A promo code; the lines' prices confirmed are the ones "
        "`POST /api/v1/cart/promo-code` gave with it",
    )


class ChangedOut(Out):
    code: str
    message: str
    changes: list[str]


class EventOut(Out):
    at: datetime.datetime
    kind: str
    from_status: str
    to_status: str
    to_status_name: str
    by: str
    reason: str
    reason_name: str
    comment: str
    waybill: str


class PositionOut(Out):
    id: int
    offer_id: int | None
    part_id: int
    brand: str
    number: str
    name: str
    supplier: str
    delivery_days_min: int
    delivery_days_max: int
    quantity: int
    unit_price: Decimal = Field(description="Per unit after all discounts")
    price_before_discount: Decimal | None = Field(
        description="The customer's own price per unit before promotions and a promo code"
    )
    discount: Decimal = Field(description="What promotions and a promo code took off the line")
    discount_note: str
    amount: Decimal
    status: str
    status_name: str
    hold_reason: str
    reject_reason: str
    cancel_reason: str
    waybill: str
    can_cancel: bool
    cancel_refusal: str | None
    awaiting_customer: bool
    timeline: list[EventOut]


class OrderSummaryOut(Out):
    number: str
    status: OrderStatus
    status_name: str
    placed_at: datetime.datetime
    review_due_at: datetime.datetime
    amount_due: Decimal
    positions_count: int


class OrderOut(OrderSummaryOut):
    confirmed_at: datetime.datetime | None
    recipient_name: str
    recipient_phone: str
    delivery: Delivery
    delivery_to: str
    pickup_point_id: int | None
    address_id: int | None
    delivery_cost: Decimal
    payment_method: str
    items_total: Decimal
    currency: str
    comment: str
    # The ledger (billing.order_payments.order_money): held for the order now, taken for
    # what was handed over (less refunds), and still owed (neither reserved nor paid).
    reserved: Decimal
    paid: Decimal
    due: Decimal
    positions: list[PositionOut]


class OrderPageOut(Out):
    count: int
    page: int
    pages: int
    results: list[OrderSummaryOut]


def summary_out(order: Order) -> dict:
    positions = list(order.positions.all())
    return {
        "number": order.number,
        "status": order.status,
        "status_name": str(order.get_status_display()),
        "placed_at": order.placed_at,
        "review_due_at": order.review_due_at,
        "amount_due": order.amount_due,
        "positions_count": len(positions),
    }


def order_out(order: Order) -> dict:
    names = order_selectors.status_names()
    timelines = order_selectors.position_events(order)
    positions = []
    for p in order.positions.all():
        refusal = order_selectors.cancel_refusal(p)
        positions.append(
            {
                "id": p.pk,
                "offer_id": p.offer_id,
                "part_id": p.part_id,
                "brand": p.brand_name,
                "number": p.number,
                "name": p.part_name,
                "supplier": p.warehouse_name or p.supplier_name,
                "delivery_days_min": p.delivery_days_min,
                "delivery_days_max": p.delivery_days_max,
                "quantity": p.quantity,
                "unit_price": p.unit_price,
                "price_before_discount": p.price_before_discount,
                "discount": p.discount_amount,
                "discount_note": p.discount_note,
                "amount": p.amount,
                "status": p.status,
                "status_name": names.get(p.status, p.status),
                "hold_reason": p.hold_reason,
                "reject_reason": p.reject_reason,
                "cancel_reason": p.cancel_reason,
                "waybill": p.waybill,
                "can_cancel": refusal is None,
                "cancel_refusal": refusal,
                "awaiting_customer": p.awaiting_customer,
                "timeline": [
                    {
                        "at": e.created_at,
                        "kind": e.kind,
                        "from_status": e.from_status,
                        "to_status": e.to_status,
                        "to_status_name": names.get(e.to_status, e.to_status),
                        "by": e.actor_role,
                        "reason": e.reason,
                        "reason_name": e.reason_label,
                        "comment": e.comment,
                        "waybill": e.waybill,
                    }
                    for e in timelines.get(p.pk, [])
                ],
            }
        )
    return {
        **summary_out(order),
        "confirmed_at": order.confirmed_at,
        "recipient_name": order.recipient_name,
        "recipient_phone": order.recipient_phone,
        "delivery": order.delivery,
        "delivery_to": order.delivery_to,
        "pickup_point_id": order.pickup_point_id,
        "address_id": order.delivery_address_id,
        "delivery_cost": order.delivery_cost,
        "payment_method": order.payment_method,
        "items_total": order.items_total,
        "currency": order.currency,
        "comment": order.comment,
        **_money_out(order),
        "positions": positions,
    }


def _money_out(order: Order) -> dict:
    money = order_money(order)
    return {name: from_minor(getattr(money, name)) for name in ("reserved", "paid", "due")}


def own_order(customer, number: str) -> Order:
    order = order_selectors.order_of(customer, number)
    if order is None:
        raise Http404(number)
    return order


@router.post(
    "/orders",
    response={201: OrderOut, 409: ChangedOut},
    summary="Place an order of the lines exactly as the customer confirmed them",
    description="A price, quantity or total that changed since answers 409 `checkout_changed` "
    "with every change; show them, then send the lines again with today's prices.",
)
def order_place(request, data: OrderIn):
    customer = the_customer(request)
    try:
        order = services.order_place(
            customer,
            lines=[ExpectedLine(li.offer_id, li.quantity, li.unit_price) for li in data.lines],
            delivery=DeliveryChoice(
                data.delivery, pickup_point_id=data.pickup_point_id, address_id=data.address_id
            ),
            payment_method=data.payment_method,
            recipient_name=data.recipient_name,
            recipient_phone=data.recipient_phone,
            expected_total=data.expected_total,
            comment=data.comment,
            promo_code=data.promo_code,
        )
    except CheckoutChanged as changed:
        return Status(
            409, {"code": changed.code, "message": changed.message, "changes": changed.changes}
        )
    except OrderError as error:
        raise order_error(error, 422) from error
    return Status(201, order_out(own_order(customer, order.number)))


@router.get("/orders", response=OrderPageOut, summary="The caller's orders, newest first")
def orders_list(
    request,
    status: OrderStatus | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    q: str = Query("", max_length=100, description="An order number or an article number"),
    page: int = Query(1, ge=1),
):
    customer = the_customer(request)
    found = order_selectors.orders_of(
        customer, status=status or "", date_from=date_from, date_to=date_to, query=q
    )
    paginator = Paginator(found, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": max(1, math.ceil(paginator.count / PAGE_SIZE)),
        "results": [summary_out(order) for order in current.object_list],
    }


@router.get("/orders/{number}", response=OrderOut, summary="An order with each position's timeline")
def order_detail(request, number: str):
    return order_out(own_order(the_customer(request), number))


def own_position(customer, number: str, position_id: int) -> OrderPosition:
    return get_object_or_404(
        OrderPosition.objects.select_related("order"),
        pk=position_id,
        order__number=number,
        order__customer=customer,
    )


class CancelIn(Out):
    comment: str = Field("", max_length=1000)


@router.post(
    "/orders/{number}/positions/{position_id}/cancel",
    response=OrderOut,
    summary="Cancel a position (only until it is sent to the supplier)",
    description='Optional JSON body `{"comment": "why"}`. Refused with 409 '
    "`cannot_cancel` and the reason once it has been sent.",
)
def position_cancel(request, number: str, position_id: int):
    customer = the_customer(request)
    position = own_position(customer, number, position_id)
    # The body is optional: a bare POST cancels without a comment.
    try:
        json_body = request.content_type == "application/json" and request.body.strip()
        data = CancelIn.model_validate_json(request.body) if json_body else CancelIn()
    except ValueError as error:
        raise ApiError("invalid_input", _('The body must be {"comment": "…"}.')) from error
    try:
        services.position_cancel_by_customer(position, customer=customer, comment=data.comment)
    except OrderError as error:
        raise order_error(error, 409) from error
    return order_out(own_order(customer, number))


@router.post(
    "/orders/{number}/positions/{position_id}/accept",
    response=OrderOut,
    summary="Accept the replacement the manager offered",
)
def position_accept(request, number: str, position_id: int):
    customer = the_customer(request)
    position = own_position(customer, number, position_id)
    try:
        services.position_accept_replacement(position, customer=customer)
    except OrderError as error:
        raise order_error(error, 409) from error
    return order_out(own_order(customer, number))


class ReorderOut(Out):
    added: list[str]
    skipped: list[str]
    cart: CartOut


@router.post(
    "/orders/{number}/reorder",
    response=ReorderOut,
    summary="Put the same offers in the cart again, each checked as if added by hand",
)
def reorder(request, number: str):
    customer = the_customer(request)
    order = own_order(customer, number)
    cart = CustomerCart(customer)
    result = services.order_reorder(order, cart=cart)
    return {
        "added": result.added,
        "skipped": result.skipped,
        "cart": cart_out(order_selectors.cart_view(cart.items(), customer)),
    }
