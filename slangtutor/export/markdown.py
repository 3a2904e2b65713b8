"""A printable Markdown study sheet: entries grouped by tag, with pinyin and one example each.

Each entry appears once, under its first tag (the dataset lists the main one first); its other
tags are named on its line. Text from the dataset is escaped so that `*`, `_`, `[` or `|` print
as typed in any Markdown renderer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from slangtutor import __version__
from slangtutor.models import TAGS, Entry

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(?:([#+\-=>])|(\d+)([.)]))")
TAG_TITLES = {
    "numbers": "Number codes",
    "abbreviations": "Letter abbreviations",
    "homophones": "Homophones and puns",
    "memes": "Memes",
    "work-life": "Work and life",
    "emotions": "Emotions",
    "relationships": "Relationships",
    "shopping": "Shopping",
    "platform": "Platform talk",
    "fandom": "Fandom",
    "censorship": "Censorship and getting around it",
    "ground-rules": "Ground rules",
    "phrases": "Everyday phrases",
    "rednote": "RedNote",
}


def escape(text: str) -> str:
    """Backslash-escape what Markdown would read as markup; whitespace runs become one space.

    Inline markup characters anywhere; `#`, `+`, `-`, `=`, `>` and `1.` only at the start, where
    they would begin a heading, list or quote.
    """
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(
        lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def _anchor(tag: str) -> str:
    return f"tag-{tag}"


def entry_block(entry: Entry, primary: str) -> str:
    head = f"**{escape(entry.term)}**"
    if entry.traditional:
        head += f" ({escape(entry.traditional)})"
    head += f" · *{escape(entry.pinyin)}* — {escape(entry.meaning)}"
    if entry.is_rude:
        head += f" ⚠ **{entry.register}**: offensive, know it but don't use it casually"
    lines = [f"- {head}"]
    if entry.examples:
        example = entry.examples[0]
        lines.append(f"  > {escape(example.zh)}  ")
        lines.append(f"  > *{escape(example.pinyin)}*  ")
        lines.append(f"  > {escape(example.en)}")
    others = [t for t in entry.tags if t != primary]
    if others:
        lines.append(f"\n  Also under: {', '.join(escape(t) for t in others)}")
    return "\n".join(lines)


def render(entries: Sequence[Entry], title: str = "Chinese internet slang") -> bytes:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.tags[0] if entry.tags else "other", []).append(entry)
    order = [t for t in TAGS if t in groups] + sorted(t for t in groups if t not in TAGS)
    count = len(entries)
    out = [
        f"# {escape(title)}",
        "",
        f"{count} entr{'y' if count == 1 else 'ies'}, grouped by topic. "
        f"Made with slangtutor {__version__}.",
        "",
    ]
    for tag in order:
        out.append(f"- [{TAG_TITLES.get(tag, tag)}](#{_anchor(tag)}) ({len(groups[tag])})")
    for tag in order:
        out.extend(["", f'<a id="{_anchor(tag)}"></a>', "",
                    f"## {TAG_TITLES.get(tag, escape(tag))}", ""])
        blocks = [entry_block(entry, tag) for entry in groups[tag]]
        out.append("\n\n".join(blocks))
    return ("\n".join(out) + "\n").encode("utf-8")
