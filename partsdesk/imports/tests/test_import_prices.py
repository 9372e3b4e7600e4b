from decimal import Decimal

import pytest

from partsdesk.catalog.models import Part
from partsdesk.imports.models import HeldRow, ImportStatus, PriceListImport, UnknownBrand
from partsdesk.imports.services import (
    PriceListImportError,
    import_create,
    import_discard,
    import_publish,
    import_run,
    unknown_brand_resolve,
)
from partsdesk.imports.staging import staging_tables
from partsdesk.pricing.models import Offer
from partsdesk.pricing.services import sale_price
from partsdesk.pricing.tests.factories import OfferFactory

from .conftest import write_list

pytestmark = pytest.mark.django_db(transaction=True)

LIST = """Прайс-лист ООО "Автотрейд" на 25.11.2026
Склад: Москва
Бренд;Артикул;Наименование;Цена;Кол-во;Срок
MANN;W 712/75;Фильтр масляный;2 500,54 руб;>10;2-4
Mann-Filter;W 719/30;Фильтр масляный;980,00;5;2
KNECHT;OC 90;Фильтр масляный;640;есть;
BOSCH;0 986 452 041;Фильтр масляный;455,50;-;1
;OC 91;без бренда;100;1;1
KNECHT;;без номера;100;1;1
KNECHT;OC 92;по запросу;по запросу;1;1
ФИЛЬТРОН;OP 520;Фильтр масляный;310;3;1
""" + "".join(f"KNECHT;OC {n};Фильтр масляный;{n}0,00;4;3\n" for n in range(100, 112))
STOCKED = {"W71275", "W71930", "OC90"} | {f"OC{n}" for n in range(100, 112)}


def run(profile, path, **kwargs) -> PriceListImport:
    price_list_import = import_create(
        supplier=profile.supplier, file=path, filename=path.name, **kwargs
    )
    return import_run(price_list_import)


def live(profile) -> dict[str, tuple]:
    return {
        offer.part.number_norm: (offer.purchase_price, offer.price, offer.quantity)
        for offer in Offer.objects.filter(warehouse=profile.warehouse).select_related("part")
    }


def test_a_list_is_published_with_new_parts_and_a_report(tmp_path, profile, known_part):
    result = run(profile, write_list(tmp_path / "price.csv", LIST))

    assert result.status == ImportStatus.PUBLISHED
    assert (result.rows_ok, result.rows_bad, result.rows_held) == (15, 3, 1)
    assert result.report["bad_by_reason"] == {"no_brand": 1, "no_number": 1, "bad_price": 1}
    assert result.report["skipped_by_reason"] == {"below_min_quantity": 1}
    assert {row["line"] for row in result.report["bad_rows"]} == {8, 9, 10}
    assert result.report["encoding"] == "cp1251"
    assert result.report["unknown_brands"] == [
        {"key": "ФИЛЬТРОН", "spelling": "ФИЛЬТРОН", "rows": 1}
    ]
    assert (result.offers_new, result.offers_removed, result.parts_new) == (15, 0, 14)
    offers = live(profile)
    assert set(offers) == STOCKED
    purchase, price, quantity = offers["W71275"]
    assert purchase == Decimal("2500.54")
    assert price == sale_price(
        supplier=profile.supplier, purchase_price=Decimal("2500.54"), currency="RUB"
    )
    assert quantity == 10
    assert Part.objects.get(number_norm="W71930").brand.name == "MANN-FILTER"
    assert UnknownBrand.objects.get(key="ФИЛЬТРОН").rows_held == 1
    assert staging_tables() == []


def test_the_same_file_twice_changes_nothing(tmp_path, profile, known_part):
    path = write_list(tmp_path / "price.csv", LIST)
    run(profile, path)
    before = list(Offer.objects.order_by("pk").values())

    again = run(profile, path)

    assert again.status == ImportStatus.PUBLISHED
    assert (again.offers_new, again.offers_changed, again.offers_removed) == (0, 0, 0)
    assert again.offers_unchanged == 15
    assert list(Offer.objects.order_by("pk").values()) == before


