import pytest

from partsdesk.invoices import services
from partsdesk.invoices.models import Invoice
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order


@pytest.fixture
def api(client, company):
    client.force_login(company.user)
    return client


def test_issue_list_and_download(api, requisites, company):
    # when
    response = api.post("/api/v1/invoices", {"amount": "15000.50"}, content_type="application/json")
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["amount"] == "15000.50"
    assert body["status"] == "issued"
    assert body["number"] in body["purpose"]
    assert [i["number"] for i in api.get("/api/v1/invoices").json()] == [body["number"]]
    pdf = api.get(f"/api/v1/invoices/{body['number']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("amount", ["0", "-1", "abc", "1.001"])
def test_bad_amounts(api, requisites, amount):
    response = api.post("/api/v1/invoices", {"amount": amount}, content_type="application/json")
    assert response.status_code == 422
    assert not Invoice.objects.exists()


def test_an_orders_invoice_201_then_200(api, requisites, company):
    order = place_order(company, payment_method=PaymentMethod.BANK_INVOICE, funded=False)
    first = api.post(f"/api/v1/orders/{order.number}/invoice")
    again = api.post(f"/api/v1/orders/{order.number}/invoice")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    assert first.json()["order_number"] == order.number


def test_another_customers_invoice_and_order_are_404(api, requisites, other_company):
    invoice = services.invoice_issue(customer=other_company, amount=100_00)
    order = place_order(other_company, payment_method=PaymentMethod.BANK_INVOICE, funded=False)
    assert api.get(f"/api/v1/invoices/{invoice.number}/pdf").status_code == 404
    assert api.post(f"/api/v1/orders/{order.number}/invoice").status_code == 404


def test_individuals_are_refused(client, requisites, individual):
    client.force_login(individual.user)
    response = client.post("/api/v1/invoices", {"amount": "1"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_legal_entity"
    assert client.get("/api/v1/invoices").status_code == 403


def test_anonymous_is_401(client):
    assert client.get("/api/v1/invoices").status_code == 401


def test_the_invoice_endpoints_are_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/invoices",
        "/api/v1/invoices/{number}/pdf",
        "/api/v1/orders/{number}/invoice",
    } <= set(paths)
