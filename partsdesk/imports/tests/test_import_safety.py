"""An import that dies leaves the live list as it was; a search during an import sees one list."""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.imports.models import ImportStatus, PriceListImport
from partsdesk.imports.services import import_create, import_run, imports_interrupted_close
from partsdesk.imports.staging import staging_tables
from partsdesk.pricing.models import Offer

from .conftest import write_list

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="needs a database another process or thread can read while this one writes",
)


def price_list(parts, price: int) -> str:
    lines = ["Бренд;Артикул;Цена;Кол-во"]
    lines += [f"{part.brand.name};{part.number};{price},00;5" for part in parts]
    return "\n".join(lines) + "\n"


@pytest.fixture
def catalog(profile, brands):
    return [PartFactory(brand=brands["bosch"], number=f"0 986 {n:06d}") for n in range(300)]


def offers_by_price(profile) -> dict[Decimal, int]:
    prices: dict[Decimal, int] = {}
    for price in Offer.objects.filter(warehouse=profile.warehouse).values_list(
        "purchase_price", flat=True
    ):
        prices[price] = prices.get(price, 0) + 1
    return prices


def test_an_import_that_dies_half_way_leaves_the_live_list(tmp_path, profile, catalog):
    import_run(
        import_create(
            supplier=profile.supplier,
            file=write_list(tmp_path / "v1.csv", price_list(catalog, 100)),
            filename="v1.csv",
        )
    )
    before = list(Offer.objects.order_by("pk").values())

    class Killed(BaseException):
        """What a killed worker looks like from inside: nothing after it runs."""

    def die(price_list_import):
        raise Killed

    import_v2 = import_create(
        supplier=profile.supplier,
        file=write_list(tmp_path / "v2.csv", price_list(catalog, 200) * 30),
        filename="v2.csv",
    )
    services_batch = "partsdesk.imports.services.BATCH_ROWS"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services_batch, 100)
        patch.setattr("partsdesk.imports.services.PROGRESS_EVERY", 0)
        with pytest.raises(Killed):
            import_run(import_v2, progress=die)

    assert list(Offer.objects.order_by("pk").values()) == before
    import_v2.refresh_from_db()
    assert import_v2.status == ImportStatus.RUNNING  # as a killed process leaves it
    # Once it has been silent long enough, it is closed and its tables go.
    PriceListImport.objects.filter(pk=import_v2.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert imports_interrupted_close() == 1
    import_v2.refresh_from_db()
    assert import_v2.status == ImportStatus.FAILED
    assert staging_tables() == []


@postgres_only
def test_a_killed_import_process_leaves_the_live_list(tmp_path, profile, catalog):
    import_run(
        import_create(
            supplier=profile.supplier,
            file=write_list(tmp_path / "v1.csv", price_list(catalog, 100)),
            filename="v1.csv",
        )
    )
    before = list(Offer.objects.order_by("pk").values())
    # Big enough to be still reading when it is killed: 300 parts, repeated.
    path = write_list(tmp_path / "v2.csv", price_list(catalog, 200) * 2000)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_prices", profile.supplier.code, str(path)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            running = PriceListImport.objects.filter(
                status=ImportStatus.RUNNING, rows_read__gt=0
            ).first()
            if running is not None:
                break
            assert process.poll() is None, "the import ended before it could be killed"
            time.sleep(0.05)
        else:
            pytest.fail("the import did not start")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()

    assert list(Offer.objects.order_by("pk").values()) == before
    running.refresh_from_db()
    assert running.status == ImportStatus.RUNNING


@postgres_only
def test_a_search_during_an_import_sees_the_old_list_or_the_new_one(tmp_path, profile, catalog):
    path_v1 = write_list(tmp_path / "v1.csv", price_list(catalog, 100))
    path_v2 = write_list(tmp_path / "v2.csv", price_list(catalog[:200], 200))
    profile.max_removed_percent = 100
    profile.save()
    import_run(import_create(supplier=profile.supplier, file=path_v1, filename="v1.csv"))
    seen: list[dict[Decimal, int]] = []
    done = threading.Event()

    def search() -> None:
        try:
            while not done.is_set():
                seen.append(offers_by_price(profile))
        finally:
            connections.close_all()

    reader = threading.Thread(target=search)
    reader.start()
    try:
        for version in range(4):
            path = path_v2 if version % 2 == 0 else path_v1
            result = import_run(
                import_create(supplier=profile.supplier, file=path, filename=path.name)
            )
            assert result.status == ImportStatus.PUBLISHED
    finally:
        done.set()
        reader.join()

    assert {Decimal("100.00"): 300} in seen
    assert {Decimal("200.00"): 200} in seen
    mixed = [
        prices
        for prices in seen
        if prices not in ({Decimal("100.00"): 300}, {Decimal("200.00"): 200})
    ]
    assert mixed == []
