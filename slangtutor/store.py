"""The entry store: every entry of the decks, and lookup's keys, in one SQLite file.

Built from the decks on first use and after any change to them, in the cache directory
(`entries-<which decks>.sqlite3`). Trusting it takes no parsing: the file records a SHA-256 of the
decks' bytes (and of the code that shapes the rows). On each start the decks' stat signature
(size, mtime, ctime, inode) is compared with the one recorded beside that hash, as git's index
does; when it differs the decks are hashed again, and a different hash rebuilds the store. An
edit that restores the size and mtime still changes the ctime, so it is never missed.

Damage is detected, never served: SQLite reports a broken file, and every entry row carries a
CRC-32 of its JSON that is checked when the row is read. A damaged store raises StoreDamaged and
is rebuilt by `open_store(rebuild=True)`.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from slangtutor.models import Entry

FORMAT = 3
PREBUILT = Path(__file__).resolve().parent / "prebuilt" / "entries.sqlite3"  # see hatch_build.py
_CODE = ("models.py", "dataset.py", "store.py", "search.py", "text/pinyin.py", "text/keys.py",
         "text/script.py", "text/query.py")
_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entry (number INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, level INTEGER NOT NULL,
                    meaning_words TEXT NOT NULL, data TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE key (kind TEXT NOT NULL, key TEXT NOT NULL, number INTEGER NOT NULL,
                  PRIMARY KEY (kind, key, number)) WITHOUT ROWID;
CREATE TABLE run (first TEXT NOT NULL, syllables TEXT NOT NULL, number INTEGER NOT NULL);
CREATE INDEX run_first ON run (first);
CREATE TABLE word (word TEXT NOT NULL, number INTEGER NOT NULL, weight INTEGER NOT NULL,
                   PRIMARY KEY (word, number)) WITHOUT ROWID;
"""


class StoreDamaged(Exception):
    """The store file is damaged; rebuild it."""


def _stat_signature(paths: list[Path]) -> str:
    package = Path(__file__).resolve().parent
    parts = [str(FORMAT)]
    for path in [*paths, *(package / name for name in _CODE)]:
        stat = path.stat()
        parts.append(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:"
                     f"{stat.st_ino}")
    return "\n".join(parts)


