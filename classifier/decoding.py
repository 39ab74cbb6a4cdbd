"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, then legacy encodings.

Order matters: a BOM is proof; strict UTF-8 almost never decodes legacy text by accident; NUL
byte patterns reveal BOM-less UTF-16; only then is a statistical guess (charset-normalizer)
worth its cost. Binary data is refused rather than guessed into mojibake.
"""

from __future__ import annotations

import codecs
import re

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy encodings news sites still serve, tried when charset-normalizer is unsure.
LEGACY_ENCODINGS = (
    "cp1252", "shift_jis", "gb18030", "cp1256", "cp1251", "cp1254", "cp1250", "cp1253", "euc-kr",
    "big5", "latin-1",
)
# Single-byte Latin code pages share their ASCII half and differ in the letters a statistical
# guess confuses most (cp1252 "è" is cp1250 "č"). The language of the ASCII words decides.
_LATIN_CODEPAGES = {"cp1252", "cp1250", "cp1254", "latin_1", "iso8859_2", "iso8859_9", "iso8859_15"}
_CODEPAGE_BY_LANGUAGE = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "hr", "sl", "ro", "bs", "sq"), "cp1250"),
    **dict.fromkeys(("tr", "az"), "cp1254"),
}
_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)`` or raises :class:`InputError`."""
    if not data:
        raise InputError("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], encoding), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16), utf16
    if b"\x00" in data[:8192]:
        raise InputError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _guess_legacy(data)
    if _control_ratio(text) > 0.05:
        raise InputError(f"binary data (too many control characters as {encoding}), not text")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly ASCII-range text has a NUL in every other byte."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0) / (len(head) / 2)
    odd_nuls = head[1::2].count(0) / (len(head) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _guess_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is not None and best.encoding:
        encoding = best.encoding
        if encoding in _LATIN_CODEPAGES:
            encoding = _latin_codepage(data)
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass
    for encoding in LEGACY_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError("cannot decode: not UTF-8 and no known legacy encoding fits")


def _latin_codepage(data: bytes) -> str:
    from .language import detect_language

    ascii_words = data[:50_000].decode("ascii", errors="ignore")
    return _CODEPAGE_BY_LANGUAGE.get(detect_language(ascii_words), "cp1252")


def _control_ratio(text: str) -> float:
    sample = text[:20_000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if c < " " and c not in _CONTROL_OK)
    return bad / len(sample)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
MIXED_UTF8_TOLERANCE = 0.1  # undecodable share of the non-ASCII text of a mostly-UTF-8 page


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a web page: BOM, then UTF-8, then its declared charset, then a guess.

    The declared ``<meta charset>`` is often wrong (pages re-saved as UTF-8 keep their old
    declaration), so valid UTF-8 wins over it. Pages that mix encodings (a UTF-8 page with a
    few pasted cp1252 bytes) decode as UTF-8 with those bytes replaced.
    """
    if not data:
        raise InputError("empty input")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return decode_bytes(data)  # UTF-16 and UTF-32, with or without a BOM
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    non_ascii = sum(1 for c in replaced if ord(c) > 127)
    if bad <= MIXED_UTF8_TOLERANCE * non_ascii:
        return replaced, "utf-8 (some bytes replaced)"  # UTF-8 with a few foreign bytes
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        try:
            if codecs.lookup(name).name not in ("utf-8", "utf-16"):
                return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)
