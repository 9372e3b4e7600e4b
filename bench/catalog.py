"""Build a synthetic catalog of N offers into SQLite or PostgreSQL, through the real schema.

    python -m bench.catalog --db sqlite --offers 22000000 [--seed 1] [--json] [--force]
    python -m bench.catalog --db postgres --offers 2000000 --json

The target is created with `manage.py migrate`, then the big tables are loaded with the
bulk path of each database (SQLite: executemany with synchronous/journal off, secondary
indexes and FTS triggers dropped and rebuilt after the load, the FTS table rebuilt;
PostgreSQL: COPY with constraints and indexes dropped and rebuilt, then VACUUM ANALYZE).
A finished build leaves a JSON manifest beside it in bench/data/, so a second call with the
same size and seed reuses the database.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / "data"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
BIG_TABLES = ("catalog_part", "catalog_crossreference", "pricing_offer")
BATCH = 20_000


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partsdesk.settings")
    import django

    django.setup()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def target(db: str, offers: int, seed: int) -> dict:
    from bench.generate import size_label

    label = f"{size_label(offers)}-s{seed}"
    if db == "sqlite":
        path = DATA_DIR / f"catalog-{label}.sqlite3"
        return {
            "db": db,
            "path": str(path),
            "url": f"sqlite:///{path}",
            "manifest": DATA_DIR / f"catalog-{label}.sqlite3.json",
        }
    name = f"bench_{label.replace('-', '_')}"
    return {
        "db": db,
        "database": name,
        "url": f"{PG_SERVER}/{name}",
        "manifest": DATA_DIR / f"pg-{name}.json",
    }


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _batches(rows, size=BATCH):
    batch = []
    append = batch.append
    for row in rows:
        append(row)
        if len(batch) >= size:
            yield batch
            batch = []
            append = batch.append
    if batch:
        yield batch


class Progress:
    def __init__(self, table: str, expected: int):
        self.table, self.expected, self.done = table, expected, 0
        self.start = self.last = time.monotonic()

    def add(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last > 30:
            self.last = now
            rate = self.done / (now - self.start)
            log(f"  {self.table}: {self.done:,} of ~{self.expected:,} rows ({rate:,.0f}/s)")

    def finish(self) -> float:
        seconds = time.monotonic() - self.start
        log(f"  {self.table}: {self.done:,} rows in {seconds:.1f} s")
        return seconds


def _tables(catalog):
    from bench import generate as g

    return [
        ("catalog_brand", g.BRAND_COLUMNS, catalog.brand_rows, catalog.brand_count),
        ("catalog_brandalias", g.ALIAS_COLUMNS, catalog.alias_rows, catalog.brand_count),
        ("pricing_supplier", g.SUPPLIER_COLUMNS, catalog.supplier_rows, 48),
        ("pricing_warehouse", g.WAREHOUSE_COLUMNS, catalog.warehouse_rows, 100),
        ("pricing_exchangerate", g.RATE_COLUMNS, catalog.rate_rows, 2),
        ("catalog_part", g.PART_COLUMNS, catalog.part_rows, catalog.part_count),
        ("catalog_crossreference", g.CROSS_COLUMNS, catalog.crossref_rows, 2 * catalog.link_target),
        ("pricing_offer", g.OFFER_COLUMNS, catalog.offer_rows, catalog.offer_count),
    ]


# -- SQLite ----------------------------------------------------------------------------------


def load_sqlite(catalog, path: Path, phases: dict) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("PRAGMA cache_size=-1048576")  # 1 GiB: index builds sort in memory
    conn.execute("PRAGMA foreign_keys=OFF")
    placeholders = ",".join("?" * len(BIG_TABLES))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({placeholders})",
        BIG_TABLES,
    ).fetchall()
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'catalog_part'"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    start = time.monotonic()
    for table, columns, rows, expected in _tables(catalog):
        progress = Progress(table, expected)
        sql = f"INSERT INTO {table} ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})"
        conn.execute("BEGIN")
        for batch in _batches(rows()):
            conn.executemany(sql, batch)
            progress.add(len(batch))
        conn.execute("COMMIT")
        phases[f"insert {table}"] = round(progress.finish(), 1)
    phases["insert total"] = round(time.monotonic() - start, 1)
    for name, sql in indexes:
        t = time.monotonic()
        conn.execute(sql)
        phases[f"index {name}"] = round(time.monotonic() - t, 1)
        log(f"  index {name}: {phases[f'index {name}']} s")
    for _, sql in triggers:
        conn.execute(sql)
    t = time.monotonic()
    conn.execute("INSERT INTO catalog_part_fts(catalog_part_fts) VALUES ('rebuild')")
    phases["fts rebuild"] = round(time.monotonic() - t, 1)
    log(f"  fts rebuild: {phases['fts rebuild']} s")
    t = time.monotonic()
    conn.execute("ANALYZE")
    phases["analyze"] = round(time.monotonic() - t, 1)
    conn.execute("PRAGMA locking_mode=NORMAL")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


# -- PostgreSQL ------------------------------------------------------------------------------


def _pg_connect(url: str, autocommit: bool = True):
    import psycopg

    return psycopg.connect(url, autocommit=autocommit)


def _pg_recreate_database(name: str) -> None:
    with _pg_connect(f"{PG_SERVER}/postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def load_postgres(catalog, url: str, phases: dict) -> None:
    conn = _pg_connect(url)
    conn.execute("SET maintenance_work_mem = '1GB'")
    conn.execute("SET max_parallel_maintenance_workers = 1")
    conn.execute("SET synchronous_commit = off")
    tables = list(BIG_TABLES)
    # Constraints touching the big tables (their own, and foreign keys pointing at them).
    constraints = conn.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE contype IN ('p', 'u', 'f')"
        " AND (conrelid::regclass::text = ANY(%s) OR confrelid::regclass::text = ANY(%s))",
        [tables, tables],
    ).fetchall()
    constraint_names = {c[1] for c in constraints}
    indexes = [
        (name, sql)
        for name, sql in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [tables]
        ).fetchall()
        if name not in constraint_names
    ]
    foreign = [c for c in constraints if c[2] == "f"]
    keys = [c for c in constraints if c[2] in ("p", "u") and c[0] in tables]
    for table, name, _, _ in foreign + keys:
        conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    start = time.monotonic()
    for table, columns, rows, expected in _tables(catalog):
        progress = Progress(table, expected)
        with (
            conn.transaction(),
            conn.cursor() as cur,
            cur.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy,
        ):
            for batch in _batches(rows()):
                for row in batch:
                    copy.write_row(row)
                progress.add(len(batch))
        phases[f"copy {table}"] = round(progress.finish(), 1)
    phases["copy total"] = round(time.monotonic() - start, 1)
    for table, _columns, _, _ in _tables(catalog):
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )
    for table, name, _, definition in keys:
        t = time.monotonic()
        conn.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        phases[f"constraint {name}"] = round(time.monotonic() - t, 1)
        log(f"  constraint {name}: {phases[f'constraint {name}']} s")
    for name, sql in indexes:
        t = time.monotonic()
        conn.execute(sql)
        phases[f"index {name}"] = round(time.monotonic() - t, 1)
        log(f"  index {name}: {phases[f'index {name}']} s")
    for table, name, _, definition in foreign:
        t = time.monotonic()
        conn.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        phases[f"constraint {name}"] = round(time.monotonic() - t, 1)
        log(f"  constraint {name}: {phases[f'constraint {name}']} s")
    t = time.monotonic()
    conn.execute("VACUUM (ANALYZE)")
    phases["vacuum analyze"] = round(time.monotonic() - t, 1)
    log(f"  vacuum analyze: {phases['vacuum analyze']} s")
    conn.close()


def database_bytes(spec: dict) -> int:
    if spec["db"] == "sqlite":
        path = Path(spec["path"])
        return sum(
            p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
        )
    with _pg_connect(spec["url"]) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def exists(spec: dict) -> dict | None:
    manifest = Path(spec["manifest"])
    if not manifest.exists():
        return None
    if spec["db"] == "sqlite" and not Path(spec["path"]).exists():
        return None
    if spec["db"] == "postgres":
        try:
            with _pg_connect(spec["url"]):
                pass
        except Exception:
            return None
    return json.loads(manifest.read_text())


def build(db: str, offers: int, seed: int = 1, force: bool = False) -> dict:
    """Build (or reuse) the catalog; returns its manifest."""
    _django()
    from bench.generate import SyntheticCatalog

    spec = target(db, offers, seed)
    if not force:
        known = exists(spec)
        if known is not None:
            try:  # apps added since the build get their (empty) tables
                migrate(spec["url"])
            except subprocess.CalledProcessError:
                log("warning: migrate failed on the existing catalog; using it as it is")
            known["reused"] = True
            return known
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    Path(spec["manifest"]).unlink(missing_ok=True)
    started = time.monotonic()
    phases: dict[str, float] = {}
    log(f"building {offers:,} offers (seed {seed}) into {db}: {spec['url']}")
    if db == "sqlite":
        path = Path(spec["path"])
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    else:
        _pg_recreate_database(spec["database"])
    t = time.monotonic()
    migrate(spec["url"])
    phases["migrate"] = round(time.monotonic() - t, 1)
    catalog = SyntheticCatalog(offers, seed)
    if db == "sqlite":
        load_sqlite(catalog, Path(spec["path"]), phases)
    else:
        load_postgres(catalog, spec["url"], phases)
    manifest = {
        "db": db,
        "url": spec["url"],
        "seed": seed,
        "offers": catalog.stats.get("offers"),
        "parts": catalog.stats.get("parts"),
        "parts_in_shared_numbers": catalog.stats.get("parts_in_shared_numbers"),
        "links": catalog.stats.get("links"),
        "crossref_rows": catalog.stats.get("crossref_rows"),
        "brands": catalog.brand_count,
        "load_seconds": round(time.monotonic() - started, 1),
        "db_bytes": database_bytes(spec),
        "phases": phases,
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "reused": False,
    }
    manifest["db_gib"] = round(manifest["db_bytes"] / 2**30, 2)
    Path(spec["manifest"]).write_text(json.dumps(manifest, indent=2))
    log(f"done in {manifest['load_seconds']} s, {manifest['db_gib']} GiB")
    return manifest


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--offers", type=int, default=22_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="rebuild even if it exists")
    parser.add_argument("--json", action="store_true", help="print the manifest as JSON")
    args = parser.parse_args(argv)
    manifest = build(args.db, args.offers, args.seed, force=args.force)
    if args.json:
        print(json.dumps(manifest, indent=2))
    else:
        print(
            f"{manifest['db']}: {manifest['offers']:,} offers, {manifest['parts']:,} parts,"
            f" {manifest['links']:,} links ({manifest['crossref_rows']:,} rows),"
            f" loaded in {manifest['load_seconds']} s, {manifest['db_gib']} GiB"
            + (" (reused)" if manifest["reused"] else "")
        )


if __name__ == "__main__":
    main()
