"""The floor: the same lookups as the search API, done with plain SQL on a DB-API cursor.

No ORM, no HTTP, no JSON: the part, its cross-references and one page of offers (the same
four queries the selectors run, written by hand), the brands of a number, and autocomplete.
What the API costs above this is the price of Django, django-ninja, gunicorn and HTTP.
"""

from __future__ import annotations

import sqlite3

from partsdesk.catalog.fulltext import PG_DOCUMENT, query_words
from partsdesk.catalog.numbers import brand_key, normalize_number, prefix_upper_bound

PAGE_SIZE = 50
GROUP_ORDER = ("requested", "oe", "replaced_by", "replaces", "analog")


def connect(spec: dict):
    """A read connection with the pragmas the app uses (see partsdesk/settings.py)."""
    if spec["db"] == "sqlite":
        conn = sqlite3.connect(spec["path"], check_same_thread=False)
        conn.execute("PRAGMA mmap_size=4294967296")
        conn.execute("PRAGMA cache_size=-131072")
        return conn
    import psycopg

    return psycopg.connect(spec["url"], autocommit=True)


class Floor:
    def __init__(self, conn, vendor: str):
        self.conn = conn
        self.p = "?" if vendor == "sqlite" else "%s"
        self.vendor = vendor

    def _q(self, sql: str) -> str:
        return sql.replace("?", self.p) if self.p != "?" else sql

    def rows(self, sql: str, params=()):
        cur = self.conn.cursor()
        cur.execute(self._q(sql), params)
        rows = cur.fetchall()
        cur.close()
        return rows

    def offers(self, number: str, brand: str) -> int:
        """Part by brand + number, its analogs, brand facets and one page of offers."""
        norm, key = normalize_number(number), brand_key(brand)
        found = self.rows(
            "SELECT p.id, p.number, p.name, b.name, b.slug FROM catalog_part p"
            " JOIN catalog_brand b ON b.id = p.brand_id"
            " WHERE p.number_norm = ? AND (b.slug = ? OR b.id IN"
            " (SELECT brand_id FROM catalog_brandalias WHERE key = ?)) LIMIT 1",
            (norm, brand.strip().lower(), key),
        )
        if not found:
            return 0
        part_id = found[0][0]
        analogs = self.rows(
            "SELECT c.analog_id, c.kind, c.source, a.number, a.name, ab.name, ab.slug"
            " FROM catalog_crossreference c JOIN catalog_part a ON a.id = c.analog_id"
            " JOIN catalog_brand ab ON ab.id = a.brand_id WHERE c.part_id = ?"
            " ORDER BY c.analog_id, c.kind, c.source",
            (part_id,),
        )
        group = {part_id: 0}
        for row in sorted(analogs, key=lambda r: GROUP_ORDER.index(r[1])):
            group.setdefault(row[0], GROUP_ORDER.index(row[1]))
        ids = list(group)
        marks = ",".join("?" * len(ids))
        facets = self.rows(
            "SELECT b.slug, b.name, COUNT(*) FROM pricing_offer o"
            " JOIN catalog_part p ON p.id = o.part_id JOIN catalog_brand b ON b.id = p.brand_id"
            f" WHERE o.part_id IN ({marks}) GROUP BY b.slug, b.name ORDER BY b.name",
            ids,
        )
        whens = " ".join(
            f"WHEN o.part_id IN ({','.join('?' * len(g))}) THEN {rank}"
            for rank, g in self._ranks(group)
        )
        params = [pid for _, g in self._ranks(group) for pid in g] + ids
        page = self.rows(
            "SELECT o.id, o.price, o.quantity, o.quantity_is_lower_bound, o.delivery_days_min,"
            " o.delivery_days_max, o.pack_multiple, o.returnable, s.code, s.name,"
            " s.reliability_percent, w.name, w.city, p.id, p.number, p.name, b.name, b.slug"
            " FROM pricing_offer o JOIN pricing_supplier s ON s.id = o.supplier_id"
            " JOIN pricing_warehouse w ON w.id = o.warehouse_id"
            " JOIN catalog_part p ON p.id = o.part_id JOIN catalog_brand b ON b.id = p.brand_id"
            f" WHERE o.part_id IN ({marks})"
            f" ORDER BY CASE {whens} ELSE 9 END, o.price, o.delivery_days_max, o.id"
            f" LIMIT {PAGE_SIZE}",
            params,
        )
        return 1 + len(analogs) + len(facets) + len(page)

    @staticmethod
    def _ranks(group: dict[int, int]):
        ranks: dict[int, list[int]] = {}
        for pid, rank in group.items():
            ranks.setdefault(rank, []).append(pid)
        return sorted(ranks.items())

    def brands(self, number: str) -> int:
        """The brands that have a number, most offered first; close numbers when none."""
        norm = normalize_number(number)
        rows = self.rows(
            "SELECT p.id, p.number, p.name, b.name, b.slug,"
            " (SELECT COUNT(*) FROM pricing_offer o WHERE o.part_id = p.id) AS n"
            " FROM catalog_part p JOIN catalog_brand b ON b.id = p.brand_id"
            " WHERE p.number_norm = ? ORDER BY n DESC, b.name",
            (norm,),
        )
        if rows or len(norm) < 3:
            return len(rows)
        prefix = norm[: max(3, len(norm) // 2)]
        close = self.rows(
            "SELECT p.number, p.number_norm, p.name, b.name, b.slug FROM catalog_part p"
            " JOIN catalog_brand b ON b.id = p.brand_id"
            " WHERE p.number_norm >= ? AND p.number_norm < ? ORDER BY p.number_norm LIMIT 500",
            (prefix, prefix_upper_bound(prefix)),
        )
        return len(close)

    def suggest(self, text: str) -> int:
        """Numbers by prefix, brands by spelling, names by words (as the app's suggest)."""
        norm, key = normalize_number(text), brand_key(text)
        found = 0
        if len(norm) >= 3:
            found += len(
                self.rows(
                    "SELECT p.number, p.name, b.name, b.slug FROM catalog_part p"
                    " JOIN catalog_brand b ON b.id = p.brand_id"
                    " WHERE p.number_norm >= ? AND p.number_norm < ?"
                    " ORDER BY p.number_norm, p.brand_id LIMIT 10",
                    (norm, prefix_upper_bound(norm)),
                )
            )
        if len(key) >= 3:
            found += len(
                self.rows(
                    "SELECT DISTINCT b.name, b.slug FROM catalog_brand b"
                    " JOIN catalog_brandalias a ON a.brand_id = b.id"
                    " WHERE a.key >= ? AND a.key < ? ORDER BY b.name LIMIT 3",
                    (key, prefix_upper_bound(key)),
                )
            )
        words = query_words(text)
        if words and found < 10:
            if self.vendor == "sqlite":
                terms = " AND ".join(f'"{word}"*' for word in words)
                inner = "SELECT rowid FROM catalog_part_fts WHERE catalog_part_fts MATCH ? LIMIT 10"
            else:
                terms = " & ".join(f"{word}:*" for word in words)
                inner = (
                    f"SELECT id FROM catalog_part WHERE {PG_DOCUMENT}"
                    " @@ to_tsquery('simple'::regconfig, ?) LIMIT 200"  # as the app: see fulltext.py
                )
            found += len(
                self.rows(
                    "SELECT p.number, p.name, b.name, b.slug FROM catalog_part p"
                    f" JOIN catalog_brand b ON b.id = p.brand_id WHERE p.id IN ({inner})"
                    f" ORDER BY p.name, p.number_norm LIMIT {10 - found}",
                    (terms,),
                )
            )
        return found
