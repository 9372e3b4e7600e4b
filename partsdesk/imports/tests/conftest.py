import pytest

from partsdesk.catalog.services import brand_alias_add
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.imports.models import ImportProfile
from partsdesk.pricing.tests.factories import SupplierFactory, WarehouseFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def brands(db):
    mann = BrandFactory(name="MANN-FILTER")
    brand_alias_add(brand=mann, spelling="MANN")
    return {
        "mann": mann,
        "knecht": BrandFactory(name="KNECHT"),
        "bosch": BrandFactory(name="BOSCH"),
    }


@pytest.fixture
def profile(db):
    """The import profile of a supplier that lists in rubles with a 25 % markup."""
    supplier = SupplierFactory(code="autotrade", name="Автотрейд")
    warehouse = WarehouseFactory(supplier=supplier, name="Москва")
    return ImportProfile.objects.create(supplier=supplier, warehouse=warehouse)


@pytest.fixture
def known_part(brands):
    return PartFactory(brand=brands["mann"], number="W 712/75", name="Фильтр масляный")


def write_list(path, text: str, encoding: str = "cp1251"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(autouse=True)
def no_staging_tables_left(request, django_db_blocker):
    """Staging tables are plain tables: one a test leaves must not fail the next test."""
    yield
    if request.node.get_closest_marker("django_db") is None:
        return
    from partsdesk.imports.staging import staging_drop, staging_tables

    with django_db_blocker.unblock():
        for import_id in staging_tables():
            staging_drop(import_id)
