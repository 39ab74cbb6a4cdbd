"""HTML to block text: one line per block-level element's own text, in reading order.

Used to turn real web pages into plain-text documents (each line a block) for training and
evaluating the text model. Scripts, styles, templates and hidden elements are dropped. The walk
is iterative, so pathological nesting cannot exhaust the Python stack.
"""

from __future__ import annotations

import re

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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"\s+")


def parse_html(html: str):
    """An lxml tree of ``html``; raises :class:`InputError` when nothing can be parsed."""
    import lxml.html
    from lxml import etree

    if not html.strip():
        raise InputError("empty HTML")
    parser = lxml.html.HTMLParser(
        recover=True, huge_tree=True, remove_comments=True, encoding="utf-8"
    )
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}") from None
    if root is None:
        raise InputError("cannot parse HTML: no document element")
    return root


def html_to_lines(html: str) -> list[str]:
    """The visible text of a page, one line per block-level element's own text."""
    root = parse_html(html)
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(current)).strip()
        if text:
            lines.append(text)
        current.clear()

    stack = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if _tag(node) in BLOCK_TAGS:
                flush()
            if node.tail:
                current.append(node.tail)
            continue
        tag = _tag(node)
        if tag is None or tag in DROP_TAGS or _hidden(node):
            if node.tail:
                current.append(node.tail)
            continue
        if tag in BLOCK_TAGS:
            flush()
        if node.text:
            current.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return lines


def _tag(node) -> str | None:
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else None


def _hidden(node) -> bool:
    attrib = node.attrib
    return ("hidden" in attrib or attrib.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(attrib.get("style", ""))))
