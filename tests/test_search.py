"""Lookup finds an entry however a learner typed it (tests on the small fixture deck)."""

import re

import pytest

from slangtutor import search
from slangtutor.errors import QueryError


@pytest.fixture
def index(mini_data):
    return search.load_index()


def best(index, query):
    result = search.lookup(query, index)
    return result.hits[0].entry.id if result.hits else None


@pytest.mark.parametrize(
    "query, expected",
    [
        ("翻墙", "fan-qiang"),  # simplified
        ("翻牆", "fan-qiang"),  # traditional
        ("fān qiáng", "fan-qiang"),  # tone marks
        ("fānqiáng", "fan-qiang"),
        ("fan1 qiang2", "fan-qiang"),  # tone numbers
        ("fan1qiang2", "fan-qiang"),
        ("fanqiang", "fan-qiang"),  # no tones, no spaces
        ("fan qiang", "fan-qiang"),
        ("fan'ersai", "fan-er-sai"),  # apostrophe
        ("lvcha", "lv-cha"),  # v for ü
        ("lü chá", "lv-cha"),
        ("lv4 cha2", "lv-cha"),
        ("yong3 yuan3 de5 shen2", "yyds"),  # neutral tone as 5
        ("yong3 yuan3 de0 shen2", "yyds"),  # or 0
        ("yyds", "yyds"),  # abbreviations in any case
        ("YYDS", "yyds"),
        ("Yyds", "yyds"),
        ("  yyds  ", "yyds"),
        ("ｙｙｄｓ", "yyds"),  # full-width letters
        ("永远的神", "yyds"),  # the phrase it abbreviates
        ("666", "666"),  # number codes
        ("６６６", "666"),  # full-width digits
        ("lie flat", "tang-ping"),  # English from the meaning
        ("cat tax", "mao-shui"),
        ("humblebragging", "fan-er-sai"),
        ("躺平了", "tang-ping"),  # a phrase containing a term
        ("这个真的yyds", "yyds"),
        ("我们都躺平吧", "tang-ping"),
        ("wo men dou tang ping le", "tang-ping"),  # a pinyin sentence containing a term
        ("交猫税", "mao-shui"),  # an alias
        ("jiao1 mao1 shui4", "mao-shui"),  # an alias's pinyin
        ("jiaomaoshui", "mao-shui"),
        ("貓稅", "mao-shui"),
        ("翻牆了", "fan-qiang"),  # traditional inside a phrase
        ("貓税", "mao-shui"),  # mixed: the deck's own pairs map 貓 to 猫
        ("what is the cat tax", "mao-shui"),  # stop words do not block an English match
    ],
)
def test_query_forms(index, query, expected):
    assert best(index, query) == expected


def test_partial_pinyin_finds_by_prefix(index):
    result = search.lookup("tang", index)
    assert [hit.entry.id for hit in result.hits] == ["tang-ping"]
    assert result.hits[0].why == "prefix"


def test_tones_rank_above_toneless(index):
    # fān qiáng with the right tones is an exact match; wrong tones still reach it toneless.
    exact = search.lookup("fan1 qiang2", index).hits[0]
    loose = search.lookup("fan3 qiang3", index).hits[0]
    assert exact.entry.id == loose.entry.id == "fan-qiang"
    assert exact.score > loose.score


def test_latin_forms_need_a_word_boundary(index):
    # "666" inside a longer number is not the code 666, and yyds inside a word is not yyds.
    assert search.lookup("16668", index).hits == ()
    assert search.lookup("xyydsx", index).hits == ()


@pytest.mark.parametrize(
    "query, suggested",
    [
        ("tangpin", "tang-ping"),  # typo
        ("tnagping", "tang-ping"),  # swapped letters
        ("yyd", "yyds"),
        ("躺瓶", "tang-ping"),  # right sound, wrong character
        ("lie flatly", "tang-ping"),  # partial English
    ],
)
def test_typos_get_suggestions(index, query, suggested):
    result = search.lookup(query, index)
    assert result.hits == ()
    assert suggested in [entry.id for entry in result.suggestions]


def test_nothing_at_all(index):
    result = search.lookup("qwertyuiop", index)
    assert result.hits == () and result.suggestions == ()


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ("x" * 10_000, "the query is 10000 characters long; the limit is 500"),
        ("yy\x00ds", "the query contains an invisible or control character (U+0000"),
        ("yy\x1b[31mds", "the query contains an invisible or control character (U+001B"),
        ("yy\udcffds", "the query is not valid UTF-8"),
    ],
)
def test_bad_queries(index, raw, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        search.lookup(raw, index)


def test_edit_distance():
    assert search.edit_distance("tangpin", "tangping", 2) == 1
    assert search.edit_distance("tnagping", "tangping", 2) == 1
    assert search.edit_distance("abc", "xyz", 1) == 2  # stops early past the limit
