"""The shipped learner's gloss table and the sense-by-context rules, read on first use.

`data/glosses.tsv`: the most frequent words of written Chinese (wordfreq's list) with a gloss in
their everyday senses, condensed from CC-CEDICT and reviewed by people (tools/build_glosses.py);
a character with several readings has a row per reading (得 de / děi / dé). CC BY-SA 4.0.

`data/gloss_rules.tsv`: the sense a word has among certain neighbours, as data:
`冲 <TAB> next <TAB> 咖啡 茶 奶粉 <TAB> to brew (with hot water)` reads "冲 before 咖啡, 茶 or
奶粉 means 'to brew'". The sides: `next` and `prev`, the word right after or before (a word of
the line or a part of a glued token); `obj`, the first word after that is not in the class
@skip (了, 个, 一杯 ...: 叫了个外卖 orders a 外卖); `near`, any of three words either side;
`alone`, a word between clause boundaries (行，); `default`, always (the sense in context
when no rule before it matched). A neighbour after matches an item it starts with, one before
an item it ends with. `<end>` is a clause boundary (punctuation, the line's edge), `<list>` the
list comma 、 before the word (苹果、香蕉等); `@name` stands for a class defined on a line
`@name <TAB> word word ...`; `-` lists nothing. Two classes are computed, not listed: `@#verb`,
a word the learner's table glosses as a verb ('to ...'; a glued word by its first part after the
word, its last part before it), and `@#num`, a number, alone or with a measure word (三, 两岁,
二十个, 十二点). `obj` also skips numbers, matches a compound by its head noun, its end
(开 ... 咖啡店 as 开 ... 店), and takes the object 把 or 将 puts before the verb (把垃圾倒了).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from slangtutor.text import pinyin

END = "<end>"
LIST = "<list>"
FRONTING = frozenset(("把", "将"))  # they put the object before its verb  # a list comma (、) right before the words before a word
NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千万两几半零〇俩仨")
# Measure words and units that may follow a number inside one token (二十个, 两岁, 十二点).
MEASURES = frozenset("个岁块元角毛分秒米克度次天年月号点人口名户本件只张位斤里小时周杯瓶碗份盒壶袋罐桶盘串颗"
                     "双对条首部家辆台层楼栋座间套把根支页集场群句篇段节遍倍成")
NOT_NUMBERS = frozenset(("一点", "一点儿", "一些", "一会", "一会儿", "一下", "一口气", "一成不变"))
TABLE_NAME = "glosses.tsv"
RULES_NAME = "gloss_rules.tsv"


def _data(name: str):
    return files("slangtutor.annotate").joinpath("data", name)


@lru_cache(maxsize=1)
def _table_bytes() -> bytes:
    return _data(TABLE_NAME).read_bytes()


@lru_cache(maxsize=1)
def version() -> str:
    """A digest of what a gloss is made from: the table, the rules and the code that condenses
    and composes (about a millisecond), so a gloss stored by another version is never reused
    (see Glosses)."""
    digest = hashlib.sha256(_table_bytes())
    digest.update(_data(RULES_NAME).read_bytes())
    package = files("slangtutor.annotate")
    for module in ("condense.py", "glosses.py", "learner.py"):
        digest.update(package.joinpath(module).read_bytes())
    text = files("slangtutor.text")  # numbers, runs and simplified forms go into glosses too
    for module in ("numerals.py", "script.py"):
        digest.update(text.joinpath(module).read_bytes())
    return digest.hexdigest()[:16]


class Table:
    """The shipped table, read on first use. The first few hundred look-ups search the file's
    text (a few microseconds each: one line of annotate needs no more); after that the whole
    table is parsed into a dict (about 25 ms), which a long input pays back at once."""

    PARSE_AFTER = 300

    def __init__(self):
        self._bytes: bytes | None = None
        self._rows: dict[str, tuple[tuple[str, str], ...] | None] = {}
        self._parsed = False

    def _source(self) -> bytes:
        if self._bytes is None:
            self._bytes = b"\n" + _table_bytes()
        return self._bytes

    def get(self, word: str) -> tuple[tuple[str, str], ...] | None:
        """((pinyin, gloss), ...) for the word, the everyday reading first, or None."""
        try:
            return self._rows[word]
        except KeyError:
            pass
        if self._parsed:
            return None
        if len(self._rows) >= self.PARSE_AFTER:
            self.parse()
            return self._rows.get(word)
        data, key = self._source(), f"\n{word}\t".encode()
        position = data.find(key)
        found = []
        while position >= 0:
            end = data.find(b"\n", position + 1)
            line = data[position + 1:end if end >= 0 else len(data)].decode("utf-8")
            _, marks, gloss = line.split("\t")
            found.append((marks, gloss))
            position = end if end >= 0 and data.startswith(key, end) else -1
        self._rows[word] = rows = tuple(found) or None
        return rows

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def parse(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Every row, as word -> ((pinyin, gloss), ...)."""
        if not self._parsed:
            rows: dict[str, list[tuple[str, str]]] = {}
            for line in self._source().decode("utf-8").splitlines():
                if not line or line[0] == "#":
                    continue
                word, marks, gloss = line.split("\t")
                rows.setdefault(word, []).append((marks, gloss))
            self._rows = {word: tuple(found) for word, found in rows.items()}
            self._parsed = True
            self._bytes = None
        return self._rows  # type: ignore[return-value]


