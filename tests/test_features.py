import numpy as np

from classifier.features import Stoplists, dense_features, feature_names, lexical_features, shift_within
from classifier.tokens import dominant_script, tokenize

STOPS = Stoplists.from_mapping({"en": ["the", "of", "and", "to"], "de": ["der", "die", "und"]})


def test_tokenize_is_script_aware():
    assert tokenize("The U.S. said") == ["the", "u.s", "said"]
    assert tokenize("東京は雨") == ["東", "京", "は", "雨"]
    assert tokenize("مرحبا بكم") == ["مرحبا", "بكم"]


def test_dominant_script():
    assert dominant_script("Привет, world и всё") == "cyrillic"
    assert dominant_script("123 !!") == "other"


def test_stoplist_densities_count_each_language():
    tokens = tokenize("the cat and der hund")
    counts = dict(zip(STOPS.languages, STOPS.densities(tokens)))
    assert counts == {"de": 1, "en": 2}


def test_dense_rows_have_one_row_per_block_and_named_columns():
    texts = ["Home | News | Sport", "The mayor of the town said the plan was good and fair.", "Share"]
    rows = dense_features(texts, "en", STOPS)
    assert rows.shape == (3, len(feature_names()))
    names = feature_names()
    assert rows[0, names.index("separators")] >= 2
    assert rows[1, names.index("stop_doc_lang")] > rows[0, names.index("stop_doc_lang")]
    assert rows[0, names.index("n-1_exists")] == 0 and rows[1, names.index("n-1_exists")] == 1


def test_features_do_not_depend_on_other_documents():
    texts = ["Advertisement", "A paragraph about the budget of the city council and its plans."]
    alone = dense_features(texts, "en", STOPS)
    again = dense_features(list(texts), "en", STOPS)
    assert np.array_equal(alone, again)
    lexical = lexical_features(texts).toarray()
    assert np.allclose(np.linalg.norm(lexical, axis=1), 1.0)


def test_shift_within_stops_at_document_edges():
    values = np.arange(5, dtype=float).reshape(-1, 1)
    groups = np.array([0, 0, 0, 1, 1])
    previous = shift_within(values, groups, (-1,)).ravel()
    following = shift_within(values, groups, (1,)).ravel()
    assert previous.tolist() == [0, 0, 1, 0, 3]
    assert following.tolist() == [1, 2, 0, 4, 0]



def test_compiled_char_counts_match_pythons_str_methods():
    from classifier import _chars

    for text in ["Ünïcödé ÇA VA 123", "Москва 2024 ГОДА", "الرئيس ٢٠٢٤", "東京は雨 ２０２４", "ǅemal ﬁ ² ½ Ⅻ 😀", ""]:
        expected = (sum(map(str.isalpha, text)), sum(map(str.isupper, text)), sum(map(str.isdigit, text)))
        assert _chars.char_counts(text) == expected
