"""The standing fault suite: the real program in a subprocess, under the faults users meet.

Full disks (/dev/full), closed descriptors, encodings that cannot show Chinese, readers that go
away, endless and binary input, damaged caches and databases, kills at random points, things
in the way of a file. Every case: a one-line message on stderr (never a traceback), the exit
code the README documents, bounded memory and time, and nothing claimed that did not happen.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"
MEMORY_LIMIT = 2 << 30  # address space for one run: endless input must not need more
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def env(cli_env):
    return cli_env  # conftest: the test home and deck, the session's index, 80 columns


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(args, env, *, stdin=None, stdout=subprocess.PIPE, shell_redirect="", timeout=60,
        data=None):
    """Run slangtutor; `shell_redirect` (like '<&-') goes through bash to close descriptors."""
    if shell_redirect:
        command = " ".join([_quote(sys.executable), "-m", "slangtutor",
                            *map(_quote, args), shell_redirect])
        return subprocess.run(["bash", "-c", command], env=env, capture_output=True,
                              timeout=timeout, preexec_fn=_limit_memory)
    return subprocess.run([sys.executable, "-m", "slangtutor", *args], env=env, stdin=stdin,
                          stdout=stdout, stderr=subprocess.PIPE, input=data, timeout=timeout,
                          preexec_fn=_limit_memory)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(str(text))


def one_line_error(result, *words: str) -> str:
    """The run failed with exactly one message line on stderr, containing `words`."""
    message = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in message, message
    lines = [line for line in message.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, message
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def no_traceback(result) -> None:
    message = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in message and "Exception ignored" not in message, message


def deck_path() -> str:
    return str(FIXTURES / "mini.toml")


COMMANDS = [
    ["lookup", "yyds"],
    ["lookup", "--json", "yyds"],
    ["annotate", "这个视频我蚌埠住了"],
    ["list"],
    ["stats"],
    ["export", "-", "-f", "json"],
    ["check-data", str(FIXTURES / "mini.toml")],
    ["--help"],
]


# -- 1. a full disk on stdout ---------------------------------------------------------------

@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_full_disk_on_stdout(args, env):
    with open("/dev/full", "wb") as full:
        result = run(args, env, stdout=full)
    assert result.returncode == 1
    one_line_error(result, "no space left")


def test_full_disk_during_a_quiz_keeps_nothing_half_done(env, isolated_home):
    with open("/dev/full", "wb") as full:
        result = run(["quiz", "-n", "2", "--seed", "1"], env, stdout=full, data=b"1\n1\n")
    assert result.returncode == 1
    one_line_error(result, "no space left")
    # Whatever was answered before the output failed is in a sound progress file.
    stats = run(["stats", "--json"], env)
    assert stats.returncode == 0
    assert json.loads(stats.stdout)["reviews"] in (0, 1, 2)


# -- 2. an output encoding that cannot show Chinese --------------------------------------------

@pytest.mark.parametrize("args, encoding", [
    (["lookup", "yyds"], "ascii"), (["annotate", "好"], "ascii"), (["list"], "ascii"),
    (["lookup", "yyds"], "latin-1"), (["list"], "cp437"),
], ids=str)
def test_an_encoding_without_chinese_is_one_line(args, encoding, env):
    result = run(args, dict(env, PYTHONIOENCODING=encoding))
    assert result.returncode == 1
    one_line_error(result, "cannot show Chinese", "UTF-8")


@pytest.mark.parametrize("args", [["lookup", "--json", "yyds"], ["list", "--json"],
                                  ["stats", "--json"], ["annotate", "--json", "yyds 好"]],
                         ids=" ".join)
def test_json_is_the_same_json_in_any_encoding(args, env):
    plain = run(args, env)
    escaped = run(args, dict(env, PYTHONIOENCODING="ascii"))
    assert plain.returncode == escaped.returncode == 0
    no_traceback(escaped)
    escaped.stdout.decode("ascii")  # nothing the encoding cannot carry
    assert json.loads(escaped.stdout) == json.loads(plain.stdout)


def test_an_encoding_with_chinese_but_no_emoji_shows_the_rest(env):
    shipped = {key: value for key, value in env.items() if key != "SLANGTUTOR_DATA"}
    result = run(["lookup", "翻墙"], dict(shipped, PYTHONIOENCODING="gbk"))  # 🤔 in an example
    no_traceback(result)
    assert result.returncode == 0
    shown = result.stdout.decode("gbk")
    assert "翻墙看了一下" in shown and "fān qiáng" in shown


def test_messages_reach_an_ascii_stderr(env):
    result = run(["lookup", "不存在的词语"], dict(env, PYTHONIOENCODING="ascii"))
    assert result.returncode == 1
    one_line_error(result, "nothing found")


# -- 3. closed standard streams ------------------------------------------------------------------

def test_annotate_with_stdin_closed(env):
    result = run(["annotate"], env, shell_redirect="<&-")
    assert result.returncode == 1
    one_line_error(result, "standard input is closed", "--file")


def test_quiz_with_stdin_closed(env, isolated_home):
    result = run(["quiz", "-n", "1"], env, shell_redirect="<&-")
    assert result.returncode == 1
    one_line_error(result, "standard input is closed")
    assert not (isolated_home / "progress.sqlite3").exists()


@pytest.mark.parametrize("args", [["lookup", "--json", "yyds"], ["lookup", "yyds"], ["list"]],
                         ids=" ".join)
def test_stdout_closed_is_not_success(args, env):
    result = run(args, env, shell_redirect=">&-")
    assert result.returncode == 1
    one_line_error(result, "standard output is closed")


def test_stderr_closed_still_works(env):
    result = run(["lookup", "yyds"], env, shell_redirect="2>&-")
    assert result.returncode == 0
    assert "yyds" in result.stdout.decode()
    failed = run(["lookup", "不存在的词语"], env, shell_redirect="2>&-")
    assert failed.returncode == 1


def test_a_closed_stderr_never_lands_in_the_progress_file(env, isolated_home):
    """With descriptor 2 closed, the progress database must not open as descriptor 2, where
    a message would overwrite its pages."""
    result = run(["quiz", "-n", "1", "--seed", "1"], env, shell_redirect="2>&- <<< 1")
    assert result.returncode == 0
    with sqlite3.connect(isolated_home / "progress.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- 4, 17. homes and progress files that cannot be used ---------------------------------------

@pytest.mark.parametrize("args", [["stats"], ["quiz", "-n", "1"], ["export", "--due", "x.json"]],
                         ids=" ".join)
def test_a_folder_where_the_progress_file_goes(args, env, isolated_home, tmp_path):
    (isolated_home / "progress.sqlite3").mkdir(parents=True)
    result = run(args, env, data=b"1\n")
    assert result.returncode == 1
    one_line_error(result, "is a folder", "progress")


@pytest.mark.parametrize("args", [["stats"], ["quiz", "-n", "1"], ["lookup", "yyds"],
                                  ["annotate", "好"], ["export", "x.json"]], ids=" ".join)
def test_a_file_as_the_home(args, env, tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("x")
    result = run(args, dict(env, SLANGTUTOR_HOME=str(home)), data=b"1\n")
    assert result.returncode == 1
    one_line_error(result, "SLANGTUTOR_HOME", "is a file, not a folder")
    assert home.read_text() == "x"


def test_stats_in_a_home_that_does_not_exist_yet_creates_nothing(env, tmp_path):
    home = tmp_path / "fresh"
    result = run(["stats", "--json"], dict(env, SLANGTUTOR_HOME=str(home)))
    assert result.returncode == 0
    assert json.loads(result.stdout)["reviews"] == 0
    assert not (home / "progress.sqlite3").exists()


@pytest.mark.skipif(IS_ROOT, reason="root writes to read-only folders, so none can be made")
def test_a_read_only_home(env, tmp_path):
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o555)
    try:
        environment = dict(env, SLANGTUTOR_HOME=str(home))
        assert run(["stats"], environment).returncode == 0  # nothing to read is no error
        result = run(["quiz", "-n", "1"], environment, data=b"1\n")
        assert result.returncode == 1
        one_line_error(result, "SLANGTUTOR_HOME")
    finally:
        home.chmod(0o755)


@pytest.mark.skipif(IS_ROOT, reason="root reads unreadable folders")
def test_an_unreadable_data_folder_is_named(env, tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    shutil.copy(FIXTURES / "mini.toml", folder)
    folder.chmod(0)
    try:
        result = run(["lookup", "yyds"], dict(env, SLANGTUTOR_DATA=str(folder)))
        assert result.returncode == 1
        one_line_error(result, "cannot read", str(folder))
    finally:
        folder.chmod(0o755)


# -- 5, 6. quiz answers that are not text, and endless input -------------------------------------

def test_an_answer_that_is_not_utf8_is_asked_again(env, isolated_home):
    result = run(["quiz", "-n", "2", "--seed", "1", "-m", "choice"], env, data=b"1\n\xff\n1\n")
    assert result.returncode == 0
    no_traceback(result)
    assert "not valid UTF-8" in result.stdout.decode()
    with sqlite3.connect(isolated_home / "progress.sqlite3") as conn:
        answers = [row[0] for row in conn.execute("SELECT answer FROM reviews ORDER BY id")]
    assert answers == ["1", "1"]  # the bad line was never graded or stored


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom"])
def test_quiz_on_endless_input_stops(source, env, isolated_home):
    with open(source, "rb") as stream:
        started = time.monotonic()
        result = run(["quiz", "-n", "2", "--seed", "1"], env, stdin=stream, timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode in (0, 1)
    no_traceback(result)


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom"])
def test_check_data_on_a_device(source, env):
    result = run(["check-data", source], env, timeout=30)
    assert result.returncode == 1
    assert "not a regular file" in result.stderr.decode()
    no_traceback(result)


def test_check_data_on_a_fifo_does_not_wait(env, tmp_path):
    fifo = tmp_path / "deck.toml"
    os.mkfifo(fifo)
    result = run(["check-data", str(fifo)], env, timeout=30)
    assert result.returncode == 1
    assert "not a regular file" in result.stderr.decode()


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom"])
def test_annotate_on_binary_input(source, env):
    with open(source, "rb") as stream:
        result = run(["annotate", "--json"], env, stdin=stream, timeout=60)
    assert result.returncode == 1
    one_line_error(result, "stdin")


def test_check_data_on_a_huge_file(env, tmp_path):
    deck = tmp_path / "huge.toml"
    with deck.open("wb") as handle:
        handle.truncate(40 << 20)  # sparse: 40 MB of NUL bytes
    result = run(["check-data", str(deck)], env)
    assert result.returncode == 1
    assert "larger than" in result.stderr.decode()


# -- 7, 20. decks that are not what they seem ----------------------------------------------------

@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_toml(depth, env, tmp_path):
    deck = tmp_path / "deep.toml"
    deck.write_text("a = " + "[" * depth + "]" * depth + "\n")
    result = run(["check-data", str(deck)], env)
    assert result.returncode == 1
    no_traceback(result)
    assert "deep.toml" in result.stderr.decode()


def test_a_byte_order_mark_is_accepted(env, tmp_path):
    deck = tmp_path / "bom.toml"
    deck.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "mini.toml").read_bytes())
    result = run(["check-data", str(deck)], dict(env, SLANGTUTOR_DATA=str(tmp_path / "none")))
    no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()


@pytest.mark.parametrize("hidden, code", [("\\u0000", "U+0000"), ("\\u202e", "U+202E"),
                                          ("\\u200b", "U+200B"), ("\\u001b", "U+001B")])
def test_hidden_characters_in_a_term_are_refused(hidden, code, env, tmp_path):
    text = (FIXTURES / "mini.toml").read_text(encoding="utf-8")
    deck = tmp_path / "decks" / "mine.toml"
    deck.parent.mkdir()
    deck.write_text(text.replace('term = "yyds"', f'term = "yy{hidden}ds"', 1), encoding="utf-8")
    result = run(["check-data", str(deck)], dict(env, SLANGTUTOR_DATA=str(tmp_path / "none")))
    assert result.returncode == 1
    assert code in result.stderr.decode()
    # A deck in use with such a term is refused too, so list never prints it raw.
    listed = run(["list"], dict(env, SLANGTUTOR_DATA=str(deck.parent)))
    assert listed.returncode == 1
    assert "\x00" not in listed.stdout.decode() and code in listed.stderr.decode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_deck_bytes_give_problems_not_exceptions(tmp_path, raw):
    from slangtutor import dataset
    from slangtutor.errors import DataError

    deck = tmp_path / "any.toml"
    deck.write_bytes(raw)
    try:
        dataset.read_decks([deck])
    except DataError as error:
        assert error.problems and all("\n" not in p for p in error.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=6000))
def test_any_answer_bytes_are_read_or_refused(raw):
    import io

    from rich.console import Console

    from slangtutor.quiz_ui import LineReader

    class Stream:
        buffer = io.BytesIO(raw)

    reader = LineReader(Console(file=io.StringIO()), interactive=False, stream=Stream())
    answers = []
    try:
        while True:
            answers.append(reader("> "))
    except EOFError:
        pass
    for answer in answers:
        assert "\x00" not in answer and len(answer.encode()) <= 4096
        answer.encode("utf-8")  # valid text, never smuggled bytes


# -- 8, 9, 10. exports that cannot be written as asked --------------------------------------------

def test_a_file_name_too_long(env, tmp_path):
    result = run(["export", str(tmp_path / ("a" * 300 + ".json"))], env)
    assert result.returncode == 1
    one_line_error(result, "too long")


def test_a_long_but_legal_file_name(env, tmp_path):
    target = tmp_path / ("b" * 250 + ".json")
    result = run(["export", str(target)], env)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(target.read_text(encoding="utf-8"))


def test_export_never_replaces_a_fifo(env, tmp_path):
    fifo = tmp_path / "cards.json"
    os.mkfifo(fifo)
    result = run(["export", str(fifo), "--force"], env)
    assert result.returncode == 1
    one_line_error(result, "not a regular file")
    assert fifo.is_fifo()


def test_export_never_replaces_a_symlink(env, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("mine")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run(["export", str(link), "--force"], env)
    assert result.returncode == 1
    one_line_error(result, "symbolic link")
    assert link.is_symlink() and real.read_text() == "mine"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_export_never_replaces_a_device(device, env):
    before = os.stat(device)
    result = run(["export", device, "-f", "json", "--force"], env)
    assert result.returncode == 1
    one_line_error(result, "not a regular file")
    after = os.stat(device)
    assert (after.st_mode, after.st_rdev, after.st_ino) == (before.st_mode, before.st_rdev,
                                                            before.st_ino)


def test_an_export_cut_off_by_its_reader_is_not_success(env):
    shipped = {key: value for key, value in env.items() if key != "SLANGTUTOR_DATA"}  # > 1 MB
    process = subprocess.Popen([sys.executable, "-m", "slangtutor", "export", "-", "-f", "json"],
                               env=shipped, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(1000)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Wrote" not in stderr and "cut off" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("args", [["list"], ["lookup", "yyds"], ["annotate", "yyds 好"],
                                  ["--help"]], ids=" ".join)
def test_a_reader_that_goes_away_ends_quietly(args, env):
    process = subprocess.Popen([sys.executable, "-m", "slangtutor", *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 1)  # 0 when all of it fitted in the pipe
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


# -- 11, 12, 19. the progress file: kills, damage, emptiness, backups --------------------------

def _answers(env) -> int:
    result = run(["stats", "--json"], env)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)["reviews"]


def _quiz_killed_after(env, answers: int) -> None:
    """A quiz that answers `answers` cards and is then killed with -9, mid-session."""
    process = subprocess.Popen([sys.executable, "-m", "slangtutor", "quiz", "-n", "5", "--seed",
                                "1", "-m", "choice"], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(b"1\n" * answers)
    process.stdin.flush()
    deadline = time.monotonic() + 30
    seen = b""
    while seen.count(b"next review") < answers and time.monotonic() < deadline:
        seen += os.read(process.stdout.fileno(), 65536)
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def test_answers_survive_a_kill_and_a_lost_wal(env, isolated_home):
    _quiz_killed_after(env, 3)
    wal = isolated_home / "progress.sqlite3-wal"
    if wal.exists():
        with wal.open("r+b") as handle:
            handle.write(b"\xde\xad\xbe\xef" * 8)  # the -wal's header, damaged
    assert _answers(env) == 3
    if wal.exists():
        wal.unlink()
    (isolated_home / "progress.sqlite3-shm").unlink(missing_ok=True)
    assert _answers(env) == 3


def test_a_finished_session_is_in_the_main_file(env, isolated_home):
    result = run(["quiz", "-n", "2", "--seed", "1", "-m", "choice"], env, data=b"1\n1\n")
    assert result.returncode == 0
    assert not (isolated_home / "progress.sqlite3-wal").exists() or \
        (isolated_home / "progress.sqlite3-wal").stat().st_size == 0
    conn = sqlite3.connect(f"file:{isolated_home / 'progress.sqlite3'}?mode=ro&immutable=1",
                           uri=True)
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 2


def _damage_table(path: Path, table: str) -> None:
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (table,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size + 8)
        handle.write(b"\xff" * 64)


@pytest.mark.parametrize("table", ["reviews", "cards"])
def test_damaged_pages_are_found_before_a_session_and_reset_works(table, env, isolated_home):
    db = isolated_home / "progress.sqlite3"
    assert run(["quiz", "-n", "2", "--seed", "1", "-m", "choice"], env,
               data=b"1\n1\n").returncode == 0
    _damage_table(db, table)
    damaged = db.read_bytes()
    for args in (["quiz", "-n", "1"], ["stats"]):
        result = run(args, env, data=b"1\n")
        assert result.returncode == 1
        one_line_error(result, "damaged", "--reset-corrupt")
        assert db.read_bytes() == damaged  # untouched
    reset = run(["quiz", "-n", "1", "--seed", "2", "-m", "choice", "--reset-corrupt"], env,
                data=b"1\n")
    assert reset.returncode == 0, reset.stderr.decode()
    assert "restored the backup" in reset.stderr.decode()
    moved = list(isolated_home.glob("progress.sqlite3.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == damaged
    assert _answers(env) == 3  # the two from the backup and the new one


def test_an_empty_progress_file_is_never_started_over(env, isolated_home):
    db = isolated_home / "progress.sqlite3"
    isolated_home.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"")
    for args in (["stats"], ["quiz", "-n", "1"]):
        result = run(args, env, data=b"1\n")
        assert result.returncode == 1
        one_line_error(result, "empty", "--reset-corrupt")
        assert db.exists() and db.stat().st_size == 0
    reset = run(["quiz", "-n", "1", "--reset-corrupt"], env, data=b"1\n")
    assert reset.returncode == 0
    assert list(isolated_home.glob("progress.sqlite3.corrupt-*"))


def test_backups_are_kept_and_checked(env, isolated_home):
    from slangtutor import progress

    sessions = progress.KEEP_BACKUPS + 1  # the test deck has cards for six sessions
    for seed in range(sessions):
        result = run(["quiz", "-n", "1", "--seed", str(seed), "-m", "choice"], env, data=b"1\n")
        assert result.returncode == 0
    kept = sorted((isolated_home / "backups").glob("progress-*.sqlite3"))
    assert len(kept) == progress.KEEP_BACKUPS
    with sqlite3.connect(kept[-1]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == sessions


@pytest.mark.parametrize("seed", range(2))
def test_kills_at_random_points_lose_no_committed_answer(seed, env, isolated_home):
    rng = random.Random(seed)
    done = 0
    for _ in range(3):
        answers = rng.randint(1, 3)
        _quiz_killed_after(env, answers)
        done += answers
        assert _answers(env) == done
    with sqlite3.connect(isolated_home / "progress.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- 13, 19. caches that were changed behind slangtutor's back ----------------------------------

def test_bit_flips_in_the_entry_store_never_change_answers(env, isolated_home):
    reference = run(["list", "--json"], env)
    assert reference.returncode == 0
    (store,) = (isolated_home / "cache").glob("entries-*.sqlite3")
    original = store.read_bytes()
    rng = random.Random(13)
    for _ in range(12):
        damaged = bytearray(original)
        for _ in range(rng.choice([1, 1, 8])):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        store.write_bytes(bytes(damaged))
        result = run(["list", "--json"], env)
        no_traceback(result)
        assert result.returncode == 0
        assert result.stdout == reference.stdout
        notes = [line for line in result.stderr.decode().splitlines() if line.strip()]
        assert len(notes) <= 1


def test_a_deck_edited_with_its_size_and_time_kept(env, tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    deck = folder / "mini.toml"
    shutil.copy(FIXTURES / "mini.toml", deck)
    environment = dict(env, SLANGTUTOR_DATA=str(folder))
    before = json.loads(run(["lookup", "--json", "yyds"], environment).stdout)
    text = deck.read_text(encoding="utf-8")
    meaning = before["results"][0]["meaning"]
    changed = "X" + meaning[1:]
    stat = deck.stat()
    deck.write_text(text.replace(meaning, changed, 1), encoding="utf-8")
    os.utime(deck, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert deck.stat().st_size == stat.st_size
    after = json.loads(run(["lookup", "--json", "yyds"], environment).stdout)
    assert after["results"][0]["meaning"] == changed


# -- 15. the Anki note times, tampered with ---------------------------------------------------

TAMPERED = [
    '{"notes": {"x": ["abc", ' + "9" * 4000 + ']}, "notetype": null}',
    '{"notes": {"x": ["abc", ' + "9" * 5000 + ']}}',
    "[" * 100_000 + "]" * 100_000,
    '{"notes": [1, 2, 3], "notetype": ["a", -5]}',
    "\udcff\udcfe garbage",
]


def test_tampered_note_times(env, isolated_home, tmp_path):
    first = run(["export", str(tmp_path / "first.apkg")], env)
    assert first.returncode == 0
    stamps = isolated_home / "anki-note-times.json"
    for number, content in enumerate(TAMPERED):
        stamps.write_text(content, encoding="utf-8", errors="surrogateescape")
        result = run(["export", str(tmp_path / f"{number}.apkg")], env)
        no_traceback(result)
        assert result.returncode == 0
        assert "damaged" in result.stderr.decode(), content[:40]
    again = run(["export", str(tmp_path / "again.apkg")], env)
    assert again.returncode == 0 and "damaged" not in again.stderr.decode()


# -- 16. widths that are not widths -------------------------------------------------------------

@pytest.mark.parametrize("columns", ["0", "1", "abc"])
def test_unusable_columns_still_show_the_entry(columns, env):
    result = run(["lookup", "yyds"], dict(env, COLUMNS=columns))
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "yyds" in out and "yǒng" in out
    assert max(len(line) for line in out.splitlines()) >= 20


# -- queries and arguments ----------------------------------------------------------------------

@pytest.mark.parametrize("query", ["yyds\n", "\tyyds ", "yyds\r\n"])
def test_white_space_around_a_query_is_not_a_control_character(query, env):
    result = run(["lookup", query], env)
    assert result.returncode == 0, result.stderr.decode()


def test_an_unexpected_failure_is_one_line(env, tmp_path):
    """The last line of defence: a failure no part expected (here a deck folder that is a
    file's parent gone strange) still gives one line and exit code 70 or 1, no traceback."""
    result = run(["lookup", "yyds"], dict(env, SLANGTUTOR_DATA=str(tmp_path / "x" / "y")))
    no_traceback(result)
    assert result.returncode in (1, 70)


# -- 14, 18. the dictionary index and its memo ---------------------------------------------------

LINES = "我买了很多东西\n这个视频我蚌埠住了\n他长得好帅，说得对\n"


def test_a_damaged_dictionary_index_is_never_trusted(env, lexicon_dir, tmp_path):
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir, folder)
    environment = dict(env, SLANGTUTOR_LEXICON_DIR=str(folder))
    reference = run(["annotate", "--json"], environment, data=LINES.encode())
    assert reference.returncode == 0
    rng = random.Random(14)
    for target in sorted(folder.glob("*.sqlite")):
        original = target.read_bytes()
        for flips in (1, 64):
            damaged = bytearray(original)
            for _ in range(flips):
                damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
            damaged[:16] = original[:16] if flips == 1 else b"\0" * 16  # a header, too
            target.write_bytes(bytes(damaged))
            result = run(["annotate", "--json"], environment, data=LINES.encode())
            no_traceback(result)
            assert result.returncode == 0, result.stderr.decode()
            assert result.stdout == reference.stdout
            if target.exists():
                target.write_bytes(original)


def test_temporaries_of_a_killed_build_are_cleaned(env, lexicon_dir, tmp_path):
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir, folder)
    stale = folder / ".lexicon-abc.sqlite.x1y2.tmp"
    fresh = folder / ".lexicon-def.sqlite.x3y4.tmp"
    stale.write_bytes(b"\0" * 1024)
    fresh.write_bytes(b"\0" * 1024)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    result = run(["annotate", "好"], dict(env, SLANGTUTOR_LEXICON_DIR=str(folder)))
    assert result.returncode == 0
    assert not stale.exists()
    assert fresh.exists()  # it may be another slangtutor's build in progress
