"""The price watch end to end: a list with a lower price reaches the watcher and the chart."""

import pytest
from django.core import mail

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.imports.models import ImportStatus
from partsdesk.imports.services import import_create, import_run
from partsdesk.notifications.models import Event, Notification
from partsdesk.watch.models import PricePoint
from partsdesk.watch.services import part_watch

from .conftest import write_list

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "Бренд;Артикул;Наименование;Цена;Кол-во\nMANN;W 712/75;Фильтр масляный;{price};5\n"


def run(profile, path):
    return import_run(import_create(supplier=profile.supplier, file=path, filename=path.name))


def test_a_cheaper_list_tells_the_watcher_and_adds_a_point(tmp_path, profile, known_part):
    assert run(profile, write_list(tmp_path / "v1.csv", LIST.format(price="1000,00"))).status == (
        ImportStatus.PUBLISHED
    )
    customer = CustomerFactory(user__language="en")
    part_watch(customer=customer, part=known_part)
    before = list(PricePoint.objects.filter(part=known_part).values_list("price", flat=True))
    mail.outbox.clear()

    result = run(profile, write_list(tmp_path / "v2.csv", LIST.format(price="800,00")))

    assert result.status == ImportStatus.PUBLISHED
    points = list(
        PricePoint.objects.filter(part=known_part).order_by("pk").values_list("price", flat=True)
    )
    assert len(points) == len(before) + 1
    assert points[-1] < points[-2]
    notification = Notification.objects.get(user=customer.user, event=Event.PRICE_CHANGE)
    assert "W 712/75" in notification.title + notification.body
    assert [message.to for message in mail.outbox] == [[customer.user.email]]
