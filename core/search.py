"""One Danish search over everything the store holds (`python -m core search`, the Søg page,
and the page searches of Idékatalog, Møder and Indikatorer).

The index and the ranking are tantivy's (BM25, in memory): see docs/search.md for why tantivy
rather than DuckDB's fts extension. The Danish analysis is `core.search_analysis`. The
index is built from the store's public views and rebuilt when the store changes
(`SearchIndex.generation`), so it follows `python -m core build` and every user entry or
import without a step of its own.

Query text never reaches SQL: it is analysed in Python and handed to tantivy as terms.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field

import tantivy

from core import search_analysis as da
from core.search_documents import KINDS, SearchDocument, all_documents
from core.search_kinds import SearchError

MAX_QUERY = 500
TITLE_BOOST = 3.0
PARTS_BOOST = 0.7
SNIPPET_WORDS = 28


@dataclass
class Hit:
    kind: str
    id: str
    title: str
    text: str
    snippet: str
    score: float
    body_id: str | None
    link: str
    year: int | None = None
    # The snippet as (text, highlighted) pieces, for pages that draw highlights themselves.
    pieces: list[tuple[str, bool]] = field(default_factory=list, repr=False)

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("pieces")
        data.pop("year")
        return data


@dataclass
class Result:
    query: str
    suggestion: str | None
    hits: list[Hit]

    def as_json(self) -> dict:
        return {"query": self.query, "suggestion": self.suggestion, "hits": [h.as_json() for h in self.hits]}


@dataclass(frozen=True)
class QueryWord:
    word: str
    term: str
    parts: tuple[str, ...]  # the terms of its compound parts, () when not a compound


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", stored=True, indexed=True)
    builder.add_text_field("kind", tokenizer_name="raw", stored=False)
    builder.add_text_field("body_id", tokenizer_name="raw", stored=False)
    builder.add_integer_field("year", indexed=True, fast=True)
    for name in ("title", "text", "parts"):
        builder.add_text_field(name, stored=name == "text", tokenizer_name=da.ANALYZER_NAME, index_option="position")
    return builder.build()


class SearchIndex:
    """An in-memory tantivy index over a list of documents."""

    def __init__(self, documents: list[SearchDocument], generation: object = None,
                 dictionary: tuple[Counter, dict[str, str]] | None = None):
        """`dictionary`: (weights, stems) of the dictionary words as a store keeps them
        (stored_dictionary); without it they come from wordfreq (da.dictionary_counts)."""
        self.documents = documents
        self.generation = generation
        self.schema = _schema()
        self.index = tantivy.Index(self.schema)
        self.index.register_tokenizer(da.ANALYZER_NAME, da.danish_analyzer())
        split = [da.words(f"{d.title} {d.text}") for d in documents]  # split once, used twice
        counts = self._counts(split)
        self._vocabulary_forms = self._forms(counts)
        weights, stems = dictionary if dictionary is not None else (da.dictionary_counts(), None)
        self.splitter = da.CompoundSplitter(self._folded(counts) + weights, stems)
        writer = self.index.writer(heap_size=64_000_000, num_threads=1)
        for number, document in enumerate(documents):
            writer.add_document(self._document(number, document, set(split[number])))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self._terms: dict[str, frozenset[str]] = {}
        self._token_cache: dict[int, list[tuple[int, int, str]]] = {}
        self._term_cache: dict[int, dict[str, set[str]]] = {}

    @staticmethod
    def _counts(split: list[list[str]]) -> Counter:
        """Lower-cased words of the documents with how often they occur."""
        counts: Counter[str] = Counter()
        for found in split:
            counts.update(w.lower() for w in found if w.isalpha())
        return counts

    @staticmethod
    def _folded(counts: Counter) -> Counter:
        folded: Counter[str] = Counter()
        for word, n in counts.items():
            folded[da.fold(word)] += n
        return folded

    @staticmethod
    def _forms(counts: Counter) -> dict[str, str]:
        """Folded word → the form it is most often written in (for 'Mente du')."""
        forms: dict[str, str] = {}
        for word, _ in counts.most_common():
            forms.setdefault(da.fold(word), word)
        return forms

    def _document(self, number: int, document: SearchDocument, distinct: set[str]) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_unsigned("doc", number)
        doc.add_text("kind", document.kind)
        doc.add_text("body_id", document.body_id or "")
        if document.year is not None:
            doc.add_integer("year", int(document.year))
        doc.add_text("title", da.prepare(document.title))
        doc.add_text("text", da.prepare(document.text))
        doc.add_text("parts", self.splitter.parts_of(distinct))
        return doc

    # -- queries ------------------------------------------------------------------------
    def analyse(self, query: str) -> list[QueryWord]:
        """The query's words that carry meaning: stop words and symbols dropped."""
        found = []
        for word in da.words(query):
            if da.is_stopword(word):
                continue
            term = da.stem(word)
            if not term:
                continue
            parts = tuple(da.stem(p) for p in self.splitter.split(da.fold(word)))
            found.append(QueryWord(word, term, tuple(p for p in parts if p)))
        return found

    def known(self, term: str) -> bool:
        return any(self.searcher.doc_freq("title" if f == "title" else f, term) for f in ("title", "text", "parts"))

    def _word_query(self, word: QueryWord, fuzzy: bool) -> tantivy.Query:
        schema = self.schema
        options = [
            (tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, "title", word.term), TITLE_BOOST)),
            (tantivy.Occur.Should, tantivy.Query.term_query(schema, "text", word.term)),
            (tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, "parts", word.term), PARTS_BOOST)),
        ]
        if len(word.parts) > 1:
            # A compound query matches a text holding all its parts (as words or as parts).
            every_part = [
                (tantivy.Occur.Must, tantivy.Query.boolean_query([
                    (tantivy.Occur.Should, tantivy.Query.term_query(schema, "text", part)),
                    (tantivy.Occur.Should, tantivy.Query.term_query(schema, "parts", part)),
                ]))
                for part in word.parts
            ]
            options.append((tantivy.Occur.Should, tantivy.Query.boost_query(
                tantivy.Query.boolean_query(every_part), PARTS_BOOST)))
        if fuzzy and len(word.term) >= 5:
            distance = 1 if len(word.term) < 8 else 2
            options.append((tantivy.Occur.Should, tantivy.Query.boost_query(
                tantivy.Query.fuzzy_term_query(schema, "text", word.term, distance=distance), 0.5)))
        return tantivy.Query.boolean_query(options)

    def _filters(self, body_id: str | None, kinds: list[str] | None, years: tuple[int, int] | None) -> list:
        schema = self.schema
        clauses = []
        if body_id:
            # A body's own documents and those common to all (the catalogue, national figures).
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "body_id", [body_id, ""])))
        if kinds:
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "kind", list(kinds))))
        if years:
            clauses.append((tantivy.Occur.Must, tantivy.Query.range_query(
                schema, "year", tantivy.FieldType.Integer, years[0], years[1])))
        return clauses

    def search(self, query: str, *, body_id: str | None = None, kinds: list[str] | None = None,
               years: tuple[int, int] | None = None, limit: int = 20) -> Result:
        words = self.analyse(check_query(query))
        if not words:
            raise SearchError("Søgningen indeholder kun fyldord eller tegn; skriv et ord, der siger noget om emnet.")
        unknown = [w for w in words if not self.known(w.term) and not (w.parts and all(self.known(p) for p in w.parts))]
        filters = self._filters(body_id, kinds, years)
        every_word = [(tantivy.Occur.Must, self._word_query(w, fuzzy=w in unknown)) for w in words]
        result = self.searcher.search(tantivy.Query.boolean_query(every_word + filters), limit=limit, count=False)
        hits = [self._hit(score, address, words) for score, address in result.hits]
        return Result(query, self.suggestion(query, unknown), hits)

    def related(self, text: str, *, kinds: list[str], limit: int = 20) -> list[tuple[str, float]]:
        """(id, score) of the documents sharing most words with a text, best first: any word
        may match (unlike `search`, where every word must). For suggesting a theme."""
        words = self.analyse(text[:MAX_QUERY - 1])
        if not words:
            return []
        any_word = tantivy.Query.boolean_query([(tantivy.Occur.Should, self._word_query(w, fuzzy=False)) for w in words])
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, any_word), *self._filters(None, kinds, None)])
        hits = self.searcher.search(query, limit=limit, count=False).hits
        return [(self.documents[self.searcher.doc(a)["doc"][0]].id, float(score)) for score, a in hits]

    def _hit(self, score: float, address, words: list[QueryWord]) -> Hit:
        number = self.searcher.doc(address)["doc"][0]
        document = self.documents[number]
        pieces = self.snippet(number, words)
        return Hit(document.kind, document.id, document.title, document.text,
                   "".join(f"**{t}**" if marked else t for t, marked in pieces),
                   round(float(score), 4), document.body_id, document.link, document.year, pieces)

    # -- snippets and suggestions ---------------------------------------------------------
    def _word_terms(self, word: str) -> frozenset[str]:
        """The terms a word of a text is found by: its stem and its compound parts' stems."""
        found = self._terms.get(word)
        if found is None:
            found = frozenset((da.stem(word), *(da.stem(p) for p in self.splitter.all_parts(da.fold(word)))))
            self._terms[word] = found
        return found

    @staticmethod
    def _query_terms(words: list[QueryWord]) -> frozenset[str]:
        """The terms that mark a word of a text: a word is highlighted when it holds a query
        word, or a part (of four letters or more) of a compound query word:
        "(gen)indlæggelser" for "genindlæggelse"."""
        return frozenset((*(w.term for w in words), *(p for w in words for p in w.parts if len(p) >= 4)))

    def _by_term(self, number: int) -> dict[str, set[str]]:
        """A document's words by the terms they are found by (built once per document)."""
        found = self._term_cache.get(number)
        if found is None:
            found = {}
            for word in {w for _, _, w in self._tokens(number)}:
                for term in self._word_terms(word):
                    found.setdefault(term, set()).add(word)
            self._term_cache[number] = found
        return found

    def _tokens(self, number: int) -> list[tuple[int, int, str]]:
        found = self._token_cache.get(number)
        if found is None:
            found = [(m.start(), m.end(), m.group(0)) for m in da.WORD.finditer(self.documents[number].text)]
            self._token_cache[number] = found
        return found

    def snippet(self, number: int, words: list[QueryWord]) -> list[tuple[str, bool]]:
        """The part of a document's text with most matched words, as (text, highlighted) pieces."""
        text = self.documents[number].text
        tokens = self._tokens(number)
        if not tokens:
            return [(text[:300], False)] if text else []
        wanted = self._query_terms(words)
        # Each distinct word of the text is checked once, then every token is a set lookup.
        by_term = self._by_term(number)
        hits: set[str] = set()
        for term in wanted:
            hits.update(by_term.get(term, ()))
        marked = [word in hits for _, _, word in tokens]
        window = SNIPPET_WORDS
        best, best_count, running = 0, sum(marked[:window]), sum(marked[:window])
        for start in range(1, max(1, len(tokens) - window + 1)):
            running += marked[start + window - 1] - marked[start - 1]
            if running > best_count:
                best, best_count = start, running
        first = max(0, best - 3)
        last = min(len(tokens), first + window) - 1
        begin, end = tokens[first][0], tokens[last][1]
        pieces: list[tuple[str, bool]] = [("… ", False)] if begin > 0 else []
        cursor = begin
        for (start, stop, word), hit in zip(tokens[first:last + 1], marked[first:last + 1]):
            if hit:
                pieces.append((_squeeze(text[cursor:start]), False))
                pieces.append((word, True))
                cursor = stop
        pieces.append((_squeeze(text[cursor:end]), False))
        if end < len(text):
            pieces.append((" …", False))
        return [(t, m) for t, m in pieces if t]

    def suggestion(self, query: str, unknown: list[QueryWord]) -> str | None:
        """'Mente du …': the query with each unknown word replaced by the nearest known word."""
        if not unknown:
            return None
        suggested = query
        changed = False
        for word in unknown:
            folded = da.fold(word.word)
            pool = [w for w in self._vocabulary_forms if abs(len(w) - len(folded)) <= 2 and w[:1] == folded[:1]]
            close = difflib.get_close_matches(folded, pool, n=1, cutoff=0.75)
            if close:
                suggested = suggested.replace(word.word, self._vocabulary_forms[close[0]])
                changed = True
        return suggested if changed else None


