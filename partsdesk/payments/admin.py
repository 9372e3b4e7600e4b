"""Payments in the admin: to look at, never to edit (money changes through the services)."""

from django.contrib import admin

from .models import Payment, ProviderEvent, Withdrawal


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["id", "created_at", "customer", "purpose", "amount", "provider", "status"]
    list_filter = ["status", "provider", "purpose"]
    search_fields = ["provider_payment_id", "customer__full_name", "order__number"]
    list_select_related = ["customer"]


@admin.register(ProviderEvent)
class ProviderEventAdmin(ReadOnly):
    list_display = ["id", "received_at", "provider", "event_id", "payment"]
    list_filter = ["provider"]
    search_fields = ["event_id"]


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnly):
    list_display = ["id", "created_at", "customer", "amount", "destination", "status"]
    list_filter = ["status", "destination"]
    list_select_related = ["customer"]
