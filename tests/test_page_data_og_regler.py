"""Data og regler under AppTest: a council and a cluster enter data through the forms; bad
input names the field, writes nothing and stays on screen; the change log's undo button; the
entered data shows on the other pages at once."""

from __future__ import annotations


import pytest
from helpers import open_page, texts


from core import clock, formatting
from core.store import Store

PAGE = "pages/data_og_regler.py"
CLUSTER = "hovedstaden-nord"
COUNCIL = "sundhedsraad-vendsyssel"  # a council with (almost) no data of its own


@pytest.fixture
def page_db(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    return fresh_db


def by_label(elements, label):
    return next(e for e in elements if e.label == label)


def form_inputs(at, form_key):
    """The text inputs of one form, by label (forms repeat labels such as »Kilde eller begrundelse«)."""
    return {t.label: t for t in at.text_input if form_key in str(t.form_id)}


def count(db, sql, params=()):
    opened = Store(db)
    try:
        return opened.scalar(sql, list(params))
    finally:
        opened.close()


def submit(at, label):
    by_label(at.button, label).click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("body", [COUNCIL, CLUSTER])
def test_funds_entered_for_a_body_show_as_entered(page_db, body):
    at = open_page(PAGE, body)
    # The page names the body on screen ("klyngens eller rådets egne tal" named both).
    noun = "rådets" if body == COUNCIL else "klyngens"
    assert any(f"sekretariatet {noun} egne tal og regler" in c.value for c in at.caption)
    assert not at.error
    # The year starts where the body's money does: a council takes over on 1 January 2027; a
    # cluster (dissolved at the end of 2025) had its last money in 2025.
    year = next(n for n in at.number_input if n.label == "År" and "dor_funds" in str(n.form_id)).value
    assert year == (max(clock.today().year, 2027) if body == COUNCIL else 2025)
    by_label(at.text_input, "Indtastet af").input("Anne Sekretær")
    inputs = form_inputs(at, "dor_funds")
    inputs["Beløb (kr.)"].input("2.500.000")
    inputs["Beslutning"].input("Politisk møde 1. marts 2026, punkt 3")
    inputs["Kilde eller begrundelse"].input("Referat 1. marts 2026")
    submit(at, "Gem midler")
    assert at.success and not at.error
    assert count(page_db, "SELECT amount_dkk FROM funds WHERE cluster_id=? AND origin='bruger'", [body]) == 2_500_000
    funds_table = next(d.value for d in at.dataframe if "Beslutning" in d.value.columns)
    assert "Indtastet" in set(funds_table["Oprindelse"])
    # The Overblik page sees the entry at once (cached reads were cleared).
    at.switch_page("pages/overblik.py").run()
    assert not at.exception
    total = count(page_db, "SELECT sum(amount_dkk) FROM funds WHERE cluster_id=? AND kind='tildelt'", [body])
    assert total >= 2_500_000
    # A council's money is "Rådets midler", a cluster's "Klyngemidler".
    label = "Rådets midler i alt" if body == COUNCIL else "Klyngemidler i alt"
    assert by_label(at.metric, label).value == formatting.dkk(total)


def test_bad_input_names_the_field_writes_nothing_and_keeps_the_input(page_db):
    at = open_page(PAGE, CLUSTER)
    by_label(at.text_input, "Indtastet af").input("Anne")
    inputs = form_inputs(at, "dor_funds")
    inputs["Beløb (kr.)"].input("mange penge")
    inputs["Kilde eller begrundelse"].input("Referat")
    submit(at, "Gem midler")
    assert at.error and "Beløb" in at.error[0].value
    assert count(page_db, "SELECT count(*) FROM app.change_log") == 0
    assert form_inputs(at, "dor_funds")["Beløb (kr.)"].value == "mange penge"

    # A missing name is refused too.
    by_label(at.text_input, "Indtastet af").input("")
    inputs = form_inputs(at, "dor_rules")
    inputs["Værdi"].input("0,4")
    inputs["Kilde eller begrundelse"].input("Princip A")
    submit(at, "Gem regel")
    assert any("Indtastet af" in e.value for e in at.error)
    assert count(page_db, "SELECT count(*) FROM app.user_settings") == 0


def test_rule_saved_then_undone_from_the_change_log(page_db):
    at = open_page(PAGE, CLUSTER)
    by_label(at.text_input, "Indtastet af").input("Anne")
    inputs = form_inputs(at, "dor_rules")
    inputs["Værdi"].input("0,4")
    inputs["Kilde eller begrundelse"].input("Ny aftale om princip A")
    submit(at, "Gem regel")
    assert count(page_db, "SELECT value FROM cluster_settings WHERE cluster_id=? AND key='region_share'",
                 [CLUSTER]) == "0.4"
    log = texts(at)
    assert "Nr. 1" in log and "Anne" in log and "Ny aftale om princip A" in log
    submit(at, "Fortryd")
    assert not at.error
    assert count(page_db, "SELECT value FROM cluster_settings WHERE cluster_id=? AND key='region_share'",
                 [CLUSTER]) == "0.5"
    assert count(page_db, "SELECT count(*) FROM app.change_log WHERE undone_by = 2") == 2


def test_initiative_with_costs_per_year_reaches_the_scenario_source(page_db):
    at = open_page(PAGE, COUNCIL)
    by_label(at.text_input, "Indtastet af").input("Anne")
    inputs = form_inputs(at, "dor_initiative")
    inputs["Navn"].input("Fælles akutteam")
    inputs["Ansvarlig"].input("Hjørring Kommune")
    inputs["Kilde eller begrundelse"].input("Rådsmøde 2. februar 2026")
    submit(at, "Gem initiativ")
    assert at.success, [e.value for e in at.error]
    assert count(page_db, "SELECT responsible FROM initiatives WHERE cluster_id=?", [COUNCIL]) == "Hjørring Kommune"
