"""Time the price watch's check after an import: `watched_prices_check()` over N watched parts.

    python -m bench.watch --db sqlite   --offers 2000000 --watched 100000 --json
    python -m bench.watch --db postgres --offers 2000000 --watched 100000 --json

Builds (or reuses) the synthetic catalog of bench.catalog, then, in one transaction that is
rolled back at the end (the cached catalog is left as it was):
1. makes `--customers` customers watch `--watched` random parts (a part has 1 to 3 watchers;
   about a quarter of the catalog's parts have no offer, as in the generator);
2. `first`: the first check, which records every watched part's first point (part_watch
   does that one part at a time in real life);
3. `unchanged`: the check again with no price moved: what every later import pays;
4. `changed`: `--change-share` of the watched parts get a cheaper best offer (as an import
   would write it) and the check records their points and queues their notifications;
5. `notify`: telling the watchers of the first `--notify-points` changed points (the
   background task's work: in-app notification and email per watcher; mail goes to memory).
Prints one JSON object (seconds per phase, rows, queries per check).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time

from bench.catalog import ROOT, log


def _catalog(db: str, offers: int, seed: int) -> dict:
    """Build or reuse the catalog in a child process (this one connects to it afterwards)."""
    command = [sys.executable, "-m", "bench.catalog", "--db", db, "--offers", str(offers)]
    command += ["--seed", str(seed), "--json"]
    out = subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out)


def _timed(label: str, results: dict, work):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        value = work()
        seconds = time.perf_counter() - started
    results[label] = {"seconds": round(seconds, 3), "queries": len(queries), "result": value}
    log(f"{label}: {value} in {seconds:.3f} s, {len(queries)} queries")
    return value


class Rollback(Exception):
    pass


def run(args) -> dict:
    manifest = _catalog(args.db, args.offers, args.seed)
    os.environ["DATABASE_URL"] = manifest["url"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partsdesk.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from partsdesk.accounts.models import Customer, CustomerKind, User
    from partsdesk.catalog.models import Part
    from partsdesk.pricing.models import Offer
    from partsdesk.watch.models import PricePoint, WatchedPart, WatchedPrice
    from partsdesk.watch.services import price_changes_notify, watched_prices_check

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rng = random.Random(args.seed)
    results: dict = {
        "db": args.db,
        "catalog_offers": manifest["offers"],
        "catalog_parts": manifest["parts"],
        "watched_parts": args.watched,
        "customers": args.customers,
    }
    try:
        with transaction.atomic():
            t = time.perf_counter()
            part_ids = list(Part.objects.values_list("id", flat=True))
            chosen = rng.sample(part_ids, min(args.watched, len(part_ids)))
            users = User.objects.bulk_create(
                User(
                    username=f"bench-watch-{n}",
                    email=f"bench-watch-{n}@example.com",
                    password="!",
                    language="ru",
                )
                for n in range(args.customers)
            )
            customers = Customer.objects.bulk_create(
                Customer(user=user, kind=CustomerKind.INDIVIDUAL, full_name=user.username)
                for user in users
            )
            watches = []
            for part_id in chosen:
                for customer in rng.sample(customers, rng.choice((1, 1, 1, 2, 3))):
                    watches.append(WatchedPart(customer=customer, part_id=part_id))
            WatchedPart.objects.bulk_create(watches, batch_size=5000)
            # As part_watch would; the first check then records every first point.
            WatchedPrice.objects.bulk_create(
                (WatchedPrice(part_id=part_id, price=None) for part_id in chosen), batch_size=5000
            )
            results["watches"] = len(watches)
            results["setup_seconds"] = round(time.perf_counter() - t, 1)
            log(
                f"{len(watches):,} watches of {len(chosen):,} parts by {len(customers):,} customers"
            )

            _timed("first", results, watched_prices_check)
            results["first_points_in_stock"] = PricePoint.objects.exclude(price=None).count()
            _timed("unchanged", results, watched_prices_check)
            _timed("unchanged_again", results, watched_prices_check)

            # An import lowers the cheapest in-stock offer of some watched parts by 7 %.
            in_stock = list(
                PricePoint.objects.exclude(price=None).values_list("part_id", flat=True)
            )
            moved = rng.sample(in_stock, int(len(in_stock) * args.change_share))
            t = time.perf_counter()
            for start in range(0, len(moved), 500):
                ids = moved[start : start + 500]
                cheapest = {}
                for offer_id, part_id, price in (
                    Offer.objects.filter(part_id__in=ids, quantity__gt=0)
                    .order_by("part_id", "price")
                    .values_list("id", "part_id", "price")
                ):
                    cheapest.setdefault(part_id, (offer_id, price))
                Offer.objects.bulk_update(
                    [
                        Offer(id=oid, price=(p * 93 / 100).quantize(p))
                        for oid, p in cheapest.values()
                    ],
                    ["price"],
                )
            results["moved_parts"] = len(moved)
            results["move_seconds"] = round(time.perf_counter() - t, 1)

            before = PricePoint.objects.order_by("-id").values_list("id", flat=True).first()
            _timed("changed", results, watched_prices_check)
            to_tell = list(
                PricePoint.objects.filter(notified_at=None, id__gt=before)
                .order_by("id")
                .values_list("id", flat=True)[: args.notify_points]
            )
            told = _timed("notify", results, lambda: price_changes_notify(point_ids=to_tell))
            if told:
                results["notify"]["ms_per_watcher"] = round(
                    results["notify"]["seconds"] * 1000 / told, 2
                )
            if args.explain:
                from partsdesk.watch.selectors import watched_price_changes_sql

                explain = (
                    "EXPLAIN (ANALYZE, BUFFERS) "
                    if connection.vendor == "postgresql"
                    else "EXPLAIN QUERY PLAN "
                )
                with connection.cursor() as cursor:
                    cursor.execute(explain + watched_price_changes_sql())
                    results["plan"] = [" ".join(map(str, row)) for row in cursor.fetchall()]
            raise Rollback
    except Rollback:
        log("rolled back: the catalog is as it was")
    # What the issue asks: a 5 M row import takes at most 10 % longer with 100 000 watched
    # parts; at the import target of 200 000 rows/s such an import takes 25 s.
    results["share_of_a_25s_import"] = round(results["unchanged"]["seconds"] / 25, 4)
    results["changed_share_of_a_25s_import"] = round(results["changed"]["seconds"] / 25, 4)
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--offers", type=int, default=2_000_000, help="the bench catalog's size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--watched", type=int, default=100_000, help="distinct watched parts")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--change-share", type=float, default=0.05)
    parser.add_argument("--notify-points", type=int, default=500)
    parser.add_argument("--explain", action="store_true", help="add the check query's plan")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = run(args)
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        for phase in ("first", "unchanged", "changed", "notify"):
            figures = results[phase]
            print(f"{phase:>10}: {figures['result']} in {figures['seconds']} s")


if __name__ == "__main__":
    main()
