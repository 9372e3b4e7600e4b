import re

import pytest
from django.core import mail

from partsdesk.accounts.models import ApiToken, Customer
from partsdesk.accounts.tests.altcha_solver import solve
from partsdesk.accounts.tests.factories import (
    PASSWORD,
    CustomerFactory,
    PublicOfferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "kind": "individual",
    "full_name": "Иван Петров",
    "email": "ivan@example.com",
    "phone": "+7 916 555-12-34",
    "password": PASSWORD,
    "language": "en",
}


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", headers=headers)


def test_register_activate_login_logout(client, django_capture_on_commit_callbacks):
    # register
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/api/v1/auth/register", REGISTRATION)
    assert response.status_code == 202
    assert response.json()["status"] == "check_email"
    token = re.search(r"/account/activate/([^/\s]+)/", mail.outbox[0].body).group(1)

    # not activated yet
    response = post(
        client, "/api/v1/auth/login", {"identifier": "ivan@example.com", "password": PASSWORD}
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_activated")

    # activate, once
    assert post(client, "/api/v1/auth/activate", {"token": token}).status_code == 200
    again = post(client, "/api/v1/auth/activate", {"token": token})
    assert (again.status_code, again.json()["code"]) == (400, "activation_used")

    # sign in by phone, get a token
    response = post(
        client,
        "/api/v1/auth/login",
        {"identifier": "89165551234", "password": PASSWORD, "device": "Pixel 9"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["is_customer"] is True and body["user"]["email"] == "ivan@example.com"
    bearer = {"Authorization": f"Bearer {body['token']}"}
    assert ApiToken.objects.get().device == "Pixel 9"
    assert client.get("/api/v1/auth/offer", headers=bearer).status_code == 404  # no offer published

    # sign out revokes the token
    assert client.post("/api/v1/auth/logout", headers=bearer).status_code == 204
    response = client.get("/api/v1/auth/offer", headers=bearer)
    assert (response.status_code, response.json()["code"]) == (401, "not_signed_in")


def test_register_refuses_bad_input_with_field_errors(client):
    response = post(
        client, "/api/v1/auth/register", {**REGISTRATION, "kind": "legal_entity", "inn": "123"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_registration"
    assert "inn" in response.json()["message"]
    assert not Customer.objects.exists()


def test_register_answers_the_same_for_a_taken_email(client):
    UserFactory(email="ivan@example.com")
    taken = post(client, "/api/v1/auth/register", REGISTRATION)
    fresh = post(
        client,
        "/api/v1/auth/register",
        {**REGISTRATION, "email": "new@example.com", "phone": "+79165550000"},
    )
    assert taken.status_code == fresh.status_code == 202
    assert taken.json() == fresh.json()


def test_login_errors_have_codes_and_a_pause_has_retry_after(client):
    CustomerFactory(user=UserFactory(email="ivan@example.com"))
    for _ in range(5):
        response = post(
            client, "/api/v1/auth/login", {"identifier": "ivan@example.com", "password": "nope"}
        )
        assert (response.status_code, response.json()["code"]) == (401, "invalid_credentials")
    unknown = post(
        client, "/api/v1/auth/login", {"identifier": "zed@example.com", "password": "nope"}
    )
    assert unknown.json() == response.json()
    paused = post(
        client, "/api/v1/auth/login", {"identifier": "ivan@example.com", "password": PASSWORD}
    )
    assert (paused.status_code, paused.json()["code"]) == (429, "sign_in_paused")
    assert 0 < int(paused["Retry-After"]) <= 900


def test_password_reset_needs_a_fresh_antibot_solution(client, django_capture_on_commit_callbacks):
    UserFactory(email="ivan@example.com")
    challenge = client.get("/api/v1/auth/altcha").json()
    payload = solve(challenge)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(
            client, "/api/v1/auth/password-reset", {"email": "ivan@example.com", "altcha": payload}
        )
        replay = post(
            client, "/api/v1/auth/password-reset", {"email": "ivan@example.com", "altcha": payload}
        )
    assert first.status_code == 202
    assert (replay.status_code, replay.json()["code"]) == (400, "antibot_failed")
    assert len(mail.outbox) == 1
    uid, token = re.search(
        r"/account/password/reset/([^/\s]+)/([^/\s]+)/", mail.outbox[0].body
    ).groups()
    done = post(
        client,
        "/api/v1/auth/password-reset/confirm",
        {"uid": uid, "token": token, "new_password": "a brand new passphrase"},
    )
    assert done.status_code == 200
    reused = post(
        client,
        "/api/v1/auth/password-reset/confirm",
        {"uid": uid, "token": token, "new_password": "another new passphrase"},
    )
    assert (reused.status_code, reused.json()["code"]) == (400, "reset_link_invalid")


def test_offer_acceptance_through_the_api(client):
    old = PublicOfferFactory(version=1)
    customer = CustomerFactory(user=UserFactory(email="ivan@example.com"), offer=old)
    PublicOfferFactory(version=2)
    login = post(
        client, "/api/v1/auth/login", {"identifier": "ivan@example.com", "password": PASSWORD}
    ).json()
    assert login["offer_acceptance_required"] is True
    bearer = {"Authorization": f"Bearer {login['token']}"}
    assert client.get("/api/v1/auth/offer", headers=bearer).json()["version"] == 2
    stale = post(client, "/api/v1/auth/offer/accept", {"version": 1}, **bearer)
    assert (stale.status_code, stale.json()["code"]) == (409, "offer_changed")
    assert post(client, "/api/v1/auth/offer/accept", {"version": 2}, **bearer).status_code == 200
    customer.refresh_from_db()
    assert customer.offer.version == 2


def test_a_blocked_customers_token_stops_working(client):
    customer = CustomerFactory(user=UserFactory(email="ivan@example.com"))
    login = post(
        client, "/api/v1/auth/login", {"identifier": "ivan@example.com", "password": PASSWORD}
    ).json()
    from partsdesk.accounts.services import customer_block

    customer_block(customer=customer, reason="fraud", actor=UserFactory(is_staff=True))
    response = client.get(
        "/api/v1/auth/offer", headers={"Authorization": f"Bearer {login['token']}"}
    )
    assert response.status_code == 401
