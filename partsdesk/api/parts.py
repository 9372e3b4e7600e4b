from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from partsdesk.catalog import selectors
from partsdesk.catalog.models import Part

from .search import (
    AnalogOut,
    OfferOut,
    Out,
    PricesOut,
    analog_out,
    caller_prices,
    offer_out,
    prices_out,
)

router = Router(tags=["parts"])


class PartOut(Out):
    id: int
    brand: str
    brand_slug: str
    brand_country: str
    number: str
    number_norm: str
    name: str
    description: str
    attributes: dict[str, Any]
    weight_kg: Decimal | None
    analogs: list[AnalogOut]
    offers: list[OfferOut]
    prices: PricesOut


@router.get("/parts/{part_id}", response=PartOut, summary="A part with its analogs and offers")
def part_detail(
    request,
    part_id: int,
    without_vat: bool = Query(False, description="Legal entities: prices net of VAT"),
):
    part = get_object_or_404(Part.objects.select_related("brand"), pk=part_id)
    prices = caller_prices(request, without_vat=without_vat)
    card = selectors.part_card(part, prices=prices)
    return {
        "id": part.id,
        "brand": part.brand.name,
        "brand_slug": part.brand.slug,
        "brand_country": part.brand.country,
        "number": part.number,
        "number_norm": part.number_norm,
        "name": part.name,
        "description": part.description,
        "attributes": part.attributes,
        "weight_kg": part.weight_kg,
        "analogs": [analog_out(link, str(part)) for link in card.analogs],
        "offers": [offer_out(offer) for offer in card.offers],
        "prices": prices_out(prices),
    }
