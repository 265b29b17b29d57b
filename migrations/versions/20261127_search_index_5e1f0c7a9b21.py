"""Search index: one row of search text per tender, kept in step by triggers; and indexes
that serve the public list in each of its orders without sorting every tender.

The text holds the tender's reference, city, title, description and mission, and the prose of
every published notice (its body, and in its payload every Chinese or English text and every
bidder name), ASCII letters folded to lower case. Triggers rebuild a tender's row when the
tender is written and when one of its notices is published, so bulk loaders are indexed too.

SQLite: an FTS5 trigram table over the text (external content), for words of 3+ characters.
PostgreSQL: a pg_trgm GIN index on the text (it serves CJK only under a UTF-8 ctype).

Revision ID: 5e1f0c7a9b21
Revises: 33bc53f97506
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1f0c7a9b21'
down_revision = '33bc53f97506'
branch_labels = None
depends_on = None

NOTICE_KEYS = "('zh', 'en', 'name', 'bidder')"

# --- SQLite -------------------------------------------------------------------------------------

SQLITE_TEXT = f"""lower(t.reference || char(10) || t.city || char(10) || coalesce((
    SELECT group_concat(j.value, char(10)) FROM json_tree(json_array(
        json(t.title), json(t.description), json(coalesce(t.mission, 'null')))) AS j
    WHERE j.type = 'text' AND j.key IN ('zh', 'en')), '') || char(10) || coalesce((
    SELECT group_concat(j.value, char(10)) FROM notices AS n, json_tree(json_array(
        json(coalesce(n.body, 'null')), json(n.payload))) AS j
    WHERE n.tender_id = t.id AND n.status = 'published' AND j.type = 'text'
      AND j.key IN {NOTICE_KEYS}), ''))"""


def sqlite_refresh(tender_id: str) -> str:
    return f"""INSERT INTO tender_search (tender_id, text)
        SELECT t.id, {SQLITE_TEXT} FROM tenders AS t WHERE t.id = {tender_id}
        ON CONFLICT (tender_id) DO UPDATE SET text = excluded.text;"""


SQLITE = [
    """CREATE VIRTUAL TABLE tender_search_fts USING fts5(
        text, content='tender_search', content_rowid='tender_id',
        tokenize='trigram case_sensitive 1')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON tender_search BEGIN
        INSERT INTO tender_search_fts (rowid, text) VALUES (NEW.tender_id, NEW.text); END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON tender_search BEGIN
        INSERT INTO tender_search_fts (tender_search_fts, rowid, text)
        VALUES ('delete', OLD.tender_id, OLD.text); END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON tender_search BEGIN
        INSERT INTO tender_search_fts (tender_search_fts, rowid, text)
        VALUES ('delete', OLD.tender_id, OLD.text);
        INSERT INTO tender_search_fts (rowid, text) VALUES (NEW.tender_id, NEW.text); END""",
    f"""CREATE TRIGGER search_tender_insert AFTER INSERT ON tenders BEGIN
        {sqlite_refresh('NEW.id')} END""",
    f"""CREATE TRIGGER search_tender_update
        AFTER UPDATE OF reference, city, title, description, mission ON tenders BEGIN
        {sqlite_refresh('NEW.id')} END""",
    f"""CREATE TRIGGER search_notice_insert AFTER INSERT ON notices
        WHEN NEW.status = 'published' BEGIN {sqlite_refresh('NEW.tender_id')} END""",
    f"""CREATE TRIGGER search_notice_publish AFTER UPDATE OF status ON notices
        WHEN NEW.status = 'published' BEGIN {sqlite_refresh('NEW.tender_id')} END""",
    # Tenders written before this revision.
    f"""INSERT INTO tender_search (tender_id, text) SELECT t.id, {SQLITE_TEXT} FROM tenders AS t""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_notice_publish", "DROP TRIGGER IF EXISTS search_notice_insert",
    "DROP TRIGGER IF EXISTS search_tender_update", "DROP TRIGGER IF EXISTS search_tender_insert",
    "DROP TRIGGER IF EXISTS search_fts_update", "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert", "DROP TABLE IF EXISTS tender_search_fts",
]

