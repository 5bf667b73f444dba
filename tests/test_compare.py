"""Comparing saved scenarios side by side: figures from Hovedstaden-Nord, differences marked."""

from __future__ import annotations

import copy
import math
import pickle

import pandas as pd
import pytest

from core import compare as cmp
from core import scenario_repo as repo
from core import scenario_source
from core import store as store_module
from core.formatting import dkk
from core.scenario import evaluate_document

CLUSTER = "hovedstaden-nord"
MENTAL = "Børn og unges mentale mistrivsel samt psykiske udfordringer hos (unge) voksne"


@pytest.fixture
def base(store) -> dict:
    document = scenario_source.from_store(store, CLUSTER, decided_only=False, name="Forslag A")
    # The cluster decided no tolerance for its targets (D); the chair assumes 10 percentage points.
    document["settings"].update(balance_tolerance=0.1, assumed=["balance_tolerance"])
    return document


def with_stime_halved(document: dict) -> dict:
    changed = copy.deepcopy(document)
    changed["name"] = "Forslag B"
    (stime,) = [line for line in changed["lines"] if line["id"] == "stime"]
    stime["scale"] = 0.5
    return changed


def test_totals_differ_and_are_marked(base):
    frames = cmp.compare([evaluate_document(base), evaluate_document(with_stime_halved(base))],
                         ["Forslag A", "Forslag B"])
    totals = frames["totals"]
    assert totals.index.tolist() == [label for label, _ in cmp.TOTALS]
    assert list(totals.columns) == ["Forslag A", "Forslag B", "Forskel til Forslag A"]
    assert totals.loc["Klyngemidler"].tolist() == [8_805_192, 8_805_192, 0]
    assert totals.loc["Disponibelt", "Forslag A"] == 8_805_192 - 250_000
    assert totals.loc["Fordelt"].tolist() == [4_000_000, 2_000_000, -2_000_000]
    assert totals.loc["Rest", "Forskel til Forslag A"] == 2_000_000
    assert totals.loc["Regionen betaler"].tolist() == [2_000_000, 1_000_000, -1_000_000]

    mask = cmp.difference_mask(totals)
    assert mask.to_dict() == {
        "Klyngemidler": False, "Pulje (H)": False, "Disponibelt": False, "Fordelt": True, "Rest": True,
        "Regionen betaler": True, "Kommunerne betaler": True,
    }


def test_focus_areas_municipalities_and_findings(base):
    frames = cmp.compare([evaluate_document(base), evaluate_document(with_stime_halved(base))], ["A", "B"])
    areas = frames["focus_areas"]
    assert areas.loc[MENTAL, ["A", "B", "Forskel til A"]].tolist() == [4_000_000, 2_000_000, -2_000_000]
    assert areas.loc[MENTAL, cmp.share_column("A")] == 1.0
    assert cmp.difference_mask(areas).to_dict() == {"Den ældre medicinske patient": False, MENTAL: True}

    municipalities = frames["municipalities"]
    assert len(municipalities) == 8
    assert municipalities.loc["Allerød", "A"] == 342_004  # 500.000 received − 157.996 paid
    assert cmp.difference_mask(municipalities).all()

    findings = frames["findings"]
    assert findings.loc["Advarsler i alt", ["A", "B"]].tolist() == [2, 2]
    assert findings.loc["Fejl i alt", "A"] == 0
    assert not cmp.difference_mask(findings).any()

    messages = frames["finding_messages"]
    assert list(messages.columns) == ["Scenarie", "Princip", "Alvor", "Besked", cmp.IN_ALL]
    assert len(messages) == 4
    # The share warning on the elderly area is the same in both; the one naming 4.000.000 kr. is not.
    assert cmp.difference_mask(messages).tolist() == [False, True, False, True]


