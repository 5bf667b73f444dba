"""Saved scenarios: versions, soft delete, optimistic concurrency, import, survival of a rebuild."""

from __future__ import annotations

import copy
import json
import threading

import pytest

from core import scenario_repo as repo
from core import scenario_source
from core import store as store_module
from core.scenario import ScenarioError, evaluate_document

CLUSTER = "hovedstaden-nord"


@pytest.fixture
def db(fresh_store):
    return fresh_store


@pytest.fixture
def document(store) -> dict:
    """Built from the session store, so a test can close and rebuild its own file."""
    return scenario_source.from_store(store, CLUSTER, decided_only=False, name="Forslag A")


def version_count(db, scenario_id: str) -> int:
    return db.scalar("SELECT count(*) FROM app.scenario_versions WHERE scenario_id = ?", [scenario_id])


def test_save_list_load_versions(db, document):
    scenario_id, version = repo.save(db, document, author="Mette", note="Til mødet 28. maj")
    assert version == 1
    assert scenario_id.startswith("forslag-a-")

    listed = repo.list_scenarios(db, CLUSTER)
    assert list(listed.columns) == repo.LIST_COLUMNS
    row = listed.iloc[0]
    assert (row["scenario_id"], row["name"], row["version"], row["author"], row["note"]) == (
        scenario_id, "Forslag A", 1, "Mette", "Til mødet 28. maj")
    assert row["saved_at"].microsecond == 0
    assert repo.list_scenarios(db, "nordjylland-nord").empty

    loaded = repo.load(db, scenario_id)
    assert loaded["version"] == 1 and loaded["author"] == "Mette"
    assert loaded["document"] == document
    # The stored document evaluates to the figures of the source: 8.805.192 kr. in funds.
    assert evaluate_document(loaded["document"])["funds_dkk"] == 8_805_192

    history = repo.versions(db, scenario_id)
    assert list(history.columns) == ["version", "name", "author", "note", "saved_at"]
    assert history["version"].tolist() == [1]


def test_every_version_is_kept(db, document):
    scenario_id, _ = repo.save(db, document, author="Mette")
    second = copy.deepcopy(document)
    second["lines"][1]["scale"] = 0.5
    assert repo.save(db, second, author="Jens", note="Halv STIME", scenario_id=scenario_id, base_version=1) == (
        scenario_id, 2)
    third = {**second, "name": "Forslag A (endelig)"}
    assert repo.save(db, third, author="Mette", scenario_id=scenario_id, base_version=2)[1] == 3

    history = repo.versions(db, scenario_id)
    assert history["version"].tolist() == [3, 2, 1]
    assert history["author"].tolist() == ["Mette", "Jens", "Mette"]
    assert repo.load(db, scenario_id, 1)["document"]["lines"][1]["scale"] == 1.0
    assert repo.load(db, scenario_id, 2)["document"]["lines"][1]["scale"] == 0.5
    current = repo.list_scenarios(db)
    assert len(current) == 1
    assert (current.iloc[0]["version"], current.iloc[0]["name"]) == (3, "Forslag A (endelig)")


def test_load_unknown_scenario_or_version(db, document):
    scenario_id, _ = repo.save(db, document, author="Mette")
    with pytest.raises(ScenarioError, match="findes ikke"):
        repo.load(db, "ingen-saadan")
    with pytest.raises(ScenarioError, match="ingen version 7"):
        repo.load(db, scenario_id, 7)


def test_duplicate(db, document):
    original, _ = repo.save(db, document, author="Mette")
    copy_id = repo.duplicate(db, original, new_name="Forslag B", author="Jens")
    assert copy_id != original
    loaded = repo.load(db, copy_id)
    assert (loaded["version"], loaded["name"], loaded["document"]["name"]) == (1, "Forslag B", "Forslag B")
    assert loaded["document"]["lines"] == document["lines"]
    assert "Forslag A" in loaded["note"]
    assert set(repo.list_scenarios(db)["name"]) == {"Forslag A", "Forslag B"}
    assert version_count(db, original) == 1


def test_rename_is_a_new_version(db, document):
    scenario_id, _ = repo.save(db, document, author="Mette")
    assert repo.rename(db, scenario_id, new_name="Forslag Ø", author="Jens", base_version=1) == 2
    assert repo.load(db, scenario_id)["document"]["name"] == "Forslag Ø"
    assert repo.list_scenarios(db).iloc[0]["name"] == "Forslag Ø"
    assert repo.load(db, scenario_id, 1)["name"] == "Forslag A"
    with pytest.raises(repo.StaleVersionError):
        repo.rename(db, scenario_id, new_name="Forslag C", author="Mette", base_version=1)
    assert version_count(db, scenario_id) == 2


