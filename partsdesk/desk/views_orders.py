"""Orders in the desk: the manager's queue, an order with an action form for each step the
transition table allows, supplier orders (CSV, email), the suppliers' delivery statistics
and quick-order leads.

Staff who see customers (`accounts.view_customer`) open these pages; an order of a customer
they do not see is a 404. Every action calls one orders service; a refusal shows the
service's message and changes nothing.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from partsdesk.accounts.models import Customer
from partsdesk.accounts.services import find_user
from partsdesk.orders import leads as lead_services
from partsdesk.orders import services
from partsdesk.orders import supplier_orders as supplier_order_services
from partsdesk.orders.models import Lead, OrderPosition, SupplierOrder
from partsdesk.orders.replacements import position_offer_replacement
from partsdesk.orders.services import CheckoutChanged, DeliveryChoice, OrderError
from partsdesk.orders.statuses import Delivery, OrderStatus
from partsdesk.orders.supplier_stats import min_positions, supplier_stats_table, window_days
from partsdesk.shop import selectors as shop

from . import selectors
from . import selectors_orders as desk_orders
from .forms_orders import (
    POSITION_FORMS,
    ConfirmForm,
    LeadConvertForm,
    LeadFilterForm,
    LeadNoteForm,
    QueueForm,
    SendForm,
    SupplierOrderFilterForm,
)

PAGE_SIZE = 50


def desk_staff_required(view):
    """Signed-in staff who see customers; 403 for everyone else signed in."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("accounts.view_customer"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _render(request, template: str, context: dict, *, section: str = "orders", status=200):
    context = {
        **context,
        "desk_section": "orders",
        "orders_section": section,
        "is_administrator": selectors.is_administrator(request.user),
    }
    return render(request, template, context, status=status)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- the queue -------------------------------------------------------------------------


@require_GET
@desk_staff_required
def orders_queue(request):
    form = QueueForm(request.GET or None)
    values = form.values()
    orders = desk_orders.desk_orders(request.user, **values)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    desk_orders.mark_overdue(list(page.object_list))
    context = {
        "page": page,
        "tabs": desk_orders.queue_tabs(request.user, values["scope"]),
        "can_see_all": desk_orders.can_see_all_orders(request.user),
        "query_string": _query_without_page(request),
        **values,
    }
    return _render(request, "desk/orders/queue.html", context, section="queue")


# --- one order -------------------------------------------------------------------------


def _order_or_404(request, order_id: int):
    order = desk_orders.desk_order(request.user, order_id)
    if order is None:
        raise Http404("order")
    return order


@require_GET
@desk_staff_required
def order_detail(request, order_id: int):
    order = _order_or_404(request, order_id)
    context = desk_orders.order_page(order)
    context["confirm_form"] = ConfirmForm()
    context["forms"] = {name: form() for name, form in POSITION_FORMS.items()}
    return _render(request, "desk/orders/order.html", context, section="queue")


def _back(order_id: int, position_id: int | None = None):
    url = reverse("desk:order", args=[order_id])
    return redirect(f"{url}#position-{position_id}" if position_id else url)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@desk_staff_required
def order_confirm(request, order_id: int):
    order = _order_or_404(request, order_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(order.pk)
    try:
        order = services.order_confirm(
            order, actor=request.user, contact_note=form.cleaned_data["contact_note"]
        )
    except OrderError as error:
        messages.error(request, error.message)
    else:
        if order.status == OrderStatus.ON_HOLD:
            messages.warning(
                request,
                _(
                    "The customer's balance does not cover the order: it waits on hold until "
                    "the money arrives, and the customer has been told."
                ),
            )
        else:
            messages.success(request, _("The order is confirmed."))
    return _back(order.pk)


def _sent_message(supplier_orders) -> str:
    return ngettext(
        "Sent to the supplier: supplier order %(list)s.",
        "Sent to the suppliers: supplier orders %(list)s.",
        len(supplier_orders),
    ) % {"list": ", ".join(f"{so.supplier.name} #{so.pk}" for so in supplier_orders)}


@require_POST
@desk_staff_required
def order_send(request, order_id: int):
    """Send the chosen confirmed positions: one supplier order per supplier."""
    order = _order_or_404(request, order_id)
    form = SendForm(request.POST, positions=order.positions.all())
    if not form.is_valid():
        _form_errors(request, form)
        return _back(order.pk)
    chosen = [p for p in order.positions.all() if p.pk in set(form.cleaned_data["positions"])]
    try:
        supplier_orders = services.positions_send_to_supplier(chosen, actor=request.user)
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _sent_message(supplier_orders))
    return _back(order.pk)


