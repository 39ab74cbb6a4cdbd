"""Train the page model (HTML input) from labeled/ and, when present, ../shared/data/extraction.

    python scripts/train_pages.py [--out models] [--synthetic-docs 2000]

Generated documents rendered through the CMS skins of labeled/html/ carry all four labels;
real pages from the site-disjoint training split of ../shared/data/extraction carry body vs
not-body (their other blocks take the text model's best non-body class; short blocks naming
the annotated author are bylines). Stacked stages learn from out-of-fold predictions with
folds that share no site and no corpus string. Writes models/pages.joblib and its manifest
entry. Needs the text model (models/blocks.joblib) for the pseudo-labels.
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

from classifier.document import LABELS  # noqa: E402
from classifier.features import FEATURE_SPEC_VERSION, Stoplists  # noqa: E402
from classifier.htmlfeatures import HTML_FEATURE_SPEC_VERSION, html_feature_names  # noqa: E402
from classifier.model import BlockModel  # noqa: E402
from classifier.store import MANIFEST, sha256_of  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.pagedata import (  # noqa: E402
    SKINS_PATH, build_page_rows, pseudo_label, real_pages, synthetic_pages,
)
from classifier.training.pieces import pieces_digest  # noqa: E402

DUMMY = "chrome"  # label of rows with weight 0 (unknown), which only give context
WEIGHTS = {"synthetic": 1.0}  # real pages: 1.0 as well


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=corpora.REPO / "models")
    parser.add_argument("--synthetic-docs", type=int, default=2000)
    parser.add_argument("--no-real", action="store_true", help="train on labeled/ alone")
    args = parser.parse_args()

    stopwords = corpora.all_stopwords()
    stoplists = Stoplists.from_mapping(stopwords)
    log("rendering generated documents as CMS pages")
    pages = synthetic_pages(corpora.synthetic_training_documents(n_docs=args.synthetic_docs))
    use_real = not args.no_real and corpora.EXTRACTION_DIR.exists()
    if use_real:
        log("reading real pages (site-disjoint training split)")
        real = list(real_pages("train"))
        pseudo_label(real)
        pages += real
    log(f"featurising {len(pages)} pages")
    rows = build_page_rows(pages, stoplists, WEIGHTS)
    known = rows.labels != ""
    log(f"training on {int(known.sum())} labelled blocks of {len(pages)} pages")
    started = time.time()
    model = BlockModel().fit(rows.lexical, rows.dense, rows.groups,
                             np.where(known, rows.labels, DUMMY),
                             np.where(known, rows.weights, 0.0), cv_groups=rows.folds)
    log(f"trained in {time.time() - started:.0f} s")
    args.out.mkdir(parents=True, exist_ok=True)
    bundle = {"model": model, "stopwords": stopwords, "feature_spec": FEATURE_SPEC_VERSION,
              "html_feature_spec": HTML_FEATURE_SPEC_VERSION, "labels": LABELS}
    path = args.out / "pages.joblib"
    joblib.dump(bundle, path, compress=3)
    write_manifest(args.out, path, rows, len(pages), use_real, args.synthetic_docs)
    log(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); score it with scripts/bench_extraction.py")


def write_manifest(directory: Path, path: Path, rows, n_pages: int, use_real: bool,
                   synthetic_docs: int) -> None:
    manifest_path = directory / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"models": {}}
    existing = manifest["models"].get("pages", {})  # read before the new entry replaces it
    trained_on = [f"labeled/pieces rendered through {SKINS_PATH.relative_to(corpora.REPO)} "
                  f"({synthetic_docs} generated documents, train split)"]
    if use_real:
        trained_on.append("../shared/data/extraction, all four sets (site-disjoint train split: "
                          "body vs not-body, bylines from annotated authors)")
    manifest["models"]["pages"] = {
        "file": path.name,
        "sha256": sha256_of(path),
        "size_bytes": path.stat().st_size,
        "sklearn_version": sklearn.__version__,
        "feature_spec": FEATURE_SPEC_VERSION,
        "html_feature_spec": HTML_FEATURE_SPEC_VERSION,
        "html_features": html_feature_names(),
        "trained_on": trained_on,
        "labeled_digest": pieces_digest(corpora.PIECES_DIR),
        "training_blocks": int((rows.labels != "").sum()),
        "training_pages": n_pages,
        "trained_at": time.strftime("%Y-%m-%d"),
    }
    if "scores" in existing:
        manifest["models"]["pages"]["scores_of_previous_model"] = existing["scores"]
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
