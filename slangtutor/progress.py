"""Progress: one SQLite file of FSRS card states and every review ever answered.

The file lives at `home_dir() / "progress.sqlite3"` in WAL mode, so a reader never blocks the
writer. Each answer is one `BEGIN IMMEDIATE ... COMMIT` transaction that re-reads the card's state
inside the lock before scheduling it, so two sessions in two terminals never lose each other's
reviews. The schema grows through the functions in `MIGRATIONS`, each recorded by name in the
`migrations` table. A damaged file raises ProgressCorrupt naming it; it is only ever moved aside
(`move_aside`), never deleted.

fsrs is imported inside the functions that schedule, so opening the store stays cheap.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from slangtutor import dataset
from slangtutor.errors import ProgressCorrupt, ProgressError
from slangtutor.quiz import AGAIN, CardStatus

FILE_NAME = "progress.sqlite3"
BUSY_TIMEOUT_MS = 15_000
STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}


def default_path() -> Path:
    return dataset.home_dir() / FILE_NAME


# ---------------------------------------------------------------------------------------------
# Migrations: append new functions, never edit or reorder applied ones.


def m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE cards (
            entry_id TEXT PRIMARY KEY,
            card_json TEXT NOT NULL,      -- fsrs.Card.to_json(): the scheduler's whole state
            state INTEGER NOT NULL,       -- fsrs.State: 1 learning, 2 review, 3 relearning
            due_ts REAL NOT NULL,         -- epoch seconds, UTC
            stability REAL,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,  -- forgotten after it had graduated to review
            wrong INTEGER NOT NULL DEFAULT 0,   -- answers rated Again, whatever the state
            updated_ts REAL NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX cards_due ON cards (due_ts)")
    conn.execute(
        """
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            entry_id TEXT NOT NULL,
            reviewed_at TEXT NOT NULL,    -- ISO 8601, UTC
            reviewed_ts REAL NOT NULL,
            mode TEXT NOT NULL,
            verdict TEXT NOT NULL,        -- right, close, wrong
            hints INTEGER NOT NULL DEFAULT 0,
            rating INTEGER NOT NULL,      -- fsrs.Rating: 1 Again .. 4 Easy
            duration_ms INTEGER,
            answer TEXT,
            state_before INTEGER,         -- NULL for a card's first review
            due_after_ts REAL NOT NULL,
            session TEXT
        )
        """
    )
    conn.execute("CREATE INDEX reviews_entry ON reviews (entry_id)")
    conn.execute("CREATE INDEX reviews_time ON reviews (reviewed_ts)")


def m002_reading(conn: sqlite3.Connection) -> None:
    """The reading list: each time `annotate --save` met a slang term, one row."""
    conn.execute(
        """
        CREATE TABLE reads (
            id INTEGER PRIMARY KEY,
            entry_id TEXT NOT NULL,
            read_at TEXT NOT NULL,        -- ISO 8601, UTC
            read_ts REAL NOT NULL,
            source TEXT,                  -- what was read: 'text', a file name, 'stdin', an image
            times INTEGER NOT NULL DEFAULT 1  -- in how many lines of that text it stood
        )
        """
    )
    conn.execute("CREATE INDEX reads_entry ON reads (entry_id)")


MIGRATIONS = [m001_initial, m002_reading]


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadTerm:
    """One term of the reading list."""

    entry_id: str
    count: int          # in how many saved lines it stood
    first: datetime
    last: datetime
    state: str          # new (never quizzed), learning, review (learnt), relearning


def _from_ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, timezone.utc)


@dataclass(frozen=True)
class Review:
    """What scheduling one answer produced."""

    entry_id: str
    rating: int
    state: str
    due: datetime
    first: bool


@lru_cache(maxsize=2)
def scheduler(fuzz: bool = True):
    """The FSRS scheduler with the library's default parameters. Fuzzing (a little random
    spread of long intervals) is off for reproducible runs."""
    import fsrs

    return fsrs.Scheduler(enable_fuzzing=fuzz)


def card_id(entry_id: str) -> int:
    """A stable fsrs card id for an entry id (fsrs would otherwise use the clock)."""
    return int(hashlib.sha1(entry_id.encode()).hexdigest()[:12], 16)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(timezone.utc)


def _check_parent(folder: Path) -> None:
    """The home folder exists (made when absent) and is a folder."""
    if folder.exists() and not folder.is_dir():
        raise ProgressError(f"{folder} is a file, not a folder: SLANGTUTOR_HOME (or the data "
                            "folder) must name a folder; move the file or set SLANGTUTOR_HOME")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ProgressError(f"cannot create the folder {folder} ({error.strerror}); set "
                            "SLANGTUTOR_HOME to a folder you can write") from None


def _check_file(path: Path) -> bool:
    """Whether a progress file is there; ProgressError for something else in its place, and
    ProgressCorrupt for an empty one (SQLite would silently start a new store in it)."""
    if not os.path.lexists(path):
        return False
    if path.is_dir():
        raise ProgressError(f"{path} is a folder, not the progress file; move it out of the way "
                            "(slangtutor keeps your quiz progress in a file of that name)")
    if not path.is_file():
        raise ProgressError(f"{path} is not a regular file; move it out of the way (slangtutor "
                            "keeps your quiz progress in a file of that name)")
    wal = path.with_name(path.name + "-wal")
    if path.stat().st_size == 0 and not (wal.is_file() and wal.stat().st_size > 0):
        raise ProgressCorrupt(path, "the file is empty (0 bytes)")
    return True


def _create(path: Path) -> None:
    """A new progress file, made whole in a temporary file and linked into place without
    replacing one that appeared meanwhile: no other process ever sees it half made (an empty
    file is damage, see _check_file)."""
    from slangtutor.files import atomic_write

    def initialise(temporary: Path) -> None:
        conn = sqlite3.connect(temporary, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            Store(temporary, conn)._migrate()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        for suffix in ("-wal", "-shm"):
            temporary.with_name(temporary.name + suffix).unlink(missing_ok=True)

    try:
        atomic_write(path, fill=initialise, replace=False)
    except FileExistsError:
        pass  # another slangtutor made it a moment ago
    except sqlite3.Error as error:
        raise _translated(path, error) from None
    except OSError as error:
        raise ProgressError(f"cannot create {path} ({error.strerror}); set SLANGTUTOR_HOME to "
                            "a folder you can write") from None


def _translated(path: Path, error: sqlite3.Error) -> ProgressError:
    """A sqlite error as slangtutor's, naming the file and what to do."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if _is_corruption(error):
        return ProgressCorrupt(path, text)
    if "locked" in text or name.startswith("SQLITE_BUSY"):
        return ProgressError(f"{path} stayed locked by another slangtutor for "
                             f"{BUSY_TIMEOUT_MS // 1000} s; try again")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return ProgressError(f"{path}: cannot write there (read-only); make the folder "
                             "writable or set SLANGTUTOR_HOME to a folder you can write")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return ProgressError(f"{path}: cannot open it (check that its folder can be written); "
                             "or set SLANGTUTOR_HOME to a folder you can write")
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return ProgressError(f"{path}: the disk is full; free some space and try again "
                             "(the answers given so far are saved)")
    if name.startswith("SQLITE_IOERR") or "disk I/O" in text:
        return ProgressError(f"{path}: a disk error ({text}); check the disk and try again")
    return ProgressError(f"{path}: {text}")


