"""Provenance scores: held-out pairs, hard negatives, the seeds, real pages made into pairs."""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter

import numpy as np

from ..provenance.fingerprints import Profile
from ..provenance.model import PROVENANCE_LABELS
from . import corpora
from .evaluation import class_report
from ..htmlsegment import html_to_lines
from .realpages import real_split, site_of


def pair_report(truth: list[str], predicted: list[str], kinds: list[str]) -> dict:
    report = class_report(list(zip(truth, predicted)), labels=PROVENANCE_LABELS)
    hard = [(t, p) for t, p, k in zip(truth, predicted, kinds)
            if t == "independent" and k != "unrelated"]
    by_kind: dict[str, list[bool]] = {}
    for t, p, k in zip(truth, predicted, kinds):
        by_kind.setdefault(k, []).append(t == p)
    report["hard_negatives"] = {"pairs": len(hard),
                                "correct": round(sum(t == p for t, p in hard) / len(hard), 4) if hard else None}
    report["accuracy_by_pair_kind"] = {k: {"pairs": len(v), "accuracy": round(sum(v) / len(v), 4)}
                                       for k, v in sorted(by_kind.items())}
    return report


def heldout_report(documents) -> dict:
    """Pair scores on documents whose source article is in the held-out split."""
    from ..provenance.api import provenance_model
    from ..provenance.profiles import Source, profile_documents
    from .provdata import make_pairs, provenance_split

    held = [i for i, d in enumerate(documents) if provenance_split(d.source) == "heldout"]
    held_set = set(held)
    pairs = [(c, s, label, kind) for c, s, label, kind in make_pairs(documents)
             if c in held_set and s in held_set]
    profiles = dict(zip(held, profile_documents([Source(documents[i].id, text=documents[i].text)
                                                 for i in held])))
    model = provenance_model()
    spins = dict(zip(held, model.spin_scores([profiles[i] for i in held])))
    proba = model.pair_proba([(profiles[c], profiles[s]) for c, s, _, _ in pairs],
                             [(spins[c], spins[s]) for c, s, _, _ in pairs])
    predicted = [PROVENANCE_LABELS[i] for i in np.argmax(proba, axis=1)]
    report = pair_report([p[2] for p in pairs], predicted, [p[3] for p in pairs])
    report["documents"] = len(held)
    return report


def seed_documents() -> list[dict]:
    """The five seeds as plain-text records with their expected label."""
    root = corpora.SEEDS_DIR
    truth = json.loads((root / "provenance.json").read_text(encoding="utf-8"))
    return [{"id": name, "text": (root / name).read_text(encoding="utf-8"),
             "expected": info["provenance"]} for name, info in sorted(truth.items())]


def seed_check(results: list[dict], seeds: list[dict]) -> dict:
    right = sum(r.get("label") == s["expected"] for r, s in zip(results, seeds))
    spanish = next((r for r, s in zip(results, seeds) if "VOA" in s["text"]), None)
    voa = bool(spanish) and any("VOA" in block for block in spanish["evidence"].get("attribution", []))
    return {"correct": right, "of": len(seeds), "voa_in_evidence": voa,
            "labels": {s["id"]: r.get("label") for r, s in zip(results, seeds)}}


def real_pairs(max_pages: int = 120, seed: int = 3) -> list[tuple[dict, dict, str, str]]:
    """Pairs from real pages nobody here wrote (held-out sites only).

    * syndication: a page's HTML -> its gold text alone (the same article without the site);
    * syndication: a page's gold text -> the same gold under another page's chrome lines;
    * independent: two different articles of the same site (shared chrome must not match).
    """
    rng = random.Random(seed)
    pages = []
    for name in ("scrapinghub_aeb", "readability_testpages", "daniel_dev"):
        path = corpora.EXTRACTION_DIR / f"{name}.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if real_split(record) == "heldout" and len(record["gold_text"]) > 800:
                    pages.append(record)
    rng.shuffle(pages)
    pages = pages[:max_pages]
    pairs = []
    by_site: dict[str, list[dict]] = {}
    for page in pages:
        by_site.setdefault(site_of(page), []).append(page)
    for i, page in enumerate(pages):
        gold = {"text": page["gold_text"]}
        if i % 2 == 0:
            pairs.append(({"html": page["html"]}, gold, "syndication", "page->its gold text"))
        else:
            chrome = _chrome_lines(pages[(i + 1) % len(pages)])
            wrapped = "\n".join([*chrome[:5], page["gold_text"], *chrome[-3:]])
            pairs.append((gold, {"text": wrapped}, "syndication", "gold->gold under other chrome"))
    for site_pages in by_site.values():
        for a, b in zip(site_pages, site_pages[1:]):
            pairs.append(({"html": a["html"]}, {"html": b["html"]}, "independent", "same site, other article"))
    return pairs


STORY_EXPECTED = {"original": "independent", "translation": "translation", "spun": "paraphrase",
                  "rewrite": "paraphrase", "summary": "paraphrase", "syndicated": "syndication",
                  "independent": "independent"}


def story_report(documents, split: str) -> dict:
    """Corpus mode over every document of ``split`` at once (all stories mixed together).

    Expected: translations -> translation; spun, rewritten, summarised -> paraphrase; the
    syndicated copy -> syndication; the original and the independent report -> independent.
    An original and its verbatim copy cannot be told apart without dates: both are expected
    to come out as syndication's two ends, and the original is reported separately.
    """
    from ..provenance.api import group_stories
    from .provdata import provenance_split

    chosen = [d for d in documents if provenance_split(d.source) == split]
    answers = group_stories([{"id": d.id, "text": d.text} for d in chosen])
    by_kind: dict[str, list[bool]] = {}
    for doc, answer in zip(chosen, answers):
        by_kind.setdefault(doc.kind, []).append(answer.get("label") == STORY_EXPECTED[doc.kind])
    scored = [ok for kind, oks in by_kind.items() if kind != "original" for ok in oks]
    return {"documents": len(chosen),
            "accuracy_without_originals": round(sum(scored) / len(scored), 4) if scored else None,
            "by_kind": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_kind.items())}}


def _chrome_lines(page: dict) -> list[str]:
    """Lines of a page that are not in its gold text: its site's chrome."""
    gold = set(page["gold_text"].splitlines())
    try:
        lines = html_to_lines(page["html"])
    except Exception:  # noqa: BLE001
        return []
    return [line for line in lines if line not in gold and len(line) > 3]


def label_counts(results: list[dict]) -> dict:
    return dict(Counter(r.get("label") for r in results))


def too_short_share(profiles: list[Profile]) -> float:
    return sum(p.too_short for p in profiles) / len(profiles) if profiles else 0.0
