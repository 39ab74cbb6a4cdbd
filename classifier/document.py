"""The values the library returns: a labelled document and its blocks."""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("body", "chrome", "ad", "attribution")
# --favor presets: the probability of body above which a block is body. "balanced" takes the
# most probable label; "precision" keeps only blocks the model is sure of (cleaner training
# text, some body lost); "recall" keeps doubtful blocks too (more text, more boilerplate).
BODY_THRESHOLDS = {"precision": 0.75, "balanced": None, "recall": 0.25}


def label_of(scores: dict[str, float], favor: str = "balanced") -> str:
    """The label a block gets under a --favor preset."""
    threshold = BODY_THRESHOLDS[favor]
    if threshold is None:
        return max(LABELS, key=scores.__getitem__)
    if scores["body"] >= threshold:
        return "body"
    return max(LABELS[1:], key=scores.__getitem__)


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit with its label, a probability per label and its span."""

    text: str
    label: str
    scores: dict[str, float]
    start: int
    end: int
    xpath: str | None = None  # the element it came from, for HTML input

    def to_dict(self) -> dict:
        record = {
            "text": self.text,
            "label": self.label,
            "scores": dict(self.scores),
            "start": self.start,
            "end": self.end,
        }
        if self.xpath is not None:
            record["xpath"] = self.xpath
        return record


@dataclass(frozen=True, slots=True)
class Document:
    """A classified document. ``body`` joins its body blocks with newlines."""

    lang: str
    blocks: tuple[Block, ...]
    id: str | None = None

    @property
    def body(self) -> str:
        return "\n".join(block.text for block in self.blocks if block.label == "body")

    def to_dict(self) -> dict:
        record = {"id": self.id, "lang": self.lang}
        record["blocks"] = [block.to_dict() for block in self.blocks]
        record["body"] = self.body
        return record
