"""Web pages in, labelled blocks out: the HTML path beside the plain-text one.

A page is segmented by its markup (:mod:`classifier.htmlsegment`); each block gets the text
features of the text path plus what the markup says (:mod:`classifier.htmlfeatures`), and a
page model trained on both labels it. Blocks carry their xpath; spans are offsets into the
page's visible text (the blocks joined by newlines), which :attr:`Document.text` rebuilds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from .api import document_groups, guess_language, labelled_blocks
from .document import Document
from .errors import InputError
from .features import FEATURE_SPEC_VERSION, Stoplists, block_rows
from .htmlfeatures import HTML_FEATURE_SPEC_VERSION, html_features
from .htmlsegment import HtmlBlock, PageInfo, segment_html
from .store import ModelError, cached_model

PAGE_MODEL = "pages"
MAX_HTML_CHARS = 20_000_000
MAX_PAGE_BLOCKS = 50_000  # a page with more blocks than this is not an article page

Page = tuple[list[HtmlBlock], PageInfo, str]  # blocks, metadata, language


def page_rows(pages: Sequence[Page], stoplists: Stoplists):
    """Lexical and dense rows of the blocks of ``pages``, stacked in order."""
    lexical, dense = block_rows([([b.text for b in blocks], lang) for blocks, _, lang in pages],
                                stoplists)
    markup = np.vstack([html_features(blocks, info) for blocks, info, _ in pages if blocks])
    return lexical, np.hstack([dense, markup])


@dataclass(frozen=True)
class PageClassifier:
    """A loaded page model with the stoplists it was trained with."""

    model: object
    stoplists: Stoplists

    @classmethod
    def from_bundle(cls, bundle: dict) -> "PageClassifier":
        specs = (bundle.get("feature_spec"), bundle.get("html_feature_spec"))
        if specs != (FEATURE_SPEC_VERSION, HTML_FEATURE_SPEC_VERSION):
            raise ModelError(
                f"the page model was trained for feature specs {specs}, this code computes "
                f"{(FEATURE_SPEC_VERSION, HTML_FEATURE_SPEC_VERSION)}: retrain it"
            )
        return cls(bundle["model"], Stoplists.from_mapping(bundle["stopwords"]))

    def classify_pages(self, pages: Sequence[Page], favor: str = "balanced"):
        """Label the blocks of several pages in one pass of the model."""
        if not any(blocks for blocks, _, _ in pages):
            return [[] for _ in pages]
        lexical, dense = page_rows(pages, self.stoplists)
        proba = self.model.predict_proba(lexical, dense, document_groups(pages))
        return labelled_blocks([blocks for blocks, _, _ in pages], proba,
                               list(self.model.classes_), favor)


@lru_cache(maxsize=1)
def page_classifier() -> PageClassifier:
    """The shipped page model (verified and loaded once per process)."""
    return PageClassifier.from_bundle(cached_model(PAGE_MODEL))


def prepare_html(html: str, lang: str | None = None) -> Page:
    """Segment one page and settle its language; refuses what cannot be classified."""
    if not isinstance(html, str):
        raise InputError(f"expected HTML (str), got {type(html).__name__}")
    if len(html) > MAX_HTML_CHARS:
        raise InputError(f"page too large: {len(html):,} characters (limit {MAX_HTML_CHARS:,})")
    blocks, info = segment_html(html)
    if len(blocks) > MAX_PAGE_BLOCKS:
        raise InputError(f"page has {len(blocks):,} blocks (limit {MAX_PAGE_BLOCKS:,}): "
                         "not an article page")
    return blocks, info, lang or guess_language(blocks)


def classify_html_many(htmls: Sequence[str], favor: str = "balanced") -> list[Document]:
    """:func:`classify_html` over many pages, scored together (faster; raises on a bad page)."""
    pages = [prepare_html(html) for html in htmls]
    labelled = page_classifier().classify_pages(pages, favor)
    return [Document(lang=page[2], blocks=tuple(blocks)) for page, blocks in zip(pages, labelled)]


def classify_html(html: str, lang: str | None = None, doc_id: str | None = None,
                  favor: str = "balanced") -> Document:
    """Label the blocks of a web page ``body``, ``chrome``, ``ad`` or ``attribution``.

    Each block carries its ``xpath``. Raises :class:`InputError` for what cannot be parsed.
    """
    page = prepare_html(html, lang)
    blocks = page_classifier().classify_pages([page], favor)[0]
    return Document(lang=page[2], blocks=tuple(blocks), id=doc_id)
