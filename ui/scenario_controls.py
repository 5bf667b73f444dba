"""The live Scenarie view's controls: money and rules, targets and caps, and (through
ui.initiative_sliders) the initiatives; each returns the working document it describes.

Every control function draws through `widgets`, which is either the `streamlit` module or a
`StateReader`. The reader draws nothing and returns what each widget will return on this
run: its value in session state (where the browser's move already is when a rerun starts),
else the default the widget is given. The live view uses it to compute and send the key
figures *before* the ~30 controls are drawn: the browser shows each message as it arrives,
so the figure the chair watches no longer waits behind every slider's message
(docs/performance.md, "Fourth pass"). One set of functions serves both passes, so the two
cannot disagree about a default or a conversion; the view still checks that they agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import nullcontext
from functools import lru_cache
from typing import Any

import streamlit as st

from core import formatting, scenario, scenario_edit
from core.formatting import NOT_GIVEN, dkk, pct
from ui import initiative_sliders, scenario_panels, state
from ui.text import escape, inline

NOT_DECIDED_TEXT = "ikke besluttet"


def _body(widgets) -> str:
    """The body in a sentence ("klyngen"/"rådet", set by the page for the body on screen);
    only the drawing pass needs it."""
    return st.session_state.get(scenario_panels.Keys.BODY_NOUN, "klyngen") if widgets is st else "klyngen"


class StateReader:
    """Stands in for `streamlit` in the control functions: each widget call returns the
    widget's value in `state` (its key's entry) or, before it was first drawn, its default;
    every other element is skipped. Only the calls the control functions make exist here."""

    def __init__(self, state: Mapping[str, Any]):
        self._state = state

    def _value(self, key: str, default):
        try:  # one lookup: a membership test on session state costs a second one
            return self._state[key]
        except KeyError:
            return default

    def number_input(self, label, *, key: str, value=None, **_):
        return self._value(key, value)

    def select_slider(self, label, options, *, key: str, value=None, **_):
        return self._value(key, value)

    def toggle(self, label, *, key: str, value: bool = False, **_):
        return self._value(key, value)

    def selectbox(self, label, options, index: int = 0, *, key: str, **_):
        return self._value(key, list(options)[index])

    def multiselect(self, label, options, *, key: str, default=None, **_):
        return self._value(key, default)

    def container(self, *_, **__):
        return nullcontext()

    def _skip(self, *_, **__) -> None:
        return None

    subheader = caption = info = markdown = _skip


def live_controls(base: dict, rev: int, widgets=st) -> dict:
    """The live view's controls (money and rules, then the initiatives), each card a
    bordered container; the working document they describe."""
    k = f"{scenario_panels.Keys.PREFIX}{rev}."
    with widgets.container(border=True):
        working = rules_controls(base, k, widgets)
    with widgets.container(border=True):
        return initiative_sliders.initiative_controls(working, k, widgets)


def rules_controls(base: dict, k: str, widgets=st) -> dict:
    """Expected funds, the rules, targets and caps; the document with what they say."""
    widgets.subheader("Midler og regler")
    if all(fund.get("expected") for fund in base["funds"]) and widgets is st:
        widgets.info(_no_funds_sentence(base))
    doc = scenario_edit.with_expected_funds(base, expected_funds(base, k, widgets))
    doc = scenario_edit.with_rules(doc, rule_values(base, k, widgets))
    doc = scenario_edit.with_targets(doc, target_controls(base, k, widgets))
    return scenario_edit.with_caps(doc, cap_controls(base, k, widgets))


def _no_funds_sentence(base: dict) -> str:
    """Why the money is missing and what to do: enter the expected funds, or, for a body
    that has ended with no year of its own (a dissolved cluster), register what was decided."""
    body = _body(st)
    ended = None if scenario_edit.years_of(base) else state.ended_on(base["cluster_id"])
    if ended is not None:
        return (f"Kilderne nævner ingen midler for {body}, og den blev nedlagt {formatting.date(ended)}, så der er "
                "intet år at planlægge for. Kendes de tildelte midler, kan de registreres under «Data og regler».")
    return f"Kilderne nævner ingen besluttede midler for {body}. Angiv den forventede tildeling."


def expected_funds(base: dict, k: str, widgets=st) -> dict[int, int]:
    """The chair's expected (not decided) funds for each planning year the sources give none."""
    expected, already = {}, scenario_edit.expected_funds(base)
    # The body's start is read only for a document with no years of its own (not on every
    # move). An ended body (a dissolved cluster) has none to plan: no inputs.
    first = None if scenario_edit.years_of(base) else state.planning_start(base["cluster_id"])
    for year in scenario_edit.years_without_funds(base, first):
        # Empty ("ikke angivet") until the chair types an amount: a 0 in the box beside
        # "Klyngemidler: ikke angivet" said two things at once.
        expected[year] = widgets.number_input(
            f"Forventet tildeling {year} (kr., ikke besluttet)", min_value=0, step=100_000,
            value=already.get(year), placeholder=NOT_GIVEN,
            key=f"{k}expected.{year}",
            help="Midler, der forventes men ikke er besluttet. Fordeles mellem kommuner og region "
            "som i det seneste år med midler.",
        ) or 0
        if expected[year]:
            widgets.caption(f"{year}: {dkk(expected[year])} forventet")
    return expected


