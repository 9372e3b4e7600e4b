"""The search's lookups are answered from B-tree indexes, never by scanning a table."""

import pytest
from django.db import connection

from partsdesk.catalog.models import CrossReference, Part
from partsdesk.catalog.numbers import prefix_upper_bound


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # Tiny test tables make a sequential scan cheapest; ask what the index can do.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def in_transaction(db):
    # SET LOCAL lasts for the test's transaction.
    return None


def test_cross_references_of_a_part_are_an_index_only_range(oil_filters, in_transaction):
    links = CrossReference.objects.filter(part=oil_filters["oc90"]).values_list(
        "analog_id", "kind", "source"
    )
    text = plan(links)
    if connection.vendor == "sqlite":
        # SQLite names the index of an inline UNIQUE constraint itself.
        assert "USING COVERING INDEX" in text and "(part_id=?)" in text
    else:
        assert "Index Only Scan using crossref_part_analog_uniq" in text


def test_exact_number_lookup_uses_the_number_index(oil_filters, in_transaction):
    text = plan(Part.objects.filter(number_norm="OC90").values_list("id", "brand_id"))
    assert "part_number_norm_idx" in text
    assert "SCAN catalog_part\n" not in text + "\n" and "Seq Scan" not in text


def test_prefix_lookup_is_an_index_range(oil_filters, in_transaction):
    parts = Part.objects.filter(
        number_norm__gte="OC9", number_norm__lt=prefix_upper_bound("OC9")
    ).order_by("number_norm", "brand_id")[:10]
    text = plan(parts)
    assert "part_number_norm_idx" in text
    assert "Seq Scan" not in text
    assert "USE TEMP B-TREE" not in text  # rows come out of the index already in order
