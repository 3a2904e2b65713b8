"""The command line through Typer's CliRunner: exact output, exit codes, help."""

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from slangtutor import __version__
from slangtutor.cli import app

runner = CliRunner()

ENTRY_KEYS = [
    "id", "term", "traditional", "pinyin", "aliases", "meaning", "explanation", "literal",
    "origin", "source_form", "register", "level", "tags", "examples", "related", "since",
    "everyday", "slang_cues", "literal_cues", "phrase_slang",
]


def run(*args):
    return runner.invoke(app, list(args))


def test_lookup_panel_exact(mini_data):
    result = run("lookup", "貓稅")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "╭───────────────────────────────────────── mao-shui ─╮\n"
        "│ 猫税  貓稅   māo shuì                              │\n"
        "│                                                    │\n"
        "│ cat tax: a photo of your cat as the price of entry │\n"
        "│                                                    │\n"
        "│ origin        loanword                             │\n"
        "│ register      playful                              │\n"
        "│ also written  交猫税                               │\n"
        "│ tags          rednote, ground-rules                │\n"
        "│                                                    │\n"
        "│ Newcomers were asked to pay it with pet photos.    │\n"
        "│                                                    │\n"
        "│   新来的先交猫税🐱                                 │\n"
        "│   xīn lái de xiān jiāo māo shuì                    │\n"
        "│   Newbies pay the cat tax first                    │\n"
        "╰────────────────────────────────────────────────────╯\n"
    )


def test_rude_entries_carry_a_warning(mini_data):
    result = run("lookup", "lvcha")
    assert result.exit_code == 0
    assert "⚠ RUDE: offensive, know it but don't use it casually" in result.output


def test_lookup_json_shape(mini_data):
    result = run("lookup", "--json", "fan1", "qiang2")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["query"] == "fan1 qiang2"
    assert payload["suggestions"] == []
    (entry,) = payload["results"]
    assert list(entry) == ENTRY_KEYS
    assert entry["id"] == "fan-qiang"
    assert entry["traditional"] == "翻牆"
    assert entry["examples"][0]["pinyin"] == "nǐ men měi guó rén yào fān qiáng ma?"


def test_lookup_not_found_suggests(mini_data):
    result = run("lookup", "tangpin")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: nothing found for 'tangpin'\n"
        "Did you mean: 躺平 (tǎng píng, lie flat: opt out of the rat race)?\n"
    )


def test_lookup_not_found_json(mini_data):
    result = run("lookup", "--json", "tangpin")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["results"] == []
    assert payload["suggestions"] == [
        {"id": "tang-ping", "term": "躺平", "pinyin": "tǎng píng",
         "meaning": "lie flat: opt out of the rat race"}
    ]


def test_lookup_words_join(mini_data):
    result = run("lookup", "--json", "cat", "tax")
    assert json.loads(result.output)["results"][0]["id"] == "mao-shui"


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "error: the query is empty\n"),
        ("x" * 10_000, "error: the query is 10000 characters long; the limit is 500\n"),
        ("a\x07b", "error: the query contains an invisible or control character (U+0007)\n"),
    ],
)
def test_bad_queries_one_line(mini_data, query, message):
    result = run("lookup", query)
    assert result.exit_code == 1
    assert result.stderr == message


def test_malformed_data_file(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "deck.toml").write_text('[[entry]]\nid = "x"\nterm = "\n', encoding="utf-8")
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    result = run("lookup", "yyds")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: data/deck.toml: invalid TOML: ")
    assert len(result.stderr.splitlines()) == 1


def test_missing_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SLANGTUTOR_DATA", str(tmp_path / "nowhere"))
    result = run("lookup", "yyds")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nowhere'}: data folder not found\n"


def test_list_filters(mini_data):
    result = run("list", "--json", "--tag", "rednote")
    assert [e["id"] for e in json.loads(result.output)] == ["mao-shui"]
    result = run("list", "--json", "--register", "rude")
    assert [e["id"] for e in json.loads(result.output)] == ["lv-cha"]
    result = run("list", "--json", "--origin", "number")
    entries = json.loads(result.output)
    assert [e["id"] for e in entries] == ["666"] and list(entries[0]) == ENTRY_KEYS
    result = run("list", "--json", "--level", "1")
    assert len(json.loads(result.output)) == 5


def test_list_table(mini_data):
    result = run("list", "--tag", "numbers")
    assert result.exit_code == 0
    assert "666" in result.output and "liù liù liù" in result.output
    assert result.output.rstrip().endswith("\n1 entry")


def test_list_bad_tag_is_a_usage_error(mini_data):
    result = run("list", "--tag", "food")
    assert result.exit_code == 2


def test_check_data_ok_and_bad(tmp_path, mini_data):
    result = run("check-data", str(mini_data / "mini.toml"))
    assert result.exit_code == 0
    assert result.output == "ok: 7 entries in 1 file\n"
    bad = tmp_path / "mine.toml"
    bad.write_text((mini_data / "mini.toml").read_text(encoding="utf-8").replace(
        'level = 2\ntags = ["relationships"]', 'level = 2\ntags = ["dating"]'), encoding="utf-8")
    result = run("check-data", str(bad))
    assert result.exit_code == 1
    # The line of the entry's [[entry]] table, and a count at the end.
    line = bad.read_text(encoding="utf-8").splitlines().index('id = "lv-cha"')  # 0-based: one up
    assert result.stderr.startswith(f"error: {bad}:{line}: entry 'lv-cha': tag 'dating' is not one of")
    # A copy of a deck in use also clashes with it, id by id: each clash is named.
    assert f"{bad}:{line}: entry 'lv-cha': id already used at fixtures/mini.toml:{line}" \
        in result.stderr
    assert result.stderr.endswith("error: 8 problems in 1 file\n")


