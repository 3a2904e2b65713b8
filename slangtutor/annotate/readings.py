"""Pinyin of words: a bounded memo, then the lexicon's stored readings, then pypinyin with
CC-CEDICT's lexicalised neutral tones (slangtutor.annotate.context.word_reading).

A word's reading here is the one it has out of context; slangtutor.annotate.context reads the
one-character words and unknown words whose reading depends on the sentence. A word whose
polyphonic characters neither pypinyin's phrase table nor CC-CEDICT settles is stored with
those positions "open", for the context step to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from slangtutor.annotate import context
from slangtutor.memo import Memo
from slangtutor.text import pinyin
from slangtutor.text.script import HANZI, HANZI_RUN

_HANZI_SPLIT = re.compile(f"({HANZI_RUN.pattern})")
# Stored readings are keyed by this prefix and the word: readings stored by an earlier version
# (pypinyin alone) are not used, and this changes whenever the rules for words change.
STORE_PREFIX = f"r{context.WORD_RULES_VERSION}:"


class Readings:
    """Pinyin of words: memo, then the lexicon's stored readings, then pypinyin."""

    MEMO_LIMIT = 200_000

    def __init__(self, lexicon):
        self._lexicon = lexicon
        self._memo: Memo = Memo(self.MEMO_LIMIT)  # word -> (reading, open positions)
        self._new: dict[str, str] = {}  # word -> stored form, to store at flush

    def get(self, words: Iterable[str]) -> dict[str, str]:
        """The reading of each word (all hanzi), out of context."""
        words = set(words)
        self._fill(words)
        return {w: self._memo[w][0] for w in words}

    def open_positions(self, word: str) -> tuple[int, ...]:
        """Positions in a word (asked for by get() before) whose reading the context decides."""
        known = self._memo.get(word)
        return known[1] if known else ()

    def _fill(self, words: set[str]) -> None:
        memo = self._memo
        memo.make_room()  # before looking: every word asked for must be in it after
        missing = [w for w in words if w not in memo]
        if not missing:
            return
        stored = {}
        if self._lexicon:
            keys = self._lexicon.readings(STORE_PREFIX + w for w in missing)
            stored = {key[len(STORE_PREFIX):]: value for key, value in keys.items()}
        new = [w for w in missing if w not in stored]
        for word, value in stored.items():
            memo[word] = _parse(value)
        if new:
            senses = self._lexicon.senses(new) if self._lexicon else {}
            parts = {word[i:j] for word in new if word not in senses and len(word) > 2
                     for i in range(len(word)) for j in range(i + 2, min(len(word), i + 4) + 1)}
            if parts and self._lexicon:
                senses.update(self._lexicon.senses(parts - senses.keys()))
            for word in new:
                raw = pinyin.hanzi_to_pinyin(word)
                reading, open_ = context.word_reading(word, raw, senses.get(word, ()),
                                                      senses)
                memo[word] = (reading, open_)
                self._new[word] = _unparse(reading, open_)
        if len(self._new) >= 5000:
            self.flush()

    def reopen(self, lexicon) -> None:
        """Use another lexicon connection (a worker process after a fork), starting with nothing
        new to store."""
        self._lexicon = lexicon
        self._new = {}

    def take_new(self) -> dict[str, str]:
        """The readings computed since the last call, for another process to store."""
        new, self._new = self._new, {}
        return new

    def learn(self, readings: dict[str, str]) -> None:
        """Take readings computed elsewhere (a worker process), to store with our own."""
        self._memo.make_room()
        for word, value in readings.items():
            self._memo[word] = _parse(value)
        self._new.update(readings)

    def flush(self) -> None:
        """Store the readings computed with pypinyin for later runs."""
        if self._new and self._lexicon:
            self._lexicon.store_readings({STORE_PREFIX + w: v for w, v in self._new.items()})
        self._new = {}


def _unparse(reading: str, open_: tuple[int, ...]) -> str:
    return f"{reading}|{' '.join(map(str, open_))}" if open_ else reading


def _parse(value: str) -> tuple[str, tuple[int, ...]]:
    reading, _, open_ = value.partition("|")
    return reading, tuple(int(i) for i in open_.split())


def mixed_pinyin(chunk: str, readings: dict[str, str]) -> str | None:
    """Pinyin of a token: hanzi runs read, Latin and digits as written (T恤 -> 'T xù')."""
    parts = []
    for piece in _HANZI_SPLIT.split(chunk):
        if not piece:
            continue
        if HANZI.match(piece):
            parts.append(readings.get(piece) or " ".join(pinyin.hanzi_to_pinyin(piece)))
        elif piece.strip():
            parts.append(piece.strip())
    return " ".join(parts) or None
