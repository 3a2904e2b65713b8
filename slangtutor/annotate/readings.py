"""Pinyin of words: a bounded memo, then the lexicon's stored readings, then pypinyin with
CC-CEDICT's lexicalised neutral tones (slangtutor.annotate.context.word_reading). A word that
jieba's guesser glued from dictionary words (河漂流 = 河 + 漂流) is read from its parts' readings
instead (context.reading_from_parts), which the shipped memo holds: no pypinyin.

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
from slangtutor.text.script import HANZI, HANZI_ONLY, HANZI_RUN

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
        self._recall(missing)
        new = [w for w in missing if w not in memo]
        if new:
            senses = self._lexicon.senses(new) if self._lexicon else {}
            glued = self._glued(new, senses)
            if glued:
                # Their parts first: dictionary words and characters, memoised or stored
                # (the shipped memo has them all), else read as below.
                parts = {part for split in glued.values() for part in split if part not in memo}
                self._recall(parts)
                self._read([part for part in parts if part not in memo])
                for word, split in list(glued.items()):
                    found = context.reading_from_parts(split, [memo[part] for part in split])
                    if found is None:
                        del glued[word]  # read whole, below
                    else:
                        self._keep(word, *found)
            self._read([w for w in new if w not in glued], senses)
        if len(self._new) >= 5000:
            self.flush()

    def _recall(self, words: Iterable[str]) -> None:
        """Memoise the readings stored (shipped, or by an earlier run) for these words."""
        if self._lexicon:
            keys = self._lexicon.readings(STORE_PREFIX + w for w in words)
            start = len(STORE_PREFIX)
            for key, value in keys.items():
                self._memo[key[start:]] = _parse(value)

    def _glued(self, words: list[str], senses: dict) -> dict[str, list[str]]:
        """The words jieba's guesser glued from dictionary words (河漂流 = 河 + 漂流), neither
        jieba's nor CC-CEDICT's: word -> its parts (see context.glued_parts)."""
        if not self._lexicon:
            return {}
        candidates = [w for w in words if len(w) > 1 and w not in senses
                      and w not in context.WORDS]
        if not candidates:
            return {}
        listed = self._lexicon.dictionary_words(candidates)
        candidates = [w for w in candidates if w not in listed]
        if not self._lexicon.shipped_memo:
            # A word of pypinyin's phrase table is read whole (系好 jì hǎo, not 系 xì + 好):
            # the shipped memo holds their readings (shipped_words), else ask pypinyin.
            candidates = [w for w in candidates if not context.in_phrase_table(w)]
        inside = {word[i:j] for word in candidates for i in range(len(word))
                  for j in range(i + 2, min(len(word), i + context.MAX_PART) + 1)}
        inside -= set(candidates)
        # Parts: jieba's words and CC-CEDICT's (书角 in 货书角), whose readings are shipped.
        known = self._lexicon.dictionary_words(inside).keys() | self._lexicon.senses(inside)
        return {word: context.glued_parts(word, known) for word in candidates}

    def _read(self, words: list[str], senses: dict | None = None) -> None:
        """Read words with pypinyin and CC-CEDICT (context.word_reading); `senses`: their
        CC-CEDICT entries, when looked up already."""
        if not words:
            return
        if senses is None:
            senses = self._lexicon.senses(words) if self._lexicon else {}
        parts = {word[i:j] for word in words if word not in senses and len(word) > 2
                 for i in range(len(word)) for j in range(i + 2, min(len(word), i + 4) + 1)}
        if parts and self._lexicon:
            senses = {**senses, **self._lexicon.senses(parts - senses.keys())}
        for word in words:
            raw = pinyin.hanzi_to_pinyin(word)
            self._keep(word, *context.word_reading(word, raw, senses.get(word, ()), senses))

    def _keep(self, word: str, reading: str, open_: tuple[int, ...]) -> None:
        self._memo[word] = (reading, open_)
        self._new[word] = _unparse(reading, open_)

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


def shipped_words(lexicon, parts: bool = True) -> list[str]:
    """Words beyond jieba's dictionary whose readings the wheel's memo ships: the words of
    pypinyin's phrase table that no dictionary lists and context.WORDS (read whole, never by
    parts: without them Readings._glued asks pypinyin), and with `parts` CC-CEDICT's other
    words and the characters pypinyin reads, so that prose seldom needs pypinyin at all (they
    are the parts of what jieba's guesser glues)."""
    from pypinyin.constants import PHRASES_DICT

    words = {*PHRASES_DICT, *context.WORDS}
    if parts:
        from pypinyin.pinyin_dict import pinyin_dict

        words.update(lexicon.cedict_words(), map(chr, pinyin_dict))
    words = [w for w in words if HANZI_ONLY.match(w)]
    listed = lexicon.dictionary_words(words)
    return sorted(w for w in words if w not in listed)


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
