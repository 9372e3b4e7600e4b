"""Price watch: customers watch parts; each watched part has a history of its best price."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WatchedPart(models.Model):
    """A customer watches a part's best price, optionally waiting for a target price."""

    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.CASCADE,
        related_name="watched_parts",
        verbose_name=_("customer"),
        db_index=False,  # the first column of the unique (customer, part) below
    )
    part = models.ForeignKey(
        "catalog.Part", on_delete=models.CASCADE, related_name="watchers", verbose_name=_("part")
    )
    # In the price the customer pays (pricing.selectors.price_for_customer), not retail.
    target_price = models.DecimalField(
        _("target price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("watching since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("watched part")
        verbose_name_plural = _("watched parts")
        constraints = [
            models.UniqueConstraint(fields=["customer", "part"], name="watch_customer_part_uniq"),
            models.CheckConstraint(
                condition=models.Q(target_price__gt=0) | models.Q(target_price__isnull=True),
                name="watch_target_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} → {self.part_id}"


class WatchedPrice(models.Model):
    """A watched part's best price as of the last check: one row per part with watchers.

    The check after an import reads these rows and the offers only: no history lookup and
    no DISTINCT over the watches. `services` keeps it with the watches (made by the first
    watcher, deleted with the last) and with the last price point.
    """

    part = models.OneToOneField(
        "catalog.Part",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="watched_price",
        verbose_name=_("part"),
    )
    price = models.DecimalField(_("best price"), max_digits=12, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("watched price")
        verbose_name_plural = _("watched prices")

    def __str__(self) -> str:
        return f"{self.part_id}: {self.price}"


class PricePoint(models.Model):
    """The part's best retail price from `recorded_at` on, until its next point.

    Points are only appended, so a part's last point (highest id) is its price as of the
    last check. `price` is None while no offer has the part in stock.
    """

    part = models.ForeignKey(
        "catalog.Part",
        on_delete=models.CASCADE,
        related_name="price_points",
        verbose_name=_("part"),
        db_index=False,  # the first column of (part, id) below
    )
    price = models.DecimalField(_("best price"), max_digits=12, decimal_places=2, null=True)
    # The price this point replaced (None: out of stock before, or the first point); kept
    # so the change since the previous point is one row away.
    previous_price = models.DecimalField(
        _("previous best price"), max_digits=12, decimal_places=2, null=True
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # Set once the watchers have been told; points nobody is told about (the first one,
    # going out of stock) are made with it set.
    notified_at = models.DateTimeField(_("watchers notified"), null=True, blank=True)

    class Meta:
        ordering = ["part", "id"]
        verbose_name = _("price point")
        verbose_name_plural = _("price points")
        indexes = [models.Index(fields=["part", "id"], name="pricepoint_part_id_idx")]

    def __str__(self) -> str:
        return f"{self.part_id} @ {self.recorded_at:%Y-%m-%d %H:%M}: {self.price}"

    @property
    def change(self):
        """The price minus the previous one, or None when either is unknown."""
        if self.price is None or self.previous_price is None:
            return None
        return self.price - self.previous_price
