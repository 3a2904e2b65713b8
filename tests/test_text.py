"""The text layer: one place for scripts, width, form keys, simplification, pinyin and queries."""

import pytest

from slangtutor import search
from slangtutor.errors import QueryError
from slangtutor.text import pinyin, query, script
from slangtutor.text.keys import form_key


@pytest.mark.parametrize("char, expected", [
    ("翻", True),    # CJK Unified Ideographs
    ("㐀", True),    # Extension A
    ("𠈌", True),    # Extension B (人从众𠈌)
    ("﨑", True),    # compatibility ideograph
    ("a", False), ("６", False), ("。", False), ("😂", False), ("ㄅ", False),
])
def test_is_hanzi(char, expected):
    assert script.is_hanzi(char) is expected
    assert script.has_hanzi(char) is expected


@pytest.mark.parametrize("text, narrowed, folded", [
    ("ＹＹＤＳ", "YYDS", "yyds"),
    ("６６６！", "666!", "666!"),
    ("u1s1　哈", "u1s1 哈", "u1s1 哈"),
])
def test_width_folding_keeps_length(text, narrowed, folded):
    assert script.narrow(text) == narrowed
    assert script.fold(text) == folded
    assert len(script.fold(text)) == len(text)


@pytest.mark.parametrize("traditional, simplified", [
    ("翻牆", "翻墙"),      # climb the wall
    ("內捲", "内卷"),      # involution
    ("乾杯", "干杯"),      # cheers: OpenCC's table, not a map learnt from our own decks
    ("頭髮", "头发"),      # hair
    ("yyds", "yyds"),      # no hanzi: unchanged
])
def test_to_simplified(traditional, simplified):
    assert script.to_simplified(traditional) == simplified
    assert len(script.to_simplified_aligned(traditional)) == len(traditional)


@pytest.mark.parametrize("a, b", [
    ("ＹＹＤＳ", "yyds"), ("YYDS", "yyds"), ("内卷", "內捲"), ("city 不 city", "city不city"),
])
def test_form_keys_meet(a, b):
    assert form_key(a) == form_key(b)


@pytest.mark.parametrize("typed, toneless", [
    ("fan1 qiang2", "fanqiang"),
    ("fān qiáng", "fanqiang"),
    ("fan1qiang2", "fanqiang"),
    ("Lǜ chá", "lvcha"),
    ("lu:cha", "lvcha"),
    ("lv cha", "lvcha"),
    ("gong1 lue4", "gonglve"),   # IME spelling of lüè
    ("gong nue", "gongnve"),
    ("u1s1", "u1s1"),            # letters and digits of a code: the digits are not tones
    ("US", "us"),
    ("520", "520"),
    ("shuān Q", "shuanq"),
    ("xi'an", "xian"),
])
def test_toneless_keys(typed, toneless):
    assert pinyin.toneless_key(typed) == toneless


@pytest.mark.parametrize("typed, syllables", [
    ("xi'an", [("xi", None), ("an", None)]),      # the apostrophe is a syllable break
    ("xian", [("xian", None)]),
    ("Xī'ān", [("xi", 1), ("an", 1)]),
    ("gong1 lue4", [("gong", 1), ("lüe", 4)]),
    ("nüe4", [("nüe", 4)]),
    ("lve4", [("lüe", 4)]),
    ("fan1qiang2", [("fan", 1), ("qiang", 2)]),
    ("ma5", [("ma", 5)]),
    ("ma0", [("ma", 5)]),
    ("jv", [("ju", None)]),
])
def test_parse_pinyin(typed, syllables):
    assert [(s.base, s.tone) for s in pinyin.parse_pinyin(typed)] == syllables


@pytest.mark.parametrize("typed", ["u1s1", "yyds", "hello!", "6", ""])
def test_parse_pinyin_refuses_what_is_not_pinyin(typed):
    assert pinyin.parse_pinyin(typed) is None


def test_numbered_to_marked_knows_ime_spellings():
    assert pinyin.numbered_to_marked("gong1 lue4") == "gōng lüè"


