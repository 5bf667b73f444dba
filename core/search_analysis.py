"""Danish text analysis for the search: one pipeline for the index and the query.

The library (tantivy) does the tokenising, lower-casing, Snowball's Danish stemmer, its Danish
stop-word list and the folding of accents. What no library does for Danish is written here:

- *æ/ø/å and ae/oe/aa alike*: before the analyser sees a text, `ae`, `oe` and `aa` are read
  as `æ`, `ø` and `å` (so "plejehjemslaege" and "plejehjemslæge" are one word), and after
  stemming every letter is folded to ASCII (é → e, æ → ae, ø → o, å → a). Index and query go
  through the same steps, so a word and its spelling variants always meet.
- *compound words*: Danish writes compounds as one word (genindlæggelser,
  plejehjemslægeordning). `CompoundSplitter` splits a word into parts that occur as words
  of their own in the corpus (with the linking -s- and -e- of Danish compounds), so the
  index can hold "genindlæggelser" under "indlæggelse" too, and a compound query can be
  matched part by part.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import tantivy

# Words as the tokenizer sees them: letters and digits (æ, ø, å included by \w).
WORD = re.compile(r"\w+", re.UNICODE)
_DIGRAPHS = ((re.compile("aa", re.IGNORECASE), "å"), (re.compile("oe", re.IGNORECASE), "ø"),
             (re.compile("ae", re.IGNORECASE), "æ"))

ANALYZER_NAME = "dansk"
# Prefixes that Danish glues to words without them standing alone in our texts.
_PREFIXES = ("gen", "sam", "med", "ud", "ind", "tvær", "over", "under", "efter", "fore", "mis")
MIN_PART = 4
MIN_COMPOUND = 7


def danish_analyzer() -> tantivy.TextAnalyzer:
    """The analyser registered on the index's text fields (after `prepare`)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("danish"))
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def _stopword_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stopword("danish"))
        .build()
    )


_ANALYZER = danish_analyzer()
_STOPWORDS = _stopword_analyzer()


def prepare(text: str) -> str:
    """Read the ASCII digraphs as the Danish letters (before the analyser)."""
    for pattern, letter in _DIGRAPHS:
        text = pattern.sub(letter, text)
    return text


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents: how words are compared outside the index."""
    text = prepare(text.lower()).replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


PREFIXES = frozenset(fold(p) for p in _PREFIXES)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index term of one word ('' when the analyser drops it)."""
    terms = _ANALYZER.analyze(prepare(word))
    return terms[0] if terms else ""


def is_stopword(word: str) -> bool:
    return not _STOPWORDS.analyze(word)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def terms(text: str) -> list[str]:
    """The index terms of a text, in order."""
    return _ANALYZER.analyze(prepare(text))


