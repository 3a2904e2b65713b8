"""Rich output: entry panels, tone-coloured pinyin, tables. Formatting only, no lookups."""

from __future__ import annotations

import os
import sys

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from slangtutor.text import pinyin
from slangtutor.models import Entry

# Tone colours by scheme: tones 1-4, then the neutral tone (5).
TONE_SCHEMES: dict[str, dict[int, str]] = {
    # Pleco's default: 1 red, 2 green, 3 blue, 4 purple, neutral grey.
    "pleco": {1: "red", 2: "green", 3: "blue", 4: "magenta", 5: "grey50"},
    # MDBG's: 1 red, 2 orange, 3 green, 4 blue, neutral grey.
    "mdbg": {1: "red", 2: "dark_orange", 3: "green", 4: "blue", 5: "grey50"},
    # Hanping's: 1 blue, 2 green, 3 orange, 4 red, neutral grey.
    "hanping": {1: "blue", 2: "green", 3: "dark_orange", 4: "red", 5: "grey50"},
    # No colours at all, whatever the terminal can do.
    "none": {},
}
REGISTER_STYLE = {
    "neutral": "green",
    "playful": "cyan",
    "sarcastic": "yellow",
    "rude": "bold red",
    "vulgar": "bold white on red",
}


def make_console(stderr: bool = False) -> Console:
    """A console that colours only a real terminal and honours NO_COLOR (rich reads it too)."""
    from slangtutor.streams import MIN_COLUMNS

    stream = sys.stderr if stderr else sys.stdout
    no_color = bool(os.environ.get("NO_COLOR"))
    console = Console(file=stream, no_color=no_color, highlight=False, soft_wrap=False)
    if console.width < MIN_COLUMNS:  # a terminal a few columns wide: wrap at a usable width
        console.width = MIN_COLUMNS
    return console


def tone_text(reading: str, scheme: str = "pleco") -> Text:
    """Pinyin with each syllable coloured by its tone; Latin tokens and punctuation plain."""
    colours = TONE_SCHEMES.get(scheme, TONE_SCHEMES["pleco"])
    text = Text()
    for number, token in enumerate(reading.split(" ")):
        if number:
            text.append(" ")
        core = token.strip(".,!?;:'\"()[]…~")
        if core and pinyin.is_syllable(core):
            start = token.index(core)
            text.append(token[:start])
            text.append(core, style=colours.get(pinyin.tone_of(core), ""))
            text.append(token[start + len(core) :])
        else:
            text.append(token)
    return text


def _heading(entry: Entry, scheme: str) -> Text:
    heading = Text(entry.term, style="bold")
    if entry.traditional:
        heading.append(f"  {entry.traditional}", style="dim")
    heading.append("   ")
    heading.append_text(tone_text(entry.pinyin, scheme))
    return heading


def register_badge(entry: Entry) -> Text:
    if entry.is_rude:
        label = "VULGAR" if entry.register == "vulgar" else "RUDE"
        return Text(f" ⚠ {label}: offensive, know it but don't use it casually ",
                    style=REGISTER_STYLE[entry.register])
    return Text(entry.register, style=REGISTER_STYLE.get(entry.register, ""))


def entry_panel(entry: Entry, related: list[Entry], scheme: str = "pleco") -> Panel:
    """The full view of one entry, as `slangtutor lookup` shows it."""
    parts: list = [_heading(entry, scheme), Text()]
    parts.append(Text(entry.meaning, style="bold"))
    if entry.is_rude:
        parts.append(register_badge(entry))
    parts.append(Text())
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    if entry.literal:
        facts.add_row("literally", entry.literal)
    if entry.everyday:
        facts.add_row("everyday", entry.everyday)
    origin = Text(entry.origin)
    if entry.source_form:
        origin.append(" of ")
        origin.append(entry.source_form, style="italic")
    facts.add_row("origin", origin)
    if not entry.is_rude:
        facts.add_row("register", register_badge(entry))
    if entry.aliases:
        facts.add_row("also written", ", ".join(entry.aliases))
    if entry.since:
        facts.add_row("since", str(entry.since))
    facts.add_row("tags", ", ".join(entry.tags))
    parts.append(facts)
    parts.append(Text())
    parts.append(Text(entry.explanation))
    for example in entry.examples:
        parts.append(Text())
        parts.append(Text(f"  {example.zh}"))
        line = Text("  ")
        line.append_text(tone_text(example.pinyin, scheme))
        parts.append(line)
        parts.append(Text(f"  {example.en}", style="italic"))
    if related:
        parts.append(Text())
        see = Text("see also  ", style="dim")
        for number, other in enumerate(related):
            if number:
                see.append(" · ")
            see.append(other.term, style="bold")
            see.append(" ")
            see.append_text(tone_text(other.pinyin, scheme))
        parts.append(see)
    border = "red" if entry.is_rude else "cyan"
    return Panel(Group(*parts), title=entry.id, title_align="right", border_style=border,
                 expand=False)


