"""Generated documents rendered as web pages in the shapes common CMSs produce.

Each page takes one skin from ``labeled/html/skins.json`` (WordPress, Drupal, a newsroom CMS,
AMP, Blogger, plain tables and divs): the element and class/id each part of the page gets. Per
page, at random: semantic HTML5 landmarks or old-style divs, class names kept or stripped, links
inside paragraphs, scripts and hidden elements that must not become blocks, right-to-left
pages. The label of each line of the source document goes with the element it becomes.
"""

from __future__ import annotations

import html as htmllib
import json
import random
from pathlib import Path

from .synth import LabeledDocument

BODY_ROLES = frozenset({"title", "standfirst", "para", "subhead", "item"})
SEMANTIC = frozenset({"header", "nav", "footer", "aside", "main", "article", "section"})


def load_skins(path: Path) -> dict[str, dict[str, list[str]]]:
    skins = json.loads(path.read_text(encoding="utf-8"))
    return {name: skin for name, skin in skins.items() if not name.startswith("_")}


def document_lines(doc: LabeledDocument) -> list[tuple[str, str, str]]:
    """``(text, label, role)`` of each line of a generated document (wrapped lines folded)."""
    roles = doc.roles or ("chrome",) * len(doc.blocks)
    return [(" ".join(doc.text[start:end].split()), label, role)
            for (start, end, label), role in zip(doc.blocks, roles)]


def render_page(doc: LabeledDocument, skins: dict, rng: random.Random) -> str:
    """``doc`` as an HTML page in one randomly drawn skin."""
    skin = skins[rng.choice(sorted(skins))]
    style = _Style(rng, skin, semantic=rng.random() < 0.7, classes=rng.random() < 0.75)
    lines = document_lines(doc)
    body_at = [i for i, (_, _, role) in enumerate(lines) if role in BODY_ROLES]
    first, last = (body_at[0], body_at[-1]) if body_at else (len(lines), len(lines) - 1)
    header = _region(style, lines[:first], "header")
    article = _region(style, lines[first:last + 1], "content")
    tail = _region(style, lines[last + 1:], "tail")
    if rng.random() < 0.5:
        article = style.wrap("content", article)
    page = style.wrap("page", style.wrap("header", header)
                      + style.wrap("main", style.wrap("article", article) + _noise(rng))
                      + tail)
    direction = ' dir="rtl"' if doc.lang in ("ar", "he", "fa") else ""
    return (f'<!DOCTYPE html><html lang="{doc.lang}"{direction}><head><meta charset="utf-8">'
            f"<title>{htmllib.escape(_title(lines))}</title><script>var dataLayer=[];</script>"
            f"</head><body>{page}</body></html>")


def _title(lines) -> str:
    return next((text for text, _, role in lines if role == "title"), "")


class _Style:
    """One page's choices: the skin option of each part, landmarks or divs, classes or none."""

    def __init__(self, rng: random.Random, skin: dict, semantic: bool, classes: bool):
        self.rng, self.semantic, self.classes = rng, semantic, classes
        self.chosen = {part: rng.choice(options) for part, options in skin.items()}

    def open_close(self, part: str) -> tuple[str, str]:
        tag, attributes = _parse_selector(self.chosen.get(part, part))
        if tag in SEMANTIC and not self.semantic:
            tag = "div"
        attrs = "".join(f' {k}="{v}"' for k, v in attributes.items()) if self.classes else ""
        return f"<{tag}{attrs}>", f"</{tag}>"

    def wrap(self, part: str, inner: str) -> str:
        if not inner:
            return ""
        opening, closing = self.open_close(part)
        return f"{opening}{inner}{closing}"

    def element(self, part: str, text: str, link: bool = False) -> str:
        escaped = htmllib.escape(text)
        if link:
            escaped = f'<a href="/{self.rng.randint(1000, 99999)}">{escaped}</a>'
        return self.wrap(part, escaped)


