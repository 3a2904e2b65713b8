"""Build the learner's gloss table shipped in slangtutor/annotate/data/glosses.tsv.

Two steps, with a review by people between them:

  python tools/build_glosses.py draft OUTDIR [--words 5000] [--slice 1000]
      The most frequent words of written Chinese by wordfreq's list (a build-time tool only;
      slangtutor does not depend on it), each with its CC-CEDICT readings and a gloss condensed
      from CC-CEDICT (slangtutor.annotate.condense), written as OUTDIR/part-1.tsv ... part-N.tsv
      with columns: rank, word, pinyin, draft gloss, CC-CEDICT senses. A word with several
      readings of its own (得 de / děi / dé) has one row per reading, under one rank.

  python tools/build_glosses.py take OUTDIR
      The slices, as reviewed (a reviewer corrects the gloss column in place and ends a slice
      with a line `# reviewed`), into the shipped table. Prints which slices were reviewed.

The table is derived from CC-CEDICT and so is under CC BY-SA 4.0 (see LICENSE, data/README.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slangtutor import dictionary
from slangtutor.annotate import condense
from slangtutor.text import pinyin as pinyin_forms
from slangtutor.text.script import HANZI_ONLY

TABLE = ROOT / "slangtutor" / "annotate" / "data" / "glosses.tsv"
EXTRA = ROOT / "tools" / "glosses_extra.tsv"
HEADER = ["rank", "word", "pinyin", "gloss", "cedict"]
TABLE_HEADER = (
    "# slangtutor's learner's glosses: word, pinyin (tone marks), gloss; several rows for a word\n"
    "# with several readings, the everyday one first. Condensed from CC-CEDICT (MDBG,\n"
    "# https://cc-cedict.org/) and reviewed; CC BY-SA 4.0. Built by tools/build_glosses.py.\n"
)


def cedict_entries() -> dict[str, list[tuple[str, str]]]:
    """Simplified headword -> [(numbered reading, definitions)], in CC-CEDICT's order."""
    entries: dict[str, list[tuple[str, str]]] = {}
    for _traditional, simplified, reading, definitions in dictionary._parse_cedict(
            dictionary.cedict_path()):
        entries.setdefault(simplified, []).append((reading, definitions))
    return entries


def frequent_words(count: int) -> list[str]:
    """The `count` most frequent words of Chinese made of hanzi only, by wordfreq."""
    import wordfreq

    out = []
    for word in wordfreq.top_n_list("zh", count * 3):
        if HANZI_ONLY.match(word) and word not in out:
            out.append(word)
            if len(out) == count:
                break
    return out


def _toneless(marks: str) -> str:
    return pinyin_forms.toneless_key(marks)


