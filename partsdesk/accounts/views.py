from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .antibot import antibot_challenge
from .forms import (
    EmailForm,
    NewPasswordForm,
    OfferAcceptForm,
    PasswordResetRequestForm,
    RegistrationForm,
    SignInForm,
    add_account_errors,
)
from .services import AccountError, SignInOutcome


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def register(request):
    offer = selectors.current_offer()
    form = RegistrationForm(
        request.POST or None, initial={"offer_version": offer.version if offer else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_register(form.registration(get_language()))
        except AccountError as error:
            add_account_errors(form, error)
        else:
            return redirect("accounts:registered")
    return render(request, "accounts/register.html", {"form": form, "offer": offer})


def registered(request):
    return render(request, "accounts/registered.html")


def activate(request, token: str):
    try:
        services.account_activate(token)
    except AccountError as error:
        return render(request, "accounts/activation_failed.html", {"error": error}, status=400)
    messages.success(request, _("Your email is confirmed. Sign in to continue."))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def activation_resend(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.activation_resend(form.cleaned_data["email"])
        return render(request, "accounts/activation_sent.html")
    return render(request, "accounts/activation_resend.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        result = services.sign_in(
            identifier=form.cleaned_data["identifier"],
            password=form.cleaned_data["password"],
            ip=services.client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
        )
        if result.ok:
            services.session_start(request, result.user, remember=form.cleaned_data["remember"])
            customer = selectors.customer_of(result.user)
            if customer is not None and selectors.offer_acceptance_due(customer):
                return redirect(f"{reverse('accounts:offer')}?next={_safe_next(request, '')}")
            return redirect(_safe_next(request, reverse(selectors.home_url_name(result.user))))
        outcome = result.outcome
        form.add_error(None, result.message)
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "not_activated": outcome == SignInOutcome.NOT_ACTIVATED,
            "next": _safe_next(request, ""),
        },
    )


@require_POST
def sign_out(request):
    logout(request)
    return redirect("storefront:home")


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uidb64: str, token: str):
    form = NewPasswordForm(request.POST or None)
    user = services.password_reset_user(uidb64, token)
    if user is None:
        response = render(request, "accounts/password_reset_invalid.html", status=400)
    elif request.method == "POST" and form.is_valid():
        try:
            services.password_reset_confirm(
                uidb64=uidb64, token=token, new_password=form.cleaned_data["new_password"]
            )
        except AccountError as error:
            add_account_errors(form, error)
            response = render(request, "accounts/password_reset_confirm.html", {"form": form})
        else:
            messages.success(
                request,
                _("The password is changed and every other session is signed out. Sign in."),
            )
            response = redirect("accounts:login")
    else:
        response = render(request, "accounts/password_reset_confirm.html", {"form": form})
    # The link carries the token: never let it leak to another site in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def offer(request):
    customer = selectors.customer_of(request.user)
    current = selectors.current_offer()
    if customer is None or current is None:
        return redirect("accounts:dashboard")
    form = OfferAcceptForm(request.POST or None, initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_accept(customer=customer, version=form.cleaned_data["version"])
        except AccountError as error:
            add_account_errors(form, error)
        else:
            return redirect(_safe_next(request, reverse("accounts:dashboard")))
    return render(
        request,
        "accounts/offer.html",
        {
            "form": form,
            "offer": current,
            "accepted": customer.offer_id == current.pk,
            "next": _safe_next(request, ""),
        },
    )


def altcha_challenge(request):
    from django.http import JsonResponse

    return JsonResponse(antibot_challenge())


@login_required
def dashboard(request):
    customer = selectors.customer_of(request.user)
    if customer is None:
        return redirect(selectors.home_url_name(request.user))
    return render(request, "accounts/dashboard.html", selectors.dashboard(customer))
