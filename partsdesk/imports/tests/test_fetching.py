import datetime
import functools
import http.server
import threading

import pytest
from django.utils import timezone

from partsdesk.imports.fetching import FetchError, lists_fetch_due, profile_fetch, profiles_due
from partsdesk.imports.models import ImportStatus, ListSource, PriceListImport
from partsdesk.pricing.models import Offer

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "Бренд;Артикул;Цена;Кол-во\nMANN;W 712/75;2 500,54;>10\nKNECHT;OC 90;640;есть\n"


@pytest.fixture
def supplier_site(tmp_path):
    """A supplier's web server on 127.0.0.1 publishing price.csv."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "price.csv").write_bytes(LIST.encode("cp1251"))
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site")
    )
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def at(hour: int) -> datetime.datetime:
    return timezone.localtime().replace(hour=hour, minute=5)


def test_a_due_list_is_fetched_and_imported_once_a_day(
    supplier_site, profile, brands, known_part, django_capture_on_commit_callbacks
):
    profile.source, profile.url, profile.fetch_hour = (
        ListSource.URL,
        f"{supplier_site}/price.csv",
        6,
    )
    profile.save()
    assert profiles_due(at(5)) == []

    with django_capture_on_commit_callbacks(execute=True):
        fetched = lists_fetch_due(at(7))

    assert len(fetched) == 1
    fetched[0].refresh_from_db()
    assert fetched[0].status == ImportStatus.PUBLISHED
    assert fetched[0].filename == "price.csv"
    assert Offer.objects.filter(warehouse=profile.warehouse).count() == 2
    profile.refresh_from_db()
    assert profile.last_fetch_error == ""
    assert profiles_due(at(9)) == []


def test_a_failed_fetch_is_kept_on_the_profile(supplier_site, profile):
    profile.source, profile.url, profile.fetch_hour = ListSource.URL, f"{supplier_site}/gone.csv", 0
    profile.save()

    assert lists_fetch_due(at(7)) == []

    profile.refresh_from_db()
    assert "404" in profile.last_fetch_error
    assert not PriceListImport.objects.exists()


def test_only_web_addresses_are_fetched(profile):
    profile.source, profile.url = ListSource.URL, "file:///etc/passwd"
    with pytest.raises(FetchError):
        profile_fetch(profile)
