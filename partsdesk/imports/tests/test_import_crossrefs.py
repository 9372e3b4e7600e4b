import pytest

from partsdesk.catalog.models import CrossKind, CrossReference, Part
from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.imports.models import ImportKind, ImportStatus, UnknownBrand
from partsdesk.imports.services import import_create, import_run

from .conftest import write_list

pytestmark = pytest.mark.django_db

CROSSREFS = """Бренд;Артикул;Бренд аналога;Артикул аналога
MANN;W 712/75;KNECHT;OC 90
mann-filter;W712/75;BOSCH;0 986 452 041
KNECHT;OC 90;MANN;W 712/75
KNECHT;OC 90;КАКОЙ-ТО;123
BOSCH;;KNECHT;OC 90
"""


def run(path, **kwargs):
    return import_run(
        import_create(kind=ImportKind.CROSSREFS, file=path, filename=path.name, **kwargs)
    )


def test_crossrefs_link_both_ways_and_create_parts(tmp_path, brands, known_part):
    result = run(write_list(tmp_path / "cross.csv", CROSSREFS + "BOSCH;F 026;KNECHT;OC 90\n" * 5))

    assert result.status == ImportStatus.PUBLISHED
    assert result.rows_ok == 8 and result.rows_bad == 2
    assert result.report["bad_by_reason"] == {"unknown_brand": 1, "no_number": 1}
    assert result.report["links_new"] == 3
    assert result.parts_new == 3  # OC 90, 0 986 452 041, F 026
    oc90 = Part.objects.get(brand=brands["knecht"], number_norm="OC90")
    assert CrossReference.objects.filter(
        part=known_part, analog=oc90, kind=CrossKind.ANALOG
    ).exists()
    assert CrossReference.objects.filter(part=oc90, analog=known_part).exists()
    assert UnknownBrand.objects.filter(key="КАКОЙТО").exists()


def test_crossrefs_twice_add_nothing_and_a_dry_run_writes_nothing(tmp_path, brands, known_part):
    path = write_list(tmp_path / "cross.csv", CROSSREFS + "BOSCH;F 026;KNECHT;OC 90\n" * 5)
    dry = run(path, dry_run=True)
    assert dry.status == ImportStatus.CHECKED
    assert dry.report["links_new"] == 3
    assert not CrossReference.objects.exists()

    run(path)
    links = CrossReference.objects.count()
    again = run(path)
    assert again.report["links_new"] == 0
    assert again.report["links_known"] == 3
    assert CrossReference.objects.count() == links == 6


def test_an_existing_link_of_another_kind_is_kept(tmp_path, brands, known_part):
    from partsdesk.catalog.models import CrossSource
    from partsdesk.catalog.services import cross_reference_add

    oc90 = PartFactory(brand=brands["knecht"], number="OC 90")
    cross_reference_add(
        part=oc90, analog=known_part, kind=CrossKind.ORIGINAL, source=CrossSource.MANAGER
    )
    run(write_list(tmp_path / "cross.csv", "MANN;W 712/75;KNECHT;OC 90\n"))
    assert CrossReference.objects.count() == 2


def test_a_mostly_broken_crossref_file_is_rejected(tmp_path, brands):
    result = run(write_list(tmp_path / "cross.csv", "MANN;W 712/75;KNECHT;OC 90\nx;;y;\n" * 2))
    assert result.status == ImportStatus.REJECTED
    assert not CrossReference.objects.exists()


def test_crossrefs_from_an_xlsx_workbook(tmp_path, brands, known_part):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Бренд", "Артикул", "Бренд аналога", "Артикул аналога"])
    sheet.append(["MANN", "W 712/75", "KNECHT", "OC 90"])
    sheet.append(["BOSCH", 986452041, "MANN", "W712/75"])
    sheet.append(["BOSCH", None, "MANN", "W712/75"])
    sheet.append(["KNECHT", "OC 91", "MANN", "W 719/30"])
    sheet.append(["KNECHT", "OC 92", "MANN", "W 719/31"])
    path = tmp_path / "cross.xlsx"
    workbook.save(path)

    result = run(path)

    assert result.status == ImportStatus.PUBLISHED
    assert result.report["format"] == "xlsx"
    assert (result.rows_ok, result.rows_bad) == (4, 1)
    assert result.report["bad_rows"] == [{"line": 4, "reason": "no_number", "value": ""}]
    assert result.report["links_new"] == 4
    assert Part.objects.filter(number_norm="986452041").exists()
