"""The personal account for the mobile app (`/api/v1/account/…`): the same services as the
pages. Only customers use it (staff get 403 `not_a_customer`); every object is the caller's
own, another customer's is a 404."""

import datetime

from django.contrib.auth import logout, update_session_auth_hash
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from partsdesk.accounts import selectors, services
from partsdesk.accounts.models import Customer, CustomerKind
from partsdesk.accounts.services import AccountError
from partsdesk.notifications.models import Channel, Event
from partsdesk.notifications.selectors import notification_preferences
from partsdesk.notifications.services import notification_preferences_set

from .auth import check_email
from .errors import ApiError
from .security import customer_of, signed_in

router = Router(tags=["account"], auth=signed_in)


def account_error(error: AccountError, status: int = 400) -> ApiError:
    details = "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.errors.items()
    )
    return ApiError(error.code, f"{error.message} {details}".strip(), status=status)


def the_customer(request) -> Customer:
    customer = customer_of(request)
    if customer is None:
        raise ApiError(
            "not_a_customer", _("The personal account is for customers only."), status=403
        )
    return customer


def session_key(request) -> str | None:
    """The browser session calling, if any (a bearer token has none)."""
    if getattr(request, "api_token", None):
        return None
    return request.session.session_key


# --- schemas ----------------------------------------------------------------------------


class Done(Schema):
    status: str
    message: str


class ManagerOut(Schema):
    name: str
    email: str
    phone: str
    working_hours: str
    photo_url: str


class ProfileOut(Schema):
    kind: CustomerKind
    full_name: str
    display_name: str
    email: str | None
    phone: str | None
    username: str
    language: str
    company_name: str
    inn: str
    kpp: str
    legal_address: str


class AddressOut(Schema):
    id: int
    recipient_name: str
    recipient_phone: str
    city: str
    address: str
    postcode: str
    comment: str
    is_default: bool


class OfferDueOut(Schema):
    version: int
    title: str


class DashboardOut(Schema):
    profile: ProfileOut
    manager: ManagerOut | None
    offer_acceptance_required: bool
    offer_due: OfferDueOut | None
    addresses: list[AddressOut]


class ProfileIn(Schema):
    full_name: str | None = Field(None, max_length=200)
    language: str | None = Field(None, max_length=8)
    company_name: str | None = Field(None, max_length=300)
    inn: str | None = Field(None, max_length=12)
    kpp: str | None = Field(None, max_length=9)
    legal_address: str | None = Field(None, max_length=500)


class EmailChangeIn(Schema):
    password: str = Field(min_length=1, max_length=256)
    new_email: str = Field(min_length=3, max_length=254)


class TokenIn(Schema):
    token: str = Field(min_length=1, max_length=500)


class PhoneChangeIn(Schema):
    password: str = Field(min_length=1, max_length=256)
    phone: str = Field(min_length=3, max_length=32)


class AddressIn(Schema):
    recipient_name: str = Field(max_length=200)
    recipient_phone: str = Field(max_length=32)
    city: str = Field(max_length=100)
    address: str = Field(max_length=500)
    postcode: str = Field("", max_length=12)
    comment: str = Field("", max_length=500)
    is_default: bool = False


class PreferenceOut(Schema):
    event: Event
    event_label: str
    channel: Channel
    channel_label: str
    enabled: bool


class PreferenceIn(Schema):
    event: Event
    channel: Channel
    enabled: bool


class PreferencesIn(Schema):
    preferences: list[PreferenceIn] = Field(
        max_length=len(Event) * len(Channel),
        description="The cells to set; cells not listed keep their current value",
    )


class PasswordChangeIn(Schema):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class PasswordChangedOut(Done):
    token: str | None = Field(
        None, description="A new bearer token for this app: the old one ends with the password"
    )


class SessionOut(Schema):
    id: int
    ip: str | None
    user_agent: str
    created_at: datetime.datetime
    current: bool


class SignedOutOut(Done):
    ended: int


