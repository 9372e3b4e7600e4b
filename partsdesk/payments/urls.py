"""The customer's payments and withdrawals, under `/account/payments/` (names in `payments:`)."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.payments, name="payments"),
    path("top-up/", views.top_up, name="top_up"),
    path("<int:payment_id>/", views.payment, name="payment"),
    path("order/<str:number>/", views.order_pay, name="order_pay"),
    path("withdrawals/", views.withdrawals, name="withdrawals"),
]
