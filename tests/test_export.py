"""`slangtutor export`: every format, read back the way the target tool reads it.

The .apkg and the Anki CSV/TSV are imported into real collections with Anki's own library (PyPI
package `anki`), with the importer's default options.
"""

import csv
import errno
import html as htmllib
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from slangtutor import export
from slangtutor.cli import app
from slangtutor.errors import ExportError, RudeNotIncluded
from slangtutor.export import anki as anki_export
from slangtutor.export import html, markdown, pleco

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()
NOT_RUDE = ["fan-qiang", "yyds", "tang-ping", "666", "mao-shui", "fan-er-sai"]  # level order


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def deck_copy(tmp_path, monkeypatch):
    """A private copy of the test deck that a test may edit, used as SLANGTUTOR_DATA."""
    folder = tmp_path / "decks"
    folder.mkdir()
    shutil.copy(FIXTURES / "mini.toml", folder / "mini.toml")
    monkeypatch.setenv("SLANGTUTOR_DATA", str(folder))
    _reload()
    return folder / "mini.toml"


def _reload():
    from slangtutor import dataset

    dataset.load_entries.cache_clear()
    dataset.entries_by_id.cache_clear()


def edit_deck(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    _reload()


# -- Anki's own library --------------------------------------------------------------------------


@pytest.fixture
def collection(tmp_path):
    from anki.collection import Collection

    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col, path: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    # Default options, as Anki's import dialog offers them: update notes only when newer.
    request = ImportAnkiPackageRequest(package_path=str(path),
                                       options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def notes_by_term(col) -> dict:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note["Term"] if "Term" in note else note["Front"]: note for note in notes}


def test_apkg_opens_in_anki(tmp_path, mini_data, collection):
    target = tmp_path / "slang.apkg"
    result = run("export", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Wrote 6 entries to {target} (Anki deck).\n"
        "1 rude or vulgar entry left out (add --include-rude).\n"
        "In Anki: File > Import. Importing a newer export updates these notes and keeps your "
        "reviews.\n"
    )
    log = import_apkg(collection, target)
    assert len(log.new) == 6 and not log.updated and not log.duplicate
    assert collection.note_count() == 6
    assert collection.card_count() == 12  # recognition and recall for each note

    notetype = collection.models.by_name("slangtutor")
    assert notetype["id"] == anki_export.MODEL_ID
    assert [f["name"] for f in notetype["flds"]] == list(html.FIELD_NAMES)
    assert [t["name"] for t in notetype["tmpls"]] == [
        "Recognition (slang → meaning)", "Recall (meaning → slang)"]
    assert "Noto Sans CJK SC" in notetype["css"] and ".tone1" in notetype["css"]
    assert collection.decks.by_name("Chinese internet slang (slangtutor)") is not None

    notes = notes_by_term(collection)
    assert sorted(notes) == sorted(["翻墙", "yyds", "躺平", "666", "猫税", "凡尔赛"])
    fan = notes["翻墙"]
    assert fan.guid == anki_export.note_guid("fan-qiang")
    assert fan["Traditional"] == "翻牆"
    assert fan["Pinyin"] == '<span class="tone1">fān</span> <span class="tone2">qiáng</span>'
    assert fan["Meaning"] == "climb the wall: get past the Great Firewall with a VPN"
    assert fan["Origin"] == "semantic-shift of 防火墙 the Great Firewall"
    assert fan["Examples"].startswith(
        '<div class="example"><div class="zh" lang="zh-Hans">你们美国人要<b>翻墙</b>吗？</div>')
    assert fan.tags == ["censorship"]
    assert notes["猫税"].tags == ["ground-rules", "rednote"]
    assert notes["yyds"]["Pinyin"].count('class="tone') == 4

    # The cards render: the question shows the term, the answer the meaning.
    card = collection.get_card(fan.card_ids()[0])
    assert "翻墙" in card.question() and "VPN" not in card.question().split("</style>")[-1]
    assert "climb the wall" in card.answer()
    recall = collection.get_card(fan.card_ids()[1])
    assert "climb the wall" in recall.question() and "翻墙" in recall.answer()


def test_include_rude_adds_a_warning_and_tag(tmp_path, mini_data, collection):
    target = tmp_path / "all.apkg"
    assert run("export", "--include-rude", target).exit_code == 0
    import_apkg(collection, target)
    note = notes_by_term(collection)["绿茶"]
    assert note.tags == ["relationships", "rude"]
    assert "⚠ rude: offensive" in note["Register"]


def test_reexport_after_a_change_updates_and_never_duplicates(tmp_path, deck_copy, collection):
    target = tmp_path / "slang.apkg"
    assert run("export", target).exit_code == 0
    first = import_apkg(collection, target)
    assert len(first.new) == 6

    # Unchanged dataset: importing again changes nothing.
    assert run("export", "--force", target).exit_code == 0
    again = import_apkg(collection, target)
    assert (len(again.new), len(again.updated), len(again.duplicate)) == (0, 0, 6)

    # One entry changes (within the same second, even): only its note is updated.
    before = {t: n.mod for t, n in notes_by_term(collection).items()}
    edit_deck(deck_copy, 'meaning = "lie flat: opt out of the rat race"',
              'meaning = "lie flat: quietly refuse the rat race"')
    assert run("export", "--force", target).exit_code == 0
    changed = import_apkg(collection, target)
    assert (len(changed.new), len(changed.updated), len(changed.duplicate)) == (0, 1, 5)
    assert collection.note_count() == 6 and collection.card_count() == 12
    notes = notes_by_term(collection)
    assert notes["躺平"]["Meaning"] == "lie flat: quietly refuse the rat race"
    assert notes["躺平"].mod > before["躺平"]
    assert {t: n.mod for t, n in notes.items() if t != "躺平"} == {
        t: m for t, m in before.items() if t != "躺平"}

    # A new entry arrives as a new note beside the old ones.
    edit_deck(deck_copy, 'id = "666"', 'id = "six-six-six"')
    assert run("export", "--force", target).exit_code == 0
    renamed = import_apkg(collection, target)
    assert len(renamed.new) == 1 and collection.note_count() == 7


def test_stamps_survive_a_lost_history(tmp_path, mini_data, collection, isolated_home):
    """Without the remembered note times (another machine), a re-import updates, never dupes."""
    target = tmp_path / "slang.apkg"
    assert run("export", target).exit_code == 0
    import_apkg(collection, target)
    (isolated_home / anki_export.STAMPS_FILE).unlink()
    assert run("export", "--force", target).exit_code == 0
    log = import_apkg(collection, target)
    assert len(log.new) == 0 and collection.note_count() == 6


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 2_000_000_000)), max_size=20))
def test_note_times_only_move_forward(steps):
    previous = None
    for digest, now in steps:
        stamp = anki_export.stamp_for(previous, digest, now)
        if previous is not None:
            if previous[0] == digest:
                assert stamp == previous[1]
            else:
                assert stamp > previous[1]
        previous = (digest, stamp)


