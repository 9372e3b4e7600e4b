"""The issue's "Done when" for an individual, through the pages as people use them: top up
by card on the sandbox, pay an order from the balance, cancel a position and see the money
come back, download the statement. (The legal entity's invoice and 1C statement:
partsdesk/invoices/tests/test_demo_flow.py.)"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partsdesk.accounts.tests.factories import PASSWORD, CustomerFactory, ManagerFactory
from partsdesk.billing.checks import ledger_discrepancies
from partsdesk.billing.selectors import balance_of
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.statuses import PositionStatus
from partsdesk.orders.tests.factories import place_order
from partsdesk.payments.models import Payment
from partsdesk.pricing.tests.factories import OfferFactory


@pytest.fixture
def manager(db):
    return ManagerFactory(username="olga")


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, full_name="Ivan", user__language="en")


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_top_up_pay_an_order_cancel_a_position_and_read_the_statement(
    customer, manager, django_capture_on_commit_callbacks
):
    ivan, olga = signed_in(customer.user), signed_in(manager)

    # given: Ivan tops up 3 000 by card and approves on the sandbox's page
    form = ivan.get(reverse("payments:top_up")).context["form"]
    ivan.post(reverse("payments:top_up"), {"amount": "3000.00", "key": form.initial["key"]})
    payment = Payment.objects.get(customer=customer)
    ivan.post(reverse("pay:sandbox", args=[payment.provider_payment_id]), {"action": "approve"})
    with django_capture_on_commit_callbacks(execute=True):
        ivan.get(reverse("payments:payment", args=[payment.pk]))
    assert balance_of(customer).available == 300_000

    # and an order paid from the balance: two parts at 1 000 and 500
    order = place_order(
        customer,
        [(OfferFactory(quantity=5, price=1000), 1), (OfferFactory(quantity=5, price=500), 1)],
        payment_method=PaymentMethod.BALANCE,
        funded=False,
    )
    dear, cheap = order.positions.order_by("-unit_price")
    due = int(order.amount_due * 100)

    # when: Olga confirms it in the desk
    olga.post(reverse("desk:order_confirm", args=[order.pk]), {"contact_note": "Called, agreed"})

    # then: the money for it is reserved
    dear.refresh_from_db()
    assert dear.status == PositionStatus.CONFIRMED
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (300_000 - due, due)

    # when: Ivan cancels the cheaper position
    ivan.post(
        reverse("orders:position_cancel", args=[order.number, cheap.pk]), {"comment": "not needed"}
    )

    # then: its money is back on his available balance, the rest stays reserved
    cheap.refresh_from_db()
    assert cheap.status == PositionStatus.CANCELLED_BY_CUSTOMER
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (300_000 - due + 50_000, due - 50_000)
    page = ivan.get(reverse("orders:order", args=[order.number])).content.decode()
    assert "Released" in page or "released" in page

    # and the statement for today lists the top-up, with the closing balance: his money
    today = timezone.localdate().isoformat()
    period = {"date_from": today, "date_to": today}
    statement = ivan.get(reverse("billing:statement_csv"), period)
    text = statement.content.decode("utf-8-sig")
    assert statement.status_code == 200 and statement["Content-Type"].startswith("text/csv")
    assert f"payment:{payment.pk}" in text or "Top-up" in text
    assert "3000" in text.replace(" ", "")
    pdf = ivan.get(reverse("billing:statement_pdf"), period)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert ledger_discrepancies() == []
