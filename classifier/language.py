"""Language identification of documents (py3langid, whose model ships inside its wheel)."""

from __future__ import annotations

from functools import lru_cache

MIN_CHARS = 20  # below this, identification is a coin toss: report "und"
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample_chars: int = 400) -> str:
    """ISO 639-1 code of the text's language, or ``und`` when there is too little text."""
    sample = text[:sample_chars]
    if sum(map(str.isalpha, sample)) < MIN_CHARS:
        return UNDETERMINED
    lang, _ = _identifier().classify(sample)
    return str(lang)
