"""Provenance training data: our source articles, what other outlets made of them, as pages.

``labeled/provenance/<lang>.jsonl`` holds, for each source article of ``labeled/pieces``,
two translations, a spun paraphrase, a rewrite, a summary and an independent report on the
same event, all written by this team. Syndicated copies are made here: the source's own
paragraphs, lightly re-typeset, under other chrome and ads. Every document is composed as a
page (nav, title, byline, body with an ad, credits, footer; translations sometimes keep their
source's chrome) so the block model has something to strip, as in real use.

Pairs (candidate, source, label) come from these: derived -> source; sibling translations
and sibling paraphrases of one source; an independent report -> the source, and derived
documents -> the independent report (hard negatives, same event, across languages too);
random pairs of unrelated documents. The held-out split is by source article.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from . import corpora
from .pieces import load_pieces

PROVENANCE_DIR = corpora.REPO / "labeled" / "provenance"
HELDOUT_PERCENT = 25
KIND_LABEL = {"translation": "translation", "spun": "paraphrase", "rewrite": "paraphrase",
              "summary": "paraphrase", "syndicated": "syndication", "independent": "independent"}


@dataclass(frozen=True)
class ProvDocument:
    id: str
    source: str  # id of the source article it belongs to
    kind: str  # original, translation, spun, rewrite, summary, syndicated, independent
    lang: str
    text: str  # the composed page, as plain text


def provenance_split(source_id: str) -> str:
    value = int(hashlib.sha1(f"provenance:{source_id}".encode()).hexdigest()[:8], 16)
    return "heldout" if value % 100 < HELDOUT_PERCENT else "train"


def load_documents(root: Path = PROVENANCE_DIR, seed: int = 5) -> list[ProvDocument]:
    """Every source with derived documents, and everything derived, composed as pages."""
    pieces = load_pieces(corpora.PIECES_DIR)
    articles = {a.id: a for p in pieces.values() for a in p.articles}
    rng = random.Random(seed)
    derived = [json.loads(line) for path in sorted(root.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sources = sorted({d["source"] for d in derived if d["source"] in articles})
    documents = []
    for source_id in sources:
        article = articles[source_id]
        paragraphs = [p.removeprefix("## ").removeprefix("- ") for p in article.paragraphs]
        documents.append(_page(rng, pieces, f"{source_id}/original", source_id, "original",
                               article.lang, article.title, paragraphs, article.lang))
        documents.append(_page(rng, pieces, f"{source_id}/syndicated", source_id, "syndicated",
                               article.lang, article.title, _retypeset(rng, paragraphs), article.lang))
    counts: dict[str, int] = {}
    for record in derived:
        if record["source"] not in articles:
            continue
        key = f"{record['source']}/{record['kind']}"
        counts[key] = counts.get(key, 0) + 1
        chrome_lang = articles[record["source"]].lang if (
            record["kind"] == "translation" and rng.random() < 0.3) else record["lang"]
        paragraphs = [p.removeprefix("## ") for p in record["paragraphs"]]
        documents.append(_page(rng, pieces, f"{key}-{counts[key]}", record["source"], record["kind"],
                               record["lang"], record["title"], paragraphs, chrome_lang))
    return documents


def _retypeset(rng: random.Random, paragraphs: list[str]) -> list[str]:
    """The same text as another site would carry it: quotes, dashes, spacing, a cut ending."""
    out = []
    for paragraph in paragraphs:
        if rng.random() < 0.3:
            paragraph = paragraph.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
        if rng.random() < 0.2:
            paragraph = paragraph.replace(" – ", " - ").replace("  ", " ")
        out.append(paragraph)
    if len(out) > 5 and rng.random() < 0.3:
        out = out[:-1]
    return out


def _page(rng, pieces, doc_id, source_id, kind, lang, title, paragraphs, chrome_lang) -> ProvDocument:
    own = pieces.get(lang)
    chrome = pieces.get(chrome_lang) or own
    lines = []
    if chrome:
        lines.append(" | ".join(rng.sample(chrome.pools["nav"], min(6, len(chrome.pools["nav"])))))
        lines += rng.sample(chrome.pools["chrome"], 1)
    lines.append(title)
    if own and rng.random() < 0.7:
        lines += rng.sample(own.pools["attribution"], 1)
    ad_at = rng.randrange(1, max(len(paragraphs), 2))
    for index, paragraph in enumerate(paragraphs):
        if own and index == ad_at and rng.random() < 0.6:
            lines += rng.sample(own.pools["ad"], 1)
        lines.append(paragraph)
    if own and rng.random() < (0.6 if kind in ("syndicated", "translation") else 0.2):
        lines += rng.sample(own.pools["attribution"], 1)
    if chrome:
        lines += rng.sample(chrome.pools["chrome"], 2)
    return ProvDocument(doc_id, source_id, kind, lang, "\n".join(lines) + "\n")


def make_pairs(documents: list[ProvDocument], seed: int = 7) -> list[tuple[int, int, str, str]]:
    """``(candidate index, source index, label, pair kind)`` over ``documents``."""
    rng = random.Random(seed)
    by_source: dict[str, dict[str, list[int]]] = {}
    for i, doc in enumerate(documents):
        by_source.setdefault(doc.source, {}).setdefault(doc.kind, []).append(i)
    pairs = []
    for kinds in by_source.values():
        original = kinds.get("original", [None])[0]
        if original is None:
            continue
        for kind, label in KIND_LABEL.items():
            for i in kinds.get(kind, []):
                pairs.append((i, original, label, f"{kind}->source"))
        translations = kinds.get("translation", [])
        for a in translations:
            for b in translations:
                if a != b:
                    pairs.append((a, b, "translation", "translation<->translation"))
        paraphrases = kinds.get("spun", []) + kinds.get("rewrite", [])
        for a in paraphrases:
            for b in paraphrases:
                if a != b:
                    pairs.append((a, b, "paraphrase", "paraphrase<->paraphrase"))
        for independent in kinds.get("independent", []):
            pairs.append((original, independent, "independent", "source->independent"))
            for kind in ("translation", "spun", "rewrite", "summary", "syndicated"):
                for i in kinds.get(kind, []):
                    pairs.append((i, independent, "independent", f"{kind}->independent"))
    for _ in range(len(by_source) * 4):
        a, b = rng.randrange(len(documents)), rng.randrange(len(documents))
        if documents[a].source != documents[b].source:
            pairs.append((a, b, "independent", "unrelated"))
    return pairs
