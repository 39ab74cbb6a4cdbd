"""Features of a (candidate, source) pair: how much of the source the candidate carries, how.

Verbatim reuse shows in shared word shingles; paraphrase in shared content words without
shingles; translation in shared numbers and names, blocks that align in order with similar
lengths, and different languages; an independent report on the same event shares some names
and numbers but neither wording nor block structure. The pair model weighs these; each is
also reported as evidence.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .fingerprints import Profile, SparseCounts, shared_keys

PAIR_FEATURES = (
    "same_lang", "same_script", "log_char_ratio", "log_block_ratio",
    "shingle_in_source", "shingle_in_candidate", "tokens_in_source", "tokens_in_candidate",
    "token_cosine", "bigram_in_source", "char_cosine",
    "numbers_shared", "numbers_in_source", "numbers_in_candidate", "names_shared",
    "names_in_source", "names_in_candidate", "aligned_candidate", "aligned_source",
    "alignment_order", "alignment_length_ratio", "identical_blocks",
    "candidate_credit", "candidate_foreign_chrome", "candidate_spin", "source_spin",
    "candidate_tokens_log", "source_tokens_log",
)
CREDIT_RE = re.compile(
    r"\b(?:source|sources|fuente|fonte|quelle|sumber|kaynak|bron|źródło|translated|"
    r"traducido|traduzione|tradução|traduction|übersetzt|diterjemahkan|çeviri|originally|"
    r"first (?:appeared|published)|republished|reproduced|syndicated|via|wire|agencies|"
    r"courtesy)\b|المصدر|ترجمة|источник|перевод|来源|来源：|出典|翻訳|원문|출처|πηγή",
    re.I,
)


def credit_blocks(profile: Profile) -> list[str]:
    """Attribution blocks that credit another source or a translation ("Fuente: VOA")."""
    return [block for block in profile.attribution if CREDIT_RE.search(block)]


def pair_features(candidate: Profile, source: Profile, spin: tuple[float, float]) -> list[float]:
    """One row of PAIR_FEATURES; ``spin`` is the intrinsic spinner score of (candidate, source)."""
    alignment = align_blocks(candidate, source)
    c_chars, s_chars = sum(candidate.block_chars) or 1, sum(source.block_chars) or 1
    return [
        float(candidate.lang == source.lang),
        float(candidate.script == source.script),
        math.log(c_chars / s_chars),
        math.log((len(candidate.body) or 1) / (len(source.body) or 1)),
        shingle_share(candidate, source),
        shingle_share(source, candidate),
        _weighted_contained(candidate.tokens, source.tokens),
        _weighted_contained(source.tokens, candidate.tokens),
        _cosine(candidate.tokens, source.tokens),
        _sorted_contained(candidate.bigrams, source.bigrams),
        _cosine(candidate.char_grams, source.char_grams),
        math.log1p(len(candidate.numbers & source.numbers)),
        _contained(candidate.numbers, source.numbers),
        _contained(source.numbers, candidate.numbers),
        math.log1p(len(candidate.names & source.names)),
        _contained(candidate.names, source.names),
        _contained(source.names, candidate.names),
        alignment["aligned_candidate"],
        alignment["aligned_source"],
        alignment["order"],
        alignment["length_ratio"],
        alignment["identical"],
        float(bool(credit_blocks(candidate))),
        _foreign_chrome(candidate),
        spin[0],
        spin[1],
        math.log1p(candidate.n_tokens),
        math.log1p(source.n_tokens),
    ]


def _contained(part: frozenset | set, whole: frozenset | set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _weighted_contained(part: SparseCounts, whole: SparseCounts) -> float:
    total = part.total
    if not total:
        return 0.0
    return part.shared(whole)[1] / total


def _cosine(a: SparseCounts, b: SparseCounts) -> float:
    norm = float(a.norm * b.norm)
    if not norm:
        return 0.0
    return a.shared(b)[0] / norm


def _sorted_contained(part: np.ndarray, whole: np.ndarray) -> float:
    if not len(part):
        return 0.0
    return shared_keys(part, whole) / len(part)


def shingle_share(part: Profile, whole: Profile) -> float:
    """Share of ``part``'s shingles found in ``whole``: verbatim reuse."""
    return _sorted_contained(part.shingles, whole.shingles)


def _foreign_chrome(profile: Profile) -> float:
    if not profile.chrome_langs:
        return 0.0
    return sum(1 for lang in profile.chrome_langs if lang not in (profile.lang, "und")) / len(profile.chrome_langs)


def align_blocks(candidate: Profile, source: Profile) -> dict:
    """Greedy block alignment by shared numbers, names and words, as sentence aligners do.

    Returns the share of candidate and source blocks aligned, the share of consecutive
    aligned pairs in source order, the mean length ratio of aligned blocks, the share of
    identical blocks, and the aligned index pairs (the evidence).
    """
    pairs = []
    scores = block_scores(candidate, source)
    best = scores.argmax(axis=1) if scores.shape[1] else np.full(len(scores), -1)
    source_digests = {digest: j for j, digest in enumerate(source.block_digests)}
    identical = 0
    for i, digest in enumerate(candidate.block_digests):
        if digest in source_digests:
            identical += 1
            pairs.append((i, source_digests[digest], 1.0))
        elif best[i] >= 0 and scores[i, best[i]] >= 0.34:
            pairs.append((i, int(best[i]), float(scores[i, best[i]])))
    n_c, n_s = len(candidate.body) or 1, len(source.body) or 1
    ordered = sum(1 for a, b in zip(pairs, pairs[1:]) if b[1] >= a[1])
    ratios = [min(candidate.block_chars[i], source.block_chars[j]) /
              max(candidate.block_chars[i], source.block_chars[j], 1) for i, j, _ in pairs]
    return {
        "aligned_candidate": len(pairs) / n_c,
        "aligned_source": len({j for _, j, _ in pairs}) / n_s,
        "order": ordered / (len(pairs) - 1) if len(pairs) > 1 else 0.0,
        "length_ratio": float(np.mean(ratios)) if ratios else 0.0,
        "identical": identical / n_c,
        "pairs": pairs,
    }


def block_scores(candidate: Profile, source: Profile) -> np.ndarray:
    """How alike each candidate block is to each source block (a matrix, 0 to 1).

    A block pair scores the share of their numbers and names they share, or, in one
    language, of their words (over the smaller block's); scaled down when their lengths
    differ.
    """
    anchors = candidate.block_anchors.overlaps(source.block_anchors)
    union = candidate.block_anchors.sizes[:, None] + source.block_anchors.sizes[None, :] - anchors
    scores = np.divide(anchors, union, out=np.zeros(anchors.shape), where=union > 0)
    if candidate.lang == source.lang:
        words = candidate.block_words.overlaps(source.block_words)
        smaller = np.minimum(candidate.block_words.sizes[:, None], source.block_words.sizes[None, :])
        np.maximum(scores, np.divide(words, smaller, out=np.zeros(words.shape), where=smaller > 0),
                   out=scores)
    chars_c = np.array(candidate.block_chars, dtype=np.int64)[:, None]
    chars_s = np.array(source.block_chars, dtype=np.int64)[None, :]
    lengths = np.minimum(chars_c, chars_s) / np.maximum(np.maximum(chars_c, chars_s), 1)
    return scores * (0.5 + 0.5 * lengths)


def feature_matrix(rows: list[list[float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(PAIR_FEATURES))
