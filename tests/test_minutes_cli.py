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


def test_text_summary_says_nothing_was_saved(files, cli_db):
    done = _run(str(files["pdf"]), cli_db=cli_db)
    assert done.returncode == 0
    assert "3 punkter, 2 deltagere, 3 beløb" in done.stdout
    assert "intet er gemt" in done.stderr


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
