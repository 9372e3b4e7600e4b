from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from partsdesk.catalog import selectors
from partsdesk.catalog.models import Part
from partsdesk.catalog.numbers import normalize_number
from partsdesk.pricing.selectors import PriceView, can_exclude_vat, customer_for_prices, price_view

from .forms import OfferFilterForm

MAX_QUERY_LENGTH = 200
# A legal entity's choice to see prices without VAT, kept for the session.
VAT_EXCLUDED_SESSION_KEY = "prices_vat_excluded"


def _prices(request) -> PriceView:
    """The visitor's prices: retail for anonymous visitors, their group's once signed in."""
    customer = customer_for_prices(request.user)
    return price_view(customer, exclude_vat=request.session.get(VAT_EXCLUDED_SESSION_KEY, False))


@require_GET
def home(request):
    return render(request, "storefront/home.html")


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return redirect("storefront:home")
    prices = _prices(request)
    outcome = selectors.search(query, prices=prices)
    if len(outcome.brands) == 1:
        match = outcome.brands[0]
        return redirect(
            "storefront:offers", brand=match.brand_slug, number=normalize_number(match.number)
        )
    status = 200 if outcome.found else 404
    return render(
        request,
        "storefront/search.html",
        {"outcome": outcome, "query": query, "prices": prices},
        status=status,
    )


@require_GET
def offers(request, brand: str, number: str):
    part = selectors.part_for_brand_number(brand=brand, number=number)
    if part is None:
        raise Http404(f"{brand} {number}")
    form = OfferFilterForm(request.GET)
    prices = _prices(request)
    result = selectors.offers_for_part(part, form.offer_filters(), prices)
    template = "storefront/_offers.html" if request.htmx else "storefront/offers.html"
    return render(
        request,
        template,
        {"part": part, "result": result, "form": form, "action": request.path, "prices": prices},
    )


@require_GET
def part_detail(request, part_id: int):
    part = get_object_or_404(Part.objects.select_related("brand"), pk=part_id)
    prices = _prices(request)
    card = selectors.part_card(part, prices=prices)
    offers_url = reverse("storefront:offers", args=[part.brand.slug, part.number_norm])
    return render(
        request,
        "storefront/part.html",
        {"card": card, "part": part, "offers_url": offers_url, "prices": prices},
    )


@require_GET
def suggest(request):
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    return render(request, "storefront/_suggest.html", {"suggestions": selectors.suggest(query)})


@require_POST
def prices_vat(request):
    """A legal entity switches between prices with and without VAT (kept for the session)."""
    customer = customer_for_prices(request.user)
    if can_exclude_vat(customer):
        request.session[VAT_EXCLUDED_SESSION_KEY] = request.POST.get("vat") == "excluded"
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("storefront:home")
    return redirect(target)
