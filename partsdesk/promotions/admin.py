from django.contrib import admin

from .models import PromoCode, PromoRedemption, Promotion


@admin.register(PromoCode)
class PromoCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "value", "minimum_order", "used_count", "limit_total"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code"]
    readonly_fields = ["used_count"]


@admin.register(PromoRedemption)
class PromoRedemptionAdmin(admin.ModelAdmin):
    list_display = ["code", "customer", "order", "discount", "created_at"]
    raw_id_fields = ["customer", "order"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ["name", "brand", "supplier", "percent", "valid_from", "valid_until"]
    list_filter = ["is_active"]
    raw_id_fields = ["brand", "supplier"]
