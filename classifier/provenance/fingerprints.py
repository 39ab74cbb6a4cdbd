"""What survives translation and rewording: numbers, names, shingles; per document.

A :class:`Profile` is everything provenance compares of one document, computed once from its
body blocks (the block model decides what is body, so chrome and ads neither create nor hide a
match). Numbers are normalised across notations ("6,8" and "6.8"; "2.500" and "2,500"; Arabic-
Indic and full-width digits); names are Latin-script capitalised words and acronyms, which
keep their spelling in every Latin-script language and often inside other scripts too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

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
_OTHER_DIGIT = re.compile("[٠-٩۰-۹０-９]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_NAME = re.compile(r"\b(?:[A-Z][a-zà-ÿ]+(?:[-'][A-Z]?[a-zà-ÿ]+)*|[A-Z]{2,})\b")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_NON_WORD = re.compile(r"\W+")
_LONG_WORD = re.compile(r"\w{4,}")


@dataclass(frozen=True, eq=False, slots=True)  # compared by identity: two equal texts are two documents
class Profile:
    """What provenance compares of one document, computed once and never changed.

    Everything the pair model reads is made here, as NumPy arrays of hashes rather than
    Python sets of strings: an index may hold a hundred thousand profiles, and forked
    workers then read the parent's arrays without copying them. (Derived parts cached on
    first use were made again in every worker: corpus mode over 100,000 documents held
    12.0 GB in all processes then, 7.5 GB with profiles made once.)
    """

    id: str
    lang: str
    body: tuple[str, ...]  # body blocks, in order
    attribution: tuple[str, ...]
    chrome_langs: tuple[str, ...]  # language of the chrome (translated pages keep their source's)
    numbers: frozenset[str]
    names: frozenset[str]
    shingles: np.ndarray  # sorted unique uint32 hashes
    tokens: "SparseCounts"  # content tokens of the body (no stopwords, no digits) and counts
    bigrams: np.ndarray  # sorted distinct hashes of adjacent content tokens
    char_grams: "SparseCounts"  # character 4-grams of the body's opening
    block_anchors: "BlockKeys"  # each body block's numbers and names
    block_words: "BlockKeys"  # each body block's distinct lower-cased words of 4+ characters
    block_digests: tuple[int, ...]  # each body block without case, punctuation or spaces, hashed
    block_chars: tuple[int, ...]
    script: str
    n_tokens: int

    def __repr__(self) -> str:  # the arrays would fill a screen
        return (f"Profile(id={self.id!r}, lang={self.lang!r}, blocks={len(self.body)}, "
                f"tokens={self.n_tokens})")

    @property
    def too_short(self) -> bool:
        return self.n_tokens < MIN_BODY_TOKENS

    @property
    def text(self) -> str:
        return "\n".join(self.body)


@dataclass(frozen=True, eq=False, slots=True)
class BlockKeys:
    """Each block's distinct strings as hashes, all blocks in one array sorted by hash.

    ``blocks[i]`` is the block that holds ``keys[i]``. Comparing two documents block by block
    is then one merge of two arrays (:meth:`overlaps`) instead of a set intersection for
    every pair of blocks.
    """

    keys: np.ndarray  # uint32, ascending
    blocks: np.ndarray  # int32, the block of each key
    sizes: np.ndarray  # int64 per block: how many distinct keys it holds

    @classmethod
    def of(cls, per_block: list[set[str]] | list[frozenset[str]]) -> "BlockKeys":
        hashed = [np.unique(crc32_windows(list(strings), 1)) for strings in per_block]
        sizes = np.array([len(h) for h in hashed], dtype=np.int64)
        keys = np.concatenate(hashed) if hashed else np.zeros(0, dtype=np.uint32)
        blocks = np.repeat(np.arange(len(hashed), dtype=np.int32), sizes)
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], blocks[order], sizes)

    def overlaps(self, other: "BlockKeys") -> np.ndarray:
        """``[i, j]``: how many keys block ``i`` here shares with block ``j`` of ``other``."""
        out = np.zeros((len(self.sizes), len(other.sizes)), dtype=np.int32)
        if not out.size:
            return out
        if _sparse is not None and self.keys.dtype == other.keys.dtype == np.uint32:
            _sparse.block_overlaps(self.keys, self.blocks, other.keys, other.blocks, out,
                                   out.shape[1])
            return out
        low = np.searchsorted(other.keys, self.keys, side="left")
        runs = np.searchsorted(other.keys, self.keys, side="right") - low
        mine = np.repeat(np.arange(len(self.keys)), runs)
        theirs = np.repeat(low - (np.cumsum(runs) - runs), runs) + np.arange(runs.sum())
        np.add.at(out, (self.blocks[mine], other.blocks[theirs]), 1)
        return out


@dataclass(frozen=True, eq=False, slots=True)
class SparseCounts:
    """A bag of strings as sorted hashes and counts: a few bytes per distinct string.

    An index holds a hundred thousand profiles; Python Counters of their words and character
    n-grams would take tens of gigabytes, these take about 12 kB a document. Counts are
    whole numbers, kept in 16 bits when they fit (a 3,000-character opening repeats no
    4-gram 65,536 times); every sum over them is the float32 sum NumPy made when they were
    float32, so the shipped pair model sees the values it was trained on.
    """

    keys: np.ndarray  # sorted unique uint32
    counts: np.ndarray  # uint16 (or uint32 when a count needs it), aligned with keys
    norm: np.float32  # Euclidean norm of the counts, as float32

    @classmethod
    def of_hashes(cls, hashed: np.ndarray) -> "SparseCounts":
        keys, counts = np.unique(hashed, return_counts=True)
        norm = np.linalg.norm(counts.astype(np.float32))
        narrow = np.uint16 if not len(counts) or counts.max() <= np.iinfo(np.uint16).max else np.uint32
        return cls(keys, counts.astype(narrow), norm)

    @property
    def total(self) -> float:
        return float(self.counts.sum(dtype=np.float32))

    def shared(self, other: "SparseCounts") -> tuple[float, float]:
        """Over the strings both bags hold: the sum of the products of their counts, and the
        sum of the smaller counts (float32 sums, as NumPy makes them)."""
        if _sparse is not None and self.keys.dtype == other.keys.dtype == np.uint32:
            dot, least = _sparse.shared_counts(self.keys, self.counts, other.keys, other.counts)
            if max(dot, least) < EXACT_FLOAT32:  # whole numbers: exact in any order
                return dot, least
        _, mine, theirs = np.intersect1d(self.keys, other.keys, assume_unique=True,
                                         return_indices=True)
        mine = self.counts[mine].astype(np.float32)
        theirs = other.counts[theirs].astype(np.float32)
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
    if not text.isascii() and _OTHER_DIGIT.search(text):
        text = text.translate(_DIGITS)
    for raw in _NUMBER.findall(text):
        value = (raw.lstrip("0") or "0") if raw.isdigit() else normalise_number(raw)
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
    block_numbers = [numbers_of(b) for b in body]
    block_names = [names_of(b, stopwords) for b in body]
    content = [t for t in tokens if t not in stopwords and not t.isdigit()]
    return Profile(
        id=doc_id, lang=lang, body=tuple(body), attribution=tuple(attribution),
        chrome_langs=tuple(chrome_langs),
        numbers=frozenset().union(*block_numbers),
        names=frozenset().union(*block_names),
        shingles=shingles_of(text, tokens),
        tokens=SparseCounts.of_hashes(crc32_windows(content, 1)),
        bigrams=np.unique(crc32_windows(content, 2)),
        char_grams=SparseCounts.of_hashes(crc32_ngrams(_char_gram_text(text), 4)),
        # numbers ("2024", "6.8") and names ("Reuters") never spell the same string
        block_anchors=BlockKeys.of([n | m for n, m in zip(block_numbers, block_names)]),
        block_words=BlockKeys.of([set(_LONG_WORD.findall(b.lower())) for b in body]),
        block_digests=tuple(digest64(_NON_WORD.sub("", b.lower())) for b in body),
        block_chars=tuple(len(b) for b in body),
        script=dominant_script(text), n_tokens=len(tokens),
    )


def _char_gram_text(text: str) -> str:
    return re.sub(r"\s+", " ", text[:CHAR_GRAM_CHARS].lower())


def digest64(text: str) -> int:
    """A 64-bit hash of ``text`` that every process computes alike (``hash`` is seeded)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little")
