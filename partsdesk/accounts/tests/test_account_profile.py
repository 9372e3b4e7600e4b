import re

import pytest
from django.core import mail
from django.urls import reverse

from partsdesk.accounts.models import AuditEntry, CustomerKind, User
from partsdesk.accounts.services import (
    AccountError,
    email_change_confirm,
    email_change_request,
    email_change_token,
    phone_change,
    profile_update,
)
from partsdesk.accounts.tests.factories import (
    PASSWORD,
    CustomerFactory,
    ManagerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer():
    return CustomerFactory(
        user=UserFactory(
            username="ivan", email="ivan@example.com", phone="+79161234567", language="en"
        ),
        full_name="Иван Петров",
    )


@pytest.fixture
def company():
    return CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Анна Смирнова",
        company_name="ООО «Ромашка»",
        inn="7707083893",
        kpp="773601001",
        legal_address="Москва, ул. Вавилова, 19",
    )


def link_token(body: str) -> str:
    return re.search(r"/account/profile/email/confirm/([^/\s]+)/", body).group(1)


def test_every_account_page_needs_a_sign_in(client):
    for name in [
        "accounts:profile",
        "accounts:email_change",
        "accounts:phone_change",
        "accounts:addresses",
        "accounts:address_add",
        "accounts:notifications",
        "accounts:security",
        "accounts:personal_data",
        "accounts:personal_data_export",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_staff_are_sent_to_the_desk(client):
    client.force_login(ManagerFactory())
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:home")


def test_profile_page_changes_name_and_language(client, customer):
    # given
    client.force_login(customer.user)

    # when
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Иван Сидоров", "language": "ru"}
    )

    # then
    assert response.status_code == 302
    customer.refresh_from_db()
    customer.user.refresh_from_db()
    assert customer.full_name == "Иван Сидоров"
    assert (customer.user.first_name, customer.user.language) == ("Иван Сидоров", "ru")
    assert response.cookies["django_language"].value == "ru"
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "ivan@example.com" in page and "+79161234567" in page


def test_an_individual_sees_no_company_fields(client, customer):
    client.force_login(customer.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="inn"' not in page
    assert 'name="full_name"' in page


def test_legal_entity_changes_company_details_with_checked_inn_and_kpp(company):
    profile_update(
        customer=company,
        full_name="Анна Смирнова",
        language="ru",
        company_name="ООО «Лютик»",
        inn="500100732259",
        kpp="773601001",
        legal_address="Москва, ул. Лесная, 1",
    )
    company.refresh_from_db()
    # a 12-digit INN is a sole proprietor's: no KPP
    assert (company.company_name, company.inn, company.kpp) == ("ООО «Лютик»", "500100732259", "")


@pytest.mark.parametrize(
    ("field", "value"),
    [("inn", "7707083894"), ("kpp", "12"), ("company_name", " "), ("legal_address", "")],
)
def test_bad_company_details_are_refused_and_change_nothing(client, company, field, value):
    # given
    client.force_login(company.user)
    form = {
        "full_name": "Новое имя",
        "language": "ru",
        "company_name": "ООО «Лютик»",
        "inn": "7707083893",
        "kpp": "773601001",
        "legal_address": "Москва",
        field: value,
    }

    # when
    response = client.post(reverse("accounts:profile"), form)

    # then
    assert response.status_code == 200
    assert field in response.context["form"].errors
    company.refresh_from_db()
    assert (company.full_name, company.company_name, company.inn) == (
        "Анна Смирнова",
        "ООО «Ромашка»",
        "7707083893",
    )


def test_email_change_sends_a_link_to_the_new_address_and_applies_it_once(
    client, customer, django_capture_on_commit_callbacks
):
    # given
    client.force_login(customer.user)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:email_change"),
            {"new_email": "Ivan.New@Example.com", "password": PASSWORD},
        )

    # then the link goes to the new address, and the email is not changed yet
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ivan.new@example.com"]
    assert "Confirm your new email" in mail.outbox[0].subject
    customer.user.refresh_from_db()
    assert customer.user.email == "ivan@example.com"

    # when the link is followed (a GET only asks)
    url = reverse("accounts:email_change_confirm", args=[link_token(mail.outbox[0].body)])
    assert client.get(url).status_code == 200
    customer.user.refresh_from_db()
    assert customer.user.email == "ivan@example.com"
    applied = client.post(url)

    # then
    assert applied.status_code == 302
    customer.user.refresh_from_db()
    assert customer.user.email == "ivan.new@example.com"
    assert not AuditEntry.objects.exists()

    # and the same link does not work again
    again = client.post(url)
    assert again.status_code == 400
    assert again.context["error"].code == "email_link_used"


