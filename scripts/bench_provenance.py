"""Provenance at scale: index references, query them, group a corpus; beside datasketch.

    python scripts/bench_provenance.py [--sizes 10000 100000] [--queries 10000] [--json FILE]

Documents: generated from the word frequencies of our own corpus (labeled/pieces articles and
labeled/provenance documents), per language: sentences of words drawn by frequency, with
invented names and numbers, 5-9 paragraphs each. They share common words, as news does, but
no sentence by accident (an earlier version reused whole corpus paragraphs, which tied every
document to dozens of others and measured nothing real). One corpus document in ten is a
derived copy of another (verbatim with a cut, or a paragraph subset), so stories exist.
Queries: a third verbatim copies with a cut ending, a third paragraph subsets, a third fresh
documents (no source).

Index and query figures use profiles built from body text, so they are provenance's own.
Corpus mode is measured end to end, as `classifier provenance DIR --jobs N` runs it: every
document through the block model and fingerprinting (``profile_seconds``, N spawned
workers), then stories_among over those profiles (``corpus_mode_seconds``, N forked
workers); ``end_to_end_corpus_seconds`` is their sum. For each size: index build time,
queries per second (retrieval + pair-model verification), the corpus-mode times, and peak
memory: max RSS of this process and, separately, of the largest worker, and the peak total
PSS of all processes while profiling and while comparing (sampled twice a second), which is
what the run really holds since forked workers share pages with the parent. As in the CLI,
the texts are let go once profiled. datasketch's MinHashLSH
(128 permutations, threshold 0.5, on the same word 5-gram shingles) runs on the same
documents as the peer for indexing and querying verbatim reuse.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.provenance.api import provenance_model, sources_among, stories_among  # noqa: E402
from classifier.provenance.fingerprints import make_profile  # noqa: E402
from classifier.provenance.index import ReferenceIndex  # noqa: E402
from classifier.provenance.profiles import Source, profile_documents, stopword_set  # noqa: E402
from classifier.training import corpora  # noqa: E402
from classifier.training.pieces import load_pieces  # noqa: E402
from classifier.tokens import is_unspaced, tokenize  # noqa: E402
from classifier.training.provdata import PROVENANCE_DIR  # noqa: E402


def vocabularies() -> dict[str, tuple[list[str], np.ndarray]]:
    """Words of each language with the cumulative distribution of their corpus frequencies."""
    counts: dict[str, Counter] = {}
    for lang, pieces in load_pieces(corpora.PIECES_DIR).items():
        for article in pieces.articles:
            counts.setdefault(lang, Counter()).update(tokenize(" ".join(article.paragraphs)))
    for path in sorted(PROVENANCE_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            counts.setdefault(record["lang"], Counter()).update(tokenize(" ".join(record["paragraphs"])))
    out = {}
    for lang, counter in counts.items():
        words = [w for w, _ in counter.most_common() if not w.isdigit()]
        freq = np.array([counter[w] for w in words], dtype=np.float64)
        out[lang] = (words, np.cumsum(freq / freq.sum()))
    return out


def make_body(vocab, rng: np.random.Generator) -> list[str]:
    words, cumulative = vocab
    joiner = "" if words and is_unspaced(words[0]) else " "
    paragraphs = []
    for _ in range(rng.integers(5, 10)):
        sentences = []
        for _ in range(rng.integers(2, 5)):
            # By frequency, through the cumulative distribution (rng.choice with p= rereads the
            # whole vocabulary on every call: hours for 100,000 documents).
            picks = np.searchsorted(cumulative, rng.random(rng.integers(10, 24)), side="right")
            drawn = [words[min(i, len(words) - 1)] for i in picks]
            drawn.insert(rng.integers(0, len(drawn)), _name(rng))
            drawn.insert(rng.integers(0, len(drawn)), str(rng.integers(10, 99999)))
            sentence = joiner.join(drawn)
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        paragraphs.append(" ".join(sentences))
    return paragraphs


_SYLLABLES = ("ka", "lo", "mer", "tan", "vi", "sor", "en", "dal", "ru", "bek", "ost", "lin", "ma", "zo")


def _name(rng: np.random.Generator) -> str:
    return "".join(rng.choice(_SYLLABLES, size=rng.integers(2, 4))).capitalize()


def derived(body: list[str], rng) -> list[str]:
    """A verbatim copy with a cut ending, or a subset of the paragraphs."""
    if rng.random() < 0.5:
        return [p.replace("  ", " ") for p in body[:-1] or body]
    keep = sorted(rng.choice(len(body), size=min(len(body), max(3, len(body) - 2)), replace=False))
    return [body[i] for i in keep]


def make_bodies(n: int, vocabs, rng) -> list[list[str]]:
    langs = sorted(vocabs)
    bodies: list[list[str]] = []
    for _ in range(n):
        if bodies and rng.random() < 0.1:
            bodies.append(derived(bodies[rng.integers(0, len(bodies))], rng))
        else:
            bodies.append(make_body(vocabs[langs[rng.integers(0, len(langs))]], rng))
    return bodies


def queries_for(bodies: list[list[str]], n: int, vocabs, rng) -> list[list[str]]:
    langs = sorted(vocabs)
    out = []
    for i in range(n):
        if i % 3 == 2:
            out.append(make_body(vocabs[langs[rng.integers(0, len(langs))]], rng))
        else:
            out.append(derived(bodies[rng.integers(0, len(bodies))], rng))
    return out


def profiles_of(bodies, prefix, stopwords):
    return [make_profile(f"{prefix}{i}", "und", body, [], [], stopwords) for i, body in enumerate(bodies)]


def profiled(texts: list[str], jobs: int) -> list:
    """Block model + fingerprinting of every document as plain text, with ``jobs`` workers."""
    sources = [Source(f"s{i}", text=text) for i, text in enumerate(texts)]
    return [p for p in profile_documents(sources, jobs) if not isinstance(p, Exception)]


class TotalMemory:
    """Peak proportional set size (PSS) of this process and all its descendants, sampled.

    A forked worker's RSS counts the pages it shares with its parent, so per-process peaks
    cannot be added up; PSS splits each shared page among its sharers, so the sum over the
    process tree is what the run really holds. Linux only (/proc); elsewhere it reports None.
    """

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TotalMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float | None:
        return round(self.peak_kb / 1024, 1) if self.peak_kb else None

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            total = sum(_pss_kb(pid) for pid in _process_tree(os.getpid()))
            self.peak_kb = max(self.peak_kb, total)


def _process_tree(pid: int) -> list[int]:
    pids, pending = [], [pid]
    while pending:
        current = pending.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return pids


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def ours(references, queries) -> dict:
    started = time.perf_counter()
    ReferenceIndex.of(references)
    build = time.perf_counter() - started
    started = time.perf_counter()
    answers = sources_among([q.id for q in queries], queries, references)
    query = time.perf_counter() - started
    found = sum(1 for a in answers if a.get("source"))
    return {"index_seconds": round(build, 2), "queries_per_s": round(len(queries) / query, 1),
            "queries_with_a_source": found, "queries_derived": len(queries) - len(queries) // 3}


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
    parser.add_argument("--corpus-only", action="store_true",
                        help="only corpus mode, in a process that did nothing before it (as the CLI)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for corpus mode")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    vocabs = vocabularies()
    stopwords = stopword_set()
    provenance_model()
    results = {"sizes": {}}
    for size in args.sizes:
        entry: dict = {}
        bodies = make_bodies(size, vocabs, rng)
        if not args.corpus_only:
            started = time.perf_counter()
            references = profiles_of(bodies, "ref", stopwords)
            entry["fingerprint_docs_per_s"] = round(size / (time.perf_counter() - started), 1)
            queries = profiles_of(queries_for(bodies, args.queries, vocabs, rng), "q", stopwords)
            entry["ours"] = ours(references, queries)
            print(f"{size}: {json.dumps(entry)}", file=sys.stderr, flush=True)
            entry["datasketch"] = datasketch_peer(references, queries)
            del references, queries
        if not args.skip_corpus:
            # Corpus mode as `classifier provenance DIR` runs it: the texts are held until
            # profiled, then let go; the profiles are compared.
            texts = ["\n".join(body) for body in bodies]
            del bodies
            with TotalMemory() as profiling:
                started = time.perf_counter()
                corpus = profiled(texts, args.jobs)
                entry["profile_seconds"] = round(time.perf_counter() - started, 1)
            del texts
            with TotalMemory() as comparing:
                started = time.perf_counter()
                answers = stories_among([p.id for p in corpus], corpus, jobs=args.jobs)
                entry["corpus_mode_seconds"] = round(time.perf_counter() - started, 1)
            entry["profiling_peak_total_pss_mb"] = profiling.peak_mb
            entry["comparing_peak_total_pss_mb"] = comparing.peak_mb
            entry["corpus_mode_peak_total_pss_mb"] = max(profiling.peak_mb or 0, comparing.peak_mb or 0) or None
            entry["corpus_mode_jobs"] = args.jobs
            entry["end_to_end_corpus_seconds"] = round(entry["profile_seconds"] + entry["corpus_mode_seconds"], 1)
            entry["corpus_stories_with_several_documents"] = len(
                {a["story"] for a in answers if a.get("story")})
        entry["peak_rss_mb"] = peak_rss_mb()
        entry["peak_rss_mb_largest_worker"] = round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        results["sizes"][size] = entry
        print(f"{size}: {json.dumps(entry)}", file=sys.stderr, flush=True)
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
