"""Read functions for KL's idea catalogue (seed 004): themes, ideas, search and the
indicators the catalogue quotes. The catalogue is common to all clusters, so nothing
here takes a cluster id."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pandas as pd

from core import indicators
from core.curated import SOURCE_SEPARATOR
from core.store import Store


def themes(store: Store) -> pd.DataFrame:
    """The themes in order, each with its number of ideas (`ideas`) and a display `label`."""
    return store.query(
        """SELECT t.*, 'Tema ' || t.theme_no || ' · ' || t.title AS label,
                  (SELECT count(*) FROM catalogue_ideas i WHERE i.theme_no = t.theme_no) AS ideas
           FROM catalogue_themes t
           ORDER BY t.theme_no"""
    )


def counts(store: Store) -> dict[str, int]:
    """How many themes and ideas the catalogue holds."""
    n_themes, n_ideas = store.rows(
        "SELECT (SELECT count(*) FROM catalogue_themes), (SELECT count(*) FROM catalogue_ideas)"
    )[0]
    return {"themes": n_themes, "ideas": n_ideas}


def theme_ideas(store: Store, theme_no: int) -> pd.DataFrame:
    """A theme's ideas in their printed order; `links` is a list of URLs (possibly empty)."""
    return _with_link_lists(
        store.query(
            "SELECT theme_no, idea_no, text, links FROM catalogue_ideas WHERE theme_no = ? ORDER BY idea_no",
            [theme_no],
        )
    )


def theme_indicators(store: Store, theme_no: int) -> pd.DataFrame:
    """Indicators quoted in the catalogue under this theme: their source is the catalogue's
    file followed by `› Tema N …`. Adds `value_text`, the value in Danish words."""
    found = store.query(
        """SELECT ind.indicator_id, ind.name, ind.geography, ind.period, ind.value, ind.value_low,
                  ind.value_high, ind.unit, ind.note, ind.source
           FROM indicators ind, catalogue_themes t
           WHERE t.theme_no = $theme
             AND starts_with(ind.source,
                             split_part(t.source, $sep, 1) || $sep || 'Tema ' || t.theme_no || ' ')
           ORDER BY ind.indicator_id""",
        {"theme": theme_no, "sep": SOURCE_SEPARATOR},
    )
    found["value_text"] = [indicators.display_value(row) for _, row in found.iterrows()]
    return found


def link_target(url: str) -> str | None:
    """The URL made safe to put inside a Markdown link `[label](…)`, or None when it is not an
    absolute http(s) URL (javascript:, data:, relative …). Characters that could end or
    break the link syntax are percent-encoded; existing %-escapes are kept."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=":/?#@!$&*+,;=%-._~")


def link_label(url: str) -> str:
    """A short readable name for a link: its host without 'www.' ('kl.dk')."""
    host = urlsplit(url.strip()).hostname or url
    return host.removeprefix("www.")


def _with_link_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """DuckDB hands VARCHAR[] to pandas as arrays (or None); pages want plain lists."""
    frame["links"] = [
        [] if links is None or isinstance(links, (str, float)) else list(links) for links in frame["links"]
    ]
    return frame
