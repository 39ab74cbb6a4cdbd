"""Classify a stream of items in chunks, in this process or in a pool of worker processes.

Output order is input order whatever the number of jobs; each worker loads the verified
model once. A failure in one document becomes that document's error record.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import Callable, Iterable, Iterator

from .api import block_classifier, prepare
from .document import Document
from .errors import InputError
from .inputs import Item
from .pages import page_classifier, prepare_html

CHUNK_DOCS = 32


def error_record(doc_id: str, message: str) -> dict:
    return {"id": doc_id, "error": message}


def classify_chunk(chunk: list[Item], favor: str = "balanced") -> list[dict]:
    """Records for a chunk of items; documents of one kind are scored together in one pass."""
    records: list[dict | None] = [None] * len(chunk)
    texts, pages = [], []
    for index, item in enumerate(chunk):
        if item.error is not None:
            records[index] = error_record(item.id, item.error)
            continue
        try:
            if item.format == "html":
                pages.append((index, prepare_html(item.text, item.lang)))
            else:
                texts.append((index, prepare(item.text, item.lang)))
        except InputError as exc:
            records[index] = error_record(item.id, str(exc))
    if texts:
        labelled = block_classifier().classify_spans([doc for _, doc in texts], favor)
        for (index, (_, lang)), blocks in zip(texts, labelled):
            records[index] = Document(lang=lang, blocks=tuple(blocks), id=chunk[index].id).to_dict()
    if pages:
        labelled = page_classifier().classify_pages([page for _, page in pages], favor)
        for (index, page), blocks in zip(pages, labelled):
            records[index] = Document(lang=page[2], blocks=tuple(blocks), id=chunk[index].id).to_dict()
    return records  # type: ignore[return-value]


def _safe_chunk(chunk: list[Item], favor: str = "balanced") -> list[dict]:
    try:
        return classify_chunk(chunk, favor)
    except (InputError, ValueError, MemoryError) as exc:
        if len(chunk) == 1:
            return [error_record(chunk[0].id, f"cannot classify: {exc}")]
        return [record for item in chunk for record in _safe_chunk([item], favor)]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _single_threaded() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def _finished_chunk(chunk: list[Item], favor: str, then: Callable[[dict], object] | None) -> list:
    records = _safe_chunk(chunk, favor)
    return records if then is None else [then(record) for record in records]


def classify_items(items: Iterable[Item], jobs: int = 1, chunk_docs: int = CHUNK_DOCS,
                   favor: str = "balanced", then: Callable[[dict], object] | None = None
                   ) -> Iterator:
    """One record per item, in order: a document dict or ``{"id", "error"}``.

    ``then``, a module-level function of a record, runs on each record where it was made
    (in the worker, with ``jobs`` > 1) and its result is yielded instead: work that follows
    the block model runs in parallel too, and less comes back from the workers.
    """
    chunks = _chunks(items, chunk_docs)
    if jobs <= 1:
        for chunk in chunks:
            yield from _finished_chunk(chunk, favor, then)
        return
    # "spawn": forking a process whose OpenMP threads (scikit-learn's trees) already ran can
    # deadlock the child; fresh interpreters load the model once each instead.
    # One thread each: N workers already fill N cores, and OpenMP threads on top of them
    # oversubscribe the machine (measured: --jobs 2 ran 3x slower than one process).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                             initializer=_single_threaded) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.submit(_finished_chunk, chunk, favor, then))
            if len(pending) >= jobs * 4:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
