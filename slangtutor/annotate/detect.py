"""Which matches of a dataset form count as slang in a line, and how sure we are (issue 10).

Every match gets a verdict (`judge`): "slang", "maybe" (both senses are shown: the slang one
and the entry's `everyday` one) or plain (a word that keeps the entry as a hint), with the
evidence as short strings ("verb use: 又在凡尔赛", "literal companion: 病床").

- A form with Latin letters or digits (yyds, 666, 栓Q, u1s1) is slang, except a number code
  used as a number (666名, 第520, 250元), an English word (get, flag) in a line with no hanzi,
  a code inside a web address, list, score or before a counter, a Capitalised English word in a
  sentence (Mark) and a rarer letter abbreviation in capitals (ＢＰ机, TCL集团).
- The spelled-out phrase of a letter abbreviation (不知道 for bzd, 对不起 for dbq) is plain
  Chinese, never slang: the token keeps the entry only as a hint; unless the entry says its
  phrase is slang itself (`phrase_slang`: 永远的神 for yyds; a dictionary word such as 阴阳怪气
  then needs a sign, as a weak form).
- A hanzi form that is never ordinary Chinese (绝绝子, 蚌埠住了) is slang everywhere.
- A dual form, one whose entry has an `everyday` sense (吃瓜, 躺平, 凡尔赛, PPT), is judged
  from the line:
  - literal evidence: the entry's `literal_cues` (西瓜 and 野餐 for 吃瓜, 病床 for 躺平, a
    place word after 天花板) or a counted thing (一杯绿茶). It outweighs every general sign of
    a comment: the line is plain, or maybe when a cue of the slang sense is there too (and the
    line is not finished prose);
  - slang evidence: the entry's `slang_cues` (words of the line, the text around the form:
    吃瓜群众, 又在凡尔赛, 太凡尔赛), or signs that prose never has: other slang, an emoji,
    laughter, a one-character exclamation standing alone (草，…). Then it is slang;
  - otherwise the tone of the line (Line.tone): a comment-shaped line (no full stop at the end,
    short, no words of reports) with a spoken or chatty word, a chatty ending or ! ?, or
    another dual form, gives maybe; a finished sentence needs two spoken signs;
  - with no evidence at all a dual form is plain, except one jieba lists only at its neologism
    floor while CC-CEDICT records the slang sense (躺平, 内卷: the slang sense is the usual one):
    slang, or maybe in finished prose.
- Other weak forms, which have no everyday sense of their own in the dataset (a single
  character such as 绝, a common word such as 谢谢, a neutral everyday phrase, a two-digit
  code): slang on a sign of a comment (those above, or a chatty ending, doubled !!/??, a tilde,
  太/超 before it, a closing !), maybe on the tone of the line, else plain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from slangtutor import decode, segment
from slangtutor.models import CUE_MACROS, Entry
from slangtutor.text import numerals, pinyin
from slangtutor.text.keys import form_key
from slangtutor.text.script import (
    HANZI,
    HANZI_ONLY,
    fold,
    narrow,
    to_simplified_aligned,
)

COMMON_FREQ = 10  # jieba frequency from which a hanzi form is an everyday word
INFORMAL = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"  # emoji, pictographs
    r"|\[[\u4e00-\u9fff]{1,5}\]"  # a platform's emoji code: [微笑], [捂脸]
    r"|哈哈|嘿嘿|呵呵|嘻嘻|呜呜|嘤嘤|hhh|233"  # laughter, crying
    r"|[!！?？]{2,}|[~～]"  # doubled !! ?? and the tilde
    r"|[啊呀啦哇嘛呢哈捏哒惹吖鸭噢哦哟嘞呐吧咯噻耶][\s!！?？~～。.…]*$",  # a chatty particle ending the line
    re.IGNORECASE,
)
# Emoji and laughter: signs of internet talk that plain prose, dialogue included, never has.
EXPRESSIVE = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"
    r"|\[[\u4e00-\u9fff]{1,5}\]|哈哈哈|hhh|233|呜呜|嘤嘤",
    re.IGNORECASE,
)
# An exclamation mark ending the line: a sign of a comment, but news prose has it too, so it
# counts only for forms that are not very common words.
EXCLAIMED = re.compile(r"[!！]\s*$")
VERY_COMMON = 300  # jieba count from which a word is too common for a faint sign to decide

# Words jieba's guesser glues to a following character (太坑, 超萌, 连肝, 好丧).
GLUED_LEADS = frozenset("太超真贼巨很挺连被好")
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


class Form(NamedTuple):
    """What a written form points to, and whether it is also everyday language. A NamedTuple,
    not a dataclass: the snapshot unpickles ~2,000 of them at every cold start (tuples load
    about 30 times faster)."""

    entry: str
    weak: bool = False
    spelled_out: bool = False  # the hanzi a letter abbreviation stands for: never slang
    number: bool = False  # all digits: a number code
    english: bool = False  # an English word (get, flag): needs hanzi in the line
    initials: bool = False  # a pinyin-initial abbreviation (yyds, bp)
    common: bool = False  # level 1: known to everyone, in capitals too (YYDS)
    rare_literal: bool = False  # weak, but the ordinary word is rare (jieba count < RARE_WORD)
    very_common: bool = False  # weak, and a very common word (jieba count >= VERY_COMMON)
    dual: bool = False  # the entry has an `everyday` sense: judged from the line (judge())
    # Hanzi that is slang wherever it stands, read by the entry's own pinyin (the term
    # itself, 绝绝子): the sentence's reading of its characters is never needed.
    curated: bool = False


@dataclass
class SlangIndex:
    forms: dict[str, Form] = field(default_factory=dict)  # form_key(form) -> Form
    added_words: dict[str, int] = field(default_factory=dict)  # hanzi forms for the segmenter
    latin_forms: list[str] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # number code -> entry id
    phrases: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # initials -> ...
    cues: dict[str, EntryCues] = field(default_factory=dict)  # entry id -> its compiled cues
    single_chars: set[str] = field(default_factory=set)  # one-character forms, as written too


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
                    common=entry.level == 1,
                    # An emoji code ([微笑]) is never ordinary text; PPT and 2B can be.
                    dual=bool(entry.everyday) and not form.startswith(("[", "【")))
                continue
            count = frequencies.get(key, 0)
            common = count >= COMMON_FREQ
            if not HANZI.search(key):  # an emoji or kaomoji (😅, 🤡): never ordinary text
                index.forms[key] = Form(entry.id)
                continue
            spelled_out = letters_term and form != entry.term and not entry.phrase_slang
            # The everyday sense competes, unless jieba lists the form only at its neologism
            # floor and CC-CEDICT records the slang sense itself (躺平, 内卷): then the slang
            # sense is the one people mean.
            established = 0 < count < NEOLOGISM_COUNT and key in recorded_slang
            ordinary = bool(entry.everyday) and not established
            # A slang phrase that is a dictionary word too (小姐姐, 阴阳怪气) needs a sign.
            dictionary_phrase = entry.phrase_slang and form != entry.term and key in senses
            weak = len(key) == 1 or common or everyday_phrase or ordinary or dictionary_phrase
            dual = bool(entry.everyday) and not spelled_out
            own = key == form_key(entry.term) or (
                bool(entry.traditional) and key == form_key(entry.traditional))
            index.forms[key] = Form(entry.id, weak=weak, spelled_out=spelled_out,
                                    very_common=count >= VERY_COMMON,
                                    rare_literal=weak and len(key) > 1 and count < RARE_WORD
                                    and entry.level <= 2,
                                    dual=dual,
                                    curated=own and not (weak or dual or spelled_out))
            if len(key) == 1:
                index.single_chars.update((key, form))
            if len(key) > 1 and HANZI_ONLY.match(key):
                index.added_words[key] = max(segment.ADDED_FREQ, frequencies.get(key, 0))
        if entry.slang_cues or entry.literal_cues:
            index.cues[entry.id] = compile_cues(entry)
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


# -- judging a form that is also ordinary Chinese ----------------------------------------------

MAX_EVIDENCE = 3  # evidence strings kept per verdict


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a match counts: "slang", "maybe" (both senses shown) or None (a plain word that
    keeps the entry as a hint), and the evidence in the line, as short strings."""

    confidence: str | None
    evidence: tuple[str, ...] = ()


