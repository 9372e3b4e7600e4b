import io
from decimal import Decimal

from pypdf import PdfReader

from partsdesk.invoices import services
from partsdesk.invoices.pdf import invoice_pdf
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order
from partsdesk.pricing.models import PricingSettings
from partsdesk.pricing.tests.factories import OfferFactory


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_invoice_pdf_has_the_bank_block_parties_total_words_vat_and_purpose(
    requisites, company
):
    # given
    PricingSettings.objects.update_or_create(pk=1, defaults={"vat_percent": Decimal("22")})
    invoice = services.invoice_issue(customer=company, amount=12_200_00)
    # when
    pdf = invoice_pdf(invoice)
    # then
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert invoice.number in text
    assert invoice.issued_on.strftime("%d.%m.%Y") in text
    for value in ("044525225", "30101810400000000225", "40702810938000012345", "7705123452"):
        assert value in text  # the bank block: BIK, corr. account, account, INN
    assert "ПАО СБЕРБАНК" in text
    assert "ООО «Партсдеск»" in text
    assert "7707083893" in text and "ООО «Ромашка»" in text  # the buyer
    assert "12 200,00" in text  # total (non-breaking spaces read back as spaces)
    assert "2 200,00" in text  # VAT
    assert "Двенадцать тысяч двести рублей 00 копеек" in text
    assert " ".join(invoice.purpose.split()) in text


def test_an_orders_invoice_pdf_lists_its_positions(requisites, company):
    offer = OfferFactory(quantity=10)
    order = place_order(
        company, [(offer, 3)], payment_method=PaymentMethod.BANK_INVOICE, funded=False
    )
    invoice = services.invoice_for_order(order)
    text = text_of(invoice_pdf(invoice))
    assert order.number in text
    assert order.positions.get().number in text
