"""The digit collection's store, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import uuid

import numpy as np
import pytest
import sqlalchemy as sa

from core.collection import (
    CollectionError,
    CollectionStore,
    KeptDigit,
    StoreUnavailableError,
    digits_to_keep,
    export_csv,
    export_npz,
    few_digits_note,
    import_npz,
    labels_from_text,
    read_npz,
    wilson_interval,
)
from core.collection import store as store_module
from core.reading import read_number
from tests.drawing import blank, on_canvas, one, zero

SAVERS = 8


def frame_of(label: int, seed: int = 0) -> np.ndarray:
    """A distinct non-blank 28 x 28 frame per label and seed."""
    frame = np.zeros((28, 28), np.uint8)
    frame[4 + label : 24, 8 + seed % 10 : 14 + seed % 10] = 255
    return frame


def digit(label: int, seed: int = 0, read_as: int | None = None) -> KeptDigit:
    return KeptDigit(
        frame=frame_of(label, seed),
        label=label,
        source="canvas",
        read_as=label if read_as is None else read_as,
        confidence=0.9,
        model="cnn",
        ink_png=b"\x89PNG fake",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'collections.sqlite'}"
    # One database per test on the session's server, so tests do not see each other's rows.
    server_url = request.getfixturevalue("postgres_url")
    name = f"test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def store(database_url):
    return CollectionStore(database_url)


def test_saved_digits_come_back_with_everything_kept(store):
    batch = store.save("my digits", [digit(7, read_as=1), digit(3)])
    kept = store.digits("my digits")
    assert [(d.label, d.read_as, d.corrected) for d in kept] == [(7, 1, True), (3, 3, False)]
    assert np.array_equal(kept[0].frame, frame_of(7)) and kept[0].frame.dtype == np.uint8
    assert kept[0].ink_png == b"\x89PNG fake" and kept[0].model == "cnn" and kept[0].source == "canvas"
    assert kept[0].confidence == pytest.approx(0.9) and kept[0].created_at is not None
    assert {d.batch for d in kept} == {batch}
    assert store.counts("my digits").tolist() == [0, 0, 0, 1, 0, 0, 0, 1, 0, 0]
    assert store.collections() == {"my digits": 2}


def test_collections_are_kept_apart_and_deleted_whole(store):
    store.save("alice", [digit(1), digit(2)])
    store.save("bob", [digit(5)])
    assert store.collections() == {"alice": 2, "bob": 1}
    assert [d.label for d in store.digits("alice", label=2)] == [2]
    assert store.delete_collection("alice") == 2
    assert store.collections() == {"bob": 1}


def test_undo_removes_exactly_one_save(store):
    first = store.save("my digits", [digit(1), digit(2)])
    second = store.save("my digits", [digit(3)])
    assert store.undo(second) == 1
    assert [d.label for d in store.digits("my digits")] == [1, 2]
    assert store.undo(second) == 0  # a second undo finds nothing
    assert store.undo(first) == 2 and store.collections() == {}


def test_deleting_chosen_digits(store):
    store.save("my digits", [digit(label) for label in range(5)])
    ids = [d.id for d in store.digits("my digits") if d.label in (1, 3)]
    assert store.delete(ids) == 2
    assert [d.label for d in store.digits("my digits")] == [0, 2, 4]


def test_arrays_are_in_mnists_layout(store):
    store.save("my digits", [digit(4), digit(9, seed=3)])
    frames, labels = store.arrays("my digits")
    assert frames.shape == (2, 28, 28) and frames.dtype == np.uint8
    assert labels.tolist() == [4, 9] and labels.dtype == np.uint8
    assert np.array_equal(frames[1], frame_of(9, 3))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (KeptDigit(frame=frame_of(1), label=10, source="canvas"), "from 0 to 9"),
        (KeptDigit(frame=frame_of(1), label=-1, source="canvas"), "from 0 to 9"),
        (KeptDigit(frame=frame_of(1), label=True, source="canvas"), "from 0 to 9"),
        (KeptDigit(frame=frame_of(1), label=1, source="canvas", read_as=12), "read_as"),
        (KeptDigit(frame=np.zeros((28, 28), np.uint8), label=1, source="canvas"), "blank"),
        (KeptDigit(frame=np.ones((20, 20), np.uint8), label=1, source="canvas"), "28 × 28"),
        (KeptDigit(frame=frame_of(1).astype(np.float32), label=1, source="canvas"), "uint8"),
        (KeptDigit(frame=frame_of(1), label=1, source="the moon"), "Unknown source"),
        (KeptDigit(frame=frame_of(1), label=1, source="canvas", confidence=1.5), "between 0 and 1"),
    ],
)
def test_bad_digits_are_refused_and_nothing_is_kept(store, bad, message):
    with pytest.raises(CollectionError, match=message):
        store.save("my digits", [digit(2), bad])
    assert store.collections() == {}  # the good digit before it was not kept either


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_bad_collection_names_are_refused(store, name):
    with pytest.raises(CollectionError):
        store.save(name, [digit(1)])


def test_names_are_tidied(store):
    store.save("  my   digits ", [digit(1)])
    assert store.collections() == {"my digits": 1}


def _save_in_process(url: str, worker: int, rounds: int) -> None:
    store = CollectionStore(url)  # each process opens (and migrates) the database itself
    for round_number in range(rounds):
        store.save("together", [digit(worker % 10, seed=round_number), digit((worker + 1) % 10)])


def test_eight_processes_saving_at_once_lose_no_row(database_url):
    rounds = 5
    context = multiprocessing.get_context("spawn")  # a fresh interpreter, as another app server
    workers = [
        context.Process(target=_save_in_process, args=(database_url, w, rounds)) for w in range(SAVERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * SAVERS
    assert CollectionStore(database_url).collections() == {"together": SAVERS * rounds * 2}


def test_eight_threads_saving_at_once_lose_no_row(store):
    start = threading.Barrier(SAVERS)
    errors = []

    def save(worker: int) -> None:
        start.wait()
        try:
            for round_number in range(5):
                store.save("together", [digit(worker % 10, seed=round_number)])
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=save, args=(worker,)) for worker in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.collections() == {"together": SAVERS * 5}


def test_an_older_database_is_upgraded_keeping_its_rows(database_url):
    """A database made by the first schema version (before save batches) keeps every row."""
    engine = store_module.create_engine(database_url)
    with engine.begin() as connection:
        store_module.upgrade(connection, "0001")
        assert store_module.schema_revision(connection) == "0001"
        connection.execute(
            sa.text(
                "INSERT INTO kept_digits (collection, label, source, frame, created_at) "
                "VALUES ('old', 4, 'canvas', :frame, CURRENT_TIMESTAMP)"
            ),
            {"frame": frame_of(4).tobytes()},
        )
    engine.dispose()

    store = CollectionStore(database_url)
    with store.engine.connect() as connection:
        assert store_module.schema_revision(connection) == "0002"
    (old,) = store.digits("old")
    assert old.label == 4 and np.array_equal(old.frame, frame_of(4)) and old.batch
    assert store.undo(old.batch) == 1  # the row became a batch of its own


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    path = tmp_path / "collections.sqlite"
    store = CollectionStore(f"sqlite:///{path}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_a_damaged_database_file_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / "collections.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailableError, match=r"collections\.sqlite.*move it aside"):
        CollectionStore(f"sqlite:///{path}")


def test_a_database_emptied_behind_its_back_gives_a_clear_error(tmp_path):
    path = tmp_path / "collections.sqlite"
    store = CollectionStore(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE kept_digits")
    with pytest.raises(StoreUnavailableError, match="cannot be used"):
        store.save("my digits", [digit(1)])


def test_an_unreachable_server_gives_a_clear_error(tmp_path):
    url = f"postgresql+psycopg://nobody@/nothing?host={tmp_path}&port=1"
    with pytest.raises(StoreUnavailableError, match="server is running"):
        CollectionStore(url)


def test_the_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(store_module.DATABASE_URL_VARIABLE, raising=False)
    assert store_module.database_url().endswith("data/collections.sqlite")
    monkeypatch.setenv(store_module.DATABASE_URL_VARIABLE, f"sqlite:///{tmp_path}/elsewhere.sqlite")
    assert CollectionStore().where == f"the SQLite file {tmp_path}/elsewhere.sqlite"


def test_npz_export_and_import_round_trip(store, tmp_path):
    store.save("mine", [digit(label, seed=label) for label in range(10)])
    path = tmp_path / "mine.npz"
    assert export_npz(store, "mine", path) == 10
    with np.load(path) as exported:
        assert exported["x"].shape == (10, 28, 28) and exported["x"].dtype == np.uint8
        assert exported["y"].tolist() == list(range(10))
    assert import_npz(store, "copy", path) == 10
    frames, labels = store.arrays("copy")
    original_frames, original_labels = store.arrays("mine")
    assert np.array_equal(frames, original_frames) and np.array_equal(labels, original_labels)
    assert {d.source for d in store.digits("copy")} == {"import"}


def test_csv_export_has_the_pixels_and_what_is_known(store, tmp_path):
    store.save("mine", [digit(7, read_as=1)])
    path = tmp_path / "mine.csv"
    assert export_csv(store, "mine", path) == 1
    header, row = path.read_text().splitlines()
    header, row = header.split(","), row.split(",")
    assert header[:7] == ["id", "label", "read_as", "confidence", "model", "source", "created_at"]
    assert header[-1] == "pixel783" and len(header) == 7 + 784
    assert row[1:3] == ["7", "1"] and [int(v) for v in row[7:]] == frame_of(7).ravel().tolist()


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"images": np.zeros((1, 28, 28), np.uint8)}, "`x`"),
        ({"x": np.zeros((2, 28, 28), np.float32), "y": np.zeros(2, np.uint8)}, "uint8"),
        ({"x": np.full((2, 28, 28), 9, np.uint8), "y": np.array([1, 12])}, "0 to 9"),
        ({"x": np.full((2, 28, 28), 9, np.uint8), "y": np.array([1])}, "one whole-number label"),
    ],
)
def test_bad_npz_files_are_refused(tmp_path, arrays, message):
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays)
    with pytest.raises(CollectionError, match=message):
        read_npz(path)


def test_a_damaged_npz_file_is_refused(tmp_path):
    path = tmp_path / "bad.npz"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(CollectionError, match="Cannot import"):
        read_npz(path)


def test_a_reading_becomes_digits_to_keep_with_the_persons_labels():
    ink = blank()
    one(ink, 100)
    zero(ink, 300)
    rgba = on_canvas(ink)
    reading = read_number(rgba)
    assert reading.text == "10"
    kept = digits_to_keep(reading, rgba, [1, 6], source="canvas")
    assert [(d.label, d.read_as, d.model) for d in kept] == [(1, 1, "cnn"), (6, 0, "cnn")]
    assert kept[0].frame.dtype == np.uint8 and kept[0].frame.max() == 255
    assert kept[1].ink_png.startswith(b"\x89PNG")
    with pytest.raises(CollectionError, match="3 labels were given for 2 digits"):
        digits_to_keep(reading, rgba, [1, 0, 0], source="canvas")


@pytest.mark.parametrize(("text", "labels"), [("2048", [2, 0, 4, 8]), (" 20 48\n", [2, 0, 4, 8])])
def test_labels_from_text(text, labels):
    assert labels_from_text(text) == labels


@pytest.mark.parametrize("text", ["", "12a", "½", "-1"])
def test_labels_that_are_not_digits_are_refused(text):
    with pytest.raises(CollectionError):
        labels_from_text(text)


def test_wilson_interval():
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-3) and high == pytest.approx(0.9433, abs=1e-3)
    low, high = wilson_interval(10, 10)
    assert high == pytest.approx(1.0) and low == pytest.approx(0.7225, abs=1e-3)
    assert few_digits_note(10).startswith("Only 10 digits") and few_digits_note(30) is None
