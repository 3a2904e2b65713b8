"""Plain frozen records shared by every part of slangtutor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ORIGINS = (
    "homophone",
    "abbreviation",
    "number",
    "loanword",
    "meme",
    "pun",
    "semantic-shift",
    "phrase",
)
REGISTERS = ("neutral", "playful", "sarcastic", "rude", "vulgar")
RUDE_REGISTERS = frozenset({"rude", "vulgar"})
TAGS = (
    "numbers",
    "abbreviations",
    "homophones",
    "memes",
    "work-life",
    "emotions",
    "relationships",
    "shopping",
    "platform",
    "fandom",
    "censorship",
    "ground-rules",
    "phrases",
    "rednote",
    "games",
    "anime",
    "buzzwords",
    "emoticons",
    "trends",
    "places",
)
LEVELS = (1, 2, 3)
# Named cues for `slang_cues` / `literal_cues` (data/README.md): the evidence they give, and
# the words right before or right after the form that make them.
CUE_MACROS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # 太凡尔赛了, 有点柠檬: a noun of the everyday sense used as an adjective
    "@adjective": ("adjective use", (
        "太", "超", "好", "很", "真", "挺", "巨", "贼", "有点", "有点儿", "这么", "那么", "特别",
        "非常", "最", "越来越", "够", "也太", "过于", "一点都不", "好不"), ()),
    # 在凡尔赛, 别凡尔赛了: a noun of the everyday sense used as a verb
    "@verb": ("verb use", (
        "在", "又在", "正在", "还在", "别", "别再", "不要", "开始", "一直", "又", "被"),
        ("了", "起来", "过", "着")),
    # 天花板上, 沙发里: a thing in a place, the everyday sense
    "@place": ("place word", (), (
        "上", "里", "下", "上面", "下面", "里面", "底下", "旁边", "边上", "中间", "中")),
}


@dataclass(frozen=True, slots=True)
class Example:
    zh: str
    pinyin: str
    en: str

    def to_dict(self) -> dict:
        return {"zh": self.zh, "pinyin": self.pinyin, "en": self.en}


@dataclass(frozen=True, slots=True)
class Entry:
    """One curated slang entry; see data/README.md for what each field holds."""

    id: str
    term: str
    pinyin: str
    meaning: str
    explanation: str
    origin: str
    register: str
    level: int
    tags: tuple[str, ...]
    examples: tuple[Example, ...]
    traditional: str | None = None
    aliases: tuple[str, ...] = ()
    literal: str | None = None
    source_form: str | None = None
    related: tuple[str, ...] = ()
    since: int | None = None
    everyday: str | None = None
    # Cues that tell the two senses of a dual form apart in a line (see data/README.md):
    # words of the line, or "~" patterns for the text right around the form (在~, ~群众).
    slang_cues: tuple[str, ...] = ()
    literal_cues: tuple[str, ...] = ()
    # A letter abbreviation whose hanzi phrase is slang too (永远的神 for yyds), not a plain
    # spelled-out word (不知道 for bzd).
    phrase_slang: bool = False

    @property
    def is_rude(self) -> bool:
        return self.register in RUDE_REGISTERS

    def forms(self) -> tuple[str, ...]:
        """Every written form: term, traditional, aliases."""
        extra = (self.traditional,) if self.traditional else ()
        return (self.term, *extra, *self.aliases)

    @classmethod
    def from_dict(cls, data: dict) -> Entry:
        """The inverse of to_dict()."""
        return cls(
            id=data["id"], term=data["term"], pinyin=data["pinyin"], meaning=data["meaning"],
            explanation=data["explanation"], origin=data["origin"], register=data["register"],
            level=data["level"], tags=tuple(data["tags"]),
            examples=tuple(Example(**example) for example in data["examples"]),
            traditional=data.get("traditional"), aliases=tuple(data.get("aliases") or ()),
            literal=data.get("literal"), source_form=data.get("source_form"),
            related=tuple(data.get("related") or ()), since=data.get("since"),
            everyday=data.get("everyday"),
            slang_cues=tuple(data.get("slang_cues") or ()),
            literal_cues=tuple(data.get("literal_cues") or ()),
            phrase_slang=bool(data.get("phrase_slang")),
        )

    def to_dict(self) -> dict:
        """Every data-model key, in the documented order (absent optional fields are null)."""
        return {
            "id": self.id,
            "term": self.term,
            "traditional": self.traditional,
            "pinyin": self.pinyin,
            "aliases": list(self.aliases),
            "meaning": self.meaning,
            "explanation": self.explanation,
            "literal": self.literal,
            "origin": self.origin,
            "source_form": self.source_form,
            "register": self.register,
            "level": self.level,
            "tags": list(self.tags),
            "examples": [example.to_dict() for example in self.examples],
            "related": list(self.related),
            "since": self.since,
            "everyday": self.everyday,
            "slang_cues": list(self.slang_cues),
            "literal_cues": list(self.literal_cues),
            "phrase_slang": self.phrase_slang,
        }


def rude_policy(entries: Iterable[Entry], registers: Iterable[str], include_rude: bool
                ) -> list[Entry]:
    """The one rule quiz and export share: rude and vulgar entries only with --include-rude.

    Asking for them by register without it is an error (RudeNotIncluded), never a silent yes.
    """
    asked = sorted(set(registers) & RUDE_REGISTERS)
    if asked and not include_rude:
        from slangtutor.errors import RudeNotIncluded

        raise RudeNotIncluded(asked[0])
    return [entry for entry in entries if include_rude or not entry.is_rude]


def matching(
    entries: Iterable[Entry],
    *,
    tags: Iterable[str] = (),
    registers: Iterable[str] = (),
    origins: Iterable[str] = (),
    max_level: int | None = None,
) -> list[Entry]:
    """The entries that pass the filters `list`, `quiz` and `export` share, in deck order.

    Tags, registers and origins each match any of the values given (none given: all);
    `max_level` keeps entries at least that common (1 everywhere .. 3 niche).
    """
    tags, registers, origins = set(tags), set(registers), set(origins)
    return [
        entry
        for entry in entries
        if (not tags or tags & set(entry.tags))
        and (not registers or entry.register in registers)
        and (not origins or entry.origin in origins)
        and (max_level is None or entry.level <= max_level)
    ]
