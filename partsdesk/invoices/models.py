"""Bank invoices for legal entities, the bank statements that pay them, and cash received at
pickup points. Money itself moves only through the ledger (partsdesk.billing): each credited
bank payment and each cash receipt points at the ledger operation it posted."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ShopRequisites(models.Model):
    """The shop's legal and bank details (one row, id 1): on invoices, and the settlement
    account whose incoming payments a bank statement credits."""

    legal_name = models.CharField(_("legal name"), max_length=300)
    inn = models.CharField(_("INN"), max_length=12)
    kpp = models.CharField(_("KPP"), max_length=9, blank=True)
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True)
    address = models.CharField(_("legal address"), max_length=500)
    bank_name = models.CharField(_("bank"), max_length=300)
    bik = models.CharField(_("BIK"), max_length=9)
    correspondent_account = models.CharField(_("correspondent account"), max_length=20)
    settlement_account = models.CharField(_("settlement account"), max_length=20)
    director = models.CharField(_("director"), max_length=200, blank=True)
    chief_accountant = models.CharField(_("chief accountant"), max_length=200, blank=True)
    payment_due_days = models.PositiveSmallIntegerField(
        _("days to pay an invoice"),
        default=5,
        help_text=_("For customers without a payment deferral of their own."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("shop requisites")
        verbose_name_plural = _("shop requisites")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="shop_requisites_single")]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def complete(self) -> bool:
        return bool(
            self.pk
            and self.legal_name
            and self.inn
            and self.bik
            and self.correspondent_account
            and self.settlement_account
        )


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Awaiting payment")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class Invoice(models.Model):
    """A bank invoice (счёт на оплату). What it shows is copied when it is issued (the shop's
    details, the buyer, the lines, the VAT rate), so the document never changes afterwards."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("customer"),
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("order"),
    )
    # Minor units (kopecks), VAT included.
    amount = models.BigIntegerField(_("amount, minor units"))
    vat_percent = models.DecimalField(
        _("VAT, %"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    vat_amount = models.BigIntegerField(_("VAT, minor units"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default=settings.SHOP_CURRENCY)
    status = models.CharField(
        _("status"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    issued_on = models.DateField(_("date"))
    due_on = models.DateField(_("pay by"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Copies made at issue: {"legal_name", "inn", …}, {"name", "inn", "kpp", "address"},
    # [{"name", "quantity", "unit", "price", "amount"}, …] (money in minor units).
    supplier = models.JSONField(_("supplier"), default=dict)
    buyer = models.JSONField(_("buyer"), default=dict)
    lines = models.JSONField(_("lines"), default=list)
    purpose = models.CharField(_("payment purpose"), max_length=210)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [models.Index(fields=["customer", "-issued_on"], name="invoice_customer_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoice_amount_positive"),
            # One live invoice per order: a second request returns it.
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(order__isnull=False) & ~Q(status="cancelled"),
                name="invoice_one_live_per_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class StatementImport(models.Model):
    """One uploaded bank statement file and what came of it."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    account = models.CharField(_("account"), max_length=20, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    unmatched = models.PositiveIntegerField(_("unmatched"), default=0)
    duplicates = models.PositiveIntegerField(_("already imported"), default=0)
    ignored = models.PositiveIntegerField(_("not incoming"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bank statement import")
        verbose_name_plural = _("bank statement imports")

    def __str__(self) -> str:
        return self.file_name


class BankPaymentStatus(models.TextChoices):
    MATCHED = "matched", _("Credited")
    UNMATCHED = "unmatched", _("Not matched")
    IGNORED = "ignored", _("Ignored")


class BankPayment(models.Model):
    """An incoming payment to the shop's settlement account, read from a statement.

    `dedup_key` (a digest of date, number, amount, payer's account and INN) makes a payment
    seen again in an overlapping statement a duplicate, not a second credit."""

    statement = models.ForeignKey(
        StatementImport,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("statement"),
    )
    dedup_key = models.CharField(max_length=64, unique=True)
    date = models.DateField(_("date"))
    number = models.CharField(_("number"), max_length=20)
    amount = models.BigIntegerField(_("amount, minor units"))
    payer_inn = models.CharField(_("payer's INN"), max_length=12, blank=True)
    payer_name = models.CharField(_("payer"), max_length=300, blank=True)
    payer_account = models.CharField(_("payer's account"), max_length=20, blank=True)
    payer_bik = models.CharField(_("payer's BIK"), max_length=9, blank=True)
    purpose = models.CharField(_("payment purpose"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=BankPaymentStatus.choices)
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("invoice"),
    )
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_payments",
        verbose_name=_("customer"),
    )
    operation = models.OneToOneField(
        "billing.Operation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_payment",
        verbose_name=_("ledger operation"),
    )
    # Who matched or ignored it by hand (None: matched by the import).
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("bank payment")
        verbose_name_plural = _("bank payments")
        indexes = [models.Index(fields=["status", "date"], name="bank_payment_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bank_payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"№ {self.number} {self.date:%d.%m.%Y}"


class CashReceipt(models.Model):
    """Cash received at a pickup point against a customer (and maybe one of their orders)."""

    pickup_point = models.ForeignKey(
        "shop.PickupPoint",
        on_delete=models.PROTECT,
        related_name="cash_receipts",
        verbose_name=_("pickup point"),
    )
    number = models.CharField(_("receipt number"), max_length=40)
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        related_name="cash_receipts",
        verbose_name=_("customer"),
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cash_receipts",
        verbose_name=_("order"),
    )
    amount = models.BigIntegerField(_("amount, minor units"))
    operation = models.OneToOneField(
        "billing.Operation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cash_receipt",
        verbose_name=_("ledger operation"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cash receipt")
        verbose_name_plural = _("cash receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["pickup_point", "number"], name="cash_receipt_number_per_point"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="cash_receipt_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.pickup_point_id}/{self.number}"
