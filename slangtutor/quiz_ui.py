"""The terminal side of `slangtutor quiz` and `slangtutor stats`: reads answers, renders with rich.

The logic lives in quiz.py (questions, grading, ratings) and progress.py (scheduling, storage);
this module only asks, shows and hands answers on. Each answer is committed by the store before
the feedback is shown, so whatever ends the session (Ctrl-C, EOF, a closed terminal) loses
nothing already answered.
"""

from __future__ import annotations

import dataclasses
import random
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from slangtutor import quiz, render
from slangtutor.models import Entry
from slangtutor.progress import Store

VERDICT_STYLE = {quiz.RIGHT: "bold green", quiz.CLOSE: "bold yellow", quiz.WRONG: "bold red"}
VERDICT_LABEL = {quiz.RIGHT: "✓ Right", quiz.CLOSE: "≈ Almost", quiz.WRONG: "✗ Not quite"}
HINT_LABEL = {"initials": "first letters", "toneless": "pinyin", "toned": "with tones",
              "answer": "answer"}


MAX_ANSWER_BYTES = 4096        # a longer line is not an answer
MAX_SKIP_BYTES = 1 << 20       # how far past that a line end is looked for before giving up


class InputEnded(EOFError):
    """The answers cannot be read on (an endless line, say): the session ends like at the end
    of input, with the summary, and the message is shown."""


class LineReader:
    """Answers one line at a time: `input()` on a terminal (line editing, Ctrl-C, Ctrl-D), plain
    lines from a pipe, read as bytes in bounded pieces (a stream without line ends, like
    /dev/zero, cannot fill memory). A line that is not UTF-8 is refused and asked again; nothing
    changed is ever graded. Raises EOFError at the end of input."""

    def __init__(self, console: Console, interactive: bool, stream=None):
        self.console = console
        self.interactive = interactive
        self.stream = stream if stream is not None else sys.stdin
        if interactive:
            try:
                import readline  # noqa: F401  (gives input() arrow keys and history)
            except ImportError:  # pragma: no cover - Windows without pyreadline
                pass

    def __call__(self, prompt: str) -> str:
        while True:
            answer = self._typed(prompt) if self.interactive else self._piped(prompt)
            if answer is not None:
                return answer
            self.console.print(Text("  that answer is not valid UTF-8 text; type it again",
                                    style="yellow"))

    def _typed(self, prompt: str) -> str | None:
        try:
            answer = self.console.input(Text(prompt, style="bold cyan"))
        except UnicodeDecodeError:
            return None
        if any("\udc80" <= char <= "\udcff" for char in answer):
            return None  # undecodable bytes, smuggled in as surrogates
        return answer

    def _piped(self, prompt: str) -> str | None:
        raw = self._line()
        try:
            answer = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            answer = None
        if answer is not None and "\x00" in answer:
            answer = None
        # Echo the scripted answer so that a transcript reads like a session.
        self.console.print(Text(prompt, style="bold cyan") + Text(answer or ""))
        return answer

    def _line(self) -> bytes:
        source = getattr(self.stream, "buffer", None)
        if source is None:  # a text stream given by a test: lines as they are
            text = self.stream.readline(MAX_ANSWER_BYTES)
            if not text:
                raise EOFError
            return text.encode("utf-8", "surrogateescape")
        line = source.readline(MAX_ANSWER_BYTES)
        if not line:
            raise EOFError
        if len(line) < MAX_ANSWER_BYTES or line.endswith(b"\n"):
            return line
        skipped = 0
        while skipped < MAX_SKIP_BYTES:  # the rest of an over-long line, read and dropped
            rest = source.readline(MAX_ANSWER_BYTES)
            if not rest or rest.endswith(b"\n"):
                return b""  # an empty answer: "I don't know"
            skipped += len(rest)
        raise InputEnded(f"stdin: a line of more than {MAX_SKIP_BYTES // 1024} KB with no line "
                         "end is not an answer; stopping the quiz (your answers so far are "
                         "saved)")


