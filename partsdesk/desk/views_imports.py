"""Price-list imports in the desk: upload a list and follow it, read its report, publish or
discard a held list, edit the suppliers' import profiles, map unknown brand spellings.

Everyone here needs `imports.run_import` (senior managers and administrators); the import
itself runs as a Celery task (`imports.run_import`) started once the upload is committed.
"""

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from partsdesk.catalog.services import CatalogError
from partsdesk.imports import selectors as import_selectors
from partsdesk.imports.models import ImportKind, ImportStatus, PriceListImport, UnknownBrand
from partsdesk.imports.services import (
    STALE_AFTER,
    PriceListImportError,
    import_create,
    import_discard,
    import_profile_get,
    import_publish,
    unknown_brand_resolve,
)
from partsdesk.imports.tasks import run_import
from partsdesk.pricing.models import Supplier

from . import selectors
from .forms_imports import (
    CrossReferenceUploadForm,
    ImportFilterForm,
    ImportProfileForm,
    PriceListUploadForm,
)

PAGE_SIZE = 50
RUN_IMPORT = "imports.run_import"


def import_staff_required(*permissions: str):
    """Signed-in staff with the import permission (and any others named); 403 for the rest."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms([RUN_IMPORT, *permissions]):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _render(request, template: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "desk_section": "imports",
        "is_administrator": selectors.is_administrator(request.user),
    }
    return render(request, template, context, status=status)


def _queue(price_list_import: PriceListImport) -> None:
    """Start the import once its row is committed (a worker must be able to read it).

    Robust: with eager tasks (no broker) the import runs right here, and an import that
    fails is already recorded as failed on its page; the upload itself went through.
    """
    transaction.on_commit(partial(run_import.delay, price_list_import.pk), robust=True)


# --- the list of imports and the upload ------------------------------------------------


@require_GET
@import_staff_required()
def imports_list(request):
    filters = ImportFilterForm(request.GET or None)
    supplier_id, status = None, ""
    if filters.is_valid():
        supplier = filters.cleaned_data["supplier"]
        supplier_id = supplier.pk if supplier else None
        status = filters.cleaned_data["status"]
    imports = import_selectors.imports_latest(supplier_id=supplier_id, status=status)
    page = Paginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "quarantined": import_selectors.imports_quarantined(),
        "waiting_brands": import_selectors.unknown_brands_waiting().count(),
    }
    return _render(request, "desk/imports/list.html", context)


def _upload_page(request, *, status: int = 200, prices_form=None, crossrefs_form=None):
    supplier_id = request.GET.get("supplier", "")
    initial = {"supplier": supplier_id} if supplier_id.isdigit() else {}
    context = {
        "prices_form": prices_form or PriceListUploadForm(initial=initial),
        "crossrefs_form": crossrefs_form or CrossReferenceUploadForm(),
    }
    return _render(request, "desk/imports/upload.html", context, status=status)


@require_http_methods(["GET", "POST"])
@import_staff_required()
def import_upload(request):
    if request.method == "GET":
        return _upload_page(request)
    form = PriceListUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                price_list_import = import_create(
                    supplier=form.cleaned_data["supplier"],
                    file=upload,
                    filename=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                )
                _queue(price_list_import)
        except PriceListImportError as error:
            form.add_error(None, str(error))
        else:
            return redirect("desk:import", import_id=price_list_import.pk)
    return _upload_page(request, status=400, prices_form=form)


@require_POST
@import_staff_required()
def import_upload_crossrefs(request):
    form = CrossReferenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                price_list_import = import_create(
                    kind=ImportKind.CROSSREFS,
                    file=upload,
                    filename=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                )
                _queue(price_list_import)
        except PriceListImportError as error:
            form.add_error(None, str(error))
        else:
            return redirect("desk:import", import_id=price_list_import.pk)
    return _upload_page(request, status=400, crossrefs_form=form)


# --- one import: progress, report, decision --------------------------------------------


def _progress_context(price_list_import: PriceListImport) -> dict:
    heartbeat = price_list_import.heartbeat_at
    return {
        "import": price_list_import,
        "silent": price_list_import.status == ImportStatus.RUNNING
        and heartbeat is not None
        and heartbeat < timezone.now() - STALE_AFTER,
    }


@require_GET
@import_staff_required()
def import_detail(request, import_id: int):
    price_list_import = get_object_or_404(import_selectors.imports_latest(), pk=import_id)
    context = _progress_context(price_list_import)
    if price_list_import.is_finished:
        context["report"] = import_selectors.import_report(price_list_import)
    return _render(request, "desk/imports/detail.html", context)


@require_GET
@import_staff_required()
def import_progress(request, import_id: int):
    """The progress box the import's page polls every second while the import runs."""
    price_list_import = get_object_or_404(PriceListImport, pk=import_id)
    if price_list_import.is_finished and request.htmx:
        # Done: the page reloads once and shows the report (and the polling stops with it).
        return HttpResponseClientRefresh()
    return render(request, "desk/imports/_progress.html", _progress_context(price_list_import))


