"""The three ways to ask: pairs, against references, and a corpus grouped into stories.

Every answer is a plain dict: ``{"id", "lang", "label", "scores", "source", "evidence"}``;
a document with too little body text to compare gets ``"too_short": true`` and no label, and
one that cannot be read gets ``{"id", "error"}``. Nothing here raises for one bad document.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..errors import InputError
from ..store import cached_model
from .fingerprints import Profile
from .index import ReferenceIndex
from .fanout import fan_out, ranges
from .model import PROVENANCE_LABELS, ProvenanceModel, pair_rows
from .pairfeatures import PAIR_FEATURES, align_blocks, credit_blocks, shingle_share
from .profiles import Source, profile_documents

PROVENANCE_MODEL = "provenance"
CANDIDATES = 5
RELATED = 0.5  # a pair is related when P(independent) falls below this
EVIDENCE_BLOCKS = 5
EVIDENCE_CHARS = 160
DOC_CHUNK = 1000  # documents per unit of work when a corpus is shared among processes
PAIR_CHUNK = 2000


@lru_cache(maxsize=1)
def provenance_model() -> ProvenanceModel:
    """The shipped provenance model (verified and loaded once per process)."""
    return cached_model(PROVENANCE_MODEL)["model"]


def as_source(value, default_id: str) -> Source:
    """A :class:`Source` from a string (plain text) or a record with text/html/lang/id."""
    if isinstance(value, Source):
        return value
    if isinstance(value, str):
        return Source(default_id, text=value)
    if isinstance(value, dict):
        return Source(str(value.get("id") or default_id), text=value.get("text"),
                      html=value.get("html"), lang=value.get("lang"))
    raise InputError(f"expected text or a record with a 'text' or 'html' field, got {type(value).__name__}")


def compare_pairs(pairs: list[tuple[object, object]], ids: list[str] | None = None) -> list[dict]:
    """Label each ``(source, candidate)`` pair: how does the candidate derive from the source?"""
    ids = ids or [f"pair-{i}" for i in range(len(pairs))]
    sources = [as_source(s, f"{i}/source") for i, (s, _) in zip(ids, pairs)]
    candidates = [as_source(c, f"{i}/candidate") for i, (_, c) in zip(ids, pairs)]
    profiles = profile_documents(sources + candidates)
    source_p, candidate_p = profiles[: len(pairs)], profiles[len(pairs):]
    model = provenance_model()
    results: list[dict | None] = [None] * len(pairs)
    scored = []
    for index, (pair_id, s, c) in enumerate(zip(ids, source_p, candidate_p)):
        problem = _problem(pair_id, c, "candidate") or _problem(pair_id, s, "source")
        if problem:
            results[index] = problem
        else:
            scored.append((index, c, s))
    if scored:
        spins = model.spin_scores([c for _, c, _ in scored] + [s for _, _, s in scored])
        n = len(scored)
        proba = model.pair_proba([(c, s) for _, c, s in scored],
                                 [(spins[i], spins[n + i]) for i in range(n)])
        for row, (index, c, s) in enumerate(scored):
            results[index] = _answer(ids[index], c, proba[row], s, spins[row],
                                     source_id=s.id)
    return results  # type: ignore[return-value]


def find_sources(documents: list[object], references: list[object], k: int = CANDIDATES,
                 jobs: int = 1) -> list[dict]:
    """For each document, its best-matching reference and how it derives from it.

    ``jobs`` > 1 runs the block model and the matching in that many processes; the answers
    are the same.
    """
    doc_sources = [as_source(d, f"doc-{i}") for i, d in enumerate(documents)]
    ref_sources = [as_source(r, f"ref-{i}") for i, r in enumerate(references)]
    return sources_among([s.id for s in doc_sources], profile_documents(doc_sources, jobs),
                         profile_documents(ref_sources, jobs), k, jobs)


def sources_among(ids: list[str], profiles: list, references: list, k: int = CANDIDATES,
                  jobs: int = 1) -> list[dict]:
    """:func:`find_sources` over profiles already made (the CLI makes them while scoring).

    All candidate pairs are verified in one pass of the pair model, and the spinner score is
    computed only for the documents and the references that take part in a pair.
    """
    index = ReferenceIndex.of([p for p in references if isinstance(p, Profile) and not p.too_short])
    model = provenance_model()
    queries = [p for p, profile in enumerate(profiles) if isinstance(profile, Profile) and not profile.too_short]
    shared = {"profiles": profiles, "queries": queries, "index": index, "model": model, "k": k}
    hits: dict[int, list[int]] = {}
    spins: dict[int, float] = {}
    for chunk_hits, chunk_spins in fan_out(_query_hits, ranges(len(queries), DOC_CHUNK), shared, jobs):
        hits.update(chunk_hits)
        spins.update(chunk_spins)
    ref_spins = _reference_spins(model, index, sorted({r for refs in hits.values() for r in refs}), jobs)
    pairs = [(p, r) for p in queries for r in hits[p]]
    shared = {"profiles": profiles, "pairs": pairs, "index": index, "spins": spins, "ref_spins": ref_spins}
    proba = _verified(model, _query_pair_rows, shared, len(pairs), jobs)
    shared = {"ids": ids, "profiles": profiles, "index": index, "spins": spins,
              "best": _best_sources(queries, hits, proba)}
    return [answer for chunk in fan_out(_source_answers, ranges(len(ids), DOC_CHUNK), shared, jobs)
            for answer in chunk]


def _query_hits(shared: dict, chunk: range) -> tuple[dict, dict]:
    """Candidate references of some documents, and the documents' spinner scores."""
    profiles, index = shared["profiles"], shared["index"]
    positions = [shared["queries"][n] for n in chunk]
    hits = {p: [h for h, _ in index.candidates(profiles[p], shared["k"])] for p in positions}
    scores = shared["model"].spin_scores([profiles[p] for p in positions])
    return hits, dict(zip(positions, map(float, scores)))


