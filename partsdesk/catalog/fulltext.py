"""Search of parts by the words of their name and description.

SQLite: an FTS5 table kept in step with `catalog_part` by triggers (migration 0002).
PostgreSQL: a GIN index on the same `to_tsvector('simple', …)` expression that the query uses.
Both match every word of the query as a prefix, case-insensitively, so `масл фильтр`
finds `Фильтр масляный`; neither stems, so both backends give the same answer.
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def query_words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text)][:MAX_WORDS]


# The same expression is indexed in migration 0002; the two must stay identical.
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, COALESCE(name, '') || ' ' || COALESCE(description, ''))"
)


# PostgreSQL misjudges how many rows a prefix query matches; under a small LIMIT it then
# scans the whole table evaluating to_tsvector (seconds at millions of parts when nothing
# matches). From about a hundred rows on it uses the GIN index, so the subquery asks for at
# least this many and the caller slices.
PG_MIN_LIMIT = 200


def name_match(words: list[str], limit: int) -> Q:
    """A filter on `Part` for the parts whose name or description has all `words` as prefixes.

    Matches come in no particular order (ranking every match of a common word would read
    them all); callers order what they show.
    """
    if connection.vendor == "postgresql":
        terms = " & ".join(f"{word}:*" for word in words)
        return Q(
            id__in=RawSQL(
                f"SELECT id FROM catalog_part WHERE {PG_DOCUMENT}"
                " @@ to_tsquery('simple'::regconfig, %s) LIMIT %s",
                [terms, max(limit, PG_MIN_LIMIT)],
            )
        )
    terms = " AND ".join(f'"{word}"*' for word in words)
    return Q(
        id__in=RawSQL(
            "SELECT rowid FROM catalog_part_fts WHERE catalog_part_fts MATCH %s LIMIT %s",
            [terms, limit],
        )
    )
