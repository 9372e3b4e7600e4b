"""Full-text search over part names: an FTS5 table on SQLite, a GIN index on PostgreSQL.

Kept out of the model state: neither is something the ORM can describe on both backends.
The PostgreSQL expression must equal `partsdesk.catalog.fulltext.PG_DOCUMENT`.
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE catalog_part_fts USING fts5(
        name, description, content='catalog_part', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER catalog_part_fts_ai AFTER INSERT ON catalog_part BEGIN
        INSERT INTO catalog_part_fts(rowid, name, description)
        VALUES (new.id, new.name, new.description);
    END""",
    """CREATE TRIGGER catalog_part_fts_ad AFTER DELETE ON catalog_part BEGIN
        INSERT INTO catalog_part_fts(catalog_part_fts, rowid, name, description)
        VALUES ('delete', old.id, old.name, old.description);
    END""",
    """CREATE TRIGGER catalog_part_fts_au AFTER UPDATE OF name, description ON catalog_part BEGIN
        INSERT INTO catalog_part_fts(catalog_part_fts, rowid, name, description)
        VALUES ('delete', old.id, old.name, old.description);
        INSERT INTO catalog_part_fts(rowid, name, description)
        VALUES (new.id, new.name, new.description);
    END""",
    "INSERT INTO catalog_part_fts(catalog_part_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_part_fts_au",
    "DROP TRIGGER IF EXISTS catalog_part_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_part_fts_ai",
    "DROP TABLE IF EXISTS catalog_part_fts",
]
PG_CREATE = [
    "CREATE INDEX IF NOT EXISTS catalog_part_name_fts ON catalog_part USING gin ("
    "to_tsvector('simple'::regconfig, COALESCE(name, '') || ' ' || COALESCE(description, '')))"
]
PG_DROP = ["DROP INDEX IF EXISTS catalog_part_name_fts"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP}),
        )
    ]
