"""Backups of the portal's data: a dump of the whole database, restored into an empty one.

On PostgreSQL a dump is `pg_dump --format=custom` (restored with `pg_restore` in a single
transaction), by the client programs of the server's own major version when the machine has them
(`/usr/lib/postgresql/<major>/bin/`). On the embedded SQLite a dump is a consistent copy made
through SQLite's backup API, safe while the portal writes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

PG_VERSIONS_DIR = Path("/usr/lib/postgresql")


class BackupError(Exception):
    """A backup or a restore that cannot be done; its message is French and says why."""


def backup_name(*, suffix: str, now: dt.datetime | None = None) -> str:
    """`portail-20261129T181500Z.dump`: sortable, one a second."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"portail-{moment:%Y%m%dT%H%M%SZ}{suffix}"


def pg_program(*, name: str, server_major: int) -> str:
    """The path of `pg_dump`, `pg_restore`… of the server's major version, else the one on PATH."""
    candidate = PG_VERSIONS_DIR / str(server_major) / "bin" / name
    if candidate.is_file():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Le programme {name} de PostgreSQL {server_major} est introuvable : "
            "installez le client PostgreSQL de la version du serveur."
        )
    return found


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the default database (the password never on a command line)."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _pg_major() -> int:
    connection.ensure_connection()
    return int(getattr(connection, "pg_version", 0)) // 10000


def _run(command: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{Path(command[0]).name} a échoué : {detail}")


def database_tables() -> list[str]:
    """The tables of the default database: none means empty, ready for a restore."""
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def dump(*, directory: Path) -> Path:
    """Dump the default database into a new timestamped file of `directory`; return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        target = directory / backup_name(suffix=".dump")
        program = pg_program(name="pg_dump", server_major=_pg_major())
        _run([program, "--format=custom", "--no-owner", f"--file={target}"], env=_pg_environment())
        return target
    if connection.vendor == "sqlite":
        target = directory / backup_name(suffix=".sqlite3")
        copy_sqlite(source=Path(connection.settings_dict["NAME"]), target=target)
        return target
    raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")


def restore(*, path: Path, force: bool = False) -> None:
    """Restore the dump at `path` into the default database, which must be empty unless `force`.

    With `force`, the tables the dump holds are replaced; the restore is all or nothing.
    """
    if not path.is_file():
        raise BackupError(f"Le fichier de sauvegarde « {path} » n'existe pas.")
    name = connection.settings_dict["NAME"]
    tables = database_tables()
    if tables and not force:
        raise BackupError(
            f"La base de données « {name} » n'est pas vide ({len(tables)} tables) : "
            "une sauvegarde se restaure dans une base vide. Créez une base neuve, "
            "ou relancez avec --force pour remplacer son contenu."
        )
    if connection.vendor == "postgresql":
        program = pg_program(name="pg_restore", server_major=_pg_major())
        command = [program, "--single-transaction", "--exit-on-error", "--no-owner"]
        if force:
            command += ["--clean", "--if-exists"]
        connection.close()
        _run([*command, f"--dbname={name}", str(path)], env=_pg_environment())
        return
    if connection.vendor == "sqlite":
        connection.close()
        copy_sqlite(source=path, target=Path(name))
        return
    raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")


def copy_sqlite(*, source: Path, target: Path) -> None:
    """Copy a SQLite database page by page through SQLite's backup API (consistent while written)."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as origin:
            origin.execute("select count(*) from sqlite_master").fetchone()
            with sqlite3.connect(target) as copy:
                origin.backup(copy)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"« {source} » n'est pas une base SQLite lisible : {exc}") from exc
