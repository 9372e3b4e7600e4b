"""`manage.py load_demo`: the demo catalog, its anchors, and the command around it."""

import hashlib
import json
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from partsdesk.catalog import selectors
from partsdesk.catalog.demo import (
    DemoError,
    format_regex,
    formats_for,
    load_demo,
    plan_demo,
)
from partsdesk.catalog.demo_data import BRANDS, DEMO_ANCHORS, PART_TYPES_BY_KEY
from partsdesk.catalog.fulltext import name_match
from partsdesk.catalog.models import (
    MIRRORED_KIND,
    Brand,
    BrandAlias,
    CrossKind,
    CrossReference,
    CrossSource,
    Part,
)
from partsdesk.catalog.numbers import brand_key, normalize_number
from partsdesk.catalog.services import brand_create
from partsdesk.pricing.models import ExchangeRate, Offer, Supplier, Warehouse
from partsdesk.pricing.selectors import exchange_rate
from partsdesk.pricing.services import SalePricer, sale_price

pytestmark = pytest.mark.django_db

SMALL = {"parts": 2000, "offers": 6000}


@pytest.fixture
def demo(db):
    """A small demo catalog, loaded with the default seed."""
    return load_demo(**SMALL)


def anchor_part(key: str) -> Part:
    anchor = next(anchor for anchor in DEMO_ANCHORS if anchor.key == key)
    return Part.objects.get(brand__name=anchor.brand, number_norm=normalize_number(anchor.number))


def links_of(part: Part) -> set[tuple[str, str, str, str]]:
    return {
        (row.analog.brand.name, row.analog.number, row.kind, row.source)
        for row in CrossReference.objects.filter(part=part).select_related("analog__brand")
    }


def fingerprint() -> str:
    """A hash of the whole catalog as data: names, numbers, links, offers; no ids, no times."""
    digest = hashlib.sha256()

    def feed(rows):
        for row in rows:
            digest.update(repr(row).encode())
        digest.update(b"|")

    feed(Brand.objects.order_by("name").values_list("name", "slug", "country"))
    feed(BrandAlias.objects.order_by("key").values_list("brand__name", "name", "key"))
    feed(
        (brand, number, norm, name, description, json.dumps(attributes, sort_keys=True), weight)
        for brand, number, norm, name, description, attributes, weight in Part.objects.order_by(
            "brand__name", "number_norm"
        ).values_list(
            "brand__name", "number", "number_norm", "name", "description", "attributes", "weight_kg"
        )
    )
    link = ("part__brand__name", "part__number_norm", "analog__brand__name", "analog__number_norm")
    feed(
        CrossReference.objects.order_by(*link, "kind", "source").values_list(
            *link, "kind", "source"
        )
    )
    feed(
        Supplier.objects.order_by("code").values_list(
            "code", "name", "currency", "delivery_days", "reliability_percent", "markup_percent"
        )
    )
    feed(
        Warehouse.objects.order_by("supplier__code", "name").values_list(
            "supplier__code", "name", "city"
        )
    )
    feed(ExchangeRate.objects.order_by("currency").values_list("currency", "rate", "valid_from"))
    offer = (
        "supplier__code",
        "warehouse__name",
        "part__brand__name",
        "part__number_norm",
        "purchase_price",
        "currency",
        "price",
        "quantity",
        "quantity_is_lower_bound",
        "delivery_days_min",
        "delivery_days_max",
        "pack_multiple",
        "returnable",
    )
    feed(Offer.objects.order_by(*offer).values_list(*offer))
    return digest.hexdigest()


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


# --- what the demo holds ---------------------------------------------------------------------


def test_anchors_exist_with_brand_number_and_search_key(demo):
    for anchor in DEMO_ANCHORS:
        # when
        part = Part.objects.select_related("brand").get(
            brand__name=anchor.brand, number=anchor.number
        )

        # then
        assert part.number_norm == normalize_number(anchor.number)
        assert part.name == PART_TYPES_BY_KEY[anchor.type].name
        assert part.description == anchor.description


def test_anchor_names_are_the_documented_ones():
    # then
    names = {(a.brand, a.number): PART_TYPES_BY_KEY[a.type].name for a in DEMO_ANCHORS}
    assert names[("KNECHT", "OC 90")] == "Фильтр масляный"
    assert names[("MAHLE", "OC 90")] == "Фильтр масляный"
    assert names[("MANN-FILTER", "W 712/75")] == "Фильтр масляный"
    assert names[("VAG", "06A115561B")] == "Фильтр масляный"
    assert names[("BOSCH", "0 986 452 041")] == "Фильтр масляный"
    assert names[("TOYOTA", "04152-YZZA1")] == "Фильтр масляный"
    assert names[("NGK", "BKR6E-11")] == "Свеча зажигания"
    brands = {brand.name: brand for brand in BRANDS}
    assert all(anchor.original == brands[anchor.brand].original for anchor in DEMO_ANCHORS)


