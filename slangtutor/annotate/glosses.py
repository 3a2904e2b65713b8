"""Glosses of ordinary words in the sense a learner meets them.

In order: the shipped learner's table (slangtutor.annotate.learner: the top words of written
Chinese, everyday senses first, reviewed), then CC-CEDICT's senses for the reading, condensed
without notation (slangtutor.annotate.condense), then, for a token CC-CEDICT lacks (jieba glues
我想, 好帅, 不信), its dictionary words, each glossed the same way: 好帅 -> '好 so; very + 帅
handsome'. Sense rules (learner.rules) choose by the neighbouring words: 冲 before 咖啡 is 'to
brew', 信 after 不 'to believe'. Glosses are kept in a bounded memo and stored for later runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from slangtutor.annotate import condense, learner
from slangtutor.dictionary import for_reading
from slangtutor.memo import Memo
from slangtutor.text import numerals
from slangtutor.text.script import HANZI, INTERJECTIONS, is_run, to_simplified_aligned

MAX_PART = 4  # characters in one dictionary word of a composed gloss
PART_SENSES = 2  # senses shown for each part of a composed gloss
UNKNOWN = ("",)  # the neighbours of a glued token's parts, outside the token, out of context
SENSES_IN_CONTEXT = 2  # senses of the table's gloss shown for a word in a line (0: all)


class Glosses:
    """The gloss of each (word, reading); `meanings` maps dataset ids to their meaning."""

    MEMO_LIMIT = 200_000

    def __init__(self, lexicon, meanings: dict[str, str]):
        self._lexicon = lexicon
        self._meanings = meanings
        self._memo: Memo = Memo(self.MEMO_LIMIT)
        self._new: dict[tuple[str, str | None], str | None] = {}  # to store at close
        self._tag = None
        self._part_glosses: Memo = Memo(self.MEMO_LIMIT)  # (part, reading) -> gloss
        self._contextual: Memo = Memo(self.MEMO_LIMIT)  # word -> may its sense depend on ...
        self._adjacent: dict[str, bool] = {}  # rule word -> do its rules look next to it only
        self._topic: Memo = Memo(self.MEMO_LIMIT)  # word -> may a `line` rule decide it
        self._line_of: tuple = (None, frozenset())  # the last line's pieces and its words
        self._beside: Memo = Memo(self.MEMO_LIMIT)  # (word, before, after) -> in_context
        self._splits: Memo = Memo(self.MEMO_LIMIT)  # verb + object -> _split_sense

    def get(self, word: str, reading: str | None) -> str | None:
        return self._memo.get((word, reading))

    def _stored_key(self, reading: str | None) -> str:
        """The reading column of the lexicon's gloss store, tagged with the table's version:
        a gloss stored by an earlier table or earlier rules is never read back."""
        if self._tag is None:
            self._tag = "#" + learner.version()
        return (reading or "") + self._tag

    def prefetch(self, wanted_words: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Fill the memo for every (word, reading, hint) not in it, in a few look-ups; `hint` is
        the dataset id whose meaning stands in when the dictionary has nothing."""
        glosses = self._memo
        glosses.make_room()
        self._part_glosses.make_room()
        self._contextual.make_room()
        wanted = {(w, r, h) for w, r, h in wanted_words if (w, r) not in glosses}
        if not wanted:
            return
        # Glosses built on an earlier run come back in one query; only new words are built.
        keys = {(w, self._stored_key(r)): (w, r) for w, r, _ in wanted}
        stored = self._lexicon.glosses(keys)
        for word, reading, hint in list(wanted):
            key = (word, self._stored_key(reading))
            if key in stored:
                gloss = stored[key]
                if gloss is None and hint:
                    gloss = self._meanings[hint]
                glosses[(word, reading)] = gloss
                wanted.discard((word, reading, hint))
        if not wanted:
            return
        table, rules = learner.shipped(), learner.rules()
        # A word in traditional characters takes the table's and the rules' gloss of its
        # simplified form (這部 as 这部, 說 as 说); CC-CEDICT lists both forms itself.
        in_table = {w for w, _, _ in wanted if simple(w) in table}
        senses = self._lexicon.senses({w for w, _, _ in wanted if w not in in_table})
        lacking = [w for w, _, _ in wanted if w not in in_table and w not in senses]
        parts_needed = {
            word[i:j]
            for word in lacking
            for i in range(len(word))
            for j in range(i + 1, min(len(word), i + MAX_PART) + 1)
        }
        part_senses = self._lexicon.senses(p for p in parts_needed if p not in table)
        # Common words the table lacks count as known parts (打麻将 is 打 + 麻将, not 打 + 麻 + 将).
        common = {w for w, count in self._lexicon.dictionary_words(
            p for p in part_senses if len(p) > 1).items() if count >= COMMON_PART}
        for word, reading, hint in wanted:
            if simple(word) in rules and learner.default(simple(word)):
                gloss = learner.default(simple(word))  # its sense where no rule matches
            elif word in in_table:
                gloss = learner.lookup(simple(word), reading)
                if SENSES_IN_CONTEXT:
                    gloss = "; ".join(gloss.split("; ")[:SENSES_IN_CONTEXT])
            elif word in senses:
                gloss = cedict_gloss(senses[word], reading) or None
            elif is_run(word):
                gloss = self._run_gloss(word, reading)
            else:
                gloss = self._number_gloss(word) or self._compose(word, reading, part_senses,
                                                                  common)
            self._new[(word, self._stored_key(reading))] = gloss  # without hints
            if gloss is None and hint:
                gloss = self._meanings[hint]
            glosses[(word, reading)] = gloss
        if len(self._new) >= 5000:
            self.flush()

    # -- composing and context ------------------------------------------------------------------

    def _run_gloss(self, word: str, reading: str | None) -> str | None:
        """A character said again and again (哈哈哈哈, 对对对, 行行行): an interjection's own
        gloss (of its doubled form when the dictionary has one: 哈哈 haha), else the
        character's everyday sense, said over and over; never a composition of its parts."""
        char = word[0]
        syllables = (reading or "").split()
        bases = (char * 2, char) if char in INTERJECTIONS else (char,)
        for base in bases:
            said = " ".join(syllables[:len(base)]) or None
            gloss = learner.lookup(base, said)
            if gloss is None:
                found = self._lexicon.senses([base])
                gloss = cedict_gloss(found[base], said) if base in found else None
            if gloss:
                return run_gloss(word, "; ".join(gloss.split("; ")[:PART_SENSES]))
        return None

    def _number_gloss(self, word: str) -> str | None:
        """A number written in Chinese numerals, alone or with what it counts: 十二点 '十二 12 +
        点 o'clock', 三十年 '三十 30 + 年 year(s)', 两百 '200' (composed from 十 ten, 二 two and
        点 a bit, a learner read a number as its digits' first senses)."""
        size = numerals.leading(word)
        if not size:
            return None
        number, rest = word[:size], word[size:]
        amount = numerals.value(number)
        if amount is None:
            return None
        if not rest:
            return number_text(number) if size > 1 else None
        counted = COUNTED.get(simple(rest))
        if counted is None:
            if size < 2:
                return None  # 一杯, 两个: the composition says it as well
            counted = learner.lookup(simple(rest), None)
            if counted is None:
                found = self._lexicon.senses([rest])
                counted = cedict_gloss(found[rest], None) if rest in found else None
            if not counted:
                return None
            counted = "; ".join(counted.split("; ")[:PART_SENSES])
        return f"{number} {number_text(number)} + {rest} {counted}"

    def _compose(self, word: str, reading: str | None, senses: dict,
                 common: set[str] | frozenset[str] = frozenset()) -> str | None:
        parts = split(word, senses, common=common)
        if parts is None or len(parts) < 2:
            return None
        # Out of context: the neighbours outside the token are unknown ('').
        return self._join(parts, _part_readings(parts, reading), senses, UNKNOWN, UNKNOWN)

    def _join(self, parts, readings, senses: dict | None, before: tuple, after: tuple,
              line: frozenset[str] = frozenset()) -> str:
        out = []
        rules = learner.rules()
        for i, part in enumerate(parts):
            gloss = None
            if part in rules:
                left = tuple(reversed(parts[:i])) + before
                gloss = learner.in_context(part, left, tuple(parts[i + 1:]) + after, line)
            if gloss is None and not HANZI.search(part):
                gloss = ""
            if gloss is None:
                key = (part, readings[i])
                gloss = self._part_glosses.get(key)
                if gloss is None:
                    gloss = learner.lookup(part, readings[i])
                    if gloss is None:
                        # Composing again in context (senses None): look the part up now.
                        found = self._lexicon.senses([part]) if senses is None else senses
                        if part in found:
                            gloss = cedict_gloss(found[part], readings[i])
                    if not gloss:
                        gloss = number_text(part)  # 两百 in 两百块, read in context
                    self._part_glosses[key] = gloss or ""
            short = "; ".join(gloss.split("; ")[:PART_SENSES]) if gloss else ""
            out.append(f"{part} {short}" if short else part)
        return " + ".join(out)

    def contextual(self, word: str) -> bool:
        """True when the word's gloss may depend on its neighbours (see in_context): it has
        sense rules, or it may be a glued token whose first or last part has them."""
        known = self._contextual.get(word)
        if known is None:
            key = simple(word)
            rules = learner.rules()
            known = key in rules or (
                len(key) > 1
                and any(key[:k] in rules or key[-k:] in rules
                        for k in range(1, min(MAX_PART, len(key) - 1) + 1))
                and key not in learner.shipped())
            self._contextual[word] = known
        return known

    def alone(self, word: str, gloss: str | None) -> tuple[str | None, bool]:
        """The gloss in_context gives `word` (glossed `gloss` out of context) wherever the
        line leaves it as it is, and whether a line can change it. Most words the rules name
        can be changed; a word with only a default rule always gets the default; a glued token
        only when its composed gloss begins or ends with a part that has rules."""
        if not self.contextual(word):
            return gloss, False
        word = simple(word)
        rules = learner.rules()
        own = rules.get(word)
        if own is not None:
            if all(rule.side == "default" for rule in own):
                return own[0].gloss or gloss, False
            return gloss, True
        if is_run(word):
            return gloss, word[0] in rules
        parts = composed_parts(word, gloss)
        return gloss, parts is not None and (parts[0] in rules or parts[-1] in rules)

    def at(self, word: str, reading: str | None, gloss: str | None, text: str, pieces,
           position: int) -> str | None:
        """in_context for piece `position` of a line's pieces. A word whose rules look only at
        the words right next to it (most: 在, 对, 还, 想) is judged from those two alone, and
        what they give is kept: a line need not gather its wider neighbours for it."""
        word = simple(word)
        adjacent = self._adjacent.get(word)
        if adjacent is None:
            own = learner.rules().get(word)
            adjacent = self._adjacent[word] = own is not None and all(
                rule.side in ADJACENT_SIDES for rule in own)
        after = simple(_next_to(text, pieces, position + 1, learner.END))
        # 补了个觉: past 了 and 个, an object may make a compound with the verb (_split_sense).
        if not adjacent or (len(word) == 1 and after in learner.skipped()):
            line = self._line(text, pieces) if self._topical(word, gloss) else frozenset()
            return self.in_context(word, reading, gloss, *neighbours(text, pieces, position),
                                   line=line)
        key = (word, simple(_next_to(text, pieces, position - 1, learner.LIST)), after)
        found = self._beside.get(key, _MISSING)
        if found is _MISSING:
            self._beside.make_room()
            found = self._beside[key] = learner.in_context(word, key[1:2], key[2:3])
        return found or gloss

    def _topical(self, word: str, gloss: str | None) -> bool:
        """Whether a `line` rule may decide the word: its own, or a glued token's first or last
        part's (those parts see outside the token)."""
        key = (word, gloss)
        found = self._topic.get(key)
        if found is None:
            rules = learner.rules()
            if word in rules:
                parts = [word]
            elif is_run(word):
                parts = [word[0]]  # 冲冲冲 as 冲
            else:  # a glued token's gloss names its parts, in the script it was written in
                parts = [simple(part) for part in gloss_parts(gloss)]
            self._topic.make_room()
            found = self._topic[key] = any(
                rule.side == "line" for part in parts[:1] + parts[-1:]
                for rule in rules.get(part, ()))
        return found

    def _line(self, text: str, pieces) -> frozenset[str]:
        """The words of a line (simplified), for `line` rules: made once a line."""
        if self._line_of[0] is not pieces:
            self._line_of = (pieces, frozenset(
                simple(text[start:end]) for start, end, kind, _ in pieces
                if kind == "word" or kind == "slang"))
        return self._line_of[1]

    def in_context(self, word: str, reading: str | None, gloss: str | None,
                   before: tuple[str, ...], after: tuple[str, ...],
                   line: frozenset[str] = frozenset()) -> str | None:
        """The gloss of `word` among its neighbours (see neighbours()) and the words of its
        line: a sense rule's gloss when one matches, else `gloss`, the word's gloss out of
        context."""
        rules = learner.rules()
        # Traditional characters: the rules know the simplified forms (of its neighbours too).
        word = simple(word)
        before, after = tuple(map(simple, before)), tuple(map(simple, after))
        if word in rules:
            return (self._split_sense(word, before, after, reading)
                    or learner.in_context(word, before, after, line) or gloss)
        if is_run(word) and word[0] in rules:  # 冲冲冲! is 冲! said three times
            found = learner.in_context(word[0], before, after, line)
            return run_gloss(word, found) if found else gloss
        # A glued token's gloss names its parts ('好 so; very + 帅 handsome'): no look-up.
        parts = composed_parts(word, gloss)
        if parts is None:
            return gloss
        # Only the first and last parts see outside the token: compose again only when one
        # of them takes another sense here than out of context.
        first, last = parts[0], parts[-1]
        inner_after, inner_before = parts[1:], tuple(reversed(parts[:-1]))
        if not ((first in rules and learner.in_context(first, before, inner_after + after, line)
                 != learner.in_context(first, UNKNOWN, inner_after + UNKNOWN))
                or (last in rules and learner.in_context(last, inner_before + before, after, line)
                    != learner.in_context(last, inner_before + UNKNOWN, UNKNOWN))):
            return gloss
        return self._join(parts, _part_readings(parts, reading), None, before, after, line)

    def _split_sense(self, word: str, before: tuple[str, ...], after: tuple[str, ...],
                     reading: str | None = None) -> str | None:
        """The sense of a one-character verb whose object makes with it a dictionary verb
        written apart: 开了一上午会 is 开会 'to hold a meeting', 挂个号 is 挂号 'to register
        (at a hospital)', 把菜点了 is 点菜. The compound's gloss, naming the compound; None
        when the verb and its object make no such word."""
        if len(word) != 1 or not learner.takes_object(word) or (
                before and learner.is_number(before[0])):
            return None  # not a verb; 十二点 is o'clock whatever follows
        obj = learner.object_of(before, after)
        if obj is None or not HANZI.search(obj) or _only_verb(obj):
            return None  # 说了算: 算 is no object
        compound = word + obj
        key = (compound, reading)
        found = self._splits.get(key, _MISSING)
        if found is _MISSING:
            gloss = self._verb_compound(compound, reading)
            if (gloss is None and len(obj) > 1 and obj not in learner.shipped()
                    and obj not in self._lexicon.headwords_from(obj[0])):
                # A glued token (车来 in 开着车来接我): its first character is the object.
                obj = obj[0]
                gloss = self._verb_compound(word + obj, reading)
            found = None
            if gloss and gloss.startswith("to "):
                shown = "; ".join(gloss.split("; ")[:SENSES_IN_CONTEXT])
                found = f"{shown} ({word}…{obj})"
            self._splits.make_room()
            self._splits[key] = found
        return found

    def _verb_compound(self, compound: str, reading: str | None = None) -> str | None:
        """The gloss of the compound the verb makes with its object: the learner's table's,
        else CC-CEDICT's, from the entries whose first syllable is the verb's reading here
        when any are (倒两趟车 is dǎo chē 'to change trains', not dào chē 'to reverse')."""
        gloss = learner.lookup(compound, None)
        if gloss is None and compound in self._lexicon.headwords_from(compound[0]):
            senses = self._lexicon.senses([compound])
            if compound in senses:
                entries = senses[compound]
                if reading:
                    entries = tuple(e for e in entries
                                    if e[0].split(" ", 1)[0].lower() == reading) or entries
                gloss = cedict_gloss(entries, None)
        return gloss

    # -- sharing with other processes ---------------------------------------------------------

    def reopen(self, lexicon) -> None:
        """Use another lexicon connection (a worker process after a fork)."""
        self._lexicon = lexicon
        self._new = {}

    def take_new(self) -> dict:
        """The glosses built since the last call, for another process to store."""
        new, self._new = self._new, {}
        return new

    def learn(self, glosses: dict) -> None:
        """Take glosses built elsewhere (a worker process), to store with our own."""
        self._new.update(glosses)

    def flush(self) -> None:
        self._lexicon.store_glosses(self._new)
        self._new = {}


