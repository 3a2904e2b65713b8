"""Text -> tokens with pinyin, glosses and the slang found. No terminal I/O.

Which matches count as slang (the detection rule, tested both ways in tests/test_annotate.py):

- A form with Latin letters or digits (yyds, 666, 栓Q, u1s1) is slang, except a number code
  used as a number (666名, 第520, 250元) and an English word (get, flag) in a line with no hanzi.
- The spelled-out phrase of a letter abbreviation (不知道 for bzd, 对不起 for dbq) is plain
  Chinese, never slang: the token keeps the entry only as a hint.
- Any other hanzi form is slang, unless it is also everyday Chinese: a single character (墙, 蹲,
  亲), a word jieba's dictionary knows as common (绿茶, 谢谢, 网友), or a neutral everyday
  phrase (不客气). Such a "weak" form counts as slang only in a line that reads like an internet
  comment: another slang term, an emoji, laughter (哈哈, hhh, 233), doubled !!/?? or a tilde, or a
  chatty particle (啊, 呀, 啦, 呢...) ending the line. Otherwise it stays a plain word, with the
  entry kept as a hint.

Pinyin: our curated pinyin for dataset terms, pypinyin with its phrase dictionary for other
words (memoised in the lexicon, so later runs need not import pypinyin). Glosses: the dataset's
meaning for slang, CC-CEDICT for other words (by reading, so 行 xíng is 'to walk').
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple

from slangtutor import decode, segment
from slangtutor.text import pinyin
from slangtutor.text.keys import form_key
from slangtutor.text.script import HANZI, HANZI_ONLY as _HANZI_ONLY, HANZI_RUN, fold
from slangtutor.errors import SlangTutorError
from slangtutor.models import Entry

KINDS = ("slang", "word", "punct", "latin", "number", "other")
COMMON_FREQ = 10  # jieba frequency from which a hanzi form is an everyday word
MAX_LINE = 20_000  # characters; longer lines are annotated in pieces (bounded memory)
READ_SIZE = 1 << 16

_HANZI_SPLIT = re.compile(f"({HANZI_RUN.pattern})")
INFORMAL = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF]"  # emoji and pictographs
    r"|哈哈|嘿嘿|呵呵|嘻嘻|呜呜|嘤嘤|hhh|233"  # laughter, crying
    r"|[!！?？]{2,}|[~～]"  # doubled !! ?? and the tilde
    r"|[啊呀啦哇嘛呢哈捏哒惹吖鸭噢哦哟嘞呐][\s!！?？~～。.…]*$",  # a chatty particle ending the line
    re.IGNORECASE,
)
# After a number, these make it a count, date or price, not a code: 666名, 520元, 94年.
UNITS = frozenset("年月日号號时時点點分秒天周週岁歲元块塊角万萬亿億千百个個名位人次件条條张張只隻台"
                  "辆輛部米克斤吨噸度层層楼樓届屆期章节節页頁字多余餘%％")
BEFORE_NUMBER = frozenset("第￥¥$#№")
# A neutral phrase with only these tags is everyday Chinese for newcomers (谢谢, 不客气).
EVERYDAY_TAGS = frozenset({"phrases", "ground-rules", "rednote"})


class InputError(SlangTutorError):
    """Input that cannot be read as text: binary data, invalid UTF-8, an empty argument."""


class Token(NamedTuple):
    """One token. A NamedTuple: a long file makes hundreds of thousands of them."""

    text: str
    start: int
    end: int
    pinyin: str | None
    gloss: str | None
    kind: str
    entry: str | None = None  # the dataset id, for slang tokens
    hint: str | None = None  # dataset id of a weak form not counted as slang here
    guess: bool = False  # gloss is a decoder's guess

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "pinyin": self.pinyin,
                "gloss": self.gloss, "kind": self.kind, "entry": self.entry}


@dataclass(frozen=True, slots=True)
class SlangHit:
    id: str
    term: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"id": self.id, "term": self.term, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Annotation:
    text: str
    tokens: tuple[Token, ...]
    slang: tuple[SlangHit, ...]

    def to_dict(self) -> dict:
        return {"text": self.text, "tokens": [t.to_dict() for t in self.tokens],
                "slang": [s.to_dict() for s in self.slang]}


@dataclass(frozen=True, slots=True)
class Form:
    """What a written form points to, and whether it is also everyday language."""

    entry: str
    weak: bool = False
    spelled_out: bool = False  # the hanzi a letter abbreviation stands for: never slang
    number: bool = False  # all digits: a number code
    english: bool = False  # an English word (get, flag): needs hanzi in the line


# ---------------------------------------------------------------------------------------------
# The slang index


@dataclass
class SlangIndex:
    forms: dict[str, Form] = field(default_factory=dict)  # segment.form_key(form) -> Form
    added_words: dict[str, int] = field(default_factory=dict)  # hanzi forms for the segmenter
    latin_forms: list[str] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # number code -> entry id
    phrases: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # initials -> ...


def build_index(entries: Iterable[Entry], lexicon) -> SlangIndex:
    """Index every form of every entry, keyed by `form_key(form)` (simplified, so 翻牆 and 翻墙
    share a key). `lexicon` gives jieba frequencies and English words."""
    entries = list(entries)
    keys = {f: form_key(f) for e in entries for f in e.forms()}
    frequencies = lexicon.frequencies(k for k in keys.values() if _HANZI_ONLY.match(k))
    index = SlangIndex()
    for entry in entries:
        letters_term = entry.term.isascii() and entry.term.replace(" ", "").isalpha()
        everyday_phrase = (entry.origin == "phrase" and entry.register == "neutral"
                           and set(entry.tags) <= EVERYDAY_TAGS)
        for form in entry.forms():
            key = keys[form]
            if not key or key in index.forms:
                continue
            if segment.has_latin_or_digit(form):
                index.latin_forms.append(form)
                is_number = key.isdigit()
                if is_number:
                    index.codes[key] = entry.id
                english = key.isalpha() and key.isascii() and lexicon.is_english(key)
                index.forms[key] = Form(entry.id, number=is_number, english=english)
                continue
            common = frequencies.get(key, 0) >= COMMON_FREQ
            spelled_out = letters_term and form != entry.term
            weak = len(key) == 1 or common or everyday_phrase
            index.forms[key] = Form(entry.id, weak=weak, spelled_out=spelled_out)
            if len(key) > 1 and _HANZI_ONLY.match(key):
                index.added_words[key] = max(segment.ADDED_FREQ, frequencies.get(key, 0))
        for phrase, reading in _phrases(entry):
            initials = decode.initials_of(reading)
            if initials:
                index.phrases.setdefault(initials, []).append((phrase, entry.id))
    return index


def _phrases(entry: Entry) -> Iterator[tuple[str, str]]:
    """Hanzi phrases of an entry with their pinyin: the term, and the source form's hanzi."""
    if _HANZI_ONLY.match(entry.term):
        yield entry.term, entry.pinyin
    elif entry.term.isascii():
        for alias in entry.aliases:  # yyds: its alias 永远的神 carries the term's pinyin
            if _HANZI_ONLY.match(alias) and len(alias) == len(entry.pinyin.split()):
                yield alias, entry.pinyin
    if entry.source_form:
        match = re.match(r"^(\S+)\s+(.+)$", entry.source_form)
        if match and _HANZI_ONLY.match(match.group(1)):
            reading = match.group(2).split(",")[0]
            if len(reading.split()) == len(match.group(1)):
                yield match.group(1), reading


