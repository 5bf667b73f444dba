"""The live views send their key figures before their controls (ui/scenario_controls.py):
the figures computed from the controls' values in session state must be the ones the drawn
controls describe, for every kind of control; and should they ever differ, the figures are
drawn again from the controls."""

from __future__ import annotations

import pytest
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.testing.v1 import AppTest

from helpers import open_page
from test_page_budgetscenarier_ui import STIME, metric, scale, toggle
from ui import page_budgetscenarier, scenario_controls
from ui.scenario_panels import Keys

PAGE = "pages/budgetscenarier.py"
POOL = "Pulje til mindre initiativer (H)"


@pytest.fixture
def nord(fresh_db, monkeypatch) -> AppTest:
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    return open_page(PAGE)


def redrawn(at: AppTest) -> int:
    return at.session_state[page_budgetscenarier.REDRAWN] if page_budgetscenarier.REDRAWN in at.session_state else 0


def widget(at: AppTest, kind: str, label_start: str):
    return next(w for w in getattr(at, kind) if w.label.startswith(label_start))


def test_the_reader_returns_each_widgets_value_or_its_default():
    reader = scenario_controls.StateReader({"a": 7, "b": None, "c": [1]})
    assert reader.number_input("x", key="a", value=1) == 7
    assert reader.number_input("x", key="b", value=1) is None  # an emptied input stays empty
    assert reader.number_input("x", key="missing", value=1) == 1
    assert reader.select_slider("x", options=[1, 2], key="missing", value=2) == 2
    assert reader.selectbox("x", [None, True, False], index=2, key="missing") is False
    assert reader.toggle("x", key="missing", value=True) is True
    assert reader.multiselect("x", [1, 2], key="c", default=[2]) == [1]
    with reader.container(border=True):
        assert reader.caption("drawn nowhere") is None


def test_every_rule_and_initiative_control_agrees_with_the_figures_sent_first(nord):
    widget(nord, "select_slider", POOL).set_value(500_000).run()
    assert metric(nord, "Pulje (H)") == "500.000 kr."
    widget(nord, "select_slider", "Regionens andel").set_value(30.0).run()
    assert any("30 %" in c.value for c in nord.caption)
    widget(nord, "select_slider", "Tolerance").set_value(20).run()
    widget(nord, "toggle", "Overfør uforbrugte midler").set_value(False).run()
    widget(nord, "selectbox", "Uforbrugte midler går til en regional pulje").set_value(True).run()
    widget(nord, "select_slider", "Målfordeling").set_value(30).run()
    widget(nord, "number_input", "Loft (D) for «Den ældre").set_value(1_000_000).run()
    toggle(nord, STIME).set_value(False).run()
    assert metric(nord, "Fordelt") == "0 kr."
    toggle(nord, STIME).set_value(True).run()
    scale(nord, STIME).set_value(50).run()
    assert metric(nord, "Fordelt") == "2.000.000 kr."
    assert not nord.exception, nord.exception
    assert redrawn(nord) == 0


