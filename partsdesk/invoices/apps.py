from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partsdesk.invoices"
    verbose_name = _("Invoices, bank statements and cash")
