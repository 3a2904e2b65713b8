"""Offline guesses for what the dataset lacks: number codes and letter abbreviations.

Both are guesses and are labelled so: 5211314 may well be 521 + 1314, and zqsg most likely
stands for 真情实感, but neither is in the curated dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from slangtutor.text import pinyin

# Letters that can start a pinyin syllable: no syllable starts with i, u or v.
INITIAL_LETTERS = frozenset("bpmfdtnlgkhjqxrzcsywaoe")
MAX_DIGITS = 16
MIN_LETTERS, MAX_LETTERS = 2, 6


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of an abbreviation: the phrase, its dataset id (or None), its frequency."""

    phrase: str
    entry: str | None
    freq: int


def split_number_code(digits: str, codes: dict[str, str]) -> list[str] | None:
    """Split a digit string into two or more known codes, fewest pieces first.

    `codes` maps each known code (520, 1314, ...) to its entry id. Returns the pieces
    (5201314 -> ['520', '1314'] when 5201314 itself is not a code) or None when no split
    uses only known codes.
    """
    if not digits.isdigit() or not 2 <= len(digits) <= MAX_DIGITS:
        return None
    known = frozenset(codes)
    longest = max(map(len, known), default=0)

    @lru_cache(maxsize=None)
    def best(start: int) -> tuple[str, ...] | None:
        if start == len(digits):
            return ()
        found: tuple[str, ...] | None = None
        for size in range(min(longest, len(digits) - start), 0, -1):
            piece = digits[start : start + size]
            if piece in known:
                rest = best(start + size)
                if rest is not None and (found is None or len(rest) + 1 < len(found)):
                    found = (piece, *rest)
        return found

    pieces = best(0)
    if pieces is None or len(pieces) < 2:
        return None
    return list(pieces)


def initials_of(reading: str) -> str | None:
    """First letters of a tone-marked pinyin reading: 'zhēn qíng shí gǎn' -> 'zqsg'."""
    syllables = reading.split()
    if not syllables or not all(pinyin.is_syllable(s) for s in syllables):
        return None
    return "".join(pinyin.strip_tones(s.lower())[0] for s in syllables)


def could_be_initials(letters: str) -> bool:
    """True for 2-6 ASCII letters that can all start a pinyin syllable."""
    return (
        letters.isascii()
        and letters.isalpha()
        and MIN_LETTERS <= len(letters) <= MAX_LETTERS
        and set(letters.lower()) <= INITIAL_LETTERS
    )


def guess_abbreviation(letters: str, phrases: dict[str, list[tuple[str, str]]], lexicon,
                       limit: int = 3) -> list[Candidate]:
    """Phrases whose pinyin initials spell `letters`: dataset phrases first, then the words of
    jieba's dictionary (via the lexicon) by frequency. `phrases` maps initials to
    (phrase, entry id) pairs from the dataset. Returns at most `limit` candidates."""
    key = letters.lower()
    if not could_be_initials(key):
        return []
    out: list[Candidate] = []
    seen: set[str] = set()
    for phrase, entry in phrases.get(key, ()):
        if phrase not in seen:
            seen.add(phrase)
            out.append(Candidate(phrase, entry, 0))
    for word, freq in lexicon.abbreviations(key, limit):
        if word not in seen:
            seen.add(word)
            out.append(Candidate(word, None, freq))
    return out[:limit]
