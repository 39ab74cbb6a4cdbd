"""The provenance model: an intrinsic spinner score, and a pair classifier over PAIR_FEATURES."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from ..forest import PredictsFlatTrees
from .fingerprints import Profile
from .pairfeatures import PAIR_FEATURES, feature_matrix, pair_features
from .spin import SpinModel

PROVENANCE_LABELS = ("translation", "paraphrase", "syndication", "independent")
PAIR_FEATURE_SPEC_VERSION = 1


def pair_trees(random_state: int = 0) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=250, learning_rate=0.08, max_leaf_nodes=15, min_samples_leaf=12,
        l2_regularization=1.0, class_weight="balanced", early_stopping=False,
        random_state=random_state,
    )


@dataclass
class ProvenanceModel(PredictsFlatTrees):
    """Scores pairs of profiles; ``spin`` also scores single documents."""

    spin: SpinModel
    pairs: HistGradientBoostingClassifier

    def spin_scores(self, profiles: list[Profile]) -> np.ndarray:
        """How spun each profile's body reads (0-1), in order."""
        return self.spin.score([p.text for p in profiles])

    def pair_proba(self, pairs: list[tuple[Profile, Profile]],
                   spins: list[tuple[float, float]]) -> np.ndarray:
        """P(label) of each (candidate, source) pair, columns in PROVENANCE_LABELS order.

        ``spins`` holds the spinner score of each pair's candidate and source.
        """
        return self.rows_proba(pair_rows(pairs, spins))

    def rows_proba(self, rows: np.ndarray) -> np.ndarray:
        """P(label) of pairs already turned into PAIR_FEATURES rows (see :func:`pair_rows`)."""
        if not len(rows):
            return np.zeros((0, len(PROVENANCE_LABELS)))
        proba = self.trees_proba("pairs", rows)
        classes = list(self.pairs.classes_)
        return proba[:, [classes.index(label) for label in PROVENANCE_LABELS]]


def pair_rows(pairs: list[tuple[Profile, Profile]], spins: list[tuple[float, float]]) -> np.ndarray:
    """PAIR_FEATURES rows of (candidate, source) pairs: the costly half of verification."""
    if not pairs:
        return np.zeros((0, len(PAIR_FEATURES)))
    return feature_matrix([pair_features(c, s, spin) for (c, s), spin in zip(pairs, spins)])


def feature_names() -> list[str]:
    return list(PAIR_FEATURES)
