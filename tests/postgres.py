"""A throwaway PostgreSQL server for the store's tests: initdb in a temporary folder, a
Unix socket there, no TCP; stopped and removed when the test session ends.

Debian's `postgresql` package (installed by `make test` through scripts/system_packages.sh)
puts initdb under /usr/lib/postgresql/<version>/bin. initdb refuses to run as root, so as
root the server runs as the `postgres` user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

USER = "digitlab"
PORT = 54_329


def server_programs() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server; yield its SQLAlchemy URL (database `postgres`, user `digitlab`)."""
    programs = server_programs()
    if programs is None:
        raise FileNotFoundError("PostgreSQL's initdb was not found: install Debian's postgresql package")
    folder = Path(tempfile.mkdtemp(prefix="digitlab-postgres-"))
    data = folder / "data"
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
        subprocess.run(
            _as_server_user([str(programs / "initdb"), "-D", str(data), "-A", "trust", "-U", USER]), **quiet
        )
        options = f"-p {PORT} -k {folder} -c listen_addresses='' -c fsync=off"
        subprocess.run(
            _as_server_user(
                [
                    str(programs / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "log"),
                    "-w",
                    "start",
                ]
            ),
            **quiet,
        )
        try:
            yield f"postgresql+psycopg://{USER}@/postgres?host={folder}&port={PORT}"
        finally:
            subprocess.run(
                _as_server_user([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
