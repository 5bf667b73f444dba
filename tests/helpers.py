"""Shared test helpers: the issue's example scenario and opening a page with AppTest.

(pytest puts tests/ on sys.path, so test modules import this as `helpers`.)"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

# The example from the issue, verbatim.
ISSUE_EXAMPLE = {
    "format": "klyngeblik-scenario/1",
    "name": "Forslag A",
    "cluster_id": "hovedstaden-nord",
    "funds": [{"year": 2023, "party": "kommuner", "amount_dkk": 2221991}],
    "settings": {"carry_over": True, "pool_dkk": 250000, "region_share": 0.5, "balance_tolerance": 0.10},
    "municipalities": [{"name": "Allerød", "population": 26000}],
    "focus_areas": [{"id": "mental", "name": "…", "target_share": 0.5}],
    "lines": [
        {
            "id": "stime",
            "name": "STIME",
            "focus_area": "mental",
            "cost_type": "udvikling",
            "costs": [{"year": 2023, "amount_dkk": 4000000}],
            "scale": 1.0,
            "included": True,
            "recipients": [{"municipality": "Allerød", "amount_dkk": 500000}],
        }
    ],
}


def open_page(page: str, cluster_id: str = "hovedstaden-nord", **params: str) -> AppTest:
    """Run app.py for a cluster (as a link with ?klynge=… would), then switch to `page`
    with extra query parameters; fails on an exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["klynge"] = cluster_id
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def compare_saved(at: AppTest, db: Path, cluster_id: str) -> None:
    """Pick every scenario `cluster_id` has saved in the store `db` in Budgetscenarier's
    Sammenlign view (already shown), as a user would; fails on an exception."""
    from core import scenario_repo
    from core.store import Store

    opened = Store(db)
    try:
        ids = scenario_repo.list_scenarios(opened, cluster_id).sort_values("name")["scenario_id"].tolist()
    finally:
        opened.close()
    at.multiselect(key="scn.compare").set_value(ids).run()
    assert not at.exception, at.exception


def texts(at: AppTest) -> str:
    """Everything shown as Markdown/caption, with Markdown escapes removed."""
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(shown).replace("\\", "")
