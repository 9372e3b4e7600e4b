"""The tables a price list is loaded into before it goes live, in each database's own SQL.

A list is never written into the offers table row by row. It is streamed into a staging table
of its own (`imports_staged_<id>`; UNLOGGED on PostgreSQL, loaded with COPY), reduced to one
row per part (`imports_incoming_<id>`), compared with the supplier's live offers with a few
set-based queries, and published by one transaction that deletes, updates and inserts only
what differs. Searches see the old list or the new one, never a mix (both databases give a
reader one snapshot); an import that dies leaves tables that nobody reads, dropped later.
The ORM cannot express COPY, UPDATE … FROM or DISTINCT ON, hence the SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, models, transaction

from partsdesk.pricing.models import Offer

STAGED_COLUMNS = (
    "line",
    "brand_id",
    "brand",
    "brand_key",
    "number",
    "number_norm",
    "name",
    "purchase_price",
    "currency",
    "price",
    "quantity",
    "lower_bound",
    "days_min",
    "days_max",
    "pack",
)
# What makes an offer different from the one it replaces.
OFFER_FIELDS = (
    ("purchase_price", "purchase_price"),
    ("currency", "currency"),
    ("price", "price"),
    ("quantity", "quantity"),
    ("quantity_is_lower_bound", "lower_bound"),
    ("delivery_days_min", "days_min"),
    ("delivery_days_max", "days_max"),
    ("pack_multiple", "pack"),
)
STAGED_PREFIX = "imports_staged_"
INCOMING_PREFIX = "imports_incoming_"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _offer_warehouse() -> str:
    """`o.warehouse_id` where one part's offers are looked up by the (part, price) index.

    SQLite plans a correlated subquery on its own and picks the warehouse index (a scan of
    every offer of the warehouse for each row); the unary plus hides that index from it.
    PostgreSQL turns the same subqueries into hash joins, where the index is the right one.
    """
    return "o.warehouse_id" if _postgres() else "+o.warehouse_id"


@contextmanager
def memory_bounded() -> Iterator[None]:
    """SQLite maps the database file into the process (settings: mmap_size), and an import
    reads every offer of a warehouse: mapped, that is gigabytes of resident memory on a big
    catalog. For the import the file is read through SQLite's own bounded page cache."""
    if _postgres():
        yield
        return
    previous = int(_scalar("PRAGMA mmap_size") or 0)
    _execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        _execute(f"PRAGMA mmap_size={previous}")


def staged_table(import_id: int) -> str:
    return f"{STAGED_PREFIX}{int(import_id)}"


def incoming_table(import_id: int) -> str:
    return f"{INCOMING_PREFIX}{int(import_id)}"


