"""The personal account's sections, included into `accounts.urls` (names in `accounts:`)."""

from django.urls import path

from . import views_account as views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/email/", views.email_change, name="email_change"),
    path(
        "profile/email/confirm/<str:token>/",
        views.email_change_confirm,
        name="email_change_confirm",
    ),
    path("profile/phone/", views.phone_change, name="phone_change"),
    path("addresses/", views.addresses, name="addresses"),
    path("addresses/new/", views.address_add, name="address_add"),
    path("addresses/<int:pk>/", views.address_edit, name="address_edit"),
    path("addresses/<int:pk>/delete/", views.address_delete, name="address_delete"),
    path("addresses/<int:pk>/default/", views.address_default, name="address_default"),
    path("notifications/", views.notifications, name="notifications"),
    path("security/", views.security, name="security"),
    path("security/password/", views.password_change, name="password_change"),
    path(
        "security/sessions/sign-out-others/",
        views.sessions_sign_out_others,
        name="sessions_sign_out_others",
    ),
    path("security/devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path("data/", views.personal_data, name="personal_data"),
    path("data/export/", views.personal_data_export, name="personal_data_export"),
    path("data/delete/", views.account_delete, name="account_delete"),
    path("data/deleted/", views.account_deleted, name="account_deleted"),
]
