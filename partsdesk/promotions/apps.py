from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "partsdesk.promotions"
    verbose_name = _("Promotions")
