"""The demo's money for orders: Ivan's top-up, ООО «Ромашка»'s credit terms, an order of
Ivan's paid from the balance (one position issued and captured, one cancelled and released,
one confirmed and reserved), and the orders demo (partsdesk/orders/demo.py) brought into line
with the money rules, all through the services.

Order: run it before `load_demo_orders` (the manager's confirmations there find the money) and
again after it (it then confirms what waited for money and settles what an older demo
database confirmed or issued before orders were paid through the ledger). A second run changes
nothing.
"""

from django.db import transaction
from django.utils.translation import gettext

from partsdesk.accounts.models import Customer
from partsdesk.orders import services as orders
from partsdesk.orders.demo import IVAN, ROMASHKA
from partsdesk.orders.escalation import senior_managers
from partsdesk.orders.models import Order, PaymentMethod, PositionEvent
from partsdesk.orders.services import DeliveryChoice, ExpectedLine
from partsdesk.orders.statuses import DROPPED_STATUSES, Delivery, PositionStatus
from partsdesk.pricing.models import Offer
from partsdesk.pricing.selectors import price_for_customer
from partsdesk.shop import selectors as shop

from . import services
from .models import CreditTerms, Operation
from .order_payments import _key, held_orders_retry, ledger_of, reserves_at_confirmation

S = PositionStatus
DEMO_PAYMENT_MARK = "Демо-оплата"
IVAN_TOP_UP_KEY = "demo:ivan:top-up"
IVAN_TOP_UP = 5_000_000  # 50 000.00
ROMASHKA_CREDIT = 50_000_000  # 500 000.00
ROMASHKA_DEFERRAL_DAYS = 14
# Statuses after the manager's confirmation and before the hand-over: reserved.
COMMITTED = frozenset(
    {
        S.CONFIRMED,
        S.ORDERED_FROM_SUPPLIER,
        S.SHIPPED_BY_SUPPLIER,
        S.RECEIVED_AT_WAREHOUSE,
        S.READY_FOR_PICKUP,
        S.HANDED_TO_CARRIER,
    }
)


def _customer(email: str) -> Customer | None:
    return Customer.objects.filter(user__email=email).select_related("user", "manager").first()


@transaction.atomic
def load_demo() -> dict:
    ivan, romashka = _customer(IVAN), _customer(ROMASHKA)
    if ivan is None:
        return {"done": [], "reason": gettext("load the demo accounts first")}
    done = fund_demo_customers()
    customers = [c for c in (ivan, romashka) if c is not None]
    for order in Order.objects.filter(customer__in=customers).order_by("placed_at", "id"):
        if _bring_into_line(order):
            done.append(f"{order.number}: settled")
    for customer in customers:
        done += [f"{number}: confirmed" for number in held_orders_retry(customer)]
    number = _payment_showcase(ivan)
    if number:
        done.append(f"{number}: paid from the balance")
    return {"done": done}


@transaction.atomic
def fund_demo_customers() -> list[str]:
    """Ivan's top-up by card and ООО «Ромашка»'s credit terms, once."""
    ivan, romashka = _customer(IVAN), _customer(ROMASHKA)
    done = []
    if ivan is not None and not Operation.objects.filter(idempotency_key=IVAN_TOP_UP_KEY).exists():
        services.top_up(
            ivan,
            amount=IVAN_TOP_UP,
            source=services.provider_account("sandbox"),
            key=IVAN_TOP_UP_KEY,
            document="demo",
            memo=gettext("Demo top-up by card"),
        )
        done.append("ivan: top-up")
    if romashka is not None:
        _terms, created = CreditTerms.objects.get_or_create(
            customer=romashka,
            defaults={"limit": ROMASHKA_CREDIT, "deferral_days": ROMASHKA_DEFERRAL_DAYS},
        )
        if created:
            done.append("romashka: credit terms")
    return done


def _bring_into_line(order: Order) -> bool:
    """An order confirmed or issued before orders were paid through the ledger: reserve what
    its confirmed positions need, and reserve and capture what was issued. Returns whether
    anything was posted."""
    order = Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
    positions = list(order.positions.select_for_update().order_by("id"))
    held = ledger_of(order)
    posted = False
    for position in positions:
        if position.status in DROPPED_STATUSES:
            continue
        item = held[position.pk]
        due = services.to_minor(position.amount)
        issued = position.status == S.ISSUED
        if not issued and not (position.status in COMMITTED and reserves_at_confirmation(order)):
            continue
        missing = due - item.reserved - item.paid
        if missing > 0:
            services.reserve(
                order.customer,
                amount=missing,
                key=_key(order, position, "reserve", item),
                order=order,
                position=position,
                memo=f"{order.number}: {position.brand_name} {position.number}",
            )
            item.reserved += missing
            posted = True
        if issued and item.reserved > 0:
            event = (
                PositionEvent.objects.filter(position=position, to_status=S.ISSUED)
                .order_by("-id")
                .first()
            )
            services.capture(
                order.customer,
                amount=item.reserved,
                key=f"position-event:{event.pk}:capture"
                if event is not None
                else _key(order, position, "capture", item),
                order=order,
                position=position,
                memo=f"{order.number}: {position.brand_name} {position.number}",
            )
            posted = True
    return posted


def _offers(count: int) -> list[Offer]:
    found, parts = [], set()
    candidates = (
        Offer.objects.filter(
            quantity__gte=10,
            pack_multiple=1,
            quantity_is_lower_bound=False,
            supplier__is_active=True,
        )
        .select_related("part__brand", "supplier")
        .order_by("-id")
    )
    for offer in candidates[:200]:
        if offer.part_id not in parts:
            parts.add(offer.part_id)
            found.append(offer)
        if len(found) == count:
            break
    return found


def _payment_showcase(ivan: Customer) -> str | None:
    """Ivan's order paid from the balance: confirmed (reserved), then one position issued
    (captured), one cancelled by him (released); the third stays reserved."""
    if Order.objects.filter(customer=ivan, comment__startswith=DEMO_PAYMENT_MARK).exists():
        return None
    point = shop.pickup_points_active().first()
    manager = ivan.manager or senior_managers().first()
    offers = _offers(3)
    if point is None or manager is None or len(offers) < 3:
        return None
    order = orders.order_place(
        ivan,
        lines=[
            ExpectedLine(offer.pk, 1, price_for_customer(ivan, offer.price)) for offer in offers
        ],
        delivery=DeliveryChoice(Delivery.PICKUP, pickup_point_id=point.pk),
        payment_method=PaymentMethod.BALANCE,
        recipient_name=ivan.full_name,
        recipient_phone=ivan.user.phone,
        expected_total=None,
        comment=f"{DEMO_PAYMENT_MARK}: выдан, отменён, зарезервирован",
    )
    orders.order_confirm(
        order, actor=manager, contact_note="Подтвердил по телефону, оплата с баланса"
    )
    issued, cancelled, _reserved = list(order.positions.order_by("id"))
    if issued.status != S.CONFIRMED:  # the balance did not cover it: it waits for money
        return order.number
    orders.positions_send_to_supplier([issued], actor=manager)
    orders.position_supplier_shipped(issued, actor=manager)
    orders.position_received(issued, actor=manager)
    orders.position_ready_for_pickup(issued, actor=manager)
    orders.position_issued(issued, actor=manager, comment="Выдан в пункте выдачи")
    orders.position_cancel_by_customer(cancelled, customer=ivan, comment="Передумал")
    return order.number
