import json as _json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partsdesk.pricing.models import Supplier
from partsdesk.pricing.selectors import MissingExchangeRate
from partsdesk.pricing.services import supplier_reprice_offers


class Command(BaseCommand):
    help = _(
        "Recompute the sale prices of suppliers' offers from their markups and exchange rates."
    )

    def add_arguments(self, parser):
        parser.add_argument("suppliers", nargs="*", metavar="SUPPLIER_CODE")
        parser.add_argument("--json", action="store_true", help=_("Print a JSON summary."))

    def handle(self, *args, suppliers, json: bool = False, **options):
        queryset = Supplier.objects.order_by("code")
        if suppliers:
            queryset = queryset.filter(code__in=suppliers)
            unknown = set(suppliers) - set(queryset.values_list("code", flat=True))
            if unknown:
                raise CommandError(_("Unknown suppliers: %s") % ", ".join(sorted(unknown)))
        summary = {}
        for supplier in queryset:
            try:
                summary[supplier.code] = supplier_reprice_offers(supplier=supplier)
            except MissingExchangeRate as error:
                raise CommandError(str(error)) from error
            if not json:
                self.stdout.write(
                    _("%(code)s: %(count)d offers repriced")
                    % {"code": supplier.code, "count": summary[supplier.code]}
                )
        if json:
            self.stdout.write(_json.dumps({"repriced": summary, "total": sum(summary.values())}))
