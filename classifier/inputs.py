"""Inputs: files, directories, stdin, JSONL records and WARC archives, as a stream of items.

Reading never raises for one bad input: an item carries either a text or the reason it has
none, so a batch goes on past binary files, bad encodings, oversized files, truncated gzip,
broken JSON and WARC records that are not pages. Each item says whether it is plain text or
HTML; with ``input_format="auto"`` the file name decides, then the content (sniffing).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import zlib
from dataclasses import dataclass
from typing import Iterator

from .decoding import decode_bytes, decode_html
from .errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
INPUT_FORMATS = ("auto", "text", "html", "jsonl", "warc")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<!--")


@dataclass(frozen=True)
class Item:
    """One document to classify, or the error that stopped us from reading it."""

    id: str
    text: str | None = None
    lang: str | None = None
    error: str | None = None
    source: str | None = None  # the file it came from, for messages
    format: str = "text"  # "text" or "html": which path classifies it


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"
    id_field: str = "id"
    lang_field: str = "lang"
    html_field: str = "html"
    max_bytes: int = MAX_FILE_BYTES
    input_format: str = "auto"


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files named, and files under directories named (recursively, sorted); ``-`` is stdin."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower().endswith(
                            TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES):
                        yield os.path.join(root, name)
        else:
            yield path


def read_items(paths: list[str], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Every document in ``paths``, in order.

    ``--input-format jsonl|warc`` names the container; ``text|html`` the kind of document
    (of plain files, and which field of JSONL records); ``auto`` goes by name, then content.
    """
    chosen = options.input_format
    for path in expand_paths(paths):
        container = chosen if chosen in ("jsonl", "warc") else format_of_name(path)
        if container == "warc":
            yield from _warc_items(path, options)
        elif container == "jsonl":
            yield from _jsonl_items(path, options)
        elif path == "-" and chosen == "auto":
            yield from _sniffed_stdin(options)
        else:
            yield _file_item(path, options, chosen if chosen != "auto" else container)


def format_of_name(path: str) -> str:
    """The input format a file name implies, or ``auto`` when only the content can tell."""
    name = path.lower()
    for suffixes, kind in ((WARC_SUFFIXES, "warc"), (JSONL_SUFFIXES, "jsonl"),
                           (HTML_SUFFIXES, "html")):
        if name.endswith(suffixes):
            return kind
    return "auto"


def sniff_format(data: bytes) -> str:
    """``warc``, ``jsonl``, ``html`` or ``text``, from the first bytes of the content."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(_HTML_STARTS) or (head.startswith(b"<") and b"<p" in data[:65536].lower()):
        return "html"
    return "text"


def _read_bytes(path: str, limit: int) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        try:
            size = os.path.getsize(path)
        except FileNotFoundError:
            raise InputError("no such file or directory") from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}") from None
        if size > limit:
            raise InputError(f"file too large: {size:,} bytes (limit {limit:,}; see --max-bytes)")
        try:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}") from None
    if len(data) > limit:
        raise InputError(f"input too large: more than {limit:,} bytes (see --max-bytes)")
    return data


def _file_item(path: str, options: ReadOptions, kind: str) -> Item:
    """One text or HTML document from a file (gzip-compressed when its name ends in .gz)."""
    try:
        data = _read_bytes(path, options.max_bytes)
        if path.lower().endswith(".gz"):
            data = gunzip(data, options.max_bytes)
        if kind == "auto":
            kind = sniff_format(data)
            if kind in ("warc", "jsonl"):
                kind = "text"  # a .txt that looks like JSON or WARC is still read as written
        text, _ = decode_html(data) if kind == "html" else decode_bytes(data)
    except InputError as exc:
        return Item(id=path, error=str(exc), source=path)
    if not text.strip():
        return Item(id=path, error="empty input (only whitespace)", source=path)
    return Item(id=path, text=text, source=path, format=kind)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress ``data`` without letting a small file inflate past ``limit`` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InputError(f"not valid gzip: {exc}") from None
    if len(out) > limit:
        raise InputError(f"decompresses to more than {limit:,} bytes (see --max-bytes)")
    if not inflater.eof:
        raise InputError("truncated gzip: the compressed stream ends early")
    return out


def _sniffed_stdin(options: ReadOptions) -> Iterator[Item]:
    try:
        data = _read_bytes("-", options.max_bytes)
    except InputError as exc:
        yield Item(id="-", error=str(exc), source="-")
        return
    kind = sniff_format(data)
    if kind == "jsonl":
        for number, raw in enumerate(data.splitlines(), start=1):
            if raw.strip():
                yield _record_item(raw, f"-:{number}", options, "-")
    elif kind == "warc":
        yield from _warc_stream(io.BytesIO(data), "-", options)
    else:
        try:
            text, _ = decode_html(data) if kind == "html" else decode_bytes(data)
        except InputError as exc:
            yield Item(id="-", error=str(exc), source="-")
            return
        yield Item(id="-", text=text, source="-", format=kind) if text.strip() else \
            Item(id="-", error="empty input (only whitespace)", source="-")


def _jsonl_items(path: str, options: ReadOptions) -> Iterator[Item]:
    try:
        if path == "-":
            handle = sys.stdin.buffer
        elif path.lower().endswith(".gz"):
            handle = gzip.open(path, "rb")
        else:
            handle = open(path, "rb")
    except OSError as exc:
        yield Item(id=path, error=f"cannot read: {exc.strerror or exc}", source=path)
        return
    number = 0
    try:
        with handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield _record_item(raw, f"{path}:{number}", options, path)
    except (OSError, EOFError, zlib.error) as exc:
        yield Item(id=f"{path}:{number + 1}", error=f"cannot read further: {exc}", source=path)


def _record_item(raw: bytes, where: str, options: ReadOptions, path: str) -> Item:
    if len(raw) > options.max_bytes:
        return Item(id=where, error=f"record too large: {len(raw):,} bytes", source=path)
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Item(id=where, error="record is not UTF-8", source=path)
    except json.JSONDecodeError as exc:
        return Item(id=where, error=f"not JSON: {exc.msg} at column {exc.colno}", source=path)
    if not isinstance(record, dict):
        return Item(id=where, error="record is not a JSON object", source=path)
    doc_id = str(record.get(options.id_field) or where)
    lang = record.get(options.lang_field)
    lang = lang if isinstance(lang, str) and lang else None
    html = record.get(options.html_field)
    if options.input_format != "text" and html is not None:
        return _field_item(html, options.html_field, doc_id, lang, path, "html")
    if options.input_format == "html":
        return Item(id=doc_id, error=f"record has no {options.html_field!r} field", source=path)
    text = record.get(options.text_field)
    if text is None:
        fields = f"{options.text_field!r}" + ("" if options.input_format == "text"
                                             else f" or {options.html_field!r}")
        return Item(id=doc_id, error=f"record has no {fields} field", source=path)
    return _field_item(text, options.text_field, doc_id, lang, path, "text")


def _field_item(value, name: str, doc_id: str, lang, path: str, kind: str) -> Item:
    if not isinstance(value, str):
        return Item(id=doc_id, error=f"field {name!r} is not a string", source=path)
    if not value.strip():
        return Item(id=doc_id, error=f"field {name!r} is empty", source=path)
    return Item(id=doc_id, text=value, lang=lang, source=path, format=kind)


def _warc_items(path: str, options: ReadOptions) -> Iterator[Item]:
    """Each HTML response record of a WARC file; its id is the record's target URI."""
    if path == "-":
        yield from _warc_stream(sys.stdin.buffer, path, options)
        return
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield Item(id=path, error=f"cannot read: {exc.strerror}", source=path)
        return
    with handle:
        yield from _warc_stream(handle, path, options)


