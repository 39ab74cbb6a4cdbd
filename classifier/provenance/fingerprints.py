"""What survives translation and rewording: numbers, names, shingles; per document.

A :class:`Profile` is everything provenance compares of one document, computed once from its
body blocks (the block model decides what is body, so chrome and ads neither create nor hide a
match). Numbers are normalised across notations ("6,8" and "6.8"; "2.500" and "2,500"; Arabic-
Indic and full-width digits); names are Latin-script capitalised words and acronyms, which
keep their spelling in every Latin-script language and often inside other scripts too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..hashing import crc32_ngrams, crc32_windows
from ..tokens import dominant_script, is_unspaced, tokenize

try:
    from .. import _sparse
except ImportError:  # built without a compiler: NumPy intersects instead
    _sparse = None

SHINGLE_WORDS = 5  # verbatim reuse: runs of five words survive only copying
SHINGLE_CHARS = 8  # the same for scripts written without spaces
MIN_BODY_TOKENS = 25  # below this a document is flagged too_short

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９",
                        "012345678901234567890123456789")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_NAME = re.compile(r"\b(?:[A-Z][a-zà-ÿ]+(?:[-'][A-Z]?[a-zà-ÿ]+)*|[A-Z]{2,})\b")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_NON_WORD = re.compile(r"\W+")
_LONG_WORD = re.compile(r"\w{4,}")


@dataclass(frozen=True, eq=False)  # compared by identity: two equal texts are two documents
class Profile:
    """What provenance compares of one document.

    Kept small, since an index may hold a hundred thousand: shingles are a sorted array, and
    what only the pair model needs (content tokens, bigrams, character n-grams) is computed
    on first use and cached.
    """

    id: str
    lang: str
    body: tuple[str, ...]  # body blocks, in order
    attribution: tuple[str, ...]
    chrome_langs: tuple[str, ...]  # language of the chrome (translated pages keep their source's)
    numbers: frozenset[str]
    names: frozenset[str]
    shingles: np.ndarray  # sorted unique uint32 hashes
    block_numbers: tuple[frozenset[str], ...]
    block_names: tuple[frozenset[str], ...]
    block_chars: tuple[int, ...]
    script: str
    n_tokens: int
    stopwords: frozenset[str]

    @property
    def too_short(self) -> bool:
        return self.n_tokens < MIN_BODY_TOKENS

    @property
    def text(self) -> str:
        return "\n".join(self.body)

    @property
    def tokens(self) -> "SparseCounts":
        """Content tokens of the body (no stopwords, no digits), hashed with their counts."""
        return self._content_hashes[0]

    @property
    def bigrams(self) -> np.ndarray:
        """Sorted distinct hashes of adjacent content tokens."""
        return self._content_hashes[1]

    @cached_property
    def _content_hashes(self) -> tuple["SparseCounts", np.ndarray]:
        """Both of the above from one tokenisation (cached as hashes, not words: small)."""
        words = [t for t in tokenize(self.text) if t not in self.stopwords and not t.isdigit()]
        return SparseCounts.of_hashes(crc32_windows(words, 1)), np.unique(crc32_windows(words, 2))

    @cached_property
    def char_grams(self) -> "SparseCounts":
        text = re.sub(r"\s+", " ", self.text[:CHAR_GRAM_CHARS].lower())
        return SparseCounts.of_hashes(crc32_ngrams(text, 4))

    @cached_property
    def normal_blocks(self) -> tuple[str, ...]:
        """Each body block lower-cased without punctuation or spaces: copies compare equal."""
        return tuple(_NON_WORD.sub("", block.lower()) for block in self.body)

    @cached_property
    def block_words(self) -> tuple[frozenset[str], ...]:
        """Each body block's distinct lower-cased words of four or more characters."""
        return tuple(frozenset(_LONG_WORD.findall(block.lower())) for block in self.body)


