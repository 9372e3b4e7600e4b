"""Reassigning, blocking and unblocking from the desk, end to end, with the audit log."""

from django.test import Client
from django.urls import reverse

from partsdesk.accounts.models import AuditEntry
from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import PASSWORD, ManagerFactory


def page_of(customer) -> str:
    return reverse("desk:customer", kwargs={"customer_id": customer.pk})


def audit_rows(response) -> list[tuple[str, str, str]]:
    return [
        (
            row["actor"],
            str(row["label"]),
            "; ".join(f"{name}: {value}" for name, value in row["details"]),
        )
        for row in response.context["audit_entries"]
    ]


def test_senior_manager_reassigns_and_the_page_shows_the_audit_entry(
    client, senior_manager, customer, other_manager
):
    # given
    client.force_login(senior_manager)

    # when
    response = client.post(
        reverse("desk:customer_reassign", kwargs={"customer_id": customer.pk}),
        {"manager": other_manager.pk},
        follow=True,
    )

    # then
    customer.refresh_from_db()
    assert customer.manager == other_manager
    assert response.redirect_chain == [(page_of(customer), 302)]
    assert "The personal manager is changed." in response.content.decode()
    assert audit_rows(response) == [
        (
            "Sergey",
            "Personal manager changed",
            "previous manager: Anna Petrova; new manager: Boris Ivanov",
        )
    ]


def test_only_active_managers_can_be_chosen(client, senior_manager, customer, manager):
    # given: a deactivated manager and a warehouse worker
    gone = ManagerFactory(first_name="Gone", is_active=False)
    storekeeper = ManagerFactory(first_name="Stock", roles=[Role.WAREHOUSE])
    client.force_login(senior_manager)

    # then: neither is offered
    form = client.get(page_of(customer)).context["reassign_form"]
    choices = set(form.fields["manager"].queryset)
    assert gone not in choices
    assert storekeeper not in choices
    assert manager in choices

    # and: posting them anyway is refused and changes nothing
    for user in (gone, storekeeper):
        response = client.post(
            reverse("desk:customer_reassign", kwargs={"customer_id": customer.pk}),
            {"manager": user.pk},
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    customer.refresh_from_db()
    assert customer.manager == manager
    assert not AuditEntry.objects.exists()


def test_administrator_blocks_and_unblocks_with_reasons_shown_in_the_log(
    client, administrator, customer
):
    # given
    client.force_login(administrator)

    # when: blocked
    blocked = client.post(
        reverse("desk:customer_block", kwargs={"customer_id": customer.pk}),
        {"block-reason": "Chargebacks on three orders"},
        follow=True,
    )

    # then
    customer.refresh_from_db()
    assert customer.is_blocked
    assert customer.blocked_reason == "Chargebacks on three orders"
    html = blocked.content.decode()
    assert "The customer is blocked and signed out everywhere." in html
    assert 'id="unblock-form"' in html
    assert 'id="block-form"' not in html

    # when: unblocked
    unblocked = client.post(
        reverse("desk:customer_unblock", kwargs={"customer_id": customer.pk}),
        {"unblock-reason": "The bank confirmed the payments"},
        follow=True,
    )

    # then: newest first
    customer.refresh_from_db()
    assert not customer.is_blocked
    assert audit_rows(unblocked) == [
        ("Alla", "Unblocked", "reason: The bank confirmed the payments"),
        ("Alla", "Blocked", "reason: Chargebacks on three orders"),
    ]


def test_a_block_needs_a_reason(client, administrator, customer):
    # given
    client.force_login(administrator)

    # when
    response = client.post(
        reverse("desk:customer_block", kwargs={"customer_id": customer.pk}),
        {"block-reason": "   "},
    )

    # then
    assert response.status_code == 400
    assert "Give a reason." in response.content.decode()
    customer.refresh_from_db()
    assert not customer.is_blocked
    assert not AuditEntry.objects.exists()


def test_blocking_twice_changes_nothing_the_second_time(client, administrator, customer):
    # given
    client.force_login(administrator)
    url = reverse("desk:customer_block", kwargs={"customer_id": customer.pk})
    client.post(url, {"block-reason": "First"})

    # when
    response = client.post(url, {"block-reason": "Second"}, follow=True)

    # then
    customer.refresh_from_db()
    assert customer.blocked_reason == "First"
    assert AuditEntry.objects.count() == 1
    assert "The customer is already blocked." in response.content.decode()


def test_unblocking_a_customer_who_is_not_blocked_changes_nothing(client, administrator, customer):
    client.force_login(administrator)
    response = client.post(
        reverse("desk:customer_unblock", kwargs={"customer_id": customer.pk}),
        {"unblock-reason": "Why not"},
        follow=True,
    )
    assert "The customer is not blocked." in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_blocked_customers_other_session_is_signed_out(client, administrator, customer):
    # given: the customer signed in in their own browser
    browser = Client()
    signed_in = browser.post(
        reverse("accounts:login"), {"identifier": "8 916 555-12-34", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert browser.get(reverse("accounts:dashboard")).status_code == 200

    # when: an administrator blocks them
    client.force_login(administrator)
    client.post(
        reverse("desk:customer_block", kwargs={"customer_id": customer.pk}),
        {"block-reason": "Fraud"},
    )

    # then: their browser is anonymous again
    response = browser.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not response.wsgi_request.user.is_authenticated