def content_hash(paths: list[Path]) -> str:
    """SHA-256 over the store format, the code that shapes the rows, and each deck's bytes."""
    import hashlib

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"slangtutor-store:{FORMAT}\n".encode())
    for path in [*(package / name for name in _CODE), *paths]:
        data = path.read_bytes()
        digest.update(f"{path.name}:{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def store_path(cache_dir: Path, paths: list[Path]) -> Path:
    """One store per set of deck files (shipped decks, user decks, a test's folder)."""
    names = "\n".join(str(p.resolve()) for p in paths)
    return cache_dir / f"entries-{zlib.crc32(names.encode()):08x}.sqlite3"


class Store:
    """Read access to a built store."""

    def __init__(self, connection: sqlite3.Connection):
        self.db = connection
        self._entries: dict[int, Entry] = {}

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def _guard(self, query: str, args=()) -> list:
        try:
            return self.db.execute(query, args).fetchall()
        except sqlite3.DatabaseError as error:
            raise StoreDamaged(str(error)) from None

    def __len__(self) -> int:
        return self._guard("SELECT count(*) FROM entry")[0][0]

    def entry(self, number: int) -> Entry:
        loaded = self._entries.get(number)
        if loaded is None:
            rows = self._guard("SELECT data, crc FROM entry WHERE number = ?", (number,))
            if not rows:
                raise StoreDamaged(f"entry {number} is missing")
            loaded = self._entries[number] = _decode(*rows[0])
        return loaded

    def entries(self) -> tuple[Entry, ...]:
        rows = self._guard("SELECT number, data, crc FROM entry ORDER BY number")
        out = []
        for number, data, crc in rows:
            entry = self._entries.get(number) or _decode(data, crc)
            self._entries[number] = entry
            out.append(entry)
        return tuple(out)

    def number_of(self, entry_id: str) -> int | None:
        rows = self._guard("SELECT number FROM entry WHERE id = ?", (entry_id,))
        return rows[0][0] if rows else None

    def levels(self, numbers: Iterable[int]) -> dict[int, int]:
        return dict(self._in("SELECT number, level FROM entry WHERE number IN ({})", numbers))

    def ids(self, numbers: Iterable[int]) -> dict[int, str]:
        return dict(self._in("SELECT number, id FROM entry WHERE number IN ({})", numbers))

    def meaning_words(self, number: int) -> str:
        rows = self._guard("SELECT meaning_words FROM entry WHERE number = ?", (number,))
        return rows[0][0] if rows else ""

    def numbers(self, kind: str, key: str) -> list[int]:
        """Entries with this key of this kind (form, toned, toneless)."""
        if not key:
            return []
        return [row[0] for row in self._guard(
            "SELECT number FROM key WHERE kind = ? AND key = ?", (kind, key))]

    def keys_in(self, kind: str, keys: Iterable[str]) -> list[tuple[str, int]]:
        """(key, number) for every key of this kind among `keys`."""
        return self._in("SELECT key, number FROM key WHERE kind = ? AND key IN ({})", keys,
                        prefix=(kind,))

    def keys_starting(self, kind: str, prefix: str) -> Iterator[tuple[str, list[int]]]:
        """Keys longer than `prefix` that start with it, with their entries."""
        rows = self._guard(
            "SELECT key, number FROM key WHERE kind = ? AND key > ? AND key < ? ORDER BY key",
            (kind, prefix, prefix + "\U0010ffff"))
        yield from _grouped(rows)

    def keys_by_length(self, kinds: tuple[str, ...], low: int, high: int
                       ) -> Iterator[tuple[str, list[int]]]:
        marks = ",".join("?" * len(kinds))
        rows = self._guard(
            f"SELECT key, number FROM key WHERE kind IN ({marks}) "
            "AND length(key) BETWEEN ? AND ? ORDER BY key", (*kinds, low, high))
        yield from _grouped(rows)

    def runs(self, first: str) -> list[tuple[tuple[str, ...], int]]:
        return [(tuple(syllables.split()), number) for syllables, number in self._guard(
            "SELECT syllables, number FROM run WHERE first = ?", (first,))]

    def postings(self, word: str) -> dict[int, int]:
        """Entries whose English text has `word`, with the code of the best field it is in."""
        return dict(self._guard("SELECT number, weight FROM word WHERE word = ?", (word,)))

    def _in(self, query: str, values: Iterable, prefix: tuple = ()) -> list:
        values = list(dict.fromkeys(values))
        out = []
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            out.extend(self._guard(query.format(",".join("?" * len(chunk))), (*prefix, *chunk)))
        return out


def _grouped(rows) -> Iterator[tuple[str, list[int]]]:
    key, numbers = None, []
    for row_key, number in rows:
        if row_key != key:
            if key is not None:
                yield key, numbers
            key, numbers = row_key, []
        numbers.append(number)
    if key is not None:
        yield key, numbers


def _decode(data: str, crc: int) -> Entry:
    if zlib.crc32(data.encode()) != crc:
        raise StoreDamaged("an entry row does not match its checksum")
    try:
        return Entry.from_dict(json.loads(data))
    except (ValueError, KeyError, TypeError) as error:
        raise StoreDamaged(f"an entry row does not decode ({error})") from None


# -- building ------------------------------------------------------------------------------


Rows = dict[str, list[tuple]]


def _write(connection: sqlite3.Connection, entries: tuple[Entry, ...], rows: Rows,
           digest: str, signature: str) -> None:
    connection.executescript(_SCHEMA)
    connection.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("format", str(FORMAT)), ("content_hash", digest), ("stat_signature", signature),
        ("longest_form", str(max((len(key) for kind, key, _ in rows["key"] if kind == "form"),
                                 default=0)))])
    connection.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?)", rows["entry"])
    connection.executemany("INSERT OR IGNORE INTO key VALUES (?, ?, ?)", rows["key"])
    connection.executemany("INSERT INTO run VALUES (?, ?, ?)", rows["run"])
    connection.executemany("INSERT INTO word VALUES (?, ?, ?)", rows["word"])
    connection.commit()


