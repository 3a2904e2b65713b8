"""Find entries however a learner typed the query, and rank them.

A query may be hanzi (simplified or traditional), pinyin (marks, numbers or none; spaces,
apostrophes, v or ü), a letter abbreviation, a number code, English words, or a sentence that
contains a known term. Matching runs on an index built once from the decks and cached with them.
"""

from __future__ import annotations

import gc
import pickle
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache

from slangtutor import dataset
from slangtutor.text import pinyin, query as query_text
from slangtutor.text.keys import form_key
from slangtutor.text.script import is_hanzi
from slangtutor.models import Entry

MAX_QUERY = query_text.MAX_QUERY

# Scores: a higher tier always wins; within a tier common entries come first.
EXACT_FORM = 1000
EXACT_TONED = 900
EXACT_TONELESS = 800
CONTAINED = 600
ENGLISH = 400
PREFIX = 300

STOP_WORDS = frozenset(
    "a an the to of in on at for and or is are am was were be been being it its it's i i'm "
    "you you're your my me we we're our they they're their this that with as by from so do "
    "does did not no what how who when can could will would should have has had just very "
    "really please".split()
)
# English field weights by code: meaning, tags, literal reading, explanation.
WEIGHTS = (3.0, 1.5, 1.0, 0.5)
# Whole words only: 'nü' and 'lüe' are one word each (and not English), never 'n' + 'ü'.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_LATIN_OR_DIGIT = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    why: str  # which way it matched: form, pinyin, toneless, contains, english, fuzzy


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    suggestions: tuple[Entry, ...]


normalize_query = query_text.normalize


