"""An evaluation result as display tables with Danish headers and Danish number formats.

Shared by the scenario page's live and presentation views; exports build their own typed
sheets (numbers stay numbers there). Tables are plain column dicts (header → values): they
are redrawn on every slider move, and building pandas frames for them cost more than the
whole evaluation."""

from __future__ import annotations

import textwrap

from core.formatting import NOT_GIVEN, dkk, dkk_at_least, dkk_at_most, dkk_given, funds_label, number, pct
from core.scenario import ASSUMED, CHECK_STATUSES_WORST_FIRST, NOT_DECIDED, allocated_text, decided_pool, rule_text

LABEL_WIDTH = 26  # characters per line of a chart label
POOL = "Pulje (H)"  # the pool's figure, and its row in the comparison


def columns(rows: list[dict], names: list[str] | None = None) -> dict[str, list]:
    """Row dicts as column lists, in the given (or first row's) column order."""
    names = names or (list(rows[0]) if rows else [])
    return {name: [row.get(name) for row in rows] for name in names}


def key_figures(result: dict, body_noun: str = "klyngen") -> list[tuple[str, str, str]]:
    """(label, Danish text, help) for the five headline figures, the money named for the body
    (`body_noun`: "Klyngemidler" / "Rådets midler"). Money the scenario does not list reads
    "ikke angivet", and a pool the body has not decided "ikke besluttet": never 0 kr. for
    something nobody gave or decided."""
    funds = funds_label(body_noun)
    funds_help = ("Summen af midlerne i scenariet (alle år)." if result["funds_dkk"] is not None else
                  "Scenariet har ingen midler: hverken besluttede eller forventede. «Midler og regler» "
                  "siger, hvad der kan gøres.")
    pool = decided_pool(result)
    if pool is None:
        pool_figure = (POOL, NOT_DECIDED, "Der er ikke besluttet en pulje, så intet er afsat til den.")
    else:  # not Hovedstaden-Nord's own words ("Faglig Sundhedsklynge"): every body sees this
        pool_figure = (POOL, dkk(pool), "Afsat til en pulje til mindre initiativer (princip H); den "
                       "trækkes fra midlerne, før der fordeles.")
    return [
        (funds, dkk_given(result["funds_dkk"]), funds_help),
        pool_figure,
        ("Disponibelt", dkk_given(result["available_dkk"]), f"{funds} minus puljen."),
        ("Fordelt", allocated_text(result), allocated_help(result)),
        ("Rest", remaining_text(result),
         "Disponibelt minus fordelt. Negativ: udgifterne overstiger midlerne (B)."),
    ]


def expected_note(expected_dkk: int) -> str | None:
    """Under the funds figure while part of it is only expected (the chair's "Forventet
    tildeling"): the room sees the figure, not the control that says "ikke besluttet"."""
    return f"heraf {dkk(expected_dkk)} forventet, ikke besluttet" if expected_dkk else None


def assumed_settings(result: dict) -> set[str]:
    """The settings whose value is the chair's assumption, not the body's decision."""
    return {rule["key"] for rule in result.get("rules", []) if rule["status"] == ASSUMED}


def assumed_note(result: dict, key: str) -> str | None:
    """Under a figure that is a rule the chair set rather than one the body decided (the
    pool, H): "antaget", as beside the rule's control and in the rules line."""
    return "antaget" if key in assumed_settings(result) else None


def allocated_help(result: dict) -> str:
    said = "Udgifterne til de initiativer, der er med."
    if partial(result):
        said += f" Med uden angivet beløb (tæller ikke med i tallet): {quoted(result['unpriced'])}."
    return said


def remaining_text(result: dict) -> str:
    """The rest, "højst …" while included lines have no given cost (they can only lower it)."""
    return _rest(result["remaining_dkk"], partial(result))


def quoted(names: list[str]) -> str:
    """Initiative names in a sentence: «a», «b»."""
    return ", ".join(f"«{name}»" for name in names)


