"""Price-list import throughput: `manage.py import_prices` end to end, beside the floor.

    python -m bench.imports --db sqlite   --rows 5000000 --json
    python -m bench.imports --db postgres --rows 5000000 --json
    python -m bench.imports --db postgres --rows 1000000 --format xlsx --json
    python -m bench.imports --db postgres --rows 5000000 --watched 100000 --json

Each run starts from a fresh database (SQLite bench/data/imports.sqlite3, or the PostgreSQL
database `bench_imports`) with the demo catalog loaded, so the list's brands resolve, and a
supplier `bench` whose profile never quarantines. Then, each `manage.py import_prices` in a
child process, timed from start to exit, with the child's peak memory (ru_maxrss):
1. `first`: a generated list of `--rows` rows (bench.pricelists: cp1251 CSV with title lines
   and noise, or XLSX) into the empty warehouse: every row a new part and a new offer;
2. `daily`: the next day's list (CSV only): 5 % of prices changed, 2 % of rows gone, 2 % new;
3. `same`: the same file again: nothing changes;
4. with `--watched N`: back to the first list, N parts watched, then the daily list again
   (`daily_watched`), to compare with `daily`.
The floor: the same file loaded into a bare table of seven text columns by `COPY … FROM
STDIN` (PostgreSQL) or the sqlite3 shell's `.import` (SQLite), timed the same way.
Prints one JSON object with --json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.catalog import DATA_DIR, PG_SERVER, ROOT, log

PG_DATABASE = "bench_imports"
SUPPLIER = "bench"


def label(rows: int) -> str:
    return f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else f"{rows // 1000}k"


def database_url(db: str) -> str:
    if db == "postgres":
        return f"{PG_SERVER}/{PG_DATABASE}"
    return f"sqlite:///{DATA_DIR / 'imports.sqlite3'}"


def child_env(db: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url(db), "MEDIA_ROOT": str(DATA_DIR / "media")}
    env.pop("DEBUG", None)
    return env


def timed(command: list[str], env: dict[str, str], **kwargs) -> tuple[float, int, bytes]:
    """Run a command; (seconds, peak RSS in MiB of the child, stdout)."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, **kwargs)
    out = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"{' '.join(command)} exited with {status}")
    return seconds, usage.ru_maxrss // 1024, out


def manage(db: str, *args: str) -> bytes:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env(db),
        check=True,
        stdout=subprocess.PIPE,
    ).stdout


def fresh_database(db: str) -> None:
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATA_DIR / 'imports.sqlite3'}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(DATA_DIR / "media", ignore_errors=True)
    log(f"migrating and loading the demo catalog into {database_url(db)}")
    manage(db, "migrate", "--noinput", "-v", "0")
    manage(db, "load_demo", "--json")
    manage(
        db,
        "shell",
        "-c",
        "from partsdesk.pricing.models import Supplier, Warehouse\n"
        "from partsdesk.imports.models import ImportProfile\n"
        f"s = Supplier.objects.create(code='{SUPPLIER}', name='Bench', markup_percent=25)\n"
        "w = Warehouse.objects.create(supplier=s, name='Bench')\n"
        "ImportProfile.objects.create(supplier=s, warehouse=w, max_removed_percent=100,"
        " max_price_jump_percent=100)\n",
    )


