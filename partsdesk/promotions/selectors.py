"""How promotions and a promo code price a cart, and what the customer and the desk read.

The rule (docs/promotions.md):
1. Each line starts at the customer's own price (`price_for_customer`: retail, their group's
   and personal discount).
2. The best automatic promotion active now for the line's brand or supplier (the biggest
   percent; promotions never add up with each other) takes its percent off the unit price,
   rounded half up to the kopeck.
3. A promo code then applies to what remains, over the whole order: a percent code takes its
   percent off each unit price (to the kopeck); a fixed code is split across the lines in
   proportion to their amounts, in whole kopecks per unit, so that each line's amount is
   still `unit_price × quantity` and the lines add up exactly to the order's total. When the
   quantities cannot carry the exact amount (10.00 off three units), the discount is the
   nearest amount below it. A code never takes a line below zero; delivery is never
   discounted. The minimum order is checked against the parts after promotions.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer
from partsdesk.pricing.models import Offer
from partsdesk.pricing.selectors import price_for_customer
from partsdesk.storefront.templatetags.storefront import money

from .models import DiscountKind, PromoCode, PromoRedemption, Promotion, normalize_code

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class PromoCodeRefused(Exception):
    """Why a code cannot be used on this order: `code` for the API, `message` for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _percent_off(price: Decimal, percent: Decimal) -> Decimal:
    return (price * (HUNDRED - percent) / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _valid_at(now: datetime.datetime) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=now)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )


def promotions_active(now: datetime.datetime | None = None) -> QuerySet[Promotion]:
    """Automatic promotions on now, biggest first."""
    return (
        Promotion.objects.filter(_valid_at(_now(now)), is_active=True)
        .select_related("brand", "supplier")
        .order_by("-percent", "id")
    )


def best_promotion(
    promotions: list[Promotion], *, brand_id: int, supplier_id: int
) -> Promotion | None:
    """The biggest of `promotions` (sorted biggest first) covering this brand and supplier."""
    for promotion in promotions:
        if promotion.brand_id not in (None, brand_id):
            continue
        if promotion.supplier_id not in (None, supplier_id):
            continue
        return promotion
    return None


# --- promo codes --------------------------------------------------------------------------


def promo_code_by_text(raw: str, *, lock: bool = False) -> PromoCode:
    """The code the customer typed (any case, spaces ignored); refused when unknown or off."""
    text = normalize_code(raw)
    codes = PromoCode.objects.select_for_update() if lock else PromoCode.objects
    code = codes.filter(code=text).first() if text else None
    if code is None or not code.is_active:
        raise PromoCodeRefused(
            "promo_code_unknown", _("There is no promo code “%(code)s”.") % {"code": raw.strip()}
        )
    return code


def promo_code_uses_by(code: PromoCode, customer: Customer) -> int:
    return PromoRedemption.objects.filter(code=code, customer=customer).count()


def promo_code_check(
    code: PromoCode,
    *,
    customer: Customer | None,
    subtotal: Decimal,
    now: datetime.datetime | None = None,
) -> None:
    """Refuse (PromoCodeRefused) a code that cannot be used on an order of `subtotal` now.

    Called under the code row's lock by checkout, so the limits read here hold."""
    now = _now(now)
    if code.valid_from and now < code.valid_from:
        raise PromoCodeRefused(
            "promo_code_not_yet_valid",
            _("The promo code %(code)s is valid from %(date)s.")
            % {"code": code.code, "date": _date(code.valid_from)},
        )
    if code.valid_until and now >= code.valid_until:
        raise PromoCodeRefused(
            "promo_code_expired",
            _("The promo code %(code)s expired on %(date)s.")
            % {"code": code.code, "date": _date(code.valid_until)},
        )
    if code.limit_total is not None and code.used_count >= code.limit_total:
        raise PromoCodeRefused(
            "promo_code_used_up",
            _("The promo code %(code)s has been used up.") % {"code": code.code},
        )
    if (
        customer is not None
        and code.limit_per_customer is not None
        and promo_code_uses_by(code, customer) >= code.limit_per_customer
    ):
        raise PromoCodeRefused(
            "promo_code_already_used",
            _("You have already used the promo code %(code)s.") % {"code": code.code},
        )
    if subtotal < code.minimum_order:
        raise PromoCodeRefused(
            "promo_code_below_minimum",
            _("The promo code %(code)s is for orders from %(minimum)s; the parts cost %(total)s.")
            % {"code": code.code, "minimum": money(code.minimum_order), "total": money(subtotal)},
        )


