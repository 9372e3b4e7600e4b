from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "partsdesk.imports"
    verbose_name = _("Price-list imports")