@dataclass
class SessionOptions:
    scheme: str = "pleco"
    fuzz: bool = True
    interactive: bool = False


class QuizRunner:
    """Runs one session: question, answer, grade, record, teach; then the summary."""

    def __init__(self, store: Store, pool: list[Entry], rng: random.Random, console: Console,
                 read: Callable[[str], str], options: SessionOptions,
                 clock: Callable[[], datetime] | None = None):
        self.store = store
        self.pool = pool
        self.rng = rng
        self.console = console
        self.read = read
        self.options = options
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.session = quiz.Session(started=self.clock())
        self.session_id = f"{self.session.started.isoformat()}#{id(self) & 0xffff:x}"
        self.started_monotonic = time.monotonic()

    # -- the loop ------------------------------------------------------------------------------

    def run(self, picks: list[quiz.Pick]) -> quiz.Session:
        """Ask every pick. KeyboardInterrupt and EOFError propagate after the answers so far are
        committed; the caller prints the summary either way."""
        self.console.print(Text(
            f"{len(picks)} card{'s' if len(picks) != 1 else ''}. "
            "? or h: hint · Enter alone: I don't know · Ctrl-C: stop", style="dim"))
        waiting = list(picks)
        asked: dict[str, int] = {}
        number = 0
        while waiting:
            pick = waiting.pop(0)
            number += 1
            outcome = self.ask(number, number + len(waiting), pick)
            again = quiz.relearn_position(outcome.verdict, asked.get(pick.entry.id, 0),
                                          len(waiting))
            asked[pick.entry.id] = asked.get(pick.entry.id, 0) + 1
            if again is not None:
                # A learning step: the card comes back later in this session.
                waiting.insert(again, dataclasses.replace(pick, is_new=False, again=True))
        return self.session

    def ask(self, number: int, total: int, pick: quiz.Pick) -> quiz.Outcome:
        question = quiz.build_question(pick.entry, pick.mode, self.pool, self.rng)
        self.show_question(number, total, pick, question)
        hints = 0
        start = time.monotonic()
        while True:
            answer = self.read("> ")
            if answer.strip().lower() in ("?", "h"):
                hints = min(hints + 1, quiz.HINT_STEPS)
                self.show_hint(quiz.hint(question, hints))
                continue
            try:
                grade = quiz.grade(question, answer)
            except quiz.NotAnAnswer as problem:
                self.console.print(Text(f"  {problem} (or ? for a hint)", style="yellow"))
                continue
            break
        seconds = time.monotonic() - start if self.options.interactive else None
        verdict = grade.verdict
        if grade.needs_self_grade:
            verdict = self.self_grade(question)
        rating = quiz.rating_for(verdict, hints, seconds, question.mode)
        answered_at = self.clock()
        review = self.store.record(
            pick.entry.id, rating, answered_at, mode=question.mode, verdict=verdict,
            hints=hints, answer=answer[: quiz.MAX_ANSWER],
            duration_ms=None if seconds is None else int(seconds * 1000),
            session=self.session_id, fuzz=self.options.fuzz,
        )
        outcome = quiz.Outcome(pick.entry.id, question.mode, verdict, hints, rating, review.due)
        self.session.outcomes.append(outcome)
        self.show_feedback(question, grade, verdict, hints, review.due - answered_at)
        return outcome

    def self_grade(self, question: quiz.Question) -> str:
        line = Text("  The meaning: ", style="dim")
        line.append(question.answer, style="bold")
        self.console.print(line)
        while True:
            reply = self.read("Did you have it? [y/n] ").strip().lower()
            if reply in ("y", "yes"):
                return quiz.RIGHT
            if reply in ("n", "no", ""):
                return quiz.WRONG
            self.console.print(Text("  y or n", style="yellow"))

    # -- rendering -----------------------------------------------------------------------------

    def show_question(self, number: int, total: int, pick: quiz.Pick,
                      question: quiz.Question) -> None:
        console = self.console
        kind = "again" if pick.again else "new" if pick.is_new else "review"
        label = f"{number}/{total} · {kind} · {question.mode}"
        console.print()
        console.rule(Text(label, style="dim"), align="left", style="dim")
        if question.mode == "cloze":
            console.print(Text(f"  {question.prompt}", style="bold"))
            if question.translation:
                console.print(Text(f"  {question.translation}", style="italic dim"))
        else:
            console.print(Text(f"  {question.prompt}", style="bold"))
        console.print(Text(f"  {question.instruction}", style="dim"))
        for index, option in enumerate(question.options, start=1):
            console.print(Text(f"  {index}. {option}"))

    def show_hint(self, hint: quiz.Hint) -> None:
        line = Text(f"  hint {hint.step}/{quiz.HINT_STEPS} ({HINT_LABEL[hint.kind]}): ",
                    style="dim")
        if hint.kind == "toned":
            line.append_text(render.tone_text(hint.text, self.options.scheme))
        else:
            line.append(hint.text, style="bold")
        self.console.print(line)

    def show_feedback(self, question: quiz.Question, grade: quiz.Grade, verdict: str,
                      hints: int, interval: timedelta) -> None:
        console = self.console
        line = Text(f"  {VERDICT_LABEL[verdict]}", style=VERDICT_STYLE[verdict])
        if hints:
            line.append(f" (after {hints} hint{'s' if hints > 1 else ''})", style="dim")
        if verdict != quiz.RIGHT and question.answer and question.mode != "meaning":
            line.append("  answer: ", style="dim")
            if question.mode == "pinyin":
                line.append_text(render.tone_text(question.answer, self.options.scheme))
            elif question.is_choice:
                line.append(f"{question.answer_index + 1}. {question.answer}")
            else:
                line.append(question.answer)
        console.print(line)
        for note in grade.notes:
            if note != "no answer":
                console.print(Text(f"    {note}", style="yellow"))
        console.print(brief_entry(question.entry, self.options.scheme))
        console.print(Text(f"  next review {quiz.describe_interval(interval.total_seconds())}",
                           style="dim"))

    def summary(self, interrupted: bool = False) -> Panel:
        return session_summary(self.session, self.store, self.clock(),
                               time.monotonic() - self.started_monotonic, self.pool, interrupted)