# ---------------------------------------------------------------------------------------------
# Readings


class Readings:
    """Pinyin of words: memo, then the lexicon's stored readings, then pypinyin."""

    MEMO_LIMIT = 200_000

    def __init__(self, lexicon):
        self._lexicon = lexicon
        self._memo: dict[str, str] = {}
        self._new: dict[str, str] = {}

    def get(self, words: Iterable[str]) -> dict[str, str]:
        words = set(words)
        if len(self._memo) > self.MEMO_LIMIT:
            self._memo.clear()  # before looking: every word asked for must be in it after
        missing = [w for w in words if w not in self._memo]
        if missing:
            stored = self._lexicon.readings(missing) if self._lexicon else {}
            self._memo.update(stored)
            for word in missing:
                if word not in stored:
                    reading = " ".join(pinyin.hanzi_to_pinyin(word))
                    self._memo[word] = self._new[word] = reading
            if len(self._new) >= 5000:
                self.flush()
        return {w: self._memo[w] for w in words}

    def learn(self, readings: dict[str, str]) -> None:
        """Take readings computed elsewhere (a worker process), to store with our own."""
        self._memo.update(readings)
        self._new.update(readings)

    def flush(self) -> None:
        """Store the readings computed with pypinyin for later runs."""
        if self._new and self._lexicon:
            self._lexicon.store_readings(self._new)
        self._new = {}