def rule_values(base: dict, k: str, widgets=st) -> dict:
    """One control per rule setting. A rule the body has not decided starts as «ikke
    besluttet» and is named above the controls; whatever the chair sets instead (or changes
    from what was decided) is the scenario's assumption and marked «antaget»."""
    settings = base["settings"]
    missing = scenario_edit.missing_settings(base)
    if missing:
        widgets.info(
            f"{_body(widgets).capitalize()} har ikke besluttet: " + ", ".join(missing) + ". Der regnes ikke med nogen værdi for dem. "
            "Du kan sætte en værdi nedenfor; den bliver scenariets antagelse og markeres «antaget»."
        )
    return {
        "carry_over": choice_rule(
            widgets, settings, "carry_over", "Overfør uforbrugte midler til næste år (G)", f"{k}carry"),
        "unused_to_regional_pool": choice_rule(
            widgets, settings, "unused_to_regional_pool", "Uforbrugte midler går til en regional pulje (G)",
            f"{k}regionalpool"),
        "pool_dkk": slider_rule(
            widgets, settings, "pool_dkk", "Pulje til mindre initiativer (H)", f"{k}pool",
            pool_options(settings["pool_dkk"]), dkk, to_value=int),
        "region_share": slider_rule(
            widgets, settings, "region_share", "Regionens andel af finansieringen (A)", f"{k}region",
            percent_options(settings["region_share"]), _percent_label,
            to_value=lambda v: v / 100, from_value=lambda v: round(v * 100, 1)),
        "balance_tolerance": slider_rule(
            widgets, settings, "balance_tolerance", "Tolerance for fordeling mellem fokusområder (D)",
            f"{k}tolerance", list(range(31)), _tolerance_label, to_value=lambda v: v / 100,
            from_value=lambda v: round(v * 100)),
        "no_running_costs": choice_rule(
            widgets, settings, "no_running_costs", "Midlerne må ikke betale drift (E)", f"{k}nodrift"),
    }


def pool_options(current: int | None) -> list[int]:
    return sorted(set(range(0, 1_000_001, 50_000)) | ({int(current)} if current is not None else set()))


def percent_options(current_share: float | None) -> list[float]:
    current = set() if current_share is None else {round(current_share * 100, 1)}
    return sorted({float(v) for v in range(0, 101, 5)} | current)


# Streamlit calls a slider's format_func for every option on every run: the labels of the
# rule sliders depend on the option alone, so each is made once per process.
@lru_cache(maxsize=1024)
def _percent_label(value: float) -> str:
    return pct(value / 100, 0)


@lru_cache(maxsize=64)
def _tolerance_label(value: int) -> str:
    return f"± {value} %-point"


def _assumed_caption(widgets, settings: dict, key: str, value, shown: Callable) -> None:
    """«antaget» under a rule control whose value is the scenario's assumption."""
    decided = settings.get(key)
    if value is None:
        return
    if key in (settings.get("assumed") or []) or decided is None:
        widgets.caption(f"antaget (ikke besluttet af {_body(widgets)})")
    elif value != decided:
        widgets.caption(f"antaget (besluttet: {shown(decided)})")


