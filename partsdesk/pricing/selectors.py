"""Reads of the pricing terms: exchange rates, rounding, markup rules, and a customer's price.

Offer.price is the stored retail sale price (searches sort and page by it in SQL); what a
customer sees is that price times their group's and personal discount factor, one uniform
factor per customer, so the order of offers never changes. `price_for_customer` is the one
place that factor is applied; `PriceView` adds the legal entities' "without VAT" view on top.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from partsdesk.accounts.models import Customer, CustomerKind, User
from partsdesk.accounts.roles import Role

from .models import (
    CurrencyRounding,
    ExchangeRate,
    MarkupRule,
    PriceGroup,
    PricingSettings,
    Rounding,
    Supplier,
)
from .money import CENT

ONE = Decimal(1)
HUNDRED = Decimal(100)


class MissingExchangeRate(LookupError):
    pass


def exchange_rate(currency: str, on: datetime.date | None = None) -> Decimal:
    """Units of the shop's currency for one unit of `currency`, as of the day `on`."""
    if currency == settings.SHOP_CURRENCY:
        return Decimal(1)
    on = on or timezone.localdate()
    rate = (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        raise MissingExchangeRate(f"No exchange rate for {currency} on {on}.")
    return rate


def exchange_rates(on: datetime.date | None = None) -> dict[str, Decimal]:
    """Every currency's rate as of the day `on` (the shop's own is 1). One query."""
    on = on or timezone.localdate()
    rates: dict[str, Decimal] = {}
    for currency, rate in (
        ExchangeRate.objects.filter(valid_from__lte=on)
        .order_by("currency", "-valid_from")
        .values_list("currency", "rate")
    ):
        rates.setdefault(currency, rate)
    rates[settings.SHOP_CURRENCY] = ONE
    return rates


def exchange_rate_history(limit: int = 200) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.order_by("currency", "-valid_from")[:limit]


def pricing_settings() -> PricingSettings:
    """The shop's pricing terms; the defaults while staff have not saved any."""
    return PricingSettings.objects.filter(pk=1).first() or PricingSettings(pk=1)


def currency_rounding(currency: str | None = None) -> Rounding:
    """How prices in `currency` (the shop's by default) are rounded; to the cent if not set."""
    row = CurrencyRounding.objects.filter(currency=currency or settings.SHOP_CURRENCY).first()
    return row.rounding if row is not None else Rounding()


def markup_rules(
    *, supplier: Supplier | None = None, brand_id: int | None = None, scope: str = ""
) -> QuerySet[MarkupRule]:
    """The markup rules for the desk list; `scope` narrows to shop, supplier, brand or both."""
    rules = MarkupRule.objects.select_related("supplier", "brand")
    if supplier is not None:
        rules = rules.filter(supplier=supplier)
    if brand_id is not None:
        rules = rules.filter(brand_id=brand_id)
    if scope == "shop":
        rules = rules.filter(supplier__isnull=True, brand__isnull=True)
    elif scope == "supplier":
        rules = rules.filter(supplier__isnull=False, brand__isnull=True)
    elif scope == "brand":
        rules = rules.filter(supplier__isnull=True, brand__isnull=False)
    elif scope == "supplier_brand":
        rules = rules.filter(supplier__isnull=False, brand__isnull=False)
    return rules.order_by("supplier__name", "brand__name", "price_from")


def price_groups() -> QuerySet[PriceGroup]:
    return PriceGroup.objects.order_by("discount_percent", "name")


# --- what a customer pays ----------------------------------------------------------------


@dataclass(frozen=True)
class CustomerTerms:
    """A customer's price level: the factor off retail and how the result is rounded."""

    group_name: str
    group_discount: Decimal
    personal_discount: Decimal
    factor: Decimal
    rounding: Rounding

    @property
    def discount_percent(self) -> Decimal:
        """The whole discount off retail, for showing (the group's and the personal one)."""
        return ((ONE - self.factor) * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


RETAIL = CustomerTerms(
    group_name="",
    group_discount=Decimal(0),
    personal_discount=Decimal(0),
    factor=ONE,
    rounding=Rounding(),
)


def discount_factor(group_discount: Decimal, personal_discount: Decimal) -> Decimal:
    """The personal discount comes off the group's price: 10 % and 5 % make 14.5 %."""
    return (ONE - group_discount / HUNDRED) * (ONE - personal_discount / HUNDRED)


def customer_terms(customer: Customer | None) -> CustomerTerms:
    """The customer's price terms, read once per customer object (kept on it).

    At most two queries the first time (the group unless loaded with the customer, and the
    rounding when there is a discount), none after: pages price every row with them.
    """
    if customer is None:
        return RETAIL
    terms = customer.__dict__.get("_price_terms")
    if terms is None:
        group = customer.price_group if customer.price_group_id else None
        group_discount = group.discount_percent if group else Decimal(0)
        personal = customer.personal_discount_percent or Decimal(0)
        factor = discount_factor(group_discount, personal)
        terms = CustomerTerms(
            group_name=group.name if group else "",
            group_discount=group_discount,
            personal_discount=personal,
            factor=factor,
            rounding=currency_rounding() if factor != ONE else Rounding(),
        )
        customer.__dict__["_price_terms"] = terms
    return terms


def price_for_customer(customer: Customer | None, retail_price: Decimal) -> Decimal:
    """The price `customer` pays for an offer whose retail price is `retail_price`.

    Anonymous visitors (`customer` None) pay retail. Everything that shows or charges a
    price to a customer goes through here, so price groups change it in one place. The
    discounted price is rounded as the shop's currency is (whole rubles, say); rounding
    never reorders prices, so searches sorted by the retail price stay sorted.
    """
    terms = customer_terms(customer)
    if terms.factor == ONE:
        return retail_price
    return terms.rounding.apply(retail_price * terms.factor)


def without_vat(price: Decimal, vat_percent: Decimal) -> Decimal:
    """The price net of VAT (sale prices include it), to the cent."""
    return (price * HUNDRED / (HUNDRED + vat_percent)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PriceView:
    """How prices are shown to one viewer: their own price, with VAT or (legal entities) without.

    Call it with a stored retail price to get the price to show; `retail` gives the retail
    price on the same VAT basis, to show a discount beside it.
    """

    customer: Customer | None = None
    vat_excluded: bool = False
    vat_percent: Decimal = Decimal(0)
    do_not_call_in_templates = True  # templates read its attributes; rows are priced in views

    def __call__(self, retail_price: Decimal) -> Decimal:
        price = price_for_customer(self.customer, retail_price)
        return without_vat(price, self.vat_percent) if self.vat_excluded else price

    def retail(self, retail_price: Decimal) -> Decimal:
        if self.vat_excluded:
            return without_vat(retail_price, self.vat_percent)
        return retail_price

    @property
    def terms(self) -> CustomerTerms:
        return customer_terms(self.customer)

    @property
    def is_discounted(self) -> bool:
        return self.terms.factor != ONE

    @property
    def vat_toggle(self) -> bool:
        """Whether this viewer may switch VAT off and on."""
        return can_exclude_vat(self.customer)


def can_exclude_vat(customer: Customer | None) -> bool:
    """Only legal entities may see prices without VAT (they reclaim it)."""
    return customer is not None and customer.kind == CustomerKind.LEGAL_ENTITY


def price_view(customer: Customer | None, *, exclude_vat: bool = False) -> PriceView:
    """The viewer's prices; `exclude_vat` is honoured for legal entities only."""
    if exclude_vat and can_exclude_vat(customer):
        return PriceView(
            customer=customer, vat_excluded=True, vat_percent=pricing_settings().vat_percent
        )
    return PriceView(customer=customer)


def customer_for_prices(user: User | None) -> Customer | None:
    """The signed-in user's customer with their price group, or None (retail). One query.

    The customer is also left on `user.customer`, so templates reading it ask no more.
    """
    if user is None or not user.is_authenticated:
        return None
    customer = Customer.objects.select_related("price_group").filter(user=user).first()
    if customer is not None:
        user.customer = customer
    return customer


def can_manage_prices(user: User | None) -> bool:
    """Markups, rounding, margins, rates, price groups and a customer's prices: senior
    managers and administrators (a manager sees a customer's prices, never sets them)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Every desk page asks; both roles see every customer (accounts/roles.py), a permission the
    # desk has already cached, so a manager costs no query and only they check their groups.
    if not (user.is_staff and user.has_perm("accounts.view_all_customers")):
        return False
    return any(
        group.name in (Role.SENIOR_MANAGER, Role.ADMINISTRATOR) for group in user.groups.all()
    )
