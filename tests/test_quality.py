"""Quality floors of the shipped block model (an evaluation gate, as trafilatura's eval_gate).

Floors sit a little below what the shipped model measured (models/MANIFEST.json); a change
that loses more than that fails here. The held-out set's digest is pinned in the manifest, so
a silent change to the evaluation data fails too instead of moving the goalposts.
"""

from __future__ import annotations

import pytest

from classifier.store import read_manifest
from classifier.training import corpora
from classifier.training.evaluation import (
    body_scores, calibration_error, four_class_scores, predict_items, seed_check,
)
from conftest import needs_shared

# Measured by scripts/evaluate_blocks.py on the shipped model; floors allow small noise only.
# Targets of the block-model issue, not all met yet: macro-F1 >= 0.93 with no class below
# 0.85; seeds with every non-body block right; real-page body recall >= 0.95.
HELDOUT_MACRO_F1_FLOOR = 0.91
HELDOUT_CLASS_F1_FLOORS = {"body": 0.96, "chrome": 0.935, "ad": 0.83, "attribution": 0.90}
SEED_NON_BODY_WRONG_MAX = 2
SEED_BODY_WRONG_MAX = 1
HELDOUT_ECE_MAX = 0.02  # measured 0.003
REAL_BODY_TOKEN_RECALL_FLOOR = 0.86
REAL_BODY_BLOCK_PRECISION_FLOOR = 0.87


@pytest.fixture(scope="module")
def heldout_items():
    return corpora.synthetic_items("heldout")


def test_heldout_set_is_the_one_the_manifest_pins(heldout_items):
    pinned = read_manifest()["models"]["blocks"]["corpus"]["heldout_digest"]
    assert corpora.items_digest(heldout_items) == pinned


def test_heldout_shares_no_article_or_string_with_training():
    from classifier.training.pieces import load_pieces, split_pieces

    for pieces in load_pieces(corpora.PIECES_DIR).values():
        train, heldout = split_pieces(pieces, "train"), split_pieces(pieces, "heldout")
        assert not {a.id for a in train.articles} & {a.id for a in heldout.articles}
        for pool in train.pools:
            assert not set(train.pools[pool]) & set(heldout.pools[pool])
        assert heldout.articles and heldout.pools["chrome"] and heldout.pools["ad"]


def test_heldout_per_class_floors(classifier, heldout_items):
    report = four_class_scores(predict_items(classifier, heldout_items))["overall"]
    assert report["macro_f1"] >= HELDOUT_MACRO_F1_FLOOR, report
    for label, floor in HELDOUT_CLASS_F1_FLOORS.items():
        assert report["classes"][label]["f1"] >= floor, (label, report["classes"][label])


def test_heldout_probabilities_are_calibrated(classifier, heldout_items):
    result = calibration_error(classifier, heldout_items)
    assert result["ece"] <= HELDOUT_ECE_MAX, result


@needs_shared(corpora.SEEDS_DIR)
def test_seeds(classifier):
    result = seed_check(predict_items(classifier, corpora.seed_items()))
    assert result["non_body_wrong"] <= SEED_NON_BODY_WRONG_MAX, result["errors"]
    assert result["body_wrong"] <= SEED_BODY_WRONG_MAX, result["errors"]


@needs_shared(corpora.EXTRACTION_DIR)
def test_real_pages_body_recall_and_precision(classifier):
    items = [item for item in corpora.real_items("heldout") if not item[0].startswith("trafilatura")]
    scores = body_scores(predict_items(classifier, items))
    assert scores["tokens"]["recall"] >= REAL_BODY_TOKEN_RECALL_FLOOR, scores
    assert scores["blocks"]["precision"] >= REAL_BODY_BLOCK_PRECISION_FLOOR, scores
