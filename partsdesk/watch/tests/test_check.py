"""After an import: watched parts whose best price moved get a point and their watchers a
notification, in the app and by email; nothing else is touched."""

from decimal import Decimal

import pytest
from django.core import mail

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.notifications.models import Channel, Event, Notification
from partsdesk.notifications.services import notification_preferences_set
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.watch.models import PricePoint
from partsdesk.watch.selectors import watchlist
from partsdesk.watch.services import (
    part_unwatch,
    part_watch,
    price_changes_notify,
    watched_prices_check,
)
from partsdesk.watch.tasks import check_prices

from .conftest import set_best_price

pytestmark = pytest.mark.django_db


def check(capture) -> int:
    """Run the check as the import does; the notification tasks run on commit."""
    with capture(execute=True):
        return watched_prices_check()


def test_a_lower_price_reaches_the_watcher_in_the_app_by_email_and_on_the_chart(
    filter_part, ivan, client, django_capture_on_commit_callbacks
):
    # given Ivan watches OC 90 at its best price of 500.00
    part_watch(customer=ivan, part=filter_part)
    assert [p.price for p in PricePoint.objects.filter(part=filter_part)] == [Decimal("500.00")]

    # when an import lowers the best offer to 450.00 and the check runs
    set_best_price(filter_part, Decimal("450.00"))
    assert check(django_capture_on_commit_callbacks) == 1

    # then the history has the new point
    points = list(PricePoint.objects.filter(part=filter_part))
    assert [(p.price, p.previous_price) for p in points] == [
        (Decimal("500.00"), None),
        (Decimal("450.00"), Decimal("500.00")),
    ]
    assert points[-1].notified_at is not None
    # and Ivan has the notification in the app
    notification = Notification.objects.get(user=ivan.user)
    assert notification.event == Event.PRICE_CHANGE
    assert notification.title == "KNECHT OC 90: the price fell to 450.00 ₽"
    assert "was 500.00 ₽, now 450.00 ₽ (−50.00 ₽, 10.0%)" in notification.body
    assert notification.url == f"/account/watchlist/#part-{filter_part.pk}"
    # and by email
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ivan@example.com"]
    assert mail.outbox[0].subject == notification.title
    # and the watchlist and its chart show the change
    row = watchlist(ivan)[0]
    assert (row.price, row.change, row.change_percent) == (
        Decimal("450.00"),
        Decimal("-50.00"),
        Decimal("-10.0"),
    )
    client.force_login(ivan.user)
    page = client.get("/account/watchlist/").content.decode()
    assert "450.00 ₽" in page and "↓ 50.00 ₽" in page
    assert page.count('<polyline class="price-line"') == 1
    assert page.count("<circle ") == 2


def test_the_watcher_is_told_in_their_own_language(
    filter_part, anna, django_capture_on_commit_callbacks
):
    part_watch(customer=anna, part=filter_part)
    set_best_price(filter_part, Decimal("550.00"))
    check(django_capture_on_commit_callbacks)
    notification = Notification.objects.get(user=anna.user)
    assert notification.title == "KNECHT OC 90: цена выросла до 550.00 ₽"


def test_no_change_adds_no_point_and_tells_nobody(
    filter_part, ivan, django_capture_on_commit_callbacks
):
    part_watch(customer=ivan, part=filter_part)
    # a cheaper offer that is out of stock and a dearer one in stock change nothing
    OfferFactory(part=filter_part, price=Decimal("100.00"), quantity=0)
    OfferFactory(part=filter_part, price=Decimal("900.00"))

    assert check(django_capture_on_commit_callbacks) == 0
    assert PricePoint.objects.filter(part=filter_part).count() == 1
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_unwatched_parts_are_not_looked_at(filter_part, ivan, django_capture_on_commit_callbacks):
    other = PartFactory()
    OfferFactory(part=other, price=Decimal("10.00"))
    part_watch(customer=ivan, part=filter_part)
    other.offers.update(price=Decimal("5.00"))

    assert check(django_capture_on_commit_callbacks) == 0
    assert not PricePoint.objects.filter(part=other).exists()


def test_target_price_reached_is_told_once(
    filter_part, ivan, anna, django_capture_on_commit_callbacks
):
    # given Ivan waits for 460.00 or less; Anna watches without a target
    part_watch(customer=ivan, part=filter_part, target_price="460")
    part_watch(customer=anna, part=filter_part)

    # when the price falls to 455.00
    set_best_price(filter_part, Decimal("455.00"))
    check(django_capture_on_commit_callbacks)

    # then Ivan hears that his target is reached, Anna that the price fell
    assert Notification.objects.get(user=ivan.user).title == (
        "KNECHT OC 90: your target price is reached — 455.00 ₽"
    )
    assert "цена снизилась" in Notification.objects.get(user=anna.user).title
    assert watchlist(ivan)[0].target_reached

    # when it falls again, below the target still: a plain price change, not "reached" again
    set_best_price(filter_part, Decimal("440.00"))
    check(django_capture_on_commit_callbacks)
    titles = list(Notification.objects.filter(user=ivan.user).values_list("title", flat=True))
    assert titles == [
        "KNECHT OC 90: the price fell to 440.00 ₽",
        "KNECHT OC 90: your target price is reached — 455.00 ₽",
    ]

    # when it rises above the target and falls back to it: reached again
    set_best_price(filter_part, Decimal("480.00"))
    check(django_capture_on_commit_callbacks)
    set_best_price(filter_part, Decimal("460.00"))
    check(django_capture_on_commit_callbacks)
    latest = Notification.objects.filter(user=ivan.user).first()
    assert latest.title == "KNECHT OC 90: your target price is reached — 460.00 ₽"


