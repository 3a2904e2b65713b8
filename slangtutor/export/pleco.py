"""Pleco flashcard import text.

One card a line: `headword<TAB>pinyin<TAB>definition`. The headword is `简体[繁體]` when the
traditional form differs, as Pleco's own exports write it; the pinyin uses tone numbers with the
neutral tone as 5 (`fan1qiang2`, `yong3yuan3de5shen2`). A line `//slangtutor/TAG` starts a
category, so the cards arrive sorted by each entry's first tag. Pleco reads U+EAB1 in a definition
as a line break; it separates the meaning, the usage note and the example.
"""

from __future__ import annotations

from collections.abc import Sequence

from slangtutor.text import pinyin
from slangtutor.models import Entry

PLECO_NEWLINE = "\ueab1"
ROOT_CATEGORY = "slangtutor"


def _clean(text: str) -> str:
    """Tabs and newlines would break the line format: collapse all whitespace runs to a space."""
    return " ".join(text.split())


def headword(entry: Entry) -> str:
    return f"{entry.term}[{entry.traditional}]" if entry.traditional else entry.term


def numbered_pinyin(reading: str) -> str:
    """'yǒng yuǎn de shén' -> 'yong3yuan3de5shen2'; Latin tokens keep a space around them."""
    tokens = pinyin.marked_to_numbered(reading).split()
    out = ""
    for token in tokens:
        if out and not (out[-1].isdigit() and token[-1].isdigit()):
            out += " "
        out += token
    return out


def definition(entry: Entry) -> str:
    lines = [entry.meaning]
    if entry.is_rude:
        lines[0] += f" ({entry.register.upper()}: offensive, know it but don't use it casually)"
    lines.append(entry.explanation)
    if entry.examples:
        example = entry.examples[0]
        lines.append(f"{example.zh} {example.pinyin} — {example.en}")
    return PLECO_NEWLINE.join(_clean(line) for line in lines)


def render(entries: Sequence[Entry]) -> bytes:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.tags[0] if entry.tags else "other", []).append(entry)
    lines = []
    for tag, members in groups.items():
        lines.append(f"//{ROOT_CATEGORY}/{tag}")
        for entry in members:
            lines.append("\t".join((_clean(headword(entry)), numbered_pinyin(entry.pinyin),
                                    definition(entry))))
    return ("\n".join(lines) + "\n").encode("utf-8")
