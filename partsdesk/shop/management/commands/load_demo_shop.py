import json as _json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partsdesk.shop.demo import load_demo_shop


class Command(BaseCommand):
    help = _(
        "Load the demo shop settings: Moscow business calendar, pickup points, delivery bands."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("Print a JSON summary."))

    def handle(self, *args, json: bool = False, **options):
        summary = load_demo_shop()
        if json:
            self.stdout.write(_json.dumps(summary, ensure_ascii=False))
        elif summary["loaded"]:
            self.stdout.write(_("Loaded: %s") % ", ".join(summary["loaded"]))
        else:
            self.stdout.write(_("The demo shop settings are in place already."))
