"""Fixtures shared across test modules."""

from __future__ import annotations

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
