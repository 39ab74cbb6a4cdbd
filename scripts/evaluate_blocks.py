"""Evaluate the shipped block model.

    python scripts/evaluate_blocks.py [--json FILE]

Prints per-class precision/recall/F1 and the confusion matrix on (a) the held-out split of
labeled/ (strings and articles training never saw), (b) the seeds in ../shared/seeds, (c) per
language, and body precision/recall on real pages (text versions of ../shared/data/extraction,
site-disjoint held-out part, labelled by their gold as body vs not-body).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.api import block_classifier  # noqa: E402
from classifier.document import LABELS  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.evaluation import (  # noqa: E402
    body_scores, calibration_error, four_class_scores, predict_items, seed_check,
)
from classifier.training.realpages import FULL_GOLD_SETS  # noqa: E402


def print_report(title: str, report: dict) -> None:
    print(f"\n== {title}: macro-F1 {report['macro_f1']:.3f}, accuracy {report['accuracy']:.3f}")
    print(f"{'class':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for label, row in report["classes"].items():
        print(f"{label:<12}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}{row['support']:>10}")
    print("confusion (rows gold, columns predicted):", " ".join(f"{l[:5]:>7}" for l in LABELS))
    for label, row in zip(LABELS, report["confusion"]):
        print(f"  {label:<12}" + "".join(f"{v:>7}" for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write all scores here")
    args = parser.parse_args()
    classifier = block_classifier()
    results = {}

    heldout_items = corpora.synthetic_items("heldout")
    heldout = four_class_scores(predict_items(classifier, heldout_items))
    results["heldout"] = heldout
    print_report("held-out split of labeled/", heldout["overall"])
    heldout["calibration"] = calibration_error(classifier, heldout_items)
    print("calibration of the top label's probability:", heldout["calibration"])
    print("\n== per language (held-out): macro-F1, then F1 per class")
    for lang, report in heldout["per_language"].items():
        f1s = " ".join(f"{l}={r['f1']:.3f}" for l, r in report["classes"].items())
        print(f"  {lang}: {report['macro_f1']:.3f}  {f1s}")

    if corpora.SEEDS_DIR.exists():
        predictions = predict_items(classifier, corpora.seed_items())
        seeds = seed_check(predictions)
        results["seeds"] = seeds
        print_report("seeds", four_class_scores(predictions)["overall"])
        print(f"seed target (all non-body right, <= 1 body wrong): {'PASS' if seeds['passed'] else 'FAIL'}"
              f" - non-body wrong {seeds['non_body_wrong']}, body wrong {seeds['body_wrong']}")
        for error in seeds["errors"]:
            print(f"  {error['file']}: {error['gold']} -> {error['predicted']}: {error['text']}")
    else:
        print("\n(seeds: ../shared/seeds not found, skipped)")

    if corpora.EXTRACTION_DIR.exists():
        items = corpora.real_items("heldout")
        predictions = predict_items(classifier, items)
        results["real_heldout"] = {}
        print("\n== real pages as text (site-disjoint held-out part), body vs not-body")
        print(f"{'set':<24}{'pages':>6}{'blk P':>8}{'blk R':>8}{'tok P':>8}{'tok R':>8}{'tok F1':>8}")
        groups = {name: [p for p in predictions if p[0].startswith(name.removesuffix("_dev"))]
                  for name in FULL_GOLD_SETS + ("trafilatura_eval",)}
        groups["daniel_dev"] = [p for p in predictions if p[0].startswith("daniel/")]
        groups["all full-gold sets"] = [p for p in predictions if not p[0].startswith("trafilatura")]
        for name, subset in groups.items():
            if not subset:
                continue
            scores = body_scores(subset)
            results["real_heldout"][name] = scores
            tokens = (f"{scores['tokens']['precision']:>8.3f}{scores['tokens']['recall']:>8.3f}"
                      f"{scores['tokens']['f1']:>8.3f}" if name != "trafilatura_eval" else f"{'-':>8}" * 3)
            print(f"{name:<24}{scores['pages']:>6}{scores['blocks']['precision']:>8.3f}"
                  f"{scores['blocks']['recall']:>8.3f}{tokens}")
        print("(trafilatura_eval has snippets, not full gold: block scores over the lines inside its"
              " snippets only, no token scores)")
    else:
        print("\n(real pages: ../shared/data/extraction not found, skipped)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
