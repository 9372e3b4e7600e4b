import pytest

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory


@pytest.fixture
def manager(db):
    return ManagerFactory(username="anna", first_name="Anna", last_name="Petrova")


@pytest.fixture
def other_manager(db):
    return ManagerFactory(username="boris", first_name="Boris", last_name="Ivanov")


@pytest.fixture
def senior_manager(db):
    return ManagerFactory(
        username="senior", first_name="Sergey", roles=[Role.MANAGER, Role.SENIOR_MANAGER]
    )


@pytest.fixture
def administrator(db):
    return ManagerFactory(username="admin", first_name="Alla", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def customer(manager):
    """Anna's customer: a company with a checked INN."""
    return CustomerFactory(
        manager=manager,
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Ivan Sidorov",
        company_name="ООО Ромашка",
        inn="7707083893",
        kpp="773601001",
        legal_address="Москва, ул. Вавилова, 19",
        user__phone="+79165551234",
        user__email="romashka@example.com",
    )
