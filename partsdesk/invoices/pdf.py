"""The invoice PDF (счёт на оплату), rendered by WeasyPrint from a Django template in the
invoice's language (Russian by default, settings.INVOICE_LANGUAGE). Nothing is fetched from
the network or the disk: only `data:` URIs are allowed; the fonts are the system's."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML, URLFetcher

from .models import Invoice
from .services import INVOICE_LANGUAGE, vat_text
from .words import amount_in_words


def money(minor: int) -> str:
    """12345678 → «123 456,78» (Russian grouping, no currency)."""
    roubles, kopecks = divmod(minor, 100)
    return f"{roubles:,}".replace(",", "\u00a0") + f",{kopecks:02d}"


def currency_text(code: str) -> str:
    return str(CURRENCY_NAMES.get(code, code))


CURRENCY_NAMES = {"RUB": _("rub.")}


def invoice_context(invoice: Invoice) -> dict:
    lines = [
        {
            **line,
            "index": index,
            "price_text": money(line["price"]),
            "amount_text": money(line["amount"]),
        }
        for index, line in enumerate(invoice.lines, start=1)
    ]
    return {
        "invoice": invoice,
        "supplier": invoice.supplier,
        "buyer": invoice.buyer,
        "lines": lines,
        "total_text": money(invoice.amount),
        "vat_amount_text": money(invoice.vat_amount),
        "vat_line": vat_text(vat_percent=invoice.vat_percent, vat_amount=invoice.vat_amount),
        "has_vat": bool(invoice.vat_percent),
        "vat_rate": f"{invoice.vat_percent.normalize():f} %",
        "amount_words": amount_in_words(invoice.amount),
        "issued_text": invoice.issued_on.strftime("%d.%m.%Y"),
        "due_text": invoice.due_on.strftime("%d.%m.%Y"),
        "currency_text": currency_text(invoice.currency),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    with translation.override(INVOICE_LANGUAGE):
        html = render_to_string("invoices/pdf/invoice.html", invoice_context(invoice))
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    return HTML(string=html, url_fetcher=fetcher, base_url="/").write_pdf()


def invoice_file_name(invoice: Invoice) -> str:
    return f"invoice-{invoice.number}.pdf"
