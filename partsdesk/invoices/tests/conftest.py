import pytest

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.invoices import services
from partsdesk.invoices.demo import DEMO_REQUISITES
from partsdesk.orders.tests.factories import PickupPointFactory


@pytest.fixture
def requisites(db):
    return services.requisites_save(data=DEMO_REQUISITES, actor=None)


@pytest.fixture
def manager(db):
    return ManagerFactory(username="anna")


@pytest.fixture
def accountant(db):
    """A senior manager: may import statements and match payments."""
    return ManagerFactory(username="pavel", roles=[Role.MANAGER, Role.SENIOR_MANAGER])


@pytest.fixture
def storekeeper(db):
    return ManagerFactory(username="stas", roles=[Role.WAREHOUSE])


@pytest.fixture
def company(manager):
    return CustomerFactory(
        manager=manager,
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Olga Buyer",
        company_name="ООО «Ромашка»",
        inn="7707083893",
        kpp="773601001",
        legal_address="119991, Москва, ул. Вавилова, 19",
        user__language="en",
    )


@pytest.fixture
def other_company(manager):
    return CustomerFactory(
        manager=manager,
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Petr",
        company_name="ООО «Василёк»",
        inn="7736207543",
        user__language="en",
    )


@pytest.fixture
def individual(manager):
    return CustomerFactory(manager=manager, full_name="Ivan", user__language="en")


@pytest.fixture
def point(db):
    return PickupPointFactory(name="Тверская")
