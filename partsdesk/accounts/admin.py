from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Customer, LoginAttempt, ManagerProfile, PublicOffer, User


class ManagerProfileInline(admin.StackedInline):
    model = ManagerProfile
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Contacts"), {"fields": ("phone", "language", "email_verified_at")}),
    )
    list_display = [
        "username",
        "email",
        "phone",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
    ]
    search_fields = ["username", "email", "phone", "first_name", "last_name"]
    inlines = [ManagerProfileInline]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["display_name", "kind", "inn", "manager", "created_at", "blocked_at"]
    list_filter = ["kind"]
    search_fields = ["full_name", "company_name", "inn", "user__email", "user__phone"]
    raw_id_fields = ["user", "manager"]
    # Managers, blocking and anonymizing go through the desk, which audits them.
    readonly_fields = [
        "manager",
        "blocked_at",
        "blocked_reason",
        "offer",
        "offer_accepted_at",
        "deletion_requested_at",
        "anonymized_at",
        "created_at",
    ]


@admin.register(PublicOffer)
class PublicOfferAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "customer", "actor", "action"]
    list_filter = ["action"]
    raw_id_fields = ["customer", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(AuditEntryAdmin):
    list_display = ["created_at", "identifier_key", "ip", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["identifier_key", "ip"]
    raw_id_fields = ["user"]
