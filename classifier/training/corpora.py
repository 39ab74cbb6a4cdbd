"""The named corpora the scripts and tests train and evaluate on."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .dataset import lines_as_gold
from .pieces import fold_of, fold_pieces, load_pieces, split_pieces, stopword_lists
from .realpages import load_real_documents
from .synth import generate

REPO = Path(__file__).resolve().parents[2]
PIECES_DIR = REPO / "labeled" / "pieces"
SHARED = REPO.parent / "shared"
SEEDS_DIR = SHARED / "seeds"
EXTRACTION_DIR = SHARED / "data" / "extraction"

TRAIN_DOCS, TRAIN_SEED = 4000, 1
TRAIN_FOLDS = 4  # string-disjoint parts of the training split, for honest stacking
HELDOUT_DOCS, HELDOUT_SEED = 1000, 2


def pieces_by_split(split: str, root: Path = PIECES_DIR):
    return {lang: split_pieces(p, split) for lang, p in load_pieces(root).items()}


def all_stopwords(root: Path = PIECES_DIR) -> dict[str, list[str]]:
    return stopword_lists(load_pieces(root))


def synthetic_items(split: str, n_docs: int | None = None, seed: int | None = None):
    """``(id, lang, text, gold)`` of generated documents of ``split``."""
    n_docs = n_docs or (TRAIN_DOCS if split == "train" else HELDOUT_DOCS)
    seed = seed if seed is not None else (TRAIN_SEED if split == "train" else HELDOUT_SEED)
    docs = generate(pieces_by_split(split), n_docs, seed, split)
    return [(d.id, d.lang, d.text, list(d.blocks)) for d in docs]


def synthetic_training_folds(n_docs: int = TRAIN_DOCS, seed: int = TRAIN_SEED,
                             n_folds: int = TRAIN_FOLDS):
    """Training documents in ``n_folds`` parts that share no article and no string.

    Stacked stages learn from out-of-fold predictions; if a string seen in training also
    appeared in the predicted fold, those predictions would be too good to be honest.
    """
    return [[(d.id, d.lang, d.text, list(d.blocks)) for d in docs]
            for docs in synthetic_training_documents(n_docs, seed, n_folds)]


def synthetic_training_documents(n_docs: int = TRAIN_DOCS, seed: int = TRAIN_SEED,
                                 n_folds: int = TRAIN_FOLDS):
    """The generated training documents (with their page roles), in string-disjoint folds."""
    train = pieces_by_split("train")
    folds = []
    for fold in range(n_folds):
        pieces = {lang: fold_pieces(p, fold, n_folds) for lang, p in train.items()}
        folds.append(generate(pieces, n_docs // n_folds, seed + fold, f"train{fold}"))
    return folds


def seed_items(root: Path = SEEDS_DIR):
    """The five seed documents with their block labels (each labelled line is a block)."""
    provenance = json.loads((root / "provenance.json").read_text(encoding="utf-8"))
    labels: dict[str, list[tuple[str, str]]] = {}
    for line in (root / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        labels.setdefault(record["file"], []).append((record["text"], record["label"]))
    items = []
    for name in sorted(labels):
        text = (root / name).read_text(encoding="utf-8")
        gold, cursor = [], 0
        for line_text, label in labels[name]:
            start = text.index(line_text, cursor)
            gold.append((start, start + len(line_text), label))
            cursor = start + len(line_text)
        items.append((name, provenance[name]["lang"], text, gold))
    return items


def real_items(split: str, root: Path = EXTRACTION_DIR, n_folds: int | None = None):
    """Real pages as text documents; labels ``body`` / ``other`` / None.

    With ``n_folds``, a list of ``n_folds`` site-disjoint lists instead of one list.
    """
    folds = [[] for _ in range(n_folds or 1)]
    for doc in load_real_documents(root, split):
        text, gold = lines_as_gold(list(doc.lines), list(doc.labels))
        fold = fold_of(doc.site, n_folds) if n_folds else 0
        folds[fold].append((doc.id, doc.lang or "und", text, gold))
    return folds if n_folds else folds[0]


def items_digest(items) -> str:
    """sha256 of documents and their gold spans: pins the exact evaluation set."""
    digest = hashlib.sha256()
    for doc_id, lang, text, gold in items:
        digest.update(json.dumps([doc_id, lang, text, [list(g) for g in gold]]).encode("utf-8"))
    return digest.hexdigest()
