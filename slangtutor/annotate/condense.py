"""A learner's gloss condensed from CC-CEDICT's senses, with its notation taken out.

CC-CEDICT writes for translators: a character's compound-only senses come first ('(bound form)
commander-in-chief' for 帅), pronunciation notes and cross-references sit among the meanings
('who/also pr. [shui2]', 'CL:個|个[ge4]', 'variant of 為|为[wei2]'), and literary senses stand
beside everyday ones. `condense` keeps the senses a reader of informal text needs, everyday and
colloquial ones first, without the notation, in a few dozen characters. It drafts the shipped
gloss table (tools/build_glosses.py) and glosses the words the table lacks at run time.
"""

from __future__ import annotations

import re

MAX_CHARS = 60

# Senses that only point elsewhere or note a pronunciation: never a meaning.
_POINTER = re.compile(
    r"\bvariant of\b|^(?:[\w-]+\s+)?form of\b|^\(?used in\b|^\(?bound form used\b|"
    r"^bound form\b|^see\b|^see also\b|"
    r"^also (?:pr\.|written|called)|^(?:Taiwan|also) pr\.|^abbr\. to\b|^CL:|"
    r"^(?:\(.*?\)\s*)?(?:used in|see)\s|^\(?Tw\)?$|^pr\. \[|^also\b.*\bpr\.|"
    r"^(?:one of the )?radical\b|^Kangxi radical\b",
    re.IGNORECASE,
)
_POINTER_KEYS = ("variant", "form of", "used in", "bound form", "see", "also", "pr.", "abbr",
                 "cl:", "tw", "radical")
# Markers of senses a reader of everyday text rarely needs: kept only when nothing else is left.
_RARE = re.compile(
    r"\((?:literary|archaic|old|classical|dialect|arch\.|old usage|Cantonese|Buddhism|"
    r"Taoism|Hokkien|Wu dialect|math\.|chemistry|physics|medicine|TCM|geology|zoology|botany|"
    r"biology|law|linguistics|music|computing|military|astronomy|Chinese chess|Go game|"
    r"philosophy|mahjong|anatomy|statistics|archaeology|euphemism|honorific|"
    r"humble|onom\.|coll\., derog\.|derog\.|vulgar|old\)|Tw|HK|sports)\b[^)]*\)|"
    r"^surname\b|^(?:given|personal) name\b|\bclassifier for\b|^old name for\b|"
    r"^(?:one of )?the (?:\w+ )?(?:Heavenly Stems|Earthly Branches|Eight Trigrams)\b|"
    r"\btrigram\b|\bhexagram\b|^ancient\b|\(phonetic\)|^phonetic\b|^transliteration\b",
    re.IGNORECASE,
)
# The words of _RARE outside parentheses, to skip it quickly for most senses.
_RARE_WORDS = re.compile(r"name|classifier|Stems|Branches|Trigrams|trigram|hexagram|ancient|"
                         r"phonetic|transliteration", re.IGNORECASE)
# Markers of the senses people use in speech and online: brought forward.
_EVERYDAY = re.compile(r"^\(coll\.\)|^\(coll\)|\(coll\.\)$", re.IGNORECASE)
# Notation removed from inside a kept sense.
_NOTES = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\s*\((?:Taiwan|also|commonly|esp\.|in this sense)[^()]*?pr\.[^()]*\)",
        r"\s*\(in this sense[^()]*\)",
        r"[;,]?\s*(?:Taiwan|also) pr\. \[[^\]]*\](?:\s*or\s*\[[^\]]*\])*[^;/]*",
        (r"\s*\((?:as in|cf\.|see|abbr\. for|abbr\. of|abbr\. to|from|also written|"
        r"also pr\.|equivalent to|same as|contraction of|short for|lit\.)[^()]*\)"),
        (r"^\((?:bound form|coll\.|coll|literary|formal|informal|written|spoken|"
        r"polite|loanword|neologism|onom\.|dialect)\)\s*"),
        r"\s*\((?:bound form|coll\.|loanword|neologism|formal|informal|polite)\)$",
        r"\s*\(Tw\)",
        r"\s*\((?:bound form|literary|archaic|old|coll\.)\)",
        r"\s*\([^()]*(?:variant of|used in|abbr\.|also pr\.|Taiwan pr\.|CL:)[^()]*\)",
        r"[,;]?\s*(?:abbr\. to|also called|also written|also known as|see also)\b[^;/]*",
    )
]
# The part of _NOTES that is notation (pronunciation, cross-references, register markers).
_NOTATION_NOTES = [_NOTES[0], _NOTES[2], *_NOTES[-3:]]
_VARIANT_PAIR = re.compile(r"[^\s\[\],|/;()]+\|([^\s\[\],|/;()]+)")
_ABBREVIATION = re.compile(r"\babbr\. (?:for|of)\b")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_HANZI = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_HANZI_PARENS = re.compile(r"\s*\((?:CL:)?[\u3400-\u9fff,，、 ]+\)")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")
_ANY_NOTE = re.compile(r"\s*\([^()]*\)")
_BOUND = re.compile(r"^\(bound form\)", re.IGNORECASE)


