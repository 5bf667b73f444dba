"""Initiative sliders for the live Scenarie view: per initiative an include toggle and a
scale slider (0–150 %, showing kroner), grouped by focus area.

Up to MAX_SLIDERS initiatives get controls; with more, the chair picks which ones (a
multiselect) and the Initiativer table holds the rest. The controls feed the same working
document as every other control (core.scenario_edit.apply_line_edits), so the figures, the
draft and the exports follow every move."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import streamlit as st

from core import scenario_edit, scenario_tables
from ui.text import inline

MAX_SLIDERS = 15
SCALE_STEPS = list(range(0, 151, 5))


def scale_options(current: int) -> list[int]:
    """0–150 % in steps of 5, plus the line's own scale when it is off the grid."""
    return sorted(set(SCALE_STEPS) | {current})


def initiative_controls(document: dict, k: str, widgets=st) -> dict:
    """Draw the initiative controls through `widgets` (ui.scenario_controls); return
    `document` with what they say applied."""
    lines = document["lines"]
    widgets.subheader("Initiativer")
    if not lines:
        widgets.caption("Scenariet har ingen initiativer endnu. Tilføj et under «Tilføj initiativ».")
        return document
    positions = list(range(len(lines)))
    if len(lines) > MAX_SLIDERS:
        positions = widgets.multiselect(
            f"Vis skydere for (højst {MAX_SLIDERS})", positions, default=positions[:MAX_SLIDERS],
            format_func=lambda i: lines[i]["name"], max_selections=MAX_SLIDERS, key=f"{k}lines.shown",
            placeholder="Vælg initiativer",
            help="De øvrige initiativer medtages, skaleres og rettes i visningen Initiativer.",
        )
    edits: dict[int, dict] = {}
    for area, members in scenario_tables.initiative_groups(document, positions):
        widgets.markdown(f"**{inline(area)}**")
        for position in members:
            change = _line_controls(widgets, lines[position], f"{k}line.{lines[position]['id']}")
            if change:
                edits[position] = change
    working = scenario_edit.apply_line_edits(document, edits)
    included = sum(line["included"] for line in working["lines"])
    widgets.caption(f"{included} af {len(lines)} initiativer er med. Beløb pr. år og fokusområde rettes under Initiativer.")
    return working


@lru_cache(maxsize=4096)
def _slider(total: int | None, current: int) -> tuple[tuple[int, ...], Callable[[int], str]]:
    """A line's slider options and their labels ("50 % · 2.000.000 kr."): they depend only
    on the line's total and its own scale, so they are made once per process, not per run."""
    options = tuple(scale_options(current))
    return options, {v: scenario_tables.scale_label(total, v) for v in options}.__getitem__


def _line_controls(widgets, line: dict, key: str) -> dict:
    """One initiative's toggle and slider; the cell edits that differ from the line."""
    name = inline(line["name"])
    current = round(line["scale"] * 100)
    on = widgets.toggle(name, value=bool(line["included"]), key=f"{key}.on",
                        help="Med i scenariet" + (" (besluttet på et møde)" if line.get("status") == "besluttet" else ""))
    options, label = _slider(scenario_tables.given_total(line), current)
    percent = widgets.select_slider(
        f"Skala for {name}", options=options, value=current, key=f"{key}.scale",
        format_func=label,
        label_visibility="collapsed",
    )
    change = {}
    if on != bool(line["included"]):
        change[scenario_edit.INCLUDED] = on
    if percent != current:
        change[scenario_edit.SCALE] = percent
    return change
