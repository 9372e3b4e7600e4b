"""Reads for the desk pages: which customers a staff member sees, and a customer's card."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partsdesk.accounts.identifiers import normalize_phone
from partsdesk.accounts.models import AuditEntry, Customer, User
from partsdesk.accounts.roles import Role

AUDIT_LOG_LIMIT = 100

# How each audit action reads on the customer's page; unknown actions show their code.
AUDIT_ACTIONS = {
    "manager_reassigned": _("Personal manager changed"),
    "blocked": _("Blocked"),
    "unblocked": _("Unblocked"),
    "price_terms_changed": _("Prices changed"),
    "balance_corrected": _("Balance corrected"),
    "operation_reversed": _("Ledger operation reversed"),
    "credit_terms_changed": _("Credit terms changed"),
}
AUDIT_DETAILS = {
    "previous": _("previous manager"),
    "manager": _("new manager"),
    "reason": _("reason"),
    "previous_price_group": _("previous price group"),
    "price_group": _("new price group"),
    "previous_personal_discount": _("previous personal discount"),
    "personal_discount": _("new personal discount"),
    "operation": _("ledger operation"),
    "reversal": _("reversing operation"),
    "kind": _("operation"),
    "amount": _("amount, kopecks"),
    "previous_limit": _("previous credit limit"),
    "limit": _("new credit limit"),
    "previous_deferral_days": _("previous deferral, days"),
    "deferral_days": _("new deferral, days"),
}


def customers_visible_to(user: User) -> QuerySet[Customer]:
    """A manager's own customers; everyone's for those allowed to see all."""
    customers = Customer.objects.all()
    if not user.has_perm("accounts.view_all_customers"):
        customers = customers.filter(manager=user)
    return customers


def customers_search(user: User, *, query: str = "") -> QuerySet[Customer]:
    """The desk's customer list: visible customers, newest first, found by any contact."""
    customers = customers_visible_to(user).select_related("user", "manager")
    query = query.strip()
    if query:
        condition = Q(user__email__icontains=query) | Q(inn=query) | Q(user__phone=query)
        for spelling in _case_spellings(query):
            condition |= Q(full_name__icontains=spelling) | Q(company_name__icontains=spelling)
        phone = normalize_phone(query) if any(char.isdigit() for char in query) else None
        if phone:
            condition |= Q(user__phone=phone)
        customers = customers.filter(condition)
    return customers.order_by("-created_at", "-id")


def _case_spellings(query: str) -> set[str]:
    """The query as typed, lower, upper, capitalized and title-cased.

    SQLite's LIKE ignores case for ASCII letters only, so `ромашка` would miss `Ромашка`
    there; PostgreSQL's icontains handles every alphabet and the extra spellings cost nothing.
    """
    return {query, query.lower(), query.upper(), query.capitalize(), query.title()}


def customer_card(customer: Customer) -> dict:
    """Everything the customer's desk page shows besides the forms."""
    entries = list(
        AuditEntry.objects.filter(customer=customer).select_related("actor")[: AUDIT_LOG_LIMIT + 1]
    )
    return {
        "customer": customer,
        "addresses": list(customer.addresses.all()),
        "audit_entries": [_audit_row(entry) for entry in entries[:AUDIT_LOG_LIMIT]],
        "audit_truncated": len(entries) > AUDIT_LOG_LIMIT,
        "audit_limit": AUDIT_LOG_LIMIT,
    }


def _audit_row(entry: AuditEntry) -> dict:
    details = entry.details if isinstance(entry.details, dict) else {"": entry.details}
    return {
        "created_at": entry.created_at,
        "actor": entry.actor.display_name if entry.actor else "",
        "action": entry.action,
        "label": AUDIT_ACTIONS.get(entry.action, entry.action),
        "details": [
            (AUDIT_DETAILS.get(key, key), "—" if details[key] in (None, "") else details[key])
            for key in sorted(details, key=_detail_order)
            if not key.endswith("_id")  # ids keep the history traceable; people read names
        ],
    }


def _detail_order(key: str) -> tuple[int, str]:
    """Known details in their own order, the rest by name (jsonb keeps no key order)."""
    known = list(AUDIT_DETAILS)
    return (known.index(key), "") if key in known else (len(known), key)


def managers_active() -> QuerySet[User]:
    """Who can be a personal manager: active users in the manager group."""
    return (
        User.objects.filter(groups__name=Role.MANAGER, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def is_administrator(user: User) -> bool:
    return user.is_superuser or (
        user.is_staff and user.groups.filter(name=Role.ADMINISTRATOR).exists()
    )
