"""Find entries however a learner typed the query, and rank them.

A query may be hanzi (simplified or traditional), pinyin (marks, numbers or none; spaces,
apostrophes, v or ü), a letter abbreviation, a number code, English words, or a sentence that
contains a known term. Matching runs on an index built once from the decks and cached with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from slangtutor import dataset
from slangtutor.text import pinyin, query as query_text
from slangtutor.text.keys import form_key
from slangtutor.text.script import is_hanzi
from slangtutor.models import Entry
from slangtutor.store import Store, StoreDamaged

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
    return [_stem(w) for w in _WORD.findall(text.lower())
            if w.isascii() and not w.isdigit() and w not in STOP_WORDS]  # digits are codes, not words


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class Index:
    """Lookup over the entry store (slangtutor.store): each query reads only the rows it needs,
    so starting up costs nearly the same for 300 entries or 100,000."""

    def __init__(self, store: Store):
        self.store = store
        self._levels: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.store)

    def entry(self, number: int) -> Entry:
        return self.store.entry(number)

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        number = self.store.number_of(entry_id)
        return None if number is None else self.entry(number)

    def postings(self, word: str) -> dict[int, float]:
        """Entries whose English text has `word`, with the weight of the field it is in."""
        return {n: WEIGHTS[w] for n, w in self.store.postings(word).items()}

    def level(self, number: int) -> int:
        level = self._levels.get(number)
        if level is None:
            self._levels.update(self.store.levels([number]))
            level = self._levels[number]
        return level

    @classmethod
    def build(cls, entries: tuple[Entry, ...]) -> Index:
        """An index held in memory (tests, and a cache folder that cannot be written)."""
        from slangtutor.store import in_memory

        return cls(in_memory(entries, index_rows(entries)))

    # -- matching ------------------------------------------------------------------------

    def search(self, typed: str) -> SearchResult:
        """Rank every entry the normalised query reaches, best first, plus suggestions.

        The query as typed is tried as a written form first (a kaomoji is all punctuation);
        otherwise its core is searched: '#yyds!!!', 'what does yyds mean' and '躺平是什么意思'
        all search for the term alone.
        """
        query = typed
        core = query_text.core(typed)
        if core != typed and not self.store.numbers("form", form_key(typed)):
            query = core
        scores: dict[int, tuple[float, str]] = {}

        def hit(number: int, score: float, why: str) -> None:
            score += (4 - self.level(number)) * 5
            if number not in scores or scores[number][0] < score:
                scores[number] = (score, why)

        key = form_key(query)
        for number in self.store.numbers("form", key):
            hit(number, EXACT_FORM, "form")
        if _looks_like_pinyin(query):
            if pinyin.has_tones(query):
                for number in self.store.numbers("toned", pinyin.toned_key(query)):
                    hit(number, EXACT_TONED, "pinyin")
            for number in self.store.numbers("toneless", pinyin.toneless_key(query)):
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
                for key, numbers in self.store.keys_starting("toneless", stem):
                    if _syllable_prefix(wanted, key):
                        for number in numbers:
                            hit(number, PREFIX - len(key), "prefix")
        ids = self.store.ids(scores)
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], ids[item[0]]))
        hits = tuple(Hit(self.entry(n), score, why) for n, (score, why) in ranked)
        suggestions = () if hits else tuple(self.suggest(query))
        return SearchResult(typed, hits, suggestions)

    def _syllable_runs(self, query: str, hit) -> None:
        """A pinyin sentence that contains a known term's syllables: 'wo yao tang ping le'."""
        tokens = [pinyin.toneless_key(t) for t in query.split()]
        if len(tokens) < 3:
            return
        for start, token in enumerate(tokens):
            for syllables, number in self.store.runs(token):
                if tuple(tokens[start : start + len(syllables)]) == syllables:
                    hit(number, CONTAINED + len(syllables), "contains")

    def _contained(self, key: str, hit) -> None:
        """Known forms inside a longer query: '躺平了', '这个真的yyds'."""
        if len(key) < 2:
            return
        longest = min(len(key) - 1, int(self.store.meta("longest_form") or 0))
        pieces = {key[i:i + size] for size in range(1, longest + 1)
                  for i in range(len(key) - size + 1)}
        found: dict[str, list[int]] = {}
        for form, number in self.store.keys_in("form", pieces):
            found.setdefault(form, []).append(number)
        for form, numbers in found.items():
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
            meaning = self.store.meaning_words(number)
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
            rows = self.store.keys_by_length(("toneless", "form"), len(toneless) - budget,
                                             len(toneless) + budget)
            if budget:
                for candidate, numbers in rows:
                    if not candidate.isascii():
                        continue
                    distance = edit_distance(toneless, candidate, budget)
                    if distance <= budget:
                        for number in numbers:
                            found[number] = max(found.get(number, 0), 10 - distance)
        elif any(is_hanzi(c) for c in key):
            for candidate, numbers in self.store.keys_by_length(("form",), len(key) - 1,
                                                                len(key) + 1):
                if candidate.isascii():
                    continue
                if edit_distance(key, candidate, 1) <= 1:
                    for number in numbers:
                        found[number] = max(found.get(number, 0), 8)
            self._homophones(key, found)
        for word in english_words(query):
            for number, weight in self.postings(word).items():
                found[number] = max(found.get(number, 0), weight)
        ids = self.store.ids(found)
        ranked = sorted(found, key=lambda n: (-found[n], self.level(n), ids[n]))
        return [self.entry(n) for n in ranked[:limit]]

    def _homophones(self, key: str, found: dict[int, float]) -> None:
        """Hanzi typed with the wrong characters but the right sound: 躺瓶 -> 躺平."""
        if len(key) > 12 or not all(is_hanzi(c) for c in key):
            return
        sound = "".join(pinyin.toneless_key(s) for s in pinyin.hanzi_to_pinyin(key))
        for number in self.store.numbers("toneless", sound):
            found[number] = max(found.get(number, 0), 9)


