"""Scripts: which characters are hanzi, full-width folding, traditional -> simplified."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

# CJK Unified Ideographs, Extension A, the compatibility block, and Extensions B-H in the
# supplementary planes (𠈌 of 人从众𠈌 is in Extension B).
HANZI_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HANZI = re.compile(f"[{HANZI_CLASS}]")
HANZI_RUN = re.compile(f"[{HANZI_CLASS}]+")
HANZI_ONLY = re.compile(f"^[{HANZI_CLASS}]+$")
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))

# Full-width ASCII to ASCII (same length); _FOLD also lowercases ASCII letters.
_WIDE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDE[0x3000] = 0x20  # ideographic space
_FOLD = dict(_WIDE)
for _code in range(ord("A"), ord("Z") + 1):
    _FOLD[_code] = _FOLD[_code + 0xFEE0] = _code + 0x20


def is_hanzi(char: str) -> bool:
    """True for one CJK ideograph (simplified or traditional)."""
    if len(char) != 1:
        return False
    code = ord(char)
    return any(low <= code <= high for low, high in _RANGES)


def has_hanzi(text: str) -> bool:
    return HANZI.search(text) is not None


def all_hanzi(text: str) -> bool:
    """True for a non-empty run of hanzi only."""
    return HANZI_ONLY.match(text) is not None


# Characters through to_simplified_aligned before the work that pays for itself on a long input
# only (~0.03 s: list tables for str.translate, the characters t2s changes): a comment never
# does it, a long text at once.
LONG_INPUT = 20_000
_seen = 0  # characters through to_simplified_aligned so far, up to LONG_INPUT


def prepare_long_input() -> None:
    """Do now the work a long input pays for (see LONG_INPUT): before forking the workers of a
    large input, so that each does not do it again."""
    global _seen
    _seen = max(_seen, LONG_INPUT)
    _list_tables()
    _t2s_changes()


def _tables() -> tuple:
    """narrow()'s and fold()'s tables: _WIDE and _FOLD, and for a long input the same as lists
    indexed by code point (_list_tables)."""
    return _list_tables() if _seen >= LONG_INPUT else (_WIDE, _FOLD)


@lru_cache(maxsize=1)
def _list_tables() -> tuple[list[int], list[int]]:
    """_WIDE and _FOLD as lists indexed by code point, up to the last code they change.

    str.translate looks a code up in a list faster than in a dict, where every character kept
    costs a KeyError; a code past the list's end is kept too (IndexError is a LookupError)."""
    tables = []
    for mapping in (_WIDE, _FOLD):
        table = list(range(max(mapping) + 1))
        for code, to in mapping.items():
            table[code] = to
        tables.append(table)
    return tables[0], tables[1]


def narrow(text: str) -> str:
    """Full-width Latin, digits and punctuation to ASCII; the same length as `text`."""
    return text.translate(_tables()[0])


def fold(text: str) -> str:
    """narrow() and lowercase ASCII letters; the same length as `text`."""
    return text.translate(_tables()[1])


# The characters that fold() changes (narrow() changes some of them), and those it changes
# in narrowed text.
_FOLDED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FOLD)) + "]")
_CAPITAL = re.compile("[A-Z]")


def narrow_and_fold(text: str) -> tuple[str, str]:
    """(narrow(text), fold(text)), at once for text that neither changes (no full-width
    character, no capital letter: most Chinese prose) and with one pass for text with
    full-width punctuation only (fold() is narrow() and then lowercase ASCII letters)."""
    if _FOLDED.search(text) is None:
        return text, text
    narrowed = narrow(text)
    return narrowed, (narrowed if _CAPITAL.search(narrowed) is None else fold(text))


