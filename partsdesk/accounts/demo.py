"""The demo's people: two managers, an administrator, an individual and a company customer.

Their logins are listed in README.md; the passwords are for the demo only.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from partsdesk.watch.demo import load_demo_watch

from .models import Customer, CustomerKind, ManagerProfile, PublicOffer, User
from .roles import Role
from .services import Registration, customer_register, roles_ensure

OFFER_TEXT = """1. Продавец обязуется передать Покупателю автозапчасти, а Покупатель — принять и оплатить их.
2. Заказ считается принятым после подтверждения персональным менеджером.
3. Сроки поставки указаны в рабочих днях и зависят от поставщика.
4. Возврат товара надлежащего качества — в течение 14 дней, если позиция отмечена как возвратная."""

STAFF = [
    # login, password, first, last, email, role, phone, hours
    (
        "olga",
        "demo-manager-olga",
        "Ольга",
        "Кузнецова",
        "olga@partsdesk.local",
        Role.MANAGER,
        "+7 495 120-00-01",
        "Пн–Пт 9:00–18:00",
    ),
    (
        "pavel",
        "demo-senior-pavel",
        "Павел",
        "Смирнов",
        "pavel@partsdesk.local",
        Role.SENIOR_MANAGER,
        "+7 495 120-00-02",
        "Пн–Сб 10:00–19:00",
    ),
]
ADMIN = ("admin", "demo-admin-password", "admin@partsdesk.local")
CUSTOMERS = [
    Registration(
        kind=CustomerKind.INDIVIDUAL,
        full_name="Иван Петров",
        email="ivan@example.com",
        phone="+7 916 555-12-34",
        password="demo-customer-ivan",
        offer_version=1,
        language="ru",
    ),
    Registration(
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Анна Соколова",
        email="buyer@romashka.example",
        phone="+7 495 777-00-11",
        password="demo-company-romashka",
        offer_version=1,
        language="ru",
        company_name="ООО «Ромашка»",
        inn="7707083893",
        kpp="773601001",
        legal_address="119991, Москва, ул. Вавилова, 19",
    ),
]


@transaction.atomic
def load_demo_accounts() -> dict:
    """Create the demo people once; a second run changes nothing."""
    roles_ensure()
    PublicOffer.objects.get_or_create(
        version=1,
        defaults={"title": "Договор-оферта", "text": OFFER_TEXT, "published_at": timezone.now()},
    )
    created = []
    for login, password, first, last, email, role, phone, hours in STAFF:
        if User.objects.filter(username=login).exists():
            continue
        user = User.objects.create_user(
            username=login,
            password=password,
            email=email,
            first_name=first,
            last_name=last,
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=Role.MANAGER))
        if role != Role.MANAGER:
            user.groups.add(Group.objects.get(name=role))
        ManagerProfile.objects.create(user=user, phone=phone, working_hours=hours)
        created.append(login)
    login, password, email = ADMIN
    if not User.objects.filter(username=login).exists():
        admin = User.objects.create_superuser(username=login, password=password, email=email)
        admin.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
        created.append(login)
    for registration in CUSTOMERS:
        if User.objects.filter(email=registration.email).exists():
            continue
        customer = customer_register(registration)
        customer.user.email_verified_at = timezone.now()
        customer.user.save(update_fields=["email_verified_at"])
        created.append(registration.email)
    load_demo_watch()  # the demo customer's watchlist, when the demo catalog is loaded
    return {"created": created, "customers": Customer.objects.count()}