def test_three_scenarios_errors_and_missing_rows(base):
    over_budget = copy.deepcopy(base)
    over_budget["name"] = "Forslag C"
    for line in over_budget["lines"]:
        line["included"] = True
        line["scale"] = 3.0
    fewer = copy.deepcopy(base)
    fewer["municipalities"] = fewer["municipalities"][:-1]
    for line in fewer["lines"]:
        line["recipients"] = [r for r in line["recipients"] if r["municipality"] != "Hørsholm"]
    results = [evaluate_document(d) for d in (base, fewer, over_budget)]
    frames = cmp.compare(results, ["Forslag A", "Forslag A", "Forslag C"])

    totals = frames["totals"]
    assert list(totals.columns) == [
        "Forslag A", "Forslag A (2)", "Forslag C", "Forslag A (2) − Forslag A", "Forslag C − Forslag A"
    ]
    assert totals.loc["Fordelt", "Forslag C"] == results[2]["allocated_dkk"] > 8_555_192
    assert frames["findings"].loc["Fejl i alt", "Forslag C"] >= 1
    assert cmp.difference_mask(frames["findings"]).loc["Fejl i alt"]
    assert "Princip B – fejl" in frames["findings"].index

    municipalities = frames["municipalities"]
    assert math.isnan(municipalities.loc["Hørsholm", "Forslag A (2)"])
    assert cmp.difference_mask(municipalities).loc["Hørsholm"]


def test_differs_and_arguments():
    assert not cmp.differs([1, 1, 1])
    assert cmp.differs([1, 2])
    assert not cmp.differs([math.nan, None, pd.NA])
    assert cmp.differs([1, math.nan])
    assert not cmp.differs([0.1 + 0.2, 0.3])
    with pytest.raises(ValueError, match="to eller tre"):
        cmp.compare([{}], ["A"])
    with pytest.raises(ValueError, match="ét navn"):
        cmp.compare([{}, {}], ["A"])


def test_frames_keep_their_scenarios_through_pickling(base):
    """st.cache_data pickles frames; the mask must still work afterwards."""
    frames = cmp.compare([evaluate_document(base), evaluate_document(with_stime_halved(base))], ["A", "B"])
    restored = pickle.loads(pickle.dumps(frames["totals"]))
    assert cmp.difference_mask(restored).equals(cmp.difference_mask(frames["totals"]))


def test_compare_saved_scenarios(fresh_db, base):
    """The page's path: two saved scenarios loaded from the store and compared."""
    db = store_module.Store(fresh_db)
    try:
        first, _ = repo.save(db, base, author="Mette")
        second, _ = repo.save(db, with_stime_halved(base), author="Jens")
        loaded = [repo.load(db, scenario_id) for scenario_id in (first, second)]
    finally:
        db.close()
    frames = cmp.compare([evaluate_document(s["document"]) for s in loaded], [s["name"] for s in loaded])
    assert frames["totals"].loc["Fordelt", "Forskel til Forslag A"] == -2_000_000
    assert cmp.difference_mask(frames["totals"]).sum() == 4


def test_the_chair_picks_the_base_and_only_differing_cells_are_marked(base):
    results = [evaluate_document(base), evaluate_document(with_stime_halved(base))]
    frames = cmp.compare(results, ["Forslag A", "Forslag B"], base=1)
    totals = frames["totals"]
    assert list(totals.columns) == ["Forslag A", "Forslag B", "Forskel til Forslag B"]
    assert totals.loc["Fordelt", "Forskel til Forslag B"] == 2_000_000  # A minus the base B
    cells = cmp.difference_cells(totals)
    assert cells.loc["Fordelt"].tolist() == [True, False, True]  # the base's own cell is not marked
    assert not cells.loc["Klyngemidler"].any()
    areas = cmp.difference_cells(frames["focus_areas"])
    assert areas.loc[MENTAL, "Forslag A"] and not areas.loc[MENTAL, cmp.share_column("Forslag A")]  # 100 % in both
    with pytest.raises(ValueError, match="Basis"):
        cmp.compare(results, ["A", "B"], base=2)


