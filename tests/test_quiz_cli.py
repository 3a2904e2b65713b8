"""`slangtutor quiz` and `slangtutor stats` from the outside: scripted sessions on stdin, a real
pseudo-terminal interrupted with Ctrl-C, damaged progress files, help and JSON."""

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
import time

import pexpect
import pytest
from typer.testing import CliRunner

from slangtutor.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def normalise(output: str) -> str:
    """The session's duration is the one thing that varies between runs."""
    return re.sub(r"│ time +[^│\n]*│\n", "<time>\n", output)


def reviews(home):
    conn = sqlite3.connect(home / "progress.sqlite3")
    try:
        return conn.execute(
            "SELECT entry_id, mode, verdict, hints, rating FROM reviews ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


SCRIPTED_TRANSCRIPT = (
    "3 cards. ? or h: hint · Enter alone: I don't know · Ctrl-C: stop\n"
    '\n'
    '1/3 · new · reverse ────────────────────────────────────────────────────────────────────────────────\n'
    '  awesome, nicely done\n'
    '  Which term means this?\n'
    '  1. 666\n'
    '  2. 猫税\n'
    '  3. 躺平\n'
    '  4. 凡尔赛\n'
    '> ?\n'
    '  hint 1/4 (first letters): l l l\n'
    '> 9\n'
    '  type a number from 1 to 4 (or ? for a hint)\n'
    '> 1\n'
    '  ✓ Right (after 1 hint)\n'
    '  666  liù liù liù  awesome, nicely done\n'
    '  e.g. 主播666  Streamer, nice one!\n'
    '  next review in 6 minutes\n'
    '\n'
    '2/3 · new · choice ─────────────────────────────────────────────────────────────────────────────────\n'
    '  猫税\n'
    '  What does it mean?\n'
    '  1. lie flat: opt out of the rat race\n'
    '  2. cat tax: a photo of your cat as the price of entry\n'
    '  3. humblebragging\n'
    '  4. climb the wall: get past the Great Firewall with a VPN\n'
    '> 2\n'
    '  ✓ Right\n'
    '  猫税  māo shuì  cat tax: a photo of your cat as the price of entry\n'
    '  e.g. 新来的先交猫税🐱  Newbies pay the cat tax first\n'
    '  next review in 10 minutes\n'
    '\n'
    '3/3 · new · choice ─────────────────────────────────────────────────────────────────────────────────\n'
    '  翻墙\n'
    '  What does it mean?\n'
    '  1. humblebragging\n'
    '  2. cat tax: a photo of your cat as the price of entry\n'
    '  3. climb the wall: get past the Great Firewall with a VPN\n'
    '  4. awesome, nicely done\n'
    '> \n'
    '  ✗ Not quite  answer: 3. climb the wall: get past the Great Firewall with a VPN\n'
    '  翻墙  fān qiáng  climb the wall: get past the Great Firewall with a VPN\n'
    '  e.g. 你们美国人要翻墙吗？  Do you Americans need a VPN too?\n'
    '  next review in 1 minute\n'
    '\n'
    # Answered wrong: a learning step brings the card back later in the same session.
    '4/4 · again · choice ───────────────────────────────────────────────────────────────────────────────\n'
    '  翻墙\n'
    '  What does it mean?\n'
    '  1. lie flat: opt out of the rat race\n'
    '  2. cat tax: a photo of your cat as the price of entry\n'
    '  3. climb the wall: get past the Great Firewall with a VPN\n'
    '  4. the GOAT, forever a god\n'
    '> 3\n'
    '  ✓ Right\n'
    '  翻墙  fān qiáng  climb the wall: get past the Great Firewall with a VPN\n'
    '  e.g. 你们美国人要翻墙吗？  Do you Americans need a VPN too?\n'
    '  next review in 10 minutes\n'
    '\n'
    '╭─ Session over ────────────────────────────────────────────────────────────╮\n'
    '│ score        3/4 right (75%)                                              │\n'
    '<time>\n'
    '│ best run     2 right in a row                                             │\n'
    '│ streak       1 day in a row                                               │\n'
    '│ next review  3 cards in 5 minutes                                         │\n'
    '│                                                                           │\n'
    '│ To look at again:                                                         │\n'
    '│   翻墙  fān qiáng  climb the wall: get past the Great Firewall with a VPN │\n'
    '╰───────────────────────────────────────────────────────────────────────────╯\n'
)


def test_scripted_session_exact(mini_data, isolated_home):
    # A hint, an out-of-range number (asked again), two right picks, Enter alone (don't know),
    # then the missed card once more, answered right.
    result = run("quiz", "--seed", "4", "-n", "3", input="?\n9\n1\n2\n\n3\n")
    assert result.exit_code == 0, result.output
    assert normalise(result.stdout) == SCRIPTED_TRANSCRIPT
    assert result.stderr == ""
    assert reviews(isolated_home) == [
        ("666", "reverse", "right", 1, 2),  # one hint: Good lowered to Hard
        ("mao-shui", "choice", "right", 0, 3),
        ("fan-qiang", "choice", "wrong", 0, 1),
        ("fan-qiang", "choice", "right", 0, 3),
    ]


def test_same_seed_same_questions(mini_data, isolated_home, tmp_path, monkeypatch):
    first = normalise(run("quiz", "--seed", "11", "-n", "4", input="1\n1\n1\n1\n").stdout)
    monkeypatch.setenv("SLANGTUTOR_HOME", str(tmp_path / "other-home"))
    second = normalise(run("quiz", "--seed", "11", "-n", "4", input="1\n1\n1\n1\n").stdout)
    assert first == second


def test_due_reviews_come_back_and_learnt_cards_wait(mini_data, isolated_home):
    run("quiz", "--seed", "1", "-n", "6", input="1\n" * 18)  # missed cards come back: 3 asks each at most
    # Every card was just answered: nothing is due yet and nothing is new (rude left out).
    result = run("quiz", "--seed", "1")
    assert result.exit_code == 0
    assert result.stdout.startswith("Nothing to review right now: next, ")


def test_typed_modes_through_stdin(mini_data, isolated_home):
    result = run("quiz", "--seed", "2", "-n", "1", "--mode", "pinyin", "--tag", "abbreviations",
                 input="yong3yuan3de5shen1\n")
    assert result.exit_code == 0, result.output
    assert "≈ Almost  answer: yǒng yuǎn de shén" in result.stdout
    assert "syllable 4 shén: tone 2, not tone 1" in result.stdout
    assert reviews(isolated_home) == [("yyds", "pinyin", "close", 0, 2)]


def test_meaning_mode_falls_back_to_self_grading(mini_data, isolated_home):
    result = run("quiz", "--seed", "2", "-n", "1", "-m", "meaning", "-t", "numbers",
                 input="sick moves\ny\n")
    assert result.exit_code == 0, result.output
    assert "The meaning: awesome, nicely done" in result.stdout
    assert "Did you have it? [y/n] y" in result.stdout
    assert reviews(isolated_home) == [("666", "meaning", "right", 0, 3)]


def test_decode_and_cloze(mini_data, isolated_home):
    result = run("quiz", "--seed", "2", "-n", "1", "-m", "decode", "-t", "abbreviations",
                 input="永远的神\n")
    assert "✓ Right" in result.stdout
    result = run("quiz", "--seed", "2", "-n", "1", "-m", "cloze", "-t", "work-life",
                 input="躺平\n")
    assert "不卷了，＿＿了" in result.stdout
    assert "✓ Right" in result.stdout


def test_rude_entries_only_when_asked(mini_data, isolated_home):
    result = run("quiz", "-t", "relationships")
    assert result.exit_code == 1
    assert result.stderr == "error: no entries match these filters\n"
    result = run("quiz", "-t", "relationships", "--include-rude", "--seed", "1", input="1\n")
    assert result.exit_code == 0
    assert "⚠ RUDE" in result.stdout
    assert [row[0] for row in reviews(isolated_home)] == ["lv-cha"]


def test_end_of_input_ends_the_session_with_a_summary(mini_data, isolated_home):
    result = run("quiz", "--seed", "4", "-n", "5", input="1\n")
    assert result.exit_code == 0
    assert "Session stopped" in result.stdout
    assert re.search(r"score +[01]/1 right", result.stdout)
    assert len(reviews(isolated_home)) == 1


def test_piped_session_in_a_subprocess(subprocess_env, isolated_home):
    result = subprocess.run(
        [sys.executable, "-m", "slangtutor", "quiz", "--seed", "4", "-n", "3"],
        input="1\n2\n3\n".encode(), env=subprocess_env, capture_output=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "Session over" in result.stdout.decode()
    assert len(reviews(isolated_home)) == 3


def test_ctrl_c_in_a_real_terminal_keeps_the_answers(subprocess_env, isolated_home):
    env = dict(subprocess_env, COLUMNS="100", TERM="xterm")
    from conftest import keyboard_signals

    child = pexpect.spawn(sys.executable, ["-m", "slangtutor", "quiz", "--seed", "4", "-n", "5"],
                          env=env, encoding="utf-8", timeout=30, dimensions=(40, 100),
                          preexec_fn=keyboard_signals)
    child.expect("1/5")
    child.expect("> ")
    child.sendline("1")  # wrong (666 is option 2): the card will come back, so 5 cards become 6
    child.expect("2/6")
    child.expect("> ")
    child.sendline("?")
    child.expect("hint 1/4")
    child.expect("> ")
    # Press Ctrl-C the way a person does: while the quiz waits at its prompt. (A SIGINT that
    # lands in the microseconds before input() starts waiting is only seen after the next
    # key press; that is CPython's own input(), and sending it here at once would hit it.)
    time.sleep(0.5)
    child.sendintr()
    for _ in range(5):  # on a busy machine the first one can land before input() waits
        if child.expect(["Session stopped", pexpect.TIMEOUT], timeout=5) == 0:
            break
        child.sendintr()
    else:
        status = Path(f"/proc/{child.pid}/status").read_text()
        signals = [line for line in status.splitlines() if line.startswith("Sig")]
        from conftest import stack_of

        raise AssertionError(f"Ctrl-C did not stop the session: {child.before[-300:]!r} "
                             f"{signals} {stack_of(child.pid)}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
    # The answered card is in the file; the one interrupted mid-hint is not.
    assert [row[:2] for row in reviews(isolated_home)] == [("666", "reverse")]


def test_a_damaged_progress_file(mini_data, isolated_home):
    isolated_home.mkdir(parents=True, exist_ok=True)
    damaged = isolated_home / "progress.sqlite3"
    damaged.write_bytes(b"\x00garbage" * 512)
    result = run("quiz", "-n", "1", input="1\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: progress file {damaged} is damaged (")
    assert "run 'slangtutor quiz --reset-corrupt' to move it aside" in result.stderr
    assert run("stats").exit_code == 1

    result = run("quiz", "-n", "1", "--reset-corrupt", "--seed", "1", input="1\n")
    assert result.exit_code == 0, result.output
    moved = list(isolated_home.glob("progress.sqlite3.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == b"\x00garbage" * 512
    assert f"note: moved the damaged progress file to {moved[0]}; starting fresh" in " ".join(
        result.stderr.split())
    assert len(reviews(isolated_home)) == 1


def test_stats_json(mini_data, isolated_home):
    empty = json.loads(run("stats", "--json").stdout)
    assert (empty["reviews"], empty["due"], empty["streak"]) == (0, 0, 0)
    assert empty["cards"] == {"new": 6, "learning": 0, "review": 0, "relearning": 0}
    run("quiz", "--seed", "4", "-n", "3", input="1\n2\n\n")
    result = run("stats", "--json", "--days", "3")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["reviews"] == 3
    assert payload["due"] == 0
    assert payload["cards"] == {"new": 3, "learning": 3, "review": 0, "relearning": 0}
    assert list(payload["per_day"].values())[-1] == 3 and len(payload["per_day"]) == 3
    assert [h["id"] for h in payload["hardest"]] == ["fan-qiang"]
    assert payload["streak"] == 1


def test_stats_view(mini_data, isolated_home):
    run("quiz", "--seed", "4", "-n", "3", input="1\n2\n\n")
    result = run("stats", "--days", "2")
    assert result.exit_code == 0
    assert "reviews    3" in result.stdout
    assert "cards      3 new · 3 learning · 0 review · 0 relearning" in result.stdout
    assert "Reviews per day (last 2 days)" in result.stdout
    assert "██████████████████████████████ 3" in result.stdout
    assert "Hardest terms" in result.stdout and "翻墙" in result.stdout


@pytest.mark.parametrize("command, phrase", [
    ("quiz", "Spaced-repetition quiz"), ("stats", "reviews per day, retention")])
def test_help(command, phrase):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert phrase in result.stdout
    if command == "quiz":
        for option in ("--count", "--mode", "--tag", "--register", "--level", "--include-rude",
                       "--seed", "--reset-corrupt", "--colors"):
            assert option in result.stdout


def test_bad_mode_is_a_usage_error(mini_data):
    result = run("quiz", "--mode", "telepathy")
    assert result.exit_code == 2
