"""User data entered in the app (core/userdata.py): each table, the change log, undo, bad
input refused with nothing written, the merged public views, and survival of a rebuild."""

from __future__ import annotations

import duckdb
import pytest

from core import changelog, scenario_source, store as store_module, userdata
from core.userdata import UserDataError

BODY = "hovedstaden-nord"
WHO = {"who": "Anne Sekretær", "why": "Referat 1. marts 2026, punkt 3"}


def log_count(store) -> int:
    return store.scalar("SELECT count(*) FROM app.change_log")


def test_funds_override_curated_and_undo_restores_it(fresh_store):
    before = fresh_store.query(
        "SELECT amount_dkk, origin FROM funds WHERE cluster_id=? AND year=2023 AND party='kommuner' AND kind='tildelt'",
        [BODY])
    assert before.iloc[0]["origin"] == "kurateret"
    change = userdata.set_funds(fresh_store, BODY, 2023, "kommuner", "tildelt", 3_000_000,
                                decision="Politisk møde 10.05.2023, punkt 2", **WHO)
    row = fresh_store.query(
        "SELECT * FROM funds WHERE cluster_id=? AND year=2023 AND party='kommuner' AND kind='tildelt'", [BODY])
    assert len(row) == 1
    assert row.iloc[0]["amount_dkk"] == 3_000_000 and row.iloc[0]["origin"] == "bruger"
    assert "indtastet af Anne Sekretær" in row.iloc[0]["source"]
    assert row.iloc[0]["decision"] == "Politisk møde 10.05.2023, punkt 2"
    logged = fresh_store.query("SELECT * FROM app.change_log WHERE change_set = ?", [change])
    assert set(logged["field"]) >= {"amount_dkk", "decision", "source"}
    assert set(logged["who"]) == {"Anne Sekretær"} and set(logged["action"]) == {"opret"}

    undo_set = userdata.undo(fresh_store, change, who="Bo")
    after = fresh_store.query(
        "SELECT amount_dkk, origin FROM funds WHERE cluster_id=? AND year=2023 AND party='kommuner' AND kind='tildelt'",
        [BODY])
    assert after.equals(before)
    assert set(fresh_store.query("SELECT undone_by FROM app.change_log WHERE change_set=?", [change])["undone_by"]) == {undo_set}
    assert fresh_store.scalar("SELECT count(*) FROM app.change_log WHERE change_set=? AND action='slet'", [undo_set]) > 0
    with pytest.raises(UserDataError, match="allerede fortrudt"):
        userdata.undo(fresh_store, change, who="Bo")
    # The undo is itself a change and can be undone (redo).
    userdata.undo(fresh_store, undo_set, who="Bo")
    assert fresh_store.scalar(
        "SELECT amount_dkk FROM funds WHERE cluster_id=? AND year=2023 AND party='kommuner' AND kind='tildelt'",
        [BODY]) == 3_000_000


def test_undo_refused_when_the_row_changed_since(fresh_store):
    first = userdata.set_funds(fresh_store, BODY, 2027, "region", "forventet", 1_000_000, **WHO)
    userdata.set_funds(fresh_store, BODY, 2027, "region", "forventet", 2_000_000, **WHO)
    count = log_count(fresh_store)
    with pytest.raises(UserDataError, match="ændret siden"):
        userdata.undo(fresh_store, first, who="Bo")
    assert log_count(fresh_store) == count
    assert fresh_store.scalar("SELECT amount_dkk FROM funds WHERE cluster_id=? AND year=2027", [BODY]) == 2_000_000


def test_update_logs_only_changed_fields_and_no_change_logs_nothing(fresh_store):
    userdata.set_rule(fresh_store, BODY, "pool_dkk", 300_000, **WHO)
    second = userdata.set_rule(fresh_store, BODY, "pool_dkk", 400_000, **WHO)
    logged = fresh_store.query("SELECT field, old_value, new_value, action FROM app.change_log WHERE change_set=?",
                               [second])
    assert logged.to_dict("records") == [{"field": "value", "old_value": '"300000"', "new_value": '"400000"',
                                          "action": "ret"}]
    count = log_count(fresh_store)
    assert userdata.set_rule(fresh_store, BODY, "pool_dkk", 400_000, **WHO) is None
    assert log_count(fresh_store) == count


def test_rules_merge_and_reach_the_scenario(fresh_store):
    userdata.set_rule(fresh_store, BODY, "region_share", 0.4, **WHO)
    userdata.set_rule(fresh_store, BODY, "balance_tolerance", "0,15", **WHO)
    userdata.set_rule(fresh_store, BODY, "carry_over", False, **WHO)
    rules = dict(fresh_store.rows("SELECT key, value FROM cluster_settings WHERE cluster_id=?", [BODY]))
    assert rules["region_share"] == "0.4" and rules["balance_tolerance"] == "0.15"
    assert rules["carry_over"] == "false" and rules["pool_dkk"] == "250000"
    document = scenario_source.from_store(fresh_store, BODY)
    assert document["settings"]["region_share"] == 0.4
    assert document["settings"]["carry_over"] is False


