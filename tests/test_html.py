"""HTML input: segmentation by markup, decoding, gzip/JSONL/WARC reading, and bad pages."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from classifier.decoding import decode_html
from classifier.errors import InputError
from classifier.htmlfeatures import html_feature_names, html_features
from classifier.htmlsegment import CUE_NAMES, LANDMARKS, segment_html
from classifier.inputs import ReadOptions, read_items, sniff_format

PARAGRAPHS = [
    "The regional parliament approved the water plan on Thursday after three days of debate, "
    "with 61 votes in favour and 40 against, ending a dispute that had lasted two years.",
    "Farmers in the valley had asked for guaranteed allocations during droughts, and the final "
    "text sets aside a fixed share of the reservoir for irrigation in dry summers.",
    "Environmental groups welcomed the new limits on groundwater pumping but said the "
    "monitoring budget was too small to enforce them across more than 300 wells.",
    "The plan now goes to the regional government, which has six months to publish the rules "
    "that will decide how much water each district receives.",
]
PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Water plan</title>
<meta property="og:site_name" content="Valley Post"><script>var x = "<p>not text</p>";</script>
<style>p {{ color: red }}</style></head><body>
<header class="site-header"><nav class="main-menu"><ul><li><a href="/">Home</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article class="post"><h1 class="entry-title">Parliament approves the valley water plan</h1>
<div class="byline">By <a rel="author" href="/a/jo">Jo Marsh</a></div>
<div class="entry-content">{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}
<div class="ad-slot"><span>Advertisement</span></div>
<div style="display:none">hidden tracking text</div></div></article>
<aside class="sidebar related"><h3>Most read</h3><ul><li><a href="/1">Storm closes the ring road</a></li>
<li><a href="/2">Council elects a new mayor</a></li></ul></aside></main>
<footer class="site-footer"><p>© 2026 Valley Post. All rights reserved.</p></footer></body></html>"""


def test_blocks_follow_the_markup_and_skip_invisible_text():
    blocks, info = segment_html(PAGE)
    texts = [b.text for b in blocks]
    assert texts[:3] == ["Home", "Politics", "Sport"]
    assert "Parliament approves the valley water plan" in texts
    assert "By Jo Marsh" in texts
    assert all(p in texts for p in PARAGRAPHS)
    assert not any("not text" in t or "hidden tracking" in t or "color" in t for t in texts)
    assert info.site_name == "Valley Post"


def test_blocks_carry_xpath_spans_and_markup_cues():
    blocks, _ = segment_html(PAGE)
    visible = "\n".join(b.text for b in blocks)
    for block in blocks:
        assert visible[block.start:block.end] == block.text
    home = blocks[0]
    assert home.xpath.endswith("/li[1]") and home.tag == "li"
    assert home.landmarks & (1 << LANDMARKS.index("nav"))
    assert home.cues_far & (1 << CUE_NAMES.index("nav"))
    assert home.link_chars == len("Home")
    byline = next(b for b in blocks if b.text == "By Jo Marsh")
    assert byline.author_marked and byline.cues_near & (1 << CUE_NAMES.index("byline"))
    paragraph = next(b for b in blocks if b.text == PARAGRAPHS[0])
    assert paragraph.link_chars == 0 and paragraph.tag == "p"
    assert paragraph.cues_near & (1 << CUE_NAMES.index("content"))


def test_article_container_stands_out_in_the_features():
    blocks, info = segment_html(PAGE)
    features = html_features(blocks, info)
    names = html_feature_names()
    assert features.shape == (len(blocks), len(names))
    top = names.index("in_top_container")
    density = names.index("link_density")
    by_text = {b.text: row for b, row in zip(blocks, features)}
    assert by_text[PARAGRAPHS[1]][top] == 1.0
    assert by_text["Home"][top] == 0.0 and by_text["Home"][density] == 1.0


def test_deep_and_broken_markup_survive():
    deep = "<html><body>" + "<div>" * 5000 + "<p>deep text here</p>" + "</div>" * 10 + "<p>unclosed <b>bold"
    blocks, _ = segment_html(deep)
    assert [b.text for b in blocks] == ["deep text here", "unclosed bold"]
    with pytest.raises(InputError):
        segment_html("   ")


