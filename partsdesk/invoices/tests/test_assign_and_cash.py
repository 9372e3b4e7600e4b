import pytest

from partsdesk.billing.models import Operation
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import cash_desk_account
from partsdesk.invoices import services
from partsdesk.invoices.models import BankPayment, BankPaymentStatus, CashReceipt, InvoiceStatus
from partsdesk.invoices.services import InvoiceError, statement_import
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order

from .factories import payment_for, statement


@pytest.fixture
def invoice(requisites, company):
    return services.invoice_issue(customer=company, amount=15_000_00)


@pytest.fixture
def unmatched(invoice):
    # paid without the invoice number
    statement_import(
        data=statement([payment_for(invoice, purpose="Оплата за автозапчасти")]),
        file_name="s.txt",
        actor=None,
    )
    return BankPayment.objects.get(status=BankPaymentStatus.UNMATCHED)


def test_staff_assign_an_unmatched_payment_to_a_customer_and_invoice(
    unmatched, invoice, company, accountant
):
    # when
    services.payment_assign(
        unmatched, customer=company, invoice=invoice, actor=accountant, note="called them"
    )
    # then
    unmatched.refresh_from_db()
    invoice.refresh_from_db()
    assert unmatched.status == BankPaymentStatus.MATCHED
    assert (unmatched.handled_by, unmatched.note) == (accountant, "called them")
    assert unmatched.operation.idempotency_key == f"bank:{unmatched.pk}"
    assert unmatched.operation.actor == accountant
    assert invoice.status == InvoiceStatus.PAID
    assert balance_of(company).available == 15_000_00
    # and a second try changes nothing
    with pytest.raises(InvoiceError) as error:
        services.payment_assign(unmatched, customer=company, actor=accountant)
    assert error.value.code == "already_handled"
    assert Operation.objects.count() == 1


def test_staff_assign_to_a_customer_without_an_invoice(unmatched, other_company, accountant):
    services.payment_assign(unmatched, customer=other_company, actor=accountant)
    unmatched.refresh_from_db()
    assert unmatched.operation.document == f"bank_payment:{unmatched.pk}"
    assert balance_of(other_company).available == 15_000_00


def test_another_customers_invoice_is_refused(unmatched, invoice, other_company, accountant):
    with pytest.raises(InvoiceError) as error:
        services.payment_assign(
            unmatched, customer=other_company, invoice=invoice, actor=accountant
        )
    assert error.value.code == "wrong_invoice"
    unmatched.refresh_from_db()
    assert unmatched.status == BankPaymentStatus.UNMATCHED
    assert not Operation.objects.exists()


def test_staff_ignore_with_a_reason(unmatched, accountant):
    with pytest.raises(InvoiceError):
        services.payment_ignore(unmatched, actor=accountant, reason="  ")
    services.payment_ignore(unmatched, actor=accountant, reason="Refund from a supplier")
    unmatched.refresh_from_db()
    assert unmatched.status == BankPaymentStatus.IGNORED
    assert unmatched.note == "Refund from a supplier"
    assert not Operation.objects.exists()


def test_only_permitted_staff_match_payments(unmatched, company, manager, storekeeper):
    for user in (manager, storekeeper):
        with pytest.raises(InvoiceError) as error:
            services.payment_assign(unmatched, customer=company, actor=user)
        assert error.value.code == "not_allowed"
        with pytest.raises(InvoiceError):
            services.payment_ignore(unmatched, actor=user, reason="x")
    with pytest.raises(InvoiceError):
        statement_import(data=b"", file_name="x", actor=manager)


def test_cash_against_a_customer(point, company, storekeeper):
    # when
    receipt = services.cash_receipt_record(
        pickup_point=point, number="КО-17", amount=3_000_00, actor=storekeeper, customer=company
    )
    # then
    assert receipt.operation.idempotency_key == f"cash:{point.pk}:КО-17"
    assert receipt.operation.document == f"cash:{receipt.pk}"
    assert balance_of(company).available == 3_000_00
    assert cash_desk_account(point).shown_balance == 3_000_00


def test_cash_against_an_order_reserves_it(
    point, individual, manager, django_capture_on_commit_callbacks
):
    # given an order to be paid in cash at pickup
    order = place_order(individual, payment_method=PaymentMethod.CASH_AT_PICKUP, funded=False)
    amount = int(order.amount_due * 100)
    # when the cash is recorded by the order's number
    with django_capture_on_commit_callbacks(execute=True):
        receipt = services.cash_receipt_record(
            pickup_point=point, number="17", amount=amount, actor=manager, order_number=order.number
        )
    # then
    assert (receipt.customer, receipt.order) == (individual, order)
    assert receipt.operation.order == order
    balance = balance_of(individual)
    assert (balance.available, balance.reserved) == (0, amount)


def test_a_receipt_number_twice_at_a_point_is_refused(point, company, other_company, manager):
    services.cash_receipt_record(
        pickup_point=point, number="17", amount=100_00, actor=manager, customer=company
    )
    with pytest.raises(InvoiceError) as error:
        services.cash_receipt_record(
            pickup_point=point, number="17", amount=200_00, actor=manager, customer=other_company
        )
    assert error.value.code == "duplicate_receipt"
    assert CashReceipt.objects.count() == 1
    assert balance_of(other_company).available == 0
    assert Operation.objects.count() == 1


def test_the_same_number_at_another_point_is_fine(point, company, manager):
    from partsdesk.orders.tests.factories import PickupPointFactory

    services.cash_receipt_record(
        pickup_point=point, number="17", amount=100_00, actor=manager, customer=company
    )
    services.cash_receipt_record(
        pickup_point=PickupPointFactory(),
        number="17",
        amount=100_00,
        actor=manager,
        customer=company,
    )
    assert balance_of(company).available == 200_00


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"number": ""}, "invalid_number"),
        ({"amount": 0}, "invalid_amount"),
        ({"customer": None}, "customer_required"),
        ({"customer": None, "order_number": "2611-999999"}, "order_not_found"),
    ],
)
def test_bad_cash_input_changes_nothing(point, company, manager, changes, code):
    fields = {"number": "1", "amount": 100_00, "customer": company, **changes}
    with pytest.raises(InvoiceError) as error:
        services.cash_receipt_record(pickup_point=point, actor=manager, **fields)
    assert error.value.code == code
    assert not CashReceipt.objects.exists() and not Operation.objects.exists()


def test_cash_needs_the_permission(point, company, accountant, individual):
    from partsdesk.accounts.tests.factories import UserFactory

    with pytest.raises(InvoiceError) as error:
        services.cash_receipt_record(
            pickup_point=point, number="1", amount=1, actor=UserFactory(), customer=company
        )
    assert error.value.code == "not_allowed"
