"""Markdown tables from the JSON of `bench.search` runs.

python -m bench.report bench/out/search-sqlite-22m.json bench/out/search-postgres-22m.json
"""

from __future__ import annotations

import json
import sys


def cell(stats: dict) -> str:
    if not stats or not stats.get("n"):
        return "–"
    return f"{stats['p50_ms']} / {stats['p95_ms']} / {stats['p99_ms']} · {stats['rps']:.0f}"


def table(result: dict) -> str:
    catalog = result["catalog"]
    lines = [
        f"### {result['db']}, {result['offers']:,} offers",
        "",
        f"{catalog['parts']:,} parts, {catalog['links']:,} links"
        f" ({catalog['crossref_rows']:,} rows), load {catalog['load_seconds']} s,"
        f" {catalog['db_gib']} GiB; gunicorn {result['server']['workers']} sync workers;"
        f" {result['date']}",
        "",
        "p50 / p95 / p99 ms · requests/s",
        "",
        "| phase | HTTP c=1 | HTTP c=8 | raw SQL c=1 | raw SQL c=8 | p50 ratio c=1 / c=8 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for phase, levels in result["http"].items():
        floor = result["floor"].get(phase, {})
        ratios = result["ratio_p50"].get(phase, {})
        lines.append(
            f"| {phase} | {cell(levels.get('c1'))} | {cell(levels.get('c8'))}"
            f" | {cell(floor.get('c1'))} | {cell(floor.get('c8'))}"
            f" | {ratios.get('c1')} / {ratios.get('c8')} |"
        )
    needs = {"offers_c1_p50": "offers", "offers_c1_p99": "offers", "offers_c8": "offers"}
    shown = []
    for key, met in result["targets"].items():
        phase = next((p for prefix, p in needs.items() if key.startswith(prefix)), "suggest")
        verdict = "n/a" if phase not in result["http"] else "yes" if met else "NO"
        shown.append(f"{key}: {verdict}")
    targets = ", ".join(shown)
    lines += ["", f"Targets: {targets}", ""]
    return "\n".join(lines)


def main(paths: list[str]) -> None:
    for path in paths:
        with open(path) as f:
            print(table(json.load(f)))


if __name__ == "__main__":
    main(sys.argv[1:])
