from django.contrib import admin

from .models import (
    CalendarException,
    DeliveryBand,
    PickupPoint,
    ShopSettings,
    StatusDisplay,
    WorkingHours,
)

# The desk (/desk/shop/) is where staff edit these, through the services' validation; the
# admin shows them read-only for administrators who look around.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ShopSettings)
class ShopSettingsAdmin(ReadOnlyAdmin):
    list_display = ["time_zone", "review_hours", "off_hours_due_at", "default_part_weight_kg"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(ReadOnlyAdmin):
    list_display = ["weekday", "is_working", "opens_at", "closes_at"]


@admin.register(CalendarException)
class CalendarExceptionAdmin(ReadOnlyAdmin):
    list_display = ["date", "is_working", "opens_at", "closes_at", "note"]


@admin.register(PickupPoint)
class PickupPointAdmin(ReadOnlyAdmin):
    list_display = ["name", "city", "address", "is_active", "sort_order"]
    list_filter = ["is_active", "city"]


@admin.register(DeliveryBand)
class DeliveryBandAdmin(ReadOnlyAdmin):
    list_display = ["weight_up_to_kg", "price"]


@admin.register(StatusDisplay)
class StatusDisplayAdmin(ReadOnlyAdmin):
    list_display = ["status", "name_ru", "name_en", "notify_email", "notify_sms"]
