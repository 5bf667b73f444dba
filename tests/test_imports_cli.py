"""`python -m core import population|indicators`, run as a user runs it (a subprocess): JSON
summary and exit 0; exit 2 with one Danish line naming row and column and the store
unchanged; --dry-run changes nothing; a file over the size limit is refused unread."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core import store as store_module
from test_imports import CODES, GOOD_INDICATORS, LABELS

ROOT = Path(__file__).resolve().parent.parent


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "core", "--db", str(db), "import", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def snapshot(db: Path) -> tuple:
    """Everything an import can change: the app tables and the public views it feeds."""
    opened = store_module.Store(db)
    try:
        return tuple(
            opened.rows(sql)
            for sql in (
                "SELECT * FROM app.imports ORDER BY ALL",
                "SELECT municipality, population, population_as_of, source FROM app.user_populations ORDER BY ALL",
                "SELECT * EXCLUDE (entered_at) FROM app.user_indicators ORDER BY ALL",
                "SELECT change_set, who, table_name, row_key, field, new_value FROM app.change_log ORDER BY ALL",
                "SELECT municipality, cluster_id, population, source FROM municipalities ORDER BY ALL",
                "SELECT indicator_id, value FROM indicators ORDER BY ALL",
            )
        )
    finally:
        opened.close()


def test_population_json_summary_dry_run_then_apply(fresh_db, tmp_path):
    export = tmp_path / "FOLK1A.csv"
    export.write_bytes(LABELS)
    before = snapshot(fresh_db)
    dry = run(fresh_db, "population", str(export), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    summary = json.loads(dry.stdout)
    assert (summary["period"], summary["municipalities"], summary["unchanged"]) == ("2026K3", 3, 0)
    assert summary["unmatched"] == ["Christiansø"] and summary["dry_run"] is True
    assert snapshot(fresh_db) == before  # --dry-run wrote nothing

    done = run(fresh_db, "population", str(export), "--json", "--by", "Anna", "--body", "hovedstaden-nord")
    assert done.returncode == 0, done.stderr
    assert (json.loads(done.stdout)["import_id"], json.loads(done.stdout)["change_set"]) == (1, 1)
    after = snapshot(fresh_db)
    assert after != before and len(after[1]) == 3
    assert {row[1] for row in after[3]} == {"Anna"}  # one change set in the log, by the importer
    older = run(fresh_db, "population", str(export), "--period", "2026K2")
    assert older.returncode == 0 and "Kommuner opdateret: 1" in older.stdout
    assert "Gemt som ændring nr. 2" in older.stdout


def test_unknown_body_exit_2_store_unchanged(fresh_db, tmp_path):
    export = tmp_path / "FOLK1A.csv"
    export.write_bytes(LABELS)
    before = snapshot(fresh_db)
    result = run(fresh_db, "population", str(export), "--body", "atlantis")
    assert result.returncode == 2 and "atlantis" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(fresh_db) == before


def test_indicators_json(fresh_db, tmp_path):
    file = tmp_path / "indikatorer.csv"
    file.write_bytes(GOOD_INDICATORS)
    done = run(fresh_db, "indicators", str(file), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "file": "indikatorer.csv", "rows": 3, "new": 3, "changed": 0, "unchanged": 0, "import_id": 1,
        "change_set": 1, "dry_run": False,
    }


@pytest.mark.parametrize(
    "kind, content, expected",
    [
        ("population", CODES.replace(b"201;TOT;IALT;2026K3;26512", b"201;TOT;IALT;2026K3;-3"),
         "FOLK1A.csv, række 4, kolonne INDHOLD: »-3« er negativ"),
        ("population", b"PK\x03\x04 not really a spreadsheet", "Excel-regneark"),
        ("indicators", GOOD_INDICATORS.replace(b"hovedstaden-nord,interval", b"atlantis,"),
         "FOLK1A.csv, række 3, kolonne cluster_id"),
    ],
)
def test_bad_file_exit_2_one_danish_line_store_unchanged(fresh_db, tmp_path, kind, content, expected):
    file = tmp_path / "FOLK1A.csv"
    file.write_bytes(content)
    before = snapshot(fresh_db)
    result = run(fresh_db, kind, str(file), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Fejl: ") and expected in result.stderr
    assert snapshot(fresh_db) == before


def test_file_of_100_mb_is_refused_without_reading_it(fresh_db, tmp_path):
    big = tmp_path / "stor.csv"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk and is never read
    result = run(fresh_db, "population", str(big))
    assert result.returncode == 2
    assert "stor.csv: filen fylder 100,0 MB; der kan højst importeres 50,0 MB" in result.stderr
    missing = run(fresh_db, "indicators", str(tmp_path / "findes-ikke.csv"))
    assert missing.returncode == 2 and "findes-ikke.csv: filen findes ikke" in missing.stderr
