"""Speed settings that are easy to lose: Streamlit's post-run full garbage collection is
off for every way the app is started, the YAML build uses libyaml's loader, and a fresh
server's first page sends its key figures first (no pandas on that path; the sidebar's
controls after the page, drawn even when the page fails)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from core import curated

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_post_script_gc_is_off_from_the_project_root():
    """`make run`, tests/browser/server.py and AppTest all start Streamlit in the project
    root, where .streamlit/config.toml is read; Python's own collector stays on."""
    code = ("import gc, json; from streamlit import config; "
            "print(json.dumps([config.get_option('runner.postScriptGC'), gc.isenabled()]))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=60)
    assert json.loads(run.stdout.strip().splitlines()[-1]) == [False, True]


def test_browser_server_starts_in_the_project_root():
    from tests.browser import server

    assert server.ROOT == ROOT
    assert (ROOT / ".streamlit" / "config.toml").is_file()


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")
def test_yaml_build_uses_the_c_loader_and_reads_the_same():
    assert curated.safe_loader() is yaml.CSafeLoader
    files = sorted((ROOT / "data").glob("*/*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=curated.safe_loader()) == yaml.load(text, Loader=yaml.SafeLoader), path


def test_pages_draw_altair_charts_only_through_the_cached_helper():
    """st.altair_chart rebuilds and validates the spec on every render; ui/charts.show
    builds it once per process (Budgetscenarier keeps its own cached specs)."""
    offenders = [
        path.name for path in sorted((ROOT / "ui").glob("*.py"))
        if "altair_chart(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_chart_spec_is_built_once_and_holds_no_data():
    from ui import charts, page_fokusomraader, page_indikatorer

    first = charts.spec(page_indikatorer.range_chart, "pct.")
    assert charts.spec(page_indikatorer.range_chart, "pct.") is first
    assert charts.spec(page_indikatorer.range_chart, "antal") is not first
    assert "datasets" not in first and "data" not in first
    assert first["config"]["axis"]["labelFontSize"] == charts.FONT_SIZE
    assert "Mio. kr." in json.dumps(charts.spec(page_fokusomraader.budget_chart))


def test_scenario_charts_send_only_the_page_data(fresh_db, monkeypatch):
    """The Scenarie view's two charts carried Altair's one-row placeholder dataset: on every
    slider move Streamlit turned it into a pandas frame and Arrow, and sent it along."""
    from helpers import open_page

    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    page = open_page("pages/budgetscenarier.py", "hovedstaden-nord")
    charts = page.get("vega_lite_chart")
    assert len(charts) == 2
    for chart in charts:
        assert not chart.proto.datasets and chart.proto.data.data
        assert "empty" not in chart.proto.spec and "datasets" not in json.loads(chart.proto.spec)


def test_pages_do_not_import_what_only_a_build_or_an_export_needs():
    """Heavy imports a page does not use at once are made on first use (python -X importtime):
    Altair when the first chart spec is built, so a fresh server draws the page's first
    elements before it; YAML only in a build; babel at the first date."""
    code = ("import sys; import ui.shell, ui.page_overblik, ui.page_indikatorer, ui.page_moeder, "
            "ui.page_idekatalog, ui.page_fokusomraader, ui.page_datagrundlag; "
            "print(sorted(m for m in ('altair', 'yaml', 'babel.dates') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=120)
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_overblik_key_figures_are_read_without_pandas(db_path):
    """On a fresh server Overblik's key figures go to the browser before pandas (~0,5 s to
    import) is loaded: the shell, the body list, the profile and the figures read DuckDB
    records (core.deferred). A top-level `import pandas` anywhere on that path fails this."""
    code = (
        "import sys; import ui.shell, ui.page_overblik; "
        "from core import overview, queries, store; "
        "opened = store.open_store(); "
        "bodies = queries.cluster_records(opened); "
        "profile = overview.cluster_profile(opened, 'sundhedsraad-nordsjaelland'); "
        "figures = overview.key_figures(opened, 'hovedstaden-nord'); "
        "print('pandas' in sys.modules, len(bodies), profile['predecessors'], figures['funds_dkk'], "
        "overview.population_figure(figures)[0])"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         timeout=120, env={**os.environ, "KLYNGEBLIK_DB": str(db_path)})
    assert run.stdout.strip().splitlines()[-1] == (
        "False 26 ['Sundhedsklynge Nord (Region Hovedstaden)'] 8805192 329.895")


def test_overblik_sends_its_key_figures_before_the_title_and_the_sidebar(db_path, monkeypatch):
    """On a fresh server the browser loads each element kind's code as that kind first
    arrives, one kind after the other, so what is sent first shows first: Overblik's key
    figures go before its title and before the sidebar's cluster selector and search box,
    which the shell draws after the page (docs/performance.md, "Twelfth pass")."""
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import local_script_runner

    sent: list[str] = []
    parse = local_script_runner.parse_tree_from_messages

    def recording(messages):
        sent[:] = [m.delta.new_element.WhichOneof("type") for m in messages
                   if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element"]
        return parse(messages)

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", recording)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.sidebar.selectbox[0].label == "Klynge eller sundhedsråd"
    assert sent.index("metric") < sent.index("heading") < sent.index("selectbox") < sent.index("text_input")


def test_sidebar_controls_are_drawn_when_the_page_fails(db_path, monkeypatch):
    """The shell draws the sidebar's controls after the page; a page that raises still gets
    them (the chair can switch body), and its error is still shown."""
    from streamlit.testing.v1 import AppTest

    from ui import page_overblik

    def broken() -> None:
        raise RuntimeError("siden fejlede")

    monkeypatch.setattr(page_overblik, "render", broken)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert "siden fejlede" in at.exception[0].message
    assert at.sidebar.selectbox[0].label == "Klynge eller sundhedsråd"
    assert at.sidebar.text_input[0].label == "Søg i alt"
