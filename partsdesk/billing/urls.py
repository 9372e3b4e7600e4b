"""The customer's balance, under `/account/balance/` (names in `billing:`)."""

from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.balance, name="balance"),
    path("operations/", views.operations, name="operations"),
    path("statement/", views.statement, name="statement"),
    path("statement.csv", views.statement_csv, name="statement_csv"),
    path("statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("act.pdf", views.act_pdf, name="act_pdf"),
]
