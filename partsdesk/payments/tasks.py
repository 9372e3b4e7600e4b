import logging

from celery import shared_task
from django.conf import settings

log = logging.getLogger(__name__)


@shared_task(name="payments.deliver_sandbox_webhook", bind=True, max_retries=5)
def deliver_sandbox_webhook(self, token: str) -> int | None:
    """Tell the shop (over HTTP, at settings.SITE_URL) what the sandbox payer decided.
    Unreachable: retried with a broker; in eager mode (the demo) given up quietly, since
    the customer's return page asks the sandbox itself."""
    import requests

    from .providers.sandbox import deliver_webhook

    try:
        status = deliver_webhook(token)
    except requests.RequestException as error:
        log.warning("sandbox webhook for %s not delivered: %s", token, error)
        if self.request.is_eager or settings.CELERY_TASK_ALWAYS_EAGER:
            return None
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error
    if status >= 400:
        log.warning("sandbox webhook for %s answered %s", token, status)
    return status
