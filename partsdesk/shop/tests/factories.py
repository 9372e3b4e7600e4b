from decimal import Decimal

import factory

from partsdesk.shop.models import DeliveryBand, PickupPoint


class PickupPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PickupPoint

    name = factory.Sequence(lambda n: f"Пункт выдачи {n}")
    city = "Москва"
    address = factory.Sequence(lambda n: f"ул. Складочная, {n + 1}")
    working_hours = "Пн–Пт 9:00–19:00"
    phone = "+7 495 120-00-00"


class DeliveryBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryBand
        django_get_or_create = ["weight_up_to_kg"]

    weight_up_to_kg = Decimal("1")
    price = Decimal("300.00")
