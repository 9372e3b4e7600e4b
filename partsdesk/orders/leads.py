"""Quick-order leads in the desk: the manager calls the visitor back, then turns the lead
into an order for a registered customer or declines it.

A lead's state: new → (called back) → turned into an order, or declined. "Called back" is
a new lead with `handled_at` set (the manager recorded the call and a note); the other two
are `Lead.status`. Accounts has no way for staff to register a customer (registration
needs the customer's own password and consent), so the order goes to an existing customer:
the one with the lead's phone, or one the manager picks; a visitor without an account is
asked to register first.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partsdesk.accounts.identifiers import normalize_phone
from partsdesk.accounts.models import Customer, User
from partsdesk.pricing.selectors import price_for_customer

from .models import Lead, LeadStatus, Order
from .services import DeliveryChoice, ExpectedLine, OrderError, actor_roles, order_place
from .statuses import Actor


class LeadState:
    """How the desk reads and filters leads (see the module's docstring)."""

    NEW = "new"
    CALLED_BACK = "called_back"
    CONVERTED = LeadStatus.CONVERTED.value
    DECLINED = LeadStatus.DECLINED.value

    LABELS = {
        NEW: gettext_lazy("New"),
        CALLED_BACK: gettext_lazy("Called back"),
        CONVERTED: LeadStatus.CONVERTED.label,
        DECLINED: LeadStatus.DECLINED.label,
    }


def lead_state(lead: Lead) -> str:
    if lead.status == LeadStatus.NEW:
        return LeadState.CALLED_BACK if lead.handled_at else LeadState.NEW
    return lead.status


def leads(*, state: str = "", query: str = "") -> QuerySet[Lead]:
    """Leads, the new ones first (oldest first: they have waited longest), then the rest."""
    found = Lead.objects.select_related("handled_by", "order").prefetch_related("lines")
    if state == LeadState.NEW:
        found = found.filter(status=LeadStatus.NEW, handled_at__isnull=True)
    elif state == LeadState.CALLED_BACK:
        found = found.filter(status=LeadStatus.NEW, handled_at__isnull=False)
    elif state in (LeadState.CONVERTED, LeadState.DECLINED):
        found = found.filter(status=state)
    query = query.strip()
    if query:
        phone = normalize_phone(query) if any(char.isdigit() for char in query) else None
        found = found.filter(Q(name__icontains=query) | Q(phone=phone or query))
    if state in ("", LeadState.NEW, LeadState.CALLED_BACK):
        return found.order_by("created_at", "id")
    return found.order_by("-created_at", "-id")


def customers_with_phone(lead: Lead) -> QuerySet[Customer]:
    """Registered customers whose phone is the lead's (phones are stored normalized)."""
    return Customer.objects.filter(
        user__phone=lead.phone, anonymized_at__isnull=True
    ).select_related("user", "manager")


def _lock_new_lead(lead: Lead) -> Lead:
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status != LeadStatus.NEW:
        raise OrderError(
            "lead_closed",
            _("This quick order is already “%(status)s”.")
            % {"status": LeadStatus(lead.status).label},
        )
    return lead


@transaction.atomic
def lead_called_back(lead: Lead, *, actor: User, note: str) -> Lead:
    """Record the call: who called, when, and what was agreed."""
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Write what you agreed on the call."))
    lead = _lock_new_lead(lead)
    lead.handled_by, lead.handled_at, lead.manager_note = actor, timezone.now(), note[:1000]
    lead.save(update_fields=["handled_by", "handled_at", "manager_note"])
    return lead


@transaction.atomic
def lead_decline(lead: Lead, *, actor: User, note: str) -> Lead:
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Write why the quick order is declined."))
    lead = _lock_new_lead(lead)
    lead.status = LeadStatus.DECLINED
    lead.handled_by, lead.handled_at, lead.manager_note = actor, timezone.now(), note[:1000]
    lead.save(update_fields=["status", "handled_by", "handled_at", "manager_note"])
    return lead


@transaction.atomic
def lead_convert(
    lead: Lead,
    *,
    actor: User,
    customer: Customer,
    delivery: DeliveryChoice,
    payment_method: str,
    note: str = "",
) -> Order:
    """Place the lead's lines as an order of `customer` (their prices today), addressed to
    the lead's name and phone, and mark the lead turned into that order.

    Only the customer's manager (or staff who see every customer) may; lines whose offer
    is gone are refused by name; anything checkout refuses (stock, payment method,
    delivery) comes back as its OrderError / CheckoutChanged and nothing is saved.
    """
    lead = _lock_new_lead(lead)
    probe = Order(customer=customer)
    if Actor.MANAGER not in actor_roles(actor, probe):
        manager = customer.manager.display_name if customer.manager else _("nobody")
        raise OrderError(
            "not_allowed",
            _("%(customer)s is %(manager)s's customer: they or a senior manager place this order.")
            % {"customer": customer.display_name, "manager": manager},
        )
    lines = list(lead.lines.select_related("offer"))
    gone = [f"{line.brand_name} {line.number}" for line in lines if line.offer is None]
    if gone:
        raise OrderError(
            "offer_not_found",
            _("No longer offered: %(parts)s. Decline this quick order and place a new one.")
            % {"parts": ", ".join(gone)},
        )
    order = order_place(
        customer,
        lines=[
            ExpectedLine(
                line.offer_id, line.quantity, price_for_customer(customer, line.offer.price)
            )
            for line in lines
        ],
        delivery=delivery,
        payment_method=payment_method,
        recipient_name=lead.name,
        recipient_phone=lead.phone,
        expected_total=None,
        comment=lead.comment,
    )
    lead.status = LeadStatus.CONVERTED
    lead.order = order
    lead.handled_by, lead.handled_at = actor, timezone.now()
    if note.strip():
        lead.manager_note = note.strip()[:1000]
    lead.save(update_fields=["status", "order", "handled_by", "handled_at", "manager_note"])
    return order
