from django.urls import include, path

from . import views, views_imports, views_orders, views_pricing, views_shop

app_name = "desk"

urlpatterns = [
    path("", views.home, name="home"),
    path("customers/<int:customer_id>/", views.customer_detail, name="customer"),
    path(
        "customers/<int:customer_id>/manager/",
        views.customer_reassign,
        name="customer_reassign",
    ),
    path("customers/<int:customer_id>/block/", views.customer_block, name="customer_block"),
    path("customers/<int:customer_id>/unblock/", views.customer_unblock, name="customer_unblock"),
    path("orders/", include(views_orders.urlpatterns)),
    path("shop/", include(views_shop.urlpatterns)),
    path("imports/", include(views_imports.urlpatterns)),
    path("pricing/", include(views_pricing.urlpatterns)),
    path("promotions/", include("partsdesk.promotions.urls_desk")),
    path("billing/", include("partsdesk.billing.views_desk")),
    path("invoices/", include("partsdesk.invoices.urls_desk")),
    path("payments/", include("partsdesk.payments.urls_desk")),
]