@lru_cache(maxsize=1)
def shipped() -> Table:
    """The shipped table (one per process)."""
    return Table()


def table() -> dict[str, tuple[tuple[str, str], ...]]:
    """The whole table: word -> ((pinyin, gloss), ...), the everyday reading first."""
    return shipped().parse()


def lookup(word: str, reading: str | None) -> str | None:
    """The table's gloss of `word` in `reading` (the row with that reading, else the everyday
    row), or None when the word is not in the table."""
    rows = shipped().get(word)
    if not rows:
        return None
    if reading and len(rows) > 1:
        wanted = reading.lower()
        for marks, gloss in rows:
            if marks == wanted:
                return gloss
        key = pinyin.toned_key(wanted)
        for marks, gloss in rows:
            if pinyin.toned_key(marks) == key:
                return gloss
    return rows[0][1]


COMPUTED = ("@#verb", "@#num")
SIDES = ("next", "prev", "obj", "near", "before", "line", "alone", "default")
WINDOW = 3  # words a `near` rule looks at on each side
NEIGHBOURS = 5  # words gathered on each side (an `obj` rule skips measure words and the like)


@dataclass(frozen=True, slots=True)
class Rule:
    side: str  # one of SIDES
    neighbours: frozenset[str]
    gloss: str
    longest: int = 0  # the longest item, in characters
    computed: frozenset[str] = frozenset()  # computed classes: @#verb, @#num

    def matches(self, before: tuple[str, ...], after: tuple[str, ...],
                skip: frozenset[str], line: frozenset[str] = frozenset()) -> bool:
        side = self.side
        if side == "default":
            return True
        if side == "line":
            # An item itself anywhere in the line, in any clause: a topic word (搬家前一周，每天
            # 回来就打包: packing). `line` is the line's words, when the caller has the line.
            return not self.neighbours.isdisjoint(line)
        if side == "alone":
            return bool(before and after and before[0] == END and after[0] == END)
        if side == "prev":
            return bool(before) and self._ends(before[0])
        if side == "before":
            # An item itself anywhere earlier in the clause (连我妈都 'even'; not 连续).
            return not self.neighbours.isdisjoint(before)
        if side == "next":
            return bool(after) and self._starts(after[0])
        if side == "obj":
            # The object fronted by 把/将 (把垃圾倒了, 把衣服收进来): the word before the verb,
            # or, a few words back (把我一个人扔在), the word right after 把.
            fronted = _fronted(before)
            if fronted:
                return any(self._starts(word) or self._head(word) for word in fronted)
            skipped = ""
            modifier = False
            for i, word in enumerate(after):
                if modifier:  # the 的 after a modifier, never an item (打篮球的时候: no 打的)
                    modifier = False
                    continue
                if word in self.neighbours:
                    return True  # an item itself, even one skipped otherwise (搞两张)
                if _modifies(after, i):  # 开着一辆白色的车: 白色的 comes before the noun
                    modifier = True
                    continue
                if word not in skip and not is_number(word):
                    if word[:1] == "<" and skipped in skip:
                        # A measure word at the clause's end is the noun (刷碗, 洗个碗).
                        return self._starts(word) or self._starts(skipped)
                    if self._starts(word) or self._head(word):
                        return True
                    # 没接你电话, 翻我手机: a pronoun may own the noun after it.
                    owned = _owned(after, i)
                    if owned is not None:
                        return self._starts(owned) or self._head(owned)
                    # 报了个游泳班: a noun cut off its one-character head (游泳 + 班); 训了个
                    # 新模型: a noun after an adjective describing it (not 冲了个澡咖啡都凉了:
                    # the next clause's subject).
                    head = after[i + 1] if i + 1 < len(after) else ""
                    return (len(head) == 1 or word in DESCRIBING) and (
                        head not in PARTICLES and head not in PRONOUNS
                        and head in self.neighbours)
                skipped = word
            return False
        return (any(self._ends(w) for w in before[:WINDOW])
                or any(self._starts(w) for w in after[:WINDOW]))

    # An item matches a word after that starts with it, a word before that ends with it:
    # a set look-up for each length up to the longest item.
    def _starts(self, word: str) -> bool:
        items = self.neighbours
        if word[:1] == "<":
            return word in items
        if self.computed and _computed(self.computed, word, True):
            return True
        return any(word[:k] in items for k in range(1, min(len(word), self.longest) + 1))

    def _ends(self, word: str) -> bool:
        items = self.neighbours
        if word[:1] == "<":
            return word in items
        if self.computed and _computed(self.computed, word, False):
            return True
        return any(word[-k:] in items for k in range(1, min(len(word), self.longest) + 1))

    def _head(self, word: str) -> bool:
        """An object matches by its head noun too, the end of a compound (咖啡店 -> 店)."""
        items = self.neighbours
        return word[:1] != "<" and any(
            word[-k:] in items for k in range(1, min(len(word) - 1, self.longest) + 1))


