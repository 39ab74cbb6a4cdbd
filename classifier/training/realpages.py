"""Real web pages (``../shared/data/extraction``) as labelled plain-text documents.

Each page becomes a text document with one line per block (see :mod:`classifier.htmlsegment`);
a line is ``body`` when most of its word trigrams occur in the page's gold text, ``other``
when almost none do, and unlabelled in between (partial matches, and lines that repeat the
page title, whose status differs between datasets). Pages are split by site, so our held-out
part shares no site with what the model may train on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..htmlsegment import html_to_lines
from ..tokens import tokenize

FULL_GOLD_SETS = ("scrapinghub_aeb", "readability_testpages", "daniel_dev")
SNIPPET_SETS = ("trafilatura_eval_dev",)
REAL_HELDOUT_PERCENT = 30
BODY_MATCH = 0.6
OTHER_MATCH = 0.2


@dataclass(frozen=True)
class RealDocument:
    id: str
    dataset: str
    site: str
    lang: str | None
    lines: tuple[str, ...]
    labels: tuple[str | None, ...]  # "body", "other", or None when unsure
    gold_text: str


def site_of(record: dict) -> str:
    meta = record.get("meta") or {}
    if meta.get("site"):
        return str(meta["site"]).lower()
    if record.get("url"):
        host = urlparse(record["url"]).netloc.lower()
        return host.removeprefix("www.")
    return record["id"]


def real_split(record: dict) -> str:
    value = int(hashlib.sha1(site_of(record).encode()).hexdigest()[:8], 16)
    return "heldout" if value % 100 < REAL_HELDOUT_PERCENT else "train"


def iter_records(root: Path, datasets=FULL_GOLD_SETS):
    for name in datasets:
        path = root / f"{name}.jsonl.gz"
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    yield json.loads(line)


def _trigrams(tokens: list[str]) -> set[tuple[str, ...]]:
    if len(tokens) < 3:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}


def label_lines(lines: list[str], gold_lines: list[str], title: str | None) -> list[str | None]:
    """``body``/``other``/None for each line, by overlap with the gold text."""
    gold_tokens = [tokenize(line) for line in gold_lines]
    gold_grams: set = set()
    for tokens in gold_tokens:
        gold_grams |= _trigrams(tokens)
    gold_whole = {" ".join(tokens) for tokens in gold_tokens}
    gold_joined = " " + " ".join(" ".join(t) for t in gold_tokens) + " "
    title_key = " ".join(tokenize(title)) if title else None
    labels: list[str | None] = []
    for line in lines:
        tokens = tokenize(line)
        key = " ".join(tokens)
        if not tokens or (title_key and key and (key in title_key or title_key in key)):
            labels.append(None)
        elif len(tokens) < 3:
            labels.append("body" if key in gold_whole else ("other" if f" {key} " not in gold_joined else None))
        else:
            grams = _trigrams(tokens)
            share = len(grams & gold_grams) / len(grams)
            labels.append("body" if share >= BODY_MATCH else "other" if share <= OTHER_MATCH else None)
    return labels


def snippet_labels(lines: list[str], with_: list[str], without: list[str]) -> list[str | None]:
    """For snippet-only gold: lines inside a ``with`` snippet are body, inside ``without`` other."""
    keep = [" ".join(tokenize(s)) for s in with_]
    drop = [" ".join(tokenize(s)) for s in without]
    labels: list[str | None] = []
    for line in lines:
        key = " ".join(tokenize(line))
        if len(key) < 15:
            labels.append(None)
        elif any(key in s or s in key for s in keep if s):
            labels.append("body")
        elif any(key in s or s in key for s in drop if s):
            labels.append("other")
        else:
            labels.append(None)
    return labels


def load_real_documents(root: Path, split: str | None = None, datasets=FULL_GOLD_SETS + SNIPPET_SETS):
    """Real pages as :class:`RealDocument` (``split``: ``train``/``heldout``/None for all)."""
    for record in iter_records(root, datasets):
        if split and real_split(record) != split:
            continue
        try:
            lines = html_to_lines(record["html"])
        except Exception:  # a page lxml cannot read is skipped, as any user page would be
            continue
        meta = record.get("meta") or {}
        if record.get("gold_text"):
            gold = record["gold_text"].splitlines()
            labels = label_lines(lines, gold, meta.get("title"))
        else:
            labels = snippet_labels(lines, record.get("with", []), record.get("without", []))
        yield RealDocument(record["id"], record["dataset"], site_of(record), record.get("lang"),
                           tuple(lines), tuple(labels), record.get("gold_text", ""))
