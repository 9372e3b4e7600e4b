"""Payments and withdrawals in the desk, included under `/desk/payments/` (names in `desk:`)."""

from django.urls import path

from . import views_desk

urlpatterns = [
    path("", views_desk.payments, name="payments"),
    path("withdrawals/", views_desk.withdrawals, name="payments_withdrawals"),
    path(
        "withdrawals/<int:withdrawal_id>/approve/",
        views_desk.withdrawal_approve,
        name="payments_withdrawal_approve",
    ),
    path(
        "withdrawals/<int:withdrawal_id>/decline/",
        views_desk.withdrawal_decline,
        name="payments_withdrawal_decline",
    ),
]
