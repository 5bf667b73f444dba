"""Danish number, money and date formats (8.805.192 kr., 9,6 %, 28. maj 2025).

Dates use babel (month names); numbers swap Python's separators (fast, same result)."""

from __future__ import annotations

import datetime as dt
import math


LOCALE = "da_DK"
_TO_DANISH = str.maketrans({",": ".", ".": ","})
NOT_GIVEN = "ikke angivet"  # an amount or fact the sources do not give: never 0, never a dash
NOT_COMPUTED = "ikke beregnet"  # a figure that follows from a rule nobody decided


def number(value: float | None, decimals: int = 0) -> str:
    """8805192 → '8.805.192'; 9.6 with decimals=1 → '9,6'. None/NaN → '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    # Python's grouping with the separators swapped: the Danish form, and ~50x faster than
    # babel's format_decimal, which matters on the slider's hot path.
    english = f"{value:,.{decimals}f}"
    return english.translate(_TO_DANISH)


def dkk(value: float | None) -> str:
    """Whole kroner: '8.805.192 kr.'"""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{number(round(value))} kr."


def dkk_given(value: float | None) -> str:
    """Whole kroner, or "ikke angivet" for an amount the sources do not give (None, or NaN
    as a table column holds it)."""
    return NOT_GIVEN if value is None or (isinstance(value, float) and math.isnan(value)) else dkk(value)


def dkk_at_least(value: float, partial: bool) -> str:
    """A sum that leaves out amounts the sources do not give (`partial`): "mindst …", or
    "ikke angivet" when nothing in it was given; the plain amount otherwise."""
    if not partial:
        return dkk(value)
    return f"mindst {dkk(value)}" if value else NOT_GIVEN


def dkk_at_most(value: float, partial: bool) -> str:
    """What is left of money when amounts not given would still come off it: "højst …"."""
    return f"højst {dkk(value)}" if partial else dkk(value)


COUNCIL = "rådet"  # body_noun() of a health council


def body_noun(body_kind: str | None) -> str:
    """The body in a sentence, definite form: "rådet" for a health council, else "klyngen"
    (a council's page said "Klyngen har ikke besluttet …" of the council)."""
    return COUNCIL if body_kind == "sundhedsraad" else "klyngen"


# The body's development money, named for the body (`body_noun`). "Klyngemidler" is the
# clusters' own word; a council's money is not cluster money, and councils have no agreed
# word for it yet (councils.md: a council enters its own amounts), so it is "rådets midler".
def funds_label(body_noun: str = "klyngen") -> str:
    """As a figure's label or a heading: "Klyngemidler" / "Rådets midler"."""
    return "Rådets midler" if body_noun == COUNCIL else "Klyngemidler"


def the_funds(body_noun: str = "klyngen") -> str:
    """Definite, in a sentence: "klyngemidlerne" / "rådets midler"."""
    return "rådets midler" if body_noun == COUNCIL else "klyngemidlerne"


def some_funds(body_noun: str = "klyngen") -> str:
    """Indefinite, in a sentence ("ingen …", "udmøntning af …"): "klyngemidler" / "midler"."""
    return "midler" if body_noun == COUNCIL else "klyngemidler"


def this_body(body_kind: str | None) -> str:
    """The body on screen in a sentence: "dette råd" for a health council, else "denne klynge"."""
    return "dette råd" if body_noun(body_kind) == COUNCIL else "denne klynge"


def listed(items) -> str:
    """"a", "a og b", "a, b og c"."""
    names = [str(item) for item in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def mio(value: float) -> str:
    """Millions with one decimal for headlines: '4,4 mio. kr.'"""
    return f"{number(value / 1_000_000, 1)} mio. kr."


def pct(share: float | None, decimals: int = 1) -> str:
    """A share (0.5) as Danish percent: '50,0 %'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{number(share * 100, decimals)} %"


def date(value: dt.date | dt.datetime | str | None) -> str:
    """'28. maj 2025'; None → 'dato ikke angivet'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "dato ikke angivet"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    from babel.dates import format_date  # imported on first use: not every page shows a date

    return format_date(value, format="d. MMMM y", locale=LOCALE)


def datetime(value: dt.datetime | None) -> str:
    """'28. maj 2025 kl. 13:00'"""
    if value is None:
        return "–"
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return f"{date(value)} kl. {value:%H:%M}"


def indicator_value(value: float | None, low: float | None, high: float | None, unit: str) -> str:
    """A point or a range, in the unit's words: '9,6 %', '113–182 dage', '140.000 antal'."""
    def one(v: float) -> str:
        return number(v, 0 if float(v).is_integer() else 1)

    def missing(v: float | None) -> bool:
        return v is None or (isinstance(v, float) and math.isnan(v))

    if not missing(value):
        shown = one(value)
    elif not missing(low) and not missing(high):
        shown = f"{one(low)}–{one(high)}"
    else:
        return "–"
    if unit in ("pct.", "%"):
        return f"{shown} %"
    if unit == "antal":
        return shown
    return f"{shown} {unit}"