def test_expected_funds_and_the_initiatives_table_agree_too(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    vest = open_page(PAGE, "nordjylland-vest")
    assert metric(vest, "Klyngemidler") == "ikke angivet"
    assert widget(vest, "number_input", "Forventet tildeling").value is None  # empty, not a 0
    assert widget(vest, "number_input", "Forventet tildeling").proto.placeholder == "ikke angivet"
    widget(vest, "number_input", "Forventet tildeling").set_value(2_000_000).run()
    assert metric(vest, "Klyngemidler") == "2.000.000 kr."
    vest.segmented_control(key=Keys.VIEW).set_value("initiativer").run()
    assert metric(vest, "Klyngemidler") == "2.000.000 kr."  # the same working document
    assert not vest.exception, vest.exception
    assert redrawn(vest) == 0


def test_no_net_chart_until_the_financing_is_set(fresh_db, monkeypatch):
    """Vest has decided no region share (A): an empty net chart with its axis at 0 would read
    as "nobody pays"; the page says why there is none, and draws it once the chair assumes one."""
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    vest = open_page(PAGE, "nordjylland-vest")
    charts = len(vest.get("vega_lite_chart"))
    assert any(c.value.startswith("Intet diagram over kommunernes netto") for c in vest.caption)
    widget(vest, "select_slider", "Regionens andel").set_value(50.0).run()
    assert not any(c.value.startswith("Intet diagram over kommunernes netto") for c in vest.caption)
    assert len(vest.get("vega_lite_chart")) == charts + 1
    assert not vest.exception, vest.exception


def test_figures_are_drawn_again_when_the_early_ones_were_wrong(nord, monkeypatch):
    """A reader that misses every move (as one that disagreed with a widget would): the
    page still ends showing what the controls say, and counts the redraw."""
    monkeypatch.setattr(scenario_controls.StateReader, "_value", lambda self, key, default: default)
    widget(nord, "select_slider", POOL).set_value(0).run()
    assert metric(nord, "Pulje (H)") == "0 kr."
    assert redrawn(nord) == 1
    assert len(nord.metric) == 5  # replaced, not drawn twice


def test_the_key_figures_are_sent_before_the_controls_and_the_charts_after(nord, monkeypatch):
    sent: list[str] = []

    def record(msg) -> None:
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            sent.append(msg.delta.new_element.WhichOneof("type"))

    monkeypatch.setattr(ForwardMsgQueue, "_before_enqueue_msg", staticmethod(record))
    widget(nord, "select_slider", POOL).set_value(100_000).run()
    assert "metric" in sent and "slider" in sent, sent
    # Figures, then the controls, then the charts (not in the figures' batch in the browser).
    assert sent.index("metric") < sent.index("slider") < sent.index("vega_lite_chart"), sent
    assert redrawn(nord) == 0


def test_a_move_sends_no_address_change(nord, monkeypatch):
    """?klynge, ?visning and ?udkast are set only when they change: each set is a message the
    browser handles on every run."""
    sent: list[str] = []
    monkeypatch.setattr(ForwardMsgQueue, "_before_enqueue_msg", staticmethod(lambda msg: sent.append(msg.WhichOneof("type"))))
    widget(nord, "select_slider", POOL).set_value(250_000).run()
    assert "delta" in sent and "page_info_changed" not in sent, sent
    nord.segmented_control(key=Keys.VIEW).set_value("initiativer").run()
    assert "page_info_changed" in sent  # a real change still reaches the address
    assert nord.query_params["visning"] in ("initiativer", ["initiativer"])


def test_the_startup_heap_is_frozen_after_the_first_run(nord):
    """The imported libraries sit outside the cyclic collector's reach (ui/shell.py)."""
    import gc

    assert gc.get_freeze_count() > 50_000


def test_the_table_says_ikke_angivet_where_no_cost_is_given(nord):
    """A line whose cost the sources do not give has no amount in its year cells, and the
    editor shows "ikke angivet" there, never 0; KIT's given 0 kr. stays 0."""
    nord.segmented_control(key=Keys.VIEW).set_value("initiativer").run()
    editor = next(d for d in nord.dataframe if "Med" in d.value.columns)
    assert editor.proto.placeholder == "ikke angivet"
    rows = editor.value.set_index("Initiativ")
    years = [column for column in rows.columns if column.isdigit()]
    unknown = [name for name in rows.index if name.startswith(("Tidlig opsporing", "Indsats til unge voksne"))]
    assert len(unknown) == 2 and rows.loc[unknown, years].isna().all().all()
    kit = next(name for name in rows.index if name.startswith("KIT"))
    assert rows.loc[kit, "2023"] == 0
    assert not any("årscellerne viser 0" in c.value for c in nord.caption)



def test_midt_allocates_an_amount_not_given(fresh_db, monkeypatch):
    """Hovedstaden-Midt's included initiative (kateterpleje) has no cost in the sources: the
    page says "ikke angivet", not "0 kr.", and names the initiative in the figure's help."""
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    midt = open_page(PAGE, "hovedstaden-midt")
    allocated = next(m for m in midt.metric if m.label == "Fordelt")
    assert allocated.value == "ikke angivet"
    assert "«Indsats vedr. kateterpleje»" in allocated.help


def test_midt_names_rodovre_as_left_out_of_the_split(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    midt = open_page(PAGE, "hovedstaden-midt")
    assert any("Ikke med i fordelingen, da folketallet ikke er angivet: Rødovre" in c.value.replace("\\", "")
               for c in midt.caption)
    assert not any("Ikke med i fordelingen" in c.value for c in open_page(PAGE).caption)  # Nord: all eight in


def test_long_focus_area_names_get_rows_tall_enough(fresh_db, monkeypatch):
    """Midt's 88-character area name wraps to five lines; in 64 px rows it ran into the next."""
    import json

    from ui.scenario_view import focus_row_px

    assert focus_row_px(["kort"]) == 64
    assert focus_row_px(["1\n2\n3\n4"]) == 84
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    midt = open_page(PAGE, "hovedstaden-midt")
    widget(midt, "number_input", "Loft (D)").set_value(1_000_000).run()  # something to draw
    specs = [json.loads(chart.proto.spec) for chart in midt.get("vega_lite_chart")]
    focus = next(spec for spec in specs if spec.get("title") == "Fordelt pr. fokusområde")
    assert focus["height"] == {"step": 102}  # five lines of 18 px, and room between rows


def test_the_focus_chart_draws_and_names_only_what_there_is(fresh_db, monkeypatch):
    """Midt allocates only a cost nobody gave and decided no target or cap: an empty chart at
    0 kr. with a legend of Fordelt, Mål and Loft read as "nothing allocated"; the page says why
    there is no chart. A cap the chair sets is drawn, and the legend names only it."""
    import json

    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    midt = open_page(PAGE, "hovedstaden-midt")

    def focus_spec():
        specs = [json.loads(chart.proto.spec) for chart in midt.get("vega_lite_chart")]
        return next((spec for spec in specs if spec.get("title") == "Fordelt pr. fokusområde"), None)

    assert focus_spec() is None
    assert any(c.value == "Intet diagram over fokusområderne: udgifterne til de initiativer, der er med, er ikke "
               "angivet, og der er intet loft at vise." for c in midt.caption)
    widget(midt, "number_input", "Loft (D)").set_value(1_000_000).run()
    domains = {json.dumps(layer["encoding"]["color"]["scale"]["domain"]) for layer in focus_spec()["layer"]}
    assert domains == {json.dumps(["Loft"])}
    assert not midt.exception


def test_midt_with_an_assumed_region_share_pays_at_least_not_0_kr(fresh_db, monkeypatch):
    """The chair assumes a region share for Midt: kateterpleje is with at a cost nobody gave,
    so the municipalities' contributions are not "0 kr." and the table says what the nets leave
    out; the focus-area check says the target cannot be checked rather than "intet fordelt"."""
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    midt = open_page(PAGE, "hovedstaden-midt")
    widget(midt, "select_slider", "Regionens andel").set_value(50.0).run()
    assert not midt.exception
    table = next(t.value for t in midt.dataframe if "Bidrag" in t.value.columns)
    assert set(table["Bidrag"]) == {"ikke angivet"} and "0 kr." not in set(table["Bidrag"])
    captions = " ".join(c.value.replace("\\", "") for c in midt.caption)
    assert "Med uden angivet beløb: «Indsats vedr. kateterpleje»" in captions
    assert "udgifterne er ikke angivet" in captions  # the focus-area caption, not "intet fordelt"
