"""The cart for the mobile app (`/api/v1/cart…`) and the quick order without an account
(`/api/v1/quick-order`): the same services as the pages. The cart is the signed-in
customer's own; an app without an account keeps its lines and sends them with a quick order."""

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import Field

from partsdesk.accounts.selectors import addresses_of
from partsdesk.accounts.services import client_ip
from partsdesk.orders import selectors as order_selectors
from partsdesk.orders import services
from partsdesk.orders.selectors import MAX_QUANTITY, CartItem, CartView
from partsdesk.orders.services import CustomerCart, OrderError
from partsdesk.shop import selectors as shop

from .account import AddressOut, the_customer
from .errors import ApiError
from .search import Out
from .security import signed_in

router = Router(tags=["cart"])


def order_error(error: OrderError, status: int = 400) -> ApiError:
    return ApiError(error.code, error.message, status=status)


class CartLineOut(Out):
    offer_id: int
    available: bool
    part_id: int | None
    brand: str
    number: str
    name: str
    supplier: str
    warehouse: str
    delivery_days_min: int | None
    delivery_days_max: int | None
    quantity_available: int | None
    quantity_is_lower_bound: bool
    pack_multiple: int | None
    quantity: int
    unit_price: Decimal | None
    price_when_added: Decimal
    price_changed: bool
    amount: Decimal
    problem: str | None
    change: str | None


class CartOut(Out):
    lines: list[CartLineOut]
    items_total: Decimal
    can_check_out: bool
    changes: list[str]


def cart_out(view: CartView) -> dict:
    lines = []
    for row in view.rows:
        offer = row.offer
        lines.append(
            {
                "offer_id": row.offer_id,
                "available": offer is not None,
                "part_id": offer.part_id if offer else None,
                "brand": offer.part.brand.name if offer else "",
                "number": offer.part.number if offer else "",
                "name": offer.part.name if offer else "",
                "supplier": offer.supplier.name if offer else "",
                "warehouse": (offer.warehouse.city or offer.warehouse.name) if offer else "",
                "delivery_days_min": offer.delivery_days_min if offer else None,
                "delivery_days_max": offer.delivery_days_max if offer else None,
                "quantity_available": offer.quantity if offer else None,
                "quantity_is_lower_bound": offer.quantity_is_lower_bound if offer else False,
                "pack_multiple": offer.pack_multiple if offer else None,
                "quantity": row.quantity,
                "unit_price": row.unit_price,
                "price_when_added": row.price_seen,
                "price_changed": row.price_changed,
                "amount": row.amount,
                "problem": row.problem,
                "change": row.change,
            }
        )
    return {
        "lines": lines,
        "items_total": view.items_total,
        "can_check_out": bool(view.rows) and not view.has_problems,
        "changes": view.changes,
    }


def the_cart(request) -> tuple[CustomerCart, CartView]:
    customer = the_customer(request)
    cart = CustomerCart(customer)
    return cart, order_selectors.cart_view(cart.items(), customer)


class LineIn(Out):
    offer_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class QuantityIn(Out):
    quantity: int = Field(ge=0, le=MAX_QUANTITY, description="0 removes the line")


@router.get(
    "/cart", response=CartOut, auth=signed_in, summary="The cart, checked against today's offers"
)
def cart_get(request):
    return cart_out(the_cart(request)[1])


@router.post("/cart/lines", response=CartOut, auth=signed_in, summary="Add an offer to the cart")
def cart_add(request, data: LineIn):
    cart, _view = the_cart(request)
    try:
        services.cart_add(cart, offer_id=data.offer_id, quantity=data.quantity)
    except OrderError as error:
        raise order_error(error, 422 if error.code == "invalid_quantity" else 404) from error
    return cart_out(the_cart(request)[1])


