"""A top-up in a real browser on a phone-sized screen: the form → the sandbox's page →
Approve → back on the shop's page with the money credited (the webhook over real HTTP)."""

import pytest
from playwright.sync_api import expect

from partsdesk.accounts.tests.factories import PASSWORD, CustomerFactory
from partsdesk.billing.selectors import balance_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_top_up_through_the_sandbox_on_a_phone(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    customer = CustomerFactory(
        user__email="ivan@example.com", user__language="en", full_name="Ivan"
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    page.goto(live_server.url + "/account/login/")
    page.locator("input[name=identifier]").fill("ivan@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]", has_text="Sign in").click()
    page.wait_for_url("**/account/")

    page.goto(live_server.url + "/account/payments/top-up/")
    assert fits(page)
    page.get_by_label("Amount").fill("1000")
    page.get_by_role("button", name="Pay by card").click()

    expect(page.locator(".sandbox-bank")).to_contain_text("1 000.00")
    assert fits(page)
    page.get_by_role("button", name="Approve").click()

    expect(page.locator(".notice")).to_contain_text("The money is on your balance.")
    assert fits(page)
    page.goto(live_server.url + "/account/payments/")
    expect(page.locator("tr.payment")).to_have_count(1)
    expect(page.locator("tr.payment")).to_have_attribute("data-status", "succeeded")
    assert fits(page)
    page.goto(live_server.url + "/account/payments/withdrawals/")
    assert fits(page)
    context.close()
    assert balance_of(customer).available == 100_000
    assert errors == []
