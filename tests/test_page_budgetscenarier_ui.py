"""Budgetscenarier with AppTest: the initiative sliders, safe text from data, the view bar."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import scenario_repo, scenario_source
from core.store import Store
from helpers import compare_saved, open_page
from ui import text
from ui.initiative_sliders import MAX_SLIDERS
from ui.scenario_panels import Keys

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import national_scenario  # noqa: E402

PAGE = "pages/budgetscenarier.py"
STIME = "STIME (Styrket tværsektoriel indsats for børn og unges mentale sundhed)"
KIT = "KIT (Koordineret indsats på tværs af sektorer)"
# Every kind of Markdown a name could smuggle in: image, link, heading, LaTeX, colour, HTML.
PAYLOAD = "![x](http://127.0.0.1:9/x.png) [klik](http://127.0.0.1:9/) # Overskrift $x^2$ :red[rød] <b>fed</b>"
# A Markdown-special character that no backslash escapes.
UNESCAPED = re.compile(r"(?<!\\)[!\[\]()#$<>:*_`]")


@pytest.fixture
def page(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    return open_page(PAGE)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def plain(label: str) -> str:
    return label.replace("\\", "").replace(text.WORD_JOINER, "")


def toggle(at, name: str):
    return next(t for t in at.toggle if plain(t.label) == name)


def scale(at, name: str):
    return next(s for s in at.select_slider if plain(s.label) == f"Skala for {name}")


def test_each_initiative_has_a_toggle_and_a_slider_grouped_by_focus_area(page):
    assert toggle(page, STIME).value is True and toggle(page, KIT).value is True
    assert scale(page, STIME).value == 100
    assert "50 % · 2.000.000 kr." in scale(page, STIME).options  # the slider shows kroner
    # KIT's cost is given as 0 kr. ("der tildeles ikke klyngemidler", seed 000, punkt 3);
    # the proposals' costs are not given at all.
    assert "100 % · 0 kr." in scale(page, KIT).options
    assert "100 % · beløb ikke angivet" in scale(page, "Tidlig opsporing af børn og unge med tegn på mistrivsel "
                                                       "(henvisning fra almen praksis til PPR)").options
    areas = [plain(m.value) for m in page.markdown]
    assert "**Børn og unges mentale mistrivsel samt psykiske udfordringer hos (unge) voksne**" in areas


def test_moving_an_initiative_slider_moves_the_totals(page):
    scale(page, STIME).set_value(50).run()
    assert metric(page, "Fordelt") == "2.000.000 kr."
    assert metric(page, "Rest") == "6.555.192 kr."
    scale(page, STIME).set_value(150).run()
    assert metric(page, "Fordelt") == "6.000.000 kr."


def test_toggling_an_initiative_off_excludes_it(page):
    toggle(page, STIME).set_value(False).run()
    assert metric(page, "Fordelt") == "0 kr."
    assert any("1 af 4 initiativer er med" in c.value for c in page.caption)
    # The Initiativer table sees the same working document.
    page.segmented_control(key=Keys.VIEW).set_value("initiativer").run()
    assert metric(page, "Fordelt") == "0 kr."
    page.segmented_control(key=Keys.VIEW).set_value("scenarie").run()
    assert toggle(page, STIME).value is False


def test_more_than_fifteen_initiatives_the_chair_picks_which(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["klynge"] = "hovedstaden-nord"
    at.run()
    at.session_state[Keys.BASE] = national_scenario()
    at.session_state[Keys.BASE_CLUSTER] = "hovedstaden-nord"
    at.session_state[Keys.REV] = 1
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    shown = next(m for m in at.multiselect if m.label.startswith("Vis skydere for"))
    assert len(shown.value) == MAX_SLIDERS
    assert len([s for s in at.select_slider if s.label.startswith("Skala for")]) == MAX_SLIDERS
    shown.set_value([0, 1]).run()
    assert len([s for s in at.select_slider if s.label.startswith("Skala for")]) == 2


def test_clicking_the_active_view_keeps_it(page):
    bar = page.segmented_control(key=Keys.VIEW)
    assert bar.proto.required  # the browser cannot unselect the active view
    bar.set_value("initiativer").run()
    assert page.segmented_control(key=Keys.VIEW).value == "initiativer"
    assert page.query_params["visning"] == ["initiativer"] or page.query_params["visning"] == "initiativer"


def test_inline_escapes_every_markdown_start():
    shown = text.inline(PAYLOAD + "\n## Nej\n\\ slut")
    assert not UNESCAPED.search(shown), shown
    assert "\n" not in shown
    assert plain(shown) == (PAYLOAD + " ## Nej  slut").replace("\\", "")
    assert text.inline("a" * 400).endswith("…") and len(text.inline("a" * 400)) == text.MAX_INLINE


def saved_with_payload(db: Path) -> str:
    store = Store(db)
    try:
        document = scenario_source.editable(store, "hovedstaden-nord")
        document = {**document, "name": PAYLOAD}
        document["lines"] = [{**line, "name": f"{PAYLOAD} {i}"} for i, line in enumerate(document["lines"])]
        document["focus_areas"] = [{**a, "name": f"{PAYLOAD} område {i}"} for i, a in enumerate(document["focus_areas"])]
        scenario_id, _ = scenario_repo.save(store, document, author="# Mette ![y](http://127.0.0.1:9/y.png)")
        second = {**document, "name": PAYLOAD + " B", "settings": {**document["settings"], "pool_dkk": 0}}
        scenario_repo.save(store, second, author="Jens")
        return scenario_id
    finally:
        store.close()


def every_markdown_text(at) -> list[str]:
    """What Streamlit renders as Markdown: labels, boxes, captions, headings, table cells."""
    found = [e.value for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader",
                                  "title", "header") for e in getattr(at, kind)]
    found += [w.label for kind in ("toggle", "select_slider", "button", "checkbox", "expander", "metric")
              for w in getattr(at, kind)]
    for table in at.table:
        frame = table.value
        found += [str(c) for c in frame.columns] + [str(i) for i in frame.index]
        found += [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return found


def test_names_with_markdown_payloads_show_as_plain_text(page, fresh_db):
    scenario_id = saved_with_payload(fresh_db)
    page.segmented_control(key=Keys.VIEW).set_value("gemte").run()
    # The list is newest first: the second save is first unless both fell in one clock tick.
    page.selectbox(key="scn.saved.choice").set_value(scenario_id).run()
    next(b for b in page.button if b.label == "Åbn").click()
    page.run()
    assert not page.exception, page.exception
    shown = every_markdown_text(page)
    with_payload = [t for t in shown if "Overskrift" in t or "127" in t]
    assert len(with_payload) >= 6, with_payload  # opened info, toggles, sliders, focus-area headings, targets
    for value in with_payload:
        assert "](" not in value.replace("\\](", "")
        assert "![" not in value.replace("\\!\\[", "")
    assert any(plain(t.label) == f"{PAYLOAD} 1" for t in page.toggle)
    opened = next(i.value for i in page.info if "Åbnet" in i.value)
    assert plain(opened) == plain(f"Åbnet: «{PAYLOAD}», version 1 (gemt af # Mette ![y](http://127.0.0.1:9/y.png)).")

    page.segmented_control(key=Keys.VIEW).set_value("sammenlign").run()
    compare_saved(page, fresh_db, "hovedstaden-nord")
    cells = every_markdown_text(page)
    assert any("Overskrift" in c for c in cells if c in [str(x) for t in page.table for x in t.value.columns])
    for value in cells:
        if "Overskrift" in value:
            assert "](" not in value.replace("\\](", ""), value