def english_words(text: str) -> list[str]:
    """Content words of English text, lowercased and lightly stemmed."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w.isascii() and w not in STOP_WORDS]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class Index:
    """Lookup tables over the entries; built once and pickled with the dataset cache.

    Each table is kept as its own pickled segment and unpickled on first use, and each entry as
    its own blob, unpickled only when a query reaches it: a lookup pays for the tables it
    consults, so starting up costs nearly the same for 300 entries or 10,000.
    """

    SEGMENTS = ("ids", "levels", "numbers", "blobs", "forms", "toned", "toneless",
                "syllable_runs", "words", "meaning_text")

    def __init__(self, segments: dict[str, bytes]):
        self._segments = segments
        self._tables: dict[str, object] = {}
        self._loaded: dict[int, Entry] = {}

    def __getstate__(self) -> dict:
        return {"segments": self._segments}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["segments"])

    def _table(self, name: str):
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = _quick_loads(self._segments[name])
        return table

    ids = property(lambda self: self._table("ids"))  # entry number -> id
    levels = property(lambda self: self._table("levels"))  # entry number -> level
    numbers = property(lambda self: self._table("numbers"))  # id -> entry number
    forms = property(lambda self: KeyTable(self._table("forms")))  # written form -> numbers
    toned = property(lambda self: KeyTable(self._table("toned")))  # compact marked pinyin
    toneless = property(lambda self: KeyTable(self._table("toneless")))  # compact toneless
    syllable_runs = property(lambda self: self._table("syllable_runs"))
    meaning_text = property(lambda self: self._table("meaning_text"))

    def __len__(self) -> int:
        return len(self.ids)

    def entry(self, number: int) -> Entry:
        loaded = self._loaded.get(number)
        if loaded is None:
            loaded = self._loaded[number] = pickle.loads(self._table("blobs")[number])
        return loaded

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        number = self.numbers.get(entry_id)
        return None if number is None else self.entry(number)

    def postings(self, word: str) -> dict[int, float]:
        """Entries whose English text has `word`, with the weight of the field it is in."""
        packed = self._table("words").get(word)
        if not packed:
            return {}
        count = len(packed) // 5
        numbers = struct.unpack_from(f"<{count}I", packed)
        weights = packed[4 * count:]
        return {n: WEIGHTS[w] for n, w in zip(numbers, weights)}

    @classmethod
    def build(cls, entries: tuple[Entry, ...]) -> Index:
        forms: dict[str, list[int]] = {}
        toned: dict[str, list[int]] = {}
        toneless: dict[str, list[int]] = {}
        runs: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        words: dict[str, dict[int, int]] = {}
        meaning_text = []
        for number, entry in enumerate(entries):
            for form in entry.forms():
                _add(forms, form_key(form), number)
                # Letter forms are typed like pinyin too: 'YYDS' and 'yyds' both reach yyds.
                if form.isascii():
                    _add(toneless, pinyin.toneless_key(form), number)
            for reading in (entry.pinyin, *_alias_readings(entry)):
                tokens = reading.split()
                # Mixed readings (shuān Q, city bù city) are typed like pinyin too.
                _add(toned, pinyin.toned_key(reading), number)
                syllables = tuple(pinyin.toneless_key(t) for t in tokens)
                _add(toneless, "".join(syllables), number)
                if len(syllables) >= 2 and all(pinyin.is_syllable(t) for t in tokens):
                    runs.setdefault(syllables[0], []).append((syllables, number))
            fields = (entry.meaning, " ".join(entry.tags), entry.literal or "", entry.explanation)
            for weight_code, text in enumerate(fields):
                for word in set(english_words(text)):
                    slot = words.setdefault(word, {})
                    slot[number] = min(slot.get(number, weight_code), weight_code)
            meaning_text.append(" ".join(english_words(entry.meaning)))
        packed_words = {
            word: struct.pack(f"<{len(slot)}I", *slot) + bytes(slot.values())
            for word, slot in words.items()
        }
        tables = {
            "ids": [e.id for e in entries],
            "levels": [e.level for e in entries],
            "numbers": {e.id: n for n, e in enumerate(entries)},
            "blobs": [pickle.dumps(e, protocol=pickle.HIGHEST_PROTOCOL) for e in entries],
            "forms": KeyTable.encode(forms),
            "toned": KeyTable.encode(toned),
            "toneless": KeyTable.encode(toneless),
            "syllable_runs": runs,
            "words": packed_words,
            "meaning_text": meaning_text,
        }
        return cls({name: pickle.dumps(tables[name], protocol=pickle.HIGHEST_PROTOCOL)
                    for name in cls.SEGMENTS})

    # -- matching ------------------------------------------------------------------------

    def search(self, typed: str) -> SearchResult:
        """Rank every entry the normalised query reaches, best first, plus suggestions.

        The query as typed is tried as a written form first (a kaomoji is all punctuation);
        otherwise its core is searched: '#yyds!!!', 'what does yyds mean' and '躺平是什么意思'
        all search for the term alone.
        """
        query = typed
        core = query_text.core(typed)
        if core != typed and not self.forms.get(form_key(typed)):
            query = core
        scores: dict[int, tuple[float, str]] = {}

        def hit(number: int, score: float, why: str) -> None:
            score += (4 - self.levels[number]) * 5
            if number not in scores or scores[number][0] < score:
                scores[number] = (score, why)

        key = form_key(query)
        for number in self.forms.get(key, ()):
            hit(number, EXACT_FORM, "form")
        if _looks_like_pinyin(query):
            if pinyin.has_tones(query):
                for number in self.toned.get(pinyin.toned_key(query), ()):
                    hit(number, EXACT_TONED, "pinyin")
            for number in self.toneless.get(pinyin.toneless_key(query), ()):
                hit(number, EXACT_TONELESS, "toneless")
            self._syllable_runs(query, hit)
        if not any(score >= EXACT_TONELESS for score, _ in scores.values()):
            self._contained(key, hit)
        # With an exact match, a mention in another entry's explanation is noise ('yyds' is
        # named in tql's explanation): English hits must then come from meanings and tags.
        exact = any(score >= EXACT_TONELESS for score, _ in scores.values())
        self._english(query, hit, min_weight=1.0 if exact else 0.0)
        if not scores and _looks_like_pinyin(query):
            # Pinyin typed only partway, as in Pleco: 'tang' reaches 躺平 and 躺赢.
            stem = pinyin.toneless_key(query)
            typed_syllables = pinyin.parse_pinyin(query)
            if len(stem) >= 3 and typed_syllables:
                wanted = [s.base.replace("ü", "v") for s in typed_syllables]
                for key, numbers in self.toneless.starting_with(stem):
                    if _syllable_prefix(wanted, key):
                        for number in numbers:
                            hit(number, PREFIX - len(key), "prefix")
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], self.ids[item[0]]))
        hits = tuple(Hit(self.entry(n), score, why) for n, (score, why) in ranked)
        suggestions = () if hits else tuple(self.suggest(query))
        return SearchResult(typed, hits, suggestions)

    def _syllable_runs(self, query: str, hit) -> None:
        """A pinyin sentence that contains a known term's syllables: 'wo yao tang ping le'."""
        tokens = [pinyin.toneless_key(t) for t in query.split()]
        if len(tokens) < 3:
            return
        for start, token in enumerate(tokens):
            for syllables, number in self.syllable_runs.get(token, ()):
                if tuple(tokens[start : start + len(syllables)]) == syllables:
                    hit(number, CONTAINED + len(syllables), "contains")

    def _contained(self, key: str, hit) -> None:
        """Known forms inside a longer query: '躺平了', '这个真的yyds'."""
        if len(key) < 2:
            return
        for form, numbers in self.forms.items():
            if len(form) >= len(key) or form not in key:
                continue
            if _LATIN_OR_DIGIT.search(form) and not _bounded(key, form):
                continue
            if len(form) == 1 and not _stands_alone(key, form):
                continue
            for number in numbers:
                hit(number, CONTAINED + 10 * len(form), "contains")

    def _english(self, query: str, hit, min_weight: float = 0.0) -> None:
        words = english_words(query)
        if not words or not query.isascii():
            return
        phrase = " ".join(words)
        candidates: dict[int, list[float]] = {}
        for word in words:
            for number, weight in self.postings(word).items():
                candidates.setdefault(number, []).append(weight)
        for number, weights in candidates.items():
            if len(weights) < len(words) or max(weights) < min_weight:
                continue  # every content word must appear somewhere
            score = ENGLISH + 10 * sum(weights)
            meaning = self.meaning_text[number]
            if phrase in meaning:
                score += 40
                if meaning.startswith(phrase):
                    score += 20
            hit(number, score, "english")

    def suggest(self, query: str, limit: int = 5) -> list[Entry]:
        """Near misses for a query that found nothing: typos, homophone hanzi, partial English."""
        found: dict[int, float] = {}
        key = form_key(query)
        toneless = pinyin.toneless_key(query)
        if toneless.isascii() and toneless.isalnum():
            # One edit in a two-letter query reaches half the dataset: no typo guesses there.
            budget = 0 if len(toneless) <= 2 else 1 if len(toneless) <= 4 else 2
            for table in (self.toneless, self.forms):
                for candidate, numbers in table.items():
                    if not candidate.isascii() or abs(len(candidate) - len(toneless)) > budget:
                        continue
                    distance = edit_distance(toneless, candidate, budget)
                    if distance <= budget:
                        for number in numbers:
                            found[number] = max(found.get(number, 0), 10 - distance)
        elif any(is_hanzi(c) for c in key):
            for candidate, numbers in self.forms.items():
                if candidate.isascii() or abs(len(candidate) - len(key)) > 1:
                    continue
                if edit_distance(key, candidate, 1) <= 1:
                    for number in numbers:
                        found[number] = max(found.get(number, 0), 8)
            self._homophones(key, found)
        for word in english_words(query):
            for number, weight in self.postings(word).items():
                found[number] = max(found.get(number, 0), weight)
        ranked = sorted(found, key=lambda n: (-found[n], self.levels[n], self.ids[n]))
        return [self.entry(n) for n in ranked[:limit]]

    def _homophones(self, key: str, found: dict[int, float]) -> None:
        """Hanzi typed with the wrong characters but the right sound: 躺瓶 -> 躺平."""
        if len(key) > 12 or not all(is_hanzi(c) for c in key):
            return
        sound = "".join(pinyin.toneless_key(s) for s in pinyin.hanzi_to_pinyin(key))
        for number in self.toneless.get(sound, ()):
            found[number] = max(found.get(number, 0), 9)


