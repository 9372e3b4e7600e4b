"""Ledger test data: customers with their accounts opened, credit terms, a staff member who
may correct balances."""

import factory
from django.contrib.auth.models import Permission

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.tests.factories import CustomerFactory, UserFactory
from partsdesk.billing import services
from partsdesk.billing.models import CreditTerms


class CreditTermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditTerms

    customer = factory.SubFactory(
        CustomerFactory, kind=CustomerKind.LEGAL_ENTITY, company_name="ООО Ромашка"
    )
    limit = 50_000
    deferral_days = 14


def individual():
    """An individual customer with both ledger accounts open."""
    customer = CustomerFactory()
    services.customer_accounts(customer)
    return customer


def legal_entity(*, limit: int = 50_000, deferral_days: int = 14):
    """A legal entity with a credit limit (minor units) and both ledger accounts open."""
    customer = CreditTermsFactory(limit=limit, deferral_days=deferral_days).customer
    services.customer_accounts(customer)
    return customer


def corrector():
    """Staff that holds billing.correct_balance."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="billing", codename="correct_balance")
    )
    return user


def floor_of(customer) -> int:
    """The lowest the customer's available balance may go (the ledger's own rule)."""
    return -services.credit_limit_of(customer)
