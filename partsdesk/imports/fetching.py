"""Fetching suppliers' price lists from their URLs, daily at each profile's hour."""

from __future__ import annotations

import logging
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportProfile, ListSource, PriceListImport
from .services import import_create

logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 60  # seconds without a byte before giving up
MAX_LIST_BYTES = 4 * 1024**3


class FetchError(ValueError):
    pass


def profiles_due(now=None) -> list[ImportProfile]:
    """Profiles with a URL whose hour of the day has come and that were not fetched today."""
    now = timezone.localtime(now)
    due = []
    for profile in ImportProfile.objects.filter(source=ListSource.URL).exclude(url=""):
        fetched = profile.last_fetched_at
        if now.hour >= profile.fetch_hour and (
            fetched is None or timezone.localtime(fetched).date() < now.date()
        ):
            due.append(profile)
    return due


def _filename(url: str, content_type: str) -> str:
    name = Path(urllib.parse.urlparse(url).path).name
    if Path(name).suffix.lower() in {".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}:
        return name
    return "list.xlsx" if "spreadsheet" in content_type else "list.csv"


def profile_fetch(profile: ImportProfile) -> PriceListImport:
    """Download the profile's list and queue its import; FetchError says what went wrong."""
    url = profile.url
    if urllib.parse.urlparse(url).scheme not in ("http", "https"):
        raise FetchError(_("Only http and https lists can be fetched, not %(url)s.") % {"url": url})
    request = urllib.request.Request(url, headers={"User-Agent": "Partsdesk price-list fetcher"})
    try:
        with (
            urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response,
            tempfile.TemporaryFile() as copy,
        ):
            size = 0
            while chunk := response.read(1024 * 1024):
                size += len(chunk)
                if size > MAX_LIST_BYTES:
                    raise FetchError(_("The list is larger than the import accepts."))
                copy.write(chunk)
            copy.seek(0)
            filename = _filename(response.geturl(), response.headers.get("Content-Type", ""))
            return import_create(supplier=profile.supplier, file=copy, filename=filename)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FetchError(
            _("Could not fetch %(url)s: %(error)s") % {"url": url, "error": error}
        ) from error


def lists_fetch_due(now=None) -> list[PriceListImport]:
    """Fetch every due list and queue its import; a failure is kept on the profile."""
    from .tasks import run_import

    queued = []
    for profile in profiles_due(now):
        try:
            price_list_import = profile_fetch(profile)
        except FetchError as error:
            logger.warning("%s", error)
            ImportProfile.objects.filter(pk=profile.pk).update(
                last_fetched_at=timezone.now(), last_fetch_error=str(error)[:500]
            )
            continue
        ImportProfile.objects.filter(pk=profile.pk).update(
            last_fetched_at=timezone.now(), last_fetch_error=""
        )
        import_id = price_list_import.pk
        transaction.on_commit(lambda import_id=import_id: run_import.delay(import_id))
        queued.append(price_list_import)
    return queued
