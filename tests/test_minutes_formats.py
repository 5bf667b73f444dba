"""The importer on minutes written in the tests, in every format it reads, and on every
kind of file it must refuse (one Danish sentence, never a traceback)."""

from __future__ import annotations

import io
import re

import pytest

from bench.minutes_pdf import text_pdf
from core.minutes import MAX_BYTES, UnreadableFile, ingest_file, ingest_text, to_store_rows
from core.schema import AGENDA_ITEM, MEETING, PARTICIPANT
from minutes_samples import EXPECTED_ITEMS, WRITERS

BODIES = [{"id": "hovedstaden-nord", "name": "Sundhedsklynge Nord", "region": "Region Hovedstaden"},
          {"id": "nordjylland-nord", "name": "Sundhedsklynge Nord", "region": "Region Nordjylland"}]


@pytest.fixture(scope="module", params=sorted(WRITERS))
def imported(request, tmp_path_factory):
    path = WRITERS[request.param](tmp_path_factory.mktemp(request.param) / f"referat.{request.param}")
    return request.param, ingest_file(path, bodies=BODIES)


def test_meeting_head(imported):
    kind, meeting = imported
    assert meeting.body_id == "hovedstaden-nord", kind
    assert meeting.title == "Politisk Sundhedsklynge Nord"
    assert str(meeting.meeting_date) == "2023-05-10"
    assert meeting.location == "Nordsjællands Hospital, mødelokale 2"
    assert meeting.warnings == []


def test_items_numbers_as_printed_and_titles(imported):
    """"38Godkendelse af dagsorden" glued in the PDF; gaps (39 → 41) are fine; a title that
    begins "Beslutning om" is a title; the numbered list inside the Indstilling is no item."""
    kind, meeting = imported
    assert [(i.no, i.title) for i in meeting.items] == EXPECTED_ITEMS, kind


def test_sections_recommendation_decision_and_amounts(imported):
    kind, meeting = imported
    stime = meeting.items[1]
    rec = " ".join(re.sub(r"^- ", "", ln) for ln in stime.recommendation.splitlines())
    assert rec == "at der bevilges 1,4 mio. kr. til STIME, og 1. at kommunerne følger op 2. at status gives"
    assert stime.decision == "Godkendt med 0,26 mio. kr. til evaluering."
    assert "Udgiften er 12.581 t.kr." in stime.sections["Sagsfremstilling"]  # "Udgif-\nten" joined in the PDF
    assert [(a.dkk, a.section) for a in stime.amounts] == [
        (12_581_000, "Sagsfremstilling"), (1_400_000, "Indstilling"), (260_000, "Beslutning")]
    assert "1,4 mio. kr." in stime.amounts[1].text
    assert meeting.items[2].recommendation is None and meeting.items[2].decision == "Intet."


def test_personal_data_never_comes_out(imported):
    kind, meeting = imported
    dumped = str(meeting.to_json("x")) + meeting.text
    assert "@" not in dumped and "12 34 56 78" not in dumped
    assert "[telefonnummer fjernet]" in meeting.items[1].sections["Sagsfremstilling"]


def test_participants_and_afbud(imported):
    kind, meeting = imported
    assert [p.to_json() for p in meeting.participants] == [
        {"name": "Mette Hansen", "role": "Borgmester, Allerød Kommune", "attended": True},
        {"name": "Lars Jensen", "role": "Regionsrådsmedlem, Region Hovedstaden", "attended": False},
    ], kind


def test_store_rows_have_the_curated_tables_columns(imported):
    _, meeting = imported
    rows = to_store_rows(meeting, source="referat.pdf")
    assert [list(r) for r in rows["meetings"]] == [[c.name for c in MEETING.columns]]
    assert rows["meetings"][0]["meeting_id"] == "hovedstaden-nord-2023-05-10-politisk"
    assert [r["item_no"] for r in rows["agenda_items"]] == ["38", "39", "41"]
    assert set(rows["agenda_items"][0]) == {c.name for c in AGENDA_ITEM.columns}
    assert rows["agenda_items"][1]["body"].startswith("SAGSFREMSTILLING")
    assert [(r["name"], r["attended"]) for r in rows["participants"]] == [("Mette Hansen", True), ("Lars Jensen", False)]
    assert set(rows["participants"][0]) == {c.name for c in PARTICIPANT.columns}


# --- what the parser must not guess ------------------------------------------------------