def _date(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- pricing a cart -----------------------------------------------------------------------


@dataclass
class PricedLine:
    """One line priced: the customer's price, after the promotion, after the code."""

    offer_id: int
    quantity: int
    base_price: Decimal
    promotion: Promotion | None = None
    promo_price: Decimal = Decimal("0.00")
    unit_price: Decimal = Decimal("0.00")
    code: PromoCode | None = None

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def base_amount(self) -> Decimal:
        return self.base_price * self.quantity

    @property
    def discount(self) -> Decimal:
        return self.base_amount - self.amount

    @property
    def promotion_discount(self) -> Decimal:
        return (self.base_price - self.promo_price) * self.quantity

    @property
    def code_discount(self) -> Decimal:
        return (self.promo_price - self.unit_price) * self.quantity

    @property
    def note(self) -> str:
        """What discounted the line, in words (kept on the order position)."""
        parts = []
        if self.promotion is not None and self.promotion_discount:
            parts.append(
                _("%(name)s: %(percent)s percent off")
                % {"name": self.promotion.name, "percent": _number(self.promotion.percent)}
            )
        if self.code is not None and self.code_discount:
            parts.append(_("promo code %(code)s") % {"code": self.code.code})
        return "; ".join(parts)[:300]


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


@dataclass
class CartPricing:
    lines: list[PricedLine] = field(default_factory=list)
    code: PromoCode | None = None
    code_text: str = ""
    code_problem: PromoCodeRefused | None = None

    def line_for(self, offer_id: int) -> PricedLine | None:
        return next((line for line in self.lines if line.offer_id == offer_id), None)

    @property
    def items_before_discount(self) -> Decimal:
        return sum((line.base_amount for line in self.lines), Decimal("0.00"))

    @property
    def promotions_discount(self) -> Decimal:
        return sum((line.promotion_discount for line in self.lines), Decimal("0.00"))

    @property
    def after_promotions(self) -> Decimal:
        return self.items_before_discount - self.promotions_discount

    @property
    def code_discount(self) -> Decimal:
        return sum((line.code_discount for line in self.lines), Decimal("0.00"))

    @property
    def discount(self) -> Decimal:
        return self.items_before_discount - self.items_total

    @property
    def items_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def _split_fixed(lines: list[PricedLine], amount: Decimal) -> None:
    """Take `amount` off the lines in proportion to their amounts, in whole kopecks per unit,
    never below zero; what the quantities cannot carry is not taken (a few kopecks)."""
    total = sum(int(line.promo_price * 100) * line.quantity for line in lines)
    wanted = min(int(amount * 100), total)
    if not wanted:
        return
    # Each line's share by the largest remainder, then per unit (rounded down).
    shares, remainders = [], []
    for index, line in enumerate(lines):
        exact = wanted * int(line.promo_price * 100) * line.quantity
        shares.append(exact // total)
        remainders.append((exact % total, -index))
    left = wanted - sum(shares)
    for _remainder, negative_index in sorted(remainders, reverse=True)[:left]:
        shares[-negative_index] += 1
    per_unit = [share // line.quantity for share, line in zip(shares, lines, strict=True)]
    left = wanted - sum(p * line.quantity for p, line in zip(per_unit, lines, strict=True))
    # What rounding down per unit left over: one kopeck per unit more where it fits, lines
    # with the most units first, then the smaller ones fill in.
    order = sorted(range(len(lines)), key=lambda i: (-lines[i].quantity, i))
    progress = True
    while left > 0 and progress:
        progress = False
        for i in order:
            line = lines[i]
            if line.quantity <= left and per_unit[i] < int(line.promo_price * 100):
                per_unit[i] += 1
                left -= line.quantity
                progress = True
    for line, off in zip(lines, per_unit, strict=True):
        line.unit_price = line.promo_price - Decimal(off) / 100
        line.code = line.code if off else None


def price_lines(
    customer: Customer | None,
    items: list[tuple[Offer, int]],
    *,
    code: PromoCode | None = None,
    promotions: list[Promotion] | None = None,
    now: datetime.datetime | None = None,
) -> CartPricing:
    """Price `(offer, quantity)` lines for `customer`: promotions, then `code` (already
    checked by the caller) over the whole order. Offers need `part` loaded; one query for the
    promotions unless given."""
    if promotions is None:
        promotions = list(promotions_active(now))
    pricing = CartPricing(code=code)
    for offer, quantity in items:
        base = price_for_customer(customer, offer.price)
        promotion = best_promotion(
            promotions, brand_id=offer.part.brand_id, supplier_id=offer.supplier_id
        )
        promo_price = _percent_off(base, promotion.percent) if promotion else base
        pricing.lines.append(
            PricedLine(
                offer_id=offer.pk,
                quantity=quantity,
                base_price=base,
                promotion=promotion,
                promo_price=promo_price,
                unit_price=promo_price,
            )
        )
    if code is None:
        return pricing
    if code.kind == DiscountKind.PERCENT:
        for line in pricing.lines:
            line.unit_price = _percent_off(line.promo_price, code.value)
            line.code = code if line.unit_price != line.promo_price else None
    else:
        for line in pricing.lines:
            line.code = code
        _split_fixed(pricing.lines, code.value)
    return pricing


def price_lines_with_code(
    customer: Customer | None,
    items: list[tuple[Offer, int]],
    *,
    code_text: str = "",
    now: datetime.datetime | None = None,
) -> CartPricing:
    """A preview for the checkout page and the API: the lines priced with the code the
    customer typed, or without it and `code_problem` saying why it does not apply."""
    promotions = list(promotions_active(now))
    pricing = price_lines(customer, items, promotions=promotions, now=now)
    if not code_text.strip():
        return pricing
    try:
        code = promo_code_by_text(code_text)
        promo_code_check(code, customer=customer, subtotal=pricing.items_total, now=now)
    except PromoCodeRefused as refused:
        pricing.code_text = normalize_code(code_text)
        pricing.code_problem = refused
        return pricing
    priced = price_lines(customer, items, code=code, promotions=promotions, now=now)
    priced.code_text = code.code
    return priced


# --- what customers and the desk read -------------------------------------------------------


def redemptions_of(customer: Customer) -> QuerySet[PromoRedemption]:
    return PromoRedemption.objects.filter(customer=customer).select_related("code", "order")


def promo_codes_with_usage() -> QuerySet[PromoCode]:
    return PromoCode.objects.annotate(redemptions_count=Count("redemptions")).order_by(
        "-is_active", "-created_at", "-id"
    )


def promotions_for_desk() -> QuerySet[Promotion]:
    return Promotion.objects.select_related("brand", "supplier").order_by(
        "-is_active", "-created_at", "-id"
    )


def can_manage_promotions(user) -> bool:
    return user.is_authenticated and user.has_perm("promotions.manage_promotions")