SLANG = Verdict("slang", ("not ordinary Chinese",))  # a form that is slang everywhere
PLAIN = Verdict(None)


class Cue(NamedTuple):
    """One cue of an entry: a word anywhere in the line, or the text right around the form.
    A NamedTuple, as Form is."""

    label: str  # the evidence's name: "slang cue", "literal companion", "verb use", ...
    word: str = ""  # a word anywhere in the line outside the form
    before: str = ""  # or the text right before the form
    after: str = ""  # and right after it
    closing: bool = False  # `before` counts only where the form closes a clause: 在凡尔赛了,
    #                        not the place of 在凡尔赛签订

    def found(self, simple: str, start: int, end: int) -> str | None:
        """The evidence string when the cue is in the line (`simple`: simplified text)."""
        if self.word:
            return (f"{self.label}: {self.word}"
                    if self.word in simple[:start] or self.word in simple[end:] else None)
        if self.before and simple[max(0, start - len(self.before)):start] != self.before:
            return None
        if self.closing and not _CLOSES.match(simple, end):
            return None
        if self.after and simple[end:end + len(self.after)] != self.after:
            return None
        return f"{self.label}: {simple[start - len(self.before):end + len(self.after)]}"


# 在 before a noun is a place as often as a verb's progressive: only a clause end after the
# form (or a particle) makes it a verb use.
_LOCATIVE = frozenset({"在"})
_CLOSES = re.compile(r"[\s,，!！?？~～…。.、;；:：)）\]】]|$|了|呢|吗|嘛|啊|呀|吧|哦|着|起来|什么|啥"
                     r"|个|到|得")


