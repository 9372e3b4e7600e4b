"""The balance page in a real browser: fits a 375 px phone, no CSP errors, the statement
form works."""

import re

import pytest
from playwright.sync_api import expect

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.tests.factories import PASSWORD, CustomerFactory
from partsdesk.billing import services
from partsdesk.billing.models import CreditTerms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_balance_and_statement_fit_a_phone_screen(live_server, browser):
    # given: a company with money, a reserve and credit terms
    company = CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY,
        company_name="ООО Ромашка с очень длинным названием",
        user__email="olga@example.com",
        user__language="en",
    )
    CreditTerms.objects.create(customer=company, limit=1_000_000, deferral_days=14)
    bank = services.shop_account("bank")
    services.top_up(company, amount=12_345_600, source=bank, key="t", document="invoice:123456")
    services.reserve(company, amount=345_600, key="r")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/account/login/")
    page.locator("input[name=identifier]").fill("olga@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]", has_text="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    # when
    page.goto(live_server.url + "/account/balance/")
    # then
    expect(page.locator(".balance-available").first).to_contain_text("120 000.00")
    expect(page.locator("svg.price-chart circle")).to_have_count(2)
    page.wait_for_load_state("load")  # the page's own stylesheets applied
    balance_width = page.evaluate("document.documentElement.scrollWidth")
    # when: the statement for the current month
    page.get_by_role("button", name="Show").click()
    expect(page.locator("tr.movement")).to_have_count(1)
    page.wait_for_load_state("load")  # the page's own stylesheets applied
    statement_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert balance_width <= 375 and statement_width <= 375
    assert errors == []


def test_the_desk_money_page_fits_a_phone_screen(live_server, browser):
    # given: an administrator and a company with operations
    from partsdesk.accounts.roles import Role
    from partsdesk.accounts.tests.factories import ManagerFactory

    admin = ManagerFactory(
        username="root", email="root@example.com", roles=[Role.MANAGER, Role.ADMINISTRATOR]
    )
    company = CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY, company_name="ООО Ромашка", manager=admin
    )
    bank = services.shop_account("bank")
    services.top_up(company, amount=500_000, source=bank, key="t", document="invoice:77")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/account/login/")
    page.locator("input[name=identifier]").fill("root@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]", has_text="Sign in").click()
    page.wait_for_load_state()
    # when: the customer page, then the money page with a correction
    page.goto(live_server.url + f"/desk/customers/{company.pk}/")
    expect(page.locator("#money")).to_contain_text("5 000.00")
    page.wait_for_load_state("load")  # the page's own stylesheets applied
    # (the page's own details card may be wider with a long email: only the money card is ours)
    card = page.locator("#money").bounding_box()
    customer_width = card["x"] + card["width"]
    page.goto(live_server.url + f"/desk/billing/customers/{company.pk}/")
    form = page.locator("#correction-form")
    form.locator("input[name=amount]").fill("-12.50")
    form.locator("textarea[name=reason]").fill("Bank fee")
    form.get_by_role("button", name="Correct").click()
    # then
    expect(page.locator("tr.operation")).to_have_count(2)
    expect(page.locator(".balance-available")).to_contain_text("4 987.50")
    page.wait_for_load_state("load")  # the page's own stylesheets applied
    money_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert customer_width <= 375 and money_width <= 375
    assert errors == []