def clean(sense: str) -> str:
    """One CC-CEDICT sense without its notation: cross-reference pinyin, traditional|simplified
    pairs, pronunciation notes and register markers ('(bound form)', '(coll.)')."""
    if "|" in sense:
        sense = _VARIANT_PAIR.sub(r"\1", sense)
    # Every note has a parenthesis or one of these words: most senses need no pattern at all.
    notes = "(" in sense or "pr." in sense or "abbr" in sense or "also" in sense
    if notes:
        for pattern in _NOTES:
            sense = pattern.sub("", sense)
    if "[" in sense:
        sense = _BRACKETED.sub("", sense)
    if notes:
        sense = _ABBREVIATION.sub("short for", sense)
        sense = _HANZI_PARENS.sub("", sense)
        sense = _EMPTY_PARENS.sub("", sense)
    return " ".join(sense.split()).strip(" ;,")


def tidy(gloss: str) -> str:
    """A whole gloss ('a; b; c'), written or reviewed by a person, with any CC-CEDICT notation
    left in it taken out and repeated senses dropped; everything else is kept as written."""
    out: list[str] = []
    for sense in gloss.split("; "):
        if "|" in sense:
            sense = _VARIANT_PAIR.sub(r"\1", sense)
        for pattern in _NOTATION_NOTES:
            sense = pattern.sub("", sense)
        if "[" in sense:
            sense = _BRACKETED.sub("", sense)
        sense = _ABBREVIATION.sub("short for", sense)
        sense = " ".join(_EMPTY_PARENS.sub("", sense).split()).strip(" ;,")
        if sense and not is_pointer(sense) and sense not in out:
            out.append(sense)
    return "; ".join(out)


def is_pointer(sense: str) -> bool:
    """A sense that only points elsewhere or notes a pronunciation ('variant of', 'CL:')."""
    lowered = sense.lower()
    if not any(key in lowered for key in _POINTER_KEYS):
        return False  # the pattern needs one of these: most senses are not looked at further
    return bool(_POINTER.search(sense.strip()))


def _rank(position: int, sense: str, compound_only: bool) -> tuple:
    everyday = "coll" in sense and bool(_EVERYDAY.search(sense))
    rare = ("(" in sense or bool(_RARE_WORDS.search(sense))) and bool(_RARE.search(sense))
    # A compound-only sense is not what the word means on its own (帅 is not 'commander').
    return (rare, compound_only and not everyday, not everyday, position)


def senses_of(definitions: list[str], word: str = "") -> list[str]:
    """The cleaned senses of CC-CEDICT definition strings ('a/b/c'), most useful first."""
    ranked = []
    position = 0
    for definition in definitions:
        for raw in definition.split("/"):
            raw = raw.strip()
            if not raw or is_pointer(raw):
                continue
            compound_only = bool(_BOUND.match(raw))
            cleaned = clean(raw)
            if not cleaned or is_pointer(cleaned) or _HANZI.fullmatch(cleaned):
                continue
            ranked.append((_rank(position, raw, compound_only), cleaned))
            position += 1
    ranked.sort(key=lambda item: item[0])
    out: list[str] = []
    for _, sense in ranked:
        if sense not in out:
            out.append(sense)
    # Rare senses only when nothing else is left.
    common = [s for (key, s) in ranked if not key[0]]
    if common:
        out = [s for s in out if s in common]
    return out


def shorten(senses: list[str], limit: int = MAX_CHARS) -> str:
    """Senses '; '-joined, as many as fit in `limit` characters (at least the first, cut at a
    synonym boundary when it alone is too long)."""
    out: list[str] = []
    length = 0
    for sense in senses:
        if len(sense) > limit // 2:
            sense = _TRAILING_NOTE.sub("", sense) or sense
        if sense in out:
            continue
        extra = len(sense) + (2 if out else 0)
        if length + extra <= limit:
            out.append(sense)
            length += extra
        elif not out:
            sense = _ANY_NOTE.sub("", sense).strip() or sense
            if len(sense) <= limit:
                out.append(sense)
                length += len(sense)
                continue
            parts = sense.split("; ")
            kept = parts[0]
            for part in parts[1:]:
                if len(kept) + 2 + len(part) > limit:
                    break
                kept += "; " + part
            if len(kept) > limit:
                cut = max(kept.rfind(", ", 0, limit), kept.rfind(" ", 0, limit - 1))
                kept = kept[:cut].rstrip(" ,:;") + " …" if cut > 0 else kept[:limit]
            out.append(kept)
            break
    return "; ".join(out)


def condense(definitions: list[str], word: str = "", limit: int = MAX_CHARS) -> str:
    """A short learner's gloss from CC-CEDICT definition strings of one reading."""
    return shorten(senses_of(definitions, word), limit)
