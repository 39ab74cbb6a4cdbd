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

from .inputs import MAX_FILE_BYTES, ReadOptions, expand_paths, read_items

app = typer.Typer(
    help="Label the blocks of news text as body, chrome, ad or attribution.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    text = "text"


@app.callback()
def _root() -> None:
    """Label the blocks of web news text (body, chrome, ad, attribution) in many languages."""


@app.command()
def score(
    paths: Annotated[list[str], typer.Argument(
        help="Files or directories (searched recursively for .txt/.md/.jsonl), or - for stdin.",
        show_default=False)],
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="jsonl: one object per document; tsv: one row per block; "
        "text: the body text only, documents separated by a blank line.")] = OutputFormat.jsonl,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write here instead of stdout.", dir_okay=False)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    text_field: Annotated[str, typer.Option(help="JSONL field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id.")] = "id",
    lang: Annotated[Optional[str], typer.Option(
        help="Language of every input (ISO 639-1); detected per document when omitted.")] = None,
    max_bytes: Annotated[int, typer.Option(
        min=1, help="Refuse input files (and JSONL records) larger than this.")] = MAX_FILE_BYTES,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Progress on stderr (default: when it is a terminal).",
        show_default=False)] = None,
) -> None:
    """Split each document into blocks and label every block, with a probability per label.

    Plain-text files become one document each (blocks are non-empty lines; hard-wrapped
    paragraphs are joined). Each line of a .jsonl file is one record: its TEXT_FIELD is the
    document, its ID_FIELD (else path:line) the id, and an optional "lang" field its language.
    """
    from .batch import classify_items
    from .outputs import Writer
    from .progress import Progress
    from .store import ModelError

    options = ReadOptions(text_field=text_field, id_field=id_field, max_bytes=max_bytes)
    items = read_items(paths, options)
    if lang:
        items = (item if item.error else replace(item, lang=lang) for item in items)
    total = None if any(p == "-" or p.endswith((".jsonl", ".ndjson")) for p in paths) else \
        sum(1 for _ in expand_paths(paths))
    meter = Progress(total, enabled=progress)
    failed = 0
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        writer = Writer(stream, fmt.value)
        for record in classify_items(items, jobs=jobs):
            if "error" in record:
                failed += 1
                typer.echo(f"classifier: {record['id']}: {record['error']}", err=True)
            writer.write(record)
            meter.step()
    except ModelError as exc:
        typer.echo(f"classifier: {exc}", err=True)
        raise typer.Exit(code=1) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(code=0) from None
    finally:
        meter.close()
        if output:
            stream.close()
    if failed:
        typer.echo(f"classifier: {failed} input(s) failed", err=True)
        raise typer.Exit(code=1)


def main() -> None:
    app()
