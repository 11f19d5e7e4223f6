-- pg_trgm: the trigram GIN index of report_sections_fts (the search index; SQLite's is an FTS5 table with the trigram
-- tokenizer). Shipped with PostgreSQL (Debian's postgresql package); creating it needs a role allowed to (pg_trgm is a
-- trusted extension: the database's owner may).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