# What a number counts, where the everyday sense after a number is not the word's first.
COUNTED = {"点": "o'clock", "点半": "half past (the hour)", "点钟": "o'clock",
           "岁": "years old", "块": "yuan (kuai); piece(s)", "块钱": "yuan (kuai)",
           "个": "(general measure word)", "年": "year(s)", "天": "day(s)", "分钟": "minute(s)",
           "小时": "hour(s)", "次": "time(s)", "号": "(date) day of the month; number",
           "斤": "jin (half a kilo)", "元": "yuan", "万": "ten thousand"}


def number_text(number: str) -> str | None:
    """Chinese numerals in digits: 两百 '200', 两万五千 '25,000', 一九九八 '1998' (written
    digit by digit: a year or a code, no thousands separator); None when not a number."""
    amount = numerals.value(number)
    if amount is None:
        return None
    if all(char in numerals.DIGITS for char in number):
        return str(amount)
    return f"{amount:,}"


@lru_cache(maxsize=1 << 16)
def simple(word: str) -> str:
    """The word in simplified characters (the same length), as the table and rules key it."""
    return to_simplified_aligned(word)


def run_gloss(word: str, gloss: str) -> str:
    """The gloss of a run (is_run) from its character's: an interjection's as it is."""
    return gloss if word[0] in INTERJECTIONS else f"{gloss} (said again and again)"