@lru_cache(maxsize=1)
def _converter():
    import opencc  # OpenCC's own tables, C++ library: imported only when hanzi need it

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional -> simplified by OpenCC's maintained t2s tables (內捲 -> 内卷, 乾杯 -> 干杯).

    Text without hanzi comes back unchanged, without loading OpenCC.
    """
    if not has_hanzi(text) or _unchanged(text):
        return text
    return _converter().convert(text)


def _unchanged(text: str) -> bool:
    """True, in a long input (past LONG_INPUT characters), for a text holding no character
    t2s may change: OpenCC would give it back as it is (most simplified prose)."""
    if _seen < LONG_INPUT:
        return False
    may_change = _t2s_changes()
    return may_change is not None and not may_change(text)


# The characters that OpenCC's t2s changes which converting each hanzi alone does not show:
# those it changes only inside a phrase (沈默 -> 沉默, 反覆 -> 反复, 瞭解 -> 了解, 藉口 -> 借口),
# and any character outside the hanzi blocks it changes. By the SHA-256 of t2s's configuration
# and dictionary files (t2s_digest), as tools/opencc_phrase_chars.py finds them; for other
# files they are not known, and every line with hanzi goes through OpenCC.
T2S_HIDDEN_CHANGES = {
    # OpenCC 1.4.2
    "70571a84efb515fcaac522afb6ce35f0c20df22612ed388101298c53048c4b77": "么俱哩坏彷沈甦瞭藉衹覆",
}


def t2s_files(config_path: str) -> list[Path]:
    """An OpenCC configuration and every dictionary file it names."""
    import json

    config = Path(config_path)
    names: set[str] = set()

    def collect(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                names.add(node["file"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(json.loads(config.read_bytes()))
    return [config, *(config.parent / name for name in sorted(names))]


def t2s_digest(config_path: str) -> str:
    """SHA-256 of an OpenCC configuration and the dictionary files it names."""
    import hashlib

    digest = hashlib.sha256()
    for path in t2s_files(config_path):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def t2s_changes_alone(converter) -> set[str]:
    """The hanzi that `converter` changes when each is converted on its own."""
    chars = [chr(code) for low, high in _RANGES for code in range(low, high + 1)]
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise ValueError("OpenCC changed the lines of the character list")
    return {char for char, to in zip(chars, converted) if to != char}


_SUPPLEMENTARY = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _t2s_changes() -> Callable[[str], bool] | None:
    """A test for text holding a character that t2s may change, or None when those are not
    known.

    A text without any of them comes out of OpenCC as it went in: OpenCC replaces the
    dictionary keys it finds, longest first; a one-character key it changes is a character
    changed alone, and a longer key it changes holds a character changed in the phrase."""
    converter = _converter()
    try:
        hidden = T2S_HIDDEN_CHANGES.get(t2s_digest(converter.config))
    except (AttributeError, OSError, TypeError, ValueError):
        return None
    if hidden is None:
        return None
    changed = t2s_changes_alone(converter) | set(hidden)
    # re tests a class of BMP characters with a bitmap, but goes through a class with
    # supplementary characters (Extension B) one by one: those are looked up in a set.
    bmp = "".join(re.escape(char) for char in sorted(changed) if ord(char) < 0x10000)
    in_bmp = re.compile(f"[{bmp}]").search
    first = re.compile(f"[{bmp}\U00010000-\U0010ffff]").search
    supplementary = frozenset(char for char in changed if ord(char) >= 0x10000)

    def may_change(text: str) -> bool:
        match = first(text)
        if match is None:
            return False
        if ord(match.group()) < 0x10000:
            return True
        return (not supplementary.isdisjoint(_SUPPLEMENTARY.findall(text))
                or in_bmp(text, match.end()) is not None)

    return may_change


def to_simplified_aligned(text: str, skip: bool = True) -> str:
    """to_simplified() with the same length as `text`, so offsets into it stay valid: where a
    phrase conversion would change the length, each character is converted on its own.

    In a long input (past LONG_INPUT characters), a text without any character t2s may change
    is not converted (`skip=False`: always, the plain way)."""
    global _seen
    if _seen < LONG_INPUT:
        _seen += len(text)
    elif skip and _unchanged(text):
        return text  # no character OpenCC would change (most simplified prose)
    # A whole line is converted directly: caching lines would push out the short form keys
    # that to_simplified's cache is for.
    converted = _converter().convert(text) if has_hanzi(text) else text
    if len(converted) == len(text):
        return converted
    out = []
    for char in text:
        single = to_simplified(char)
        out.append(single if len(single) == 1 else char)
    return "".join(out)


# Invisible characters a text may keep: the zero-width joiner inside emoji sequences.
_ALLOWED_FORMAT = {"\u200d"}


def hidden_character(text: str, newlines: bool = False) -> str | None:
    """The first character in `text` that must not be in a term, an example or a query, named
    ('U+202E RIGHT-TO-LEFT OVERRIDE'), or None: control characters (NUL, escape), invisible
    format characters (direction overrides, zero-width space; not the emoji joiner), private-use
    and lone surrogate code points. Newlines and tabs pass when `newlines` is true."""
    import unicodedata

    for char in text:
        category = unicodedata.category(char)
        if category not in ("Cc", "Cf", "Co", "Cs"):
            continue
        if char in _ALLOWED_FORMAT or (newlines and char in "\n\t"):
            continue
        name = unicodedata.name(char, "")
        return f"U+{ord(char):04X} {name}".strip()
    return None


# Characters whose doubling is a sound, not a word (嗯嗯, 哦哦): runs of them are one token.
INTERJECTIONS = frozenset("哈呵嘿嘻嗯啊哦噢喔呜嘤哼唉哎呀嗷嗨哇耶啦咯嘛呃噫喵汪咩嘎咚呼")


# Runs, found in a line: three of a character or more, which stand apart from their
# neighbours when the line is cut (slangtutor.segment); a line that may hold a run is_run
# accepts (three of a character, or an interjection twice).
RUN_OF_THREE = re.compile(r"([\u3400-\u9fff])\1{2,}")
MAY_HOLD_RUN = re.compile(
    f"([\u3400-\u9fff])\\1\\1|([{''.join(sorted(INTERJECTIONS))}])\\2")


def is_run(word: str) -> bool:
    """A run of one character (哈哈哈, 对对对, 嗯嗯): three or more, or two of an interjection."""
    return (len(word) >= 2 and word == word[0] * len(word) and HANZI.match(word[0]) is not None
            and (len(word) >= 3 or word[0] in INTERJECTIONS))
