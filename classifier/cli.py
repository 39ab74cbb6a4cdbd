"""The command line: a thin layer over the library (see ``classifier --help``).

stdout carries data only; messages and the progress line go to stderr. Exit codes: 0 when
every input was classified, 1 when some failed (each named on stderr and, in JSONL, given an
``{"id", "error"}`` record), 2 for usage errors.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .inputs import MAX_FILE_BYTES, ReadOptions, expand_paths, format_of_name, read_items

app = typer.Typer(
    help="Label the blocks of news text as body, chrome, ad or attribution.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # docstring paragraphs reflow to the terminal's width
)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    text = "text"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"
    warc = "warc"


class Favor(str, Enum):
    precision = "precision"
    balanced = "balanced"
    recall = "recall"


@app.callback()
def _root() -> None:
    """Label the blocks of web news text (body, chrome, ad, attribution) in many languages."""


@app.command()
def score(
    paths: Annotated[list[str], typer.Argument(
        help="Files or directories (searched recursively for .txt/.md/.html/.htm[.gz]/"
        ".jsonl[.gz]/.warc[.gz]), or - for stdin.", show_default=False)],
    input_format: Annotated[InputFormat, typer.Option(
        "--input-format", "-i", help="auto: by file name, else by content (WARC, JSON lines, "
        "HTML or plain text).")] = InputFormat.auto,
    favor: Annotated[Favor, typer.Option(
        help="Body threshold. balanced: the most probable label. precision: body only when "
        "P(body) >= 0.75 (cleaner text, some body lost). recall: body when P(body) >= 0.25 "
        "(more of the article, more boilerplate).")] = Favor.balanced,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="jsonl: one object per document; tsv: one row per block; "
        "text: the body text only, documents separated by a blank line.")] = OutputFormat.jsonl,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write here instead of stdout.", dir_okay=False)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    text_field: Annotated[str, typer.Option(help="JSONL field holding plain text.")] = "text",
    html_field: Annotated[str, typer.Option(
        help="JSONL field holding HTML (used when present, unless --input-format text).")] = "html",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id.")] = "id",
    lang: Annotated[Optional[str], typer.Option(
        help="Language of every input (ISO 639-1); detected per document when omitted.")] = None,
    max_bytes: Annotated[int, typer.Option(
        min=1, help="Refuse input files (and JSONL records) larger than this.")] = MAX_FILE_BYTES,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Progress on stderr (default: when it is a terminal).",
        show_default=False)] = None,
    against: Annotated[Optional[list[str]], typer.Option(
        help="Reference documents (files, directories, JSONL, WARC): each record gets a "
        "provenance object naming its best-matching reference.", show_default=False)] = None,
    no_provenance: Annotated[bool, typer.Option(
        "--no-provenance", help="Skip provenance (otherwise computed when --against is given or "
        "there are several inputs; it holds all records in memory until the end).")] = False,
) -> None:
    """Split each document into blocks and label every block, with a probability per label.

    Plain-text files become one document each (blocks are non-empty lines; hard-wrapped
    paragraphs are joined). HTML pages are split by their markup (one block per block-level
    element, each with its xpath). Each line of a .jsonl file is one record: its HTML_FIELD or
    TEXT_FIELD is the document, its ID_FIELD (else path:line) the id, and an optional "lang"
    field its language. Each HTML response record of a WARC file is one document whose id is
    its target URI (needs the warc extra).
    """
    from .batch import classify_items
    from .outputs import Writer
    from .progress import Progress

    options = ReadOptions(text_field=text_field, id_field=id_field, html_field=html_field,
                          max_bytes=max_bytes, input_format=input_format.value)
    items = read_items(paths, options)
    if lang:
        items = (item if item.error else replace(item, lang=lang) for item in items)
    total = None if input_format.value in ("jsonl", "warc") or any(
        p == "-" or format_of_name(p) in ("jsonl", "warc") for p in expand_paths(paths)) else \
        sum(1 for _ in expand_paths(paths))
    meter = Progress(total, enabled=progress)
    with_provenance = not no_provenance and bool(against or _several(paths))
    if with_provenance:  # each record comes with its profile, made in the same worker
        from .provenance.profiles import record_and_profile

        records = _counted(classify_items(items, jobs=jobs, favor=favor.value,
                                          then=record_and_profile), meter)
        records = _with_provenance(records, against, options, jobs)
    else:
        records = _counted(classify_items(items, jobs=jobs, favor=favor.value), meter)
    _write_all(records, lambda stream: Writer(stream, fmt.value), output, on_close=meter.close)


def _write_all(records, make_writer, output: Path | None, on_close=None) -> None:
    """Write records to OUTPUT (else stdout), name each failure on stderr; exit 1 if any failed.

    ``records`` is consumed here, so a model that cannot be loaded surfaces here too.
    """
    from .store import ModelError

    failed = 0
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        writer = make_writer(stream)
        for record in records:
            if "error" in record:
                failed += 1
                typer.echo(f"classifier: {record['id']}: {record['error']}", err=True)
            writer.write(record)
    except ModelError as exc:
        typer.echo(f"classifier: {exc}", err=True)
        raise typer.Exit(code=1) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(code=0) from None
    finally:
        if on_close:
            on_close()
        if output:
            stream.close()
    if failed:
        typer.echo(f"classifier: {failed} input(s) failed", err=True)
        raise typer.Exit(code=1)


def _several(paths: list[str]) -> bool:
    """More than one document may come in: several paths, a directory, JSONL, WARC or stdin."""
    expanded = list(expand_paths(paths))
    return len(expanded) > 1 or any(p == "-" or format_of_name(p) in ("jsonl", "warc") for p in expanded)


def _counted(records, meter):
    for record in records:
        meter.step()
        yield record


def _with_provenance(scored, against: list[str] | None, options, jobs: int = 1):
    """Each classified record gains ``provenance``: among references, or among the inputs.

    ``scored`` holds (record, profile) pairs. A generator, so the work happens as the writer
    asks for records (errors surface there).
    """
    from .provenance.api import sources_among, stories_among
    from .provenance.profiles import profile_documents

    scored = list(scored)
    records = [record for record, _ in scored]
    good = [(record, profile) for record, profile in scored if "error" not in record]
    del scored
    profiles = [profile for _, profile in good]
    ids = [record["id"] for record, _ in good]
    if against:
        references = [_as_source(item) for item in read_items(against, options) if item.error is None]
        answers = sources_among(ids, profiles, profile_documents(references, jobs), jobs=jobs)
    else:
        answers = stories_among(ids, profiles, jobs=jobs)
    for (record, _), answer in zip(good, answers):
        answer = dict(answer)
        answer.pop("id", None)
        answer.pop("lang", None)
        record["provenance"] = answer
    yield from records


def _as_source(item):
    from .provenance.profiles import Source

    if item.format == "html":
        return Source(item.id, html=item.text, lang=item.lang)
    return Source(item.id, text=item.text, lang=item.lang)


class ProvenanceFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"


@app.command()
def provenance(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="Documents to trace (files, directories, JSONL, WARC, - for stdin).",
        show_default=False)] = None,
    pairs: Annotated[Optional[str], typer.Option(
        help='JSONL of pairs: {"id", "source": {"text" or "html", "lang"?}, "candidate": {...}}.',
        show_default=False)] = None,
    against: Annotated[Optional[list[str]], typer.Option(
        help="Reference documents to find each input's source among (repeatable).",
        show_default=False)] = None,
    fmt: Annotated[ProvenanceFormat, typer.Option(
        "--format", "-f", help="jsonl: one object per document or pair; tsv: one row each.")
    ] = ProvenanceFormat.jsonl,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write here instead of stdout.", dir_okay=False)] = None,
    input_format: Annotated[InputFormat, typer.Option(
        "--input-format", "-i", help="As for score.")] = InputFormat.auto,
    text_field: Annotated[str, typer.Option(help="JSONL field holding plain text.")] = "text",
    html_field: Annotated[str, typer.Option(help="JSONL field holding HTML.")] = "html",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id.")] = "id",
    max_bytes: Annotated[int, typer.Option(
        min=1, help="Refuse input files (and JSONL records) larger than this.")] = MAX_FILE_BYTES,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes for the block model and the comparing "
        "(same answers).")] = 1,
) -> None:
    """Tell translations, paraphrases and syndicated copies from independent documents.

    Three ways to ask. **--pairs FILE**: label how each pair's candidate derives from its
    source. **PATH... --against REFS...**: find each document's best-matching reference and
    label the relation (independent, with source null, when nothing matches). **PATH...**
    alone: compare the documents with each other, group derived ones into stories, and label
    each within its story. Only body text is compared (the block model runs first). Each
    answer: {"id", "lang", "label", "scores", "source", "evidence"}; documents with too little
    body text get "too_short": true and no label; unreadable ones {"id", "error"}.
    """
    from .outputs import ProvenanceWriter

    if not pairs and not paths:
        typer.echo("classifier: give documents (PATH...) or --pairs FILE", err=True)
        raise typer.Exit(code=2)
    if pairs and (paths or against):
        typer.echo("classifier: --pairs takes no PATH or --against", err=True)
        raise typer.Exit(code=2)
    options = ReadOptions(text_field=text_field, id_field=id_field, html_field=html_field,
                          max_bytes=max_bytes, input_format=input_format.value)
    answers = (_pair_answers(pairs, options) if pairs
               else _document_answers(paths, against, options, jobs))
    _write_all(answers, lambda stream: ProvenanceWriter(stream, fmt.value), output)


def _pair_answers(path: str, options) -> list[dict]:
    from .inputs import read_pairs
    from .provenance.api import compare_pairs

    rows = list(read_pairs(path, options))
    good = [(pair_id, s, c) for pair_id, s, c, error in rows if error is None]
    answers = iter(compare_pairs([(s, c) for _, s, c in good], [pair_id for pair_id, _, _ in good]))
    return [{"id": pair_id, "error": error} if error else next(answers)
            for pair_id, _, _, error in rows]


def _document_answers(paths: list[str], against: list[str] | None, options,
                      jobs: int = 1) -> list[dict]:
    """Answers in input order. The texts are let go once profiled: comparing a large corpus
    needs its profiles, and holding every text beside them cost a quarter of the memory."""
    from .provenance.api import sources_among, stories_among
    from .provenance.profiles import profile_documents

    read = [(item.id, item.error, None if item.error else _as_source(item))
            for item in read_items(paths, options)]
    outline = [(doc_id, error) for doc_id, error, _ in read]
    sources = [source for _, _, source in read if source is not None]
    del read
    ids = [source.id for source in sources]
    profiles = profile_documents(sources, jobs)
    del sources
    if against:
        references = [_as_source(item) for item in read_items(against, options) if item.error is None]
        answers = iter(sources_among(ids, profiles, profile_documents(references, jobs), jobs=jobs))
    else:
        answers = iter(stories_among(ids, profiles, jobs=jobs))
    return [{"id": doc_id, "error": error} if error else next(answers) for doc_id, error in outline]


def main() -> None:
    app()