def test_focus_area_and_initiative_reach_the_scenario_page_source(fresh_store):
    userdata.set_focus_area(fresh_store, BODY, "Forebyggelse", target_share=0, cap_dkk=500_000, **WHO)
    userdata.set_initiative(
        fresh_store, BODY, "Rygestop for unge", focus_area_id="forebyggelse", status="besluttet",
        cost_type="udvikling", costs={2026: 100_000, 2027: 150_000}, responsible="Fredensborg Kommune",
        start_date="2026-01-01", end_date="2027-12-31", **WHO,
    )
    focus = fresh_store.query("SELECT * FROM focus_areas WHERE cluster_id=? AND focus_area_id='forebyggelse'", [BODY])
    assert focus.iloc[0]["cap_dkk"] == 500_000 and focus.iloc[0]["origin"] == "bruger"
    initiative = fresh_store.query("SELECT * FROM initiatives WHERE initiative_id=?", [f"{BODY}-rygestop-for-unge"])
    assert initiative.iloc[0]["responsible"] == "Fredensborg Kommune"
    document = scenario_source.from_store(fresh_store, BODY)
    line = next(ln for ln in document["lines"] if ln["id"] == f"{BODY}-rygestop-for-unge")
    assert line["costs"] == [{"year": 2026, "amount_dkk": 100_000}, {"year": 2027, "amount_dkk": 150_000}]
    assert line["included"] is True
    # Dropping a year of costs removes it (logged), the rest stays.
    userdata.set_initiative(fresh_store, BODY, "Rygestop for unge", focus_area_id="forebyggelse",
                            status="besluttet", costs={2026: 100_000}, start_date="2026-01-01",
                            end_date="2027-12-31", responsible="Fredensborg Kommune", **WHO)
    assert fresh_store.rows("SELECT year FROM initiative_costs WHERE initiative_id=?",
                            [f"{BODY}-rygestop-for-unge"]) == [(2026,)]
    userdata.remove_initiative(fresh_store, BODY, f"{BODY}-rygestop-for-unge", **WHO)
    assert not fresh_store.scalar("SELECT count(*) FROM initiatives WHERE initiative_id=?", [f"{BODY}-rygestop-for-unge"])