def brief_entry(entry: Entry, scheme: str) -> Text:
    """The entry in three or four lines: term and tone-coloured pinyin, meaning, one example."""
    text = Text("  ")
    text.append(entry.term, style="bold")
    text.append("  ")
    text.append_text(render.tone_text(entry.pinyin, scheme))
    text.append("  ")
    text.append(entry.meaning)
    if entry.is_rude:
        text.append("\n  ")
        text.append_text(render.register_badge(entry))
    if entry.examples:
        example = entry.examples[0]
        text.append(f"\n  e.g. {example.zh}  ")
        text.append(example.en, style="italic dim")
    return text


def session_summary(session: quiz.Session, store: Store, now: datetime, seconds: float,
                    pool: list[Entry], interrupted: bool = False) -> Panel:
    """Score, time, best run, day streak, next review due, and the cards to look at again."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    answered, right = session.answered, session.right
    score = f"{right}/{answered} right" + (f" ({round(100 * right / answered)}%)"
                                           if answered else "")
    grid.add_row("score", score)
    minutes, secs = divmod(int(seconds), 60)
    grid.add_row("time", f"{minutes} min {secs:02d} s" if minutes else f"{secs} s")
    grid.add_row("best run", f"{session.best_run()} right in a row")
    local = now.astimezone()
    stats = store.stats(local, None, days=1)
    days = stats["streak"]
    grid.add_row("streak", f"{days} day{'s' if days != 1 else ''} in a row")
    upcoming = store.next_due(now)
    due_now = len(store.due_ids(now))
    if due_now:
        grid.add_row("next review", f"{due_now} card{'s' if due_now != 1 else ''} due now")
    elif upcoming:
        when, count = upcoming
        grid.add_row("next review", f"{count} card{'s' if count != 1 else ''} "
                                    f"{quiz.describe_interval((when - now).total_seconds())}")
    parts: list = [grid]
    by_id = {entry.id: entry for entry in pool}
    missed = [by_id[i] for i in dict.fromkeys(session.missed()) if i in by_id]
    if missed:
        parts.append(Text())
        parts.append(Text("To look at again:", style="bold"))
        for entry in missed:
            line = Text("  ")
            line.append(entry.term, style="bold")
            line.append(f"  {entry.pinyin}  {entry.meaning}")
            parts.append(line)
    title = "Session stopped" if interrupted else "Session over"
    return Panel(Group(*parts), title=title, title_align="left", border_style="cyan",
                 expand=False)


# ---------------------------------------------------------------------------------------------
# stats


def stats_view(stats: dict, hardest: list[tuple[Entry, int, int]], scheme: str,
               recent: list | None = None) -> Group:
    """Reviews per day as bars, retention, cards by state, the hardest terms, and the reading
    list (`recent`: the last terms read, as (entry, progress.ReadTerm))."""
    parts: list = []
    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim", no_wrap=True)
    head.add_column()
    head.add_row("reviews", str(stats["reviews"]))
    head.add_row("due now", str(stats["due"]))
    head.add_row("streak", f"{stats['streak']} day{'s' if stats['streak'] != 1 else ''}")
    retention = stats["retention"]
    head.add_row("retention", "-" if retention is None else
                 f"{round(100 * retention)}% of reviews of learnt cards (30 days)")
    accuracy = stats["accuracy"]
    head.add_row("accuracy", "-" if accuracy is None else f"{round(100 * accuracy)}% right")
    cards = stats["cards"]
    head.add_row("cards", " · ".join(f"{count} {state}" for state, count in cards.items()))
    parts.append(head)

    per_day = stats["per_day"]
    peak = max(per_day.values(), default=0)
    chart = Table.grid(padding=(0, 1))
    chart.add_column(style="dim", no_wrap=True)
    chart.add_column(no_wrap=True)
    chart.add_column(justify="right", no_wrap=True)
    width = 30
    for day, count in per_day.items():
        bar = "█" * (round(width * count / peak) if peak else 0)
        if count and not bar:
            bar = "▏"
        chart.add_row(day[5:], Text(bar, style="cyan"), str(count) if count else "")
    parts.append(Text())
    parts.append(Text(f"Reviews per day (last {len(per_day)} days)", style="bold"))
    parts.append(chart)

    if hardest:
        table = Table(title="Hardest terms", title_justify="left", show_edge=False,
                      header_style="bold")
        table.add_column("term", no_wrap=True)
        table.add_column("pinyin", no_wrap=True)
        table.add_column("meaning")
        table.add_column("wrong", justify="right")
        table.add_column("lapses", justify="right")
        for entry, wrong, lapses in hardest:
            table.add_row(entry.term, render.tone_text(entry.pinyin, scheme), entry.meaning,
                          str(wrong), str(lapses))
        parts.append(Text())
        parts.append(table)
    reading = stats.get("reading")
    if reading and reading["terms"]:
        parts.append(Text())
        parts.append(Text(
            f"Reading list: {reading['terms']} term{'s' if reading['terms'] != 1 else ''} "
            f"read in {reading['lines']} line{'s' if reading['lines'] != 1 else ''}, "
            f"{reading['learnt']} learnt", style="bold"))
        table = Table(show_edge=False, header_style="bold")
        table.add_column("term", no_wrap=True)
        table.add_column("meaning", no_wrap=True, overflow="ellipsis", max_width=40)
        table.add_column("read", justify="right", no_wrap=True)
        table.add_column("last", no_wrap=True)
        table.add_column("state", no_wrap=True)
        for entry, term in recent or ():
            table.add_row(entry.term, entry.meaning, f"{term.count}×",
                          term.last.astimezone().strftime("%m-%d"), term.state)
        parts.append(table)
        parts.append(Text("slangtutor quiz --reading drills them; export --reading writes "
                          "them as a deck", style="dim"))
    return Group(*parts)
