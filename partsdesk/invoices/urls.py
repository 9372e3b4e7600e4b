"""The customer's invoices, under `/account/invoices/` (names in `invoices:`)."""

from django.urls import path

from . import views

app_name = "invoices"

urlpatterns = [
    path("", views.invoices, name="list"),
    path("<str:number>/pdf/", views.invoice_download, name="pdf"),
    path("orders/<str:order_number>/pdf/", views.order_invoice, name="order_pdf"),
]