def _reference_spins(model, index: ReferenceIndex, numbers: list[int], jobs: int) -> dict[int, float]:
    shared = {"index": index, "numbers": numbers, "model": model}
    scores = fan_out(_spin_chunk, ranges(len(numbers), DOC_CHUNK), shared, jobs)
    return dict(zip(numbers, (float(s) for chunk in scores for s in chunk)))


def _spin_chunk(shared: dict, chunk: range) -> np.ndarray:
    profiles = shared["index"].profiles
    return shared["model"].spin_scores([profiles[shared["numbers"][n]] for n in chunk])


def _query_pair_rows(shared: dict, chunk: range) -> np.ndarray:
    profiles, references = shared["profiles"], shared["index"].profiles
    batch = [shared["pairs"][n] for n in chunk]
    return pair_rows([(profiles[p], references[r]) for p, r in batch],
                     [(shared["spins"][p], shared["ref_spins"][r]) for p, r in batch])


def _best_sources(queries: list[int], hits: dict, proba: np.ndarray) -> dict[int, tuple[int, np.ndarray]]:
    """Each document's most likely source among its candidates, when one is related."""
    independent = PROVENANCE_LABELS.index("independent")
    best, row = {}, 0
    for p in queries:
        rows = proba[row:row + len(hits[p])]
        row += len(hits[p])
        if len(rows) and rows[:, independent].min() < RELATED:
            choice = int(np.argmin(rows[:, independent]))
            best[p] = (hits[p][choice], rows[choice])
    return best


def _source_answers(shared: dict, chunk: range) -> list[dict]:
    ids, profiles, references = shared["ids"], shared["profiles"], shared["index"].profiles
    answers = []
    for position in chunk:
        doc_id, profile = ids[position], profiles[position]
        problem = _problem(doc_id, profile, "document")
        spin = None if problem else shared["spins"][position]
        if problem:
            answers.append(problem)
        elif position in shared["best"]:
            number, scores = shared["best"][position]
            answers.append(_answer(doc_id, profile, scores, references[number], spin,
                                   source_id=references[number].id))
        else:
            answers.append(_unmatched(doc_id, profile, spin))
    return answers