def generated_list(rows: int, fmt: str, seed: int) -> Path:
    path = DATA_DIR / f"list-{label(rows)}-s{seed}.{fmt}"
    if not path.exists():
        log(f"generating {path.name}")
        partial = path.with_suffix(f".{fmt}.partial")
        subprocess.run(
            [sys.executable, "-m", "bench.pricelists", "--rows", str(rows), "--format", fmt,
             "--out", str(partial), "--seed", str(seed)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        partial.rename(path)
    return path


def next_day_list(first: Path) -> Path:
    """The first list a day later: 5 % of prices up 7 %, 2 % of rows gone, 2 % new numbers."""
    path = first.with_name(first.stem + "-daily.csv")
    if path.exists():
        return path
    rng = random.Random(7)
    partial = path.with_suffix(".partial")
    with (
        open(first, encoding="cp1251", newline="") as source,
        open(partial, "w", encoding="cp1251", newline="") as out,
    ):
        header_seen = False
        for line in source:
            cells = line.rstrip("\r\n").split(";")
            if not header_seen or len(cells) < 7 or not cells[1]:
                header_seen = header_seen or cells[0] == "Производитель" or "Цена" in cells
                out.write(line)
                continue
            r = rng.random()
            if r < 0.02:
                continue
            if r < 0.07:
                price = cells[3].replace(" ", "").replace("руб", "").replace(",", ".")
                with contextlib.suppress(ValueError):
                    cells[3] = f"{float(price) * 1.07:.2f}".replace(".", ",")
            out.write(";".join(cells) + "\r\n")
            if r > 0.98:
                cells[1] = cells[1] + "N"
                out.write(";".join(cells) + "\r\n")
    partial.rename(path)
    return path


def run_import(db: str, path: Path) -> dict:
    command = [sys.executable, "manage.py", "import_prices", SUPPLIER, str(path), "--json"]
    seconds, rss, out = timed(command, child_env(db), stderr=subprocess.DEVNULL)
    report = json.loads(out)
    rows = report["rows_read"]
    return {
        "file": path.name,
        "status": report["status"],
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mib": rss,
        "import_seconds": report["seconds"],
        "good": report["rows_ok"],
        "bad": report["rows_bad"],
        "held": report["rows_held"],
        "new": report["offers_new"],
        "changed": report["offers_changed"],
        "removed": report["offers_removed"],
        "parts_new": report["parts_new"],
        "duplicates": report["report"].get("duplicates", 0),
        "phases": report["report"].get("phases", {}),
    }


def floor(db: str, path: Path) -> dict:
    """The same file loaded into a bare table by the database's own bulk loader."""
    with open(path, "rb") as file:
        head = file.read(1 << 16)
    skip = next(
        (n for n, line in enumerate(head.split(b"\n")) if "Цена".encode("cp1251") in line), 0
    )
    if db == "postgres":
        code = (
            "import psycopg, sys, time\n"
            f"conn = psycopg.connect({database_url(db)!r}, autocommit=True)\n"
            "conn.execute('DROP TABLE IF EXISTS bare')\n"
            "conn.execute('CREATE UNLOGGED TABLE bare (a text, b text, c text, d text, e text,"
            " f text, g text)')\n"
            f"file = open({str(path)!r}, 'rb')\n"
            f"for _ in range({skip + 1}): file.readline()\n"
            'with conn.cursor() as cur, cur.copy("COPY bare FROM STDIN WITH (FORMAT csv,'
            " DELIMITER ';', ENCODING 'WIN1251')\") as copy:\n"
            "    while chunk := file.read(1 << 20): copy.write(chunk)\n"
            "print(conn.execute('SELECT count(*) FROM bare').fetchone()[0])\n"
            "conn.execute('DROP TABLE bare')\n"
        )
        seconds, _rss, out = timed([sys.executable, "-c", code], os.environ.copy())
    else:
        bare = DATA_DIR / "floor.sqlite3"
        bare.unlink(missing_ok=True)
        script = (
            "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n"
            "CREATE TABLE bare (a, b, c, d, e, f, g);\n"
            f".import --csv --skip {skip + 1} {path} bare\n"
            "SELECT count(*) FROM bare;\n"
        )
        seconds, _rss, out = _sqlite_floor(bare, script)
        bare.unlink(missing_ok=True)
    rows = int(out.split()[-1])
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def _sqlite_floor(bare: Path, script: str) -> tuple[float, int, bytes]:
    script_path = bare.with_suffix(".sql")
    script_path.write_text(script)
    try:
        return timed(
            ["sqlite3", "-separator", ";", str(bare), f".read {script_path}"], os.environ.copy()
        )
    finally:
        script_path.unlink(missing_ok=True)


def watch_parts(db: str, count: int) -> None:
    """`count` watched parts of the bench warehouse's offers, with their first points."""
    manage(
        db,
        "shell",
        "-c",
        "import random\n"
        "from partsdesk.accounts.models import Customer, User\n"
        "from partsdesk.pricing.models import Offer\n"
        "from partsdesk.watch.models import WatchedPart\n"
        "from partsdesk.watch.services import watched_prices_check\n"
        "users = User.objects.bulk_create([User(username=f'bench{n}') for n in range(1000)])\n"
        "customers = Customer.objects.bulk_create([Customer(user=u, kind='individual',"
        " full_name=u.username) for u in users])\n"
        "ids = list(Offer.objects.filter(supplier__code='bench').values_list('part_id',"
        " flat=True))\n"
        f"parts = random.Random(1).sample(ids, min({count}, len(ids)))\n"
        "WatchedPart.objects.bulk_create([WatchedPart(customer=customers[n % 1000],"
        " part_id=p) for n, p in enumerate(parts)], batch_size=10000)\n"
        "watched_prices_check()\n",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--watched", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    DATA_DIR.mkdir(parents=True, exist_ok=True)

    first = generated_list(args.rows, args.format, args.seed)
    result = {
        "db": args.db,
        "rows": args.rows,
        "format": args.format,
        "file_mib": round(first.stat().st_size / 2**20, 1),
    }
    fresh_database(args.db)
    if args.format == "csv":
        log("floor")
        result["floor"] = floor(args.db, first)
    log(f"importing {first.name}")
    result["first"] = run_import(args.db, first)
    if args.format == "csv":
        daily = next_day_list(first)
        log(f"importing {daily.name}")
        result["daily"] = run_import(args.db, daily)
        log(f"importing {daily.name} again")
        result["same"] = run_import(args.db, daily)
        if args.watched:
            log("back to the first list")
            run_import(args.db, first)
            log(f"watching {args.watched} parts")
            watch_parts(args.db, args.watched)
            log(f"importing {daily.name} with watched parts")
            result["daily_watched"] = run_import(args.db, daily)
            result["watched"] = args.watched
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
