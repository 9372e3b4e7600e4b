from decimal import Decimal

import pytest
from django.urls import reverse

from partsdesk.accounts.tests.factories import ManagerFactory
from partsdesk.notifications.models import Event, Notification
from partsdesk.notifications.services import notify
from partsdesk.watch.models import WatchedPart
from partsdesk.watch.services import part_watch

pytestmark = pytest.mark.django_db

WATCHLIST = "/account/watchlist/"


def part_page(part) -> str:
    return reverse("storefront:part", args=[part.pk])


def test_the_part_page_offers_to_watch_and_stop_watching_without_javascript(
    client, filter_part, ivan
):
    client.force_login(ivan.user)
    page = client.get(part_page(filter_part)).content.decode()
    assert "Watch the price" in page and 'hx-post="' in page

    response = client.post(
        reverse("watch:watch", args=[filter_part.pk]),
        {"target_price": "450", "next": part_page(filter_part)},
    )
    assert response.status_code == 302 and response["Location"] == part_page(filter_part)
    watch = WatchedPart.objects.get(customer=ivan)
    assert watch.target_price == Decimal("450.00")
    page = client.get(part_page(filter_part)).content.decode()
    assert "You are watching this part's price." in page and "Stop watching" in page

    response = client.post(
        reverse("watch:unwatch", args=[filter_part.pk]), {"next": part_page(filter_part)}
    )
    assert response.status_code == 302
    assert not WatchedPart.objects.exists()


def test_the_offers_page_has_the_watch_box_too(client, filter_part, ivan):
    client.force_login(ivan.user)
    page = client.get(reverse("storefront:offers", args=["knecht", "OC90"])).content.decode()
    assert f'id="watch-box-{filter_part.pk}"' in page


def test_under_htmx_the_box_is_swapped(client, filter_part, ivan):
    client.force_login(ivan.user)
    response = client.post(
        reverse("watch:watch", args=[filter_part.pk]), {"target_price": ""}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<div class="watch-box" id="watch-box-{filter_part.pk}">')
    assert "Stop watching" in body and "<html" not in body

    # a bad target price: the box again, with the message, and nothing is stored
    client.post(reverse("watch:unwatch", args=[filter_part.pk]), HTTP_HX_REQUEST="true")
    response = client.post(
        reverse("watch:watch", args=[filter_part.pk]),
        {"target_price": "-1"},
        HTTP_HX_REQUEST="true",
    )
    assert "The target price must be above zero." in response.content.decode()
    assert not WatchedPart.objects.exists()


def test_a_bad_target_without_javascript_explains_and_stores_nothing(client, filter_part, ivan):
    client.force_login(ivan.user)
    response = client.post(reverse("watch:watch", args=[filter_part.pk]), {"target_price": "abc"})
    assert response.status_code == 422
    assert "The target price must be a number." in response.content.decode()
    assert not WatchedPart.objects.exists()


def test_visitors_are_asked_to_sign_in_and_cannot_post(client, filter_part):
    page = client.get(part_page(filter_part)).content.decode()
    assert f"/account/login/?next=/parts/{filter_part.pk}/" in page
    response = client.post(reverse("watch:watch", args=[filter_part.pk]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not WatchedPart.objects.exists()


def test_staff_see_no_watch_box_and_cannot_watch(client, filter_part):
    client.force_login(ManagerFactory())
    assert "Watch the price" not in client.get(part_page(filter_part)).content.decode()
    client.post(reverse("watch:watch", args=[filter_part.pk]))
    assert not WatchedPart.objects.exists()


def test_the_next_link_must_be_this_site(client, filter_part, ivan):
    client.force_login(ivan.user)
    response = client.post(
        reverse("watch:watch", args=[filter_part.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == WATCHLIST


def test_the_watchlist_page_shows_only_the_customers_own(client, filter_part, ivan, anna):
    part_watch(customer=anna, part=filter_part, target_price="400")
    client.force_login(ivan.user)
    page = client.get(WATCHLIST).content.decode()
    assert "OC 90" not in page and "You are not watching any part yet." in page

    # nor can Ivan change or drop Anna's watch
    response = client.post(reverse("watch:target", args=[filter_part.pk]), {"target_price": "1"})
    assert response.status_code == 404
    client.post(reverse("watch:unwatch", args=[filter_part.pk]))
    assert WatchedPart.objects.get(customer=anna).target_price == Decimal("400.00")


def test_the_target_price_form_on_the_watchlist(client, filter_part, ivan):
    part_watch(customer=ivan, part=filter_part)
    client.force_login(ivan.user)
    target = reverse("watch:target", args=[filter_part.pk])

    response = client.post(target, {"target_price": "480"}, follow=True)
    assert "The target price is saved." in response.content.decode()
    assert WatchedPart.objects.get().target_price == Decimal("480.00")

    response = client.post(target, {"target_price": "0"}, follow=True)
    assert "The target price must be above zero." in response.content.decode()
    assert WatchedPart.objects.get().target_price == Decimal("480.00")

    client.post(target, {"target_price": "480", "clear": "1"})
    assert WatchedPart.objects.get().target_price is None


def test_the_watchlist_page_has_the_part_price_and_chart(client, filter_part, ivan):
    part_watch(customer=ivan, part=filter_part, target_price="600")
    client.force_login(ivan.user)
    page = client.get(WATCHLIST).content.decode()
    assert f'id="part-{filter_part.pk}"' in page
    assert "500.00 ₽" in page
    assert "reached" in page  # 500 ≤ 600
    assert '<svg class="price-chart"' in page
    assert "Price history of KNECHT OC 90" in page


def test_the_notifications_page_lists_marks_read_and_counts(client, ivan, anna):
    mine = [notify(user=ivan.user, event=Event.PRICE_CHANGE, title=f"t{n}") for n in range(2)]
    mine[0].url = WATCHLIST
    mine[0].save()
    theirs = notify(user=anna.user, event=Event.PRICE_CHANGE, title="Anna's secret")
    client.force_login(ivan.user)

    page = client.get("/account/inbox/").content.decode()
    assert "t0" in page and "t1" in page and "Anna" not in page
    assert "2 unread notifications." in page
    # the header's badge
    assert '<span class="tag" title="unread">2</span>' in page

    # open one: it is read and its link followed
    response = client.post(f"/account/inbox/{mine[0].pk}/read/", {"open": "1"})
    assert response["Location"] == WATCHLIST
    # another customer's notification cannot be marked
    client.post(f"/account/inbox/{theirs.pk}/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "1 unread notification." in client.get("/account/inbox/").content.decode()

    client.post("/account/inbox/read-all/")
    assert not Notification.objects.filter(user=ivan.user, read_at=None).exists()
    page = client.get("/account/inbox/?unread=1").content.decode()
    assert "No notifications." in page and 'title="unread"' not in page


def test_the_account_links_to_the_watchlist_and_notifications(client, ivan):
    client.force_login(ivan.user)
    page = client.get("/account/").content.decode()
    assert 'href="/account/watchlist/"' in page and 'href="/account/inbox/"' in page


def test_pages_need_a_signed_in_customer(client):
    assert client.get(WATCHLIST).status_code == 302
    assert client.get("/account/inbox/").status_code == 302
