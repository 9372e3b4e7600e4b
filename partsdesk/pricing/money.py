"""Money amounts are Decimal, rounded to the cent half up (the shop's currency has cents)."""

from decimal import Decimal

CENT = Decimal("0.01")
