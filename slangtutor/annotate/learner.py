"""The shipped learner's gloss table and the sense-by-context rules, read on first use.

`data/glosses.tsv`: the most frequent words of written Chinese (wordfreq's list) with a gloss in
their everyday senses, condensed from CC-CEDICT and reviewed by people (tools/build_glosses.py);
a character with several readings has a row per reading (得 de / děi / dé). CC BY-SA 4.0.

`data/gloss_rules.tsv`: the sense a word has beside certain neighbours, as data:
`冲 <TAB> next <TAB> 咖啡 茶 奶粉 <TAB> to brew (with hot water)` reads "冲 before 咖啡, 茶 or
奶粉 means 'to brew'". `next`/`prev` look at the neighbouring word (or part of a glued token);
a neighbour matches when it starts (`next`) or ends (`prev`) with a listed item. `<end>` is
the end of a clause (punctuation or the end of the line). `@name` stands for a class of words
defined on a line `@name <TAB> word word ...`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from slangtutor.text import pinyin

END = "<end>"
TABLE_NAME = "glosses.tsv"
RULES_NAME = "gloss_rules.tsv"


def _data(name: str):
    return files("slangtutor.annotate").joinpath("data", name)


@lru_cache(maxsize=1)
def version() -> str:
    """A short digest of the table and the rules, so glosses stored by an earlier version are
    never reused (see Glosses)."""
    digest = hashlib.sha256(b"learner:1")
    for name in (TABLE_NAME, RULES_NAME):
        digest.update(_data(name).read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[tuple[str, str], ...]]:
    """word -> ((pinyin, gloss), ...), the everyday reading first."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for line in _data(TABLE_NAME).read_text(encoding="utf-8").splitlines():
        if not line or line[0] == "#":
            continue
        word, marks, gloss = line.split("\t")
        rows.setdefault(word, []).append((marks, gloss))
    return {word: tuple(found) for word, found in rows.items()}


def lookup(word: str, reading: str | None) -> str | None:
    """The table's gloss of `word` in `reading` (the row with that reading, else the everyday
    row), or None when the word is not in the table."""
    rows = table().get(word)
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


@dataclass(frozen=True, slots=True)
class Rule:
    side: str  # "next" or "prev"
    neighbours: frozenset[str]
    gloss: str

    def matches(self, before: str | None, after: str | None) -> bool:
        neighbour = after if self.side == "next" else before
        if neighbour is None:
            return END in self.neighbours
        if self.side == "next":
            return any(neighbour.startswith(item) for item in self.neighbours)
        return any(neighbour.endswith(item) for item in self.neighbours)


class RulesError(ValueError):
    """A line of the rules file that cannot be read (a test reads every line)."""


@lru_cache(maxsize=1)
def rules() -> dict[str, tuple[Rule, ...]]:
    """word -> its rules, in file order (the first that matches wins)."""
    classes: dict[str, list[str]] = {}
    found: dict[str, list[Rule]] = {}
    text = _data(RULES_NAME).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line[0] == "#":
            continue
        fields = line.split("\t")
        if fields[0].startswith("@"):
            if len(fields) != 2:
                raise RulesError(f"{RULES_NAME}:{number}: a class is '@name<TAB>words'")
            classes[fields[0]] = fields[1].split()
            continue
        if len(fields) != 4 or fields[1] not in ("next", "prev"):
            raise RulesError(f"{RULES_NAME}:{number}: expected word, next|prev, neighbours, gloss")
        word, side, neighbours, gloss = fields
        items: list[str] = []
        for item in neighbours.split():
            if item.startswith("@"):
                if item not in classes:
                    raise RulesError(f"{RULES_NAME}:{number}: unknown class {item}")
                items += classes[item]
            else:
                items.append(item)
        found.setdefault(word, []).append(Rule(side, frozenset(items), gloss))
    return {word: tuple(r) for word, r in found.items()}


def in_context(word: str, before: str | None, after: str | None) -> str | None:
    """The gloss the rules give `word` between the words `before` and `after` (None for a
    clause boundary), or None when no rule matches."""
    for rule in rules().get(word, ()):
        if rule.matches(before, after):
            return rule.gloss
    return None
