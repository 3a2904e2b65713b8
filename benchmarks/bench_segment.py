"""Segmenter.spans on 1 MB of varied prose, side by side with rjieba's own cut (issue 11).

The segmenter's own work per line (traditional -> simplified, full-width folding, the Latin
forms, numbers, the fairness check against the dictionary) is what is timed here, in one
process, against rjieba cutting the same lines with the same engine: the ratio is the
segmenter's overhead. Budget: spans over the 1 MB <= 0.12 s on this machine.

Each round times, interleaved so machine noise hits all alike:
- rjieba's cut of every line (the engine the segmenter uses, whole dictionary loaded);
- spans on a new segmenter and a new lexicon (nothing memoised: prose new to the process);
- spans again on the same segmenter (memos warm);
- the reference path (Segmenter.reference_spans, the plain code the fast path must equal).

Run: python benchmarks/bench_segment.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import tempdir  # noqa: E402

BUDGET = 0.12  # seconds for spans over the 1 MB, memos warm


def timed(function, lines) -> float:
    start = time.perf_counter()
    for line in lines:
        function(line)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    os.environ["SLANGTUTOR_HOME"] = str(tempdir() / "home")
    os.environ.pop("SLANGTUTOR_DATA", None)
    from bench_annotate import corpus_lines, varied_prose

    from slangtutor import dictionary
    from slangtutor.annotate.core import load_annotator

    lines = varied_prose(corpus_lines(), 1 << 20)
    size_mb = sum(len(line.encode()) + 1 for line in lines) / (1 << 20)
    index = load_annotator().index

    def new_segmenter():
        annotator_lexicon = dictionary.open_lexicon()
        from slangtutor import segment

        segmenter = segment.Segmenter(
            index.added_words, index.latin_forms, backend="rjieba",
            dictionary_frequency=annotator_lexicon.frequencies,
            total_frequency=annotator_lexicon.total_frequency(),
            dictionary_words=annotator_lexicon.dictionary_words)
        segmenter.load_whole_dictionary()
        return segmenter

    times: dict[str, list[float]] = {"cut": [], "new": [], "warm": [], "reference": []}
    tokens = 0
    for _ in range(args.rounds):
        segmenter = new_segmenter()
        engine = segmenter._engine
        times["cut"].append(timed(lambda line: engine.cut(line, True), lines))
        times["new"].append(timed(segmenter.spans, lines))
        times["warm"].append(timed(segmenter.spans, lines))
        times["reference"].append(timed(new_segmenter().reference_spans, lines))
        tokens = sum(len(segmenter.spans(line)) for line in lines)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cut = medians["cut"]
    print(f"{size_mb:.2f} MB, {len(lines)} lines, {tokens} tokens; medians of {args.rounds} "
          f"rounds")
    print(f"{'':<48} {'median s':>9} {'ratio':>7}")
    rows = (("rjieba cut alone (the baseline)", "cut"),
            ("Segmenter.spans, new segmenter and lexicon", "new"),
            ("Segmenter.spans, memos warm", "warm"),
            ("Segmenter.reference_spans (the plain path)", "reference"))
    for label, name in rows:
        print(f"{label:<48} {medians[name]:9.3f} {medians[name] / cut:6.2f}x")
    mark = "ok" if medians["warm"] <= BUDGET else "OVER"
    print(f"\nspans, memos warm: {medians['warm']:.3f} s (budget <= {BUDGET:.2f} s) {mark}")
    sys.exit(0 if medians["warm"] <= BUDGET else 1)


if __name__ == "__main__":
    main()
