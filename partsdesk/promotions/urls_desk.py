"""The desk's promotions pages, under `/desk/promotions/` (names in `desk:`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.desk_promotions, name="promotions"),
    path("codes/new/", views.desk_code_edit, name="promo_code_add"),
    path("codes/<int:code_id>/", views.desk_code_edit, name="promo_code_edit"),
    path("codes/<int:code_id>/deactivate/", views.desk_code_deactivate, name="promo_code_off"),
    path("new/", views.desk_promotion_edit, name="promotion_add"),
    path("<int:promotion_id>/", views.desk_promotion_edit, name="promotion_edit"),
    path("<int:promotion_id>/deactivate/", views.desk_promotion_deactivate, name="promotion_off"),
]