# ---------------------------------------------------------------------------------------------
# Annotating


def kind_of(text: str) -> str:
    """The kind of a non-slang token: word, punct, latin, number or other."""
    if HANZI.search(text):
        return "word"
    folded = fold(text)
    if folded.isascii() and folded.isalnum():
        return "number" if folded.isdigit() else "latin"
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)*%?", folded):
        return "number"
    if all(unicodedata.category(c).startswith("P") for c in text):
        return "punct"
    return "other"


_PLAIN_KINDS = frozenset({"word", "punct", "other"})  # kinds that depend on the text alone


class Annotator:
    """Annotates lines of text; holds the segmenter, slang index, lexicon and readings."""

    MEMO_LIMIT = 200_000  # entries per memo; a memo is emptied past this (bounded memory)

    def __init__(self, entries: Iterable[Entry], lexicon, backend: str | None = None,
                 cache_dir=None):
        self.entries = {e.id: e for e in entries}
        self.lexicon = lexicon
        self.index = build_index(self.entries.values(), lexicon)
        self.segmenter = segment.Segmenter(
            self.index.added_words, self.index.latin_forms,
            backend=backend or segment.default_backend(), cache_dir=cache_dir,
        )
        self.readings = Readings(lexicon)
        self._glosses: dict[tuple[str, str | None], str | None] = {}
        self._new_glosses: dict[tuple[str, str | None], str | None] = {}  # to store at close
        self._chunk_info: dict[str, tuple[str, Form | None]] = {}
        self._words: dict[str, tuple[str | None, str | None]] = {}  # chunk -> reading, gloss

    # -- spans and slang ----------------------------------------------------------------------

    def _pieces(self, text: str) -> list[tuple[int, int, str, Form | None]]:
        """(start, end, kind, form) with punctuation, spaces and symbols merged into runs."""
        pieces: list[tuple[int, int, str, Form | None]] = []
        info = self._chunk_info
        if len(info) > self.MEMO_LIMIT:
            info.clear()
        for start, end, _ in self.segmenter.spans(text):
            chunk = text[start:end]
            known = info.get(chunk)
            if known is None:
                form = self._form(chunk)
                known = info[chunk] = ("slang" if form else kind_of(chunk), form)
            kind, form = known
            if pieces and (kind == "punct" or kind == "other") and pieces[-1][2] == kind:
                last = pieces[-1]
                if text[last[0]:last[1]].isspace() == chunk.isspace():
                    pieces[-1] = (last[0], end, kind, None)
                    continue
            pieces.append((start, end, kind, form))
        return pieces

    def _form(self, chunk: str) -> Form | None:
        key = form_key(chunk)
        form = self.index.forms.get(key)
        # hhhhh, 2333333, 66666: a form ending in a doubled letter or digit, drawn out.
        while form is None and len(key) > 2 and key[-1] == key[-2] and key[-1].isascii():
            key = key[:-1]
            if key[-1] == key[-2]:
                form = self.index.forms.get(key)
        return form

    def _counts(self, text: str, pieces, position: int, form: Form, strong_seen: bool) -> bool:
        """Whether a matched form counts as slang here (see the module docstring)."""
        start, end = pieces[position][0], pieces[position][1]
        if form.number:
            after = text[end:end + 1]
            before = text[start - 1:start] if start else ""
            if after in UNITS or before in BEFORE_NUMBER:
                return False
        if form.spelled_out or (form.english and not HANZI.search(text)):
            return False
        if form.weak:
            return strong_seen or bool(INFORMAL.search(text))
        return True

    # -- the main entry point --------------------------------------------------------------------

    def annotate(self, text: str, sandhi: bool = False) -> Annotation:
        """Tokens, pinyin, glosses and slang spans for one line (or any text)."""
        return self.annotate_many([text], sandhi)[0]

    def annotate_many(self, texts: list[str], sandhi: bool = False) -> list[Annotation]:
        """annotate() for a batch of lines, with one dictionary look-up for the whole batch."""
        out = []
        for text, pieces in self._prepared(texts):
            tokens, slang = self._draft(text, pieces)
            if sandhi:
                tokens = spoken(tokens, text)
            out.append(Annotation(text, tuple(tokens), tuple(slang)))
        return out

    def json_many(self, texts: list[str], encoder: JsonLines, sandhi: bool = False) -> str:
        """The JSON Lines of annotate_many(texts), the same text encoder.line gives, with a
        shortcut for lines of plain words and punctuation (most lines of prose): their tokens
        go straight from the segmenter's pieces to JSON, with no Token objects in between."""
        if sandhi:
            return "".join(encoder.line(a) for a in self.annotate_many(texts, sandhi))
        out = []
        for text, pieces in self._prepared(texts):
            if all(form is None and kind in _PLAIN_KINDS for _, _, kind, form in pieces):
                out.append(encoder.plain_line(text, pieces, self._words))
            else:
                tokens, slang = self._draft(text, pieces)
                out.append(encoder.line(Annotation(text, tuple(tokens), tuple(slang))))
        return "".join(out)

    def _prepared(self, texts: list[str]) -> list[tuple[str, list]]:
        """Each text with its pieces, every new word's reading and gloss learnt in one go."""
        batch = [(text, self._pieces(text)) for text in texts]
        words = self._words
        if len(words) > self.MEMO_LIMIT:
            words.clear()
        new = {text[s:e] for text, pieces in batch for s, e, kind, _ in pieces
               if (kind == "word" or kind == "slang") and text[s:e] not in words}
        if new:
            self._learn(new)
        return batch

    def _learn(self, chunks: set[str]) -> None:
        """Readings and glosses of new word chunks, fetched together, kept in the memo."""
        runs = {w for w in chunks if _HANZI_ONLY.match(w)}
        runs.update(r for w in chunks if w not in runs for r in HANZI_RUN.findall(w))
        readings = self.readings.get(runs)
        drafts = {}
        for chunk in chunks:
            reading = readings.get(chunk) or _mixed_pinyin(chunk, readings)
            form = self._form(chunk)
            drafts[chunk] = (reading, form.entry if form else None)
        self._prefetch_glosses(
            Token(chunk, 0, 0, reading, None, "word", None, hint)
            for chunk, (reading, hint) in drafts.items()
        )
        for chunk, (reading, hint) in drafts.items():
            self._words[chunk] = (reading, self._glosses.get((chunk, reading)))

    def _draft(self, text: str, pieces) -> tuple[list[Token], list[SlangHit]]:
        tokens: list[Token] = []
        slang: list[SlangHit] = []
        append = tokens.append
        words = self._words
        strong = False
        if any(form is not None for _, _, _, form in pieces):
            strong = any(
                form and not form.weak and self._counts(text, pieces, i, form, False)
                for i, (_, _, _, form) in enumerate(pieces)
            )
        for position, (start, end, kind, form) in enumerate(pieces):
            chunk = text[start:end]
            if form is not None:
                if self._counts(text, pieces, position, form, strong):
                    entry = self.entries[form.entry]
                    reading = self._slang_pinyin(chunk, entry, words)
                    append(Token(chunk, start, end, reading, entry.meaning, "slang", entry.id))
                    slang.append(SlangHit(entry.id, entry.term, start, end))
                    continue
                kind = kind_of(chunk)
                hint = form.entry
            else:
                hint = None
            if kind == "word":
                reading, gloss = words[chunk]
                append(Token(chunk, start, end, reading, gloss, kind, None, hint))
            elif kind == "punct" or kind == "other":
                append(Token(chunk, start, end, None, None, kind, None, hint))
            else:
                append(self._plain(chunk, start, end, kind, hint, text))
        return tokens, slang

    def _slang_pinyin(self, chunk: str, entry: Entry, words: dict) -> str | None:
        key = form_key(chunk)
        if key == form_key(entry.term) or (
                entry.traditional and key == form_key(entry.traditional)):
            return entry.pinyin
        if HANZI.search(chunk):
            return words[chunk][0]
        # A Latin alias: the entry's pinyin when the letters are its initials (yysy, u1s1).
        if decode.initials_of(entry.pinyin) == key:
            return entry.pinyin
        return None

    def _plain(self, chunk, start, end, kind, hint, text) -> Token:
        """A number or Latin token, with a decoder's guess when there is one."""
        if kind == "number":
            pieces = self._number_guess(chunk, start, end, text)
            if pieces:
                gloss = "guess: " + " + ".join(
                    f"{p} ({self.entries[self.index.codes[p]].meaning})" for p in pieces)
                return Token(chunk, start, end, None, gloss, kind, None, hint, True)
        if kind == "latin":
            gloss = self._letters_guess(fold(chunk))
            if gloss:
                return Token(chunk, start, end, None, gloss, kind, None, hint, True)
        return Token(chunk, start, end, None, None, kind, None, hint)

    def _number_guess(self, chunk: str, start: int, end: int, text: str) -> list[str] | None:
        digits = fold(chunk)
        if not digits.isdigit() or len(digits) < 3:
            return None
        if text[end:end + 1] in UNITS or (start and text[start - 1] in BEFORE_NUMBER):
            return None
        return decode.split_number_code(digits, self.index.codes)

    def _letters_guess(self, letters: str) -> str | None:
        if not decode.could_be_initials(letters) or self.lexicon.is_english(letters):
            return None
        candidates = decode.guess_abbreviation(letters, self.index.phrases, self.lexicon)
        if not candidates:
            return None
        return "guess: " + " or ".join(c.phrase for c in candidates)

    def _prefetch_glosses(self, tokens: Iterable[Token]) -> None:
        """Fill the gloss memo for every (word, reading) not in it, in two look-ups."""
        glosses = self._glosses
        if len(glosses) > self.MEMO_LIMIT:
            glosses.clear()
        wanted = {(t.text, t.pinyin, t.hint) for t in tokens if (t.text, t.pinyin) not in glosses}
        if not wanted:
            return
        # Glosses composed on an earlier run come back in one query; only new words are built.
        stored = self.lexicon.glosses((w, r) for w, r, _ in wanted)
        for word, reading, hint in list(wanted):
            if (word, reading) in stored:
                gloss = stored[(word, reading)]
                if gloss is None and hint:
                    gloss = self.entries[hint].meaning
                glosses[(word, reading)] = gloss
                wanted.discard((word, reading, hint))
        if not wanted:
            return
        senses = self.lexicon.senses({w for w, _, _ in wanted})
        parts_needed = {
            word[i:j]
            for word, _, _ in wanted
            if word not in senses
            for i in range(len(word))
            for j in range(i + 1, min(len(word), i + 4) + 1)
        }
        part_senses = self.lexicon.senses(parts_needed) if parts_needed else {}
        from slangtutor.dictionary import gloss_text

        for word, reading, hint in wanted:
            if word in senses:
                gloss = gloss_text(senses[word], reading) or None
            else:
                gloss = _compose(word, reading, part_senses)
            self._new_glosses[(word, reading)] = gloss  # the dictionary's part, without hints
            if gloss is None and hint:
                gloss = self.entries[hint].meaning
            glosses[(word, reading)] = gloss
        if len(self._new_glosses) >= 5000:
            self.lexicon.store_glosses(self._new_glosses)
            self._new_glosses = {}

    def close(self) -> None:
        self.readings.flush()
        self.lexicon.store_glosses(self._new_glosses)
        self._new_glosses = {}