def partial(result: dict) -> bool:
    """Whether the result's sums leave out included lines whose cost is not given: then
    what is allocated or paid reads "mindst …" and what is left "højst …"."""
    return bool(result.get("unpriced"))


def _rest(value: int | None, partial: bool) -> str:
    """Money left over: "ikke angivet" when not given, "højst …" while unknown costs would
    still come off it."""
    return dkk_given(value) if value is None else dkk_at_most(value, partial)


def _left_over(value: int, partial: bool) -> str:
    """Money left over and moved on (carried over, to the regional pool): "højst …" when
    some of it would go to unknown costs."""
    return dkk_at_most(value, partial and value > 0)


POOL_COLUMN = "Til regional pulje"


def years_display(result: dict) -> dict[str, list]:
    """Year by year; where unused money leaves to a regional pool, a column shows it leaving."""
    to_pool = any(y.get("to_regional_pool_dkk") for y in result["years"]) or any(
        r["key"] == "unused_to_regional_pool" and r["value"] for r in result.get("rules", [])
    )
    rows, unknown = [], partial(result)
    for y in result["years"]:
        carried_in = y["carried_in_dkk"]
        row = {
            "År": str(y["year"]),
            "Midler": dkk_given(y.get("funds_dkk")),
            "Overført fra året før": _left_over(carried_in, unknown),
            "Disponibelt": _rest(y["available_dkk"], unknown and carried_in > 0),
            "Fordelt": dkk_at_least(y["allocated_dkk"], unknown),
            "Rest": _rest(y["remaining_dkk"], unknown),
        }
        if to_pool:  # nothing is known to leave while the year's money is not given
            row[POOL_COLUMN] = (NOT_GIVEN if y["remaining_dkk"] is None
                                else _left_over(y.get("to_regional_pool_dkk", 0), unknown))
        rows.append(row)
    total = {
        "År": "I alt",
        "Midler": dkk_given(result["funds_dkk"]),
        "Overført fra året før": "",
        "Disponibelt": dkk_given(result["available_dkk"]),
        "Fordelt": allocated_text(result),
        "Rest": remaining_text(result),
    }
    if to_pool:
        total[POOL_COLUMN] = (NOT_GIVEN if result["remaining_dkk"] is None else
                              _left_over(sum(y.get("to_regional_pool_dkk", 0) for y in result["years"]), unknown))
    rows.append(total)
    return columns(rows)


def focus_chart_data(result: dict) -> dict[str, list]:
    """Numbers for the chart, plus Danish-formatted twins for its tooltips."""
    rows, unknown = [], partial(result)
    for a in result["focus_areas"]:
        target = None if a["target_share"] is None else round(a["target_share"] * result["allocated_dkk"])
        rows.append(
            {
                "Fokusområde": a["name"],
                "Etiket": wrapped(a["name"]),
                "Fordelt": a["allocated_dkk"],
                "Mål": target,
                "Loft": a["cap_dkk"],
                "Fordelt i kroner": dkk_at_least(a["allocated_dkk"], bool(a.get("unpriced"))),
                # the target's share of an allocation that leaves out unknown costs
                "Mål i kroner": dkk(target) if target is None else dkk_at_least(target, unknown),
                "Loft i kroner": dkk(a["cap_dkk"]),
            }
        )
    return columns(
        rows, ["Fokusområde", "Etiket", "Fordelt", "Mål", "Loft", "Fordelt i kroner", "Mål i kroner", "Loft i kroner"]
    )


FOCUS_MARKS = ("Fordelt", "Mål", "Loft")


def focus_marks(columns: dict[str, list]) -> tuple[str, ...]:
    """The marks the focus-area chart has something to draw for (of `focus_chart_data`): its
    legend names only these. Empty: no bar, target or cap to draw at all."""
    drawn = {
        "Fordelt": any(columns["Fordelt"]),  # a bar of 0 kr. draws nothing
        "Mål": any(v for v in columns["Mål"] if v is not None),  # a share of nothing allocated is 0 kr.
        "Loft": any(v is not None for v in columns["Loft"]),  # a decided cap of 0 kr. is a rule to show
    }
    return tuple(mark for mark in FOCUS_MARKS if drawn[mark])


