"""A customer's order in a real browser: search → cart → checkout to a pickup point →
the confirmation with the order number and when the manager will confirm it."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from partsdesk.accounts.tests.factories import PASSWORD, CustomerFactory

from ..models import Order
from .factories import PickupPointFactory, fund

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_add_to_cart_and_check_out_to_a_pickup_point(live_server, oil_filters, page):
    customer = CustomerFactory(
        user__email="ivan@example.com", user__language="en", full_name="Ivan"
    )
    fund(customer, Decimal("100000.00"))  # a card order the balance covers: no card step
    point = PickupPointFactory(name="Tverskaya", address="Tverskaya, 1")

    # given: a signed-in customer
    page.goto(live_server.url + "/account/login/")
    page.locator("input[name=identifier]").fill("ivan@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]", has_text="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    # when: they search and put two of the first offer in the cart (htmx answers in place)
    page.goto(live_server.url + "/search/?q=oc+90")
    page.locator(".brand-choice a", has_text="KNECHT").click()
    row = page.locator("tr.offer").first
    row.locator("input[name=quantity]").fill("2")
    row.get_by_role("button", name="To cart").click()
    expect(row.get_by_role("status")).to_contain_text("2 in the cart")

    # and: check out to a pickup point, paying by card
    row.get_by_role("link", name="Go to the cart").click()
    expect(page.locator("tr.cart-line")).to_have_count(1)
    page.get_by_role("link", name="Checkout").click()
    page.locator("input[name=delivery][value=pickup]").check()
    page.locator("select[name=pickup_point]").select_option(str(point.pk))
    page.get_by_label("By card online").check()
    page.get_by_role("button", name="Place the order").click()

    # then: the confirmation shows the number and the manager's due time
    order = Order.objects.get()
    expect(page.locator(".order-number")).to_have_text(order.number)
    expect(page.locator("p.review-due")).to_contain_text("Your manager will confirm by")
    assert order.positions.get().quantity == 2
    assert order.pickup_point == point
    assert page.console_errors == []


def test_the_cart_fits_a_phone_screen(live_server, browser):
    from partsdesk.pricing.tests.factories import OfferFactory

    offer = OfferFactory(quantity=5)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + f"/parts/{offer.part_id}/")
    page.get_by_role("button", name="To cart").click()
    expect(page.get_by_role("status")).to_contain_text("1 in the cart")
    page.goto(live_server.url + "/cart/")
    expect(page.locator("tr.cart-line")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375
