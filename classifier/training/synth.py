"""Compose labelled documents from corpus pieces in the layouts real sites use.

A document is a header (skip links, nav bar, ticker, breadcrumb), the article (title,
standfirst, byline, body with subheadings, mid-article ads and "read also" links), and a tail
(source credit, tags, share line, related lists, comment form and comments, ads, footer), with
parts dropped, moved and reformatted at random. Every choice comes from one seeded
``random.Random``, so a seed gives the same corpus on any machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .pieces import Article, Pieces

NAV_JOINERS = (" | ", " · ", "  ", " / ", " • ", "", " ")
BREADCRUMB_JOINERS = (" › ", " > ", " / ", " » ", "")
FOREIGN_CHROME_SHARE = 0.15
WRAPPED_SHARE = 0.08


@dataclass(frozen=True)
class LabeledDocument:
    """A generated document: its text and the label of each ``[start, end)`` block."""

    id: str
    lang: str
    text: str
    blocks: tuple[tuple[int, int, str], ...]
    roles: tuple[str, ...] = ()  # what each block is on the page ("nav", "para", ...), for HTML


class _Builder:
    """Accumulates lines with labels, then renders them with one document's formatting."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lines: list[tuple[str, str, bool, str]] = []  # text, label, wrappable, role

    def add(self, text: str, label: str, wrappable: bool = False, role: str = "chrome") -> None:
        text = " ".join(text.split())
        if text:
            self.lines.append((text, label, wrappable, role))

    def render(self, doc_id: str, lang: str) -> LabeledDocument:
        rng = self.rng
        wrap = rng.random() < WRAPPED_SHARE and lang not in ("zh", "ja")
        separator = "\n\n" if wrap or rng.random() < 0.45 else "\n"
        width = rng.randint(62, 80)
        parts, blocks, offset = [], [], 0
        for text, label, wrappable, _ in self.lines:
            rendered = _wrap(text, width) if wrap and wrappable and len(text) > width else text
            blocks.append((offset, offset + len(rendered), label))
            parts.append(rendered)
            offset += len(rendered) + len(separator)
        return LabeledDocument(doc_id, lang, separator.join(parts) + "\n", tuple(blocks),
                               tuple(role for *_, role in self.lines))


def _wrap(text: str, width: int) -> str:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)


def generate(pieces: dict[str, Pieces], n_docs: int, seed: int, prefix: str) -> list[LabeledDocument]:
    """``n_docs`` documents, languages in turn, each from one article of that language."""
    rng = random.Random(seed)
    langs = [lang for lang in sorted(pieces) if pieces[lang].articles]
    documents = []
    for index in range(n_docs):
        lang = langs[index % len(langs)]
        documents.append(_document(rng, pieces, lang, f"{prefix}-{lang}-{index:05d}"))
    return documents


def _document(rng: random.Random, pieces: dict[str, Pieces], lang: str, doc_id: str) -> LabeledDocument:
    own = pieces[lang]
    chrome_source = own
    if rng.random() < FOREIGN_CHROME_SHARE:
        others = [p for code, p in sorted(pieces.items()) if code != lang and p.pools.get("chrome")]
        english = pieces.get("en")
        chrome_source = english if english and lang != "en" and rng.random() < 0.6 else rng.choice(others)
    article = rng.choice(own.articles)
    builder = _Builder(rng)
    layout = rng.choice(("page", "page", "page", "extracted", "extracted", "blog", "wire", "minimal"))
    context = _Context(rng, own, chrome_source, article, builder)
    {"page": context.page, "extracted": context.extracted, "blog": context.blog,
     "wire": context.wire, "minimal": context.minimal}[layout]()
    return builder.render(doc_id, lang)


