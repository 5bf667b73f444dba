"""Charts: one place for the projector styling and for drawing an Altair chart fast.

Every page draws its charts with `show(build, data, *params)`: `build(*params)` returns an
Altair chart *without data*; its Vega-Lite spec is built, styled and schema-validated once
per process and parameters (`st.cache_resource`), and the page's data is sent beside it
through `st.vega_lite_chart`. Building and validating an Altair spec costs 10–80 ms a
chart; doing it on every render was 60–90 % of the pages' time (docs/performance.md)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:  # imported by the chart builders when a spec is first built: the page
    import altair as alt  # draws its first elements before Altair (~0,3 s) is loaded

FONT_SIZE = 15
BACKGROUND = "#ffffff"
# The focus-area chart: light bars with a dark outline, so the dark target and cap ticks
# keep at least 3:1 contrast against the bar they cross and the background (WCAG 1.4.11);
# tests/test_charts.py checks every pair.
BAR = "#9ecae1"
BAR_OUTLINE = "#1f5f8b"
BAR_LABEL = "#1a1a1a"
TARGET = "#1a1a1a"
CAP = "#b00020"
PLACEHOLDER = "empty"  # Altair's name for the dataset of a chart built without data

# Streamlit's Vega embed does not take a format locale, so quantitative axis labels are
# formatted as usual (1,234.5) and then have their separators swapped to Danish (1.234,5).
DANISH_LABEL = (
    "replace(replace(replace(datum.label, regexp(',', 'g'), '_'), regexp('\\\\.', 'g'), ','), "
    "regexp('_', 'g'), '.')"
)


def style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Readable from the back of a meeting room, Danish number format on number axes."""
    return (
        chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=320)
        .configure_axisQuantitative(labelExpr=DANISH_LABEL)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=400)
        .configure_title(fontSize=FONT_SIZE + 3)
        .configure_view(strokeWidth=0)
    )


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@st.cache_resource(show_spinner=False, max_entries=512)
def _spec(module: str, name: str, *params: Any) -> dict:
    """The styled, validated Vega-Lite spec of `module.name(*params)`; shared, never mutated
    (st.vega_lite_chart copies the dict before it adds anything)."""
    build = getattr(importlib.import_module(module), name)
    return _without_placeholder_data(style(build(*params)).to_dict())


def _without_placeholder_data(node: Any) -> Any:
    """Altair gives every data-less view `"data": {"name": "empty"}` and a one-row dataset
    "empty"; left in, each layer would draw that row instead of the page's data, which
    st.vega_lite_chart puts at the top level for all layers to inherit."""
    if isinstance(node, list):
        return [_without_placeholder_data(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {}
    for key, value in node.items():
        if key == "data" and value == {"name": PLACEHOLDER}:
            continue
        if key == "datasets" and isinstance(value, dict):
            value = {name: rows for name, rows in value.items() if name != PLACEHOLDER}
            if not value:
                continue
        cleaned[key] = _without_placeholder_data(value)
    return cleaned


def spec(build: Callable[..., alt.TopLevelMixin], *params: Any) -> dict:
    """The cached spec of `build(*params)`. `build` is a module-level function; params are
    small hashable values (a unit, a height), never the data."""
    return _spec(build.__module__, build.__qualname__, *params)


def show(build: Callable[..., alt.TopLevelMixin], data: Any, *params: Any, where: Any = None) -> None:
    """Draw `build(*params)` with `data` (a DataFrame or Arrow table), full width, in `where`
    (a column or container; default the page)."""
    (where or st).vega_lite_chart(data, spec(build, *params), width="stretch")
