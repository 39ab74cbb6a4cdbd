"""Language identification of documents (py3langid, whose model ships inside its wheel).

py3langid walks its byte automaton in a Python loop; where ``classifier._langid`` was built,
the walk runs in C over the same tables and py3langid does the rest, so the answers are
py3langid's (tests/test_language.py compares them).
"""

from __future__ import annotations

from array import array
from functools import lru_cache

import numpy as np

try:
    from . import _langid
except ImportError:  # built without a compiler: py3langid walks in Python
    _langid = None

MIN_CHARS = 20  # below this, identification is a coin toss: report "und"
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    class CompiledWalk(LanguageIdentifier):
        """py3langid's identifier with its automaton walk (``_raw_score``'s loop) in C."""

        __slots__ = ("_tables",)

        def _raw_score(self, text):
            visits = self._visits(text) if isinstance(text, bytes) else None
            return self._sparse_score(visits, self.nb_ptc) if visits else super()._raw_score(text)

        def _visits(self, text: bytes) -> dict[int, int] | None:
            if self._tables is None:
                return None
            features, counts = _langid.visits(*self._tables, text, len(self.nb_ptc))
            return dict(zip(array("i", features), array("i", counts)))

    if _langid is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier = CompiledWalk.from_model_file(MODEL_FILE, norm_probs=True)
    identifier._tables = _walk_tables(identifier)
    return identifier


def _walk_tables(identifier) -> tuple | None:
    """The automaton's tables as the compiled walk reads them (its moves in place, as
    uint32), or None if py3langid holds them otherwise."""
    moves = getattr(identifier, "tk_nextmove", None)
    if not isinstance(moves, array) or moves.typecode != "I" or moves.itemsize != 4:
        return None
    try:
        rowbase = np.asarray(identifier._rowbase, dtype=np.int64)
        output = np.asarray(identifier.tk_output, dtype=np.int64)
    except (AttributeError, TypeError, ValueError):
        return None
    return (moves, rowbase, output) if rowbase.ndim == output.ndim == 1 else None


def detect_language(text: str, sample_chars: int = 400) -> str:
    """ISO 639-1 code of the text's language, or ``und`` when there is too little text."""
    sample = text[:sample_chars]
    if sum(map(str.isalpha, sample)) < MIN_CHARS:
        return UNDETERMINED
    lang, _ = _identifier().classify(sample)
    return str(lang)
