import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.urls import reverse

from partsdesk.pricing.models import ExchangeRate, Offer
from partsdesk.pricing.tests.factories import OfferFactory, SupplierFactory, WarehouseFactory

ROOT = Path(__file__).resolve().parents[3]


def test_new_markup_in_admin_reprices_the_suppliers_offers(
    admin_client, django_capture_on_commit_callbacks
):
    # given
    supplier = SupplierFactory(markup_percent=Decimal("25"))
    offer = OfferFactory(
        warehouse=WarehouseFactory(supplier=supplier), purchase_price=Decimal("80")
    )
    assert offer.price == Decimal("100.00")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:pricing_supplier_change", args=[supplier.pk]),
            {
                "code": supplier.code,
                "name": supplier.name,
                "currency": "RUB",
                "delivery_days": 2,
                "reliability_percent": 95,
                "markup_percent": "50",
                "is_active": "on",
                "warehouses-TOTAL_FORMS": "0",
                "warehouses-INITIAL_FORMS": "0",
            },
        )

    # then
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.price == Decimal("120.00")


def test_new_exchange_rate_reprices_offers_in_that_currency(
    admin_client, django_capture_on_commit_callbacks
):
    supplier = SupplierFactory(currency="EUR", markup_percent=Decimal("0"))
    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("90"), valid_from=datetime.date(2026, 1, 1)
    )
    offer = OfferFactory(warehouse=WarehouseFactory(supplier=supplier), purchase_price=Decimal("2"))
    assert offer.price == Decimal("180.00")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:pricing_exchangerate_add"),
            {"currency": "EUR", "rate": "95.5", "valid_from": "2026-02-01"},
        )

    offer.refresh_from_db()
    assert offer.price == Decimal("191.00")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reprices_through_redis():
    """The production path: a task sent through Redis to a separate Celery worker process."""
    redis_url = os.environ.get("TEST_REDIS_URL", "")
    if not redis_url or connection.vendor != "postgresql":
        if os.environ.get("CI") == "true" and connection.vendor == "postgresql":
            pytest.fail("CI=true requires TEST_REDIS_URL for the Celery worker test")
        pytest.skip("needs TEST_REDIS_URL and the PostgreSQL run (a worker cannot see :memory:)")

    # given: committed data the worker can read
    supplier = SupplierFactory(markup_percent=Decimal("10"))
    offer = OfferFactory(
        warehouse=WarehouseFactory(supplier=supplier), purchase_price=Decimal("10")
    )
    supplier.markup_percent = Decimal("20")
    supplier.save()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "partsdesk",
            "worker",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            "test-reprice",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        sender = Celery(broker=redis_url, backend=redis_url)
        # when
        result = sender.send_task(
            "pricing.reprice_supplier_offers", args=[supplier.pk], queue="test-reprice"
        )
        # then (Celery's "inside a task" guard is one process-wide flag that eager tasks run
        # at once by the threads of earlier concurrency tests can leave set: we are not in one)
        assert result.get(timeout=60, disable_sync_subtasks=False) == 1
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert Offer.objects.get(pk=offer.pk).price == Decimal("12.00")
