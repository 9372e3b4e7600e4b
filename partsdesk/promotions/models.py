"""Promo codes the customer types at checkout, their redemptions, and automatic promotions
(a brand or a supplier discounted for a period). How they price a cart: selectors.py."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalize_code(raw: str) -> str:
    """Codes are compared case-insensitively: stored and looked up upper-case, no spaces."""
    return "".join((raw or "").split()).upper()


class DiscountKind(models.TextChoices):
    PERCENT = "percent", _("Percent off")
    FIXED = "fixed", _("Fixed amount off")


class PromoCode(models.Model):
    # Stored normalized (upper-case): unique case-insensitively.
    code = models.CharField(_("code"), max_length=32, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=DiscountKind.choices)
    # Percent (0–100) for a percent code, an amount in the shop's currency for a fixed one.
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    minimum_order = models.DecimalField(
        _("minimum order"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    limit_per_customer = models.PositiveIntegerField(
        _("uses per customer"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    limit_total = models.PositiveIntegerField(
        _("uses in total"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Redemptions so far; raised under the row's lock in the order's transaction.
    used_count = models.PositiveIntegerField(_("used"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("promo code")
        verbose_name_plural = _("promo codes")
        permissions = [("manage_promotions", _("Can manage promotions and promo codes"))]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="promocode_code_ci"),
            models.CheckConstraint(condition=Q(value__gt=0), name="promocode_value_positive"),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__lte=100), name="promocode_percent_max"
            ),
            models.CheckConstraint(condition=Q(minimum_order__gte=0), name="promocode_minimum"),
            models.CheckConstraint(
                condition=Q(limit_total__isnull=True) | Q(used_count__lte=models.F("limit_total")),
                name="promocode_used_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalize_code(self.code)
        super().save(*args, **kwargs)


class PromoRedemption(models.Model):
    """A code used on an order: one per order; kept when the order is cancelled."""

    code = models.ForeignKey(
        PromoCode, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("code")
    )
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        related_name="promo_redemptions",
        verbose_name=_("customer"),
    )
    order = models.OneToOneField(
        "orders.Order",
        on_delete=models.CASCADE,
        related_name="promo_redemption",
        verbose_name=_("order"),
    )
    discount = models.DecimalField(_("discount"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("used"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("promo code use")
        verbose_name_plural = _("promo code uses")
        indexes = [models.Index(fields=["code", "customer"], name="redemption_code_customer")]

    def __str__(self) -> str:
        return f"{self.code_id}: {self.order_id}"


class Promotion(models.Model):
    """An automatic discount on a brand, a supplier, or a brand at one supplier."""

    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=1000, blank=True)
    brand = models.ForeignKey(
        "catalog.Brand",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brand"),
    )
    supplier = models.ForeignKey(
        "pricing.Supplier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supplier"),
    )
    percent = models.DecimalField(
        _("percent off"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        constraints = [
            models.CheckConstraint(
                condition=Q(brand__isnull=False) | Q(supplier__isnull=False),
                name="promotion_has_target",
            ),
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100), name="promotion_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.name
