"""Documents -> :class:`Profile`: run the block model, keep the body, fingerprint it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..api import block_classifier, classify_many
from ..document import Document
from ..errors import InputError
from ..language import detect_language
from ..pages import classify_html
from .fingerprints import Profile, make_profile

CHROME_SAMPLE_BLOCKS = 12


@dataclass(frozen=True)
class Source:
    """One document to profile: plain text or HTML, with an optional language."""

    id: str
    text: str | None = None
    html: str | None = None
    lang: str | None = None


@lru_cache(maxsize=1)
def stopword_set() -> frozenset[str]:
    """Every stopword the block model knows, in all its languages."""
    return frozenset(block_classifier().stoplists.masks)


def profile_documents(sources: list[Source], jobs: int = 1) -> list[Profile | InputError]:
    """A profile per source (or the error that stopped it), in order.

    ``jobs`` > 1 runs the block model in that many worker processes (as ``score --jobs``).
    """
    if jobs > 1:
        return _profiled_by_workers(sources, jobs)
    stopwords = stopword_set()
    out: list[Profile | InputError | None] = [None] * len(sources)
    texts = [(i, s) for i, s in enumerate(sources) if s.html is None]
    for i, source in enumerate(sources):
        if source.html is not None:
            try:
                out[i] = profile_of(source.id, classify_html(source.html, source.lang), stopwords)
            except InputError as exc:
                out[i] = exc
    valid = []
    for i, source in texts:
        if not isinstance(source.text, str) or not source.text.strip():
            out[i] = InputError("empty document: no text to compare")
        else:
            valid.append((i, source))
    if valid:
        try:
            documents = classify_many([s.text for _, s in valid], [s.lang for _, s in valid])
        except InputError:
            documents = [_one(s) for _, s in valid]
        for (i, source), document in zip(valid, documents):
            out[i] = document if isinstance(document, InputError) else profile_of(source.id, document, stopwords)
    return out  # type: ignore[return-value]


def _profiled_by_workers(sources: list[Source], jobs: int) -> list[Profile | InputError]:
    """The block model and the fingerprinting both run in the workers (both are per document)."""
    from ..batch import classify_items
    from ..inputs import Item

    out: list[Profile | InputError | None] = [None] * len(sources)
    items = []
    for i, source in enumerate(sources):
        if source.html is not None:
            items.append((i, Item(source.id, text=source.html, lang=source.lang, format="html")))
        elif not isinstance(source.text, str) or not source.text.strip():
            out[i] = InputError("empty document: no text to compare")
        else:
            items.append((i, Item(source.id, text=source.text, lang=source.lang)))
    found = classify_items([item for _, item in items], jobs=jobs, then=profile_or_error)
    for (i, _), profile in zip(items, found):
        out[i] = profile
    return out  # type: ignore[return-value]


def _one(source: Source) -> Document | InputError:
    try:
        return classify_many([source.text], [source.lang])[0]
    except InputError as exc:
        return exc


def profile_of(doc_id: str, document: Document, stopwords: frozenset[str]) -> Profile | InputError:
    return _profile(doc_id, document.lang, [(b.label, b.text) for b in document.blocks], stopwords)


def profile_or_error(record: dict) -> Profile | InputError:
    """The profile of a ``classifier score`` record, or the error the record carries."""
    if "error" in record:
        return InputError(record["error"])
    return profile_of_record(record, stopword_set())


def record_and_profile(record: dict) -> tuple[dict, Profile | InputError]:
    """A ``classifier score`` record with its profile (``classify_items(..., then=)``)."""
    return record, profile_or_error(record)


def profile_of_record(record: dict, stopwords: frozenset[str]) -> Profile | InputError:
    """A profile from a ``classifier score`` record (its labelled blocks)."""
    return _profile(record["id"], record["lang"], [(b["label"], b["text"]) for b in record["blocks"]],
                    stopwords)


def _profile(doc_id: str, lang: str, blocks: list[tuple[str, str]], stopwords) -> Profile | InputError:
    """The document's profile, or the error fingerprinting met (one document's failure must
    not end a batch, least of all in a worker, where it would end every document's)."""
    try:
        return _fingerprinted(doc_id, lang, blocks, stopwords)
    except (ValueError, MemoryError) as exc:
        return InputError(f"cannot fingerprint: {exc}")


def _fingerprinted(doc_id: str, lang: str, blocks: list[tuple[str, str]], stopwords) -> Profile:
    by_label: dict[str, list[str]] = {"body": [], "attribution": [], "chrome": []}
    for label, text in blocks:
        if label in by_label:
            by_label[label].append(text)
    chrome = sorted(by_label["chrome"], key=len, reverse=True)[:CHROME_SAMPLE_BLOCKS]
    chrome_lang = detect_language(" ".join(chrome)) if chrome else None
    return make_profile(doc_id, lang, by_label["body"], by_label["attribution"],
                        [chrome_lang] if chrome_lang and chrome_lang != "und" else [], stopwords)
