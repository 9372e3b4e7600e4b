from decimal import Decimal

import pytest

from partsdesk.catalog import selectors
from partsdesk.catalog.models import CrossKind
from partsdesk.catalog.selectors import OfferFilters, SortOrder
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.pricing.tests.factories import OfferFactory, WarehouseFactory

MAX_SEARCH_QUERIES = 5


@pytest.mark.parametrize("spelling", ["OC 90", "oc90", "ос-90", "O.C 9 0"])
def test_brands_for_number_in_any_spelling(oil_filters, spelling):
    brands = selectors.brands_for_number(spelling)
    assert [(b.brand_name, b.offer_count) for b in brands] == [("KNECHT", 2), ("MAHLE", 1)]


def test_brands_for_number_never_matches_a_longer_number(oil_filters):
    PartFactory(brand=oil_filters["oc90"].brand, number="OC 905")
    assert {b.number for b in selectors.brands_for_number("oc90")} == {"OC 90"}


def test_brands_for_unknown_or_empty_number(oil_filters):
    assert selectors.brands_for_number("OC 91") == []
    assert selectors.brands_for_number(" - ") == []


@pytest.mark.parametrize("brand", ["knecht", "KNECHT", "Knecht"])
def test_part_for_brand_number_by_slug_or_spelling(oil_filters, brand):
    assert selectors.part_for_brand_number(brand=brand, number="oc-90") == oil_filters["oc90"]


def test_part_for_brand_number_through_alias(oil_filters):
    from partsdesk.catalog.services import brand_alias_add

    brand_alias_add(brand=oil_filters["w712"].brand, spelling="MANN")
    assert selectors.part_for_brand_number(brand="mann", number="W712/75") == oil_filters["w712"]
    assert selectors.part_for_brand_number(brand="mannol", number="W712/75") is None


def test_analogs_are_seen_from_either_side(oil_filters):
    # from the aftermarket part: its original and its analog
    links = selectors.analogs_of(oil_filters["oc90"])
    assert [(link.number, link.kind, link.sources) for link in links] == [
        ("06A115561B", CrossKind.ORIGINAL, ("catalog",)),
        ("W 712/75", CrossKind.ANALOG, ("price_list",)),
    ]
    # from the original: the aftermarket part, and the new number that replaces it
    links = selectors.analogs_of(oil_filters["vag_b"])
    assert [(link.number, link.kind) for link in links] == [
        ("06A115561C", CrossKind.REPLACED_BY),
        ("OC 90", CrossKind.ANALOG),
    ]


def offer_rows(result):
    return [
        (group.kind, offer.number, offer.price) for group in result.groups for offer in group.offers
    ]


def test_offers_for_part_grouped_by_kind_and_sorted_by_price(oil_filters):
    result = selectors.offers_for_part(oil_filters["oc90"], OfferFilters())
    # markup 25 % on every supplier of the fixture
    assert offer_rows(result) == [
        ("requested", "OC 90", Decimal("375.00")),
        ("requested", "OC 90", Decimal("500.00")),
        ("oe", "06A115561B", Decimal("1125.00")),
        ("analog", "W 712/75", Decimal("250.00")),
        ("analog", "W 712/75", Decimal("625.00")),
    ]
    assert result.total == 5
    assert result.analog_count == 2
    assert {(f.name, f.offer_count) for f in result.brand_facets} == {
        ("KNECHT", 2),
        ("VAG", 1),
        ("MANN-FILTER", 2),
    }


def test_offers_sorted_by_delivery_within_groups(oil_filters):
    result = selectors.offers_for_part(oil_filters["oc90"], OfferFilters(sort=SortOrder.DELIVERY))
    days = [(g.kind, o.delivery_days_max) for g in result.groups for o in g.offers]
    assert days == [("requested", 0), ("requested", 7), ("oe", 3), ("analog", 1), ("analog", 4)]


def test_offers_sorted_by_price_descending(oil_filters):
    result = selectors.offers_for_part(oil_filters["oc90"], OfferFilters(sort=SortOrder.PRICE_DESC))
    assert [o.price for o in result.groups[0].offers] == [Decimal("500.00"), Decimal("375.00")]


def test_offers_filtered_by_stock_days_and_brand(oil_filters):
    part = oil_filters["oc90"]
    in_stock = selectors.offers_for_part(part, OfferFilters(in_stock=True))
    assert all(o.quantity > 0 for g in in_stock.groups for o in g.offers)
    assert in_stock.total == 4

    quick = selectors.offers_for_part(part, OfferFilters(max_days=1))
    assert [(o.number, o.delivery_days_max) for g in quick.groups for o in g.offers] == [
        ("OC 90", 0),
        ("W 712/75", 1),
    ]

    mann_only = selectors.offers_for_part(part, OfferFilters(brands=["mann-filter"]))
    assert {o.number for g in mann_only.groups for o in g.offers} == {"W 712/75"}
    assert mann_only.total == 2
    assert [f.slug for f in mann_only.brand_facets if f.selected] == ["mann-filter"]


