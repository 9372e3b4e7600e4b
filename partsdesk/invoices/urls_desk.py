"""Staff pages under `/desk/invoices/` (names in `desk:invoices:`)."""

from django.urls import path

from . import views_desk

app_name = "invoices"

urlpatterns = [
    path("", views_desk.home, name="home"),
    path("requisites/", views_desk.requisites, name="requisites"),
    path("statements/", views_desk.statements, name="statements"),
    path("unmatched/", views_desk.unmatched, name="unmatched"),
    path("payments/<int:payment_id>/assign/", views_desk.payment_assign, name="assign"),
    path("payments/<int:payment_id>/ignore/", views_desk.payment_ignore, name="ignore"),
    path("cash/", views_desk.cash, name="cash"),
    path("all/", views_desk.invoices, name="invoices"),
    path("all/<str:number>/cancel/", views_desk.invoice_cancel, name="cancel"),
]
