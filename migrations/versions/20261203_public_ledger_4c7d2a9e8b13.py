"""The public ledger: entries (the canonical text of each published notice), the perfect-subtree
hashes of its Merkle tree, and the checkpoints signed. All three are append-only: triggers refuse
any UPDATE or DELETE of their rows, whatever client writes.

Notices published before this revision have no entry; `flask ledger verify` lists them.

Revision ID: 4c7d2a9e8b13
Revises: 79ee28ca2330
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4c7d2a9e8b13'
down_revision = '79ee28ca2330'
branch_labels = None
depends_on = None

LEDGER_TABLES = ("ledger_entries", "ledger_nodes", "ledger_checkpoints")


def _triggers(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"""CREATE TRIGGER {table}_no_{change} BEFORE {change.upper()} ON {table}
                    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END"""
                for table in LEDGER_TABLES for change in ("update", "delete")]
    if dialect == "postgresql":
        return ["""CREATE FUNCTION refuse_ledger_change() RETURNS trigger AS $$
                   BEGIN
                     RAISE EXCEPTION 'the ledger is append-only';
                   END $$ LANGUAGE plpgsql"""] + [
            f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()""" for table in LEDGER_TABLES]
    return []


def upgrade():
    op.create_table(
        'ledger_entries',
        sa.Column('index', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.Column('leaf_hash', sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_ledger_entries_notice_id_notices')),
        sa.PrimaryKeyConstraint('index', name=op.f('pk_ledger_entries')),
        sa.UniqueConstraint('notice_id', name=op.f('uq_ledger_entries_notice_id')),
    )
    op.create_table(
        'ledger_nodes',
        sa.Column('level', sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column('position', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('hash', sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint('level', 'position', name=op.f('pk_ledger_nodes')),
    )
    op.create_table(
        'ledger_checkpoints',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('origin', sa.String(length=300), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('root', sa.LargeBinary(length=32), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_checkpoints')),
        sa.UniqueConstraint('origin', 'size', 'key', name='uq_ledger_checkpoints_origin_size_key'),
    )
    with op.batch_alter_table('ledger_checkpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_checkpoints_size'), ['size'], unique=False)
    for statement in _triggers(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    # Dropping a table drops its triggers; PostgreSQL keeps the function.
    if op.get_bind().dialect.name == "postgresql":
        for table in LEDGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS refuse_ledger_change()")
    with op.batch_alter_table('ledger_checkpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_checkpoints_size'))
    op.drop_table('ledger_checkpoints')
    op.drop_table('ledger_nodes')
    op.drop_table('ledger_entries')
