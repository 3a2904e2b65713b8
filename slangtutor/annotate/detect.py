"""Which matches of a dataset form count as slang in a line (the detection rules).

- A form with Latin letters or digits (yyds, 666, 栓Q, u1s1) is slang, except a number code
  used as a number (666名, 第520, 250元) and an English word (get, flag) in a line with no hanzi.
- The spelled-out phrase of a letter abbreviation (不知道 for bzd, 对不起 for dbq) is plain
  Chinese, never slang: the token keeps the entry only as a hint.
- Any other hanzi form is slang, unless it is also everyday Chinese: a single character (墙, 蹲,
  亲), a word jieba's dictionary knows as common (绿茶, 谢谢, 网友), a neutral everyday
  phrase (不客气), or a form the dataset gives an `everyday` sense (吃瓜, 搞钱, 发现), unless
  jieba lists it only at its neologism floor and CC-CEDICT records the slang sense (躺平, 内卷:
  the slang sense is the one people mean).
- Letters and numbers that are often something else are weak too: a two-digit code (56, 88), a
  letter abbreviation below level 1 typed in capitals (ＢＰ机, TCL集团: acronyms), and an
  English word typed Capitalised (Mark, a name). A code inside a web address, a list of numbers
  (168、268), a score or ratio (56∶69) or before a counter (56家) is never slang. Such a "weak" form counts as slang only in a line that reads like an internet
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
from slangtutor.text import pinyin
from slangtutor.text.keys import form_key
from slangtutor.text.script import HANZI, HANZI_ONLY, fold, narrow

COMMON_FREQ = 10  # jieba frequency from which a hanzi form is an everyday word
INFORMAL = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"  # emoji, pictographs
    r"|\[[\u4e00-\u9fff]{1,5}\]"  # a platform's emoji code: [微笑], [捂脸]
    r"|哈哈|嘿嘿|呵呵|嘻嘻|呜呜|嘤嘤|hhh|233"  # laughter, crying
    r"|[!！?？]{2,}|[~～]"  # doubled !! ?? and the tilde
    r"|[啊呀啦哇嘛呢哈捏哒惹吖鸭噢哦哟嘞呐吧咯噻耶][\s!！?？~～。.…]*$",  # a chatty particle ending the line
    re.IGNORECASE,
)
# An exclamation mark ending the line: a sign of a comment, but news prose has it too, so it
# counts only for forms that are not very common words.
EXCLAIMED = re.compile(r"[!！]\s*$")
VERY_COMMON = 300  # jieba count from which a word is too common for a faint sign to decide

# Words jieba's guesser glues to a following character (太坑, 超萌, 连肝).
GLUED_LEADS = frozenset("太超真贼巨很挺连被")
# Right before a weak form, these make it an adjective or verb as slang uses it: 太尬, 超萌,
# 纯纯人机, 狠狠拿捏 (not 好 or 真: 好谷子 is good millet).
SLANG_LEAD = re.compile(r"(?:太|超|贼|巨|这么|那么|纯纯|狠狠|又在|在线)$")

def reads_like_a_comment(text: str, start: int = 0, end: int = 0) -> bool:
    """Evidence in the line that it is an internet comment, not prose (the form itself, from
    `start` to `end`, does not count: 嘿嘿 is no evidence for 嘿嘿)."""
    return bool(INFORMAL.search(text[:start] + " " + text[end:]) if end else INFORMAL.search(text))


_CLAUSE_EDGE = re.compile(r"[\s,，.。!！?？~～…;；:：]")  # not 、, which lists items


def _stands_alone(text: str, start: int, end: int) -> bool:
    """The form is a whole clause: the line's ends or punctuation on both sides."""
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    return (not before or bool(_CLAUSE_EDGE.match(before))) and (
        not after or bool(_CLAUSE_EDGE.match(after))) and len(text.strip()) > end - start


def _ends_a_sentence(text: str) -> bool:
    return text.rstrip().rstrip("”’\"')）)").endswith(("。", ".", "？", "?", "！", "!", "；"))


# After a number, these make it a count, date or price, not a code: 666名, 520元, 94年.
UNITS = frozenset("年月日号號时時点點分秒天周週岁歲元块塊角万萬亿億千百个個名位人次件条條张張只隻台"
                  "辆輛部米克斤吨噸度层層楼樓届屆期章节節页頁字多余餘%％家所座户戶倍项項例册冊本篇首场場"
                  "局枚颗顆株头頭匹亩畝公里")
