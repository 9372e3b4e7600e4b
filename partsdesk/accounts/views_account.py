"""The personal account's pages (`/account/…`): profile, addresses, notifications, security,
personal data. Every page is the signed-in customer's own; other people's objects are 404."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partsdesk.notifications.models import Channel
from partsdesk.notifications.selectors import notification_preferences
from partsdesk.notifications.services import notification_preferences_set

from . import selectors, services
from .forms import add_account_errors
from .forms_account import (
    AccountDeleteForm,
    AddressForm,
    EmailChangeForm,
    NotificationPreferencesForm,
    PasswordChangeForm,
    PhoneChangeForm,
    ProfileForm,
)
from .models import CustomerKind
from .services import AccountError


def customer_required(view):
    """Signed in as a customer: the view gets `customer`; staff go to their own home."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        customer = selectors.customer_of(request.user)
        if customer is None:
            return redirect(selectors.home_url_name(request.user))
        return view(request, customer, *args, **kwargs)

    return wrapper


# --- profile ----------------------------------------------------------------------------


@customer_required
@require_http_methods(["GET", "POST"])
def profile(request, customer):
    legal = customer.kind == CustomerKind.LEGAL_ENTITY
    initial = {
        "full_name": customer.full_name,
        "language": customer.user.language,
        "company_name": customer.company_name,
        "inn": customer.inn,
        "kpp": customer.kpp,
        "legal_address": customer.legal_address,
    }
    form = ProfileForm(request.POST or None, initial=initial, legal_entity=legal)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(customer=customer, **form.cleaned_data)
        except AccountError as error:
            add_account_errors(form, error)
        else:
            language = form.cleaned_data["language"]
            with translation.override(language):
                messages.success(request, _("The profile is saved."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
            )
            return response
    return render(
        request,
        "accounts/account/profile.html",
        {"form": form, "customer": customer, "legal_entity": legal},
    )


@customer_required
@require_http_methods(["GET", "POST"])
def email_change(request, customer):
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_change_request(
                user=customer.user,
                password=form.cleaned_data["password"],
                new_email=form.cleaned_data["new_email"],
            )
        except AccountError as error:
            add_account_errors(form, error)
        else:
            return render(
                request,
                "accounts/account/email_change_sent.html",
                {"new_email": form.cleaned_data["new_email"], "hours": services.EMAIL_CHANGE_HOURS},
            )
    return render(
        request, "accounts/account/email_change.html", {"form": form, "customer": customer}
    )


@customer_required
@require_http_methods(["GET", "POST"])
def email_change_confirm(request, customer, token: str):
    # A GET only shows the button: mail scanners that open links change nothing.
    if request.method == "POST":
        try:
            user = services.email_change_confirm(user=customer.user, token=token)
        except AccountError as error:
            response = render(
                request, "accounts/account/email_change_failed.html", {"error": error}, status=400
            )
        else:
            messages.success(request, _("Your email is now %(email)s.") % {"email": user.email})
            response = redirect("accounts:profile")
    else:
        response = render(request, "accounts/account/email_change_confirm.html")
    response["Referrer-Policy"] = "no-referrer"
    return response


@customer_required
@require_http_methods(["GET", "POST"])
def phone_change(request, customer):
    form = PhoneChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phone_change(
                user=customer.user,
                password=form.cleaned_data["password"],
                phone=form.cleaned_data["phone"],
            )
        except AccountError as error:
            add_account_errors(form, error)
        else:
            messages.success(request, _("The phone number is changed."))
            return redirect("accounts:profile")
    return render(
        request, "accounts/account/phone_change.html", {"form": form, "customer": customer}
    )


# --- addresses --------------------------------------------------------------------------


@customer_required
@require_GET
def addresses(request, customer):
    return render(
        request,
        "accounts/account/addresses.html",
        {"addresses": selectors.addresses_of(customer)},
    )


@customer_required
@require_http_methods(["GET", "POST"])
def address_add(request, customer):
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_create(customer=customer, **form.cleaned_data)
        except AccountError as error:
            add_account_errors(form, error)
        else:
            messages.success(request, _("The address is added."))
            return redirect("accounts:addresses")
    return render(request, "accounts/account/address_form.html", {"form": form, "address": None})


@customer_required
@require_http_methods(["GET", "POST"])
def address_edit(request, customer, pk: int):
    address = selectors.address_of(customer, pk)
    initial = {
        name: getattr(address, name)
        for name in (
            "recipient_name",
            "recipient_phone",
            "city",
            "address",
            "postcode",
            "comment",
            "is_default",
        )
    }
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.address_update(address=address, address_line=data.pop("address"), **data)
        except AccountError as error:
            add_account_errors(form, error)
        else:
            messages.success(request, _("The address is saved."))
            return redirect("accounts:addresses")
    return render(request, "accounts/account/address_form.html", {"form": form, "address": address})


@customer_required
@require_http_methods(["GET", "POST"])
def address_delete(request, customer, pk: int):
    address = selectors.address_of(customer, pk)
    if request.method == "POST":
        services.address_delete(address=address)
        messages.success(request, _("The address is deleted."))
        return redirect("accounts:addresses")
    return render(request, "accounts/account/address_delete.html", {"address": address})


@customer_required
@require_POST
def address_default(request, customer, pk: int):
    services.address_make_default(address=selectors.address_of(customer, pk))
    messages.success(request, _("Orders will be delivered to this address by default."))
    return redirect("accounts:addresses")


# --- notifications ----------------------------------------------------------------------


@customer_required
@require_http_methods(["GET", "POST"])
def notifications(request, customer):
    form = NotificationPreferencesForm(
        request.POST or None, matrix=notification_preferences(customer.user)
    )
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(customer.user, form.matrix())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:notifications")
    return render(
        request,
        "accounts/account/notifications.html",
        {"form": form, "rows": form.rows(), "channels": list(Channel)},
    )


# --- security ---------------------------------------------------------------------------


def _security_page(request, customer, password_form, status: int = 200):
    return render(
        request,
        "accounts/account/security.html",
        {
            "password_form": password_form,
            "sessions": selectors.active_sessions(
                customer.user, current_key=request.session.session_key
            ),
            "devices": selectors.api_tokens_of(customer.user),
        },
        status=status,
    )


@customer_required
@require_GET
def security(request, customer):
    return _security_page(request, customer, PasswordChangeForm())


@customer_required
@require_POST
def password_change(request, customer):
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        try:
            services.password_change(
                user=customer.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
                keep_session_key=request.session.session_key,
            )
        except AccountError as error:
            add_account_errors(form, error)
        else:
            update_session_auth_hash(request, customer.user)
            messages.success(
                request,
                _("The password is changed; your other sessions and apps are signed out."),
            )
            return redirect("accounts:security")
    return _security_page(request, customer, form, status=400)


@customer_required
@require_POST
def sessions_sign_out_others(request, customer):
    ended = services.sessions_end(customer.user, keep_session_key=request.session.session_key)
    messages.success(request, _("Other sessions signed out: %(count)d.") % {"count": ended})
    return redirect("accounts:security")


@customer_required
@require_POST
def device_revoke(request, customer, pk: int):
    services.api_token_delete(token=selectors.api_token_of(customer.user, pk))
    messages.success(request, _("The app is signed out."))
    return redirect("accounts:security")


# --- personal data ----------------------------------------------------------------------


@customer_required
@require_GET
def personal_data(request, customer):
    return render(
        request, "accounts/account/personal_data.html", {"delete_form": AccountDeleteForm()}
    )


def export_response(customer) -> HttpResponse:
    response = HttpResponse(selectors.personal_data_zip(customer), content_type="application/zip")
    name = f"personal-data-{customer.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@customer_required
@require_GET
def personal_data_export(request, customer):
    return export_response(customer)


@customer_required
@require_POST
def account_delete(request, customer):
    form = AccountDeleteForm(request.POST)
    if form.is_valid():
        try:
            services.customer_delete_self(customer=customer, password=form.cleaned_data["password"])
        except AccountError as error:
            add_account_errors(form, error)
        else:
            logout(request)
            return redirect("accounts:account_deleted")
    return render(request, "accounts/account/personal_data.html", {"delete_form": form}, status=400)


def account_deleted(request):
    return render(request, "accounts/account/deleted.html")
