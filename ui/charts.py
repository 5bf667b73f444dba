"""Chart styling for a projector: large Danish labels, one place to change it."""

from __future__ import annotations

import altair as alt

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
