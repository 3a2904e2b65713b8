"""Pinyin of words: a bounded memo, then the lexicon's stored readings, then pypinyin."""

from __future__ import annotations

import re
from collections.abc import Iterable

from slangtutor.memo import Memo
from slangtutor.text import pinyin
from slangtutor.text.script import HANZI, HANZI_RUN

_HANZI_SPLIT = re.compile(f"({HANZI_RUN.pattern})")


class Readings:
    """Pinyin of words: memo, then the lexicon's stored readings, then pypinyin."""

    MEMO_LIMIT = 200_000

    def __init__(self, lexicon):
        self._lexicon = lexicon
        self._memo: Memo = Memo(self.MEMO_LIMIT)
        self._new: dict[str, str] = {}

    def get(self, words: Iterable[str]) -> dict[str, str]:
        words = set(words)
        self._memo.make_room()  # before looking: every word asked for must be in it after
        missing = [w for w in words if w not in self._memo]
        if missing:
            stored = self._lexicon.readings(missing) if self._lexicon else {}
            self._memo.update(stored)
            for word in missing:
                if word not in stored:
                    reading = " ".join(pinyin.hanzi_to_pinyin(word))
                    self._memo[word] = self._new[word] = reading
            if len(self._new) >= 5000:
                self.flush()
        return {w: self._memo[w] for w in words}

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
        self._memo.update(readings)
        self._new.update(readings)

    def flush(self) -> None:
        """Store the readings computed with pypinyin for later runs."""
        if self._new and self._lexicon:
            self._lexicon.store_readings(self._new)
        self._new = {}


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
