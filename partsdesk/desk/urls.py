from django.urls import path

from . import views

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
]
