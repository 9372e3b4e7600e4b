import json as _json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partsdesk.orders.demo import load_demo_orders


class Command(BaseCommand):
    help = _(
        "Load the demo orders: the demo customers' orders in several states and an overdue "
        "one in the manager's queue (after load_demo, load_demo_accounts and load_demo_shop)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("Print a JSON summary."))

    def handle(self, *args, json: bool = False, **options):
        summary = load_demo_orders()
        if json:
            self.stdout.write(_json.dumps(summary, ensure_ascii=False))
        elif summary["created"]:
            self.stdout.write(_("Demo orders: %s") % ", ".join(summary["created"]))
        else:
            self.stdout.write(_("No demo orders were added: %s") % summary["reason"])
