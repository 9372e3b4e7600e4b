"""Supplier orders in the desk: the list, the page, the CSV a supplier gets and the email
with it attached (sent after commit, recorded)."""

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from partsdesk.pricing.tests.factories import OfferFactory, SupplierFactory, WarehouseFactory

from ..models import SupplierOrder
from ..services import order_confirm, position_cancel_by_shop, positions_send_to_supplier
from ..supplier_orders import supplier_order_csv
from .factories import place_order


@pytest.fixture
def supplier():
    return SupplierFactory(code="autoeuro", name="АвтоЕвро", order_email="orders@autoeuro.example")


@pytest.fixture
def supplier_order(customer, manager, supplier, pickup_point):
    warehouse = WarehouseFactory(supplier=supplier)
    first = OfferFactory(
        warehouse=warehouse, quantity=10, purchase_price=Decimal("412.50"), part__name="Фильтр"
    )
    second = OfferFactory(warehouse=warehouse, quantity=10, purchase_price=Decimal("99.00"))
    other = OfferFactory(quantity=10)  # another supplier: its own supplier order
    order = place_order(customer, [(first, 2), (second, 1), (other, 1)], pickup_point=pickup_point)
    order_confirm(order, actor=manager, contact_note="ok")
    made = positions_send_to_supplier(list(order.positions.all()), actor=manager)
    assert len(made) == 2
    return next(so for so in made if so.supplier_id == supplier.pk)


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8 then
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_holds_what_the_supplier_needs(supplier_order):
    rows = _rows(supplier_order_csv(supplier_order))
    assert rows[0] == [
        "Brand",
        "Number",
        "Name",
        "Quantity",
        "Purchase price",
        "Currency",
        "Our order",
        "Our position",
    ]
    positions = list(supplier_order.positions.order_by("id"))
    first = positions[0]
    assert rows[1] == [
        first.brand_name,
        first.number,
        "Фильтр",
        "2",
        "412.50",
        "RUB",
        first.order.number,
        str(first.pk),
    ]
    assert len(rows) == 3


def test_the_csv_in_russian_uses_a_decimal_comma_and_leaves_out_cancelled(
    settings, supplier_order, manager
):
    settings.LANGUAGE_CODE = "ru"
    second = supplier_order.positions.order_by("id")[1]
    position_cancel_by_shop(second, actor=manager, reason="Клиент передумал")
    rows = _rows(supplier_order_csv(supplier_order))
    assert rows[0][0] == "Бренд"
    assert rows[1][4] == "412,50"
    assert len(rows) == 2


def test_the_desk_lists_supplier_orders_and_downloads_the_csv(client, manager, supplier_order):
    client.force_login(manager)
    page = client.get(reverse("desk:supplier_orders"), {"supplier": supplier_order.supplier_id})
    assert list(page.context["page"].object_list) == [supplier_order]
    assert page.context["page"].object_list[0].position_count == 2
    detail = client.get(reverse("desk:supplier_order", args=[supplier_order.pk]))
    assert "АвтоЕвро" in detail.content.decode()
    response = client.get(reverse("desk:supplier_order_csv", args=[supplier_order.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert _rows(response.content)[1][3] == "2"


def test_the_email_goes_after_commit_with_the_csv_and_is_recorded(
    client, manager, supplier_order, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:supplier_order_email", args=[supplier_order.pk]), follow=True
        )
    assert "orders@autoeuro.example" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["orders@autoeuro.example"]
    assert str(supplier_order.pk) in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".csv") and mimetype == "text/csv"
    # Django hands text attachments back as text; it is sent as UTF-8, the BOM included
    assert content.encode("utf-8") == supplier_order_csv(supplier_order)
    assert "Content-Disposition: attachment" in message.message().as_string()
    supplier_order.refresh_from_db()
    assert supplier_order.emailed_at is not None
    assert supplier_order.emailed_to == "orders@autoeuro.example"


def test_no_email_without_the_suppliers_address(
    client, manager, supplier_order, django_capture_on_commit_callbacks
):
    supplier_order.supplier.order_email = ""
    supplier_order.supplier.save()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:supplier_order_email", args=[supplier_order.pk]), follow=True
        )
    assert "has no email for orders" in response.content.decode()
    assert mail.outbox == []
    assert SupplierOrder.objects.get(pk=supplier_order.pk).emailed_at is None


def test_customers_cannot_open_supplier_orders(client, customer, supplier_order):
    client.force_login(customer.user)
    assert client.get(reverse("desk:supplier_orders")).status_code == 403
    url = reverse("desk:supplier_order_csv", args=[supplier_order.pk])
    assert client.get(url).status_code == 403
