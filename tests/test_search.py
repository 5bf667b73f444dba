"""The Danish search: queries written from our own texts with the hits each must return in
its top 10 (inflections, compounds, spelling variants, two words, a typo), the analysis, the
CLI's JSON and exit codes, and that the index follows the store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import search
from core import search_analysis as da

ROOT = Path(__file__).resolve().parent.parent

# query → ids that must be among the top 10 hits.
EXPECTED_TOP10 = {
    # inflection: the singular finds the plural and the definite forms
    "indlæggelser": ["hn-noh-akutmodtagelse-timer-foer-indlaeggelse", "hovedstaden-nord-2023-05-10-politisk#5"],
    # compound from its part: "indlæggelse" finds "genindlæggelser"
    "indlæggelse": ["nv-forebyggelige-genindlaeggelser", "kat-genindlaeggelser-80plus-inden-3-doegn"],
    "genindlæggelse": ["kat-genindlaeggelser-80plus-30-dage", "tema-1", "forslag-1-3"],
    # part of a compound finds the compound: plejehjemslæge → plejehjemslægeordning (forslag 1.4)
    "plejehjemslæge": ["forslag-1-4", "hn-plejehjem-med-plejehjemslaege"],
    # Danskernes Sundhedsprofil: theme 5 and the indicators that cite it
    "sundhedsprofil": ["tema-5", "tema-4", "kat-daglig-rygning-grundskole-maend"],
    # æ/ø/å written as ae/oe/aa
    "plejehjemslaege": ["forslag-1-4"],
    "boern mental": ["tema-4", "stime"],
    # two words
    "børn unge mentale": ["tema-4", "stime", "hovedstaden-nord-2023-05-10-politisk#3"],
    "forebyggelige indlæggelser": ["nv-forebyggelige-genindlaeggelser", "nordjylland-vest-2023-05-10-politisk#2"],
    "STIME": ["stime", "hm-stime-udbredelse"],
    "1813": ["hn-1813-henvendelser"],
}


@pytest.fixture(scope="module")
def index(store):
    return search.index_for(store)


@pytest.mark.parametrize("query", sorted(EXPECTED_TOP10))
def test_danish_queries_find_their_hits(store, query):
    ids = [hit.id for hit in search.search(store, query, limit=10).hits]
    missing = [wanted for wanted in EXPECTED_TOP10[query] if wanted not in ids]
    assert not missing, f"{query!r}: {missing} not in top 10 {ids}"


def test_title_weighs_more_than_text(store):
    hits = search.search(store, "kateterpleje", limit=5).hits
    assert hits[0].id == "hm-kateterpleje"


def test_typo_gets_a_suggestion(store):
    result = search.search(store, "genindlæggleser")
    assert result.suggestion == "genindlæggelser"


def test_known_words_get_no_suggestion(store):
    assert search.search(store, "genindlæggelser").suggestion is None


def test_snippet_highlights_the_matched_words(store):
    hit = next(h for h in search.search(store, "indlæggelse", limit=20).hits if h.id == "forslag-1-3")
    assert "**genindlæggelser**" in hit.snippet
    assert any(marked and text.lower().startswith("genindlæggelse") for text, marked in hit.pieces)


def test_filters_by_body_and_kind(store):
    hits = search.search(store, "indlæggelser", body_id="nordjylland-vest", limit=50).hits
    assert hits and all(h.body_id in ("nordjylland-vest", None) for h in hits)
    ideas = search.search(store, "indlæggelser", kind="idea", limit=50).hits
    assert ideas and {h.kind for h in ideas} == {"idea"}


def test_period_filter(store):
    hits = search.search(store, "indlæggelser", years=(2023, 2023), limit=50).hits
    assert hits and all(h.year == 2023 for h in hits)


def test_links_open_the_exact_place(store):
    hits = {h.id: h for h in search.search(store, "plejehjemslæge", limit=20).hits}
    assert hits["forslag-1-4"].link == "/idekatalog?tema=1&forslag=4"
    item = search.search(store, "forebyggelige indlæggelser", kind="agenda_item").hits[0]
    assert item.link.startswith("/moeder?klynge=nordjylland-vest&moede=nordjylland-vest-2023-05-10-politisk&punkt=")


@pytest.mark.parametrize("query", ["", "   ", "og det er", "!!! ???", "a" * 500])
def test_queries_the_search_cannot_take(store, query):
    with pytest.raises(search.SearchError):
        search.search(store, query)


def test_sql_text_is_just_words(store):
    result = search.search(store, "x'; DROP TABLE initiatives; --")
    assert isinstance(result.hits, list)
    assert store.scalar("SELECT count(*) FROM initiatives") > 0


def test_analysis_treats_spelling_variants_alike():
    assert da.terms("plejehjemslæge") == da.terms("plejehjemslaege")
    assert da.terms("Børn") == da.terms("boern")
    assert da.terms("idé") == da.terms("ide")
    assert da.stem("indlæggelserne") == da.stem("indlæggelse")


def test_compound_splitting(index):
    assert index.splitter.split(da.fold("genindlæggelser")) == ("gen", da.fold("indlæggelser"))
    assert da.fold("plejehjemslæge") in index.splitter.all_parts(da.fold("plejehjemslægeordning"))
    assert index.splitter.split("ordning") == ()


def test_index_follows_the_store(fresh_store):
    before = search.search(fresh_store, "STIME").hits
    with fresh_store.transaction() as cur:
        cur.execute("UPDATE base.initiatives SET name = 'Kvantespring i kaffemaskiner' WHERE initiative_id = 'kit'")
        cur.execute("UPDATE meta.build SET built_at = built_at + INTERVAL 1 SECOND")
    hits = search.search(fresh_store, "kaffemaskiner").hits
    assert [h.id for h in hits] == ["kit"]
    assert before


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory) -> Path:
    """A store of the CLI's own (the session store is held open by this process)."""
    from core import store as store_module

    path = tmp_path_factory.mktemp("search-cli") / "cli.duckdb"
    store_module.build(path)
    return path


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KLYNGEBLIK_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "core", "search", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_json(cli_db):
    run = _cli("genindlæggelse", "--json", "--limit", "5", db=cli_db)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["query"] == "genindlæggelse" and data["suggestion"] is None
    assert 0 < len(data["hits"]) <= 5
    first = data["hits"][0]
    assert set(first) == {"kind", "id", "title", "text", "snippet", "score", "body_id", "link"}
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert first["kind"] in search.KINDS


