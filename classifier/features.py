"""Block features: what each block looks like, where it sits, and how it relates to its page.

Two outputs per document: a sparse matrix of hashed lexical cues (character n-grams of the
block's opening, plus its first words), and a dense matrix of layout and text statistics for
the block and its neighbours. Both are pure functions of the text, so any process computes the
same rows (no vocabulary to persist; hashing is murmurhash, not Python's salted ``hash``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse

from .hashing import char_ngram_counts
from .tokens import dominant_script, is_unspaced, share_in_script, tokenize

try:
    from . import _chars
except ImportError:  # built without a compiler: counted in Python instead
    _chars = None

FEATURE_SPEC_VERSION = 3
N_HASHED = 2**18
NGRAM_CHARS = 100  # char n-grams of the block's opening: where chrome and ads show themselves
NGRAM_RANGE = (2, 4)
WORD_TOKENS = 40
WORD_CHARS = 600  # the first words are taken from this opening
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
WORD_PREFIX = "w:"

_TERMINAL = set(".!?。！？؟…\"'”»)")
_URL_RE = re.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b|@\w", re.I)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_DATE_RE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?:19|20)\d{2}|\d{4}年|\d{1,2}月")
_GLUED_RE = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
_SEPARATOR_RE = re.compile(r"\s[|•·›»>/–—-]\s|[|•›»]")
_COLON_LEAD_RE = re.compile(r"^[^\s:：]{1,25}\s?[:：]")
_BULLET_RE = re.compile(r"^\s*(?:[-*•▪►▶→·]|\d{1,2}[.)]|[#＃])\s*")
_CURRENCY_RE = re.compile(r"[$€£¥₺₽₹₩]|\b(?:USD|EUR|GBP|TL|Rp|R\$|CHF|zł|руб)\b")
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_DIGITS = b"0123456789"
# U+2190 and above, less the CJK ideographs and Hangul syllables (letters all, and most of
# a Chinese, Japanese or Korean block's characters): the characters that may be symbols.
_HIGH_CHAR_RE = re.compile("[\u2190-\u33ff\u4dc0-\u4dff\ua000-\uabff\ud7a4-\U0010ffff]")
_SENTENCE_MARKS = (". ", "! ", "? ", "。", "！", "？", "؟")

BASE_FEATURES = (
    "log_chars", "log_tokens", "mean_token_len", "punct_ratio", "digit_ratio", "upper_ratio",
    "title_ratio", "link_count", "terminal_punct", "ends_colon", "bullet_start", "separators",
    "stop_doc_lang", "stop_best", "script_differs", "foreign_stoplist", "duplicates",
    "shared_content", "glued_case", "has_date", "has_copyright", "has_email", "colon_lead",
    "log_sentences", "unspaced", "number_token_ratio", "quote_start", "question_excl",
    "letter_ratio", "all_caps", "currency", "percent", "ends_ellipsis", "symbols", "caps_words",
)
POSITION_FEATURES = (
    "rel_position", "log_index", "log_index_from_end", "log_n_blocks", "length_vs_max",
    "mass_before", "doc_long_share",
)
NEIGHBOUR_FEATURES = ("log_chars", "terminal_punct", "stop_best", "upper_ratio", "link_count")


def feature_names() -> list[str]:
    """Names of the dense columns, in order (for inspection and the manifest)."""
    names = list(BASE_FEATURES) + list(POSITION_FEATURES)
    for offset in NEIGHBOUR_OFFSETS:
        names += [f"n{offset:+d}_{name}" for name in NEIGHBOUR_FEATURES] + [f"n{offset:+d}_exists"]
    return names


@dataclass(frozen=True)
class Stoplists:
    """Function words per language, indexed as token -> bitmask of the languages that use it."""

    languages: tuple[str, ...]
    masks: dict[str, int]

    @classmethod
    def from_mapping(cls, mapping: dict[str, list[str]]) -> "Stoplists":
        languages = tuple(sorted(mapping))
        masks: dict[str, int] = {}
        for bit, lang in enumerate(languages):
            for word in mapping[lang]:
                for token in tokenize(word):
                    masks[token] = masks.get(token, 0) | (1 << bit)
        return cls(languages, masks)

    def densities(self, tokens: list[str]) -> list[int]:
        """How many of ``tokens`` each language counts as a function word."""
        counts = [0] * len(self.languages)
        masks = self.masks
        for token in tokens:
            mask = masks.get(token, 0)
            while mask:
                low = mask & -mask
                counts[low.bit_length() - 1] += 1
                mask ^= low
        return counts


def block_rows(docs: Sequence[tuple[list[str], str]], stoplists: Stoplists
               ) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Lexical and dense rows of the blocks of several ``(block texts, language)`` documents,
    stacked in order; each block is tokenised once for both."""
    texts, tokens, dense = [], [], []
    for doc_texts, lang in docs:
        doc_tokens = [tokenize(text) for text in doc_texts]
        dense.append(dense_features(doc_texts, lang, stoplists, doc_tokens))
        texts += doc_texts
        tokens += doc_tokens
    if not texts:
        return sparse.csr_matrix((0, N_HASHED)), np.zeros((0, len(feature_names())), dtype=np.float32)
    return lexical_features(texts, tokens), np.vstack(dense)