def test_check_data_of_one_deck_sees_the_others_in_use(tmp_path, mini_data):
    """A learner's deck may relate to shipped entries; checked alone it still passes, and a
    form it shares with a shipped entry is reported."""
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[[entry]]\nid = "my-word"\nterm = "我的词"\npinyin = "wǒ de cí"\n'
        'meaning = "a word of mine"\nexplanation = "Mine."\norigin = "phrase"\n'
        'register = "neutral"\nlevel = 3\ntags = ["phrases"]\nrelated = ["yyds"]\n'
        '\n[[entry.examples]]\nzh = "这是我的词"\npinyin = "zhè shì wǒ de cí"\n'
        'en = "This is my word."\n', encoding="utf-8")
    result = run("check-data", str(mine))
    assert result.exit_code == 0, result.stderr
    mine.write_text(mine.read_text(encoding="utf-8").replace('term = "我的词"', 'term = "我的词"\n'
                                                             'aliases = ["YYDS"]'),
                    encoding="utf-8")
    result = run("check-data", str(mine))
    assert result.exit_code == 1
    assert "form 'YYDS' is also a form of 'yyds'" in result.stderr


@pytest.mark.parametrize("command", ["lookup", "list", "check-data"])
def test_help_for_every_command(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage: slangtutor " + command in result.output


def test_main_help_lists_only_real_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command, line in [
        ("lookup", "Find a slang term however you typed it and explain it."),
        ("list", "List the dataset's entries"),
        ("check-data", "Validate deck files with the rules the shipped decks pass."),
    ]:
        assert command in result.output and line in result.output
    listed = re.findall(r"^│ ([a-z][a-z-]+) {2,}", result.output, re.M)
    assert listed == ["lookup", "annotate", "quiz", "stats", "export", "list", "check-data"]


def test_version_credits_cc_cedict():
    lines = run("--version").output.splitlines()
    assert lines[0] == f"slangtutor {__version__}"
    assert "CC-CEDICT" in lines[1] and "CC BY-SA 4.0" in lines[1] and "MIT" in lines[1]


def test_annotate_help_credits_cc_cedict():
    assert "CC-CEDICT" in run("annotate", "--help").output


# -- the real program in a subprocess -------------------------------------------------------


def slangtutor(args, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "slangtutor", *args], capture_output=True,
                          env=env, timeout=60, **kwargs)


def test_python_m_help(subprocess_env):
    result = slangtutor(["--help"], subprocess_env)
    assert result.returncode == 0
    assert b"lookup" in result.stdout


def test_unknown_option_is_one_line(subprocess_env):
    result = slangtutor(["lookup", "--bogus", "yyds"], subprocess_env)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "error: No such option: --bogus (see 'slangtutor lookup --help')\n"
    )
    assert result.stdout == b""


def test_invalid_utf8_argument(subprocess_env):
    result = slangtutor([b"lookup", b"yy\xffds"], subprocess_env)
    assert result.returncode == 1
    assert result.stderr.decode() == "error: the query is not valid UTF-8\n"


def test_lookup_does_not_import_heavy_modules(subprocess_env):
    code = (
        "import sys\n"
        "from slangtutor.cli import main\n"
        "try:\n"
        "    main(['lookup', 'yyds'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "heavy = [m for m in ('jieba', 'pypinyin', 'genanki', 'fsrs', 'opencc') if m in sys.modules]\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
    )
    # The first run builds the index cache (and may use pypinyin for the aliases' readings);
    # every later run, the one users wait for, must import none of the heavy modules.
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                env=subprocess_env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().strip() == "heavy: []"


COLOUR = re.compile(rb"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8])[;m]")


def test_pipes_are_plain(subprocess_env):
    result = slangtutor(["lookup", "yyds"], subprocess_env)
    assert result.returncode == 0
    assert b"\x1b[" not in result.stdout


def test_colours_on_a_terminal_and_none_under_no_color(subprocess_env):
    env = dict(subprocess_env, FORCE_COLOR="1", TERM="xterm-256color")
    coloured = slangtutor(["lookup", "yyds"], env).stdout
    assert COLOUR.search(coloured)
    plain = slangtutor(["lookup", "yyds"], dict(env, NO_COLOR="1")).stdout
    assert not COLOUR.search(plain)
    scheme_none = slangtutor(["lookup", "--colors", "none", "yyds"], env).stdout
    assert b"\x1b[31m" not in scheme_none  # no tone colours at all


@pytest.mark.parametrize("command", ["", "lookup", "annotate", "quiz", "stats", "export", "list",
                                     "check-data"])
def test_help_is_plain_at_80_columns(command, monkeypatch):
    """No <bool>, <str>, <list[...]> or <int range> metavars, choice lists never broken
    mid-word, no docstring line breaks showing as short lines."""
    monkeypatch.setenv("COLUMNS", "80")
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    text = result.output
    for tag in ("<bool>", "<str>", "<int", "<list", "<path>", "<pleco"):
        assert tag not in text, tag
    cells = [piece.strip() for line in text.splitlines() for piece in line.split("│")]
    words = {w.strip(".,:;()") for cell in cells for w in cell.split()}
    if command in ("quiz", "export", "list"):
        from slangtutor.models import REGISTERS, TAGS

        broken = [value for value in (*TAGS, *REGISTERS) if value not in words]
        assert broken == [], "choices cut across lines"
    lines = text.splitlines()
    early = [line for line, following in zip(lines, lines[1:])
             if 0 < len(line.strip()) < 50 and following.strip()
             and not line.strip().startswith(("╭", "╰", "│", "Usage"))
             and not following.strip().startswith(("╭", "╰", "│"))]
    assert early == [], "a line break rich did not make"
