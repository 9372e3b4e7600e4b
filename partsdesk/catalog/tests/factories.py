import factory

from partsdesk.catalog.models import Brand, CrossReference, Part
from partsdesk.catalog.numbers import brand_key
from partsdesk.catalog.services import brand_alias_add


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"BRAND{n}")
    slug = factory.LazyAttribute(lambda o: brand_key(o.name).lower())
    country = "DE"

    @factory.post_generation
    def canonical_alias(brand, create, extracted, **kwargs):
        if create:
            brand_alias_add(brand=brand, spelling=brand.name)


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    brand = factory.SubFactory(BrandFactory)
    number = factory.Sequence(lambda n: f"PN-{n:05d}")
    name = "Фильтр масляный"
    description = "Oil filter"


class CrossReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrossReference

    part = factory.SubFactory(PartFactory)
    analog = factory.SubFactory(PartFactory)
    kind = "analog"
    source = "catalog"