class KeyTable:
    """A key -> entry numbers table kept as one string: `\nkey\t1,2\n...`.

    Unpickling a string is free where a dict of 20,000 keys costs milliseconds, and an exact
    look-up is one `str.find`; the slow paths (containment, typos) iterate over the lines.
    Keys never hold tabs or newlines (they are normalised without white space).
    """

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    @staticmethod
    def encode(table: dict[str, list[int]]) -> str:
        lines = (f"{key}\t{','.join(map(str, numbers))}" for key, numbers in table.items())
        return "\n" + "\n".join(lines) + "\n"

    def get(self, key: str, default=()) -> list[int]:
        start = self.text.find(f"\n{key}\t")
        if start == -1 or not key:
            return list(default)
        start += len(key) + 2
        return [int(n) for n in self.text[start : self.text.index("\n", start)].split(",")]

    def starting_with(self, prefix: str):
        """Keys that start with `prefix` (and are longer), with their numbers."""
        start = self.text.find(f"\n{prefix}")
        while start != -1:
            end = self.text.index("\n", start + 1)
            key, _, numbers = self.text[start + 1 : end].partition("\t")
            if key != prefix:
                yield key, [int(n) for n in numbers.split(",")]
            start = self.text.find(f"\n{prefix}", end)

    def items(self):
        for line in self.text.strip("\n").split("\n"):
            key, _, numbers = line.partition("\t")
            yield key, [int(n) for n in numbers.split(",")]


