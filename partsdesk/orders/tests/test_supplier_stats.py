"""Suppliers' delivery statistics from a known history, their desk page, and the figures
beside the declared ones in the storefront's offers (without a query per row)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.pricing.tests.factories import OfferFactory, SupplierFactory, WarehouseFactory

from ..models import PositionEvent, SupplierStats
from ..statuses import Actor, PositionStatus
from ..supplier_stats import CACHE_KEY, supplier_stats_compute, supplier_stats_refresh
from ..tasks import refresh_supplier_stats_task
from .factories import OrderPositionFactory

S = PositionStatus
NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


def _history(offer, *, sent_days_ago: float, received_after: float | None = None, rejected=False):
    """A position sent to the supplier `sent_days_ago`, then received or rejected."""
    position = OrderPositionFactory(offer=offer, status=S.ORDERED_FROM_SUPPLIER)
    sent = NOW - datetime.timedelta(days=sent_days_ago)
    steps = [(S.CONFIRMED, S.ORDERED_FROM_SUPPLIER, sent)]
    if rejected:
        steps.append((S.ORDERED_FROM_SUPPLIER, S.REJECTED_BY_SUPPLIER, sent))
    if received_after is not None:
        received = sent + datetime.timedelta(days=received_after)
        steps.append((S.ORDERED_FROM_SUPPLIER, S.SHIPPED_BY_SUPPLIER, received))
        steps.append((S.SHIPPED_BY_SUPPLIER, S.RECEIVED_AT_WAREHOUSE, received))
    for source, target, at in steps:
        PositionEvent.objects.create(
            position=position,
            kind="status",
            from_status=source,
            to_status=target,
            actor_role=Actor.MANAGER,
            created_at=at,
        )
    return position


@pytest.fixture
def history(db):
    """Supplier "fast": brand X received after 2, 4 and 6 days and one rejected; brand Y
    received after 10 days; one position sent before the window does not count."""
    supplier = SupplierFactory(code="fast", reliability_percent=99, delivery_days=1)
    warehouse = WarehouseFactory(supplier=supplier)
    x, y = BrandFactory(name="XBRAND"), BrandFactory(name="YBRAND")
    offer_x = OfferFactory(warehouse=warehouse, part=PartFactory(brand=x))
    offer_y = OfferFactory(warehouse=warehouse, part=PartFactory(brand=y))
    for days in (2, 4, 6):
        _history(offer_x, sent_days_ago=30, received_after=days)
    _history(offer_x, sent_days_ago=20, rejected=True)
    _history(offer_y, sent_days_ago=40, received_after=10)
    _history(offer_y, sent_days_ago=120, rejected=True)  # outside the 90-day window
    return {"supplier": supplier, "x": x, "y": y, "offer_x": offer_x}


def test_the_figures_of_a_known_history(history):
    rows = {(row.supplier_id, row.brand_id): row for row in supplier_stats_compute(NOW)}
    supplier = history["supplier"].pk
    overall = rows[(supplier, None)]
    assert (overall.ordered, overall.rejected, overall.received) == (5, 1, 4)
    assert overall.median_days == Decimal("5.0")  # 2, 4, 6, 10
    assert overall.p90_days == Decimal("8.8")  # 6 + 0.7 × (10 − 6)
    assert overall.rejected_percent == Decimal("20.0")
    brand_x = rows[(supplier, history["x"].pk)]
    assert (brand_x.ordered, brand_x.rejected, brand_x.received) == (4, 1, 3)
    assert brand_x.median_days == Decimal("4.0")
    assert brand_x.p90_days == Decimal("5.6")
    brand_y = rows[(supplier, history["y"].pk)]
    assert (brand_y.ordered, brand_y.rejected, brand_y.median_days) == (1, 0, Decimal("10.0"))


def test_the_daily_refresh_replaces_the_stored_figures(history, settings):
    SupplierStats.objects.create(
        supplier=history["supplier"],
        window_days=90,
        ordered=1,
        rejected=1,
        received=0,
        computed_at=NOW,
    )
    assert supplier_stats_refresh(NOW) == 3
    assert SupplierStats.objects.count() == 3
    settings.SUPPLIER_STATS_WINDOW_DAYS = 10  # nothing sent in the last 10 days of real time
    assert refresh_supplier_stats_task.delay().get() == 0
    assert not SupplierStats.objects.exists()


def test_the_desk_page_shows_them(client, manager, history):
    supplier_stats_refresh(NOW)
    client.force_login(manager)
    page = client.get(reverse("desk:supplier_stats")).content.decode()
    assert "XBRAND" in page and "8.8" in page and "20.0%" in page


def test_the_offers_show_our_figures_beside_the_declared_ones_once_there_is_history(
    client, history, settings
):
    part = history["offer_x"].part
    url = reverse("storefront:offers", args=[part.brand.slug, part.number_norm])
    cache.clear()
    declared = client.get(url).content.decode()
    assert "99%" in declared and "supplier-history" not in declared

    supplier_stats_refresh(NOW)
    cache.clear()
    page = client.get(url).content.decode()
    # brand X has 4 positions (fewer than 5): the supplier's overall figures stand in
    assert "ours 80%" in page and "5.0–8.8 d" in page and "99%" in page

    settings.SUPPLIER_STATS_MIN_POSITIONS = 3
    cache.clear()
    page = client.get(url).content.decode()
    assert "ours 75%" in page and "4.0–5.6 d" in page


def test_the_figures_cost_at_most_one_query_per_page(client, history):
    # ten offers of one supplier on the page
    part = history["offer_x"].part
    for _ in range(9):
        OfferFactory(warehouse=history["offer_x"].warehouse, part=part)
    supplier_stats_refresh(NOW)
    url = reverse("storefront:offers", args=[part.brand.slug, part.number_norm])
    cache.clear()
    client.get(url)  # warm whatever else the page caches
    cache.delete(CACHE_KEY)
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).content.decode().count("supplier-history") == 10
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(cold) == len(warm) + 1
    assert sum("orders_supplierstats" in q["sql"] for q in cold.captured_queries) == 1