def readings_of(word: str, entries: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """The word's readings (tone marks) with their definitions, everyday reading first.

    Proper-noun entries (capitalised readings) count only when there is nothing else. A single
    character has a row per reading with a meaning of its own (得 de, děi, dé); a longer word has
    one row, the entries with a neutral tone first (东西 dōng xi 'thing' before dōng xī 'east and
    west': the lexicalised reading is the everyday word), under the usual reading."""
    from pypinyin import Style, pinyin

    common = [(r, d) for r, d in entries if not r[:1].isupper()]
    chosen = common or entries
    if not chosen:
        return []
    usual = " ".join(s[0] for s in pinyin(word, style=Style.TONE))
    if len(word) > 1:
        chosen = sorted(chosen, key=lambda e: "5" not in e[0])
        marks = [dictionary.cedict_to_marks(r).lower() for r, _ in chosen]
        best = next((m for m in marks if m == usual), None)
        best = best or next((m for m in marks if _toneless(m) == _toneless(usual)), marks[0])
        return [(best, [d for _, d in chosen])]
    grouped: dict[str, list[str]] = {}
    for reading, definitions in chosen:
        grouped.setdefault(dictionary.cedict_to_marks(reading).lower(), []).append(definitions)
    # Readings with no meaning of their own (only 'variant of', 'used in') go.
    kept = [m for m in grouped if condense.senses_of(grouped[m], word)] or list(grouped)
    kept.sort(key=lambda m: m != usual)
    return [(m, grouped[m]) for m in kept]


_POINTED = re.compile(r"(?:variant of|see|same as) ([^\s\[|]+\|)?([^\s\[|]+)\[")


def _pointed(definitions: list[str], entries: dict) -> str:
    """The gloss of the word a 'variant of X' entry points to."""
    for definition in definitions:
        match = _POINTED.search(definition)
        if match and match.group(2) in entries:
            found = readings_of(match.group(2), entries[match.group(2)])
            if found:
                return condense.condense(found[0][1], match.group(2))
    return ""


def compose_draft(word: str, entries: dict, glosses: dict[str, str]) -> tuple[str, str, str]:
    """(pinyin, gloss, senses) for a word CC-CEDICT lacks, from its longest known parts."""
    parts = []
    position = 0
    while position < len(word):
        for size in range(min(4, len(word) - position), 0, -1):
            part = word[position:position + size]
            if part in entries:
                parts.append(part)
                position += size
                break
        else:
            parts.append(word[position])
            position += 1
    readings, glossed, senses = [], [], []
    for part in parts:
        found = readings_of(part, entries.get(part, []))
        if not found:
            readings.append("?")
            glossed.append(part)
            continue
        marks, definitions = found[0]
        readings.append(marks)
        gloss = glosses.get(part) or condense.condense(definitions, part)
        gloss = "; ".join(gloss.split("; ")[:2])
        glossed.append(f"{part} {gloss}")
        senses.append(f"{part}: " + " | ".join(definitions))
    return " ".join(readings), " + ".join(glossed), " || ".join(senses)


def draft(outdir: Path, count: int, size: int) -> None:
    entries = cedict_entries()
    words = frequent_words(count)
    rows = []
    first_gloss: dict[str, str] = {}
    for rank, word in enumerate(words, 1):
        found = readings_of(word, entries.get(word, []))
        if not found:
            rows.append((rank, word, *compose_draft(word, entries, first_gloss)))
            continue
        for marks, definitions in found:
            gloss = condense.condense(definitions, word) or _pointed(definitions, entries)
            first_gloss.setdefault(word, gloss)
            rows.append((rank, word, marks, gloss, " | ".join(definitions)))
    outdir.mkdir(parents=True, exist_ok=True)
    for number in range(1, (count + size - 1) // size + 1):
        low, high = (number - 1) * size + 1, number * size
        path = outdir / f"part-{number}.tsv"
        with path.open("w", encoding="utf-8") as handle:
            handle.write("\t".join(HEADER) + "\n")
            for row in rows:
                if low <= row[0] <= high:
                    handle.write("\t".join(" ".join(str(v).split()) for v in row) + "\n")
        print(f"{path}: words {low}-{high}")


def read_slice(path: Path) -> tuple[list[list[str]], bool]:
    rows, reviewed = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            reviewed = reviewed or line.strip().lower() == "# reviewed"
            continue
        fields = line.split("\t")
        if fields[:2] == ["rank", "word"]:
            continue
        if len(fields) < 4:
            raise SystemExit(f"{path}:{number}: expected 5 tab-separated columns")
        rows.append(fields)
    return rows, reviewed


LONGEST = 90


def _fit(gloss: str) -> str:
    """A gloss cut to LONGEST characters: a composed one ('A a; b + B c') to each part's first
    sense, any other to its first senses."""
    if len(gloss) <= LONGEST:
        return gloss
    if " + " in gloss:
        gloss = " + ".join(part.split("; ")[0] for part in gloss.split(" + "))
    senses = gloss.split("; ")
    while len(senses) > 1 and len("; ".join(senses)) > LONGEST:
        senses.pop()
    return "; ".join(senses)


def _is_composed(word: str, gloss: str) -> bool:
    """A draft of the form '这 this + 家 home' for a word CC-CEDICT lacks."""
    segments = gloss.split(" + ")
    return len(segments) > 1 and "".join(seg.split(" ", 1)[0] for seg in segments) == word


def _recompose(lines: list[str]) -> tuple[list[str], int]:
    """Composed drafts built again from the table's own (reviewed) glosses of their parts, as
    annotate composes a word the table lacks."""
    from slangtutor.annotate import glosses

    entries = cedict_entries()
    table: dict[str, str] = {}
    for line in lines:
        word, _, gloss = line.rstrip("\n").split("\t")
        table.setdefault(word, gloss)
    out, count = [], 0
    for line in lines:
        word, marks, gloss = line.rstrip("\n").split("\t")
        if word not in entries and _is_composed(word, gloss):
            known = {w: g for w, g in table.items() if not _is_composed(w, g)}
            parts = glosses.split(word, entries, known)
            if parts and len(parts) > 1 and all(p in table or p in entries for p in parts):
                glossed = []
                for part in parts:
                    part_gloss = table.get(part)
                    if part_gloss is None or _is_composed(part, part_gloss):
                        found = readings_of(part, entries.get(part, []))
                        part_gloss = condense.condense(found[0][1]) if found else ""
                    short = "; ".join(part_gloss.split("; ")[:glosses.PART_SENSES])
                    glossed.append(f"{part} {short}" if short else part)
                new = _fit(" + ".join(glossed))
                count += new != gloss
                line = f"{word}\t{marks}\t{new}\n"
        out.append(line)
    return out, count


def _extra_rows() -> dict[tuple[str, str], str]:
    rows = {}
    for line in EXTRA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, marks, gloss = line.split("\t")
            rows[(word, marks)] = gloss
    return rows


def _counted_number(word: str) -> bool:
    """A number of two or more numerals with what it counts (三十年, 两百块): annotate glosses
    it as its digits and the thing counted ('三十 30 + 年 year(s)'), so the table leaves it out."""
    from slangtutor.text import numerals

    size = numerals.leading(word)
    return 2 <= size < len(word) and numerals.value(word[:size]) is not None


def take(outdir: Path) -> None:
    lines = []
    seen: set[tuple[str, str]] = set()
    words: set[str] = set()
    tidied = 0
    # A row of glosses_extra.tsv was written for comments by hand: it stands in for the
    # slice's gloss of the same word and reading, in the slice's place.
    extra_rows = _extra_rows()
    extra_marks = {word: marks for word, marks in extra_rows}
    replaced = 0
    for path in sorted(outdir.glob("part-*.tsv"), key=lambda p: int(p.stem.split("-")[1])):
        rows, reviewed = read_slice(path)
        print(f"{path.name}: {len(rows)} rows, {'reviewed' if reviewed else 'NOT reviewed'}")
        for fields in rows:
            word, marks, gloss = fields[1], fields[2], " ".join(fields[3].split())
            if len(word) > 1 and (word, marks) not in extra_rows:
                # a word has one row: the hand-written one's reading stands (呵呵 hē he)
                marks = extra_marks.get(word, marks)
            if (word, marks) in extra_rows:
                replaced += extra_rows[(word, marks)] != gloss
                gloss = extra_rows[(word, marks)]
            tidy = _fit(condense.tidy(gloss))
            tidied += tidy != gloss
            if not tidy or (word, marks) in seen or _counted_number(word):
                continue
            seen.add((word, marks))
            words.add(word)
            lines.append(f"{word}\t{marks}\t{tidy}\n")
    lines, recomposed = _recompose(lines)
    extra = 0
    for (word, marks), gloss in extra_rows.items():
        if word in words:
            continue
        lines.append(f"{word}\t{marks}\t{gloss}\n")
        extra += 1
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(TABLE_HEADER + "".join(lines), encoding="utf-8")
    print(f"notation taken out of {tidied} glosses; {recomposed} glosses composed again from the "
          f"table; {extra} rows from {EXTRA.name}, and {replaced} slice glosses replaced by its")
    count = len({line.split("\t")[0] for line in lines})
    print(f"{TABLE.relative_to(ROOT)}: {len(lines)} rows, {count} words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    d = sub.add_parser("draft")
    d.add_argument("outdir", type=Path)
    d.add_argument("--words", type=int, default=9000)
    d.add_argument("--slice", type=int, default=1000)
    t = sub.add_parser("take")
    t.add_argument("outdir", type=Path)
    args = parser.parse_args()
    if args.step == "draft":
        draft(args.outdir, args.words, args.slice)
    else:
        take(args.outdir)


if __name__ == "__main__":
    main()
