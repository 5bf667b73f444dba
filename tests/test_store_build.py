"""Building the store: validation before writing, all-or-nothing, user data kept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core import curated
from core import store as store_module
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("*.duckdb*"))
    return target


def count(path: Path, sql: str):
    opened = Store(path)
    try:
        return opened.scalar(sql)
    finally:
        opened.close()


def break_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_creates_the_public_views(fresh_db):
    opened = Store(fresh_db)
    try:
        views = {r[0] for r in opened.rows("SELECT view_name FROM duckdb_views() WHERE schema_name='main' AND NOT internal")}
        assert {"clusters", "municipalities", "funds", "meetings", "catalogue_ideas", "scenarios"} <= views
        assert opened.schema_version() == store_module.SCHEMA_VERSION
    finally:
        opened.close()


def test_bad_money_names_file_row_field_and_keeps_old_store(tmp_path, data_copy):
    db = tmp_path / "s.duckdb"
    store_module.build(db, data_copy)
    before = count(db, "SELECT sum(amount_dkk) FROM funds")
    break_file(data_copy / "funds" / "000-hovedstaden-nord.csv", "2221991", "2.221.991")
    with pytest.raises(curated.DataError) as error:
        store_module.build(db, data_copy)
    message = str(error.value)
    assert "data/funds/000-hovedstaden-nord.csv" in message and "række" in message and '"amount_dkk"' in message
    assert count(db, "SELECT sum(amount_dkk) FROM funds") == before


def test_dangling_reference_is_refused(tmp_path, data_copy):
    db = tmp_path / "s.duckdb"
    break_file(data_copy / "funds" / "000-hovedstaden-nord.csv", "hovedstaden-nord,2023", "hovedstaden-nrod,2023")
    with pytest.raises(curated.DataError, match="hovedstaden-nrod.*findes ikke"):
        store_module.build(db, data_copy)
    assert not db.exists() or count(db, "SELECT count(*) FROM meta.schema_migrations") >= 0


def test_broken_yaml_is_named(tmp_path, data_copy):
    meeting = next((data_copy / "meetings").glob("nordjylland-nord*.yaml"))
    meeting.write_text(meeting.read_text(encoding="utf-8") + "\n  : : [unclosed\n", encoding="utf-8")
    with pytest.raises(curated.DataError, match="nordjylland-nord.*YAML"):
        store_module.build(tmp_path / "s.duckdb", data_copy)


def test_email_in_data_is_refused(tmp_path, data_copy):
    path = data_copy / "clusters" / "clusters.csv"
    break_file(path, "Kommuner ikke fundet i kilderne.", "Kontakt jane@example.dk")
    with pytest.raises(curated.DataError, match="e-mailadresse"):
        store_module.build(tmp_path / "s.duckdb", data_copy)


def test_wrong_header_is_named(tmp_path, data_copy):
    break_file(data_copy / "funds" / "000-hovedstaden-nord.csv", "amount_dkk", "amount")
    with pytest.raises(curated.DataError, match="overskriften.*mangler amount_dkk"):
        store_module.build(tmp_path / "s.duckdb", data_copy)


def test_rebuild_keeps_user_data(fresh_db):
    opened = Store(fresh_db)
    from core import userdata

    userdata.set_population(opened, "Allerød", 26500, as_of="2025-01-01", source="FOLK1A 2025K1", who="test")
    opened.close()
    store_module.build(fresh_db)
    assert count(fresh_db, "SELECT population FROM municipalities WHERE municipality = 'Allerød'") == 26500
    assert count(fresh_db, "SELECT count(*) FROM meta.schema_migrations") == len(store_module.MIGRATIONS)


def test_open_store_rebuilds_when_data_changed_and_survives_bad_data(tmp_path, data_copy):
    db = tmp_path / "s.duckdb"
    store_module.build(db, data_copy)
    break_file(data_copy / "funds" / "000-hovedstaden-nord.csv", "2180605", "2180606")
    opened = store_module.open_store(db, data_copy)
    assert opened.scalar("SELECT sum(amount_dkk) FROM funds WHERE cluster_id='hovedstaden-nord'") == 8805193
    opened.close()
    break_file(data_copy / "funds" / "000-hovedstaden-nord.csv", "2180606", "mange")
    opened = store_module.open_store(db, data_copy)
    assert opened.build_error and "amount_dkk" in opened.build_error
    assert opened.scalar("SELECT sum(amount_dkk) FROM funds WHERE cluster_id='hovedstaden-nord'") == 8805193
    opened.close()


def test_migration_failure_rolls_back(fresh_db, monkeypatch):
    bad = store_module.MIGRATIONS + ((99, "broken", ("CREATE TABLE app.x (a INT)", "THIS IS NOT SQL")),)
    monkeypatch.setattr(store_module, "MIGRATIONS", bad)
    with pytest.raises(duckdb.Error):
        Store(fresh_db)
    monkeypatch.undo()
    opened = Store(fresh_db)
    try:
        assert opened.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'x'") == 0
        assert opened.schema_version() == store_module.SCHEMA_VERSION
    finally:
        opened.close()


def test_cli_build_at_path_and_error_exit(tmp_path, data_copy):
    db = tmp_path / "cli.duckdb"
    ok = subprocess.run([sys.executable, "-m", "core", "build", "--db", str(db)], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert db.exists() and "Databasen er bygget" in ok.stdout
    break_file(data_copy / "funds" / "000-hovedstaden-nord.csv", "2221991", "x")
    bad = subprocess.run(
        [sys.executable, "-m", "core", "--data", str(data_copy), "build", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "amount_dkk" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("file_name", ["app.duckdb", "base.duckdb", "meta.duckdb", "main.duckdb"])
def test_store_named_like_a_schema_builds_and_saves(tmp_path, file_name):
    """DuckDB names a directly opened file's catalog after the file; a store called
    app.duckdb then clashed with schema `app` and could not even be built."""
    from core import scenario_repo, scenario_source

    db = tmp_path / "x" / file_name
    run = subprocess.run([sys.executable, "-m", "core", "--db", str(db), "build"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    opened = Store(db)
    try:
        document = scenario_source.from_store(opened, "hovedstaden-nord", decided_only=False, name="Forslag A")
        scenario_id, version = scenario_repo.save(opened, document, author="Mette")
        scenario_repo.save(opened, {**document, "name": "Forslag A2"}, author="Mette",
                           scenario_id=scenario_id, base_version=version)
        assert scenario_repo.load(opened, scenario_id)["document"]["name"] == "Forslag A2"
        assert opened.scalar("SELECT count(*) FROM app.scenario_versions") == 2
    finally:
        opened.close()
    store_module.build(db)  # a rebuild keeps the saved scenario
    assert count(db, "SELECT count(*) FROM scenarios") == 1
    read_only = Store(db, read_only=True)
    try:
        assert read_only.scalar("SELECT count(*) FROM clusters") > 0
    finally:
        read_only.close()