def _fronted(before: tuple[str, ...]) -> tuple[str, ...]:
    """The object 把 or 将 puts before a verb, from the words before the verb (nearest first):
    the word before the verb and the word right after 把, or () when no 把 is in the clause
    within four words."""
    for k in range(1, min(len(before), 5)):
        if before[k] in FRONTING:
            return tuple(dict.fromkeys((before[0], before[k - 1])))
        if before[k][:1] == "<":
            break
    return ()


def object_of(before: tuple[str, ...], after: tuple[str, ...]) -> str | None:
    """The object an `obj` rule looks at, as one word: the object 把/将 fronts (the word right
    after 把), else the first word after the verb that is neither in @skip nor a number, before
    the clause ends; None when there is none."""
    fronted = _fronted(before)
    if fronted:
        return fronted[-1]  # the word right after 把
    skip = _load()[1]
    modifier = False
    for i, word in enumerate(after):
        if word[:1] == "<":
            return None
        if modifier:
            modifier = False
        elif _modifies(after, i):
            modifier = True
        elif word not in skip and not is_number(word):
            return _owned(after, i) or word
    return None


OWNERS = frozenset("我你他她它")


def _owned(after: tuple[str, ...], i: int) -> str | None:
    """The noun a pronoun right after a verb may own (接你电话: 你 + 电话), else None."""
    if after[i] in OWNERS and i + 1 < len(after) and after[i + 1][:1] != "<" \
            and after[i + 1] not in _load()[1]:
        return after[i + 1]
    return None