def entry_table(entries: list[Entry], scheme: str = "pleco", title: str | None = None) -> Table:
    """A compact table of entries: term, pinyin, meaning, register."""
    table = Table(title=title, title_justify="left", show_edge=False, header_style="bold")
    table.add_column("term", max_width=16, overflow="fold")
    table.add_column("pinyin", max_width=22)
    table.add_column("meaning", min_width=20, ratio=1)
    table.add_column("register", no_wrap=True, min_width=9)
    for entry in entries:
        term = Text(entry.term)
        if entry.traditional:
            term.append(f" {entry.traditional}", style="dim")
        table.add_row(term, tone_text(entry.pinyin, scheme), entry.meaning,
                      Text(entry.register, style=REGISTER_STYLE.get(entry.register, "")))
    return table


def suggestion_line(entries: list[Entry], scheme: str = "pleco") -> Text:
    line = Text("Did you mean: ")
    for number, entry in enumerate(entries):
        if number:
            line.append(", ")
        line.append(entry.term, style="bold")
        line.append(" (")
        line.append_text(tone_text(entry.pinyin, scheme))
        line.append(f", {entry.meaning})")
    line.append("?")
    return line


# ---------------------------------------------------------------------------------------------
# slangtutor annotate

SLANG_STYLE = "bold yellow"
GUESS_STYLE = "italic cyan"


def _cell(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def interlinear(annotation, scheme: str = "pleco", width: int = 80) -> list[Text]:
    """Pinyin over each word, aligned for double-width hanzi, wrapped to `width` columns.

    Returns pairs of lines (pinyin, text) for each row; slang is highlighted.
    """
    rows: list[list[tuple[Text, Text, int]]] = [[]]
    used = 0
    for token in annotation.tokens:
        if token.text.isspace():
            if "\n" in token.text:
                rows.append([])
                used = 0
            continue
        reading = token.pinyin or ""
        cell = max(_cell(token.text), _cell(reading))
        if rows[-1] and used + cell > width:
            rows.append([])
            used = 0
        style = SLANG_STYLE if token.kind == "slang" else (GUESS_STYLE if token.guess else "")
        top = tone_text(reading, scheme) if reading else Text()
        bottom = Text(token.text, style=style)
        rows[-1].append((top, bottom, cell))
        used += cell + 1
    lines: list[Text] = []
    for row in rows:
        if not row:
            continue
        top_line, bottom_line = Text(), Text()
        for number, (top, bottom, cell) in enumerate(row):
            if number:
                top_line.append(" ")
                bottom_line.append(" ")
            top_line.append_text(top)
            top_line.append(" " * (cell - _cell(top.plain)))
            bottom_line.append_text(bottom)
            bottom_line.append(" " * (cell - _cell(bottom.plain)))
        top_line.rstrip()
        bottom_line.rstrip()
        lines.extend([top_line, bottom_line])
    return lines


def annotation_view(annotation, entries: dict[str, Entry], scheme: str = "pleco",
                    width: int = 80, words: bool = True) -> list:
    """Everything `slangtutor annotate` prints for one line: interlinear, slang, glosses."""
    out: list = interlinear(annotation, scheme, width)
    seen: set[str] = set()
    slang_lines: list = []
    for hit in annotation.slang:
        if hit.id in seen:
            continue
        seen.add(hit.id)
        entry = entries[hit.id]
        line = Text()
        line.append(entry.term, style=SLANG_STYLE)
        if entry.traditional:
            line.append(f" {entry.traditional}", style="dim")
        line.append("  ")
        line.append_text(tone_text(entry.pinyin, scheme))
        line.append("  ")
        maybe = hit.confidence == "maybe"
        if maybe:
            line.append("maybe slang: ", style="dim")
        line.append(entry.meaning, style="bold")
        slang_lines.append(Padding(line, (0, 0, 0, 2), expand=False))  # wraps indented
        if maybe:
            # Both senses, and briefly why the line leaves them open.
            everyday = entry.everyday or "the ordinary word"
            slang_lines.append(Padding(Text(f"or everyday: {everyday}"), (0, 0, 0, 4),
                                       expand=False))
            if hit.evidence:
                slang_lines.append(Padding(Text(f"why: {'; '.join(hit.evidence)}",
                                                style="italic"), (0, 0, 0, 4), expand=False))
        if entry.is_rude:
            slang_lines.append(Padding(register_badge(entry), (0, 0, 0, 4), expand=False))
        slang_lines.append(Padding(Text(entry.explanation, style="dim"), (0, 0, 0, 4),
                                   expand=False))
    if slang_lines:
        out.append(Text())
        out.append(Text("slang", style="bold underline"))
        out.extend(slang_lines)
    if words:
        gloss_lines: list[Text] = []
        listed: set[str] = set()
        for token in annotation.tokens:
            if token.kind == "slang" or not token.gloss or token.text in listed:
                continue
            listed.add(token.text)
            line = Text("  ")
            line.append(token.text, style=GUESS_STYLE if token.guess else "bold")
            if token.pinyin:
                line.append("  ")
                line.append_text(tone_text(token.pinyin, scheme))
            line.append("  ")
            line.append(token.gloss)
            if token.hint:
                hint = entries[token.hint]
                line.append(f"  (slang in chatty posts: {hint.meaning})", style="dim")
            line.truncate(width, overflow="ellipsis")
            gloss_lines.append(line)
        if gloss_lines:
            out.append(Text())
            out.append(Text("words", style="bold underline"))
            out.extend(gloss_lines)
    return out
