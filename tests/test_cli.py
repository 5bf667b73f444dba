"""`python -m core evaluate FILE` and `--from-store CLUSTER_ID`, run as a user runs them
(a subprocess): the result as JSON on stdout and exit 0, or exit 2 with one Danish line
on stderr naming the field and no traceback."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import store
from helpers import ISSUE_EXAMPLE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "forslag-a.json"
DOC = ROOT / "docs" / "scenario-format.md"

RESULT_KEYS = {"funds_dkk", "pool_dkk", "available_dkk", "allocated_dkk", "remaining_dkk", "region_dkk",
               "municipalities_dkk", "years", "focus_areas", "municipalities", "findings", "rules", "checks",
               "assumptions"}

MINIMAL = ISSUE_EXAMPLE


def _changed(change) -> str:
    doc = copy.deepcopy(MINIMAL)
    change(doc)
    return json.dumps(doc, ensure_ascii=False)


# name: (file text, or None for no file; extra arguments; text stderr must contain).
# One case per kind of error the specification lists; every single field's check is in
# test_scenario_engine.py (each case here costs a Python start-up).
INVALID = {
    "ikke-json": ('{"format": "klyngeblik-scenario/1", ', [], "ikke gyldig JSON"),
    "andet-format": (_changed(lambda d: d.update(format="klyngeblik-scenario/2")), [], '"format"'),
    "mangler-felt": (_changed(lambda d: d.pop("settings")), [], '"settings"'),
    "beloeb-1e30": (_changed(lambda d: d["funds"][0].update(amount_dkk=1e30)), [], '"funds[0].amount_dkk" må højst'),
    "forkert-type-skala": (_changed(lambda d: d["lines"][0].update(scale="1")), [], '"lines[0].scale"'),
    "forkert-type-beloeb": (_changed(lambda d: d["funds"][0].update(amount_dkk="2221991")), [],
                            '"funds[0].amount_dkk"'),
    "negativt-beloeb": (_changed(lambda d: d["lines"][0]["costs"][0].update(amount_dkk=-1)), [],
                        '"lines[0].costs[0].amount_dkk"'),
    "negativ-skala": (_changed(lambda d: d["lines"][0].update(scale=-0.5)), [], '"lines[0].scale"'),
    "ukendt-fokusomraade": (_changed(lambda d: d["lines"][0].update(focus_area="aeldre")), [],
                            '"lines[0].focus_area"'),
    "folketal-nul": (_changed(lambda d: d["municipalities"][0].update(population=0)), [],
                     '"municipalities[0].population"'),
    "ukendt-modtager": (_changed(lambda d: d["lines"][0]["recipients"][0].update(municipality="Gribskov")), [],
                        '"lines[0].recipients[0].municipality"'),
    "navn-med-linjeskift": (_changed(lambda d: d["municipalities"][0].update(name="Aller\nød", population=-1)),
                            [], '"municipalities[0].population"'),
    "mangler-fil": (None, ["findes-ikke.json"], "findes ikke"),
    "hverken-fil-eller-klynge": (None, [], "angiv en scenariefil"),
    "ukendt-klynge": (None, ["--from-store", "findes-ikke"], 'klyngen "findes-ikke" findes ikke'),
}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "core", "evaluate", *args]


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory) -> Path:
    """A store of the CLI's own: the session store is held open by this test process, and
    DuckDB lets only one process open a file for writing."""
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    store.build(path)
    return path


def _env(cli_db: Path) -> dict:
    return {**os.environ, "KLYNGEBLIK_DB": str(cli_db), "PYTHONIOENCODING": "utf-8"}


def _run(*args: str, cli_db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_command(*args), cwd=ROOT, env=_env(cli_db), capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


@pytest.fixture(scope="module")
def invalid_runs(tmp_path_factory, cli_db) -> dict[str, tuple[int, str, str]]:
    """Every invalid case at once (parallel processes keep the module fast):
    name → (exit code, stdout, stderr)."""
    folder = tmp_path_factory.mktemp("cli")
    processes = {}
    for name, (text, args, _) in INVALID.items():
        if text is not None:
            path = folder / f"{name}.json"
            path.write_text(text, encoding="utf-8")
            args = [str(path), *args]
        processes[name] = subprocess.Popen(_command(*args), cwd=ROOT, env=_env(cli_db), text=True,
                                           encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    runs = {}
    for name, process in processes.items():
        out, err = process.communicate(timeout=180)
        runs[name] = (process.returncode, out, err)
    return runs


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_input_exits_2_with_one_danish_line(invalid_runs, name):
    code, out, err = invalid_runs[name]
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Fejl: ")
    assert INVALID[name][2] in lines[0]


def test_invalid_file_messages_are_danish(invalid_runs):
    assert "må ikke være negativt" in invalid_runs["negativt-beloeb"][2]
    assert "mangler" in invalid_runs["mangler-felt"][2]
    assert "er ikke blandt kommunerne" in invalid_runs["ukendt-modtager"][2]
    assert "findes ikke i focus_areas" in invalid_runs["ukendt-fokusomraade"][2]
    assert "positivt folketal" in invalid_runs["folketal-nul"][2]
    assert "ikke-json.json" in invalid_runs["ikke-json"][2]  # names the file


@pytest.fixture(scope="module")
def example_run(cli_db) -> subprocess.CompletedProcess:
    return _run(str(EXAMPLE), cli_db=cli_db)


def test_example_file_evaluates(example_run):
    assert example_run.returncode == 0, example_run.stderr
    assert example_run.stderr == ""
    result = json.loads(example_run.stdout)
    assert RESULT_KEYS <= set(result)
    assert (result["funds_dkk"], result["pool_dkk"], result["available_dkk"]) == (8_805_192, 250_000, 8_555_192)
    # STIME 4.000.000 + KIT 0 + 0,75 × (1.500.000 + 1.333.333) = 1.125.000 + 999.999,75 → 1.000.000.
    assert result["allocated_dkk"] == 6_125_000
    assert result["remaining_dkk"] == 2_430_192
    assert (result["region_dkk"], result["municipalities_dkk"]) == (3_062_500, 3_062_500)
    assert sum(m["contribution_dkk"] for m in result["municipalities"]) == 3_062_500
    assert [(y["year"], y["available_dkk"], y["allocated_dkk"], y["remaining_dkk"], y["carried_in_dkk"])
            for y in result["years"]] == [
        (2022, 4_152_596, 0, 4_152_596, 0),
        (2023, 8_555_192, 5_125_000, 3_430_192, 4_152_596),
        (2024, 3_430_192, 1_000_000, 2_430_192, 3_430_192),
    ]
    assert {a["id"]: a["cap_dkk"] for a in result["focus_areas"]} == {"aeldre": None, "mental": 4_400_000}
    assert result["assumptions"] == ["Antaget, ikke besluttet: Tolerance for fordelingen mellem fokusområder (D): "
                                     "± 10 %-point."]
    assert [(f["principle"], f["severity"]) for f in result["findings"]] == [("D", "warning"), ("D", "warning")]
    helsingor = next(m for m in result["municipalities"] if m["name"] == "Helsingør")
    assert helsingor["received_dkk"] == 650_000  # 500.000 (STIME) + 0,75 × 200.000
    assert "Helsingør" in example_run.stdout  # UTF-8, not \u escapes


def test_findings_do_not_change_the_exit_code(tmp_path, cli_db):
    path = tmp_path / "for-meget.json"
    path.write_text(json.dumps(MINIMAL), encoding="utf-8")
    run = _run(str(path), cli_db=cli_db)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert [f["principle"] for f in result["findings"] if f["severity"] == "error"] == ["B", "B"]
    assert result["remaining_dkk"] == 2_221_991 - 250_000 - 4_000_000


def test_from_store_hovedstaden_nord(cli_db):
    run = _run("--from-store", "hovedstaden-nord", cli_db=cli_db)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert RESULT_KEYS <= set(result)
    assert result["funds_dkk"] == 8_805_192
    assert result["pool_dkk"] == 250_000
    assert result["allocated_dkk"] == 4_000_000  # STIME; KIT costs the fund nothing
    assert result["remaining_dkk"] == 8_805_192 - 250_000 - 4_000_000
    assert sum(m["contribution_dkk"] for m in result["municipalities"]) == result["municipalities_dkk"] == 2_000_000
    assert len(result["municipalities"]) == 8
    assert {m["received_dkk"] for m in result["municipalities"]} == {500_000}
    caps = {a["id"]: (a["allocated_dkk"], a["cap_dkk"]) for a in result["focus_areas"]}
    # The cap the cluster decided (seed 000, punkt 3), on the mental-health area only.
    assert caps == {"mental": (4_000_000, 4_400_000), "aeldre": (0, None)}
    decided = {line["id"]: line["decided"]["meeting_date"] for line in result["lines"]}
    assert decided == {"stime": "2023-05-10", "kit": "2023-05-10"}
    statuses = {r["key"]: r["status"] for r in result["rules"]}
    assert statuses["region_share"] == statuses["pool_dkk"] == statuses["carry_over"] == "besluttet"
    assert statuses["balance_tolerance"] == "ikke besluttet"  # nobody decided a tolerance; none assumed
    # Decided lines only: the two proposals of the same meeting are not in the result.
    assert {line["id"] for line in result["lines"]} == {"stime", "kit"}


def test_from_store_with_db_option(cli_db, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "KLYNGEBLIK_DB"}
    run = subprocess.run(
        [sys.executable, "-m", "core", "evaluate", "--from-store", "nordjylland-vest", "--db", str(cli_db)],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    # 900.000 (forebyggelige genindlæggelser) + 75.000 + 145.000 (Unge på vej), no funds recorded.
    assert result["allocated_dkk"] == 1_120_000
    assert result["funds_dkk"] is None and result["remaining_dkk"] is None  # not given, never 0 kr.
    # The sources decide no rules: none is assumed (no region share, pool or carry-over).
    assert (result["pool_dkk"], result["region_dkk"], result["municipalities_dkk"]) == (0, None, None)
    assert {r["status"] for r in result["rules"]} == {"ikke besluttet"}
    assert next(c for c in result["checks"] if c["principle"] == "B")["status"] == "ikke muligt"


def test_documentation_shows_the_real_result(example_run):
    """docs/scenario-format.md quotes the example's full result; it must not drift."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- result: forslag-a -->\s*```json\n(.*?)```", text, re.S)
    assert match, "the result block is missing from docs/scenario-format.md"
    assert json.loads(match.group(1)) == json.loads(example_run.stdout)


def test_documentation_example_is_the_example_file():
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- example: forslag-a -->\s*```json\n(.*?)```", text, re.S)
    assert match, "the example block is missing from docs/scenario-format.md"
    assert json.loads(match.group(1)) == json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_evaluating_a_file_does_not_load_the_store(cli_db):
    """A file needs nothing but the engine: DuckDB and pandas stay unloaded (start-up time)."""
    probe = (
        "import sys, contextlib, io\n"
        "from core import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = cli.main(['evaluate', 'docs/examples/forslag-a.json'])\n"
        "print(code, 'duckdb' in sys.modules, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_env(cli_db), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.stdout.split() == ["0", "False", "False"], done.stderr
