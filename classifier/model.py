"""The block model: per-block probabilities, then a context pass over the sequence.

Three stacked estimators, as jusText does with rules (each block alone, then revised by its
neighbours), but learned:

1. *lexical*: a linear model over hashed n-grams (what the words say: "Sponsored", "Fuente:");
2. *block*: gradient-boosted trees over the block's layout statistics, its neighbours'
   statistics and the lexical probabilities of the block and its neighbours;
3. *context*: gradient-boosted trees over the block probabilities of the block, of its
   neighbours and of the whole document, which settle uncertain blocks by what surrounds them.

Each later stage is trained on out-of-fold predictions of the earlier one (grouped by document),
so it learns how much to trust them on unseen text.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GroupKFold

from .features import shift_within
from .forest import PredictsFlatTrees

BLOCK_OFFSETS = (-2, -1, 1, 2)
CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)


class BlockModel(PredictsFlatTrees):
    """Estimator over feature rows of many documents (rows of a document are contiguous)."""

    def __init__(self, random_state: int = 0, n_folds: int = 4, lexical_alpha: float = 1e-5,
                 max_iter: int = 150, learning_rate: float = 0.1, max_leaf_nodes: int = 31,
                 min_samples_leaf: int = 40):
        self.random_state = random_state
        self.n_folds = n_folds
        self.lexical_alpha = lexical_alpha
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf

    def fit(self, lexical: sparse.csr_matrix, dense: np.ndarray, groups: np.ndarray,
            y: np.ndarray, sample_weight: np.ndarray | None = None,
            cv_groups: np.ndarray | None = None) -> "BlockModel":
        """``cv_groups`` (default: documents) keeps rows that share strings in one fold."""
        self.classes_ = np.array(sorted(set(y)))
        cv_groups = groups if cv_groups is None else cv_groups
        folds = list(GroupKFold(n_splits=self.n_folds).split(dense, y, cv_groups))
        lexical_oof = self._out_of_fold(self._lexical, lexical, y, folds, sample_weight)
        self.lexical_ = self._lexical().fit(lexical, y, sample_weight=sample_weight)
        block_x = self._block_rows(dense, lexical_oof, groups)
        block_oof = self._out_of_fold(self._trees, block_x, y, folds, sample_weight)
        self.block_ = self._trees().fit(block_x, y, sample_weight=sample_weight)
        self.context_ = self._trees().fit(
            self._context_rows(dense, block_oof, groups), y, sample_weight=sample_weight
        )
        return self

    def predict_proba(self, lexical: sparse.csr_matrix, dense: np.ndarray,
                      groups: np.ndarray) -> np.ndarray:
        block_p = self.predict_block_proba(lexical, dense, groups)
        rows = self._context_rows(dense, block_p, groups)
        return self.trees_proba("context_", rows)

    def predict_block_proba(self, lexical: sparse.csr_matrix, dense: np.ndarray,
                            groups: np.ndarray) -> np.ndarray:
        """Probabilities before the context pass (what the context pass adds is measurable)."""
        lexical_p = self.lexical_.predict_proba(lexical)
        rows = self._block_rows(dense, lexical_p, groups)
        return self.trees_proba("block_", rows)

    def _lexical(self) -> SGDClassifier:
        return SGDClassifier(loss="log_loss", alpha=self.lexical_alpha, max_iter=30, tol=None,
                             random_state=self.random_state)

    def _trees(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes, min_samples_leaf=self.min_samples_leaf,
            l2_regularization=1.0, max_features=0.5, early_stopping=False,
            random_state=self.random_state,
        )

    def _out_of_fold(self, make, x, y, folds, sample_weight) -> np.ndarray:
        out = np.zeros((x.shape[0], len(self.classes_)))
        for train, test in folds:
            weights = None if sample_weight is None else sample_weight[train]
            model = make().fit(x[train], y[train], sample_weight=weights)
            out[test] = _aligned(model, x[test], self.classes_)
        return out

    @staticmethod
    def _block_rows(dense, lexical_p, groups) -> np.ndarray:
        return np.hstack([dense, lexical_p, shift_within(lexical_p, groups, BLOCK_OFFSETS)])

    def _context_rows(self, dense, block_p, groups) -> np.ndarray:
        body = int(np.flatnonzero(self.classes_ == "body")[0])
        return np.hstack([
            dense,
            block_p,
            shift_within(block_p, groups, CONTEXT_OFFSETS),
            _document_means(block_p, groups),
            _body_around(block_p[:, body], groups),
        ])


def _aligned(model, x, classes) -> np.ndarray:
    """predict_proba with columns for every class, even ones missing from a fold."""
    proba = model.predict_proba(x)
    out = np.zeros((x.shape[0], len(classes)))
    out[:, np.searchsorted(classes, model.classes_)] = proba
    return out


def _document_means(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    counts = np.bincount(groups)
    sums = np.zeros((len(counts), values.shape[1]))
    np.add.at(sums, groups, values)
    return sums[groups] / counts[groups, None]


def _body_around(body_p: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Share of body probability mass before and after each block within its document."""
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    ends = np.r_[starts[1:], len(groups)]
    before = np.zeros(len(groups))
    after = np.zeros(len(groups))
    for start, end in zip(starts, ends):
        mass = body_p[start:end]
        total = mass.sum() or 1.0
        cumulative = np.cumsum(mass)
        before[start:end] = (cumulative - mass) / total
        after[start:end] = (total - cumulative) / total
    return np.column_stack([before, after])
