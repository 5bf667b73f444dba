"""Chart styling for a projector: large Danish labels, one place to change it."""

from __future__ import annotations

import altair as alt

FONT_SIZE = 15
DANISH_NUMBER = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]}


def style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Readable from the back of a meeting room; Danish number format in axes/tooltips."""
    return (
        chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=320)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=400)
        .configure_title(fontSize=FONT_SIZE + 3)
        .configure_view(strokeWidth=0)
        .properties(usermeta={"embedOptions": {"formatLocale": DANISH_NUMBER}})
    )
