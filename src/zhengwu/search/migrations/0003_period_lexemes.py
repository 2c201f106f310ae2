"""PostgreSQL: the publication year and month join each document's tsvector as the lexemes
`@YYYY` and `@YYYYMM` (China time), so a query with very many matches is limited to its newest
months or years inside the GIN index itself (index._PostgreSQL.newest); the GIN indexes stop using a pending list
(fastupdate off), so a search never scans unmerged entries after a burst of writes.
SQLite is unchanged.

No query can produce a lexeme starting with "@": query words hold only letters, digits and
CJK characters (segment._clean).
"""

import importlib

from django.db import migrations

VendorSQL = importlib.import_module("zhengwu.search.migrations.0002_fulltext").VendorSQL

YEAR = "extract(year FROM published_at AT TIME ZONE 'Asia/Shanghai')::int"
MONTH = f"({YEAR} * 100 + extract(month FROM published_at AT TIME ZONE 'Asia/Shanghai')::int)"
SEARCH_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_tokens), 'B') || "
    f"array_to_tsvector(array_remove(ARRAY['@' || {YEAR}, '@' || {MONTH}], NULL))"
)
# Also run by bench/search_bench.py, which builds the indexes after its bulk load.
INDEXES = [
    "CREATE INDEX search_entry_vector ON search_entry USING GIN (search_vector) "
    "WITH (fastupdate = off)",
    "CREATE INDEX search_entry_title_vector ON search_entry USING GIN (title_vector) "
    "WITH (fastupdate = off)",
]

POSTGRESQL = [
    "DROP INDEX IF EXISTS search_entry_title_vector",
    "ALTER TABLE search_entry DROP COLUMN search_vector",
    f"ALTER TABLE search_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED",
    *INDEXES,
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_title_vector",
    "ALTER TABLE search_entry DROP COLUMN search_vector",
    "ALTER TABLE search_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')) STORED",
    "CREATE INDEX search_entry_vector ON search_entry USING GIN (search_vector)",
    "CREATE INDEX search_entry_title_vector ON search_entry USING GIN (title_vector)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [VendorSQL("postgresql", POSTGRESQL, POSTGRESQL_REVERSE)]
