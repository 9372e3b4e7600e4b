from decimal import Decimal

import factory

from ..models import DiscountKind, PromoCode, Promotion


class PromoCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromoCode

    code = factory.Sequence(lambda n: f"CODE{n}")
    kind = DiscountKind.PERCENT
    value = Decimal("10")


class PromotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promotion

    name = factory.Sequence(lambda n: f"Sale {n}")
    percent = Decimal("10")