def _warc_stream(stream, path: str, options: ReadOptions) -> Iterator[Item]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield Item(id=path, error="reading WARC needs the warc extra: pip install 'classifier[warc]'",
                   source=path)
        return
    number = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            number += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{number}"
            yield _warc_item(record, uri, path, options)
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a damaged archive
        yield Item(id=f"{path}#{number + 1}", error=f"damaged WARC, stopped reading: {exc}",
                   source=path)


def _warc_item(record, uri: str, path: str, options: ReadOptions) -> Item:
    headers = record.http_headers
    content_type = (headers.get_header("Content-Type") if headers else None) or "unknown"
    if "html" not in content_type.lower():
        return Item(id=uri, error=f"WARC record is not HTML (Content-Type: {content_type})",
                    source=path)
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return Item(id=uri, error=f"WARC record larger than {options.max_bytes:,} bytes", source=path)
    try:
        text, _ = decode_html(data)
    except InputError as exc:
        return Item(id=uri, error=str(exc), source=path)
    if not text.strip():
        return Item(id=uri, error="empty page", source=path)
    return Item(id=uri, text=text, source=path, format="html")


def read_pairs(path: str, options: ReadOptions = ReadOptions()) -> Iterator[tuple[str, dict | None, dict | None, str | None]]:
    """``(id, source, candidate, error)`` of each line of a pairs JSONL file.

    A line is ``{"id", "source": {"text"|"html", "lang"?}, "candidate": {...}}``; a line that
    is not such a record gets an error, and the rest of the file goes on.
    """
    for item in _jsonl_records(path, options):
        where, record, error = item
        if error:
            yield where, None, None, error
            continue
        pair_id = str(record.get(options.id_field) or where)
        sides = []
        for side in ("source", "candidate"):
            value = record.get(side)
            if isinstance(value, str):
                value = {"text": value}
            if not isinstance(value, dict):
                break
            content = value.get(options.html_field) if options.input_format != "text" else None
            content = content if content is not None else value.get(options.text_field)
            if not isinstance(content, str) or not content.strip():
                break
            sides.append(value)
        if len(sides) != 2:
            missing = "source" if not sides else "candidate"
            yield pair_id, None, None, (f"pair record needs a {missing!r} object with a non-empty "
                                        f"{options.text_field!r} or {options.html_field!r} field")
            continue
        yield pair_id, sides[0], sides[1], None


def _jsonl_records(path: str, options: ReadOptions):
    """``(where, record, error)`` per non-empty line of a JSONL file."""
    try:
        handle = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        yield path, None, f"cannot read: {exc.strerror}"
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            if len(raw) > options.max_bytes:
                yield where, None, f"record too large: {len(raw):,} bytes"
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield where, None, f"not a JSON record: {exc}"
                continue
            if not isinstance(record, dict):
                yield where, None, "record is not a JSON object"
                continue
            yield where, record, None