def group_stories(documents: list[object], k: int = CANDIDATES, jobs: int = 1) -> list[dict]:
    """Compare documents with each other, group derived ones into stories, label each.

    Within a story the source language is the one the members point to (see
    :func:`_story_language`). Members in another language are translations; members in the
    source language are paraphrases or syndicated copies of a same-language member, or, with
    none, the story's original (independent) unless they read as spinner output (a
    paraphrase of a source that is not in the corpus). ``jobs`` > 1 runs the block model
    and the comparing in that many processes; the answers are the same.
    """
    sources = [as_source(d, f"doc-{i}") for i, d in enumerate(documents)]
    return stories_among([s.id for s in sources], profile_documents(sources, jobs), k, jobs)


def stories_among(ids: list[str], profiles: list, k: int = CANDIDATES, jobs: int = 1) -> list[dict]:
    """:func:`group_stories` over profiles already made."""
    model = provenance_model()
    usable = [i for i, p in enumerate(profiles) if isinstance(p, Profile) and not p.too_short]
    index = ReferenceIndex.of([profiles[i] for i in usable])
    shared = {"profiles": profiles, "usable": usable, "index": index, "model": model, "k": k}
    pairs: set = set()
    spins: dict[int, float] = {}
    for chunk_pairs, chunk_spins in fan_out(_neighbours, ranges(len(usable), DOC_CHUNK), shared, jobs):
        pairs |= chunk_pairs
        spins.update(chunk_spins)
    related = _related(model, profiles, sorted(pairs), spins, jobs)
    stories = _components(usable, related)
    shared = {"ids": ids, "profiles": profiles, "stories": stories, "related": related,
              "spins": spins, "story_langs": _story_languages(stories, profiles, related)}
    return [answer for chunk in fan_out(_story_answers, ranges(len(ids), DOC_CHUNK), shared, jobs)
            for answer in chunk]


def _neighbours(shared: dict, chunk: range) -> tuple[set, dict]:
    """Candidate pairs of some usable documents, and their spinner scores.

    A pair comes first in the direction with the shorter document as the candidate: derived
    documents (summaries, cut translations) are rarely longer than their source.
    """
    profiles, usable, index = shared["profiles"], shared["usable"], shared["index"]
    pairs = set()
    for number in chunk:
        i = usable[number]
        for hit, _ in index.neighbours(number, shared["k"]):
            j = usable[hit]
            pairs.add((i, j) if (profiles[i].n_tokens, i) <= (profiles[j].n_tokens, j) else (j, i))
    members = [usable[number] for number in chunk]
    scores = shared["model"].spin_scores([profiles[i] for i in members])
    return pairs, dict(zip(members, map(float, scores)))


def _story_answers(shared: dict, chunk: range) -> list[dict]:
    ids, profiles = shared["ids"], shared["profiles"]
    answers = []
    for position in chunk:
        problem = _problem(ids[position], profiles[position], "document")
        story = shared["stories"].get(position, [position])
        answers.append(problem or _story_member(position, ids, profiles, story, shared["related"],
                                                shared["spins"], shared["story_langs"]))
    return answers


def _related(model, profiles, pairs: list[tuple[int, int]], spins: dict, jobs: int = 1) -> dict:
    """P(label) of both directions of each related pair; unrelated pairs are scored once."""
    independent = PROVENANCE_LABELS.index("independent")
    related = {}
    for batch in (pairs, None):
        if batch is None:  # the reverse direction, only for pairs found related
            batch = [(b, a) for a, b in list(related)]
        shared = {"profiles": profiles, "pairs": batch, "spins": spins}
        proba = _verified(model, _pair_rows, shared, len(batch), jobs)
        related.update({pair: row for pair, row in zip(batch, proba) if row[independent] < RELATED})
    return related


def _verified(model, rows_of, shared: dict, n_pairs: int, jobs: int) -> np.ndarray:
    """P(label) of ``n_pairs`` pairs: feature rows in workers (``rows_of``), trees here."""
    rows = fan_out(rows_of, ranges(n_pairs, PAIR_CHUNK), shared, jobs)
    return model.rows_proba(np.vstack(rows) if rows else np.zeros((0, len(PAIR_FEATURES))))


