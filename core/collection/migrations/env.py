"""Alembic's entry point for the collection's schema. The store runs migrations itself
(core.collection.store.upgrade) on a connection it passes in; there is no alembic.ini."""

from alembic import context

connection = context.config.attributes["connection"]
# Batch mode lets a later revision alter a column on SQLite, which has no ALTER COLUMN.
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
