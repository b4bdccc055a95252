"""Fixtures shared across test modules."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.postgres import running_postgres, server_programs


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server for this test session; skipped, saying why, only where Debian's
    postgresql package is not installed (`make test` installs it)."""
    if server_programs() is None:
        pytest.skip(
            "PostgreSQL is not installed, so the store was tested on SQLite only: "
            "install Debian's postgresql package (make test does, with apt-get)"
        )
    try:
        with running_postgres() as url:
            yield url
    except subprocess.CalledProcessError as error:
        pytest.fail(f"PostgreSQL did not start: {error.stderr.decode(errors='replace')[-500:]}")


@pytest.fixture(scope="session", autouse=True)
def collection_database(tmp_path_factory):
    """Kept digits go to a throwaway SQLite file, never to the project's data folder: for
    AppTest pages and for app servers the browser tests start (they inherit it)."""
    from core.collection.store import DATABASE_URL_VARIABLE

    url = f"sqlite:///{tmp_path_factory.mktemp('collections') / 'collections.sqlite'}"
    previous = os.environ.get(DATABASE_URL_VARIABLE)
    os.environ[DATABASE_URL_VARIABLE] = url
    yield url
    if previous is None:
        os.environ.pop(DATABASE_URL_VARIABLE, None)
    else:
        os.environ[DATABASE_URL_VARIABLE] = previous