def _mixed_pinyin(chunk: str, readings: dict[str, str]) -> str | None:
    """Pinyin of a token: hanzi runs read, Latin and digits as written (T恤 -> 'T xù')."""
    parts = []
    for piece in _HANZI_SPLIT.split(chunk):
        if not piece:
            continue
        if HANZI.match(piece):
            parts.append(readings.get(piece) or " ".join(pinyin.hanzi_to_pinyin(piece)))
        elif piece.strip():
            parts.append(piece.strip())
    return " ".join(parts) or None


def _compose(word: str, reading: str | None, senses: dict) -> str | None:
    """Gloss a word CC-CEDICT lacks from its longest known parts: 这家 -> '这 this + 家 home'."""
    from slangtutor.dictionary import gloss_text

    syllables = reading.split() if reading else []
    if len(syllables) != len(word):
        syllables = []
    out = []
    position = 0
    while position < len(word):
        for size in range(min(4, len(word) - position), 0, -1):
            part = word[position:position + size]
            if part in senses:
                part_reading = " ".join(syllables[position:position + size]) or None
                first = gloss_text(senses[part], part_reading, senses=1)
                out.append(f"{part} {first}" if first else part)
                position += size
                break
        else:
            return None
    return " + ".join(out) if len(out) > 1 else None


