"""HTML parsers on real pages: lxml (what htmlsegment uses) against selectolax, same pages.

    python scripts/bench_parsers.py [--max-pages 400]

Times parsing alone (median of 3 runs over all pages, one thread) and, for lxml, our whole
segmentation walk, on the pages of ../shared/data/extraction. selectolax (lexbor) parses
faster; the walk, not the parse, dominates our segmentation, and lxml's tree gives xpaths and
recovers broken markup the way the page model was trained on, so lxml stays.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.htmlsegment import parse_html, segment_html  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.realpages import iter_records  # noqa: E402

SETS = ("scrapinghub_aeb", "readability_testpages", "daniel_dev", "trafilatura_eval_dev")


def timed(function, pages, repeats: int = 3) -> float:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        for page in pages:
            function(page)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-pages", type=int, default=400)
    args = parser.parse_args()
    pages = [r["html"] for r in iter_records(corpora.EXTRACTION_DIR, SETS)][: args.max_pages]
    results = {"pages": len(pages), "megabytes": round(sum(map(len, pages)) / 1e6, 1)}
    results["lxml_parse_pages_per_s"] = round(len(pages) / timed(parse_html, pages), 1)
    try:
        from selectolax.lexbor import LexborHTMLParser

        results["selectolax_lexbor_parse_pages_per_s"] = round(len(pages) / timed(LexborHTMLParser, pages), 1)
    except ImportError:
        results["selectolax"] = "not installed (pip install '.[bench]')"
    results["lxml_parse_and_segment_pages_per_s"] = round(len(pages) / timed(segment_html, pages), 1)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
