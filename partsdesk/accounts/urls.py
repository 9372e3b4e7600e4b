from django.urls import include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("register/done/", views.registered, name="registered"),
    path("activate/resend/", views.activation_resend, name="activation_resend"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path(
        "password/reset/<str:uidb64>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("offer/", views.offer, name="offer"),
    path("altcha/challenge/", views.altcha_challenge, name="altcha_challenge"),
    path("", include("partsdesk.accounts.urls_account")),
]
