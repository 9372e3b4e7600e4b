import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partsdesk.catalog.demo import (
    DEFAULT_OFFERS,
    DEFAULT_PARTS,
    DEFAULT_SEED,
    DemoError,
    catalog_counts,
    catalog_is_empty,
    delete_catalog,
    load_demo,
)


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the demo catalog: about 100 real brands with their spellings, parts in each "
        "brand's number format, cross-references, 5 suppliers and their offers. The same seed "
        "gives the same catalog."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=gettext_lazy("the random seed")
        )
        parser.add_argument(
            "--parts", type=int, default=DEFAULT_PARTS, help=gettext_lazy("how many parts")
        )
        parser.add_argument(
            "--offers", type=int, default=DEFAULT_OFFERS, help=gettext_lazy("how many offers")
        )
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy(
                "delete the existing catalog (offers, cross-references, parts, brands, "
                "suppliers, warehouses, exchange rates) first"
            ),
        )
        existing.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy("do nothing, successfully, if the database already has a catalog"),
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("print a machine-readable summary")
        )

    def handle(self, *args, seed, parts, offers, replace, if_empty, **options):
        started = time.monotonic()
        as_json = options["json"]
        progress = None if as_json else self.stdout
        deleted: dict[str, int] = {}
        with transaction.atomic():
            if not catalog_is_empty():
                if if_empty:
                    self._skip(as_json, catalog_counts())
                    return
                if not replace:
                    raise CommandError(
                        _(
                            "The database already has a catalog (%(parts)d parts, %(brands)d "
                            "brands, %(suppliers)d suppliers); nothing was changed. Run with "
                            "--replace to delete it and load the demo."
                        )
                        % catalog_counts()
                    )
                if progress is not None:
                    progress.write(_("Deleting the existing catalog…"))
                deleted = delete_catalog()
            if progress is not None:
                message = _(
                    "Loading the demo catalog: seed %(seed)d, %(parts)d parts, %(offers)d offers…"
                )
                progress.write(message % {"seed": seed, "parts": parts, "offers": offers})
            try:
                counts = load_demo(seed=seed, parts=parts, offers=offers, stdout=progress)
            except DemoError as error:
                raise CommandError(str(error)) from error
        seconds = round(time.monotonic() - started, 2)
        if as_json:
            summary = {**counts, "replaced": deleted, "seconds": seconds}
            self.stdout.write(_json_dumps(summary))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Loaded %(brands)d brands, %(parts)d parts, %(cross_references)d "
                    "cross-references, %(suppliers)d suppliers and %(offers)d offers "
                    "in %(seconds).1f s."
                )
                % {**counts, "seconds": seconds}
            )
        )

    def _skip(self, as_json: bool, counts: dict[str, int]) -> None:
        if as_json:
            self.stdout.write(_json_dumps({"skipped": True, **counts}))
        else:
            self.stdout.write(
                _("The database already has a catalog (%(parts)d parts); nothing was loaded.")
                % counts
            )


def _json_dumps(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False, sort_keys=True)
