"""Demo promotions: the WELCOME10 code (10 percent off a first order of 3 000 or more, once
per customer) and a month of 15 percent off KNECHT filters. Idempotent: `load_demo()` may
run again and changes nothing that is already there. Called by the shop's demo command."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partsdesk.catalog.models import Brand

from .models import DiscountKind, PromoCode, Promotion

DEMO_CODE = "WELCOME10"
DEMO_FIXED_CODE = "MINUS500"
DEMO_BRAND = "KNECHT"
DEMO_PROMOTION = "Неделя KNECHT"


@transaction.atomic
def load_demo() -> dict[str, int]:
    """The demo codes and promotion; what was created, by kind."""
    now = timezone.now()
    created = {"codes": 0, "promotions": 0}
    _code, made = PromoCode.objects.get_or_create(
        code=DEMO_CODE,
        defaults={
            "kind": DiscountKind.PERCENT,
            "value": Decimal("10"),
            "description": "Скидка 10 % на первый заказ от 3 000 ₽",
            "minimum_order": Decimal("3000.00"),
            "limit_per_customer": 1,
        },
    )
    created["codes"] += made
    _code, made = PromoCode.objects.get_or_create(
        code=DEMO_FIXED_CODE,
        defaults={
            "kind": DiscountKind.FIXED,
            "value": Decimal("500.00"),
            "description": "500 ₽ с заказа от 5 000 ₽, первые 100 заказов",
            "minimum_order": Decimal("5000.00"),
            "limit_total": 100,
            "limit_per_customer": 1,
        },
    )
    created["codes"] += made
    brand = Brand.objects.filter(name=DEMO_BRAND).first()
    if brand is not None and not Promotion.objects.filter(name=DEMO_PROMOTION).exists():
        Promotion.objects.create(
            name=DEMO_PROMOTION,
            description="Минус 15 % на все запчасти KNECHT, от любого поставщика.",
            brand=brand,
            percent=Decimal("15"),
            valid_from=now - datetime.timedelta(days=1),
            valid_until=now + datetime.timedelta(days=30),
        )
        created["promotions"] += 1
    return created
