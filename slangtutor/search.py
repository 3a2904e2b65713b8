"""Find entries however a learner typed the query, and rank them.

A query may be hanzi (simplified or traditional), pinyin (marks, numbers or none; spaces,
apostrophes, v or ü), a letter abbreviation, a number code, English words, or a sentence that
contains a known term. Matching runs on an index built once from the decks and cached with them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from slangtutor import dataset, pinyin
from slangtutor.errors import QueryError
from slangtutor.models import Entry

MAX_QUERY = 500

# Scores: a higher tier always wins; within a tier common entries come first.
EXACT_FORM = 1000
EXACT_TONED = 900
EXACT_TONELESS = 800
CONTAINED = 600
ENGLISH = 400

STOP_WORDS = frozenset(
    "a an the to of in on at for and or is are be it its i you your my me we our they their "
    "this that with as by from so do does did not no what how who when".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
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


def normalize_query(raw: str) -> str:
    """Validate and normalise a query: NFKC (full-width to ASCII), trimmed, spaces collapsed.

    Raises QueryError for an empty or over-long query, control characters or invalid UTF-8.
    """
    if any("\udc80" <= char <= "\udcff" for char in raw):
        raise QueryError("the query is not valid UTF-8")
    if len(raw) > MAX_QUERY:
        raise QueryError(f"the query is {len(raw)} characters long; the limit is {MAX_QUERY}")
    text = unicodedata.normalize("NFKC", raw)
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") for char in text):
        raise QueryError("the query contains control characters")
    text = " ".join(text.split())
    if not text:
        raise QueryError("the query is empty")
    return text


def english_words(text: str) -> list[str]:
    """Content words of English text, lowercased and lightly stemmed."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass
class Index:
    """Lookup tables over the entries; built once and pickled with the dataset cache."""

    entries: tuple[Entry, ...]
    by_id: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, list[int]] = field(default_factory=dict)
    toned: dict[str, list[int]] = field(default_factory=dict)
    toneless: dict[str, list[int]] = field(default_factory=dict)
    syllable_runs: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)
    words: dict[str, dict[int, float]] = field(default_factory=dict)
    meaning_text: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, entries: tuple[Entry, ...]) -> Index:
        index = cls(entries=entries, by_id={e.id: e for e in entries})
        for number, entry in enumerate(entries):
            for form in entry.forms():
                _add(index.forms, dataset.form_key(form), number)
            tokens = entry.pinyin.split()
            if tokens and all(pinyin.is_syllable(t) for t in tokens):
                _add(index.toned, pinyin.toned_key(entry.pinyin), number)
                syllables = tuple(pinyin.toneless_key(t) for t in tokens)
                _add(index.toneless, "".join(syllables), number)
                if len(syllables) >= 2:
                    index.syllable_runs.setdefault(syllables[0], []).append((syllables, number))
            for form in entry.forms():
                # Letter forms are typed like pinyin too: 'YYDS' and 'yyds' both reach yyds.
                if form.isascii():
                    _add(index.toneless, pinyin.toneless_key(form), number)
            weights = (
                (entry.meaning, 3.0),
                (" ".join(entry.tags), 1.5),
                (entry.literal or "", 1.0),
                (entry.explanation, 0.5),
            )
            for text, weight in weights:
                for word in set(english_words(text)):
                    slot = index.words.setdefault(word, {})
                    slot[number] = max(slot.get(number, 0.0), weight)
            index.meaning_text.append(" ".join(english_words(entry.meaning)))
        return index

    # -- matching ------------------------------------------------------------------------

    def search(self, query: str) -> SearchResult:
        """Rank every entry the normalised query reaches, best first, plus suggestions."""
        scores: dict[int, tuple[float, str]] = {}

        def hit(number: int, score: float, why: str) -> None:
            entry = self.entries[number]
            score += (4 - entry.level) * 5
            if number not in scores or scores[number][0] < score:
                scores[number] = (score, why)

        key = dataset.form_key(query)
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
        self._english(query, hit)
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], self.entries[item[0]].id))
        hits = tuple(Hit(self.entries[n], score, why) for n, (score, why) in ranked)
        suggestions = () if hits else tuple(self.suggest(query))
        return SearchResult(query, hits, suggestions)

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

    def _english(self, query: str, hit) -> None:
        words = english_words(query)
        if not words or not query.isascii():
            return
        phrase = " ".join(words)
        candidates: dict[int, list[float]] = {}
        for word in words:
            for number, weight in self.words.get(word, {}).items():
                candidates.setdefault(number, []).append(weight)
        for number, weights in candidates.items():
            if len(weights) < len(words):
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
        key = dataset.form_key(query)
        toneless = pinyin.toneless_key(query)
        if toneless.isascii() and toneless.isalnum():
            budget = 1 if len(toneless) <= 4 else 2
            for table in (self.toneless, self.forms):
                for candidate, numbers in table.items():
                    if not candidate.isascii() or abs(len(candidate) - len(toneless)) > budget:
                        continue
                    distance = edit_distance(toneless, candidate, budget)
                    if distance <= budget:
                        for number in numbers:
                            found[number] = max(found.get(number, 0), 10 - distance)
        elif any(dataset.is_hanzi(c) for c in key):
            for candidate, numbers in self.forms.items():
                if candidate.isascii() or abs(len(candidate) - len(key)) > 1:
                    continue
                if edit_distance(key, candidate, 1) <= 1:
                    for number in numbers:
                        found[number] = max(found.get(number, 0), 8)
            self._homophones(key, found)
        for word in english_words(query):
            for number, weight in self.words.get(word, {}).items():
                found[number] = max(found.get(number, 0), weight)
        ranked = sorted(found, key=lambda n: (-found[n], self.entries[n].level, self.entries[n].id))
        return [self.entries[n] for n in ranked[:limit]]

    def _homophones(self, key: str, found: dict[int, float]) -> None:
        """Hanzi typed with the wrong characters but the right sound: 躺瓶 -> 躺平."""
        if len(key) > 12 or not all(dataset.is_hanzi(c) for c in key):
            return
        sound = "".join(pinyin.toneless_key(s) for s in pinyin.hanzi_to_pinyin(key))
        for number in self.toneless.get(sound, ()):
            found[number] = max(found.get(number, 0), 9)


def _add(table: dict[str, list[int]], key: str, number: int) -> None:
    if key:
        slot = table.setdefault(key, [])
        if number not in slot:
            slot.append(number)


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
        if not dataset.is_hanzi(before) and not dataset.is_hanzi(after):
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
