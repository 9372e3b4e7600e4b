from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, **kwargs):
    from .services import roles_ensure

    roles_ensure()


class AccountsConfig(AppConfig):
    name = "partsdesk.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Permissions are created app by app after migrate; the roles follow each of them
        # (idempotent), so a role gets an app's permissions whichever app migrates last.
        post_migrate.connect(_ensure_roles, dispatch_uid="partsdesk.accounts.roles")
