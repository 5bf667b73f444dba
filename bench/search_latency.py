"""How fast the Danish search answers, on a synthetic corpus of 10.000 documents built from
our own texts (the sentences of data/sources, shuffled into documents of 3–12 sentences).

Measures, in one run:
- the index build for the corpus (target ≤ 10 s);
- per query, `SearchIndex.search` (analysis, compound parts, fuzzy terms for unknown words,
  BM25 ranking, snippets with highlights, suggestion) against the bare library: tantivy's
  own query parser on the same index with the same words, fetching the same number of stored
  documents. Calls are interleaved so both see the same machine load. Targets: p95 ≤ 20 ms
  and within 2× the bare query's p95.

    python bench/search_latency.py [--docs 10000] [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from core import provenance, search  # noqa: E402
from core.search_documents import KINDS, SearchDocument  # noqa: E402

QUERIES = [
    "genindlæggelse", "indlæggelser", "plejehjemslæge", "sundhedsprofil", "børn unge mentale",
    "forebyggelige indlæggelser", "STIME", "1813", "boern mental", "genindlæggleser", "akutmodtagelse",
    "praktiserende læger", "rygning", "udskrivelse", "tværsektorielt samarbejde",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def corpus(size: int, seed: int = 11) -> list[SearchDocument]:
    """`size` documents of 3–12 sentences drawn from our source texts (deterministic)."""
    rng = random.Random(seed)
    text = " ".join(provenance.source_text(name) for name in provenance.source_files())
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.split()) >= 4]
    kinds = list(KINDS)
    documents = []
    for number in range(size):
        chosen = rng.sample(sentences, rng.randint(3, 12))
        title = " ".join(chosen[0].split()[:8])
        documents.append(SearchDocument(kinds[number % len(kinds)], f"doc-{number}", title, " ".join(chosen),
                                        f"body-{number % 17}", 2022 + number % 5, f"/x?id={number}"))
    return documents


def compiled(index: search.SearchIndex, query: str):
    """The query ours sends to the library (analysed, compound and fuzzy clauses), made once."""
    import tantivy

    words = index.analyse(query)
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, index._word_query(w, fuzzy=not index.known(w.term))) for w in words]
    )


def bare_query(index: search.SearchIndex, query, limit: int = 10) -> int:
    """The library alone on the same index and the same query: search, fetch the stored
    hits and make each one's snippet with the library's own snippet generator."""
    import tantivy

    hits = index.searcher.search(query, limit=limit, count=False).hits
    snippets = tantivy.SnippetGenerator.create(index.searcher, query, index.schema, "text")
    return len([snippets.snippet_from_doc(index.searcher.doc(address)).fragment() for _, address in hits])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    documents = corpus(args.docs)
    started = time.perf_counter()
    index = search.SearchIndex(documents)
    build_s = time.perf_counter() - started

    queries = {query: compiled(index, query) for query in QUERIES}
    for query in QUERIES:  # warm both paths once
        index.search(query, limit=10)
        bare_query(index, queries[query])
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        for query in QUERIES:
            t0 = time.perf_counter()
            index.search(query, limit=10)
            t1 = time.perf_counter()
            bare_query(index, queries[query])
            t2 = time.perf_counter()
            ours.append((t1 - t0) * 1000)
            bare.append((t2 - t1) * 1000)
    result = {
        "documents": len(documents),
        "build_s": round(build_s, 2),
        "queries": len(ours),
        "search_ms": {"p50": round(statistics.median(ours), 2), "p95": round(percentile(ours, 0.95), 2)},
        "bare_library_ms": {"p50": round(statistics.median(bare), 2), "p95": round(percentile(bare, 0.95), 2)},
    }
    result["ratio_p95"] = round(result["search_ms"]["p95"] / result["bare_library_ms"]["p95"], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
