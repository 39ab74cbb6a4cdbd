"""Provenance scores: held-out pairs, the seeds in corpus mode, real pages made into pairs.

    python scripts/evaluate_provenance.py [--json FILE] [--real-pages 120]

Held-out: pairs of documents whose source article is in the held-out split (by source), which
neither the spinner score nor the pair model saw. Seeds: the five ../shared/seeds documents
through corpus mode (group_stories), with the expected labels of provenance.json and the
Spanish seed's "Fuente: VOA" in its evidence. Real pairs: made from held-out-site pages of
../shared/data/extraction (see classifier/training/provevaluation.py), reported separately.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.provenance.api import compare_pairs, group_stories  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.provdata import load_documents  # noqa: E402
from classifier.training.provevaluation import (  # noqa: E402
    heldout_report, real_pairs, seed_check, seed_documents, story_report,
)


def real_report(max_pages: int) -> dict:
    pairs = real_pairs(max_pages)
    results = compare_pairs([(s, c) for s, c, _, _ in pairs])
    by_kind: dict[str, list[bool]] = {}
    for (_, _, label, kind), result in zip(pairs, results):
        by_kind.setdefault(f"{kind} ({label})", []).append(result.get("label") == label)
    return {k: {"pairs": len(v), "accuracy": round(sum(v) / len(v), 4)} for k, v in by_kind.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--real-pages", type=int, default=120)
    args = parser.parse_args()
    documents = load_documents()
    results = {"heldout": heldout_report(documents), "heldout_stories": story_report(documents, "heldout")}
    print(json.dumps({"heldout_macro_f1": results["heldout"]["macro_f1"],
                      "hard_negatives": results["heldout"]["hard_negatives"]}), file=sys.stderr)
    if corpora.SEEDS_DIR.exists():
        seeds = seed_documents()
        answers = group_stories([{"id": s["id"], "text": s["text"]} for s in seeds])
        results["seeds"] = seed_check(answers, seeds)
        results["seed_answers"] = answers
    if corpora.EXTRACTION_DIR.exists():
        results["real_pairs"] = real_report(args.real_pages)
    print(json.dumps(results, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
