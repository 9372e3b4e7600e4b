from django.urls import path

from . import views

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("search/<slug:brand>/<str:number>/", views.offers, name="offers"),
    path("parts/<int:part_id>/", views.part_detail, name="part"),
    path("prices/vat/", views.prices_vat, name="prices_vat"),
]
