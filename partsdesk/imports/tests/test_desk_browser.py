"""A senior manager uploads a price list in a real browser and reads its report."""

import re

import pytest
from playwright.sync_api import expect

from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import PASSWORD, ManagerFactory
from partsdesk.imports.services import import_create, import_run
from partsdesk.pricing.models import Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = """Бренд;Артикул;Наименование;Цена;Кол-во;Срок
MANN;W 712/75;Фильтр масляный;2 500,54 руб;>10;2-4
KNECHT;OC 90;Фильтр масляный;640;есть;
KNECHT;;без номера;100;1;1
ФИЛЬТРОН;OP 520;Фильтр масляный;310;3;1
""" + "".join(f"KNECHT;OC {n};Фильтр масляный;{n}0,00;4;3\n" for n in range(100, 108))


def test_a_senior_manager_uploads_a_list_and_reads_the_report(
    live_server, page, profile, brands, tmp_path
):
    ManagerFactory(username="pavel", roles=[Role.MANAGER, Role.SENIOR_MANAGER])
    path = tmp_path / "autotrade.csv"
    path.write_bytes(LIST.encode("cp1251"))

    # given: the senior manager signs in and opens the imports from the desk
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Email, phone or login").fill("pavel")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/desk/$"))
    page.locator(".desk-nav").get_by_role("link", name="Imports").click()
    page.get_by_role("link", name="Upload a list").click()

    # when: the list is uploaded for the supplier
    form = page.locator("#price-list-form")
    form.get_by_label("Supplier").select_option(label="Автотрейд")
    form.get_by_label("Price list").set_input_files(str(path))
    form.get_by_role("button", name="Import").click()

    # then: the import's page shows the report with its counts
    expect(page).to_have_url(re.compile(r"/desk/imports/\d+/$"))
    expect(page.locator("h1")).to_contain_text("autotrade.csv")
    expect(page.locator("h1 .status")).to_have_text("Published")
    expect(page.locator('[data-count="rows_ok"]')).to_have_text("10")
    expect(page.locator('[data-count="rows_bad"]')).to_have_text("1")
    expect(page.locator('[data-count="rows_held"]')).to_have_text("1")
    expect(page.locator('[data-count="offers_new"]')).to_have_text("10")
    expect(page.locator("tr.bad-reason")).to_contain_text("No article number")
    expect(page.locator("tr.unknown-brand")).to_contain_text("ФИЛЬТРОН")
    assert Offer.objects.filter(warehouse=profile.warehouse).count() == 10

    # and at a phone's width the page still fits, with no blocked script or style
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.console_errors == []


def test_the_import_page_follows_a_running_import_and_shows_the_report_when_done(
    live_server, page, profile, brands, tmp_path
):
    ManagerFactory(username="pavel", roles=[Role.MANAGER, Role.SENIOR_MANAGER])
    path = tmp_path / "autotrade.csv"
    path.write_bytes(LIST.encode("cp1251"))
    # queued, as it is until a worker takes it
    price_list_import = import_create(supplier=profile.supplier, file=path, filename=path.name)
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Email, phone or login").fill("pavel")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/desk/imports/{price_list_import.pk}/")
    expect(page.locator("#import-progress")).to_contain_text("Queued")

    # when: the worker runs it
    import_run(price_list_import)

    # then: the page, polling, notices and shows the report without a click
    expect(page.locator("h1 .status")).to_have_text("Published")
    expect(page.locator("#import-progress")).to_have_count(0)
    expect(page.locator('[data-count="rows_ok"]')).to_have_text("10")
    assert page.console_errors == []
