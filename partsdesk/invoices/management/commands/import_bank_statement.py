import json as json_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partsdesk.invoices.services import InvoiceError, statement_import


class Command(BaseCommand):
    help = _(
        "Import a bank statement in the 1C format (1CClientBankExchange): credit the incoming "
        "payments that match an invoice, queue the rest for staff, skip what was imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--json", action="store_true", help=_("Print the summary as JSON."))

    def handle(self, *args, file, json=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        try:
            summary = statement_import(data=data, file_name=path.name, actor=None)
        except InvoiceError as error:
            if json:
                self.stdout.write(
                    json_module.dumps(
                        {"error": error.code, "message": error.message}, ensure_ascii=False
                    )
                )
            raise CommandError(error.message) from error
        if json:
            self.stdout.write(json_module.dumps(summary.as_dict()))
            return
        self.stdout.write(
            _(
                "Statement %(statement_id)d: %(documents)d documents; %(matched)d credited, "
                "%(unmatched)d to match by hand, %(duplicates)d already imported, "
                "%(ignored)d not incoming."
            )
            % summary.as_dict()
        )
