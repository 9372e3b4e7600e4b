"""The demo's orders: the demo customers' orders in several states, made through the
services so that every timeline is real, and one overdue order in Olga's review queue.

Needs the demo catalog, accounts and shop (load_demo, load_demo_accounts, load_demo_shop);
without them it does nothing. A second run changes nothing (demo orders carry DEMO_MARK).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partsdesk.accounts.models import Customer, User
from partsdesk.accounts.selectors import current_offer
from partsdesk.pricing.models import Offer
from partsdesk.pricing.selectors import price_for_customer
from partsdesk.shop import selectors as shop

from . import services
from .escalation import senior_managers
from .models import Lead, Order, PaymentMethod
from .replacements import next_best_offer, position_offer_replacement
from .selectors import CartItem
from .services import DeliveryChoice, ExpectedLine
from .statuses import Delivery, RejectReason
from .supplier_stats import supplier_stats_refresh

DEMO_MARK = "Демо-заказ"
IVAN, ROMASHKA = "ivan@example.com", "buyer@romashka.example"


def _offers(count: int) -> list[Offer]:
    """In-stock offers of distinct parts, one per piece, from different suppliers first."""
    found, parts = [], set()
    candidates = (
        Offer.objects.filter(
            quantity__gte=20,
            pack_multiple=1,
            quantity_is_lower_bound=False,
            supplier__is_active=True,
        )
        .select_related("part__brand", "supplier")
        .order_by("supplier_id", "id")
    )
    by_supplier: dict[int, list[Offer]] = {}
    for offer in candidates[:400]:
        by_supplier.setdefault(offer.supplier_id, []).append(offer)
    while len(found) < count and any(by_supplier.values()):
        for offers in by_supplier.values():
            while offers:
                offer = offers.pop(0)
                if offer.part_id not in parts:
                    parts.add(offer.part_id)
                    found.append(offer)
                    break
    return found[:count]


def _place(customer: Customer, offers: list[Offer], point, *, payment: str, note: str) -> Order:
    return services.order_place(
        customer,
        lines=[
            ExpectedLine(offer.pk, 1 + index % 2, price_for_customer(customer, offer.price))
            for index, offer in enumerate(offers)
        ],
        delivery=DeliveryChoice(Delivery.PICKUP, pickup_point_id=point.pk),
        payment_method=payment,
        recipient_name=customer.full_name,
        recipient_phone=customer.user.phone,
        expected_total=None,
        comment=f"{DEMO_MARK}: {note}",
    )


@transaction.atomic
def load_demo_orders() -> dict:
    if Order.objects.filter(comment__startswith=DEMO_MARK).exists():
        return {"created": [], "reason": gettext("already loaded")}
    ivan = Customer.objects.filter(user__email=IVAN).select_related("user", "manager").first()
    romashka = (
        Customer.objects.filter(user__email=ROMASHKA).select_related("user", "manager").first()
    )
    point = shop.pickup_points_active().first()
    offers = _offers(9)
    senior = senior_managers().first()
    if not (ivan and romashka and point and senior and len(offers) == 9):
        return {
            "created": [],
            "reason": gettext("load the demo catalog, accounts and shop first"),
        }

    def manager_of(customer: Customer) -> User:
        return customer.manager or senior

    # Confirming reserves the money for card and balance orders: the customers need some.
    # (Imported here: the billing demo reads this module's customers.)
    from partsdesk.billing.demo_orders import fund_demo_customers

    fund_demo_customers()
    created = []
    # Ivan: one order all the way along: ready for pickup, issued, rejected (with the
    # next-best replacement offered for him to accept).
    order = _place(
        ivan, offers[0:3], point, payment=PaymentMethod.CARD, note="готов к выдаче, выдан, отказ"
    )
    manager = manager_of(ivan)
    services.order_confirm(order, actor=manager, contact_note="Позвонила, клиент подтвердил")
    ready, rejected, issued = list(order.positions.order_by("id"))
    services.positions_send_to_supplier([ready, rejected, issued], actor=manager)
    for position in (ready, issued):
        services.position_supplier_shipped(position, actor=manager)
        services.position_received(position, actor=manager)
        services.position_ready_for_pickup(position, actor=manager)
    services.position_issued(issued, actor=manager, comment="Выдан в пункте выдачи")
    services.position_supplier_rejected(
        rejected, actor=manager, reason=RejectReason.OUT_OF_STOCK, comment="Нет на складе"
    )
    rejected.refresh_from_db()
    best = next_best_offer(rejected)
    if best is not None:
        position_offer_replacement(
            rejected, actor=manager, offer_id=best.offer.pk, quantity=best.quantity
        )
    created.append(order.number)

    # Ivan: confirmed, not yet sent.
    order = _place(ivan, offers[3:4], point, payment=PaymentMethod.CARD, note="подтверждён")
    services.order_confirm(order, actor=manager, contact_note="Подтвердил по телефону")
    created.append(order.number)

    # Ivan: new and overdue, placed yesterday: at the top of his manager's queue, in red.
    order = _place(ivan, offers[4:5], point, payment=PaymentMethod.CASH_AT_PICKUP, note="просрочен")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Order.objects.filter(pk=order.pk).update(
        placed_at=yesterday, review_due_at=yesterday + datetime.timedelta(hours=2)
    )
    created.append(order.number)

    # ООО «Ромашка»: ordered from the supplier, received at the warehouse; and a new one.
    manager = manager_of(romashka)
    order = _place(
        romashka, offers[5:7], point, payment=PaymentMethod.BANK_INVOICE, note="у поставщика"
    )
    services.order_confirm(order, actor=manager, contact_note="Согласовано с закупщиком")
    at_supplier, received = list(order.positions.order_by("id"))
    services.positions_send_to_supplier([at_supplier, received], actor=manager)
    services.position_supplier_shipped(received, actor=manager)
    services.position_received(received, actor=manager)
    created.append(order.number)
    order = _place(romashka, offers[7:9], point, payment=PaymentMethod.BANK_INVOICE, note="новый")
    created.append(order.number)

    # A visitor's quick order waiting for a call back.
    public_offer = current_offer()
    if public_offer is not None and not Lead.objects.exists():
        services.lead_create(
            name="Сергей",
            phone="+7 903 123-45-67",
            personal_data_consent=True,
            offer_version=public_offer.version,
            items=[CartItem(offers[0].pk, 1, offers[0].price)],
            comment="Перезвоните после 18:00",
        )
    supplier_stats_refresh()
    return {"created": created}