def test_delete_hides_and_restore_brings_back(db, document):
    scenario_id, _ = repo.save(db, document, author="Mette")
    repo.delete(db, scenario_id)
    assert repo.list_scenarios(db, CLUSTER).empty
    deleted = repo.list_scenarios(db, CLUSTER, include_deleted=True)
    assert deleted["scenario_id"].tolist() == [scenario_id]
    assert deleted["deleted_at"].notna().all()
    assert repo.load(db, scenario_id)["version"] == 1  # nothing is lost
    with pytest.raises(ScenarioError, match="slettet"):
        repo.save(db, document, author="Mette", scenario_id=scenario_id, base_version=1)

    repo.restore(db, scenario_id)
    restored = repo.list_scenarios(db, CLUSTER)
    assert restored["scenario_id"].tolist() == [scenario_id]
    assert restored["deleted_at"].isna().all()
    with pytest.raises(ScenarioError, match="findes ikke"):
        repo.delete(db, "ingen-saadan")


def test_stale_save_is_refused_and_nothing_written(db, document):
    scenario_id, _ = repo.save(db, document, author="Mette")
    repo.save(db, document, author="Mette", scenario_id=scenario_id, base_version=1)  # Mette saves v2
    mine = copy.deepcopy(document)
    mine["lines"][1]["scale"] = 0.25
    with pytest.raises(repo.StaleVersionError) as caught:
        repo.save(db, mine, author="Jens", scenario_id=scenario_id, base_version=1)
    error = caught.value
    assert (error.current_version, error.base_version) == (2, 1)
    message = str(error)
    assert "«Forslag A»" in message and "af Mette" in message and "version 2" in message
    assert "version 1" in message and "gem det som et nyt scenarie" in message
    assert version_count(db, scenario_id) == 2
    assert repo.load(db, scenario_id)["document"]["lines"][1]["scale"] == 1.0


def test_invalid_document_writes_nothing(db, document):
    broken = copy.deepcopy(document)
    broken["settings"]["region_share"] = 2
    with pytest.raises(ScenarioError, match='"settings.region_share" må højst være 1'):
        repo.save(db, broken, author="Mette")
    assert db.scalar("SELECT count(*) FROM app.scenarios") == 0
    assert db.scalar("SELECT count(*) FROM app.scenario_versions") == 0

    scenario_id, _ = repo.save(db, document, author="Mette")
    with pytest.raises(ScenarioError):
        repo.save(db, broken, author="Mette", scenario_id=scenario_id, base_version=1)
    with pytest.raises(ScenarioError, match="navn"):
        repo.save(db, document, author="  ", scenario_id=scenario_id, base_version=1)
    with pytest.raises(ScenarioError, match='klyngen "ukendt"'):
        repo.save(db, {**document, "cluster_id": "ukendt"}, author="Mette")
    assert version_count(db, scenario_id) == 1
    assert db.scalar("SELECT count(*) FROM app.scenarios") == 1


def test_import_json(db, document):
    scenario_id, version = repo.import_json(db, json.dumps(document, ensure_ascii=False), author="Mette")
    assert version == 1
    loaded = repo.load(db, scenario_id)
    assert loaded["document"] == document and loaded["note"] == "Importeret fra fil"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "klyngeblik-scenario/1", ', "filen er ikke gyldig JSON (linje 1, kolonne"),
        ('{"format": "klyngeblik-scenario/2"}', 'feltet "format" skal være "klyngeblik-scenario/1"'),
        ("[]", 'feltet "(dokumentet)" skal være et objekt'),
    ],
)
def test_import_invalid_json_writes_nothing(db, text, message):
    with pytest.raises(ScenarioError) as caught:
        repo.import_json(db, text, author="Mette")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert db.scalar("SELECT count(*) FROM app.scenarios") == 0
    assert db.scalar("SELECT count(*) FROM app.scenario_versions") == 0


def test_saved_scenarios_survive_a_rebuild(fresh_db, document):
    db = store_module.Store(fresh_db)
    try:
        first, _ = repo.save(db, document, author="Mette")
        repo.save(db, {**document, "name": "Forslag A2"}, author="Jens", scenario_id=first, base_version=1)
        second = repo.duplicate(db, first, new_name="Forslag B", author="Jens")
        repo.delete(db, second)
        before = repo.list_scenarios(db, include_deleted=True)
        history = repo.versions(db, first)
        document_v2 = repo.load(db, first)["document"]
    finally:
        db.close()

    store_module.build(fresh_db)

    db = store_module.Store(fresh_db)
    try:
        assert db.scalar("SELECT count(*) FROM clusters") > 0  # the base really was rebuilt
        assert repo.list_scenarios(db, include_deleted=True).equals(before)
        assert repo.versions(db, first).equals(history)
        assert repo.load(db, first)["document"] == document_v2
        assert repo.list_scenarios(db)["scenario_id"].tolist() == [first]
    finally:
        db.close()


