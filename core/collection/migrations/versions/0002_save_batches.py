"""Save batches: the digits kept by one click share a batch, so Undo removes exactly them.

Rows kept before this revision each become a batch of their own.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("kept_digits", sa.Column("batch", sa.String(36), nullable=True))
    op.execute("UPDATE kept_digits SET batch = 'row-' || CAST(id AS VARCHAR(20)) WHERE batch IS NULL")
    with op.batch_alter_table("kept_digits") as table:
        table.alter_column("batch", existing_type=sa.String(36), nullable=False)
    op.create_index("kept_digits_by_batch", "kept_digits", ["batch"])


def downgrade() -> None:
    op.drop_index("kept_digits_by_batch", table_name="kept_digits")
    with op.batch_alter_table("kept_digits") as table:
        table.drop_column("batch")
