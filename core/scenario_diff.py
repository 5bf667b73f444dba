"""What the working scenario changes against the one that was opened, as short Danish
sentences for the page's "Ændret – ikke gemt" banner.

Values are compared as the page shows them (kroner, whole percent), so float noise from
the controls (0.5 → 50 % → 0.5) is never reported as a change, and "changed" means
exactly "there is something to say". Plain Python: runs on every slider move."""

from __future__ import annotations

from collections.abc import Callable

from core.formatting import NOT_GIVEN, dkk, pct

NOT_DECIDED = "ikke besluttet"


def _money(value) -> str:
    return NOT_DECIDED if value is None else dkk(value)


def _share(value) -> str:
    return NOT_DECIDED if value is None else pct(value, 1)


def _points(value) -> str:
    return NOT_DECIDED if value is None else f"± {round(value * 100, 1):g} %-point"


def _yes_no(value) -> str:
    return NOT_DECIDED if value is None else ("ja" if value else "nej")


# settings key → (Danish label, how its value shows)
SETTINGS: dict[str, tuple[str, Callable]] = {
    "pool_dkk": ("Puljen til mindre initiativer (H)", _money),
    "region_share": ("Regionens andel af finansieringen (A)", _share),
    "carry_over": ("Overførsel af uforbrugte midler (G)", _yes_no),
    "balance_tolerance": ("Tolerancen for fordeling mellem fokusområder (D)", _points),
    "unused_to_regional_pool": ("Uforbrugte midler til regional pulje", _yes_no),
}


def changes(opened: dict, working: dict) -> list[str]:
    """Every difference between the opened and the working document, one sentence each:
    rules first, then money, focus areas and lines. Empty when nothing shows differently."""
    if opened is working:
        return []
    found: list[str] = []
    if opened.get("name") != working.get("name"):
        found.append(f"Navnet er ændret fra «{opened.get('name')}» til «{working.get('name')}».")
    found += _settings(opened.get("settings") or {}, working.get("settings") or {})
    found += _funds(opened.get("funds") or [], working.get("funds") or [])
    found += _focus_areas(opened.get("focus_areas") or [], working.get("focus_areas") or [])
    found += _lines(opened, working)
    return [text[:-1] if text.endswith("..") else text for text in found]  # "… 900.000 kr."


def _settings(old: dict, new: dict) -> list[str]:
    """One sentence per rule: a value the chair set is "(antaget)" in the same sentence
    ("er ændret fra ikke besluttet til 50,0 %" and "er sat som antagelse" said it twice)."""
    found = []
    newly_assumed = set(new.get("assumed") or []) - set(old.get("assumed") or [])
    for key in dict.fromkeys([*old, *new]):
        if key == "assumed":
            continue
        label, shown = SETTINGS.get(key, (f"Reglen «{key}»", lambda v: NOT_DECIDED if v is None else str(v)))
        before, after = shown(old.get(key)), shown(new.get(key))
        assumed = key in newly_assumed
        newly_assumed.discard(key)
        if before == after:
            if assumed:
                found.append(f"{label} er sat som antagelse.")
        elif old.get(key) is None:
            found.append(f"{label} er sat til {after}{' (antaget)' if assumed else ''}.")
        else:
            found.append(f"{label} er ændret fra {before} til {after}{' (antaget)' if assumed else ''}.")
    found += [f"{SETTINGS.get(key, (key,))[0]} er sat som antagelse." for key in sorted(newly_assumed)]
    return found


