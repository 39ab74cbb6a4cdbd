"""Provenance at scale: index references, query them, group a corpus; beside datasketch.

    python scripts/bench_provenance.py [--sizes 10000 100000] [--queries 10000] [--json FILE]

Documents: bodies made from our own corpus (labeled/pieces articles and labeled/provenance
documents): 5-9 paragraphs of one language drawn at random, with their numbers re-drawn, so
every document is distinct but reads like news. Queries: a third verbatim copies with a cut
and re-typeset paragraphs, a third paragraph subsets, a third fresh documents (no source).

Profiles are built from body text here (the block model's own speed is measured by
bench_blocks.py; its cost per document is measured on a sample and reported beside, so the
end-to-end figure is fingerprinting + block model + index + queries). For each size: index
build time, queries per second (retrieval + pair-model verification), corpus mode
(stories_among over every document), and peak memory (max RSS). datasketch's MinHashLSH
(128 permutations, threshold 0.5, on the same word 5-gram shingles) runs on the same
documents as the peer for indexing and querying verbatim reuse.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.provenance.api import provenance_model, sources_among, stories_among  # noqa: E402
from classifier.provenance.fingerprints import make_profile  # noqa: E402
from classifier.provenance.index import ReferenceIndex  # noqa: E402
from classifier.provenance.profiles import stopword_set  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.pieces import load_pieces  # noqa: E402
from classifier.training.provdata import PROVENANCE_DIR  # noqa: E402

_NUMBER = re.compile(r"\d+")


def paragraph_pools() -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {}
    for lang, pieces in load_pieces(corpora.PIECES_DIR).items():
        for article in pieces.articles:
            pools.setdefault(lang, []).extend(p for p in article.paragraphs if len(p) > 80)
    for path in sorted(PROVENANCE_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            pools.setdefault(record["lang"], []).extend(p for p in record["paragraphs"] if len(p) > 80)
    return pools


def make_bodies(n: int, pools: dict[str, list[str]], rng: random.Random) -> list[list[str]]:
    langs = sorted(pools)
    bodies = []
    for _ in range(n):
        pool = pools[rng.choice(langs)]
        paragraphs = rng.sample(pool, rng.randint(5, 9))
        bodies.append([_NUMBER.sub(lambda m: str(rng.randint(10, 99999)), p) for p in paragraphs])
    return bodies


def queries_for(bodies: list[list[str]], n: int, pools, rng: random.Random) -> list[list[str]]:
    out = []
    for i in range(n):
        kind = i % 3
        if kind == 2:
            out.extend(make_bodies(1, pools, rng))
            continue
        body = bodies[rng.randrange(len(bodies))]
        if kind == 0:
            out.append([p.replace("  ", " ").replace("“", '"') for p in body[:-1] or body])
        else:
            out.append(rng.sample(body, max(3, len(body) - 2)))
    return out


def profiles_of(bodies, prefix, stopwords):
    return [make_profile(f"{prefix}{i}", "und", body, [], [], stopwords) for i, body in enumerate(bodies)]


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def ours(references, queries) -> dict:
    started = time.perf_counter()
    index = ReferenceIndex()
    for profile in references:
        index.add(profile)
    build = time.perf_counter() - started
    started = time.perf_counter()
    answers = sources_among([q.id for q in queries], queries, references)
    query = time.perf_counter() - started
    found = sum(1 for a in answers[: len(queries)] if a.get("source"))
    return {"index_seconds": round(build, 2), "queries_per_s": round(len(queries) / query, 1),
            "queries_with_a_source": found}


def datasketch_peer(references, queries) -> dict | None:
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        return None

    def minhash(profile):
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([int(s).to_bytes(4, "little") for s in profile.shingles])
        return m

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for profile in references:
        lsh.insert(profile.id, minhash(profile))
    build = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(1 for q in queries if lsh.query(minhash(q)))
    query = time.perf_counter() - started
    return {"index_seconds": round(build, 2), "queries_per_s": round(len(queries) / query, 1),
            "queries_with_a_match": found, "note": "verbatim reuse only (shingle Jaccard), no labels"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(42)
    pools = paragraph_pools()
    stopwords = stopword_set()
    provenance_model()
    results = {"sizes": {}}
    for size in args.sizes:
        entry: dict = {}
        bodies = make_bodies(size, pools, rng)
        started = time.perf_counter()
        references = profiles_of(bodies, "ref", stopwords)
        entry["fingerprint_docs_per_s"] = round(size / (time.perf_counter() - started), 1)
        queries = profiles_of(queries_for(bodies, args.queries, pools, rng), "q", stopwords)
        entry["ours"] = ours(references, queries)
        print(f"{size}: {json.dumps(entry)}", file=sys.stderr, flush=True)
        entry["datasketch"] = datasketch_peer(references, queries)
        if not args.skip_corpus:
            started = time.perf_counter()
            answers = stories_among([p.id for p in references], references)
            entry["corpus_mode_seconds"] = round(time.perf_counter() - started, 1)
            entry["corpus_stories_with_several_documents"] = len(
                {a["story"] for a in answers if a.get("story")})
        entry["peak_rss_mb"] = peak_rss_mb()
        results["sizes"][size] = entry
        print(f"{size}: {json.dumps(entry)}", file=sys.stderr, flush=True)
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
