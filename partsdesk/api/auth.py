"""Registration, activation, sign-in and recovery for the mobile app (`/api/v1/auth/…`).

The answers do not tell whether an account exists: registering a taken email, asking for
an activation link or a password reset all answer 202 the same way.
"""

import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from partsdesk.accounts import selectors as account_selectors
from partsdesk.accounts import services
from partsdesk.accounts.antibot import AntiBotError, antibot_challenge, antibot_verify
from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.services import AccountError, Registration, SignInOutcome

from .errors import ApiError
from .security import customer_of, signed_in

router = Router(tags=["auth"])

SIGN_IN_ERRORS = {
    SignInOutcome.INVALID: ("invalid_credentials", 401),
    SignInOutcome.PAUSED: ("sign_in_paused", 429),
    SignInOutcome.NOT_ACTIVATED: ("not_activated", 403),
    SignInOutcome.BLOCKED: ("account_blocked", 403),
    SignInOutcome.DEACTIVATED: ("account_closed", 403),
}


class Accepted(Schema):
    status: str = Field(description="What happens next, e.g. check_email")
    message: str


class RegisterIn(Schema):
    kind: CustomerKind
    full_name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)
    phone: str = Field(min_length=3, max_length=32)
    password: str = Field(min_length=1, max_length=256)
    offer_version: int | None = Field(None, description="The version of the public offer accepted")
    language: str = "ru"
    company_name: str = Field("", max_length=300)
    inn: str = Field("", max_length=12)
    kpp: str = Field("", max_length=9)
    legal_address: str = Field("", max_length=500)


class TokenIn(Schema):
    token: str = Field(min_length=1, max_length=500)


class EmailIn(Schema):
    email: str = Field(min_length=3, max_length=254)


class SignInIn(Schema):
    identifier: str = Field(min_length=1, max_length=254, description="Email, phone or login name")
    password: str = Field(min_length=1, max_length=256)
    device: str = Field("", max_length=200, description="Shown in the customer's list of sign-ins")


class SignedInUser(Schema):
    id: int
    username: str
    email: str | None
    phone: str | None
    name: str
    is_customer: bool


class SignInOut(Schema):
    token: str
    expires_at: datetime.datetime
    user: SignedInUser
    offer_acceptance_required: bool


class ChallengeOut(Schema):
    algorithm: str
    challenge: str
    maxnumber: int
    salt: str
    signature: str


class PasswordResetIn(EmailIn):
    altcha: str = Field(min_length=1, max_length=4000, description="The solved ALTCHA payload")


class PasswordResetConfirmIn(Schema):
    uid: str = Field(min_length=1, max_length=64)
    token: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=256)


class OfferOut(Schema):
    version: int
    title: str
    text: str
    accepted: bool


class OfferAcceptIn(Schema):
    version: int


def account_error(error: AccountError, status: int = 400) -> ApiError:
    details = "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.errors.items()
    )
    return ApiError(error.code, f"{error.message} {details}".strip(), status=status)


def check_email() -> dict:
    return {
        "status": "check_email",
        "message": _("If the address can be used, a message is on its way to it."),
    }


@router.post("/auth/register", response={202: Accepted}, summary="Register a customer")
def register(request, data: RegisterIn):
    try:
        services.customer_register(Registration(**data.dict()))
    except AccountError as error:
        raise account_error(error, 422) from error
    return Status(202, check_email())


@router.post("/auth/activate", response=Accepted, summary="Confirm the email with the link's token")
def activate(request, data: TokenIn):
    try:
        services.account_activate(data.token)
    except AccountError as error:
        raise account_error(error) from error
    return {"status": "activated", "message": _("Your email is confirmed. Sign in to continue.")}


@router.post(
    "/auth/activation/resend", response={202: Accepted}, summary="Send the activation link again"
)
def activation_resend(request, data: EmailIn):
    services.activation_resend(data.email)
    return Status(202, check_email())


@router.post("/auth/login", response=SignInOut, summary="Sign in and get a bearer token")
def login(request, data: SignInIn):
    result = services.sign_in(
        identifier=data.identifier,
        password=data.password,
        ip=services.client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    if not result.ok:
        code, status = SIGN_IN_ERRORS[result.outcome]
        raise ApiError(code, result.message, status=status, retry_after=result.retry_after)
    user = result.user
    key, token = services.api_token_issue(
        user=user, device=data.device or request.headers.get("user-agent", "")
    )
    customer = account_selectors.customer_of(user)
    return {
        "token": key,
        "expires_at": token.expires_at,
        "user": {
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "phone": user.phone,
            "name": customer.display_name if customer else user.display_name,
            "is_customer": customer is not None,
        },
        "offer_acceptance_required": bool(
            customer and account_selectors.offer_acceptance_due(customer)
        ),
    }


@router.post("/auth/logout", response={204: None}, auth=signed_in, summary="Sign this app out")
def logout(request):
    token = getattr(request, "api_token", None)
    if token:
        services.api_token_revoke(token)
    else:
        from django.contrib.auth import logout as session_logout

        session_logout(request)
    return Status(204, None)


@router.get("/auth/altcha", response=ChallengeOut, summary="An anti-robot challenge to solve")
def altcha(request):
    return antibot_challenge()


@router.post("/auth/password-reset", response={202: Accepted}, summary="Mail a password reset link")
def password_reset(request, data: PasswordResetIn):
    try:
        antibot_verify(data.altcha)
    except AntiBotError as error:
        raise ApiError("antibot_failed", str(error)) from error
    services.password_reset_request(email=data.email)
    return Status(202, check_email())


@router.post(
    "/auth/password-reset/confirm", response=Accepted, summary="Set a new password from the link"
)
def password_reset_confirm(request, data: PasswordResetConfirmIn):
    try:
        services.password_reset_confirm(
            uidb64=data.uid, token=data.token, new_password=data.new_password
        )
    except AccountError as error:
        raise account_error(error) from error
    return {
        "status": "password_changed",
        "message": _("The password is changed; every session is signed out."),
    }


@router.get("/auth/offer", response=OfferOut, auth=signed_in, summary="The public offer in force")
def offer(request):
    current = account_selectors.current_offer()
    if current is None:
        raise ApiError("no_offer", _("No public offer is published."), status=404)
    customer = customer_of(request)
    return {
        "version": current.version,
        "title": current.title,
        "text": current.text,
        "accepted": bool(customer and customer.offer_id == current.pk),
    }


@router.post(
    "/auth/offer/accept", response=Accepted, auth=signed_in, summary="Accept the offer in force"
)
def offer_accept(request, data: OfferAcceptIn):
    customer = customer_of(request)
    if customer is None:
        raise ApiError("not_a_customer", _("Only customers accept the public offer."), status=403)
    try:
        services.offer_accept(customer=customer, version=data.version)
    except AccountError as error:
        raise account_error(error, 409) from error
    return {"status": "accepted", "message": _("Thank you: the offer is accepted.")}
