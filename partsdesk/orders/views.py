"""The customer's pages: cart, quick order, checkout, orders (`/cart/`, `/checkout/`,
`/account/orders/`). Every order is the signed-in customer's own; another's is a 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partsdesk.accounts.selectors import addresses_of, current_offer, customer_of
from partsdesk.accounts.services import client_ip
from partsdesk.promotions import selectors as promotion_selectors
from partsdesk.shop import selectors as shop

from . import selectors, services
from .forms import (
    CancelForm,
    CartAddForm,
    CartQuantityForm,
    CheckoutForm,
    OrderFilterForm,
    QuickOrderForm,
    expected_lines_value,
)
from .models import OrderPosition
from .services import CheckoutChanged, CustomerCart, DeliveryChoice, OrderError, SessionCart
from .statuses import Delivery, OrderStatus

ORDERS_PAGE_SIZE = 20


def cart_of(request):
    customer = customer_of(request.user)
    return (CustomerCart(customer) if customer else SessionCart(request.session)), customer


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def customer_required(view):
    """Signed in as a customer; staff are sent to their own home with a word why."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        customer = customer_of(request.user)
        if customer is None:
            messages.error(request, _("Orders are placed from a customer's account."))
            return redirect("storefront:home")
        return view(request, customer, *args, **kwargs)

    return wrapper


# --- cart ---------------------------------------------------------------------------------


@require_GET
def cart(request):
    store, customer = cart_of(request)
    view = selectors.cart_view(store.items(), customer)
    return render(request, "orders/cart.html", {"cart": view, "customer": customer})


@require_POST
def cart_add(request):
    store, _customer = cart_of(request)
    form = CartAddForm(request.POST)
    ok, message = False, _("Enter a quantity of at least 1.")
    if form.is_valid():
        try:
            change = services.cart_add(
                store,
                offer_id=form.cleaned_data["offer_id"],
                quantity=form.cleaned_data["quantity"],
            )
        except OrderError as error:
            message = error.message
        else:
            ok, message = True, change.message
    if request.htmx:
        return render(request, "orders/_add_to_cart_result.html", {"ok": ok, "message": message})
    (messages.success if ok else messages.error)(request, message)
    return redirect(_back(request, reverse("orders:cart")))


@require_POST
def cart_line_update(request, offer_id: int):
    store, _customer = cart_of(request)
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a quantity of at least 1."))
        return redirect("orders:cart")
    try:
        change = services.cart_set_quantity(
            store, offer_id=offer_id, quantity=form.cleaned_data["quantity"]
        )
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, change.message if change else _("Removed from the cart."))
    return redirect("orders:cart")


@require_POST
def cart_line_remove(request, offer_id: int):
    store, _customer = cart_of(request)
    try:
        services.cart_remove(store, offer_id=offer_id)
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Removed from the cart."))
    return redirect("orders:cart")


@require_POST
def cart_clear(request):
    store, _customer = cart_of(request)
    services.cart_clear(store)
    messages.success(request, _("The cart is empty."))
    return redirect("orders:cart")


