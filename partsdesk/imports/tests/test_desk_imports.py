"""The desk's import pages: upload a list, follow it, read its report, publish or discard."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.imports.models import ImportKind, ImportStatus, PriceListImport
from partsdesk.imports.services import import_create, import_run
from partsdesk.pricing.models import Offer

LIST = "Бренд;Артикул;Наименование;Цена;Кол-во;Срок\n" + (
    "MANN;W 712/75;Фильтр масляный;2 500,54 руб;>10;2-4\n"
    "KNECHT;;без номера;100;1;1\n"
    "KNECHT;OC 92;по запросу;по запросу;1;1\n"
    "ФИЛЬТРОН;OP 520;Фильтр масляный;310;3;1\n"
    + "".join(f"KNECHT;OC {n};Фильтр масляный;{n}0,00;4;3\n" for n in range(100, 110))
)  # 11 good rows, 2 bad, 1 held for an unknown brand


def list_file(text: str = LIST, name: str = "price.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("cp1251"), content_type="text/csv")


@pytest.fixture
def senior_manager(db):
    return ManagerFactory(username="senior", roles=[Role.MANAGER, Role.SENIOR_MANAGER])


@pytest.fixture
def staff(client, senior_manager):
    client.force_login(senior_manager)
    return client


def upload(client, profile, *, capture, text: str = LIST, **data):
    with capture(execute=True) as callbacks:
        response = client.post(
            reverse("desk:import_upload"),
            {"supplier": profile.supplier_id, "file": list_file(text), **data},
        )
    return response, callbacks


def test_an_uploaded_list_is_imported_and_its_page_shows_the_report(
    staff, profile, brands, senior_manager, django_capture_on_commit_callbacks
):
    # when: a senior manager uploads a list
    response, callbacks = upload(staff, profile, capture=django_capture_on_commit_callbacks)

    # then: the import runs once the upload is committed, and the page follows it
    price_list_import = PriceListImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("desk:import", kwargs={"import_id": price_list_import.pk})
    assert callbacks[0].args == (price_list_import.pk,)  # run_import.delay, after the commit
    price_list_import.refresh_from_db()
    assert price_list_import.status == ImportStatus.PUBLISHED
    assert price_list_import.created_by == senior_manager
    assert (price_list_import.rows_ok, price_list_import.rows_bad) == (11, 2)
    assert Offer.objects.filter(warehouse=profile.warehouse).count() == 11

    page = staff.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "hx-trigger" not in html  # finished: nothing polls
    assert "Published" in html
    assert 'data-count="rows_ok">11<' in html
    assert 'data-count="rows_bad">2<' in html
    assert 'data-count="rows_held">1<' in html
    assert 'data-count="offers_new">11<' in html
    # bad rows by reason, in words, with the sample rows' lines
    assert "No article number" in html
    assert "The price does not read as a number" in html
    assert "Less stock than the profile" not in html
    assert '<td data-label="Line" class="num">3</td>' in html
    # the unknown spelling links to the moderation queue
    assert "ФИЛЬТРОН" in html
    assert reverse("desk:import_brands") + "#spelling-" in html


def test_a_dry_run_reports_and_changes_nothing(
    staff, profile, brands, django_capture_on_commit_callbacks
):
    response, _callbacks = upload(
        staff, profile, capture=django_capture_on_commit_callbacks, dry_run="on"
    )

    price_list_import = PriceListImport.objects.get()
    assert price_list_import.dry_run
    assert price_list_import.status == ImportStatus.CHECKED
    assert price_list_import.offers_new == 11
    assert not Offer.objects.exists()
    html = staff.get(response.url).content.decode()
    assert "Dry run: nothing was changed" in html
    assert 'data-count="offers_new">11<' in html


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"file": lambda: list_file(name="price.pdf")}, "Upload a CSV, TXT or XLSX file"),
        ({"file": lambda: list_file(text="", name="price.csv")}, "The submitted file is empty"),
        ({"supplier": ""}, "Choose the supplier."),
        ({"file": None}, "Choose the file."),
    ],
)
def test_a_bad_upload_is_refused_with_a_reason_and_starts_nothing(
    staff, profile, data, error, django_capture_on_commit_callbacks
):
    form = {"supplier": profile.supplier_id, "file": list_file()}
    for name, value in data.items():
        if value is None:
            del form[name]
        else:
            form[name] = value() if callable(value) else value

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff.post(reverse("desk:import_upload"), form)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not PriceListImport.objects.exists()
    assert callbacks == []


def test_a_cross_reference_file_is_imported_from_its_form(
    staff, brands, django_capture_on_commit_callbacks
):
    text = (
        "KNECHT;OC 90;MANN;W 712/75\nKNECHT;OC 90;КАКОЙ-ТО;123\n" + "BOSCH;F 026;KNECHT;OC 90\n" * 4
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff.post(
            reverse("desk:import_upload_crossrefs"), {"file": list_file(text, "cross.csv")}
        )

    price_list_import = PriceListImport.objects.get()
    assert response.status_code == 302
    assert callbacks[0].args == (price_list_import.pk,)
    assert (price_list_import.kind, price_list_import.supplier) == (ImportKind.CROSSREFS, None)
    price_list_import.refresh_from_db()
    assert price_list_import.status == ImportStatus.PUBLISHED
    html = staff.get(response.url).content.decode()
    assert 'data-count="links_new">2<' in html
    assert 'data-count="rows_bad">1<' in html
    assert "Unknown brand spelling" in html  # the bad row's reason, in words
    assert "КАКОЙ-ТО" in html and "import the file again" in html


def test_a_cross_reference_file_must_be_a_list(staff, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("desk:import_upload_crossrefs"), {"file": list_file("x", "cross.pdf")}
        )

    assert response.status_code == 400
    assert "Upload a CSV, TXT or XLSX file" in response.content.decode()
    assert not PriceListImport.objects.exists()


def queued(profile, tmp_path) -> PriceListImport:
    path = tmp_path / "price.csv"
    path.write_bytes(LIST.encode("cp1251"))
    return import_create(supplier=profile.supplier, file=path, filename="price.csv")


def test_the_progress_box_polls_while_the_import_runs_and_stops_after(
    staff, profile, brands, tmp_path
):
    price_list_import = queued(profile, tmp_path)
    progress = reverse("desk:import_progress", kwargs={"import_id": price_list_import.pk})

    # queued: the page shows the box, which polls every second
    page = staff.get(reverse("desk:import", kwargs={"import_id": price_list_import.pk}))
    html = page.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{progress}"' in html
    assert "Queued" in html
    assert "data-count" not in html  # no report yet

    # running, half read
    PriceListImport.objects.filter(pk=price_list_import.pk).update(
        status=ImportStatus.RUNNING, bytes_total=2000, bytes_read=1000, rows_read=7
    )
    box = staff.get(progress, headers={"HX-Request": "true"})
    html = box.content.decode()
    assert box.status_code == 200
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="100" value="50">' in html
    assert "7 rows read" in html
    assert "<html" not in html  # a fragment

    # finished: the page reloads once to show the report
    import_run_result = PriceListImport.objects.get(pk=price_list_import.pk)
    import_run_result.status = ImportStatus.QUEUED
    import_run_result.save()
    import_run(import_run_result)
    box = staff.get(progress, headers={"HX-Request": "true"})
    assert box["HX-Refresh"] == "true"
    assert "hx-trigger" not in staff.get(progress).content.decode()


def removing_list(profile, tmp_path, brands) -> PriceListImport:
    """A list published, then one that drops most of its offers: held for review."""
    first = tmp_path / "one.csv"
    first.write_bytes(LIST.encode("cp1251"))
    import_run(import_create(supplier=profile.supplier, file=first, filename="one.csv"))
    second = tmp_path / "two.csv"
    second.write_bytes("Бренд;Артикул;Цена\nKNECHT;OC 100;1000\n".encode("cp1251"))
    held = import_run(import_create(supplier=profile.supplier, file=second, filename="two.csv"))
    assert held.status == ImportStatus.QUARANTINED
    return held


def test_a_held_list_says_why_and_is_published_from_its_page(
    staff, profile, brands, tmp_path, senior_manager
):
    held = removing_list(profile, tmp_path, brands)
    page_url = reverse("desk:import", kwargs={"import_id": held.pk})

    html = staff.get(page_url).content.decode()
    assert "Held for review" in html
    assert "remove more of the supplier’s offers than the profile allows" in html.replace(
        "&#x27;", "’"
    ).replace("'", "’")
    assert 'id="publish-form"' in html and 'data-confirm="' in html

    response = staff.post(reverse("desk:import_publish", kwargs={"import_id": held.pk}))

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == ImportStatus.PUBLISHED
    assert held.decided_by == senior_manager
    assert Offer.objects.filter(warehouse=profile.warehouse).count() == 1
    assert "The list is published" in staff.get(page_url).content.decode()


def test_a_held_list_is_discarded_and_cannot_be_published_after(staff, profile, brands, tmp_path):
    held = removing_list(profile, tmp_path, brands)

    staff.post(reverse("desk:import_discard", kwargs={"import_id": held.pk}))

    held.refresh_from_db()
    assert held.status == ImportStatus.DISCARDED
    assert Offer.objects.filter(warehouse=profile.warehouse).count() == 11

    # publishing it now is refused with the service's reason, and changes nothing
    response = staff.post(
        reverse("desk:import_publish", kwargs={"import_id": held.pk}), follow=True
    )
    assert "Only a list held for review can be published." in response.content.decode()
    held.refresh_from_db()
    assert held.status == ImportStatus.DISCARDED
    assert Offer.objects.filter(warehouse=profile.warehouse).count() == 11


def test_a_rejected_list_shows_why(staff, profile, brands, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes("Бренд;Артикул;Цена\nMANN;W 712/75;100\nMANN;;1\nMANN;;1\n".encode())
    rejected = import_run(import_create(supplier=profile.supplier, file=path, filename="b.csv"))

    html = staff.get(reverse("desk:import", kwargs={"import_id": rejected.pk})).content.decode()

    assert "The list was rejected" in html
    assert "Too many bad rows." in html
    assert "Bad rows: 66.7 % (the profile allows 20.00 %)" in html


def test_the_list_filters_and_puts_held_lists_on_top(staff, profile, brands, tmp_path):
    held = removing_list(profile, tmp_path, brands)
    other = queued(profile, tmp_path)

    html = staff.get(reverse("desk:imports")).content.decode()
    top, _rest = html.split('<form method="get"', 1)
    assert f'data-import="{held.pk}"' in top
    assert f'data-import="{other.pk}"' not in top

    filtered = staff.get(reverse("desk:imports"), {"status": ImportStatus.QUEUED})
    listing = filtered.content.decode().split('<form method="get"', 1)[1]
    assert f'data-import="{other.pk}"' in listing
    assert f'data-import="{held.pk}"' not in listing

    elsewhere = staff.get(reverse("desk:imports"), {"supplier": profile.supplier_id + 1000})
    assert elsewhere.status_code == 200  # an unknown supplier filters nothing in, breaks nothing


@pytest.fixture
def people(db):
    return {
        "anonymous": None,
        "customer": CustomerFactory().user,
        "manager": ManagerFactory(roles=[Role.MANAGER]),
        "senior_manager": ManagerFactory(roles=[Role.MANAGER, Role.SENIOR_MANAGER]),
        "administrator": ManagerFactory(roles=[Role.ADMINISTRATOR]),
    }


PAGES = [
    ("desk:imports", {}),
    ("desk:import_upload", {}),
    ("desk:import", {"import_id": 0}),
    ("desk:import_progress", {"import_id": 0}),
    ("desk:import_profiles", {}),
    ("desk:import_profile", {"supplier_id": 0}),
    ("desk:import_brands", {}),
    ("desk:import_brand_search", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("customer", 403),
        ("manager", 403),
        ("senior_manager", 200),
        ("administrator", 200),
    ],
)
def test_only_staff_who_run_imports_open_the_pages(
    client, people, profile, tmp_path, name, kwargs, who, status
):
    price_list_import = queued(profile, tmp_path)
    kwargs = {
        key: price_list_import.pk if key == "import_id" else profile.supplier_id for key in kwargs
    }
    if people[who] is not None:
        client.force_login(people[who])

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("who", ["anonymous", "manager"])
def test_others_cannot_upload_publish_or_discard(client, people, profile, brands, tmp_path, who):
    held = removing_list(profile, tmp_path, brands)
    if people[who] is not None:
        client.force_login(people[who])

    responses = [
        client.post(reverse("desk:import_publish", kwargs={"import_id": held.pk})),
        client.post(reverse("desk:import_discard", kwargs={"import_id": held.pk})),
        client.post(
            reverse("desk:import_upload"), {"supplier": profile.supplier_id, "file": list_file()}
        ),
    ]

    assert [response.status_code for response in responses] == [
        302 if who == "anonymous" else 403
    ] * 3
    held.refresh_from_db()
    assert held.status == ImportStatus.QUARANTINED
    assert PriceListImport.objects.count() == 2


def test_the_nav_links_imports_for_those_who_run_them(client, people):
    client.force_login(people["senior_manager"])
    assert reverse("desk:imports") in client.get(reverse("desk:home")).content.decode()
    client.force_login(people["manager"])
    assert reverse("desk:imports") not in client.get(reverse("desk:home")).content.decode()