class JsonLines:
    """Annotation -> one line of JSON, the same as json.dumps(annotation.to_dict()).

    Tokens repeat (的, 了, ，), so each distinct token's encoded fields are kept and reused;
    this is several times faster than encoding every dict again. The memo is bounded, and
    small: encoded glosses are long, and the tokens that repeat are few (的, 了, 我, ，)."""

    MEMO_LIMIT = 20_000

    def __init__(self):
        import json

        self._dumps = json.JSONEncoder(ensure_ascii=False).encode
        self._memo: dict[tuple, tuple[str, str]] = {}
        self._plain: dict[str, tuple[str, str]] = {}  # plain_line's memo, by token text

    def plain_line(self, text: str, pieces, words: dict) -> str:
        """line() for a text whose pieces are all plain words, punctuation or symbols (no
        slang, numbers or Latin): the same JSON, built from the pieces directly."""
        dumps, memo = self._dumps, self._plain
        if len(memo) > self.MEMO_LIMIT:
            memo.clear()
        parts = []
        for start, end, kind, _ in pieces:
            chunk = text[start:end]
            encoded = memo.get(chunk)
            if encoded is None:
                reading, gloss = words[chunk] if kind == "word" else (None, None)
                encoded = memo[chunk] = (
                    dumps(chunk),
                    f'"pinyin": {dumps(reading)}, "gloss": {dumps(gloss)}, '
                    f'"kind": "{kind}", "entry": null}}',
                )
            parts.append(f'{{"text": {encoded[0]}, "start": {start}, "end": {end}, '
                         f'{encoded[1]}')
        return f'{{"text": {dumps(text)}, "tokens": [{", ".join(parts)}], "slang": []}}\n'

    def line(self, annotation: Annotation) -> str:
        dumps, memo = self._dumps, self._memo
        if len(memo) > self.MEMO_LIMIT:
            memo.clear()
        parts = []
        for t in annotation.tokens:
            key = t[:1] + t[3:7]
            encoded = memo.get(key)
            if encoded is None:
                encoded = memo[key] = (
                    dumps(t.text),
                    f'"pinyin": {dumps(t.pinyin)}, "gloss": {dumps(t.gloss)}, '
                    f'"kind": "{t.kind}", "entry": {dumps(t.entry)}}}',
                )
            parts.append(f'{{"text": {encoded[0]}, "start": {t.start}, "end": {t.end}, '
                         f'{encoded[1]}')
        slang = ", ".join(dumps(hit.to_dict()) for hit in annotation.slang)
        return (f'{{"text": {dumps(annotation.text)}, "tokens": [{", ".join(parts)}], '
                f'"slang": [{slang}]}}\n')


