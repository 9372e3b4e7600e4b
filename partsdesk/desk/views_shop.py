"""The shop's settings in the desk: business calendar, pickup points, delivery bands, status
names and notifications. Senior managers and administrators only (shop.selectors.can_edit_shop).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partsdesk.shop import selectors as shop_selectors
from partsdesk.shop import services as shop_services
from partsdesk.shop.forms import (
    CalendarExceptionForm,
    CalendarForm,
    DefaultWeightForm,
    DeliveryBandForm,
    PickupPointForm,
    StatusDisplayForm,
    add_shop_error,
)
from partsdesk.shop.models import CalendarException, DeliveryBand, PickupPoint
from partsdesk.shop.services import ShopError

from . import selectors


def shop_editor_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not shop_selectors.can_edit_shop(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _render(request, template: str, section: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "desk_section": "shop",
        "shop_section": section,
        "is_administrator": selectors.is_administrator(request.user),
    }
    return render(request, template, context, status=status)


def _position_statuses() -> list[tuple[str, str]]:
    """The orders app's position statuses with their standard names, in its order."""
    try:
        from partsdesk.orders.statuses import PositionStatus
    except ImportError:  # the orders app is not in this checkout: the codes themselves
        return [(status, status) for status in shop_selectors.DEFAULT_NOTIFY]
    return [(status.value, status.label) for status in PositionStatus]


# --- the business calendar -------------------------------------------------------------


def _calendar_page(request, *, status: int = 200, calendar_form=None, exception_form=None):
    if calendar_form is None:
        calendar_form = CalendarForm(
            initial=CalendarForm.initial_from(
                shop_selectors.shop_settings(), shop_selectors.week_hours()
            )
        )
    context = {
        "calendar_form": calendar_form,
        "exception_form": exception_form or CalendarExceptionForm(),
        "exceptions": shop_selectors.calendar_exceptions_upcoming(),
    }
    return _render(request, "desk/shop/calendar.html", "calendar", context, status=status)


@require_http_methods(["GET", "POST"])
@shop_editor_required
def calendar(request):
    if request.method == "GET":
        return _calendar_page(request)
    form = CalendarForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            shop_services.calendar_update(
                time_zone=data["time_zone"],
                review_hours=data["review_hours"],
                off_hours_due_at=data["off_hours_due_at"],
                week=data["week"],
            )
        except ShopError as error:
            add_shop_error(form, error, {f"day_{day}": f"day_{day}_closes" for day in range(7)})
        else:
            messages.success(request, _("The business calendar is saved."))
            return redirect("desk:shop_calendar")
    return _calendar_page(request, status=400, calendar_form=form)


@require_POST
@shop_editor_required
def calendar_exception_add(request):
    form = CalendarExceptionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            shop_services.calendar_exception_add(
                date=data["date"], hours=data["hours"], note=data["note"]
            )
        except ShopError as error:
            add_shop_error(form, error)
        else:
            messages.success(request, _("The date is added to the calendar."))
            return redirect("desk:shop_calendar")
    return _calendar_page(request, status=400, exception_form=form)


@require_POST
@shop_editor_required
def calendar_exception_delete(request, exception_id: int):
    exception = get_object_or_404(CalendarException, pk=exception_id)
    shop_services.calendar_exception_delete(exception=exception)
    messages.success(request, _("The date is removed from the calendar."))
    return redirect("desk:shop_calendar")


# --- pickup points ---------------------------------------------------------------------


@require_http_methods(["GET"])
@shop_editor_required
def pickup_points(request):
    context = {"points": shop_selectors.pickup_points_all()}
    return _render(request, "desk/shop/pickup_points.html", "pickup_points", context)


@require_http_methods(["GET", "POST"])
@shop_editor_required
def pickup_point_edit(request, point_id: int | None = None):
    point = get_object_or_404(PickupPoint, pk=point_id) if point_id else None
    form = PickupPointForm(request.POST or None, instance=point)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = shop_services.pickup_point_save(point=point, **form.cleaned_data)
            except ShopError as error:
                add_shop_error(form, error)
            else:
                messages.success(
                    request, _("Pickup point “%(name)s” is saved.") % {"name": saved.name}
                )
                return redirect("desk:shop_pickup_points")
    context = {"form": form, "point": point}
    return _render(
        request, "desk/shop/pickup_point_form.html", "pickup_points", context, status=status
    )


@require_POST
@shop_editor_required
def pickup_point_active(request, point_id: int):
    point = get_object_or_404(PickupPoint, pk=point_id)
    is_active = request.POST.get("is_active") == "1"
    shop_services.pickup_point_set_active(point=point, is_active=is_active)
    if is_active:
        messages.success(
            request, _("Pickup point “%(name)s” is active again.") % {"name": point.name}
        )
    else:
        messages.success(
            request,
            _("Pickup point “%(name)s” is deactivated: customers no longer see it.")
            % {"name": point.name},
        )
    return redirect("desk:shop_pickup_points")


