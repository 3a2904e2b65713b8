"""The segmenter's fast path gives exactly what its plain path gives (issue 11).

Segmenter.spans skips the work that cannot change a line (OpenCC for a line without a
character t2s changes, folding for a line without full-width or capital letters, the number
scan for a line without a decimal point), finds the Latin forms with one pattern grouped by
first character and notes the fairness check's suspects while cutting; reference_spans does
every step on every line, as the segmenter always did. They are compared on real prose, every
sentence and comment of the decks and test data, lines made to reach each fast path, and
generated strings.
"""

import random
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_speed import corpus_lines

from slangtutor import annotate, dataset, dictionary, segment
from slangtutor.text import script

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"

# Traditional text, with the characters t2s changes only inside a phrase (沈默, 反覆, 瞭解, 藉口,
# 甦醒, 英哩) and those it keeps in one (乾隆 against 乾杯), and the compatibility ideographs.
TRADITIONAL = [
    "翻牆看新聞，內捲太嚴重了。", "乾杯！乾隆皇帝", "沈默是金，他姓沈", "反覆思量，反反覆覆",
    "瞭解一下", "瞭望塔", "找藉口", "甦醒", "三英哩", "衹得如此", "什麼什么", "頭髮鬆了",
    "憂鬱的臺灣網絡遊戲", "電腦軟體記憶體", "於是裡面", "著作", "\uf900\uf901\ufa00", "𠈌人从众𠈌",
    "憑藉", "深沈",
]
# Latin forms in Chinese, full-width and capital letters, numbers, emoji and spaces.
MIXED = [
    "哈哈哈哈哈笑死我了", "对对对，就是这个", "呜呜呜呜1.5倍好难", "啊啊啊啊yyds啊啊啊", "谢谢谢谢谢谢",
    "yyds", "YYDS", "ＹＹＤＳ", "u1s1，这家店绝绝子", "ｕ１ｓ１", "666", "６６６６６", "city不city",
    "CITY不CITY", "ＢＰ机", "BP机", "T恤", "Ｔ恤衫", "栓Q", "芭比Q了", "我是i人", "AI人工智能",
    "5201314", "电话13800138000", "1.3倍", "2008-6-1", "www.people.com.cn", "150-200元",
    "3.14159", "50%", "city walk", "city  walk", "ｃｉｔｙ　ｗａｌｋ", "hhhhhhh", "23333333",
    "😮\u200d💨😂👍🏻", "🇨🇳中国", "  ", "\t", "　", "", "abc def", "１９９８年１月",
    "Ｈｅｌｌｏ，世界",
    "OK了", "emo了", "破防了", "叶片会向内卷曲", "凡尔赛宫", "蚌埠市", "蚌埠住了", "店绝绝子",
    "xswl笑死我了", "v我50", "V我５０", "[doge][微笑]", "【狗头】", "2.0版", "5G网络",
    "iPhone15 pro max", "1.5.3", "·", "..",
]


def toml_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from toml_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from toml_strings(value)


def toml_lines() -> list[str]:
    """Every string and comment of the decks and the tests' TOML files, line by line."""
    found = set()
    for path in sorted([*ROOT.glob("data/*.toml"), *ROOT.glob("tests/**/*.toml")]):
        text = path.read_text(encoding="utf-8")
        strings = list(toml_strings(tomllib.loads(text)))
        strings += [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
        found |= {line for s in strings for line in s.splitlines()}
    return sorted(found)


def mismatched(segmenter, lines: list[str]) -> list[str]:
    return [line for line in lines if segmenter.spans(line) != segmenter.reference_spans(line)]


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    return dictionary.open_lexicon(tmp_path_factory.mktemp("lexicon"))


@pytest.fixture(scope="module")
def index(lexicon):
    return annotate.build_index(dataset.read_decks(sorted(ROOT.glob("data/*.toml"))), lexicon)


@pytest.fixture(scope="module")
def segmenter(index, lexicon):
    return segment.Segmenter(index.added_words, index.latin_forms,
                             dictionary_frequency=lexicon.frequencies,
                             total_frequency=lexicon.total_frequency(),
                             dictionary_words=lexicon.dictionary_words)


@pytest.fixture
def skipping(monkeypatch):
    """OpenCC skipped and translate's list tables used from the first line on, as in a long
    input."""
    monkeypatch.setattr(script, "LONG_INPUT", 0)
    assert script._t2s_changes() is not None, "the installed OpenCC's dictionaries are unknown"


def test_lines_made_for_each_fast_path(index, segmenter, skipping):
    rng = random.Random(5)
    forms = sorted(index.latin_forms)
    wide = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
    lines = TRADITIONAL + MIXED
    lines += [f"我{f}了" for f in forms] + [f"a{f}1" for f in forms]
    lines += [f"这个{f.upper()}真的{f.translate(wide)}" for f in forms]
    news = corpus_lines(200)
    lines += ["".join(rng.sample(news, 30))]  # a very long line
    lines += [line.translate(wide) for line in news[:100]]
    assert mismatched(segmenter, lines) == []
    assert len(lines) > 1400


def test_prose_and_every_string_of_the_decks(segmenter, skipping):
    lines = corpus_lines(1000) + random.Random(3).sample(toml_lines(), 3000)
    assert mismatched(segmenter, lines) == []


def test_a_bare_segmenter_and_jieba_itself(index, skipping):
    lines = TRADITIONAL + MIXED + corpus_lines(60)
    for segmenter in (segment.Segmenter(index.added_words, index.latin_forms),
                      segment.Segmenter(index.added_words, index.latin_forms, backend="jieba")):
        assert mismatched(segmenter, lines) == []


# Hanzi (simplified, traditional, changed only in a phrase, supplementary), Latin letters and
# digits in both widths and cases, the punctuation of numbers, spaces, emoji.
ALPHABET = ("的一是不了人我在有个中国大来上们到说和地也子时道出要于就下得可过天去"
            "能对好头发门电话网络內捲鬆髮後來臺灣乾隆沈默覆瞭藉甦么麼蚌埠住绝栓城市"
            "abcityqsABCYDSQ0123456789ｙｄｓＹＤＳ１２３"
            "　 \t，。！？、…—·.-:/_%[]【】😂\u200d💨𠈌")


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=12),
                          st.sampled_from(MIXED + TRADITIONAL)), max_size=8).map("".join))
