from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Supplier(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("price list currency"), max_length=3, default="RUB")
    delivery_days = models.PositiveSmallIntegerField(_("declared delivery days"), default=1)
    reliability_percent = models.PositiveSmallIntegerField(
        _("declared delivery reliability, %"),
        default=95,
        validators=[MaxValueValidator(100)],
    )
    markup_percent = models.DecimalField(
        _("markup, %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("30"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class Warehouse(models.Model):
    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="warehouses", verbose_name=_("supplier")
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["supplier", "name"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "name"], name="warehouse_supplier_name_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.name}"


class ExchangeRate(models.Model):
    """How many units of the shop's currency one unit of `currency` costs from `valid_from` on."""

    currency = models.CharField(_("currency"), max_length=3)
    rate = models.DecimalField(
        _("rate"),
        max_digits=12,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
    )
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "valid_from"], name="rate_currency_day_uniq"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {settings.SHOP_CURRENCY} ({self.valid_from})"


class OfferFigures:
    """How an offer's quantity and delivery read, for an `Offer` or a row of one."""

    quantity: int
    quantity_is_lower_bound: bool
    delivery_days_min: int
    delivery_days_max: int

    @property
    def quantity_display(self) -> str:
        return f"{self.quantity}+" if self.quantity_is_lower_bound else str(self.quantity)

    @property
    def delivery_display(self) -> str:
        if self.delivery_days_min == self.delivery_days_max:
            return str(self.delivery_days_min)
        return f"{self.delivery_days_min}–{self.delivery_days_max}"


class Offer(OfferFigures, models.Model):
    """One supplier's offer of a part from one of its warehouses."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="offers", verbose_name=_("supplier")
    )
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.CASCADE, related_name="offers", verbose_name=_("warehouse")
    )
    # Indexed by (part, price) below.
    part = models.ForeignKey(
        "catalog.Part",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("part"),
        db_index=False,
    )
    purchase_price = models.DecimalField(_("purchase price"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("purchase currency"), max_length=3)
    # The retail sale price in the shop's currency, kept with the offer so that searches
    # sort and page by price in SQL; pricing.services sets it whenever its inputs change.
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    # "10 or more": suppliers often publish a lower bound, not a count.
    quantity_is_lower_bound = models.BooleanField(_("or more"), default=False)
    delivery_days_min = models.PositiveSmallIntegerField(_("delivery days, from"))
    delivery_days_max = models.PositiveSmallIntegerField(_("delivery days, to"))
    pack_multiple = models.PositiveIntegerField(_("pack multiple"), default=1)
    returnable = models.BooleanField(_("returnable"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["part", "price"], name="offer_part_price_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery_days_max__gte=models.F("delivery_days_min")),
                name="offer_delivery_range",
            ),
            models.CheckConstraint(condition=models.Q(pack_multiple__gte=1), name="offer_pack_min"),
            models.CheckConstraint(
                condition=models.Q(purchase_price__gte=0), name="offer_price_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part} @ {self.supplier}: {self.price}"
