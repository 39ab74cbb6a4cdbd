"""What the markup says about each block, as dense columns beside the text features.

The text model's features see a block's words and its neighbours; these add its element and
landmarks (nav, footer, aside...), the class/id words around it ("sidebar", "byline",
"sponsor"), how much of it is link text, and its container: readability's insight that the
article is the container holding most of the page's unlinked paragraph text.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from .features import shift_within
from .htmlsegment import CUE_NAMES, LANDMARKS, HtmlBlock, PageInfo
from .tokens import tokenize

HTML_FEATURE_SPEC_VERSION = 1
TAG_GROUPS = ("p", "h1", "h2", "h3", "li", "td", "div", "blockquote", "figcaption", "pre",
              "dd", "span")
_TAG_GROUP = {"h4": "h3", "h5": "h3", "h6": "h3", "th": "td", "dt": "dd", "caption": "figcaption",
              "section": "div", "article": "div", "main": "div", "center": "div", "br": "span",
              "body": "div", "html": "div", "address": "span", "summary": "span", "legend": "span"}
PAGE_FEATURES = (
    "link_density", "all_link", "log_depth", "depth_vs_median", "log_siblings",
    "log_container_chars", "container_link_share", "log_container_long", "in_top_container",
    "container_score_share", "in_article_body", "author_marked", "in_json_body",
    "page_has_json_body", "names_author", "is_site_name", "is_title",
)
NEIGHBOUR_PAGE_FEATURES = ("link_density", "in_top_container", "is_p")
NEIGHBOUR_OFFSETS = (-1, 1)
LONG_BLOCK = 80


def html_feature_names() -> list[str]:
    names = [f"tag_{t}" for t in TAG_GROUPS] + [f"in_{n}" for n in LANDMARKS]
    names += [f"near_{n}" for n in CUE_NAMES] + [f"far_{n}" for n in CUE_NAMES]
    names += list(PAGE_FEATURES)
    for offset in NEIGHBOUR_OFFSETS:
        names += [f"n{offset:+d}_{name}" for name in NEIGHBOUR_PAGE_FEATURES]
    return names


def html_features(blocks: list[HtmlBlock], info: PageInfo) -> np.ndarray:
    """Dense markup rows for one page's blocks, in order."""
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(html_feature_names())), dtype=np.float32)
    tags = np.zeros((n, len(TAG_GROUPS)), dtype=np.float32)
    for row, block in enumerate(blocks):
        group = _TAG_GROUP.get(block.tag, block.tag)
        if group in TAG_GROUPS:
            tags[row, TAG_GROUPS.index(group)] = 1.0
    landmarks = _bits([b.landmarks for b in blocks], len(LANDMARKS))
    near = _bits([b.cues_near for b in blocks], len(CUE_NAMES))
    far = _bits([b.cues_far for b in blocks], len(CUE_NAMES))
    page = _page_rows(blocks, info)
    neighbours = np.column_stack([page[:, 0], page[:, PAGE_FEATURES.index("in_top_container")],
                                  tags[:, 0]])
    shifted = shift_within(neighbours, np.zeros(n, dtype=np.int64), NEIGHBOUR_OFFSETS)
    return np.hstack([tags, landmarks, near, far, page, shifted]).astype(np.float32)


def _bits(values: list[int], width: int) -> np.ndarray:
    array = np.asarray(values, dtype=np.int64)[:, None]
    return ((array >> np.arange(width)) & 1).astype(np.float32)


def _page_rows(blocks: list[HtmlBlock], info: PageInfo) -> np.ndarray:
    lengths = np.array([len(b.text) for b in blocks], dtype=np.float64)
    links = np.array([b.link_chars for b in blocks], dtype=np.float64)
    density = links / np.maximum(lengths, 1.0)
    depths = np.array([b.depth for b in blocks], dtype=np.float64)
    parents = [b.containers[1] if len(b.containers) > 1 else 0 for b in blocks]
    siblings, chars, linked, long_ = (defaultdict(float) for _ in range(4))
    for parent, length, link in zip(parents, lengths, links):
        siblings[parent] += 1
        chars[parent] += length
        linked[parent] += link
        long_[parent] += length >= LONG_BLOCK and link < 0.3 * length
    scores = _container_scores(blocks, lengths, density)
    top = max(scores, key=scores.get) if scores else None
    top_score = scores.get(top, 0.0) or 1.0
    json_body = _token_set(info.article_body)
    authors = [a.lower() for a in info.authors if len(a) >= 3]
    site = info.site_name.strip().lower()
    title_tokens = _token_set(info.title)
    median_depth = float(np.median(depths))
    rows = []
    for block, length, dens, parent in zip(blocks, lengths, density, parents):
        text = block.text
        lowered = text.lower()
        tokens = tokenize(text)
        rows.append([
            dens,
            1.0 if dens > 0.9 else 0.0,
            math.log1p(block.depth),
            block.depth - median_depth,
            math.log1p(siblings[parent]),
            math.log1p(chars[parent]),
            linked[parent] / (chars[parent] or 1.0),
            math.log1p(long_[parent]),
            1.0 if top is not None and top in block.containers else 0.0,
            max((scores.get(c, 0.0) for c in block.containers), default=0.0) / top_score,
            1.0 if block.in_article_body else 0.0,
            1.0 if block.author_marked else 0.0,
            _containment(tokens, json_body) if json_body else 0.0,
            1.0 if json_body else 0.0,
            1.0 if length < 200 and any(a in lowered for a in authors) else 0.0,
            1.0 if site and lowered.strip() == site else 0.0,
            _containment(tokens, title_tokens) if title_tokens and length < 400 else 0.0,
        ])
    return np.asarray(rows, dtype=np.float64)


def _container_scores(blocks, lengths, density) -> dict[int, float]:
    """Unlinked paragraph text under each container, the nearer the more (as readability)."""
    scores: dict[int, float] = defaultdict(float)
    for block, length, dens in zip(blocks, lengths, density):
        if length < 25 or dens > 0.3:
            continue
        for level, container in enumerate(block.containers[1:4]):
            scores[container] += length / (1 + level)
    return scores


def _token_set(text: str) -> set[str]:
    return set(tokenize(text)) if text else set()


def _containment(tokens: list[str], reference: set[str]) -> float:
    return sum(1 for t in tokens if t in reference) / len(tokens) if tokens else 0.0
