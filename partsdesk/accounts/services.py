"""Changes to accounts: registration, activation, sign-in, recovery, managers, blocking.

Rules that hold throughout:
- registration, sign-in and recovery answer the same whether or not an account exists
  (same result, and a password hash computed either way so the timing matches);
- a failure is counted per account and per IP (`LoginAttempt`), and a pause never says
  whether the account exists;
- every staff action on a customer writes an `AuditEntry`.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from partsdesk.notifications.services import send_email

from .identifiers import identifier_key, normalize_phone, valid_inn, valid_kpp
from .models import (
    ApiToken,
    AuditEntry,
    Customer,
    CustomerKind,
    DeliveryAddress,
    LoginAttempt,
    ManagerProfile,
    User,
    UserSession,
)
from .roles import Role
from .selectors import current_offer

ACTIVATION_SALT = "partsdesk.accounts.activation"


class AccountError(Exception):
    """Refused input: `code` for the API, `errors` (field → messages) for forms."""

    def __init__(self, code: str, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or {}


# --- registration -----------------------------------------------------------------------


@dataclass
class Registration:
    kind: str
    full_name: str
    email: str
    phone: str
    password: str
    offer_version: int | None
    language: str = settings.LANGUAGE_CODE
    company_name: str = ""
    inn: str = ""
    kpp: str = ""
    legal_address: str = ""
    cleaned: dict = field(default_factory=dict)


def registration_clean(data: Registration) -> Registration:
    """Check every field at once; raises AccountError with all field errors together."""
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.kind not in CustomerKind.values:
        error("kind", _("Choose an individual or a legal entity."))
    if not data.full_name.strip():
        error("full_name", _("Enter a name."))
    email = data.email.strip().lower()
    if "@" not in email or len(email) > 254:
        error("email", _("Enter a valid email address."))
    phone = normalize_phone(data.phone)
    if phone is None:
        error("phone", _("Enter a phone number with its area code, e.g. +7 916 123-45-67."))
    try:
        validate_password(data.password, User(email=email, first_name=data.full_name))
    except ValidationError as invalid:
        errors["password"] = list(invalid.messages)
    offer = current_offer()
    if offer is not None and data.offer_version != offer.version:
        error("offer_version", _("Read and accept the current public offer."))
    inn = kpp = ""
    if data.kind == CustomerKind.LEGAL_ENTITY:
        if not data.company_name.strip():
            error("company_name", _("Enter the company name."))
        inn = valid_inn(data.inn) or ""
        if not inn:
            error(
                "inn",
                _(
                    "The INN is 10 digits for a company or 12 for a sole proprietor, with a valid checksum."
                ),
            )
        if len(inn) == 10:
            kpp = valid_kpp(data.kpp) or ""
            if not kpp:
                error("kpp", _("A company's KPP is 9 characters, e.g. 773601001."))
        if not data.legal_address.strip():
            error("legal_address", _("Enter the legal address."))
    if data.language not in dict(settings.LANGUAGES):
        error("language", _("Choose a language."))
    if errors:
        raise AccountError("invalid_registration", _("Check the highlighted fields."), errors)
    data.cleaned = {"email": email, "phone": phone, "inn": inn, "kpp": kpp, "offer": offer}
    return data


def _username_for(email: str) -> str:
    base = (
        "".join(char for char in email.split("@")[0].lower() if char.isalnum())[:24] or "customer"
    )
    taken = set(User.objects.filter(username__istartswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}{suffix}" in taken:
        suffix += 1
    return f"{base}{suffix}"


@transaction.atomic
def customer_register(data: Registration) -> Customer | None:
    """Create a customer and send the activation link; None when the email or phone is taken.

    A taken email gets a notice at that address instead, so the answer the registrant sees
    is the same either way.
    """
    registration_clean(data)
    email, phone = data.cleaned["email"], data.cleaned["phone"]
    existing = User.objects.filter(Q(email__iexact=email) | Q(phone=phone)).first()
    if existing is not None:
        make_password(data.password)  # the same work as creating an account
        if existing.email == email:
            send_email(
                to=email,
                template="accounts/already_registered",
                language=existing.language,
                context={"user": existing},
            )
        else:
            send_email(
                to=email,
                template="accounts/phone_taken",
                language=data.language,
                context={"phone": phone},
            )
        return None
    user = User(
        username=_username_for(email),
        email=email,
        phone=phone,
        first_name=data.full_name.strip()[:150],
        language=data.language,
    )
    user.set_password(data.password)
    user.save()
    now = timezone.now()
    offer = data.cleaned["offer"]
    customer = Customer.objects.create(
        user=user,
        kind=data.kind,
        full_name=data.full_name.strip(),
        company_name=data.company_name.strip() if data.kind == CustomerKind.LEGAL_ENTITY else "",
        inn=data.cleaned["inn"],
        kpp=data.cleaned["kpp"],
        legal_address=data.legal_address.strip() if data.kind == CustomerKind.LEGAL_ENTITY else "",
        manager=manager_for_new_customer(),
        offer=offer,
        offer_accepted_at=now if offer else None,
    )
    send_activation(user)
    return customer


def manager_for_new_customer() -> User | None:
    """The taking manager with the fewest active customers; ties go in turn (longest idle)."""
    eligible = ManagerProfile.objects.filter(
        accepts_customers=True, user__is_active=True, user__groups__name=Role.MANAGER
    )
    # Serialize concurrent registrations on the managers' rows (PostgreSQL; SQLite's
    # IMMEDIATE transactions already take the write lock).
    locked_ids = list(eligible.select_for_update().values_list("id", flat=True))
    active = Q(
        user__managed_customers__anonymized_at__isnull=True,
        user__managed_customers__blocked_at__isnull=True,
    )
    profile = (
        ManagerProfile.objects.filter(id__in=locked_ids)
        .annotate(active_customers=Count("user__managed_customers", filter=active))
        .order_by("active_customers", F("last_assigned_at").asc(nulls_first=True), "id")
        .select_related("user")
        .first()
    )
    if profile is None:
        return None
    ManagerProfile.objects.filter(pk=profile.pk).update(last_assigned_at=timezone.now())
    return profile.user


# --- activation -------------------------------------------------------------------------


def activation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=ACTIVATION_SALT)


def send_activation(user: User) -> None:
    send_email(
        to=user.email,
        template="accounts/activate",
        language=user.language,
        context={"user": user, "token": activation_token(user), "hours": settings.ACTIVATION_HOURS},
    )


@transaction.atomic
def account_activate(token: str) -> User:
    """Confirm the email from the link; each link works once and for ACTIVATION_HOURS."""
    try:
        payload = signing.loads(
            token, salt=ACTIVATION_SALT, max_age=datetime.timedelta(hours=settings.ACTIVATION_HOURS)
        )
    except signing.SignatureExpired as expired:
        raise AccountError(
            "activation_expired", _("This activation link has expired. Ask for a new one.")
        ) from expired
    except signing.BadSignature as bad:
        raise AccountError("activation_invalid", _("This activation link is not valid.")) from bad
    user = User.objects.select_for_update().filter(pk=payload["u"], email=payload["e"]).first()
    if user is None:
        raise AccountError("activation_invalid", _("This activation link is not valid."))
    if user.email_verified_at is not None:
        raise AccountError(
            "activation_used",
            _("This link has already been used: your account is active, sign in."),
        )
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return user


def activation_resend(email: str) -> None:
    """Send a new link if an unconfirmed account has this email; otherwise do nothing."""
    user = User.objects.filter(email__iexact=email.strip(), email_verified_at__isnull=True).first()
    if user is not None and user.is_active:
        send_activation(user)


# --- sign-in ----------------------------------------------------------------------------


class SignInOutcome:
    OK = "ok"
    INVALID = "invalid"
    PAUSED = "paused"
    NOT_ACTIVATED = "not_activated"
    BLOCKED = "blocked"
    DEACTIVATED = "deactivated"


@dataclass
class SignIn:
    outcome: str
    message: str
    user: User | None = None
    retry_after: int | None = None  # seconds

    @property
    def ok(self) -> bool:
        return self.outcome == SignInOutcome.OK


def find_user(identifier: str) -> User | None:
    """The account an email, a phone number (any spelling) or a login name names."""
    key = identifier_key(identifier)
    if "@" in key:
        return User.objects.filter(email__iexact=key).first()
    if key.startswith("+"):
        by_phone = User.objects.filter(phone=key).first()
        if by_phone is not None:
            return by_phone
    return User.objects.filter(username__iexact=identifier.strip()).first()


def _pause_left(failures, window: datetime.timedelta, limit: int, now) -> int | None:
    """Seconds until the oldest of the last `limit` failures leaves the window, if paused."""
    times = list(
        failures.filter(created_at__gt=now - window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    return max(1, int((times[-1] + window - now).total_seconds()))


def _paused_for(key: str, user: User | None, ip: str | None, now) -> int | None:
    failed = LoginAttempt.objects.filter(outcome=SignInOutcome.INVALID)
    account = failed.filter(user=user) if user is not None else failed.filter(identifier_key=key)
    checks = [
        # 5 failures for an account from one IP pause it there for 15 minutes ...
        (account.filter(ip=ip), settings.LOGIN_PAUSE, settings.LOGIN_FAILURES_BEFORE_PAUSE),
        # ... and however many IPs are used, an account takes at most 100 failures an hour;
        (account, datetime.timedelta(hours=1), settings.LOGIN_FAILURES_PER_ACCOUNT_HOUR),
        # one IP trying many accounts is stopped too.
        (failed.filter(ip=ip), datetime.timedelta(hours=1), settings.LOGIN_FAILURES_PER_IP_HOUR),
    ]
    waits = [_pause_left(query, window, limit, now) for query, window, limit in checks]
    waits = [wait for wait in waits if wait is not None]
    return max(waits) if waits else None


def sign_in(*, identifier: str, password: str, ip: str | None, user_agent: str = "") -> SignIn:
    """Check a sign-in and log it; the caller starts the session or issues a token."""
    now = timezone.now()
    key = identifier_key(identifier)[:254]
    user = find_user(identifier) if key else None

    def log(outcome: str) -> None:
        LoginAttempt.objects.create(
            identifier_key=key,
            user=user,
            ip=ip,
            user_agent=user_agent[:300],
            succeeded=outcome == SignInOutcome.OK,
            outcome=outcome,
        )

    wait = _paused_for(key, user, ip, now)
    if wait is not None:
        make_password(password)
        log(SignInOutcome.PAUSED)
        minutes = max(1, round(wait / 60))
        return SignIn(
            SignInOutcome.PAUSED,
            _(
                "Too many failed attempts. Sign-in is paused for %(minutes)d min; "
                "you can reset the password meanwhile."
            )
            % {"minutes": minutes},
            retry_after=wait,
        )
    if user is None or not user.check_password(password):
        if user is None:
            make_password(password)  # as long as checking a real password takes
        log(SignInOutcome.INVALID)
        return SignIn(SignInOutcome.INVALID, _("The login or the password is wrong."))

    customer = Customer.objects.filter(user=user).first()
    if not user.is_active or (customer is not None and customer.anonymized_at is not None):
        log(SignInOutcome.DEACTIVATED)
        return SignIn(
            SignInOutcome.DEACTIVATED,
            _(
                "This account has been closed. To open a new one, register again or write to %(email)s."
            )
            % {"email": settings.SHOP_EMAIL},
        )
    if customer is not None and customer.is_blocked:
        log(SignInOutcome.BLOCKED)
        return SignIn(
            SignInOutcome.BLOCKED,
            _("This account is blocked: %(reason)s. Please contact %(contact)s.")
            % {"reason": customer.blocked_reason, "contact": blocked_contact(customer)},
        )
    if customer is not None and user.email_verified_at is None:
        log(SignInOutcome.NOT_ACTIVATED)
        return SignIn(
            SignInOutcome.NOT_ACTIVATED,
            _("Your email is not confirmed yet. Open the link we sent, or ask for a new one."),
            user=user,
        )
    log(SignInOutcome.OK)
    return SignIn(SignInOutcome.OK, "", user=user)


def blocked_contact(customer: Customer) -> str:
    manager = customer.manager
    if manager is not None and manager.email:
        return f"{manager.display_name} ({manager.email})"
    return settings.SHOP_EMAIL


def session_start(request, user: User, *, remember: bool) -> None:
    """Sign the browser in: 30 days with "remember me", else until the browser closes."""
    auth_login(request, user, backend="partsdesk.accounts.backends.AccountBackend")
    request.session.set_expiry(settings.REMEMBER_ME_DAYS * 86400 if remember else 0)
    request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip": client_ip(request),
            "user_agent": request.headers.get("user-agent", "")[:300],
        },
    )


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def sessions_end(user: User, *, keep_session_key: str | None = None) -> int:
    """Sign out every browser of `user` but the one keeping `keep_session_key`."""
    keys = list(
        UserSession.objects.filter(user=user)
        .exclude(session_key=keep_session_key or "")
        .values_list("session_key", flat=True)
    )
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


# --- API tokens -------------------------------------------------------------------------


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_issue(*, user: User, device: str = "") -> tuple[str, ApiToken]:
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_token_hash(key),
        device=device[:200],
        expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    return key, token


def api_token_user(key: str) -> User | None:
    """The user a bearer token signs in, if it is live and the account may sign in."""
    token = (
        ApiToken.objects.filter(key_hash=_token_hash(key), expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    customer = Customer.objects.filter(user=token.user).first()
    if customer is not None and (customer.is_blocked or customer.anonymized_at):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_revoke(key: str) -> None:
    ApiToken.objects.filter(key_hash=_token_hash(key)).delete()


# --- password recovery ------------------------------------------------------------------


def password_reset_request(*, email: str) -> None:
    """Mail a reset link if an open account has this email; the caller answers the same."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    send_email(
        to=user.email,
        template="accounts/password_reset",
        language=user.language,
        context={
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        },
    )


