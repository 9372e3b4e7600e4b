"""Price groups and personal discounts: what one customer pays, and who set it."""

from decimal import Decimal

import pytest

from partsdesk.accounts.models import AuditEntry, Customer, CustomerKind
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.pricing import services
from partsdesk.pricing.models import CurrencyRounding, PriceGroup, RoundingMode
from partsdesk.pricing.selectors import price_for_customer, price_view
from partsdesk.pricing.services import PricingError
from partsdesk.pricing.tests.factories import PriceGroupFactory

pytestmark = pytest.mark.django_db

D = Decimal


def test_anonymous_and_retail_customers_pay_retail(django_assert_num_queries):
    customer = CustomerFactory()
    with django_assert_num_queries(0):
        assert price_for_customer(None, D("1234.56")) == D("1234.56")
        assert price_for_customer(customer, D("1234.56")) == D("1234.56")


def test_the_group_and_the_personal_discount_come_off_retail():
    group = PriceGroupFactory(name="Опт 1", discount_percent=D("10"))
    customer = CustomerFactory(price_group=group, personal_discount_percent=D("5"))
    # 1000 × 0.9 × 0.95
    assert price_for_customer(customer, D("1000.00")) == D("855.00")
    assert price_view(customer).terms.discount_percent == D("14.50")


def test_a_discounted_price_is_rounded_as_the_currency_and_keeps_the_order(
    django_assert_max_num_queries,
):
    CurrencyRounding.objects.create(currency="RUB", step=D("1"), mode=RoundingMode.NEAREST)
    group = PriceGroupFactory(discount_percent=D("7"))
    customer = Customer.objects.select_related("price_group").get(
        pk=CustomerFactory(price_group=group).pk
    )
    retail = [D(p) for p in ("99.00", "100.00", "101.00", "1999.00", "2000.00")]
    # the rounding is read once; every further price runs no query
    with django_assert_max_num_queries(1):
        prices = [price_for_customer(customer, price) for price in retail]
    assert prices == [D("92"), D("93"), D("94"), D("1859"), D("1860")]
    assert prices == sorted(prices)


def test_legal_entities_may_see_prices_without_vat_and_individuals_may_not():
    company = CustomerFactory(kind=CustomerKind.LEGAL_ENTITY)
    person = CustomerFactory()
    net = price_view(company, exclude_vat=True)
    assert net.vat_excluded and net(D("1220.00")) == D("1000.00")
    assert net.retail(D("122.00")) == D("100.00")
    gross = price_view(person, exclude_vat=True)
    assert not gross.vat_excluded and gross(D("1220.00")) == D("1220.00")


def test_setting_a_customers_prices_is_audited():
    # given
    actor = ManagerFactory()
    wholesale = PriceGroupFactory(name="Опт 2", discount_percent=D("10"))
    customer = CustomerFactory()

    # when
    services.customer_price_terms_set(
        customer=customer, price_group=wholesale, personal_discount_percent=D("3"), actor=actor
    )

    # then
    customer.refresh_from_db()
    assert (customer.price_group, customer.personal_discount_percent) == (wholesale, D("3.00"))
    entry = AuditEntry.objects.get(customer=customer)
    assert entry.actor == actor
    assert entry.action == "price_terms_changed"
    assert entry.details["price_group"] == "Опт 2"
    assert entry.details["previous_price_group"] == "retail"
    assert entry.details["personal_discount"] == "3 %"


@pytest.mark.parametrize("discount", [D("-1"), D("90.01"), None])
def test_a_bad_personal_discount_is_refused_and_changes_nothing(discount):
    customer = CustomerFactory()
    with pytest.raises(PricingError):
        services.customer_price_terms_set(
            customer=customer,
            price_group=None,
            personal_discount_percent=discount,
            actor=ManagerFactory(),
        )
    customer.refresh_from_db()
    assert customer.personal_discount_percent == 0
    assert not AuditEntry.objects.exists()


def test_the_same_prices_again_are_refused_without_an_audit_entry():
    customer = CustomerFactory()
    with pytest.raises(PricingError, match="already"):
        services.customer_price_terms_set(
            customer=customer, price_group=None, personal_discount_percent=D("0"), actor=None
        )
    assert not AuditEntry.objects.exists()


def test_a_group_with_customers_cannot_be_deleted():
    group = PriceGroupFactory()
    CustomerFactory(price_group=group)
    with pytest.raises(PricingError, match="1 customers"):
        services.price_group_delete(group=group)
    assert PriceGroup.objects.filter(pk=group.pk).exists()


@pytest.mark.parametrize(
    ("name", "discount", "field"),
    [("", D("5"), "name"), ("Опт", D("95"), "discount_percent"), ("опт", D("5"), "name")],
)
def test_a_bad_price_group_is_refused(name, discount, field):
    PriceGroupFactory(name="Опт")
    with pytest.raises(PricingError) as error:
        services.price_group_save(name=name, discount_percent=discount)
    assert field in error.value.errors
    assert PriceGroup.objects.count() == 1