def _cues(written: Iterable[str], word_label: str, use_label: str) -> tuple[Cue, ...]:
    out: list[Cue] = []
    for cue in written:
        if cue in CUE_MACROS:
            label, befores, afters = CUE_MACROS[cue]
            out.extend(Cue(label, before=b, closing=cue == "@verb" and b in _LOCATIVE)
                       for b in befores)
            out.extend(Cue(label, after=a) for a in afters)
        elif "~" in cue:
            before, _, after = cue.partition("~")
            out.append(Cue(use_label, before=before, after=after))
        else:
            out.append(Cue(word_label, word=cue))
    # The longest context first, so 又在~ is reported rather than 在~.
    return tuple(sorted(out, key=lambda c: -len(c.word or c.before + c.after)))


class EntryCues(NamedTuple):
    slang: tuple[Cue, ...]
    literal: tuple[Cue, ...]

    def slang_evidence(self, simple: str, start: int, end: int) -> list[str]:
        return _found(self.slang, simple, start, end)

    def literal_evidence(self, simple: str, start: int, end: int) -> list[str]:
        return _found(self.literal, simple, start, end)


def _found(cues: tuple[Cue, ...], simple: str, start: int, end: int) -> list[str]:
    out = []
    for cue in cues:
        evidence = cue.found(simple, start, end)
        if evidence and evidence not in out:
            out.append(evidence)
            if len(out) == MAX_EVIDENCE:
                break
    return out


def compile_cues(entry: Entry) -> EntryCues:
    """An entry's `slang_cues` and `literal_cues` (data/README.md), ready to match."""
    return EntryCues(_cues(entry.slang_cues, "slang cue", "slang use"),
                     _cues(entry.literal_cues, "literal companion", "literal use"))


# A number and a measure word for things: 一杯绿茶, 两根韭菜, 几块砖 (not 个: 一个吃货).
COUNTED = re.compile(
    r"(?:[一二两三四五六七八九十百几半每整0-9０-９]+|这|那)"
    r"[杯块片条张根颗粒斤瓶袋碗盘棵朵盒箱串束把双件辆座栋只株捆筐锅壶罐头]$")
# A line that ends as a finished sentence: prose, not a comment (comments seldom end with 。).
END_SENT = re.compile(r"(?:[。.．]|……)[\s”’\"')）]*$")
COMMENT_LENGTH = 60  # characters; a longer line is prose (a post's body, an article)
# Words of reports and official prose: a line with one is not chat.
FORMAL = re.compile(
    r"记者|新华社|本报|通讯员|摄）|（图|会议|召开|举行|国务院|中共|党委|政府|有限公司|集团|干部"
    r"|同志|我国|省委|市委|部门|据悉|据了解|指出|强调|电）|日电|报道|研讨会|有关"
    r"|[０-９]")
# What makes a line sound spoken (the stronger signs, enough even in a line that ends with a
# full stop when two of them are there): a pronoun, a particle or 了 closing a clause, a
# question or an exclamation, words of chat.
_CLAUSE_END = r"(?=[\s,，!！?？~～…。.、]|$)"
SPOKEN = re.compile(
    r"[我你咱俺](?![国省市区县军党校厂院部局所方])"
    rf"|了{_CLAUSE_END}|[吧吗呢啊呀啦嘛呗哦噢咯嘞哇]{_CLAUSE_END}"
    r"|[?？!！]|[~～]|真的|咋|啥|是不是|谁懂|家人们|姐妹们|宝子|兄弟们|救命|笑死|哈哈|嘿嘿|嘻嘻")
