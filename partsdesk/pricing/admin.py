from django.contrib import admin
from django.db import transaction

from .models import (
    CurrencyRounding,
    ExchangeRate,
    MarkupRule,
    Offer,
    PriceGroup,
    PricingSettings,
    Supplier,
    Warehouse,
)
from .tasks import reprice_offers_in, reprice_supplier_offers


class WarehouseInline(admin.TabularInline):
    model = Warehouse
    extra = 0


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "currency",
        "delivery_days",
        "reliability_percent",
        "markup_percent",
        "is_active",
    ]
    list_filter = ["is_active", "currency"]
    search_fields = ["code", "name"]
    inlines = [WarehouseInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"markup_percent", "currency"} & set(form.changed_data):
            # Millions of offers: reprice in the background once the new markup is committed.
            transaction.on_commit(lambda: reprice_supplier_offers.delay(obj.pk))


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "rate", "valid_from"]
    list_filter = ["currency"]
    date_hierarchy = "valid_from"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: reprice_offers_in(obj.currency))


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "part",
        "supplier",
        "warehouse",
        "purchase_price",
        "currency",
        "price",
        "quantity",
    ]
    list_select_related = ["part__brand", "supplier", "warehouse"]
    raw_id_fields = ["part"]
    readonly_fields = ["price", "updated_at"]
    list_filter = ["supplier"]
    show_full_result_count = False


class EditedInTheDesk(admin.ModelAdmin):
    """Shown here, changed in /desk/pricing/: there a change is checked (bands never overlap)
    and reprices the offers it touches."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MarkupRule)
class MarkupRuleAdmin(EditedInTheDesk):
    list_display = ["scope_label", "price_from", "price_to", "markup_percent", "updated_at"]
    list_select_related = ["supplier", "brand"]
    list_filter = ["supplier"]


@admin.register(CurrencyRounding)
class CurrencyRoundingAdmin(EditedInTheDesk):
    list_display = ["currency", "step", "mode"]


@admin.register(PricingSettings)
class PricingSettingsAdmin(EditedInTheDesk):
    list_display = [
        "default_markup_percent",
        "min_margin_amount",
        "min_margin_percent",
        "vat_percent",
        "updated_at",
    ]


@admin.register(PriceGroup)
class PriceGroupAdmin(EditedInTheDesk):
    list_display = ["name", "discount_percent"]
