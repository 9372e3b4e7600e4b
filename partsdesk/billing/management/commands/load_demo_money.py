import json as _json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partsdesk.billing import demo_orders
from partsdesk.invoices import demo as invoices_demo
from partsdesk.payments import demo as payments_demo
from partsdesk.promotions import demo as promotions_demo


class Command(BaseCommand):
    help = _(
        "Load the demo money: balances and credit terms, the demo orders' reserves and "
        "payments, card top-ups, the shop's requisites with an invoice and the 1C statement "
        "that pays it, promo codes and a promotion (after load_demo_orders). A second run "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("Print a JSON summary."))

    def handle(self, *args, json: bool = False, **options):
        summary = {
            "orders": demo_orders.load_demo(),
            "payments": payments_demo.load_demo(),
            "invoices": invoices_demo.load_demo(),
            "promotions": promotions_demo.load_demo(),
        }
        if json:
            self.stdout.write(_json.dumps(summary, ensure_ascii=False, default=str))
            return
        statement = summary["invoices"].get("statement")
        self.stdout.write(_("Demo money loaded."))
        if statement:
            self.stdout.write(
                _("Upload %(file)s at /desk/invoices/statements/ to pay the demo invoice.")
                % {"file": statement}
            )
