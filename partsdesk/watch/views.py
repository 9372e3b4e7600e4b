"""The watchlist page and the watch / stop watching / target price actions.

The actions are plain form posts that redirect back (no JavaScript needed); under htmx
they answer with the watch box of the part page instead.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partsdesk.accounts.selectors import customer_of, home_url_name
from partsdesk.catalog.models import Part

from . import selectors, services
from .charts import chart_of
from .services import WatchError


def customer_required(view):
    """Signed in as a customer: the view gets `customer`; staff go to their own home."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        customer = customer_of(request.user)
        if customer is None:
            return redirect(home_url_name(request.user))
        return view(request, customer, *args, **kwargs)

    return wrapper


def _back(request, fallback: str):
    """Where a form came from, if it is this site; else `fallback`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _watch_box(request, customer, part, *, error: str = "", status: int = 200):
    return render(
        request,
        "watch/_watch_box.html",
        {
            "part": part,
            "watch": selectors.watch_of(customer, part.pk),
            "is_customer": True,
            "next": request.POST.get("next", ""),
            "error": error,
        },
        status=status,
    )


@customer_required
@require_GET
def watchlist(request, customer):
    rows = selectors.watchlist(customer)
    for row in rows:
        row.chart = chart_of(row)
    return render(request, "watch/watchlist.html", {"rows": rows})


@customer_required
@require_POST
def watch(request, customer, part_id: int):
    part = get_object_or_404(Part.objects.select_related("brand"), pk=part_id)
    try:
        services.part_watch(
            customer=customer, part=part, target_price=request.POST.get("target_price")
        )
    except WatchError as error:
        if request.htmx:
            return _watch_box(request, customer, part, error=str(error.message))
        return render(
            request,
            "watch/watch_error.html",
            {"part": part, "error": error.message, "next": request.POST.get("next", "")},
            status=422,
        )
    if request.htmx:
        return _watch_box(request, customer, part)
    messages.success(request, _("You are watching the price of %(part)s.") % {"part": part})
    return _back(request, reverse("watch:watchlist"))


@customer_required
@require_POST
def unwatch(request, customer, part_id: int):
    part = get_object_or_404(Part.objects.select_related("brand"), pk=part_id)
    services.part_unwatch(customer=customer, part_id=part.pk)
    if request.htmx:
        return _watch_box(request, customer, part)
    messages.success(request, _("You no longer watch the price of %(part)s.") % {"part": part})
    return _back(request, reverse("watch:watchlist"))


@customer_required
@require_POST
def target(request, customer, part_id: int):
    watch = selectors.watch_of(customer, part_id)
    if watch is None:
        raise Http404("not watched")
    value = "" if "clear" in request.POST else request.POST.get("target_price", "")
    try:
        services.watch_target_set(watch=watch, target_price=value)
    except WatchError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The target price is saved.") if value else _("The target price is cleared."),
        )
    return redirect(f"{reverse('watch:watchlist')}#part-{part_id}")
