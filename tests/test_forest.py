"""The compiled tree walker gives scikit-learn's probabilities exactly, only faster."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from classifier import classify_many
from classifier.api import block_classifier
from classifier.forest import FlatForest


def _data(n_classes: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(3000, 12))
    x[rng.random(x.shape) < 0.05] = np.nan  # missing values take each node's learned side
    y = (np.nan_to_num(x[:, 0]) * 2 + np.nan_to_num(x[:, 3]) + rng.normal(size=3000) > 0).astype(int)
    if n_classes > 2:
        y += (np.nan_to_num(x[:, 5]) > 0.5).astype(int) + (np.nan_to_num(x[:, 7]) > 1).astype(int)
    return x, y


def test_the_compiled_walker_is_built():
    from classifier import _forest

    assert callable(_forest.accumulate)


@pytest.mark.parametrize("n_classes", [2, 4])
def test_flat_forest_matches_scikit_learn_bit_for_bit(n_classes):
    x, y = _data(n_classes)
    model = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=15, random_state=0).fit(x, y)
    flat = FlatForest.of(model)
    fresh = _data(n_classes, seed=1)[0]
    assert np.array_equal(flat.predict_proba(fresh), model.predict_proba(fresh))


def test_flat_forest_refuses_rows_of_the_wrong_width():
    x, y = _data(2)
    flat = FlatForest.of(HistGradientBoostingClassifier(max_iter=5).fit(x, y))
    with pytest.raises(ValueError, match="12 features"):
        flat.predict_proba(x[:, :5])


def test_the_shipped_model_answers_the_same_with_and_without_the_walker(monkeypatch):
    texts = ["Home | News | Sport\nThe council approved the budget on Monday after a long debate "
             "about schools and roads.\nSponsored: win a cruise today\nBy Ana Ruiz, Reuters"] * 3
    fast = [[b.scores for b in doc.blocks] for doc in classify_many(texts)]
    model = block_classifier().model
    monkeypatch.setitem(model.__dict__, "_flat_forests", {"block_": None, "context_": None})
    slow = [[b.scores for b in doc.blocks] for doc in classify_many(texts)]
    assert fast == slow


def test_the_flat_form_is_never_pickled_with_the_model():
    model = block_classifier().model
    assert model.flat_forest("block_") is not None
    assert "_flat_forests" not in pickle.loads(pickle.dumps(model)).__dict__


def test_the_provenance_pair_trees_go_through_the_walker_unchanged():
    from classifier.provenance.api import provenance_model

    model = provenance_model()
    rows = np.random.default_rng(3).normal(size=(500, model.pairs.n_features_in_))
    assert model.flat_forest("pairs") is not None
    assert np.array_equal(model.trees_proba("pairs", rows), model.pairs.predict_proba(rows))