class CompoundSplitter:
    """Split Danish compounds into parts that are words of the corpus.

    A word splits into a head that is a known word or prefix and a tail that is a known word
    (by its stem too, so inflected tails count: "indlæggelser") or splits again, with the
    linking "s" or "e" of Danish compounds allowed between them (plejehjem-s-læge). Of all
    splits the one whose parts are most frequent in the corpus wins (geometric mean of the
    part frequencies, after Koehn & Knight 2003), and only when it beats the word itself: so
    "ordning" stays whole though "ord" and "ning" occur, and "genindlæggelser" becomes
    gen + indlæggelser."""

    PREFIX_COUNT = 5

    def __init__(self, counts: dict[str, int], stems: dict[str, str] | None = None):
        """`stems`: words already stemmed (a store's dictionary, see dictionary_rows)."""
        self._word_parts: dict[str, tuple[str, ...]] = {}
        self.counts = {w: n for w, n in counts.items() if len(w) >= MIN_PART}
        self.stem_counts: dict[str, int] = {}
        known = stems or {}
        for word, n in self.counts.items():
            key = known.get(word)
            if key is None:
                key = stem(word)
            self.stem_counts[key] = self.stem_counts.get(key, 0) + n

    def _head(self, head: str) -> int:
        """A head is a word of the corpus as written, or a prefix."""
        return self.PREFIX_COUNT if head in PREFIXES else self.counts.get(head, 0)

    def _tail(self, tail: str) -> int:
        """A tail may be inflected: known by its stem."""
        return max(self.counts.get(tail, 0), self.stem_counts.get(stem(tail), 0)) if len(tail) >= MIN_PART else 0

    @lru_cache(maxsize=200_000)  # noqa: B019 - one splitter per index, kept as long as it
    def _best(self, word: str) -> tuple[float, tuple[str, ...]]:
        """(score, parts) of the best split of a folded word; (0, ()) when none."""
        best: tuple[float, tuple[str, ...]] = (0.0, ())
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return best
        for cut in range(3, len(word) - MIN_PART + 1):
            head, rest = word[:cut], word[cut:]
            head_count = self._head(head)
            if not head_count:
                continue
            for tail in (rest, rest[1:] if rest[:1] in "se" else None):
                if not tail or len(tail) < MIN_PART:
                    continue
                options = [(self._tail(tail), (tail,)), self._best(tail)]
                for tail_score, tail_parts in options:
                    if not tail_score or not tail_parts:
                        continue
                    counts = [head_count, *([tail_score] if len(tail_parts) == 1 else
                                            [self._head(p) or self._tail(p) or 1 for p in tail_parts])]
                    score = 1.0
                    for n in counts:
                        score *= n
                    score **= 1 / len(counts)
                    if score > best[0]:
                        best = (score, (head, *tail_parts))
        return best

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a folded word, or () when it is best left whole."""
        return self._best(word)[1]

    def all_parts(self, word: str) -> list[str]:
        """Every part and every run of neighbouring parts, linking letters kept:
        plejehjemslægeordning → pleje, hjem, læge, ordning, plejehjem, plejehjemslæge,
        hjemslæge, … (for the index, so each of them finds the compound)."""
        parts = self.split(word)
        if not parts:
            return []
        spans, cursor = [], 0
        for part in parts:
            start = word.find(part, cursor)
            spans.append((start, start + len(part)))
            cursor = start + len(part)
        runs = [word[spans[i][0]:spans[j][1]] for i in range(len(spans)) for j in range(i + 1, len(spans))
                if (i, j) != (0, len(spans) - 1)]
        return [*parts, *runs]

    def parts_text(self, text: str) -> str:
        """Every compound part of the words of a text, each once, space separated (for the
        index)."""
        return self.parts_of(set(words(text)))

    def parts_of(self, distinct_words: set[str]) -> str:
        """`parts_text` for the distinct words of a text (when the caller has them already)."""
        found: list[str] = []
        for word in distinct_words:
            parts = self._word_parts.get(word)
            if parts is None:
                parts = self._word_parts[word] = tuple(self.all_parts(fold(word)))
            found.extend(parts)
        return " ".join(found)


@lru_cache(maxsize=1)
def dictionary_counts() -> Counter:
    """Danish words from wordfreq's word list (shipped in the package, read offline), with a
    weight from their frequency: the parts of compounds our own texts never write alone
    ("ordning" in plejehjemslægeordning)."""
    from wordfreq import freq_to_zipf, get_frequency_dict, top_n_list

    # The list's words are wordfreq's own tokens, so their frequencies are read from its
    # table; zipf_frequency() would tokenize each word again (a quarter of a second for all).
    frequencies = get_frequency_dict("da")
    counts: Counter = Counter()
    for word in top_n_list("da", 30_000):
        if len(word) >= MIN_PART and word.isalpha():
            counts[fold(word)] += max(1, round(round(freq_to_zipf(frequencies[word]), 2) - 2))
    return counts


@lru_cache(maxsize=1)
def dictionary_rows() -> tuple[tuple[str, int, str], ...]:
    """(folded word, weight, stem) of every dictionary word: what a store keeps in
    meta.search_dictionary (written by its build), so that the first index after a start
    needs neither wordfreq (~0,3 s) nor stemming 20.000 words again (~0,1 s)."""
    return tuple((word, weight, stem(word)) for word, weight in sorted(dictionary_counts().items()))


def vocabulary(texts: list[str]) -> Counter:
    """Folded words of a corpus with their counts, for the compound splitter."""
    seen: Counter = Counter()
    for text in texts:
        seen.update(fold(w) for w in words(text))
    return seen