def composed_parts(word: str, gloss: str | None) -> tuple[str, ...] | None:
    """The parts a composed gloss names ('这 this + 家 home' -> ('这', '家')), or None when the
    gloss is not one composed for `word`."""
    parts = gloss_parts(gloss)
    return parts if parts and "".join(parts) == word else None


def gloss_parts(gloss: str | None) -> tuple[str, ...]:
    """The words a composed gloss begins its parts with ('这 this + 家 home' -> ('这', '家')),
    or () for a gloss composed of no parts."""
    if not gloss or " + " not in gloss:
        return ()
    return tuple(segment.split(" ", 1)[0] for segment in gloss.split(" + "))


ADJACENT_SIDES = frozenset({"next", "prev", "alone", "default"})  # rules on the words beside
_MISSING = object()


def _next_to(text: str, pieces, index: int, comma: str) -> str:
    """The nearest neighbour neighbours() gives on one side: the word of piece `index`, END at
    the line's edge or a clause boundary, `comma` for 、 (LIST before a word, END after it)."""
    if index < 0 or index >= len(pieces):
        return learner.END
    start, end, kind, _ = pieces[index]
    if kind == "punct" or kind == "other":
        return comma if text[start:end] == "、" else learner.END
    return text[start:end]


# A rule's gloss is the slang sense itself when it says so or shares a content word with the
# entry's meaning ('(online) to upvote; to bump' and 顶's 'bump!'); else it is another sense.
_SLANG_MARK = re.compile(r"\((?:slang|online|jokingly)")
_FILLER = frozenset("to a an the of in at on up sb sth for and or it be is one with by off out "
                    "get".split())