# ---------------------------------------------------------------------------------------------
# Spoken tones


NUMERALS = frozenset("〇零一二三四五六七八九十百千万萬亿億两兩")


def spoken(tokens: list[Token], text: str) -> list[Token]:
    """Tone sandhi as speakers say it: 不 bú before a fourth tone; 一 yí before a fourth tone,
    yì before others, yī in numbers, ordinals and at the end of a phrase; two third tones in
    a word make the first second (你好 ní hǎo). Only pinyin changes."""
    slots: list[list] = []  # [char offset, syllable, token index, syllable index]
    split: dict[int, list[str]] = {}
    for ti, token in enumerate(tokens):
        if not token.pinyin or token.kind not in ("word", "slang"):
            continue
        syllables = token.pinyin.split()
        if len(syllables) != len(token.text) or not all(HANZI.match(c) for c in token.text):
            continue
        split[ti] = syllables
        for si in range(len(syllables)):
            slots.append([token.start + si, ti, si])
    for number, (offset, ti, si) in enumerate(slots):
        char = text[offset]
        syllable = split[ti][si]
        nxt = slots[number + 1] if number + 1 < len(slots) else None
        if nxt and nxt[0] != offset + 1:
            nxt = None  # punctuation or a space in between: the phrase ends here
        next_tone = pinyin.tone_of(split[nxt[1]][nxt[2]]) if nxt else None
        next_char = text[offset + 1] if nxt else ""
        before = text[offset - 1] if offset else ""
        if char == "不" and syllable == "bù" and next_tone == 4:
            split[ti][si] = "bú"
        elif char == "一" and syllable == "yī":
            if next_char and next_char == before and before not in NUMERALS:
                split[ti][si] = "yi"  # 看一看
            elif next_tone is None or before in NUMERALS or before == "第" or next_char in NUMERALS:
                pass
            elif next_tone == 4:
                split[ti][si] = "yí"
            elif next_tone in (1, 2, 3):
                split[ti][si] = "yì"
    for ti, syllables in split.items():
        for si in range(len(syllables) - 1):
            if pinyin.tone_of(syllables[si]) == 3 and pinyin.tone_of(syllables[si + 1]) == 3:
                syllables[si] = pinyin.mark_syllable(pinyin.strip_tones(syllables[si]), 2)
    out = list(tokens)
    for ti, syllables in split.items():
        out[ti] = out[ti]._replace(pinyin=" ".join(syllables))
    return out


