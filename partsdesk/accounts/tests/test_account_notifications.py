import pytest
from django.urls import reverse

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.notifications.models import (
    DEFAULT_PREFERENCES,
    Channel,
    Event,
    NotificationPreference,
)
from partsdesk.notifications.selectors import notification_preferences
from partsdesk.notifications.services import notification_preferences_set

pytestmark = pytest.mark.django_db


def test_without_choices_the_defaults_hold():
    customer = CustomerFactory()
    matrix = notification_preferences(customer.user)
    assert len(matrix) == len(Event) * len(Channel)
    assert matrix == {(e.value, c.value): on for (e, c), on in DEFAULT_PREFERENCES.items()}
    assert matrix[("payment", "sms")] is False
    assert matrix[("waybill", "sms")] is True


def test_preferences_round_trip_through_the_service():
    # given
    user = CustomerFactory().user
    wanted = {key: not on for key, on in notification_preferences(user).items()}

    # when
    notification_preferences_set(user, wanted)
    notification_preferences_set(user, wanted)  # twice: still one row per cell

    # then
    assert notification_preferences(user) == wanted
    assert NotificationPreference.objects.filter(user=user).count() == len(wanted)


def test_an_unknown_cell_is_refused_and_nothing_is_stored():
    user = CustomerFactory().user
    with pytest.raises(ValueError):
        notification_preferences_set(user, {("payment", "email"): False, ("payment", "fax"): True})
    assert not NotificationPreference.objects.exists()


def test_the_page_shows_a_checkbox_per_cell_and_saves_the_matrix(client):
    # given
    user = CustomerFactory().user
    other = CustomerFactory().user
    client.force_login(user)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert page.count('type="checkbox"') == len(Event) * len(Channel)

    # when only two cells are ticked
    response = client.post(
        reverse("accounts:notifications"), {"payment__sms": "on", "chat_message__in_app": "on"}
    )

    # then
    assert response.status_code == 302
    matrix = notification_preferences(user)
    assert {key for key, on in matrix.items() if on} == {
        ("payment", "sms"),
        ("chat_message", "in_app"),
    }
    assert notification_preferences(other)[("payment", "email")] is True
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert page.count("checked") == 2
