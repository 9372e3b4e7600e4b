"""Everything that changes promo codes and promotions.

Checkout (orders.services.order_place) takes a code with `promo_code_take` (the code row
locked, its limits counted under the lock) and records the use with `promo_code_redeem` in
the order's transaction, so a code limited to N uses is used at most N times however many
customers try it at once. Locking order: the offers (checkout), then the code row, then the
order number counter. A cancelled order does not give the use back (docs/promotions.md).
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer
from partsdesk.catalog.models import Brand
from partsdesk.pricing.models import Supplier

from .models import DiscountKind, PromoCode, PromoRedemption, Promotion, normalize_code
from .selectors import promo_code_by_text, promo_code_check


class PromotionError(Exception):
    """A refused change: `field` (or None) and a message for people; nothing was changed."""

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


# --- at checkout ----------------------------------------------------------------------------


def promo_code_take(
    text: str, *, customer: Customer, subtotal: Decimal, now: datetime.datetime | None = None
) -> PromoCode:
    """The code `text`, locked for the rest of the caller's transaction and checked against
    its dates, limits and minimum; PromoCodeRefused otherwise. Call inside a transaction."""
    code = promo_code_by_text(text, lock=True)
    promo_code_check(code, customer=customer, subtotal=subtotal, now=now)
    return code


def promo_code_redeem(
    code: PromoCode, *, customer: Customer, order, discount: Decimal
) -> PromoRedemption:
    """Record one use of `code` (taken with promo_code_take in this transaction)."""
    redemption = PromoRedemption.objects.create(
        code=code, customer=customer, order=order, discount=discount
    )
    PromoCode.objects.filter(pk=code.pk).update(used_count=F("used_count") + 1)
    return redemption


# --- the desk -------------------------------------------------------------------------------


def _check_period(valid_from, valid_until) -> None:
    if valid_from and valid_until and valid_until <= valid_from:
        raise PromotionError(
            "invalid_period", _("The end must be after the start."), field="valid_until"
        )


@transaction.atomic
def promo_code_save(
    *,
    code: PromoCode | None = None,
    text: str,
    kind: str,
    value: Decimal,
    description: str = "",
    minimum_order: Decimal = Decimal("0.00"),
    valid_from: datetime.datetime | None = None,
    valid_until: datetime.datetime | None = None,
    limit_per_customer: int | None = None,
    limit_total: int | None = None,
    is_active: bool = True,
) -> PromoCode:
    """Create a code (`code` None) or change one. The text is kept upper-case; two codes
    differing only in case are one code."""
    text = normalize_code(text)
    if not text:
        raise PromotionError("code_required", _("Enter the code."), field="code")
    if kind not in DiscountKind.values:
        raise PromotionError("invalid_kind", _("Choose the kind of discount."), field="kind")
    if value is None or value <= 0:
        raise PromotionError("invalid_value", _("Enter a value above zero."), field="value")
    if kind == DiscountKind.PERCENT and value > 100:
        raise PromotionError(
            "invalid_value", _("A percent discount is at most 100."), field="value"
        )
    if minimum_order is None or minimum_order < 0:
        raise PromotionError(
            "invalid_minimum", _("The minimum order cannot be negative."), field="minimum_order"
        )
    _check_period(valid_from, valid_until)
    if code is not None:
        code = PromoCode.objects.select_for_update().get(pk=code.pk)
        if limit_total is not None and limit_total < code.used_count:
            raise PromotionError(
                "limit_below_used",
                _("The code has already been used %(count)d times.") % {"count": code.used_count},
                field="limit_total",
            )
    else:
        code = PromoCode()
    if PromoCode.objects.filter(code=text).exclude(pk=code.pk).exists():
        raise PromotionError(
            "code_taken", _("The code %(code)s already exists.") % {"code": text}, field="code"
        )
    code.code = text
    code.kind = kind
    code.value = value
    code.description = description.strip()[:300]
    code.minimum_order = minimum_order
    code.valid_from = valid_from
    code.valid_until = valid_until
    code.limit_per_customer = limit_per_customer
    code.limit_total = limit_total
    code.is_active = is_active
    try:
        with transaction.atomic():
            code.save()
    except IntegrityError as error:
        raise PromotionError(
            "code_taken", _("The code %(code)s already exists.") % {"code": text}, field="code"
        ) from error
    return code


@transaction.atomic
def promo_code_deactivate(code: PromoCode) -> PromoCode:
    code = PromoCode.objects.select_for_update().get(pk=code.pk)
    code.is_active = False
    code.save(update_fields=["is_active"])
    return code


@transaction.atomic
def promotion_save(
    *,
    promotion: Promotion | None = None,
    name: str,
    percent: Decimal,
    brand: Brand | None = None,
    supplier: Supplier | None = None,
    description: str = "",
    valid_from: datetime.datetime | None = None,
    valid_until: datetime.datetime | None = None,
    is_active: bool = True,
) -> Promotion:
    """Create an automatic promotion (`promotion` None) or change one."""
    name = name.strip()
    if not name:
        raise PromotionError("name_required", _("Enter the promotion's name."), field="name")
    if brand is None and supplier is None:
        raise PromotionError(
            "target_required", _("Choose a brand, a supplier or both."), field="brand"
        )
    if percent is None or not Decimal(0) < percent <= 100:
        raise PromotionError(
            "invalid_percent", _("Enter a percent above 0 and at most 100."), field="percent"
        )
    _check_period(valid_from, valid_until)
    promotion = promotion or Promotion()
    promotion.name = name[:200]
    promotion.description = description.strip()[:1000]
    promotion.percent = percent
    promotion.brand = brand
    promotion.supplier = supplier
    promotion.valid_from = valid_from
    promotion.valid_until = valid_until
    promotion.is_active = is_active
    promotion.save()
    return promotion


@transaction.atomic
def promotion_deactivate(promotion: Promotion) -> Promotion:
    promotion.is_active = False
    promotion.save(update_fields=["is_active"])
    return promotion
