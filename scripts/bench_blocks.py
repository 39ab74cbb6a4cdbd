"""Speed and memory of the block model, side by side with the peers on the same documents.

    python scripts/bench_blocks.py [--docs 10000] [--peer-docs 1000] [--repeats 3]

Documents: generated with the corpus generator (held-out pieces, so nothing is cached from
training), as plain text for this project; the peers (trafilatura, jusText, boilerpy3,
readability-lxml; those installed) get the same documents as minimal HTML, one <p> per line,
since they read HTML only. Reports medians over repeats: blocks/s and documents/s on one core
and with --jobs 2, the ratio to each peer, `classifier --help` wall time, model size and peak
memory (max RSS) of `classifier score` over all the documents as one JSONL file, in a fresh
process (the bench process itself holds every document and result several times over).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.api import block_classifier, classify_many  # noqa: E402
from classifier.batch import classify_items  # noqa: E402
from classifier.inputs import Item  # noqa: E402
from classifier.segment import segment_text  # noqa: E402
from classifier.store import models_dir, read_manifest  # noqa: E402
from classifier.training import corpora  # noqa: E402


def median_time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><head><title>t</title></head><body><article>{paragraphs}</article></body></html>"


def peers():
    found = {}
    try:
        import trafilatura

        found["trafilatura"] = lambda page: trafilatura.extract(page)
    except ImportError:
        pass
    try:
        import justext

        stoplist = justext.get_stoplist("English")
        found["justext"] = lambda page: justext.justext(page, stoplist)
    except ImportError:
        pass
    try:
        from boilerpy3 import extractors

        extractor = extractors.ArticleExtractor()
        found["boilerpy3"] = lambda page: extractor.get_content(page)
    except ImportError:
        pass
    try:
        from readability import Document

        found["readability-lxml"] = lambda page: Document(page).summary()
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--peer-docs", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    texts = [text for _, _, text, _ in corpora.synthetic_items("heldout", n_docs=args.docs, seed=2024)]
    blocks = sum(len(segment_text(t)) for t in texts)
    block_classifier()  # load once, outside the timings
    results = {"documents": len(texts), "blocks": blocks}

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # one core means one thread: no OpenMP help
        one = median_time(lambda: classify_many(texts), args.repeats)
    items = [Item(id=str(i), text=t) for i, t in enumerate(texts)]
    two = median_time(lambda: list(classify_items(items, jobs=2, chunk_docs=64)), args.repeats)
    results["one_core"] = {"blocks_per_s": round(blocks / one), "docs_per_s": round(len(texts) / one)}
    results["jobs_2"] = {"blocks_per_s": round(blocks / two), "docs_per_s": round(len(texts) / two)}

    sample = texts[: args.peer_docs]
    sample_blocks = sum(len(segment_text(t)) for t in sample)
    with threadpool_limits(limits=1):  # the peers run single-threaded too
        ours = median_time(lambda: classify_many(sample), args.repeats)
    results["peers"] = {"classifier": {"docs_per_s": round(len(sample) / ours, 1)}}
    pages = [as_html(t) for t in sample]
    for name, extract in peers().items():
        seconds = median_time(lambda: [extract(p) for p in pages], args.repeats)
        results["peers"][name] = {"docs_per_s": round(len(sample) / seconds, 1),
                                  "classifier_speed_ratio": round(seconds / ours, 2)}
    results["peer_sample"] = {"documents": len(sample), "blocks": sample_blocks}

    help_times = [
        _timed([sys.executable, "-m", "classifier", "--help"]) for _ in range(max(args.repeats, 5))
    ]
    results["help_seconds_median"] = round(statistics.median(help_times), 3)
    entry = read_manifest()["models"]["blocks"]
    results["model_mb"] = round((models_dir() / entry["file"]).stat().st_size / 1e6, 2)
    results["peak_rss_mb"] = {
        "cli_score_all_docs": cli_peak_rss_mb(texts),
        "this_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "largest_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


def cli_peak_rss_mb(texts: list[str]) -> int:
    """Peak memory of ``classifier score`` over all documents as one JSONL file, as users run it.

    Measured in a fresh process (this one holds every document and result several times).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        path.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)))
        probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        command = [sys.executable, "-m", "classifier", "score", str(path), "--no-provenance",
                   "--output", os.devnull]
        done = subprocess.run([sys.executable, "-c", probe, *command], check=True,
                              capture_output=True, text=True)
    return round(int(done.stdout.split()[-1]) / 1024)


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
