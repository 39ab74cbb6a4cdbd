"""Language identification: py3langid's answers, with its automaton walk compiled."""

from __future__ import annotations

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from classifier import language
from classifier.training import corpora

SAMPLES = [
    "The central bank raised interest rates for the third time this year, citing inflation.",
    "El banco central subió los tipos de interés por tercera vez este año.",
    "La banca centrale ha alzato i tassi di interesse per la terza volta quest'anno.",
    "Bank sentral menaikkan suku bunga untuk ketiga kalinya tahun ini.",
    "رفع البنك المركزي أسعار الفائدة للمرة الثالثة هذا العام بسبب التضخم.",
    "Die Zentralbank hat die Zinsen in diesem Jahr zum dritten Mal erhöht.",
    "Центральный банк повысил процентные ставки в третий раз в этом году.",
    "中央银行今年第三次提高利率，理由是通货膨胀。", "日本銀行は今年三回目の利上げを決めた。",
    "Merkez bankası bu yıl üçüncü kez faiz oranlarını artırdı.",
    "HOME NEWS SPORT WEATHER CONTACT US ABOUT", "😀😀😀 !!! ??? 123 456", "\ud800 lone surrogate text here ok",
]


def test_the_compiled_walk_is_built_and_used():
    identifier = language._identifier()
    assert language._langid is not None
    assert identifier._tables is not None


def test_compiled_walk_gives_py3langids_scores_exactly():
    stock = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ours = language._identifier()
    texts = SAMPLES + [text[:400] for _, _, text, _ in corpora.synthetic_items("heldout", n_docs=60, seed=5)]
    for text in texts:
        assert np.array_equal(ours._decide(text), stock._decide(text)), text[:60]
        assert ours.classify(text) == stock.classify(text)


def test_detect_language_reports_undetermined_for_too_little_text():
    assert language.detect_language("Home | News") == language.UNDETERMINED
    assert language.detect_language(SAMPLES[1]) == "es"