# --- delivery bands --------------------------------------------------------------------


def _delivery_page(request, *, status: int = 200, band_form=None, weight_form=None, edited=None):
    bands = list(shop_selectors.delivery_bands())
    rows = []
    previous = None
    for band in bands:
        form = edited[1] if edited and edited[0] == band.pk else None
        rows.append(
            {
                "band": band,
                "from_kg": previous,
                "form": form
                or DeliveryBandForm(
                    prefix=f"band-{band.pk}",
                    initial={"weight_up_to_kg": band.weight_up_to_kg, "price": band.price},
                ),
            }
        )
        previous = band.weight_up_to_kg
    context = {
        "rows": rows,
        "band_form": band_form or DeliveryBandForm(prefix="new"),
        "weight_form": weight_form
        or DefaultWeightForm(initial={"weight_kg": shop_selectors.default_part_weight_kg()}),
        "currency": shop_selectors.shop_currency(),
    }
    return _render(request, "desk/shop/delivery.html", "delivery", context, status=status)


@require_http_methods(["GET"])
@shop_editor_required
def delivery(request):
    return _delivery_page(request)


@require_POST
@shop_editor_required
def delivery_band_add(request):
    form = DeliveryBandForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            shop_services.delivery_band_save(**form.cleaned_data)
        except ShopError as error:
            add_shop_error(form, error)
        else:
            messages.success(request, _("The delivery band is added."))
            return redirect("desk:shop_delivery")
    return _delivery_page(request, status=400, band_form=form)


@require_POST
@shop_editor_required
def delivery_band_edit(request, band_id: int):
    band = get_object_or_404(DeliveryBand, pk=band_id)
    form = DeliveryBandForm(request.POST, prefix=f"band-{band.pk}")
    if form.is_valid():
        try:
            shop_services.delivery_band_save(band=band, **form.cleaned_data)
        except ShopError as error:
            add_shop_error(form, error)
        else:
            messages.success(request, _("The delivery band is saved."))
            return redirect("desk:shop_delivery")
    return _delivery_page(request, status=400, edited=(band.pk, form))


@require_POST
@shop_editor_required
def delivery_band_delete(request, band_id: int):
    band = get_object_or_404(DeliveryBand, pk=band_id)
    shop_services.delivery_band_delete(band=band)
    messages.success(request, _("The delivery band is deleted."))
    return redirect("desk:shop_delivery")


@require_POST
@shop_editor_required
def default_weight(request):
    form = DefaultWeightForm(request.POST)
    if form.is_valid():
        try:
            shop_services.default_part_weight_set(weight_kg=form.cleaned_data["weight_kg"])
        except ShopError as error:
            add_shop_error(form, error, {"default_part_weight_kg": "weight_kg"})
        else:
            messages.success(request, _("The default part weight is saved."))
            return redirect("desk:shop_delivery")
    return _delivery_page(request, status=400, weight_form=form)


# --- position statuses -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@shop_editor_required
def statuses(request):
    labels = _position_statuses()
    status = 200
    if request.method == "POST":
        form = StatusDisplayForm(request.POST, statuses=labels)
        status = 400
        if form.is_valid():
            try:
                shop_services.status_displays_save(rows=form.service_rows())
            except ShopError as error:
                add_shop_error(form, error)
            else:
                messages.success(request, _("Status names and notifications are saved."))
                return redirect("desk:shop_statuses")
    else:
        initial = {}
        for row in shop_selectors.status_rows(dict(labels)):
            for name in ("name_ru", "name_en", "notify_email", "notify_sms"):
                initial[f"{row['status']}-{name}"] = row[name]
        form = StatusDisplayForm(initial=initial, statuses=labels)
    return _render(request, "desk/shop/statuses.html", "statuses", {"form": form}, status=status)


urlpatterns = [
    path("", calendar, name="shop_calendar"),
    path("calendar/dates/", calendar_exception_add, name="shop_calendar_exception_add"),
    path(
        "calendar/dates/<int:exception_id>/delete/",
        calendar_exception_delete,
        name="shop_calendar_exception_delete",
    ),
    path("pickup-points/", pickup_points, name="shop_pickup_points"),
    path("pickup-points/new/", pickup_point_edit, name="shop_pickup_point_new"),
    path("pickup-points/<int:point_id>/", pickup_point_edit, name="shop_pickup_point"),
    path(
        "pickup-points/<int:point_id>/active/", pickup_point_active, name="shop_pickup_point_active"
    ),
    path("delivery/", delivery, name="shop_delivery"),
    path("delivery/bands/", delivery_band_add, name="shop_delivery_band_add"),
    path("delivery/bands/<int:band_id>/", delivery_band_edit, name="shop_delivery_band"),
    path(
        "delivery/bands/<int:band_id>/delete/",
        delivery_band_delete,
        name="shop_delivery_band_delete",
    ),
    path("delivery/default-weight/", default_weight, name="shop_default_weight"),
    path("statuses/", statuses, name="shop_statuses"),
]
