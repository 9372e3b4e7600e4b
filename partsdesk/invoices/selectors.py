"""Reads: the shop's requisites, a customer's invoices, VAT, the staff queue of payments."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from partsdesk.accounts.models import Customer, CustomerKind

from .models import BankPayment, BankPaymentStatus, CashReceipt, Invoice, ShopRequisites


def requisites() -> ShopRequisites:
    """The saved row, or an empty unsaved one (`complete` is False then)."""
    return ShopRequisites.objects.filter(pk=1).first() or ShopRequisites(pk=None)


def vat_percent() -> Decimal:
    from partsdesk.pricing.selectors import pricing_settings

    return pricing_settings().vat_percent


def vat_in(amount: int, percent: Decimal) -> int:
    """The VAT inside a VAT-inclusive amount in minor units: amount × p / (100 + p), half up."""
    if not percent:
        return 0
    vat = Decimal(amount) * percent / (Decimal(100) + percent)
    return int(vat.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def may_have_invoices(customer: Customer | None) -> bool:
    return customer is not None and customer.kind == CustomerKind.LEGAL_ENTITY


def invoices_of(customer: Customer) -> QuerySet[Invoice]:
    return Invoice.objects.filter(customer=customer).select_related("order")


def invoice_of(customer: Customer, number: str) -> Invoice | None:
    """The customer's own invoice by number; None for anyone else's."""
    return invoices_of(customer).filter(number=number).first()


def payments_unmatched() -> QuerySet[BankPayment]:
    return BankPayment.objects.filter(status=BankPaymentStatus.UNMATCHED).order_by("date", "id")


def payments_handled(limit: int = 50) -> list[BankPayment]:
    return list(
        BankPayment.objects.exclude(status=BankPaymentStatus.UNMATCHED)
        .select_related("customer", "invoice", "handled_by")
        .order_by("-handled_at", "-id")[:limit]
    )


def cash_receipts_recent(limit: int = 50) -> list[CashReceipt]:
    return list(
        CashReceipt.objects.select_related(
            "pickup_point", "customer", "order", "received_by"
        ).order_by("-created_at", "-id")[:limit]
    )


def open_invoices_of(customer: Customer) -> QuerySet[Invoice]:
    from .models import InvoiceStatus

    return invoices_of(customer).filter(status=InvoiceStatus.ISSUED)


def customer_find(query: str) -> Customer | None:
    """The one customer with this INN, email, phone or number (id); None when none or many."""
    from partsdesk.accounts.identifiers import normalize_phone

    query = query.strip()
    if not query:
        return None
    if query.startswith("#") and query[1:].isdigit():
        return Customer.objects.filter(pk=int(query[1:])).first()
    condition = Q(inn=query) | Q(user__email__iexact=query)
    if query.isdigit() and len(query) < 10:
        condition |= Q(pk=int(query))
    phone = normalize_phone(query) if any(char.isdigit() for char in query) else None
    if phone:
        condition |= Q(user__phone=phone)
    found = list(Customer.objects.filter(condition).select_related("user")[:2])
    return found[0] if len(found) == 1 else None


def invoices_search(query: str = "") -> QuerySet[Invoice]:
    """The desk's list of invoices, newest first: by number, INN or company name."""
    invoices = Invoice.objects.select_related("customer", "order")
    if query:
        invoices = invoices.filter(
            Q(number__icontains=query)
            | Q(customer__inn=query)
            | Q(customer__company_name__icontains=query)
        )
    return invoices.order_by("-issued_on", "-id")
