"""`manage.py ledger_check [--json]`: the ledger's invariants over every account, operation
and entry (a few set-based queries); exit code 1 when anything is wrong, 0 when it is sound."""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partsdesk.billing.checks import ledger_discrepancies

EXIT_DISCREPANCY = 1


def describe(kind: str) -> str:
    return {
        "balance_mismatch": _("stored balance differs from the sum of its entries"),
        "unbalanced_operation": _("entries of the operation do not sum to zero"),
        "running_balance": _("balance after the entry breaks the running balance"),
        "below_floor": _("available balance below its floor"),
        "reserved_negative": _("reserved balance below zero"),
    }[kind]


class Command(BaseCommand):
    help = "Checks that the ledger is sound; exits with 1 when it is not."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        found = ledger_discrepancies()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"ok": not found, "discrepancies": [d.as_dict() for d in found]},
                    ensure_ascii=False,
                )
            )
        else:
            for d in found:
                self.stdout.write(
                    _("%(model)s %(pk)s: %(problem)s (expected %(expected)s, stored %(actual)s)")
                    % {
                        "model": d.model,
                        "pk": d.pk,
                        "problem": describe(d.kind),
                        "expected": d.expected,
                        "actual": d.actual,
                    }
                )
            if found:
                self.stdout.write(_("Ledger discrepancies: %(count)d") % {"count": len(found)})
            else:
                self.stdout.write(_("The ledger is sound."))
        if found:
            sys.exit(EXIT_DISCREPANCY)