def focus_chart_missing(result: dict) -> str:
    """Why the focus-area chart is left out when it has nothing to draw (an empty chart at
    0 kr. read as "nothing allocated", which is not true while included costs are unknown)."""
    why = "udgifterne til de initiativer, der er med, er ikke angivet" if partial(result) else "intet er fordelt"
    return f"Intet diagram over fokusområderne: {why}, og der er intet loft at vise."


def wrapped(name: str, width: int = LABEL_WIDTH) -> str:
    """A chart label on lines of at most `width` characters (the chart splits at line
    breaks), so a long focus-area name is shown whole instead of cut."""
    return "\n".join(textwrap.wrap(" ".join(str(name).split()), width, break_long_words=True)) or " "


def focus_caption(result: dict) -> str:
    """One line per focus area: share against target, and the cap."""
    parts = []
    for a in result["focus_areas"]:
        target = "intet mål" if a["target_share"] is None else f"mål {pct(a['target_share'])}"
        cap = "" if a["cap_dkk"] is None else f", loft {dkk(a['cap_dkk'])}"
        if result["allocated_dkk"]:
            share = f"{pct(a['share'])} af det fordelte" + (" med angivet beløb" if partial(result) else "")
        else:  # no 0 % of 0
            share = "udgifterne er ikke angivet" if partial(result) else "intet fordelt"
        parts.append(f"{a['name']}: {share} ({target}{cap})")
    return " · ".join(parts)


def decided_dkk(value: int | None, at_least: bool = False) -> str:
    """A contribution or net amount: None when the body has not decided the financing (A);
    `at_least` for a contribution that leaves out unknown costs."""
    return NOT_DECIDED if value is None else dkk_at_least(value, at_least)


def net_dkk(m: dict, partial: bool) -> int | None:
    """A municipality's net as shown: None ("ikke angivet") while nothing it pays or
    receives is given, so an allocation of unknown cost never reads as "0 kr." net."""
    unknown = partial and not m["contribution_dkk"] and not m["received_dkk"]
    return None if unknown else m["net_dkk"]


def nets_missing(result: dict) -> str | None:
    """Why no municipality's net can be drawn (None when some can): the financing (A) is not
    decided, or nothing any municipality pays or receives is given."""
    if all(m["net_dkk"] is None for m in result["municipalities"]):
        return "det kræver, at finansieringen (A) er besluttet eller antaget."
    if all(net_dkk(m, partial(result)) is None for m in result["municipalities"]):
        return "udgifterne til de initiativer, der er med, er ikke angivet."
    return None


def municipality_chart_data(result: dict) -> dict[str, list]:
    municipalities, unknown = result["municipalities"], partial(result)
    return {
        "Kommune": [m["name"] for m in municipalities],
        "Netto": [net_dkk(m, unknown) for m in municipalities],
        "Bidrag i kroner": [decided_dkk(m["contribution_dkk"], unknown) for m in municipalities],
        "Modtaget i kroner": [dkk_at_least(m["received_dkk"], unknown) for m in municipalities],
        "Netto i kroner": [_net_text(m, unknown) for m in municipalities],
    }


MUNICIPALITIES_PARTIAL = ("Kommunernes bidrag og det modtagne er derfor mindst de viste beløb, og netto er kun "
                          "regnet af initiativerne med angivet beløb.")
YEARS_PARTIAL = ("Fordelt er derfor mindst de viste beløb; rest, overført (og dermed disponibelt) og til regional "
                 "pulje højst.")
FOCUS_PARTIAL = "Fordelt er derfor mindst de viste beløb, og andelene er regnet af de angivne beløb."
LINES_PARTIAL = "«I alt (med)» er derfor mindst de viste beløb."


