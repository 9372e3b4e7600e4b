import json

import pytest
from django.core.management import call_command

from partsdesk.accounts.demo import ADMIN, CUSTOMERS, STAFF
from partsdesk.accounts.models import Customer, User
from partsdesk.accounts.services import sign_in

pytestmark = pytest.mark.django_db


def test_demo_accounts_sign_in_with_the_readme_logins_and_load_once(capsys):
    call_command("load_demo_accounts", "--json")
    first = json.loads(capsys.readouterr().out)
    call_command("load_demo_accounts", "--json")
    second = json.loads(capsys.readouterr().out)

    assert len(first["created"]) == 5 and second["created"] == []
    for login, password, *_ in [*STAFF, ADMIN]:
        assert sign_in(identifier=login, password=password, ip="127.0.0.1").ok
    for registration in CUSTOMERS:
        result = sign_in(
            identifier=registration.email, password=registration.password, ip="127.0.0.1"
        )
        assert result.ok
        assert Customer.objects.get(user=result.user).manager.username in {"olga", "pavel"}
    assert User.objects.get(username="pavel").has_perm("accounts.reassign_manager")
    assert not User.objects.get(username="olga").has_perm("accounts.view_all_customers")
