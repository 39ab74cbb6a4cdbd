"""Train the block model from labeled/ (and ../shared/data/extraction when present).

    python scripts/train_blocks.py            # writes models/blocks.joblib and MANIFEST.json
    python scripts/train_blocks.py --no-real  # labeled/ alone

Reproducible: fixed generator and estimator seeds. Real pages (body vs not-body gold) join the
training set from their site-disjoint training split; their not-body blocks take the class a
first model trained on labeled/ alone prefers among chrome, ad and attribution.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import joblib
import numpy as np
import sklearn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.api import BlockClassifier  # noqa: E402
from classifier.document import LABELS  # noqa: E402
from classifier.features import FEATURE_SPEC_VERSION, Stoplists, feature_names  # noqa: E402
from classifier.model import BlockModel  # noqa: E402
from classifier.store import MANIFEST, sha256_of  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.dataset import build_rows, concat_rows  # noqa: E402
from classifier.training.evaluation import (  # noqa: E402
    body_scores, four_class_scores, predict_items, seed_check,
)
from classifier.training.pieces import pieces_digest  # noqa: E402

REAL_WEIGHT = 0.5
DUMMY = "chrome"  # label of rows with weight 0 (unknown), which only give context


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fit(rows, **params) -> BlockModel:
    known = rows.labels != ""
    labels = np.where(known, rows.labels, DUMMY)
    weights = np.where(known, rows.weights, 0.0)
    return BlockModel(**params).fit(rows.lexical, rows.dense, rows.groups, labels, weights,
                                    cv_groups=rows.folds)


def fold_rows(folds, stoplists, weight: float = 1.0):
    return concat_rows([build_rows(items, stoplists, weight, fold=index)
                        for index, items in enumerate(folds)])


def pseudo_label(model: BlockModel, rows) -> None:
    """Give real pages' not-body blocks the first model's best non-body class."""
    proba = model.predict_proba(rows.lexical, rows.dense, rows.groups)
    classes = list(model.classes_)
    non_body = [classes.index(label) for label in ("chrome", "ad", "attribution")]
    best = np.asarray(classes)[np.asarray(non_body)[proba[:, non_body].argmax(axis=1)]]
    other = rows.labels == "other"
    rows.labels[other] = best[other]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-real", action="store_true", help="train on labeled/ alone")
    parser.add_argument("--out", type=Path, default=corpora.REPO / "models")
    defaults = BlockModel()
    parser.add_argument("--max-iter", type=int, default=defaults.max_iter,
                        help="boosting rounds per tree stage (prediction cost grows with it)")
    parser.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    args = parser.parse_args()
    params = {"max_iter": args.max_iter, "learning_rate": args.learning_rate}

    stopwords = corpora.all_stopwords()
    stoplists = Stoplists.from_mapping(stopwords)
    log("generating the synthetic training corpus")
    synthetic = fold_rows(corpora.synthetic_training_folds(), stoplists)
    use_real = not args.no_real and corpora.EXTRACTION_DIR.exists()
    parts = [synthetic]
    if use_real:
        log("reading real pages (training split)")
        real = fold_rows(corpora.real_items("train", n_folds=corpora.TRAIN_FOLDS), stoplists,
                         weight=REAL_WEIGHT)
        log(f"first model on labeled/ alone, to label {int((real.labels == 'other').sum())} not-body blocks")
        pseudo_label(fit(synthetic, max_iter=100), real)
        parts.append(real)
    rows = concat_rows(parts)
    log(f"training on {len(rows.labels)} blocks of {len(rows.doc_ids)} documents")
    started = time.time()
    model = fit(rows, **params)
    log(f"trained in {time.time() - started:.0f} s")

    args.out.mkdir(parents=True, exist_ok=True)
    bundle = {"model": model, "stopwords": stopwords, "feature_spec": FEATURE_SPEC_VERSION,
              "labels": LABELS}
    path = args.out / "blocks.joblib"
    joblib.dump(bundle, path, compress=3)
    scores = evaluate(BlockClassifier.from_bundle(bundle), use_real)
    write_manifest(args.out, path, rows, use_real, scores, params)
    log(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(json.dumps(scores["summary"], indent=1))


def evaluate(classifier: BlockClassifier, use_real: bool) -> dict:
    log("evaluating on the held-out split, the seeds and real held-out pages")
    heldout = four_class_scores(predict_items(classifier, corpora.synthetic_items("heldout")))
    result = {"heldout": heldout}
    summary = {"heldout_macro_f1": heldout["overall"]["macro_f1"],
               "heldout_f1": {k: v["f1"] for k, v in heldout["overall"]["classes"].items()}}
    if corpora.SEEDS_DIR.exists():
        seeds = seed_check(predict_items(classifier, corpora.seed_items()))
        result["seeds"] = seeds
        summary["seeds"] = {k: seeds[k] for k in ("non_body_wrong", "body_wrong", "passed")}
    if use_real:
        full_gold = [i for i in corpora.real_items("heldout") if not i[0].startswith("trafilatura")]
        real = body_scores(predict_items(classifier, full_gold))
        result["real_heldout"] = real
        summary["real_heldout_body_full_gold_sets"] = real
    result["summary"] = summary
    return result


def write_manifest(directory: Path, path: Path, rows, use_real: bool, scores: dict,
                   params: dict) -> None:
    manifest_path = directory / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"models": {}}
    trained_on = ["labeled/pieces (synthetic documents, train split)"]
    if use_real:
        trained_on.append("../shared/data/extraction (site-disjoint train split, body vs not-body)")
    manifest["models"]["blocks"] = {
        "file": path.name,
        "sha256": sha256_of(path),
        "size_bytes": path.stat().st_size,
        "sklearn_version": sklearn.__version__,
        "feature_spec": FEATURE_SPEC_VERSION,
        "features": feature_names(),
        "trained_on": trained_on,
        "labeled_digest": pieces_digest(corpora.PIECES_DIR),
        "tree_params": params,
        "training_blocks": int((rows.labels != "").sum()),
        "training_documents": len(rows.doc_ids),
        "corpus": {"train_docs": corpora.TRAIN_DOCS, "train_seed": corpora.TRAIN_SEED,
                   "train_folds": corpora.TRAIN_FOLDS,
                   "heldout_docs": corpora.HELDOUT_DOCS, "heldout_seed": corpora.HELDOUT_SEED,
                   "heldout_digest": corpora.items_digest(corpora.synthetic_items("heldout"))},
        "scores": scores["summary"],
        "trained_at": time.strftime("%Y-%m-%d"),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