def test_oc_90_is_offered_under_two_brands_whatever_the_spelling(demo):
    # when: Cyrillic look-alikes and a dash
    brands = selectors.brands_for_number("ос-90")

    # then
    assert sorted(match.brand_name for match in brands) == ["KNECHT", "MAHLE"]


def test_cyrillic_spelling_of_the_vag_original_finds_it(demo):
    # when: А and В are Cyrillic
    brands = selectors.brands_for_number("06А115561В")

    # then
    assert [(m.brand_name, m.number) for m in brands] == [("VAG", "06A115561B")]


def test_generated_numbers_are_shared_by_several_brands(demo):
    # when
    shared = (
        Part.objects.values("number_norm")
        .annotate(brands=Count("brand", distinct=True))
        .filter(brands__gte=2)
    )

    # then: OC 90 and more than a few generated ones
    assert shared.count() > 10


# Spellings customers and price lists use → the brand they mean. MANNOL and BILSTEIN are
# brands of their own, not spellings of MANN-FILTER and FEBI BILSTEIN.
SPELLINGS = {
    "MANN": "MANN-FILTER",
    "Mann Filter": "MANN-FILTER",
    "Манн": "MANN-FILTER",
    "mannol": "MANNOL",
    "БОШ": "BOSCH",
    "Robert Bosch": "BOSCH",
    "VW": "VAG",
    "Skoda": "VAG",
    "AUDI": "VAG",
    "KIA": "HYUNDAI/KIA",
    "Mobis": "HYUNDAI/KIA",
    "FEBI": "FEBI BILSTEIN",
    "BILSTEIN": "BILSTEIN",
    "LEMFÖRDER": "LEMFORDER",
    "Lemfoerder": "LEMFORDER",
    "MB": "MERCEDES-BENZ",
    "Daimler": "MERCEDES-BENZ",
    "Citroen": "PSA",
    "ВАЗ": "LADA",
}


def test_brand_spellings_resolve_through_aliases(demo):
    # when
    resolved = {
        spelling: BrandAlias.objects.select_related("brand").get(key=brand_key(spelling)).brand.name
        for spelling in SPELLINGS
    }

    # then
    assert resolved == SPELLINGS


def test_about_a_hundred_brands_each_with_a_country(demo):
    # then
    assert 90 <= Brand.objects.count() == len(BRANDS) <= 130
    assert not Brand.objects.filter(country="").exists()


def test_every_part_keeps_its_brand_format_and_normalized_key(demo):
    # given
    brands = {brand.name: brand for brand in BRANDS}
    types_by_name = {part_type.name: part_type for part_type in PART_TYPES_BY_KEY.values()}
    anchors = {(anchor.brand, anchor.number) for anchor in DEMO_ANCHORS}

    # when
    rows = Part.objects.values_list("brand__name", "number", "number_norm", "name")

    # then
    for brand_name, number, number_norm, name in rows:
        assert number_norm == normalize_number(number)
        if (brand_name, number) in anchors:
            continue
        formats = formats_for(brands[brand_name], types_by_name[name])
        assert any(format_regex(pattern).fullmatch(number) for pattern in formats), (
            brand_name,
            number,
        )


def test_formats_read_as_the_brands_write_them():
    # then
    assert format_regex("W ###/##").fullmatch("W 712/75")
    assert format_regex("0 986 452 ###").fullmatch("0 986 452 041")
    assert format_regex("{04152|90915}-{#####|@@@@#}").fullmatch("04152-YZZA1")
    assert not format_regex("OC ###").fullmatch("OC 90")


def test_anchor_cross_references_are_stored_from_both_sides(demo):
    # given
    knecht, mann = anchor_part("knecht_oc90"), anchor_part("mann_w712_75")
    vag_b, vag_c = anchor_part("vag_06a115561b"), anchor_part("vag_06a115561c")
    catalog, price_list = CrossSource.CATALOG, CrossSource.PRICE_LIST

    # then
    assert links_of(knecht) == {
        ("VAG", "06A115561B", CrossKind.ORIGINAL, catalog),
        ("MANN-FILTER", "W 712/75", CrossKind.ANALOG, price_list),
    }
    assert links_of(mann) == {
        ("VAG", "06A115561B", CrossKind.ORIGINAL, catalog),
        ("KNECHT", "OC 90", CrossKind.ANALOG, price_list),
    }
    assert links_of(vag_b) == {
        ("KNECHT", "OC 90", CrossKind.ANALOG, catalog),
        ("MANN-FILTER", "W 712/75", CrossKind.ANALOG, catalog),
        ("BOSCH", "0 986 452 041", CrossKind.ANALOG, catalog),
        ("VAG", "06A115561C", CrossKind.REPLACED_BY, catalog),
    }
    assert links_of(vag_c) == {("VAG", "06A115561B", CrossKind.REPLACES, catalog)}


