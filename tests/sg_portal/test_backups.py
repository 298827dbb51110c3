"""A backup restored into a fresh database serves the same reports, meetings and projects."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from sg_portal import backups

ROOT = Path(settings.BASE_DIR)


def _url(name: str) -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _run(*args: str, database: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ, DATABASE_URL=_url(database), DJANGO_SETTINGS_MODULE="sg_portal.settings_test"
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _script(*args: str, database: str, directory: Path) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    server_bin = backups.pg_program(name="pg_dump", server_major=connection.pg_version // 10000)
    env = dict(
        os.environ,
        PATH=f"{Path(server_bin).parent}:{os.environ['PATH']}",
        PGHOST=db["HOST"] or "127.0.0.1",
        PGPORT=str(db["PORT"] or 5432),
        PGUSER=db["USER"],
        PGPASSWORD=db.get("PASSWORD") or "",
        PGDATABASE=database,
        BACKUP_DIR=str(directory),
    )
    return subprocess.run(
        [str(ROOT / "bin" / "pg-backup"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _served(database: str) -> dict:
    result = _run("-m", "tests.sg_portal.backup_probe", database=database)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _maintenance(sql: str) -> None:
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(sql)


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_fresh_database_serves_the_same_reports_meetings_and_projects(
    settings, tmp_path
):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    before = _served(source)
    assert before["counts"]["indicators.Report"] > 0
    assert before["counts"]["meetings.Meeting"] > 0
    assert before["counts"]["projects.Project"] > 0

    call_command("backup", directory=str(tmp_path), verbosity=0)
    (dump,) = tmp_path.glob("portail-*.dump")

    _maintenance(f'DROP DATABASE IF EXISTS "{restored}"')
    _maintenance(f'CREATE DATABASE "{restored}"')
    try:
        result = _run("manage.py", "restore", str(dump), database=restored)
        assert result.returncode == 0, result.stderr
        assert "Sauvegarde restaurée" in result.stdout
        after = _served(restored)
        assert after == before
        assert all(page["status"] == 200 for page in after["pages"].values())

        again = _run("manage.py", "restore", str(dump), database=restored)
        assert again.returncode != 0
        assert f"La base de données « {restored} » n'est pas vide" in again.stderr
        assert "--force" in again.stderr

        forced = _run("manage.py", "restore", "--force", str(dump), database=restored)
        assert forced.returncode == 0, forced.stderr
        assert _served(restored) == before

        # The compose file's `backup` service: the same, by the script it runs.
        _maintenance(f'DROP DATABASE "{restored}" WITH (FORCE)')
        _maintenance(f'CREATE DATABASE "{restored}"')
        script_dir = tmp_path / "compose"
        assert _script("dump", database=source, directory=script_dir).returncode == 0
        (script_dump,) = script_dir.glob("portail-*.dump")
        result = _script("restore", script_dump.name, database=restored, directory=script_dir)
        assert result.returncode == 0, result.stderr
        assert _served(restored) == before
        again = _script("restore", script_dump.name, database=restored, directory=script_dir)
        assert again.returncode == 1
        assert f"La base de données « {restored} » n'est pas vide" in again.stderr
    finally:
        _maintenance(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


@pytest.mark.django_db
def test_a_restore_into_a_database_that_is_not_empty_is_refused_in_french(tmp_path):
    dump = tmp_path / "portail.dump"
    dump.write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="n'est pas vide .* une base vide"):
        call_command("restore", str(dump))


@pytest.mark.django_db
def test_a_restore_of_a_missing_file_says_so():
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("restore", "/nonexistent/portail.dump")


def test_the_dump_programs_are_those_of_the_servers_major_version(tmp_path, monkeypatch):
    (tmp_path / "17" / "bin").mkdir(parents=True)
    (tmp_path / "17" / "bin" / "pg_dump").write_text("")
    monkeypatch.setattr(backups, "PG_VERSIONS_DIR", tmp_path)
    assert backups.pg_program(name="pg_dump", server_major=17) == str(tmp_path / "17/bin/pg_dump")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backups.BackupError, match="pg_restore de PostgreSQL 16 est introuvable"):
        backups.pg_program(name="pg_restore", server_major=16)


def test_a_sqlite_database_is_copied_whole_through_the_backup_api(tmp_path):
    source = tmp_path / "portail.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("create table report (id integer primary key, title text)")
        db.executemany("insert into report (title) values (?)", [("DASES",), ("DRH",)])
    writer = sqlite3.connect(source)
    writer.execute("begin immediate")  # a write in progress is not half-copied
    writer.execute("insert into report (title) values ('pas encore validé')")
    copy = tmp_path / "copie.sqlite3"
    backups.copy_sqlite(source=source, target=copy)
    writer.rollback()
    writer.close()
    with sqlite3.connect(copy) as db:
        assert db.execute("select title from report order by id").fetchall() == [
            ("DASES",),
            ("DRH",),
        ]


def test_a_file_that_is_not_sqlite_is_refused_in_french(tmp_path):
    bogus = tmp_path / "portail.sqlite3"
    bogus.write_text("pas une base")
    with pytest.raises(backups.BackupError, match="n'est pas une base SQLite lisible"):
        backups.copy_sqlite(source=bogus, target=tmp_path / "copie.sqlite3")


def test_a_backup_name_is_timestamped_in_utc():
    import datetime as dt

    moment = dt.datetime(2026, 11, 29, 19, 15, 2, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert backups.backup_name(suffix=".dump", now=moment) == "portail-20261129T181502Z.dump"
