"""Where kept digits live: a SQL database through SQLAlchemy 2.

`DIGITLAB_DATABASE_URL` chooses the database. Without it, a SQLite file in the project's
data folder (nothing to set up); for a deployment with several app servers, PostgreSQL
(`postgresql+psycopg://user@host/name`). The schema is versioned with Alembic
(`migrations/`): opening a store brings an older database up to date, keeping its rows.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from core import config

DATABASE_URL_VARIABLE = "DIGITLAB_DATABASE_URL"
DEFAULT_DATABASE_PATH = config.DATA_DIR / "collections.sqlite"
DEFAULT_COLLECTION = "my digits"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MAX_NAME_LENGTH = 100
SOURCES = ("canvas", "upload", "example", "import", "command line")
# A writer waits this long for another to finish before SQLite gives up (8 sessions
# saving at once wait a few milliseconds each).
SQLITE_BUSY_SECONDS = 30
# Any fixed number: PostgreSQL's advisory lock that lets one server at a time migrate.
MIGRATION_LOCK_KEY = 20_261_124

metadata = sa.MetaData()
# The schema as the code uses it; migrations/versions/ says how each version got here.
kept_digits = sa.Table(
    "kept_digits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("collection", sa.String(MAX_NAME_LENGTH), nullable=False),
    sa.Column("label", sa.SmallInteger, nullable=False),
    sa.Column("read_as", sa.SmallInteger, nullable=True),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Column("model", sa.String(40), nullable=True),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("frame", sa.LargeBinary, nullable=False),
    sa.Column("ink_png", sa.LargeBinary, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("batch", sa.String(36), nullable=False),
)


class CollectionError(ValueError):
    """A digit, label or name that cannot be kept; the message says what to change."""


class StoreUnavailableError(RuntimeError):
    """The database cannot be opened or used; the message names it and the fix."""


@dataclass(frozen=True)
class KeptDigit:
    """One digit to keep: the frame the model saw and what is known about it."""

    frame: np.ndarray = field(repr=False)  # uint8 (28, 28), white ink on black, as MNIST
    label: int  # the true digit, as the person says
    source: str
    read_as: int | None = None  # what the model read
    confidence: float | None = None
    model: str | None = None
    ink_png: bytes | None = field(default=None, repr=False)  # the digit's ink as drawn, cropped


@dataclass(frozen=True)
class StoredDigit(KeptDigit):
    id: int = 0
    collection: str = DEFAULT_COLLECTION
    created_at: datetime.datetime | None = None
    batch: str = ""

    @property
    def corrected(self) -> bool:
        """True when the person gave another label than the model read."""
        return self.read_as is not None and self.read_as != self.label


def database_url() -> str:
    return os.environ.get(DATABASE_URL_VARIABLE) or f"sqlite:///{DEFAULT_DATABASE_PATH}"


def describe(url: str) -> str:
    """The database in words, without a password."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"the SQLite file {parsed.database}"
    return f"the {parsed.get_backend_name()} database {parsed.render_as_string(hide_password=True)}"


def check_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise CollectionError("A collection needs a name, such as “my digits”.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CollectionError(f"A collection's name can be at most {MAX_NAME_LENGTH} characters.")
    return cleaned


def check_digit(digit: KeptDigit) -> None:
    frame = np.asarray(digit.frame)
    if frame.shape != (config.IMAGE_SIDE, config.IMAGE_SIDE) or frame.dtype != np.uint8:
        raise CollectionError(
            f"A kept digit's frame must be 28 × 28 uint8 pixels, not {frame.shape} {frame.dtype}."
        )
    if not frame.any():
        raise CollectionError("A blank frame holds no digit to keep.")
    for name, value in (("label", digit.label), ("read_as", digit.read_as)):
        if value is None and name == "read_as":
            continue
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= 9:
            raise CollectionError(f"A digit's {name} must be a whole number from 0 to 9, not {value!r}.")
    if digit.source not in SOURCES:
        raise CollectionError(f"Unknown source {digit.source!r}; one of {', '.join(SOURCES)}.")
    if digit.confidence is not None and not 0.0 <= digit.confidence <= 1.0:
        raise CollectionError(f"A confidence lies between 0 and 1, not {digit.confidence}.")


def _sqlite_settings(engine: Engine) -> None:
    """WAL (readers never wait for a writer), a busy timeout, and BEGIN IMMEDIATE: a
    transaction takes the write lock when it starts, so two writers queue instead of
    one failing at its first write (SQLAlchemy's recipe for pysqlite)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str) -> Engine:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        _sqlite_settings(engine)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to `revision`, inside the caller's transaction. On SQLite the
    transaction already holds the write lock; on PostgreSQL an advisory lock makes a
    second server wait, then find nothing left to do."""
    from alembic import command
    from alembic.config import Config

    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(MIGRATIONS_DIR))
    alembic_config.attributes["connection"] = connection
    command.upgrade(alembic_config, revision)


