"""Candidate retrieval that scales: an inverted index over fingerprints, then verification.

Keys are language-independent (numbers, Latin-script names) plus a sample of same-language
shingles (every shingle whose hash falls in 1/SHINGLE_SAMPLE of the space, so two copies keep
the same sample). A query scores references by the inverse document frequency of the keys
they share; keys found in too many documents ("2024", "reuters") carry no signal and are
skipped. Only the best few candidates go on to the (costly) pair model.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import chain

import numpy as np

from .fingerprints import Profile

SHINGLE_SAMPLE = 8
MAX_DF_SHARE = 0.02
MIN_MAX_DF = 50
MAX_DF = 1000  # references; a key in more of them is as common as "2024" or "Reuters"
MIN_SHARED_KEYS = 3  # fewer shared keys than this is coincidence, not worth verifying


def profile_keys(profile: Profile) -> set:
    keys: set = {("n", n) for n in profile.numbers}
    keys |= {("w", name) for name in profile.names}
    keys |= {("s", int(s)) for s in profile.shingles[profile.shingles % SHINGLE_SAMPLE == 0]}
    return keys


class ReferenceIndex:
    """Postings from fingerprint keys to reference numbers."""

    def __init__(self) -> None:
        self.profiles: list[Profile] = []
        self.postings: dict = defaultdict(list)

    def add(self, profile: Profile) -> int:
        number = len(self.profiles)
        self.profiles.append(profile)
        for key in profile_keys(profile):
            self.postings[key].append(number)
        return number

    def candidates(self, profile: Profile, k: int = 5, exclude: int | None = None) -> list[tuple[int, float]]:
        """Up to ``k`` references sharing the most informative keys with ``profile``.

        Scores are summed in C (``bincount`` over the concatenated postings), and a key found
        in more than MAX_DF references is skipped: its posting would cost more to walk than
        it can tell, and without a fixed cap each query's work grows with the index.
        """
        n = len(self.profiles)
        max_df = min(max(MIN_MAX_DF, int(MAX_DF_SHARE * n)), MAX_DF)
        postings, weights = [], []
        for key in sorted(profile_keys(profile)):  # a fixed order of additions: same scores in every process
            posting = self.postings.get(key)
            if posting and len(posting) <= max_df:
                postings.append(posting)
                weights.append(math.log(1 + n / len(posting)) * (2.0 if key[0] == "s" else 1.0))
        if not postings:
            return []
        lengths = [len(posting) for posting in postings]
        numbers = np.fromiter(chain.from_iterable(postings), dtype=np.int64, count=sum(lengths))
        found, inverse = np.unique(numbers, return_inverse=True)
        scores = np.bincount(inverse, weights=np.repeat(weights, lengths))
        keep = np.bincount(inverse) >= MIN_SHARED_KEYS
        if exclude is not None:
            keep &= found != exclude
        found, scores = found[keep], scores[keep]
        best = np.lexsort((found, -scores))[:k]
        return [(int(found[i]), float(scores[i])) for i in best]