PARTICLES = frozenset("的地得了着过")  # never a noun's head (游泳 + 班) nor a modifier's 的
PRONOUNS = OWNERS | {"您"}  # never a noun's head: 还骂我 is no 还 + 我 (give me back)
# One-character adjectives that describe the noun after them without 的 (个新模型 一辆旧车).
DESCRIBING = frozenset("新旧大小老白黑红蓝绿黄长短高低厚薄热冷好坏真假")

# Nouns a clause before 的 describes (打篮球的时候 'when playing basketball', 吃饭的地方): the
# word before 的 is then the verb's own object, not a modifier of the noun.
CLAUSE_HEADS = frozenset({"时候", "时", "人", "地方", "样子", "感觉", "那天", "日子", "机会",
                          "经历", "过程", "办法", "方法", "瞬间", "时间", "那一刻", "习惯"})


def _modifies(after: tuple[str, ...], i: int) -> bool:
    """Whether word i of the words after a verb is a modifier of the object, followed by
    的 and then a word (扫一下桌上的二维码: 桌上的 before 二维码); not before a noun the whole
    clause describes (CLAUSE_HEADS)."""
    return (i + 2 < len(after) and after[i + 1] == "的" and after[i][:1] != "<"
            and after[i + 2][:1] != "<" and after[i + 2] not in CLAUSE_HEADS)


def is_number(word: str) -> bool:
    """A number, alone or with a measure word after it: 三, 三百, 两岁, 二十个, 十二点."""
    if word in NOT_NUMBERS:  # a bit, some, a while: not amounts
        return False
    count = 0
    while count < len(word) and word[count] in NUMERALS:
        count += 1
    if not count:
        return False
    rest = word[count:]
    # 两岁, 二十个, 十二点 are amounts; 八节课 is an amount and its noun (the object).
    return not rest or (len(rest) <= 2 and all(c in MEASURES for c in rest))


@lru_cache(maxsize=4096)
def is_verb(word: str, after: bool) -> bool:
    """True when the learner's table glosses the word as a verb ('to ...'); a word the table
    lacks (a glued token) by its first part when it comes after, its last part before."""
    table = shipped()
    sizes = range(min(len(word), 3), 0, -1)
    for part in (word, *((word[:k] if after else word[-k:]) for k in sizes)):
        rows = table.get(part)
        if rows:
            return rows[0][1].startswith("to ")
    return False


def _computed(classes: frozenset[str], word: str, after: bool) -> bool:
    return (("@#num" in classes and is_number(word))
            or ("@#verb" in classes and is_verb(word, after)))


class RulesError(ValueError):
    """A line of the rules file that cannot be read (a test reads every line)."""


def _longest_item(items) -> int:
    """The longest neighbour among `items`, in characters (markers such as <obj aside)."""
    return max((len(item) for item in items if item[:1] != "<"), default=0)


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, tuple[Rule, ...]], frozenset[str]]:
    classes: dict[str, tuple[frozenset[str], int]] = {}  # name -> (its words, the longest)
    found: dict[str, list[Rule]] = {}
    text = _data(RULES_NAME).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line[0] == "#":
            continue
        fields = line.split("\t")
        if fields[0].startswith("@"):
            if len(fields) != 2:
                raise RulesError(f"{RULES_NAME}:{number}: a class is '@name<TAB>words'")
            words = frozenset(fields[1].split())
            classes[fields[0]] = (words, _longest_item(words))
            continue
        if len(fields) != 4 or fields[1] not in SIDES:
            raise RulesError(f"{RULES_NAME}:{number}: expected word, {'|'.join(SIDES)}, "
                             "neighbours, gloss")
        word, side, neighbours, gloss = fields
        sets: list[frozenset[str]] = []
        plain: list[str] = []
        computed = []
        longest = 0
        for item in neighbours.split():
            if item in COMPUTED:
                computed.append(item)
            elif item.startswith("@"):
                if item not in classes:
                    raise RulesError(f"{RULES_NAME}:{number}: unknown class {item}")
                members, length = classes[item]
                sets.append(members)
                longest = max(longest, length)
            elif item != "-":
                plain.append(item)
        longest = max(longest, _longest_item(plain))
        # A rule of one class alone shares the class's set (most rules are that, or small).
        items = sets[0] if len(sets) == 1 and not plain else frozenset(plain).union(*sets)
        found.setdefault(word, []).append(
            Rule(side, items, gloss, longest, frozenset(computed)))
    skip = classes.get("@skip", (frozenset(), 0))[0]
    # A default applies when no other rule matches, wherever it stands in the file.
    ordered = {word: tuple(sorted(r, key=lambda rule: rule.side == "default"))
               for word, r in found.items()}
    return ordered, skip


