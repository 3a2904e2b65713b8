"""The reading list: `annotate --save` adds the slang it met; quiz, export and stats use it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pytest
from conftest import keyboard_signals

from slangtutor import progress, quiz
from slangtutor.models import Entry

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def env(cli_env):
    return cli_env  # conftest: the test home and deck, the session's index, 80 columns


def run(args, env, data=None):
    return subprocess.run([sys.executable, "-m", "slangtutor", *args], env=env, input=data,
                          capture_output=True, timeout=120)


def reads(home: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        return conn.execute("SELECT entry_id, times, source FROM reads ORDER BY id").fetchall()


def test_save_from_text_stdin_and_json(env, isolated_home, tmp_path):
    assert run(["annotate", "--save", "他又在凡尔赛了，yyds"], env).returncode == 0
    piped = run(["annotate", "--save", "--json"], env, data="yyds\n躺平了，yyds yyds\n今天很好\n"
                .encode())
    assert piped.returncode == 0
    assert len(piped.stdout.decode().splitlines()) == 3  # the JSON itself is unchanged
    comments = tmp_path / "thread.txt"
    comments.write_text("yyds，我先躺平了\n", encoding="utf-8")
    assert run(["annotate", "--save", "--file", str(comments)], env).returncode == 0
    assert reads(isolated_home) == [
        ("fan-er-sai", 1, "text"), ("yyds", 1, "text"),
        ("yyds", 2, "stdin"), ("tang-ping", 1, "stdin"),  # lines, not uses: yyds yyds is one
        ("yyds", 1, str(comments)), ("tang-ping", 1, str(comments)),
    ]
    stats = json.loads(run(["stats", "--json"], env).stdout)["reading"]
    assert (stats["terms"], stats["lines"], stats["learnt"]) == (3, 7, 0)
    assert stats["recent"][0]["id"] == "yyds"  # most recently read, then most read, first


def test_nothing_to_save_is_said_and_nothing_is_written(env, isolated_home):
    result = run(["annotate", "--save", "今天天气很好"], env)
    assert result.returncode == 0
    assert "nothing added" in result.stderr.decode()
    assert not (isolated_home / "progress.sqlite3").exists() or reads(isolated_home) == []


def test_without_save_nothing_is_kept(env, isolated_home):
    assert run(["annotate", "yyds"], env).returncode == 0
    assert not (isolated_home / "progress.sqlite3").exists()


def test_empty_reading_list_is_one_line(env):
    for args in (["quiz", "--reading"], ["export", "x.json", "--reading"]):
        result = run(args, env, data=b"1\n")
        assert result.returncode == 1
        message = result.stderr.decode()
        assert "reading list" in message and "Traceback" not in message


def test_export_reading_writes_the_list_most_recent_first(env, tmp_path):
    run(["annotate", "--save", "yyds"], env)
    run(["annotate", "--save", "他又在凡尔赛了"], env)
    target = tmp_path / "read.json"
    result = run(["export", str(target), "--reading"], env)
    assert result.returncode == 0, result.stderr.decode()
    assert [e["id"] for e in json.loads(target.read_text(encoding="utf-8"))] == [
        "fan-er-sai", "yyds"]


def test_quiz_reading_in_a_real_terminal_asks_the_list_first(env, isolated_home):
    run(["annotate", "--save", "他又在凡尔赛了"], env)
    child = pexpect.spawn(sys.executable, ["-m", "slangtutor", "quiz", "--reading", "-n", "2",
                                           "--seed", "3", "-m", "choice"],
                          env=dict(env, TERM="xterm", COLUMNS="100"), encoding="utf-8",
                          timeout=60, dimensions=(40, 100), preexec_fn=keyboard_signals)
    try:
        child.expect("1/2")
        child.expect("> ")
    except pexpect.TIMEOUT:
        from conftest import stack_of

        raise AssertionError(f"the quiz stopped answering: {stack_of(child.pid)}") from None
    first_screen = child.before
    assert "凡尔赛" in first_screen
    child.sendline("2")
    child.expect("> ")
    child.sendeof()  # Ctrl-D: the session stops with its summary
    child.expect("Session stopped")
    child.expect(pexpect.EOF)
    with sqlite3.connect(isolated_home / "progress.sqlite3") as conn:
        first = conn.execute("SELECT entry_id FROM reviews ORDER BY id LIMIT 1").fetchone()[0]
    assert first == "fan-er-sai"


def test_reads_migrate_onto_an_old_progress_file(tmp_path):
    db = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    progress.m001_initial(conn)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    conn.execute("INSERT INTO migrations VALUES ('m001_initial', '2025-01-01')")
    conn.commit()
    conn.close()
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with progress.Store.open(db) as store:
        assert store.migrations() == ["m001_initial", "m002_reading"]
        store.save_reads({"yyds": 2}, now, "text")
        store.save_reads({"yyds": 1, "tang-ping": 1}, now + timedelta(hours=1), "stdin")
        listed = store.reading_list()
    assert [(t.entry_id, t.count) for t in listed] == [("yyds", 3), ("tang-ping", 1)]
    assert listed[0].first == now and listed[0].last == now + timedelta(hours=1)


def _entry(entry_id: str, level: int = 1) -> Entry:
    from slangtutor import dataset

    (base,) = [e for e in dataset.read_decks([FIXTURES / "mini.toml"]) if e.id == "yyds"]
    import dataclasses

    return dataclasses.replace(base, id=entry_id, level=level)


def test_reading_cards_come_before_due_and_new_ones():
    import random

    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    entries = [_entry(f"e{i}", level=1 + i % 3) for i in range(8)]
    statuses = {"e0": quiz.CardStatus(due=now - timedelta(days=2), reps=3),
                "e5": quiz.CardStatus(due=now + timedelta(days=9), reps=3)}
    picks = quiz.choose_cards(entries, statuses, now, 5, random.Random(1), ("choice",),
                              first=("e7", "e5", "e3"))
    ids = [pick.entry.id for pick in picks]
    # e5 is learnt and not due: the list does not force it early; e7 and e3 lead, in order.
    assert ids[:2] == ["e7", "e3"]
    assert ids[2] == "e0"  # then the due review
    assert "e5" not in ids
