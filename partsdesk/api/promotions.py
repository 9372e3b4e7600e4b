"""Promotions for the mobile app: the automatic promotions on now (`GET /api/v1/promotions`),
the codes the customer has used, and a promo code previewed on the cart
(`POST /api/v1/cart/promo-code`) — the lines priced as checkout will price them, whose
`unit_price` the app confirms in `POST /api/v1/orders` with the same `promo_code`."""

import datetime
from decimal import Decimal

from ninja import Router
from pydantic import Field

from partsdesk.orders import selectors as order_selectors
from partsdesk.orders.services import CustomerCart
from partsdesk.promotions import selectors
from partsdesk.promotions.selectors import CartPricing

from .account import the_customer
from .errors import ApiError
from .search import Out
from .security import signed_in

router = Router(tags=["promotions"])


class PricedLineOut(Out):
    offer_id: int
    quantity: int
    price_before_discount: Decimal = Field(description="The customer's own price per unit")
    promotion: str | None = Field(description="The automatic promotion applied, if any")
    promotion_percent: Decimal | None
    unit_price: Decimal = Field(description="Per unit after all discounts: confirm this price")
    discount: Decimal = Field(description="Taken off the line by the promotion and the code")
    amount: Decimal
    discount_note: str


class PricingOut(Out):
    lines: list[PricedLineOut]
    items_before_discount: Decimal
    promotions_discount: Decimal
    promo_code: str | None
    promo_code_discount: Decimal
    items_total: Decimal = Field(description="The parts after all discounts (delivery apart)")


def pricing_out(pricing: CartPricing) -> dict:
    return {
        "lines": [
            {
                "offer_id": line.offer_id,
                "quantity": line.quantity,
                "price_before_discount": line.base_price,
                "promotion": line.promotion.name if line.promotion else None,
                "promotion_percent": line.promotion.percent if line.promotion else None,
                "unit_price": line.unit_price,
                "discount": line.discount,
                "amount": line.amount,
                "discount_note": line.note,
            }
            for line in pricing.lines
        ],
        "items_before_discount": pricing.items_before_discount,
        "promotions_discount": pricing.promotions_discount,
        "promo_code": pricing.code.code if pricing.code else None,
        "promo_code_discount": pricing.code_discount,
        "items_total": pricing.items_total,
    }


def cart_pricing(customer, code_text: str = "") -> CartPricing:
    view = order_selectors.cart_view(CustomerCart(customer).items(), customer)
    return selectors.price_lines_with_code(
        customer,
        [(row.offer, row.quantity) for row in view.rows if row.offer is not None],
        code_text=code_text,
    )


class PromoCodeIn(Out):
    code: str = Field(min_length=1, max_length=32)


@router.post(
    "/cart/promo-code",
    response=PricingOut,
    auth=signed_in,
    summary="Preview a promo code on the cart: every line priced with it",
    description="Answers 422 with the reason (`promo_code_unknown`, `promo_code_expired`, "
    "`promo_code_not_yet_valid`, `promo_code_below_minimum`, `promo_code_used_up`, "
    "`promo_code_already_used`) when it cannot be used. Nothing is reserved: the code is "
    "taken when the order is placed with it.",
)
def promo_code_preview(request, data: PromoCodeIn):
    pricing = cart_pricing(the_customer(request), data.code)
    if pricing.code_problem:
        raise ApiError(pricing.code_problem.code, pricing.code_problem.message, status=422)
    return pricing_out(pricing)


@router.get(
    "/cart/pricing",
    response=PricingOut,
    auth=signed_in,
    summary="The cart priced after automatic promotions (what checkout confirms)",
)
def cart_pricing_get(request):
    return pricing_out(cart_pricing(the_customer(request)))


class PromotionOut(Out):
    id: int
    name: str
    description: str
    brand: str | None
    supplier: str | None
    percent: Decimal
    valid_from: datetime.datetime | None
    valid_until: datetime.datetime | None


class UsedCodeOut(Out):
    code: str
    order: str
    discount: Decimal
    used_at: datetime.datetime


class PromotionsOut(Out):
    promotions: list[PromotionOut]
    used_codes: list[UsedCodeOut]


@router.get(
    "/promotions",
    response=PromotionsOut,
    auth=signed_in,
    summary="The automatic promotions on now and the promo codes the customer has used",
)
def promotions_list(request):
    customer = the_customer(request)
    return {
        "promotions": [
            {
                "id": p.pk,
                "name": p.name,
                "description": p.description,
                "brand": p.brand.name if p.brand else None,
                "supplier": p.supplier.name if p.supplier else None,
                "percent": p.percent,
                "valid_from": p.valid_from,
                "valid_until": p.valid_until,
            }
            for p in selectors.promotions_active()
        ],
        "used_codes": [
            {
                "code": r.code.code,
                "order": r.order.number,
                "discount": r.discount,
                "used_at": r.created_at,
            }
            for r in selectors.redemptions_of(customer)
        ],
    }