def test_every_cross_reference_has_its_mirror_and_none_is_doubled(demo):
    # when
    rows = list(CrossReference.objects.values_list("part_id", "analog_id", "kind", "source"))

    # then
    stored = set(rows)
    assert len(stored) == len(rows)
    for part, analog, kind, source in rows:
        assert part != analog
        # the mirror of this row, or the row this one mirrors (ANALOG mirrors ORIGINAL too)
        mirrors = {k for k in CrossKind if MIRRORED_KIND[k] == kind} | {MIRRORED_KIND[kind]}
        assert any((analog, part, k, source) in stored for k in mirrors), (part, analog, kind)


def test_generated_parts_are_linked_to_originals_analogs_and_replacements(demo):
    # when
    kinds = Counter(CrossReference.objects.values_list("kind", flat=True))

    # then
    assert kinds[CrossKind.ORIGINAL] > 100
    assert kinds[CrossKind.ANALOG] > kinds[CrossKind.ORIGINAL]  # the mirrors of the originals
    assert kinds[CrossKind.REPLACES] == kinds[CrossKind.REPLACED_BY] > 1


def test_aftermarket_part_points_to_an_original_of_the_same_product_type(demo):
    # when
    rows = CrossReference.objects.filter(kind=CrossKind.ORIGINAL).values_list(
        "part__name", "analog__name"
    )

    # then
    assert all(part_name == original_name for part_name, original_name in rows)


def test_every_offer_price_is_the_sale_price(demo):
    # when
    offers = list(Offer.objects.select_related("supplier", "part").order_by("pk"))

    # then: every offer as a pricer prices it (the import's way), a sample one by one
    pricers = {}
    for offer in offers:
        pricer = pricers.get(offer.supplier_id) or pricers.setdefault(
            offer.supplier_id, SalePricer(offer.supplier)
        )
        expected = pricer.price(offer.purchase_price, offer.currency, offer.part.brand_id)
        assert offer.price == expected, offer.pk
    for offer in offers[::50]:
        expected = sale_price(
            supplier=offer.supplier,
            purchase_price=offer.purchase_price,
            currency=offer.currency,
            brand_id=offer.part.brand_id,
        )
        assert offer.price == expected, offer.pk


def test_suppliers_have_currencies_warehouses_and_rates_valid_today(demo):
    # when
    suppliers = Supplier.objects.annotate(warehouse_count=Count("warehouses"))

    # then
    assert sorted(s.currency for s in suppliers) == ["CNY", "EUR", "RUB", "RUB", "USD"]
    assert all(1 <= s.warehouse_count <= 3 for s in suppliers)
    assert len({s.markup_percent for s in suppliers}) == 5
    for currency in {s.currency for s in suppliers} - {settings.SHOP_CURRENCY}:
        assert exchange_rate(currency) > 0


def test_every_anchor_has_offers_from_three_suppliers(demo):
    for anchor in DEMO_ANCHORS:
        # when
        suppliers = Offer.objects.filter(part=anchor_part(anchor.key)).values("supplier")

        # then
        assert suppliers.distinct().count() >= 3, anchor.key


def test_offers_per_part_follow_a_power_law(demo):
    # when
    per_part = list(
        Part.objects.annotate(n=Count("offers")).filter(n__gt=0).values_list("n", flat=True)
    )

    # then: most parts have 1 to 3 offers, a few 20 or more
    assert Offer.objects.count() == SMALL["offers"]
    assert sum(1 for n in per_part if n <= 3) > 0.7 * len(per_part)
    assert sum(1 for n in per_part if n >= 20) >= 5


def test_offers_look_like_a_price_list(demo):
    # when
    offers = Offer.objects.select_related("supplier", "warehouse", "part")

    # then
    assert offers.filter(quantity=0).exists()
    assert offers.filter(quantity_is_lower_bound=True).exists()
    assert offers.filter(returnable=False).exists()
    assert offers.filter(part__name="Свеча зажигания", pack_multiple=4).exists()
    for offer in offers:
        assert offer.warehouse.supplier_id == offer.supplier_id
        assert offer.currency == offer.supplier.currency
        assert 0 <= offer.delivery_days_min <= offer.delivery_days_max
        assert offer.delivery_days_max <= offer.supplier.delivery_days + 15
        assert offer.quantity % offer.pack_multiple == 0
        assert offer.purchase_price > 0


