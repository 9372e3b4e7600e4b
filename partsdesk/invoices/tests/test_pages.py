import pytest
from django.urls import reverse

from partsdesk.billing.selectors import balance_of
from partsdesk.invoices import services
from partsdesk.invoices.demo import DEMO_REQUISITES
from partsdesk.invoices.models import BankPayment, BankPaymentStatus, Invoice, ShopRequisites
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order

from .factories import payment_for, statement


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_company_requests_an_invoice_and_downloads_it(client, requisites, company):
    signed_in(client, company.user)
    # when
    response = client.post(reverse("invoices:list"), {"amount": "15 000,50"})
    # then
    assert response.status_code == 302
    invoice = Invoice.objects.get()
    assert (invoice.customer, invoice.amount) == (company, 15_000_50)
    page = client.get(reverse("invoices:list"))
    assert invoice.number in page.content.decode()
    pdf = client.get(reverse("invoices:pdf", args=[invoice.number]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_bad_amount_is_a_form_error(client, requisites, company):
    signed_in(client, company.user)
    response = client.post(reverse("invoices:list"), {"amount": "-5"})
    assert response.status_code == 400
    assert not Invoice.objects.exists()


def test_individuals_get_a_404(client, requisites, individual):
    signed_in(client, individual.user)
    assert client.get(reverse("invoices:list")).status_code == 404


def test_another_customers_invoice_is_a_404(client, requisites, company, other_company):
    invoice = services.invoice_issue(customer=other_company, amount=100_00)
    signed_in(client, company.user)
    assert client.get(reverse("invoices:pdf", args=[invoice.number])).status_code == 404
    order = place_order(other_company, payment_method=PaymentMethod.BANK_INVOICE, funded=False)
    assert client.get(reverse("invoices:order_pdf", args=[order.number])).status_code == 404
    assert not Invoice.objects.filter(order=order).exists()


def test_the_order_page_offers_the_invoice_made_on_first_download(client, requisites, company):
    order = place_order(company, payment_method=PaymentMethod.BANK_INVOICE, funded=False)
    signed_in(client, company.user)
    page = client.get(reverse("orders:order", args=[order.number])).content.decode()
    url = reverse("invoices:order_pdf", args=[order.number])
    assert url in page
    assert client.get(url)["Content-Type"] == "application/pdf"
    assert client.get(url)["Content-Type"] == "application/pdf"
    assert Invoice.objects.filter(order=order).count() == 1


def test_requisites_page_saves_valid_and_refuses_wrong_details(client, accountant, manager):
    signed_in(client, manager)
    assert client.get(reverse("desk:invoices:requisites")).status_code == 403
    signed_in(client, accountant)
    wrong = {**DEMO_REQUISITES, "settlement_account": "40702810038000012345"}
    response = client.post(reverse("desk:invoices:requisites"), wrong)
    assert response.status_code == 400
    assert "control key" in response.content.decode()
    assert not ShopRequisites.objects.exists()
    response = client.post(reverse("desk:invoices:requisites"), DEMO_REQUISITES)
    assert response.status_code == 302
    assert ShopRequisites.objects.get().settlement_account == "40702810938000012345"


def test_upload_a_statement_and_match_the_rest_by_hand(client, requisites, company, accountant):
    # given two invoices; the statement pays one exactly and one without its number
    first = services.invoice_issue(customer=company, amount=1_000_00)
    second = services.invoice_issue(customer=company, amount=2_000_00)
    data = statement(
        [payment_for(first), payment_for(second, number="2", purpose="Оплата за запчасти")]
    )
    signed_in(client, accountant)
    # when
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("desk:invoices:statements"),
        {"file": SimpleUploadedFile("vypiska.txt", data, content_type="text/plain")},
    )
    # then
    assert response.status_code == 302
    assert balance_of(company).available == 1_000_00
    queue = client.get(reverse("desk:invoices:unmatched")).content.decode()
    payment = BankPayment.objects.get(status=BankPaymentStatus.UNMATCHED)
    assert f"payment-{payment.pk}" in queue
    # when staff credit it to the company and its second invoice
    response = client.post(
        reverse("desk:invoices:assign", args=[payment.pk]),
        {f"p{payment.pk}-customer": company.inn, f"p{payment.pk}-invoice": second.number},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "paid"
    assert balance_of(company).available == 3_000_00


def test_a_bad_upload_shows_the_error(client, requisites, accountant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(client, accountant)
    response = client.post(
        reverse("desk:invoices:statements"),
        {"file": SimpleUploadedFile("x.txt", b"garbage", content_type="text/plain")},
    )
    assert response.status_code == 400
    assert "1CClientBankExchange" in response.content.decode()
    assert not BankPayment.objects.exists()


def test_ignore_from_the_queue(client, requisites, company, accountant):
    invoice = services.invoice_issue(customer=company, amount=1_000_00)
    services.statement_import(
        data=statement([payment_for(invoice, amount=5)]), file_name="s", actor=None
    )
    payment = BankPayment.objects.get()
    signed_in(client, accountant)
    client.post(
        reverse("desk:invoices:ignore", args=[payment.pk]), {f"p{payment.pk}-reason": "test"}
    )
    payment.refresh_from_db()
    assert payment.status == BankPaymentStatus.IGNORED


def test_cash_page(client, point, company, storekeeper, accountant):
    from partsdesk.accounts.tests.factories import UserFactory

    signed_in(client, UserFactory(is_staff=True))
    assert client.get(reverse("desk:invoices:cash")).status_code == 403
    signed_in(client, storekeeper)
    assert client.get(reverse("desk:invoices:unmatched")).status_code == 403
    form = {"pickup_point": point.pk, "number": "55", "amount": "1500", "customer": company.inn}
    assert client.post(reverse("desk:invoices:cash"), form).status_code == 302
    assert balance_of(company).available == 1_500_00
    response = client.post(reverse("desk:invoices:cash"), form)
    assert response.status_code == 400
    assert "already been recorded" in response.content.decode()
    assert balance_of(company).available == 1_500_00


@pytest.mark.parametrize("name", ["requisites", "statements", "unmatched", "cash", "invoices"])
def test_desk_pages_render_for_an_administrator(client, requisites, name):
    from partsdesk.accounts.roles import Role
    from partsdesk.accounts.tests.factories import ManagerFactory

    signed_in(client, ManagerFactory(roles=[Role.ADMINISTRATOR]))
    response = client.get(reverse(f"desk:invoices:{name}"))
    assert response.status_code == 200
    assert reverse("desk:invoices:home") in response.content.decode()  # the menu link


def test_staff_find_and_cancel_an_invoice(client, requisites, company, accountant, manager):
    invoice = services.invoice_issue(customer=company, amount=1_000_00)
    signed_in(client, manager)
    assert client.get(reverse("desk:invoices:invoices")).status_code == 403
    signed_in(client, accountant)
    page = client.get(reverse("desk:invoices:invoices"), {"q": company.inn}).content.decode()
    assert invoice.number in page
    client.post(reverse("desk:invoices:cancel", args=[invoice.number]))
    invoice.refresh_from_db()
    assert invoice.status == "cancelled"
