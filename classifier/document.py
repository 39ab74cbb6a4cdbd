"""The values the library returns: a labelled document and its blocks."""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("body", "chrome", "ad", "attribution")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit with its label, a probability per label and its span."""

    text: str
    label: str
    scores: dict[str, float]
    start: int
    end: int

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "label": self.label,
            "scores": dict(self.scores),
            "start": self.start,
            "end": self.end,
        }


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