class DeviceOut(Schema):
    id: int
    device: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime
    current: bool


class PasswordIn(Schema):
    password: str = Field(min_length=1, max_length=256)


# --- endpoints --------------------------------------------------------------------------


def profile_out(customer: Customer) -> dict:
    user = customer.user
    return {
        "kind": customer.kind,
        "full_name": customer.full_name,
        "display_name": customer.display_name,
        "email": user.email,
        "phone": user.phone,
        "username": user.username,
        "language": user.language,
        "company_name": customer.company_name,
        "inn": customer.inn,
        "kpp": customer.kpp,
        "legal_address": customer.legal_address,
    }


@router.get("/account", response=DashboardOut, summary="The personal account's front page")
def dashboard(request):
    customer = the_customer(request)
    data = selectors.dashboard(customer)
    offer = data["offer_due"]
    return {
        "profile": profile_out(customer),
        "manager": data["manager"],
        "offer_acceptance_required": offer is not None,
        "offer_due": {"version": offer.version, "title": offer.title} if offer else None,
        "addresses": data["addresses"],
    }


@router.patch("/account/profile", response=ProfileOut, summary="Change the name, language, company")
def profile_update(request, data: ProfileIn):
    customer = the_customer(request)
    current = {
        "full_name": customer.full_name,
        "language": customer.user.language,
        "company_name": customer.company_name,
        "inn": customer.inn,
        "kpp": customer.kpp,
        "legal_address": customer.legal_address,
    }
    changes = {name: value for name, value in data.dict().items() if value is not None}
    try:
        services.profile_update(customer=customer, **{**current, **changes})
    except AccountError as error:
        raise account_error(error, 422) from error
    return profile_out(customer)


@router.post(
    "/account/email",
    response={202: Done},
    summary="Ask to change the email: a link goes to the new address",
)
def email_change(request, data: EmailChangeIn):
    customer = the_customer(request)
    try:
        services.email_change_request(
            user=customer.user, password=data.password, new_email=data.new_email
        )
    except AccountError as error:
        raise account_error(error, 403 if error.code == "wrong_password" else 422) from error
    return Status(202, check_email())


@router.post(
    "/account/email/confirm", response=ProfileOut, summary="Apply a new email from its link"
)
def email_change_confirm(request, data: TokenIn):
    customer = the_customer(request)
    try:
        services.email_change_confirm(user=customer.user, token=data.token)
    except AccountError as error:
        raise account_error(error, 409 if error.code == "email_taken" else 400) from error
    customer.user.refresh_from_db()
    return profile_out(customer)


@router.post("/account/phone", response=ProfileOut, summary="Change the phone number")
def phone_change(request, data: PhoneChangeIn):
    customer = the_customer(request)
    try:
        services.phone_change(user=customer.user, password=data.password, phone=data.phone)
    except AccountError as error:
        status = {"wrong_password": 403, "phone_taken": 409}.get(error.code, 422)
        raise account_error(error, status) from error
    return profile_out(customer)


@router.get("/account/addresses", response=list[AddressOut], summary="Delivery addresses")
def addresses(request):
    return selectors.addresses_of(the_customer(request))


@router.post("/account/addresses", response={201: AddressOut}, summary="Add a delivery address")
def address_add(request, data: AddressIn):
    customer = the_customer(request)
    try:
        address = services.address_create(customer=customer, **data.dict())
    except AccountError as error:
        raise account_error(error, 422) from error
    return Status(201, address)


@router.put("/account/addresses/{address_id}", response=AddressOut, summary="Change an address")
def address_edit(request, address_id: int, data: AddressIn):
    address = selectors.address_of(the_customer(request), address_id)
    fields = data.dict()
    try:
        services.address_update(address=address, address_line=fields.pop("address"), **fields)
    except AccountError as error:
        raise account_error(error, 422) from error
    address.refresh_from_db()
    return address


