"""HTML to blocks: one block per block-level element's own text, in reading order.

Scripts, styles, templates and hidden elements are dropped. Each block keeps what the markup
says about it (its element, the landmarks above it, the class/id cues around it, how much of
it is link text, its container) for :mod:`classifier.htmlfeatures`, its xpath, and its span in
the page's visible text (the blocks joined by newlines). The walk is iterative, so nesting
thousands of levels deep cannot exhaust the Python stack.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import InputError

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "head", "select", "option", "button", "input", "textarea",
})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
})
# Landmarks a block can sit inside; each is one bit of HtmlBlock.landmarks.
LANDMARKS = ("nav", "header", "footer", "aside", "form", "figure", "li", "table", "article",
             "main", "blockquote", "a", "heading")
_LANDMARK_OF = {"nav": "nav", "menu": "nav", "header": "header", "footer": "footer",
                "aside": "aside", "form": "form", "figure": "figure", "li": "li", "table": "table",
                "article": "article", "main": "main", "blockquote": "blockquote", "a": "a",
                **{f"h{level}": "heading" for level in range(1, 7)}}
_LANDMARK_BIT = {tag: 1 << LANDMARKS.index(name) for tag, name in _LANDMARK_OF.items()}
# Class/id/role words sites use, by what they mark; each category is one bit of the cues.
CUES = {
    "nav": ("nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "crumbs",
            "topbar", "masthead", "skip", "pagination", "pager", "tabs", "toolbar", "header"),
    "footer": ("footer", "copyright", "colophon", "legal", "bottom", "imprint", "impressum"),
    "aside": ("sidebar", "aside", "widget", "widgets", "rail", "secondary", "complementary"),
    "related": ("related", "recommended", "recommend", "recommendations", "popular", "trending",
                "mostread", "most", "teaser", "teasers", "more", "also", "suggested", "outbrain",
                "taboola", "readmore", "relacionadas", "correlati", "terkait", "weitere", "similar"),
    "share": ("share", "sharing", "social", "facebook", "twitter", "whatsapp", "print", "follow",
              "sharethis", "addthis"),
    "comment": ("comment", "comments", "disqus", "reply", "respond", "discussion", "kommentare",
                "comentarios", "commenti", "komentar", "yorum"),
    "ad": ("ad", "ads", "advert", "adverts", "advertisement", "advertising", "banner", "sponsor",
           "sponsored", "promo", "promoted", "promotion", "dfp", "gpt", "adsense", "adslot",
           "adunit", "werbung", "anzeige", "publicidad", "pubblicita", "iklan", "reklam",
           "commercial", "partner", "affiliate"),
    "byline": ("byline", "author", "authors", "writer", "contributor", "autor", "autore", "auteur",
               "penulis", "yazar", "dateline", "source", "credit", "credits", "signature"),
    "caption": ("caption", "figcaption", "photo", "image", "img", "gallery", "media", "credit"),
    "content": ("article", "content", "body", "entry", "post", "story", "text", "main", "prose",
                "richtext", "artikel", "articulo", "noticia", "haber", "articlebody", "paragraph"),
    "notice": ("newsletter", "subscribe", "subscription", "signup", "paywall", "cookie", "cookies",
               "consent", "gdpr", "modal", "popup", "login", "register", "overlay"),
    "meta": ("tag", "tags", "category", "categories", "topics", "keywords", "meta", "date", "time",
             "published", "updated", "timestamp"),
}
CUE_NAMES = tuple(CUES)
_CUE_WORDS = {word: 1 << CUE_NAMES.index(name) for name, words in CUES.items() for word in words}
_CUE_STEMS = tuple((stem, _CUE_WORDS[stem]) for stem in
                   ("advert", "sponsor", "banner", "promo", "taboola", "outbrain", "adsense",
                    "breadcrumb", "sidebar", "footer", "comment", "newsletter", "byline",
                    "caption", "related", "social", "share", "cookie", "author", "navbar",
                    "content", "article"))
NEAR_LEVELS = 4  # the block's element and its three nearest ancestors count as "near"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"\s+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class HtmlBlock:
    """One block of a page with what the markup says about it."""

    text: str
    start: int  # span in the page's visible text (blocks joined by "\n")
    end: int
    xpath: str
    tag: str
    landmarks: int  # bits of LANDMARKS present at or above the block's element
    cues_near: int  # bits of CUE_NAMES on the element and its nearest ancestors
    cues_far: int  # bits of CUE_NAMES anywhere above
    link_chars: int
    depth: int
    containers: tuple[int, ...]  # ids of the element and its ancestors, nearest first (up to 4)
    in_article_body: bool  # inside itemprop="articleBody"
    author_marked: bool  # rel="author" / itemprop="author" on or near the block


@dataclass(frozen=True)
class PageInfo:
    """What the page says about itself outside its visible blocks."""

    title: str = ""
    site_name: str = ""
    authors: tuple[str, ...] = ()
    article_body: str = ""


@dataclass
class _Open:
    """The block being gathered: its text parts and link-text count."""

    parts: list[str] = field(default_factory=list)
    link_chars: int = 0


def parse_html(html: str):
    """An lxml tree of ``html``; raises :class:`InputError` when nothing can be parsed.

    libxml2 stops at 2,048 levels of nesting, dropping the rest of the page. A page that
    deep (malformed or hostile) is parsed again with its wrapper elements flattened to line
    breaks: the structure is lost, the text is not.
    """
    if not html.strip():
        raise InputError("empty HTML")
    root, too_deep = _parse(html)
    if too_deep:
        root, too_deep = _parse(_WRAPPER_TAG.sub("<br>", _INLINE_TAG.sub("", html)))
    if root is None:
        raise InputError("cannot parse HTML: no document element")
    return root


_WRAPPER_TAG = re.compile(
    r"</?(?:div|section|article|aside|main|header|footer|nav|center|table|tbody|thead|"
    r"tr|td|th|ul|ol|dl|blockquote|form|fieldset|figure)\b[^>]*>", re.I)
_INLINE_TAG = re.compile(r"</?(?:b|i|u|em|strong|small|font|span)\b[^>]*>", re.I)


def _parse(html: str):
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(
        recover=True, huge_tree=True, remove_comments=True, encoding="utf-8"
    )
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}") from None
    too_deep = any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)
    return root, too_deep


def segment_html(html: str) -> tuple[list[HtmlBlock], PageInfo]:
    """The blocks of a page, in reading order, and what its metadata says."""
    root = parse_html(html)
    return _walk(root), page_info(root)


def html_to_lines(html: str) -> list[str]:
    """The visible text of a page, one line per block."""
    return [block.text for block in _walk(parse_html(html))]


def _walk(root) -> list[HtmlBlock]:
    getpath = root.getroottree().getpath
    blocks: list[HtmlBlock] = []
    current = _Open()
    # Per open block element: (element, id, landmark bits at and above it, cue bits at and
    # above it, its own cue bits, author-marked).
    chain: list[tuple] = []
    state = {"links": 0, "body": 0, "offset": 0, "ids": 0}

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(current.parts)).strip()
        if text and chain:
            owner = chain[-1]
            near = 0
            for entry in chain[-NEAR_LEVELS:]:
                near |= entry[4]
            start = state["offset"]
            blocks.append(HtmlBlock(
                text=text, start=start, end=start + len(text), xpath=getpath(owner[0]),
                tag=_tag(owner[0]) or "", landmarks=owner[2], cues_near=near, cues_far=owner[3],
                link_chars=min(current.link_chars, len(text)), depth=len(chain),
                containers=tuple(entry[1] for entry in reversed(chain[-4:])),
                in_article_body=state["body"] > 0,
                author_marked=any(entry[5] for entry in chain[-NEAR_LEVELS:]),
            ))
            state["offset"] = start + len(text) + 1
        current.parts.clear()
        current.link_chars = 0

    def add_text(text: str | None) -> None:
        if text:
            current.parts.append(text)
            if state["links"]:
                current.link_chars += len(text.strip())

    stack = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = _tag(node)
        if closing:
            if tag in BLOCK_TAGS:
                flush()
                chain.pop()
            if tag == "a":
                state["links"] -= 1
            if node.get("itemprop") == "articleBody":
                state["body"] -= 1
            add_text(node.tail)
            continue
        if tag is None or tag in DROP_TAGS or _hidden(node):
            add_text(node.tail)
            continue
        if tag in BLOCK_TAGS:
            flush()
            state["ids"] += 1
            cues = _cues(node.get("class", ""), node.get("id", ""), node.get("role", ""))
            landmarks = (chain[-1][2] if chain else 0) | _LANDMARK_BIT.get(tag, 0)
            if state["links"]:
                landmarks |= _LANDMARK_BIT["a"]
            far = (chain[-1][3] if chain else 0) | cues
            chain.append((node, state["ids"], landmarks, far, cues, _author_mark(node)))
        elif chain and _author_mark(node) and not chain[-1][5]:
            chain[-1] = chain[-1][:5] + (True,)  # an inline rel="author" marks its block
        if tag == "a":
            state["links"] += 1
        if node.get("itemprop") == "articleBody":
            state["body"] += 1
        add_text(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return blocks


def page_info(root) -> PageInfo:
    """Title, site name, authors and JSON-LD article body, when the page declares them."""
    def first(xpath: str) -> str:
        values = root.xpath(xpath)
        return _SPACE.sub(" ", str(values[0])).strip() if values else ""

    title = first("//meta[@property='og:title']/@content") or first("//title/text()")
    site = first("//meta[@property='og:site_name']/@content")
    authors = [a for a in (first("//meta[@name='author']/@content"),) if a]
    body = ""
    for script in root.xpath("//script[@type='application/ld+json']/text()")[:8]:
        for entry in _json_ld_entries(script):
            if isinstance(entry.get("articleBody"), str) and not body:
                body = entry["articleBody"]
            authors.extend(_names(entry.get("author")))
    return PageInfo(title=title, site_name=site, authors=tuple(dict.fromkeys(authors))[:5],
                    article_body=body[:200_000])


def _json_ld_entries(script: str) -> list[dict]:
    try:
        data = json.loads(script)
    except (ValueError, RecursionError):
        return []
    entries = data if isinstance(data, list) else [data]
    out = []
    for entry in entries[:20]:
        if isinstance(entry, dict):
            out.append(entry)
            graph = entry.get("@graph")
            if isinstance(graph, list):
                out.extend(e for e in graph[:50] if isinstance(e, dict))
    return out


def _names(author) -> list[str]:
    if isinstance(author, str):
        return [author.strip()] if author.strip() else []
    if isinstance(author, dict) and isinstance(author.get("name"), str):
        return [author["name"].strip()]
    if isinstance(author, list):
        return [name for entry in author[:5] for name in _names(entry)]
    return []


@lru_cache(maxsize=4096)
def _cues(class_: str, id_: str, role: str) -> int:
    """Cue bits of an element's class, id and role (words split at -, _ and camelCase)."""
    bits = 0
    for value in (class_, id_, role):
        if not value:
            continue
        lowered = _CAMEL.sub(" ", value).lower()
        for word in _WORD.findall(lowered):
            bits |= _CUE_WORDS.get(word, 0)
        for stem, bit in _CUE_STEMS:
            if stem in lowered:
                bits |= bit
    return bits


def _author_mark(node) -> bool:
    return node.get("rel") == "author" or node.get("itemprop") == "author"


def _tag(node) -> str | None:
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else None


def _hidden(node) -> bool:
    attrib = node.attrib
    return ("hidden" in attrib or attrib.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(attrib.get("style", ""))))