def lexical_features(texts: list[str], tokens: list[list[str]] | None = None) -> sparse.csr_matrix:
    """Hashed character n-grams of each block's opening plus its first words.

    ``tokens``, each text's :func:`tokenize` if already made, saves tokenising again.
    """
    heads = [" " + " ".join(text[:NGRAM_CHARS].lower().split()) + " " for text in texts]
    if tokens is None:
        words = [tokenize(text[:WORD_CHARS])[:WORD_TOKENS] for text in texts]
    else:
        words = [toks[:WORD_TOKENS] if len(text) <= WORD_CHARS else tokenize(text[:WORD_CHARS])[:WORD_TOKENS]
                 for text, toks in zip(texts, tokens)]
    return _l2_normalise(char_ngram_counts(heads, words, NGRAM_RANGE, N_HASHED, WORD_PREFIX))


def _l2_normalise(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def dense_features(texts: list[str], lang: str, stoplists: Stoplists,
                   tokens: list[list[str]] | None = None) -> np.ndarray:
    """Dense rows for one document's blocks: own statistics, position, neighbours."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(feature_names())), dtype=np.float32)
    tokens = [tokenize(text) for text in texts] if tokens is None else tokens
    doc_script = dominant_script(" ".join(texts[:50]))
    lang_bit = stoplists.languages.index(lang) if lang in stoplists.languages else -1
    content = _content_words(tokens, stoplists)
    doc_counts: Counter = Counter()
    for words in content:
        doc_counts.update(words)
    text_counts = Counter(texts)
    base = np.array(
        [
            _base_row(text, toks, lang_bit, doc_script, stoplists, text_counts[text], own, doc_counts)
            for text, toks, own in zip(texts, tokens, content)
        ],
        dtype=np.float32,
    )
    return np.hstack([base, _position_rows(texts), _neighbour_rows(base)]).astype(np.float32)


def _content_words(tokens: list[list[str]], stoplists: Stoplists) -> list[set[str]]:
    """Each block's distinct tokens that are neither function words nor numbers."""
    masks = stoplists.masks
    return [{t for t in set(toks).difference(masks) if not t.isdigit()} for toks in tokens]


def _base_row(text, tokens, lang_bit, doc_script, stoplists, copies, own, doc_counts) -> list:
    chars = len(text)
    n_tokens = len(tokens)
    letters, uppers, digits = _char_counts(text)
    spaces = text.count(" ")
    punct = chars - letters - digits - spaces
    densities = stoplists.densities(tokens)
    best = max(range(len(densities)), key=densities.__getitem__) if densities else -1
    best_density = densities[best] / n_tokens if n_tokens and best >= 0 else 0.0
    doc_density = (densities[lang_bit] / n_tokens if n_tokens else 0.0) if lang_bit >= 0 else best_density
    words = text.split()
    title_words = sum(1 for w in words if w[:1].isupper()) if uppers else 0
    shared = sum(1 for t in own if doc_counts[t] > 1) / len(own) if own else 0.0
    stripped = text.rstrip()
    return [
        math.log1p(chars),
        math.log1p(n_tokens),
        min(sum(map(len, tokens)) / n_tokens, 20.0) if n_tokens else 0.0,
        punct / chars if chars else 0.0,
        digits / chars if chars else 0.0,
        uppers / letters if letters else 0.0,
        title_words / len(words) if words else 0.0,
        min(len(_URL_RE.findall(text)), 5),
        1.0 if stripped[-1:] in _TERMINAL else 0.0,
        1.0 if stripped[-1:] in ":：" else 0.0,
        1.0 if _BULLET_RE.match(text) else 0.0,
        min(len(_SEPARATOR_RE.findall(text)), 10),
        doc_density,
        best_density,
        1.0 if _script_differs(text, doc_script, letters) else 0.0,
        1.0 if lang_bit >= 0 and best >= 0 and best != lang_bit and best_density > doc_density + 0.1 else 0.0,
        math.log(copies),
        shared,
        min(len(_GLUED_RE.findall(text)), 5),
        1.0 if digits and _DATE_RE.search(text) else 0.0,
        1.0 if "©" in text or "(c)" in text.lower() else 0.0,
        1.0 if "@" in text and _EMAIL_RE.search(text) else 0.0,
        1.0 if _COLON_LEAD_RE.match(text) else 0.0,
        math.log1p(sum(map(text.count, _SENTENCE_MARKS)) + (stripped[-1:] in ".!?")),
        1.0 if is_unspaced(text) else 0.0,
        sum(map(str.isdigit, tokens)) / n_tokens if n_tokens else 0.0,
        1.0 if text[:1] in "\"'“«„‘「『" else 0.0,
        min(text.count("?") + text.count("!") + text.count("？") + text.count("！"), 5),
        letters / chars if chars else 0.0,
        1.0 if letters >= 4 and uppers == letters else 0.0,
        min(len(_CURRENCY_RE.findall(text)), 3) if digits else 0.0,
        min(text.count("%") + text.count("٪"), 3),
        1.0 if stripped.endswith(("…", "...")) else 0.0,
        min(_symbol_count(text), 5),
        _caps_words(words) / len(words) if words and uppers else 0.0,
    ]


def _caps_words(words: list[str]) -> int:
    """Words of two or more characters in capitals ("LIVE", "BREAKING")."""
    return sum(1 for w in words if len(w) > 1 and w.isupper())


def _char_counts(text: str) -> tuple[int, int, int]:
    """Letters, upper-case letters and digits (counted in C: ASCII text via bytes.translate,
    the rest by ``classifier._chars`` where it was built)."""
    if text.isascii():
        raw = text.encode("ascii")
        size = len(raw)
        return (size - len(raw.translate(None, _ASCII_LETTERS)),
                size - len(raw.translate(None, _ASCII_UPPER)),
                size - len(raw.translate(None, _ASCII_DIGITS)))
    if _chars is not None:
        return _chars.char_counts(text)
    return sum(map(str.isalpha, text)), sum(map(str.isupper, text)), sum(map(str.isdigit, text))


def _script_differs(text: str, doc_script: str, letters: int) -> bool:
    """Most letters are in another script than the document's (ASCII in a Latin page never is)."""
    if not letters or (doc_script == "latin" and text.isascii()):
        return False
    return share_in_script(text, doc_script, letters) < 0.5


def _symbol_count(text: str) -> int:
    """Arrows, dingbats, emoji and other symbols (U+2190 and above): share buttons, icons."""
    if text.isascii():
        return 0
    return sum(1 for c in _HIGH_CHAR_RE.findall(text) if unicodedata.category(c).startswith("S"))


def _position_rows(texts: list[str]) -> np.ndarray:
    n = len(texts)
    lengths = np.array([len(t) for t in texts], dtype=np.float64)
    index = np.arange(n, dtype=np.float64)
    total = lengths.sum() or 1.0
    mass_before = (np.cumsum(lengths) - lengths) / total
    long_share = float(np.mean(lengths >= 200))
    return np.column_stack(
        [
            index / max(n - 1, 1),
            np.log1p(index),
            np.log1p(n - 1 - index),
            np.full(n, math.log1p(n)),
            lengths / (lengths.max() or 1.0),
            mass_before,
            np.full(n, long_share),
        ]
    )


def _neighbour_rows(base: np.ndarray) -> np.ndarray:
    columns = [BASE_FEATURES.index(name) for name in NEIGHBOUR_FEATURES]
    flagged = np.hstack([base[:, columns], np.ones((len(base), 1), dtype=base.dtype)])
    return shift_within(flagged, np.zeros(len(base), dtype=np.int64), NEIGHBOUR_OFFSETS)


def shift_within(values: np.ndarray, groups: np.ndarray, offsets: tuple[int, ...]) -> np.ndarray:
    """Each row's neighbours' rows at ``offsets``, zero where the neighbour is in another group.

    ``groups`` numbers the document of each row; rows of one document are contiguous.
    """
    n = len(values)
    out = []
    for offset in offsets:
        shifted = np.zeros_like(values)
        if abs(offset) < n:
            source = np.arange(n) + offset
            valid = (source >= 0) & (source < n)
            valid[valid] = groups[source[valid]] == groups[valid]
            shifted[valid] = values[source[valid]]
        out.append(shifted)
    return np.hstack(out) if out else np.zeros((n, 0), dtype=values.dtype)
