"""`slangtutor quiz` in a real pseudo-terminal: start to the first question, and answer to the
next question.

Budgets (issue 5): from launch to the first question on screen <= 1.5x a minimal Typer app
printing one rich line (both run in a pty, fresh processes, interleaved); from pressing Enter on
an answer to the next question on screen < 50 ms (each answer is graded, scheduled with FSRS,
committed to SQLite with a full sync, and the feedback and next question are drawn).
The deck is the test deck plus generated entries, so the numbers do not depend on which decks
have shipped. Run: python benchmarks/bench_quiz.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pexpect

sys.path.insert(0, str(Path(__file__).parent))

from _timing import (  # noqa: E402
    baseline_command,
    ensure_bytecode,
    scratch_env,
    slangtutor_command,
    tempdir,
)
from bench_lookup import generated_deck  # noqa: E402  (the same generated entries)

ROOT = Path(__file__).resolve().parent.parent


PROMPT = r"\n(\x1b\[[0-9;]*m)?> "  # the answer prompt, coloured or not


def spawn(command: list[str], env: dict) -> pexpect.spawn:
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=30,
                          dimensions=(50, 120))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
    return child


def time_to_first_question(env: dict) -> float:
    start = time.perf_counter()
    child = spawn(slangtutor_command("quiz", "--seed", "1", "-n", "5"), env)
    child.expect(PROMPT)
    elapsed = time.perf_counter() - start
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def time_baseline(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    child = spawn(command, env)
    child.expect("yyds")
    child.expect(pexpect.EOF)
    elapsed = time.perf_counter() - start
    child.close()
    return elapsed


def answer_latencies(env: dict, cards: int) -> list[float]:
    child = spawn(slangtutor_command("quiz", "--seed", "2", "-n", str(cards), "-m", "choice"), env)
    child.expect(PROMPT)
    latencies = []
    # Option 1 is sometimes wrong, and a missed card comes back later in the session (a
    # learning step), so the session is longer than `cards`: answer until it is over.
    number = 1
    while True:
        start = time.perf_counter()
        child.sendline("1")
        number += 1
        if child.expect([rf"{number}/\d+", "Session over"]) == 1:
            break
        child.expect(PROMPT)
        latencies.append(time.perf_counter() - start)
    child.expect(pexpect.EOF)
    child.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--cards", type=int, default=40)
    args = parser.parse_args()
    ensure_bytecode()
    work = tempdir()
    env = scratch_env(work / "home", SLANGTUTOR_DATA=str(generated_deck(
                          work / "deck", 200, base=[ROOT / "tests" / "fixtures" / "mini.toml"])),
                      COLUMNS="120", TERM="xterm-256color")
    baseline = baseline_command(work)
    time_to_first_question(env)  # builds the deck cache and the progress file, as a first run
    time_baseline(baseline, env)
    base_times, quiz_times = [], []
    for _ in range(args.rounds):
        base_times.append(time_baseline(baseline, env))
        quiz_times.append(time_to_first_question(env))
    base, first = statistics.median(base_times), statistics.median(quiz_times)
    ratio = first / base
    latencies = answer_latencies(env, args.cards)
    median_ms = statistics.median(latencies) * 1000
    worst_ms = max(latencies) * 1000
    ok_start, ok_answer = ratio <= 1.5, median_ms < 50
    print(f"{'measure':<52} {'median':>9} {'ratio':>7} {'budget':>8}")
    print(f"{'baseline: minimal Typer app, one rich line (pty)':<52} {base * 1000:7.1f}ms")
    print(f"{'slangtutor quiz: start to first question (pty)':<52} {first * 1000:7.1f}ms "
          f"{ratio:6.2f}x {'1.50x':>8} {'ok' if ok_start else 'OVER'}")
    print(f"{'slangtutor quiz: answer to next question (pty)':<52} {median_ms:7.1f}ms "
          f"{'':>7} {'<50ms':>8} {'ok' if ok_answer else 'OVER'}")
    print(f"(answer to next question over {len(latencies)} answers: worst {worst_ms:.1f} ms)")
    sys.exit(0 if ok_start and ok_answer else 1)


if __name__ == "__main__":
    main()