@require_POST
@import_staff_required()
def import_decide(request, import_id: int, decision: str):
    price_list_import = get_object_or_404(PriceListImport, pk=import_id)
    decide = import_publish if decision == "publish" else import_discard
    try:
        decide(price_list_import, user=request.user)
    except PriceListImportError as error:
        messages.error(request, str(error))
    else:
        if decision == "publish":
            messages.success(request, _("The list is published: its offers are live."))
        else:
            messages.success(
                request, _("The list is discarded; the live offers stay as they were.")
            )
    return redirect("desk:import", import_id=price_list_import.pk)


# --- import profiles ---------------------------------------------------------------------


@require_GET
@import_staff_required("imports.view_importprofile")
def profiles_list(request):
    suppliers = import_selectors.suppliers_for_imports()
    return _render(request, "desk/imports/profiles.html", {"suppliers": suppliers})


@require_http_methods(["GET", "POST"])
@import_staff_required("imports.change_importprofile")
def profile_edit(request, supplier_id: int):
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    profile = import_profile_get(supplier)
    form = ImportProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("The import profile is saved."))
            return redirect("desk:import_profile", supplier_id=supplier.pk)
        status = 400
    else:
        status = 200
    context = {"supplier": supplier, "form": form}
    return _render(request, "desk/imports/profile.html", context, status=status)


# --- unknown brand spellings -------------------------------------------------------------


def _brands_page(request, *, status: int = 200, failed: dict | None = None):
    failed = dict(failed or {})
    # Each spelling with what went wrong when it was last sent, to show on its row; a refusal
    # for a spelling no longer waiting (resolved meanwhile) shows above the list.
    waiting = [
        (unknown, failed.pop(unknown.pk, None))
        for unknown in import_selectors.unknown_brands_waiting()
    ]
    context = {
        "waiting": waiting,
        "errors": [failure["error"] for failure in failed.values()],
        "resolved": import_selectors.unknown_brands_resolved(),
    }
    return _render(request, "desk/imports/brands.html", context, status=status)


@require_GET
@import_staff_required()
def brands_queue(request):
    return _brands_page(request)


@require_POST
@import_staff_required()
def brand_resolve(request, unknown_id: int):
    unknown_brand = get_object_or_404(UnknownBrand, pk=unknown_id)
    spelling = request.POST.get("brand", "").strip()[:100]
    new_name = request.POST.get("new_brand_name", "").strip()[:100]
    brand = None
    error = ""
    if spelling and new_name:
        error = _("Either choose a brand or name a new one, not both.")
    elif spelling:
        brand = import_selectors.brand_by_spelling(spelling)
        if brand is None:
            error = _("No brand is called “%(spelling)s”.") % {"spelling": spelling}
    elif not new_name:
        error = _("Choose a brand or name a new one.")
    if not error:
        try:
            added = unknown_brand_resolve(
                unknown_brand, user=request.user, brand=brand, new_brand_name=new_name
            )
        except (CatalogError, PriceListImportError) as refused:
            error = str(refused)
        else:
            unknown_brand.refresh_from_db()
            messages.success(
                request,
                ngettext(
                    "“%(spelling)s” now means %(brand)s: %(count)s offer added.",
                    "“%(spelling)s” now means %(brand)s: %(count)s offers added.",
                    added,
                )
                % {
                    "spelling": unknown_brand.spelling,
                    "brand": unknown_brand.resolved_brand.name,
                    "count": added,
                },
            )
            return redirect("desk:import_brands")
    failed = {unknown_brand.pk: {"error": error, "brand": spelling, "new_brand_name": new_name}}
    return _brands_page(request, status=400, failed=failed)


@require_GET
@import_staff_required()
def brand_search(request):
    """Options of the brand field's datalist: names matching what has been typed."""
    names = import_selectors.brands_matching(request.GET.get("brand", "")[:100])
    return render(request, "desk/imports/_brand_options.html", {"names": names})


urlpatterns = [
    path("", imports_list, name="imports"),
    path("upload/", import_upload, name="import_upload"),
    path("upload/crossrefs/", import_upload_crossrefs, name="import_upload_crossrefs"),
    path("<int:import_id>/", import_detail, name="import"),
    path("<int:import_id>/progress/", import_progress, name="import_progress"),
    path(
        "<int:import_id>/publish/",
        import_decide,
        {"decision": "publish"},
        name="import_publish",
    ),
    path(
        "<int:import_id>/discard/",
        import_decide,
        {"decision": "discard"},
        name="import_discard",
    ),
    path("profiles/", profiles_list, name="import_profiles"),
    path("profiles/<int:supplier_id>/", profile_edit, name="import_profile"),
    path("brands/", brands_queue, name="import_brands"),
    path("brands/search/", brand_search, name="import_brand_search"),
    path("brands/<int:unknown_id>/resolve/", brand_resolve, name="import_brand_resolve"),
]
