"""Carts, quick-order leads, orders, their positions and each position's timeline.

An order position keeps a copy of what the customer bought (brand, number, supplier, price,
delivery time): offers are replaced by every price-list import, the order must not change.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .statuses import (
    DROPPED_STATUSES,
    Actor,
    Delivery,
    HoldReason,
    OrderStatus,
    PositionStatus,
    RejectReason,
)


class CartLine(models.Model):
    """One offer in a customer's cart (a visitor's cart lives in the session instead)."""

    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.CASCADE, related_name="cart_lines"
    )
    offer = models.ForeignKey("pricing.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    # The unit price the customer saw when adding it: checkout shows any change against it.
    price_seen = models.DecimalField(_("price when added"), max_digits=12, decimal_places=2)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        constraints = [
            models.UniqueConstraint(fields=["customer", "offer"], name="cartline_customer_offer"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cartline_quantity_min"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.offer_id} × {self.quantity}"


class PurchasedItem(models.Model):
    """What was bought from which offer, copied so that re-imported offers change nothing."""

    offer = models.ForeignKey(
        "pricing.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey("pricing.Supplier", on_delete=models.PROTECT, related_name="+")
    brand_name = models.CharField(_("brand"), max_length=200)
    number = models.CharField(_("number"), max_length=100)
    part_name = models.CharField(_("name"), max_length=300, blank=True)
    supplier_name = models.CharField(_("supplier"), max_length=200)
    warehouse_name = models.CharField(_("warehouse"), max_length=200, blank=True)
    delivery_days_min = models.PositiveSmallIntegerField(_("delivery days, from"))
    delivery_days_max = models.PositiveSmallIntegerField(_("delivery days, to"))
    pack_multiple = models.PositiveIntegerField(_("pack multiple"), default=1)
    returnable = models.BooleanField(_("returnable"), default=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    # What the customer pays for one (their price group applied).
    unit_price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)

    class Meta:
        abstract = True

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def delivery_display(self) -> str:
        if self.delivery_days_min == self.delivery_days_max:
            return str(self.delivery_days_min)
        return f"{self.delivery_days_min}–{self.delivery_days_max}"


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONVERTED = "converted", _("Turned into an order")
    DECLINED = "declined", _("Declined")


class Lead(models.Model):
    """A quick order from a visitor without an account: a manager calls them back."""

    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    personal_data_consent_at = models.DateTimeField(_("consented to personal data processing"))
    offer = models.ForeignKey(
        "accounts.PublicOffer",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("accepted offer"),
    )
    offer_accepted_at = models.DateTimeField(_("offer accepted"))
    status = models.CharField(
        _("status"), max_length=16, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("manager"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    manager_note = models.CharField(_("manager's note"), max_length=1000, blank=True)
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quick order")
        verbose_name_plural = _("quick orders")
        indexes = [models.Index(fields=["status", "created_at"], name="lead_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.phone}"


class LeadLine(PurchasedItem):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="lines")

    class Meta:
        ordering = ["id"]
        verbose_name = _("quick order line")
        verbose_name_plural = _("quick order lines")

    def __str__(self) -> str:
        return f"{self.brand_name} {self.number} × {self.quantity}"


class PaymentMethod(models.TextChoices):
    BALANCE = "balance", _("From the balance")
    CARD = "card", _("By card online")
    CASH_AT_PICKUP = "cash_at_pickup", _("In cash at the pickup point")
    BANK_INVOICE = "bank_invoice", _("By bank invoice")


class Order(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.PROTECT, related_name="orders"
    )
    # Derived from the positions by services.order_status_refresh; never set by hand.
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.NEW
    )
    placed_at = models.DateTimeField(_("placed"), db_index=True)
    review_due_at = models.DateTimeField(_("manager's review due"), db_index=True)
    # When senior managers were told the review is overdue (once per order; orders.escalation).
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    contact_note = models.CharField(_("note of the contact"), max_length=1000, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_phone = models.CharField(_("recipient's phone"), max_length=20)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    pickup_point = models.ForeignKey(
        "shop.PickupPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pickup point"),
    )
    delivery_address = models.ForeignKey(
        "accounts.DeliveryAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery address"),
    )
    # Where it goes, as it read when the order was placed (points and addresses change).
    delivery_to = models.CharField(_("deliver to"), max_length=700)
    weight_kg = models.DecimalField(_("weight, kg"), max_digits=10, decimal_places=3)
    delivery_cost = models.DecimalField(_("delivery"), max_digits=12, decimal_places=2)
    payment_method = models.CharField(
        _("payment method"), max_length=16, choices=PaymentMethod.choices
    )
    currency = models.CharField(_("currency"), max_length=3, default=settings.SHOP_CURRENCY)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["customer", "-placed_at"], name="order_customer_idx"),
            models.Index(fields=["status", "review_due_at"], name="order_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(delivery_cost__gte=0), name="order_delivery_cost"),
            models.CheckConstraint(
                condition=~Q(delivery=Delivery.PICKUP) | Q(delivery_cost=0),
                name="order_pickup_free",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def items_total(self) -> Decimal:
        """What the live positions cost (cancelled and rejected ones are not paid for)."""
        return sum(
            (p.amount for p in self.positions.all() if p.status not in DROPPED_STATUSES),
            Decimal("0.00"),
        )

    @property
    def amount_due(self) -> Decimal:
        """What the customer owes for this order; the money issue collects it."""
        items = self.items_total
        return items + self.delivery_cost if items else Decimal("0.00")


class SupplierOrder(models.Model):
    """The positions sent to one supplier together (purchasing builds on this)."""

    supplier = models.ForeignKey(
        "pricing.Supplier", on_delete=models.PROTECT, related_name="supplier_orders"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    # The last time it was emailed to the supplier, and where (desk: supplier orders).
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    emailed_to = models.CharField(_("emailed to"), max_length=254, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("supplier order")
        verbose_name_plural = _("supplier orders")

    def __str__(self) -> str:
        return f"{self.supplier} #{self.pk}"


class OrderPosition(PurchasedItem):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="positions")
    status = models.CharField(
        _("status"), max_length=32, choices=PositionStatus.choices, default=PositionStatus.NEW
    )
    hold_reason = models.CharField(
        _("reason for the hold"), max_length=32, choices=HoldReason.choices, blank=True
    )
    reject_reason = models.CharField(
        _("reason for the rejection"), max_length=32, choices=RejectReason.choices, blank=True
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=1000, blank=True)
    waybill = models.CharField(_("waybill number"), max_length=100, blank=True)
    supplier_order = models.ForeignKey(
        SupplierOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("supplier order"),
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    # The customer's price per unit before promotions and a promo code (None: no discount
    # was looked at, e.g. placed before promotions existed); `unit_price` is after them.
    price_before_discount = models.DecimalField(
        _("price before discount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    promotion = models.ForeignKey(
        "promotions.Promotion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promotion"),
    )
    promo_code = models.ForeignKey(
        "promotions.PromoCode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promo code"),
    )
    # What took the price down, in words as the customer saw it ("Spring sale −10 %; WELCOME").
    discount_note = models.CharField(_("discount"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("order position")
        verbose_name_plural = _("order positions")
        indexes = [
            models.Index(fields=["status", "supplier"], name="position_status_supplier_idx"),
            models.Index(fields=["part"], name="position_part_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="position_quantity_min"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="position_price_min"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.brand_name} {self.number} × {self.quantity}"

    @property
    def discount_amount(self) -> Decimal:
        """What promotions and a promo code took off this line."""
        if self.price_before_discount is None:
            return Decimal("0.00")
        return (self.price_before_discount - self.unit_price) * self.quantity

    @property
    def awaiting_customer(self) -> bool:
        """The manager offered a replacement: the customer accepts it or cancels."""
        return (
            self.status == PositionStatus.ON_HOLD
            and self.hold_reason == HoldReason.REPLACEMENT_OFFERED
        )


class EventKind(models.TextChoices):
    PLACED = "placed", _("Placed")
    STATUS = "status", _("Status changed")
    QUANTITY = "quantity", _("Quantity changed")
    REPLACED = "replaced", _("Replaced with another offer")


class PositionEvent(models.Model):
    """One line of a position's timeline: who did what, when, and why. Never changed."""

    position = models.ForeignKey(OrderPosition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(
        _("from"), max_length=32, choices=PositionStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=32, choices=PositionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_role = models.CharField(_("as"), max_length=16, choices=Actor.choices)
    # A HoldReason or RejectReason value, when the transition asks for one.
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    waybill = models.CharField(_("waybill number"), max_length=100, blank=True)
    # What changed besides the status (old and new quantity, offer, price).
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("position event")
        verbose_name_plural = _("position events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.from_status}→{self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Position events are never changed.")
        super().save(*args, **kwargs)

    @property
    def reason_label(self) -> str:
        for choices in (HoldReason, RejectReason):
            if self.reason in choices.values:
                return str(choices(self.reason).label)
        return self.reason


class SupplierStats(models.Model):
    """A supplier's delivery record from our own orders over a rolling window, overall
    (`brand` empty) and per brand; rebuilt daily by orders.supplier_stats so that search pages
    read figures instead of computing them."""

    supplier = models.ForeignKey(
        "pricing.Supplier", on_delete=models.CASCADE, related_name="+", verbose_name=_("supplier")
    )
    brand = models.ForeignKey(
        "catalog.Brand",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brand"),
    )
    window_days = models.PositiveSmallIntegerField(_("window, days"))
    # Positions sent to the supplier within the window, and what became of them.
    ordered = models.PositiveIntegerField(_("ordered"))
    rejected = models.PositiveIntegerField(_("rejected"))
    received = models.PositiveIntegerField(_("received"))
    # Days from ordered to received at our warehouse (None without a received position).
    median_days = models.DecimalField(
        _("median days"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    p90_days = models.DecimalField(
        _("90th percentile, days"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["supplier", "brand"]
        verbose_name = _("supplier delivery statistics")
        verbose_name_plural = _("supplier delivery statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier"],
                condition=Q(brand__isnull=True),
                name="supplierstats_supplier_uniq",
            ),
            models.UniqueConstraint(
                fields=["supplier", "brand"],
                condition=Q(brand__isnull=False),
                name="supplierstats_supplier_brand_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}/{self.brand_id or '*'}: {self.rejected}/{self.ordered}"

    @property
    def rejected_percent(self) -> Decimal:
        if not self.ordered:
            return Decimal("0")
        return (Decimal(self.rejected) * 100 / self.ordered).quantize(Decimal("0.1"))
