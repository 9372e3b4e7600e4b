import json
import time

import pytest

from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory

from ..providers.sandbox import SIGNATURE_HEADER, sign


@pytest.fixture(autouse=True)
def payments_settings(settings):
    """The sandbox provider; the sandbox's own webhook delivery goes nowhere (port 9 refuses
    at once), so tests decide when the webhook arrives."""
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.SITE_URL = "http://127.0.0.1:9"
    settings.SANDBOX_WEBHOOK_SECRET = "test-sandbox-secret"
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def manager(db):
    return ManagerFactory(username="anna")


@pytest.fixture
def senior(db):
    return ManagerFactory(username="sergey", roles=[Role.MANAGER, Role.SENIOR_MANAGER])


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, full_name="Ivan", user__language="en")


@pytest.fixture
def stranger(manager):
    return CustomerFactory(manager=manager, full_name="Petr", user__language="en")


def signed_post(client, body: dict | bytes, *, timestamp: int | None = None, secret=None):
    """POST a sandbox webhook to the shop, signed (or signed wrong)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    header = sign(raw, timestamp=timestamp, secret=secret)
    return client.post(
        "/payments/webhooks/sandbox/",
        data=raw,
        content_type="application/json",
        headers={SIGNATURE_HEADER.replace("X-", "X-"): header},
    )


def now() -> int:
    return int(time.time())