def municipalities_display(result: dict) -> dict[str, list]:
    """Contribution, received and net per municipality, with an exact total row; without a
    decided financing (A) the contributions and nets say "ikke besluttet". While included
    lines have no given cost, contributions and receipts read "mindst …"
    (municipalities_caption says what the nets leave out)."""
    unknown = partial(result)
    rows = [
        {
            "Kommune": m["name"],
            "Folketal": number(m["population"]),
            "Bidrag": decided_dkk(m["contribution_dkk"], unknown),
            "Modtaget": dkk_at_least(m["received_dkk"], unknown),
            "Netto": _net_text(m, unknown),
        }
        for m in result["municipalities"]
    ]
    totals = {key: _total(result["municipalities"], key)
              for key in ("contribution_dkk", "received_dkk", "net_dkk", "population")}
    rows.append(
        {
            "Kommune": "I alt",
            "Folketal": number(totals["population"]),
            "Bidrag": decided_dkk(totals["contribution_dkk"], unknown),
            "Modtaget": dkk_at_least(totals["received_dkk"], unknown),
            "Netto": _net_text({key: totals[key] for key in ("contribution_dkk", "received_dkk", "net_dkk")}, unknown),
        }
    )
    return columns(rows)


def _net_text(m: dict, partial: bool) -> str:
    return NOT_DECIDED if m["net_dkk"] is None else dkk_given(net_dkk(m, partial))


def partial_caption(result: dict, consequence: str) -> str | None:
    """What a table of the result leaves out while included lines have no given cost: their
    names, then `consequence` (YEARS_PARTIAL, FOCUS_PARTIAL, LINES_PARTIAL)."""
    if not partial(result):
        return None
    return f"Med uden angivet beløb: {quoted(result['unpriced'])}. {consequence}"


def municipalities_caption(result: dict) -> str | None:
    """partial_caption for the municipalities table, once there are contributions to speak
    of (the financing, A, decided or assumed): a net can then be neither "mindst" nor
    "højst", as the unknown cost adds to both what a municipality pays and what it gets."""
    if all(m["contribution_dkk"] is None for m in result["municipalities"]):
        return None
    return partial_caption(result, MUNICIPALITIES_PARTIAL)


def received_caption(result: dict) -> str | None:
    """When the municipalities receive in all another sum than is allocated, say what
    "Modtaget" holds: only the amounts the initiatives give per municipality (a line may name
    no recipients, as a proposal whose amount the chair has just typed)."""
    received = sum(m["received_dkk"] for m in result["municipalities"])
    if received == result["allocated_dkk"]:
        return None
    return (f"«Modtaget» viser kun de beløb, som initiativerne angiver pr. kommune: i alt {dkk(received)} "
            f"af de fordelte {allocated_text(result)}")  # ends in "kr." (or "angivet"), its own full stop


def left_out_caption(result: dict, without_population: list[str]) -> str | None:
    """Name the body's municipalities that are not in the split because their population is
    not given (Hovedstaden-Midt: Rødovre), so the table is not read as the whole body."""
    shown = {m["name"] for m in result["municipalities"]}
    left_out = [name for name in without_population if name not in shown]
    if not left_out:
        return None
    return f"Ikke med i fordelingen, da folketallet ikke er angivet: {', '.join(left_out)}."


def _total(rows: list[dict], key: str) -> int | None:
    """The column's sum; None when any value is unknown (financing not decided)."""
    values = [row[key] for row in rows]
    return None if any(v is None for v in values) else sum(values)


