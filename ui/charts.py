"""Chart styling for a projector: large Danish labels, one place to change it."""

from __future__ import annotations

import altair as alt

FONT_SIZE = 15

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
