"""Suppliers, their offers, and the retail price every offer carries.

For now a sale price is the purchase price in the shop's currency times the supplier's
markup; markup rules and price groups replace `sale_price_factor` in the price-list work.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import DecimalField, F, Value
from django.db.models.functions import Round

from partsdesk.catalog.models import Part

from .models import Offer, Supplier, Warehouse
from .money import CENT
from .selectors import exchange_rate


class OfferError(ValueError):
    pass


def sale_price_factor(*, supplier: Supplier, currency: str) -> Decimal:
    return exchange_rate(currency) * (1 + supplier.markup_percent / 100)


def sale_price(*, supplier: Supplier, purchase_price: Decimal, currency: str) -> Decimal:
    factor = sale_price_factor(supplier=supplier, currency=currency)
    return (purchase_price * factor).quantize(CENT, rounding=ROUND_HALF_UP)


class SalePricer:
    """The retail sale price of a supplier's offers, for pricing many rows at once.

    Everything it needs is read when it is made, so `price` runs no query: a price-list
    import prices millions of rows with one pricer. Equal to `sale_price` to the cent.
    """

    def __init__(self, supplier: Supplier) -> None:
        self.supplier = supplier
        self._factors: dict[str, Decimal] = {}

    def _factor(self, currency: str) -> Decimal:
        factor = self._factors.get(currency)
        if factor is None:
            factor = self._factors[currency] = sale_price_factor(
                supplier=self.supplier, currency=currency
            )
        return factor

    def price(self, purchase_price: Decimal, currency: str, brand_id: int | None = None) -> Decimal:
        return (purchase_price * self._factor(currency)).quantize(CENT, rounding=ROUND_HALF_UP)


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
        price=sale_price(supplier=supplier, purchase_price=purchase_price, currency=currency),
        quantity=quantity,
        quantity_is_lower_bound=quantity_is_lower_bound,
        delivery_days_min=delivery_days_min,
        delivery_days_max=delivery_days_max,
        pack_multiple=pack_multiple,
        returnable=returnable,
    )


REPRICE_BATCH = 5000


@transaction.atomic
def supplier_reprice_offers(*, supplier: Supplier) -> int:
    """Recompute the sale price of every offer of the supplier; returns how many changed.

    The result equals `sale_price` to the cent. PostgreSQL computes it in one UPDATE per
    currency (numeric arithmetic is exact and rounds half up, as `sale_price` does); SQLite
    stores decimals as floating point, so there the prices are computed in Python in batches.
    """
    changed = 0
    currencies = supplier.offers.values_list("currency", flat=True).distinct().order_by()
    for currency in list(currencies):
        factor = sale_price_factor(supplier=supplier, currency=currency)
        offers = Offer.objects.filter(supplier=supplier, currency=currency)
        if connection.vendor == "postgresql":
            exact = Value(factor, output_field=DecimalField(max_digits=30, decimal_places=12))
            new_price = Round(F("purchase_price") * exact, 2)
            changed += offers.exclude(price=new_price).update(price=new_price)
            continue
        batch: list[Offer] = []
        for offer_id, purchase_price, price in offers.values_list(
            "id", "purchase_price", "price"
        ).iterator(chunk_size=REPRICE_BATCH):
            new = (purchase_price * factor).quantize(CENT, rounding=ROUND_HALF_UP)
            if new != price:
                batch.append(Offer(id=offer_id, price=new))
            if len(batch) >= REPRICE_BATCH:
                changed += Offer.objects.bulk_update(batch, ["price"])
                batch = []
        changed += Offer.objects.bulk_update(batch, ["price"]) if batch else 0
    return changed