def _content_words(gloss: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", gloss.lower())
                     if len(w) > 2 and w not in _FILLER)


@lru_cache(maxsize=4096)
def _names_the_slang_sense(gloss: str, meaning: str) -> bool:
    return bool(_SLANG_MARK.search(gloss) or _content_words(gloss) & _content_words(meaning))


def plain_sense(gloss: str | None, slang_meaning: str, everyday: str | None) -> str | None:
    """The gloss of a form that is also everyday Chinese where the line uses it as a plain
    word (货车翻车了): its entry's `everyday` sense when the word's own gloss names the slang
    one (翻车 '(of a plan) to fail badly', a table written for the comments it is met in)."""
    if everyday and (not gloss or _names_the_slang_sense(gloss, slang_meaning)):
        return everyday
    return gloss


def everyday_sense(word: str, slang_meaning: str, text: str, pieces, position: int
                   ) -> str | None:
    """The gloss of a sense rule that matches `word` here and names another sense than the
    slang one (`slang_meaning`, the entry's): 糊 beside 锅 'burnt', 小号 beside 码 'small
    size'. None when only the word's default matches, or the rule gives the slang sense."""
    word = simple(word)
    if word not in learner.rules():
        return None
    before, after = neighbours(text, pieces, position)
    found = learner.in_context(word, tuple(map(simple, before)), tuple(map(simple, after)))
    if found is None or found == learner.default(word):
        return None
    return None if _names_the_slang_sense(found, slang_meaning) else found


