"""Kept digits: one row per digit a person kept, with the frame the model saw.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_digits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("collection", sa.String(100), nullable=False),
        sa.Column("label", sa.SmallInteger, nullable=False),
        sa.Column("read_as", sa.SmallInteger, nullable=True),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("model", sa.String(40), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("frame", sa.LargeBinary, nullable=False),
        sa.Column("ink_png", sa.LargeBinary, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("label BETWEEN 0 AND 9", name="label_is_a_digit"),
        sa.CheckConstraint("read_as IS NULL OR read_as BETWEEN 0 AND 9", name="read_as_is_a_digit"),
    )
    op.create_index("kept_digits_by_collection", "kept_digits", ["collection", "label"])


def downgrade() -> None:
    op.drop_table("kept_digits")