def _parse_selector(selector: str) -> tuple[str, dict[str, str]]:
    tag, _, rest = selector.partition(".")
    tag, _, id_ = tag.partition("#")
    attributes = {}
    if id_:
        attributes["id"] = id_
    if rest:
        attributes["class"] = rest.replace(".", " ")
    return tag or "div", attributes


# What element each role becomes, and whether its text is a link.
_ELEMENTS = {
    "nav": ("nav", True), "breadcrumb": ("breadcrumb", True), "chrome": ("div", False),
    "adlabel": ("div", False), "ad": ("div", True), "byline": ("byline", False),
    "title": ("title", False), "standfirst": ("p", False), "para": ("p", False),
    "subhead": ("h2", False), "readalso": ("p", True), "relatedhead": ("h3", False),
    "related": ("li", True), "commentform": ("p", False), "comment": ("comment", False),
    "footer": ("p", False), "navitem": ("navitem", True), "item": ("li", False),
}
_GROUPS = {"navitem": "nav", "item": "list", "related": "related", "relatedhead": "related",
           "ad": "ad", "adlabel": "ad", "comment": "comments", "commentform": "comments"}


def _region(style: _Style, lines, where: str) -> str:
    """Consecutive lines of one group share a container (a nav list, an ad slot, comments)."""
    out, group, members = [], None, []

    def close() -> None:
        if members:
            inner = "".join(members)
            if group in ("nav", "list", "related"):
                inner = f"<ul>{inner}</ul>"
            container = {"list": None, "nav": "nav", "related": "related", "ad": "ad",
                         "comments": "comments"}.get(group)
            out.append(style.wrap(container, inner) if container else inner)
            members.clear()

    for text, _, role in lines:
        part, link = _ELEMENTS.get(role, ("div", False))
        if role == "footer" or (where == "tail" and role in ("nav", "navitem")):
            part = "p" if role == "footer" else part
        wanted = _GROUPS.get(role)
        if wanted != group:
            close()
            group = wanted
        if role == "para" and style.rng.random() < 0.2:
            html = _paragraph_with_link(style, text)
        else:
            html = style.element(part, text, link=link and style.rng.random() < 0.85)
        (members if group else out).append(html)
    close()
    body = "".join(out)
    if where == "tail" and body:
        return style.wrap("footer", body) if style.rng.random() < 0.3 else style.wrap("sidebar", body)
    return body


def _paragraph_with_link(style: _Style, text: str) -> str:
    words = text.split(" ")
    if len(words) < 6:
        return style.element("p", text)
    start = style.rng.randrange(0, len(words) - 3)
    linked = " ".join(words[start:start + 3])
    before, after = " ".join(words[:start]), " ".join(words[start + 3:])
    inner = (f"{htmllib.escape(before)} <a href=\"/x\">{htmllib.escape(linked)}</a> "
             f"{htmllib.escape(after)}").strip()
    return f"<p>{inner}</p>"


def _noise(rng: random.Random) -> str:
    """Markup that must never become a block: scripts, hidden elements, empty wrappers."""
    parts = []
    if rng.random() < 0.5:
        parts.append('<script>window.ads = window.ads || []; ads.push({slot: "mid"});</script>')
    if rng.random() < 0.3:
        parts.append('<div style="display:none">tracking pixel fallback</div>')
    if rng.random() < 0.3:
        parts.append("<div><div><div></div></div></div>")
    return "".join(parts)


def page_labels(block_texts: list[str], lines) -> list[str]:
    """The label of each segmented block: the line it was rendered from, in order."""
    labels, cursor = [], 0
    for text in block_texts:
        label = ""
        for j in range(cursor, min(cursor + 4, len(lines))):
            if text == lines[j][0] or (lines[j][0] and text.startswith(lines[j][0])):
                label, cursor = lines[j][1], j + 1
                break
        labels.append(label)
    return labels
