"""The customer's first moment in a real browser: type a number, choose the brand, see offers."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_noisy_number_choose_brand_see_offers_and_analogs(live_server, oil_filters, page):
    # given: the home page
    page.goto(live_server.url + "/")

    # when: a noisy spelling with Cyrillic look-alikes is typed, autocomplete answers
    box = page.get_by_role("searchbox")
    box.press_sequentially("ос-90", delay=30)
    expect(page.locator("#suggestions li")).to_have_count(2)
    box.press("Enter")

    # then: the choice of brands that make OC 90
    expect(page.locator(".brand-choice li")).to_have_count(2)
    page.locator(".brand-choice a", has_text="KNECHT").click()

    # and: the offers for KNECHT OC 90 with its original and its analog
    expect(page).to_have_url(re.compile(r"/search/knecht/OC90/$"))
    expect(page.locator("h1")).to_contain_text("KNECHT OC 90")
    groups = page.locator(".offer-group")
    expect(groups).to_have_count(3)
    expect(groups.nth(0).locator("h2")).to_have_text("The part you asked for")
    expect(groups.nth(1).locator("h2")).to_have_text("Original (OE) numbers")
    expect(groups.nth(2).locator("h2")).to_have_text("Analogs")
    expect(groups.nth(2)).to_contain_text("W 712/75")
    expect(page.locator(".analogs")).to_contain_text("analog of KNECHT OC 90")

    # when: only offers delivered within a day (htmx swaps the results in place)
    page.locator("input[name=max_days]").fill("1")
    page.locator("input[name=max_days]").dispatch_event("change")

    # then
    expect(page.locator("tr.offer")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"max_days=1"))
    assert page.console_errors == []  # nothing blocked by the Content Security Policy


def test_offers_page_fits_a_phone_screen(live_server, oil_filters, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + "/search/knecht/OC90/")
    expect(page.locator("tr.offer").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375
