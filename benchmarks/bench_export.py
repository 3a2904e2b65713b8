"""Exporting the whole dataset to .apkg against `slangtutor lookup yyds`, both cold.

Budget (issue 6): `slangtutor export FILE.apkg` of every entry (rude ones included) <= 2x the time
of `slangtutor lookup yyds`. Measured on the shipped decks when there are any, and on a deck of
500 generated entries (plus the test deck, so that yyds exists), as a dataset grown large. Each
run is a fresh process; the dataset cache is built once beforehand, as after a user's first run.
The minimal Typer app is shown for scale. Run: python benchmarks/bench_export.py
"""

from __future__ import annotations

import argparse
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


def generated_deck(folder: Path, count: int) -> Path:
    """The test deck (it has yyds) and `count` generated entries, as bench_lookup makes them."""
    from bench_lookup import generated_deck as make

    return make(folder, count, base=[ROOT / "tests" / "fixtures" / "mini.toml"])


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