# --- quick order --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def quick_order(request):
    store, customer = cart_of(request)
    if customer is not None:
        return redirect("orders:checkout")
    offer = current_offer()
    form = QuickOrderForm(
        request.POST or None, initial={"offer_version": offer.version if offer else None}
    )
    view = selectors.cart_view(store.items(), None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lead_create(
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                personal_data_consent=form.cleaned_data["personal_data_consent"],
                offer_version=form.cleaned_data["offer_version"],
                items=store.items(),
                comment=form.cleaned_data["comment"],
                ip=client_ip(request),
            )
        except OrderError as error:
            form.add_error(None, error.message)
        else:
            store.clear()
            return redirect("orders:quick_order_sent")
    return render(request, "orders/quick_order.html", {"form": form, "cart": view, "offer": offer})


@require_GET
def quick_order_sent(request):
    return render(request, "orders/quick_order_sent.html")


# --- checkout -----------------------------------------------------------------------------


def _checkout_page(
    request, customer, view, form, *, changes=None, status=200, code_text="", code_error=""
):
    try:
        courier_cost = shop.delivery_cost(view.weight_kg())
        courier_problem = None
    except shop.NoDeliveryBand as error:
        courier_cost, courier_problem = None, error.message
    # The lines priced after promotions and the promo code: what the customer confirms.
    pricing = promotion_selectors.price_lines_with_code(
        customer,
        [(row.offer, row.quantity) for row in view.rows if row.offer is not None],
        code_text=code_text,
    )
    if pricing.code_problem and not code_error:
        code_error = pricing.code_problem.message
    context = {
        "cart": view,
        "form": form,
        "changes": changes or [],
        "courier_cost": courier_cost,
        "courier_problem": courier_problem,
        "pickup_points": list(shop.pickup_points_active()),
        "pricing": pricing,
        "priced_rows": [(row, pricing.line_for(row.offer_id)) for row in view.rows],
        "code_error": code_error,
        "lines_value": expected_lines_value(pricing.lines),
        "total_with_courier": (
            pricing.items_total + courier_cost if courier_cost is not None else None
        ),
    }
    return render(request, "orders/checkout.html", context, status=status)


def _checkout_again(request, customer, store, entered: dict, form_kwargs, *, status=200, **page):
    """The page again with what the customer entered (the lines re-read and re-priced)."""
    fresh = CheckoutForm(
        initial={k: v for k, v in entered.items() if k in CheckoutForm.base_fields},
        **form_kwargs,
    )
    view = selectors.cart_view(store.items(), customer)
    return _checkout_page(request, customer, view, fresh, status=status, **page)


@customer_required
@require_http_methods(["GET", "POST"])
def checkout(request, customer):
    store = CustomerCart(customer)
    view = selectors.cart_view(store.items(), customer)
    if not view.rows:
        messages.info(request, _("The cart is empty."))
        return redirect("orders:cart")
    addresses = addresses_of(customer)
    default_address = next(iter(addresses), None)
    form_kwargs = {
        "pickup_points": shop.pickup_points_active(),
        "addresses": addresses,
        "payment_methods": services.payment_methods_for(customer),
    }
    if request.method == "GET":
        form = CheckoutForm(
            initial={
                "recipient_name": customer.full_name,
                "recipient_phone": customer.user.phone or "",
                "delivery": Delivery.PICKUP,
                "address": default_address.pk if default_address else None,
            },
            **form_kwargs,
        )
        return _checkout_page(request, customer, view, form)

    form = CheckoutForm(request.POST, **form_kwargs)
    if "apply_code" in request.POST or "remove_code" in request.POST:
        # Not placing yet: the page again, priced with (or without) the code.
        entered = request.POST.dict()
        if "remove_code" in request.POST:
            entered["promo_code"] = ""
        code_text = entered.get("promo_code", "")
        missing = "apply_code" in request.POST and not code_text.strip()
        return _checkout_again(
            request,
            customer,
            store,
            entered,
            form_kwargs,
            code_text=code_text,
            code_error=_("Enter a promo code.") if missing else "",
        )
    if not form.is_valid():
        return _checkout_page(
            request, customer, view, form, status=400, code_text=request.POST.get("promo_code", "")
        )
    data = form.cleaned_data
    lines = data["lines"]
    courier = data["delivery"] == Delivery.COURIER
    expected_total = sum((line.unit_price * line.quantity for line in lines), 0)
    if courier:
        expected_total += data.get("courier_cost") or 0
    try:
        order = services.order_place(
            customer,
            lines=lines,
            delivery=DeliveryChoice(
                data["delivery"], pickup_point_id=data["pickup_point"], address_id=data["address"]
            ),
            payment_method=data["payment_method"],
            recipient_name=data["recipient_name"],
            recipient_phone=data["recipient_phone"],
            expected_total=expected_total,
            comment=data["comment"],
            promo_code=data["promo_code"],
        )
    except CheckoutChanged as changed:
        return _checkout_again(
            request,
            customer,
            store,
            request.POST.dict(),
            form_kwargs,
            status=409,
            changes=changed.changes,
            code_text=data["promo_code"],
        )
    except OrderError as error:
        if error.code.startswith("promo_code_"):
            entered = {**request.POST.dict(), "promo_code": ""}
            return _checkout_again(
                request, customer, store, entered, form_kwargs, status=400, code_error=error.message
            )
        form.add_error(None, error.message)
        return _checkout_page(request, customer, view, form, status=400)
    if order.payment_method == "card":
        return redirect(reverse("payments:order_pay", args=[order.number]) + "?placed=1")
    return redirect("orders:placed", number=order.number)


# --- the customer's orders ----------------------------------------------------------------


def _own_order(customer, number: str):
    order = selectors.order_of(customer, number)
    if order is None:
        raise Http404(number)
    return order


@customer_required
@require_GET
def orders(request, customer):
    form = OrderFilterForm(request.GET or None)
    found = selectors.orders_of(customer, **form.filters())
    page = Paginator(found, ORDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/orders.html",
        {"page": page, "form": form, "statuses": OrderStatus},
    )


def _order_context(order) -> dict:
    names = selectors.status_names()
    timelines = selectors.position_events(order)
    positions = []
    for position in order.positions.all():
        position.status_name = names.get(position.status, position.status)
        position.cancel_refusal = selectors.cancel_refusal(position)
        position.timeline = timelines.get(position.pk, [])
        for event in position.timeline:
            event.status_name = names.get(event.to_status, event.to_status)
        positions.append(position)
    return {
        "order": order,
        "positions": positions,
        "awaiting_review": order.status == OrderStatus.NEW,
        "cancel_form": CancelForm(),
    }


@customer_required
@require_GET
def order(request, customer, number: str):
    return render(request, "orders/order.html", _order_context(_own_order(customer, number)))


@customer_required
@require_GET
def order_placed(request, customer, number: str):
    return render(request, "orders/placed.html", _order_context(_own_order(customer, number)))


def _own_position(customer, number: str, position_id: int) -> OrderPosition:
    return get_object_or_404(
        OrderPosition.objects.select_related("order"),
        pk=position_id,
        order__number=number,
        order__customer=customer,
    )


@customer_required
@require_POST
def position_cancel(request, customer, number: str, position_id: int):
    position = _own_position(customer, number, position_id)
    form = CancelForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.position_cancel_by_customer(position, customer=customer, comment=comment)
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(part)s is cancelled.") % {"part": f"{position.brand_name} {position.number}"},
        )
    return redirect("orders:order", number=number)


@customer_required
@require_POST
def position_accept(request, customer, number: str, position_id: int):
    position = _own_position(customer, number, position_id)
    try:
        services.position_accept_replacement(position, customer=customer)
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The replacement is accepted."))
    return redirect("orders:order", number=number)


@customer_required
@require_POST
def reorder(request, customer, number: str):
    order = _own_order(customer, number)
    result = services.order_reorder(order, cart=CustomerCart(customer))
    if result.added:
        messages.success(
            request, _("Added to the cart: %(parts)s.") % {"parts": ", ".join(result.added)}
        )
    for note in result.skipped:
        messages.warning(request, note)
    return redirect("orders:cart")