def test_decode_html_prefers_valid_utf8_over_a_wrong_declaration():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Straße – café</p></body></html>'
    text, encoding = decode_html(page.encode("utf-8"))
    assert "Straße – café" in text and encoding == "utf-8"
    legacy = page.replace("iso-8859-1", "windows-1252").encode("cp1252")
    assert "Straße – café" in decode_html(legacy)[0]
    long_page = page.replace("Straße – café", "Grüße aus München: Bäcker, Käse, Öl. " * 20 + "café")
    mixed = long_page.encode("utf-8").replace(b"caf\xc3\xa9", b"caf\xe9")  # a pasted cp1252 byte
    text, encoding = decode_html(mixed)
    assert "Grüße aus München" in text and "replaced" in encoding


def test_sniffing_tells_formats_apart():
    assert sniff_format(b"  <!DOCTYPE html><html>") == "html"
    assert sniff_format(b'{"id": 1, "text": "x"}\n') == "jsonl"
    assert sniff_format(b"WARC/1.0\r\n") == "warc"
    assert sniff_format(b"Plain text news.\nSecond line.") == "text"


def test_gzip_pages_and_truncated_gzip(tmp_path):
    good = tmp_path / "a.html.gz"
    good.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    data = gzip.compress(PAGE.encode("utf-8"))
    bad = tmp_path / "b.html.gz"
    bad.write_bytes(data[: len(data) // 2])
    items = list(read_items([str(good), str(bad)]))
    assert items[0].format == "html" and items[0].error is None
    assert "truncated gzip" in items[1].error


def test_jsonl_records_with_html_field(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join([json.dumps({"id": "p1", "html": PAGE}),
                               json.dumps({"id": "t1", "text": "Plain text."}),
                               json.dumps({"id": "n1", "html": 5})]) + "\n", encoding="utf-8")
    items = list(read_items([str(path)]))
    assert [(i.id, i.format, i.error is None) for i in items] == [
        ("p1", "html", True), ("t1", "text", True), ("n1", "text", False)]
    html_only = list(read_items([str(path)], ReadOptions(input_format="html")))
    assert "no 'html' field" in html_only[1].error


def _warc(records: list[tuple[str, str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, content_type, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return buffer.getvalue()


def test_warc_response_records_become_documents(tmp_path):
    pytest.importorskip("warcio")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([("https://example.org/a", "text/html; charset=utf-8", PAGE.encode()),
                            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n"),
                            ("https://example.org/b", "text/html", PAGE.encode())]))
    items = list(read_items([str(path)]))
    assert [i.id for i in items] == ["https://example.org/a", "https://example.org/logo.png",
                                     "https://example.org/b"]
    assert items[0].format == "html" and items[2].format == "html"
    assert "not HTML" in items[1].error and "image/png" in items[1].error


def test_cli_scores_html_with_xpath_and_keeps_going_past_bad_pages(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    binary = tmp_path / "broken.html"
    binary.write_bytes(bytes(range(256)) * 50)
    result = CliRunner().invoke(app, ["score", str(page), str(binary)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    good = records[0]
    assert all("xpath" in block for block in good["blocks"])
    labels = {b["text"]: b["label"] for b in good["blocks"]}
    assert all(labels[p] == "body" for p in PARAGRAPHS)
    assert labels["Home"] == "chrome"
    assert "binary" in records[1]["error"]


def test_favor_moves_the_body_threshold(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    counts = {}
    for favor in ("precision", "balanced", "recall"):
        result = CliRunner().invoke(app, ["score", "--favor", favor, str(page)])
        assert result.exit_code == 0, result.output
        blocks = json.loads(result.stdout)["blocks"]
        counts[favor] = sum(b["label"] == "body" for b in blocks)
        for block in blocks:
            body = block["scores"]["body"]
            if favor == "precision":
                assert (block["label"] == "body") == (body >= 0.75)
            if favor == "recall":
                assert (block["label"] == "body") == (body >= 0.25)
    assert counts["precision"] <= counts["balanced"] <= counts["recall"]