def _squeeze(text: str) -> str:
    """Runs of white space (line breaks too) as one space, the ends kept."""
    return re.sub(r"\s+", " ", text)


def check_query(query: str) -> str:
    """The query, or a SearchError in Danish for one the search cannot take."""
    text = (query or "").strip()
    if not text:
        raise SearchError("Skriv hvad du søger efter.")
    if len(text) >= MAX_QUERY:
        raise SearchError(f"Søgningen er for lang ({len(text)} tegn); højst {MAX_QUERY - 1} tegn.")
    if not da.words(text):
        raise SearchError("Søgningen indeholder kun tegn; skriv et ord.")
    return text


# -- the index of a store ---------------------------------------------------------------------
_lock = threading.Lock()
_cache: dict[str, SearchIndex] = {}


def generation(store) -> tuple:
    """What the index depends on: the curated build and the size of every user table but the
    saved scenarios and drafts (every entry or import adds a change-log row). Cheap to read
    (three statements on one connection); a new value means the index is rebuilt."""
    with store.held():
        built = store.scalar("SELECT max(built_at) FROM meta.build")
        names = [name for (name,) in store.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'app' "
            "AND table_name NOT LIKE 'scenario%' ORDER BY table_name"
        )]
        if not names:
            return (str(built), ())
        quoted = ['"' + name.replace('"', '""') + '"' for name in names]  # names from the catalog
        counts = store.rows(" UNION ALL ".join(
            f"SELECT {i} AS n, count(*) FROM app.{table}" for i, table in enumerate(quoted)
        ) + " ORDER BY n")
    return (str(built), tuple((names[i], count) for i, count in counts))