def test_list_in_an_indstilling_that_reaches_the_next_number_is_no_item():
    text = "\n".join([
        "Referat 5. januar 2023", "1. Godkendelse af dagsorden", "Beslutning", "Godkendt.",
        "2. Projekt om genindlæggelser", "Indstilling", "Det indstilles, at klyngen:",
        "1. Godkender projektet", "2. Godkender kr. 500.000 i 2023", "3. Beder om status", "Beslutning", "Godkendt.",
        "3. Eventuelt", "Beslutning", "Intet.",
    ])
    meeting = ingest_text(text)
    assert [(i.no, i.title) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden"), ("2", "Projekt om genindlæggelser"), ("3", "Eventuelt")]
    assert meeting.items[1].recommendation.splitlines()[-1] == "3. Beder om status"
    assert [a.dkk for a in meeting.items[1].amounts] == [500_000]
    assert str(meeting.meeting_date) == "2023-01-05"


def test_blank_decision_with_the_decision_in_the_case_is_flagged_not_guessed():
    text = "\n".join([
        "Referat", "Mødedato: 28-05-2025", "4. Indsats for unge - beslutning", "INDSTILLING",
        "at klyngen godkender indsatsen.", "POLITISK BEHANDLING", "Udvalgets beslutning:", "", "SAGSFREMSTILLING",
        "Indsatsen er beskrevet i bilaget.", "Politisk sundhedsklynge Nord godkendte indstillingen.",
    ])
    meeting = ingest_text(text)
    item = meeting.items[0]
    assert (item.no, item.title, item.item_type, item.decision) == ("4", "Indsats for unge", "B", None)
    assert any("feltet Beslutning er tomt" in w and "godkendte indstillingen" in w for w in meeting.warnings)


def test_excerpt_that_ends_mid_item_is_flagged():
    text = "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n2. Budget 2024\nSagsfremstilling\nUdgifterne til"
    meeting = ingest_text(text)
    assert any("slutte midt i punkt 2" in w for w in meeting.warnings)
    assert any("Mødedatoen står ikke" in w for w in meeting.warnings)


def test_ambiguous_body_is_left_unset_with_a_warning():
    meeting = ingest_text("Referat Sundhedsklynge Nord 10. maj 2023\n1. Eventuelt\nBeslutning\nIntet.", bodies=BODIES)
    assert meeting.body_id is None
    assert any("passer på flere organer" in w for w in meeting.warnings)
    chosen = ingest_text("Referat Sundhedsklynge Nord\n1. Eventuelt", bodies=BODIES, body_id="nordjylland-nord")
    assert chosen.body_id == "nordjylland-nord"


def test_no_items_is_said():
    assert any("ingen nummererede punkter" in w.lower() or "ikke fundet nogen" in w
               for w in ingest_text("Bare en tekst uden punkter.").warnings)


# --- files it must refuse ----------------------------------------------------------------

def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf([["1. Godkendelse af dagsorden"]]))))
    writer.encrypt("hemmelig", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD = {
    "scannet.pdf": (lambda: text_pdf([["x"] * 30, ["y"] * 30], image_only=True), "ingen tekst"),
    "krypteret.pdf": (_encrypted_pdf, "krypteret"),
    "beskadiget.pdf": (lambda: b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF", "beskadiget"),
    "regneark.xlsx": (lambda: b"PK\x03\x04" + b"\x00" * 100, "ukendt filformat"),
    "gammel.doc": (lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "ukendt filformat (.doc)"),
    "billede.png": (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "ukendt filformat"),
    "tom.html": (lambda: b"", "HTML-filen er tom"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_files_raise_one_danish_sentence(name, tmp_path):
    make, words = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(UnreadableFile) as caught:
        ingest_file(path)
    message = str(caught.value)
    assert words in message and "\n" not in message


def test_file_over_50_mb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "stor.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(UnreadableFile, match="grænsen er 50 MB"):
        ingest_file(path)


def test_pdf_with_one_scanned_page_is_read_with_a_warning(tmp_path):
    good = ["Referat Politisk Sundhedsklynge Nord", "Mødedato: 10. maj 2023", "1. Eventuelt", "Beslutning", "Intet at bemærke i dag."]
    path = tmp_path / "blandet.pdf"
    path.write_bytes(text_pdf([good + ["Side 1"]]))
    assert ingest_file(path).warnings == []
    pages = [good, ["x"] * 10]
    from pypdf import PdfReader, PdfWriter

    text_part = PdfReader(io.BytesIO(text_pdf(pages[:1])))
    scan_part = PdfReader(io.BytesIO(text_pdf(pages[1:], image_only=True)))
    writer = PdfWriter()
    for page in [*text_part.pages, *scan_part.pages]:
        writer.add_page(page)
    with path.open("wb") as handle:
        writer.write(handle)
    meeting = ingest_file(path)
    assert meeting.pages == 2
    assert meeting.warnings[0] == "Side 2 har ingen tekst (scannet?) og er ikke læst."


def test_progress_is_reported_per_page(tmp_path):
    path = tmp_path / "tre.pdf"
    path.write_bytes(text_pdf([["1. Eventuelt", "Beslutning", "Intet at bemærke her."]] * 3))
    seen = []
    ingest_file(path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
