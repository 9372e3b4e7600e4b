"""Staff actions on a customer's money, on top of the ledger's services: a reversal with an
audit entry, and credit terms (legal entities) with an audit entry. Corrections are
`services.correct` itself (it checks the permission and writes the audit entry)."""

from django.db import transaction
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer, CustomerKind, User
from partsdesk.accounts.services import audit

from . import services
from .models import Account, CreditTerms, Operation
from .services import BillingError, from_minor

MAX_CREDIT_LIMIT = 10**12  # minor units: ten billion in the shop's currency
MAX_DEFERRAL_DAYS = 365


@transaction.atomic
def operation_reverse(*, operation: Operation, actor: User, reason: str) -> Operation:
    """Reverse one of a customer's operations (permission `billing.correct_balance`, a reason);
    audited. Refused with BillingError when already reversed, a reversal itself, or when the
    customer no longer has the money it would take back."""
    if not actor.has_perm("billing.correct_balance"):
        raise BillingError("not_allowed", _("You may not correct balances."))
    if operation.customer_id is None:
        raise BillingError("not_reversible", _("Only a customer's operation is reversed here."))
    reversal = services.reverse(operation, actor=actor, reason=reason)
    if reversal.is_new:
        audit(
            customer=operation.customer,
            actor=actor,
            action="operation_reversed",
            operation=operation.pk,
            reversal=reversal.pk,
            kind=operation.kind,
            reason=reason.strip()[:500],
        )
    return reversal


@transaction.atomic
def credit_terms_set(
    *, customer: Customer, limit: int, deferral_days: int, actor: User, reason: str = ""
) -> CreditTerms:
    """Set a legal entity's credit limit (minor units) and payment deferral; audited.

    Needs `billing.set_credit_terms`. Refused when the customer is not a legal entity, or
    the limit is below what the customer owes now: the available account is locked while
    the terms change, so no payment slips under the old limit meanwhile.
    """
    if not actor.has_perm("billing.set_credit_terms"):
        raise BillingError("not_allowed", _("You may not change credit terms."))
    if customer.kind != CustomerKind.LEGAL_ENTITY:
        raise BillingError("not_a_legal_entity", _("Credit terms are for legal entities only."))
    if not isinstance(limit, int) or not 0 <= limit <= MAX_CREDIT_LIMIT:
        raise BillingError("invalid_limit", _("The credit limit must be zero or more."))
    if not isinstance(deferral_days, int) or not 0 <= deferral_days <= MAX_DEFERRAL_DAYS:
        raise BillingError(
            "invalid_deferral",
            _("The deferral must be from 0 to %(days)d days.") % {"days": MAX_DEFERRAL_DAYS},
        )
    accounts = services.customer_accounts(customer)
    available = Account.objects.select_for_update().get(pk=accounts.available.pk)
    debt = -available.balance if available.balance < 0 else 0
    if limit < debt:
        raise BillingError(
            "limit_below_debt",
            _("The customer owes %(debt)s now: the credit limit cannot be less than that.")
            % {"debt": from_minor(debt)},
        )
    terms = CreditTerms.objects.select_for_update().filter(customer=customer).first()
    previous = (terms.limit, terms.deferral_days) if terms else (0, 0)
    if terms is None:
        terms = CreditTerms(customer=customer)
    if previous == (limit, deferral_days) and terms.pk:
        return terms
    terms.limit = limit
    terms.deferral_days = deferral_days
    terms.save()
    audit(
        customer=customer,
        actor=actor,
        action="credit_terms_changed",
        previous_limit=str(from_minor(previous[0])),
        limit=str(from_minor(limit)),
        previous_deferral_days=previous[1],
        deferral_days=deferral_days,
        reason=reason.strip()[:500],
    )
    return terms
