from celery import shared_task

from .models import PriceListImport
from .services import import_run


@shared_task(name="imports.run_import")
def run_import(import_id: int) -> str:
    """Run a queued import in the background; its page follows the progress it saves."""
    price_list_import = PriceListImport.objects.get(pk=import_id)
    return import_run(price_list_import).status


@shared_task(name="imports.fetch_due_lists")
def fetch_due_lists() -> int:
    """Hourly (Celery beat): fetch the suppliers' lists whose hour has come."""
    from .fetching import lists_fetch_due

    return len(lists_fetch_due())
