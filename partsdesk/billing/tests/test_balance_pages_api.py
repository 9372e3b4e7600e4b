"""The balance API: own data only, paged operations, statements as JSON/CSV/PDF, the act."""

import pytest
from django.test import Client

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.services import api_token_issue
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.billing import services
from partsdesk.billing.models import CreditTerms

from .test_statements import csv_rows, history, pdf_text

pytestmark = pytest.mark.django_db

JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


@pytest.fixture(autouse=True)
def moscow(settings):
    settings.TIME_ZONE = "Europe/Moscow"


def app_for(user) -> Client:
    key, _token = api_token_issue(user=user, device="Pixel 8")
    return Client(headers={"authorization": f"Bearer {key}"})


@pytest.fixture
def customer():
    return CustomerFactory(full_name="Иван Сидоров")


@pytest.fixture
def app(customer) -> Client:
    return app_for(customer.user)


ENDPOINTS = [
    "/api/v1/balance",
    "/api/v1/balance/operations",
    "/api/v1/statements",
    "/api/v1/statements/csv",
    "/api/v1/statements/pdf",
    "/api/v1/statements/act.pdf",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_needs_a_signed_in_customer(client, url):
    assert client.get(url).status_code == 401
    staff = app_for(ManagerFactory())
    response = staff.get(url)
    assert response.status_code == 403 and response.json()["code"] == "not_a_customer"


def test_the_balance(app, customer):
    services.top_up(customer, amount=150_050, source=services.shop_account("bank"), key="t")
    services.reserve(customer, amount=50_000, key="r")
    assert app.get("/api/v1/balance").json() == {
        "currency": "RUB",
        "available": "1000.50",
        "reserved": "500.00",
        "credit_limit": "0.00",
        "deferral_days": 0,
        "spendable": "1000.50",
    }


def test_a_companys_balance_has_its_credit_terms():
    company = CustomerFactory(kind=CustomerKind.LEGAL_ENTITY, company_name="ООО Ромашка")
    CreditTerms.objects.create(customer=company, limit=100_000, deferral_days=30)
    body = app_for(company.user).get("/api/v1/balance").json()
    assert (body["credit_limit"], body["deferral_days"], body["spendable"]) == (
        "1000.00",
        30,
        "1000.00",
    )


def test_operations_are_paged_and_only_the_callers(app, customer):
    bank = services.shop_account("bank")
    for n in range(25):
        services.top_up(customer, amount=100 + n, source=bank, key=f"t{n}")
    services.reserve(customer, amount=50, key="r")
    services.top_up(CustomerFactory(), amount=999_999, source=bank, key="other")
    first = app.get("/api/v1/balance/operations").json()
    second = app.get("/api/v1/balance/operations?page=2").json()
    assert (first["count"], first["pages"], len(first["results"])) == (26, 2, 20)
    newest = first["results"][0]
    assert (newest["kind"], newest["available_change"], newest["reserved_change"]) == (
        "reserve",
        "-0.50",
        "0.50",
    )
    assert newest["amount"] == "0.00"
    assert len(second["results"]) == 6
    assert all(r["amount"] != "9999.99" for r in first["results"] + second["results"])


def test_the_statement_as_json_reconciles(app, customer):
    history(customer)
    body = app.get("/api/v1/statements", JANUARY).json()
    assert (body["opening"], body["closing"], body["time_zone"]) == (
        "0.00",
        "900.00",
        "Europe/Moscow",
    )
    assert [m["amount"] for m in body["movements"]] == ["1000.00", "-300.00", "200.00"]
    assert body["movements"][1]["order_number"] == "2601-000042"
    assert body["movements"][-1]["balance"] == body["closing"]


def test_another_customers_statement_is_impossible(app, customer):
    # given: money only on someone else's balance
    history(CustomerFactory())
    # when / then: the caller's own statement is empty; no parameter names another customer
    body = app.get("/api/v1/statements", {**JANUARY, "customer": "1"}).json()
    assert body["movements"] == [] and body["closing"] == "0.00"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"date_from": "2026-13-01", "date_to": "2026-01-31"}, "invalid_input"),
        ({"date_from": "soon"}, "invalid_input"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-31"}, "invalid_period"),
        ({"date_from": "2020-01-01", "date_to": "2026-01-31"}, "period_too_long"),
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/statements", "/api/v1/statements/csv"])
def test_bad_dates_answer_422_with_a_clear_message(app, url, query, code):
    response = app.get(url, query)
    assert response.status_code == 422
    assert response.json()["code"] == code and response.json()["message"]


def test_statement_downloads(app, customer):
    history(customer)
    csv_response = app.get("/api/v1/statements/csv", JANUARY)
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(csv_response.content)[-1][2:5] == ["Closing balance", "", "900.00"]
    pdf_response = app.get("/api/v1/statements/pdf", JANUARY)
    assert pdf_response["Content-Type"] == "application/pdf"
    assert "Иван Сидоров" in pdf_text(pdf_response.content)


def test_the_act_is_refused_for_an_individual_and_made_for_a_company(app):
    refused = app.get("/api/v1/statements/act.pdf", JANUARY)
    assert refused.status_code == 403 and refused.json()["code"] == "not_a_legal_entity"
    company = CustomerFactory(kind=CustomerKind.LEGAL_ENTITY, company_name="ООО Ромашка")
    response = app_for(company.user).get("/api/v1/statements/act.pdf", JANUARY)
    assert response.status_code == 200
    assert "on 01/31/2026 there is no debt." in pdf_text(response.content)


def test_a_pdf_of_too_many_movements_answers_422(app, customer, monkeypatch):
    monkeypatch.setattr("partsdesk.billing.statements.MAX_PDF_MOVEMENTS", 1)
    history(customer)
    response = app.get("/api/v1/statements/pdf", JANUARY)
    assert response.status_code == 422 and response.json()["code"] == "too_many_movements"
