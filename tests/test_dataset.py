import os
"""The deck loader: every problem reported at once, with file, entry and field."""

import textwrap

import pytest

from slangtutor import dataset
from slangtutor.errors import DataError

GOOD = """
[[entry]]
id = "tang-ping"
term = "躺平"
pinyin = "tǎng píng"
meaning = "lie flat"
explanation = "Opting out."
origin = "semantic-shift"
register = "neutral"
level = 1
tags = ["work-life"]

[[entry.examples]]
zh = "躺平了"
pinyin = "tǎng píng le"
en = "I'm lying flat."
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(*paths):
    with pytest.raises(DataError) as caught:
        dataset.read_decks(list(paths))
    return caught.value.problems


def test_good_deck_loads(tmp_path):
    entries = dataset.read_decks([write(tmp_path, "good.toml", GOOD)])
    assert [e.id for e in entries] == ["tang-ping"]
    assert entries[0].examples[0].en == "I'm lying flat."


def test_every_problem_is_reported_at_once(tmp_path):
    bad = GOOD.replace('pinyin = "tǎng píng"', 'pinyin = "tǎng píng le"')
    bad = bad.replace('register = "neutral"', 'register = "spicy"')
    bad = bad.replace('tags = ["work-life"]', 'tags = ["work-life", "food"]\ncolour = "red"')
    path = write(tmp_path, "bad.toml", bad)
    assert problems_of(path) == [
        f"{path}:2: entry 'tang-ping': unknown field 'colour'",
        f"{path}:2: entry 'tang-ping': register 'spicy' is not one of "
        "neutral, playful, sarcastic, rude, vulgar",
        f"{path}:2: entry 'tang-ping': tag 'food' is not one of numbers, abbreviations, "
        "homophones, memes, work-life, emotions, relationships, shopping, platform, fandom, "
        "censorship, ground-rules, phrases, rednote, games, anime, buzzwords, emoticons, trends, "
        "places",
        f"{path}:2: entry 'tang-ping': pinyin has 3 syllables for 2 units of the term (2 hanzi)",
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        (('meaning = "lie flat"', 'meaning = ""'), "meaning is empty"),
        (('meaning = "lie flat"', ""), "meaning is missing"),
        (('level = 1', "level = 7"), "level must be 1, 2 or 3"),
        (('id = "tang-ping"', 'id = "Tang Ping"'),
         "id must be lowercase ASCII letters, digits and single hyphens"),
        (('pinyin = "tǎng píng"', 'pinyin = "tang3 ping2"'),
         "pinyin 'tang3' for 躺 is not a tone-marked syllable"),
        (('zh = "躺平了"', 'zh = "我累了"'), "example 1 does not contain the term or an alias"),
        (('pinyin = "tǎng píng le"', 'pinyin = "tǎng"'), "example 1: pinyin has 1 syllables for 3 hanzi"),
        (('origin = "semantic-shift"', 'origin = "vibes"'),
         "origin 'vibes' is not one of homophone, abbreviation, number, loanword, meme, pun, "
         "semantic-shift, phrase"),
        (('tags = ["work-life"]', 'tags = ["work-life"]\nsince = 1850'),
         "since must be a year such as 2021"),
        (('tags = ["work-life"]', 'tags = ["work-life"]\ntraditional = "躺平"'),
         "traditional is the same as term; leave it out"),
    ],
)
def test_field_problems(tmp_path, change, message):
    path = write(tmp_path, "deck.toml", GOOD.replace(*change))
    entry_id = "Tang Ping" if "Tang Ping" in change[1] else "tang-ping"
    line = 13 if message.startswith("example") else 2  # the example's table, or the entry's
    assert problems_of(path) == [f"{path}:{line}: entry '{entry_id}': {message}"]


def test_example_needed(tmp_path):
    text = GOOD.split("[[entry.examples]]")[0]
    path = write(tmp_path, "deck.toml", text)
    assert problems_of(path) == [f"{path}:2: entry 'tang-ping': needs at least one example"]


def test_duplicates_and_related_across_files(tmp_path):
    first = write(tmp_path, "a.toml", GOOD)
    second = write(tmp_path, "b.toml", GOOD)
    third = write(
        tmp_path, "c.toml",
        GOOD.replace('id = "tang-ping"', 'id = "tang-ping-2"'),
    )
    assert problems_of(first, second, third) == [
        f"{second}:2: entry 'tang-ping': id already used at {first}:2",
        f"{third}:2: entry 'tang-ping-2': form '躺平' is also a form of 'tang-ping' at {first}:2",
    ]


def test_cross_deck_problems_are_reported_with_the_others(tmp_path):
    """A duplicate id and a dangling related id show up in the same run as field problems."""
    first = write(tmp_path, "a.toml", GOOD.replace('level = 1', 'level = 9'))
    second = write(tmp_path, "b.toml", GOOD.replace(
        'tags = ["work-life"]', 'tags = ["work-life"]\nrelated = ["nowhere"]').replace(
        'register = "neutral"', 'register = "spicy"'))
    assert problems_of(first, second) == [
        f"{first}:2: entry 'tang-ping': level must be 1, 2 or 3",
        f"{second}:2: entry 'tang-ping': register 'spicy' is not one of "
        "neutral, playful, sarcastic, rude, vulgar",
        f"{second}:2: entry 'tang-ping': id already used at {first}:2",
        f"{second}:2: entry 'tang-ping': related id 'nowhere' not found",
    ]


def test_related_must_exist(tmp_path):
    path = write(tmp_path, "a.toml",
                 GOOD.replace('tags = ["work-life"]', 'tags = ["work-life"]\nrelated = ["nowhere"]'))
    assert problems_of(path) == [f"{path}:2: entry 'tang-ping': related id 'nowhere' not found"]


def test_broken_toml_names_the_line(tmp_path):
    path = write(tmp_path, "broken.toml", GOOD.replace('term = "躺平"', 'term = "躺平'))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: invalid TOML: ")
    assert "line 4" in problem


def test_missing_and_non_utf8_files(tmp_path):
    missing = tmp_path / "missing.toml"
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert problems_of(missing, binary) == [
        f"{missing}: file not found",
        f"{binary}: not valid UTF-8 (byte 0)",
    ]


def test_empty_deck(tmp_path):
    path = write(tmp_path, "empty.toml", "# nothing\n")
    assert problems_of(path) == [f"{path}: no [[entry]] tables"]


@pytest.mark.parametrize(
    "term, reading, ok",
    [
        ("666", "liù liù liù", True),
        ("520", "wǔ èr líng", True),
        ("1314", "yāo sān yī sì", True),
        ("666", "liù liù", False),
        ("yyds", "yǒng yuǎn de shén", True),  # a letter abbreviation carries its phrase
        ("CP", "CP", True),  # read as letters
        ("栓Q", "shuān Q", True),
        ("city不city", "city bù city", True),
        ("city不city", "city bù", False),
        ("3Q", "sān Q", True),
        ("u1s1", "yǒu yī shuō yī", True),  # letters and digits abbreviating a phrase
        ("u1s1", "u yī s yī", True),
        ("u1s1", "yǒu yī shuō", False),
        ("蚌埠住了", "bèng bù zhù le", True),
        ("蚌埠住了", "Bèng bù zhù le", False),
    ],
)
def test_term_pinyin_rules(term, reading, ok):
    assert (dataset.check_term_pinyin(term, reading) is None) is ok


def test_shipped_labels_name_the_data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "deck.toml", GOOD.replace('level = 1', 'level = 0'))
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    with pytest.raises(DataError) as caught:
        dataset.load_entries()
    assert caught.value.problems == [
        "data/deck.toml:2: entry 'tang-ping': level must be 1, 2 or 3"]


def _stores(tmp_path):
    return list((tmp_path / "home" / "cache").glob("entries-*.sqlite3"))


def test_store_is_rebuilt_when_a_deck_changes(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    deck = write(folder, "deck.toml", GOOD)
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    assert dataset.load_entries()[0].meaning == "lie flat"
    assert len(_stores(tmp_path)) == 1
    dataset.load_entries.cache_clear()
    deck.write_text(textwrap.dedent(GOOD.replace("lie flat", "lie down flat")), encoding="utf-8")
    assert dataset.load_entries()[0].meaning == "lie down flat"
    assert len(_stores(tmp_path)) == 1


def test_same_size_edit_with_mtime_restored_is_seen(tmp_path, monkeypatch):
    """Only the bytes decide: an edit that keeps the size and puts the mtime back still counts."""
    folder = tmp_path / "data"
    folder.mkdir()
    deck = write(folder, "deck.toml", GOOD)
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    assert dataset.load_entries()[0].meaning == "lie flat"
    before = deck.stat()
    deck.write_bytes(deck.read_bytes().replace(b"lie flat", b"lie FLAT"))
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert deck.stat().st_size == before.st_size
    dataset.load_entries.cache_clear()
    assert dataset.load_entries()[0].meaning == "lie FLAT"


def test_touched_deck_is_hashed_not_rebuilt(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    deck = write(folder, "deck.toml", GOOD)
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    dataset.load_entries()
    (store,) = _stores(tmp_path)
    built = store.stat().st_ino
    os.utime(deck)
    dataset.load_entries.cache_clear()
    assert dataset.load_entries()[0].id == "tang-ping"
    assert store.stat().st_ino == built


@pytest.mark.parametrize("damage", ["garbage", "flip", "truncate"])
def test_damaged_store_is_rebuilt_with_the_decks_answers(tmp_path, monkeypatch, damage):
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "deck.toml", GOOD)
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    expected = dataset.load_entries()
    (store,) = _stores(tmp_path)
    data = bytearray(store.read_bytes())
    if damage == "garbage":
        data = bytearray(b"not a database" * 100)
    elif damage == "flip":
        at = data.find(b"\"meaning\":\"lie flat")  # inside an entry's JSON row
        assert at > 0
        data[at] ^= 0x20
    else:
        data = data[: len(data) // 2]
    store.write_bytes(bytes(data))
    dataset.load_entries.cache_clear()
    assert dataset.load_entries() == expected


MINE = GOOD.replace('id = "tang-ping"', 'id = "my-word"').replace('term = "躺平"', 'term = "躺赢了"') \
    .replace('pinyin = "tǎng píng"', 'pinyin = "tǎng yíng le"').replace(
        'zh = "躺平了"', 'zh = "又躺赢了"').replace('pinyin = "tǎng píng le"', 'pinyin = "yòu tǎng yíng le"')


def test_user_decks_add_to_the_shipped_decks(isolated_home):
    shipped = len(dataset.load_entries())
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    write(decks, "mine.toml", MINE)
    dataset.load_entries.cache_clear()
    entries = dataset.load_entries()
    assert len(entries) == shipped + 1
    assert entries[-1].id == "my-word"
    from slangtutor import search

    search.load_index.cache_clear()
    assert search.lookup("躺赢了").hits[0].entry.id == "my-word"


def test_user_deck_id_clash_names_both_files(isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    clash = write(decks, "mine.toml", MINE.replace('id = "my-word"', 'id = "yyds"'))
    dataset.load_entries.cache_clear()
    with pytest.raises(DataError) as caught:
        dataset.load_entries()
    (problem,) = [p for p in caught.value.problems if "id already used" in p]
    assert problem.startswith(f"{clash}:2: entry 'yyds': id already used at data/")
    assert ".toml:" in problem.rsplit(" at ", 1)[1]


def test_data_override_replaces_the_shipped_decks(tmp_path, monkeypatch, isolated_home):
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "deck.toml", GOOD)
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    write(decks, "mine.toml", MINE)
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    dataset.load_entries.cache_clear()
    assert [e.id for e in dataset.load_entries()] == ["tang-ping"]
