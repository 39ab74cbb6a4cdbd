"""Boosted trees flattened into arrays, predicted by one compiled call (``classifier._forest``).

scikit-learn walks a boosted model one tree at a time, each tree a separate pass over all the
rows; with the hundreds of small trees of our block and context stages, that costs several
times the walks themselves. :class:`FlatForest` holds every tree of a fitted
``HistGradientBoostingClassifier`` in a few arrays and sums them row by row in C, giving the
same probabilities bit for bit. Where the extension was not built (no C compiler at install
time) or a model uses what is not flattened here (categorical splits), callers fall back to
scikit-learn's own ``predict_proba``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

try:
    from . import _forest
except ImportError:  # built without a compiler: scikit-learn predicts instead
    _forest = None


@dataclass(frozen=True)
class FlatForest:
    """Every tree of one fitted model: node arrays end to end, each tree's root and class."""

    model: object
    feature: np.ndarray  # int32, per node
    threshold: np.ndarray  # float64
    left: np.ndarray  # int32, index into the flat arrays
    right: np.ndarray  # int32
    value: np.ndarray  # float64, a leaf's contribution to its class's raw score
    is_leaf: np.ndarray  # uint8
    missing_left: np.ndarray  # uint8: where a NaN goes
    roots: np.ndarray  # int32, per tree, in scikit-learn's order of addition
    tree_class: np.ndarray  # int32, per tree
    baseline: np.ndarray  # float64, per class
    n_features: int

    @classmethod
    def of(cls, model) -> "FlatForest | None":
        """The flat form of a fitted HistGradientBoostingClassifier, or None if not flattenable."""
        if _forest is None or getattr(model, "_preprocessor", None) is not None:
            return None
        predictors = [(k, tree) for trees in model._predictors for k, tree in enumerate(trees)]
        if any(tree.nodes["is_categorical"].any() for _, tree in predictors):
            return None
        sizes = np.array([len(tree.nodes) for _, tree in predictors])
        offsets = np.r_[0, np.cumsum(sizes)[:-1]]
        nodes = np.concatenate([tree.nodes for _, tree in predictors])
        shift = np.repeat(offsets, sizes)
        return cls(
            model=model,
            feature=nodes["feature_idx"].astype(np.int32),
            threshold=np.ascontiguousarray(nodes["num_threshold"], dtype=np.float64),
            left=(nodes["left"] + shift).astype(np.int32),
            right=(nodes["right"] + shift).astype(np.int32),
            value=np.ascontiguousarray(nodes["value"], dtype=np.float64),
            is_leaf=nodes["is_leaf"].astype(np.uint8),
            missing_left=nodes["missing_go_to_left"].astype(np.uint8),
            roots=offsets.astype(np.int32),
            tree_class=np.array([k for k, _ in predictors], dtype=np.int32),
            baseline=np.asarray(model._baseline_prediction, dtype=np.float64).ravel(),
            n_features=int(model.n_features_in_),
        )

    def raw_scores(self, x: np.ndarray) -> np.ndarray:
        """Baseline plus every tree's leaf value, per row and class (scikit-learn's raw scores)."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got shape {x.shape}")
        out = np.zeros((x.shape[0], len(self.baseline)))
        out += self.baseline
        _forest.accumulate(x, x.shape[0], x.shape[1], self.feature, self.threshold, self.left,
                           self.right, self.value, self.is_leaf, self.missing_left, self.roots,
                           self.tree_class, len(self.baseline), out)
        return out

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return self.model._loss.predict_proba(self.raw_scores(x))


class PredictsFlatTrees:
    """For estimators holding fitted boosted trees as attributes (``block_``, ``pairs``...):
    predict them through their flat form, built once per loaded object and never pickled,
    since it is derived from the trees."""

    def flat_forest(self, attribute: str) -> FlatForest | None:
        forests = self.__dict__.setdefault("_flat_forests", {})
        if attribute not in forests:
            forests[attribute] = FlatForest.of(getattr(self, attribute))
        return forests[attribute]

    def trees_proba(self, attribute: str, x: np.ndarray) -> np.ndarray:
        """``getattr(self, attribute).predict_proba(x)``, through the flat form when there is one."""
        flat = self.flat_forest(attribute)
        return flat.predict_proba(x) if flat is not None else getattr(self, attribute).predict_proba(x)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_flat_forests", None)
        return state