def _execute(sql: str, params: Iterable[object] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


def _scalar(sql: str, params: Iterable[object] = ()) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        row = cursor.fetchone()
    return row[0] if row else None


def _rows(sql: str, params: Iterable[object] = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def staging_create(import_id: int) -> None:
    staging_drop(import_id)
    table = staged_table(import_id)
    if _postgres():
        _execute(
            f"CREATE UNLOGGED TABLE {table} (line integer NOT NULL, brand_id bigint,"
            " brand text NOT NULL, brand_key text NOT NULL, number text NOT NULL,"
            ' number_norm text COLLATE "C" NOT NULL, name text NOT NULL,'
            " purchase_price numeric(12, 2) NOT NULL, currency varchar(3) NOT NULL,"
            " price numeric(12, 2), quantity integer NOT NULL, lower_bound boolean NOT NULL,"
            " days_min smallint NOT NULL, days_max smallint NOT NULL, pack integer NOT NULL)"
            " WITH (autovacuum_enabled = false)"
        )
    else:
        _execute(
            f"CREATE TABLE {table} (line integer NOT NULL, brand_id integer,"
            " brand text NOT NULL, brand_key text NOT NULL, number text NOT NULL,"
            " number_norm text NOT NULL,"
            " name text NOT NULL, purchase_price decimal NOT NULL, currency text NOT NULL,"
            " price decimal, quantity integer NOT NULL, lower_bound bool NOT NULL,"
            " days_min integer NOT NULL, days_max integer NOT NULL, pack integer NOT NULL)"
        )


def staging_drop(import_id: int) -> None:
    _execute(f"DROP TABLE IF EXISTS {changes_table(import_id)}")
    _execute(f"DROP TABLE IF EXISTS {incoming_table(import_id)}")
    _execute(f"DROP TABLE IF EXISTS {staged_table(import_id)}")


def staging_tables() -> list[int]:
    """The ids of every import that has staging tables now."""
    if _postgres():
        names = _rows(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename LIKE 'imports\\_staged\\_%%'"
        )
    else:
        names = _rows(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name LIKE 'imports\\_staged\\_%' ESCAPE '\\'"
        )
    return sorted(int(name.removeprefix(STAGED_PREFIX)) for (name,) in names)


# COPY's text format: a backslash, a tab or a line break inside a value is escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


_NULL = "\\N"


def _copy_line(row: tuple) -> str:
    (line, brand_id, brand, key, number, norm, name, purchase, currency, price, quantity,
     lower_bound, days_min, days_max, pack) = row  # fmt: skip
    escape = _COPY_ESCAPES
    brand_id = _NULL if brand_id is None else brand_id
    price = _NULL if price is None else price
    lower_bound = "t" if lower_bound else "f"
    return (
        f"{line}\t{brand_id}\t{brand.translate(escape)}\t{key.translate(escape)}\t"
        f"{number.translate(escape)}\t{norm.translate(escape)}\t{name.translate(escape)}\t"
        f"{purchase}\t{currency}\t{price}\t{quantity}\t{lower_bound}\t{days_min}\t"
        f"{days_max}\t{pack}\n"
    )


class StagingWriter:
    """Appends rows (in STAGED_COLUMNS order) to an import's staging table.

    PostgreSQL: one COPY for the whole list on a connection of its own, so the server takes
    rows in while this process reads the next ones (the progress updates go on Django's
    connection meanwhile); within a transaction, one COPY per batch on Django's connection.
    SQLite: one INSERT … executemany per batch, each committed.
    """

    def __init__(self, import_id: int) -> None:
        self.table = staged_table(import_id)
        self.columns = ", ".join(STAGED_COLUMNS)
        self._conn = self._copy = self._copy_context = None

    def __enter__(self) -> StagingWriter:
        # Inside a transaction (a caller's atomic block, a test) another connection could
        # not see the staging table yet: then each batch is copied on Django's connection.
        if _postgres() and not connection.in_atomic_block:
            import psycopg

            self._conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)
            try:
                self._copy_context = self._conn.cursor().copy(
                    f"COPY {self.table} ({self.columns}) FROM STDIN"
                )
                self._copy = self._copy_context.__enter__()
            except BaseException:
                self._conn.close()
                raise
        return self

    def write(self, rows: list[tuple]) -> None:
        if self._copy is not None:
            self._copy.write("".join(map(_copy_line, rows)))
            return
        with transaction.atomic(), connection.cursor() as cursor:
            if _postgres():
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    copy.write("".join(map(_copy_line, rows)))
                return
            marks = ", ".join("?" * len(STAGED_COLUMNS))
            # The Django cursor would rewrite "%s" and check every row; the raw one does not.
            cursor.cursor.executemany(
                f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", rows
            )

    def __exit__(self, *exc_info) -> None:
        try:
            if self._copy_context is not None:
                self._copy_context.__exit__(*exc_info)
        finally:
            if self._conn is not None:
                self._conn.close()


@dataclass
class HeldSpelling:
    key: str
    spelling: str
    rows: int


def held_spellings(import_id: int) -> list[HeldSpelling]:
    """The unknown brand spellings of the list, with how many rows each holds."""
    table = staged_table(import_id)
    return [
        HeldSpelling(key=key, spelling=spelling, rows=rows)
        for key, spelling, rows in _rows(
            f"SELECT brand_key, MIN(brand), COUNT(*) FROM {table}"
            " WHERE brand_id IS NULL GROUP BY brand_key ORDER BY COUNT(*) DESC"
        )
    ]


def parts_create(import_id: int) -> int:
    """Create the parts of the list the catalog does not have, and point the incoming rows
    at them; returns how many were created. Call after `incoming_build`."""
    incoming = incoming_table(import_id)
    new = _execute(
        ("INSERT" if _postgres() else "INSERT OR IGNORE")
        + " INTO catalog_part (brand_id, number, number_norm, name, description, attributes,"
        " weight_kg) SELECT brand_id, number, number_norm, name, '', '{}', NULL"
        f" FROM {incoming} WHERE part_id IS NULL ORDER BY line"
        + (" ON CONFLICT (brand_id, number_norm) DO NOTHING" if _postgres() else "")
    )
    if new:
        _execute(
            f"UPDATE {incoming} SET part_id = p.id FROM catalog_part p"
            f" WHERE {incoming}.part_id IS NULL AND p.brand_id = {incoming}.brand_id"
            f" AND p.number_norm = {incoming}.number_norm"
        )
    return new


def incoming_build(import_id: int) -> None:
    """One row per part, the first the list gives for it; part_id is NULL for a new part."""
    staged, incoming = staged_table(import_id), incoming_table(import_id)
    values = (
        "s.line, s.number, s.name, s.purchase_price, s.currency, s.price, s.quantity,"
        " s.lower_bound, s.days_min, s.days_max, s.pack"
    )
    _execute(f"DROP TABLE IF EXISTS {incoming}")
    if _postgres():
        _execute(
            f"CREATE UNLOGGED TABLE {incoming} WITH (autovacuum_enabled = false) AS"
            f" SELECT DISTINCT ON (s.brand_id, s.number_norm) p.id AS part_id,"
            f" s.brand_id, s.number_norm, {values}"
            f" FROM {staged} s LEFT JOIN catalog_part p"
            " ON p.brand_id = s.brand_id AND p.number_norm = s.number_norm"
            " WHERE s.brand_id IS NOT NULL ORDER BY s.brand_id, s.number_norm, s.line"
        )
    else:
        # SQLite takes the other columns of an aggregate query with MIN() from the row
        # that holds the minimum: the first line of each part.
        _execute(
            f"CREATE TABLE {incoming} AS SELECT p.id AS part_id, s.brand_id, s.number_norm,"
            f" {values}, MIN(s.line) AS first_line"
            f" FROM {staged} s LEFT JOIN catalog_part p"
            " ON p.brand_id = s.brand_id AND p.number_norm = s.number_norm"
            " WHERE s.brand_id IS NOT NULL GROUP BY s.brand_id, s.number_norm"
        )


def incoming_index(import_id: int) -> None:
    """Index the one-row-per-part table by part, once its parts are known."""
    incoming = incoming_table(import_id)
    _execute(f"CREATE INDEX {incoming}_part ON {incoming} (part_id)")
    if _postgres():
        _execute(f"ANALYZE {incoming}")


def duplicates(import_id: int, *, limit: int) -> tuple[int, list[tuple[int, str]]]:
    """How many rows repeat a part an earlier line already gave, and the first few of them."""
    staged, incoming = staged_table(import_id), incoming_table(import_id)
    total = _scalar(f"SELECT COUNT(*) FROM {staged} WHERE brand_id IS NOT NULL")
    unique = _scalar(f"SELECT COUNT(*) FROM {incoming}")
    count = int(total or 0) - int(unique or 0)
    if not count:
        return 0, []
    samples = _rows(
        "SELECT line, number FROM (SELECT line, number, ROW_NUMBER() OVER ("
        " PARTITION BY brand_id, number_norm ORDER BY line) AS n"
        f" FROM {staged} WHERE brand_id IS NOT NULL) AS ranked WHERE n > 1"
        " ORDER BY line LIMIT %s",
        [limit],
    )
    return count, [(int(line), number) for line, number in samples]


def _differs(offer: str, incoming: str) -> str:
    if _postgres():
        return " OR ".join(
            f"{offer}.{column} IS DISTINCT FROM {incoming}.{staged}"
            for column, staged in OFFER_FIELDS
        )
    return " OR ".join(
        f"{offer}.{column} IS NOT {incoming}.{staged}" for column, staged in OFFER_FIELDS
    )


@dataclass
class Difference:
    live: int
    new: int
    changed: int
    removed: int
    unchanged: int
    duplicate_offers: int  # extra offers of one part at the warehouse (from before imports)
    price_jumps: int  # kept offers whose purchase price moved by ×10 or more either way
    largest_changes: list[dict]


def changes_table(import_id: int) -> str:
    return f"imports_changes_{int(import_id)}"


def difference(import_id: int, *, warehouse_id: int, limit: int = 20) -> Difference:
    """The list against the live offers at the warehouse, without changing them.

    Two passes write what differs into the import's change table: offers to add ('n'),
    to change ('c', with the old prices) and to remove ('r'). Everything else, and then the
    publication, works on that small table.
    """
    incoming, changes = incoming_table(import_id), changes_table(import_id)
    warehouse = _offer_warehouse()
    _execute(f"DROP TABLE IF EXISTS {changes}")
    columns = ", ".join(f"i.{staged}" for _, staged in OFFER_FIELDS)
    _execute(
        ("CREATE UNLOGGED TABLE" if _postgres() else "CREATE TABLE")
        + f" {changes} AS SELECT CASE WHEN o.id IS NULL THEN 'n' ELSE 'c' END AS kind,"
        f" o.id AS offer_id, i.part_id, {columns},"
        " o.price AS old_price, o.purchase_price AS old_purchase_price"
        f" FROM {incoming} i LEFT JOIN pricing_offer o"
        f" ON o.part_id = i.part_id AND {warehouse} = %s"
        " WHERE o.id IS NULL OR " + _differs("o", "i"),
        [warehouse_id],
    )
    _execute(
        f"INSERT INTO {changes} (kind, offer_id) SELECT 'r', o.id FROM pricing_offer o"
        " WHERE o.warehouse_id = %s AND NOT EXISTS ("
        f" SELECT 1 FROM {incoming} i WHERE i.part_id = o.part_id)",
        [warehouse_id],
    )
    live = int(
        _scalar("SELECT COUNT(*) FROM pricing_offer WHERE warehouse_id = %s", [warehouse_id])
    )
    listed = int(_scalar(f"SELECT COUNT(*) FROM {incoming}"))
    counts = dict(_rows(f"SELECT kind, COUNT(*) FROM {changes} GROUP BY kind"))
    new, changed, removed = (int(counts.get(kind, 0)) for kind in "ncr")
    # Offers of listed parts beyond one per part: left by an earlier list or the demo.
    duplicate_offers = (live - removed) - (listed - new)
    if duplicate_offers > 0:
        _execute(
            f"INSERT INTO {changes} (kind, offer_id) SELECT 'r', o.id FROM pricing_offer d"
            f" JOIN pricing_offer o ON o.part_id = d.part_id AND {warehouse} = %s"
            " AND o.id > d.id WHERE d.warehouse_id = %s",
            [warehouse_id, warehouse_id],
        )
        _execute(
            f"DELETE FROM {changes} WHERE kind = 'c' AND offer_id IN ("
            f" SELECT offer_id FROM {changes} WHERE kind = 'r')"
        )
        counts = dict(_rows(f"SELECT kind, COUNT(*) FROM {changes} GROUP BY kind"))
        new, changed, removed = (int(counts.get(kind, 0)) for kind in "ncr")
    _execute(f"CREATE INDEX {changes}_kind ON {changes} (kind)")
    jumps = _scalar(
        f"SELECT COUNT(*) FROM {changes} WHERE kind = 'c' AND old_purchase_price > 0"
        " AND purchase_price > 0 AND (purchase_price >= 10 * old_purchase_price"
        " OR old_purchase_price >= 10 * purchase_price)"
    )
    largest = _rows(
        "SELECT b.name, p.number, c.old_price, c.price, c.old_purchase_price, c.purchase_price"
        f" FROM {changes} c JOIN catalog_part p ON p.id = c.part_id"
        " JOIN catalog_brand b ON b.id = p.brand_id"
        " WHERE c.kind = 'c' AND c.old_price > 0 AND c.old_price <> c.price"
        " ORDER BY ABS(c.price - c.old_price) / c.old_price DESC, p.id LIMIT %s",
        [limit],
    )
    return Difference(
        live=live,
        new=new,
        changed=changed,
        removed=removed,
        unchanged=max(0, listed - new - changed),
        duplicate_offers=max(0, duplicate_offers),
        price_jumps=int(jumps or 0),
        largest_changes=[
            {
                "brand": brand,
                "number": number,
                "old_price": str(old),
                "new_price": str(new_price),
                "old_purchase_price": str(old_purchase),
                "new_purchase_price": str(new_purchase),
            }
            for brand, number, old, new_price, old_purchase, new_purchase in largest
        ],
    )


@dataclass
class Published:
    removed: int
    changed: int
    new: int


def publish(
    import_id: int,
    *,
    supplier_id: int,
    warehouse_id: int,
    now: datetime.datetime,
    difference: Difference,
) -> Published:
    """Make the list the live offers of the warehouse, from the change table `difference`
    wrote. Call inside the transaction that has locked the supplier since then."""
    changes = changes_table(import_id)
    removed = changed = new = 0
    if difference.removed:
        removed = _offers_delete(
            import_id, f"SELECT offer_id AS id FROM {changes} WHERE kind = 'r'", []
        )
    if difference.changed:
        assignments = ", ".join(f"{column} = c.{staged}" for column, staged in OFFER_FIELDS)
        changed = _execute(
            f"UPDATE pricing_offer SET {assignments}, updated_at = %s"
            f" FROM {changes} c WHERE c.kind = 'c' AND pricing_offer.id = c.offer_id",
            [now],
        )
    if difference.new:
        new = _execute(
            "INSERT INTO pricing_offer (supplier_id, warehouse_id, part_id, purchase_price,"
            " currency, price, quantity, quantity_is_lower_bound, delivery_days_min,"
            " delivery_days_max, pack_multiple, returnable, updated_at)"
            " SELECT %s, %s, c.part_id, c.purchase_price, c.currency, c.price, c.quantity,"
            " c.lower_bound, c.days_min, c.days_max, c.pack, %s, %s"
            f" FROM {changes} c WHERE c.kind = 'n' AND c.part_id IS NOT NULL",
            [supplier_id, warehouse_id, True, now],
        )
    return Published(removed=removed, changed=changed, new=new)


def _offers_delete(import_id: int, ids_sql: str, params: list[object]) -> int:
    """Delete the offers `ids_sql` selects, doing to the rows that refer to them what their
    foreign keys' on_delete says (a cart line goes, an order position keeps its copy and
    loses the link), as the ORM would: the database does not know on_delete."""
    gone = f"imports_gone_{int(import_id)}"
    _execute(f"DROP TABLE IF EXISTS {gone}")
    _execute(f"CREATE TEMPORARY TABLE {gone} AS {ids_sql}", params)
    for relation in Offer._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.one_to_many):
            continue
        table, column = relation.related_model._meta.db_table, relation.field.column
        on_delete = relation.on_delete
        if on_delete is models.CASCADE:
            _execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM {gone})")
        elif on_delete is models.SET_NULL:
            _execute(
                f"UPDATE {table} SET {column} = NULL WHERE {column} IN (SELECT id FROM {gone})"
            )
        else:
            raise NotImplementedError(f"{table}.{column}: on_delete={on_delete.__name__}")
    deleted = _execute(f"DELETE FROM pricing_offer WHERE id IN (SELECT id FROM {gone})")
    _execute(f"DROP TABLE {gone}")
    return deleted