def test_two_concurrent_saves_on_one_base_exactly_one_wins(db, document):
    scenario_id, _ = repo.save(db, document, author="Mette")
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save_as(author: str) -> None:
        mine = {**document, "name": f"Forslag A ({author})"}
        start.wait()
        try:
            outcomes[author] = repo.save(db, mine, author=author, scenario_id=scenario_id, base_version=1)
        except repo.StaleVersionError as exc:
            outcomes[author] = exc

    threads = [threading.Thread(target=save_as, args=(author,)) for author in ("Mette", "Jens")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    wins = [a for a, o in outcomes.items() if isinstance(o, tuple)]
    losses = [o for o in outcomes.values() if isinstance(o, repo.StaleVersionError)]
    assert len(wins) == 1 and len(losses) == 1
    assert outcomes[wins[0]] == (scenario_id, 2)
    assert (losses[0].current_version, losses[0].base_version) == (2, 1)
    assert version_count(db, scenario_id) == 2
    assert repo.load(db, scenario_id)["author"] == wins[0]


def test_two_connections_on_one_file_exactly_one_wins(fresh_db, document):
    """Two Store objects (each with its own lock) on one file: DuckDB's conflict detection
    or the version check refuses the second save; it surfaces as StaleVersionError."""
    first = store_module.Store(fresh_db)
    second = store_module.Store(fresh_db)
    try:
        scenario_id, _ = repo.save(first, document, author="Mette")
        start = threading.Barrier(2)
        outcomes: list[object] = []

        def save_with(db, author: str) -> None:
            start.wait()
            try:
                outcomes.append(repo.save(db, document, author=author, scenario_id=scenario_id, base_version=1))
            except repo.StaleVersionError as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=save_with, args=(db, a)) for db, a in ((first, "M"), (second, "J"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(type(o).__name__ for o in outcomes) == ["StaleVersionError", "tuple"]
        assert version_count(first, scenario_id) == 2
    finally:
        first.close()
        second.close()


def test_two_stores_twenty_threads_keep_every_scenario_consistent(fresh_db, document):
    """Two Store objects on one file, 20 threads mixing save, rename, delete, restore and
    duplicate: every write checks the version it read, so no save is lost and every
    scenario's current version exists with every version before it."""
    import random

    stores = [store_module.Store(fresh_db), store_module.Store(fresh_db)]
    try:
        ids = [repo.save(stores[0], {**document, "name": f"Forslag {n}"}, author="Mette")[0] for n in range(3)]
        start = threading.Barrier(20)
        saved: list[tuple[str, int]] = []
        failures: list[BaseException] = []
        lock = threading.Lock()

        def work(n: int) -> None:
            db, rng = stores[n % 2], random.Random(n)
            start.wait()
            for _ in range(6):
                scenario_id = rng.choice(ids)
                action = rng.choice(["save", "save", "rename", "delete", "restore", "duplicate"])
                try:
                    current = repo.load(db, scenario_id)
                    if action == "save":
                        done = repo.save(db, current["document"], author=f"t{n}", scenario_id=scenario_id,
                                         base_version=current["version"])
                        with lock:
                            saved.append(done)
                    elif action == "rename":
                        version = repo.rename(db, scenario_id, new_name=f"Navn {n}", author=f"t{n}",
                                              base_version=current["version"])
                        with lock:
                            saved.append((scenario_id, version))
                    elif action == "delete":
                        repo.delete(db, scenario_id, base_version=current["version"])
                    elif action == "restore":
                        repo.restore(db, scenario_id, base_version=current["version"])
                    else:
                        repo.duplicate(db, scenario_id, new_name="Kopi", author=f"t{n}")
                except (repo.StaleVersionError, ScenarioError):
                    pass  # refused with a message: nothing written, nothing lost
                except BaseException as exc:  # noqa: BLE001 - the test reports it
                    with lock:
                        failures.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, failures
        for db in stores:
            broken = db.rows(
                """SELECT s.scenario_id, s.current_version, count(v.version), max(v.version)
                   FROM app.scenarios s LEFT JOIN app.scenario_versions v USING (scenario_id)
                   GROUP BY ALL
                   HAVING count(v.version) <> s.current_version OR max(v.version) <> s.current_version"""
            )
            assert broken == []
        versions = set(db.rows("SELECT scenario_id, version FROM app.scenario_versions"))
        assert set(saved) <= versions  # every save that reported success is kept
        for scenario_id in ids:  # and every scenario can still be saved (none locked for good)
            current = repo.load(stores[0], scenario_id)
            repo.restore(stores[0], scenario_id)
            repo.save(stores[1], current["document"], author="Til sidst", scenario_id=scenario_id,
                      base_version=current["version"])
    finally:
        for db in stores:
            db.close()
