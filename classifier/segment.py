"""Plain text to blocks: non-empty lines, with hard-wrapped paragraphs joined back.

A block keeps its character span in the original text, so callers can cut the original even
after wrapped lines were joined (the block's ``text`` has the line breaks folded to spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import UNSPACED_RE, is_unspaced

_LINE_RE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")

# A document is hard-wrapped when most lines that continue into another line run close to a
# common width; e-mail and Markdown wrap at 60-100 characters.
MAX_WRAP_WIDTH = 100
WRAPPED_LINE_SHARE = 0.6
FULL_LINE_RATIO = 0.6
MIN_WRAPPED_LINES = 3
MIN_WRAP_WIDTH = 40  # characters; half of it for scripts written without spaces
_SENTENCE_END = set(".!?。！？؟…:;\"'”»")


@dataclass(frozen=True, slots=True)
class Span:
    """One block of the source text: its folded text and ``[start, end)`` in the original."""

    text: str
    start: int
    end: int


def segment_text(text: str) -> list[Span]:
    """Split ``text`` into blocks; joins wrapped lines when the document is hard-wrapped."""
    runs = _line_runs(text)
    width = _wrap_width(text, runs)
    spans: list[Span] = []
    for run in runs:
        spans.extend(_join_run(text, run, width) if width else _single_lines(text, run))
    return spans


def _line_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of consecutive non-blank lines, each line as its stripped ``(start, end)``."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for match in _LINE_RE.finditer(text):
        start, end = match.span(1)
        line = match.group(1)
        stripped = line.strip()
        if not stripped:
            if current:
                runs.append(current)
                current = []
            continue
        lead = len(line) - len(line.lstrip())
        current.append((start + lead, start + lead + len(stripped)))
    if current:
        runs.append(current)
    return runs


def _wrap_width(text: str, runs: list[list[tuple[int, int]]]) -> int:
    """The wrap width of a hard-wrapped document, or 0 when lines are paragraphs."""
    lengths = sorted(end - start for run in runs for start, end in run)
    if len(lengths) < MIN_WRAPPED_LINES:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > MAX_WRAP_WIDTH:
        return 0
    continuing = [(line, following) for run in runs for line, following in zip(run, run[1:])]
    full = [(line, following) for line, following in continuing
            if line[1] - line[0] >= FULL_LINE_RATIO * width]
    min_width = MIN_WRAP_WIDTH // 2 if is_unspaced(text[:2000]) else MIN_WRAP_WIDTH
    if width < min_width or len(full) < MIN_WRAPPED_LINES or len(full) < WRAPPED_LINE_SHARE * len(continuing):
        return 0
    # Wrapping cuts sentences anywhere: wrapped lines mostly end mid-sentence, and in cased
    # scripts the next line mostly goes on in lower case. Lines that are whole items were
    # written as lines.
    open_ended = sum(1 for line, _ in full if text[line[1] - 1] not in _SENTENCE_END)
    starts = [text[following[0]] for _, following in full if text[following[0]].isalpha()]
    cased = [c for c in starts if c.isupper() or c.islower()]
    capitalised = sum(1 for c in cased if c.isupper())
    if open_ended < 0.5 * len(full) or (cased and capitalised > 0.5 * len(cased)):
        return 0
    return width


def _single_lines(text: str, run: list[tuple[int, int]]) -> list[Span]:
    return [Span(text[start:end], start, end) for start, end in run]


def _join_run(text: str, run: list[tuple[int, int]], width: int) -> list[Span]:
    """Join a line to the next when the next one's first word would not have fit after it."""
    spans: list[Span] = []
    parts = [run[0]]
    for previous, line in zip(run, run[1:]):
        first_word = text[line[0]:line[1]].split(maxsplit=1)[0]
        if (previous[1] - previous[0]) + 1 + len(first_word) > width * 0.9:
            parts.append(line)
        else:
            spans.append(_joined(text, parts))
            parts = [line]
    spans.append(_joined(text, parts))
    return spans


def _joined(text: str, parts: list[tuple[int, int]]) -> Span:
    pieces = [text[start:end] for start, end in parts]
    joined = pieces[0]
    for piece in pieces[1:]:
        glue = "" if UNSPACED_RE.match(joined[-1]) and UNSPACED_RE.match(piece[0]) else " "
        joined += glue + piece
    return Span(joined, parts[0][0], parts[-1][1])