def rules() -> dict[str, tuple[Rule, ...]]:
    """word -> its rules, in file order with its default last (the first that matches wins)."""
    return _load()[0]


def skipped() -> frozenset[str]:
    """The class @skip: what an `obj` rule looks past (了, 个, 一杯 ...)."""
    return _load()[1]


@lru_cache(maxsize=None)
def takes_object(word: str) -> bool:
    """True when some rule of `word` names its objects (an `obj` rule): a verb."""
    return any(rule.side == "obj" for rule in rules().get(word, ()))


def default(word: str) -> str | None:
    """The word's `default` rule's gloss: its sense in a line when no rule before it matches,
    which is also its gloss out of context."""
    for rule in rules().get(word, ()):
        if rule.side == "default":
            return rule.gloss
    return None


def in_context(word: str, before: tuple[str, ...], after: tuple[str, ...],
               line: frozenset[str] = frozenset()) -> str | None:
    """The gloss the rules give `word` among its neighbours: `before`, the words before it
    nearest first, and `after`, the words after it; either ends with END at a clause boundary;
    `line`, the words of the whole line (for `line` rules). None when no rule matches.

    The same as asking each rule's matches() in turn; a `next`, `prev` or `near` rule without
    a computed class is asked instead whether its items meet the beginnings (after it) or the
    ends (before it) of the neighbours it looks at, made once for all the word's rules."""
    own = rules().get(word)
    if not own:
        return None
    skip = _load()[1]
    longest = _longest(word)
    edges: dict[str, set[str]] = {}
    for rule in own:
        side = rule.side
        if rule.computed or side not in _EDGE_SIDES:
            if rule.matches(before, after, skip, line):
                return rule.gloss
            continue
        found = edges.get(side)
        if found is None:
            found = edges[side] = _edges(side, before, after, longest)
        if not rule.neighbours.isdisjoint(found):
            return rule.gloss
    return None


_EDGE_SIDES = frozenset(("next", "prev", "near"))


@lru_cache(maxsize=None)
def _longest(word: str) -> int:
    return max((rule.longest for rule in rules().get(word, ())), default=0)


def _edges(side: str, before: tuple[str, ...], after: tuple[str, ...], longest: int
           ) -> set[str]:
    """What a rule on `side` may meet: the beginnings of the words after it it looks at and
    the ends of those before it, up to `longest` characters; a marker (END, LIST) whole."""
    found: set[str] = set()
    if side == "next":
        starts, ends = after[:1], ()
    elif side == "prev":
        starts, ends = (), before[:1]
    else:
        starts, ends = after[:WINDOW], before[:WINDOW]
    for word in starts:
        if word[:1] == "<":
            found.add(word)
        else:
            found.update(word[:k] for k in range(1, min(len(word), longest) + 1))
    for word in ends:
        if word[:1] == "<":
            found.add(word)
        else:
            found.update(word[-k:] for k in range(1, min(len(word), longest) + 1))
    return found


def in_context_each(word: str, before: tuple[str, ...], after: tuple[str, ...],
                    line: frozenset[str] = frozenset()) -> str | None:
    """in_context() by asking each rule's matches() in turn (the tests hold them equal)."""
    skip = _load()[1]
    for rule in rules().get(word, ()):
        if rule.matches(before, after, skip, line):
            return rule.gloss
    return None