def test_a_new_list_replaces_changes_and_removes_offers(tmp_path, profile, known_part):
    run(profile, write_list(tmp_path / "one.csv", LIST))
    kept_id = Offer.objects.get(part=known_part).pk
    second = """Бренд;Артикул;Наименование;Цена;Кол-во
MANN;W 712/75;Фильтр масляный;2400,00;3
KNECHT;OC 90;Фильтр масляный;640;есть
BOSCH;F 026 407 006;Фильтр масляный;700;2
"""
    profile.max_removed_percent = 100
    profile.save()

    result = run(profile, write_list(tmp_path / "two.csv", second))

    assert result.status == ImportStatus.PUBLISHED
    assert (result.offers_new, result.offers_changed, result.offers_removed) == (1, 1, 13)
    offers = live(profile)
    assert set(offers) == {"W71275", "OC90", "F026407006"}
    assert offers["W71275"][0] == Decimal("2400.00")
    assert Offer.objects.get(part=known_part).pk == kept_id  # updated in place
    assert result.report["price_changes"][0]["number"] == "W 712/75"


def test_other_warehouses_and_suppliers_are_untouched(tmp_path, profile, known_part):
    other = OfferFactory(part=known_part, purchase_price=Decimal("1.00"))
    run(profile, write_list(tmp_path / "price.csv", LIST))
    other.refresh_from_db()
    assert other.purchase_price == Decimal("1.00")


def test_a_dry_run_reports_and_changes_nothing(tmp_path, profile, known_part):
    parts_before = Part.objects.count()

    result = run(profile, write_list(tmp_path / "price.csv", LIST), dry_run=True)

    assert result.status == ImportStatus.CHECKED
    assert (result.offers_new, result.parts_new) == (15, 14)
    assert not Offer.objects.exists()
    assert Part.objects.count() == parts_before
    assert not HeldRow.objects.exists()
    assert staging_tables() == []


def test_a_list_with_too_many_bad_rows_is_rejected_whole(tmp_path, profile, known_part):
    text = "Бренд;Артикул;Цена\nMANN;W 712/75;100\n" + "MANN;;1\n" * 3
    result = run(profile, write_list(tmp_path / "broken.csv", text))
    assert result.status == ImportStatus.REJECTED
    assert result.report["rejected_because"] == "too_many_bad_rows"
    assert result.report["bad_percent"] == "75.0"
    assert not Offer.objects.exists()
    assert staging_tables() == []


def test_an_unreadable_file_is_rejected_with_the_reason(tmp_path, profile):
    path = write_list(tmp_path / "price.csv", "Наименование;Количество\nФильтр;1\n")
    result = run(profile, path)
    assert result.status == ImportStatus.REJECTED
    assert "brand" in result.report["error"] or "Бренд" in result.report["error"]


def test_a_list_removing_too_much_waits_in_quarantine(tmp_path, profile, known_part):
    run(profile, write_list(tmp_path / "full.csv", LIST))
    before = live(profile)
    half = "Бренд;Артикул;Цена;Кол-во\nMANN;W 712/75;2500,54;>10\n"

    held = run(profile, write_list(tmp_path / "half.csv", half))

    assert held.status == ImportStatus.QUARANTINED
    assert held.report["held_because"] == ["removes_too_many"]
    assert held.offers_removed == 14
    assert live(profile) == before
    assert staging_tables() == [held.pk]

    published = import_publish(held, user=None)

    assert published.status == ImportStatus.PUBLISHED
    assert set(live(profile)) == {"W71275"}
    assert staging_tables() == []
    with pytest.raises(PriceListImportError):
        import_publish(published, user=None)


def test_tenfold_price_moves_wait_in_quarantine_and_can_be_discarded(tmp_path, profile, known_part):
    run(profile, write_list(tmp_path / "full.csv", LIST))
    before = live(profile)
    moved = LIST.replace("2 500,54 руб", "250 054 руб").replace("980,00", "9 800,00")

    held = run(profile, write_list(tmp_path / "moved.csv", moved))

    assert held.status == ImportStatus.QUARANTINED
    assert held.report["held_because"] == ["price_jumps"]
    assert held.report["price_jumps"] == 2
    assert import_discard(held, user=None).status == ImportStatus.DISCARDED
    assert live(profile) == before
    assert staging_tables() == []


