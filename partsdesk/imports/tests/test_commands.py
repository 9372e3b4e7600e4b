import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partsdesk.pricing.models import Offer

from .conftest import write_list
from .test_import_prices import LIST

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_prices_prints_the_report(tmp_path, profile, known_part):
    out = StringIO()
    call_command(
        "import_prices", "autotrade", str(write_list(tmp_path / "p.csv", LIST)), stdout=out
    )
    text = out.getvalue()
    assert "Published" in text
    assert "No brand: 1" in text
    assert "line 8: No brand (OC 91)" in text
    assert Offer.objects.filter(warehouse=profile.warehouse).count() == 15


def test_import_prices_dry_run_as_json(tmp_path, profile, known_part):
    out = StringIO()
    path = write_list(tmp_path / "p.csv", LIST)
    call_command("import_prices", "autotrade", str(path), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["status"] == "checked"
    assert (data["offers_new"], data["rows_bad"]) == (15, 3)
    assert set(data["report"]["phases"]) >= {"read", "incoming", "parts", "compare"}
    assert not Offer.objects.exists()


def test_import_prices_refuses_an_unknown_supplier_or_file(tmp_path, profile):
    with pytest.raises(CommandError):
        call_command("import_prices", "nobody", str(tmp_path / "p.csv"))
    with pytest.raises(CommandError):
        call_command("import_prices", "autotrade", str(tmp_path / "missing.csv"))


def test_a_held_list_exits_with_its_code(tmp_path, profile, known_part):
    call_command("import_prices", "autotrade", str(write_list(tmp_path / "a.csv", LIST)))
    half = "Бренд;Артикул;Цена\nMANN;W 712/75;2500,54\n"
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_prices",
            "autotrade",
            str(write_list(tmp_path / "b.csv", half)),
            stdout=StringIO(),
        )
    assert exit_info.value.code == 3


def test_import_crossrefs_prints_the_links(tmp_path, brands, known_part):
    out = StringIO()
    path = write_list(tmp_path / "x.csv", "MANN;W 712/75;KNECHT;OC 90\n")
    call_command("import_crossrefs", str(path), stdout=out)
    assert "Links: 1 new, 0 already known; 1 new parts" in out.getvalue()