@router.delete("/account/addresses/{address_id}", response={204: None}, summary="Delete an address")
def address_delete(request, address_id: int):
    services.address_delete(address=selectors.address_of(the_customer(request), address_id))
    return Status(204, None)


def preferences_out(user) -> list[dict]:
    matrix = notification_preferences(user)
    return [
        {
            "event": event,
            "event_label": str(event.label),
            "channel": channel,
            "channel_label": str(channel.label),
            "enabled": matrix[(event.value, channel.value)],
        }
        for event in Event
        for channel in Channel
    ]


@router.get(
    "/account/notifications",
    response=list[PreferenceOut],
    summary="Notification preferences: every event × channel",
)
def notifications(request):
    return preferences_out(the_customer(request).user)


@router.put(
    "/account/notifications", response=list[PreferenceOut], summary="Set notification preferences"
)
def notifications_set(request, data: PreferencesIn):
    user = the_customer(request).user
    notification_preferences_set(
        user, {(cell.event.value, cell.channel.value): cell.enabled for cell in data.preferences}
    )
    return preferences_out(user)


@router.post(
    "/account/password",
    response=PasswordChangedOut,
    summary="Change the password (signs out every other session and app)",
)
def password_change(request, data: PasswordChangeIn):
    customer = the_customer(request)
    user = customer.user
    old_token = getattr(request, "api_token", None)
    device = ""
    if old_token:
        device = next(
            (
                d["device"]
                for d in selectors.api_tokens_of(user, current_key=old_token)
                if d["current"]
            ),
            "",
        )
    try:
        services.password_change(
            user=user,
            current_password=data.current_password,
            new_password=data.new_password,
            keep_session_key=session_key(request),
        )
    except AccountError as error:
        raise account_error(error, 403 if error.code == "wrong_password" else 422) from error
    new_key = None
    if old_token:
        new_key, _token = services.api_token_issue(user=user, device=device)
    else:
        update_session_auth_hash(request, user)
    return {
        "status": "password_changed",
        "message": _("The password is changed; your other sessions and apps are signed out."),
        "token": new_key,
    }


@router.get("/account/sessions", response=list[SessionOut], summary="Signed-in browsers")
def sessions(request):
    customer = the_customer(request)
    return selectors.active_sessions(customer.user, current_key=session_key(request))


@router.post(
    "/account/sessions/sign-out-others",
    response=SignedOutOut,
    summary="Sign out every other browser",
)
def sessions_sign_out_others(request):
    customer = the_customer(request)
    ended = services.sessions_end(customer.user, keep_session_key=session_key(request))
    return {
        "status": "signed_out",
        "message": _("Other sessions signed out: %(count)d.") % {"count": ended},
        "ended": ended,
    }


@router.get("/account/devices", response=list[DeviceOut], summary="Mobile apps signed in")
def devices(request):
    customer = the_customer(request)
    return selectors.api_tokens_of(customer.user, current_key=getattr(request, "api_token", None))


@router.delete("/account/devices/{device_id}", response={204: None}, summary="Sign an app out")
def device_revoke(request, device_id: int):
    customer = the_customer(request)
    services.api_token_delete(token=selectors.api_token_of(customer.user, device_id))
    return Status(204, None)


@router.get(
    "/account/export",
    summary="Everything we hold about the customer: a ZIP with one JSON file",
    openapi_extra={
        "responses": {200: {"description": "application/zip", "content": {"application/zip": {}}}}
    },
)
def export(request):
    customer = the_customer(request)
    response = HttpResponse(selectors.personal_data_zip(customer), content_type="application/zip")
    name = f"personal-data-{customer.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/account/delete",
    response=Done,
    summary="Delete the account: personal data is anonymized, the app is signed out",
)
def account_delete(request, data: PasswordIn):
    customer = the_customer(request)
    try:
        services.customer_delete_self(customer=customer, password=data.password)
    except AccountError as error:
        raise account_error(error, 403) from error
    if not getattr(request, "api_token", None):
        logout(request)
    return {"status": "deleted", "message": _("Your account is deleted.")}
