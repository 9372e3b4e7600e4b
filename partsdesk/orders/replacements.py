"""What the manager may offer instead of a position: other offers of its part and its
analogs' offers (priced for the order's customer), the next-best one for a rejected
position, and the service that offers it in one click.

A position rejected by the supplier is an end state (statuses.py): it stays in the order as
the record of what happened, and the replacement is a new position beside it, on hold until
the customer accepts it (`services.position_accept_replacement`) or cancels it. A live
position is replaced in place by `services.position_replace`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partsdesk.accounts.models import User
from partsdesk.catalog.labels import REQUESTED
from partsdesk.catalog.selectors import analogs_of
from partsdesk.pricing.models import Offer
from partsdesk.pricing.selectors import price_for_customer

from . import services
from .models import EventKind, OrderPosition, PositionEvent
from .selectors import quantity_problem
from .statuses import Actor, HoldReason, PositionStatus

S = PositionStatus

# A desk page lists at most this many candidates (the cheapest first within each group).
CANDIDATES_LIMIT = 60


@dataclass(frozen=True)
class Candidate:
    """An offer the manager could put in place of a position, as the customer would pay."""

    offer: Offer
    kind: str  # catalog.labels.REQUESTED for the same part, else the analog's CrossKind
    quantity: int  # the position's quantity rounded up to the offer's pack multiple
    unit_price: Decimal
    problem: str | None  # why this quantity cannot be ordered from it now, or None

    @property
    def orderable(self) -> bool:
        return self.problem is None

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


def _quantity_for(offer: Offer, wanted: int) -> int:
    pack = offer.pack_multiple or 1
    return -(-wanted // pack) * pack


def replacement_candidates(
    position: OrderPosition, *, limit: int = CANDIDATES_LIMIT
) -> list[Candidate]:
    """Other offers of the position's part, then its analogs' offers; orderable ones first,
    each group by the customer's price. Three queries (analogs, offers, the customer's terms).

    A rejected position's own supplier is left out for the same part: it has just said no.
    """
    part = position.part
    kinds = {part.pk: REQUESTED}
    for link in analogs_of(part):
        kinds.setdefault(link.part_id, link.kind)
    offers = Offer.objects.filter(part_id__in=list(kinds), supplier__is_active=True).exclude(
        pk=position.offer_id
    )
    if position.status == S.REJECTED_BY_SUPPLIER:
        offers = offers.exclude(part_id=part.pk, supplier_id=position.supplier_id)
    offers = offers.select_related("part__brand", "supplier", "warehouse").order_by("price", "id")
    customer = position.order.customer
    candidates = []
    for offer in offers[: limit * 4]:
        quantity = _quantity_for(offer, position.quantity)
        candidates.append(
            Candidate(
                offer=offer,
                kind=kinds[offer.part_id],
                quantity=quantity,
                unit_price=price_for_customer(customer, offer.price),
                problem=quantity_problem(offer, quantity),
            )
        )
    candidates.sort(
        key=lambda c: (
            c.kind != REQUESTED,
            not c.orderable,
            c.unit_price,
            c.offer.delivery_days_max,
        )
    )
    return candidates[:limit]


def next_best_offer(position: OrderPosition) -> Candidate | None:
    """The cheapest orderable other offer of the same part, else of its analogs; None."""
    for candidate in replacement_candidates(position):
        if candidate.orderable:
            return candidate
    return None


def replacement_of(position: OrderPosition) -> OrderPosition | None:
    """The position offered in place of a rejected one, if one was."""
    event = (
        PositionEvent.objects.filter(
            position__order_id=position.order_id,
            kind=EventKind.REPLACED,
            details__replaces=position.pk,
        )
        .select_related("position")
        .first()
    )
    return event.position if event else None


@transaction.atomic
def position_offer_replacement(
    position: OrderPosition,
    *,
    actor: User,
    offer_id: int,
    quantity: int | None = None,
    comment: str = "",
) -> OrderPosition:
    """Offer the customer another offer (of the same part or an analog) in place of a
    position the supplier rejected: a new position in the same order, on hold until the
    customer accepts it or cancels it. Once per rejected position; refused with
    TransitionRefused (nothing changed) otherwise."""
    order = services._lock_order(position.order_id)
    rejected = services._lock_position(position.pk, order)
    if Actor.MANAGER not in services.actor_roles(actor, order):
        raise services.TransitionRefused(
            "not_allowed", _("Only the customer's manager changes positions.")
        )
    if rejected.status != S.REJECTED_BY_SUPPLIER:
        raise services.TransitionRefused(
            "not_rejected",
            _("Only a position the supplier rejected gets a replacement beside it."),
        )
    existing = replacement_of(rejected)
    if existing is not None:
        raise services.TransitionRefused(
            "already_replaced",
            _("A replacement is already offered: %(part)s.")
            % {"part": f"{existing.brand_name} {existing.number}"},
        )
    try:
        with transaction.atomic():
            offer = services._take_stock(offer_id, quantity or rejected.quantity)
    except services.OrderError as error:
        raise services.TransitionRefused(error.code, error.message) from error
    now = timezone.now()
    quantity = quantity or rejected.quantity
    replacement = OrderPosition.objects.create(
        order=order,
        status=S.ON_HOLD,
        hold_reason=HoldReason.REPLACEMENT_OFFERED,
        status_changed_at=now,
        **services._purchased_fields(
            offer, quantity, price_for_customer(order.customer, offer.price)
        ),
    )
    PositionEvent.objects.create(
        position=replacement,
        kind=EventKind.REPLACED,
        to_status=S.ON_HOLD,
        actor=actor,
        actor_role=Actor.MANAGER,
        reason=HoldReason.REPLACEMENT_OFFERED,
        comment=comment.strip()[:1000],
        details={
            "replaces": rejected.pk,
            "old": {
                "offer": rejected.offer_id,
                "part": f"{rejected.brand_name} {rejected.number}",
                "supplier": rejected.supplier_name,
                "quantity": rejected.quantity,
                "price": str(rejected.unit_price),
            },
            "new": {
                "offer": offer.pk,
                "part": f"{replacement.brand_name} {replacement.number}",
                "supplier": replacement.supplier_name,
                "quantity": quantity,
                "price": str(replacement.unit_price),
            },
        },
        created_at=now,
    )
    services.order_status_refresh(order)
    services._tell_status(order, [replacement], S.ON_HOLD, force=True)
    return replacement
