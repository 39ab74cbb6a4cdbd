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

from .fingerprints import Profile

SHINGLE_SAMPLE = 8
MAX_DF_SHARE = 0.02
MIN_MAX_DF = 50
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
        """Up to ``k`` references sharing the most informative keys with ``profile``."""
        n = len(self.profiles)
        max_df = max(MIN_MAX_DF, int(MAX_DF_SHARE * n))
        scores: dict[int, float] = defaultdict(float)
        shared: dict[int, int] = defaultdict(int)
        for key in profile_keys(profile):
            posting = self.postings.get(key)
            if not posting or len(posting) > max_df:
                continue
            weight = math.log(1 + n / len(posting)) * (2.0 if key[0] == "s" else 1.0)
            for number in posting:
                scores[number] += weight
                shared[number] += 1
        if exclude is not None:
            scores.pop(exclude, None)
        kept = [(number, score) for number, score in scores.items() if shared[number] >= MIN_SHARED_KEYS]
        return sorted(kept, key=lambda item: (-item[1], item[0]))[:k]
