"""The compiled helpers compute exactly what scikit-learn, zlib and NumPy compute, only faster."""

from __future__ import annotations

import importlib
import zlib

import numpy as np
import pytest
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer

from classifier import hashing

TEXTS = [
    "Home | News | Sport", "  spaced   out\ttext  ", "", "a", "ab", "ünïcödé façade — déjà vu",
    "москва: новости дня", "الرئيس قال إن الاقتصاد", "東京は雨、明日は晴れ。", "경제 뉴스",
    "emoji 😀🎉 and math 𝔘𝔫𝔦", "x" * 5000, "größe äöü straße " * 20, "i̇stanbul ça ğ",
]
WORDS = [text.split()[:5] for text in TEXTS]


def _same(a, b) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


@pytest.mark.parametrize("name", ["_forest", "_hashing", "_chars", "_sparse", "_langid"])
def test_every_extension_is_built_from_pyproject(name):
    """Each is optional at install time (the code falls back), so a broken build would only
    show as slowness: check that the install this suite runs on has built them all."""
    module = importlib.import_module(f"classifier.{name}")
    assert module.__file__.endswith((".so", ".pyd"))


@pytest.mark.parametrize("bounded", [False, True])
def test_compiled_char_ngrams_match_the_fallback(bounded, monkeypatch):
    compiled = hashing.char_ngram_counts(TEXTS, WORDS, (2, 4), 2**18, "w:", bounded)
    monkeypatch.setattr(hashing, "_hashing", None)  # as where the extension was not built
    _same(compiled, hashing.char_ngram_counts(TEXTS, WORDS, (2, 4), 2**18, "w:", bounded))


def test_compiled_word_ngrams_match_the_fallback(monkeypatch):
    compiled = hashing.word_ngram_counts(WORDS, 2**20)
    monkeypatch.setattr(hashing, "_hashing", None)
    _same(compiled, hashing.word_ngram_counts(WORDS, 2**20))


def test_compiled_crc32_matches_zlib():
    for text in TEXTS:
        expected = [zlib.crc32(text[i:i + 4].encode()) for i in range(len(text) - 3)]
        assert hashing.crc32_ngrams(text, 4).tolist() == expected


def test_char_ngrams_are_feature_hashers_columns():
    """The columns are FeatureHasher's, so models trained through it keep their meaning."""
    grams = [[t[i:i + w] for w in (2, 3) for i in range(len(t) - w + 1)] for t in TEXTS]
    hasher = FeatureHasher(n_features=2**18, input_type="string", alternate_sign=False)
    _same(hashing.char_ngram_counts(TEXTS, [[] for _ in TEXTS], (2, 3), 2**18),
          hasher.transform(grams))


@pytest.mark.parametrize("analyzer", ["word", "char_wb"])
def test_spin_rows_are_hashing_vectorizers(analyzer):
    """Word 1-2-grams and char_wb 2-4-grams as scikit-learn's HashingVectorizer counts them."""
    from classifier.provenance.spin import _WORD, _padded_words

    texts = [t.lower() for t in TEXTS]
    vectorizer = HashingVectorizer(n_features=2**20, alternate_sign=False, norm=None,
                                   analyzer=analyzer, token_pattern=r"(?u)\b\w+\b",
                                   ngram_range=(1, 2) if analyzer == "word" else (2, 4))
    if analyzer == "word":
        ours = hashing.word_ngram_counts([_WORD.findall(t) for t in texts], 2**20)
    else:
        ours = hashing.char_ngram_counts([_padded_words(t) for t in texts], [[] for _ in texts],
                                         (2, 4), 2**20, word_bounded=True)
    theirs = vectorizer.transform(texts)
    theirs.sum_duplicates()
    _same(ours, theirs)


def test_compiled_crc32_windows_match_zlib():
    words = "the ünïcödé 東京 😀 word runs of one two and five words".split()
    for width in (1, 2, 5, len(words), len(words) + 1):
        expected = [zlib.crc32(" ".join(words[i:i + width]).encode())
                    for i in range(len(words) - width + 1)]
        assert hashing.crc32_windows(words, width).tolist() == expected


def test_sorted_overlaps_match_numpy():
    """The compiled merge gives what NumPy's intersect1d and float32 sums give, with counts
    stored in 16 or 32 bits."""
    from classifier.provenance.fingerprints import SparseCounts, shared_keys

    rng = np.random.default_rng(0)
    for trial in range(50):
        a = SparseCounts.of_hashes(rng.integers(0, 400, size=300).astype(np.uint32))
        repeats = 70_000 if trial % 5 == 0 else 1  # a count beyond 16 bits
        b = SparseCounts.of_hashes(np.r_[rng.integers(0, 400, size=200),
                                         np.full(repeats, 7)].astype(np.uint32))
        assert b.counts.dtype == (np.uint32 if repeats > 1 else np.uint16)
        _, mine, theirs = np.intersect1d(a.keys, b.keys, assume_unique=True, return_indices=True)
        x, y = a.counts[mine].astype(np.float32), b.counts[theirs].astype(np.float32)
        assert a.shared(b) == (float(x @ y), float(np.minimum(x, y).sum()))
        assert b.shared(a) == (float(y @ x), float(np.minimum(y, x).sum()))
        assert shared_keys(a.keys, b.keys) == len(np.intersect1d(a.keys, b.keys))


def test_block_overlaps_match_sets():
    """Block-by-block overlaps of hashed words equal those of Python sets of the words."""
    from classifier.provenance import fingerprints

    rng = np.random.default_rng(1)
    vocabulary = [f"word{i}" for i in range(60)]
    for _ in range(30):
        mine = [set(rng.choice(vocabulary, size=rng.integers(0, 15))) for _ in range(rng.integers(0, 6))]
        theirs = [set(rng.choice(vocabulary, size=rng.integers(0, 15))) for _ in range(rng.integers(0, 6))]
        expected = np.array([[len(x & y) for y in theirs] for x in mine], dtype=np.int32)
        a, b = fingerprints.BlockKeys.of(mine), fingerprints.BlockKeys.of(theirs)
        compiled = a.overlaps(b)
        assert compiled.tolist() == expected.reshape(len(mine), len(theirs)).tolist()
        assert a.sizes.tolist() == [len(x) for x in mine]
        sparse_module, fingerprints._sparse = fingerprints._sparse, None
        try:
            assert a.overlaps(b).tolist() == compiled.tolist()  # the NumPy fallback
        finally:
            fingerprints._sparse = sparse_module
