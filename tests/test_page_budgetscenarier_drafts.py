"""Budgetscenarier with AppTest: no lost work (drafts per body, across pages, bodies and a
reload), "Ændret – ikke gemt" with Fortryd, links to saved scenarios and comparisons, and
finished saving (note carried on, "… (kopi)", author remembered)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from core import drafts, scenario_repo, scenario_source
from core.store import Store
from ui import state
from ui.scenario_panels import Keys

from test_page_budgetscenarier import PAGE, metric, save, show, slider, widget

POOL = "Pulje til mindre initiativer"
CHANGED = "Ændret – ikke gemt"


def open_page(db, **params) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=120)
    for key, value in {"klynge": "hovedstaden-nord", **params}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def page(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    return open_page(fresh_db)


def banner(at) -> str:
    """The banner's text as shown (its Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", " ".join(w.value for w in at.warning if CHANGED in w.value))


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def saved_ids(db) -> list[str]:
    opened = Store(db)
    try:
        return scenario_repo.list_scenarios(opened, "hovedstaden-nord")["scenario_id"].tolist()
    finally:
        opened.close()


def test_opening_the_page_is_not_a_change(page):
    assert not banner(page)
    assert drafts.valid_id(page.query_params["udkast"][0] if isinstance(page.query_params["udkast"], list)
                           else page.query_params["udkast"])


def test_a_change_shows_the_banner_with_what_changed_and_fortryd_restores(page):
    slider(page, POOL).set_value(500_000).run()
    said = banner(page)
    assert "Puljen til mindre initiativer (H) er ændret fra 250.000 kr. til 500.000 kr." in said
    button(page, "Fortryd ændringer").click().run()
    assert not page.exception, page.exception
    assert not banner(page)
    assert slider(page, POOL).value == 250_000
    assert metric(page, "Pulje (H)") == "250.000 kr."


def test_work_survives_another_page(page):
    """The reported bug, with the pool slider: leave for Møder og beslutninger, come back."""
    slider(page, POOL).set_value(500_000).run()
    page.switch_page("pages/moeder.py").run()
    assert not page.exception, page.exception
    page.switch_page(PAGE).run()
    assert not page.exception, page.exception
    assert slider(page, POOL).value == 500_000
    assert metric(page, "Pulje (H)") == "500.000 kr."
    assert "500.000 kr." in banner(page)
    # and the controls work on from there
    slider(page, POOL).set_value(100_000).run()
    assert metric(page, "Pulje (H)") == "100.000 kr."


def test_each_body_keeps_its_own_draft(page):
    slider(page, POOL).set_value(500_000).run()
    page.session_state[state.SELECTED_KEY] = "nordjylland-vest"
    page.run()
    assert not page.exception, page.exception
    assert page.session_state[Keys.BASE_CLUSTER] == "nordjylland-vest"
    assert not banner(page)
    page.session_state[state.SELECTED_KEY] = "hovedstaden-nord"
    page.run()
    assert slider(page, POOL).value == 500_000
    assert metric(page, "Pulje (H)") == "500.000 kr."


def test_a_reload_or_second_tab_finds_the_draft(page, fresh_db):
    slider(page, POOL).set_value(500_000).run()
    draft_id = page.session_state[Keys.DRAFT_ID]
    other = open_page(fresh_db, udkast=draft_id)  # a new browser session with the same URL
    assert slider(other, POOL).value == 500_000
    assert metric(other, "Pulje (H)") == "500.000 kr."
    assert "500.000 kr." in banner(other)
    fresh = open_page(fresh_db)  # no draft id: the store's figures
    assert slider(fresh, POOL).value == 250_000


