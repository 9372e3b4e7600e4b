"""Changes to the catalog: brands and their spellings, parts, cross-references."""

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from .models import MIRRORED_KIND, Brand, BrandAlias, CrossKind, CrossReference, CrossSource, Part
from .numbers import brand_key, normalize_number


class CatalogError(ValueError):
    """Input that the catalog refuses; the message is shown to the person who gave it."""


@transaction.atomic
def brand_create(*, name: str, country: str = "", aliases: list[str] | None = None) -> Brand:
    """A brand with its canonical name and every alias registered as spellings."""
    name = name.strip()
    if not brand_key(name):
        raise CatalogError("A brand name needs at least one letter or digit.")
    slug = slugify(name, allow_unicode=False) or brand_key(name).lower()
    clash = Brand.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
    if clash is not None:
        raise CatalogError(
            f"The brand {clash.name} already exists (its address is /{clash.slug}/)."
        )
    brand = Brand.objects.create(name=name, slug=slug, country=country)
    for spelling in [name, *(aliases or [])]:
        brand_alias_add(brand=brand, spelling=spelling)
    return brand


@transaction.atomic
def brand_alias_add(*, brand: Brand, spelling: str) -> BrandAlias:
    key = brand_key(spelling)
    if not key:
        raise CatalogError("A brand spelling needs at least one letter or digit.")
    existing = BrandAlias.objects.filter(key=key).select_related("brand").first()
    if existing is not None:
        if existing.brand_id != brand.pk:
            raise CatalogError(f"“{spelling}” already means the brand {existing.brand.name}.")
        return existing
    return BrandAlias.objects.create(brand=brand, name=spelling.strip())


def part_get_or_create(*, brand: Brand, number: str, name: str = "", **fields) -> Part:
    number = number.strip()
    number_norm = normalize_number(number)
    if not number_norm:
        raise CatalogError("An article number needs at least one letter or digit.")
    part, _created = Part.objects.get_or_create(
        brand=brand,
        number_norm=number_norm,
        defaults={"number": number, "name": name, **fields},
    )
    return part


@transaction.atomic
def cross_reference_add(
    *, part: Part, analog: Part, kind: CrossKind, source: CrossSource
) -> CrossReference:
    """Link two parts both ways: `analog` is a `kind` of `part`, and the mirror from `analog`.

    Returns the link as seen from `part`.
    """
    if part.pk == analog.pk:
        raise CatalogError("A part cannot be its own analog.")
    CrossReference.objects.get_or_create(
        part=analog, analog=part, kind=MIRRORED_KIND[kind], source=source
    )
    link, _created = CrossReference.objects.get_or_create(
        part=part, analog=analog, kind=kind, source=source
    )
    return link


@transaction.atomic
def cross_reference_remove(
    *, part: Part, analog: Part, kind: CrossKind, source: CrossSource
) -> None:
    """Unlink both sides of a link that `cross_reference_add` made."""
    CrossReference.objects.filter(part=part, analog=analog, kind=kind, source=source).delete()
    CrossReference.objects.filter(
        part=analog, analog=part, kind=MIRRORED_KIND[kind], source=source
    ).delete()
