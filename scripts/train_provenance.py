"""Train the provenance model from labeled/provenance (and labeled/pieces).

    python scripts/train_provenance.py [--out models]

Every document is composed as a page and read through the shipped block model, as in real
use. The spinner score is trained on the training split (out-of-fold scores feed the pair
model, so it does not learn to trust an in-sample score); the pair model on pairs of training
documents. The held-out split (by source article) is scored and written to the manifest.
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
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.provenance.fingerprints import Profile  # noqa: E402
from classifier.provenance.model import (  # noqa: E402
    PAIR_FEATURE_SPEC_VERSION, PROVENANCE_LABELS, ProvenanceModel, feature_names, pair_trees,
)
from classifier.provenance.pairfeatures import feature_matrix, pair_features  # noqa: E402
from classifier.provenance.profiles import Source, profile_documents  # noqa: E402
from classifier.provenance.spin import SpinModel, best_threshold  # noqa: E402
from classifier.store import MANIFEST, sha256_of  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.pieces import pieces_digest  # noqa: E402
from classifier.training.provdata import (  # noqa: E402
    PROVENANCE_DIR, load_documents, make_pairs, provenance_split,
)
from classifier.training.provevaluation import pair_report  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def spin_scores(documents, profiles, train: np.ndarray) -> tuple[SpinModel, np.ndarray]:
    """The spinner model, and each document's score: out-of-fold for training documents."""
    texts = [p.text for p in profiles]
    spun = np.array([d.kind == "spun" for d in documents])
    groups = np.array([d.source for d in documents])
    scores = np.zeros(len(documents))
    train_idx = np.flatnonzero(train)
    for fit, predict in GroupKFold(n_splits=5).split(train_idx, groups=groups[train_idx]):
        model = SpinModel().fit([texts[i] for i in train_idx[fit]], spun[train_idx[fit]])
        scores[train_idx[predict]] = model.score([texts[i] for i in train_idx[predict]])
    full = SpinModel().fit([texts[i] for i in train_idx], spun[train_idx])
    full.threshold_ = best_threshold(scores[train_idx], spun[train_idx])
    log(f"spinner threshold {full.threshold_:.2f} (best out-of-fold F1 on the training split)")
    held = np.flatnonzero(~train)
    scores[held] = full.score([texts[i] for i in held])
    return full, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=corpora.REPO / "models")
    args = parser.parse_args()

    documents = load_documents()
    log(f"profiling {len(documents)} documents through the block model")
    profiles = profile_documents([Source(d.id, text=d.text) for d in documents])
    bad = [d.id for d, p in zip(documents, profiles) if not isinstance(p, Profile)]
    if bad:
        raise SystemExit(f"cannot profile {len(bad)} training documents, e.g. {bad[:3]}")
    train = np.array([provenance_split(d.source) == "train" for d in documents])
    spin_model, spins = spin_scores(documents, profiles, train)
    pairs = make_pairs(documents)
    rows = feature_matrix([pair_features(profiles[c], profiles[s], (spins[c], spins[s]))
                           for c, s, _, _ in pairs])
    labels = np.array([label for _, _, label, _ in pairs])
    kinds = [kind for _, _, _, kind in pairs]
    in_train = np.array([train[c] and train[s] for c, s, _, _ in pairs])
    in_heldout = np.array([not train[c] and not train[s] for c, s, _, _ in pairs])
    log(f"training the pair model on {int(in_train.sum())} pairs")
    trees = pair_trees().fit(rows[in_train], labels[in_train])
    model = ProvenanceModel(spin=spin_model, pairs=trees)
    predicted = trees.predict(rows[in_heldout])
    report = pair_report(list(labels[in_heldout]), list(predicted),
                         [k for k, h in zip(kinds, in_heldout) if h])
    log(f"held-out macro-F1 {report['macro_f1']}, hard negatives {report['hard_negatives']}")

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "provenance.joblib"
    joblib.dump({"model": model, "pair_feature_spec": PAIR_FEATURE_SPEC_VERSION}, path, compress=3)
    write_manifest(args.out, path, documents, train, in_train, report)
    print(json.dumps({k: report[k] for k in ("macro_f1", "hard_negatives", "classes")}, indent=1))


def write_manifest(directory, path, documents, train, in_train, report) -> None:
    manifest_path = directory / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"models": {}}
    manifest["models"]["provenance"] = {
        "file": path.name,
        "sha256": sha256_of(path),
        "size_bytes": path.stat().st_size,
        "sklearn_version": sklearn.__version__,
        "pair_feature_spec": PAIR_FEATURE_SPEC_VERSION,
        "features": feature_names(),
        "labels": list(PROVENANCE_LABELS),
        "trained_on": ["labeled/provenance (derived documents) with labeled/pieces (sources, "
                       "chrome): training split by source article"],
        "labeled_digest": pieces_digest(PROVENANCE_DIR),
        "training_documents": int(train.sum()),
        "heldout_documents": int((~train).sum()),
        "training_pairs": int(in_train.sum()),
        "scores": {"heldout_pairs": {k: report[k] for k in ("macro_f1", "accuracy", "hard_negatives")},
                   "heldout_f1": {k: v["f1"] for k, v in report["classes"].items()}},
        "trained_at": time.strftime("%Y-%m-%d"),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
