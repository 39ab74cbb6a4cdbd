"""The Python API on small synthetic documents: shape of results and clear-cut labels."""

from __future__ import annotations

import pytest

from classifier import InputError, classify, classify_many
from classifier.api import with_some_body
from classifier.document import Block

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


def _block(text: str, label: str, body: float) -> Block:
    rest = (1.0 - body) / 3
    scores = {"body": body, "chrome": rest, "ad": rest, "attribution": rest}
    return Block(text, label, scores, 0, len(text))


def test_a_page_left_without_body_keeps_its_most_body_like_long_block():
    paragraph = "The council confirmed on Friday that two of its five vehicles were broken into. " * 4
    menu = [_block(name, "chrome", 0.01) for name in ("Home", "Protocol", "Services", "Contact")]
    weaker = _block(paragraph.upper(), "chrome", 0.3)
    best = _block(paragraph, "chrome", 0.38)
    title = _block("Vehicles broken into", "body", 0.8)
    fixed = with_some_body([*menu, title, weaker, best])
    assert [b.label for b in fixed] == ["chrome"] * 4 + ["body", "chrome", "body"]
    assert fixed[-1].scores == best.scores  # the probabilities are the model's, unchanged


def test_the_body_fallback_leaves_confident_or_sufficient_answers_alone():
    paragraph = "Residents were moved overnight after the river rose above the defences. " * 4
    dismissed = [_block("Home", "chrome", 0.0), _block(paragraph, "chrome", 0.1)]
    assert with_some_body(dismissed) == dismissed  # below the floor: the model was sure
    enough = [_block(paragraph, "body", 0.9), _block(paragraph + "!", "chrome", 0.4)]
    assert with_some_body(enough) == enough  # a paragraph of body already


def test_precision_mode_never_promotes_a_doubtful_block():
    menu = "\n".join(["Home", "News", "Sport", "Contact", "Login"] * 30)
    text = menu + "\n" + "Two cars were damaged overnight, the council said on Friday morning. " * 5
    precise = classify(text, favor="precision")
    assert all(b.scores["body"] >= 0.75 for b in precise.blocks if b.label == "body")
