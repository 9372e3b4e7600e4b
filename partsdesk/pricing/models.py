from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .money import CENT


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
    # The supplier's own flat markup: used when none of its price-band rules (or a brand's)
    # applies; empty leaves the supplier to the shop's rules (see pricing.services).
    markup_percent = models.DecimalField(
        _("markup, %"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        default=None,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Used when no markup rule of this supplier applies; empty: the shop's rules."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Where our supplier orders are emailed (a CSV attached); empty: not emailed.
    order_email = models.EmailField(_("email for orders"), blank=True)

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


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))]


class MarkupRule(models.Model):
    """A markup for purchase prices in a band, for a supplier, a brand, both, or the shop.

    The band is `price_from` ≤ purchase price < `price_to` (no `price_to`: no upper limit),
    the purchase price taken in the shop's currency. Bands of one scope (the same supplier
    and brand) never overlap. The most specific scope whose band holds the price wins:
    supplier + brand, then brand, then supplier (then the supplier's own flat markup), then
    the shop's bands (no supplier, no brand), then the shop's default markup.
    """

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="markup_rules",
        verbose_name=_("supplier"),
    )
    brand = models.ForeignKey(
        "catalog.Brand",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brand"),
    )
    price_from = models.DecimalField(
        _("purchase price from"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    price_to = models.DecimalField(
        _("purchase price below"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    markup_percent = models.DecimalField(
        _("markup, %"), max_digits=6, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["supplier__name", "brand__name", "price_from"]
        verbose_name = _("markup rule")
        verbose_name_plural = _("markup rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_from__gte=0), name="markup_rule_from_min"
            ),
            models.CheckConstraint(
                condition=models.Q(price_to__isnull=True)
                | models.Q(price_to__gt=models.F("price_from")),
                name="markup_rule_band",
            ),
            models.CheckConstraint(
                condition=models.Q(markup_percent__gte=0), name="markup_rule_percent_min"
            ),
        ]

    def __str__(self) -> str:
        upper = "…" if self.price_to is None else self.price_to
        return f"{self.scope_label}: {self.price_from}–{upper} → {self.markup_percent} %"

    @property
    def scope_label(self) -> str:
        if self.supplier_id and self.brand_id:
            return f"{self.supplier} · {self.brand}"
        if self.supplier_id:
            return str(self.supplier)
        if self.brand_id:
            return str(self.brand)
        return str(_("the shop"))


class RoundingMode(models.TextChoices):
    NEAREST = "nearest", _("to the nearest")
    UP = "up", _("up")


@dataclass(frozen=True, slots=True)
class Rounding:
    """Rounds a positive amount to a multiple of `step`: to the nearest (half up) or up."""

    step: Decimal = CENT
    mode: str = RoundingMode.NEAREST

    def apply(self, amount: Decimal) -> Decimal:
        how = ROUND_CEILING if self.mode == RoundingMode.UP else ROUND_HALF_UP
        if self.step == CENT:
            return amount.quantize(CENT, rounding=how)
        return ((amount / self.step).to_integral_value(rounding=how) * self.step).quantize(CENT)

    def up(self, amount: Decimal) -> Decimal:
        """The smallest multiple of the step that is not below `amount`."""
        return (
            (amount / self.step).to_integral_value(rounding=ROUND_CEILING) * self.step
        ).quantize(CENT)


class CurrencyRounding(models.Model):
    """How sale prices in a currency are rounded: to a step (0.01, 1, 10 …), nearest or up.

    A currency without a row is rounded to the cent, half up.
    """

    currency = models.CharField(_("currency"), max_length=3, unique=True)
    step = models.DecimalField(
        _("round to"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.01"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    mode = models.CharField(
        _("rounding"), max_length=8, choices=RoundingMode.choices, default=RoundingMode.NEAREST
    )

    class Meta:
        ordering = ["currency"]
        verbose_name = _("currency rounding")
        verbose_name_plural = _("currency rounding")
        constraints = [
            models.CheckConstraint(condition=models.Q(step__gt=0), name="rounding_step_positive")
        ]

    def __str__(self) -> str:
        return f"{self.currency}: {self.step} ({self.get_mode_display()})"

    @property
    def rounding(self) -> Rounding:
        return Rounding(step=self.step, mode=self.mode)


class PricingSettings(models.Model):
    """The shop's pricing terms: one row (id 1); absent, the field defaults apply."""

    default_markup_percent = models.DecimalField(
        _("default markup, %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("30"),
        validators=PERCENT_VALIDATORS,
        help_text=_("When no markup rule and no supplier markup applies."),
    )
    min_margin_amount = models.DecimalField(
        _("minimum margin, amount"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "A sale price is at least the purchase cost plus this, in the shop's currency."
        ),
    )
    min_margin_percent = models.DecimalField(
        _("minimum margin, %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT_VALIDATORS,
        help_text=_("A sale price is at least the purchase cost plus this share of it."),
    )
    vat_percent = models.DecimalField(
        _("VAT, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("22"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99"))],
        help_text=_("Sale prices include it; legal entities may see prices without it."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("pricing settings")
        verbose_name_plural = _("pricing settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="pricing_settings_single_row")
        ]

    def __str__(self) -> str:
        return str(_("pricing settings"))


class PriceGroup(models.Model):
    """A customer price level: retail (no group) or a wholesale level with its discount."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    discount_percent = models.DecimalField(
        _("discount from retail, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("90"))],
    )

    class Meta:
        ordering = ["discount_percent", "name"]
        verbose_name = _("price group")
        verbose_name_plural = _("price groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discount_percent__gte=0, discount_percent__lte=90),
                name="price_group_discount_range",
            )
        ]

    def __str__(self) -> str:
        return self.name
