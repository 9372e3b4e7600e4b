from decimal import Decimal

import pytest

from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.watch import services
from partsdesk.watch.models import PricePoint, WatchedPart, WatchedPrice
from partsdesk.watch.selectors import watchlist
from partsdesk.watch.services import (
    WatchError,
    part_unwatch,
    part_watch,
    target_price_parse,
    watch_target_set,
)

from .factories import PricePointFactory

pytestmark = pytest.mark.django_db


def test_watching_starts_the_history_at_the_current_best_price(filter_part, ivan):
    watch = part_watch(customer=ivan, part=filter_part, target_price="450,5")
    assert watch.target_price == Decimal("450.50")
    point = PricePoint.objects.get(part=filter_part)
    assert (point.price, point.previous_price) == (Decimal("500.00"), None)
    # the first point is nobody's news
    assert point.notified_at is not None


def test_watching_again_keeps_the_watch_and_sets_a_given_target(filter_part, ivan, anna):
    first = part_watch(customer=ivan, part=filter_part)
    again = part_watch(customer=ivan, part=filter_part, target_price="420")
    part_watch(customer=anna, part=filter_part)
    assert again.pk == first.pk and again.target_price == Decimal("420.00")
    assert part_watch(customer=ivan, part=filter_part).target_price == Decimal("420.00")
    # a part's history is shared by its watchers: one first point
    assert PricePoint.objects.filter(part=filter_part).count() == 1
    assert WatchedPart.objects.count() == 2


def test_a_part_with_a_history_keeps_it_when_watched(filter_part, ivan):
    PricePointFactory(part=filter_part, price=Decimal("500.00"))
    part_watch(customer=ivan, part=filter_part)
    assert list(PricePoint.objects.values_list("price", flat=True)) == [Decimal("500.00")]


def test_the_part_is_checked_while_it_has_watchers(filter_part, ivan, anna):
    part_watch(customer=ivan, part=filter_part)
    part_watch(customer=anna, part=filter_part)
    assert WatchedPrice.objects.get(part=filter_part).price == Decimal("500.00")
    part_unwatch(customer=ivan, part_id=filter_part.pk)
    assert WatchedPrice.objects.filter(part=filter_part).exists()
    part_unwatch(customer=anna, part_id=filter_part.pk)
    assert not WatchedPrice.objects.filter(part=filter_part).exists()


def test_a_part_with_nothing_in_stock_starts_with_no_price(ivan):
    part = PartFactory()
    part_watch(customer=ivan, part=part)
    assert PricePoint.objects.get(part=part).price is None
    assert not watchlist(ivan)[0].in_stock


@pytest.mark.parametrize(
    "value", ["0", "-5", "abc", "1e400", "NaN", "Infinity", "12.345", "10000000.01", "1,2,3"]
)
def test_a_bad_target_price_is_refused_and_changes_nothing(filter_part, ivan, value):
    with pytest.raises(WatchError) as caught:
        part_watch(customer=ivan, part=filter_part, target_price=value)
    assert caught.value.code == "invalid_target_price"
    assert not WatchedPart.objects.exists() and not PricePoint.objects.exists()

    watch = part_watch(customer=ivan, part=filter_part, target_price="400")
    with pytest.raises(WatchError):
        watch_target_set(watch=watch, target_price=value)
    watch.refresh_from_db()
    assert watch.target_price == Decimal("400.00")


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("", None),
        ("  ", None),
        (None, None),
        ("1 250,50", Decimal("1250.50")),
        (Decimal("99.9"), Decimal("99.90")),
        (7, Decimal("7.00")),
    ],
)
def test_target_prices_people_write(value, parsed):
    assert target_price_parse(value) == parsed


def test_the_target_is_set_and_cleared(filter_part, ivan):
    watch = part_watch(customer=ivan, part=filter_part)
    assert watch_target_set(watch=watch, target_price="480").target_price == Decimal("480.00")
    assert watch_target_set(watch=watch, target_price="").target_price is None
    watch.refresh_from_db()
    assert watch.target_price is None


def test_stop_watching_touches_only_the_customers_own(filter_part, ivan, anna):
    part_watch(customer=ivan, part=filter_part)
    part_watch(customer=anna, part=filter_part)
    assert part_unwatch(customer=ivan, part_id=filter_part.pk) is True
    assert part_unwatch(customer=ivan, part_id=filter_part.pk) is False
    assert list(WatchedPart.objects.values_list("customer", flat=True)) == [anna.pk]
    # the history stays for the other watcher
    assert PricePoint.objects.filter(part=filter_part).exists()


def test_the_watchlist_has_a_limit(ivan, monkeypatch):
    monkeypatch.setattr(services, "WATCHLIST_LIMIT", 2)
    part_watch(customer=ivan, part=PartFactory())
    part_watch(customer=ivan, part=PartFactory())
    with pytest.raises(WatchError) as caught:
        part_watch(customer=ivan, part=PartFactory())
    assert caught.value.code == "watchlist_full"
    assert WatchedPart.objects.count() == 2


def test_a_blocked_customer_cannot_watch(filter_part, ivan):
    from django.utils import timezone

    ivan.blocked_at = timezone.now()
    ivan.save(update_fields=["blocked_at"])
    with pytest.raises(WatchError) as caught:
        part_watch(customer=ivan, part=filter_part)
    assert caught.value.code == "customer_blocked"
    assert not WatchedPart.objects.exists()


def test_the_watchlist_is_the_customers_own(filter_part, ivan, anna):
    part_watch(customer=anna, part=filter_part)
    assert watchlist(ivan) == []
    assert [row.part_id for row in watchlist(anna)] == [filter_part.pk]
