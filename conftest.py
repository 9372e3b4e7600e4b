"""Fixtures shared by every app's tests."""

import os
from pathlib import Path

import pytest

from partsdesk.catalog.models import CrossKind, CrossSource
from partsdesk.catalog.services import cross_reference_add
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.pricing.tests.factories import OfferFactory, SupplierFactory, WarehouseFactory


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """Tests read English texts unless they ask for another language (the shop default is ru)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Argon2 is slow by design; tests that are about hashing mark themselves `argon2`."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def oil_filters(db):
    """A small catalog: OC 90 under two brands, its VAG original, a MANN analog, a replacement.

    KNECHT OC 90 → original VAG 06A115561B, analog MANN-FILTER W 712/75 (which MANNOL, a
    different brand, does not make); VAG 06A115561C replaces 06A115561B.
    """
    knecht = BrandFactory(name="KNECHT", slug="knecht")
    mahle = BrandFactory(name="MAHLE", slug="mahle")
    mann = BrandFactory(name="MANN-FILTER", slug="mann-filter")
    BrandFactory(name="MANNOL", slug="mannol")
    vag = BrandFactory(name="VAG", slug="vag")
    parts = {
        "oc90": PartFactory(brand=knecht, number="OC 90", name="Фильтр масляный"),
        "oc90_mahle": PartFactory(brand=mahle, number="OC 90", name="Фильтр масляный"),
        "w712": PartFactory(brand=mann, number="W 712/75", name="Фильтр масляный"),
        "vag_b": PartFactory(brand=vag, number="06A115561B", name="Фильтр масляный"),
        "vag_c": PartFactory(brand=vag, number="06A115561C", name="Фильтр масляный"),
    }
    cross_reference_add(
        part=parts["oc90"],
        analog=parts["vag_b"],
        kind=CrossKind.ORIGINAL,
        source=CrossSource.CATALOG,
    )
    cross_reference_add(
        part=parts["oc90"],
        analog=parts["w712"],
        kind=CrossKind.ANALOG,
        source=CrossSource.PRICE_LIST,
    )
    cross_reference_add(
        part=parts["vag_c"],
        analog=parts["vag_b"],
        kind=CrossKind.REPLACES,
        source=CrossSource.MANAGER,
    )
    fast = WarehouseFactory(
        supplier=SupplierFactory(code="fast", reliability_percent=98), city="Москва"
    )
    slow = WarehouseFactory(
        supplier=SupplierFactory(code="slow", reliability_percent=80), city="Казань"
    )
    OfferFactory(
        part=parts["oc90"],
        warehouse=fast,
        purchase_price=400,
        delivery_days_min=0,
        delivery_days_max=0,
    )
    OfferFactory(
        part=parts["oc90"],
        warehouse=slow,
        purchase_price=300,
        delivery_days_min=5,
        delivery_days_max=7,
    )
    OfferFactory(part=parts["oc90_mahle"], warehouse=slow, purchase_price=350)
    OfferFactory(
        part=parts["w712"],
        warehouse=fast,
        purchase_price=500,
        delivery_days_min=1,
        delivery_days_max=1,
    )
    OfferFactory(
        part=parts["w712"],
        warehouse=slow,
        purchase_price=200,
        quantity=0,
        delivery_days_min=3,
        delivery_days_max=4,
    )
    OfferFactory(
        part=parts["vag_b"],
        warehouse=slow,
        purchase_price=900,
        delivery_days_min=2,
        delivery_days_max=3,
    )
    return parts


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; required under CI=true."""
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail("CI=true and /usr/bin/chromium is missing: apt-get install chromium")
        pytest.skip("no /usr/bin/chromium on this machine")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
    # test itself (never concurrently with the browser) are safe.
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Console errors (a blocked script or style shows up here) for tests to assert on.
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    context.close()


@pytest.fixture
def time_machine_24h(monkeypatch):
    """Call it to move the clock 24 hours and a minute ahead (for expiring links)."""
    import time

    def jump(seconds: int = 24 * 3600 + 60):
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() + seconds)

    return jump
