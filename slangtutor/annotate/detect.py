"""Which matches of a dataset form count as slang in a line (the detection rules).

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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from slangtutor import decode, segment
from slangtutor.models import Entry
from slangtutor.text.keys import form_key
from slangtutor.text.script import HANZI, HANZI_ONLY

COMMON_FREQ = 10  # jieba frequency from which a hanzi form is an everyday word
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


@dataclass(frozen=True, slots=True)
class Form:
    """What a written form points to, and whether it is also everyday language."""

    entry: str
    weak: bool = False
    spelled_out: bool = False  # the hanzi a letter abbreviation stands for: never slang
    number: bool = False  # all digits: a number code
    english: bool = False  # an English word (get, flag): needs hanzi in the line


@dataclass
class SlangIndex:
    forms: dict[str, Form] = field(default_factory=dict)  # form_key(form) -> Form
    added_words: dict[str, int] = field(default_factory=dict)  # hanzi forms for the segmenter
    latin_forms: list[str] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # number code -> entry id
    phrases: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # initials -> ...


def build_index(entries: Iterable[Entry], lexicon) -> SlangIndex:
    """Index every form of every entry, keyed by `form_key(form)` (simplified, so 翻牆 and 翻墙
    share a key). `lexicon` gives jieba frequencies and English words."""
    entries = list(entries)
    keys = {f: form_key(f) for e in entries for f in e.forms()}
    frequencies = lexicon.frequencies(k for k in keys.values() if HANZI_ONLY.match(k))
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
            if len(key) > 1 and HANZI_ONLY.match(key):
                index.added_words[key] = max(segment.ADDED_FREQ, frequencies.get(key, 0))
        for phrase, reading in _phrases(entry):
            initials = decode.initials_of(reading)
            if initials:
                index.phrases.setdefault(initials, []).append((phrase, entry.id))
    return index


def _phrases(entry: Entry) -> Iterator[tuple[str, str]]:
    """Hanzi phrases of an entry with their pinyin: the term, and the source form's hanzi."""
    if HANZI_ONLY.match(entry.term):
        yield entry.term, entry.pinyin
    elif entry.term.isascii():
        for alias in entry.aliases:  # yyds: its alias 永远的神 carries the term's pinyin
            if HANZI_ONLY.match(alias) and len(alias) == len(entry.pinyin.split()):
                yield alias, entry.pinyin
    if entry.source_form:
        match = re.match(r"^(\S+)\s+(.+)$", entry.source_form)
        if match and HANZI_ONLY.match(match.group(1)):
            reading = match.group(2).split(",")[0]
            if len(reading.split()) == len(match.group(1)):
                yield match.group(1), reading


def form_at(index: SlangIndex, chunk: str) -> Form | None:
    """The dataset form a token is, if any (hhhhh, 2333333, 66666: drawn out, still found)."""
    key = form_key(chunk)
    form = index.forms.get(key)
    while form is None and len(key) > 2 and key[-1] == key[-2] and key[-1].isascii():
        key = key[:-1]
        if key[-1] == key[-2]:
            form = index.forms.get(key)
    return form


def counts(text: str, pieces, position: int, form: Form, strong_seen: bool) -> bool:
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