def in_memory(entries: tuple[Entry, ...], rows: Rows) -> Store:
    """A store held in memory only (tests, and a cache folder that cannot be written)."""
    connection = sqlite3.connect(":memory:")
    _write(connection, entries, rows, "", "")
    return Store(connection)


def entry_row(number: int, entry: Entry, meaning_words: str) -> tuple:
    data = json.dumps(entry.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return (number, entry.id, entry.level, meaning_words, data, zlib.crc32(data.encode()))


def open_store(paths: list[Path], cache_dir: Path,
               build: Callable[[], tuple[tuple[Entry, ...], Rows]],
               rebuild: bool = False) -> Store:
    """The store for these deck files, built with `build()` when missing, stale or damaged.

    `build` returns the entries and the rows of every table. A cache directory that cannot be
    written only costs speed: the store is then built in memory for this run.
    """
    path = store_path(cache_dir, paths)
    signature = _stat_signature(paths)
    if not rebuild:
        store = _trusted(path, paths, signature) or _from_prebuilt(path, paths, signature)
        if store is not None:
            return store
    entries, rows = build()
    digest = content_hash(paths)
    from slangtutor.files import atomic_write

    def fill(temporary: Path) -> None:
        connection = sqlite3.connect(temporary)
        try:
            _write(connection, entries, rows, digest, signature)
        finally:
            connection.close()

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(path, fill=fill)
        _remove_stale(cache_dir)
        return Store(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    except (OSError, sqlite3.Error):
        return in_memory(entries, rows)


def _trusted(path: Path, paths: list[Path], signature: str) -> Store | None:
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        store = Store(connection)
        if store.meta("format") != str(FORMAT):
            return None
        if store.meta("stat_signature") == signature:
            return store
        if store.meta("content_hash") != content_hash(paths):
            return None
        try:  # same bytes, new stat (a copy, a touch): remember the signature
            writer = sqlite3.connect(path)
            writer.execute("UPDATE meta SET value = ? WHERE name = 'stat_signature'",
                           (signature,))
            writer.commit()
            writer.close()
        except sqlite3.Error:
            pass  # a read-only cache: hash again next time
        return store
    except (sqlite3.Error, StoreDamaged):
        return None
    except OSError:
        return None


def _from_prebuilt(path: Path, paths: list[Path], signature: str) -> Store | None:
    """The store shipped in the package (built with the wheel, see hatch_build.py), copied to
    `path`, when it was built from these very decks and code: its content hash says so."""
    try:
        connection = sqlite3.connect(f"{PREBUILT.resolve().as_uri()}?mode=ro", uri=True)
        try:
            shipped = Store(connection)
            if (shipped.meta("format") != str(FORMAT)
                    or shipped.meta("content_hash") != content_hash(paths)):
                return None
        finally:
            connection.close()
        from slangtutor.files import atomic_write

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, PREBUILT.read_bytes())
    except (OSError, sqlite3.Error, StoreDamaged):
        return None
    return _trusted(path, paths, signature)  # rows are still checked as they are read


def write_prebuilt(target: Path, paths: list[Path],
                   build: Callable[[], tuple[tuple[Entry, ...], Rows]]) -> None:
    """Build the store of these decks to ship in the package, at `target`."""
    from slangtutor.files import atomic_write

    digest = content_hash(paths)
    try:
        with sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True) as connection:
            if Store(connection).meta("content_hash") == digest:
                return  # already built from these decks and code
    except (OSError, sqlite3.Error):
        pass
    entries, rows = build()

    def fill(temporary: Path) -> None:
        connection = sqlite3.connect(temporary)
        try:
            _write(connection, entries, rows, digest, "")
        finally:
            connection.close()

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, fill=fill, mode=0o644)


def _remove_stale(cache_dir: Path) -> None:
    from slangtutor.files import remove_stale_temporaries

    for old in (*cache_dir.glob("entries-*.pickle"), *cache_dir.glob("index-*.pickle")):
        old.unlink(missing_ok=True)  # the pickled caches of earlier versions
    remove_stale_temporaries(cache_dir, "entries-")  # builds killed half way
