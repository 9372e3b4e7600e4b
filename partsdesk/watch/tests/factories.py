import factory

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.watch.models import PricePoint, WatchedPart


class WatchedPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WatchedPart

    customer = factory.SubFactory(CustomerFactory)
    part = factory.SubFactory(PartFactory)


class PricePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PricePoint

    part = factory.SubFactory(PartFactory)
