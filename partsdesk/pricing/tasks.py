from celery import shared_task
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import ExchangeRate, Offer, Supplier
from .services import supplier_reprice_offers


@shared_task(name="pricing.reprice_supplier_offers")
def reprice_supplier_offers(supplier_id: int) -> int:
    """Recompute the sale prices of a supplier's offers after its markup or a rate changed."""
    supplier = Supplier.objects.get(pk=supplier_id)
    return supplier_reprice_offers(supplier=supplier)


def reprice_offers_in(currency: str) -> None:
    """Queue a repricing for every supplier holding offers in `currency`."""
    holds = Offer.objects.filter(supplier=OuterRef("pk"), currency=currency)
    supplier_ids = Supplier.objects.filter(Exists(holds)).values_list("id", flat=True)
    for supplier_id in supplier_ids:
        reprice_supplier_offers.delay(supplier_id)


def reprice_all_offers() -> None:
    """Queue a repricing for every supplier: a shop-wide or a brand's term changed.

    Each supplier is its own task (a worker each, and a failure stays with one supplier);
    offers whose price does not change are not written.
    """
    for supplier_id in Supplier.objects.order_by("pk").values_list("id", flat=True):
        reprice_supplier_offers.delay(supplier_id)


@shared_task(name="pricing.reprice_for_rates_starting_today")
def reprice_for_rates_starting_today() -> list[str]:
    """Reprice the offers in each currency whose rate entered for a later day starts today.

    Run daily just after midnight (Celery beat), since rates are entered ahead of time.
    """
    currencies = sorted(
        set(
            ExchangeRate.objects.filter(valid_from=timezone.localdate()).values_list(
                "currency", flat=True
            )
        )
    )
    for currency in currencies:
        reprice_offers_in(currency)
    return currencies
