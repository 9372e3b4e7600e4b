"""The orders app's background work: emailing supplier orders, escalating overdue reviews
(every few minutes) and rebuilding the suppliers' delivery statistics (daily); the schedule
is CELERY_BEAT_SCHEDULE in settings.

The work itself lives in its own module, imported when a task runs: those modules import
this one to queue tasks."""

from celery import shared_task


@shared_task(
    name="orders.send_supplier_order", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def send_supplier_order_task(supplier_order_id: int, address: str, actor_id: int | None) -> None:
    from .supplier_orders import supplier_order_send_now

    supplier_order_send_now(supplier_order_id, address, actor_id)


@shared_task(name="orders.escalate_overdue_reviews")
def escalate_overdue_reviews_task() -> int:
    """Tell senior managers about orders whose review is overdue; returns how many."""
    from .escalation import escalate_overdue_orders

    return len(escalate_overdue_orders())


@shared_task(name="orders.refresh_supplier_stats")
def refresh_supplier_stats_task() -> int:
    """Rebuild the suppliers' delivery statistics; returns how many rows were written."""
    from .supplier_stats import supplier_stats_refresh

    return supplier_stats_refresh()
