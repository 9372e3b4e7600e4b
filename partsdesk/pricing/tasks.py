from celery import shared_task

from .models import Supplier
from .services import supplier_reprice_offers


@shared_task(name="pricing.reprice_supplier_offers")
def reprice_supplier_offers(supplier_id: int) -> int:
    """Recompute the sale prices of a supplier's offers after its markup or a rate changed."""
    supplier = Supplier.objects.get(pk=supplier_id)
    return supplier_reprice_offers(supplier=supplier)


def reprice_offers_in(currency: str) -> None:
    """Queue a repricing for every supplier holding offers in `currency`."""
    supplier_ids = (
        Supplier.objects.filter(offers__currency=currency).values_list("id", flat=True).distinct()
    )
    for supplier_id in supplier_ids:
        reprice_supplier_offers.delay(supplier_id)
