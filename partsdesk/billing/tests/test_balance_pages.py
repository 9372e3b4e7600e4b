"""The balance pages of the personal account: own data only, the widget, statements and
their downloads, the act for legal entities, the dashboard card."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.billing import services
from partsdesk.billing.models import CreditTerms

from .test_statements import csv_rows, history, pdf_text

pytestmark = pytest.mark.django_db

JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


@pytest.fixture(autouse=True)
def moscow(settings):
    settings.TIME_ZONE = "Europe/Moscow"


@pytest.fixture
def customer():
    return CustomerFactory(full_name="Иван Сидоров")


@pytest.fixture
def company():
    return CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY, full_name="Ольга", company_name="ООО Ромашка"
    )


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer.user)
    return client


def test_the_balance_page_needs_a_signed_in_customer(client):
    response = client.get(reverse("billing:balance"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_staff_are_sent_to_their_own_home(client):
    client.force_login(ManagerFactory())
    response = client.get(reverse("billing:balance"))
    assert response.status_code == 302
    assert "/account/balance/" not in response["Location"]


def test_the_balance_page_shows_the_widget_operations_chart_and_top_up_link(signed_in, customer):
    # given
    bank = services.shop_account("bank")
    services.top_up(customer, amount=150_000, source=bank, key="t1", document="payment:9")
    services.reserve(customer, amount=40_000, key="r1")
    # when
    response = signed_in.get(reverse("billing:balance"))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 100.00 ₽" in html  # available
    assert "400.00 ₽" in html  # reserved
    assert 'href="/account/payments/top-up/"' in html
    assert "Payment 9" in html and "Reserved for an order" in html
    assert "<svg" in html and html.count("<circle") == 2
    assert "Credit limit" not in html
    assert "style=" not in html.split("<main>")[1]


def test_a_company_sees_its_credit_terms(client, company):
    CreditTerms.objects.create(customer=company, limit=500_000, deferral_days=14)
    client.force_login(company.user)
    html = client.get(reverse("billing:balance")).content.decode()
    assert "Credit limit" in html and "5 000.00 ₽" in html and "14 days" in html
    assert "Reconciliation act" in html


def test_the_dashboard_has_a_balance_card(signed_in, customer):
    services.top_up(customer, amount=12_345, source=services.shop_account("bank"), key="t")
    html = signed_in.get(reverse("accounts:dashboard")).content.decode()
    assert "123.45 ₽" in html and reverse("billing:balance") in html


def test_the_operations_page_lists_only_own_operations(signed_in, customer):
    bank = services.shop_account("bank")
    services.top_up(customer, amount=100, source=bank, key="mine", document="payment:1")
    services.top_up(CustomerFactory(), amount=200, source=bank, key="theirs", document="payment:2")
    html = signed_in.get(reverse("billing:operations")).content.decode()
    assert "Payment 1" in html and "Payment 2" not in html


def test_the_statement_page_shows_the_period(signed_in, customer):
    history(customer)
    response = signed_in.get(reverse("billing:statement"), JANUARY)
    assert response.status_code == 200
    statement = response.context["statement"]
    assert (statement.opening, statement.closing) == (0, 90_000)
    html = response.content.decode()
    assert "Order 2601-000042" in html and "900.00 ₽" in html
    assert "statement.csv?date_from=2026-01-01&amp;date_to=2026-01-31" in html
    assert 'name="q" value=""' in html  # the header search box stays empty


def test_the_statement_page_without_dates_shows_the_current_month(signed_in):
    response = signed_in.get(reverse("billing:statement"))
    assert response.status_code == 200
    assert response.context["statement"].date_from.day == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "The period ends before it starts."),
        ({"date_from": "2020-01-01", "date_to": "2026-01-01"}, "at most 1098 days"),
        ({"date_from": "yesterday", "date_to": "2026-01-01"}, "Enter a valid date."),
    ],
)
def test_a_bad_period_is_explained(signed_in, query, message):
    response = signed_in.get(reverse("billing:statement"), query)
    assert response.status_code == 400
    assert message in response.content.decode()
    response = signed_in.get(reverse("billing:statement_csv"), query)
    assert response.status_code == 400


def test_the_csv_download_is_the_customers_statement(signed_in, customer):
    history(customer)
    other = CustomerFactory()
    services.top_up(other, amount=999, source=services.shop_account("bank"), key="x")
    response = signed_in.get(reverse("billing:statement_csv"), JANUARY)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"statement-{customer.pk}-20260101-20260131.csv" in response["Content-Disposition"]
    rows = csv_rows(response.content)
    assert rows[1][2:] == ["Opening balance", "", "0.00", ""]
    assert rows[-1][2:] == ["Closing balance", "", "900.00", ""]
    assert "9.99" not in response.content.decode("utf-8-sig")


def test_the_pdf_download(signed_in, customer):
    history(customer)
    response = signed_in.get(reverse("billing:statement_pdf"), JANUARY)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Иван Сидоров" in text and "Cash receipt R-17" in text


def test_the_act_is_for_legal_entities(client, signed_in, company):
    # an individual: there is no act
    assert signed_in.get(reverse("billing:act_pdf"), JANUARY).status_code == 404
    # a company gets one
    client.force_login(company.user)
    services.top_up(company, amount=10_000, source=services.shop_account("bank"), key="c")
    today = timezone.localdate()
    response = client.get(
        reverse("billing:act_pdf"),
        {"date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()},
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Reconciliation act" in text and "in favour of ООО Ромашка is 100.00" in text


def test_a_new_customer_sees_no_chart_and_no_operations(signed_in):
    html = signed_in.get(reverse("billing:balance")).content.decode()
    assert "<svg" not in html
    assert "Nothing to draw yet." in html and "No operations yet." in html


def test_a_pdf_of_too_many_movements_is_explained_on_the_page(signed_in, customer, monkeypatch):
    monkeypatch.setattr("partsdesk.billing.statements.MAX_PDF_MOVEMENTS", 1)
    history(customer)
    response = signed_in.get(reverse("billing:statement_pdf"), JANUARY)
    assert response.status_code == 400
    assert "more than a PDF holds (1)" in response.content.decode()
