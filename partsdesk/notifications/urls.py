"""The customer's notifications, under `/account/inbox/` (names in `notifications:`).

The notification settings stay at `/account/notifications/` (accounts:notifications).
"""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
]
