import io
import json
import re
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partsdesk.accounts.models import ApiToken, AuditEntry, CustomerKind, DeliveryAddress
from partsdesk.accounts.services import address_create, api_token_issue, email_change_token
from partsdesk.accounts.tests.factories import (
    PASSWORD,
    CustomerFactory,
    ManagerFactory,
    PublicOfferFactory,
    UserFactory,
)
from partsdesk.notifications.models import Channel, Event
from partsdesk.notifications.selectors import notification_preferences

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase for me"
ADDRESS = {
    "recipient_name": "Иван Петров",
    "recipient_phone": "8 916 123-45-67",
    "city": "Москва",
    "address": "ул. Лесная, 1",
}


@pytest.fixture
def customer():
    return CustomerFactory(
        user=UserFactory(email="ivan@example.com", phone="+79161234567"),
        full_name="Иван Петров",
        manager=ManagerFactory(first_name="Ольга"),
    )


def app_for(user, device: str = "Pixel 8") -> Client:
    key, _token = api_token_issue(user=user, device=device)
    return Client(headers={"authorization": f"Bearer {key}"})


@pytest.fixture
def app(customer) -> Client:
    return app_for(customer.user)


def add_address(customer, **overrides):
    return address_create(customer=customer, **{**ADDRESS, **overrides})


ENDPOINTS = [
    ("get", "/api/v1/account", {}),
    ("patch", "/api/v1/account/profile", {"full_name": "X"}),
    ("post", "/api/v1/account/email", {"password": PASSWORD, "new_email": "x@example.com"}),
    ("post", "/api/v1/account/email/confirm", {"token": "x"}),
    ("post", "/api/v1/account/phone", {"password": PASSWORD, "phone": "+79265554433"}),
    ("get", "/api/v1/account/addresses", {}),
    ("post", "/api/v1/account/addresses", ADDRESS),
    ("put", "/api/v1/account/addresses/1", ADDRESS),
    ("delete", "/api/v1/account/addresses/1", {}),
    ("get", "/api/v1/account/notifications", {}),
    ("put", "/api/v1/account/notifications", {"preferences": []}),
    ("post", "/api/v1/account/password", {"current_password": PASSWORD, "new_password": "x"}),
    ("get", "/api/v1/account/sessions", {}),
    ("post", "/api/v1/account/sessions/sign-out-others", {}),
    ("get", "/api/v1/account/devices", {}),
    ("delete", "/api/v1/account/devices/1", {}),
    ("get", "/api/v1/account/export", {}),
    ("post", "/api/v1/account/delete", {"password": PASSWORD}),
]


def call(client, method, url, body):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_every_account_endpoint_needs_a_sign_in(client, method, url, body):
    response = call(client, method, url, body)
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_staff_are_not_customers(method, url, body):
    staff = ManagerFactory()
    response = call(app_for(staff), method, url, body)
    assert (response.status_code, response.json()["code"]) == (403, "not_a_customer")
    staff.refresh_from_db()
    assert staff.is_active and staff.check_password(PASSWORD)


def test_dashboard_has_the_manager_card_and_the_offer_due(app, customer):
    PublicOfferFactory(version=2)
    add_address(customer)
    body = app.get("/api/v1/account").json()
    assert body["profile"]["email"] == "ivan@example.com"
    assert body["manager"]["name"] == "Ольга"
    assert body["manager"]["working_hours"]
    assert body["offer_acceptance_required"] is True
    assert body["offer_due"]["version"] == 2
    assert [a["address"] for a in body["addresses"]] == ["ул. Лесная, 1"]


def test_the_browser_session_works_too(client, customer):
    client.force_login(customer.user)
    assert client.get("/api/v1/account").json()["offer_acceptance_required"] is False