def schema_revision(connection: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


class CollectionStore:
    """Kept digits in named collections. Safe to share between threads and sessions."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self.where = describe(self.url)
        try:
            self.engine = create_engine(self.url)
            with self.engine.begin() as connection:
                upgrade(connection)
        except sa.exc.SQLAlchemyError as error:
            raise self._unavailable(error) from error
        except Exception as error:  # noqa: BLE001 - Alembic and drivers fail in many ways; all mean "cannot use it"
            raise self._unavailable(error) from error

    def _unavailable(self, error: BaseException) -> StoreUnavailableError:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        reason = reason[0][:200] if reason else type(error).__name__
        if sa.engine.make_url(self.url).get_backend_name() == "sqlite":
            fix = (
                f"If the file is damaged, move it aside (your digits stay in it) and a new one is made; "
                f"or set {DATABASE_URL_VARIABLE} to another database."
            )
        else:
            fix = f"Check that the server is running and that {DATABASE_URL_VARIABLE} names it."
        return StoreUnavailableError(
            f"Your digits cannot be kept: {self.where} cannot be used ({reason}). {fix}"
        )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except sa.exc.SQLAlchemyError as error:
            raise self._unavailable(error) from error

    def save(self, collection: str, digits: Sequence[KeptDigit]) -> str:
        """Keep the digits together in one batch; returns the batch (for undo)."""
        collection = check_name(collection)
        if not digits:
            raise CollectionError("There are no digits to keep.")
        for digit in digits:
            check_digit(digit)
        batch = str(uuid.uuid4())
        now = datetime.datetime.now(datetime.UTC)
        rows = [
            {
                "collection": collection,
                "label": int(digit.label),
                "read_as": None if digit.read_as is None else int(digit.read_as),
                "confidence": None if digit.confidence is None else float(digit.confidence),
                "model": digit.model,
                "source": digit.source,
                "frame": np.ascontiguousarray(digit.frame).tobytes(),
                "ink_png": digit.ink_png,
                "created_at": now,
                "batch": batch,
            }
            for digit in digits
        ]
        with self._transaction() as connection:
            connection.execute(kept_digits.insert(), rows)
        return batch

    def undo(self, batch: str) -> int:
        """Remove the digits one save kept; returns how many."""
        with self._transaction() as connection:
            return connection.execute(kept_digits.delete().where(kept_digits.c.batch == batch)).rowcount

    def delete(self, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        with self._transaction() as connection:
            return connection.execute(
                kept_digits.delete().where(kept_digits.c.id.in_([int(i) for i in ids]))
            ).rowcount

    def delete_collection(self, collection: str) -> int:
        with self._transaction() as connection:
            return connection.execute(
                kept_digits.delete().where(kept_digits.c.collection == check_name(collection))
            ).rowcount

    def collections(self) -> dict[str, int]:
        """Every collection's name and size, largest first."""
        count = sa.func.count().label("count")
        query = (
            sa.select(kept_digits.c.collection, count)
            .group_by(kept_digits.c.collection)
            .order_by(count.desc(), kept_digits.c.collection)
        )
        with self._transaction() as connection:
            return {name: size for name, size in connection.execute(query)}

    def counts(self, collection: str) -> np.ndarray:
        """(10,) int: how many of each digit the collection holds."""
        query = (
            sa.select(kept_digits.c.label, sa.func.count())
            .where(kept_digits.c.collection == check_name(collection))
            .group_by(kept_digits.c.label)
        )
        counts = np.zeros(config.NUM_CLASSES, np.int64)
        with self._transaction() as connection:
            for label, count in connection.execute(query):
                counts[label] = count
        return counts

    def digits(self, collection: str, label: int | None = None) -> list[StoredDigit]:
        """The collection's digits, oldest first (only `label`'s when given)."""
        query = sa.select(kept_digits).where(kept_digits.c.collection == check_name(collection))
        if label is not None:
            query = query.where(kept_digits.c.label == int(label))
        with self._transaction() as connection:
            rows = connection.execute(query.order_by(kept_digits.c.id)).mappings().all()
        return [_stored(row) for row in rows]

    def arrays(self, collection: str) -> tuple[np.ndarray, np.ndarray]:
        """MNIST's layout: frames uint8 (N, 28, 28) and labels uint8 (N,)."""
        query = (
            sa.select(kept_digits.c.frame, kept_digits.c.label)
            .where(kept_digits.c.collection == check_name(collection))
            .order_by(kept_digits.c.id)
        )
        with self._transaction() as connection:
            rows = connection.execute(query).all()
        side = config.IMAGE_SIDE
        frames = np.zeros((len(rows), side, side), np.uint8)
        labels = np.zeros(len(rows), np.uint8)
        for index, (frame, label) in enumerate(rows):
            frames[index] = np.frombuffer(frame, np.uint8).reshape(side, side)
            labels[index] = label
        return frames, labels


def _stored(row) -> StoredDigit:
    side = config.IMAGE_SIDE
    return StoredDigit(
        frame=np.frombuffer(row["frame"], np.uint8).reshape(side, side),
        label=row["label"],
        source=row["source"],
        read_as=row["read_as"],
        confidence=row["confidence"],
        model=row["model"],
        ink_png=row["ink_png"],
        id=row["id"],
        collection=row["collection"],
        created_at=row["created_at"],
        batch=row["batch"],
    )
