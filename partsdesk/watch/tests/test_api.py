import json
from decimal import Decimal

import pytest
from django.test import Client

from partsdesk.accounts.services import api_token_issue
from partsdesk.accounts.tests.factories import ManagerFactory
from partsdesk.notifications.models import Event, Notification
from partsdesk.notifications.services import notify
from partsdesk.watch.models import WatchedPart
from partsdesk.watch.services import part_watch, watched_prices_check

from .conftest import set_best_price

pytestmark = pytest.mark.django_db


def app_for(user) -> Client:
    key, _token = api_token_issue(user=user, device="Pixel 8")
    return Client(headers={"authorization": f"Bearer {key}"})


def send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_watch_list_change_and_drop_through_the_api(filter_part, ivan):
    app = app_for(ivan.user)

    response = send(app, "post", "/api/v1/watchlist", {"part_id": filter_part.pk})
    assert response.status_code == 201
    watched = response.json()
    assert watched["part_id"] == filter_part.pk
    assert (watched["brand"], watched["number"]) == ("KNECHT", "OC 90")
    assert Decimal(watched["price"]) == Decimal("500.00")
    assert watched["target_price"] is None and watched["change"] is None
    assert len(watched["history"]) == 1

    # again, with a target: 200, the same watch
    response = send(
        app, "post", "/api/v1/watchlist", {"part_id": filter_part.pk, "target_price": "450.5"}
    )
    assert response.status_code == 200
    assert Decimal(response.json()["target_price"]) == Decimal("450.50")

    response = send(app, "patch", f"/api/v1/watchlist/{filter_part.pk}", {"target_price": 520})
    assert Decimal(response.json()["target_price"]) == Decimal("520.00")
    assert response.json()["target_reached"] is True

    set_best_price(filter_part, Decimal("450.00"))
    watched_prices_check()
    (row,) = app.get("/api/v1/watchlist").json()
    assert Decimal(row["change"]) == Decimal("-50.00")
    assert Decimal(row["change_percent"]) == Decimal("-10.0")
    assert [Decimal(p["price"]) for p in row["history"]] == [Decimal("500"), Decimal("450")]

    response = send(app, "patch", f"/api/v1/watchlist/{filter_part.pk}", {"target_price": None})
    assert response.json()["target_price"] is None

    assert send(app, "delete", f"/api/v1/watchlist/{filter_part.pk}").status_code == 204
    assert app.get("/api/v1/watchlist").json() == []
    response = send(app, "delete", f"/api/v1/watchlist/{filter_part.pk}")
    assert (response.status_code, response.json()["code"]) == (404, "not_watched")


@pytest.mark.parametrize("target", [0, -1, "abc", 12.345, 1e12])
def test_a_bad_target_is_refused_with_a_code(filter_part, ivan, target):
    app = app_for(ivan.user)
    response = send(
        app, "post", "/api/v1/watchlist", {"part_id": filter_part.pk, "target_price": target}
    )
    assert response.status_code == 422
    assert response.json()["code"] in {"invalid_target_price", "invalid_input"}
    assert not WatchedPart.objects.exists()


def test_an_unknown_part_is_a_404(ivan):
    response = send(app_for(ivan.user), "post", "/api/v1/watchlist", {"part_id": 999999})
    assert (response.status_code, response.json()["code"]) == (404, "part_not_found")


def test_one_customer_never_sees_or_changes_anothers_watchlist(filter_part, ivan, anna):
    part_watch(customer=anna, part=filter_part, target_price="400")
    app = app_for(ivan.user)

    assert app.get("/api/v1/watchlist").json() == []
    response = send(app, "patch", f"/api/v1/watchlist/{filter_part.pk}", {"target_price": 1})
    assert response.status_code == 404
    assert send(app, "delete", f"/api/v1/watchlist/{filter_part.pk}").status_code == 404
    assert WatchedPart.objects.get(customer=anna).target_price == Decimal("400.00")


def test_the_watchlist_needs_a_signed_in_customer(filter_part):
    assert Client().get("/api/v1/watchlist").status_code == 401
    response = app_for(ManagerFactory()).get("/api/v1/watchlist")
    assert (response.status_code, response.json()["code"]) == (403, "not_a_customer")


def test_notifications_list_and_mark_read(ivan, anna):
    mine = [notify(user=ivan.user, event=Event.PRICE_CHANGE, title=f"n{n}") for n in range(3)]
    theirs = notify(user=anna.user, event=Event.PAYMENT, title="anna")
    app = app_for(ivan.user)

    page = app.get("/api/v1/notifications?page_size=2").json()
    assert (page["count"], page["unread_count"]) == (3, 3)
    assert [item["title"] for item in page["items"]] == ["n2", "n1"]
    assert page["items"][0]["event"] == "price_change"
    assert page["items"][0]["event_label"] == "Price of a watched part changed"

    response = send(app, "post", "/api/v1/notifications/read", {"ids": [mine[0].pk, theirs.pk]})
    assert response.json() == {"marked": 1, "unread_count": 2}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert app.get("/api/v1/notifications?unread=true").json()["count"] == 2

    assert send(app, "post", "/api/v1/notifications/read").json() == {
        "marked": 2,
        "unread_count": 0,
    }
    assert app_for(anna.user).get("/api/v1/notifications").json()["unread_count"] == 1


def test_notifications_need_signing_in():
    assert Client().get("/api/v1/notifications").status_code == 401
    assert send(Client(), "post", "/api/v1/notifications/read").status_code == 401
