"""PDF documents (statements, reconciliation acts, invoices) rendered from Django templates
by WeasyPrint.

`render_pdf(template_name, context)` renders the template to HTML and that to PDF bytes.
The templates are documents, not pages: their CSS may sit in a `<style>` element (no browser
and no CSP involved). Nothing is fetched from the network or the disk: every image must be a
`data:` URI, and the fonts are the system's (DejaVu Sans, Liberation Sans, which cover
Cyrillic).
"""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher


def _fetcher() -> URLFetcher:
    """Only `data:` URIs: a document never reaches the network or the file system."""
    return URLFetcher(allowed_protocols={"data"}, timeout=1)


def shop_details() -> dict:
    """The shop as a party to a document: its name and, when set, legal name, INN and KPP
    (settings SHOP_LEGAL_NAME, SHOP_INN, SHOP_KPP, SHOP_ADDRESS)."""
    return {
        "name": settings.SHOP_NAME,
        "legal_name": getattr(settings, "SHOP_LEGAL_NAME", "") or settings.SHOP_NAME,
        "inn": getattr(settings, "SHOP_INN", ""),
        "kpp": getattr(settings, "SHOP_KPP", ""),
        "address": getattr(settings, "SHOP_ADDRESS", ""),
    }


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """The PDF of `template_name` rendered with `context` (plus `shop`: shop_details(),
    `currency` and `time_zone`)."""
    base = {
        "shop": shop_details(),
        "currency": settings.SHOP_CURRENCY,
        "time_zone": settings.TIME_ZONE,
    }
    html = render_to_string(template_name, {**base, **context}, request=request)
    return HTML(string=html, url_fetcher=_fetcher(), base_url="/").write_pdf()