# ---------------------------------------------------------------------------------------------
# Reading input


_BOUNDARY = re.compile(r"[\s。！？!?，,；;、…]")


def read_lines(stream: BinaryIO, label: str = "input", max_line: int = MAX_LINE
               ) -> Iterator[str]:
    """Lines of a UTF-8 byte stream without their line endings, read in bounded chunks.

    A line longer than `max_line` characters comes out in pieces cut after punctuation or a
    space where there is one. Raises InputError for NUL bytes (binary data) and invalid UTF-8,
    naming the line.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    buffer = ""
    line_number = 1
    first = True
    while True:
        chunk = stream.read(READ_SIZE)
        if b"\x00" in chunk:
            raise InputError(f"{label}: looks like a binary file (it contains NUL bytes)")
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            where = line_number + buffer.count("\n") + chunk[: error.start].count(b"\n")
            raise InputError(f"{label}: line {where} is not valid UTF-8") from None
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        buffer += text
        if "\n" in buffer:
            *lines, buffer = buffer.split("\n")
            for line in lines:
                line_number += 1
                yield line.removesuffix("\r")
        while len(buffer) > max_line:
            cut = _cut_point(buffer, max_line)
            yield buffer[:cut]
            buffer = buffer[cut:]
        if not chunk:
            break
    if buffer:
        yield buffer.removesuffix("\r")


def _cut_point(text: str, limit: int) -> int:
    """Where to cut an over-long line: after the last boundary in its last 2,000 characters."""
    window_start = max(1, limit - 2000)
    best = None
    for match in _BOUNDARY.finditer(text, window_start, limit):
        best = match.end()
    if best is None:
        best = limit
        if 0xDC00 <= ord(text[best]) <= 0xDFFF:  # never split a surrogate pair
            best -= 1
    return best


def check_text(text: str) -> str:
    """Validate a TEXT argument. Raises InputError for invalid UTF-8 or empty text."""
    if any("\udc80" <= char <= "\udcff" for char in text):
        raise InputError("the text is not valid UTF-8")
    if not text.strip():
        raise InputError("nothing to annotate: the text is empty")
    return text


def load_annotator(backend: str | None = None) -> Annotator:
    """An annotator over the shipped decks (or SLANGTUTOR_DATA) and the CC-CEDICT index."""
    from slangtutor import dataset, dictionary

    lexicon = dictionary.open_lexicon()
    return Annotator(dataset.load_entries(), lexicon, backend=backend,
                     cache_dir=dataset.cache_dir())


# ---------------------------------------------------------------------------------------------
# JSON Lines for a large input, on every core


PARALLEL_AFTER = 1  # batches annotated in this process before a large input gets workers


def json_lines(annotator: Annotator, batches: Iterable[list[str]], sandhi: bool = False,
               workers: int | None = None) -> Iterator[bytes]:
    """The JSON Lines of each batch of lines, UTF-8 encoded, in input order.

    Small inputs run here. Past PARALLEL_AFTER batches the rest is shared among forked worker
    processes (one per available core), a few batches in flight each, so memory stays bounded
    and output order is kept. Workers send back the readings and glosses they computed, and this
    process stores them, as it does its own. Closing the generator early stops the workers.
    """
    encoder = JsonLines()
    batches = iter(batches)
    for _ in range(PARALLEL_AFTER):
        batch = next(batches, None)
        if batch is None:
            return
        yield _encode(annotator, encoder, batch, sandhi)
    workers = _usable_cores() if workers is None else workers
    if workers < 2 or not _can_fork():
        for batch in batches:
            yield _encode(annotator, encoder, batch, sandhi)
        return
    team = _Workers(annotator, workers, sandhi)
    try:
        for data, readings, glosses in team.run(batches):
            annotator.readings.learn(readings)
            annotator._new_glosses.update(glosses)
            yield data
        team.finish()
    finally:
        team.stop()


class _Workers:
    """Forked worker processes, each with its own pipe. Batch i goes to worker i % N; a feeder
    thread sends them (at most two per worker waiting), and answers are read in the order sent,
    so output order is kept and memory is bounded. The workers are forked before the thread
    starts, and share no locks with this process: a stop at any moment (the reader went away,
    Ctrl-C, an error) ends every worker at once. multiprocessing.Pool cannot promise that: its
    terminate() can deadlock while its task feeder is blocked on a full pipe."""

    _DONE = object()

    def __init__(self, annotator: Annotator, count: int, sandhi: bool):
        import multiprocessing
        import sys

        # A forked child inherits unflushed output buffers and flushes them again at exit:
        # empty them first, or the first lines of the output would be written twice.
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        context = multiprocessing.get_context("fork")
        self.processes = []
        self.connections = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            # The child closes every parent-side end it inherited, so that it sees the end of
            # its pipe (and exits) if this process dies without a word.
            process = context.Process(
                target=_worker_main, daemon=True,
                args=(annotator, theirs, [*self.connections, ours], sandhi))
            process.start()
            theirs.close()
            self.processes.append(process)
            self.connections.append(ours)
        self._stopping = False

    def run(self, batches: Iterator[list[str]]) -> Iterator[tuple[bytes, dict, dict]]:
        import queue
        import threading

        depth = 2 * len(self.connections)
        order: queue.Queue = queue.Queue(maxsize=depth)  # which worker has each batch
        answers: queue.Queue = queue.Queue(maxsize=depth)  # what came back, in input order

        def feed() -> None:
            try:
                for number, batch in enumerate(batches):
                    worker = number % len(self.connections)
                    self.connections[worker].send(batch)
                    if not self._put(order, worker):
                        return
                self._put(order, self._DONE)
            except BaseException as error:  # reading the input failed, or we are stopping
                self._put(order, error)

        def receive() -> None:
            while True:
                worker = order.get()
                if worker is self._DONE or isinstance(worker, BaseException):
                    self._put(answers, worker)
                    return
                try:
                    answer = self.connections[worker].recv()
                except (EOFError, OSError):
                    answer = SlangTutorError("a worker process stopped unexpectedly")
                if not self._put(answers, answer) or isinstance(answer, BaseException):
                    return

        # Two threads, so that sending, receiving and writing the output all overlap.
        for target in (feed, receive):
            threading.Thread(target=target, name=f"slangtutor-{target.__name__}",
                             daemon=True).start()
        while True:
            answer = answers.get()
            if answer is self._DONE:
                return
            if isinstance(answer, BaseException):
                if self._stopping:
                    return
                raise answer
            yield answer

    def _put(self, order, item) -> bool:
        """Queue an item unless the run is stopping (never block forever on a full queue)."""
        import queue

        while not self._stopping:
            try:
                order.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def finish(self) -> None:
        for connection in self.connections:
            connection.send(None)
        for process in self.processes:
            process.join(timeout=5)

    def stop(self) -> None:
        self._stopping = True
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()
        for connection in self.connections:
            connection.close()


def _worker_main(annotator: Annotator, connection, inherited: list, sandhi: bool) -> None:
    """A worker: annotate the batches that arrive, send back JSON and what was learnt."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for other in inherited:
        other.close()
    # Everything a worker makes goes back through its pipe; stdout is the parent's alone.
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    # A SQLite connection must not cross a fork: the dictionary gets one of its own.
    lexicon = annotator.lexicon.reopen()
    annotator.lexicon = annotator.readings._lexicon = lexicon
    annotator.readings._new, annotator._new_glosses = {}, {}
    encoder = JsonLines()
    try:
        while (batch := connection.recv()) is not None:
            data = _encode(annotator, encoder, batch, sandhi)
            readings, annotator.readings._new = annotator.readings._new, {}
            glosses, annotator._new_glosses = annotator._new_glosses, {}
            connection.send((data, readings, glosses))
    except (EOFError, OSError):
        pass  # the parent went away
    except Exception as error:  # a bug: the parent raises it, as if it had run the batch
        try:
            connection.send(error)
        except Exception:
            pass


def _usable_cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _encode(annotator: Annotator, encoder: JsonLines, batch: list[str], sandhi: bool) -> bytes:
    # Bytes, so that a worker's output crosses to the parent and on to stdout with no further
    # decoding or encoding: the JSON is some twenty times the size of its text.
    return annotator.json_many(batch, encoder, sandhi).encode()
