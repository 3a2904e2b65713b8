"""The progress store on real SQLite files: migrations, FSRS scheduling at fixed UTC times,
due and weak cards, stats, two writers at once, and damaged files."""

import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone

import pytest

from slangtutor import progress
from slangtutor.errors import ProgressCorrupt, ProgressError
from slangtutor.progress import Store
from slangtutor.quiz import AGAIN, EASY, GOOD, HARD

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "progress.sqlite3"


def record(store, entry_id, rating, when, verdict="right"):
    return store.record(entry_id, rating, when, mode="choice", verdict=verdict, fuzz=False)


def test_blank_database_is_migrated_in_wal_mode(db):
    with Store.open(db) as store:
        assert store.migrations() == ["m001_initial"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"migrations", "cards", "reviews"} <= tables
    # Opening again applies nothing twice.
    with Store.open(db) as store:
        assert store.migrations() == ["m001_initial"]


def test_default_path_is_under_slangtutor_home(isolated_home):
    assert progress.default_path() == isolated_home / "progress.sqlite3"
    with Store.open() as store:
        assert store.path.exists()


def test_a_newer_schema_is_refused(db):
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO migrations (name, applied_at) VALUES ('m099_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(ProgressError, match="written by a newer slangtutor"):
        Store.open(db)


@pytest.mark.parametrize(
    "rating, first_interval, state",
    [
        (AGAIN, timedelta(minutes=1), "learning"),
        (HARD, timedelta(minutes=5, seconds=30), "learning"),
        (GOOD, timedelta(minutes=10), "learning"),
        (EASY, timedelta(days=8), "review"),
    ],
)
def test_ratings_schedule_with_fsrs_at_fixed_times(db, rating, first_interval, state):
    with Store.open(db) as store:
        review = record(store, "yyds", rating, T0)
        assert review.first
        assert review.due == T0 + first_interval
        assert review.state == state
        assert store.due_ids(T0 + first_interval - timedelta(seconds=1)) == []
        assert store.due_ids(T0 + first_interval) == ["yyds"]


def test_state_builds_on_the_stored_card(db):
    with Store.open(db) as store:
        first = record(store, "yyds", GOOD, T0)
        second = record(store, "yyds", GOOD, first.due)
        assert second.state == "review" and not second.first
        assert second.due == first.due + timedelta(days=2)
        # Forgotten after graduating: a lapse.
        third = record(store, "yyds", AGAIN, second.due, verdict="wrong")
        assert third.state == "relearning"
        assert store.counts() == {"yyds": (3, 1, 1)}


def test_aware_datetimes_only(db):
    with Store.open(db) as store, pytest.raises(ValueError):
        record(store, "yyds", GOOD, datetime(2025, 1, 1, 12, 0))


def test_local_times_are_stored_as_utc(db):
    cet = timezone(timedelta(hours=1))
    with Store.open(db) as store:
        review = record(store, "yyds", AGAIN, datetime(2025, 1, 1, 13, 0, tzinfo=cet))
    assert review.due == T0 + timedelta(minutes=1)
    row = sqlite3.connect(db).execute("SELECT reviewed_at FROM reviews").fetchone()
    assert row == ("2025-01-01T12:00:00+00:00",)


def test_due_ids_most_overdue_first_and_weak_ids(db):
    with Store.open(db) as store:
        record(store, "a", GOOD, T0)
        record(store, "b", AGAIN, T0, "wrong")
        record(store, "c", AGAIN, T0 - timedelta(hours=1), "wrong")
        record(store, "c", AGAIN, T0 - timedelta(minutes=30), "wrong")  # due 29 minutes early
        record(store, "d", EASY, T0)
        assert store.due_ids(T0 + timedelta(minutes=30)) == ["c", "b", "a"]
        assert store.due_ids(T0) == ["c"]
        # c was wrong twice, b once; a and d never: not weak.
        assert store.weak_ids(10) == ["c", "b"]
        assert store.weak_ids(1) == ["c"]
        assert store.weak_ids(0) == []


def test_hardest_terms_come_from_real_misses(db):
    """A right answer rated Again (after the last hint) is no miss; a wrong one always is."""
    with Store.open(db) as store:
        record(store, "hinted", AGAIN, T0, "right")
        record(store, "hinted", AGAIN, T0 + timedelta(minutes=5), "right")
        record(store, "missed", HARD, T0, "wrong")
        assert store.weak_ids(5) == ["missed"]
        assert store.counts()["hinted"][1] == 0
        assert store.counts()["missed"][1] == 1


def test_stats_counts_days_streak_and_retention(db):
    with Store.open(db) as store:
        for day in range(3):  # three days in a row, ending today
            record(store, f"e{day}", EASY, T0 - timedelta(days=day))
        record(store, "e0", AGAIN, T0 + timedelta(days=8), "wrong")  # a lapse, 8 days later
        record(store, "e1", GOOD, T0 + timedelta(days=8))
        now = T0 + timedelta(days=8, hours=1)
        stats = store.stats(now, known_ids={"e0", "e1", "e2", "new-one"}, days=3)
    assert stats["reviews"] == 5
    assert stats["cards"] == {"new": 1, "learning": 0, "review": 2, "relearning": 1}
    assert stats["per_day"] == {"2025-01-07": 0, "2025-01-08": 0, "2025-01-09": 2}
    assert stats["streak"] == 1
    assert stats["retention"] == 0.5  # of the two reviews of learnt cards, one was forgotten
    assert stats["accuracy"] == 0.8
    assert stats["due"] == 2  # e2 (8 days after T0 - 2 days) and e0 (relearning, 10 minutes)


def test_streak():
    today = date(2025, 5, 10)
    days = {today - timedelta(days=n) for n in (1, 2, 3, 5)}
    assert progress.streak(days, today) == 3  # today not yet reviewed: alive until midnight
    assert progress.streak(days | {today}, today) == 4
    assert progress.streak({today - timedelta(days=2)}, today) == 0


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from slangtutor.progress import Store

    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    with Store.open(path) as store:
        for n in range(count):
            # Both writers review the same three cards, interleaved.
            store.record(f"card-{n % 3}", 3, start + timedelta(seconds=n), mode="choice",
                         verdict="right", answer=f"{name}-{n}", fuzz=False)
    """
)


def test_two_concurrent_writers_lose_nothing(db, subprocess_env):
    Store.open(db).close()
    count = 60
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), name, str(count)],
                         env=subprocess_env, stderr=subprocess.PIPE)
        for name in ("left", "right")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    conn = sqlite3.connect(db)
    answers = {row[0] for row in conn.execute("SELECT answer FROM reviews")}
    assert answers == {f"{name}-{n}" for name in ("left", "right") for n in range(count)}
    # Each card's repetition count saw every review from both writers.
    reps = dict(conn.execute("SELECT entry_id, reps FROM cards"))
    assert reps == {"card-0": 40, "card-1": 40, "card-2": 40}
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_damaged_file_is_named_and_never_deleted(db):
    garbage = b"this is not sqlite at all\n" * 200
    db.write_bytes(garbage)
    with pytest.raises(ProgressCorrupt) as caught:
        Store.open(db)
    message = str(caught.value)
    assert str(db) in message
    assert "slangtutor quiz --reset-corrupt" in message
    assert db.read_bytes() == garbage  # untouched

    store, reset = progress.open_or_reset(db, True, T0)
    with store:
        assert reset.moved == db.with_name("progress.sqlite3.corrupt-20250101T120000")
        assert reset.moved.read_bytes() == garbage
        assert reset.restored is None  # no backup to start from
        assert store.review_count() == 0
        record(store, "yyds", GOOD, T0)


def test_reset_leaves_a_healthy_file_alone(db):
    with Store.open(db) as store:
        record(store, "yyds", GOOD, T0)
    store, moved = progress.open_or_reset(db, True, T0)
    with store:
        assert moved is None
        assert store.review_count() == 1


def test_moving_aside_twice_keeps_both(db):
    db.write_bytes(b"first")
    first = progress.move_aside(db, T0)
    db.write_bytes(b"second")
    second = progress.move_aside(db, T0)
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")