def test_email_change_mail_is_in_the_users_language(
    customer, monkeypatch, django_capture_on_commit_callbacks
):
    # given
    customer.user.language = "ru"
    customer.user.save()
    queued = []
    monkeypatch.setattr(
        "partsdesk.notifications.services.send_email_task.delay",
        lambda **kwargs: queued.append(kwargs),
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        email_change_request(user=customer.user, password=PASSWORD, new_email="new@example.com")

    # then
    assert [(q["to"], q["template"], q["language"]) for q in queued] == [
        ("new@example.com", "accounts/email_change", "ru")
    ]


def test_email_change_link_is_refused_when_someone_took_the_email_meanwhile(customer):
    token = email_change_token(customer.user, "new@example.com")
    UserFactory(email="new@example.com")
    with pytest.raises(AccountError) as refused:
        email_change_confirm(user=customer.user, token=token)
    assert refused.value.code == "email_taken"
    customer.user.refresh_from_db()
    assert customer.user.email == "ivan@example.com"


def test_an_older_link_stops_working_once_the_email_changed(customer):
    first = email_change_token(customer.user, "first@example.com")
    second = email_change_token(customer.user, "second@example.com")
    email_change_confirm(user=customer.user, token=second)
    with pytest.raises(AccountError) as refused:
        email_change_confirm(user=customer.user, token=first)
    assert refused.value.code == "email_link_invalid"


def test_email_change_link_expires_after_24_hours(customer, time_machine_24h):
    token = email_change_token(customer.user, "new@example.com")
    time_machine_24h()
    with pytest.raises(AccountError) as expired:
        email_change_confirm(user=customer.user, token=token)
    assert expired.value.code == "email_link_expired"


def test_a_link_for_another_account_is_refused(customer):
    other = CustomerFactory()
    token = email_change_token(other.user, "new@example.com")
    with pytest.raises(AccountError) as refused:
        email_change_confirm(user=customer.user, token=token)
    assert refused.value.code == "email_link_invalid"


def test_an_email_of_another_account_gets_the_same_answer_and_no_link(
    client, customer, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.com")
    client.force_login(customer.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:email_change"),
            {"new_email": "taken@example.com", "password": PASSWORD},
        )
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/account/email_change_sent.html"
    assert mail.outbox == []


def test_wrong_password_refuses_an_email_change_and_sends_nothing(
    client, customer, django_capture_on_commit_callbacks
):
    client.force_login(customer.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:email_change"),
            {"new_email": "new@example.com", "password": "not the password"},
        )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert mail.outbox == []


def test_phone_change_normalizes_the_number(client, customer):
    client.force_login(customer.user)
    response = client.post(
        reverse("accounts:phone_change"), {"phone": "8 (926) 555-44-33", "password": PASSWORD}
    )
    assert response.status_code == 302
    customer.user.refresh_from_db()
    assert customer.user.phone == "+79265554433"
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("phone", "password", "code"),
    [
        ("+7 926 555-44-33", "not the password", "wrong_password"),
        ("12", PASSWORD, "invalid_phone"),
        ("+7 999 000-00-00", PASSWORD, "phone_taken"),
    ],
)
def test_bad_phone_change_is_refused_and_changes_nothing(customer, phone, password, code):
    UserFactory(phone="+79990000000")
    with pytest.raises(AccountError) as refused:
        phone_change(user=customer.user, password=password, phone=phone)
    assert refused.value.code == code
    assert User.objects.get(pk=customer.user.pk).phone == "+79161234567"
