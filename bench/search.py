"""The search benchmark: the article-search API through HTTP beside the raw-SQL floor.

    python -m bench.search --db sqlite --offers 2000000 --json
    python -m bench.search --db postgres --offers 22000000 --json

Builds (or reuses) the catalog of that size, starts gunicorn on 127.0.0.1 against it
(DEBUG off, sync workers), and runs bounded request loops at concurrency 1 and 8:

- offers:  exact numbers in noisy spellings (lower case, extra spaces and dashes, Cyrillic
           look-alikes) with a brand (slug or a spelling) -> /api/v1/search/offers
- brands:  the same numbers -> /api/v1/search/brands (what the customer asks first)
- shared:  numbers that several brands have -> /api/v1/search/brands
- suggest: prefixes of 3 to 6 characters, as typed -> /api/v1/search/suggest
- miss:    numbers nobody has -> /api/v1/search/brands (which then looks for close numbers)
- mix:     70 % offers, 15 % shared, 10 % suggest, 5 % miss

The same lookups are then done with plain SQL (bench.floor) in this process, and the JSON
gives p50/p95/p99 latency and requests per second for both, and their ratio.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import catalog as catalog_module
from bench.catalog import ROOT, log

MIX = (("offers", 0.70), ("shared", 0.15), ("suggest", 0.10), ("miss", 0.05))
PHASES = ("offers", "brands", "shared", "suggest", "miss", "mix")
# Not run by default: autocomplete by the words of part names (`--phases names`).
EXTRA_PHASES = ("names",)
PATHS = {
    "offers": "/api/v1/search/offers",
    "brands": "/api/v1/search/brands",
    "shared": "/api/v1/search/brands",
    "miss": "/api/v1/search/brands",
    "suggest": "/api/v1/search/suggest",
    "names": "/api/v1/search/suggest",
}
SEPARATORS = (" ", "-", "  ", " - ", ".")


# -- the queries -----------------------------------------------------------------------------


def noisy(number: str, rng: random.Random) -> str:
    """How a customer types a number: other case, spaces, dashes, Cyrillic look-alikes."""
    from bench.generate import TO_CYRILLIC
    from partsdesk.catalog.numbers import normalize_number

    norm = normalize_number(number)
    text = number if rng.random() < 0.6 else norm
    r = rng.random()
    if r < 0.3:
        chars = list(text)
        for _ in range(rng.randint(1, 2)):
            chars.insert(rng.randint(1, max(1, len(chars) - 1)), rng.choice(SEPARATORS))
        text = "".join(chars)
    if rng.random() < 0.25:
        text = text.upper().translate(TO_CYRILLIC)
    if rng.random() < 0.5:
        text = text.lower()
    if rng.random() < 0.15:
        text = f" {text}  "
    assert normalize_number(text) == norm, (number, text)
    return text


def make_queries(spec: dict, parts: int, count: int, seed: int) -> dict[str, list]:
    """Deterministic query lists per kind, drawn from the loaded database."""
    from bench.floor import connect
    from partsdesk.catalog.numbers import normalize_number

    rng = random.Random(f"{seed}:queries")
    conn = connect(spec)
    mark = "?" if spec["db"] == "sqlite" else "%s"

    def rows(sql, params=()):
        cur = conn.cursor()
        cur.execute(sql.replace("?", mark), params)
        result = cur.fetchall()
        cur.close()
        return result

    aliases: dict[int, list[str]] = {}
    for brand_id, name in rows("SELECT brand_id, name FROM catalog_brandalias"):
        aliases.setdefault(brand_id, []).append(name)
    sample_ids = sorted({rng.randrange(1, parts + 1) for _ in range(count * 12)})
    sampled = []
    for i in range(0, len(sample_ids), 500):
        chunk = sample_ids[i : i + 500]
        sampled += rows(
            "SELECT p.id, p.number, p.number_norm, b.id, b.name, b.slug,"
            " (SELECT COUNT(*) FROM catalog_part s WHERE s.number_norm = p.number_norm)"
            " FROM catalog_part p JOIN catalog_brand b ON b.id = p.brand_id"
            f" WHERE p.id IN ({','.join(mark * 1 for _ in chunk)})",
            chunk,
        )
    sampled.sort()
    rng.shuffle(sampled)
    queries: dict[str, list] = {name: [] for name in PATHS}
    for _pid, number, _norm, brand_id, brand_name, slug, same in sampled:
        r = rng.random()
        brand = (
            slug if r < 0.5 else brand_name.lower() if r < 0.8 else rng.choice(aliases[brand_id])
        )
        if len(queries["offers"]) < count:
            typed = noisy(number, rng)
            queries["offers"].append({"number": typed, "brand": brand})
            queries["brands"].append({"number": typed})
        if same > 1 and len(queries["shared"]) < count:
            queries["shared"].append({"number": noisy(number, rng)})
        if len(queries["suggest"]) < count:
            want = rng.randint(3, 6)
            typed = number if rng.random() < 0.7 else number.lower()
            cut = next(
                (i + 1 for i in range(len(typed)) if len(normalize_number(typed[: i + 1])) == want),
                len(typed),
            )
            queries["suggest"].append({"q": typed[:cut]})
    from bench.generate import PART_TYPES

    words = sorted({w.lower() for t in PART_TYPES for w in t.split() if len(w) >= 4})
    while len(queries["names"]) < count:
        word = rng.choice(words)
        typed = word[: rng.randint(3, min(6, len(word)))]
        if rng.random() < 0.3:
            typed = f"{typed} {rng.choice(words)[:3]}"
        queries["names"].append({"q": typed})
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    while len(queries["miss"]) < count:
        candidate = (
            rng.choice(letters)
            + rng.choice(letters)
            + "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 8)))
        )
        if not rows("SELECT 1 FROM catalog_part WHERE number_norm = ?", (candidate,)):
            queries["miss"].append({"number": f"{candidate[:2]}-{candidate[2:]}"})
    conn.close()
    mix = []
    counters = dict.fromkeys(PATHS, 0)
    for _ in range(count):
        r = rng.random()
        kind = next((k for k, bound in _cumulative(MIX) if r < bound), "miss")
        mix.append((kind, queries[kind][counters[kind] % len(queries[kind])]))
        counters[kind] += 1
    result = {kind: [(kind, q) for q in qs] for kind, qs in queries.items()}
    result["mix"] = mix
    return result


def _cumulative(table):
    total = 0.0
    for kind, share in table:
        total += share
        yield kind, total


# -- measuring -------------------------------------------------------------------------------


def summarize(latencies: list[float], seconds: float, errors: int) -> dict:
    if not latencies:
        return {"n": 0, "errors": errors}
    ordered = sorted(latencies)

    def pct(p):
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000, 2)

    return {
        "n": len(ordered),
        "errors": errors,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "max_ms": round(ordered[-1] * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        "rps": round(len(ordered) / seconds, 1) if seconds else None,
    }


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def _pg_backends(database: str) -> list[int]:
    pids = []
    needle = f" {database} ".encode()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    title = f.read()
            except OSError:
                continue
            if title.startswith(b"postgres: ") and needle in title:
                pids.append(int(entry))
    return pids


def cpu_meter(spec: dict, server_pid: int | None):
    """CPU seconds used so far by the app (gunicorn workers, or this process) and the DB."""

    def snapshot() -> dict[int, float]:
        pids = [*_children(server_pid), server_pid] if server_pid else [os.getpid()]
        app = {("app", pid): _cpu_seconds(pid) for pid in pids}
        if spec["db"] == "postgres":
            app.update({("db", pid): _cpu_seconds(pid) for pid in _pg_backends(spec["database"])})
        return app

    return snapshot


def _cpu_delta(before: dict, after: dict, n: int) -> dict:
    used = {"app": 0.0, "db": 0.0}
    for key, seconds in after.items():
        used[key[0]] += seconds - before.get(key, 0.0)
    per = {f"{k}_ms": round(v / n * 1000, 3) for k, v in used.items() if n}
    total = sum(used.values()) / n * 1000 if n else 0
    per["capacity_rps_2_cores"] = round(2000 / total) if total else None
    return per


def run_loop(
    work, items, concurrency: int, max_requests: int, max_seconds: float, cpu=None
) -> dict:
    """Call work(thread_state, item) over items with `concurrency` threads; bounded."""
    lock = threading.Lock()
    position = [0]
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors = [0]
    deadline = time.monotonic() + max_seconds
    total = min(max_requests, len(items) * 1000)

    def worker():
        state: dict = {}
        mine: list[tuple[str, float]] = []
        while True:
            with lock:
                i = position[0]
                position[0] += 1
            if i >= total or time.monotonic() > deadline:
                break
            kind, item = items[i % len(items)]
            t = time.perf_counter()
            ok = work(state, kind, item)
            elapsed = time.perf_counter() - t
            if ok:
                mine.append((kind, elapsed))
            else:
                with lock:
                    errors[0] += 1
        with lock:
            for kind, elapsed in mine:
                latencies.append(elapsed)
                by_kind.setdefault(kind, []).append(elapsed)
        closer = state.get("close")
        if closer:
            closer()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    cpu_before = cpu() if cpu else None
    client_before = time.process_time()
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - start
    result = summarize(latencies, seconds, errors[0])
    if cpu and latencies:
        result["cpu_per_request"] = _cpu_delta(cpu_before, cpu(), len(latencies))
        result["cpu_per_request"]["client_ms"] = round(
            (time.process_time() - client_before) / len(latencies) * 1000, 3
        )
    result["loadavg_1m"] = round(os.getloadavg()[0], 2)
    if len(by_kind) > 1:
        result["by_kind"] = {k: summarize(v, seconds, 0) for k, v in sorted(by_kind.items())}
    return result


def http_work(port: int):
    def work(state, kind, item):
        conn = state.get("conn")
        if conn is None:
            conn = state["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            state["close"] = conn.close
        try:
            conn.request("GET", f"{PATHS[kind]}?{urlencode(item)}")
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            return False
        if response.will_close:
            conn.close()
        return response.status == 200

    return work


def floor_work(spec: dict):
    from bench.floor import Floor, connect

    def work(state, kind, item):
        floor = state.get("floor")
        if floor is None:
            conn = connect(spec)
            floor = state["floor"] = Floor(conn, spec["db"])
            state["close"] = conn.close
        if kind == "offers":
            return floor.offers(item["number"], item["brand"]) > 0
        if kind in ("suggest", "names"):
            floor.suggest(item["q"])
            return True
        floor.brands(item["number"])
        return True

    return work


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, workers: int, threads: int):
        self.url, self.workers, self.threads = url, workers, threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "DEBUG": "0",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "partsdesk.settings",
        }
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "partsdesk.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ]
        if self.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/v1/search/brands?number=READY0")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited")
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer in 90 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- the run ---------------------------------------------------------------------------------


def ratio(a: dict, b: dict, key: str):
    if a.get(key) and b.get(key):
        return round(a[key] / b[key], 1)
    return None


def run(args) -> dict:
    manifest = catalog_module.build(args.db, args.offers, args.seed)
    spec = catalog_module.target(args.db, args.offers, args.seed)
    log(f"catalog ready ({'reused' if manifest['reused'] else 'built'}); making queries")
    queries = make_queries(spec, manifest["parts"], args.queries, args.seed)
    phases = [p for p in args.phases.split(",") if p]
    levels = [int(c) for c in args.concurrency.split(",")]
    result: dict = {
        "db": args.db,
        "offers": manifest["offers"],
        "seed": args.seed,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "python": platform.python_version(),
        },
        "git": _git_head(),
        "loadavg_before": os.getloadavg(),
        "catalog": {
            k: manifest[k]
            for k in ("parts", "links", "crossref_rows", "brands", "load_seconds", "db_gib")
        },
        "server": {"workers": args.workers, "threads": args.threads, "kind": "gunicorn"},
        "limits": {"requests": args.requests, "seconds": args.seconds},
        "http": {},
        "floor": {},
        "ratio_p50": {},
    }
    floor = floor_work(spec)
    for phase in phases:  # warm the page cache with the floor first (cheap)
        run_loop(floor, queries[phase], 2, len(queries[phase]), args.seconds)
    for phase in phases:
        result["floor"][phase] = {}
        for c in levels:
            result["floor"][phase][f"c{c}"] = run_loop(
                floor, queries[phase], c, args.requests, args.seconds, cpu_meter(spec, None)
            )
            log(f"floor {phase} c{c}: {_brief(result['floor'][phase][f'c{c}'])}")
    with Server(manifest["url"], args.workers, args.threads) as server:
        result["git_server"] = _git_head()  # the code gunicorn loaded
        work = http_work(server.port)
        for phase in phases:  # warm every worker
            run_loop(work, queries[phase], args.workers, len(queries[phase]), args.seconds)
        for phase in phases:
            result["http"][phase] = {}
            for c in levels:
                result["http"][phase][f"c{c}"] = run_loop(
                    work,
                    queries[phase],
                    c,
                    args.requests,
                    args.seconds,
                    cpu_meter(spec, server.process.pid),
                )
                log(f"http {phase} c{c}: {_brief(result['http'][phase][f'c{c}'])}")
    for phase in phases:
        result["ratio_p50"][phase] = {
            f"c{c}": ratio(
                result["http"][phase][f"c{c}"], result["floor"][phase][f"c{c}"], "p50_ms"
            )
            for c in levels
        }
    result["loadavg_after"] = os.getloadavg()
    offers1 = result["http"].get("offers", {}).get("c1", {})
    offers8 = result["http"].get("offers", {}).get("c8", {})
    suggest1 = result["http"].get("suggest", {}).get("c1", {})
    result["targets"] = {
        "offers_c1_p50_le_5ms": _le(offers1.get("p50_ms"), 5),
        "offers_c1_p99_le_25ms": _le(offers1.get("p99_ms"), 25),
        "offers_c8_rps_ge_300": offers8.get("rps") is not None and offers8["rps"] >= 300,
        "suggest_c1_p99_le_15ms": _le(suggest1.get("p99_ms"), 15),
    }
    return result


def _git_head() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""
    return head


def _le(value, bound):
    return value is not None and value <= bound


def _brief(stats: dict) -> str:
    return (
        f"n={stats.get('n')} p50={stats.get('p50_ms')} p95={stats.get('p95_ms')}"
        f" p99={stats.get('p99_ms')} ms rps={stats.get('rps')} errors={stats.get('errors')}"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Article search through HTTP vs raw SQL.")
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--offers", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=2000, help="distinct queries per kind")
    parser.add_argument("--requests", type=int, default=2000, help="requests per phase, at most")
    parser.add_argument("--seconds", type=float, default=30, help="seconds per phase, at most")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", help="also write the JSON to this file")
    args = parser.parse_args(argv)
    catalog_module._django()
    result = run(args)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text)
    if args.json:
        print(text)
    else:
        for phase, levels in result["http"].items():
            for level, stats in levels.items():
                floor = result["floor"][phase][level]
                print(f"{phase:8} {level}: http {_brief(stats)} | floor {_brief(floor)}")


if __name__ == "__main__":
    main()
