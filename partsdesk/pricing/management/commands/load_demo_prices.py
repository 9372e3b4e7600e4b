import json as _json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy

from partsdesk.catalog.demo import load_demo_price_groups


class Command(BaseCommand):
    help = gettext_lazy(
        "Create the demo's price groups and put the demo company customer in a wholesale group "
        "(run after load_demo_accounts; a second run changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("print a machine-readable summary")
        )

    def handle(self, *args, json: bool = False, **options):
        summary = load_demo_price_groups()
        if json:
            self.stdout.write(_json.dumps(summary, ensure_ascii=False))
        else:
            for line in summary["lines"]:
                self.stdout.write(line)
