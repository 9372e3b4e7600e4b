from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partsdesk.catalog import selectors
from partsdesk.catalog.models import Part
from partsdesk.catalog.numbers import normalize_number

from .forms import OfferFilterForm

MAX_QUERY_LENGTH = 200


@require_GET
def home(request):
    return render(request, "storefront/home.html")


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return redirect("storefront:home")
    outcome = selectors.search(query)
    if len(outcome.brands) == 1:
        match = outcome.brands[0]
        return redirect(
            "storefront:offers", brand=match.brand_slug, number=normalize_number(match.number)
        )
    status = 200 if outcome.found else 404
    return render(
        request, "storefront/search.html", {"outcome": outcome, "query": query}, status=status
    )


@require_GET
def offers(request, brand: str, number: str):
    part = selectors.part_for_brand_number(brand=brand, number=number)
    if part is None:
        raise Http404(f"{brand} {number}")
    form = OfferFilterForm(request.GET)
    result = selectors.offers_for_part(part, form.offer_filters())
    template = "storefront/_offers.html" if request.htmx else "storefront/offers.html"
    return render(
        request,
        template,
        {"part": part, "result": result, "form": form, "action": request.path},
    )


@require_GET
def part_detail(request, part_id: int):
    part = get_object_or_404(Part.objects.select_related("brand"), pk=part_id)
    card = selectors.part_card(part)
    offers_url = reverse("storefront:offers", args=[part.brand.slug, part.number_norm])
    return render(
        request, "storefront/part.html", {"card": card, "part": part, "offers_url": offers_url}
    )


@require_GET
def suggest(request):
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    return render(request, "storefront/_suggest.html", {"suggestions": selectors.suggest(query)})
