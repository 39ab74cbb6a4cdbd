import pytest

from classifier.decoding import decode_bytes
from classifier.errors import InputError

FRENCH = "Ceci est un été très chaud à Paris. Les élèves sont là, près de la fenêtre."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
def test_western_text_round_trips(encoding):
    text, _ = decode_bytes(FRENCH.encode(encoding))
    assert text == FRENCH


@pytest.mark.parametrize("text,encoding", [
    ("日本語のテキストです。東京都では今日も雨が降っています。明日は晴れるでしょう。", "shift_jis"),
    ("中文文本，今天北京下雨了。我们正在测试编码检测，明天会是晴天。", "gb18030"),
    ("هذا نص عربي للاختبار. المصدر: وكالة الأنباء المحلية في القاهرة.", "cp1256"),
    ("Это русский текст для проверки кодировки, написанный редакцией.", "cp1251"),
    ("Türkiye ekonomisi büyüdü, işsizlik düştü. Bu yıl enflasyon yüzde kırk oldu.", "cp1254"),
])
def test_legacy_encodings_are_detected(text, encoding):
    assert decode_bytes(text.encode(encoding))[0] == text


def test_empty_binary_and_control_data_are_refused():
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 100)
