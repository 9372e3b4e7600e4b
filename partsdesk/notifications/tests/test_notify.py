import pytest
from django.core import mail
from django.utils.translation import gettext_lazy as _

from partsdesk.accounts.tests.factories import UserFactory
from partsdesk.notifications.models import Channel, Event, Notification
from partsdesk.notifications.selectors import notifications_of, unread_notifications_count
from partsdesk.notifications.services import (
    notification_preferences_set,
    notifications_mark_read,
    notify,
)

pytestmark = pytest.mark.django_db


def test_notify_writes_in_app_and_emails_by_default(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user=user, event=Event.PAYMENT, title="Payment received", body="100 ₽", url="/x/"
        )
    assert notification is not None
    assert list(notifications_of(user)) == [notification]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Payment received"
    assert "100 ₽" in mail.outbox[0].body
    assert "/x/" in mail.outbox[0].body


def test_notify_writes_in_the_users_language():
    user = UserFactory(language="ru")
    notification = notify(user=user, event=Event.PAYMENT, title=_("Email"))
    assert notification.title == "Эл. почта"


def test_notify_follows_the_preferences(django_capture_on_commit_callbacks):
    user = UserFactory()
    notification_preferences_set(
        user,
        {(Event.PAYMENT, Channel.IN_APP): False, (Event.PAYMENT, Channel.EMAIL): False},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(user=user, event=Event.PAYMENT, title="Payment") is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_notify_refuses_an_unknown_event():
    with pytest.raises(ValueError):
        notify(user=UserFactory(), event="no_such_event", title="x")
    assert not Notification.objects.exists()


def test_mark_read_touches_only_the_users_own():
    user, other = UserFactory(), UserFactory()
    mine = notify(user=user, event=Event.PAYMENT, title="a")
    theirs = notify(user=other, event=Event.PAYMENT, title="b")
    assert unread_notifications_count(user) == 1
    assert notifications_mark_read(user=user, ids=[mine.pk, theirs.pk]) == 1
    assert unread_notifications_count(user) == 0
    assert unread_notifications_count(other) == 1