# -- Anki CSV / TSV ------------------------------------------------------------------------------


def read_headers(path: Path) -> dict[str, str]:
    """The `#key:value` lines at the top, as Anki's importer reads them."""
    headers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        headers[key] = value
    return headers


@pytest.mark.parametrize("name, separator", [("slang.csv", "comma"), ("slang.tsv", "tab")])
def test_anki_text_headers(tmp_path, mini_data, name, separator):
    target = tmp_path / name
    result = run("export", target)
    assert result.exit_code == 0, result.output
    headers = read_headers(target)
    assert headers["separator"] == separator
    assert headers["html"] == "true"
    assert headers["notetype"] == "slangtutor"
    assert headers["deck"] == "Chinese internet slang (slangtutor)"
    assert headers["guid column"] == "14" and headers["tags column"] == "15"
    delimiter = "," if separator == "comma" else "\t"
    columns = next(csv.reader([headers["columns"]], delimiter=delimiter))
    assert columns == ["Front", "Back", *html.FIELD_NAMES, "GUID", "Anki tags"]
    body = [line for line in target.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")]
    rows = list(csv.reader(body, delimiter=delimiter))
    assert len(rows) == 6 and all(len(row) == len(columns) for row in rows)
    assert rows[0][columns.index("GUID")] == anki_export.note_guid("fan-qiang")
    assert rows[0][columns.index("Anki tags")] == "censorship"


@pytest.mark.parametrize("name", ["slang.csv", "slang.tsv"])
def test_anki_text_imports_into_a_new_collection(tmp_path, mini_data, collection, name):
    """No slangtutor note type yet: Anki falls back to Basic and fills Front and Back."""
    from anki.collection import ImportCsvRequest

    target = tmp_path / name
    assert run("export", target).exit_code == 0
    metadata = collection.get_csv_metadata(str(target), None)
    assert metadata.is_html and metadata.guid_column == 14 and metadata.tags_column == 15
    assert metadata.deck_name == "Chinese internet slang (slangtutor)"
    log = collection.import_csv(ImportCsvRequest(path=str(target), metadata=metadata)).log
    assert len(log.new) == 6
    notes = notes_by_term(collection)
    front = '<div class="term" lang="zh-Hans">翻墙</div><div class="traditional" lang="zh-Hant">翻牆</div>'
    note = notes[front]
    assert note.note_type()["name"] == "Basic"
    assert "climb the wall" in note["Back"] and 'style="color:#e30000">fān</span>' in note["Back"]
    assert note.tags == ["censorship"]
    assert note.guid == anki_export.note_guid("fan-qiang")


def test_anki_csv_updates_the_apkg_notes(tmp_path, deck_copy, collection):
    """With the note type from the .apkg, the CSV maps field by field onto the same notes."""
    from anki.collection import ImportCsvRequest

    assert run("export", tmp_path / "slang.apkg").exit_code == 0
    import_apkg(collection, tmp_path / "slang.apkg")
    edit_deck(deck_copy, 'meaning = "humblebragging"', 'meaning = "humblebragging, Versailles style"')
    target = tmp_path / "slang.csv"
    assert run("export", target).exit_code == 0
    metadata = collection.get_csv_metadata(str(target), None)
    assert metadata.global_notetype.id == anki_export.MODEL_ID
    log = collection.import_csv(ImportCsvRequest(path=str(target), metadata=metadata)).log
    assert not log.new
    assert collection.note_count() == 6
    note = notes_by_term(collection)["凡尔赛"]
    assert note["Meaning"] == "humblebragging, Versailles style"
    assert note["Traditional"] == "凡爾賽"


# -- Quizlet, Pleco, Markdown, JSON --------------------------------------------------------------


def test_quizlet(tmp_path, mini_data):
    target = tmp_path / "quizlet.txt"
    result = run("export", "--format", "quizlet", "--tag", "censorship", "--tag", "numbers", target)
    assert result.exit_code == 0, result.output
    assert "(Quizlet import text)" in result.stdout
    assert target.read_text(encoding="utf-8") == (
        "翻墙 (翻牆)\tfān qiáng — climb the wall: get past the Great Firewall with a VPN\n"
        "666\tliù liù liù — awesome, nicely done\n"
    )


def test_pleco(tmp_path, mini_data):
    target = tmp_path / "pleco.txt"
    result = run("export", "--include-rude", "--level", "1", target)
    assert result.exit_code == 0, result.output
    nl = pleco.PLECO_NEWLINE
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[:4] == [
        "//slangtutor/censorship",
        "翻墙[翻牆]\tfan1qiang2\tclimb the wall: get past the Great Firewall with a VPN"
        f"{nl}Said of using a VPN to reach sites blocked in mainland China. Everyday talk, but "
        f"people keep it vague in public posts.{nl}你们美国人要翻墙吗？ nǐ men měi guó rén yào "
        "fān qiáng ma? — Do you Americans need a VPN too?",
        "//slangtutor/abbreviations",
        "yyds\tyong3yuan3de5shen2\tthe GOAT, forever a god"
        f"{nl}Praise for anything great. Very common and friendly.{nl}这家火锅yyds！ zhè jiā "
        "huǒ guō yyds! — This hotpot place is the GOAT!",
    ]
    assert "猫税[貓稅]\tmao1shui4\t" in target.read_text(encoding="utf-8")
    assert all(line.startswith("//") or line.count("\t") == 2 for line in lines)


def test_pleco_rude_definition_says_so(mini_data):
    entry = next(e for e in _entries() if e.id == "lv-cha")
    assert pleco.definition(entry).startswith(
        "green tea: a woman who acts innocent to manipulate men (RUDE: offensive")
    assert pleco.numbered_pinyin("lǜ chá") == "lü4cha2"


def _entries():
    from slangtutor import dataset

    return dataset.load_entries()


def test_markdown_sheet(tmp_path, mini_data):
    target = tmp_path / "sheet.md"
    result = run("export", "--tag", "rednote", "--tag", "memes", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (
        "# Chinese internet slang\n"
        "\n"
        "2 entries, grouped by topic. Made with slangtutor 0.1.0.\n"
        "\n"
        "- [Memes](#tag-memes) (1)\n"
        "- [RedNote](#tag-rednote) (1)\n"
        "\n"
        '<a id="tag-memes"></a>\n'
        "\n"
        "## Memes\n"
        "\n"
        "- **凡尔赛** (凡爾賽) · *fán ěr sài* — humblebragging\n"
        "  > 又在凡尔赛了  \n"
        "  > *yòu zài fán ěr sài le*  \n"
        "  > There you go humblebragging again.\n"
        "\n"
        '<a id="tag-rednote"></a>\n'
        "\n"
        "## RedNote\n"
        "\n"
        "- **猫税** (貓稅) · *māo shuì* — cat tax: a photo of your cat as the price of entry\n"
        "  > 新来的先交猫税🐱  \n"
        "  > *xīn lái de xiān jiāo māo shuì*  \n"
        "  > Newbies pay the cat tax first\n"
        "\n"
        "  Also under: ground-rules\n"
    )


@pytest.mark.parametrize("text, escaped", [
    ("a*b_c", r"a\*b\_c"),       # emphasis markers
    ("# 话题", r"\# 话题"),        # would be a heading at the start of a line
    ("1. first", r"1\. first"),   # would be a numbered list
    ("a|b [x]", r"a\|b \[x\]"),   # table cell and link brackets
    ("躺平  了\n", "躺平 了"),       # whitespace runs collapse
])
def test_markdown_escape(text, escaped):
    assert markdown.escape(text) == escaped


def test_json_matches_list_json(tmp_path, mini_data):
    target = tmp_path / "slang.json"
    assert run("export", "--include-rude", target).exit_code == 0
    exported = json.loads(target.read_text(encoding="utf-8"))
    listed = json.loads(run("list", "--json").stdout)
    assert sorted(e["id"] for e in exported) == sorted(e["id"] for e in listed)
    assert [e["id"] for e in exported][:2] == ["fan-qiang", "yyds"]


def test_stdout_carries_only_the_export(mini_data):
    result = run("export", "-", "--format", "json", "--limit", "2")
    assert result.exit_code == 0
    assert [e["id"] for e in json.loads(result.stdout)] == ["fan-qiang", "yyds"]
    assert result.stderr == (
        "Wrote 2 entries to stdout (JSON).\n"
        "1 rude or vulgar entry left out (add --include-rude).\n"
    )


# -- choosing format and entries -----------------------------------------------------------------


@pytest.mark.parametrize("name, fmt", [
    ("a.apkg", "anki"), ("a.CSV", "csv"), ("a.tsv", "tsv"), ("a.txt", "pleco"),
    ("a.md", "markdown"), ("a.markdown", "markdown"), ("dir.v2/a.json", "json"),
])
def test_format_from_extension(name, fmt):
    assert export.format_for(name) == fmt
    assert export.format_for(name, fmt) == fmt  # the same format named twice is fine


def test_unknown_extension_is_one_line(tmp_path, mini_data):
    result = run("export", tmp_path / "slang.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cannot tell the format from 'slang.docx' ('.docx'): use .apkg, .csv, .tsv, "
        ".txt (Pleco), .md or .json, or --format\n")
    assert run("export", "-").stderr == "error: writing to stdout ('-') needs --format\n"
    assert run("export", "--format", "word", "x").exit_code == 2


def test_filters_and_limit(mini_data):
    entries = _entries()
    assert [e.id for e in export.select(entries).entries] == NOT_RUDE
    assert [e.id for e in export.select(entries, limit=3).entries] == NOT_RUDE[:3]
    assert [e.id for e in export.select(entries, level=1, origins={"number", "loanword"})
            .entries] == ["666", "mao-shui"]
    chosen = export.select(entries, tags={"relationships"}, include_rude=True)
    assert [e.id for e in chosen.entries] == ["lv-cha"] and chosen.rude_left_out == 0
    with pytest.raises(ExportError, match=r"^no entries match these filters \(1 rude or vulgar "
                       r"left out; add --include-rude\)$"):
        export.select(entries, tags={"relationships"})
    with pytest.raises(RudeNotIncluded, match="^--register rude: rude and vulgar entries are "
                       "included only with --include-rude$"):
        export.select(entries, registers={"rude"})


def test_nothing_to_export_writes_nothing(out, mini_data):
    result = run("export", "--tag", "fandom", out / "x.apkg")
    assert result.exit_code == 1
    assert result.stderr == "error: no entries match these filters\n"
    assert list(out.iterdir()) == []


# -- writing safely ------------------------------------------------------------------------------


@pytest.fixture
def out(tmp_path):
    """An empty folder for exports (tmp_path also holds SLANGTUTOR_HOME)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_never_overwrites_without_force(out, mini_data):
    target = out / "slang.md"
    target.write_text("my notes", encoding="utf-8")
    result = run("export", target)
    assert result.exit_code == 1
    assert result.stderr == f"error: {target} already exists; add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "my notes"
    assert run("export", "--force", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Chinese internet slang")
    assert sorted(p.name for p in out.iterdir()) == ["slang.md"]


def test_bad_paths_are_one_line(tmp_path, mini_data):
    missing = tmp_path / "nowhere" / "slang.apkg"
    result = run("export", missing)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot write {missing}: the folder {missing.parent} does not exist\n")
    result = run("export", "--format", "anki", tmp_path)
    assert result.stderr == (
        f"error: {tmp_path} is a folder; give a file name, such as {tmp_path / 'slang.apkg'}\n")


def test_unwritable_folder(tmp_path, mini_data):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if _writable(folder):  # root may write anywhere; sysfs refuses even root new files
            folder = Path("/sys")
            if not folder.is_dir() or _writable(folder):
                pytest.skip("no folder this user cannot write to")
        result = run("export", folder / "slang.csv")
        assert result.exit_code == 1
        assert result.stderr == f"error: cannot write {folder / 'slang.csv'}: permission denied\n"
        assert not (folder / "slang.csv").exists()
    finally:
        (tmp_path / "locked").chmod(0o700)


def _writable(folder: Path) -> bool:
    try:
        (folder / ".probe").touch()
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


def test_full_disk_leaves_no_partial_file(out, mini_data, monkeypatch):
    target = out / "slang.apkg"
    target.write_bytes(b"the old export")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", full)
    result = run("export", "--force", target)
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {target}: the disk is full\n"
    assert target.read_bytes() == b"the old export"
    assert sorted(p.name for p in out.iterdir()) == ["slang.apkg"]


def test_file_appearing_while_writing_is_not_replaced(tmp_path):
    target = tmp_path / "race.json"
    real_fsync = export.os.fsync

    def someone_else_writes(fd):
        real_fsync(fd)
        target.write_text("theirs")

    import unittest.mock

    with unittest.mock.patch.object(export.os, "fsync", someone_else_writes):
        with pytest.raises(ExportError, match="already exists; add --force"):
            export.write_atomic(target, b"ours")
    assert target.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["race.json"]


# -- HTML pieces ---------------------------------------------------------------------------------


@given(st.text(max_size=40))
def test_pinyin_html_keeps_the_text(text):
    for inline in (False, True):
        shown = re.sub(r"<[^>]+>", "", html.pinyin_html(text, "pleco", inline))
        assert htmllib.unescape(shown) == text


def test_pinyin_html_colours_by_tone():
    assert html.pinyin_html("mā ma!", "pleco") == (
        '<span class="tone1">mā</span> <span class="tone5">ma</span>!')
    assert html.pinyin_html("lǜ", "hanping", inline=True) == (
        '<span style="color:#e30000">lǜ</span>')
    assert html.pinyin_html("lǜ <b>", "none") == "lǜ &lt;b&gt;"


def test_examples_bold_the_term_and_escape(mini_data):
    entry = next(e for e in _entries() if e.id == "yyds")
    assert html.highlight_forms("YYDS & 永远的神", entry) == "<b>YYDS</b> &amp; <b>永远的神</b>"


def test_help():
    result = run("export", "--help")
    assert result.exit_code == 0
    out = result.output
    assert "Usage: slangtutor export [OPTIONS] FILE" in re.sub(r"[{}]", "", out)
    for option in ("--format", "--tag", "--register", "--origin", "--level", "--include-rude",
                   "--limit", "--deck", "--colors", "--force", "--due", "--weak"):
        assert option in out
    assert "Export entries as flashcards" in run("--help").output


def test_due_and_weak_come_from_quiz_progress(tmp_path, mini_data):
    from datetime import datetime, timedelta, timezone

    from slangtutor import progress

    result = run("export", str(tmp_path / "none.json"), "--due")
    assert result.exit_code == 1
    assert result.stderr == "error: no quiz progress yet: --due needs 'slangtutor quiz' first\n"

    an_hour_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    with progress.Store.open() as store:
        store.record("tang-ping", 1, an_hour_ago, mode="choice", verdict="wrong")  # Again
        store.record("yyds", 4, an_hour_ago, mode="choice", verdict="right")  # Easy: days away
        store.record("666", 3, an_hour_ago, mode="choice",
                     verdict="right")  # Good: due ten minutes later, still due now

    def exported(*flags):
        out = tmp_path / f"{'-'.join(flags)}.json"
        result = run("export", str(out), *flags)
        assert result.exit_code == 0, result.output
        return [entry["id"] for entry in json.loads(out.read_text(encoding="utf-8"))]

    assert exported("--due") == ["tang-ping", "666"]  # most overdue first
    assert exported("--weak") == ["tang-ping"]
    assert exported("--due", "--weak") == ["tang-ping", "666"]

    with progress.Store.open() as store:
        store.record("tang-ping", 4, datetime.now(timezone.utc), mode="choice", verdict="right")
        store.record("666", 4, datetime.now(timezone.utc), mode="choice", verdict="right")
    result = run("export", str(tmp_path / "later.json"), "--due")
    assert result.exit_code == 1
    assert result.stderr == "error: no cards are due in your quiz progress\n"


@pytest.mark.parametrize("target, fmt, ok", [
    ("notes.csv", "anki", False),     # an Anki package called .csv
    ("deck.apkg", "csv", False),
    ("cards.txt", "anki", False),
    ("deck", "anki", False),
    ("deck.apkg", "anki", True),
    ("cards.txt", "quizlet", True),   # Quizlet's import is plain text
    ("cards.txt", "tsv", True),
    ("sheet.md", "markdown", True),
    ("dump.data", "json", True),      # an extension that names no format: --format decides
])
def test_extension_that_contradicts_format_is_refused(target, fmt, ok):
    if ok:
        assert export.format_for(target, fmt) == fmt
    else:
        with pytest.raises(ExportError, match="apkg|--format"):
            export.format_for(target, fmt)
