from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "partsdesk.orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        # The sign-in hook that merges a visitor's session cart into the account's cart.
        from . import signals  # noqa: F401
