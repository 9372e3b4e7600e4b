"""A senior manager edits the shop's settings in a real browser on a 375 px phone screen."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from partsdesk.accounts.tests.factories import PASSWORD
from partsdesk.shop import selectors as shop_selectors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide"


def test_senior_manager_edits_the_calendar_and_delivery_on_a_phone(
    live_server, page, senior_manager
):
    # given: a phone-sized screen and the senior manager signed in
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Email, phone or login").fill("senior")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/desk/$"))

    # when: Saturday becomes a working day 10–16
    page.locator(".desk-nav").get_by_role("link", name="Shop settings").click()
    expect(page.locator("h1")).to_have_text("Business calendar")
    assert_fits_the_screen(page)
    form = page.locator("#calendar-form")
    form.get_by_label("Saturday", exact=True).check()
    form.get_by_label("Saturday opens at").fill("10:00")
    form.get_by_label("Saturday closes at").fill("16:00")
    form.get_by_role("button", name="Save the calendar").click()

    # then
    expect(page.locator(".messages")).to_contain_text("The business calendar is saved.")
    saturday = shop_selectors.week_hours()[5]
    assert (saturday.is_working, saturday.opens_at, saturday.closes_at) == (
        True,
        datetime.time(10),
        datetime.time(16),
    )

    # when: a band is added, then one with a negative price
    page.locator(".shop-nav").get_by_role("link", name="Delivery by weight").click()
    assert_fits_the_screen(page)
    add = page.locator("#band-add-form")
    add.get_by_label("Weight up to, kg").fill("5")
    add.get_by_label("Price").fill("450")
    add.get_by_role("button", name="Add").click()
    expect(page.locator(".messages")).to_contain_text("The delivery band is added.")
    add = page.locator("#band-add-form")
    add.get_by_label("Weight up to, kg").fill("10")
    add.get_by_label("Price").fill("-5")
    add.get_by_role("button", name="Add").click()

    # then: the first is there, the second refused with a reason (the browser's own check
    # may stop it first; either way nothing is saved)
    expect(page.locator("tr.delivery-band")).to_have_count(1)
    assert shop_selectors.delivery_cost(Decimal("5")) == Decimal("450")

    # and: the other pages fit the screen too
    for name in ("Pickup points", "Statuses and notifications"):
        page.locator(".shop-nav").get_by_role("link", name=name).click()
        expect(page.locator("h1")).to_have_text(name)
        assert_fits_the_screen(page)
    assert page.console_errors == []
