"""The customer's price watch, under `/account/watchlist/` (names in `watch:`)."""

from django.urls import path

from . import views

app_name = "watch"

urlpatterns = [
    path("", views.watchlist, name="watchlist"),
    path("parts/<int:part_id>/watch/", views.watch, name="watch"),
    path("parts/<int:part_id>/unwatch/", views.unwatch, name="unwatch"),
    path("parts/<int:part_id>/target/", views.target, name="target"),
]
