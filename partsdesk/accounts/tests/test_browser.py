"""A new customer in a real browser: register, confirm the email, sign in, meet the manager."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from partsdesk.accounts.models import Customer
from partsdesk.accounts.tests.factories import ManagerFactory, PublicOfferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "four words make a good password"


def test_register_activate_sign_in_and_see_the_manager_card(live_server, page, browser):
    # given: a manager who takes customers and a published offer
    manager = ManagerFactory(first_name="Ольга", last_name="Кузнецова", email="olga@shop.example")
    PublicOfferFactory(version=3, title="Public offer")

    # when: a visitor registers as an individual
    page.goto(live_server.url + "/account/register/")
    page.locator("#id_full_name").fill("Ivan Petrov")
    page.locator("#id_email").fill("ivan@example.com")
    page.locator("#id_phone").fill("8 916 555-12-34")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_accept_offer").check()
    page.get_by_role("button", name="Register").click()

    # then: told to check the mail, and the mail has the link
    expect(page.locator("h1")).to_have_text("Check your email")
    link = re.search(r"http://\S+/account/activate/\S+/", mail.outbox[-1].body).group(0)
    customer = Customer.objects.get(user__email="ivan@example.com")
    assert customer.manager == manager and customer.offer.version == 3

    # when: the link is opened, and the customer signs in with "remember me"
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(page.locator(".messages")).to_contain_text("Your email is confirmed")
    page.locator("#id_identifier").fill("+79165551234")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_remember").check()
    page.get_by_role("button", name="Sign in").click()

    # then: the personal account with the manager card
    expect(page.locator(".manager-card")).to_contain_text("Ольга Кузнецова")
    expect(page.locator(".manager-card")).to_contain_text("olga@shop.example")
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert session["httpOnly"] is True
    assert session["expires"] > __import__("time").time() + 29 * 86400
    assert page.console_errors == []


def test_password_recovery_solves_the_antibot_check_in_the_browser(live_server, page):
    from partsdesk.accounts.tests.factories import UserFactory

    UserFactory(email="ivan@example.com")
    page.goto(live_server.url + "/account/password/reset/")
    page.locator("#id_email").fill("ivan@example.com")
    page.locator("altcha-widget input[type=checkbox]").click()
    expect(page.locator("altcha-widget")).to_contain_text(
        re.compile("Verified|verified"), timeout=30_000
    )
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    assert [m.to for m in mail.outbox] == [["ivan@example.com"]]
    assert page.console_errors == []