def test_out_of_stock_records_a_gap_silently_and_back_in_stock_is_told(
    filter_part, ivan, client, django_capture_on_commit_callbacks
):
    part_watch(customer=ivan, part=filter_part)

    set_best_price(filter_part, None)
    assert check(django_capture_on_commit_callbacks) == 1
    assert PricePoint.objects.filter(part=filter_part).last().price is None
    assert not Notification.objects.exists()
    row = watchlist(ivan)[0]
    assert not row.in_stock and row.change is None

    # a second check while still out of stock changes nothing
    assert check(django_capture_on_commit_callbacks) == 0

    set_best_price(filter_part, Decimal("520.00"))
    assert check(django_capture_on_commit_callbacks) == 1
    assert Notification.objects.get(user=ivan.user).title == (
        "KNECHT OC 90 is back in stock at 520.00 ₽"
    )
    client.force_login(ivan.user)
    page = client.get("/account/watchlist/").content.decode()
    # two stretches in stock with a gap between them
    assert page.count('<polyline class="price-line"') == 2


def test_preferences_decide_the_channels(filter_part, ivan, django_capture_on_commit_callbacks):
    notification_preferences_set(ivan.user, {(Event.PRICE_CHANGE, Channel.EMAIL): False})
    part_watch(customer=ivan, part=filter_part)
    set_best_price(filter_part, Decimal("400.00"))
    check(django_capture_on_commit_callbacks)
    assert Notification.objects.filter(user=ivan.user).count() == 1
    assert mail.outbox == []


def test_a_point_is_told_about_once_and_only_to_earlier_watchers(
    filter_part, ivan, anna, django_capture_on_commit_callbacks
):
    part_watch(customer=ivan, part=filter_part)
    set_best_price(filter_part, Decimal("400.00"))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        watched_prices_check()
    point = PricePoint.objects.filter(part=filter_part).last()
    # Anna starts watching after the point was recorded, before its task ran
    part_watch(customer=anna, part=filter_part)

    for callback in queued:
        callback()
    assert price_changes_notify(point_ids=[point.pk]) == 0  # a retried task tells nobody twice

    assert Notification.objects.filter(user=ivan.user).count() == 1
    assert not Notification.objects.filter(user=anna.user).exists()


def test_a_part_watched_again_after_a_while_starts_from_its_price_then(
    filter_part, ivan, anna, django_capture_on_commit_callbacks
):
    part_watch(customer=ivan, part=filter_part)
    part_unwatch(customer=ivan, part_id=filter_part.pk)
    # nobody watches it: the check does not look at it
    set_best_price(filter_part, Decimal("400.00"))
    assert check(django_capture_on_commit_callbacks) == 0

    # Anna watches it: the history notes the new price, and nobody is told about it
    part_watch(customer=anna, part=filter_part)
    points = PricePoint.objects.filter(part=filter_part)
    assert [(p.price, p.previous_price) for p in points] == [
        (Decimal("500.00"), None),
        (Decimal("400.00"), Decimal("500.00")),
    ]
    assert check(django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()


def test_the_celery_task_runs_the_check(filter_part, ivan, django_capture_on_commit_callbacks):
    part_watch(customer=ivan, part=filter_part)
    set_best_price(filter_part, Decimal("480.00"))
    with django_capture_on_commit_callbacks(execute=True):
        assert check_prices.delay().get() == 1
    assert Notification.objects.filter(user=ivan.user).exists()


def test_the_check_runs_the_same_queries_for_1_or_40_watched_parts(
    ivan, warehouse, django_assert_num_queries, django_capture_on_commit_callbacks
):
    def watched_parts(count):
        parts = []
        for _ in range(count):
            part = PartFactory()
            OfferFactory(part=part, warehouse=warehouse, price=Decimal("100.00"))
            part_watch(customer=CustomerFactory(), part=part)
            parts.append(part)
        return parts

    def queries_of_a_check_with_one_change(parts) -> int:
        parts[0].offers.update(price=parts[0].offers.first().price - 1)
        with django_capture_on_commit_callbacks(execute=False) as queued:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                assert watched_prices_check() == 1
        assert len(queued) == 1
        return len(queries)

    few = queries_of_a_check_with_one_change(watched_parts(1))
    many = queries_of_a_check_with_one_change(watched_parts(40))
    assert few == many
    assert few <= 6
