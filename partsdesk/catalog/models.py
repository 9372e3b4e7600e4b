from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import SearchKeyField
from .numbers import brand_key, normalize_number


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=64, blank=True)
    logo = models.ImageField(_("logo"), upload_to="brands/", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class BrandAlias(models.Model):
    """A spelling that means a brand: `MANN`, `Mann Filter`, `БОШ`.

    Matched on `key` (case, spaces and punctuation removed) and never by prefix:
    MANNOL is not MANN-FILTER.
    """

    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("brand")
    )
    name = models.CharField(_("spelling"), max_length=100)
    key = SearchKeyField(_("key"), max_length=100, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand alias")
        verbose_name_plural = _("brand aliases")

    def __str__(self) -> str:
        return f"{self.name} → {self.brand}"

    def save(self, *args, **kwargs):
        self.key = brand_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.key = brand_key(self.name)
        if not self.key:
            raise ValidationError({"name": _("A brand spelling needs a letter or a digit.")})
        clash = BrandAlias.objects.filter(key=self.key).exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError(
                {
                    "name": _("This spelling already means the brand %(brand)s.")
                    % {"brand": clash.brand}
                }
            )


class Part(models.Model):
    # Indexed as the first column of the (brand, number_norm) unique constraint.
    brand = models.ForeignKey(
        Brand,
        on_delete=models.PROTECT,
        related_name="parts",
        verbose_name=_("brand"),
        db_index=False,
    )
    number = models.CharField(_("article number"), max_length=64)
    number_norm = SearchKeyField(_("search key"), max_length=80, editable=False)
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    weight_kg = models.DecimalField(
        _("weight, kg"), max_digits=9, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.UniqueConstraint(fields=["brand", "number_norm"], name="part_brand_number_uniq")
        ]
        indexes = [
            # Exact and prefix lookups by number across all brands.
            models.Index(fields=["number_norm", "brand"], name="part_number_norm_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.brand} {self.number}"

    def save(self, *args, **kwargs):
        self.number_norm = normalize_number(self.number)
        super().save(*args, **kwargs)

    def clean(self):
        self.number_norm = normalize_number(self.number)
        if not self.number_norm:
            raise ValidationError({"number": _("An article number needs a letter or a digit.")})
        if (
            self.brand_id
            and Part.objects.filter(brand_id=self.brand_id, number_norm=self.number_norm)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"number": _("The brand already has a part with this number.")})


class CrossKind(models.TextChoices):
    """How `analog` relates to `part`, read from the side of `part`."""

    ORIGINAL = "oe", _("its original number")
    ANALOG = "analog", _("its analog")
    REPLACES = "replaces", _("an old number it replaces")
    REPLACED_BY = "replaced_by", _("a new number that replaces it")


# A link is stored once from each side, so a lookup from either part is one index range.
MIRRORED_KIND = {
    CrossKind.ORIGINAL: CrossKind.ANALOG,
    CrossKind.ANALOG: CrossKind.ANALOG,
    CrossKind.REPLACES: CrossKind.REPLACED_BY,
    CrossKind.REPLACED_BY: CrossKind.REPLACES,
}


class CrossSource(models.TextChoices):
    PRICE_LIST = "price_list", _("price list")
    CATALOG = "catalog", _("catalog file")
    MANAGER = "manager", _("manager")


class CrossReference(models.Model):
    part = models.ForeignKey(
        Part, on_delete=models.CASCADE, related_name="cross_references", db_index=False
    )
    analog = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=CrossKind.choices)
    source = models.CharField(_("source"), max_length=12, choices=CrossSource.choices)

    class Meta:
        verbose_name = _("cross-reference")
        verbose_name_plural = _("cross-references")
        constraints = [
            # Also the lookup index: every column a search reads is in it (index-only).
            models.UniqueConstraint(
                fields=["part", "analog", "kind", "source"], name="crossref_part_analog_uniq"
            ),
            models.CheckConstraint(
                condition=~models.Q(part=models.F("analog")), name="crossref_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part_id} {self.kind} {self.analog_id}"
