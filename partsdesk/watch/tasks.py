from celery import shared_task

from .services import price_changes_notify, watched_prices_check


@shared_task(name="watch.check_prices")
def check_prices() -> int:
    """Compare the watched parts' best prices with their history (after an import)."""
    return watched_prices_check()


@shared_task(name="watch.notify_price_changes", autoretry_for=(OSError,), retry_backoff=True)
def notify_price_changes(point_ids: list[int]) -> int:
    """Tell the watchers about these price points (each point is told about once)."""
    return price_changes_notify(point_ids=point_ids)
