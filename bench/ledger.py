"""Ledger throughput: operations per second through `billing.services` (top-ups and reserves).

    python -m bench.ledger --db sqlite   --json
    python -m bench.ledger --db postgres --json

Each run starts from a fresh database (SQLite bench/data/ledger.sqlite3, or the PostgreSQL
database `bench_ledger`), migrated, with `--customers` customers (1000) whose two accounts
are open. Then, for each phase, every worker thread (its own connection) posts for
`--seconds` seconds alternately a top-up (through the sandbox provider's clearing account)
and a reserve of half of it, each with its own idempotency key:

- `one_customer_tN`: every call on one customer: the calls queue on its account locks;
- `customers_tN`: each call on a random one of the customers; the top-ups still share the
  provider's clearing account (a lock every top-up takes), the reserves share nothing.

N is 1 and 8 threads on PostgreSQL, 1 on SQLite (one writer at a time by design). After
each phase `ledger_discrepancies()` must be empty. Prints one JSON object with --json:
operations per second, latency p50/p95/p99 in ms, refusals and errors, the process's CPU
seconds and the 1-minute load average (the machine's cores may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.catalog import DATA_DIR, PG_SERVER, ROOT, log

PG_DATABASE = "bench_ledger"
SQLITE_PATH = DATA_DIR / "ledger.sqlite3"
TOP_UP, RESERVE = 1_000, 500


def database_url(db: str) -> str:
    if db == "postgres":
        return f"{PG_SERVER}/{PG_DATABASE}"
    return f"sqlite:///{SQLITE_PATH}"


def fresh_database(db: str) -> None:
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    log(f"migrating {database_url(db)}")
    env = {**os.environ, "DATABASE_URL": database_url(db)}
    env.pop("DEBUG", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def git_head() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ).stdout.strip()


def make_customers(count: int) -> list:
    from partsdesk.accounts.models import Customer, CustomerKind, User
    from partsdesk.billing.models import Account, AccountKind

    users = User.objects.bulk_create(
        User(username=f"bench-ledger-{n}", email=f"bench-ledger-{n}@example.com", password="!")
        for n in range(count)
    )
    customers = Customer.objects.bulk_create(
        Customer(user=user, kind=CustomerKind.INDIVIDUAL, full_name=user.username) for user in users
    )
    Account.objects.bulk_create(
        Account(
            customer=customer,
            kind=kind,
            code=f"customer:{customer.pk}:{kind}",
            name=f"{customer.full_name}: {kind}",
        )
        for customer in customers
        for kind in (AccountKind.AVAILABLE, AccountKind.RESERVED)
    )
    return customers


def backend_cpu_seconds() -> float:
    """CPU seconds of this thread's PostgreSQL backend so far (same machine); 0 on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_phase(name: str, customers: list, threads: int, seconds: float, seed: int) -> dict:
    from django.db import connection

    from partsdesk.billing import services
    from partsdesk.billing.checks import ledger_discrepancies

    source = services.provider_account("sandbox")
    latencies: list[list[float]] = [[] for _ in range(threads)]
    refused = [0] * threads
    db_cpu = [0.0] * threads
    errors: list[str] = []
    barrier = threading.Barrier(threads + 1)
    stop = threading.Event()

    def work(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        mine = latencies[index]
        step = 0
        try:
            db_cpu[index] = -backend_cpu_seconds()
            barrier.wait()
            customer = customers[0]
            while not stop.is_set():
                if step % 2 == 0:  # a reserve follows its top-up on the same customer
                    customer = rng.choice(customers)
                key = f"{name}:{index}:{step}"
                started = time.perf_counter()
                try:
                    if step % 2 == 0:
                        services.top_up(customer, amount=TOP_UP, source=source, key=key)
                    else:
                        services.reserve(customer, amount=RESERVE, key=key)
                except services.InsufficientFunds:
                    refused[index] += 1
                mine.append(time.perf_counter() - started)
                step += 1
            db_cpu[index] += backend_cpu_seconds()
        except Exception as error:  # reported in the JSON, the run goes on
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    cpu = time.process_time()
    barrier.wait()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    every = sorted(x for mine in latencies for x in mine)
    quantiles = statistics.quantiles(every, n=100) if len(every) > 1 else [0] * 99
    found = ledger_discrepancies()
    result = {
        "threads": threads,
        "customers": len(customers),
        "operations": len(every),
        "seconds": round(elapsed, 2),
        "ops_per_second": round(len(every) / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 2),
        "p95_ms": round(quantiles[94] * 1000, 2),
        "p99_ms": round(quantiles[98] * 1000, 2),
        "refused": sum(refused),
        "errors": errors[:5],
        "error_count": len(errors),
        "process_cpu_seconds": round(cpu, 2),
        "db_cpu_seconds": round(sum(db_cpu), 2),
        # client (this process) + PostgreSQL backends, per operation
        "cpu_ms_per_operation": round((cpu + sum(db_cpu)) * 1000 / max(1, len(every)), 2),
        "loadavg_1m": os.getloadavg()[0],
        "ledger_sound": not found,
    }
    log(
        f"{name}: {result['ops_per_second']} ops/s, p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, {len(errors)} errors, sound: {not found}"
    )
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", default="", help="comma-separated, default 1,8 / 1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    threads = [int(t) for t in args.threads.split(",") if t] or (
        [1, 8] if args.db == "postgres" else [1]
    )

    fresh_database(args.db)
    os.environ["DATABASE_URL"] = database_url(args.db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partsdesk.settings")
    import django

    django.setup()
    from django.db import connection

    customers = make_customers(args.customers)
    results: dict = {
        "db": args.db,
        "git": git_head(),
        "customers": args.customers,
        "seconds_per_phase": args.seconds,
        "phases": {},
    }
    for count in threads:
        for label, chosen in (("one_customer", customers[:1]), ("customers", customers)):
            name = f"{label}_t{count}"
            results["phases"][name] = run_phase(name, chosen, count, args.seconds, args.seed)
    connection.close()
    print(json.dumps(results, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
