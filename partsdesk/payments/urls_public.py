"""Outside the customer's session: providers' webhooks and the sandbox's own payment page
(names in `pay:`)."""

from django.urls import path

from . import views_public

app_name = "pay"

urlpatterns = [
    path("payments/webhooks/<str:provider>/", views_public.webhook, name="webhook"),
    path("pay/sandbox/<str:token>/", views_public.sandbox_page, name="sandbox"),
]
