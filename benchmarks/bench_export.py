"""Exporting the whole dataset to .apkg against `slangtutor lookup yyds`, both cold.

Budget (issue 6): `slangtutor export FILE.apkg` of every entry (rude ones included) <= 2x the time
of `slangtutor lookup yyds`. Measured on the shipped decks when there are any, and on a deck of
500 generated entries (plus the test deck, so that yyds exists), as a dataset grown large. Each
run is a fresh process; the dataset cache is built once beforehand, as after a user's first run.
The minimal Typer app is shown for scale. Run: python benchmarks/bench_export.py
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import (  # noqa: E402
    baseline_command,
    compare,
    scratch_env,
    slangtutor_command,
    tempdir,
)

ROOT = Path(__file__).resolve().parent.parent
ENTRY = '''
[[entry]]
id = "gen-{n}"
term = "生成{hanzi}"
pinyin = "shēng chéng {syllables}"
meaning = "generated entry number {n} for the benchmark"
explanation = "A made-up entry so the deck is as large as a grown dataset."
origin = "meme"
register = "playful"
level = 2
tags = ["memes", "phrases"]

[[entry.examples]]
zh = "这个生成{hanzi}真好"
pinyin = "zhè ge shēng chéng {syllables} zhēn hǎo"
en = "This generated thing is great."
'''
DIGITS = "零一二三四五六七八九"
READINGS = ["líng", "yī", "èr", "sān", "sì", "wǔ", "liù", "qī", "bā", "jiǔ"]


def generated_deck(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "mini.toml", folder / "mini.toml")
    parts = []
    for n in range(count):
        digits = f"{n:04d}"
        parts.append(ENTRY.format(
            n=n,
            hanzi="".join(DIGITS[int(d)] for d in digits),
            syllables=" ".join(READINGS[int(d)] for d in digits),
        ))
    (folder / "generated.toml").write_text("".join(parts), encoding="utf-8")
    return folder


def shipped_count() -> int:
    from slangtutor import dataset

    try:
        return len(dataset.load_entries())
    except Exception:  # no shipped decks in this checkout
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--generated", type=int, default=500)
    args = parser.parse_args()
    work = tempdir()
    datasets = {}
    count = shipped_count()
    if count:
        datasets[f"shipped decks, {count} entries"] = scratch_env(work / "home-shipped")
    datasets[f"{args.generated} generated entries"] = scratch_env(
        work / "home-generated",
        SLANGTUTOR_DATA=str(generated_deck(work / "generated", args.generated)),
    )
    ok = True
    for label, env in datasets.items():
        target = work / f"{label.split(',')[0].replace(' ', '-')}.apkg"
        lookup = "slangtutor lookup yyds"
        exporting = "slangtutor export --include-rude --force X.apkg"
        medians = compare(
            {
                "baseline: minimal Typer app": (baseline_command(work), env),
                lookup: (slangtutor_command("lookup", "yyds"), env),
                exporting: (slangtutor_command("export", "--include-rude", "--force",
                                               str(target)), env),
            },
            args.rounds,
        )
        ratio = medians[exporting] / medians[lookup]
        within = ratio <= 2.0
        ok &= within
        print(f"\n{label}")
        print(f"{'command':<50} {'median s':>9} {'vs lookup':>10}")
        for name, value in medians.items():
            print(f"{name:<50} {value:9.3f} {value / medians[lookup]:9.2f}x")
        print(f"export / lookup: {ratio:.2f}x (budget 2.00x) {'ok' if within else 'OVER'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
