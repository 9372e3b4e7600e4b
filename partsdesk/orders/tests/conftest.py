import pytest

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.pricing.tests.factories import OfferFactory

from .factories import PickupPointFactory


@pytest.fixture
def manager(db):
    return ManagerFactory(username="anna", first_name="Anna", last_name="Petrova")


@pytest.fixture
def other_manager(db):
    return ManagerFactory(username="boris", first_name="Boris")


@pytest.fixture
def senior_manager(db):
    return ManagerFactory(username="sergey", roles=[Role.MANAGER, Role.SENIOR_MANAGER])


@pytest.fixture
def storekeeper(db):
    return ManagerFactory(username="stas", roles=[Role.WAREHOUSE])


@pytest.fixture
def customer(manager):
    return CustomerFactory(
        manager=manager, full_name="Ivan Sidorov", user__first_name="Ivan", user__language="en"
    )


@pytest.fixture
def company(manager):
    return CustomerFactory(
        manager=manager,
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Olga Buyer",
        company_name="ООО Ромашка",
        inn="7707083893",
        user__language="en",
    )


@pytest.fixture
def stranger(other_manager):
    """Another manager's customer."""
    return CustomerFactory(manager=other_manager, full_name="Petr", user__language="en")


@pytest.fixture
def pickup_point(db):
    return PickupPointFactory(name="Тверская", address="ул. Тверская, 1")


@pytest.fixture
def offer(db):
    return OfferFactory(quantity=10, delivery_days_min=1, delivery_days_max=3)
