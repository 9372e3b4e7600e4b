"""Background work of the ledger."""

from celery import shared_task

from partsdesk.accounts.models import Customer


@shared_task(name="billing.retry_held_orders")
def retry_held_orders(customer_id: int) -> list[str]:
    """Money arrived for a customer (any top-up, scheduled after it commits): reserve and
    confirm, as the shop, their orders on hold for not enough balance, oldest first.
    Returns the numbers of the orders confirmed."""
    from .order_payments import held_orders_retry

    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        return []
    return held_orders_retry(customer)
