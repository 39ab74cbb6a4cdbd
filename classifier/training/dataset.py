"""Labelled documents -> feature rows, through the same segmentation the library uses.

Gold labels belong to spans of the original text; each block the segmenter finds takes the
label of the gold span it overlaps most, so training sees exactly the blocks inference sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..features import Stoplists, block_rows
from ..segment import Span, segment_text


@dataclass
class Rows:
    """Feature rows of many documents; rows of one document are contiguous."""

    lexical: sparse.csr_matrix
    dense: np.ndarray
    groups: np.ndarray
    labels: np.ndarray  # str labels; "" where unknown
    weights: np.ndarray
    doc_ids: list[str]
    langs: list[str]
    texts: list[str]
    folds: np.ndarray  # cross-validation group of each row (string-disjoint parts)


def spans_with_labels(text: str, gold: list[tuple[int, int, str | None]]) -> tuple[list[Span], list[str]]:
    """Segment ``text`` and give each block the label of the gold span it overlaps most."""
    spans = segment_text(text)
    gold = sorted(gold)
    labels, cursor = [], 0
    for span in spans:
        while cursor < len(gold) and gold[cursor][1] <= span.start:
            cursor += 1
        best, best_overlap = "", 0
        for start, end, label in gold[cursor:]:
            if start >= span.end:
                break
            overlap = min(end, span.end) - max(start, span.start)
            if overlap > best_overlap:
                best, best_overlap = label or "", overlap
        labels.append(best)
    return spans, labels


def lines_as_gold(lines: list[str], labels: list[str | None]) -> tuple[str, list]:
    """Join lines into a text and record each line's span with its label."""
    gold, offset = [], 0
    for line, label in zip(lines, labels):
        gold.append((offset, offset + len(line), label))
        offset += len(line) + 1
    return "\n".join(lines), gold


def build_rows(items: list[tuple[str, str, str, list]], stoplists: Stoplists,
               weight: float = 1.0, fold: int | list[int] = 0) -> Rows:
    """Rows for ``(doc_id, lang, text, gold_spans)`` items."""
    docs, texts, labels, groups, ids, langs, folds = [], [], [], [], [], [], []
    doc_folds = fold if isinstance(fold, list) else [fold] * len(items)
    for (doc_id, lang, text, gold), doc_fold in zip(items, doc_folds):
        spans, span_labels = spans_with_labels(text, gold)
        if not spans:
            continue
        block_texts = [s.text for s in spans]
        docs.append((block_texts, lang))
        texts += block_texts
        labels += span_labels
        groups += [len(ids)] * len(spans)
        folds += [doc_fold] * len(spans)
        ids.append(doc_id)
        langs.append(lang)
    lexical, dense = block_rows(docs, stoplists)
    return Rows(
        lexical=lexical,
        dense=dense,
        groups=np.asarray(groups, dtype=np.int64),
        labels=np.asarray(labels, dtype=object),
        weights=np.full(len(texts), weight),
        doc_ids=ids,
        langs=langs,
        texts=texts,
        folds=np.asarray(folds, dtype=np.int64),
    )


def concat_rows(parts: list[Rows]) -> Rows:
    """One :class:`Rows` from several, renumbering documents."""
    offset, groups = 0, []
    for part in parts:
        groups.append(part.groups + offset)
        offset += len(part.doc_ids)
    return Rows(
        lexical=sparse.vstack([p.lexical for p in parts]).tocsr(),
        dense=np.vstack([p.dense for p in parts]),
        groups=np.concatenate(groups),
        labels=np.concatenate([p.labels for p in parts]),
        weights=np.concatenate([p.weights for p in parts]),
        doc_ids=[i for p in parts for i in p.doc_ids],
        langs=[lang for p in parts for lang in p.langs],
        texts=[t for p in parts for t in p.texts],
        folds=np.concatenate([p.folds for p in parts]),
    )