def test_population_and_indicators(fresh_store):
    userdata.set_population(fresh_store, "Allerød", 27_123, as_of="2026-07-01",
                            source="FOLK1A 2026K3, indtastet fra Statistikbanken", who="Anne")
    row = fresh_store.query("SELECT * FROM municipalities WHERE municipality='Allerød'").iloc[0]
    assert row["population"] == 27_123 and row["corrected"] and row["origin"] == "bruger"
    assert row["population_year"] == 2026 and str(row["population_as_of"])[:10] == "2026-07-01"
    change = userdata.add_indicators(fresh_store, [
        {"name": "Genindlæggelser", "geography": "Allerød", "period": "2025", "value": "12,5",
         "unit": "pct.", "source": "eSundhed", "cluster_id": BODY},
        {"name": "Ventetid", "geography": "Allerød", "period": "2025", "value_low": 3, "value_high": 5,
         "unit": "uger", "source": "eSundhed"},
    ], who="Anne", why="indikatorer.csv", cluster_id=BODY)
    shown = fresh_store.query("SELECT * FROM indicators WHERE origin='bruger' ORDER BY name")
    assert list(shown["name"]) == ["Genindlæggelser", "Ventetid"] and shown.iloc[0]["value"] == 12.5
    userdata.undo(fresh_store, change, who="Bo")
    assert not fresh_store.scalar("SELECT count(*) FROM indicators WHERE origin='bruger'")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: userdata.set_funds(s, BODY, 2026, "kommuner", "tildelt", -5, decision="x", **WHO), "Beløb"),
        (lambda s: userdata.set_funds(s, BODY, 2026, "kommuner", "tildelt", 100, **WHO), "Beslutning"),
        (lambda s: userdata.set_funds(s, BODY, 1999, "kommuner", "forventet", 100, **WHO), "År"),
        (lambda s: userdata.set_funds(s, BODY, 2026, "kommuner", "forventet", 10**12, **WHO), "Beløb"),
        (lambda s: userdata.set_funds(s, BODY, 2026, "kommuner", "forventet", 100, who="", why="x"), "Indtastet af"),
        (lambda s: userdata.set_funds(s, BODY, 2026, "kommuner", "forventet", 100, who="A", why=" "), "Kilde"),
        (lambda s: userdata.set_funds(s, "findes-ikke", 2026, "kommuner", "forventet", 1, **WHO), "Klynge"),
        (lambda s: userdata.set_rule(s, BODY, "region_share", 1.5, **WHO), "Regionens andel"),
        (lambda s: userdata.set_rule(s, BODY, "carry_over", "måske", **WHO), "Overførsel"),
        (lambda s: userdata.set_focus_area(s, BODY, "", **WHO), "Navn"),
        (lambda s: userdata.set_focus_area(s, BODY, "x" * 201, **WHO), "Navn"),
        (lambda s: userdata.set_focus_area(s, BODY, "Ny", target_share=0.9, **WHO), "Målandel"),
        (lambda s: userdata.set_initiative(s, BODY, "Ny", focus_area_id="nope", **WHO), "Fokusområde"),
        (lambda s: userdata.set_initiative(s, BODY, "Ny", start_date="2027-01-01", end_date="2026-01-01", **WHO), "Slut"),
        (lambda s: userdata.set_initiative(s, BODY, "Ny", costs={2026: "mange"}, **WHO), "Udgifter"),
        (lambda s: userdata.set_population(s, "Atlantis", 10, as_of="2026-01-01", source="x", who="A"), "Kommune"),
        (lambda s: userdata.set_population(s, "Allerød", 0, as_of="2026-01-01", source="x", who="A"), "Folketal"),
        (lambda s: userdata.set_population(s, "Allerød", 20_000_000, as_of="2026-01-01", source="x", who="A"), "Folketal"),
        (lambda s: userdata.set_population(s, "Allerød", 10, as_of="i går", source="x", who="A"), "Opgjort pr."),
        (lambda s: userdata.add_indicators(s, [{"name": "x", "geography": "y", "period": "2025", "unit": "u",
                                                "source": "s", "value": 1}, {"name": "x"}], **WHO), "Række 2"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(fresh_store, call, field):
    count = log_count(fresh_store)
    user_rows = fresh_store.scalar("SELECT (SELECT count(*) FROM app.user_funds) + (SELECT count(*) FROM app.user_indicators)")
    with pytest.raises(UserDataError) as raised:
        call(fresh_store)
    assert field in str(raised.value)
    assert log_count(fresh_store) == count
    assert fresh_store.scalar(
        "SELECT (SELECT count(*) FROM app.user_funds) + (SELECT count(*) FROM app.user_indicators)") == user_rows


def test_change_log_is_filed_under_the_body(fresh_store):
    userdata.set_rule(fresh_store, BODY, "pool_dkk", 1, **WHO)
    userdata.set_rule(fresh_store, "hovedstaden-midt", "pool_dkk", 2, **WHO)
    assert set(changelog.entries(fresh_store, BODY)["cluster_id"]) == {BODY}
    assert set(changelog.entries(fresh_store)["change_set"]) == {1, 2}


def test_user_data_survives_a_rebuild(fresh_db):
    opened = store_module.Store(fresh_db)
    try:
        userdata.set_funds(opened, BODY, 2028, "region", "forventet", 4_000_000, **WHO)
        userdata.set_population(opened, "Allerød", 27_500, as_of="2026-10-01", source="FOLK1A", who="A")
    finally:
        opened.close()
    store_module.build(fresh_db)
    opened = store_module.Store(fresh_db)
    try:
        assert opened.scalar("SELECT amount_dkk FROM funds WHERE cluster_id=? AND year=2028", [BODY]) == 4_000_000
        assert opened.scalar("SELECT population FROM municipalities WHERE municipality='Allerød'") == 27_500
        assert opened.scalar("SELECT count(*) FROM app.change_log") > 0
    finally:
        opened.close()


def test_migration_moves_population_corrections_into_user_populations(tmp_path):
    """A store from before migration 5 (its corrections table filled) upgrades in place."""
    path = tmp_path / "old.duckdb"
    store_module.build(path)
    connection = duckdb.connect(str(path))
    connection.execute("DROP SCHEMA app CASCADE")
    connection.execute("DELETE FROM meta.schema_migrations WHERE version >= 2")
    connection.execute("CREATE SCHEMA app")
    for version, _, statements in store_module.MIGRATIONS:
        if version < 2:
            for sql in statements[1:]:
                connection.execute(sql)
    connection.execute("DELETE FROM meta.schema_migrations WHERE version > 1")
    for sql in store_module.MIGRATIONS[1][2]:
        connection.execute(sql)
    connection.execute("INSERT INTO meta.schema_migrations VALUES (2, 'x', now())")
    connection.execute("INSERT INTO app.population_corrections VALUES ('Allerød', 30000, 2025, 'Rettelse', now(), 'Ole')")
    connection.close()
    upgraded = store_module.Store(path)
    try:
        assert upgraded.scalar("SELECT population FROM municipalities WHERE municipality='Allerød'") == 30000
        assert not upgraded.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name='population_corrections'")
    finally:
        upgraded.close()