@dataclass(frozen=True, eq=False)
class SparseCounts:
    """A bag of strings as sorted hashes and counts: a few bytes per distinct string.

    An index holds a hundred thousand profiles; Python Counters of their words and character
    n-grams would take tens of gigabytes, these take about 20 kB a document.
    """

    keys: np.ndarray  # sorted unique uint32
    counts: np.ndarray  # float32, aligned with keys

    @classmethod
    def of_hashes(cls, hashed: np.ndarray) -> "SparseCounts":
        keys, counts = np.unique(hashed, return_counts=True)
        return cls(keys, counts.astype(np.float32))

    @property
    def total(self) -> float:
        return float(self.counts.sum())

    def shared(self, other: "SparseCounts") -> tuple[float, float]:
        """Over the strings both bags hold: the sum of the products of their counts, and the
        sum of the smaller counts (float32 sums, as NumPy makes them)."""
        if (_sparse is not None and self.keys.dtype == other.keys.dtype == np.uint32
                and self.counts.dtype == other.counts.dtype == np.float32):
            dot, least = _sparse.shared_counts(self.keys, self.counts, other.keys, other.counts)
            if max(dot, least) < EXACT_FLOAT32:  # whole numbers: exact in any order
                return dot, least
        _, mine, theirs = np.intersect1d(self.keys, other.keys, assume_unique=True,
                                         return_indices=True)
        mine, theirs = self.counts[mine], other.counts[theirs]
        return float(mine @ theirs), float(np.minimum(mine, theirs).sum())


def shared_keys(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted arrays of distinct hashes share."""
    if _sparse is not None and a.dtype == b.dtype == np.uint32:
        return _sparse.shared_keys(a, b)
    return len(np.intersect1d(a, b, assume_unique=True))


CHAR_GRAM_CHARS = 3000
EXACT_FLOAT32 = 2.0**24  # float32 holds every whole number below this


def numbers_of(text: str) -> set[str]:
    """Normalised numbers of two or more significant characters ("4.2", "400", "2023")."""
    found = set()
    for raw in _NUMBER.findall(text.translate(_DIGITS)):
        value = normalise_number(raw)
        if len(value.replace(".", "")) >= 2:
            found.add(value)
    return found


def normalise_number(raw: str) -> str:
    """One spelling per number: thousands separators dropped, decimal mark as ".".

    A last group of exactly three digits after a separator is taken as thousands ("2.500",
    "2,500" -> "2500"); otherwise the last separator is the decimal mark ("6,8" -> "6.8").
    """
    parts = re.split(r"[.,]", raw)
    if len(parts) == 1:
        return parts[0].lstrip("0") or "0"
    if len(parts[-1]) == 3:
        return "".join(parts).lstrip("0") or "0"
    whole = "".join(parts[:-1]).lstrip("0") or "0"
    return f"{whole}.{parts[-1]}"


def names_of(text: str, stopwords: frozenset[str]) -> set[str]:
    """Latin-script names and acronyms, lower-cased; in other scripts, every Latin word."""
    if dominant_script(text) == "latin":
        return {w.lower() for w in _LATIN_NAME.findall(text) if w.lower() not in stopwords}
    return {w.lower() for w in _LATIN_WORD.findall(text) if w.lower() not in stopwords}


def shingles_of(text: str, tokens: list[str] | None = None) -> np.ndarray:
    """Hashed runs of words (or of characters, in unspaced scripts): verbatim reuse.

    ``tokens``, the text's :func:`tokenize` if already made, saves tokenising again.
    """
    if is_unspaced(text):
        return np.unique(crc32_ngrams(re.sub(r"\s+", "", text), SHINGLE_CHARS))
    return np.unique(crc32_windows(tokenize(text) if tokens is None else tokens, SHINGLE_WORDS))


def make_profile(doc_id: str, lang: str, body: list[str], attribution: list[str],
                 chrome_langs: list[str], stopwords: frozenset[str]) -> Profile:
    """A :class:`Profile` from a classified document's blocks."""
    text = "\n".join(body)
    tokens = tokenize(text)
    block_numbers = tuple(frozenset(numbers_of(b)) for b in body)
    block_names = tuple(frozenset(names_of(b, stopwords)) for b in body)
    return Profile(
        id=doc_id, lang=lang, body=tuple(body), attribution=tuple(attribution),
        chrome_langs=tuple(chrome_langs),
        numbers=frozenset().union(*block_numbers) if body else frozenset(),
        names=frozenset().union(*block_names) if body else frozenset(),
        shingles=shingles_of(text, tokens),
        block_numbers=block_numbers, block_names=block_names,
        block_chars=tuple(len(b) for b in body),
        script=dominant_script(text), n_tokens=len(tokens), stopwords=stopwords,
    )