# Fainter signs, enough in a short line with no full stop: a chatty adverb, two clauses.
CHATTY = re.compile(
    r"太|超|巨|贼|有点|简直|直接|居然|竟然|根本|一整个|绝了|谁|怎么|为什么|为啥|必须|别|还是"
    r"|就是|这波|大家|有没有|算了|又|也|都|今天|昨天|最近|终于|已经|一下|一点|点个|好想|不想"
    r"|每天|还在|这个|那个|这种|这么|那么|有人|感觉|觉得|好像|其实|反正|结果|果然|差点|每次"
    r"|总是|一直|天天|老是|早就|刚|才|就|还|像|比|真|好|给|让|说|看|[，,]")


class Line:
    """What the judgement needs to know of one line, worked out once for all its forms."""

    def __init__(self, text: str):
        self.text = text
        self.simple = to_simplified_aligned(text)
        # Finished prose: a full stop at the end or between sentences, or a long line.
        self.prose = (bool(END_SENT.search(text)) or "。" in text.rstrip("。 ")
                      or len(text) > COMMENT_LENGTH)
        self.formal = bool(FORMAL.search(self.simple))

    def tone(self, start: int, end: int, pieces, position: int) -> tuple[str, ...]:
        """Evidence that the line is a comment in a chatty tone (the form itself excluded):
        no full stop at the end, short, and a spoken or chatty word (or another form that
        is also ordinary Chinese); or, in a line that ends as a sentence, two spoken signs."""
        if self.formal:
            return ()
        outside = self.simple[:start] + "\u3000" + self.simple[end:]
        spoken = _distinct(SPOKEN.finditer(outside))
        if self.prose:
            if len(spoken) >= 2 and len(self.text) <= COMMENT_LENGTH:
                return (f"comment tone: {'、'.join(spoken[:3])}",)
            return ()
        signs = spoken + _distinct(CHATTY.finditer(outside))
        if signs:
            named = ("two clauses" if sign in "，," else sign for sign in signs[:3])
            return (f"comment tone: {'、'.join(named)}",)
        other = _other_dual(self.text, pieces, position)
        return (f"another dual form: {other}",) if other else ()


def _distinct(matches) -> list[str]:
    out: list[str] = []
    for match in matches:
        if match.group() not in out:
            out.append(match.group())
    return out


def _other_dual(text: str, pieces, position: int) -> str | None:
    entry = pieces[position][3].entry
    for number, (start, end, _, form) in enumerate(pieces):
        if number != position and form is not None and form.dual and form.entry != entry:
            return text[start:end]
    return None


def counts(text: str, pieces, position: int, form: Form, strong_seen: bool,
           index: SlangIndex | None = None) -> bool:
    """Whether a matched form is reported at all here, as slang or as maybe-slang."""
    return judge(text, pieces, position, form, strong_seen, index).confidence is not None


def judge(text: str, pieces, position: int, form: Form, strong_seen, index=None,
          line: Line | None = None) -> Verdict:
    """The verdict on one matched form: slang, maybe or plain (see the module docstring).

    `strong_seen` is the text of a form in the line that is slang whatever the context (or a
    false value); `index` gives the entries' cues; `line` may be shared by the forms of one line.
    """
    start, end = pieces[position][0], pieces[position][1]
    if not _passes_form_rules(text, start, end, form, strong_seen):
        return PLAIN
    if not form.dual:
        if not form.weak:
            return SLANG
        # A weak form with no everyday sense of its own to show (a single character, a
        # common word): slang on a sign of a comment, as before, else a plain word.
        signs = _general_signs(text, start, end, form, strong_seen)
        if signs:
            return Verdict("slang", tuple(signs))
        tone = (line or Line(text)).tone(start, end, pieces, position)
        return Verdict("maybe", tone) if tone and not form.very_common else PLAIN
    line = line or Line(text)
    cues = index.cues.get(form.entry) if index is not None else None
    specific = cues.slang_evidence(line.simple, start, end) if cues else []
    literal = (cues.literal_evidence(line.simple, start, end) if cues else [])
    literal += _counted(line.simple, start, end)
    if literal:
        # A literal companion outweighs the signs of a comment: a picnic post with an emoji
        # is still about melons. Only a cue of the slang sense itself leaves it open.
        if specific and not line.prose:
            return Verdict("maybe", tuple(specific + literal)[:MAX_EVIDENCE])
        return PLAIN
    general = _general_signs(text, start, end, form, strong_seen)
    if general or (specific and not (line.prose and _only_words(specific))):
        return Verdict("slang", tuple(specific + general)[:MAX_EVIDENCE])
    if specific:
        # In finished prose a word of the topic alone (明星, 游戏) leaves the sense open; the
        # form's own use (吃瓜群众, 又在凡尔赛) or a sign of a comment is needed to say slang.
        return Verdict("maybe", tuple(specific)[:MAX_EVIDENCE])
    tone = line.tone(start, end, pieces, position)
    if not form.weak:
        # The slang sense is the one people mean (躺平, 内卷): slang, unless the line is
        # finished prose, where the everyday sense is left open.
        if tone or not line.prose:
            return Verdict("slang", tone or ("the slang sense is the usual one",))
        return Verdict("maybe", ("the slang sense is the usual one",))
    if tone:
        return Verdict("maybe", tone)
    return PLAIN