def _pair_rows(shared: dict, chunk: range) -> np.ndarray:
    profiles, spins = shared["profiles"], shared["spins"]
    batch = [shared["pairs"][n] for n in chunk]
    return pair_rows([(profiles[a], profiles[b]) for a, b in batch],
                     [(spins[a], spins[b]) for a, b in batch])


def _story_member(i: int, ids: list[str], profiles, story: list[int], related: dict,
                  spins: dict, story_langs: dict) -> dict:
    profile = profiles[i]
    spin = spins[i]
    if len(story) == 1:
        result = _unmatched(ids[i], profile, spin)
        result["story"] = None
        return result
    story_lang = story_langs[min(story)]
    partners = [(j, related[(i, j)] if (i, j) in related else related[(j, i)])
                for j in story if (i, j) in related or (j, i) in related]
    same_lang = [(j, row) for j, row in partners if profiles[j].lang == profile.lang]
    if profile.lang != story_lang:
        in_source_lang = [(j, row) for j, row in partners if profiles[j].lang == story_lang]
        j, row = max(in_source_lang or partners, key=lambda item: 1 - item[1][3])
        label, reason = "translation", f"its language ({profile.lang}) differs from the story's source language ({story_lang})"
    elif same_lang:
        # A verbatim partner outranks a paraphrased one: a copy of the original is also close
        # to the story's rewrites, but what makes it a copy is the original.
        j, row = max(same_lang, key=lambda item: (_SAME_LANGUAGE_RANK[int(np.argmax(item[1][:3]))],
                                                  float(np.max(item[1][:3]))))
        label = PROVENANCE_LABELS[int(np.argmax(row[:3]))]
        reason = "best same-language match in the story"
    else:
        j, row = None, None
        label = "paraphrase" if _spun(spin) else "independent"
        reason = ("no same-language source in the story; reads as spinner output" if _spun(spin)
                  else "the story's source-language original")
    scores = row if row is not None else _intrinsic_scores(spin)
    result = _answer(ids[i], profile, scores, profiles[j] if j is not None else None, spin,
                     source_id=ids[j] if j is not None else None, label=label)
    result["story"] = min(ids[m] for m in story)
    result["evidence"]["story_language"] = story_lang
    result["evidence"]["reason"] = reason
    return result


# Where international news stories start: wire services and the large outlets others
# translate publish mostly in English. A weak prior, below what one structural cue adds.
ORIGIN_PRIOR = {"en": 0.25}


_SAME_LANGUAGE_RANK = {PROVENANCE_LABELS.index("syndication"): 2,
                       PROVENANCE_LABELS.index("paraphrase"): 1,
                       PROVENANCE_LABELS.index("translation"): 0}


def _story_languages(stories: dict[int, list[int]], profiles, related: dict) -> dict[int, str]:
    """The source language of each story of several documents, keyed by its first member.

    Settled once per story: every member's answer needs it, and the vote itself compares all
    members pairwise, so deciding it per member made large stories cost their size cubed.
    """
    distinct = {min(story): story for story in stories.values() if len(story) > 1}
    return {first: _story_language(story, profiles, related) for first, story in distinct.items()}


def _story_language(story: list[int], profiles, related: dict) -> str:
    """The language the story's members point to as their source's.

    Votes: each member's centrality (how strongly the others relate to it), how much of the
    others' names and numbers it carries (derived documents drop facts more often than they
    add them), chrome kept in another language (a translated page keeping its source's
    chrome), and a weak prior for English.
    """
    votes: dict[str, float] = dict(ORIGIN_PRIOR)
    facts = {m: profiles[m].names | profiles[m].numbers for m in story}
    for m in story:
        others = [o for o in story if o != m]
        centrality = sum(1 - related[(o, m)][3] for o in others if (o, m) in related) / len(others)
        coverage = sum(_covered(facts[o], facts[m]) for o in others) / len(others)
        votes[profiles[m].lang] = votes.get(profiles[m].lang, 0.0) + centrality + coverage
        for lang in profiles[m].chrome_langs:
            if lang != profiles[m].lang:
                votes[lang] = votes.get(lang, 0.0) + 1.0
    members = {profiles[m].lang for m in story} | {
        lang for m in story for lang in profiles[m].chrome_langs}
    return max(sorted(members), key=lambda lang: votes.get(lang, 0.0))


