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
    """The shop as a party to a document: its requisites as staff keep them in the desk
    (partsdesk.invoices), or just its name before they are filled in."""
    from partsdesk.invoices.selectors import requisites

    saved = requisites()
    return {
        "name": settings.SHOP_NAME,
        "legal_name": saved.legal_name or settings.SHOP_NAME,
        "inn": saved.inn,
        "kpp": saved.kpp,
        "address": saved.address,
        "director": saved.director,
        "chief_accountant": saved.chief_accountant,
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