def test_saving_ends_the_change_and_the_note_carries_on(page, fresh_db):
    slider(page, POOL).set_value(500_000).run()
    button(page, "Gem").click().run()
    assert page.session_state[Keys.VIEW] == "gem"
    widget(page.text_input, ".save.name").set_value("Forslag A")
    widget(page.text_input, ".save.author").set_value("Mette")
    widget(page.text_area, ".save.note").set_value("Pulje hævet efter mødet")  # a form: sent with Gem
    next(b for b in page.button if b.label == "Gem").click().run()
    assert any("Gemt: «Forslag A», version 1" in s.value for s in page.success)
    assert not banner(page)
    show(page, "scenarie")
    assert not banner(page)
    slider(page, POOL).set_value(0).run()
    assert "fra 500.000 kr. til 0 kr." in banner(page)  # against the saved version now
    show(page, "gem")
    assert widget(page.text_area, ".save.note").value == "Pulje hævet efter mødet"
    assert widget(page.text_input, ".save.author").value == "Mette"  # remembered
    # A reload in this browser session remembers the author too (kept with the draft).
    other = open_page(fresh_db, udkast=page.session_state[Keys.DRAFT_ID])
    assert other.session_state[Keys.AUTHOR] == "Mette"
    assert "fra 500.000 kr. til 0 kr." in banner(other)


def test_duplicate_is_named_kopi(page, fresh_db):
    save(page, "Forslag A")
    show(page, "gemte")
    button(page, "Dupliker").click().run()
    assert not page.exception, page.exception
    opened = Store(fresh_db)
    try:
        names = set(scenario_repo.list_scenarios(opened, "hovedstaden-nord")["name"])
    finally:
        opened.close()
    assert names == {"Forslag A", "Forslag A (kopi)"}


def test_links_open_a_saved_version_and_a_comparison(fresh_db, monkeypatch, store):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    writer = Store(fresh_db)
    try:
        document = scenario_source.editable(store, "hovedstaden-nord")
        first, _ = scenario_repo.save(writer, {**document, "name": "Forslag A"}, author="Mette")
        changed = {**document, "name": "Forslag A", "settings": {**document["settings"], "pool_dkk": 0}}
        scenario_repo.save(writer, changed, author="Mette", scenario_id=first, base_version=1)
        second, _ = scenario_repo.save(writer, {**document, "name": "Forslag B"}, author="Jens")
        vest = scenario_source.editable(store, "nordjylland-vest")
        elsewhere, _ = scenario_repo.save(writer, {**vest, "name": "Vest"}, author="Jens")
    finally:
        writer.close()

    at = open_page(fresh_db, scenarie=first, version="1")
    assert any("«Forslag A», version 1" in i.value for i in at.info)
    assert metric(at, "Pulje (H)") == "250.000 kr." and not banner(at)
    at = open_page(fresh_db, scenarie=first)  # the current version
    assert any("«Forslag A», version 2" in i.value for i in at.info)
    assert metric(at, "Pulje (H)") == "0 kr."

    at = open_page(fresh_db, scenarie=first, visning="praesentation")  # a link for the room
    assert at.session_state[Keys.VIEW] == "praesentation"
    assert any(b.label == "Afslut præsentation" for b in at.button) and not at.segmented_control
    assert metric(at, "Pulje (H)") == "0 kr."  # version 2, the saved scenario's figures

    at = open_page(fresh_db, scenarie=elsewhere)  # another body's scenario: the page follows it
    assert at.session_state[state.SELECTED_KEY] == "nordjylland-vest"
    assert any("«Vest», version 1" in i.value for i in at.info)

    at = open_page(fresh_db, sammenlign=f"{first},{second}")
    assert at.session_state[Keys.VIEW] == "sammenlign"
    assert "Totaler" in [h.value for h in at.subheader]

    for params, words in (
        ({"scenarie": "findes-ikke"}, "«findes-ikke», som ikke findes"),
        ({"scenarie": first, "version": "7"}, "version 7 af scenariet"),
        ({"sammenlign": f"{first},nope"}, "«nope»"),
        ({"sammenlign": f"{first},{elsewhere}"}, "forskellige klynger"),
        ({"klynge": "nope"}, "«nope», som ikke findes"),
    ):
        at = open_page(fresh_db, **params)
        errors = re.sub(r"\\(.)", r"\1", " ".join(e.value for e in at.error))
        assert words in errors, (params, errors)
        assert not any("Åbnet:" in i.value for i in at.info)