def source_texts() -> dict[str, str]:
    from core import provenance

    return {name: provenance.source_text(name) for name in provenance.source_files()}


DICTIONARY_TABLE = "meta.search_dictionary"


def write_dictionary(cursor) -> None:
    """Keep the dictionary words with their weights and stems in the store (part of its
    build, inside the build's transaction): see da.dictionary_rows."""
    import pandas as pd

    cursor.execute(f"CREATE OR REPLACE TABLE {DICTIONARY_TABLE} (word VARCHAR, weight INTEGER, stem VARCHAR)")
    cursor.register("dictionary_rows", pd.DataFrame(da.dictionary_rows(), columns=["word", "weight", "stem"]))
    cursor.execute(f"INSERT INTO {DICTIONARY_TABLE} SELECT word, weight, stem FROM dictionary_rows")
    cursor.unregister("dictionary_rows")


def stored_dictionary(store) -> tuple[Counter, dict[str, str]] | None:
    """(weights, stems) of the dictionary words from the store; None for a store built
    before it kept them (the index then reads wordfreq)."""
    if not store.scalar("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_schema = 'meta' AND table_name = 'search_dictionary'"):
        return None
    rows = store.rows(f"SELECT word, weight, stem FROM {DICTIONARY_TABLE}")
    return Counter({word: weight for word, weight, _ in rows}), {word: stemmed for word, _, stemmed in rows}


