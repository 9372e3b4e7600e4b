"""Suppliers' price lists on their way in: how each supplier's list is read, each import with
its report, and brand spellings the catalog does not know yet (with the rows they hold)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partsdesk.pricing.pricelist import FIELDS, ListFormat


class ListSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded by staff")
    URL = "url", _("Fetched from a URL")


class DecimalMark(models.TextChoices):
    AUTO = "", _("Decide per value")
    COMMA = ",", _("Comma: 2500,54")
    POINT = ".", _("Point: 2500.54")


class ImportProfile(models.Model):
    """How one supplier's price list is read and where its offers go."""

    supplier = models.OneToOneField(
        "pricing.Supplier",
        on_delete=models.CASCADE,
        related_name="import_profile",
        verbose_name=_("supplier"),
    )
    # The list replaces the supplier's offers at this warehouse.
    warehouse = models.ForeignKey(
        "pricing.Warehouse", on_delete=models.PROTECT, verbose_name=_("warehouse")
    )
    encoding = models.CharField(
        _("encoding"), max_length=32, blank=True, help_text=_("Empty: detect.")
    )
    delimiter = models.CharField(
        _("delimiter"), max_length=1, blank=True, help_text=_("Empty: detect.")
    )
    skip_rows = models.PositiveSmallIntegerField(_("lines to skip before the header"), default=0)
    has_header = models.BooleanField(_("the list has a header row"), default=True)
    columns = models.JSONField(
        _("columns"),
        default=dict,
        blank=True,
        help_text=_("Field → header name or 0-based column number; empty: known header names."),
    )
    decimal_mark = models.CharField(
        _("decimal mark"), max_length=1, choices=DecimalMark.choices, blank=True, default=""
    )
    currency = models.CharField(
        _("price currency"), max_length=3, blank=True, help_text=_("Empty: the supplier's.")
    )
    default_delivery_min = models.PositiveSmallIntegerField(
        _("default delivery days, from"), default=1
    )
    default_delivery_max = models.PositiveSmallIntegerField(
        _("default delivery days, to"), default=1
    )
    min_quantity = models.PositiveIntegerField(_("minimum quantity to list"), default=1)
    source = models.CharField(
        _("where the list comes from"),
        max_length=8,
        choices=ListSource.choices,
        default=ListSource.UPLOAD,
    )
    url = models.URLField(_("list URL"), max_length=1000, blank=True)
    fetch_hour = models.PositiveSmallIntegerField(
        _("fetch daily at (hour, shop time)"),
        default=6,
        validators=[MaxValueValidator(23)],
    )
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_fetch_error = models.CharField(_("last fetch error"), max_length=500, blank=True)
    max_bad_percent = models.DecimalField(
        _("reject a list with more bad rows than, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_removed_percent = models.DecimalField(
        _("hold a list that removes more offers than, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_price_jump_percent = models.DecimalField(
        _("hold a list that moves more of its kept prices by ×10 than, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("import profile")
        verbose_name_plural = _("import profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_delivery_max__gte=models.F("default_delivery_min")),
                name="profile_delivery_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.supplier)

    def list_format(self) -> ListFormat:
        columns = {
            field: value
            for field, value in (self.columns or {}).items()
            if field in FIELDS and value not in ("", None)
        }
        return ListFormat(
            encoding=self.encoding or None,
            delimiter=self.delimiter or None,
            skip_rows=self.skip_rows,
            has_header=self.has_header,
            columns=columns,
            decimal=self.decimal_mark or None,
            default_delivery=(self.default_delivery_min, self.default_delivery_max),
            min_quantity=self.min_quantity,
        )


class ImportKind(models.TextChoices):
    PRICES = "prices", _("Price list")
    CROSSREFS = "crossrefs", _("Cross-references")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    CHECKED = "checked", _("Dry run done")
    QUARANTINED = "quarantined", _("Held for review")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


class PriceListImport(models.Model):
    """One file on its way in, with its progress and its report."""

    kind = models.CharField(
        _("kind"), max_length=12, choices=ImportKind.choices, default=ImportKind.PRICES
    )
    supplier = models.ForeignKey(
        "pricing.Supplier",
        on_delete=models.CASCADE,
        related_name="imports",
        null=True,
        blank=True,
        verbose_name=_("supplier"),
    )
    file = models.FileField(_("file"), upload_to="pricelists/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Touched with every progress update: a running import that stops touching it has died.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published or discarded by"),
    )
    bytes_total = models.BigIntegerField(_("size, bytes"), null=True, blank=True)
    bytes_read = models.BigIntegerField(_("bytes read"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_ok = models.PositiveIntegerField(_("good rows"), default=0)
    rows_bad = models.PositiveIntegerField(_("bad rows"), default=0)
    rows_held = models.PositiveIntegerField(_("rows held for an unknown brand"), default=0)
    offers_new = models.PositiveIntegerField(_("new offers"), default=0)
    offers_changed = models.PositiveIntegerField(_("changed offers"), default=0)
    offers_removed = models.PositiveIntegerField(_("removed offers"), default=0)
    offers_unchanged = models.PositiveIntegerField(_("unchanged offers"), default=0)
    parts_new = models.PositiveIntegerField(_("new parts"), default=0)
    # bad_by_reason, bad_rows (samples), price_changes (largest), unknown_brands,
    # held_reasons (why it is quarantined), error; see services.import_run.
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("price-list import")
        verbose_name_plural = _("price-list imports")
        permissions = [("run_import", _("Can import price lists and moderate brand spellings"))]
        indexes = [models.Index(fields=["supplier", "-created_at"], name="import_supplier_idx")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(100 * self.bytes_read / self.bytes_total))

    @property
    def is_finished(self) -> bool:
        return self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class UnknownBrand(models.Model):
    """A brand spelling seen in a list that no brand alias matches: a moderation task."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    spelling = models.CharField(_("spelling"), max_length=100)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now=True)
    rows_held = models.PositiveIntegerField(_("rows held"), default=0)
    resolved_brand = models.ForeignKey(
        "catalog.Brand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved as"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["-rows_held", "key"]
        verbose_name = _("unknown brand spelling")
        verbose_name_plural = _("unknown brand spellings")

    def __str__(self) -> str:
        return self.spelling


class HeldRow(models.Model):
    """A good row of a published list whose brand spelling is unknown, waiting for staff."""

    price_list_import = models.ForeignKey(
        PriceListImport, on_delete=models.CASCADE, related_name="held_rows"
    )
    unknown_brand = models.ForeignKey(
        UnknownBrand, on_delete=models.CASCADE, related_name="held_rows"
    )
    line = models.PositiveIntegerField()
    number = models.CharField(max_length=64)
    number_norm = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True)
    purchase_price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    quantity = models.PositiveIntegerField()
    quantity_is_lower_bound = models.BooleanField(default=False)
    delivery_days_min = models.PositiveSmallIntegerField()
    delivery_days_max = models.PositiveSmallIntegerField()
    pack_multiple = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["unknown_brand", "price_list_import"], name="heldrow_brand_idx")
        ]

    def __str__(self) -> str:
        return f"{self.unknown_brand}: {self.number}"
