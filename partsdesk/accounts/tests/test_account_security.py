import pytest
from django.test import Client
from django.urls import reverse

from partsdesk.accounts.models import ApiToken
from partsdesk.accounts.services import api_token_issue
from partsdesk.accounts.tests.factories import PASSWORD, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase for me"


def signed_in_client(user, user_agent: str = "pytest") -> Client:
    """A browser signed in through the login page, so its session is listed."""
    browser = Client(headers={"user-agent": user_agent})
    response = browser.post(
        reverse("accounts:login"), {"identifier": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def is_signed_in(browser: Client) -> bool:
    return browser.get(reverse("accounts:security")).status_code == 200


@pytest.fixture
def customer():
    return CustomerFactory(user=UserFactory(email="ivan@example.com"))


def test_security_page_lists_live_sessions_and_marks_this_one(customer):
    # given
    phone = signed_in_client(customer.user, "Phone Browser")
    laptop = signed_in_client(customer.user, "Laptop Browser")
    gone = signed_in_client(customer.user, "Gone Browser")
    gone.post(reverse("accounts:logout"))

    # when
    response = laptop.get(reverse("accounts:security"))

    # then
    sessions = response.context["sessions"]
    assert sorted(s["user_agent"] for s in sessions) == ["Laptop Browser", "Phone Browser"]
    assert [s["user_agent"] for s in sessions if s["current"]] == ["Laptop Browser"]
    assert "this browser" in response.content.decode()
    assert is_signed_in(phone)


def test_sign_out_all_other_sessions_really_ends_them(customer):
    # given
    mine = signed_in_client(customer.user)
    other = signed_in_client(customer.user)
    assert is_signed_in(other)

    # when
    response = mine.post(reverse("accounts:sessions_sign_out_others"))

    # then
    assert response.status_code == 302
    assert not is_signed_in(other)
    assert is_signed_in(mine)


def test_password_change_keeps_this_session_and_ends_the_others(customer):
    # given
    mine = signed_in_client(customer.user)
    other = signed_in_client(customer.user)
    api_token_issue(user=customer.user, device="Pixel 8")

    # when
    response = mine.post(
        reverse("accounts:password_change"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    # then
    assert response.status_code == 302
    customer.user.refresh_from_db()
    assert customer.user.check_password(NEW_PASSWORD)
    assert is_signed_in(mine)
    assert not is_signed_in(other)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("current", "new", "field"),
    [("not the password", NEW_PASSWORD, "current_password"), (PASSWORD, "short", "new_password")],
)
def test_a_refused_password_change_changes_nothing(client, customer, current, new, field):
    client.force_login(customer.user)
    response = client.post(
        reverse("accounts:password_change"), {"current_password": current, "new_password": new}
    )
    assert response.status_code == 400
    assert field in response.context["password_form"].errors
    customer.user.refresh_from_db()
    assert customer.user.check_password(PASSWORD)


def test_mobile_app_sign_ins_are_listed_and_revocable(client, customer):
    # given
    _key, token = api_token_issue(user=customer.user, device="Pixel 8")
    client.force_login(customer.user)
    assert "Pixel 8" in client.get(reverse("accounts:security")).content.decode()

    # when
    response = client.post(reverse("accounts:device_revoke", args=[token.pk]))

    # then
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_another_customers_app_cannot_be_revoked(client, customer):
    _key, token = api_token_issue(user=CustomerFactory().user, device="Their phone")
    client.force_login(customer.user)
    assert client.post(reverse("accounts:device_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_sessions_and_devices_of_others_are_not_shown(customer):
    other = CustomerFactory()
    signed_in_client(other.user, "Someone Else")
    api_token_issue(user=other.user, device="Their phone")
    page = signed_in_client(customer.user).get(reverse("accounts:security")).content.decode()
    assert "Someone Else" not in page
    assert "Their phone" not in page