def index_for(store) -> SearchIndex:
    """The index of the store, built once per store generation."""
    key = str(store.path)
    with store.held():
        current = generation(store)
        with _lock:
            found = _cache.get(key)
            if found is None or found.generation != current:
                found = SearchIndex(all_documents(store, source_texts()), current, stored_dictionary(store))
                _cache[key] = found
            return found


def found(store, query: str, body_id: str | None = None, kinds: tuple[str, ...] | None = None,
          years: tuple[int, int] | None = None, limit: int = 20) -> dict:
    """The search as plain data for a page (cacheable): {"query", "suggestion", "hits",
    "error"}; a query the search cannot take gives its Danish message in "error"."""
    try:
        result = search(store, query, body_id=body_id, kind=list(kinds) if kinds else None, years=years, limit=limit)
    except SearchError as exc:
        return {"query": query, "suggestion": None, "hits": [], "error": str(exc)}
    hits = [{**hit.as_json(), "year": hit.year, "pieces": hit.pieces} for hit in result.hits]
    return {"query": query, "suggestion": result.suggestion, "hits": hits, "error": None}


def search(store, query: str, *, body_id: str | None = None, kind: str | list[str] | None = None,
           years: tuple[int, int] | None = None, limit: int = 20) -> Result:
    kinds = [kind] if isinstance(kind, str) else kind
    for k in kinds or []:
        if k not in KINDS:
            raise SearchError(f"Ukendt slags: {k} (brug {', '.join(KINDS)}).")
    return index_for(store).search(query, body_id=body_id, kinds=kinds, years=years, limit=limit)