# --- PostgreSQL ---------------------------------------------------------------------------------

# Every string under these keys, at any depth of a JSON document.
PG_STRINGS = """jsonb_path_query({doc}, 'strict $.** ? (@.type() == "object")') AS o(obj)
    CROSS JOIN LATERAL jsonb_each(o.obj) AS e"""
PG_WANTED = "e.key IN {keys} AND jsonb_typeof(e.value) = 'string'"
# Only ASCII letters are folded, as SQLite's lower() does, so both databases match alike.
PG_TEXT = f"""translate(t.reference || E'\\n' || t.city || E'\\n' || coalesce((
    SELECT string_agg(e.value #>> '{{}}', E'\\n') FROM {PG_STRINGS.format(
        doc="jsonb_build_array(t.title::jsonb, t.description::jsonb, t.mission::jsonb)")}
    WHERE {PG_WANTED.format(keys="('zh', 'en')")}), '') || E'\\n' || coalesce((
    SELECT string_agg(e.value #>> '{{}}', E'\\n') FROM notices AS n CROSS JOIN LATERAL {PG_STRINGS.format(
        doc="jsonb_build_array(n.body::jsonb, n.payload::jsonb)")}
    WHERE n.tender_id = t.id AND n.status = 'published' AND {PG_WANTED.format(keys=NOTICE_KEYS)}), ''),
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"""

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""CREATE FUNCTION refresh_tender_search(tid integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO tender_search (tender_id, text)
        SELECT t.id, {PG_TEXT} FROM tenders AS t WHERE t.id = tid
        ON CONFLICT (tender_id) DO UPDATE SET text = excluded.text $$""",
    """CREATE FUNCTION search_from_tender() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM refresh_tender_search(NEW.id); RETURN NULL; END $$""",
    """CREATE FUNCTION search_from_notice() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM refresh_tender_search(NEW.tender_id); RETURN NULL; END $$""",
    """CREATE TRIGGER search_tender AFTER INSERT OR UPDATE OF reference, city, title, description,
        mission ON tenders FOR EACH ROW EXECUTE FUNCTION search_from_tender()""",
    """CREATE TRIGGER search_notice AFTER INSERT OR UPDATE OF status ON notices FOR EACH ROW
        WHEN (NEW.status = 'published') EXECUTE FUNCTION search_from_notice()""",
    "SELECT refresh_tender_search(id) FROM tenders",
    "CREATE INDEX tender_search_trigram ON tender_search USING gin (text gin_trgm_ops)",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS search_notice ON notices",
    "DROP TRIGGER IF EXISTS search_tender ON tenders",
    "DROP FUNCTION IF EXISTS search_from_notice()", "DROP FUNCTION IF EXISTS search_from_tender()",
    "DROP FUNCTION IF EXISTS refresh_tender_search(integer)",
    "DROP INDEX IF EXISTS tender_search_trigram",
]


PUBLIC_ORDERS = [("ix_tenders_public_published", "published_at"),
                 ("ix_tenders_public_deadline", "bid_deadline"),
                 ("ix_tenders_public_value", "value_amount")]


def upgrade():
    op.create_table(
        'tender_search',
        sa.Column('tender_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], ondelete='CASCADE',
                                name=op.f('fk_tender_search_tender_id_tenders')),
        sa.PrimaryKeyConstraint('tender_id', name=op.f('pk_tender_search')),
    )
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, []):
        op.execute(statement)
    for name, column in PUBLIC_ORDERS:
        op.create_index(name, 'tenders', ['sandbox', column, 'id'], unique=False)


def downgrade():
    for name, _column in PUBLIC_ORDERS:
        op.drop_index(name, table_name='tenders')
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(dialect, []):
        op.execute(statement)
    op.drop_table('tender_search')
