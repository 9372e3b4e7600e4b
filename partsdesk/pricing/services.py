"""Suppliers, their offers, the retail price every offer carries, and the terms behind it.

A sale price is the purchase price in the shop's currency (at the rate valid today) times
the markup of the most specific rule whose band holds it, raised to the minimum margin and
rounded as the shop's currency is (see `SalePricer`). Offer.price stores it; a change of a
rule, a rate, the rounding or the margin reprices the offers it touches in the background.
"""

import datetime
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer, User
from partsdesk.catalog.models import Brand, Part

from .models import (
    CurrencyRounding,
    ExchangeRate,
    MarkupRule,
    Offer,
    PriceGroup,
    PricingSettings,
    Rounding,
    RoundingMode,
    Supplier,
    Warehouse,
)
from .money import CENT
from .selectors import (
    HUNDRED,
    ONE,
    MissingExchangeRate,
    currency_rounding,
    exchange_rates,
    pricing_settings,
)


class OfferError(ValueError):
    pass


class PricingError(ValueError):
    """Refused pricing input: `code` for machines, `errors` (field → messages) for forms."""

    def __init__(self, code: str, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or {}


# --- the sale price -----------------------------------------------------------------------

Band = tuple[Decimal, Decimal | None, Decimal]  # price from, price below (None: no limit), markup


@dataclass(frozen=True, slots=True)
class _Steps:
    """Markup factors as a step function of the cost: factors[i] from starts[i] on.

    safe_from[i]: from this cost on, the marked-up price stays above the minimum margin even
    after rounding down by a whole step, so the margin need not be computed (None: never).
    """

    starts: tuple[Decimal, ...]
    factors: tuple[Decimal, ...]
    safe_from: tuple[Decimal | None, ...]

    def factor(self, cost: Decimal) -> Decimal:
        return self.factors[bisect_right(self.starts, cost) - 1]


def _merge(
    levels: list[list[Band]], *, min_amount: Decimal, min_factor: Decimal, step: Decimal
) -> _Steps:
    """One step function from levels of bands, most specific first; the first band holding a
    price gives its markup. The last level covers every price from 0, so nothing falls out.
    """
    points = sorted(
        {Decimal(0)}
        | {band[0] for level in levels for band in level}
        | {band[1] for level in levels for band in level if band[1] is not None}
    )
    starts: list[Decimal] = []
    factors: list[Decimal] = []
    for point in points:
        for level in levels:
            markup = next(
                (m for low, high, m in level if low <= point and (high is None or point < high)),
                None,
            )
            if markup is not None:
                break
        factor = ONE + markup / HUNDRED
        if not factors or factors[-1] != factor:
            starts.append(point)
            factors.append(factor)
    safe_from: list[Decimal | None] = []
    for factor in factors:
        # cost × factor − step ≥ cost + amount and ≥ cost × min_factor
        if factor <= max(ONE, min_factor):
            safe_from.append(None)
        else:
            safe_from.append(
                max((min_amount + step) / (factor - ONE), step / (factor - min_factor))
            )
    return _Steps(tuple(starts), tuple(factors), tuple(safe_from))


def _rounder(rounding: Rounding):
    """A function rounding an amount as `rounding` says, with as few operations as can be."""
    how = ROUND_CEILING if rounding.mode == RoundingMode.UP else ROUND_HALF_UP
    step = rounding.step
    if step == CENT:
        return lambda amount: amount.quantize(CENT, rounding=how)
    if step == ONE:
        return lambda amount: amount.quantize(ONE, rounding=how).quantize(CENT)
    return lambda amount: ((amount / step).quantize(ONE, rounding=how) * step).quantize(CENT)


class SalePricer:
    """The retail sale price of a supplier's offers, for pricing many rows at once.

    Everything it needs (markup rules, rates valid today, rounding, minimum margin) is read
    when it is made, so `price` runs no query: a price-list import prices millions of rows
    with one pricer, each a dict lookup of the brand's markup steps and a few operations.
    `sale_price`, `offer_create` and `supplier_reprice_offers` all price through it.
    """

    def __init__(self, supplier: Supplier, *, on: datetime.date | None = None) -> None:
        self.supplier = supplier
        terms = pricing_settings()
        self._rates = exchange_rates(on)
        self._rounding = currency_rounding(settings.SHOP_CURRENCY)
        self._round = _rounder(self._rounding)
        self._min_amount = terms.min_margin_amount
        self._min_factor = ONE + terms.min_margin_percent / HUNDRED
        self._has_min_margin = bool(terms.min_margin_amount or terms.min_margin_percent)

        scoped: dict[tuple[bool, int | None], list[Band]] = defaultdict(list)
        rules = MarkupRule.objects.filter(Q(supplier__isnull=True) | Q(supplier=supplier))
        for supplier_id, brand_id, low, high, markup in rules.order_by("price_from").values_list(
            "supplier_id", "brand_id", "price_from", "price_to", "markup_percent"
        ):
            scoped[(supplier_id is not None, brand_id)].append((low, high, markup))
        own = scoped[(True, None)]
        if supplier.markup_percent is not None:
            own = [*own, (Decimal(0), None, supplier.markup_percent)]
        tail = [own, scoped[(False, None)], [(Decimal(0), None, terms.default_markup_percent)]]
        margin = {
            "min_amount": self._min_amount,
            "min_factor": self._min_factor,
            "step": self._rounding.step,
        }
        self._default = _merge(tail, **margin)
        brand_ids = {brand_id for _own, brand_id in scoped if brand_id is not None}
        self._by_brand: dict[int, _Steps] = {
            brand_id: _merge([scoped[(True, brand_id)], scoped[(False, brand_id)], *tail], **margin)
            for brand_id in brand_ids
        }

    def markup_factor(self, cost: Decimal, brand_id: int | None = None) -> Decimal:
        """1 + the markup for a cost in the shop's currency (for showing how a price came)."""
        return self._by_brand.get(brand_id, self._default).factor(cost)

    def price(self, purchase_price: Decimal, currency: str, brand_id: int | None = None) -> Decimal:
        rate = self._rates.get(currency)
        if rate is None:
            raise MissingExchangeRate(f"No exchange rate for {currency}.")
        cost = purchase_price if rate is ONE else purchase_price * rate
        steps = self._by_brand.get(brand_id, self._default)
        i = bisect_right(steps.starts, cost) - 1 if len(steps.starts) > 1 else 0
        safe = steps.safe_from[i]
        if safe is not None and cost >= safe:
            return self._round(cost * steps.factors[i])  # well above the margin: the hot path
        return self._with_margin(cost, cost * steps.factors[i])

    def _with_margin(self, cost: Decimal, price: Decimal) -> Decimal:
        floor = cost
        if self._has_min_margin:
            floor = max(cost + self._min_amount, cost * self._min_factor)
        if price < floor:
            return self._rounding.up(floor)
        rounded = self._round(price)
        # Rounding to the nearest whole ruble may dip under the floor: then round it up.
        return rounded if rounded >= floor else self._rounding.up(floor)


def sale_price(
    *, supplier: Supplier, purchase_price: Decimal, currency: str, brand_id: int | None = None
) -> Decimal:
    """One offer's retail sale price (prices many with a `SalePricer` instead)."""
    return SalePricer(supplier).price(purchase_price, currency, brand_id)


@transaction.atomic
def offer_create(
    *,
    warehouse: Warehouse,
    part: Part,
    purchase_price: Decimal,
    quantity: int,
    delivery_days_min: int,
    delivery_days_max: int,
    currency: str | None = None,
    quantity_is_lower_bound: bool = False,
    pack_multiple: int = 1,
    returnable: bool = True,
) -> Offer:
    supplier = warehouse.supplier
    currency = currency or supplier.currency
    if purchase_price < 0:
        raise OfferError("A purchase price cannot be negative.")
    if quantity < 0:
        raise OfferError("A quantity cannot be negative.")
    if not 0 <= delivery_days_min <= delivery_days_max:
        raise OfferError("Delivery days must be a range from the smaller to the larger.")
    if pack_multiple < 1:
        raise OfferError("A pack multiple is at least 1.")
    return Offer.objects.create(
        supplier=supplier,
        warehouse=warehouse,
        part=part,
        purchase_price=purchase_price,
        currency=currency,
        price=sale_price(
            supplier=supplier,
            purchase_price=purchase_price,
            currency=currency,
            brand_id=part.brand_id,
        ),
        quantity=quantity,
        quantity_is_lower_bound=quantity_is_lower_bound,
        delivery_days_min=delivery_days_min,
        delivery_days_max=delivery_days_max,
        pack_multiple=pack_multiple,
        returnable=returnable,
    )


REPRICE_BATCH = 5000


def _write_prices(batch: list[tuple[int, Decimal]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per batch: arrays unnested side by side.
            cursor.execute(
                "UPDATE pricing_offer o SET price = v.price"
                " FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::numeric[]) AS price) v"
                " WHERE o.id = v.id",
                [[offer_id for offer_id, _price in batch], [price for _id, price in batch]],
            )
        else:
            cursor.executemany(
                "UPDATE pricing_offer SET price = %s WHERE id = %s",
                [(str(price), offer_id) for offer_id, price in batch],
            )


@transaction.atomic
def supplier_reprice_offers(*, supplier: Supplier) -> int:
    """Recompute the sale price of every offer of the supplier; returns how many changed.

    Every price comes from one `SalePricer`, so the result equals `sale_price` to the cent on
    either database; only the offers whose price changes are written, in batches.
    """
    supplier = Supplier.objects.get(pk=supplier.pk)  # the markup as committed now
    pricer = SalePricer(supplier)
    changed = 0
    batch: list[tuple[int, Decimal]] = []
    rows = (
        Offer.objects.filter(supplier=supplier)
        .values_list("id", "purchase_price", "currency", "part__brand_id", "price")
        .order_by()
    )
    for offer_id, purchase_price, currency, brand_id, price in rows.iterator(
        chunk_size=REPRICE_BATCH
    ):
        new = pricer.price(purchase_price, currency, brand_id)
        # SQLite hands back decimals that went through a float.
        if new != Decimal(str(price)).quantize(CENT):
            batch.append((offer_id, new))
            if len(batch) >= REPRICE_BATCH:
                _write_prices(batch)
                changed += len(batch)
                batch = []
    if batch:
        _write_prices(batch)
        changed += len(batch)
    return changed


def _reprice_after_commit(*, supplier_ids: list[int] | None = None, currency: str = "") -> None:
    """Queue the repricing of the offers a committed change touches (all, when not narrowed)."""
    from . import tasks

    if currency:
        transaction.on_commit(lambda: tasks.reprice_offers_in(currency))
    elif supplier_ids is not None:
        for supplier_id in supplier_ids:
            transaction.on_commit(
                lambda supplier_id=supplier_id: tasks.reprice_supplier_offers.delay(supplier_id)
            )
    else:
        transaction.on_commit(tasks.reprice_all_offers)


# --- the terms staff edit -----------------------------------------------------------------


def _lock_terms() -> PricingSettings:
    """Edits of the pricing terms queue on the settings row: two staff saving overlapping
    bands at once get one refused, never both stored."""
    PricingSettings.objects.get_or_create(pk=1)
    return PricingSettings.objects.select_for_update().get(pk=1)


def _percent_error(value: Decimal | None, name: str, errors: dict, *, maximum: Decimal) -> None:
    if value is None:
        errors.setdefault(name, []).append(_("Enter a percentage."))
    elif not Decimal(0) <= value <= maximum:
        errors.setdefault(name, []).append(
            _("Enter a percentage from 0 to %(max)s.") % {"max": maximum}
        )


@transaction.atomic
def markup_rule_save(
    *,
    rule: MarkupRule | None = None,
    supplier: Supplier | None,
    brand: Brand | None,
    price_from: Decimal,
    price_to: Decimal | None,
    markup_percent: Decimal,
    actor: User | None = None,
) -> MarkupRule:
    """Create a markup rule, or change `rule`; its band may not overlap another of its scope."""
    _lock_terms()
    errors: dict[str, list[str]] = {}
    if price_from is None or price_from < 0:
        errors["price_from"] = [_("A band starts at 0 or above.")]
    elif price_to is not None and price_to <= price_from:
        errors["price_to"] = [_("The band must end above its start.")]
    _percent_error(markup_percent, "markup_percent", errors, maximum=Decimal(1000))
    if not errors:
        others = MarkupRule.objects.filter(supplier=supplier, brand=brand)
        if rule is not None and rule.pk:
            others = others.exclude(pk=rule.pk)
        for other in others:
            if (other.price_to is None or price_from < other.price_to) and (
                price_to is None or other.price_from < price_to
            ):
                upper = "…" if other.price_to is None else other.price_to
                errors["price_from"] = [
                    _("The band overlaps the band %(low)s–%(high)s of the same rule set.")
                    % {"low": other.price_from, "high": upper}
                ]
                break
    if errors:
        raise PricingError("invalid_rule", next(iter(errors.values()))[0], errors)
    previous_supplier = rule.supplier_id if rule is not None and rule.pk else None
    rule = rule if rule is not None else MarkupRule()
    rule.supplier = supplier
    rule.brand = brand
    rule.price_from = price_from
    rule.price_to = price_to
    rule.markup_percent = markup_percent
    rule.save()
    _reprice_for_rule(rule, previous_supplier)
    return rule


def _reprice_for_rule(rule: MarkupRule, previous_supplier: int | None = None) -> None:
    if rule.supplier_id is None or (previous_supplier and previous_supplier != rule.supplier_id):
        _reprice_after_commit()  # a brand's or the shop's rule may touch any supplier
    else:
        _reprice_after_commit(supplier_ids=[rule.supplier_id])


@transaction.atomic
def markup_rule_delete(*, rule: MarkupRule, actor: User | None = None) -> None:
    _lock_terms()
    rule.delete()
    _reprice_for_rule(rule)


@transaction.atomic
def supplier_markup_set(
    *, supplier: Supplier, markup_percent: Decimal | None, actor: User | None = None
) -> Supplier:
    """The supplier's own flat markup (None: the shop's rules apply to it)."""
    if markup_percent is not None:
        errors: dict[str, list[str]] = {}
        _percent_error(markup_percent, "markup_percent", errors, maximum=Decimal(1000))
        if errors:
            raise PricingError("invalid_markup", errors["markup_percent"][0], errors)
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if supplier.markup_percent != markup_percent:
        supplier.markup_percent = markup_percent
        supplier.save(update_fields=["markup_percent"])
        _reprice_after_commit(supplier_ids=[supplier.pk])
    return supplier


@transaction.atomic
def pricing_settings_update(
    *,
    default_markup_percent: Decimal,
    min_margin_amount: Decimal,
    min_margin_percent: Decimal,
    vat_percent: Decimal,
    actor: User | None = None,
) -> PricingSettings:
    errors: dict[str, list[str]] = {}
    _percent_error(default_markup_percent, "default_markup_percent", errors, maximum=Decimal(1000))
    _percent_error(min_margin_percent, "min_margin_percent", errors, maximum=Decimal(1000))
    _percent_error(vat_percent, "vat_percent", errors, maximum=Decimal(99))
    if min_margin_amount is None or min_margin_amount < 0:
        errors["min_margin_amount"] = [_("Enter an amount of 0 or more.")]
    if errors:
        raise PricingError("invalid_settings", next(iter(errors.values()))[0], errors)
    terms = _lock_terms()
    reprice = (
        terms.default_markup_percent != default_markup_percent
        or terms.min_margin_amount != min_margin_amount
        or terms.min_margin_percent != min_margin_percent
    )
    terms.default_markup_percent = default_markup_percent
    terms.min_margin_amount = min_margin_amount
    terms.min_margin_percent = min_margin_percent
    terms.vat_percent = vat_percent  # shown, never stored in a price: no repricing
    terms.save()
    if reprice:
        _reprice_after_commit()
    return terms


ROUNDING_STEPS = [Decimal(s) for s in ("0.01", "0.1", "0.5", "1", "5", "10", "50", "100")]


@transaction.atomic
def currency_rounding_set(
    *, currency: str, step: Decimal, mode: str, actor: User | None = None
) -> CurrencyRounding:
    currency = (currency or "").strip().upper()
    errors: dict[str, list[str]] = {}
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = [_("A currency is a three-letter code such as RUB.")]
    if step not in ROUNDING_STEPS:
        errors["step"] = [_("Choose one of the rounding steps.")]
    if mode not in RoundingMode.values:
        errors["mode"] = [_("Choose how to round.")]
    if errors:
        raise PricingError("invalid_rounding", next(iter(errors.values()))[0], errors)
    _lock_terms()
    row, created = CurrencyRounding.objects.get_or_create(
        currency=currency, defaults={"step": step, "mode": mode}
    )
    changed = created or (row.step, row.mode) != (step, mode)
    if not created and changed:
        row.step, row.mode = step, mode
        row.save()
    if changed and currency == settings.SHOP_CURRENCY:
        _reprice_after_commit()
    return row


@transaction.atomic
def exchange_rate_set(
    *, currency: str, rate: Decimal, valid_from: datetime.date, actor: User | None = None
) -> ExchangeRate:
    """The rate of `currency` from `valid_from` on (replacing one entered for that day)."""
    currency = (currency or "").strip().upper()
    errors: dict[str, list[str]] = {}
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = [_("A currency is a three-letter code such as EUR.")]
    elif currency == settings.SHOP_CURRENCY:
        errors["currency"] = [_("The shop's own currency has no exchange rate.")]
    if rate is None or rate <= 0:
        errors["rate"] = [_("A rate is above zero.")]
    elif rate != rate.quantize(Decimal("0.000001")) or rate >= Decimal("1000000"):
        errors["rate"] = [_("A rate has at most 6 digits before and 6 after the point.")]
    if valid_from is None:
        errors["valid_from"] = [_("Enter the day the rate is valid from.")]
    if errors:
        raise PricingError("invalid_rate", next(iter(errors.values()))[0], errors)
    _lock_terms()
    row, _created = ExchangeRate.objects.update_or_create(
        currency=currency, valid_from=valid_from, defaults={"rate": rate}
    )
    if valid_from <= timezone.localdate():
        _reprice_after_commit(currency=currency)
    # A rate from a later day reprices on that day (pricing.reprice_for_rates_starting_today).
    return row


@transaction.atomic
def exchange_rate_delete(*, rate: ExchangeRate, actor: User | None = None) -> None:
    _lock_terms()
    currency, valid_from = rate.currency, rate.valid_from
    rate.delete()
    if valid_from <= timezone.localdate():
        _reprice_after_commit(currency=currency)


@transaction.atomic
def price_group_save(
    *,
    group: PriceGroup | None = None,
    name: str,
    discount_percent: Decimal,
    actor: User | None = None,
) -> PriceGroup:
    """Create a price group or change `group`. Stored prices stay (discounts apply on show)."""
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the group a name.")]
    else:
        # In Python: SQLite ignores the case of ASCII letters only (Опт and опт differ there).
        others = PriceGroup.objects.exclude(pk=getattr(group, "pk", None))
        if name.casefold() in {other.casefold() for other in others.values_list("name", flat=True)}:
            errors["name"] = [_("A price group with this name already exists.")]
    _percent_error(discount_percent, "discount_percent", errors, maximum=Decimal(90))
    if errors:
        raise PricingError("invalid_group", next(iter(errors.values()))[0], errors)
    group = group if group is not None else PriceGroup()
    group.name = name[:100]
    group.discount_percent = discount_percent
    group.save()
    return group


@transaction.atomic
def price_group_delete(*, group: PriceGroup, actor: User | None = None) -> None:
    members = Customer.objects.filter(price_group=group).count()
    if members:
        raise PricingError(
            "group_in_use",
            _("%(count)d customers are in this group; move them to another first.")
            % {"count": members},
        )
    group.delete()


@transaction.atomic
def customer_price_terms_set(
    *,
    customer: Customer,
    price_group: PriceGroup | None,
    personal_discount_percent: Decimal,
    actor: User,
) -> Customer:
    """Put the customer in a price group (None: retail) with a personal discount; audited."""
    from partsdesk.accounts.services import audit

    errors: dict[str, list[str]] = {}
    _percent_error(
        personal_discount_percent, "personal_discount_percent", errors, maximum=Decimal(90)
    )
    if errors:
        raise PricingError("invalid_discount", errors["personal_discount_percent"][0], errors)
    customer = (
        Customer.objects.select_for_update(of=("self",))
        .select_related("price_group")
        .get(pk=customer.pk)
    )
    previous_group = customer.price_group
    previous_discount = customer.personal_discount_percent
    if previous_group == price_group and previous_discount == personal_discount_percent:
        raise PricingError("unchanged", _("The customer already has these prices."))
    customer.price_group = price_group
    customer.personal_discount_percent = personal_discount_percent
    customer.save(update_fields=["price_group", "personal_discount_percent"])
    audit(
        customer=customer,
        actor=actor,
        action="price_terms_changed",
        previous_price_group=previous_group.name if previous_group else _("retail"),
        price_group=price_group.name if price_group else _("retail"),
        previous_personal_discount=f"{previous_discount} %",
        personal_discount=f"{personal_discount_percent} %",
        price_group_id=price_group.pk if price_group else None,
    )
    return customer


def rounding_choices() -> list[tuple[str, str]]:
    return [(str(step), str(step)) for step in ROUNDING_STEPS]