@pytest.mark.parametrize("raw, core", [
    ("#yyds", "yyds"),
    ("#躺平#", "躺平"),
    ("yyds!!!", "yyds"),
    ("YYDS！", "YYDS"),
    ("520?", "520"),
    ("666!!!", "666"),
    ("fan qiang!", "fan qiang"),
    ("jue jue zi?", "jue jue zi"),
    ("“躺平”", "躺平"),
    ("what does yyds mean", "yyds"),
    ("What does YYDS mean?", "YYDS"),
    ("what's the cat tax", "cat tax"),
    ("what is the meaning of 内卷", "内卷"),
    ("meaning of lie flat", "lie flat"),
    ("yyds meaning", "yyds"),
    ("躺平是什么意思？", "躺平"),
    ("yyds什么意思", "yyds"),
    ("什么是内卷", "内卷"),
    ("吃瓜是什么梗", "吃瓜"),
    ("QAQ", "QAQ"),
    ("(╯°□°)╯", "(╯°□°)╯"),   # all punctuation: kept as typed
    ("xi'an", "xi'an"),
])
def test_query_core(raw, core):
    assert query.core(query.normalize(raw)) == core


def test_query_newline_is_white_space_not_a_control_character():
    assert query.normalize("yyds\n") == "yyds"
    with pytest.raises(QueryError, match="control character"):
        query.normalize("yy\x07ds")


# Every lookup case of the simplification issue, on the shipped decks.
@pytest.mark.parametrize("typed, first", [
    ("fan qiang!", "fan-qiang"),
    ("jue jue zi?", "jue-jue-zi"),
    ("what's the cat tax", "mao-shui"),
    ("what does yyds mean", "yyds"),
    ("gong lue", "gong-lve"),
    ("gong1 lue4", "gong-lve"),
    ("內捲", "nei-juan"),
    ("躺平是什么意思？", "tang-ping"),
])
def test_lookup_cases(typed, first):
    hits = search.lookup(typed).hits
    assert hits and hits[0].entry.id == first


@pytest.mark.parametrize("typed, only", [
    ("yyds!!!", "yyds"), ("#yyds", "yyds"), ("YYDS！", "yyds"), ("520?", "520"),
    ("666!!!", "666"),
])
def test_punctuated_exact_match_brings_no_passing_mentions(typed, only):
    assert [hit.entry.id for hit in search.lookup(typed).hits] == [only]


@pytest.mark.parametrize("typed", ["US", "us"])
def test_letters_never_match_a_code_with_digits_stripped(typed):
    assert "u1s1" not in [hit.entry.id for hit in search.lookup(typed).hits]


@pytest.mark.parametrize("typed", ["xi'an", "Xī'ān"])
def test_apostrophe_syllables_do_not_reach_longer_syllables(typed):
    """xi'an is xi + an: it is not the start of 显眼包 (xiǎn yǎn bāo)."""
    assert "xian-yan-bao" not in [hit.entry.id for hit in search.lookup(typed).hits]


@pytest.mark.parametrize("typed", ["nü", "lüe"])
def test_u_umlaut_queries_give_no_junk(typed):
    """Queries with ü are read whole, not split into 'n' + 'ü': anything suggested sounds like
    the query (虐 nüè for lüe is a near miss; 'nb' or an English word with 'n' is junk)."""
    result = search.lookup(typed)
    wanted = pinyin.toneless_key(typed)
    for entry in [*result.suggestions, *(h.entry for h in result.hits)]:
        sound = pinyin.toneless_key(entry.pinyin)
        assert wanted in sound or search.edit_distance(wanted, sound, 1) <= 1, entry.id


@pytest.mark.parametrize("written, number", [
    ("十二", 12), ("两百", 200), ("一百零五", 105), ("三万", 30_000), ("两万五", 25_000),
    ("三百五", 350), ("两万五千", 25_000), ("一九九八", 1998), ("二〇二五", 2025), ("十", 10),
    ("十二万三千四百五十六", 123_456), ("一千零一", 1001), ("三四十", None), ("两两", None),
    ("", None), ("十二点", None), ("兩萬五千", 25_000),
])
def test_chinese_numerals_as_numbers(written, number):
    from slangtutor.text import numerals

    assert numerals.value(written) == number
