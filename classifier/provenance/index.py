"""Candidate retrieval that scales: an inverted index over fingerprints, then verification.

Keys are language-independent (numbers, Latin-script names) plus a sample of same-language
shingles (every shingle whose hash falls in 1/SHINGLE_SAMPLE of the space, so two copies keep
the same sample). A query scores references by the inverse document frequency of the keys
they share; keys found in too many documents ("2024", "reuters") carry no signal and are
skipped. Only the best few candidates go on to the (costly) pair model.

The postings are stored compactly (one array of reference numbers sorted by key, with each
key's offset), so a query gathers them with a few array operations instead of walking
Python lists: at 100,000 references, list postings made retrieval a third of corpus mode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .fingerprints import Profile, digest64

SHINGLE_SAMPLE = 8
MAX_DF_SHARE = 0.02
MIN_MAX_DF = 50
MAX_DF = 1000  # references; a key in more of them is as common as "2024" or "Reuters"
MIN_SHARED_KEYS = 3  # fewer shared keys than this is coincidence, not worth verifying

# A key is one uint64: its kind in the top two bits, a 62-bit hash of the string (or the
# shingle's own 32-bit hash) below. Numbering keys through a dict of (kind, string) tuples
# took 150 MB more per 20,000 references than these arrays do (measured), and a third longer.
_NUMBER, _NAME, _SHINGLE = (np.uint64(kind << 62) for kind in (1, 2, 3))
_LOW_BITS = np.uint64((1 << 62) - 1)


def profile_keys(profile: Profile) -> np.ndarray:
    """The profile's index keys: sorted distinct uint64, the same in every process."""
    sampled = profile.shingles[profile.shingles % SHINGLE_SAMPLE == 0].astype(np.uint64)
    return np.unique(np.concatenate([_string_keys(profile.numbers, _NUMBER),
                                     _string_keys(profile.names, _NAME), sampled | _SHINGLE]))


def _string_keys(strings: frozenset[str], kind: np.uint64) -> np.ndarray:
    return (np.fromiter(map(digest64, strings), dtype=np.uint64, count=len(strings)) & _LOW_BITS) | kind


@dataclass(frozen=True)
class _Postings:
    """Every key's references, end to end: key ``i``'s are ``numbers[offsets[i]:offsets[i+1]]``."""

    numbers: np.ndarray  # int32, ascending within each key
    offsets: np.ndarray  # int64, one more than there are keys
    weight_factor: np.ndarray  # float64 per key: shingles count double (they are rarer by chance)


class ReferenceIndex:
    """Postings from fingerprint keys to reference numbers (the order profiles were given).

    Built once, from all references (:meth:`of`): keys are numbered by sorting them, and the
    postings are a few flat arrays, which forked workers read without copying.
    """

    def __init__(self, profiles: list[Profile], keys: np.ndarray, key_ids: np.ndarray,
                 starts: np.ndarray) -> None:
        self.profiles = profiles
        self._keys = keys  # uint64, sorted: key id i is keys[i]
        self._key_ids = key_ids  # int32, every reference's key ids end to end
        self._starts = starts  # int64: reference r's key ids are _key_ids[_starts[r]:_starts[r+1]]
        references = np.repeat(np.arange(len(profiles), dtype=np.int32), np.diff(starts))
        order = np.argsort(key_ids, kind="stable")  # references stay ascending within a key
        counts = np.bincount(key_ids, minlength=len(keys))
        shingle = (keys & ~_LOW_BITS) == _SHINGLE
        self._postings = _Postings(references[order], np.r_[0, np.cumsum(counts)],
                                   np.where(shingle, 2.0, 1.0))

    @classmethod
    def of(cls, profiles: list[Profile]) -> "ReferenceIndex":
        """An index of ``profiles``, ready to query (and to share with forked workers)."""
        per_profile = [profile_keys(profile) for profile in profiles]
        lengths = np.array([len(keys) for keys in per_profile], dtype=np.int64)
        every = np.concatenate(per_profile) if per_profile else np.zeros(0, dtype=np.uint64)
        del per_profile
        keys, key_ids = np.unique(every, return_inverse=True)
        return cls(list(profiles), keys, key_ids.astype(np.int32), np.r_[0, np.cumsum(lengths)])

    def candidates(self, profile: Profile, k: int = 5) -> list[tuple[int, float]]:
        """Up to ``k`` references sharing the most informative keys with ``profile``."""
        keys = profile_keys(profile)
        found = np.minimum(np.searchsorted(self._keys, keys), max(len(self._keys) - 1, 0))
        known = self._keys[found] == keys if len(self._keys) else np.zeros(len(keys), dtype=bool)
        return self._best(found[known].astype(np.int64), k, None)

    def neighbours(self, number: int, k: int = 5) -> list[tuple[int, float]]:
        """:meth:`candidates` of reference ``number`` itself, other than itself."""
        keys = self._key_ids[self._starts[number]:self._starts[number + 1]]
        return self._best(keys.astype(np.int64), k, exclude=number)
    def _best(self, key_ids: np.ndarray, k: int, exclude: int | None) -> list[tuple[int, float]]:
        """Score references by the summed idf of the keys they share with a query.

        A key found in more than MAX_DF references is skipped: its posting would cost more to
        walk than it can tell, and without a fixed cap each query's work grows with the index.
        """
        postings = self._postings
        n = len(self.profiles)
        max_df = min(max(MIN_MAX_DF, int(MAX_DF_SHARE * n)), MAX_DF)
        starts = postings.offsets[key_ids]
        lengths = postings.offsets[key_ids + 1] - starts
        keep = (lengths > 0) & (lengths <= max_df)
        key_ids, starts, lengths = key_ids[keep], starts[keep], lengths[keep]
        if not len(key_ids):
            return []
        weights = np.log(1 + n / lengths) * postings.weight_factor[key_ids]
        first = np.cumsum(lengths) - lengths  # where each key's run starts in the gathered array
        numbers = postings.numbers[np.repeat(starts - first, lengths) + np.arange(lengths.sum())]
        found, inverse = np.unique(numbers, return_inverse=True)
        scores = np.bincount(inverse, weights=np.repeat(weights, lengths))
        keep = np.bincount(inverse) >= MIN_SHARED_KEYS
        if exclude is not None:
            keep &= found != exclude
        found, scores = found[keep], scores[keep]
        best = np.lexsort((found, -scores))[:k]
        return [(int(found[i]), float(scores[i])) for i in best]
