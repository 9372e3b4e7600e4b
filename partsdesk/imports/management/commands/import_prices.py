import json as _json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partsdesk.imports.models import ImportKind, ImportStatus, PriceListImport
from partsdesk.imports.selectors import HELD_BECAUSE, REJECTED_BECAUSE, ROW_REASONS
from partsdesk.imports.services import import_create, import_run
from partsdesk.pricing.models import Supplier

BAR_WIDTH = 30

# What a finished import means for the exit code: a list that did not go live is a failure.
EXIT_CODES = {
    ImportStatus.PUBLISHED: 0,
    ImportStatus.CHECKED: 0,
    ImportStatus.QUARANTINED: 3,
    ImportStatus.REJECTED: 4,
    ImportStatus.FAILED: 5,
}


def summary(price_list_import: PriceListImport) -> dict:
    """The import's figures and report as one JSON-ready dict."""
    fields = (
        "status",
        "dry_run",
        "rows_read",
        "rows_ok",
        "rows_bad",
        "rows_held",
        "offers_new",
        "offers_changed",
        "offers_removed",
        "offers_unchanged",
        "parts_new",
    )
    started, finished = price_list_import.started_at, price_list_import.finished_at
    return {
        "id": price_list_import.pk,
        "status_text": str(price_list_import.get_status_display()),
        "supplier": price_list_import.supplier.code if price_list_import.supplier else None,
        "file": price_list_import.filename,
        **{field: getattr(price_list_import, field) for field in fields},
        "seconds": round((finished - started).total_seconds(), 3) if started and finished else None,
        "report": price_list_import.report,
    }


class ProgressBar:
    """A one-line progress bar on a terminal; silent when stderr is not one."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.shown = stream.isatty()

    def __call__(self, price_list_import: PriceListImport) -> None:
        if not self.shown:
            return
        percent = price_list_import.progress_percent
        filled = BAR_WIDTH * percent // 100
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}%"
            f"  {price_list_import.rows_read:,} rows"
        )
        if price_list_import.is_finished:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = _(
        "Import a supplier's price list: publish it, or hold it for review, or reject it, "
        "and print the report."
    )
    kind = ImportKind.PRICES

    def add_arguments(self, parser):
        parser.add_argument("supplier", metavar="SUPPLIER_CODE")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Report what would change; change nothing.")
        )
        parser.add_argument("--json", action="store_true", help=_("Print the report as JSON."))

    def handle(self, *args, supplier, file, dry_run=False, json=False, **options):
        supplier_obj = Supplier.objects.filter(code=supplier).first()
        if supplier_obj is None:
            raise CommandError(_("Unknown supplier: %s") % supplier)
        self.run(Path(file), supplier=supplier_obj, dry_run=dry_run, json=json)

    def run(self, path: Path, *, supplier, dry_run: bool, json: bool) -> None:
        if not path.is_file():
            raise CommandError(_("No such file: %s") % path)
        price_list_import = import_create(
            supplier=supplier, kind=self.kind, file=path, filename=path.name, dry_run=dry_run
        )
        result = import_run(price_list_import, progress=ProgressBar(sys.stderr))
        data = summary(result)
        if json:
            self.stdout.write(_json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            self.print_report(data)
        code = EXIT_CODES.get(result.status, 0)
        if code:
            sys.exit(code)

    def print_report(self, data: dict) -> None:
        report = data["report"]
        write = self.stdout.write
        write(_("Import %(id)s of %(file)s: %(status)s") % {**data, "status": data["status_text"]})
        write(
            _("Rows: %(rows_ok)s good, %(rows_bad)s bad, %(rows_held)s held for unknown brands")
            % data
        )
        for reason, count in report.get("bad_by_reason", {}).items():
            write(f"  {ROW_REASONS.get(reason, reason)}: {count}")
        for row in report.get("bad_rows", [])[:20]:
            reason = ROW_REASONS.get(row["reason"], row["reason"])
            write(_("    line %(line)s: %(reason)s (%(value)s)") % {**row, "reason": reason})
        write(
            _(
                "Offers: %(offers_new)s new, %(offers_changed)s changed, "
                "%(offers_removed)s removed, %(offers_unchanged)s unchanged; "
                "%(parts_new)s new parts"
            )
            % data
        )
        for change in report.get("price_changes", [])[:10]:
            write(
                f"  {change['brand']} {change['number']}: "
                f"{change['old_price']} → {change['new_price']}"
            )
        for spelling in report.get("unknown_brands", [])[:20]:
            write(_("  unknown brand %(spelling)s: %(rows)s rows") % spelling)
        for reason in report.get("held_because", []):
            write(_("Held for review: %s") % HELD_BECAUSE.get(reason, reason))
        if "rejected_because" in report:
            reason = report["rejected_because"]
            write(_("Rejected: %s") % REJECTED_BECAUSE.get(reason, reason))
        if "error" in report:
            write(_("Error: %s") % report["error"])
