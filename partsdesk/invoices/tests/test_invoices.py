import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from partsdesk.billing.models import CreditTerms
from partsdesk.invoices import selectors, services
from partsdesk.invoices.models import Invoice, InvoiceStatus
from partsdesk.invoices.services import InvoiceError
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order
from partsdesk.pricing.models import PricingSettings
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.shop.models import NumberCounter


def test_numbers_are_per_year_and_consecutive(requisites, company):
    # given
    year = timezone.localdate().year
    # when
    first = services.invoice_issue(customer=company, amount=10_000_00)
    second = services.invoice_issue(customer=company, amount=20_000_00)
    # then
    assert first.number == f"{year}-000001"
    assert second.number == f"{year}-000002"
    assert NumberCounter.objects.get(series="invoice", period=str(year)).last == 2


def test_a_new_year_starts_again_from_one(requisites, company):
    year = timezone.localdate().year
    NumberCounter.objects.create(series="invoice", period=str(year - 1), last=417)
    assert services.invoice_issue(customer=company, amount=100).number == f"{year}-000001"


def test_a_top_up_invoice_carries_vat_due_date_purpose_and_copies(requisites, company):
    # given the shop's VAT rate 22 % and no deferral for the customer
    PricingSettings.objects.update_or_create(pk=1, defaults={"vat_percent": Decimal("22")})
    # when
    invoice = services.invoice_issue(customer=company, amount=12_200_00)
    # then 12 200,00 includes 2 200,00 of VAT
    assert invoice.vat_percent == Decimal("22")
    assert invoice.vat_amount == 2_200_00
    assert invoice.due_on == invoice.issued_on + datetime.timedelta(days=5)
    assert invoice.status == InvoiceStatus.ISSUED
    assert invoice.number in invoice.purpose
    assert invoice.issued_on.strftime("%d.%m.%Y") in invoice.purpose
    assert "2200.00" in invoice.purpose
    assert invoice.supplier["settlement_account"] == "40702810938000012345"
    assert invoice.buyer == {
        "name": "ООО «Ромашка»",
        "inn": "7707083893",
        "kpp": "773601001",
        "address": "119991, Москва, ул. Вавилова, 19",
    }
    assert [line["amount"] for line in invoice.lines] == [12_200_00]


def test_due_date_follows_the_customers_deferral(requisites, company):
    CreditTerms.objects.create(customer=company, limit=0, deferral_days=14)
    invoice = services.invoice_issue(customer=company, amount=100_00)
    assert invoice.due_on == invoice.issued_on + datetime.timedelta(days=14)


def test_vat_is_computed_inside_the_amount():
    assert selectors.vat_in(12_200_00, Decimal("22")) == 2_200_00
    assert selectors.vat_in(100, Decimal("22")) == 18  # 18.03 kopecks, half up
    assert selectors.vat_in(100_00, Decimal("0")) == 0


def test_individuals_and_bad_amounts_are_refused(requisites, company, individual):
    with pytest.raises(InvoiceError) as error:
        services.invoice_issue(customer=individual, amount=100_00)
    assert error.value.code == "not_legal_entity"
    for amount in (0, -5, 10**13):
        with pytest.raises(InvoiceError):
            services.invoice_issue(customer=company, amount=amount)
    assert Invoice.objects.count() == 0


def test_no_invoice_without_the_shops_requisites(company):
    with pytest.raises(InvoiceError) as error:
        services.invoice_issue(customer=company, amount=100_00)
    assert error.value.code == "no_requisites"


def test_an_orders_invoice_lists_its_positions_once(requisites, company):
    # given an order paid by bank invoice
    offer = OfferFactory(quantity=10)
    order = place_order(
        company, [(offer, 2)], payment_method=PaymentMethod.BANK_INVOICE, funded=False
    )
    # when the invoice is asked for twice
    invoice = services.invoice_for_order(order)
    again = services.invoice_for_order(order)
    # then it is the same one, for what the order costs
    assert again.pk == invoice.pk
    assert Invoice.objects.filter(order=order).count() == 1
    position = order.positions.get()
    assert invoice.amount == int(order.amount_due * 100)
    assert invoice.lines[0]["quantity"] == 2
    assert invoice.lines[0]["price"] == int(position.unit_price * 100)
    assert position.number in invoice.lines[0]["name"]


def test_an_order_not_paid_by_invoice_gets_none(requisites, company):
    order = place_order(company, payment_method=PaymentMethod.CARD)
    with pytest.raises(InvoiceError) as error:
        services.invoice_for_order(order)
    assert error.value.code == "not_bank_invoice"


def test_the_transition_table(requisites, company, accountant):
    invoice = services.invoice_issue(customer=company, amount=100_00)
    services.invoice_cancel(invoice, actor=accountant)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CANCELLED and invoice.cancelled_at
    with pytest.raises(InvoiceError) as error:
        services.invoice_cancel(invoice, actor=accountant)
    assert error.value.code == "invalid_transition"
