import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .models import ExchangeRate


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


def price_for_customer(customer, retail_price: Decimal) -> Decimal:
    """The price `customer` pays for an offer whose retail price is `retail_price`.

    Anonymous visitors (`customer` None) pay retail. Everything that shows or charges a
    price to a customer goes through here, so price groups change it in one place.
    """
    return retail_price
