"""An administrator's round in a real browser: sign in, find a customer by phone, block them."""

import re

import pytest
from playwright.sync_api import expect

from partsdesk.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_finds_a_customer_by_phone_and_blocks_them(
    live_server, page, administrator, customer
):
    # given: the administrator signs in
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Email, phone or login").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # then: staff land at the desk
    expect(page).to_have_url(re.compile(r"/desk/$"))
    expect(page.locator(".desk-nav")).to_contain_text("Administration")

    # when: the customer is searched by phone, spelled as people say it
    page.locator(".desk-search input[type=search]").fill("8 (916) 555-12-34")
    page.locator(".desk-search button").click()

    # then: one row, linking to the customer's page
    expect(page.locator("tr.customer")).to_have_count(1)
    page.get_by_role("link", name="ООО Ромашка").click()
    expect(page.locator("h1")).to_have_text("ООО Ромашка")

    # when: blocked with a reason
    block = page.locator("#block-form")
    block.get_by_label("Reason").fill("Chargebacks on three orders")
    block.get_by_role("button", name="Block").click()

    # then: the page says so and the audit log shows who did it and why
    expect(page.locator(".messages")).to_contain_text("blocked and signed out")
    expect(page.locator(".customer-status")).to_have_text("blocked")
    entry = page.locator("tr.audit-entry").first
    expect(entry).to_contain_text("Blocked")
    expect(entry).to_contain_text("Alla")
    expect(entry).to_contain_text("reason: Chargebacks on three orders")
