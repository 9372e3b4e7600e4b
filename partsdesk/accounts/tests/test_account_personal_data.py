import io
import json
import zipfile

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from partsdesk.accounts.models import (
    ApiToken,
    AuditEntry,
    Customer,
    CustomerKind,
    DeliveryAddress,
    UserSession,
)
from partsdesk.accounts.services import (
    SignInOutcome,
    address_create,
    api_token_issue,
    customer_anonymize,
    sign_in,
)
from partsdesk.accounts.tests.factories import (
    PASSWORD,
    CustomerFactory,
    ManagerFactory,
    PublicOfferFactory,
    UserFactory,
)
from partsdesk.notifications.models import NotificationPreference
from partsdesk.notifications.services import notification_preferences_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer():
    offer = PublicOfferFactory(version=3)
    customer = CustomerFactory(
        user=UserFactory(email="ivan@example.com", phone="+79161234567", first_name="Иван"),
        full_name="Иван Петров",
        offer=offer,
        offer_accepted_at="2026-01-02T03:04:05Z",
        manager=ManagerFactory(),
    )
    address_create(
        customer=customer,
        recipient_name="Иван Петров",
        recipient_phone="+79161234567",
        city="Москва",
        address="ул. Лесная, 1",
    )
    notification_preferences_set(customer.user, {("payment", "sms"): True})
    api_token_issue(user=customer.user, device="Pixel 8")
    return customer


def signed_in_client(user) -> Client:
    browser = Client(headers={"user-agent": "Test Browser"})
    browser.post(reverse("accounts:login"), {"identifier": user.email, "password": PASSWORD})
    return browser


def test_dashboard_links_every_section(client, customer):
    client.force_login(customer.user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    for name in [
        "accounts:profile",
        "accounts:addresses",
        "accounts:notifications",
        "accounts:security",
        "accounts:personal_data",
    ]:
        assert f'href="{reverse(name)}"' in page
    assert "Your personal manager" in page
    assert "ул. Лесная, 1" in page


def test_export_is_a_zip_with_everything_we_hold(customer):
    # given
    browser = signed_in_client(customer.user)
    other = CustomerFactory()
    address_create(
        customer=other,
        recipient_name="Someone Else",
        recipient_phone="+79160000000",
        city="Тверь",
        address="elsewhere",
    )
    assert browser.get(reverse("accounts:personal_data")).status_code == 200

    # when
    response = browser.get(reverse("accounts:personal_data_export"))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = exported(response)
    assert data["user"]["email"] == "ivan@example.com"
    assert data["user"]["phone"] == "+79161234567"
    assert data["customer"]["full_name"] == "Иван Петров"
    assert data["offer"]["version"] == 3
    assert data["offer"]["accepted_at"].startswith("2026-01-02")
    assert [a["address"] for a in data["addresses"]] == ["ул. Лесная, 1"]
    assert {"event": "payment", "channel": "sms", "enabled": True} in data[
        "notification_preferences"
    ]
    assert [s["user_agent"] for s in data["sessions"]] == ["Test Browser"]
    assert [a["outcome"] for a in data["sign_in_attempts"]] == ["ok"]
    assert [t["device"] for t in data["api_tokens"]] == ["Pixel 8"]
    text = json.dumps(data)
    assert "key_hash" not in text
    assert ApiToken.objects.get().key_hash not in text
    assert "Someone Else" not in text
    assert "password" not in data["user"]


def exported(response) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["personal-data.json"]
    return json.loads(archive.read("personal-data.json"))


def test_deleting_the_account_anonymizes_it_and_signs_out(customer):
    # given
    browser = signed_in_client(customer.user)
    elsewhere = signed_in_client(customer.user)

    # when
    response = browser.post(
        reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"}
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_deleted")
    assert browser.get(response["Location"]).status_code == 200
    customer.refresh_from_db()
    user = customer.user
    assert customer.full_name == f"Deleted customer #{customer.pk}"
    assert customer.anonymized_at is not None and customer.deletion_requested_at is not None
    assert (user.email, user.phone, user.username) == (None, None, f"deleted-{customer.pk}")
    assert (user.first_name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert not DeliveryAddress.objects.filter(customer=customer).exists()
    assert not NotificationPreference.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user).exists()
    assert not UserSession.objects.filter(user=user).exists()
    assert browser.get(reverse("accounts:dashboard")).status_code == 302
    assert elsewhere.get(reverse("accounts:dashboard")).status_code == 302
    entry = AuditEntry.objects.get(customer=customer)
    assert (entry.action, entry.actor) == ("anonymized", user)
    assert customer.offer.version == 3  # what was agreed stays on record


def test_an_anonymized_account_cannot_sign_in_again(customer):
    customer_anonymize(customer)
    for identifier in ["ivan@example.com", "+79161234567", f"deleted-{customer.pk}"]:
        result = sign_in(identifier=identifier, password=PASSWORD, ip="203.0.113.7")
        # nothing left identifies the person, so the answer is the plain refusal
        assert result.outcome == SignInOutcome.INVALID
    assert Session.objects.count() == 0


def test_a_legal_entity_keeps_its_inn_and_company_name():
    company = CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Анна Смирнова",
        company_name="ООО «Ромашка»",
        inn="7707083893",
        kpp="773601001",
        legal_address="Москва, ул. Вавилова, 19",
    )
    customer_anonymize(company)
    company.refresh_from_db()
    assert (company.company_name, company.inn, company.kpp, company.legal_address) == (
        "ООО «Ромашка»",
        "7707083893",
        "",
        "",
    )
    assert company.full_name == f"Deleted customer #{company.pk}"


def test_a_wrong_password_deletes_nothing(client, customer):
    client.force_login(customer.user)
    response = client.post(
        reverse("accounts:account_delete"), {"password": "not the password", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "password" in response.context["delete_form"].errors
    customer.refresh_from_db()
    assert customer.anonymized_at is None
    assert customer.user.email == "ivan@example.com"
    assert DeliveryAddress.objects.filter(customer=customer).exists()
    assert not AuditEntry.objects.exists()


def test_deletion_needs_the_confirmation_box(client, customer):
    client.force_login(customer.user)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert Customer.objects.get(pk=customer.pk).anonymized_at is None