def _only_verb(word: str) -> bool:
    """Whether the learner's table glosses the word as a verb in every reading (见, but not
    觉: jué 'to feel', jiào 'a sleep')."""
    rows = learner.shipped().get(word)
    return bool(rows) and all(gloss.startswith("to ") for _, gloss in rows)


def neighbours(text: str, pieces, position: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words before piece `position` of a line's pieces ((start, end, kind, form), ...),
    nearest first, and the words after it, as in_context takes them: at most WINDOW each, and
    END where the clause ends (punctuation, a space, the line's edge) before that."""
    window = learner.NEIGHBOURS
    before: list[str] = []
    for index in range(position - 1, max(-1, position - 1 - window), -1):
        start, end, kind, _ = pieces[index]
        if kind == "punct" or kind == "other":
            before.append(learner.LIST if text[start:end] == "、" else learner.END)
            break
        before.append(text[start:end])
    else:
        if position - window <= 0:
            before.append(learner.END)
    after: list[str] = []
    for index in range(position + 1, min(len(pieces), position + 1 + window)):
        start, end, kind, _ = pieces[index]
        if kind == "punct" or kind == "other":
            after.append(learner.END)
            break
        after.append(text[start:end])
    else:
        if position + window >= len(pieces) - 1:
            after.append(learner.END)
    return tuple(before), tuple(after)


def _part_readings(parts: list[str], reading: str | None) -> list[str | None]:
    syllables = reading.split() if reading else []
    if len(syllables) != sum(len(p) for p in parts):
        return [None] * len(parts)
    out, position = [], 0
    for part in parts:
        out.append(" ".join(syllables[position:position + len(part)]))
        position += len(part)
    return out


def split(word: str, senses: dict, table: dict | None = None,
          common: set[str] | frozenset[str] = frozenset()) -> list[str] | None:
    """The word as dictionary words: the fewest the learner's table lacks (干皮星 is 干 + 皮 +
    星, not 干 + 皮星 'picosatellite'), a `common` word (in jieba's dictionary, used often:
    麻将, 传单) counting as one the table has; then the fewest words, then longer first parts;
    None when a character is unknown."""
    if table is None:
        table = learner.shipped()

    def known(part: str) -> bool:
        # Letters and digits stand as they are (B型 is B + 型, not a sense of 'B').
        return part in table or part in senses or not HANZI.search(part)

    n = len(word)
    best: list[tuple | None] = [None] * (n + 1)  # (untabled, count, parts) for word[:i]
    best[0] = (0, 0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_PART), end):
            part = word[start:end]
            if best[start] is None or not known(part):
                continue
            untabled, count, parts = best[start]
            candidate = (untabled + (part not in table and part not in common), count + 1,
                         parts + (part,))
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    return list(best[n][2]) if best[n] else None


COMMON_PART = 20  # jieba's count above which a word the table lacks is a known part


def cedict_gloss(entries: tuple[tuple[str, str], ...], reading: str | None) -> str:
    """A condensed gloss from CC-CEDICT entries ((pinyin, 'a/b/c'), ...): the entries whose
    pinyin matches `reading` when any do, common (lowercase) readings before proper nouns."""
    chosen = for_reading(entries, reading)
    common = [e for e in chosen if not e[0][:1].isupper()]
    return condense.condense([d for _, d in (common or chosen)])
