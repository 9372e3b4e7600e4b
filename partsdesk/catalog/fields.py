from django.db import models


class SearchKeyField(models.CharField):
    """A normalized key compared byte by byte.

    On PostgreSQL the column gets the "C" collation so that equality, `>=`/`<` prefix ranges
    and the B-tree index agree whatever the database's locale; SQLite compares bytes already.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
