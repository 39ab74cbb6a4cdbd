"""The team-written corpus pieces in ``labeled/pieces/<lang>/`` and their fixed split.

The held-out split shares no article and no chrome/ad/attribution string with training: each
string and each article goes to one side by a content hash, so the held-out score measures
generalisation to strings the model has never seen, not memory of our own templates.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

HELDOUT_PERCENT = 20
POOLS = ("nav", "chrome", "ad", "attribution", "comments")


@dataclass(frozen=True)
class Article:
    id: str
    lang: str
    register: str
    title: str
    standfirst: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Pieces:
    """Everything written for one language (or one split of it)."""

    lang: str
    articles: tuple[Article, ...]
    pools: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stopwords: tuple[str, ...] = ()


def split_of(key: str) -> str:
    """``heldout`` for a fixed ~20% of keys, by content hash (stable across runs and machines)."""
    value = int(hashlib.sha1(key.strip().lower().encode("utf-8")).hexdigest()[:8], 16)
    return "heldout" if value % 100 < HELDOUT_PERCENT else "train"


def fold_of(key: str, n_folds: int) -> int:
    """A training fold for ``key``, independent of (other hash bits than) :func:`split_of`."""
    return int(hashlib.sha1(key.strip().lower().encode("utf-8")).hexdigest()[8:16], 16) % n_folds


def fold_pieces(pieces: Pieces, fold: int, n_folds: int) -> Pieces:
    """The ``fold``-th of ``n_folds`` string-disjoint parts of ``pieces``."""
    articles = tuple(a for a in pieces.articles if fold_of(a.id, n_folds) == fold)
    pools = {name: tuple(s for s in strings if fold_of(s, n_folds) == fold)
             for name, strings in pieces.pools.items()}
    return replace(pieces, articles=articles, pools=pools)


def load_pieces(root: Path) -> dict[str, Pieces]:
    """All languages under ``root`` (``labeled/pieces``), sorted by language code."""
    pieces = {}
    complete = (p for p in root.iterdir() if (p / "strings.json").exists() and (p / "articles.jsonl").exists())
    for directory in sorted(complete):
        strings = json.loads((directory / "strings.json").read_text(encoding="utf-8"))
        articles = tuple(_articles(directory / "articles.jsonl", directory.name))
        pools = {name: tuple(dict.fromkeys(strings.get(name, []))) for name in POOLS}
        pieces[directory.name] = Pieces(directory.name, articles, pools, tuple(strings["stopwords"]))
    return pieces


def _articles(path: Path, lang: str):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            yield Article(record["id"], lang, record.get("register", "news"), record["title"],
                          record.get("standfirst"), tuple(record["paragraphs"]))


def split_pieces(pieces: Pieces, split: str) -> Pieces:
    """The part of ``pieces`` that belongs to ``split`` (``train`` or ``heldout``)."""
    articles = tuple(a for a in pieces.articles if split_of(a.id) == split)
    pools = {name: tuple(s for s in strings if split_of(s) == split)
             for name, strings in pieces.pools.items()}
    return replace(pieces, articles=articles, pools=pools)


def stopword_lists(pieces: dict[str, Pieces]) -> dict[str, list[str]]:
    return {lang: list(p.stopwords) for lang, p in pieces.items()}


def pieces_digest(root: Path) -> str:
    """sha256 over every piece file: names the exact data a model was trained on."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
