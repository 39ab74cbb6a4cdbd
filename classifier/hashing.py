"""Hashed n-gram counts, in one compiled call per batch (``classifier._hashing``).

Both models hash many n-grams per block or document: the block model's character n-grams
and first words, the spinner score's word and character n-grams, provenance's word
shingles, words, word pairs and character 4-grams. Built in Python that is one string, one encoding and one hash call per n-gram, the
largest share of their time. The compiled functions hash slices of each text's encoding
instead, with the same hash functions (scikit-learn's FeatureHasher columns, zlib's CRC-32),
so the matrices are the same and the shipped models need no retraining. Where the extension
was not built (no C compiler at install time), the Python fallbacks here compute them.
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher

try:
    from . import _hashing
except ImportError:  # built without a compiler: the Python fallbacks below run instead
    _hashing = None


def char_ngram_counts(heads: list[str], words: list[list[str]], ngram_range: tuple[int, int],
                      n_features: int, word_prefix: str = "", word_bounded: bool = False
                      ) -> sparse.csr_matrix:
    """Counts per FeatureHasher column of every character n-gram of ``heads[i]`` (widths in
    ``ngram_range``) plus ``word_prefix + w`` for each ``w`` in ``words[i]``, one row per head.

    ``word_bounded`` skips n-grams with a space inside them (one may open or close them): with
    heads of space-joined words, scikit-learn's ``char_wb`` n-grams.
    """
    low, high = ngram_range
    if _hashing is not None:
        parts = _hashing.hash_rows(heads, words, low, high, word_prefix, n_features, word_bounded)
        return _csr(parts, len(heads), n_features)
    rows = (_char_ngrams(head, low, high, word_bounded) + [word_prefix + w for w in row_words]
            for head, row_words in zip(heads, words))
    return _feature_hasher(rows, n_features, len(heads))


def word_ngram_counts(rows: list[list[str]], n_features: int) -> sparse.csr_matrix:
    """Counts per FeatureHasher column of each row's words and adjacent word pairs ("a b"):
    scikit-learn's HashingVectorizer with ``ngram_range=(1, 2)``, before normalisation."""
    if _hashing is not None:
        return _csr(_hashing.hash_word_ngrams(rows, n_features), len(rows), n_features)
    grams = (row + [f"{a} {b}" for a, b in zip(row, row[1:])] for row in rows)
    return _feature_hasher(grams, n_features, len(rows))


def crc32_ngrams(text: str, width: int) -> np.ndarray:
    """``zlib.crc32`` of the UTF-8 of every ``width``-character slice of ``text``, in order."""
    if _hashing is not None:
        return np.frombuffer(_hashing.crc32_ngrams(text, width), dtype=np.uint32)
    grams = (text[i:i + width] for i in range(len(text) - width + 1))
    return np.fromiter((zlib.crc32(g.encode("utf-8", "surrogatepass")) for g in grams),
                       dtype=np.uint32)


def crc32_windows(words: list[str], width: int) -> np.ndarray:
    """``zlib.crc32`` of the UTF-8 of every run of ``width`` words joined by spaces, in order."""
    if _hashing is not None:
        return np.frombuffer(_hashing.crc32_windows(words, width), dtype=np.uint32)
    runs = (" ".join(words[i:i + width]) for i in range(len(words) - width + 1))
    return np.fromiter((zlib.crc32(r.encode("utf-8", "surrogatepass")) for r in runs),
                       dtype=np.uint32)


def _csr(parts: tuple[bytearray, bytearray, bytearray], n_rows: int, n_features: int
         ) -> sparse.csr_matrix:
    """The compiled functions' (indices, counts, indptr): already sorted and summed."""
    indices, counts, indptr = parts
    return sparse.csr_matrix(
        (np.frombuffer(counts, dtype=np.float64), np.frombuffer(indices, dtype=np.int32),
         np.frombuffer(indptr, dtype=np.int64)),
        shape=(n_rows, n_features),
    )


def _feature_hasher(rows, n_features: int, n_rows: int) -> sparse.csr_matrix:
    if n_rows == 0:
        return sparse.csr_matrix((0, n_features))
    hasher = FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False)
    return sparse.csr_matrix(hasher.transform(rows))


def _char_ngrams(text: str, low: int, high: int, word_bounded: bool) -> list[str]:
    grams = [text[i:i + width] for width in range(low, high + 1)
             for i in range(len(text) - width + 1)]
    return [g for g in grams if " " not in g[1:-1]] if word_bounded else grams