class _Context:
    """The pieces one document draws from, and the layouts that arrange them."""

    def __init__(self, rng, own: Pieces, chrome: Pieces, article: Article, builder: _Builder):
        self.rng, self.own, self.chrome_pieces, self.article, self.out = rng, own, chrome, article, builder

    # -- drawing pieces -------------------------------------------------------------------
    def pick(self, pool: str, k: int = 1, foreign_ok: bool = True) -> list[str]:
        source = self.chrome_pieces if foreign_ok and pool in ("nav", "chrome") else self.own
        strings = source.pools.get(pool) or self.own.pools.get(pool) or ()
        return self.rng.sample(strings, min(k, len(strings))) if strings else []

    def other_titles(self, k: int) -> list[str]:
        titles = [a.title for a in self.own.articles if a.id != self.article.id]
        return self.rng.sample(titles, min(k, len(titles)))

    # -- parts ----------------------------------------------------------------------------
    def nav_bar(self) -> None:
        items = self.pick("nav", self.rng.randint(3, 9))
        if not items:
            return
        if self.rng.random() < 0.3:
            for item in items:
                self.out.add(item, "chrome", role="navitem")
        else:
            self.out.add(self.rng.choice(NAV_JOINERS).join(items), "chrome", role="nav")

    def breadcrumb(self) -> None:
        items = self.pick("nav", self.rng.randint(1, 3))
        joiner = self.rng.choice(BREADCRUMB_JOINERS)
        if self.rng.random() < 0.35:  # glued to the title, as "HomeIndustriesChinese tech..."
            self.out.add(joiner.join(items) + joiner + self.article.title, "chrome", role="breadcrumb")
        elif items:
            self.out.add(joiner.join(items), "chrome", role="breadcrumb")

    def chrome(self, k: int = 1, role: str = "chrome") -> None:
        for text in self.pick("chrome", k):
            self.out.add(text, "chrome", role=role)

    def ads(self, k: int = 1) -> None:
        """An ad slot: often a short label ("Advertisement") above one or more promotions."""
        strings = self.pick("ad", k + 6, foreign_ok=False)
        labels = [s for s in strings if len(s.split()) <= 3 and len(s) <= 30]
        promos = [s for s in strings if s not in labels]
        if labels and self.rng.random() < 0.6:
            self.out.add(labels[0], "ad", role="adlabel")
        for text in (promos or labels)[:k]:
            self.out.add(text, "ad", role="ad")

    def attribution(self, k: int = 1) -> None:
        for text in self.pick("attribution", k, foreign_ok=False):
            self.out.add(text, "attribution", role="byline")

    def headline(self) -> None:
        self.out.add(self.article.title, "body", role="title")
        if self.article.standfirst and self.rng.random() < 0.7:
            self.out.add(self.article.standfirst, "body", wrappable=True, role="standfirst")

    def body(self, ads_inside: bool) -> None:
        paragraphs = list(self.article.paragraphs)
        if self.rng.random() < 0.25 and len(paragraphs) > 4:
            paragraphs = paragraphs[: self.rng.randint(3, len(paragraphs))]
        slots = set(self.rng.sample(range(1, len(paragraphs)), min(2, len(paragraphs) - 1)))
        for index, paragraph in enumerate(paragraphs):
            if index in slots and ads_inside:
                self.interruption()
            text = paragraph.removeprefix("## ").removeprefix("- ")
            if paragraph.startswith("- ") and self.rng.random() < 0.5:
                text = self.rng.choice(("• ", "- ", "* ", "")) + text
            if self.rng.random() < 0.03 and len(text.split()) > 6:
                text = " ".join(text.split()[: self.rng.randint(2, 4)])  # a truncated fragment
            role = "subhead" if paragraph.startswith("## ") else "item" if paragraph.startswith("- ") else "para"
            self.out.add(text, "body", wrappable=not paragraph.startswith("## "), role=role)

    def interruption(self) -> None:
        choice = self.rng.random()
        if choice < 0.4:
            self.ads(self.rng.randint(1, 2))
        elif choice < 0.65:
            self.read_also()
        elif choice < 0.85:
            self.chrome(1)
        else:
            self.attribution(1)  # a photo credit between paragraphs

    def read_also(self) -> None:
        """A link to another story inside the body: always marked as one, never a bare title."""
        titles = self.other_titles(1)
        if not titles:
            return
        leads = [s for s in self.pick("chrome", 12) if len(s.split()) <= 3 and len(s) <= 25]
        if leads and self.rng.random() < 0.6:
            self.out.add(f"{leads[0].rstrip(' :：')}: {titles[0]}", "chrome", role="readalso")
        else:
            self.out.add(self.rng.choice(("→ ", "» ", "▶ ", "► ", "• ")) + titles[0], "chrome",
                         role="readalso")

    def related(self) -> None:
        self.chrome(1, role="relatedhead")
        numbered = self.rng.random() < 0.3
        for rank, title in enumerate(self.other_titles(self.rng.randint(2, 6)), start=1):
            self.out.add(f"{rank}. {title}" if numbered else title, "chrome", role="related")

    def comments(self) -> None:
        self.chrome(self.rng.randint(1, 4), role="commentform")
        for text in self.pick("comments", self.rng.randint(0, 4), foreign_ok=False):
            self.out.add(text, "chrome", role="comment")

    def footer(self) -> None:
        self.chrome(self.rng.randint(1, 4), role="footer")
        if self.rng.random() < 0.5:
            self.nav_bar()

    # -- layouts --------------------------------------------------------------------------
    def page(self) -> None:
        rng = self.rng
        if rng.random() < 0.3:
            self.chrome(1)
        self.nav_bar()
        if rng.random() < 0.4:
            self.chrome(rng.randint(1, 2))
        if rng.random() < 0.6:
            self.breadcrumb()
        if rng.random() < 0.2:
            self.ads(1)
        self.headline()
        if rng.random() < 0.8:
            self.attribution(rng.randint(1, 2))
        if rng.random() < 0.4:
            self.chrome(1)
        self.body(ads_inside=True)
        if rng.random() < 0.5:
            self.attribution(1)
        if rng.random() < 0.5:
            self.chrome(rng.randint(1, 2))
        if rng.random() < 0.6:
            self.related()
        if rng.random() < 0.5:
            self.ads(rng.randint(1, 3))
        if rng.random() < 0.5:
            self.comments()
        self.footer()

    def extracted(self) -> None:
        rng = self.rng
        if rng.random() < 0.6:
            self.chrome(rng.randint(1, 2))
        if rng.random() < 0.3:
            self.breadcrumb()
        if rng.random() < 0.5:
            self.headline()
        self.body(ads_inside=rng.random() < 0.5)
        if rng.random() < 0.4:
            self.attribution(1)
        if rng.random() < 0.5:
            self.chrome(rng.randint(1, 3))
        if rng.random() < 0.4:
            self.ads(1)

    def blog(self) -> None:
        rng = self.rng
        self.nav_bar()
        self.headline()
        self.attribution(1)
        self.body(ads_inside=rng.random() < 0.3)
        if rng.random() < 0.5:
            self.chrome(1)
        self.comments()
        if rng.random() < 0.5:
            self.related()
        self.footer()

    def wire(self) -> None:
        rng = self.rng
        self.headline()
        self.attribution(rng.randint(1, 2))
        self.body(ads_inside=False)
        self.attribution(rng.randint(1, 2))
        if rng.random() < 0.5:
            self.chrome(1)

    def minimal(self) -> None:
        if self.rng.random() < 0.7:
            self.headline()
        self.body(ads_inside=False)
        if self.rng.random() < 0.3:
            self.attribution(1)
