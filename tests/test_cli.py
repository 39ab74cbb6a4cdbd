"""The command line, through typer's CliRunner: formats, inputs, bad input, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from classifier.cli import app

ARTICLE = """Home | World | Business | Sport
The city council approved a new budget on Tuesday after a debate that lasted more than six hours and ended shortly before midnight.
The plan raises spending on public transport by twelve percent and freezes property taxes for a second year, the finance director said.
Opposition members said the figures relied on optimistic forecasts for tourism revenue and warned that cuts would follow next spring.
Advertisement
Source: Metro Wire
"""


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, args, stdin=None):
    return runner.invoke(app, ["score", *args], input=stdin)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_jsonl_record_schema(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, [str(path)])
    assert result.exit_code == 0, result.output
    (record,) = records(result.stdout)
    assert set(record) == {"id", "lang", "blocks", "body"}
    assert record["id"] == str(path)
    assert record["lang"] == "en"
    assert len(record["blocks"]) == 6
    for block in record["blocks"]:
        assert set(block) == {"text", "label", "scores", "start", "end"}
        assert block["label"] in ("body", "chrome", "ad", "attribution")
        assert abs(sum(block["scores"].values()) - 1) < 1e-3
        assert ARTICLE[block["start"]:block["end"]] == block["text"]
    body = [b["text"] for b in record["blocks"] if b["label"] == "body"]
    assert record["body"] == "\n".join(body)


def test_tsv_has_a_header_and_one_row_per_block(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, ["--format", "tsv", str(path)])
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "block", "label"]
    assert len(lines) == 7
    assert all(len(line.split("\t")) == 10 for line in lines)


def test_text_format_prints_the_body_only(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, ["-f", "text", str(path)])
    assert "budget on Tuesday" in result.stdout
    assert "Home | World" not in result.stdout


def test_stdin_and_output_file(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(runner, ["-", "--output", str(out)], stdin=ARTICLE)
    assert result.exit_code == 0
    assert records(out.read_text())[0]["id"] == "-"


def test_directories_are_searched_recursively_in_order(runner, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE)
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    result = run(runner, [str(tmp_path)])
    assert [r["id"] for r in records(result.stdout)] == [str(tmp_path / "one.txt"), str(tmp_path / "b" / "two.txt")]


def test_jsonl_records_use_fields_and_ids(runner, tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "doc-1", "content": ARTICLE}), json.dumps({"content": ARTICLE, "lang": "en"})]
    path.write_text("\n".join(lines) + "\n")
    result = run(runner, ["--text-field", "content", str(path)])
    assert result.exit_code == 0
    assert [r["id"] for r in records(result.stdout)] == ["doc-1", f"{path}:2"]


def test_bad_inputs_fail_alone_and_exit_1(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text('{"text": "fine text here"}\nnot json at all\n{"other": 1}\n[1, 2]\n')
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    missing = tmp_path / "missing.txt"
    args = [str(p) for p in (empty, binary, jsonl, huge, missing, good)]
    result = run(runner, args)
    assert result.exit_code == 1
    out = records(result.stdout)
    errors = {r["id"]: r["error"] for r in out if "error" in r}
    assert "empty" in errors[str(empty)]
    assert "binary" in errors[str(binary)]
    assert "not JSON" in errors[f"{jsonl}:2"]
    assert "no 'text' or 'html' field" in errors[f"{jsonl}:3"]
    assert "not a JSON object" in errors[f"{jsonl}:4"]
    assert "too large" in errors[str(huge)]
    assert "no such file" in errors[str(missing)]
    assert out[-1]["id"] == str(good) and out[-1]["blocks"]
    assert "Traceback" not in result.output
    assert f"{binary}: binary" in result.stderr


def test_undecodable_text_is_an_error_not_mojibake(runner, tmp_path):
    path = tmp_path / "weird.txt"
    path.write_bytes(b"\xff\xfe\x00\xd8" + b"\x00\xdc\x41" * 3)  # UTF-16 BOM, broken surrogates
    result = run(runner, [str(path)])
    assert result.exit_code == 1
    assert "cannot decode" in records(result.stdout)[0]["error"]


def test_long_document_of_100000_lines(runner, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n".join(f"Line {i} of a very long list" for i in range(100_000)))
    result = run(runner, [str(path)])
    assert result.exit_code == 0
    assert len(records(result.stdout)[0]["blocks"]) == 100_000


def test_usage_errors_exit_2(runner):
    assert run(runner, ["--format", "xml", "x.txt"]).exit_code == 2
    assert run(runner, []).exit_code == 2
    assert runner.invoke(app, ["nonsense"]).exit_code == 2


def test_help_explains_the_formats(runner):
    result = runner.invoke(app, ["score", "--help"])
    assert result.exit_code == 0
    assert "jsonl" in result.stdout and "--text-field" in result.stdout and "--jobs" in result.stdout