def _funds(old: list[dict], new: list[dict]) -> list[str]:
    def totals(funds: list[dict]) -> dict[tuple[int, bool], int]:
        out: dict[tuple[int, bool], int] = {}
        for fund in funds:
            key = (fund["year"], bool(fund.get("expected")))
            out[key] = out.get(key, 0) + int(fund["amount_dkk"])
        return out

    before, after = totals(old), totals(new)
    found = []
    for year, expected in sorted(set(before) | set(after)):
        was, now = before.get((year, expected)), after.get((year, expected))
        what = "Forventet tildeling" if expected else "Besluttede midler"
        if was is None:  # not "from 0 kr.": the opened scenario gave no amount for that year
            found.append(f"{what} {year} er sat til {dkk(now)}.")
        elif now is None:
            found.append(f"{what} {year} er fjernet (var {dkk(was)}).")
        elif dkk(was) != dkk(now):
            found.append(f"{what} {year} er ændret fra {dkk(was)} til {dkk(now)}.")
    return found


def _focus_areas(old: list[dict], new: list[dict]) -> list[str]:
    before = {a["id"]: a for a in old}
    found = []
    for area in new:
        was = before.pop(area["id"], None)
        if was is None:
            found.append(f"Fokusområdet «{area['name']}» er tilføjet.")
            continue
        if _share(was.get("target_share")) != _share(area.get("target_share")):
            found.append(f"Målet for «{area['name']}» er ændret fra {_target(was)} til {_target(area)}.")
        if was.get("cap_dkk") != area.get("cap_dkk"):
            found.append(f"Loftet for «{area['name']}» er ændret fra {_cap(was)} til {_cap(area)}.")
    found += [f"Fokusområdet «{area['name']}» er fjernet." for area in before.values()]
    return found


def _target(area: dict) -> str:
    return "intet mål" if area.get("target_share") is None else pct(area["target_share"], 0)


def _cap(area: dict) -> str:
    return "intet loft" if area.get("cap_dkk") is None else dkk(area["cap_dkk"])


def _amount(costs: dict[int, int], year: int) -> str:
    """A line's amount in `year`: 0 kr. in a year a costed line costs nothing, "ikke angivet"
    for a line whose cost is not given at all (never 0 kr.)."""
    return dkk(costs.get(year, 0)) if costs else NOT_GIVEN


def _lines(opened: dict, working: dict) -> list[str]:
    before = {line["id"]: line for line in opened.get("lines") or []}
    areas = {a["id"]: a["name"] for a in [*(opened.get("focus_areas") or []), *(working.get("focus_areas") or [])]}
    found = []
    for line in working.get("lines") or []:
        was = before.pop(line["id"], None)
        name = line["name"]
        if was is None:
            found.append(f"Initiativet «{name}» er tilføjet.")
            continue
        if was == line:  # usually the same object: the working document shares untouched lines
            continue
        if bool(was.get("included")) != bool(line.get("included")):
            found.append(f"«{name}» er {'taget med i' if line.get('included') else 'taget ud af'} scenariet.")
        if pct(was.get("scale", 1.0), 0) != pct(line.get("scale", 1.0), 0):
            found.append(f"«{name}» er skaleret fra {pct(was.get('scale', 1.0), 0)} til {pct(line.get('scale', 1.0), 0)}.")
        old_costs = {c["year"]: c["amount_dkk"] for c in was.get("costs") or []}
        new_costs = {c["year"]: c["amount_dkk"] for c in line.get("costs") or []}
        for year in sorted(set(old_costs) | set(new_costs)):
            if _amount(old_costs, year) != _amount(new_costs, year):
                found.append(f"«{name}» {year} er ændret fra {_amount(old_costs, year)} til "
                             f"{_amount(new_costs, year)}.")
        if was.get("focus_area") != line.get("focus_area"):
            target = areas.get(line.get("focus_area"), "intet fokusområde")
            found.append(f"«{name}» hører nu til {'«' + target + '»' if line.get('focus_area') else target}.")
        if was.get("cost_type") != line.get("cost_type"):
            found.append(f"«{name}» er nu udgiftstype {line.get('cost_type')} (før {was.get('cost_type')}).")
        if was.get("recipients") != line.get("recipients"):
            found.append(f"«{name}»: modtagerne er ændret.")
    found += [f"Initiativet «{line['name']}» er fjernet." for line in before.values()]
    return found