def _covered(own: frozenset, anchors: frozenset) -> float:
    """The share of one document's names and numbers that another's ``anchors`` carry."""
    return len(own & anchors) / len(own) if own else 0.0


def _components(nodes: list[int], related: dict) -> dict[int, list[int]]:
    parent = {n: n for n in nodes}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in related:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return {n: sorted(groups[find(n)]) for n in nodes}


def _intrinsic_scores(spin: float) -> np.ndarray:
    """Scores without a source: spinner output or not, nothing else is knowable.

    The spinner score is mapped so that its threshold becomes 0.5 (monotone, 0 and 1 fixed).
    """
    threshold = min(max(provenance_model().spin.threshold_, 0.01), 0.99)
    paraphrase = float(np.clip(spin, 0.0, 1.0)) ** (np.log(0.5) / np.log(threshold))
    return np.array([0.0, paraphrase, 0.0, 1.0 - paraphrase])


def _spun(spin: float) -> bool:
    return spin >= provenance_model().spin.threshold_


def _unmatched(doc_id: str, profile: Profile, spin: float) -> dict:
    spun = _spun(spin)
    label = "paraphrase" if spun else "independent"
    result = _answer(doc_id, profile, _intrinsic_scores(spin), None, spin, None, label=label)
    result["evidence"]["reason"] = ("no matching source; reads as spinner output" if spun
                                    else "no matching source")
    return result


def _answer(doc_id: str, candidate: Profile, scores: np.ndarray, source: Profile | None,
            spin: float, source_id: str | None, label: str | None = None) -> dict:
    scores = np.asarray(scores, dtype=float)
    label = label or PROVENANCE_LABELS[int(np.argmax(scores))]
    return {
        "id": doc_id,
        "lang": candidate.lang,
        "label": label,
        "scores": {name: round(float(p), 4) for name, p in zip(PROVENANCE_LABELS, scores)},
        "source": source_id if label != "independent" or source_id is None else None,
        "evidence": evidence(candidate, source, spin),
    }


def evidence(candidate: Profile, source: Profile | None, spin: float) -> dict:
    """What the verdict rests on, in a form a person can check."""
    found = {
        "languages": {"candidate": candidate.lang, "source": source.lang if source else None},
        "attribution": credit_blocks(candidate) or list(candidate.attribution[:3]),
        "foreign_chrome": [lang for lang in candidate.chrome_langs if lang != candidate.lang],
        "spin_score": round(float(spin), 4),
    }
    if source is None:
        return found
    alignment = align_blocks(candidate, source)
    found.update({
        "verbatim_overlap": round(shingle_share(candidate, source), 4),
        "shared_numbers": sorted(candidate.numbers & source.numbers)[:20],
        "shared_names": sorted(candidate.names & source.names)[:20],
        "aligned_share": round(alignment["aligned_candidate"], 4),
        "aligned_blocks": [
            {"candidate": candidate.body[i][:EVIDENCE_CHARS], "source": source.body[j][:EVIDENCE_CHARS],
             "score": round(score, 3)}
            for i, j, score in sorted(alignment["pairs"], key=lambda p: -p[2])[:EVIDENCE_BLOCKS]
        ],
    })
    return found


def _problem(doc_id: str, profile, role: str) -> dict | None:
    if isinstance(profile, InputError):
        return {"id": doc_id, "error": f"{role}: {profile}"}
    if profile.too_short:
        return {"id": doc_id, "lang": profile.lang, "label": None, "scores": None,
                "source": None, "too_short": True,
                "evidence": {"reason": f"{role} has {profile.n_tokens} body tokens; "
                                       f"at least 25 are needed to compare"}}
    return None