# Rows added or removed past which the planner's statistics of a table are renewed.
ANALYZE_AFTER_ROWS = 50_000


def statistics_refresh(*, offers_moved: int, parts_new: int) -> None:
    """Renew PostgreSQL's statistics after a large list: the planner otherwise goes on
    planning the next import (and the searches) for the tables as they were before it.
    ANALYZE reads a fixed sample, so it costs about the same at any table size."""
    if not _postgres():
        return
    if offers_moved >= ANALYZE_AFTER_ROWS:
        _execute("ANALYZE pricing_offer")
    if parts_new >= ANALYZE_AFTER_ROWS:
        _execute("ANALYZE catalog_part")


def held_rows_copy(import_id: int) -> int:
    """Keep the rows of unknown brands (in imports_heldrow) once the list is published."""
    staged = staged_table(import_id)
    return _execute(
        "INSERT INTO imports_heldrow (price_list_import_id, unknown_brand_id, line, number,"
        " number_norm, name, purchase_price, currency, quantity, quantity_is_lower_bound,"
        " delivery_days_min, delivery_days_max, pack_multiple)"
        " SELECT %s, u.id, s.line, s.number, s.number_norm, s.name, s.purchase_price,"
        " s.currency, s.quantity, s.lower_bound, s.days_min, s.days_max, s.pack"
        f" FROM {staged} s JOIN imports_unknownbrand u ON u.key = s.brand_key"
        " WHERE s.brand_id IS NULL ORDER BY s.line",
        [import_id],
    )


def new_parts_count(import_id: int) -> int:
    """How many parts a dry run would create (rows of the list with no part yet)."""
    return int(_scalar(f"SELECT COUNT(*) FROM {incoming_table(import_id)} WHERE part_id IS NULL"))
