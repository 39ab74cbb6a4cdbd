"""Inputs: files, directories, stdin and JSONL records, as a stream of items.

Reading never raises for one bad input: an item carries either a text or the reason it has
none, so a batch goes on past binary files, bad encodings, oversized files and broken JSON.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import Iterator

from .decoding import decode_bytes
from .errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Item:
    """One document to classify, or the error that stopped us from reading it."""

    id: str
    text: str | None = None
    lang: str | None = None
    error: str | None = None
    source: str | None = None  # the file it came from, for messages


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"
    id_field: str = "id"
    lang_field: str = "lang"
    max_bytes: int = MAX_FILE_BYTES


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files named, and files under directories named (recursively, sorted); ``-`` is stdin."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower().endswith(TEXT_SUFFIXES + JSONL_SUFFIXES):
                        yield os.path.join(root, name)
        else:
            yield path


def read_items(paths: list[str], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Every document in ``paths``, in order."""
    for path in expand_paths(paths):
        if path.lower().endswith(JSONL_SUFFIXES):
            yield from _jsonl_items(path, options)
        else:
            yield _text_item(path, options)


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


def _text_item(path: str, options: ReadOptions) -> Item:
    try:
        text, _ = decode_bytes(_read_bytes(path, options.max_bytes))
    except InputError as exc:
        return Item(id=path, error=str(exc), source=path)
    if not text.strip():
        return Item(id=path, error="empty input (only whitespace)", source=path)
    return Item(id=path, text=text, source=path)


def _jsonl_items(path: str, options: ReadOptions) -> Iterator[Item]:
    try:
        handle = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        yield Item(id=path, error=f"cannot read: {exc.strerror}", source=path)
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield _record_item(raw, f"{path}:{number}", options, path)


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
    text = record.get(options.text_field)
    if text is None:
        return Item(id=doc_id, error=f"record has no {options.text_field!r} field", source=path)
    if not isinstance(text, str):
        return Item(id=doc_id, error=f"field {options.text_field!r} is not a string", source=path)
    if not text.strip():
        return Item(id=doc_id, error=f"field {options.text_field!r} is empty", source=path)
    lang = record.get(options.lang_field)
    return Item(id=doc_id, text=text, lang=lang if isinstance(lang, str) and lang else None, source=path)
