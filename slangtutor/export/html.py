"""HTML pieces shared by the flashcard exports (Anki .apkg and Anki-ready CSV/TSV).

Everything user-visible is escaped with `html.escape`; the only markup is ours. Pinyin syllables
are wrapped in spans carrying their tone, either as a class (`tone1`..`tone5`, coloured by the
note type's CSS) or as an inline colour (for CSV rows that may land in any note type).
"""

from __future__ import annotations

import html
import re

from slangtutor.text import pinyin
from slangtutor.models import Entry

# Tone colours as hex, tones 1-4 then neutral (5), for a light and a dark background. The same
# schemes as the terminal's (render.TONE_SCHEMES): Pleco, MDBG, Hanping.
TONE_HEX: dict[str, dict[int, str]] = {
    "pleco": {1: "#e30000", 2: "#02b31c", 3: "#1510f0", 4: "#8900bf", 5: "#777777"},
    "mdbg": {1: "#e30000", 2: "#d97700", 3: "#02a01c", 4: "#1510f0", 5: "#777777"},
    "hanping": {1: "#1e6cf0", 2: "#02a01c", 3: "#d97700", 4: "#e30000", 5: "#777777"},
    "none": {},
}
TONE_HEX_NIGHT: dict[str, dict[int, str]] = {
    "pleco": {1: "#ff6b6b", 2: "#5fe07a", 3: "#7f9bff", 4: "#d07bff", 5: "#aaaaaa"},
    "mdbg": {1: "#ff6b6b", 2: "#ffae4d", 3: "#5fe07a", 4: "#7f9bff", 5: "#aaaaaa"},
    "hanping": {1: "#7fb0ff", 2: "#5fe07a", 3: "#ffae4d", 4: "#ff6b6b", 5: "#aaaaaa"},
    "none": {},
}
_PUNCTUATION = ".,!?;:'\"()[]…~"


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)  # only text nodes: no user text in attributes


def pinyin_html(reading: str, scheme: str = "pleco", inline: bool = False) -> str:
    """Tone-marked pinyin as HTML, each syllable in a span of its tone.

    `inline=False` gives `<span class="tone2">qiáng</span>` (the note type's CSS colours it);
    `inline=True` gives `style="color:#..."` for the scheme, for rows imported into any note type.
    Scheme "none" gives plain escaped text. Latin tokens and punctuation stay uncoloured.
    """
    colours = TONE_HEX.get(scheme, TONE_HEX["pleco"])
    if not colours:
        return esc(reading)
    out = []
    for token in reading.split(" "):
        core = token.strip(_PUNCTUATION)
        if core and pinyin.is_syllable(core):
            start = token.index(core)
            tone = pinyin.tone_of(core)
            attribute = f'style="color:{colours[tone]}"' if inline else f'class="tone{tone}"'
            out.append(f"{esc(token[:start])}<span {attribute}>{esc(core)}</span>"
                       f"{esc(token[start + len(core):])}")
        else:
            out.append(esc(token))
    return " ".join(out)


def highlight_forms(text: str, entry: Entry) -> str:
    """Escape `text` and put the entry's written forms in it in <b>, longest form first."""
    forms = sorted({f for f in entry.forms() if f}, key=len, reverse=True)
    if not forms:
        return esc(text)
    pattern = re.compile("|".join(re.escape(f) for f in forms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(esc(text[last:match.start()]))
        out.append(f"<b>{esc(match.group(0))}</b>")
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def examples_html(entry: Entry, scheme: str = "pleco", inline: bool = False,
                  limit: int | None = None) -> str:
    """Each example as hanzi (the term in bold), tone-coloured pinyin and English."""
    parts = []
    for example in entry.examples[:limit]:
        parts.append(
            '<div class="example">'
            f'<div class="zh" lang="zh-Hans">{highlight_forms(example.zh, entry)}</div>'
            f'<div class="py">{pinyin_html(example.pinyin, scheme, inline)}</div>'
            f'<div class="en">{esc(example.en)}</div>'
            "</div>"
        )
    return "".join(parts)


def origin_text(entry: Entry) -> str:
    """'homophone of 绷不住了 bēng bu zhù le', escaped."""
    if entry.source_form:
        return f"{esc(entry.origin)} of {esc(entry.source_form)}"
    return esc(entry.origin)


def register_text(entry: Entry) -> str:
    if entry.is_rude:
        return (f'<span class="rude">⚠ {esc(entry.register)}: offensive, know it but '
                "don't use it casually</span>")
    return esc(entry.register)


def anki_tags(entry: Entry) -> list[str]:
    """The entry's tags as Anki tags (no spaces allowed), plus `rude`/`vulgar` when it is one."""
    tags = ["_".join(tag.split()) for tag in entry.tags]
    if entry.is_rude and entry.register not in tags:
        tags.append(entry.register)
    return tags


def note_fields(entry: Entry, scheme: str = "pleco", inline: bool = False) -> dict[str, str]:
    """The note type's fields for one entry, in field order, as HTML."""
    return {
        "Term": esc(entry.term),
        "Traditional": esc(entry.traditional),
        "Pinyin": pinyin_html(entry.pinyin, scheme, inline),
        "Meaning": esc(entry.meaning),
        "Explanation": esc(entry.explanation),
        "Examples": examples_html(entry, scheme, inline),
        "Tags": esc(", ".join(entry.tags)),
        "Aliases": esc(", ".join(entry.aliases)),
        "Literal": esc(entry.literal),
        "Origin": origin_text(entry),
        "Register": register_text(entry),
    }


FIELD_NAMES = (
    "Term", "Traditional", "Pinyin", "Meaning", "Explanation", "Examples", "Tags", "Aliases",
    "Literal", "Origin", "Register",
)
