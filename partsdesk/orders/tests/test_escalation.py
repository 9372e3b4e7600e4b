"""Overdue reviews are escalated to senior managers once per order."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partsdesk.notifications.models import Notification

from ..escalation import duration_text, escalate_overdue_orders
from ..models import Order
from ..services import order_confirm, position_hold
from ..statuses import HoldReason
from ..tasks import escalate_overdue_reviews_task
from .factories import place_order


@pytest.fixture
def overdue(customer, pickup_point):
    order = place_order(customer, pickup_point=pickup_point)
    due = timezone.now() - datetime.timedelta(days=2)
    Order.objects.filter(pk=order.pk).update(review_due_at=due)
    return Order.objects.get(pk=order.pk)


def test_an_overdue_order_is_escalated_to_senior_managers_once(
    overdue, senior_manager, manager, django_capture_on_commit_callbacks
):
    senior_manager.email, senior_manager.language = "sergey@partsdesk.local", "en"
    senior_manager.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert [o.pk for o in escalate_overdue_orders()] == [overdue.pk]
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None
    note = Notification.objects.get(user=senior_manager)
    assert overdue.number in note.title and "overdue" in note.title
    assert note.url == f"/desk/orders/{overdue.pk}/"
    assert not Notification.objects.filter(user=manager).exists()  # only senior managers
    assert [m.to for m in mail.outbox] == [["sergey@partsdesk.local"]]
    assert overdue.number in mail.outbox[0].subject

    # the next run tells nobody again
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue_orders() == []
        assert escalate_overdue_reviews_task.delay().get() == 0
    assert Notification.objects.filter(user=senior_manager).count() == 1
    assert len(mail.outbox) == 1


def test_orders_not_yet_due_or_reviewed_are_not_escalated(
    customer, pickup_point, manager, senior_manager, overdue
):
    place_order(customer, pickup_point=pickup_point)  # due in the future
    order_confirm(overdue, actor=manager, contact_note="called")
    held = place_order(customer, pickup_point=pickup_point)
    Order.objects.filter(pk=held.pk).update(review_due_at=timezone.now() - datetime.timedelta(1))
    position_hold(held.positions.get(), actor=manager, reason=HoldReason.NEEDS_CLARIFICATION)
    assert escalate_overdue_orders() == []
    assert not Notification.objects.filter(user=senior_manager).exists()


def test_the_task_counts_what_it_escalated(overdue, senior_manager):
    assert escalate_overdue_reviews_task.delay().get() == 1


def test_business_time_reads_in_hours_and_minutes():
    assert duration_text(datetime.timedelta(hours=2, minutes=5)) == "2 h 5 min"
    assert duration_text(datetime.timedelta(minutes=40)) == "40 min"
    assert duration_text(datetime.timedelta(hours=3)) == "3 h"
    assert duration_text(datetime.timedelta(0)) == "0 min"


def test_a_senior_manager_reads_the_escalation_from_the_desk(
    client, overdue, senior_manager, django_capture_on_commit_callbacks
):
    senior_manager.language = "en"
    senior_manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_orders()
    client.force_login(senior_manager)

    desk = client.get(reverse("desk:orders")).content.decode()
    inbox = client.get(reverse("notifications:inbox")).content.decode()

    assert f'href="{reverse("notifications:inbox")}"' in desk
    assert overdue.number in inbox
    assert f'href="{reverse("desk:home")}"' in inbox  # back to the desk, not a customer's account
