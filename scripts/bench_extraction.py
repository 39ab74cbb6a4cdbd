"""Main-text extraction on real pages: this project and the peers side by side, in one run.

    python scripts/bench_extraction.py [--split heldout|train|all] [--max-pages N] [--json FILE]

Pages: ../shared/data/extraction. By default only the site-disjoint held-out part (30% of
sites) that the page model never trained on; every tool runs on exactly those pages.
Scores (as the data's README describes):
  * token F1: bag of lowercase word tokens (one token per Han/kana character) of the
    extracted text against the gold text, per page, averaged over pages; per set, per language;
  * snippet F1 (trafilatura_eval): a found "with" snippet is a true positive, a found
    "without" snippet a false positive, counted over all snippets;
  * speed: pages per second, one process, one thread, over the same pages, median of repeats
    (this project twice: page by page, and in batches of 32 pages as the CLI scores them);
  * bylines: on pages whose annotation names an author, the share where the block naming the
    author (when it is its own block) is labelled attribution.
Peers: trafilatura, readability-lxml, jusText (stoplist of the page's language), boilerpy3
(ArticleExtractor), resiliparse (main_content) - those installed.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.pages import classify_html, classify_html_many, page_classifier  # noqa: E402
from classifier.store import MANIFEST  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.pagedata import author_names, is_byline  # noqa: E402
from classifier.training.realpages import iter_records, real_split  # noqa: E402

SETS = ("scrapinghub_aeb", "readability_testpages", "daniel_dev", "trafilatura_eval_dev")
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)
_SPACE = re.compile(r"\s+")
JUSTEXT_LANGS = {"en": "English", "de": "German", "es": "Spanish", "fr": "French",
                 "pl": "Polish", "ru": "Russian", "el": "Greek", "it": "Italian",
                 "pt": "Portuguese", "id": "Indonesian", "tr": "Turkish", "nl": "Dutch",
                 "cs": "Czech", "fi": "Finnish", "hu": "Hungarian", "ar": "Arabic"}


def tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall(text.lower()))


def token_prf(extracted: str, gold: str) -> tuple[float, float, float]:
    got, want = tokens(extracted), tokens(gold)
    overlap = sum((got & want).values())
    p = overlap / sum(got.values()) if got else 0.0
    r = overlap / sum(want.values()) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def snippet_counts(extracted: str, with_: list[str], without: list[str]) -> tuple[int, int, int]:
    text = _SPACE.sub(" ", extracted)
    found = [(_SPACE.sub(" ", s).strip() in text) for s in with_]
    tp = sum(found)
    fn = len(found) - tp
    fp = sum(_SPACE.sub(" ", s).strip() in text for s in without)
    return tp, fp, fn


def peers() -> dict:
    found = {}
    try:
        import trafilatura

        found["trafilatura"] = lambda page, lang: trafilatura.extract(page) or ""
    except ImportError:
        pass
    try:
        import lxml.html
        from readability import Document

        def readability(page, lang):
            summary = Document(page).summary(html_partial=True)
            root = lxml.html.fromstring(summary)
            return "\n".join(t.strip() for t in root.itertext() if t.strip())

        found["readability-lxml"] = readability
    except ImportError:
        pass
    try:
        import justext

        def jus(page, lang):
            stoplist = justext.get_stoplist(JUSTEXT_LANGS.get(lang or "", "English"))
            return "\n".join(p.text for p in justext.justext(page, stoplist) if not p.is_boilerplate)

        found["justext"] = jus
    except ImportError:
        pass
    try:
        from boilerpy3 import extractors

        extractor = extractors.ArticleExtractor(raise_on_failure=False)
        found["boilerpy3"] = lambda page, lang: extractor.get_content(page) or ""
    except ImportError:
        pass
    try:
        from resiliparse.extract.html2text import extract_plain_text

        found["resiliparse"] = lambda page, lang: extract_plain_text(page, main_content=True)
    except ImportError:
        pass
    return found


def load_pages(split: str, max_pages: int | None) -> list[dict]:
    pages = []
    for record in iter_records(corpora.EXTRACTION_DIR, SETS):
        if split == "all" or real_split(record) == split:
            pages.append(record)
    if max_pages:
        pages = pages[:: max(1, len(pages) // max_pages)][:max_pages]
    return pages


def ours(page: str, lang: str | None) -> str:
    try:
        return classify_html(page).body
    except Exception:  # noqa: BLE001 - a page we cannot read scores as empty, like the peers
        return ""


def ours_batched(pages: list[dict], size: int = 32) -> list[str]:
    """This project as the CLI runs it: pages scored together in batches."""
    out = []
    for start in range(0, len(pages), size):
        batch = [p["html"] for p in pages[start:start + size]]
        try:
            out += [d.body for d in classify_html_many(batch)]
        except Exception:  # noqa: BLE001 - one bad page: score this batch page by page
            out += [ours(html, None) for html in batch]
    return out


def run_tool(extract, pages: list[dict]) -> tuple[list[str], float]:
    outputs, started = [], time.perf_counter()
    for record in pages:
        try:
            outputs.append(extract(record["html"], record.get("lang")) or "")
        except Exception:  # noqa: BLE001 - a peer that crashes on a page extracts nothing
            outputs.append("")
    return outputs, time.perf_counter() - started


def score(pages: list[dict], outputs: list[str]) -> dict:
    per_set: dict[str, list[float]] = defaultdict(list)
    per_lang: dict[str, list[float]] = defaultdict(list)
    snippets = defaultdict(lambda: [0, 0, 0])
    for record, text in zip(pages, outputs):
        if record.get("gold_text"):
            f1 = token_prf(text, record["gold_text"])[2]
            per_set[record["dataset"]].append(f1)
            per_lang[record.get("lang") or "unknown"].append(f1)
        else:
            counts = snippet_counts(text, record.get("with", []), record.get("without", []))
            for i, c in enumerate(counts):
                snippets[record["dataset"]][i] += c
            tp, fp, fn = counts
            page_f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            per_lang[record.get("lang") or "unknown"].append(page_f1)
    result = {"token_f1": {k: round(statistics.mean(v), 4) for k, v in per_set.items()}}
    for name, (tp, fp, fn) in snippets.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        result.setdefault("snippet_f1", {})[name] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
    result["per_language"] = {k: {"pages": len(v), "f1": round(statistics.mean(v), 4)}
                              for k, v in sorted(per_lang.items())}
    return result


def byline_check(pages: list[dict]) -> dict:
    """Pages naming an author: is the block naming them (when it is its own) attribution?"""
    seen = right = 0
    for record in pages:
        authors = author_names(record)
        if not authors:
            continue
        try:
            doc = classify_html(record["html"])
        except Exception:  # noqa: BLE001
            continue
        bylines = [b for b in doc.blocks if is_byline(b.text, authors)]
        if bylines:
            seen += 1
            right += any(b.label == "attribution" for b in bylines)
    return {"pages_with_byline_block": seen, "labelled_attribution": right,
            "share": round(right / seen, 3) if seen else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("heldout", "train", "all"), default="heldout")
    parser.add_argument("--max-pages", type=int)
    parser.add_argument("--repeats", type=int, default=1, help="timing repeats (median)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--manifest", action="store_true",
                        help="record the page model's held-out scores in models/MANIFEST.json")
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    pages = load_pages(args.split, args.max_pages)
    page_classifier()  # load outside the timings
    tools = {"classifier": ours, **peers()}
    results = {"split": args.split, "pages": Counter(p["dataset"] for p in pages), "tools": {}}
    texts = {}
    with threadpool_limits(limits=1):
        for name, extract in tools.items():
            times, outputs = [], []
            for _ in range(args.repeats):
                outputs, seconds = run_tool(extract, pages)
                times.append(seconds)
            texts[name] = outputs
            entry = score(pages, outputs)
            entry["pages_per_s"] = round(len(pages) / statistics.median(times), 1)
            results["tools"][name] = entry
            print(f"{name:18s} {json.dumps({k: entry[k] for k in entry if k != 'per_language'})}",
                  file=sys.stderr, flush=True)
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            batched = ours_batched(pages)
            times.append(time.perf_counter() - started)
        results["tools"]["classifier"]["pages_per_s_batched"] = round(len(pages) / statistics.median(times), 1)
        results["tools"]["classifier"]["batched_output_identical"] = batched == texts["classifier"]
    ours_speed = results["tools"]["classifier"]["pages_per_s"]
    batched_speed = results["tools"]["classifier"]["pages_per_s_batched"]
    for name, entry in results["tools"].items():
        entry["classifier_speed_ratio"] = round(ours_speed / entry["pages_per_s"], 2)
        entry["classifier_batched_speed_ratio"] = round(batched_speed / entry["pages_per_s"], 2)
    results["bylines"] = byline_check(pages)
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if args.manifest and args.split == "heldout" and not args.max_pages:
        record_scores(results)


def record_scores(results: dict) -> None:
    """The page model's held-out scores beside its checksum, as the block model's are."""
    path = corpora.REPO / "models" / MANIFEST
    manifest = json.loads(path.read_text())
    ours_entry = results["tools"]["classifier"]
    manifest["models"]["pages"]["scores"] = {
        "heldout_sites_token_f1": ours_entry["token_f1"],
        "heldout_sites_snippet_f1": ours_entry["snippet_f1"],
        "bylines_as_attribution": results["bylines"]["share"],
        "best_peer_token_f1": {
            name: max(entry["token_f1"].get(name, 0.0) for tool, entry in results["tools"].items()
                      if tool != "classifier")
            for name in ours_entry["token_f1"]
        },
        "measured_by": "scripts/bench_extraction.py --manifest",
    }
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