def test_profile_patch_changes_only_what_is_given(app, customer):
    response = app.patch(
        "/api/v1/account/profile", {"language": "ru"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["full_name"], response.json()["language"]) == ("Иван Петров", "ru")


def test_a_bad_inn_is_refused_and_changes_nothing():
    company = CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY,
        company_name="ООО «Ромашка»",
        inn="7707083893",
        kpp="773601001",
        legal_address="Москва",
    )
    response = app_for(company.user).patch(
        "/api/v1/account/profile",
        {"inn": "7707083894", "company_name": "ООО «Лютик»"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_profile"
    company.refresh_from_db()
    assert (company.inn, company.company_name) == ("7707083893", "ООО «Ромашка»")


def test_email_change_flow(app, customer, django_capture_on_commit_callbacks):
    # given / when
    with django_capture_on_commit_callbacks(execute=True):
        response = app.post(
            "/api/v1/account/email",
            {"password": PASSWORD, "new_email": "New@Example.com"},
            content_type="application/json",
        )

    # then
    assert response.status_code == 202
    assert mail.outbox[0].to == ["new@example.com"]
    token = re.search(r"/email/confirm/([^/\s]+)/", mail.outbox[0].body).group(1)
    confirm = app.post(
        "/api/v1/account/email/confirm", {"token": token}, content_type="application/json"
    )
    assert confirm.status_code == 200
    assert confirm.json()["email"] == "new@example.com"
    again = app.post(
        "/api/v1/account/email/confirm", {"token": token}, content_type="application/json"
    )
    assert (again.status_code, again.json()["code"]) == (400, "email_link_used")


def test_email_change_with_a_wrong_password_is_refused(
    app, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = app.post(
            "/api/v1/account/email",
            {"password": "not the password", "new_email": "new@example.com"},
            content_type="application/json",
        )
    assert (response.status_code, response.json()["code"]) == (403, "wrong_password")
    assert mail.outbox == []


def test_email_confirm_refused_when_taken(app, customer):
    token = email_change_token(customer.user, "taken@example.com")
    UserFactory(email="taken@example.com")
    response = app.post(
        "/api/v1/account/email/confirm", {"token": token}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "email_taken")


@pytest.mark.parametrize(
    ("password", "phone", "status", "code"),
    [
        ("not the password", "+7 926 555-44-33", 403, "wrong_password"),
        (PASSWORD, "+7 999 000-00-00", 409, "phone_taken"),
        (PASSWORD, "123", 422, "invalid_phone"),
    ],
)
def test_phone_change_refusals(app, customer, password, phone, status, code):
    UserFactory(phone="+79990000000")
    response = app.post(
        "/api/v1/account/phone",
        {"password": password, "phone": phone},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    customer.user.refresh_from_db()
    assert customer.user.phone == "+79161234567"


def test_phone_change(app, customer):
    response = app.post(
        "/api/v1/account/phone",
        {"password": PASSWORD, "phone": "8 926 555 44 33"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["phone"]) == (200, "+79265554433")


def test_addresses_crud_and_the_default(app, customer):
    # add two: the first is the default
    first = app.post("/api/v1/account/addresses", ADDRESS, content_type="application/json")
    assert first.status_code == 201
    assert (first.json()["recipient_phone"], first.json()["is_default"]) == ("+79161234567", True)
    second = app.post(
        "/api/v1/account/addresses",
        {**ADDRESS, "address": "second", "is_default": True},
        content_type="application/json",
    ).json()
    listed = app.get("/api/v1/account/addresses").json()
    assert [(a["address"], a["is_default"]) for a in listed] == [
        ("second", True),
        ("ул. Лесная, 1", False),
    ]
    # edit
    edited = app.put(
        f"/api/v1/account/addresses/{first.json()['id']}",
        {**ADDRESS, "city": "Тверь", "is_default": True},
        content_type="application/json",
    )
    assert (edited.json()["city"], edited.json()["is_default"]) == ("Тверь", True)
    assert DeliveryAddress.objects.filter(customer=customer, is_default=True).count() == 1
    # delete
    assert app.delete(f"/api/v1/account/addresses/{second['id']}").status_code == 204
    assert len(app.get("/api/v1/account/addresses").json()) == 1


def test_a_bad_address_is_refused(app):
    response = app.post(
        "/api/v1/account/addresses", {**ADDRESS, "city": " "}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_address")
    assert not DeliveryAddress.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_another_customers_address_is_a_404(app, method):
    theirs = add_address(CustomerFactory())
    response = getattr(app, method)(
        f"/api/v1/account/addresses/{theirs.pk}", ADDRESS, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    theirs.refresh_from_db()
    assert theirs.city == "Москва"
    assert theirs.address == "ул. Лесная, 1"


def test_notification_preferences_round_trip(app, customer):
    matrix = app.get("/api/v1/account/notifications").json()
    assert len(matrix) == len(Event) * len(Channel)
    assert {"event", "event_label", "channel", "channel_label", "enabled"} <= set(matrix[0])
    response = app.put(
        "/api/v1/account/notifications",
        {
            "preferences": [
                {"event": "payment", "channel": "sms", "enabled": True},
                {"event": "payment", "channel": "email", "enabled": False},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    stored = notification_preferences(customer.user)
    assert (stored[("payment", "sms")], stored[("payment", "email")]) == (True, False)
    cell = next(c for c in response.json() if (c["event"], c["channel"]) == ("payment", "email"))
    assert cell["enabled"] is False


def test_unknown_notification_cells_are_refused(app, customer):
    response = app.put(
        "/api/v1/account/notifications",
        {"preferences": [{"event": "payment", "channel": "fax", "enabled": True}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert notification_preferences(customer.user)[("payment", "sms")] is False


def test_password_change_gives_this_app_a_new_token_and_ends_the_others(app, customer):
    other_app = app_for(customer.user, device="iPad")
    response = app.post(
        "/api/v1/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    new_key = response.json()["token"]
    assert other_app.get("/api/v1/account").status_code == 401
    assert app.get("/api/v1/account").status_code == 401
    renewed = Client(headers={"authorization": f"Bearer {new_key}"})
    assert renewed.get("/api/v1/account").status_code == 200
    assert [t.device for t in ApiToken.objects.all()] == ["Pixel 8"]


def test_password_change_with_a_wrong_password_changes_nothing(app, customer):
    response = app.post(
        "/api/v1/account/password",
        {"current_password": "not the password", "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "wrong_password")
    customer.user.refresh_from_db()
    assert customer.user.check_password(PASSWORD)
    assert app.get("/api/v1/account").status_code == 200


def test_password_change_in_a_browser_keeps_the_session(client, customer):
    client.post(reverse("accounts:login"), {"identifier": "ivan@example.com", "password": PASSWORD})
    response = client.post(
        "/api/v1/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["token"] is None
    assert client.get("/api/v1/account").status_code == 200


def test_sessions_list_and_sign_out_others(customer):
    # given two browsers
    browsers = []
    for agent in ["Browser One", "Browser Two"]:
        browser = Client(headers={"user-agent": agent})
        browser.post(
            reverse("accounts:login"), {"identifier": "ivan@example.com", "password": PASSWORD}
        )
        browsers.append(browser)
    one, two = browsers

    # when
    sessions = one.get("/api/v1/account/sessions").json()

    # then
    assert sorted((s["user_agent"], s["current"]) for s in sessions) == [
        ("Browser One", True),
        ("Browser Two", False),
    ]
    response = one.post("/api/v1/account/sessions/sign-out-others")
    assert response.json()["ended"] == 1
    assert two.get("/api/v1/account").status_code == 401
    assert one.get("/api/v1/account").status_code == 200


def test_devices_list_and_revoke(app, customer):
    ipad = app_for(customer.user, device="iPad")
    theirs = app_for(CustomerFactory().user, device="Their phone")
    devices = app.get("/api/v1/account/devices").json()
    assert sorted((d["device"], d["current"]) for d in devices) == [
        ("Pixel 8", True),
        ("iPad", False),
    ]
    assert "key_hash" not in devices[0]
    ipad_id = next(d["id"] for d in devices if d["device"] == "iPad")
    assert app.delete(f"/api/v1/account/devices/{ipad_id}").status_code == 204
    assert ipad.get("/api/v1/account").status_code == 401
    their_id = ApiToken.objects.get(device="Their phone").pk
    assert app.delete(f"/api/v1/account/devices/{their_id}").status_code == 404
    assert theirs.get("/api/v1/account").status_code == 200


def test_export_is_a_zip(app, customer):
    add_address(customer)
    response = app.get("/api/v1/account/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("personal-data.json"))
    assert data["user"]["email"] == "ivan@example.com"
    assert [t["device"] for t in data["api_tokens"]] == ["Pixel 8"]
    assert len(data["addresses"]) == 1


def test_delete_the_account(app, customer):
    wrong = app.post(
        "/api/v1/account/delete", {"password": "nope"}, content_type="application/json"
    )
    assert (wrong.status_code, wrong.json()["code"]) == (403, "wrong_password")
    customer.refresh_from_db()
    assert customer.anonymized_at is None

    response = app.post(
        "/api/v1/account/delete", {"password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.anonymized_at is not None
    assert customer.user.email is None
    assert app.get("/api/v1/account").status_code == 401
    assert AuditEntry.objects.get(customer=customer).action == "anonymized"
    login = Client().post(
        "/api/v1/auth/login",
        {"identifier": "ivan@example.com", "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 401
