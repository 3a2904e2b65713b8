"""Lookup's cold start against a minimal Typer app, with the shipped decks and with 100,000 entries.

Budgets: `slangtutor lookup yyds` <= 1.3x the baseline; with 100,000 generated entries in the
decks, <= 1.5x. Each run is a fresh process; the dataset cache is built once beforehand,
as it is after the first run on a user's machine. Run: python benchmarks/bench_lookup.py
"""

from __future__ import annotations

import argparse
import sys
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

ENTRY = '''
[[entry]]
id = "gen-{n}"
term = "生成{hanzi}"
pinyin = "shēng chéng {syllables}"
aliases = ["gen{n}"]
meaning = "generated entry number {n} for the benchmark"
explanation = "A made-up entry so the deck has ten thousand of them."
origin = "meme"
register = "playful"
level = 3
tags = ["memes"]

[[entry.examples]]
zh = "这个生成{hanzi}真好"
pinyin = "zhè ge shēng chéng {syllables} zhēn hǎo"
en = "This generated thing is great."
'''
DIGITS = "零一二三四五六七八九"
READINGS = ["líng", "yī", "èr", "sān", "sì", "wǔ", "liù", "qī", "bā", "jiǔ"]


def generated_deck(folder: Path, count: int, base: list[Path] | None = None) -> Path:
    """A deck folder: the `base` decks (default: the shipped ones) plus `count` made-up entries."""
    folder.mkdir(parents=True, exist_ok=True)
    from slangtutor import dataset

    for path in dataset.deck_paths() if base is None else base:
        (folder / path.name).write_bytes(path.read_bytes())
    parts = []
    for n in range(count):
        digits = f"{n:05d}"
        parts.append(ENTRY.format(
            n=n,
            hanzi="".join(DIGITS[int(d)] for d in digits),
            syllables=" ".join(READINGS[int(d)] for d in digits),
        ))
    (folder / "generated.toml").write_text("".join(parts), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--entries", type=int, default=100_000,
                        help="generated entries for the large run (default 100,000)")
    args = parser.parse_args()
    work = tempdir()
    shipped_env = scratch_env(work / "home-shipped")
    big_env = scratch_env(work / "home-big",
                          SLANGTUTOR_DATA=str(generated_deck(work / "big", args.entries)))
    large = f"slangtutor lookup yyds ({args.entries:,} entries)"
    first_build = time_once(slangtutor_command("lookup", "yyds"), big_env)
    medians = compare(
        {
            "baseline: minimal Typer app, one rich line": (baseline_command(work), shipped_env),
            "slangtutor lookup yyds": (slangtutor_command("lookup", "yyds"), shipped_env),
            large: (slangtutor_command("lookup", "yyds"), big_env),
        },
        args.rounds,
    )
    ok = report(
        medians,
        "baseline: minimal Typer app, one rich line",
        {"slangtutor lookup yyds": 1.3, large: 1.5},
    )
    print(f"(first run with {args.entries:,} entries, parsing the decks and building the store: "
          f"{first_build:.2f} s)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
