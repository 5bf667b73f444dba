"""The scenario page follows each body's own decided rules (AppTest): a body without rules gets
none assumed and is told which are missing; a rule the chair sets is marked «antaget»;
Hovedstaden-Nord's decided cap is 4.400.000 kr. on the mental-health area only."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.scenario_panels import Keys

PAGE = "pages/budgetscenarier.py"


def _open(cluster_id: str, fresh_db, monkeypatch) -> AppTest:
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["klynge"] = cluster_id
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [s.value for s in at.success] + [w.value for w in at.warning] + [e.value for e in at.error]
    return "\n".join(parts).replace("\\", "")


@pytest.fixture
def vest(fresh_db, monkeypatch) -> AppTest:
    return _open("nordjylland-vest", fresh_db, monkeypatch)


def test_a_body_without_rules_gets_none_and_is_told_what_is_missing(vest):
    working = vest.session_state[Keys.WORKING]["settings"]
    assert all(working.get(key) is None for key in ("region_share", "pool_dkk", "carry_over", "balance_tolerance"))
    missing = next(i.value for i in vest.info if i.value.startswith("Klyngen har ikke besluttet:"))
    for rule in ("Regionens andel af finansieringen (A)", "Pulje til mindre initiativer (H)",
                 "Overførsel af uforbrugte midler til næste år (G)"):
        assert rule in missing
    text = _shown(vest)
    assert "overholder principperne" not in text
    assert "Princip B · ikke muligt" in text and "Scenariet har ingen midler angivet" in text
    # No funds in the sources: the money is "ikke angivet", never 0 kr. (nor a negative rest)
    figures = {m.label: m.value for m in vest.metric}
    assert figures["Klyngemidler"] == figures["Disponibelt"] == figures["Rest"] == "ikke angivet"
    assert "Princip A · ikke besluttet" in text
    assert "Finansiering (A): ikke besluttet" in text
    assert next(m.value for m in vest.metric if m.label == "Pulje (H)") == "ikke besluttet"  # none set aside


def test_expected_funds_the_chair_enters_give_the_money_a_figure(vest):
    next(n for n in vest.number_input if n.label.startswith("Forventet tildeling 2024")).set_value(2_000_000).run()
    assert not vest.exception, vest.exception
    figures = {m.label: m.value for m in vest.metric}
    assert figures["Klyngemidler"] == figures["Disponibelt"] == "2.000.000 kr."
    assert figures["Rest"] == "880.000 kr."  # 2.000.000 − 1.120.000 allocated
    # The figure says the money is only expected: on the projector the control is not shown.
    funds = next(m for m in vest.metric if m.label == "Klyngemidler")
    assert funds.delta == "heraf 2.000.000 kr. forventet, ikke besluttet"
    assert all(not m.delta for m in vest.metric if m.label != "Klyngemidler")
    vest.segmented_control(key=Keys.VIEW).set_value("praesentation").run()
    assert next(m for m in vest.metric if m.label == "Klyngemidler").delta == funds.delta
    assert "Scenariet har ingen midler angivet" not in _shown(vest)


def test_a_rule_the_chair_sets_is_marked_assumed(vest):
    next(s for s in vest.select_slider if s.label.startswith("Regionens andel")).set_value(50.0).run()
    assert not vest.exception, vest.exception
    working = vest.session_state[Keys.WORKING]["settings"]
    assert working["region_share"] == 0.5 and working["assumed"] == ["region_share"]
    text = _shown(vest)
    assert "antaget (ikke besluttet af klyngen)" in text
    assert "Regionens andel af finansieringen (A): 50 % (antaget)" in text
    assert "Finansiering (A, antaget): regionen betaler 560.000 kr." in text
    vest.segmented_control(key=Keys.VIEW).set_value("praesentation").run()
    assert not vest.exception, vest.exception
    assert "Regionens andel af finansieringen (A): 50 % (antaget)" in _shown(vest)


def test_hovedstaden_nord_cap_is_the_decided_amount_on_mental_health_only(fresh_db, monkeypatch):
    at = _open("hovedstaden-nord", fresh_db, monkeypatch)
    caps = {n.label: n.value for n in at.number_input if n.label.startswith("Loft")}
    assert caps == {
        "Loft (D) for «Den ældre medicinske patient» (kr.)": None,
        # The input shows "4400000"; the label says it in Danish digits for the projector.
        "Loft (D) for «Børn og unges mentale mistrivsel samt psykiske udfordringer hos \\(unge\\) voksne»: 4.400.000 kr.":
            4_400_000,
    }
    text = _shown(at)
    assert "4.402.596" not in text
    assert "inden for loftet på 4.400.000 kr." in text
    assert "Der er ikke besluttet et loft for «Den ældre medicinske patient»" in text
    areas = {a["id"]: a.get("cap_dkk") for a in at.session_state[Keys.WORKING]["focus_areas"]}
    assert areas == {"mental": 4_400_000, "aeldre": None}
    # A cap the chair types is named in Danish digits at once, and the new label does not
    # reset the input (it is keyed).
    next(n for n in at.number_input if "Den ældre" in n.label).set_value(1_500_000).run()
    at.run()
    elderly = next(n for n in at.number_input if "Den ældre" in n.label)
    assert elderly.label == "Loft (D) for «Den ældre medicinske patient»: 1.500.000 kr." and elderly.value == 1_500_000


def test_a_council_is_called_radet_not_klyngen(fresh_db, monkeypatch):
    """Sundhedsråd Fyn decided nothing yet: the page names what the *council* has not
    decided; it said "Klyngen har ikke besluttet" and "ikke besluttet af klyngen" of a council."""
    fyn = _open("sundhedsraad-fyn", fresh_db, monkeypatch)
    assert any(i.value.startswith("Rådet har ikke besluttet:") for i in fyn.info)
    assert any(i.value.startswith("Kilderne nævner ingen besluttede midler for rådet.") for i in fyn.info)
    next(s for s in fyn.select_slider if s.label.startswith("Regionens andel")).set_value(50.0).run()
    text = _shown(fyn)
    assert "antaget (ikke besluttet af rådet)" in text and "rådets egne principper" in text
    assert "klyngen" not in text and "klyngemidl" not in text.lower()
    # Its money is the council's, not cluster money ("Klyngemidler" headed Fyn's figures, and
    # rule E's control said "Klyngemidlerne må ikke betale drift").
    assert [m.label for m in fyn.metric][0] == "Rådets midler"
    labels = [w.label for kind in (fyn.select_slider, fyn.toggle, fyn.selectbox, fyn.number_input) for w in kind]
    labels += [m.label for m in fyn.metric] + [m.proto.help for m in fyn.metric]
    assert labels and not [label for label in labels if "klynge" in label.lower()]
    vest = _open("nordjylland-vest", fresh_db, monkeypatch)
    assert "klyngens egne principper" in _shown(vest)


def test_a_pool_the_chair_sets_says_so_under_its_figure(fresh_db, monkeypatch):
    """The pool (H) is one of the five figures the room reads. Set by the chair, it showed
    "50.000 kr." like a decided pool; only the small rules line said "(antaget)"."""
    vest = _open("nordjylland-vest", fresh_db, monkeypatch)
    pool = next(m for m in vest.metric if m.label == "Pulje (H)")
    assert pool.value == "ikke besluttet" and not pool.delta
    next(s for s in vest.select_slider if s.label.startswith("Pulje til mindre")).set_value(50_000).run()
    pool = next(m for m in vest.metric if m.label == "Pulje (H)")
    assert (pool.value, pool.delta) == ("50.000 kr.", "antaget")
    nord = _open("hovedstaden-nord", fresh_db, monkeypatch)  # decided 250.000 kr.: nothing assumed
    assert not next(m for m in nord.metric if m.label == "Pulje (H)").delta


def test_a_council_is_asked_for_money_from_the_year_it_takes_over(fresh_db, monkeypatch):
    """The councils take over on 1 January 2027 (../shared/docs/councils.md); in 2026 the page
    asked Sundhedsråd Fyn for "Forventet tildeling 2026", money no council has. The add-an-
    initiative form asks for the same years."""
    from core import clock

    first = max(clock.today().year, 2027)
    fyn = _open("sundhedsraad-fyn", fresh_db, monkeypatch)
    asked = [n.label for n in fyn.number_input if n.label.startswith("Forventet tildeling")]
    assert asked == [f"Forventet tildeling {year} (kr., ikke besluttet)" for year in (first, first + 1)]
    fyn.button_group[0].set_value("tilfoej").run()
    assert [n.label for n in fyn.number_input] == [f"Udgift {year} (kr.)" for year in (first, first + 1)]



def test_a_dissolved_cluster_without_money_is_not_asked_for_years_after_it_ended(fresh_db, monkeypatch):
    """Nordjylland-Midt was dissolved at the end of 2025 and the sources give it no money: the
    page asked for "Forventet tildeling 2026" and 2027, years the cluster never had. It now
    says so and points to where decided funds are registered; the check (B) no longer tells
    the chair to enter expected money, and an initiative can still be added, without amounts."""
    midt = _open("nordjylland-midt", fresh_db, monkeypatch)
    assert not [n for n in midt.number_input if n.label.startswith("Forventet tildeling")]
    assert any(i.value.startswith("Kilderne nævner ingen midler for klyngen, og den blev nedlagt 31. december 2025")
               for i in midt.info)
    assert "Angiv den forventede tildeling" not in _shown(midt)
    midt.button_group[0].set_value("tilfoej").run()
    assert not [n for n in midt.number_input if n.label.startswith("Udgift")]
    assert any("intet år at angive udgifter for" in c.value for c in midt.caption)
    next(t for t in midt.text_input if t.label == "Navn").set_value("Fælles temadag")
    next(b for b in midt.button if b.label == "Tilføj").click().run()
    assert not midt.exception and not midt.error