def financing_caption(result: dict, region_share: float | None) -> str:
    if region_share is None or result["region_dkk"] is None:
        return ("Finansiering (A): ikke besluttet. Det er ikke besluttet, hvordan region og kommuner deler "
                "udgifterne; sæt regionens andel under «Midler og regler» for at regne med en antagelse.")
    assumed = any(r["key"] == "region_share" and r["status"] == "antaget" for r in result.get("rules", []))
    unknown = partial(result)  # shares of an allocation that leaves out unknown costs
    return (
        f"Finansiering (A{', antaget' if assumed else ''}): regionen betaler "
        f"{dkk_at_least(result['region_dkk'], unknown)} ({pct(region_share, 0)}), kommunerne "
        f"{dkk_at_least(result['municipalities_dkk'], unknown)} fordelt efter befolkningsandel."
    )


STATUS_MARK = {"overholdt": "✓", "brudt": "✗", "ikke besluttet": "–", "ikke muligt": "!"}


def checks_lines(result: dict) -> list[str]:
    """One plain-text line per check: 'Princip B · overholdt: Udgifterne …'."""
    return [f"{STATUS_MARK.get(c['status'], '')} Princip {c['principle']} · {c['status']}: {c['message']}"
            for c in result.get("checks", [])]


def checks_summary(result: dict) -> list[str]:
    """One short line per principle, for the projector: 'Princip D: 1 overholdt, 3 ikke
    besluttet', marked by its worst status (brudt, ikke muligt, ikke besluttet, overholdt)."""
    worst_first = CHECK_STATUSES_WORST_FIRST
    by_principle: dict[str, dict[str, int]] = {}
    for check in result.get("checks", []):
        counts = by_principle.setdefault(check["principle"], {})
        counts[check["status"]] = counts.get(check["status"], 0) + 1
    lines = []
    for principle, counts in by_principle.items():
        worst = next(status for status in worst_first + tuple(counts) if status in counts)
        shown = ", ".join(status if n == 1 and len(counts) == 1 else f"{n} {status}"
                          for status, n in sorted(counts.items(), key=lambda kv: worst_first.index(kv[0])
                                                  if kv[0] in worst_first else 9))
        lines.append(f"{STATUS_MARK.get(worst, '')} Princip {principle}: {shown}")
    return lines


def rules_lines(result: dict) -> list[str]:
    """One plain-text line per rule the scenario uses, 'antaget' beside the chair's assumptions."""
    lines = []
    for rule in result.get("rules", []):
        if rule["status"] == "ikke besluttet":
            continue
        lines.append(rule_text(rule) + (" (antaget)" if rule["status"] == "antaget" else ""))
    return lines


def missing_rules(result: dict) -> list[str]:
    return [f"{r['label']} ({r['principle']})" for r in result.get("rules", []) if r["status"] == "ikke besluttet"]


def line_total(line: dict) -> int:
    """A line's cost over all years at 100 % (kroner), before its scale."""
    return sum(int(c["amount_dkk"]) for c in line["costs"])


def initiative_groups(document: dict, positions: list[int] | None = None) -> list[tuple[str, list[int]]]:
    """Line positions grouped by focus area, in the document's order of areas (lines with
    no or an unknown area last, as "Uden fokusområde"); only `positions` when given."""
    names = {a["id"]: a["name"] for a in document["focus_areas"]}
    wanted = range(len(document["lines"])) if positions is None else sorted(positions)
    groups: dict[str, list[int]] = {name: [] for name in names.values()}
    for position in wanted:
        area = names.get(document["lines"][position]["focus_area"], "Uden fokusområde")
        groups.setdefault(area, []).append(position)
    return [(name, found) for name, found in groups.items() if found]


def given_total(line: dict) -> int | None:
    """`line_total`, or None when the line gives no cost at all (a cost given as 0 kr., like
    KIT's "der tildeles ikke klyngemidler", is 0)."""
    return line_total(line) if line["costs"] else None


def scale_label(total: int | None, percent: int) -> str:
    """What a scale slider shows for a line of `total` kroner (`given_total`): the share and
    what it costs, e.g. "50 % · 2.000.000 kr."; a line with no cost given says so."""
    if total is None:
        return f"{percent} % · beløb ikke angivet"
    return f"{percent} % · {dkk(round(total * percent / 100))}"
