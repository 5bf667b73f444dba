"""core.catalogue and core.meetings against the store built from data/ (real facts from the
seeds: 000 Hovedstaden-Nord, 001 Hovedstaden-Midt, 002 Nordjylland-Nord, 003 Vest, 004 KL)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core import catalogue, curated, meetings, privacy, provenance
from tests.conftest import ROOT

MEETING_CLUSTERS = ("hovedstaden-nord", "hovedstaden-midt", "nordjylland-nord", "nordjylland-vest")
NN_MEETING = "nordjylland-nord-2025-05-28-faglig"
HN_MEETING = "hovedstaden-nord-2023-05-10-politisk"
VEST_MEETING = "nordjylland-vest-2023-05-10-politisk"


# -- meetings ------------------------------------------------------------------------------
def test_four_meetings_with_their_item_counts(store):
    counts = {c: meetings.meetings(store, c)["items"].tolist() for c in MEETING_CLUSTERS}
    assert counts == {
        "hovedstaden-nord": [7],
        "hovedstaden-midt": [6],
        "nordjylland-nord": [8],
        "nordjylland-vest": [5],
    }


def test_meeting_display_text(store):
    nn = meetings.meetings(store, "nordjylland-nord").iloc[0]
    assert nn["meeting_id"] == NN_MEETING
    assert str(nn["meeting_date"])[:10] == "2025-05-28"
    assert nn["date_text"] == "28. maj 2025"
    assert nn["level_text"] == "Faglig"
    assert nn["location_text"] == "Hjørring Rådhus, lokale 329"
    assert nn["label"] == "28. maj 2025 · Faglig Sundhedsklynge Nord"
    midt = meetings.meetings(store, "hovedstaden-midt").iloc[0]
    assert midt["date_text"] == "Dato ikke angivet"
    assert midt["location_text"] == "ikke angivet"
    assert "23. november 2022" in midt["date_note"]


def test_cluster_without_meetings_gives_empty_frames(store):
    assert meetings.meetings(store, "nordjylland-midt").empty
    assert meetings.decisions(store, "nordjylland-midt").empty
    assert meetings.item_type_counts(store, "nordjylland-midt").empty


def test_vest_item_numbers_keep_the_gap(store):
    assert meetings.agenda(store, VEST_MEETING)["item_no"].tolist() == ["1", "2", "3", "4", "6"]


def test_agenda_labels(store):
    labels = meetings.agenda(store, HN_MEETING)["label"].tolist()
    assert labels[1] == "Punkt 2 · Principper for fordeling af klyngemidler (B: Beslutning)"
    assert labels[4].endswith("(D: Drøftelse)")
    assert labels[6] == "Punkt 7 · Eventuelt"


def test_participants_and_afbud(store):
    vest = meetings.participants(store, VEST_MEETING)
    assert len(vest) == 20
    assert sorted(vest.loc[vest["status"] == "Afbud", "name"]) == [
        "Hans Ejner Bertelsen", "Henrik Gregersen", "Knut Rønning", "Lina Hundebøll Jespersen", "Vibeke Gamst",
    ]
    nn = meetings.participants(store, NN_MEETING)
    assert (len(nn), int((~nn["attended"]).sum())) == (16, 2)
    assert meetings.participants(store, HN_MEETING).empty  # seed 000 lists nobody
    for frame in (vest, nn):
        assert not frame.drop(columns="attended").fillna("").apply(lambda col: col.str.contains("@")).any().any()


def test_initiatives_decided_at_the_meeting(store):
    decided = meetings.decided_initiatives(store, "hovedstaden-nord", HN_MEETING)
    assert set(decided["initiative_id"]) == {"stime", "kit"}
    assert decided.set_index("initiative_id").loc["stime", "budget_dkk"] == 4_000_000
    vest = meetings.decided_initiatives(store, "nordjylland-vest", VEST_MEETING)
    assert set(vest["initiative_id"]) == {"nv-forebyggelige-genindlaeggelser", "nv-unge-paa-vej"}
    assert meetings.decided_initiatives(store, "nordjylland-nord", NN_MEETING).empty


def test_decisions_across_the_cluster(store):
    hn = meetings.decisions(store, "hovedstaden-nord")
    assert len(hn) == 7
    assert hn.iloc[1]["decision_short"] == "Politisk sundhedsklynge Nord godkendte indstillingen."
    vest = meetings.decisions(store, "nordjylland-vest")
    assert vest["item_no"].tolist() == ["2", "3", "4", "6"]  # punkt 1 (Deltagere) has no decision
    assert set(vest["date_text"]) == {"10. maj 2023"}


def test_item_type_counts(store):
    counts = meetings.item_type_counts(store, "hovedstaden-nord")
    assert dict(zip(counts["type_text"], counts["items"])) == {
        "B: Beslutning": 3, "D: Drøftelse": 1, "O: Orientering": 2, "Uden type": 1,
    }
    assert set(counts["meeting_label"]) == {"10. maj 2023 · Politisk"}


def test_source_text_redacts_emails():
    raw = (ROOT / "data" / "sources" / "003_8ce13542b95a5fde.txt").read_text(encoding="utf-8")
    assert "@" in raw
    shown = provenance.source_text("003_8ce13542b95a5fde.txt")
    assert "Referat politisk møde Sundhedsklynge Vest" in shown
    assert "@" not in shown
    assert shown.count(privacy.EMAIL_REPLACEMENT) == 20


@pytest.mark.parametrize("name", ["", ".", "..", "../pyproject.toml", "sources/000_4c393243a3be118f.txt",
                                  "..\\x.txt", "/etc/passwd"])
def test_source_text_rejects_paths(name):
    with pytest.raises(ValueError):
        provenance.source_text(name)


def test_source_text_missing_file():
    with pytest.raises(ValueError, match="findes ikke"):
        provenance.source_text("findes-ikke.txt")


def test_display_helpers():
    assert meetings.date_text(None) == "Dato ikke angivet"
    assert meetings.item_label("4", "Eventuelt", None) == "Punkt 4 · Eventuelt"
    assert meetings.item_label("1", "Godkendelse", "O") == "Punkt 1 · Godkendelse (O: Orientering)"
    assert meetings.shorten("Kort.\n\nAndet afsnit.") == "Kort."
    long = meetings.shorten("ord " * 100, limit=20)
    assert long.endswith(" …") and len(long) <= 22


# -- catalogue -----------------------------------------------------------------------------
def test_catalogue_counts(store):
    assert catalogue.counts(store) == {"themes": 7, "ideas": 51}
    themes = catalogue.themes(store)
    assert themes["ideas"].tolist() == [7, 8, 9, 6, 8, 8, 5]
    assert themes.iloc[0]["label"] == "Tema 1 · Den ældre medicinske patient"


def test_theme_ideas_with_links(store):
    ideas = catalogue.theme_ideas(store, 1)
    assert ideas["idea_no"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert ideas.iloc[0]["links"][0].startswith("https://www.naestved.dk/")
    assert ideas.iloc[4]["links"] == []
    assert sum(len(links) for t in range(1, 8) for links in catalogue.theme_ideas(store, t)["links"]) == 50


def test_theme_indicators(store):
    first = catalogue.theme_indicators(store, 1)
    assert sorted(first["value_text"]) == ["17 %", "20 %", "3.500"]
    assert all(s.startswith("004_2375811468b4594b.txt › Tema 1 ") for s in first["source"])
    assert len(catalogue.theme_indicators(store, 5)) == 6
    assert catalogue.theme_indicators(store, 2).empty


def test_links_are_made_safe():
    assert catalogue.link_target("javascript:alert(1)") is None
    assert catalogue.link_target("/relative/path") is None
    assert catalogue.link_target("https://x.dk/a (b)") == "https://x.dk/a%20%28b%29"
    assert catalogue.link_target("https://x.dk/%C3%A5") == "https://x.dk/%C3%A5"
    assert catalogue.link_label("https://www.kl.dk/media/x.pdf") == "kl.dk"
    assert curated.source_document("004_2375811468b4594b.txt › Tema 1 X") == "004_2375811468b4594b.txt"


def test_core_modules_import_without_streamlit():
    code = "import sys, core.catalogue, core.meetings; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
