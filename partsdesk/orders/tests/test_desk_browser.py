"""The order's whole first day in a real browser: the customer searches, adds to the cart
and checks out to a pickup point; the manager confirms the order in the desk and sends it to
the supplier; the customer sees the new status and can no longer cancel the position."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from partsdesk.accounts.tests.factories import PASSWORD, CustomerFactory, ManagerFactory

from ..models import Order
from ..statuses import PositionStatus
from .factories import PickupPointFactory, fund

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, identifier: str, *, expect_path: str) -> None:
    page.goto(base_url + "/account/login/")
    page.locator("input[name=identifier]").fill(identifier)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]", has_text="Sign in").click()
    expect(page).to_have_url(re.compile(expect_path))


def test_the_customer_orders_the_manager_confirms_and_sends_it_the_customer_cannot_cancel(
    live_server, oil_filters, browser, page
):
    manager = ManagerFactory(username="anna", first_name="Anna", language="en")
    customer = CustomerFactory(
        user__email="ivan@example.com", user__language="en", full_name="Ivan", manager=manager
    )
    fund(customer, Decimal("100000.00"))  # the confirmation reserves the order from it
    point = PickupPointFactory(name="Tverskaya", address="Tverskaya, 1")

    # given: the customer's order, placed as in the orders' own browser test
    sign_in(page, live_server.url, "ivan@example.com", expect_path=r"/account/$")
    page.goto(live_server.url + "/search/?q=oc+90")
    page.locator(".brand-choice a", has_text="KNECHT").click()
    row = page.locator("tr.offer").first
    row.get_by_role("button", name="To cart").click()
    expect(row.get_by_role("status")).to_contain_text("in the cart")
    page.goto(live_server.url + "/checkout/")
    page.locator("input[name=delivery][value=pickup]").check()
    page.locator("select[name=pickup_point]").select_option(str(point.pk))
    page.get_by_label("By card online").check()
    page.get_by_role("button", name="Place the order").click()
    expect(page.locator(".order-number")).to_be_visible()
    order = Order.objects.get()

    # when: the manager finds it at the top of their queue, confirms it and sends it
    desk = browser.new_context(locale="en-US", viewport={"width": 375, "height": 800}).new_page()
    desk_errors = []
    desk.on("console", lambda m: m.type == "error" and desk_errors.append(m.text))
    sign_in(desk, live_server.url, "anna", expect_path=r"/desk/")
    desk.goto(live_server.url + "/desk/orders/")
    desk.locator("a.order-number", has_text=order.number).click()
    desk.locator("textarea[name=contact_note]").fill("Called Ivan, he confirmed")
    desk.get_by_role("button", name="Confirm the order").click()
    expect(desk.locator(".messages")).to_contain_text("The order is confirmed.")
    desk.get_by_role("button", name="Send the chosen positions").click()
    expect(desk.locator(".messages")).to_contain_text("Sent to the supplier")
    expect(desk.locator(".desk-position .tag").first).to_have_text("Ordered from the supplier")
    width = desk.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert desk_errors == []
    position = order.positions.get()
    assert position.status == PositionStatus.ORDERED_FROM_SUPPLIER

    # then: the customer sees the status, and no cancel button but the reason why not
    page.goto(live_server.url + f"/account/orders/{order.number}/")
    section = page.locator(f"#position-{position.pk}")
    expect(section.locator("[data-status]")).to_have_text("Ordered from the supplier")
    expect(section.get_by_role("button", name="Cancel this position")).to_have_count(0)
    expect(section.locator(".cancel-refusal")).to_contain_text("can no longer be cancelled")
    assert page.console_errors == []
