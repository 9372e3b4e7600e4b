from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "partsdesk.api"
    verbose_name = "API"