def test_findings_as_sentences(base):
    over = copy.deepcopy(base)
    over["name"] = "Forslag C"
    for line in over["lines"]:
        line["included"], line["scale"] = True, 3.0
    results = [evaluate_document(base), evaluate_document(over)]
    sentences = cmp.finding_sentences(results, ["Forslag A", "Forslag C"])
    assert sentences[0] == ("Forslag A (basis) har 0 fejl og 2 advarsler. Kontrol af principperne: D brudt; "
                            "D ikke besluttet; A, B, D og E overholdt.")
    assert sentences[1].startswith("Forslag C har ") and "fejl" in sentences[1]
    assert any(s.startswith("Kun i Forslag C: princip B (fejl): ") for s in sentences)
    assert all(s.endswith(".") for s in sentences)
    same = cmp.finding_sentences([results[0], results[0]], ["A", "B"])
    assert same[1] == "B har 0 fejl og 2 advarsler ligesom basis. Kontrol af principperne: som basis."
    assert same[-1] == "2 bemærkninger er ens i alle scenarier."


def test_a_body_without_rules_is_not_said_to_be_in_order(store):
    """Nordjylland-Vest decided no rules and lists no funds: its proposals have no findings,
    which the comparison said as "ingen fejl og ingen advarsler" and nothing more, read as a
    clean bill beside principles nobody decided. It now says what the checks found."""
    document = scenario_source.from_store(store, "nordjylland-vest", decided_only=False, name="Forslag A")
    result = evaluate_document(document)
    assert cmp.finding_sentences([result, result], ["A", "B"])[0] == (
        "A (basis) har ingen fejl og ingen advarsler. Kontrol af principperne: B ikke muligt; "
        "A, D og E ikke besluttet.")


def test_the_comparison_says_why_a_total_is_empty(store):
    """Nordjylland-Vest lists no funds and decided no financing: the comparison shows
    "ikke angivet" and "ikke beregnet" in words, never a dash or 0 kr.; a scenario with the
    chair's expected funds shows its figure beside it."""
    from ui.scenario_panels import _compare_view

    def unescape(value: str) -> str:
        return value.replace("\\", "")

    plain = scenario_source.from_store(store, "nordjylland-vest", name="Uden midler")
    expected = copy.deepcopy(plain)
    expected["name"] = "Med forventede midler"
    expected["funds"] = [{"year": 2024, "party": "region", "amount_dkk": 2_000_000, "expected": True}]
    frames = cmp.compare([evaluate_document(plain), evaluate_document(expected)], ["Uden midler", "Med"])
    view = _compare_view(frames["totals"], None).data  # Markdown-escaped, as st.table shows it
    shown = view.map(unescape).set_axis(view.index.map(unescape))
    # The difference to a total that is not given cannot be computed.
    assert shown.loc["Klyngemidler"].tolist() == ["ikke angivet", "2.000.000 kr.", "ikke beregnet"]
    assert shown.loc["Rest"].tolist()[0] == "ikke angivet"
    assert shown.loc["Regionen betaler"].tolist() == ["ikke beregnet"] * 3
    assert shown.loc["Fordelt"].tolist() == ["1.120.000 kr.", "1.120.000 kr.", "0 kr."]
    assert shown.loc["Pulje (H)"].tolist()[:2] == ["ikke besluttet"] * 2  # Vest decided no pool
    marks = cmp.difference_cells(frames["totals"])  # what the page highlights
    assert marks.loc["Klyngemidler"].tolist() == [False, True, True]  # not given against 2.000.000 kr.
    assert not marks.loc["Pulje (H)"].any() and not marks.loc["Regionen betaler"].any()  # equal: nothing


