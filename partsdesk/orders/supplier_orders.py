"""Supplier orders after `services.positions_send_to_supplier` made them: the desk's list,
the CSV a supplier gets, and emailing it.

The CSV is for a person at the supplier opening it in Excel (and for 1C-style imports):
UTF-8 with a byte-order mark (Excel then reads Cyrillic right; cp1251 would lose brands
spelled in other alphabets), `;` between fields and a decimal comma when the shop writes
Russian, which is what Russian Excel expects; the header is in the shop's language.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partsdesk.accounts.models import User
from partsdesk.pricing.models import Supplier

from .models import OrderPosition, SupplierOrder
from .services import OrderError
from .statuses import DROPPED_STATUSES, PositionStatus
from .tasks import send_supplier_order_task

S = PositionStatus


class SupplierOrderState:
    """How far a supplier order has come, read from its positions (filters in the desk)."""

    WAITING = "waiting"  # some position still waits for the supplier's answer
    ANSWERED = "answered"  # every position has been answered (shipped on, or rejected)


def supplier_orders(*, supplier_id: int | None = None, state: str = "") -> QuerySet[SupplierOrder]:
    """Supplier orders, newest first, with their position counts (one query per page)."""
    orders = SupplierOrder.objects.select_related("supplier", "created_by").annotate(
        position_count=Count("positions"),
        waiting_count=Count("positions", filter=Q(positions__status=S.ORDERED_FROM_SUPPLIER)),
        rejected_count=Count("positions", filter=Q(positions__status=S.REJECTED_BY_SUPPLIER)),
    )
    if supplier_id:
        orders = orders.filter(supplier_id=supplier_id)
    if state == SupplierOrderState.WAITING:
        orders = orders.filter(waiting_count__gt=0)
    elif state == SupplierOrderState.ANSWERED:
        orders = orders.filter(waiting_count=0)
    return orders.order_by("-created_at", "-id")


def supplier_order_positions(supplier_order: SupplierOrder) -> list[OrderPosition]:
    return list(
        supplier_order.positions.select_related("order", "offer", "part__brand").order_by(
            "order__number", "id"
        )
    )


@dataclass(frozen=True)
class SupplierOrderLine:
    brand: str
    number: str
    name: str
    quantity: int
    purchase_price: Decimal | None
    currency: str
    order_number: str
    position_id: int


def supplier_order_lines(supplier_order: SupplierOrder) -> list[SupplierOrderLine]:
    """What the supplier is asked for: the positions still wanted (not cancelled or
    rejected since). The purchase price is the offer's, while that offer is still listed
    (positions keep the sale price only)."""
    return [
        SupplierOrderLine(
            brand=position.brand_name,
            number=position.number,
            name=position.part_name,
            quantity=position.quantity,
            purchase_price=position.offer.purchase_price if position.offer else None,
            currency=position.offer.currency if position.offer else "",
            order_number=position.order.number,
            position_id=position.pk,
        )
        for position in supplier_order_positions(supplier_order)
        if position.status not in DROPPED_STATUSES
    ]


def _decimal(value: Decimal | None, language: str) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}"
    return text.replace(".", ",") if language.startswith("ru") else text


def supplier_order_filename(supplier_order: SupplierOrder) -> str:
    day = timezone.localtime(supplier_order.created_at).strftime("%Y%m%d")
    return f"order-{supplier_order.supplier.code}-{day}-{supplier_order.pk}.csv"


def supplier_order_csv(supplier_order: SupplierOrder) -> bytes:
    """The supplier order as CSV bytes (UTF-8 with BOM, `;`), in the shop's language."""
    language = settings.LANGUAGE_CODE
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    with translation.override(language):
        writer.writerow(
            [
                _("Brand"),
                _("Number"),
                _("Name"),
                _("Quantity"),
                _("Purchase price"),
                _("Currency"),
                _("Our order"),
                _("Our position"),
            ]
        )
    for line in supplier_order_lines(supplier_order):
        writer.writerow(
            [
                line.brand,
                line.number,
                line.name,
                line.quantity,
                _decimal(line.purchase_price, language),
                line.currency,
                line.order_number,
                line.position_id,
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


@transaction.atomic
def supplier_order_email(supplier_order: SupplierOrder, *, actor: User) -> str:
    """Queue the supplier order to the supplier's order address, the CSV attached; the
    email goes out (and `emailed_at` is recorded) once this transaction commits. Returns
    the address. Refused with OrderError when the supplier has no address or nothing is
    left to order."""
    supplier_order = (
        SupplierOrder.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=supplier_order.pk)
    )
    address = supplier_order.supplier.order_email.strip()
    if not address:
        raise OrderError(
            "no_order_email",
            _("%(supplier)s has no email for orders; an administrator sets it on the supplier.")
            % {"supplier": supplier_order.supplier.name},
        )
    if not supplier_order_lines(supplier_order):
        raise OrderError(
            "nothing_to_order", _("Every position of this supplier order is cancelled.")
        )
    transaction.on_commit(
        lambda: send_supplier_order_task.delay(supplier_order.pk, address, actor.pk),
        robust=True,
    )
    return address


def supplier_order_send_now(supplier_order_id: int, address: str, actor_id: int | None) -> None:
    """Email one supplier order with its CSV and record when and where it went (run by the
    task `orders.send_supplier_order`)."""
    supplier_order = SupplierOrder.objects.select_related("supplier").get(pk=supplier_order_id)
    lines = supplier_order_lines(supplier_order)
    context = {
        "shop_name": settings.SHOP_NAME,
        "shop_email": settings.SHOP_EMAIL,
        "supplier": supplier_order.supplier.name,
        "reference": supplier_order.pk,
        "lines": lines,
        "count": len(lines),
        "sender": User.objects.filter(pk=actor_id).first() if actor_id else None,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("email/orders/supplier_order.subject.txt", context)
        text = render_to_string("email/orders/supplier_order.txt", context)
        html = render_to_string("email/orders/supplier_order.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[address],
        reply_to=[settings.SHOP_EMAIL],
    )
    message.attach_alternative(html, "text/html")
    message.attach(
        supplier_order_filename(supplier_order), supplier_order_csv(supplier_order), "text/csv"
    )
    message.send()
    SupplierOrder.objects.filter(pk=supplier_order.pk).update(
        emailed_at=timezone.now(), emailed_to=address
    )


def suppliers_with_orders() -> QuerySet[Supplier]:
    return Supplier.objects.filter(supplier_orders__isnull=False).distinct().order_by("name")
