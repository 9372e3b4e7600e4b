"""Article search for the mobile app: the same selectors as the storefront pages.

Prices are the caller's: retail without a sign-in, their price group's with a bearer token
(or the browser session); `without_vat=true` shows a legal entity's prices net of VAT.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from partsdesk.accounts.models import Customer
from partsdesk.accounts.services import api_token_user
from partsdesk.catalog import selectors
from partsdesk.catalog.labels import group_label, relation_label
from partsdesk.catalog.numbers import normalize_number
from partsdesk.pricing.money import CENT
from partsdesk.pricing.selectors import (
    PriceView,
    customer_for_prices,
    price_view,
    pricing_settings,
)

from .errors import ApiError
from .security import customer_of, signed_in

router = Router(tags=["search"])


class Out(BaseModel):
    """Answers are built from plain dicts: pydantic's own validation, without ninja.Schema's
    attribute-resolving wrapper, which costs about 2 ms on a page of 50 offers."""


class BrandMatchOut(Out):
    part_id: int
    brand: str
    brand_slug: str
    number: str
    name: str
    offer_count: int


class CloseNumberOut(Out):
    number: str
    brand: str
    brand_slug: str
    name: str


class BrandsOut(Out):
    number: str
    number_norm: str
    brands: list[BrandMatchOut]
    close_numbers: list[CloseNumberOut] = Field(
        description="When no brand has the number: numbers that look like it."
    )


class PartRef(Out):
    id: int
    brand: str
    brand_slug: str
    number: str
    name: str


class AnalogOut(Out):
    part: PartRef
    kind: str = Field(description="oe, analog, replaces or replaced_by, seen from the part")
    kind_label: str
    sources: list[str]


class SupplierOut(Out):
    code: str
    name: str
    reliability_percent: int


class OfferOut(Out):
    id: int
    part: PartRef
    supplier: SupplierOut
    warehouse: str
    city: str
    price: Decimal = Field(description="What the caller pays: their price group's price")
    retail_price: Decimal = Field(description="The retail price, on the same VAT basis")
    currency: str
    quantity: int
    quantity_is_lower_bound: bool
    delivery_days_min: int
    delivery_days_max: int
    pack_multiple: int
    returnable: bool


class OfferGroupOut(Out):
    kind: str = Field(description="requested, oe, replaced_by, replaces or analog")
    label: str
    offers: list[OfferOut]


class PricesOut(Out):
    """Whose prices an answer shows."""

    price_group: str | None = Field(description="The caller's price group; null: retail")
    discount_percent: Decimal = Field(description="The whole discount off retail, %")
    vat_included: bool = Field(description="False when a legal entity asked without_vat")
    vat_percent: Decimal | None = Field(description="The VAT taken off, when it is")


class BrandFacetOut(Out):
    slug: str
    name: str
    offer_count: int
    selected: bool


class OffersOut(Out):
    part: PartRef
    analogs: list[AnalogOut]
    groups: list[OfferGroupOut]
    brands: list[BrandFacetOut]
    total: int
    page: int
    pages: int
    page_size: int
    sort: str
    prices: PricesOut


class OffersQuery(Schema):
    number: str = Field(min_length=1, max_length=64)
    brand: str = Field(min_length=1, max_length=100, description="Slug or any spelling")
    in_stock: bool = False
    max_days: int | None = Field(None, ge=0, le=365)
    filter_brand: list[str] = Field(
        default_factory=list, description="Show only offers for parts of these brand slugs"
    )
    sort: str = Field(selectors.SortOrder.PRICE, pattern="^(price|-price|delivery)$")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(settings.SEARCH_PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)
    without_vat: bool = Field(False, description="Legal entities: prices net of VAT")


class SuggestionOut(Out):
    kind: str = Field(description="number, brand or name")
    text: str
    brand: str
    brand_slug: str
    number: str
    name: str


class SuggestOut(Out):
    suggestions: list[SuggestionOut]


class NamedPartOut(Out):
    part_id: int
    brand: str
    brand_slug: str
    number: str
    name: str
    offer_count: int
    min_price: Decimal | None


class SearchOut(Out):
    query: str
    brands: list[BrandMatchOut]
    parts: list[NamedPartOut]
    close_numbers: list[CloseNumberOut]
    prices: PricesOut


def part_ref(part_id, brand_name, brand_slug, number, name) -> dict:
    return {
        "id": part_id,
        "brand": brand_name,
        "brand_slug": brand_slug,
        "number": number,
        "name": name,
    }


def brand_match_out(match: selectors.BrandMatch) -> dict:
    return {
        "part_id": match.part_id,
        "brand": match.brand_name,
        "brand_slug": match.brand_slug,
        "number": match.number,
        "name": match.name,
        "offer_count": match.offer_count,
    }


def close_out(close: selectors.CloseNumber) -> dict:
    return {
        "number": close.number,
        "brand": close.brand_name,
        "brand_slug": close.brand_slug,
        "name": close.name,
    }


def analog_out(link: selectors.AnalogLink, part_name: str) -> dict:
    return {
        "part": part_ref(link.part_id, link.brand_name, link.brand_slug, link.number, link.name),
        "kind": link.kind,
        "kind_label": relation_label(link.kind, part_name),
        "sources": list(link.sources),
    }


def offer_out(offer: selectors.OfferRow) -> dict:
    return {
        "id": offer.id,
        "part": part_ref(
            offer.part_id, offer.brand_name, offer.brand_slug, offer.number, offer.part_name
        ),
        "supplier": {
            "code": offer.supplier_code,
            "name": offer.supplier_name,
            "reliability_percent": offer.reliability_percent,
        },
        "warehouse": offer.warehouse_name,
        "city": offer.warehouse_city,
        "price": offer.price,
        "retail_price": offer.retail_price,
        "currency": settings.SHOP_CURRENCY,
        "quantity": offer.quantity,
        "quantity_is_lower_bound": offer.quantity_is_lower_bound,
        "delivery_days_min": offer.delivery_days_min,
        "delivery_days_max": offer.delivery_days_max,
        "pack_multiple": offer.pack_multiple,
        "returnable": offer.returnable,
    }


def caller_customer(request) -> Customer | None:
    """The signed-in caller's customer (bearer token or browser session), None if anonymous.

    Search is open to all; a token that is not valid is refused rather than answered with
    retail prices the app would take for the customer's own.
    """
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        user = api_token_user(header[7:].strip())
        if user is None:
            raise ApiError(
                "invalid_token", _("The sign-in token is not valid; sign in again."), status=401
            )
        return customer_for_prices(user)
    return customer_for_prices(getattr(request, "user", None))


def caller_prices(request, *, without_vat: bool = False) -> PriceView:
    return price_view(caller_customer(request), exclude_vat=without_vat)


def prices_out(prices: PriceView) -> dict:
    terms = prices.terms
    return {
        "price_group": terms.group_name or None,
        "discount_percent": terms.discount_percent,
        "vat_included": not prices.vat_excluded,
        "vat_percent": prices.vat_percent.quantize(CENT) if prices.vat_excluded else None,
    }


def require_number(number: str) -> str:
    number_norm = normalize_number(number)
    if not number_norm:
        raise ApiError("invalid_number", _("An article number needs at least one letter or digit."))
    return number_norm


@router.get("/search", response=SearchOut, summary="Search by article number or by name")
def search(
    request,
    q: str = Query(..., min_length=1, max_length=200),
    without_vat: bool = Query(False, description="Legal entities: prices net of VAT"),
):
    prices = caller_prices(request, without_vat=without_vat)
    outcome = selectors.search(q, prices=prices)
    return {
        "query": outcome.query,
        "brands": [brand_match_out(m) for m in outcome.brands],
        "parts": [
            {
                "part_id": p.part_id,
                "brand": p.brand_name,
                "brand_slug": p.brand_slug,
                "number": p.number,
                "name": p.name,
                "offer_count": p.offer_count,
                "min_price": p.min_price,
            }
            for p in outcome.named_parts
        ],
        "close_numbers": [close_out(c) for c in outcome.close],
        "prices": prices_out(prices),
    }


@router.get("/search/brands", response=BrandsOut, summary="The brands that have an article number")
def search_brands(request, number: str = Query(..., min_length=1, max_length=64)):
    number_norm = require_number(number)
    brands = selectors.brands_for_number(number)
    close = [] if brands else selectors.close_numbers(number)
    return {
        "number": number,
        "number_norm": number_norm,
        "brands": [brand_match_out(m) for m in brands],
        "close_numbers": [close_out(c) for c in close],
    }


@router.get(
    "/search/offers", response=OffersOut, summary="Offers for a part and its analogs, grouped"
)
def search_offers(request, query: Query[OffersQuery]):
    require_number(query.number)
    part = selectors.part_for_brand_number(brand=query.brand, number=query.number)
    if part is None:
        raise ApiError(
            "part_not_found",
            _("The brand %(brand)s has no part with the number %(number)s.")
            % {"brand": query.brand, "number": query.number},
            status=404,
        )
    filters = selectors.OfferFilters(
        in_stock=query.in_stock,
        max_days=query.max_days,
        brands=query.filter_brand,
        sort=query.sort,
        page=query.page,
        page_size=query.page_size,
    )
    prices = caller_prices(request, without_vat=query.without_vat)
    result = selectors.offers_for_part(part, filters, prices)
    return {
        "part": part_ref(part.id, part.brand.name, part.brand.slug, part.number, part.name),
        "analogs": [analog_out(link, str(part)) for link in result.analogs],
        "groups": [
            {
                "kind": group.kind,
                "label": group_label(group.kind),
                "offers": [offer_out(o) for o in group.offers],
            }
            for group in result.groups
        ],
        "brands": [vars(facet) for facet in result.brand_facets],
        "total": result.total,
        "page": filters.page,
        "pages": result.pages,
        "page_size": filters.page_size,
        "sort": filters.sort,
        "prices": prices_out(prices),
    }


@router.get("/search/suggest", response=SuggestOut, summary="Autocomplete from 3 characters")
def search_suggest(request, q: str = Query(..., max_length=100)):
    return {
        "suggestions": [
            {
                "kind": s.kind,
                "text": s.text,
                "brand": s.brand_name,
                "brand_slug": s.brand_slug,
                "number": s.number,
                "name": s.name,
            }
            for s in selectors.suggest(q)
        ]
    }


class PriceTermsOut(Out):
    price_group: str | None = Field(description="null: retail")
    group_discount_percent: Decimal
    personal_discount_percent: Decimal
    discount_percent: Decimal = Field(description="Both together, off retail")
    can_exclude_vat: bool = Field(description="Legal entities may ask prices without_vat")
    vat_percent: Decimal


@router.get(
    "/prices",
    response=PriceTermsOut,
    auth=signed_in,
    summary="The caller's price group and discount",
)
def price_terms(request):
    customer = customer_of(request)
    if customer is None:
        raise ApiError("not_a_customer", _("Only customers have price terms."), status=403)
    prices = price_view(customer)
    terms = prices.terms
    return {
        "price_group": terms.group_name or None,
        "group_discount_percent": terms.group_discount,
        "personal_discount_percent": terms.personal_discount,
        "discount_percent": terms.discount_percent,
        "can_exclude_vat": prices.vat_toggle,
        "vat_percent": pricing_settings().vat_percent.quantize(CENT),
    }