def test_generated_strings(segmenter, skipping, text):
    assert segmenter.spans(text) == segmenter.reference_spans(text)


# -- the helpers the fast path uses ----------------------------------------------------------

def test_narrow_and_fold_change_what_the_dict_tables_change(skipping):
    assert isinstance(script._tables()[0], list)
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    assert script.narrow(every) == every.translate(script._WIDE)
    assert script.fold(every) == every.translate(script._FOLD)
    for text in [*TRADITIONAL, *MIXED, every[:70000]]:
        assert script.narrow_and_fold(text) == (text.translate(script._WIDE),
                                                 text.translate(script._FOLD))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET + "體國門鬥", max_size=40))
def test_the_opencc_skip_converts_alike(skipping, text):
    assert script.to_simplified_aligned(text) == script.to_simplified_aligned(text, skip=False)


def test_the_opencc_skip_on_phrases_and_prose(skipping):
    for line in TRADITIONAL + MIXED + corpus_lines(300):
        assert script.to_simplified_aligned(line) == script.to_simplified_aligned(line, skip=False)
    assert script.to_simplified_aligned("沈默") == "沉默"  # 沈 alone stays: a surname


def test_unknown_opencc_dictionaries_are_always_converted(monkeypatch):
    monkeypatch.setattr(script, "LONG_INPUT", 0)
    monkeypatch.setattr(script, "T2S_HIDDEN_CHANGES", {})
    script._t2s_changes.cache_clear()
    try:
        assert script._t2s_changes() is None
        assert script.to_simplified_aligned("沈默，瞭解") == "沉默，了解"
    finally:
        script._t2s_changes.cache_clear()


def test_the_shipped_phrase_characters_are_those_of_the_installed_opencc():
    """What tools/opencc_phrase_chars.py finds now, from OpenCC's own dictionaries."""
    import sys

    sys.path.insert(0, str(TOOLS))
    try:
        import opencc_phrase_chars
    finally:
        sys.path.remove(str(TOOLS))
    if opencc_phrase_chars.opencc_dict_tool() is None:
        pytest.skip("OpenCC's opencc_dict tool is not installed")
    digest, chars = opencc_phrase_chars.hidden_changes()
    assert script.T2S_HIDDEN_CHANGES.get(digest) == chars, (
        "OpenCC's t2s dictionaries changed: run tools/opencc_phrase_chars.py")
    assert {"沈", "覆", "瞭", "藉"} <= set(chars)


def test_the_grouped_pattern_finds_what_each_form_finds(index, segmenter):
    """Each form alone, in turn, on text where several forms start at one place."""
    forms = segmenter._forms
    grouped = re.compile(segment._forms_pattern(forms))
    lines = [f"{a}{b}" for a, b in zip(forms, reversed(forms))] + [" ".join(forms)]
    for line in lines:
        assert ([m.span() for m in grouped.finditer(line)]
                == [m.span() for m in segmenter._reference_latin.finditer(line)])



def test_a_first_text_compiles_only_the_groups_it_needs_and_later_ones_get_them_all(index,
                                                                                     lexicon):
    """A fresh segmenter compiles the groups of the first characters its first text holds;
    a text needing another group gets the whole pattern. The cut is the reference's all along."""
    fresh = segment.Segmenter(index.added_words, index.latin_forms,
                              dictionary_frequency=lexicon.frequencies,
                              total_frequency=lexicon.total_frequency(),
                              dictionary_words=lexicon.dictionary_words)
    first = "u1s1，这家店绝绝子，姐妹们冲"
    assert fresh.spans(first) == fresh.reference_spans(first)
    part = fresh._latin_part
    assert part is not None and fresh._latin_whole is None
    assert part[0] <= set(first) and len(part[0]) < len(fresh._firsts)
    again = "U1S1 u1s1"  # folded, the same first characters: the same small pattern
    assert fresh.spans(again) == fresh.reference_spans(again) and fresh._latin_whole is None
    for text in ("今天yyds，city不city", "5201314 [doge] 00后整顿职场", first):
        assert fresh.spans(text) == fresh.reference_spans(text)
    assert fresh._latin_whole is not None
    assert fresh.spans("没有字母的一句话") == fresh.reference_spans("没有字母的一句话")
