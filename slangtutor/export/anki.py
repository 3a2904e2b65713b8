"""Anki .apkg export with genanki.

Re-importing a newer export updates the notes already in the learner's collection and never
duplicates them:

- The note type and the deck have fixed ids (`MODEL_ID`, `DECK_ID`, drawn once at random in
  genanki's recommended range and never to be changed), and the note type a fixed name
  (`NOTETYPE_NAME`, which the CSV export names too).
- Each note's GUID is `genanki.guid_for("slangtutor", entry.id)`: entry ids are stable by the
  dataset's rules, so the same entry always lands on the same note.
- Anki's importer, with its default options, only updates a note when the incoming one has a newer
  modification time. genanki stamps every note with the export time, which would rewrite every
  note on every import (or, with a fixed time, none ever). Instead each note carries the time its
  content last changed: a hash of the note's fields and tags is kept per entry id in
  `SLANGTUTOR_HOME/anki-note-times.json`; an entry whose hash is unchanged keeps its old time, a
  new or changed one gets `max(now, previous + 1)`, so it is always strictly newer than anything
  exported before. The note type is stamped the same way from a hash of its templates and CSS.
  Without that file (another machine) every note simply counts as changed once.

genanki is imported inside the functions that need it.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from slangtutor import __version__
from slangtutor.export import html
from slangtutor.models import Entry

MODEL_ID = 1_607_392_319
DECK_ID = 2_059_400_110
NOTETYPE_NAME = "slangtutor"
DEFAULT_DECK = "Chinese internet slang (slangtutor)"
GUID_NAMESPACE = "slangtutor"
STAMPS_FILE = "anki-note-times.json"

# Hanzi need a font with the right regional glyphs; lang="zh-Hans"/"zh-Hant" on the elements lets
# the browser engine pick them, this stack names the common ones on every platform Anki runs on.
CJK_FONTS_SC = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
                '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Heiti SC"')
CJK_FONTS_TC = ('"Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "PingFang TC", '
                '"Microsoft JhengHei", "Heiti TC"')

RECOGNITION_FRONT = """\
<div class="kind">slang → meaning</div>
<div class="term" lang="zh-Hans">{{Term}}</div>
{{#Traditional}}<div class="traditional" lang="zh-Hant">{{Traditional}}</div>{{/Traditional}}
"""
RECALL_FRONT = """\
<div class="kind">meaning → slang</div>
<div class="meaning">{{Meaning}}</div>
"""
DETAILS = """\
<div class="register">{{Register}}</div>
{{#Literal}}<div class="fact"><span class="label">literally</span> {{Literal}}</div>{{/Literal}}
<div class="fact"><span class="label">origin</span> {{Origin}}</div>
{{#Aliases}}<div class="fact"><span class="label">also written</span> \
<span lang="zh-Hans">{{Aliases}}</span></div>{{/Aliases}}
<div class="explanation">{{Explanation}}</div>
<div class="examples">{{Examples}}</div>
<div class="tags">{{Tags}}</div>
"""
RECOGNITION_BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="pinyin">{{Pinyin}}</div>
<div class="meaning">{{Meaning}}</div>
""" + DETAILS
RECALL_BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="term" lang="zh-Hans">{{Term}}</div>
{{#Traditional}}<div class="traditional" lang="zh-Hant">{{Traditional}}</div>{{/Traditional}}
<div class="pinyin">{{Pinyin}}</div>
""" + DETAILS
TEMPLATES = [
    {"name": "Recognition (slang → meaning)", "qfmt": RECOGNITION_FRONT,
     "afmt": RECOGNITION_BACK},
    {"name": "Recall (meaning → slang)", "qfmt": RECALL_FRONT, "afmt": RECALL_BACK},
]


def css(scheme: str = "pleco") -> str:
    """The note type's CSS: CJK-safe fonts, tone colours for the scheme (light and night mode)."""
    rules = [
        f""".card {{
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, {CJK_FONTS_SC}, sans-serif;
  font-size: 20px; line-height: 1.5; text-align: center; color: #222; background: #fff;
}}
[lang="zh-Hans"] {{ font-family: {CJK_FONTS_SC}, sans-serif; }}
[lang="zh-Hant"] {{ font-family: {CJK_FONTS_TC}, {CJK_FONTS_SC}, sans-serif; }}
.kind {{ font-size: 13px; color: #888; text-transform: uppercase; letter-spacing: 0.05em; }}
.term {{ font-size: 48px; margin: 0.2em 0; }}
.traditional {{ font-size: 28px; color: #666; }}
.pinyin {{ font-size: 26px; margin: 0.2em 0; }}
.meaning {{ font-size: 24px; font-weight: bold; margin: 0.3em 0; }}
.register {{ font-size: 15px; color: #666; }}
.rude {{ color: #fff; background: #c0392b; padding: 0.1em 0.4em; border-radius: 4px; }}
.fact {{ font-size: 16px; color: #444; }}
.label {{ color: #888; }}
.explanation {{ font-size: 17px; text-align: left; max-width: 36em; margin: 0.8em auto; }}
.examples {{ text-align: left; max-width: 36em; margin: 0 auto; }}
.example {{ margin: 0.6em 0; padding-left: 0.6em; border-left: 3px solid #ddd; }}
.example .zh {{ font-size: 22px; }}
.example .py {{ font-size: 16px; }}
.example .en {{ font-size: 16px; font-style: italic; color: #555; }}
.tags {{ font-size: 12px; color: #999; margin-top: 1em; }}
.nightMode.card, .night_mode .card {{ color: #eee; background: #2f2f31; }}
.nightMode .traditional, .night_mode .traditional, .nightMode .register,
.night_mode .register, .nightMode .fact, .night_mode .fact {{ color: #bbb; }}
.nightMode .example .en, .night_mode .example .en {{ color: #ccc; }}"""
    ]
    day = html.TONE_HEX.get(scheme, {})
    night = html.TONE_HEX_NIGHT.get(scheme, {})
    for tone in sorted(day):
        rules.append(f".tone{tone} {{ color: {day[tone]}; }}")
        rules.append(f".nightMode .tone{tone}, .night_mode .tone{tone} "
                     f"{{ color: {night[tone]}; }}")
    return "\n".join(rules) + "\n"


def note_guid(entry_id: str) -> str:
    """The Anki note GUID of an entry: stable for as long as the entry id is."""
    from genanki import guid_for

    return guid_for(GUID_NAMESPACE, entry_id)


def content_hash(*parts) -> str:
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


# Note times are whole Unix seconds; a value outside these is damage, not a time.
_STAMP_RANGE = range(0, 1 << 40)


def _is_stamp(value: object) -> bool:
    """[content digest, seconds] as the stamps file stores them."""
    return (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and len(value[0]) <= 128 and type(value[1]) is int and value[1] in _STAMP_RANGE)


@dataclass(frozen=True)
class Stamps:
    """When each note's content (and the note type's) last changed, in whole Unix seconds."""

    notes: dict[str, tuple[str, int]]
    notetype: tuple[str, int] | None = None
    dropped: int = 0  # items of a damaged file that could not be used (0 for a sound one)

    @classmethod
    def from_json(cls, payload: object) -> Stamps:
        """Read the stamps file's content; anything malformed counts as no history."""
        if not isinstance(payload, dict):
            return cls({}, dropped=payload is not None)
        notes = {}
        dropped = 0
        given = payload.get("notes") or {}
        if not isinstance(given, dict):
            given, dropped = {}, 1
        for key, value in given.items():
            if isinstance(key, str) and _is_stamp(value):
                notes[key] = (value[0], value[1])
            else:
                dropped += 1
        notetype = payload.get("notetype")
        if notetype is not None and not _is_stamp(notetype):
            notetype, dropped = None, dropped + 1
        return cls(notes, tuple(notetype) if notetype else None, dropped=dropped)

    def to_json(self) -> dict:
        return {
            "notes": {key: list(value) for key, value in sorted(self.notes.items())},
            "notetype": list(self.notetype) if self.notetype else None,
        }


def stamp_for(previous: tuple[str, int] | None, digest: str, now: int) -> int:
    """Keep the old time for unchanged content; otherwise a time strictly after the old one."""
    if previous is None:
        return now
    old_digest, old_stamp = previous
    if old_digest == digest:
        return old_stamp
    return max(now, old_stamp + 1)


def build_apkg(entries: Sequence[Entry], now: float, stamps: Stamps, scheme: str = "pleco",
               deck_name: str = DEFAULT_DECK) -> tuple[bytes, Stamps]:
    """The .apkg file's bytes for `entries`, and the stamps to remember for the next export.

    `now` is the export time (seconds since the epoch); `stamps` the previous export's.
    """
    import genanki

    seconds = int(now)
    style = css(scheme)
    type_digest = content_hash(NOTETYPE_NAME, TEMPLATES, style)
    type_stamp = stamp_for(stamps.notetype, type_digest, seconds)

    class StampedModel(genanki.Model):
        def to_json(self, timestamp, deck_id):
            return super().to_json(type_stamp, deck_id)

    class StampedNote(genanki.Note):
        stamp = seconds

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):
            # The note and its cards carry the time their content last changed (see above).
            super().write_to_db(cursor, self.stamp, deck_id, id_gen)

    model = StampedModel(
        MODEL_ID,
        NOTETYPE_NAME,
        fields=[{"name": name} for name in html.FIELD_NAMES],
        templates=TEMPLATES,
        css=style,
        sort_field_index=0,
    )
    count = len(entries)
    deck = genanki.Deck(
        DECK_ID,
        deck_name,
        description=(f"Chinese internet slang from slangtutor {__version__}: {count} "
                     f"entr{'y' if count == 1 else 'ies'}. Import a newer export to update "
                     "these notes; your reviews are kept."),
    )
    new_notes = dict(stamps.notes)
    for entry in entries:
        fields = list(html.note_fields(entry, scheme).values())
        tags = html.anki_tags(entry)
        digest = content_hash(fields, tags)
        note = StampedNote(model=model, fields=fields, tags=tags, guid=note_guid(entry.id))
        note.stamp = stamp_for(stamps.notes.get(entry.id), digest, seconds)
        new_notes[entry.id] = (digest, note.stamp)
        deck.add_note(note)

    # genanki's Package.write_to_file leaves its SQLite file behind in the temp folder; build the
    # collection in memory and zip it ourselves instead.
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        genanki.Package(deck).write_to_db(cursor, seconds, itertools.count(seconds * 1000))
        connection.commit()
        database = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", database)
        archive.writestr("media", "{}")
    return buffer.getvalue(), Stamps(new_notes, (type_digest, type_stamp))
