import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from partsdesk.accounts.antibot import AntiBotError, antibot_challenge, antibot_verify
from partsdesk.accounts.models import ApiToken
from partsdesk.accounts.services import api_token_issue
from partsdesk.accounts.tests.altcha_solver import solve
from partsdesk.accounts.tests.factories import PASSWORD, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase for the shop"


@pytest.fixture
def customer():
    return CustomerFactory(user=UserFactory(email="ivan@example.com"))


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def reset_link() -> str:
    return re.search(r"http://[^\s]+/account/password/reset/[^\s]+/", mail.outbox[-1].body).group(0)


def request_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("accounts:password_reset"),
            {"email": email, "antibot": solve(antibot_challenge())},
        )


def test_antibot_solution_is_single_use():
    payload = solve(antibot_challenge())
    antibot_verify(payload)
    with pytest.raises(AntiBotError):
        antibot_verify(payload)


@pytest.mark.parametrize("payload", ["", "not base64!", "e30="])
def test_antibot_refuses_garbage(payload):
    with pytest.raises(AntiBotError):
        antibot_verify(payload)


def test_antibot_refuses_a_challenge_signed_with_another_key(settings):
    challenge = antibot_challenge()
    settings.ALTCHA_HMAC_KEY = "another key"
    with pytest.raises(AntiBotError):
        antibot_verify(solve(challenge))


def test_reset_page_needs_the_antibot_check(customer, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "ivan@example.com"})
    assert response.status_code == 200
    assert "not a robot" in response.content.decode()
    assert mail.outbox == []


def test_reset_answers_the_same_for_unknown_and_known(
    customer, client, django_capture_on_commit_callbacks
):
    known = request_reset(client, "ivan@example.com", django_capture_on_commit_callbacks)
    unknown = request_reset(client, "nobody@example.com", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known) == without_csrf(unknown)
    assert [m.to for m in mail.outbox] == [["ivan@example.com"]]


def test_reset_link_sets_the_password_once_and_ends_other_sessions(
    customer, client, django_capture_on_commit_callbacks
):
    # given: the customer is signed in elsewhere, in a browser and an app
    other = Client()
    other.post(reverse("accounts:login"), {"identifier": "ivan@example.com", "password": PASSWORD})
    assert other.get(reverse("accounts:dashboard")).status_code == 200
    api_token_issue(user=customer.user, device="phone")
    request_reset(client, "ivan@example.com", django_capture_on_commit_callbacks)
    link = reset_link().replace("http://127.0.0.1:8000", "")

    # when
    page = client.get(link)
    done = client.post(link, {"new_password": NEW_PASSWORD})

    # then
    assert page["Referrer-Policy"] == "no-referrer"
    assert done.status_code == 302
    customer.user.refresh_from_db()
    assert customer.user.check_password(NEW_PASSWORD)
    assert other.get(reverse("accounts:dashboard")).status_code == 302  # signed out
    assert not Session.objects.exists()
    assert not ApiToken.objects.exists()
    again = client.post(link, {"new_password": "yet another passphrase here"})
    assert again.status_code == 400
    customer.user.refresh_from_db()
    assert customer.user.check_password(NEW_PASSWORD)


def test_reset_link_expires_after_an_hour(
    customer, client, django_capture_on_commit_callbacks, monkeypatch
):
    request_reset(client, "ivan@example.com", django_capture_on_commit_callbacks)
    link = reset_link().replace("http://127.0.0.1:8000", "")
    from django.contrib.auth.tokens import default_token_generator

    monkeypatch.setattr(
        default_token_generator,
        "_now",
        lambda: (
            __import__("datetime").datetime.now()
            + __import__("datetime").timedelta(hours=1, minutes=1)
        ),
    )
    assert client.get(link).status_code == 400


def test_reset_refuses_a_weak_password_and_keeps_the_old(
    customer, client, django_capture_on_commit_callbacks
):
    request_reset(client, "ivan@example.com", django_capture_on_commit_callbacks)
    link = reset_link().replace("http://127.0.0.1:8000", "")
    response = client.post(link, {"new_password": "short"})
    assert response.status_code == 200
    customer.user.refresh_from_db()
    assert customer.user.check_password(PASSWORD)
