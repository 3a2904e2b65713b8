"""Glosses of ordinary words: CC-CEDICT by reading (行 xíng 'to walk'), a word it lacks
composed from its longest known parts, kept in a bounded memo and stored for later runs."""

from __future__ import annotations

from collections.abc import Iterable

from slangtutor.memo import Memo


class Glosses:
    """The gloss of each (word, reading); `meanings` maps dataset ids to their meaning."""

    MEMO_LIMIT = 200_000

    def __init__(self, lexicon, meanings: dict[str, str]):
        self._lexicon = lexicon
        self._meanings = meanings
        self._memo: Memo = Memo(self.MEMO_LIMIT)
        self._new: dict[tuple[str, str | None], str | None] = {}  # to store at close

    def get(self, word: str, reading: str | None) -> str | None:
        return self._memo.get((word, reading))

    def prefetch(self, wanted_words: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Fill the memo for every (word, reading, hint) not in it, in two look-ups; `hint` is the
        dataset id whose meaning stands in when the dictionary has nothing."""
        glosses = self._memo
        glosses.make_room()
        wanted = {(w, r, h) for w, r, h in wanted_words if (w, r) not in glosses}
        if not wanted:
            return
        # Glosses composed on an earlier run come back in one query; only new words are built.
        stored = self._lexicon.glosses((w, r) for w, r, _ in wanted)
        for word, reading, hint in list(wanted):
            if (word, reading) in stored:
                gloss = stored[(word, reading)]
                if gloss is None and hint:
                    gloss = self._meanings[hint]
                glosses[(word, reading)] = gloss
                wanted.discard((word, reading, hint))
        if not wanted:
            return
        senses = self._lexicon.senses({w for w, _, _ in wanted})
        parts_needed = {
            word[i:j]
            for word, _, _ in wanted
            if word not in senses
            for i in range(len(word))
            for j in range(i + 1, min(len(word), i + 4) + 1)
        }
        part_senses = self._lexicon.senses(parts_needed) if parts_needed else {}
        from slangtutor.dictionary import gloss_text

        for word, reading, hint in wanted:
            if word in senses:
                gloss = gloss_text(senses[word], reading) or None
            else:
                gloss = compose(word, reading, part_senses)
            self._new[(word, reading)] = gloss  # the dictionary's part, without hints
            if gloss is None and hint:
                gloss = self._meanings[hint]
            glosses[(word, reading)] = gloss
        if len(self._new) >= 5000:
            self._lexicon.store_glosses(self._new)
            self._new = {}

    def reopen(self, lexicon) -> None:
        """Use another lexicon connection (a worker process after a fork)."""
        self._lexicon = lexicon
        self._new = {}

    def take_new(self) -> dict:
        """The glosses composed since the last call, for another process to store."""
        new, self._new = self._new, {}
        return new

    def learn(self, glosses: dict) -> None:
        """Take glosses composed elsewhere (a worker process), to store with our own."""
        self._new.update(glosses)

    def flush(self) -> None:
        self._lexicon.store_glosses(self._new)
        self._new = {}


def compose(word: str, reading: str | None, senses: dict) -> str | None:
    """Gloss a word CC-CEDICT lacks from its longest known parts: 这家 -> '这 this + 家 home'."""
    from slangtutor.dictionary import gloss_text

    syllables = reading.split() if reading else []
    if len(syllables) != len(word):
        syllables = []
    out = []
    position = 0
    while position < len(word):
        for size in range(min(4, len(word) - position), 0, -1):
            part = word[position:position + size]
            if part in senses:
                part_reading = " ".join(syllables[position:position + size]) or None
                first = gloss_text(senses[part], part_reading, senses=1)
                out.append(f"{part} {first}" if first else part)
                position += size
                break
        else:
            return None
    return " + ".join(out) if len(out) > 1 else None
