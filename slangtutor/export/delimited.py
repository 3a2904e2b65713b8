"""CSV and TSV in Anki's text-import form, and Quizlet's term/definition TSV.

The Anki file starts with header lines that Anki (2.1.55 and later) reads before showing the
import dialog, so it maps everything without questions:

    #separator:comma            (or tab)
    #html:true
    #notetype:slangtutor        the .apkg's note type, when the collection has it
    #deck:Chinese internet slang (slangtutor)
    #columns:Front,Back,Term,...   column names; Anki maps columns to fields by these names
    #guid column:14             the same GUIDs as the .apkg, so either import updates the other
    #tags column:15

Columns named after the slangtutor note type's fields fill it when the learner has imported the
.apkg once. Without that note type Anki falls back to the collection's current one (Basic in a new
collection), whose fields `Front` and `Back` the first two columns fill: a working card either way.
No row starts with `#` (Anki would read it as a comment): the first column is always HTML.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from slangtutor.export import html
from slangtutor.export.anki import DEFAULT_DECK, NOTETYPE_NAME, note_guid
from slangtutor.models import Entry

COLUMNS = ("Front", "Back", *html.FIELD_NAMES, "GUID", "Anki tags")
SEPARATOR_NAMES = {",": "comma", "\t": "tab"}


def _one_line(text: str) -> str:
    """Rows never span lines: HTML needs no newlines, plain text gets spaces."""
    return " ".join(text.split())


def front_html(entry: Entry) -> str:
    front = f'<div class="term" lang="zh-Hans">{html.esc(entry.term)}</div>'
    if entry.traditional:
        front += f'<div class="traditional" lang="zh-Hant">{html.esc(entry.traditional)}</div>'
    return front


def back_html(entry: Entry, scheme: str) -> str:
    """The answer side for a plain Front/Back note type: pinyin, meaning, register, use, example."""
    parts = [
        f'<div class="pinyin">{html.pinyin_html(entry.pinyin, scheme, inline=True)}</div>',
        f'<div class="meaning"><b>{html.esc(entry.meaning)}</b></div>',
    ]
    if entry.is_rude:
        parts.append(f"<div>{html.register_text(entry)}</div>")
    parts.append(f'<div class="explanation">{html.esc(entry.explanation)}</div>')
    parts.append(html.examples_html(entry, scheme, inline=True, limit=1))
    return "".join(parts)


def anki_rows(entries: Sequence[Entry], scheme: str) -> list[list[str]]:
    rows = []
    for entry in entries:
        fields = html.note_fields(entry, scheme, inline=True)
        rows.append([
            front_html(entry),
            back_html(entry, scheme),
            *fields.values(),
            note_guid(entry.id),
            " ".join(html.anki_tags(entry)),
        ])
    return rows


def render_anki_text(entries: Sequence[Entry], separator: str = ",", scheme: str = "pleco",
                     deck_name: str = DEFAULT_DECK) -> bytes:
    """An Anki text-import file (CSV with `separator` ',' or TSV with '\\t'), UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n",
                        quoting=csv.QUOTE_MINIMAL)
    header = io.StringIO()
    csv.writer(header, delimiter=separator, lineterminator="").writerow(COLUMNS)
    buffer.write(f"#separator:{SEPARATOR_NAMES[separator]}\n")
    buffer.write("#html:true\n")
    buffer.write(f"#notetype:{NOTETYPE_NAME}\n")
    buffer.write(f"#deck:{_one_line(deck_name)}\n")
    buffer.write(f"#columns:{header.getvalue()}\n")
    buffer.write(f"#guid column:{COLUMNS.index('GUID') + 1}\n")
    buffer.write(f"#tags column:{COLUMNS.index('Anki tags') + 1}\n")
    for row in anki_rows(entries, scheme):
        writer.writerow([_one_line(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def quizlet_definition(entry: Entry) -> str:
    definition = f"{entry.pinyin} — {entry.meaning}"
    if entry.is_rude:
        definition += f" [{entry.register}]"
    return definition


def render_quizlet(entries: Sequence[Entry]) -> bytes:
    """Quizlet's import text: `term<TAB>definition`, one card a line, no header.

    Paste it into Quizlet's "Import" box with "Between term and definition: Tab" and "Between
    cards: New line" (Quizlet's defaults). The term shows traditional in brackets when it differs.
    """
    lines = []
    for entry in entries:
        term = entry.term if not entry.traditional else f"{entry.term} ({entry.traditional})"
        lines.append(f"{_one_line(term)}\t{_one_line(quizlet_definition(entry))}")
    return ("\n".join(lines) + "\n").encode("utf-8")
