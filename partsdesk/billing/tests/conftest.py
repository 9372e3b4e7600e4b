"""Ledger fixtures: the bank account, an individual and a legal entity (a credit limit of
50 000 minor units) with their accounts open, staff who may correct balances."""

import pytest

from partsdesk.billing import services

from . import factories


@pytest.fixture
def bank(db):
    return services.shop_account("bank")


@pytest.fixture
def ledger_customer(db):
    return factories.individual()


@pytest.fixture
def ledger_company(db):
    return factories.legal_entity(limit=50_000)


@pytest.fixture
def corrector(db):
    return factories.corrector()
