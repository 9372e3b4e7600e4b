from django.db.models import Q
from django.utils import timezone

from .identifiers import normalize_phone
from .models import Customer, ManagerProfile, PublicOffer, User


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
    if user.is_staff or user.groups.exists():
        return "desk:home"
    return "accounts:dashboard"


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


def customers_for_staff(user: User, *, query: str = "", limit: int = 100) -> list[Customer]:
    """A manager's own customers; everyone's for those allowed to see all. Searchable."""
    customers = Customer.objects.select_related("user", "manager").order_by("-created_at")
    if not user.has_perm("accounts.view_all_customers"):
        customers = customers.filter(manager=user)
    if query:
        phone = normalize_phone(query)
        customers = customers.filter(
            Q(full_name__icontains=query)
            | Q(company_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(inn=query)
            | Q(user__phone=phone or query)
        )
    return list(customers[:limit])
