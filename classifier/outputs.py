"""Output formats people pipe: JSONL (default), TSV (one row per block), plain body text."""

from __future__ import annotations

import json
from typing import TextIO

from .document import LABELS

FORMATS = ("jsonl", "tsv", "text")
TSV_HEADER = ["id", "block", "label", *(f"p_{label}" for label in LABELS), "start", "end", "text"]


def _tsv_cell(value) -> str:
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Writer:
    """Writes records (document dicts, or ``{"id", "error"}``) in one format."""

    def __init__(self, stream: TextIO, fmt: str = "jsonl"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.stream, self.fmt = stream, fmt
        if fmt == "tsv":
            stream.write("\t".join(TSV_HEADER) + "\n")

    def write(self, record: dict) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif "error" in record:
            return  # errors go to stderr only in the tabular and text formats
        elif self.fmt == "tsv":
            for index, block in enumerate(record["blocks"]):
                row = [record["id"], index, block["label"],
                       *(block["scores"][label] for label in LABELS),
                       block["start"], block["end"], block["text"]]
                self.stream.write("\t".join(_tsv_cell(v) for v in row) + "\n")
        else:
            if record["body"]:
                self.stream.write(record["body"] + "\n\n")


PROVENANCE_LABELS = ("translation", "paraphrase", "syndication", "independent")
PROVENANCE_TSV_HEADER = ["id", "label", "source", "story",
                         *(f"p_{label}" for label in PROVENANCE_LABELS)]


class ProvenanceWriter:
    """Writes provenance answers as JSONL (default) or TSV (one row per document)."""

    def __init__(self, stream: TextIO, fmt: str = "jsonl"):
        if fmt not in ("jsonl", "tsv"):
            raise ValueError(f"provenance output is jsonl or tsv, not {fmt!r}")
        self.stream, self.fmt = stream, fmt
        if fmt == "tsv":
            stream.write("\t".join(PROVENANCE_TSV_HEADER) + "\n")

    def write(self, record: dict) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif "error" not in record:
            scores = record.get("scores") or {}
            row = [record["id"], record.get("label") or "too_short", record.get("source") or "",
                   record.get("story") or "", *(scores.get(label, "") for label in PROVENANCE_LABELS)]
            self.stream.write("\t".join(_tsv_cell(v) for v in row) + "\n")
