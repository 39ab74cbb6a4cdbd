"""Script-aware tokenisation.

Whitespace splitting gives one "word" per sentence in Chinese or Japanese (jusText's known
failure), so every counting feature here works on tokens that are either runs of letters and
digits in space-delimited scripts, or single characters in scripts written without spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import islice

# Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar: one token per character.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f"
)
TOKEN_RE = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+(?:['’.-][^\W{_UNSPACED}]+)*")
UNSPACED_RE = re.compile(rf"[{_UNSPACED}]")
_ASCII_LETTER = re.compile("[A-Za-z]")

SCRIPTS = ("latin", "cyrillic", "greek", "arabic", "hebrew", "han", "kana", "hangul", "other")
_SCRIPT_RANGES = (
    (0x0041, 0x024F, "latin"),
    (0x1E00, 0x1EFF, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x3040, 0x30FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0x1100, 0x11FF, "hangul"),
)


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens: words in spaced scripts, single characters in unspaced ones."""
    return TOKEN_RE.findall(text.lower())


@lru_cache(maxsize=1 << 16)
def char_script(char: str) -> str:
    """The writing system of one letter, coarse enough to tell languages' scripts apart."""
    code = ord(char)
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    return "other"


def dominant_script(text: str, sample: int = 400) -> str:
    """The script most of the first ``sample`` letters of ``text`` are written in (``other``
    when it has none)."""
    if text.isascii():  # its letters are A-Z and a-z (checking costs nothing in CPython)
        return "latin" if _ASCII_LETTER.search(text) else "other"
    # One code character per letter, none for the rest, counted in C: a Python call per
    # letter made this a quarter of a provenance profile's time.
    coded = text[:2 * sample].translate(_SCRIPT_CODES)
    if len(coded) < sample and len(text) > 2 * sample:
        coded = text.translate(_SCRIPT_CODES)
    counts = Counter(coded[:sample])
    if not counts:
        return "other"
    names = {SCRIPTS[ord(code) - _FIRST_CODE]: n for code, n in counts.items()}
    return max(sorted(names), key=names.__getitem__)


class _ScriptCodes(dict):
    """A ``str.translate`` table: a letter to its script's code character, anything else to
    None (deleted); filled in as characters are first seen."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = chr(_FIRST_CODE + SCRIPTS.index(char_script(char))) if char.isalpha() else None
        self[code] = value
        return value


_FIRST_CODE = 0xE000  # private-use characters stand for the scripts
_SCRIPT_CODES = _ScriptCodes()


def _script_class(name: str) -> re.Pattern:
    ranges = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high, script in _SCRIPT_RANGES if script == name)
    return re.compile(f"[{ranges}]")


_SCRIPT_CLASSES = {name: _script_class(name) for name in SCRIPTS if name != "other"}


def share_in_script(text: str, script: str, letters: int | None = None) -> float:
    """Share of the letters of ``text`` written in ``script`` (1.0 for text without letters)."""
    letters = sum(map(str.isalpha, text)) if letters is None else letters
    if not letters:
        return 1.0
    pattern = _SCRIPT_CLASSES.get(script)
    return len(pattern.findall(text)) / letters if pattern else 0.0


def is_unspaced(text: str) -> bool:
    """True when the text is mostly in a script written without spaces between words."""
    head = text[:300]
    if head.isascii():
        return False
    letters = sum(map(str.isalpha, head))
    return letters > 0 and len(UNSPACED_RE.findall(head)) * 2 >= letters


def normalize(text: str) -> str:
    """NFKC with collapsed whitespace: the form texts are compared in."""
    return " ".join(unicodedata.normalize("NFKC", text).split())
