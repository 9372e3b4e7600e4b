import json as _json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partsdesk.accounts.demo import load_demo_accounts


class Command(BaseCommand):
    help = _("Create the demo managers, administrator and customers (see README.md).")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("Print a JSON summary."))

    def handle(self, *args, json: bool = False, **options):
        summary = load_demo_accounts()
        if json:
            self.stdout.write(_json.dumps(summary, ensure_ascii=False))
        elif summary["created"]:
            self.stdout.write(_("Created: %s") % ", ".join(summary["created"]))
        else:
            self.stdout.write(_("The demo accounts exist already."))
