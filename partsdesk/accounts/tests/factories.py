import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from partsdesk.accounts.models import Customer, CustomerKind, ManagerProfile, PublicOffer, User
from partsdesk.accounts.roles import Role

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    phone = factory.Sequence(lambda n: f"+7916{n:07d}")
    first_name = factory.Faker("first_name")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save(update_fields=["password"])


class ManagerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if not create:
            return
        for role in extracted or [Role.MANAGER]:
            user.groups.add(Group.objects.get(name=role))
        ManagerProfile.objects.get_or_create(
            user=user, defaults={"phone": "+7 495 123-45-67", "working_hours": "Пн–Пт 9:00–18:00"}
        )


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    user = factory.SubFactory(UserFactory)
    kind = CustomerKind.INDIVIDUAL
    full_name = factory.LazyAttribute(lambda o: o.user.first_name)


class PublicOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicOffer

    version = factory.Sequence(lambda n: n + 1)
    title = "Договор-оферта"
    text = "Условия продажи товаров дистанционным способом."
    published_at = factory.LazyFunction(timezone.now)