def _is_corruption(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return True
    text = str(error)
    return "not a database" in text or "malformed" in text


class Store:
    """The progress database. Open with `Store.open()`; use as a context manager to close."""

    def __init__(self, path: Path, conn: sqlite3.Connection, in_memory: bool = False):
        self.path = path
        self._conn = conn
        self._in_memory = in_memory

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, check: bool = True) -> Store:
        """Open (creating when absent) and migrate the store at `path` (default: the home's).

        The file is checked before it is trusted (`PRAGMA quick_check`, unless `check` is
        False): damage anywhere, an empty file, or a write-ahead log that was lost with the
        answers only it held raise ProgressCorrupt; ProgressError when it cannot be used.
        """
        path = default_path() if path is None else Path(path)
        _check_parent(path.parent)
        if not _check_file(path):
            _create(path)
        store = None
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            store = cls(path, conn)
            with store._guard():
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise ProgressError(f"{path}: cannot switch the database to WAL mode")
                # FULL: a commit survives a power cut too, not only a crashed process.
                conn.execute("PRAGMA synchronous = FULL")
                if not store._applied():
                    # The file was there but holds no tables: its pages were only ever in a
                    # -wal that is now gone or damaged. Starting over would hide the loss.
                    raise ProgressCorrupt(path, "it holds no progress tables; its write-ahead "
                                                "log was lost or damaged")
                if check:
                    store._quick_check()
                store._migrate()
        except BaseException:
            if store is not None:
                store.close()
            raise
        return store

    @classmethod
    def open_for_reading(cls, path: Path | None = None) -> Store:
        """Open the store to read it (stats, export --due): where there is no progress file
        yet, an empty store in memory, so a read-only home works and nothing is created."""
        path = default_path() if path is None else Path(path)
        if os.path.lexists(path):
            return cls.open(path)
        conn = sqlite3.connect(":memory:", isolation_level=None)
        store = cls(path, conn, in_memory=True)
        store._migrate()
        return store

    def close(self) -> None:
        """Close, with the answers checkpointed into the main file (the -wal emptied): they do
        not depend on the -wal surviving. A reader or a busy file only leaves it for later."""
        try:
            self.checkpoint(truncate=True)
        except ProgressError:
            pass
        self._conn.close()

    def checkpoint(self, truncate: bool = False) -> None:
        """Copy the -wal's committed pages into the main file (and fsync it)."""
        if self._in_memory:
            return
        with self._guard():
            self._conn.execute(f"PRAGMA wal_checkpoint({'TRUNCATE' if truncate else 'PASSIVE'})")

    def _quick_check(self) -> None:
        rows = [str(row[0]) for row in self._conn.execute("PRAGMA quick_check(3)")]
        if rows != ["ok"]:
            problems = [" ".join(row.split()) for row in rows if "***" not in row]
            raise ProgressCorrupt(self.path, "; ".join(problems or rows)[:160])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _guard(self):
        """Turn sqlite errors into slangtutor's, naming the file and what to do."""
        try:
            yield
        except sqlite3.Error as error:
            raise _translated(self.path, error) from None

    @contextmanager
    def _write(self):
        """One immediate transaction: committed whole, or rolled back (also on Ctrl-C)."""
        with self._guard():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _applied(self) -> list[str]:
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
        ).fetchone()
        if not exists:
            return []
        return [row[0] for row in self._conn.execute("SELECT name FROM migrations ORDER BY rowid")]

    def _migrate(self) -> None:
        known = [m.__name__ for m in MIGRATIONS]
        applied = self._applied()
        if applied == known:
            return
        with self._write() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            applied = self._applied()  # again, inside the lock: another process may have run
            unknown = [name for name in applied if name not in known]
            if unknown:
                raise ProgressError(
                    f"{self.path} was written by a newer slangtutor (migration {unknown[0]}); "
                    "upgrade slangtutor to use it"
                )
            now = datetime.now(timezone.utc).isoformat()
            for migration in MIGRATIONS:
                if migration.__name__ not in applied:
                    migration(conn)
                    conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                                 (migration.__name__, now))

    def migrations(self) -> list[str]:
        """Names of the migrations applied to this file, in order."""
        with self._guard():
            return self._applied()

    # -- writing ---------------------------------------------------------------------------

    def record(
        self,
        entry_id: str,
        rating: int,
        now: datetime,
        *,
        mode: str,
        verdict: str,
        hints: int = 0,
        duration_ms: int | None = None,
        answer: str | None = None,
        session: str | None = None,
        fuzz: bool = True,
    ) -> Review:
        """Schedule one answer with FSRS and commit it with its review, in one transaction.

        The card's state is read inside the write lock, so a review another session committed a
        moment ago is built upon, not overwritten. `rating` is 1 Again .. 4 Easy.
        """
        from fsrs import Card, Rating

        moment = _utc(now)
        with self._write() as conn:
            row = conn.execute(
                "SELECT card_json, reps, lapses, wrong FROM cards WHERE entry_id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                card = Card(card_id=card_id(entry_id), due=moment)
                reps = lapses = wrong = 0
                state_before = None
            else:
                card = Card.from_json(row[0])
                reps, lapses, wrong = row[1], row[2], row[3]
                state_before = int(card.state)
            card, _log = scheduler(fuzz).review_card(
                card, Rating(rating), review_datetime=moment, review_duration=duration_ms
            )
            reps += 1
            if rating == AGAIN:
                wrong += 1
                if state_before == 2:
                    lapses += 1
            due_ts = card.due.timestamp()
            conn.execute(
                """
                INSERT INTO cards (entry_id, card_json, state, due_ts, stability, reps, lapses,
                                   wrong, updated_ts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entry_id) DO UPDATE SET
                    card_json = excluded.card_json, state = excluded.state,
                    due_ts = excluded.due_ts, stability = excluded.stability,
                    reps = excluded.reps, lapses = excluded.lapses, wrong = excluded.wrong,
                    updated_ts = excluded.updated_ts
                """,
                (entry_id, card.to_json(), int(card.state), due_ts, card.stability, reps, lapses,
                 wrong, moment.timestamp()),
            )
            conn.execute(
                """
                INSERT INTO reviews (entry_id, reviewed_at, reviewed_ts, mode, verdict, hints,
                                     rating, duration_ms, answer, state_before, due_after_ts,
                                     session)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (entry_id, moment.isoformat(), moment.timestamp(), mode, verdict, hints,
                 int(rating), duration_ms, answer, state_before, due_ts, session),
            )
        try:  # the answer in the main file too: safe even if the -wal is later lost
            self.checkpoint()
        except ProgressError:
            pass  # busy: the next answer, or closing, checkpoints it
        return Review(entry_id, rating, STATE_NAMES[int(card.state)], card.due, row is None)

    # -- the reading list (annotate --save) ------------------------------------------------

    def save_reads(self, found: dict[str, int], now: datetime, source: str | None = None
                   ) -> int:
        """Add what a text showed to the reading list, in one transaction: each entry id with
        the number of lines it stood in. Returns how many terms were added."""
        moment = _utc(now)
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO reads (entry_id, read_at, read_ts, source, times) "
                "VALUES (?, ?, ?, ?, ?)",
                [(i, moment.isoformat(), moment.timestamp(), source, max(int(times), 1))
                 for i, times in found.items()],
            )
        try:
            self.checkpoint()
        except ProgressError:
            pass
        return len(found)

    def reading_list(self) -> list[ReadTerm]:
        """The reading list, most recently read first: each term with how often and when."""
        with self._guard():
            rows = self._conn.execute(
                """
                SELECT r.entry_id, SUM(r.times), MIN(r.read_ts), MAX(r.read_ts), c.state
                FROM reads r LEFT JOIN cards c ON c.entry_id = r.entry_id
                GROUP BY r.entry_id ORDER BY MAX(r.read_ts) DESC, SUM(r.times) DESC, r.entry_id
                """
            ).fetchall()
        return [ReadTerm(i, count, _from_ts(first), _from_ts(last),
                         STATE_NAMES.get(state, "new") if state is not None else "new")
                for i, count, first, last, state in rows]

    # -- reading ---------------------------------------------------------------------------

    def statuses(self) -> dict[str, CardStatus]:
        """Every card with a review: when it is due and how often it was seen."""
        with self._guard():
            rows = self._conn.execute("SELECT entry_id, due_ts, reps, lapses FROM cards")
            return {
                entry_id: CardStatus(datetime.fromtimestamp(due, timezone.utc), reps, lapses)
                for entry_id, due, reps, lapses in rows
            }

    def due_ids(self, now: datetime) -> list[str]:
        """Entry ids due for review at `now`, most overdue first."""
        with self._guard():
            rows = self._conn.execute(
                "SELECT entry_id FROM cards WHERE due_ts <= ? ORDER BY due_ts, entry_id",
                (_utc(now).timestamp(),),
            )
            return [row[0] for row in rows]

    def weak_ids(self, limit: int) -> list[str]:
        """Entries the learner struggles with, weakest first, from real misses: answers judged
        wrong (not a right answer rated Again after the last hint). Most misses first, then the
        largest share of misses, then the most recent miss."""
        with self._guard():
            rows = self._conn.execute(
                """
                SELECT entry_id FROM reviews GROUP BY entry_id
                HAVING SUM(verdict = 'wrong') > 0
                ORDER BY SUM(verdict = 'wrong') DESC,
                         CAST(SUM(verdict = 'wrong') AS REAL) / COUNT(*) DESC,
                         MAX(CASE WHEN verdict = 'wrong' THEN reviewed_ts END) DESC, entry_id
                LIMIT ?
                """,
                (max(limit, 0),),
            )
            return [row[0] for row in rows]

    def counts(self) -> dict[str, tuple[int, int, int]]:
        """Per reviewed entry: (reviews, answers judged wrong, lapses)."""
        with self._guard():
            misses = dict(self._conn.execute(
                "SELECT entry_id, SUM(verdict = 'wrong') FROM reviews GROUP BY entry_id"))
            rows = self._conn.execute("SELECT entry_id, reps, lapses FROM cards")
            return {row[0]: (row[1], misses.get(row[0], 0), row[2]) for row in rows}

    def next_due(self, after: datetime) -> tuple[datetime, int] | None:
        """The first due time later than `after` and how many cards fall due within an hour of it."""
        with self._guard():
            start = _utc(after).timestamp()
            row = self._conn.execute(
                "SELECT MIN(due_ts) FROM cards WHERE due_ts > ?", (start,)
            ).fetchone()
            if row[0] is None:
                return None
            count = self._conn.execute(
                "SELECT COUNT(*) FROM cards WHERE due_ts > ? AND due_ts <= ?",
                (start, row[0] + 3600),
            ).fetchone()[0]
            return datetime.fromtimestamp(row[0], timezone.utc), count

    def review_count(self) -> int:
        with self._guard():
            return self._conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]

    def stats(self, now: datetime, known_ids: set[str] | None = None, days: int = 14) -> dict:
        """Totals for `slangtutor stats`. `known_ids`: the deck's entries (to count new cards and
        leave out progress on entries no longer shipped). Days are counted in `now`'s time zone.
        """
        tz = now.tzinfo
        with self._guard():
            conn = self._conn
            cards = conn.execute(
                "SELECT entry_id, state, due_ts, reps, lapses, wrong FROM cards"
            ).fetchall()
            reviews = conn.execute(
                "SELECT reviewed_ts, rating, state_before, verdict FROM reviews "
                "ORDER BY reviewed_ts"
            ).fetchall()
        if known_ids is not None:
            cards = [c for c in cards if c[0] in known_ids]
        by_state = {"new": 0, "learning": 0, "review": 0, "relearning": 0}
        for card in cards:
            by_state[STATE_NAMES.get(card[1], "learning")] += 1
        if known_ids is not None:
            by_state["new"] = len(known_ids - {c[0] for c in cards})
        cutoff = _utc(now).timestamp()
        due = sum(1 for c in cards if c[2] <= cutoff)
        today = now.date()
        first_day = today - timedelta(days=days - 1)
        per_day = {(first_day + timedelta(days=n)).isoformat(): 0 for n in range(days)}
        review_days: set[date] = set()
        for ts, *_ in reviews:
            day = datetime.fromtimestamp(ts, tz).date()
            review_days.add(day)
            if day >= first_day and day.isoformat() in per_day:
                per_day[day.isoformat()] += 1
        month_ago = cutoff - 30 * 86400
        mature = [r for r in reviews if r[2] == 2 and r[0] >= month_ago]
        retention = (sum(r[1] != AGAIN for r in mature) / len(mature)) if mature else None
        accuracy = (sum(r[3] == "right" for r in reviews) / len(reviews)) if reviews else None
        upcoming = self.next_due(now)
        return {
            "reviews": len(reviews),
            "due": due,
            "cards": by_state,
            "retention": retention,
            "accuracy": accuracy,
            "streak": streak(review_days, today),
            "per_day": per_day,
            "next_due": upcoming[0].isoformat() if upcoming else None,
        }


def streak(days: set[date], today: date) -> int:
    """Days in a row with at least one review, ending today (or yesterday, if today has none
    yet: the streak is still alive until midnight)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged progress file (with its -wal and -shm companions) to
    `NAME.corrupt-YYYYMMDDTHHMMSS` beside it and return the new path. Nothing is deleted."""
    stamp = _utc(now).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
    except OSError as error:
        raise ProgressError(f"cannot move {path} aside: {error.strerror}") from None
    return target


class Reset(NamedTuple):
    """What `open_or_reset` did to a damaged file: where it went, and the backup (if any) the
    fresh store was started from."""

    moved: Path
    restored: Path | None


def open_or_reset(path: Path | None, reset_corrupt: bool, now: datetime
                  ) -> tuple[Store, Reset | None]:
    """Open the store; with `reset_corrupt`, a damaged file is moved aside and the newest
    backup that passes its check put in its place (or a fresh store made when there is none).
    Returns the store and what was done (None when the file was fine)."""
    path = default_path() if path is None else Path(path)
    try:
        return Store.open(path), None
    except ProgressCorrupt:
        if not reset_corrupt:
            raise
    moved = move_aside(path, now)
    restored = restore_backup(path)
    return Store.open(path), Reset(moved, restored)


# ---------------------------------------------------------------------------------------------
# Backups: after every quiz session, a checked copy; the newest KEEP_BACKUPS are kept.

KEEP_BACKUPS = 5
BACKUP_FOLDER = "backups"


def backups_dir(path: Path | None = None) -> Path:
    path = default_path() if path is None else Path(path)
    return path.parent / BACKUP_FOLDER


def backups(path: Path | None = None) -> list[Path]:
    """The backups of the progress file at `path`, newest first."""
    folder = backups_dir(path)
    try:
        found = [item for item in folder.glob("progress-*.sqlite3") if item.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda item: item.name, reverse=True)


def back_up(store: Store, now: datetime) -> Path:
    """Copy the store (SQLite's online backup, consistent while others write) to
    `backups/progress-YYYYMMDDTHHMMSS.ffffff.sqlite3` beside it, check the copy, and keep only
    the newest KEEP_BACKUPS. Raises ProgressError when it cannot."""
    from slangtutor.files import atomic_write, remove_stale_temporaries

    folder = backups_dir(store.path)
    stamp = _utc(now).strftime("%Y%m%dT%H%M%S.%f")  # microseconds: names sort by time
    target = folder / f"progress-{stamp}.sqlite3"

    def fill(temporary: Path) -> None:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            store._conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            rows = [row[0] for row in copy.execute("PRAGMA quick_check(1)")]
            if rows != ["ok"]:
                raise ProgressCorrupt(store.path, "its backup copy failed the check")
        finally:
            copy.close()

    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(target, fill=fill)
    except sqlite3.Error as error:
        raise _translated(store.path, error) from None
    except OSError as error:
        raise ProgressError(f"cannot write a backup in {folder} ({error.strerror})") from None
    for old in backups(store.path)[KEEP_BACKUPS:]:
        old.unlink(missing_ok=True)
    remove_stale_temporaries(folder, "progress-")  # copies killed half way
    return target


def restore_backup(path: Path) -> Path | None:
    """Put the newest backup that passes its check at `path` (which must be free); return it,
    or None when there is no good backup."""
    import shutil

    from slangtutor.files import atomic_write

    for candidate in backups(path):
        try:
            conn = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
            try:
                good = [row[0] for row in conn.execute("PRAGMA quick_check(1)")] == ["ok"]
            finally:
                conn.close()
        except sqlite3.Error:
            good = False
        if not good:
            continue
        try:
            atomic_write(path, fill=lambda temporary, source=candidate:
                         shutil.copyfile(source, temporary), replace=False)
        except OSError as error:
            raise ProgressError(f"cannot restore the backup {candidate} ({error.strerror})"
                                ) from None
        return candidate
    return None