def test_cli_filters(cli_db):
    run = _cli("indlæggelser", "--json", "--kind", "indicator", "--body", "hovedstaden-nord", db=cli_db)
    hits = json.loads(run.stdout)["hits"]
    assert hits and {h["kind"] for h in hits} == {"indicator"}
    assert {h["body_id"] for h in hits} <= {"hovedstaden-nord", None}


@pytest.mark.parametrize("query", ["", "og", "%%%", "a" * 500])
def test_cli_refuses_with_one_danish_line(cli_db, query):
    run = _cli(query, db=cli_db)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fejl: ")
    assert "Traceback" not in run.stderr


def test_the_dictionary_weighs_words_by_wordfreq_s_zipf_frequency():
    """dictionary_counts reads wordfreq's frequency table instead of calling zipf_frequency
    for each word (which tokenizes it again): the weights must be the library's own."""
    from wordfreq import top_n_list, zipf_frequency

    counts = da.dictionary_counts()
    words = [w for w in top_n_list("da", 30_000) if len(w) >= da.MIN_PART and w.isalpha()]
    expected: dict[str, int] = {}
    for word in words[::40] + words[-50:]:  # a spread over the list, the rarest words too
        expected[da.fold(word)] = 0
    for word in words:
        folded = da.fold(word)
        if folded in expected:
            expected[folded] += max(1, round(zipf_frequency(word, "da") - 2))
    assert expected and all(counts[folded] == weight for folded, weight in expected.items())


def test_a_built_store_keeps_the_dictionary_the_index_would_read_from_wordfreq(store):
    """The build writes meta.search_dictionary (weights and stems), so the first index after a
    start reads it instead of loading wordfreq and stemming every word; the splitter it
    makes is the one wordfreq's list makes."""
    weights, stems = search.stored_dictionary(store)
    assert weights == da.dictionary_counts()
    assert stems == {word: stem for word, _, stem in da.dictionary_rows()}
    with store.held():
        documents = search.all_documents(store, search.source_texts())
    from_store = search.SearchIndex(documents, None, (weights, stems)).splitter
    from_wordfreq = search.SearchIndex(documents, None).splitter
    assert from_store.counts == from_wordfreq.counts
    assert from_store.stem_counts == from_wordfreq.stem_counts
    assert from_store.parts_text("plejehjemslægeordning genindlæggelser") == \
        from_wordfreq.parts_text("plejehjemslægeordning genindlæggelser")


def test_a_store_built_before_the_dictionary_was_kept_still_searches(fresh_store):
    with fresh_store.transaction() as cursor:
        cursor.execute(f"DROP TABLE {search.DICTIONARY_TABLE}")
    assert search.stored_dictionary(fresh_store) is None
    assert search.search(fresh_store, "genindlæggelser").hits
