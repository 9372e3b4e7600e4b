"""The customer's promotions page, `/account/promotions/` (names in `promotions:`)."""

from django.urls import path

from . import views

app_name = "promotions"

urlpatterns = [
    path("account/promotions/", views.account_promotions, name="account"),
]