def test_parts_are_found_by_their_russian_name(demo):
    # when
    found = selectors.parts_by_name("свеча зажиг")
    matched = Part.objects.filter(name_match(["свеча", "зажигания"], limit=100_000))

    # then
    assert found
    assert {part.name for part in found} == {"Свеча зажигания"}
    assert matched.count() == Part.objects.filter(name="Свеча зажигания").count()


def test_too_few_parts_for_the_anchors_is_refused(db):
    # when / then
    with pytest.raises(DemoError, match="at least"):
        load_demo(parts=3, offers=100)
    assert not Brand.objects.exists()


def test_plan_is_the_same_for_the_same_seed_and_differs_for_another():
    # when
    first = plan_demo(seed=7, parts=500, offers=1500)
    again = plan_demo(seed=7, parts=500, offers=1500)
    other = plan_demo(seed=8, parts=500, offers=1500)

    # then
    def numbers(plan):
        return [(part.brand.name, part.number, part.description) for part in plan.parts]

    assert numbers(first) == numbers(again)
    assert first.offers == again.offers
    assert numbers(first) != numbers(other)


# --- the command -----------------------------------------------------------------------------


def test_same_seed_gives_the_same_catalog_and_another_seed_a_different_one(db):
    # given
    run_command("--parts=2000", "--offers=6000", "--seed=11")
    first = fingerprint()

    # when
    run_command("--parts=2000", "--offers=6000", "--seed=11", "--replace")
    again = fingerprint()
    run_command("--parts=2000", "--offers=6000", "--seed=12", "--replace")
    other = fingerprint()

    # then
    assert again == first
    assert other != first


def test_json_prints_the_counts(db):
    # when
    summary = json.loads(run_command("--parts=2000", "--offers=6000", "--json"))

    # then
    assert summary["parts"] == 2000 == Part.objects.count()
    assert summary["offers"] == 6000 == Offer.objects.count()
    assert summary["brands"] == Brand.objects.count()
    assert summary["aliases"] == BrandAlias.objects.count()
    assert summary["cross_references"] == CrossReference.objects.count()
    assert summary["suppliers"] == 5
    assert summary["warehouses"] == Warehouse.objects.count()
    assert summary["exchange_rates"] == 3
    assert summary["shared_numbers"] > 1
    assert summary["seed"] == 2611
    assert summary["replaced"] == {}


def test_plain_output_shows_progress(db):
    # when
    output = run_command("--parts=2000", "--offers=6000")

    # then
    assert "parts: 2000" in output
    assert "offers: 6000" in output
    assert "Loaded" in output


def test_second_load_without_replace_is_refused_and_changes_nothing(demo):
    # given
    before = fingerprint()

    # when / then
    with pytest.raises(CommandError, match="--replace"):
        run_command("--parts=2000", "--offers=6000", "--seed=5")
    assert fingerprint() == before


def test_if_empty_leaves_a_loaded_catalog_alone(demo):
    # given
    before = fingerprint()

    # when
    summary = json.loads(run_command("--if-empty", "--json", "--seed=5"))

    # then
    assert summary["skipped"] is True
    assert fingerprint() == before


def test_replace_deletes_the_whole_existing_catalog_first(demo):
    # given: things the demo does not make
    brand_create(name="ACME PARTS", country="US", aliases=["ACME"])
    Supplier.objects.create(code="other", name="Other", currency="GBP")
    ExchangeRate.objects.create(currency="GBP", rate="101.5", valid_from="2026-02-01")

    # when
    summary = json.loads(run_command("--parts=2000", "--offers=6000", "--replace", "--json"))

    # then
    assert summary["replaced"]["parts"] == 2000
    assert summary["replaced"]["brands"] == len(BRANDS) + 1
    assert not Brand.objects.filter(name="ACME PARTS").exists()
    assert not BrandAlias.objects.filter(key="ACME").exists()
    assert not Supplier.objects.filter(code="other").exists()
    assert not ExchangeRate.objects.filter(currency="GBP").exists()
    assert Part.objects.count() == 2000


def test_a_catalog_of_brands_alone_is_not_loaded_over(db):
    # given
    brand_create(name="BOSCH")

    # when / then
    with pytest.raises(CommandError, match="already has a catalog"):
        run_command("--parts=2000", "--offers=6000")
    assert Brand.objects.count() == 1


def test_too_few_offers_is_refused_with_a_clear_message(db):
    # when / then
    with pytest.raises(CommandError, match="at least"):
        run_command("--parts=2000", "--offers=5")
    assert not Part.objects.exists()
