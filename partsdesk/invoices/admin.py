from django.contrib import admin

from .models import BankPayment, CashReceipt, Invoice, ShopRequisites, StatementImport


@admin.register(ShopRequisites)
class ShopRequisitesAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "inn", "bik", "settlement_account"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money records change only through the services (the desk pages)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "customer", "order", "amount", "status", "issued_on", "due_on"]
    list_filter = ["status"]
    search_fields = ["number", "customer__inn", "customer__company_name"]


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "file_name", "matched", "unmatched", "duplicates", "ignored"]


@admin.register(BankPayment)
class BankPaymentAdmin(ReadOnlyAdmin):
    list_display = ["date", "number", "amount", "payer_inn", "payer_name", "status", "invoice"]
    list_filter = ["status"]
    search_fields = ["number", "payer_inn", "payer_name", "purpose"]


@admin.register(CashReceipt)
class CashReceiptAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "pickup_point", "number", "customer", "order", "amount"]
    search_fields = ["number", "customer__inn"]