def _run_position_action(action: str, position: OrderPosition, actor, data: dict):
    """Call the one service `action` stands for; returns the success message."""
    comment = data.get("comment", "")
    if action == "hold":
        services.position_hold(position, actor=actor, reason=data["reason"], comment=comment)
        return _("The position is on hold.")
    if action == "quantity":
        services.position_change_quantity(
            position, actor=actor, quantity=data["quantity"], comment=comment
        )
        return _("The quantity is changed.")
    if action == "replace":
        services.position_replace(
            position,
            actor=actor,
            offer_id=data["offer_id"],
            quantity=data.get("quantity"),
            comment=comment,
        )
        return _("The replacement is offered; the customer accepts it or cancels.")
    if action == "next_best":
        position_offer_replacement(
            position,
            actor=actor,
            offer_id=data["offer_id"],
            quantity=data.get("quantity"),
            comment=comment,
        )
        return _("The replacement is offered; the customer accepts it or cancels.")
    if action == "cancel":
        services.position_cancel_by_shop(position, actor=actor, reason=data["reason"])
        return _("The position is cancelled.")
    if action == "send":
        return _sent_message(services.positions_send_to_supplier([position], actor=actor))
    if action == "shipped":
        services.position_supplier_shipped(position, actor=actor, comment=comment)
    elif action == "rejected":
        services.position_supplier_rejected(
            position, actor=actor, reason=data["reason"], comment=comment
        )
    elif action == "received":
        services.position_received(position, actor=actor, comment=comment)
    elif action == "ready":
        services.position_ready_for_pickup(position, actor=actor, comment=comment)
    elif action == "carrier":
        services.position_handed_to_carrier(
            position, actor=actor, waybill=data["waybill"], comment=comment
        )
    elif action == "issued":
        services.position_issued(position, actor=actor, comment=comment)
    return _("The position's status is changed.")


@require_POST
@desk_staff_required
def position_action(request, order_id: int, position_id: int, action: str):
    if action not in POSITION_FORMS:
        raise Http404("action")
    order = _order_or_404(request, order_id)
    position = get_object_or_404(OrderPosition, pk=position_id, order=order)
    position.order = order
    form = POSITION_FORMS[action](request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(order.pk, position.pk)
    try:
        message = _run_position_action(action, position, request.user, form.cleaned_data)
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return _back(order.pk, position.pk)


# --- supplier orders -------------------------------------------------------------------


@require_GET
@desk_staff_required
def supplier_orders_list(request):
    form = SupplierOrderFilterForm(request.GET or None)
    supplier_id, state = None, ""
    if form.is_valid():
        supplier = form.cleaned_data["supplier"]
        supplier_id = supplier.pk if supplier else None
        state = form.cleaned_data["state"]
    found = supplier_order_services.supplier_orders(supplier_id=supplier_id, state=state)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query_string": _query_without_page(request)}
    return _render(request, "desk/orders/supplier_orders.html", context, section="suppliers")


def _supplier_order_or_404(supplier_order_id: int) -> SupplierOrder:
    return get_object_or_404(
        SupplierOrder.objects.select_related("supplier", "created_by"), pk=supplier_order_id
    )


@require_GET
@desk_staff_required
def supplier_order_detail(request, supplier_order_id: int):
    supplier_order = _supplier_order_or_404(supplier_order_id)
    positions = supplier_order_services.supplier_order_positions(supplier_order)
    names = services.selectors.status_names()
    visible = set(
        desk_orders.orders_visible_to(request.user)
        .filter(pk__in={p.order_id for p in positions})
        .values_list("pk", flat=True)
    )
    for position in positions:
        position.status_name = names.get(position.status, position.status)
        position.order_visible = position.order_id in visible
    context = {
        "supplier_order": supplier_order,
        "positions": positions,
        "lines": supplier_order_services.supplier_order_lines(supplier_order),
    }
    return _render(request, "desk/orders/supplier_order.html", context, section="suppliers")


@require_GET
@desk_staff_required
def supplier_order_csv(request, supplier_order_id: int):
    supplier_order = _supplier_order_or_404(supplier_order_id)
    response = HttpResponse(
        supplier_order_services.supplier_order_csv(supplier_order),
        content_type="text/csv; charset=utf-8",
    )
    filename = supplier_order_services.supplier_order_filename(supplier_order)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@desk_staff_required
def supplier_order_email(request, supplier_order_id: int):
    supplier_order = _supplier_order_or_404(supplier_order_id)
    try:
        address = supplier_order_services.supplier_order_email(supplier_order, actor=request.user)
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The order is being emailed to %(address)s.") % {"address": address}
        )
    return redirect("desk:supplier_order", supplier_order_id=supplier_order.pk)


# --- suppliers' delivery statistics ----------------------------------------------------


@require_GET
@desk_staff_required
def supplier_stats(request):
    context = {
        "rows": list(supplier_stats_table()),
        "window_days": window_days(),
        "min_positions": min_positions(),
    }
    return _render(request, "desk/orders/supplier_stats.html", context, section="stats")


# --- quick-order leads -----------------------------------------------------------------