def password_reset_user(uidb64: str, token: str) -> User | None:
    """The user a reset link is for, while the link is unused and unexpired."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


@transaction.atomic
def password_reset_confirm(*, uidb64: str, token: str, new_password: str) -> User:
    user = password_reset_user(uidb64, token)
    if user is None:
        raise AccountError(
            "reset_link_invalid",
            _("This link has expired or has already been used. Ask for a new one."),
        )
    password_set(user=user, new_password=new_password)
    return user


@transaction.atomic
def password_set(*, user: User, new_password: str, keep_session_key: str | None = None) -> None:
    """A new password ends every other session and app sign-in of the account."""
    try:
        validate_password(new_password, user)
    except ValidationError as invalid:
        raise AccountError(
            "password_invalid", " ".join(invalid.messages), {"new_password": list(invalid.messages)}
        ) from invalid
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sessions_end(user, keep_session_key=keep_session_key)
    ApiToken.objects.filter(user=user).delete()


# --- the public offer -------------------------------------------------------------------


@transaction.atomic
def offer_accept(*, customer: Customer, version: int) -> None:
    offer = current_offer()
    if offer is None or offer.version != version:
        raise AccountError("offer_changed", _("The offer has changed: read the current version."))
    customer.offer = offer
    customer.offer_accepted_at = timezone.now()
    customer.save(update_fields=["offer", "offer_accepted_at"])


# --- staff actions ----------------------------------------------------------------------


def audit(*, customer: Customer, actor: User | None, action: str, **details) -> AuditEntry:
    return AuditEntry.objects.create(customer=customer, actor=actor, action=action, details=details)


@transaction.atomic
def manager_reassign(*, customer: Customer, manager: User, actor: User) -> Customer:
    if not manager.groups.filter(name=Role.MANAGER).exists() or not manager.is_active:
        raise AccountError("not_a_manager", _("Only an active manager can be a personal manager."))
    customer = (
        Customer.objects.select_for_update(of=("self",))
        .select_related("manager")
        .get(pk=customer.pk)
    )
    previous = customer.manager
    if previous == manager:
        raise AccountError("same_manager", _("This is already the customer's manager."))
    customer.manager = manager
    customer.save(update_fields=["manager"])
    audit(
        customer=customer,
        actor=actor,
        action="manager_reassigned",
        previous=previous.display_name if previous else None,
        previous_id=previous.pk if previous else None,
        manager=manager.display_name,
        manager_id=manager.pk,
    )
    return customer


@transaction.atomic
def customer_block(*, customer: Customer, reason: str, actor: User) -> Customer:
    reason = reason.strip()
    if not reason:
        raise AccountError("reason_required", _("Say why the customer is blocked."))
    # Locked, so two staff blocking at once give one block and one audit entry.
    customer = Customer.objects.select_for_update().select_related("user").get(pk=customer.pk)
    if customer.is_blocked:
        raise AccountError("already_blocked", _("The customer is already blocked."))
    customer.blocked_at = timezone.now()
    customer.blocked_reason = reason[:500]
    customer.save(update_fields=["blocked_at", "blocked_reason"])
    sessions_end(customer.user)
    ApiToken.objects.filter(user=customer.user).delete()
    audit(customer=customer, actor=actor, action="blocked", reason=reason)
    return customer


@transaction.atomic
def customer_unblock(*, customer: Customer, reason: str, actor: User) -> Customer:
    reason = reason.strip()
    if not reason:
        raise AccountError("reason_required", _("Say why the customer is unblocked."))
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not customer.is_blocked:
        raise AccountError("not_blocked", _("The customer is not blocked."))
    customer.blocked_at = None
    customer.blocked_reason = ""
    customer.save(update_fields=["blocked_at", "blocked_reason"])
    audit(customer=customer, actor=actor, action="unblocked", reason=reason)
    return customer


def roles_ensure() -> None:
    """The staff roles as groups with their permissions (run after every migrate)."""
    for role, codenames in Role.PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(
            content_type__app_label__in=[
                "accounts",
                "catalog",
                "pricing",
                "imports",
                "billing",
                "promotions",
            ],
            codename__in=codenames,
        )
        group.permissions.set(permissions)


# --- the personal account: profile, contacts, addresses, security, personal data --------

EMAIL_CHANGE_SALT = "partsdesk.accounts.email_change"
EMAIL_CHANGE_HOURS = 24


def _password_check(user: User, password: str) -> None:
    """A sensitive change asks for the current password again."""
    if not user.check_password(password):
        message = _("The password is wrong.")
        raise AccountError("wrong_password", message, {"password": [message]})


@transaction.atomic
def profile_update(
    *,
    customer: Customer,
    full_name: str,
    language: str,
    company_name: str = "",
    inn: str = "",
    kpp: str = "",
    legal_address: str = "",
) -> Customer:
    """The name, the language and, for a legal entity, the company details."""
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    full_name = full_name.strip()
    if not full_name:
        error("full_name", _("Enter a name."))
    if language not in dict(settings.LANGUAGES):
        error("language", _("Choose a language."))
    fields = ["full_name"]
    if customer.kind == CustomerKind.LEGAL_ENTITY:
        company_name, legal_address = company_name.strip(), legal_address.strip()
        if not company_name:
            error("company_name", _("Enter the company name."))
        inn = valid_inn(inn) or ""
        if not inn:
            error(
                "inn",
                _(
                    "The INN is 10 digits for a company or 12 for a sole proprietor, with a valid checksum."
                ),
            )
        if len(inn) == 10:
            kpp = valid_kpp(kpp) or ""
            if not kpp:
                error("kpp", _("A company's KPP is 9 characters, e.g. 773601001."))
        else:
            kpp = ""
        if not legal_address:
            error("legal_address", _("Enter the legal address."))
    if errors:
        raise AccountError("invalid_profile", _("Check the highlighted fields."), errors)
    if customer.kind == CustomerKind.LEGAL_ENTITY:
        fields += ["company_name", "inn", "kpp", "legal_address"]
        customer.company_name, customer.inn = company_name, inn
        customer.kpp, customer.legal_address = kpp, legal_address
    customer.full_name = full_name
    customer.save(update_fields=fields)
    user = customer.user
    user.first_name = full_name[:150]
    user.language = language
    user.save(update_fields=["first_name", "language"])
    return customer


def email_change_token(user: User, new_email: str) -> str:
    # The current email is in the payload: once the change is applied the link stops working.
    return signing.dumps(
        {"u": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT
    )


@transaction.atomic
def email_change_request(*, user: User, password: str, new_email: str) -> None:
    """Mail a confirmation link to the new address; the email changes when it is followed.

    Whether another account has the address is not told here (the link would then be
    refused), so this cannot be used to find out who is registered.
    """
    _password_check(user, password)
    new_email = new_email.strip().lower()
    try:
        validate_email(new_email)
    except ValidationError as invalid:
        message = _("Enter a valid email address.")
        raise AccountError("invalid_email", message, {"new_email": [message]}) from invalid
    if new_email == (user.email or ""):
        message = _("This is already your email.")
        raise AccountError("email_unchanged", message, {"new_email": [message]})
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        make_password(password)  # the same work as the other branch
        return
    send_email(
        to=new_email,
        template="accounts/email_change",
        language=user.language,
        context={
            "user": user,
            "token": email_change_token(user, new_email),
            "new_email": new_email,
            "hours": EMAIL_CHANGE_HOURS,
        },
    )


@transaction.atomic
def email_change_confirm(*, user: User, token: str) -> User:
    """Apply a new email from its link: once, within 24 hours, if nobody took it meanwhile."""
    invalid = _("This link is not valid.")
    try:
        payload = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=datetime.timedelta(hours=EMAIL_CHANGE_HOURS)
        )
    except signing.SignatureExpired as expired:
        raise AccountError(
            "email_link_expired", _("This link has expired. Ask for the change again.")
        ) from expired
    except signing.BadSignature as bad:
        raise AccountError("email_link_invalid", invalid) from bad
    if payload.get("u") != user.pk:
        raise AccountError("email_link_invalid", invalid)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email == payload["new"]:
        raise AccountError("email_link_used", _("This link has already been used."))
    if user.email != payload["old"]:
        raise AccountError("email_link_invalid", invalid)
    if User.objects.filter(email__iexact=payload["new"]).exclude(pk=user.pk).exists():
        raise AccountError(
            "email_taken", _("Another account uses this email now; it cannot be yours too.")
        )
    user.email = payload["new"]
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "email_verified_at"])
    return user


@transaction.atomic
def phone_change(*, user: User, password: str, phone: str) -> User:
    _password_check(user, password)
    normalized = normalize_phone(phone)
    if normalized is None:
        message = _("Enter a phone number with its area code, e.g. +7 916 123-45-67.")
        raise AccountError("invalid_phone", message, {"phone": [message]})
    if User.objects.filter(phone=normalized).exclude(pk=user.pk).exists():
        message = _("This phone number belongs to another account.")
        raise AccountError("phone_taken", message, {"phone": [message]})
    user.phone = normalized
    user.save(update_fields=["phone"])
    return user


@transaction.atomic
def password_change(
    *, user: User, current_password: str, new_password: str, keep_session_key: str | None
) -> None:
    try:
        _password_check(user, current_password)
    except AccountError as wrong:
        raise AccountError(
            wrong.code, wrong.message, {"current_password": [wrong.message]}
        ) from wrong
    password_set(user=user, new_password=new_password, keep_session_key=keep_session_key)


def _address_clean(
    *,
    recipient_name: str,
    recipient_phone: str,
    city: str,
    address: str,
    postcode: str,
    comment: str,
) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {
        "recipient_name": recipient_name.strip(),
        "recipient_phone": normalize_phone(recipient_phone),
        "city": city.strip(),
        "address": address.strip(),
        "postcode": postcode.strip(),
        "comment": comment.strip(),
    }
    if not cleaned["recipient_name"]:
        errors["recipient_name"] = [_("Enter the recipient's name.")]
    if cleaned["recipient_phone"] is None:
        errors["recipient_phone"] = [
            _("Enter a phone number with its area code, e.g. +7 916 123-45-67.")
        ]
    if not cleaned["city"]:
        errors["city"] = [_("Enter the city.")]
    if not cleaned["address"]:
        errors["address"] = [_("Enter the street, house and flat.")]
    if errors:
        raise AccountError("invalid_address", _("Check the highlighted fields."), errors)
    return cleaned


def _address_default(address: DeliveryAddress) -> None:
    # Lock the customer's addresses, then move the flag: clear first, the constraint allows one.
    list(DeliveryAddress.objects.select_for_update().filter(customer_id=address.customer_id))
    DeliveryAddress.objects.filter(customer_id=address.customer_id, is_default=True).exclude(
        pk=address.pk
    ).update(is_default=False)
    DeliveryAddress.objects.filter(pk=address.pk).update(is_default=True)
    address.is_default = True


@transaction.atomic
def address_create(
    *,
    customer: Customer,
    recipient_name: str,
    recipient_phone: str,
    city: str,
    address: str,
    postcode: str = "",
    comment: str = "",
    is_default: bool = False,
) -> DeliveryAddress:
    """A new delivery address; the first one is the default."""
    cleaned = _address_clean(
        recipient_name=recipient_name,
        recipient_phone=recipient_phone,
        city=city,
        address=address,
        postcode=postcode,
        comment=comment,
    )
    created = DeliveryAddress.objects.create(customer=customer, **cleaned)
    if is_default or not customer.addresses.filter(is_default=True).exists():
        _address_default(created)
    return created


@transaction.atomic
def address_update(
    *,
    address: DeliveryAddress,
    recipient_name: str,
    recipient_phone: str,
    city: str,
    address_line: str,
    postcode: str = "",
    comment: str = "",
    is_default: bool = False,
) -> DeliveryAddress:
    cleaned = _address_clean(
        recipient_name=recipient_name,
        recipient_phone=recipient_phone,
        city=city,
        address=address_line,
        postcode=postcode,
        comment=comment,
    )
    for name, value in cleaned.items():
        setattr(address, name, value)
    address.save(update_fields=list(cleaned))
    if is_default and not address.is_default:
        _address_default(address)
    return address


@transaction.atomic
def address_make_default(*, address: DeliveryAddress) -> DeliveryAddress:
    _address_default(address)
    return address


@transaction.atomic
def address_delete(*, address: DeliveryAddress) -> None:
    """Delete an address; when it was the default, the oldest remaining one takes over."""
    customer_id, was_default = address.customer_id, address.is_default
    address.delete()
    if was_default:
        successor = DeliveryAddress.objects.filter(customer_id=customer_id).order_by("id").first()
        if successor is not None:
            _address_default(successor)


@transaction.atomic
def api_token_delete(*, token: ApiToken) -> None:
    """Sign a mobile app out (from the customer's list of sign-ins)."""
    token.delete()


@transaction.atomic
def customer_anonymize(customer: Customer, actor: User | None = None) -> None:
    """Delete a customer's personal data on their request; financial records stay.

    The name becomes "Deleted customer #<id>"; a legal entity keeps its INN and company
    name (needed on invoices); the account can never sign in again.
    """
    from partsdesk.notifications.models import NotificationPreference

    customer = Customer.objects.select_for_update().select_related("user").get(pk=customer.pk)
    user = customer.user
    now = timezone.now()
    customer.deletion_requested_at = customer.deletion_requested_at or now
    customer.anonymized_at = now
    customer.full_name = f"Deleted customer #{customer.pk}"
    if customer.kind != CustomerKind.LEGAL_ENTITY:
        customer.company_name = ""
        customer.inn = ""
    customer.kpp = ""
    customer.legal_address = ""
    customer.save(
        update_fields=[
            "deletion_requested_at",
            "anonymized_at",
            "full_name",
            "company_name",
            "inn",
            "kpp",
            "legal_address",
        ]
    )
    user.email = None
    user.phone = None
    user.username = f"deleted-{customer.pk}"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=[
            "email",
            "phone",
            "username",
            "first_name",
            "last_name",
            "is_active",
            "password",
        ]
    )
    DeliveryAddress.objects.filter(customer=customer).delete()
    NotificationPreference.objects.filter(user=user).delete()
    sessions_end(user)
    ApiToken.objects.filter(user=user).delete()
    # The sign-in log keeps its counts for brute-force pauses, not who typed what from where.
    LoginAttempt.objects.filter(user=user).update(
        identifier_key=f"deleted-{customer.pk}", ip=None, user_agent=""
    )
    audit(customer=customer, actor=actor or user, action="anonymized")


def customer_delete_self(*, customer: Customer, password: str) -> None:
    """The customer closes their own account: the password again, then anonymization."""
    _password_check(customer.user, password)
    customer_anonymize(customer)