@router.put(
    "/cart/lines/{offer_id}", response=CartOut, auth=signed_in, summary="Change a line's quantity"
)
def cart_set(request, offer_id: int, data: QuantityIn):
    cart, _view = the_cart(request)
    try:
        services.cart_set_quantity(cart, offer_id=offer_id, quantity=data.quantity)
    except OrderError as error:
        raise order_error(error, 422 if error.code == "invalid_quantity" else 404) from error
    return cart_out(the_cart(request)[1])


@router.delete(
    "/cart/lines/{offer_id}", response={204: None}, auth=signed_in, summary="Remove a line"
)
def cart_remove(request, offer_id: int):
    cart, _view = the_cart(request)
    try:
        services.cart_remove(cart, offer_id=offer_id)
    except OrderError as error:
        raise order_error(error, 404) from error
    return Status(204, None)


@router.delete("/cart", response={204: None}, auth=signed_in, summary="Empty the cart")
def cart_clear(request):
    cart, _view = the_cart(request)
    services.cart_clear(cart)
    return Status(204, None)


class PickupPointOut(Out):
    id: int
    name: str
    city: str
    address: str
    working_hours: str
    map_url: str


class CheckoutOut(Out):
    cart: CartOut
    weight_kg: Decimal
    pickup_points: list[PickupPointOut]
    addresses: list[AddressOut]
    courier_cost: Decimal | None
    courier_unavailable: str | None
    payment_methods: list[str]
    recipient_name: str
    recipient_phone: str


@router.get(
    "/cart/checkout",
    response=CheckoutOut,
    auth=signed_in,
    summary="What checkout offers: lines at today's prices, pickup points, addresses, payment",
)
def checkout_options(request):
    customer = the_customer(request)
    _cart, view = the_cart(request)
    weight = view.weight_kg()
    try:
        courier_cost, unavailable = shop.delivery_cost(weight), None
    except shop.NoDeliveryBand as error:
        courier_cost, unavailable = None, error.message
    return {
        "cart": cart_out(view),
        "weight_kg": weight,
        "pickup_points": [
            {
                "id": point.pk,
                "name": point.name,
                "city": point.city,
                "address": point.address,
                "working_hours": point.working_hours,
                "map_url": point.map_link,
            }
            for point in shop.pickup_points_active()
        ],
        "addresses": [
            {
                "id": a.pk,
                "recipient_name": a.recipient_name,
                "recipient_phone": a.recipient_phone,
                "city": a.city,
                "address": a.address,
                "postcode": a.postcode,
                "comment": a.comment,
                "is_default": a.is_default,
            }
            for a in addresses_of(customer)
        ],
        "courier_cost": courier_cost,
        "courier_unavailable": unavailable,
        "payment_methods": [str(m) for m in services.payment_methods_for(customer)],
        "recipient_name": customer.full_name,
        "recipient_phone": customer.user.phone or "",
    }


# --- quick order without an account ------------------------------------------------------


class QuickOrderIn(Out):
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=3, max_length=32)
    comment: str = Field("", max_length=1000)
    personal_data_consent: bool
    offer_version: int | None = Field(None, description="The public offer's version accepted")
    lines: list[LineIn] = Field(min_length=1, max_length=100)


class QuickOrderOut(Out):
    id: int
    status: str
    message: str


@router.post(
    "/quick-order",
    response={201: QuickOrderOut},
    summary="A quick order without an account: a manager calls back",
)
def quick_order(request, data: QuickOrderIn):
    try:
        lead = services.lead_create(
            name=data.name,
            phone=data.phone,
            personal_data_consent=data.personal_data_consent,
            offer_version=data.offer_version,
            items=[CartItem(line.offer_id, line.quantity, Decimal(0)) for line in data.lines],
            comment=data.comment,
            ip=client_ip(request),
        )
    except OrderError as error:
        raise order_error(error, 422) from error
    return Status(
        201,
        {
            "id": lead.pk,
            "status": "received",
            "message": _("A manager will call you back within business hours to confirm it."),
        },
    )
