"""Pinyin forms: how a learner may type pinyin, and how we compare it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slangtutor.text import pinyin

ENTRY = "fān qiáng"


@pytest.mark.parametrize(
    "typed",
    [
        "fān qiáng",
        "fānqiáng",
        "fan1 qiang2",
        "fan1qiang2",
        "FAN1 QIANG2",
        "Fān Qiáng",
        "fān'qiáng",
        "fan1-qiang2",
    ],
)
def test_toned_forms_agree(typed):
    assert pinyin.toned_key(typed) == pinyin.toned_key(ENTRY)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("lvcha", "lvcha"),  # 绿茶 typed with v
        ("lü chá", "lvcha"),
        ("lu:cha", "lvcha"),
        ("LǛ CHÁ", "lvcha"),
        ("lv4 cha2", "lvcha"),
        ("fan'ersai", "fanersai"),  # 凡尔赛 with an apostrophe
        ("yong3 yuan3 de5 shen2", "yongyuandeshen"),
        ("  tang   ping ", "tangping"),
    ],
)
def test_toneless_key(typed, expected):
    assert pinyin.toneless_key(typed) == expected


@pytest.mark.parametrize(
    "numbered, marked",
    [
        ("de5", "de"),  # neutral tone written 5
        ("de0", "de"),  # or 0
        ("lv4", "lǜ"),
        ("nü3", "nǚ"),
        ("gou3", "gǒu"),  # o takes the mark in ou
        ("liu2", "liú"),  # the last vowel in iu
        ("gui4", "guì"),  # the last vowel in ui
        ("xue2", "xué"),  # e before the last vowel
        ("zhuang4", "zhuàng"),
    ],
)
def test_numbered_to_marked(numbered, marked):
    assert pinyin.numbered_to_marked(numbered) == marked


def test_marked_to_numbered_keeps_latin():
    assert pinyin.marked_to_numbered("shuān Q") == "shuan1 Q"
    assert pinyin.marked_to_numbered("bèng bù zhù le") == "beng4 bu4 zhu4 le5"


@pytest.mark.parametrize(
    "syllable, tone", [("mā", 1), ("má", 2), ("mǎ", 3), ("mà", 4), ("ma", 5), ("lǜ", 4)]
)
def test_tone_of(syllable, tone):
    assert pinyin.tone_of(syllable) == tone


def test_is_syllable():
    assert pinyin.is_syllable("lǜ")
    assert pinyin.is_syllable("shéi")
    assert not pinyin.is_syllable("yyds")
    assert not pinyin.is_syllable("máá")  # two marks


def test_split_syllables():
    assert pinyin.split_syllables("fanqiang") == ["fan", "qiang"]
    assert pinyin.split_syllables("yongyuandeshen") == ["yong", "yuan", "de", "shen"]
    assert pinyin.split_syllables("xyz") is None


def test_hanzi_to_pinyin_keeps_dictionary_tones_for_yi_and_bu():
    # pypinyin's phrase dictionary prints 不客气 as bú kè qì and 一个 as yí gè: we store yī, bù.
    assert pinyin.hanzi_to_pinyin("不客气") == ["bù", "kè", "qì"]
    assert pinyin.hanzi_to_pinyin("一个") == ["yī", "gè"]
    assert pinyin.hanzi_to_pinyin("银行") == ["yín", "háng"]


syllable = st.sampled_from(sorted(pinyin.SYLLABLES - {"ê", "m", "n", "ng", "hm", "hng"}))


@given(st.lists(st.tuples(syllable, st.integers(1, 5)), min_size=1, max_size=6))
def test_every_way_of_writing_pinyin_gives_one_key(parts):
    marked = " ".join(pinyin.mark_syllable(base, tone) for base, tone in parts)
    numbered = " ".join(f"{base}{tone}" for base, tone in parts)
    compact = "".join(f"{base.replace('ü', 'v')}{tone}" for base, tone in parts)
    assert pinyin.toned_key(marked) == pinyin.toned_key(numbered) == pinyin.toned_key(compact)
    assert pinyin.toneless_key(marked) == pinyin.toneless_key(compact)


@given(st.text(max_size=30))
def test_keys_are_idempotent(text):
    once = pinyin.toneless_key(text)
    assert pinyin.toneless_key(once) == once
