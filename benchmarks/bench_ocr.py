"""annotate --image's budget, measured side by side with a minimal Typer app in one run.

Budget (issue 14): one 1080x2400 screenshot of a comment thread (rendered with Noto Sans CJK,
tests/ocr_images.py), annotated with `annotate --image --json` in a fresh process, model
loading included: <= 10x the wall time of the minimal Typer app that prints one rich line.
Peak memory of that process (resource.getrusage of the child: its maximum resident set) is
printed beside it. The CC-CEDICT index is built beforehand, as after a user's first run.
Run: python benchmarks/bench_ocr.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

# tests/ocr_images.py draws the screenshot.
import ocr_images
from _timing import (
    baseline_command,
    compare,
    report,
    scratch_env,
    slangtutor_command,
    tempdir,
)

BUDGET = 10.0


def peak_memory_mb(command: list[str], env: dict) -> tuple[float, int]:
    """The child's peak resident memory in MB, and how many lines it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(command, env=env, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if after <= before:
        raise SystemExit("the measured child used no more memory than an earlier one; run "
                         "the memory measurement first")
    return after / 1024, len(result.stdout.splitlines())


def cpu_seconds(command: list[str], env: dict, rounds: int) -> float:
    """Median user + system CPU time of the command, from the children's rusage: on a busy
    machine wall time waits for the CPU, and this shows the work itself."""
    import statistics

    spent = []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, env=env, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    work = tempdir()
    shot = work / "screenshot.png"
    ocr_images.screenshot().save(shot)
    env = scratch_env(work / "home")
    command = slangtutor_command("annotate", "--json", "--image", str(shot))
    # Memory first: RUSAGE_CHILDREN keeps the largest child so far, and this is the largest.
    peak, lines = peak_memory_mb(command, env)
    first = json.loads(subprocess.run(command, env=env, capture_output=True,
                                      check=True).stdout.splitlines()[0])
    medians = compare({
        "minimal Typer app": (baseline_command(work), env),
        "annotate --image (1080x2400, cold)": (command, env),
    }, args.rounds)
    print(f"cores: {os.cpu_count()}; the screenshot has {lines} text lines "
          f"(first: {first['text']!r})")
    ok = report(medians, "minimal Typer app", {"annotate --image (1080x2400, cold)": BUDGET})
    print(f"peak memory of annotate --image: {peak:.0f} MB (maximum resident set)")
    base_cpu = cpu_seconds(baseline_command(work), env, args.rounds)
    ocr_cpu = cpu_seconds(command, env, args.rounds)
    print(f"CPU time (user + system, median): minimal Typer app {base_cpu:.2f} s, "
          f"annotate --image {ocr_cpu:.2f} s ({ocr_cpu / base_cpu:.1f}x); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
