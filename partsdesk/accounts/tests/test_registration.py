import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from partsdesk.accounts.models import AuditEntry, Customer, CustomerKind, User
from partsdesk.accounts.services import (
    AccountError,
    Registration,
    account_activate,
    activation_token,
    customer_register,
    manager_for_new_customer,
)
from partsdesk.accounts.tests.factories import (
    PASSWORD,
    CustomerFactory,
    ManagerFactory,
    PublicOfferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def individual(**overrides) -> Registration:
    fields = {
        "kind": CustomerKind.INDIVIDUAL,
        "full_name": "Иван Петров",
        "email": "Ivan@Example.com",
        "phone": "8 (916) 555-12-34",
        "password": PASSWORD,
        "offer_version": None,
        "language": "ru",
    }
    return Registration(**{**fields, **overrides})


def company(**overrides) -> Registration:
    fields = {
        "kind": CustomerKind.LEGAL_ENTITY,
        "full_name": "Анна Смирнова",
        "company_name": "ООО «Ромашка»",
        "inn": "7707083893",
        "kpp": "773601001",
        "legal_address": "Москва, ул. Вавилова, 19",
    }
    return individual(**{**fields, **overrides})


@pytest.mark.argon2
def test_individual_registers_with_normalized_contacts_and_gets_the_activation_link(
    django_capture_on_commit_callbacks,
):
    # given
    offer = PublicOfferFactory()
    manager = ManagerFactory()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        customer = customer_register(individual(offer_version=offer.version))

    # then
    user = customer.user
    assert (user.email, user.phone, user.username) == ("ivan@example.com", "+79165551234", "ivan")
    assert user.email_verified_at is None
    assert customer.manager == manager
    assert customer.offer == offer and customer.offer_accepted_at is not None
    assert user.check_password(PASSWORD)
    assert user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ivan@example.com"]
    assert re.search(r"/account/activate/[^/\s]+/", mail.outbox[0].body)
    assert "Подтвердите" in mail.outbox[0].subject  # the customer's language


def test_legal_entity_registers_with_checked_inn_and_kpp():
    customer = customer_register(company())
    assert (customer.kind, customer.inn, customer.kpp) == (
        CustomerKind.LEGAL_ENTITY,
        "7707083893",
        "773601001",
    )
    assert customer.display_name == "ООО «Ромашка»"


def test_sole_proprietor_has_a_12_digit_inn_and_no_kpp():
    customer = customer_register(company(inn="500100732259", kpp=""))
    assert (customer.inn, customer.kpp) == ("500100732259", "")


@pytest.mark.parametrize(
    ("registration", "field"),
    [
        (company(inn="7707083894"), "inn"),  # wrong checksum
        (company(inn="77070838"), "inn"),
        (company(kpp="12"), "kpp"),
        (company(company_name=""), "company_name"),
        (individual(phone="12"), "phone"),
        (individual(email="not-an-email"), "email"),
        (individual(password="short"), "password"),
        (individual(password="password1234"), "password"),  # a common password
        (individual(full_name="  "), "full_name"),
        (individual(kind="alien"), "kind"),
    ],
)
def test_bad_registration_is_refused_and_changes_nothing(registration, field):
    with pytest.raises(AccountError) as refused:
        customer_register(registration)
    assert field in refused.value.errors
    assert not User.objects.exists()


def test_a_long_passphrase_of_64_characters_is_accepted():
    customer = customer_register(
        individual(password="x" * 30 + " a long phrase of many words " + "y" * 6)
    )
    assert customer.pk


def test_the_current_offer_must_be_the_one_accepted():
    PublicOfferFactory(version=1)
    PublicOfferFactory(version=2)
    with pytest.raises(AccountError) as refused:
        customer_register(individual(offer_version=1))
    assert "offer_version" in refused.value.errors


def test_a_taken_email_gets_a_notice_and_no_second_account(django_capture_on_commit_callbacks):
    existing = UserFactory(email="ivan@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert customer_register(individual(email="IVAN@example.com ")) is None
    assert User.objects.count() == 1
    assert mail.outbox[0].to == ["ivan@example.com"]
    assert (
        existing.username in mail.outbox[0].body
        or "already" in mail.outbox[0].body.lower()
        or "уже" in mail.outbox[0].body
    )


def test_manager_with_fewest_active_customers_is_assigned_ties_in_turn():
    busy, idle_a, idle_b = ManagerFactory(), ManagerFactory(), ManagerFactory()
    CustomerFactory(manager=busy)
    CustomerFactory(manager=busy)
    CustomerFactory(manager=idle_a, blocked_at="2026-01-01T00:00Z")  # not active: does not count
    ManagerFactory(is_active=False)
    picks = [manager_for_new_customer() for _ in range(4)]
    assert picks[:2] == [idle_a, idle_b]
    assert set(picks[2:]) == {idle_a, idle_b}


def test_a_manager_who_takes_no_new_customers_is_skipped():
    full = ManagerFactory()
    full.manager_profile.accepts_customers = False
    full.manager_profile.save()
    open_one = ManagerFactory()
    CustomerFactory(manager=open_one)
    assert manager_for_new_customer() == open_one


def test_activation_link_works_once():
    customer = customer_register(individual())
    token = activation_token(customer.user)
    assert account_activate(token).email_verified_at is not None
    with pytest.raises(AccountError) as used:
        account_activate(token)
    assert used.value.code == "activation_used"


def test_activation_link_expires_after_24_hours(time_machine_24h):
    customer = customer_register(individual())
    token = activation_token(customer.user)
    time_machine_24h()
    with pytest.raises(AccountError) as expired:
        account_activate(token)
    assert expired.value.code == "activation_expired"


def test_a_forged_activation_link_is_refused():
    customer = customer_register(individual())
    forged = signing.dumps({"u": customer.user.pk, "e": customer.user.email}, salt="other")
    with pytest.raises(AccountError) as bad:
        account_activate(forged)
    assert bad.value.code == "activation_invalid"


def test_registration_page_answers_the_same_for_a_taken_email(client):
    UserFactory(email="ivan@example.com", phone="+79990000000")
    form = {
        "kind": "individual",
        "full_name": "Иван",
        "email": "ivan@example.com",
        "phone": "+7 916 555 12 34",
        "password": PASSWORD,
        "accept_offer": "on",
    }
    taken = client.post(reverse("accounts:register"), form)
    fresh = client.post(reverse("accounts:register"), {**form, "email": "new@example.com"})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == reverse("accounts:registered")
    assert Customer.objects.count() == 1
    assert not AuditEntry.objects.exists()