def _quick_loads(data: bytes):
    """Unpickle many small objects without the cyclic garbage collector walking them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _add(table: dict[str, list[int]], key: str, number: int) -> None:
    if key:
        slot = table.setdefault(key, [])
        if number not in slot:
            slot.append(number)


def _alias_readings(entry: Entry) -> list[str]:
    """Dictionary pinyin of an entry's hanzi aliases (交猫税, 永远的神), so that they can be
    typed as pinyin too. Runs only while the index is built (once per deck change), which is
    why pypinyin may be imported here and nowhere on lookup's own path."""
    readings = []
    for alias in entry.aliases:
        if alias and all(is_hanzi(c) for c in alias):
            reading = " ".join(pinyin.hanzi_to_pinyin(alias))
            if reading != entry.pinyin:
                readings.append(reading)
    return readings


def _syllable_prefix(wanted: list[str], key: str) -> bool:
    """True when the typed syllables are the key's first syllables: 'tang' of 'tangping', not
    'tangpin'; "xi'an" (two syllables) is not the start of 'xianyanbao' (xian yan bao)."""
    syllables = [s.replace("ü", "v") for s in pinyin.split_syllables(key) or []]
    return len(syllables) > len(wanted) and syllables[: len(wanted)] == wanted


def _looks_like_pinyin(query: str) -> bool:
    stripped = pinyin.strip_tones(query.lower())
    return bool(stripped) and all(c.isascii() or c == "ü" for c in stripped)


def _bounded(text: str, form: str) -> bool:
    """A Latin or digit form found in text with no letter or digit glued to either side."""
    start = text.find(form)
    while start != -1:
        end = start + len(form)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not (before and before.isascii() and before.isalnum()) and not (
            after and after.isascii() and after.isalnum()
        ):
            return True
        start = text.find(form, start + 1)
    return False


def _stands_alone(text: str, form: str) -> bool:
    """A one-character form counts inside a sentence only next to punctuation or the ends."""
    for match in re.finditer(re.escape(form), text):
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if not is_hanzi(before) and not is_hanzi(after):
            return True
    return False


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), stopping early past `limit`."""
    if a == b:
        return 0
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=1)
def load_index() -> Index:
    """The index over the shipped decks, from the cache when the decks have not changed."""
    return dataset.cached("index", lambda: Index.build(dataset.load_entries()))


def lookup(raw_query: str, index: Index | None = None) -> SearchResult:
    """Normalise `raw_query` and search. Raises QueryError for unusable queries."""
    query = normalize_query(raw_query)
    return (index or load_index()).search(query)
