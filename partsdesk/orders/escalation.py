"""Orders whose manager's review is overdue, and telling senior managers about them.

An order awaits review while a position of it is still new (placed, not yet confirmed,
held or cancelled by the manager); its due time is `Order.review_due_at`. The periodic task
`orders.escalate_overdue_reviews` (CELERY_BEAT_SCHEDULE) tells every active senior manager
once per order, in the desk's notifications and by email, and records `escalated_at`.
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partsdesk.accounts.models import User
from partsdesk.accounts.roles import Role
from partsdesk.notifications.models import Event
from partsdesk.notifications.services import notify
from partsdesk.shop import selectors as shop

from .models import Order
from .selectors import awaiting_review


def overdue_for_review(now: datetime.datetime | None = None) -> QuerySet[Order]:
    now = now or timezone.now()
    return awaiting_review().filter(review_due_at__lt=now)


def senior_managers() -> QuerySet[User]:
    return (
        User.objects.filter(groups__name=Role.SENIOR_MANAGER, is_active=True)
        .distinct()
        .order_by("pk")
    )


def duration_text(duration: datetime.timedelta) -> str:
    """ "2 h 5 min", "40 min": business time reads in hours and minutes."""
    minutes = max(0, int(duration.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours})
    if minutes or not hours:
        parts.append(ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes})
    return " ".join(parts)


def escalate_overdue_orders(now: datetime.datetime | None = None) -> list[Order]:
    """Tell senior managers about every order overdue for review not escalated yet; once
    per order, even when two runs overlap (the mark is set by a conditional update first).
    Returns the orders escalated now."""
    now = now or timezone.now()
    seniors = list(senior_managers())
    escalated = []
    candidates = overdue_for_review(now).filter(escalated_at__isnull=True).order_by("pk")
    for order_id in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            marked = Order.objects.filter(pk=order_id, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not marked:
                continue  # another run took it
            order = Order.objects.select_related("customer__user", "customer__manager").get(
                pk=order_id
            )
            for senior in seniors:
                _tell_senior(senior, order, now)
        escalated.append(order)
    return escalated


def _tell_senior(senior: User, order: Order, now: datetime.datetime) -> None:
    manager = order.customer.manager
    with translation.override(senior.language or "ru"):
        overdue = duration_text(shop.business_hours_between(order.review_due_at, now))
        due = formats.date_format(timezone.localtime(order.review_due_at), "DATETIME_FORMAT")
        body = _(
            "%(customer)s's order was due for review by %(due)s and is overdue by %(overdue)s "
            "of business time. Personal manager: %(manager)s."
        ) % {
            "customer": order.customer.display_name,
            "due": due,
            "overdue": overdue,
            "manager": manager.display_name if manager else _("nobody"),
        }
    notify(
        user=senior,
        event=Event.ORDER_STATUS,
        title=format_lazy(
            gettext_lazy("Order {number} is overdue for review"), number=order.number
        ),
        body=body,
        url=reverse("desk:order", args=[order.pk]),
        email_template="orders/escalation",
        email_context={"number": order.number, "overdue": overdue, "due": due},
    )
