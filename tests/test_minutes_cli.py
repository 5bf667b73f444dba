"""`python -m core ingest FILE… [--body ID] [--dry-run] [--json]` run as a user runs it (a
subprocess): the JSON shape, exit 2 with one Danish line per unreadable file while the readable
ones are still reported, no progress bar with --json, a bar on a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from core import store
from minutes_samples import EXPECTED_ITEMS, write_html, write_pdf

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "003_8ce13542b95a5fde.txt"
MEETING_KEYS = ["file", "body_id", "title", "meeting_date", "location", "items", "participants", "warnings"]
ITEM_KEYS = ["no", "title", "sections", "recommendation", "decision", "amounts"]


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ingest-cli") / "cli.duckdb"
    store.build(path)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ingest-files")
    bad = folder / "regneark.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    return {"pdf": write_pdf(folder / "referat.pdf"), "html": write_html(folder / "referat.html"), "bad": bad}


def _run(*args: str, cli_db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KLYNGEBLIK_DB": str(cli_db), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "core", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_json_shape_and_body_from_the_store(files, cli_db):
    done = _run(str(files["pdf"]), str(SEED), "--json", "--dry-run", cli_db=cli_db)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress bar, no notes with --json --dry-run
    meetings = json.loads(done.stdout)["meetings"]
    assert [list(m) for m in meetings] == [MEETING_KEYS, MEETING_KEYS]
    pdf, seed = meetings
    assert pdf["file"] == str(files["pdf"]) and pdf["body_id"] == "hovedstaden-nord"
    assert pdf["meeting_date"] == "2023-05-10"
    assert [(i["no"], i["title"]) for i in pdf["items"]] == EXPECTED_ITEMS
    assert list(pdf["items"][1]) == ITEM_KEYS
    assert pdf["items"][1]["amounts"][1] == {
        "dkk": 1_400_000, "text": pdf["items"][1]["amounts"][1]["text"], "section": "Indstilling"}
    assert pdf["participants"][1] == {"name": "Lars Jensen", "role": "Regionsrådsmedlem, Region Hovedstaden",
                                      "attended": False}
    assert seed["body_id"] == "nordjylland-vest" and seed["meeting_date"] is None
    assert "@" not in done.stdout


def test_unreadable_file_exits_2_and_the_others_are_still_reported(files, cli_db):
    done = _run(str(files["bad"]), str(files["html"]), "--json", cli_db=cli_db)
    assert done.returncode == 2
    meetings = json.loads(done.stdout)["meetings"]
    assert [m["file"] for m in meetings] == [str(files["html"])]
    errors = [line for line in done.stderr.splitlines() if line.startswith("Fejl:")]
    assert errors == [f"Fejl: {files['bad']}: ukendt filformat (.xlsx); kun PDF, DOCX, HTML, Markdown og tekst kan læses."]
    assert "Traceback" not in done.stderr


def test_body_option_wins_and_unknown_body_is_refused(files, cli_db):
    done = _run(str(SEED), "--body", "nordjylland-nord", "--json", cli_db=cli_db)
    assert json.loads(done.stdout)["meetings"][0]["body_id"] == "nordjylland-nord"
    done = _run(str(SEED), "--body", "findes-ikke", cli_db=cli_db)
    assert done.returncode == 2 and done.stderr.strip() == 'Fejl: organet "findes-ikke" findes ikke i databasen'


def test_dry_run_saves_nothing(files, tmp_path):
    db = tmp_path / "dry.duckdb"
    store.build(db)
    done = _run(str(files["pdf"]), "--dry-run", cli_db=db)
    assert done.returncode == 0, done.stderr
    assert "3 punkter, 2 deltagere, 3 beløb" in done.stdout
    assert "intet er gemt" in done.stderr
    opened = store.Store(db)
    try:
        assert opened.scalar("SELECT count(*) FROM app.user_meetings") == 0
        assert opened.scalar("SELECT count(*) FROM app.change_log") == 0
    finally:
        opened.close()


def test_saves_each_meeting_then_updates_instead_of_doubling(files, tmp_path):
    """Without --dry-run each readable meeting is saved (one change set each) and said so; the
    same file again is recognised; --json keeps its keys and adds only "saved"."""
    db = tmp_path / "save.duckdb"
    store.build(db)
    done = _run(str(files["pdf"]), "--body", "hovedstaden-midt", "--who", "Sekretariatet", cli_db=db)
    assert done.returncode == 0, done.stderr
    # The sample minutes are hovedstaden-nord's meeting of 10 May 2023, but --body wins: a new meeting.
    assert "gemt som nyt møde hovedstaden-midt-2023-05-10-politisk (ændring nr. 1)" in done.stdout
    done = _run(str(SEED), cli_db=db)
    assert "gemt som nyt møde nordjylland-vest-udateret-politisk (ændring nr. 2)" in done.stdout
    done = _run(str(files["pdf"]), "--json", cli_db=db)
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert list(output) == ["meetings", "saved"] and list(output["meetings"][0]) == MEETING_KEYS
    # Same body and date as the curated meeting: an update of it (the import overrides it).
    assert output["saved"] == [{"file": str(files["pdf"]), "meeting_id": "hovedstaden-nord-2023-05-10-politisk",
                                "status": "opdateret", "change_set": 3}]
    done = _run(str(files["pdf"]), cli_db=db)
    assert "findes allerede med samme indhold; intet ændret" in done.stdout
    opened = store.Store(db)
    try:
        assert opened.scalar("SELECT count(*) FROM app.user_meetings") == 3
        assert opened.rows(
            "SELECT origin, file_name, title FROM meetings WHERE meeting_id = 'hovedstaden-nord-2023-05-10-politisk'"
        ) == [("bruger", "referat.pdf", "Politisk Sundhedsklynge Nord")]
        assert opened.scalar("SELECT count(*) FROM meetings WHERE meeting_date = '2023-05-10' "
                             "AND cluster_id = 'hovedstaden-nord'") == 1
        assert opened.scalar("SELECT count(DISTINCT change_set) FROM app.change_log") == 3
        assert "@" not in str(opened.rows("SELECT * FROM app.user_participants"))
    finally:
        opened.close()


def test_a_meeting_without_body_is_not_saved_and_fails(tmp_path):
    db = tmp_path / "nobody.duckdb"
    store.build(db)
    unknown = ROOT / "data" / "sources" / "004_2375811468b4594b.txt"
    done = _run(str(unknown), cli_db=db)
    assert done.returncode == 2
    assert f"Fejl: {unknown}: ikke gemt: Feltet »Klynge eller sundhedsråd« skal udfyldes. Angiv --body." \
        in done.stderr.splitlines()


def test_progress_bar_on_a_terminal_only(files, cli_db):
    """stderr a terminal (a pty): the bar is drawn per page; with --json it is not."""

    def on_tty(*args: str) -> str:
        env = {**os.environ, "KLYNGEBLIK_DB": str(cli_db), "PYTHONIOENCODING": "utf-8"}
        leader, follower = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "core", "ingest", *args], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=follower)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
        os.close(leader)
        return b"".join(chunks).decode("utf-8", "replace")

    drawn = on_tty(str(files["pdf"]), "--dry-run")
    assert "fil 1/1 side 1/" in drawn and "[" in drawn
    assert "side" not in on_tty(str(files["pdf"]), "--dry-run", "--json")


def test_ingest_keeps_the_store_and_pdf_library_unloaded_until_used(cli_db):
    probe = (
        "import sys, contextlib, io\n"
        "from core import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = cli.main(['evaluate', 'docs/examples/forslag-a.json'])\n"
        "print(code, 'pypdfium2' in sys.modules, 'core.minutes' in sys.modules, 'lxml' in sys.modules)\n"
    )
    env = {**os.environ, "KLYNGEBLIK_DB": str(cli_db)}
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["0", "False", "False", "False"], done.stderr
