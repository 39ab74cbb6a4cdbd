"""The Python API on small synthetic documents: shape of results and clear-cut labels."""

from __future__ import annotations

import pytest

from classifier import InputError, classify, classify_many

NEWS = [
    "Home | Politics | Business | Sport | Culture",
    "Harbour city approves tram extension after long debate",
    "The regional assembly approved a 2.4 billion euro extension of the tram network on Thursday, ending "
    "two years of argument over the route through the old harbour district.",
    "Construction is due to begin next spring and the first trams should run on the new line in 2029, "
    "according to the transport department, which expects forty thousand passengers a day.",
    "Residents of the harbour district had opposed the original plan because it would have removed "
    "most of the parking spaces along the waterfront and several old trees.",
    "Sponsored: Get 50% off premium noise-cancelling headphones today only - shop now",
    "By Laura Mendes, transport correspondent",
    "Subscribe to our newsletter for the latest news delivered to your inbox every morning.",
    "© 2026 Harbour Media Group. All rights reserved.",
]


def test_classify_returns_blocks_with_spans_and_probabilities():
    text = "\n".join(NEWS)
    doc = classify(text)
    assert doc.lang == "en"
    assert len(doc.blocks) == len(NEWS)
    for block in doc.blocks:
        assert text[block.start:block.end] == block.text
        assert set(block.scores) == {"body", "chrome", "ad", "attribution"}
        assert block.label == max(block.scores, key=block.scores.get)
    assert doc.body == "\n".join(b.text for b in doc.blocks if b.label == "body")


def test_clear_cases_get_their_labels():
    labels = [b.label for b in classify("\n".join(NEWS)).blocks]
    assert labels[0] == "chrome"
    assert labels[2:5] == ["body"] * 3
    assert labels[7] == "chrome"


def test_language_can_be_given_or_detected():
    assert classify("\n".join(NEWS), lang="en").lang == "en"
    spanish = ("El ayuntamiento aprobó el martes un nuevo presupuesto tras un debate que duró más de seis horas "
               "y terminó poco antes de la medianoche, según informaron fuentes municipales.")
    assert classify(spanish).lang == "es"


def test_batch_form_matches_single_calls():
    texts = ["\n".join(NEWS), "\n".join(reversed(NEWS)), "Just one short line"]
    batch = classify_many(texts)
    assert [d.to_dict() for d in batch] == [classify(t).to_dict() for t in texts]


def test_empty_text_gives_no_blocks_and_bad_types_raise():
    assert classify("").blocks == ()
    with pytest.raises(InputError):
        classify(b"bytes are not text")  # type: ignore[arg-type]
