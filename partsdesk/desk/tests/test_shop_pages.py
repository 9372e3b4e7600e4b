"""The shop's settings pages in the desk: who may open them, and that bad input changes
nothing."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.shop import selectors as shop_selectors
from partsdesk.shop.models import (
    CalendarException,
    DeliveryBand,
    PickupPoint,
    ShopSettings,
    StatusDisplay,
    WorkingHours,
)
from partsdesk.shop.tests.factories import DeliveryBandFactory, PickupPointFactory

WEEK_FORM = {
    **{f"day_{day}_working": "on" for day in range(5)},
    **{f"day_{day}_opens": "09:00" for day in range(7)},
    **{f"day_{day}_closes": "19:00" for day in range(7)},
}


def calendar_post(**changes):
    data = {
        "time_zone": "Europe/Moscow",
        "review_hours": "2",
        "off_hours_due_at": "11:00",
        **WEEK_FORM,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def snapshot() -> tuple:
    """Everything the shop pages can change."""
    return (
        list(ShopSettings.objects.values()),
        list(WorkingHours.objects.order_by("weekday").values()),
        list(CalendarException.objects.values()),
        list(PickupPoint.objects.order_by("pk").values()),
        list(DeliveryBand.objects.order_by("pk").values()),
        list(StatusDisplay.objects.order_by("pk").values()),
    )


@pytest.fixture
def people(manager, senior_manager, administrator):
    return {
        "anonymous": None,
        "customer": CustomerFactory().user,
        "manager": manager,
        "senior_manager": senior_manager,
        "administrator": administrator,
    }


@pytest.fixture
def point(db):
    return PickupPointFactory(name="Склад на Складочной")


@pytest.fixture
def band(db):
    return DeliveryBandFactory(weight_up_to_kg=Decimal("1"), price=Decimal("300"))


PAGES = [
    ("desk:shop_calendar", {}),
    ("desk:shop_pickup_points", {}),
    ("desk:shop_pickup_point_new", {}),
    ("desk:shop_pickup_point", {"point_id": "point"}),
    ("desk:shop_delivery", {}),
    ("desk:shop_statuses", {}),
]
WHO = [
    ("anonymous", 302),
    ("customer", 403),
    ("manager", 403),
    ("senior_manager", 200),
    ("administrator", 200),
]


@pytest.mark.parametrize(("who", "status"), WHO)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_pages_are_for_senior_managers_and_administrators(
    client, people, point, name, kwargs, who, status
):
    if people[who]:
        client.force_login(people[who])
    kwargs = {key: point.pk for key in kwargs}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == status
    if who == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


def _posts(point, band):
    return [
        ("desk:shop_calendar", {}, calendar_post(review_hours="5")),
        (
            "desk:shop_calendar_exception_add",
            {},
            {"date": "2026-05-01", "kind": "holiday", "note": "Праздник"},
        ),
        ("desk:shop_pickup_point_new", {}, {"name": "Новый", "city": "Москва", "address": "x"}),
        (
            "desk:shop_pickup_point",
            {"point_id": point.pk},
            {"name": "Y", "city": "М", "address": "z"},
        ),
        ("desk:shop_pickup_point_active", {"point_id": point.pk}, {"is_active": "0"}),
        ("desk:shop_delivery_band_add", {}, {"new-weight_up_to_kg": "5", "new-price": "450"}),
        (
            "desk:shop_delivery_band",
            {"band_id": band.pk},
            {f"band-{band.pk}-weight_up_to_kg": "2", f"band-{band.pk}-price": "350"},
        ),
        ("desk:shop_delivery_band_delete", {"band_id": band.pk}, {}),
        ("desk:shop_default_weight", {}, {"weight_kg": "0.5"}),
        ("desk:shop_statuses", {}, {"new-name_ru": "Получен"}),
    ]


@pytest.mark.parametrize(("who", "status"), [w for w in WHO if w[0] != "senior_manager"])
def test_changes_are_refused_to_others_and_accepted_from_editors(
    client, people, point, band, who, status
):
    if people[who]:
        client.force_login(people[who])
    for name, kwargs, data in _posts(point, band):
        before = snapshot()
        response = client.post(reverse(name, kwargs=kwargs), data)
        if status == 200:
            assert response.status_code == 302, (name, response.content.decode()[:2000])
            assert snapshot() != before, name
        else:
            assert response.status_code == status, name
            assert snapshot() == before, name


def test_the_nav_link_only_for_those_who_may_edit(client, manager, senior_manager):
    link = f'href="{reverse("desk:shop_calendar")}"'
    client.force_login(manager)
    assert link not in client.get(reverse("desk:home")).content.decode()
    client.force_login(senior_manager)
    assert link in client.get(reverse("desk:home")).content.decode()


def test_changes_need_the_csrf_token(senior_manager, point):
    client = Client(enforce_csrf_checks=True)
    client.force_login(senior_manager)
    before = snapshot()
    response = client.post(
        reverse("desk:shop_pickup_point_active", kwargs={"point_id": point.pk}), {"is_active": "0"}
    )
    assert response.status_code == 403
    assert snapshot() == before


# --- the calendar ----------------------------------------------------------------------


@pytest.fixture
def editor(client, senior_manager):
    client.force_login(senior_manager)
    return client


def test_saving_the_calendar(editor):
    response = editor.post(
        reverse("desk:shop_calendar"),
        calendar_post(
            time_zone="Asia/Yekaterinburg",
            review_hours="3",
            off_hours_due_at="10:30",
            day_5_working="on",
            day_5_opens="10:00",
            day_5_closes="16:00",
        ),
    )
    assert response.status_code == 302
    shop = shop_selectors.shop_settings()
    assert (shop.time_zone, shop.review_hours, shop.off_hours_due_at) == (
        "Asia/Yekaterinburg",
        3,
        datetime.time(10, 30),
    )
    week = shop_selectors.week_hours()
    assert (week[0].opens_at, week[0].closes_at) == (datetime.time(9), datetime.time(19))
    assert (week[5].is_working, week[5].opens_at) == (True, datetime.time(10))
    assert not week[6].is_working and week[6].opens_at is None
    page = editor.get(reverse("desk:shop_calendar")).content.decode()
    assert 'value="Asia/Yekaterinburg" selected' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"day_2_opens": "19:00", "day_2_closes": "09:00"},
            "day_2_closes",
            "Closing time must be after opening time.",
        ),
        ({"day_2_closes": "09:00"}, "day_2_closes", "Closing time must be after opening time."),
        ({"day_1_opens": ""}, "day_1_opens", "Give the hours of a working day."),
        ({"review_hours": "0"}, "review_hours", "Ensure this value is greater than or equal to 1."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
        ({"off_hours_due_at": "25:00"}, "off_hours_due_at", "Enter a valid time."),
        (
            {f"day_{day}_working": None for day in range(7)},
            None,
            "At least one weekday must be a working day",
        ),
    ],
)
def test_a_bad_calendar_changes_nothing(editor, changes, field, message):
    before = snapshot()
    response = editor.post(reverse("desk:shop_calendar"), calendar_post(**changes))
    assert response.status_code == 400
    form = response.context["calendar_form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert message.split(" ")[0] in response.content.decode()
    assert snapshot() == before


def test_a_day_off_ignores_its_hours(editor):
    response = editor.post(
        reverse("desk:shop_calendar"), calendar_post(day_6_opens="18:00", day_6_closes="08:00")
    )
    assert response.status_code == 302
    assert not shop_selectors.week_hours()[6].is_working


def test_calendar_exceptions(editor):
    # when: a working Saturday with hours, and a holiday
    url = reverse("desk:shop_calendar_exception_add")
    data = {"date": "2026-11-07", "kind": "working", "opens_at": "10:00", "closes_at": "15:00"}
    assert editor.post(url, data).status_code == 302
    assert editor.post(url, {"date": "2026-11-04", "kind": "holiday"}).status_code == 302

    # then
    saturday = CalendarException.objects.get(date=datetime.date(2026, 11, 7))
    assert saturday.is_working and saturday.closes_at == datetime.time(15)
    page = editor.get(reverse("desk:shop_calendar")).content.decode()
    assert "10:00–15:00" in page and "day off" in page

    # and: the same date again, a working day with no hours, closing before opening: refused
    before = snapshot()
    duplicate = editor.post(
        url, {"date": "2026-11-04", "kind": "working", "opens_at": "9:00", "closes_at": "12:00"}
    )
    assert duplicate.status_code == 400
    assert "2026-11-04 is in the calendar already" in duplicate.content.decode()
    assert editor.post(url, {"date": "2026-11-05", "kind": "working"}).status_code == 400
    backwards = editor.post(
        url, {"date": "2026-11-05", "kind": "working", "opens_at": "12:00", "closes_at": "9:00"}
    )
    assert "Closing time must be after opening time." in backwards.content.decode()
    assert snapshot() == before

    # and: deleting one
    response = editor.post(
        reverse("desk:shop_calendar_exception_delete", kwargs={"exception_id": saturday.pk})
    )
    assert response.status_code == 302
    assert not CalendarException.objects.filter(pk=saturday.pk).exists()


# --- pickup points ---------------------------------------------------------------------


def test_creating_editing_and_deactivating_a_pickup_point(editor):
    response = editor.post(
        reverse("desk:shop_pickup_point_new"),
        {
            "name": "Партсдеск на Тверской",
            "city": "Москва",
            "address": "ул. Тверская, 7",
            "working_hours": "Пн–Пт 9–19",
            "phone": "+7 495 120-00-10",
            "latitude": "55.757800",
            "longitude": "37.611500",
            "sort_order": "1",
        },
    )
    assert response.status_code == 302
    point = PickupPoint.objects.get(name="Партсдеск на Тверской")
    assert point.map_link == "https://yandex.ru/maps/?pt=37.611500,55.757800&z=17&l=map"
    assert point in shop_selectors.pickup_points_active()

    editor.post(
        reverse("desk:shop_pickup_point", kwargs={"point_id": point.pk}),
        {"name": point.name, "city": "Москва", "address": "ул. Тверская, 9", "sort_order": "1"},
    )
    point.refresh_from_db()
    assert point.address == "ул. Тверская, 9" and point.latitude is None

    editor.post(
        reverse("desk:shop_pickup_point_active", kwargs={"point_id": point.pk}),
        {"is_active": "0"},
    )
    assert point not in shop_selectors.pickup_points_active()
    page = editor.get(reverse("desk:shop_pickup_points")).content.decode()
    assert "inactive" in page and "Activate" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"latitude": "55.7"}, "longitude"),
        ({"latitude": "95", "longitude": "37"}, "latitude"),
        ({"map_url": "javascript:alert(1)"}, "map_url"),
    ],
)
def test_a_bad_pickup_point_changes_nothing(editor, point, changes, field):
    before = snapshot()
    data = {"name": "X", "city": "Москва", "address": "ул. Y", "sort_order": "0", **changes}
    response = editor.post(reverse("desk:shop_pickup_point", kwargs={"point_id": point.pk}), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert snapshot() == before


def test_the_edit_page_shows_the_saved_point(editor):
    point = PickupPointFactory(map_url="https://yandex.ru/maps/-/CDx~abc", sort_order=7)
    form = editor.get(reverse("desk:shop_pickup_point", kwargs={"point_id": point.pk})).context[
        "form"
    ]
    assert form["map_url"].value() == "https://yandex.ru/maps/-/CDx~abc"
    assert form["sort_order"].value() == 7
    assert form["address"].value() == point.address


def test_an_unknown_pickup_point_is_404(editor):
    assert (
        editor.get(reverse("desk:shop_pickup_point", kwargs={"point_id": 999})).status_code == 404
    )


# --- delivery bands --------------------------------------------------------------------


def test_delivery_bands(editor, band):
    add = reverse("desk:shop_delivery_band_add")
    assert editor.post(add, {"new-weight_up_to_kg": "5", "new-price": "450"}).status_code == 302
    assert shop_selectors.delivery_cost(Decimal("3")) == Decimal("450")
    page = editor.get(reverse("desk:shop_delivery")).content.decode()
    assert "0–1 kg" in page and "1–5 kg" in page and "450.00 RUB" in page

    before = snapshot()
    duplicate = editor.post(add, {"new-weight_up_to_kg": "5.000", "new-price": "500"})
    assert duplicate.status_code == 400
    assert "There is a band up to 5 kg already." in duplicate.content.decode()
    negative = editor.post(add, {"new-weight_up_to_kg": "10", "new-price": "-1"})
    assert "The price cannot be negative." in negative.content.decode()
    zero = editor.post(add, {"new-weight_up_to_kg": "0", "new-price": "100"})
    assert "The weight must be more than zero." in zero.content.decode()
    # moving the 1 kg band onto the 5 kg one
    clash = editor.post(
        reverse("desk:shop_delivery_band", kwargs={"band_id": band.pk}),
        {f"band-{band.pk}-weight_up_to_kg": "5", f"band-{band.pk}-price": "1"},
    )
    assert clash.status_code == 400
    assert "There is a band up to 5 kg already." in clash.content.decode()
    assert snapshot() == before


def test_the_default_part_weight(editor):
    url = reverse("desk:shop_default_weight")
    assert editor.post(url, {"weight_kg": "0.4"}).status_code == 302
    assert shop_selectors.default_part_weight_kg() == Decimal("0.400")
    before = snapshot()
    assert editor.post(url, {"weight_kg": "0"}).status_code == 400
    assert editor.post(url, {"weight_kg": "abc"}).status_code == 400
    assert snapshot() == before


# --- statuses --------------------------------------------------------------------------


def test_statuses_page_shows_the_defaults_and_saves_every_row(editor):
    page = editor.get(reverse("desk:shop_statuses"))
    form = page.context["form"]
    assert form["ready_for_pickup-notify_sms"].value() is True
    assert form["issued-notify_email"].value() is False

    data = {"ready_for_pickup-name_ru": "Можно забирать", "ready_for_pickup-notify_email": "on"}
    assert editor.post(reverse("desk:shop_statuses"), data).status_code == 302

    assert StatusDisplay.objects.count() == len(shop_selectors.DEFAULT_NOTIFY)
    assert shop_selectors.status_notifies("ready_for_pickup") == (True, False)
    assert shop_selectors.status_notifies("new") == (False, False)  # the form said so
    from django.utils import translation

    with translation.override("ru"):
        assert shop_selectors.status_display("ready_for_pickup", "x") == "Можно забирать"


def test_a_too_long_status_name_changes_nothing(editor):
    before = snapshot()
    response = editor.post(reverse("desk:shop_statuses"), {"new-name_en": "x" * 101})
    assert response.status_code == 400
    assert snapshot() == before