def index_rows(entries: tuple[Entry, ...]) -> dict[str, list[tuple]]:
    """The store's rows for these entries: entries, keys (form, toned, toneless), syllable runs
    and English words with the code of the field they are in."""
    from slangtutor.store import entry_row

    keys: set[tuple[str, str, int]] = set()
    runs: list[tuple[str, str, int]] = []
    words: dict[tuple[str, int], int] = {}
    entry_rows = []
    for number, entry in enumerate(entries):
        for form in entry.forms():
            keys.add(("form", form_key(form), number))
            # Letter forms are typed like pinyin too: 'YYDS' and 'yyds' both reach yyds.
            if form.isascii():
                keys.add(("toneless", pinyin.toneless_key(form), number))
        for reading in (entry.pinyin, *_alias_readings(entry)):
            tokens = reading.split()
            # Mixed readings (shuān Q, city bù city) are typed like pinyin too.
            keys.add(("toned", pinyin.toned_key(reading), number))
            syllables = tuple(pinyin.toneless_key(t) for t in tokens)
            keys.add(("toneless", "".join(syllables), number))
            if len(syllables) >= 2 and all(pinyin.is_syllable(t) for t in tokens):
                runs.append((syllables[0], " ".join(syllables), number))
        fields = (entry.meaning, " ".join(entry.tags), entry.literal or "", entry.explanation)
        for weight_code, text in enumerate(fields):
            for word in set(english_words(text)):
                slot = (word, number)
                words[slot] = min(words.get(slot, weight_code), weight_code)
        entry_rows.append(entry_row(number, entry, " ".join(english_words(entry.meaning))))
    return {
        "entry": entry_rows,
        "key": sorted(k for k in keys if k[1]),
        "run": runs,
        "word": [(word, number, code) for (word, number), code in words.items()],
    }


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
    """Optimal string alignment distance (edits, with an adjacent swap counting one), by
    rapidfuzz; any distance past `limit` comes back as limit + 1."""
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b, score_cutoff=limit)


@lru_cache(maxsize=1)
def load_index(rebuild: bool = False) -> Index:
    """The index over the decks (dataset.deck_files()), from the store when they have not
    changed; built, and stored, when they have."""
    return Index(dataset.open_store(rebuild=rebuild))


def lookup(raw_query: str, index: Index | None = None) -> SearchResult:
    """Normalise `raw_query` and search. Raises QueryError for unusable queries.

    A store found damaged while searching is rebuilt from the decks and the search run again.
    """
    query = normalize_query(raw_query)
    try:
        return (index or load_index()).search(query)
    except StoreDamaged:
        if index is not None and index is not load_index():
            raise
        load_index.cache_clear()
        return load_index(rebuild=True).search(query)
