from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "partsdesk.watch"
    verbose_name = _("Price watch")
