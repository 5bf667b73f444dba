"""Backup and move (core/backup.py, `python -m core backup|restore`): a backup restored into a
fresh store gives the same public views; a newer schema, a non-zip and a dry run write nothing."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from core import backup, scenario_repo, scenario_source, userdata
from core import store as store_module
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent
BODY = "hovedstaden-nord"
WHO = {"who": "Anne", "why": "Referat 2026"}
VIEWS = ("funds", "cluster_settings", "focus_areas", "initiatives", "initiative_costs", "municipalities",
         "indicators", "scenarios")


def fill(store: Store) -> None:
    userdata.set_funds(store, BODY, 2026, "region", "tildelt", 5_000_000, decision="Møde 1. marts 2026", **WHO)
    userdata.set_rule(store, BODY, "balance_tolerance", 0.2, **WHO)
    userdata.set_focus_area(store, BODY, "Forebyggelse", target_share=0, cap_dkk=1_000_000, **WHO)
    userdata.set_initiative(store, BODY, "Rygestop", focus_area_id="forebyggelse", costs={2026: 10_000},
                            start_date="2026-02-01", **WHO)
    userdata.set_population(store, "Allerød", 27_000, as_of="2026-07-01", source="FOLK1A 2026K3", who="Anne")
    userdata.add_indicators(store, [{"name": "Tal", "geography": "Allerød", "period": "2026", "value": 1.5,
                                     "unit": "pct.", "source": "eSundhed", "cluster_id": BODY}], **WHO)
    undone = userdata.set_rule(store, "hovedstaden-midt", "pool_dkk", 10, **WHO)
    userdata.undo(store, undone, who="Bo")
    scenario_repo.save(store, scenario_source.editable(store, BODY), author="Anne", note="prøve")


def views(store: Store) -> dict:
    return {v: sorted(map(repr, store.rows(f"SELECT * FROM {v}"))) for v in VIEWS}


def test_round_trip_gives_the_same_public_views(fresh_store, tmp_path):
    fill(fresh_store)
    data = backup.backup(fresh_store)
    fresh = tmp_path / "moved.duckdb"
    store_module.build(fresh)
    moved = Store(fresh)
    try:
        assert views(moved) != views(fresh_store)
        summary = backup.restore(moved, data)
        assert summary["tables"]["user_funds"]["rows"] == 1
        assert views(moved) == views(fresh_store)
        assert moved.rows("SELECT * FROM app.change_log ORDER BY change_id") == \
            fresh_store.rows("SELECT * FROM app.change_log ORDER BY change_id")
        # Restoring again replaces (no duplicates), and the undo history still works after a move.
        backup.restore(moved, data)
        assert views(moved) == views(fresh_store)
        last = moved.scalar("SELECT max(change_set) FROM app.change_log WHERE undone_by IS NULL")
        userdata.undo(moved, last, who="Bo")
    finally:
        moved.close()


def test_manifest_and_body_filter(fresh_store):
    fill(fresh_store)
    manifest, tables = backup.read(backup.backup(fresh_store, BODY))
    assert manifest["body"] == BODY and manifest["schema_version"] == store_module.SCHEMA_VERSION
    assert {f["table"] for f in manifest["files"]} >= {"user_funds", "change_log", "scenarios", "scenario_versions"}
    assert all(f["rows"] == len(tables[f["table"]]) for f in manifest["files"])
    assert {r["cluster_id"] for r in tables["change_log"]} == {BODY}
    assert len(tables["scenario_versions"]) == 1
    with pytest.raises(backup.BackupError, match="findes ikke"):
        backup.backup(fresh_store, "findes-ikke")


def newer(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(content)
                manifest["schema_version"] = store_module.SCHEMA_VERSION + 1
                content = json.dumps(manifest).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_backup_restore_dry_run_and_newer_schema_refused(fresh_db, tmp_path):
    opened = Store(fresh_db)
    fill(opened)
    opened.close()
    out = tmp_path / "backup.zip"
    result = cli("--db", str(fresh_db), "backup", str(out))
    assert result.returncode == 0, result.stderr
    target = tmp_path / "target.duckdb"
    store_module.build(target)

    result = cli("--db", str(target), "restore", str(out), "--dry-run")
    assert result.returncode == 0 and "intet er skrevet" in result.stdout
    check = Store(target)
    assert check.scalar("SELECT count(*) FROM app.user_funds") == 0
    check.close()

    too_new = tmp_path / "newer.zip"
    too_new.write_bytes(newer(out.read_bytes()))
    result = cli("--db", str(target), "restore", str(too_new))
    assert result.returncode == 2
    assert "nyere udgave af Klyngeblik" in result.stderr and "Traceback" not in result.stderr

    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hej", encoding="utf-8")
    result = cli("--db", str(target), "restore", str(not_zip))
    assert result.returncode == 2 and "ikke en zip-fil" in result.stderr

    result = cli("--db", str(target), "restore", str(out))
    assert result.returncode == 0, result.stderr
    check = Store(target)
    try:
        assert check.scalar("SELECT amount_dkk FROM funds WHERE cluster_id=? AND year=2026 AND party='region'",
                            [BODY]) == 5_000_000
        assert check.scalar("SELECT count(*) FROM app.user_funds") == 1
    finally:
        check.close()