@require_GET
@desk_staff_required
def leads_list(request):
    form = LeadFilterForm(request.GET or None)
    state, query = "", ""
    if form.is_valid():
        state, query = form.cleaned_data["state"], form.cleaned_data["q"]
    page = Paginator(lead_services.leads(state=state, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for lead in page.object_list:
        lead.state = lead_services.lead_state(lead)
        lead.state_label = lead_services.LeadState.LABELS[lead.state]
    context = {"form": form, "page": page, "query_string": _query_without_page(request)}
    return _render(request, "desk/orders/leads.html", context, section="leads")


def _lead_customer(request, lead: Lead) -> tuple[Customer | None, list[Customer], str]:
    """The customer the lead becomes an order of: the one named by ?customer= (an email,
    phone or login), else the one with the lead's phone; and every one with that phone."""
    matches = list(lead_services.customers_with_phone(lead))
    identifier = request.GET.get("customer", "").strip()[:200]
    if identifier:
        user = find_user(identifier)
        customer = Customer.objects.filter(user=user).select_related("user", "manager").first()
        return customer, matches, identifier
    return (matches[0] if matches else None), matches, ""


def _lead_page(request, lead: Lead, *, convert_form=None, status=200):
    customer, matches, identifier = _lead_customer(request, lead)
    context = {
        "lead": lead,
        "lines": list(lead.lines.all()),
        "state": lead_services.lead_state(lead),
        "state_label": lead_services.LeadState.LABELS[lead_services.lead_state(lead)],
        "customer": customer,
        "matches": matches,
        "identifier": identifier,
        "note_form": LeadNoteForm(),
    }
    if customer is not None:
        context["convert_form"] = convert_form or LeadConvertForm(
            initial={"delivery": Delivery.PICKUP},
            pickup_points=shop.pickup_points_active(),
            addresses=customer.addresses.all(),
        )
        context["payment_methods"] = services.payment_methods_for(customer)
    return _render(request, "desk/orders/lead.html", context, section="leads", status=status)


@require_GET
@desk_staff_required
def lead_detail(request, lead_id: int):
    lead = get_object_or_404(Lead.objects.select_related("handled_by", "order"), pk=lead_id)
    return _lead_page(request, lead)


@require_POST
@desk_staff_required
def lead_note(request, lead_id: int, action: str):
    if action not in ("called", "decline"):
        raise Http404("action")
    lead = get_object_or_404(Lead, pk=lead_id)
    form = LeadNoteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("desk:lead", lead_id=lead.pk)
    try:
        if action == "called":
            lead_services.lead_called_back(lead, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The call is recorded."))
        else:
            lead_services.lead_decline(lead, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The quick order is declined."))
    except OrderError as error:
        messages.error(request, error.message)
    return redirect("desk:lead", lead_id=lead.pk)


@require_POST
@desk_staff_required
def lead_convert(request, lead_id: int):
    lead = get_object_or_404(Lead, pk=lead_id)
    customer_id = request.POST.get("customer_id", "")
    if not customer_id.isdigit():
        raise Http404("customer")
    customer = get_object_or_404(
        Customer.objects.select_related("user", "manager"), pk=int(customer_id)
    )
    identifier = customer.user.email or customer.user.phone or customer.user.username
    back = reverse("desk:lead", args=[lead.pk]) + "?" + urlencode({"customer": identifier})
    form = LeadConvertForm(
        request.POST,
        pickup_points=shop.pickup_points_active(),
        addresses=customer.addresses.all(),
    )
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    data = form.cleaned_data
    delivery = DeliveryChoice(
        data["delivery"],
        pickup_point_id=data["pickup_point"].pk if data["pickup_point"] else None,
        address_id=data["address"].pk if data["address"] else None,
    )
    try:
        order = lead_services.lead_convert(
            lead,
            actor=request.user,
            customer=customer,
            delivery=delivery,
            payment_method=data["payment_method"],
            note=data["note"],
        )
    except CheckoutChanged as error:
        messages.error(request, " ".join([error.message, *error.changes]))
        return redirect(back)
    except OrderError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(
        request, _("Order %(number)s is placed from the quick order.") % {"number": order.number}
    )
    return redirect("desk:order", order_id=order.pk)


urlpatterns = [
    path("", orders_queue, name="orders"),
    path("<int:order_id>/", order_detail, name="order"),
    path("<int:order_id>/confirm/", order_confirm, name="order_confirm"),
    path("<int:order_id>/send/", order_send, name="order_send"),
    path(
        "<int:order_id>/positions/<int:position_id>/<slug:action>/",
        position_action,
        name="position_action",
    ),
    path("suppliers/", supplier_orders_list, name="supplier_orders"),
    path("suppliers/<int:supplier_order_id>/", supplier_order_detail, name="supplier_order"),
    path("suppliers/<int:supplier_order_id>/csv/", supplier_order_csv, name="supplier_order_csv"),
    path(
        "suppliers/<int:supplier_order_id>/email/",
        supplier_order_email,
        name="supplier_order_email",
    ),
    path("supplier-stats/", supplier_stats, name="supplier_stats"),
    path("leads/", leads_list, name="leads"),
    path("leads/<int:lead_id>/", lead_detail, name="lead"),
    path("leads/<int:lead_id>/convert/", lead_convert, name="lead_convert"),
    path("leads/<int:lead_id>/<slug:action>/", lead_note, name="lead_note"),
]
