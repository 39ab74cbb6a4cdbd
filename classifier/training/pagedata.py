"""Labelled web pages for the page model: generated CMS pages and real pages with gold text.

Generated pages (:mod:`.synthhtml`) carry all four labels. Real pages
(``../shared/data/extraction``) only tell body from the rest: their other blocks take the
class the text model prefers among chrome, ad and attribution, except short blocks naming the
page's annotated author, which are bylines (``attribution``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..api import block_classifier
from ..features import Stoplists
from ..htmlsegment import HtmlBlock, PageInfo, segment_html
from ..pages import page_rows
from ..segment import Span
from . import corpora
from .pieces import fold_of
from .realpages import iter_records, label_lines, real_split, site_of, snippet_labels
from .synthhtml import document_lines, load_skins, page_labels, render_page

SKINS_PATH = corpora.REPO / "labeled" / "html" / "skins.json"
REAL_SETS = ("scrapinghub_aeb", "readability_testpages", "daniel_dev", "trafilatura_eval_dev")
BYLINE_MAX_CHARS = 150


@dataclass
class LabelledPage:
    id: str
    lang: str
    blocks: list[HtmlBlock]
    info: PageInfo
    labels: list[str]  # "" where unknown
    fold: int
    dataset: str = "synthetic"


def synthetic_pages(folds, seed: int = 11) -> list[LabelledPage]:
    """Each generated training document of each fold, rendered as a page."""
    skins = load_skins(SKINS_PATH)
    rng = random.Random(seed)
    pages = []
    for fold, docs in enumerate(folds):
        for doc in docs:
            blocks, info = segment_html(render_page(doc, skins, rng))
            labels = page_labels([b.text for b in blocks], document_lines(doc))
            pages.append(LabelledPage(doc.id, doc.lang, blocks, info, labels, fold))
    return pages


def author_names(record: dict) -> list[str]:
    """Authors the dataset annotates for a page (trafilatura's author, readability's byline)."""
    meta = record.get("meta") or {}
    names = []
    for key in ("author", "byline"):
        value = meta.get(key)
        if isinstance(value, str) and len(value.strip()) >= 3:
            names += [part.strip() for part in value.replace(";", ",").split(",") if len(part.strip()) >= 3]
    return names


def is_byline(text: str, authors: list[str]) -> bool:
    """A short block naming an annotated author (or contained in the annotated byline)."""
    if len(text) > BYLINE_MAX_CHARS or not authors:
        return False
    lowered = text.lower()
    return any(a.lower() in lowered or (len(text) >= 6 and lowered in a.lower()) for a in authors)


def real_pages(split: str, n_folds: int = corpora.TRAIN_FOLDS, datasets=REAL_SETS):
    """Real pages of ``split`` (site-disjoint ``train``/``heldout``) with body/other labels."""
    for record in iter_records(corpora.EXTRACTION_DIR, datasets):
        if real_split(record) != split:
            continue
        try:
            blocks, info = segment_html(record["html"])
        except Exception:  # noqa: BLE001 - a page lxml cannot read is skipped
            continue
        texts = [b.text for b in blocks]
        if record.get("gold_text"):
            labels = label_lines(texts, record["gold_text"].splitlines(), (record.get("meta") or {}).get("title"))
        else:
            labels = snippet_labels(texts, record.get("with", []), record.get("without", []))
        authors = author_names(record)
        labels = ["attribution" if label != "body" and is_byline(text, authors) else (label or "")
                  for text, label in zip(texts, labels)]
        yield LabelledPage(record["id"], record.get("lang") or "und", blocks, info, labels,
                           fold_of(site_of(record), n_folds), record["dataset"])


def pseudo_label(pages: list[LabelledPage]) -> None:
    """Real pages' "other" blocks take the text model's best class among the non-body ones."""
    classifier = block_classifier()
    for page in pages:
        if "other" not in page.labels:
            continue
        spans = [Span(b.text, b.start, b.end) for b in page.blocks]
        blocks = classifier.classify_spans([(spans, page.lang)])[0]
        page.labels = [max(("chrome", "ad", "attribution"), key=block.scores.__getitem__)
                       if label == "other" else label for label, block in zip(page.labels, blocks)]


@dataclass
class PageRows:
    lexical: sparse.csr_matrix
    dense: np.ndarray
    groups: np.ndarray
    labels: np.ndarray
    weights: np.ndarray
    folds: np.ndarray


def build_page_rows(pages: list[LabelledPage], stoplists: Stoplists, weights: dict[str, float],
                    chunk: int = 200) -> PageRows:
    """Feature rows of ``pages`` (with at least one block), built in chunks to bound memory."""
    pages = [p for p in pages if p.blocks]
    lexical, dense = [], []
    for start in range(0, len(pages), chunk):
        part = pages[start:start + chunk]
        lex, den = page_rows([(p.blocks, p.info, p.lang) for p in part], stoplists)
        lexical.append(lex)
        dense.append(den.astype(np.float32))
    sizes = [len(p.blocks) for p in pages]
    return PageRows(
        lexical=sparse.vstack(lexical).tocsr(),
        dense=np.vstack(dense),
        groups=np.repeat(np.arange(len(pages)), sizes),
        labels=np.asarray([label for p in pages for label in p.labels], dtype=object),
        weights=np.concatenate([np.full(len(p.blocks), weights.get(p.dataset, 1.0)) for p in pages]),
        folds=np.repeat([p.fold for p in pages], sizes),
    )
