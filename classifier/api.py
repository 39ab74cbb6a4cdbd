"""The library's entry points: text in, labelled blocks out.

One way through the data: segment -> features -> model -> Document. Plain functions over
strings, safe in any process: the only state is the verified model, loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from .document import LABELS, Block, Document, label_of
from .errors import InputError
from .features import FEATURE_SPEC_VERSION, Stoplists, block_rows
from .language import UNDETERMINED, detect_language
from .segment import Span, segment_text
from .store import ModelError, cached_model

BLOCK_MODEL = "blocks"
MAX_CHARS = 20_000_000  # one document; larger inputs are refused rather than swapped to disk
BATCH_BLOCKS = 20_000  # blocks featurised and scored together in the batch form
LANG_SAMPLE_BLOCKS = 12
LANG_SAMPLE_CHARS = 2000  # langid's cost grows with length; its answer settles long before
FALLBACK_BODY_CHARS = 200  # less body than this is not an article's text yet
FALLBACK_BODY_FLOOR = 0.25  # the --favor recall threshold: doubtful, not dismissed


@dataclass(frozen=True)
class BlockClassifier:
    """A loaded block model with the stoplists it was trained with."""

    model: object
    stoplists: Stoplists

    @classmethod
    def from_bundle(cls, bundle: dict) -> "BlockClassifier":
        if bundle.get("feature_spec") != FEATURE_SPEC_VERSION:
            raise ModelError(
                f"the block model was trained for feature spec {bundle.get('feature_spec')}, "
                f"this code computes spec {FEATURE_SPEC_VERSION}: retrain it"
            )
        return cls(bundle["model"], Stoplists.from_mapping(bundle["stopwords"]))

    def classify_spans(self, docs: Sequence[tuple[list[Span], str]],
                       favor: str = "balanced") -> list[list[Block]]:
        """Label the spans of several documents in one pass of the model."""
        if not any(spans for spans, _ in docs):
            return [[] for _ in docs]
        lexical, dense = block_rows([([s.text for s in spans], lang) for spans, lang in docs],
                                    self.stoplists)
        proba = self.model.predict_proba(lexical, dense, document_groups(docs))
        return labelled_blocks([spans for spans, _ in docs], proba, list(self.model.classes_), favor)


def document_groups(docs: Sequence[tuple[Sequence, object]]) -> np.ndarray:
    """The document number of each block row, for blocks of ``docs`` stacked in order."""
    return np.repeat(np.arange(len(docs)), [len(blocks) for blocks, *_ in docs])


def labelled_blocks(docs: Sequence[Sequence], proba: np.ndarray, classes: list[str],
                    favor: str = "balanced") -> list[list[Block]]:
    """:class:`Block` objects for each document's spans (or HTML blocks) and their rows."""
    rows = proba[:, [classes.index(label) for label in LABELS]].tolist()
    out, row = [], 0
    for spans in docs:
        blocks = []
        for span in spans:
            scores = {label: round(p, 4) for label, p in zip(LABELS, rows[row])}
            blocks.append(Block(span.text, label_of(scores, favor), scores, span.start, span.end,
                                getattr(span, "xpath", None)))
            row += 1
        out.append(blocks if favor == "precision" else with_some_body(blocks))
    return out


def with_some_body(blocks: list[Block]) -> list[Block]:
    """An article has a text: when the labels leave less than a paragraph of body, the most
    body-like long block becomes body if the model gave it at least FALLBACK_BODY_FLOOR.

    Readability-style extractors always keep their best candidate; a block-by-block model
    can instead drop a page's only paragraph when it sits among hundreds of menu items.
    """
    if sum(len(b.text) for b in blocks if b.label == "body") >= FALLBACK_BODY_CHARS:
        return blocks
    long = [i for i, b in enumerate(blocks)
            if b.label != "body" and len(b.text) >= FALLBACK_BODY_CHARS
            and b.scores["body"] >= FALLBACK_BODY_FLOOR]
    if not long:
        return blocks
    best = max(long, key=lambda i: blocks[i].scores["body"])
    return blocks[:best] + [replace(blocks[best], label="body")] + blocks[best + 1:]


@lru_cache(maxsize=1)
def block_classifier() -> BlockClassifier:
    """The shipped block model (verified, loaded and indexed once per process)."""
    return BlockClassifier.from_bundle(cached_model(BLOCK_MODEL))


def guess_language(spans: Sequence[Span]) -> str:
    """The language of the longest blocks: the body's, not the menu's."""
    longest = sorted(spans, key=lambda s: len(s.text), reverse=True)[:LANG_SAMPLE_BLOCKS]
    sample = " ".join(s.text for s in longest)[:LANG_SAMPLE_CHARS]
    return detect_language(sample) if longest else UNDETERMINED


def prepare(text: str, lang: str | None = None) -> tuple[list[Span], str]:
    """Segment one text and settle its language; refuses what cannot be classified."""
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(f"document too large: {len(text):,} characters (limit {MAX_CHARS:,})")
    spans = segment_text(text)
    return spans, lang or guess_language(spans)


def classify(text: str, lang: str | None = None, doc_id: str | None = None,
             favor: str = "balanced") -> Document:
    """Split ``text`` into blocks and label each ``body``, ``chrome``, ``ad`` or ``attribution``.

    ``lang`` (ISO 639-1) skips language detection. ``favor`` (``precision``, ``balanced``,
    ``recall``) moves the body threshold. An empty text gives a document with no blocks; a
    non-string or oversized input raises :class:`InputError`.
    """
    spans, lang = prepare(text, lang)
    blocks = block_classifier().classify_spans([(spans, lang)], favor)[0]
    return Document(lang=lang, blocks=tuple(blocks), id=doc_id)


def classify_many(texts: Iterable[str], langs: Iterable[str | None] | None = None,
                  favor: str = "balanced") -> list[Document]:
    """:func:`classify` over many texts, scoring blocks of many documents together (faster)."""
    texts = list(texts)
    langs = list(langs) if langs is not None else [None] * len(texts)
    if len(langs) != len(texts):
        raise ValueError("texts and langs differ in length")
    classifier = block_classifier()
    documents: list[Document] = []
    for batch in _batches(prepare(text, lang) for text, lang in zip(texts, langs)):
        for (spans, lang), blocks in zip(batch, classifier.classify_spans(batch, favor)):
            documents.append(Document(lang=lang, blocks=tuple(blocks)))
    return documents


def _batches(prepared: Iterable[tuple[list[Span], str]]):
    """Segmented documents in groups of about BATCH_BLOCKS blocks, segmented as needed."""
    batch, size = [], 0
    for item in prepared:
        batch.append(item)
        size += len(item[0])
        if size >= BATCH_BLOCKS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