BEFORE_NUMBER = frozenset("第￥¥$#№")
# Between two numbers these make a score, ratio, range or list: 56∶69, 168、268, 3-5.
NUMBER_JOINERS = frozenset(":：∶比-－~～—、,，/／.．")
RARE_WORD = 50  # below this jieba count an ordinary word is rare in prose
NEOLOGISM_COUNT = 5  # jieba's floor count for the 2010s neologisms it lists (躺平, 内卷: 3)
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
    initials: bool = False  # a pinyin-initial abbreviation (yyds, bp)
    common: bool = False  # level 1: known to everyone, in capitals too (YYDS)
    rare_literal: bool = False  # weak, but the ordinary word is rare (jieba count < RARE_WORD)
    very_common: bool = False  # weak, and a very common word (jieba count >= VERY_COMMON)


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
    senses = lexicon.senses(k for k in keys.values() if HANZI_ONLY.match(k))
    recorded_slang = {word for word, entries in senses.items()
                      if any("neologism" in d or "slang" in d for _, d in entries)}
    index = SlangIndex()
    for entry in entries:
        letters_term = entry.term.isascii() and entry.term.replace(" ", "").isalpha()
        everyday_phrase = (entry.origin == "phrase" and entry.register == "neutral"
                           and set(entry.tags) <= EVERYDAY_TAGS)
        for form in entry.forms():
            key = keys[form]
            if not key or key in index.forms:
                continue
            # Letters, digits and bracketed emoji codes ([微笑]) are found by the pattern pass.
            if segment.has_latin_or_digit(form) or form.startswith(("[", "【")):
                index.latin_forms.append(form)
                is_number = key.isdigit()
                if is_number:
                    index.codes[key] = entry.id
                english = key.isalpha() and key.isascii() and lexicon.is_english(key)
                index.forms[key] = Form(
                    entry.id, weak=is_number and len(key) <= 2, number=is_number,
                    english=english, initials=letters_term and key.isalpha() and all(
                        pinyin.is_syllable(t) for t in entry.pinyin.split()),
                    common=entry.level == 1)
                continue
            count = frequencies.get(key, 0)
            common = count >= COMMON_FREQ
            spelled_out = letters_term and form != entry.term
            # The everyday sense competes, unless jieba lists the form only at its neologism
            # floor and CC-CEDICT records the slang sense itself (躺平, 内卷): then the slang
            # sense is the one people mean.
            established = 0 < count < NEOLOGISM_COUNT and key in recorded_slang
            ordinary = bool(entry.everyday) and not established
            weak = len(key) == 1 or common or everyday_phrase or ordinary
            index.forms[key] = Form(entry.id, weak=weak, spelled_out=spelled_out,
                                    very_common=count >= VERY_COMMON,
                                    rare_literal=weak and len(key) > 1 and count < RARE_WORD
                                    and entry.level <= 2)
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
    after = fold(text[end:end + 2])
    before = fold(text[max(0, start - 2):start])
    if form.number:
        if after[:1] in UNITS or before[-1:] in BEFORE_NUMBER:
            return False
        if (after[:1] in NUMBER_JOINERS and after[1:2].isdigit()) or (
                before[-1:] in NUMBER_JOINERS and before[:1].isdigit()):
            return False  # a score, range or list of numbers
    if (after[:1] in ".·" and after[1:2].isalnum()) or (before[-1:] in ".·" and before[:1].isalnum()):
        return False  # inside a web address or file name: www.people.com.cn
    chunk = narrow(text[start:end])
    if form.initials and not form.common and chunk.isupper() and len(chunk) > 1:
        return strong_seen or reads_like_a_comment(text)  # ＢＰ机, TCL集团: an acronym
    if form.english and chunk[:1].isupper() and chunk[1:].islower() and start > 0:
        return False  # Mark, a name in the middle of a sentence
    if form.spelled_out or (form.english and not HANZI.search(text)):
        return False
    if form.weak:
        if strong_seen or reads_like_a_comment(text, start, end):
            return True
        if SLANG_LEAD.search(text[max(0, start - 2):start]):
            return True
        if end - start == 1 and _stands_alone(text, start, end):
            return True  # 草，… / …，绷 / 典: a one-character exclamation
        if not form.very_common and EXCLAIMED.search(text):
            return True
        # A fainter sign of a comment (no full stop at the end) is enough
        # only for a form whose ordinary sense is rare in prose.
        return form.rare_literal and not _ends_a_sentence(text)
    return True