def _yes_no(value: bool | None) -> str:
    return NOT_DECIDED_TEXT if value is None else ("ja" if value else "nej")


def choice_rule(widgets, settings: dict, key: str, label: str, widget_key: str) -> bool | None:
    """A yes/no rule: a toggle when the body decided it, else ja/nej/ikke besluttet."""
    decided = settings.get(key)
    if decided is None or key in (settings.get("assumed") or []):
        value = widgets.selectbox(label, [None, True, False], index=[None, True, False].index(decided),
                                  format_func=_yes_no, key=widget_key)
    else:
        value = widgets.toggle(label, value=decided, key=widget_key)
    _assumed_caption(widgets, settings, key, value, _yes_no)
    return value


def slider_rule(widgets, settings: dict, key: str, label: str, widget_key: str, options: list,
                format_func: Callable, *, to_value: Callable = lambda v: v, from_value: Callable = lambda v: v):
    """A numeric rule as a select slider; «ikke besluttet» is its first option when the body
    has not decided the rule."""
    decided = settings.get(key)
    if decided is None:
        options = [None] + [o for o in options if o is not None]
    chosen = widgets.select_slider(
        label, options=options, value=None if decided is None else from_value(decided),
        format_func=lambda v: NOT_DECIDED_TEXT if v is None else format_func(v), key=widget_key,
    )
    value = None if chosen is None else to_value(chosen)
    _assumed_caption(widgets, settings, key, value, lambda v: format_func(from_value(v)))
    return value


def cap_controls(base: dict, k: str, widgets=st) -> dict[str, int | None]:
    """A cap (D) per focus area: the decided amount, or empty when none was decided."""
    caps = {}
    for area in base["focus_areas"]:
        decided, key = area.get("cap_dkk"), f"{k}cap.{area['id']}"
        caps[area["id"]] = widgets.number_input(
            _cap_label(area["name"], st.session_state.get(key, decided) if widgets is st else None),
            min_value=0, max_value=scenario.MAX_DKK, step=100_000,
            value=decided, placeholder="intet loft besluttet", key=key,
        )
        if caps[area["id"]] is not None and caps[area["id"]] != decided or "cap_dkk" in (area.get("assumed") or []):
            widgets.caption("antaget" + ("" if decided is None else f" (besluttet: {dkk(decided)})"))
    return caps


def _cap_label(area_name: str, amount: int | None) -> str:
    """The cap input's label, with the amount in Danish digits: the input itself shows
    "4400000" (Streamlit's number format has no thousands separator), unreadable on a
    projector. The input is keyed, so a new label does not reset it."""
    shown = " (kr.)" if amount is None else f": {dkk(amount)}"
    return f"Loft (D) for «{escape(area_name)}»{shown}"


def target_controls(base: dict, k: str, widgets=st) -> dict[str, float | None]:
    """Target split between focus areas: one slider for two areas, one per area otherwise."""
    areas = base["focus_areas"]
    if not areas:
        return {}
    if len(areas) == 2 and all(a["target_share"] is not None for a in areas):
        first, second = areas
        value = widgets.select_slider(
            f"Målfordeling (D): andel til «{inline(first['name'])}»", options=list(range(0, 101, 5)),
            value=int(round(first["target_share"] * 100 / 5) * 5),
            format_func=lambda v: f"{v} % / {100 - v} %", key=f"{k}target",
            help=f"Resten går til «{inline(second['name'])}».",
        )
        return {first["id"]: value / 100, second["id"]: (100 - value) / 100}
    targets = {}
    for area in areas:
        options = [None] + list(range(0, 101, 5))
        current = None if area["target_share"] is None else int(round(area["target_share"] * 20) * 5)
        chosen = widgets.select_slider(
            f"Mål (D) for «{inline(area['name'])}»", options=options, value=current,
            format_func=lambda v: "intet mål" if v is None else f"{v} %", key=f"{k}target.{area['id']}",
        )
        targets[area["id"]] = None if chosen is None else chosen / 100
    return targets
