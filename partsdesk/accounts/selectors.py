import hashlib
import io
import json
import zipfile

from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    ApiToken,
    Customer,
    DeliveryAddress,
    LoginAttempt,
    ManagerProfile,
    PublicOffer,
    User,
    UserSession,
)


def customer_of(user: User) -> Customer | None:
    if not user.is_authenticated:
        return None
    return (
        Customer.objects.filter(user=user)
        .select_related("user", "manager__manager_profile", "offer")
        .first()
    )


def home_url_name(user: User) -> str:
    """Where a user lands after signing in: customers in their account, staff at the desk."""
    if user.has_perm("accounts.view_customer"):
        return "desk:home"
    if Customer.objects.filter(user=user).exists():
        return "accounts:dashboard"
    return "storefront:home"


def manager_card(customer: Customer) -> dict | None:
    manager = customer.manager
    if manager is None:
        return None
    profile = ManagerProfile.objects.filter(user=manager).first()
    return {
        "name": manager.display_name,
        "email": manager.email or "",
        "phone": profile.phone if profile else "",
        "working_hours": profile.working_hours if profile else "",
        "photo_url": profile.photo.url if profile and profile.photo else "",
    }


def dashboard(customer: Customer) -> dict:
    """The personal account's front page; later work adds balance, orders, chats, watches."""
    return {
        "customer": customer,
        "manager": manager_card(customer),
        "offer_due": offer_acceptance_due(customer),
        "addresses": list(customer.addresses.all()[:3]),
    }


def current_offer() -> PublicOffer | None:
    return PublicOffer.objects.filter(published_at__lte=timezone.now()).order_by("-version").first()


def offer_acceptance_due(customer: Customer) -> PublicOffer | None:
    """The offer in force if the customer has not accepted that version yet."""
    offer = current_offer()
    if offer is None or customer.offer_id == offer.pk:
        return None
    return offer


def addresses_of(customer: Customer) -> list[DeliveryAddress]:
    return list(DeliveryAddress.objects.filter(customer=customer).order_by("-is_default", "id"))


def address_of(customer: Customer, address_id: int) -> DeliveryAddress:
    """The customer's own address; anybody else's is a 404."""
    return get_object_or_404(DeliveryAddress, customer=customer, pk=address_id)


def active_sessions(user: User, *, current_key: str | None = None) -> list[dict]:
    """Signed-in browsers whose session is still alive, newest first; `current` marks this one."""
    rows = list(UserSession.objects.filter(user=user).order_by("-created_at"))
    live = set(
        Session.objects.filter(
            session_key__in=[row.session_key for row in rows], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    return [
        {
            "id": row.pk,
            "ip": row.ip,
            "user_agent": row.user_agent,
            "created_at": row.created_at,
            "current": bool(current_key) and row.session_key == current_key,
        }
        for row in rows
        if row.session_key in live
    ]


def api_tokens_of(user: User, *, current_key: str | None = None) -> list[dict]:
    """The mobile apps signed in to the account (never the hashes)."""
    current_hash = hashlib.sha256(current_key.encode()).hexdigest() if current_key else None
    return [
        {
            "id": token.pk,
            "device": token.device,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "expires_at": token.expires_at,
            "current": token.key_hash == current_hash,
        }
        for token in ApiToken.objects.filter(user=user, expires_at__gt=timezone.now())
    ]


def api_token_of(user: User, token_id: int) -> ApiToken:
    return get_object_or_404(ApiToken, user=user, pk=token_id)


def personal_data(customer: Customer) -> dict:
    """Everything the shop holds about a customer, as plain values (the data export)."""
    from partsdesk.notifications.selectors import notification_preferences

    user = customer.user
    return {
        "exported_at": timezone.now(),
        "user": {
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "phone": user.phone,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "email_verified_at": user.email_verified_at,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "customer": {
            "id": customer.pk,
            "kind": customer.kind,
            "full_name": customer.full_name,
            "company_name": customer.company_name,
            "inn": customer.inn,
            "kpp": customer.kpp,
            "legal_address": customer.legal_address,
            "manager": customer.manager.display_name if customer.manager else None,
            "registered_at": customer.created_at,
            "blocked_at": customer.blocked_at,
            "blocked_reason": customer.blocked_reason,
        },
        "offer": {
            "version": customer.offer.version,
            "title": customer.offer.title,
            "accepted_at": customer.offer_accepted_at,
        }
        if customer.offer
        else None,
        "addresses": list(
            DeliveryAddress.objects.filter(customer=customer)
            .order_by("id")
            .values(
                "id",
                "recipient_name",
                "recipient_phone",
                "city",
                "address",
                "postcode",
                "comment",
                "is_default",
            )
        ),
        "notification_preferences": [
            {"event": event, "channel": channel, "enabled": enabled}
            for (event, channel), enabled in notification_preferences(user).items()
        ],
        "sessions": list(
            UserSession.objects.filter(user=user)
            .order_by("created_at")
            .values("ip", "user_agent", "created_at")
        ),
        "sign_in_attempts": list(
            LoginAttempt.objects.filter(user=user)
            .order_by("created_at")
            .values("identifier_key", "ip", "user_agent", "succeeded", "outcome", "created_at")
        ),
        "api_tokens": list(
            ApiToken.objects.filter(user=user)
            .order_by("created_at")
            .values("id", "device", "created_at", "last_used_at", "expires_at")
        ),
    }


def personal_data_zip(customer: Customer) -> bytes:
    """The export as a ZIP holding one `personal-data.json`."""
    buffer = io.BytesIO()
    text = json.dumps(personal_data(customer), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", text)
    return buffer.getvalue()