def test_resolving_an_unknown_spelling_lists_its_held_rows(tmp_path, profile, known_part, brands):
    run(profile, write_list(tmp_path / "price.csv", LIST))
    unknown = UnknownBrand.objects.get(key="ФИЛЬТРОН")

    added = unknown_brand_resolve(unknown, user=None, new_brand_name="FILTRON")

    assert added == 1
    offer = Offer.objects.get(part__number_norm="OP520")
    assert offer.part.brand.name == "FILTRON"
    assert offer.warehouse == profile.warehouse
    unknown.refresh_from_db()
    assert unknown.resolved_brand.name == "FILTRON"
    assert not HeldRow.objects.exists()
    # The next list resolves the spelling by itself.
    again = run(profile, write_list(tmp_path / "again.csv", LIST))
    assert again.rows_held == 0
    assert (again.offers_new, again.offers_removed) == (0, 0)


def test_resolving_needs_exactly_one_brand_choice(profile, brands):
    unknown = UnknownBrand.objects.create(key="X", spelling="X")
    with pytest.raises(PriceListImportError):
        unknown_brand_resolve(unknown, user=None)
    with pytest.raises(PriceListImportError):
        unknown_brand_resolve(unknown, user=None, brand=brands["mann"], new_brand_name="Y")
    unknown.refresh_from_db()
    assert unknown.resolved_brand is None


def test_an_import_runs_once(tmp_path, profile, known_part):
    result = run(profile, write_list(tmp_path / "price.csv", LIST))
    with pytest.raises(PriceListImportError):
        import_run(result)


def test_names_with_tabs_and_backslashes_arrive_as_written(tmp_path, profile, brands):
    text = (
        'Бренд;Артикул;Наименование;Цена\nBOSCH;1 457 429 192;"Фильтр\tтопливный \\ дизель";900\n'
    )
    result = run(profile, write_list(tmp_path / "price.csv", text))
    assert result.status == ImportStatus.PUBLISHED
    assert Part.objects.get(number_norm="1457429192").name == "Фильтр\tтопливный \\ дизель"


def test_an_offer_gone_from_the_list_leaves_orders_intact(tmp_path, profile, known_part):
    from partsdesk.orders.models import CartLine, OrderPosition
    from partsdesk.orders.tests.factories import CartLineFactory, OrderPositionFactory

    run(profile, write_list(tmp_path / "one.csv", LIST))
    dropped = Offer.objects.get(warehouse=profile.warehouse, part__number_norm="OC90")
    position = OrderPositionFactory(offer=dropped)
    CartLineFactory(offer=dropped)
    profile.max_removed_percent = 100
    profile.save()

    result = run(
        profile, write_list(tmp_path / "two.csv", LIST.replace("KNECHT;OC 90;", "KNECHT;OC 9;"))
    )

    assert result.status == ImportStatus.PUBLISHED
    assert not Offer.objects.filter(pk=dropped.pk).exists()
    position.refresh_from_db()
    assert position.offer_id is None
    assert position.number == "OC 90"  # the order keeps its copy of the line
    assert not CartLine.objects.exists()
    assert OrderPosition.objects.count() == 1


def test_a_part_listed_twice_at_the_warehouse_before_keeps_one_offer(tmp_path, profile, known_part):
    first = OfferFactory(warehouse=profile.warehouse, part=known_part)
    OfferFactory(warehouse=profile.warehouse, part=known_part)
    profile.max_removed_percent = profile.max_price_jump_percent = 100
    profile.save()

    result = run(profile, write_list(tmp_path / "price.csv", LIST))

    assert result.status == ImportStatus.PUBLISHED
    offers = Offer.objects.filter(warehouse=profile.warehouse, part=known_part)
    assert [offer.pk for offer in offers] == [first.pk]
    assert offers[0].purchase_price == Decimal("2500.54")
    assert result.offers_removed == 1