_SPECIFIC = ("slang cue: ", "slang use: ", *(f"{label}: " for label, _, _ in CUE_MACROS.values()))


def specific(verdict: Verdict) -> bool:
    """Whether the verdict rests on a cue of the slang sense itself (the entry's slang_cues),
    not only on the signs of a comment."""
    return any(item.startswith(_SPECIFIC) for item in verdict.evidence)


def _only_words(evidence: list[str]) -> bool:
    return all(item.startswith("slang cue: ") for item in evidence)


def _passes_form_rules(text: str, start: int, end: int, form: Form, strong_seen) -> bool:
    """The rules on the written form itself: a number used as a number, a web address, an
    acronym in capitals, an English word or name, a spelled-out abbreviation."""
    after = fold(text[end:end + 2])
    before = fold(text[max(0, start - 2):start])
    if form.number:
        if after[:1] in UNITS or before[-1:] in BEFORE_NUMBER:
            return False
        if (after[:1] in NUMBER_JOINERS and after[1:2].isdigit()) or (
                before[-1:] in NUMBER_JOINERS and before[:1].isdigit()):
            return False  # a score, range or list of numbers
    if ((after[:1] in ".·" and after[1:2].isalnum())
            or (before[-1:] in ".·" and before[:1].isalnum())):
        return False  # inside a web address or file name: www.people.com.cn
    chunk = narrow(text[start:end])
    if form.initials and not form.common and chunk.isupper() and len(chunk) > 1:
        return bool(strong_seen) or reads_like_a_comment(text)  # ＢＰ机, TCL集团: an acronym
    if form.english and chunk[:1].isupper() and chunk[1:].islower() and start > 0:
        return False  # Mark, a name in the middle of a sentence
    return not (form.spelled_out or (form.english and not HANZI.search(text)))


def _general_signs(text: str, start: int, end: int, form: Form, strong_seen) -> list[str]:
    """Signs that the line is internet talk, whatever the form: other slang, an emoji,
    laughter, doubled !!/??, a tilde, a chatty particle ending the line; a one-character
    exclamation standing alone (草，…)."""
    if strong_seen:
        return [f"other slang: {strong_seen}"]
    outside = text[:start] + " " + text[end:]
    # For a dual form only the signs that plain prose never has: dialogue in a story has
    # chatty endings and exclamations too (你尝尝吧！), so those only set the tone (Line.tone).
    informal = (EXPRESSIVE if form.dual else INFORMAL).search(outside)
    if informal:
        return [f"{_sign_name(informal.group())}: {informal.group().rstrip()}"]
    if end - start == 1 and _stands_alone(text, start, end):
        return ["stands alone as an exclamation"]
    if not form.dual:
        # The fainter signs of the old rule, for weak forms with no everyday sense to show.
        if SLANG_LEAD.search(text[max(0, start - 2):start]):
            return [f"slang use: {text[max(0, start - 2):end]}"]
        if not form.very_common and EXCLAIMED.search(text):
            return ["ends with !"]
        if form.rare_literal and not _ends_a_sentence(text):
            return ["no full stop, a rare everyday word"]
    return []


def _sign_name(sign: str) -> str:
    if sign[:1] in "哈嘿呵嘻呜嘤hH2":
        return "laughter"
    if sign[:1] in "!！?？":
        return "doubled punctuation"
    if sign[:1] in "~～":
        return "tilde"
    if sign[:1] == "[" or not HANZI.match(sign[:1]):
        return "emoji"
    return "chatty ending"


def _counted(simple: str, start: int, end: int) -> list[str]:
    """A number and a measure word for things right before the form (一杯绿茶, 两根韭菜), or
    a number right before a form that is a unit itself (十五秒 fifteen seconds)."""
    match = COUNTED.search(simple, max(0, start - 6), start)
    if match:
        return [f"counted: {match.group()}{simple[start:end]}"]
    if end - start == 1 and simple[start] in UNITS:
        number = start
        while number and (simple[number - 1] in numerals.CHARS or simple[number - 1].isdigit()):
            number -= 1
        if number < start:
            return [f"counted: {simple[number:end]}"]
    return []
