"""The demo's payments: Ivan (the demo individual customer) has topped up 5 000 ₽ by card
through the sandbox, and a 1 500 ₽ top-up waits on the sandbox's page (open it from his
Payments page and approve or decline it).

Needs the demo accounts (load_demo_accounts); without Ivan it does nothing. A second run
changes nothing (the payments carry fixed idempotency keys).
"""

from django.utils import timezone

from partsdesk.accounts.models import Customer

from .models import SandboxPayment
from .services import payment_refresh, top_up_start
from .statuses import PaymentStatus

IVAN = "ivan@example.com"
SUCCEEDED_KEY = "demo:top-up:succeeded"
PENDING_KEY = "demo:top-up:pending"


def load_demo() -> dict:
    ivan = Customer.objects.filter(user__email=IVAN).first()
    if ivan is None:
        return {"payments": 0}
    paid = top_up_start(customer=ivan, amount=500_000, idempotency_key=SUCCEEDED_KEY)
    if paid.status == PaymentStatus.PENDING:
        # The payer approved on the sandbox's page; no webhook is sent while loading (no
        # server runs), the shop asks the sandbox instead, as its return page does.
        SandboxPayment.objects.filter(
            token=paid.provider_payment_id, status=PaymentStatus.PENDING
        ).update(status=PaymentStatus.SUCCEEDED, decided_at=timezone.now())
        payment_refresh(paid)
    top_up_start(customer=ivan, amount=150_000, idempotency_key=PENDING_KEY)
    return {"payments": ivan.payments.count()}