def test_offers_are_paged_across_groups(oil_filters):
    part = oil_filters["oc90"]
    pages = [
        offer_rows(selectors.offers_for_part(part, OfferFilters(page=page, page_size=2)))
        for page in (1, 2, 3, 4)
    ]
    assert [len(rows) for rows in pages] == [2, 2, 1, 0]
    everything = offer_rows(selectors.offers_for_part(part, OfferFilters()))
    assert pages[0] + pages[1] + pages[2] == everything
    assert selectors.offers_for_part(part, OfferFilters(page_size=2)).pages == 3


@pytest.mark.parametrize(
    "bad", [{"sort": "cheap"}, {"page": 0}, {"page_size": 0}, {"page_size": 500}, {"max_days": -1}]
)
def test_offer_filters_refuse_bad_input(bad):
    with pytest.raises(ValueError):
        OfferFilters(**bad)


def test_search_runs_a_fixed_number_of_queries_whatever_the_result_size(
    oil_filters, django_assert_max_num_queries
):
    # given: many more analogs and offers than the fixture has
    part = oil_filters["oc90"]
    warehouse = WarehouseFactory()
    from partsdesk.catalog.models import CrossSource
    from partsdesk.catalog.services import cross_reference_add

    for i in range(30):
        analog = PartFactory(brand=BrandFactory(name=f"AFTERMARKET{i % 7}"), number=f"X{i:03d}")
        cross_reference_add(
            part=part, analog=analog, kind=CrossKind.ANALOG, source=CrossSource.CATALOG
        )
        for j in range(3):
            OfferFactory(part=analog, warehouse=warehouse, purchase_price=100 + i + j)

    # then
    with django_assert_max_num_queries(MAX_SEARCH_QUERIES):
        outcome = selectors.search("oc-90")
    assert len(outcome.brands) == 2
    with django_assert_max_num_queries(MAX_SEARCH_QUERIES):
        found = selectors.part_for_brand_number(brand="knecht", number="oc90")
        result = selectors.offers_for_part(
            found, OfferFilters(in_stock=True, brands=["aftermarket3"])
        )
        [o.brand_name + o.supplier_name + o.warehouse_city for g in result.groups for o in g.offers]
    assert result.total == 12
    assert result.analog_count == 32
    with django_assert_max_num_queries(MAX_SEARCH_QUERIES):
        selectors.suggest("X00")
    with django_assert_max_num_queries(MAX_SEARCH_QUERIES):
        selectors.search("nothing like this")


def test_suggest_needs_three_characters(oil_filters, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.suggest("oc") == []


def test_suggest_numbers_by_prefix_brands_and_names(oil_filters):
    numbers = selectors.suggest("oc9")
    assert [(s.kind, s.brand_name, s.number) for s in numbers] == [
        ("number", "KNECHT", "OC 90"),
        ("number", "MAHLE", "OC 90"),
    ]
    brands = selectors.suggest("mann")
    assert [s.brand_name for s in brands if s.kind == "brand"] == ["MANN-FILTER", "MANNOL"]
    names = selectors.suggest("масл")
    assert {s.kind for s in names} == {"name"}
    assert len(names) == 5


def test_parts_by_name_matches_every_word_as_prefix(oil_filters):
    PartFactory(name="Фильтр воздушный", description="Air filter")
    found = selectors.parts_by_name("масляный фильтр")
    assert {p.number for p in found} == {"OC 90", "W 712/75", "06A115561B", "06A115561C"}
    assert found[0].offer_count == 2
    assert {p.name for p in selectors.parts_by_name("air filt")} == {"Фильтр воздушный"}
    assert selectors.parts_by_name("фильтр салонный") == []


def test_name_search_follows_renamed_parts(oil_filters):
    part = oil_filters["vag_c"]
    part.name = "Прокладка клапанной крышки"
    part.save()
    assert [p.number for p in selectors.parts_by_name("прокладка")] == ["06A115561C"]
    assert "06A115561C" not in {p.number for p in selectors.parts_by_name("масляный")}


def test_close_numbers_for_a_miss(oil_filters):
    close = selectors.close_numbers("06A115561X")
    assert [c.number for c in close][:2] == ["06A115561B", "06A115561C"]
    assert selectors.close_numbers("zz") == []


def test_search_falls_back_from_number_to_name_to_close_numbers(oil_filters):
    assert selectors.search("oc90").brands
    by_name = selectors.search("фильтр масл")
    assert not by_name.brands and by_name.named_parts
    miss = selectors.search("06A115561Z")
    assert not miss.found
    assert miss.close