def test_what_rests_on_the_chairs_assumption_says_so(store):
    """Nordjylland-Vest decided no pool and no region share. A proposal in which the chair
    assumes both showed "50.000 kr." beside "ikke besluttet" as if decided, and the
    difference column read "ikke besluttet"."""
    from ui.scenario_panels import _compare_view

    plain = scenario_source.from_store(store, "nordjylland-vest", name="Uden antagelser")
    assumed = copy.deepcopy(plain)
    assumed["settings"].update(pool_dkk=50_000, region_share=0.5, assumed=["pool_dkk", "region_share"])
    frames = cmp.compare([evaluate_document(plain), evaluate_document(assumed)], ["Uden", "Med"])
    view = _compare_view(frames["totals"], None).data
    shown = view.map(lambda v: v.replace("\\", "")).set_axis(view.index.map(lambda v: v.replace("\\", "")))
    assert shown.loc["Pulje (H)"].tolist() == ["ikke besluttet", "50.000 kr. (antaget)", "ikke beregnet"]
    assert shown.loc["Regionen betaler"].tolist() == ["ikke beregnet", "560.000 kr. (antaget)", "ikke beregnet"]
    assert shown.loc["Kommunerne betaler"].tolist()[1] == "560.000 kr. (antaget)"
    assert shown.loc["Fordelt"].tolist()[1] == "1.120.000 kr."  # not resting on an assumption


def test_a_scenario_with_a_line_without_cost_allocates_at_least():
    from tests.test_scenario_tables import with_unpriced_line

    known, unknown = with_unpriced_line(stime_included=True), with_unpriced_line()
    known["lines"] = known["lines"][:1]  # the same money without the line lacking a cost
    totals = cmp.compare([evaluate_document(known), evaluate_document(unknown)], ["A", "B"])["totals"]
    assert totals.attrs["unpriced"] == {"B": ["Tidlig opsporing"]}
    assert cmp.total_text(totals, "Fordelt", "B", 4_000_000, dkk) == "mindst 4.000.000 kr."
    assert cmp.total_text(totals, "Rest", "B", 750_000, dkk) == "højst 750.000 kr."
    assert cmp.total_text(totals, "Rest", "B", -50_000, dkk) == "højst -50.000 kr."  # as the page says it
    assert cmp.total_text(totals, "Regionen betaler", "B", 2_000_000, dkk) == "mindst 2.000.000 kr."
    assert cmp.total_text(totals, "Kommunerne betaler", "B", 2_000_000, dkk) == "mindst 2.000.000 kr."
    assert cmp.total_text(totals, "Fordelt", "A", 4_000_000, dkk) == "4.000.000 kr."
    assert cmp.total_text(totals, "Fordelt", "B", 0, dkk) == "ikke angivet"
    assert cmp.partial_sentence(totals) == (
        "Med uden angivet beløb: «Tidlig opsporing» i B. Forskellene, fokusområderne og kommunerne regner kun "
        "med de angivne beløb.")
    exact = cmp.compare([evaluate_document(known), evaluate_document(known)], ["A", "B"])["totals"]
    assert cmp.partial_sentence(exact) is None


def test_a_focus_area_whose_own_line_has_no_cost_allocates_at_least():
    """Hovedstaden-Midt's elderly area holds kateterpleje (no cost): not "0 kr." in the
    comparison, while the other area's given amount stays exact."""
    from tests.test_scenario_tables import with_unpriced_line

    document = with_unpriced_line(stime_included=False)
    document["focus_areas"].append({"id": "andet", "name": "Andet", "target_share": None})
    document["lines"][0].update(focus_area="andet", included=True)
    areas = cmp.compare([evaluate_document(document)] * 2, ["A", "B"])["focus_areas"]
    assert cmp.total_text(areas, "…", "B", 0, dkk) == "ikke angivet"
    assert cmp.total_text(areas, "Andet", "B", 4_000_000, dkk) == "4.000.000 kr."


def test_the_totals_say_which_scenarios_count_expected_money(base):
    """A chair's "Forventet tildeling" is in the funds total; under it, the page says how much
    of each scenario's funds is only expected (the room sees no control saying so)."""
    from core import scenario_edit

    expected = scenario_edit.with_expected_funds(copy.deepcopy(base), {2026: 3_000_000})
    assert cmp.expected_sentence([base, expected], ["A", "B"]) == (
        "Heraf forventet, men ikke besluttet: 3.000.000 kr. i B.")
    assert cmp.expected_sentence([base, base], ["A", "B"]) is None


def test_a_difference_is_signed():
    assert [cmp.difference_text(v, dkk) for v in (150_000, -150_000, 0)] == ["+150.000 kr.", "-150.000 kr.", "0 kr."]
