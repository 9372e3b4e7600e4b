"""Factories for orders. `place_order` goes through checkout itself (stock, number, events,
notifications), so an order made here is one the shop could have made; the model factories
below are for a row in a given state without its history."""

import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.billing.order_payments import RESERVED_AT_CONFIRMATION
from partsdesk.billing.services import shop_account, to_minor, top_up
from partsdesk.pricing.selectors import price_for_customer
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.shop.models import DeliveryBand, PickupPoint

from ..models import CartLine, Lead, Order, OrderPosition, PaymentMethod
from ..services import DeliveryChoice, ExpectedLine, order_place
from ..statuses import Delivery, PositionStatus


class PickupPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PickupPoint

    name = factory.Sequence(lambda n: f"Пункт выдачи {n}")
    city = "Москва"
    address = factory.Sequence(lambda n: f"ул. Тверская, {n + 1}")
    working_hours = "Пн–Сб 9:00–21:00"
    map_url = "https://yandex.ru/maps/?pt=37.61,55.75"


class DeliveryBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryBand
        django_get_or_create = ("weight_up_to_kg",)

    weight_up_to_kg = Decimal("10")
    price = Decimal("500.00")


class CartLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CartLine

    customer = factory.SubFactory(CustomerFactory)
    offer = factory.SubFactory(OfferFactory)
    quantity = 1
    price_seen = factory.LazyAttribute(lambda o: price_for_customer(o.customer, o.offer.price))


def place_order(
    customer,
    offers_and_quantities=None,
    *,
    pickup_point=None,
    address=None,
    payment_method: str = PaymentMethod.CARD,
    comment: str = "",
    funded: bool = True,
) -> Order:
    """An order placed through checkout: `[(offer, quantity), …]` (one new offer by default)
    to a pickup point (a new one by default) or to `address` by courier.

    `funded`: an order paid from the balance (card, balance, bank invoice) comes with a real
    top-up of what it costs, so that the manager's confirmation can reserve it
    (billing.order_payments); `funded=False` leaves the balance as it was."""
    lines = offers_and_quantities or [(OfferFactory(quantity=10), 1)]
    if address is not None:
        delivery = DeliveryChoice(Delivery.COURIER, address_id=address.pk)
    else:
        point = pickup_point or PickupPointFactory()
        delivery = DeliveryChoice(Delivery.PICKUP, pickup_point_id=point.pk)
    order = order_place(
        customer,
        lines=[
            ExpectedLine(offer.pk, quantity, price_for_customer(customer, offer.price))
            for offer, quantity in lines
        ],
        delivery=delivery,
        payment_method=payment_method,
        recipient_name=customer.full_name or "Иван",
        recipient_phone=customer.user.phone or "+79161234567",
        expected_total=None,
        comment=comment,
    )
    if funded and payment_method in RESERVED_AT_CONFIRMATION and order.amount_due:
        fund(customer, order.amount_due, key=f"test-funds:order:{order.pk}")
    return order


def fund(customer, amount: Decimal, *, key: str | None = None):
    """A real top-up of `amount` onto the customer's balance (through the shop's bank)."""
    return top_up(
        customer,
        amount=to_minor(amount),
        source=shop_account("bank"),
        key=key or f"test-funds:{customer.pk}:{uuid.uuid4()}",
        memo="Test funds",
    )


class OrderFactory(factory.django.DjangoModelFactory):
    """An order row with no positions or history; prefer `place_order`."""

    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"2601-{n + 1:06d}")
    customer = factory.SubFactory(CustomerFactory)
    placed_at = factory.LazyFunction(timezone.now)
    review_due_at = factory.LazyFunction(timezone.now)
    recipient_name = "Иван Петров"
    recipient_phone = "+79161234567"
    delivery = Delivery.PICKUP
    pickup_point = factory.SubFactory(PickupPointFactory)
    delivery_to = factory.LazyAttribute(lambda o: str(o.pickup_point))
    weight_kg = Decimal("1.000")
    delivery_cost = Decimal("0.00")
    payment_method = PaymentMethod.CARD


class OrderPositionFactory(factory.django.DjangoModelFactory):
    """A position in a given status, copied from an offer; no timeline, no stock taken."""

    class Meta:
        model = OrderPosition

    order = factory.SubFactory(OrderFactory)
    offer = factory.SubFactory(OfferFactory)
    part = factory.LazyAttribute(lambda o: o.offer.part)
    supplier = factory.LazyAttribute(lambda o: o.offer.supplier)
    brand_name = factory.LazyAttribute(lambda o: o.offer.part.brand.name)
    number = factory.LazyAttribute(lambda o: o.offer.part.number)
    part_name = factory.LazyAttribute(lambda o: o.offer.part.name)
    supplier_name = factory.LazyAttribute(lambda o: o.offer.supplier.name)
    warehouse_name = factory.LazyAttribute(lambda o: o.offer.warehouse.name)
    delivery_days_min = factory.LazyAttribute(lambda o: o.offer.delivery_days_min)
    delivery_days_max = factory.LazyAttribute(lambda o: o.offer.delivery_days_max)
    pack_multiple = factory.LazyAttribute(lambda o: o.offer.pack_multiple)
    quantity = 1
    unit_price = factory.LazyAttribute(lambda o: o.offer.price)
    status = PositionStatus.NEW
    status_changed_at = factory.LazyFunction(timezone.now)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    name = "Пётр"
    phone = "+79161112233"
    personal_data_consent_at = factory.LazyFunction(timezone.now)
    offer = factory.SubFactory("partsdesk.accounts.tests.factories.PublicOfferFactory")
    offer_accepted_at = factory.LazyFunction(timezone.now)
