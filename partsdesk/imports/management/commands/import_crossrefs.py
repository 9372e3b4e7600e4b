from pathlib import Path

from django.utils.translation import gettext as _

from partsdesk.imports.models import ImportKind
from partsdesk.imports.selectors import REJECTED_BECAUSE, ROW_REASONS

from .import_prices import Command as ImportPricesCommand


class Command(ImportPricesCommand):
    help = _(
        "Import a cross-reference file (brand;number;analog brand;analog number) "
        "into the two-way analog links, and print the report."
    )
    kind = ImportKind.CROSSREFS

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Report what would change; change nothing.")
        )
        parser.add_argument("--json", action="store_true", help=_("Print the report as JSON."))

    def handle(self, *args, file, dry_run=False, json=False, **options):
        self.run(Path(file), supplier=None, dry_run=dry_run, json=json)

    def print_report(self, data: dict) -> None:
        report = data["report"]
        write = self.stdout.write
        write(_("Import %(id)s of %(file)s: %(status)s") % {**data, "status": data["status_text"]})
        write(_("Rows: %(rows_ok)s good, %(rows_bad)s bad") % data)
        for reason, count in report.get("bad_by_reason", {}).items():
            write(f"  {ROW_REASONS.get(reason, reason)}: {count}")
        write(
            _("Links: %(new)s new, %(known)s already known; %(parts)s new parts")
            % {
                "new": report.get("links_new", 0),
                "known": report.get("links_known", 0),
                "parts": data["parts_new"],
            }
        )
        if "rejected_because" in report:
            reason = report["rejected_because"]
            write(_("Rejected: %s") % REJECTED_BECAUSE.get(reason, reason))
        if "error" in report:
            write(_("Error: %s") % report["error"])
