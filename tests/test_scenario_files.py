"""The CLI (`python -m core evaluate FILE`) and the page's import (scenario_repo.import_json)
accept and refuse exactly the same files: byte-order marks, lone surrogates, 1e30 amounts,
1e308 scales, long names. A refused file writes nothing. Also migration 3: saved scenarios
get the caps their body decided."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import scenario_repo, store
from core.scenario import ScenarioError
from helpers import ISSUE_EXAMPLE

ROOT = Path(__file__).resolve().parent.parent


def _doc(change=None) -> bytes:
    doc = copy.deepcopy(ISSUE_EXAMPLE)
    if change:
        change(doc)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


VALID = json.dumps(ISSUE_EXAMPLE, ensure_ascii=False)
# name → (file bytes, accepted?)
FILES = {
    "gyldig": (VALID.encode("utf-8"), True),
    "bom": (b"\xef\xbb\xbf" + VALID.encode("utf-8"), True),
    "surrogatpar": (VALID.replace('"Forslag A"', '"Forslag \\ud83d\\ude00"').encode(), True),
    "graenser": (_doc(lambda d: (d["funds"][0].update(amount_dkk=100_000_000_000),
                                 d["lines"][0].update(scale=100), d.update(name="x" * 200))), True),
    "enlig-surrogat": (VALID.replace('"Forslag A"', '"Forslag \\ud800"').encode(), False),
    "enlig-surrogat-i-noegle": (VALID.replace('"name": "STIME"', '"\\udfff": 1, "name": "STIME"').encode(), False),
    "beloeb-1e30": (VALID.replace("2221991", "1e30").encode(), False),
    "skala-1e308": (VALID.replace('"scale": 1.0', '"scale": 1e308').encode(), False),
    "skala-1e400": (VALID.replace('"scale": 1.0', '"scale": 1e400').encode(), False),
    "folketal": (_doc(lambda d: d["municipalities"][0].update(population=10_000_001)), False),
    "langt-navn": (_doc(lambda d: d.update(name="x" * 201)), False),
    "lang-note": (_doc(lambda d: d.update(note="x" * 5001)), False),
    "latin1": (VALID.encode("latin-1", "replace"), False),
    "utf16": (VALID.encode("utf-16"), False),
    "dobbelt-bom": (b"\xef\xbb\xbf\xef\xbb\xbf" + VALID.encode("utf-8"), True),
}


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    folder = tmp_path_factory.mktemp("filer")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "KLYNGEBLIK_DB": str(folder / "ubrugt.duckdb")}
    processes = {}
    for name, (data, _) in FILES.items():
        path = folder / f"{name}.json"
        path.write_bytes(data)
        processes[name] = subprocess.Popen([sys.executable, "-m", "core", "evaluate", str(path)], cwd=ROOT, env=env,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    runs = {}
    for name, process in processes.items():
        out, err = process.communicate(timeout=180)
        runs[name] = (process.returncode, out, err.decode("utf-8"))
    return runs


@pytest.mark.parametrize("name", list(FILES))
def test_cli_and_import_accept_and_refuse_the_same_files(name, cli_runs, fresh_store):
    data, accepted = FILES[name]
    code, out, err = cli_runs[name]
    before = fresh_store.scalar("SELECT count(*) FROM app.scenario_versions")
    try:
        scenario_repo.import_json(fresh_store, data, author="Mette")
        imported = True
    except ScenarioError as exc:
        imported = False
        assert str(exc) and "\n" not in str(exc)
    after = fresh_store.scalar("SELECT count(*) FROM app.scenario_versions")
    assert (code == 0, imported) == (accepted, accepted), (code, err)
    assert after == before + imported  # a refused file writes nothing
    if accepted:
        json.loads(out)
        assert err == ""
    else:
        assert code == 2 and out == b"" and "Traceback" not in err
        assert len(err.splitlines()) == 1 and err.startswith("Fejl: ")


def test_import_takes_text_too(fresh_store):
    scenario_id, version = scenario_repo.import_json(fresh_store, "\ufeff" + VALID, author="Mette")
    assert scenario_repo.load(fresh_store, scenario_id)["document"]["name"] == "Forslag A"


# -- migration 3 ------------------------------------------------------------------------------


def _pre_migration_store(path: Path) -> None:
    """A store as it was before migration 3, holding a saved scenario of Hovedstaden-Nord (with
    the derived caps' world: no cap_dkk, Klyngeblik's defaults in its settings) and one of
    Nordjylland-Vest."""
    store.build(path)
    opened = store.Store(path)
    try:
        with opened.transaction() as cur:
            # Only migration 3 is undone: the later ones (drafts, user data, …) stay applied.
            cur.execute("DELETE FROM meta.schema_migrations WHERE version = 3")
        old_hn = {**ISSUE_EXAMPLE, "name": "Gammelt forslag",
                  "focus_areas": [{"id": "mental", "name": "Mental", "target_share": 0.5},
                                  {"id": "aeldre", "name": "Ældre", "target_share": 0.5}],
                  "settings": {"carry_over": True, "pool_dkk": 250000, "region_share": 0.5, "balance_tolerance": 0.1}}
        old_nv = {**old_hn, "cluster_id": "nordjylland-vest", "name": "Vest", "lines": [],
                  "focus_areas": [{"id": "nv-unge-mental-sundhed", "name": "Unge", "target_share": None}],
                  "settings": {"carry_over": False, "pool_dkk": 0, "region_share": 0.5, "balance_tolerance": 0.1}}
        for scenario_id, cluster_id, document in (("hn", "hovedstaden-nord", old_hn), ("nv", "nordjylland-vest", old_nv)):
            with opened.transaction() as cur:
                cur.execute("INSERT INTO app.scenarios VALUES (?, ?, ?, 1, NULL, now())",
                            [scenario_id, cluster_id, document["name"]])
                cur.execute("INSERT INTO app.scenario_versions VALUES (?, 1, ?, ?, 'Mette', '', now())",
                            [scenario_id, document["name"], json.dumps(document, ensure_ascii=False)])
    finally:
        opened.close()


def test_migration_3_gives_saved_scenarios_their_decided_caps(tmp_path):
    path = tmp_path / "gammel.duckdb"
    _pre_migration_store(path)
    opened = store.Store(path)  # opening migrates
    try:
        assert opened.schema_version() >= 3
        hn = scenario_repo.load(opened, "hn")["document"]
        assert {a["id"]: a["cap_dkk"] for a in hn["focus_areas"]} == {"mental": 4_400_000, "aeldre": None}
        # The defaults Klyngeblik used to fill in are now the scenario's assumptions.
        assert hn["settings"]["assumed"] == ["balance_tolerance"]
        assert hn["settings"]["no_running_costs"] is True
        nv = scenario_repo.load(opened, "nv")["document"]
        assert nv["focus_areas"][0]["cap_dkk"] is None
        assert nv["settings"]["assumed"] == ["region_share", "pool_dkk", "carry_over", "balance_tolerance",
                                             "no_running_costs"]
        from core.scenario import evaluate_document

        result = evaluate_document(hn)
        assert [a["cap_dkk"] for a in result["focus_areas"]] == [4_400_000, None]
        assert len(evaluate_document(nv)["assumptions"]) == 5
    finally:
        opened.close()
    again = store.Store(path)  # runs once: opening again changes nothing
    try:
        assert scenario_repo.load(again, "hn")["document"]["settings"]["assumed"] == ["balance_tolerance"]
    finally:
        again.close()
