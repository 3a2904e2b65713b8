"""The Typer shell: arguments -> core -> render; errors -> exit codes.

Exit codes: 0 success, 1 a user-level failure (nothing found, bad data) on stderr, 2 usage errors,
70 a bug (one line, not a traceback), 130 interrupted; 1 quietly when stdout's reader went away.
No traceback reaches a user; failures of the streams themselves are told by slangtutor.streams.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from slangtutor import __version__
from slangtutor.errors import DataError, SlangTutorError
from slangtutor.models import ORIGINS, REGISTERS, TAGS

METAVARS = {"count": "N", "limit": "N", "seed": "N", "jobs": "N", "level": "LEVEL",
            "colors": "SCHEME", "format": "FORMAT", "file": "PATH", "fmt": "FORMAT",
            "deck": "NAME", "query": "QUERY", "text": "TEXT", "files": "FILE"}


def _plain_metavars(command) -> None:
    """Help readable at 80 columns: a flag shows no type and a value a plain name (N, TAG,
    SCHEME), never Typer's <bool>, <list[str]> or a choice list broken mid-word; the choices
    are named in the help text instead, where rich wraps them between words."""
    if command.help:  # docstring line breaks would show as broken lines: rich wraps instead
        command.help = "\n\n".join(" ".join(part.split()) for part in command.help.split("\n\n"))
    help_option = command.get_help_option(command.context_class(command))
    for param in [*command.params, *([help_option] if help_option else [])]:
        option = getattr(param, "param_type_name", "") == "option"
        if not option:
            # Typer shows an argument's type (<str>) whatever its metavar: the usage line and
            # the name already say what goes there.
            param.display_type_rich = lambda ctx: None
        if option and (getattr(param, "is_flag", False) or getattr(param, "count", False)):
            param.metavar = param.metavar if param.metavar is not None else ""
            continue
        if param.metavar is None:
            param.metavar = METAVARS.get(param.name, param.name.upper())
        choices = _choices(param) if option else []
        if choices and not all(c in (param.help or "") for c in choices):
            param.help = f"{param.help or ''} One of: {', '.join(choices)}.".strip()


def _choices(param) -> list[str]:
    """The values of an Enum-typed option (or a list of them), as typed on the command line."""
    import enum
    import typing

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if typing.get_origin(annotation) is list:
        (annotation,) = typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


class _PlainHelpGroup(typer.core.TyperGroup):
    """The app's command group: every command's help gets plain metavars (_plain_metavars)."""

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_metavars(command)
        return command

    def format_help(self, ctx, formatter):
        _plain_metavars(self)
        super().format_help(ctx, formatter)


app = typer.Typer(
    name="slangtutor",
    cls=_PlainHelpGroup,
    help="A terminal tutor for Chinese internet slang and RedNote newcomer phrases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# Choices as str enums, which Typer turns into checked options with the values in --help.
Tag = Enum("Tag", {name: name for name in TAGS}, type=str)
Register = Enum("Register", {name: name for name in REGISTERS}, type=str)
Origin = Enum("Origin", {name: name for name in ORIGINS}, type=str)


class Colors(str, Enum):
    pleco = "pleco"
    mdbg = "mdbg"
    hanping = "hanping"
    none = "none"


ColorsOption = Annotated[
    Colors,
    typer.Option(
        "--colors",
        help="Tone colour scheme: pleco (1 red, 2 green, 3 blue, 4 purple), mdbg, hanping, none.",
        case_sensitive=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout, nothing else.")]
# The entry filters that list and export share.
TagsOption = Annotated[
    Optional[list[Tag]],
    typer.Option("--tag", "-t", help="Only entries with this tag (repeat for any of several)."),
]
RegistersOption = Annotated[
    Optional[list[Register]],
    typer.Option("--register", "-r", help="Only entries of this register (repeatable)."),
]
OriginsOption = Annotated[
    Optional[list[Origin]],
    typer.Option("--origin", "-o", help="Only entries of this origin (repeatable)."),
]
LevelOption = Annotated[
    Optional[int],
    typer.Option("--level", min=1, max=3,
                 help="Only entries this common or more (1 everywhere, 3 niche)."),
]


def _stdout():
    from slangtutor.render import make_console

    return make_console()


def _error(message: str) -> None:
    """One line on stderr, escaped so that rich markup in user text prints as typed."""
    from rich.markup import escape

    from slangtutor.render import make_console

    make_console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


@contextmanager
def user_errors():
    """Turn slangtutor's exceptions and Ctrl-C into a message and an exit code."""
    try:
        yield
    except DataError as error:
        for problem in error.problems:
            _error(problem)
        raise typer.Exit(1) from None
    except SlangTutorError as error:
        _error(str(error))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        _error("interrupted")
        raise typer.Exit(130) from None


def counted(number: int, one: str, many: str | None = None) -> str:
    """'1 entry', '2 entries', '0 files'."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def _print_json(payload) -> None:
    """JSON on stdout: UTF-8 text, or \\u escapes where the output is not UTF-8
    (PYTHONIOENCODING=ascii or gbk): the same JSON either way."""
    import json

    from slangtutor import streams

    sys.stdout.write(json.dumps(payload, ensure_ascii=streams.json_needs_escapes(), indent=2)
                     + "\n")


CREDITS = (
    "MIT License. Dictionary glosses: CC-CEDICT (https://cc-cedict.org/, MDBG), "
    "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"slangtutor {__version__}\n{CREDITS}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A terminal tutor for Chinese internet slang and RedNote newcomer phrases."""


@app.command()
def lookup(
    query: Annotated[
        list[str],
        typer.Argument(
            help="What you saw or heard: hanzi, pinyin (any tones), yyds, 666, English words."
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=50, help="Show at most this many matches.")
    ] = 5,
    colors: ColorsOption = Colors.pleco,
    as_json: JsonOption = False,
) -> None:
    """Find a slang term however you typed it and explain it."""
    from slangtutor import search

    with user_errors():
        index = search.load_index()
        result = search.lookup(" ".join(query), index)
        hits = list(result.hits[:limit])
        if as_json:
            _print_json(
                {
                    "query": result.query,
                    "results": [hit.entry.to_dict() for hit in hits],
                    "suggestions": [_suggestion(entry) for entry in result.suggestions],
                }
            )
            if not hits:
                raise typer.Exit(1)
            return
        if not hits:
            from slangtutor import render

            _error(f"nothing found for {result.query!r}")
            if result.suggestions:
                render.make_console(stderr=True).print(
                    render.suggestion_line(list(result.suggestions), colors.value)
                )
            raise typer.Exit(1)
        _show_hits(hits, index, colors.value)


def _suggestion(entry) -> dict:
    return {"id": entry.id, "term": entry.term, "pinyin": entry.pinyin, "meaning": entry.meaning}


def _show_hits(hits, index, scheme: str) -> None:
    from slangtutor import render

    console = _stdout()
    # The best match in full; several only when the query is a written form of each of them.
    full = [hit for hit in hits[:3] if hit.why == "form"] or hits[:1]
    for hit in full:
        related = [other for i in hit.entry.related if (other := index.get(i))]
        console.print(render.entry_panel(hit.entry, related, scheme))
    rest = [hit.entry for hit in hits[len(full) :]]
    if rest:
        console.print(render.entry_table(rest, scheme, title="Other matches"))


@app.command("list")
def list_entries(
    tag: TagsOption = None,
    register: RegistersOption = None,
    origin: OriginsOption = None,
    level: LevelOption = None,
    colors: ColorsOption = Colors.pleco,
    as_json: JsonOption = False,
) -> None:
    """List the dataset's entries, filtered by tag, register, origin or level."""
    from slangtutor import dataset
    from slangtutor.models import matching

    with user_errors():
        entries = matching(
            dataset.load_entries(),
            tags=[t.value for t in tag or ()],
            registers=[r.value for r in register or ()],
            origins=[o.value for o in origin or ()],
            max_level=level,
        )
    if as_json:
        _print_json([entry.to_dict() for entry in entries])
        return
    from slangtutor import render

    console = _stdout()
    if not entries:
        _error("no entries match these filters")
        raise typer.Exit(1)
    console.print(render.entry_table(entries, colors.value))
    console.print(counted(len(entries), "entry", "entries"), style="dim")


@app.command("check-data")
def check_data(
    files: Annotated[
        list[Path], typer.Argument(help="TOML deck files to validate together.")
    ],
) -> None:
    """Validate deck files with the rules the shipped decks pass."""
    from slangtutor import dataset

    try:
        given = {path.resolve() for path in files}
        try:  # the other decks in use: related ids may point into them, forms must not clash
            context = [(path, label) for path, label in dataset.deck_files()
                       if path.resolve() not in given]
        except DataError:
            context = []
        entries = dataset.read_decks(files, context=context)
    except DataError as error:
        for problem in error.problems:
            _error(problem)
        _error(f"{counted(len(error.problems), 'problem')} in "
               f"{counted(len(files), 'file')}")
        raise typer.Exit(1) from None
    typer.echo(f"ok: {counted(len(entries), 'entry', 'entries')} in {counted(len(files), 'file')}")


class ExportFormat(str, Enum):
    anki = "anki"
    csv = "csv"
    tsv = "tsv"
    pleco = "pleco"
    quizlet = "quizlet"
    markdown = "markdown"
    json = "json"


_IMPORT_HINTS = {
    "anki": "In Anki: File > Import. Importing a newer export updates these notes and keeps "
            "your reviews.",
    "csv": "In Anki: File > Import; the header lines set the note type, deck and fields.",
    "tsv": "In Anki: File > Import; the header lines set the note type, deck and fields.",
    "pleco": "In Pleco: Flashcards > Import Cards (UTF-8 text).",
    "quizlet": "In Quizlet: Create > Import, paste the text (tab between term and definition).",
}


@app.command("export")
def export_entries(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Where to write: .apkg (Anki), .csv/.tsv (Anki text import), .txt (Pleco), "
                 ".md, .json; '-' for stdout (with --format).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", case_sensitive=False,
                     help="Format, instead of guessing from FILE's extension."),
    ] = None,
    tag: TagsOption = None,
    register: RegistersOption = None,
    origin: OriginsOption = None,
    level: LevelOption = None,
    include_rude: Annotated[
        bool, typer.Option("--include-rude", help="Also export rude and vulgar entries.")
    ] = False,
    due: Annotated[
        bool, typer.Option("--due", help="Only cards your quiz progress has due now, most "
                                         "overdue first.")
    ] = False,
    weak: Annotated[
        bool, typer.Option("--weak", help="Only cards you have got wrong in quizzes, weakest "
                                          "first.")
    ] = False,
    reading: Annotated[
        bool, typer.Option("--reading", help="Only the terms of your reading list (annotate "
                                             "--save), most recently read first.")
    ] = False,
    limit: Annotated[
        Optional[int],
        typer.Option("--limit", "-n", min=1, help="At most this many entries, most common first."),
    ] = None,
    deck: Annotated[
        Optional[str],
        typer.Option("--deck", help="Anki deck name for anki, csv and tsv; by default "
                                    "'Chinese internet slang (slangtutor)'."),
    ] = None,
    colors: ColorsOption = Colors.pleco,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it already exists.")
    ] = False,
) -> None:
    """Export entries as flashcards for Anki, Pleco or Quizlet, a study sheet or JSON."""
    import time

    from slangtutor import dataset, export

    with user_errors():
        chosen = export.format_for(file, fmt.value if fmt else None)
        if deck is not None and not deck.strip():
            raise SlangTutorError("--deck needs a name")
        to_stdout = file == export.STDOUT
        if to_stdout and chosen in export.BINARY_FORMATS and sys.stdout.isatty():
            raise SlangTutorError(
                "an .apkg is a binary file; give a file name or redirect stdout")
        selection = export.select(
            dataset.load_entries(),
            tags={t.value for t in tag or ()},
            registers={r.value for r in register or ()},
            origins={o.value for o in origin or ()},
            level=level,
            include_rude=include_rude,
            limit=limit,
            only_ids=_progress_ids(due, weak, reading) if due or weak or reading else None,
        )
        result, data = export.export(
            file, chosen, selection.entries, now=time.time(), force=force,
            scheme=colors.value, deck_name=deck.strip() if deck else None,
        )
    if data is not None:
        from slangtutor import streams

        try:
            streams.write_all(data)
        except streams.OutputClosed as error:
            streams.silence_stdout()
            _error(f"the export to stdout was cut off after {error} (its reader closed "
                   "the pipe); write to a file instead")
            raise typer.Exit(1) from None
    _export_summary(result, selection.rude_left_out, to_stdout)


def _progress_ids(due: bool, weak: bool, reading: bool = False) -> list[str]:
    """Entry ids from quiz progress: the reading list (most recently read first), then due
    cards (most overdue first), then weak ones."""
    from datetime import datetime, timezone

    from slangtutor import progress

    asked = [name for name, on in (("--reading", reading), ("--due", due), ("--weak", weak))
             if on]
    path = progress.default_path()
    if not path.exists():
        needs = [f"{' and '.join(n for n in asked if n != '--reading')} "
                 f"need{'s' if len(asked) - reading == 1 else ''} 'slangtutor quiz'"
                 ] if len(asked) > reading else []
        if reading:
            needs.append("--reading needs 'slangtutor annotate --save'")
        what = "quiz progress" if not reading else (
            "reading list" if len(asked) == 1 else "quiz progress or reading list")
        raise SlangTutorError(f"no {what} yet: {' and '.join(needs)} first")
    with progress.Store.open_for_reading(path) as store:
        ids = [term.entry_id for term in store.reading_list()] if reading else []
        if due:
            ids += [i for i in store.due_ids(datetime.now(timezone.utc)) if i not in ids]
        if weak:
            ids += [i for i in store.weak_ids(100_000) if i not in ids]
    if not ids:
        kinds = [{"--reading": "in your reading list", "--due": "due",
                  "--weak": "weak"}[name] for name in asked]
        where = "" if reading else " in your quiz progress"
        raise SlangTutorError("no cards are " + " or ".join(kinds) + where)
    return ids


def _export_summary(result, rude_left_out: int, to_stdout: bool) -> None:
    """What was written, on stdout; on stderr when stdout carries the export itself."""
    from rich.markup import escape

    from slangtutor import export
    from slangtutor.render import make_console

    console = make_console(stderr=to_stdout)
    noun = "entry" if result.count == 1 else "entries"
    where = "stdout" if to_stdout else result.target
    console.print(f"Wrote {result.count} {noun} to {escape(where)} "
                  f"({export.FORMAT_LABELS[result.format]}).", soft_wrap=True)
    if rude_left_out:
        console.print(f"{rude_left_out} rude or vulgar "
                      f"entr{'y' if rude_left_out == 1 else 'ies'} left out "
                      "(add --include-rude).", style="dim", soft_wrap=True)
    for note in result.notes:
        _stderr_note(note)
    hint = _IMPORT_HINTS.get(result.format)
    if hint and not to_stdout:
        console.print(hint, style="dim", soft_wrap=True)


Mode = Enum("Mode", {name: name for name in ("choice", "reverse", "pinyin", "meaning", "cloze",
                                              "decode")}, type=str)


@app.command()
def quiz(
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=500, help="How many cards to ask.")
    ] = 10,
    mode: Annotated[
        Optional[list[Mode]],
        typer.Option("--mode", "-m", help="Question mode (repeat for several; default a mix): "
                     "choice, reverse, pinyin, meaning, cloze, decode."),
    ] = None,
    tag: TagsOption = None,
    register: RegistersOption = None,
    level: LevelOption = None,
    include_rude: Annotated[
        bool, typer.Option("--include-rude", help="Also ask rude and vulgar entries.")
    ] = False,
    seed: Annotated[
        Optional[int],
        typer.Option("--seed", help="Make card order, modes and options reproducible."),
    ] = None,
    reset_corrupt: Annotated[
        bool,
        typer.Option("--reset-corrupt",
                     help="If the progress file is damaged, move it aside and go on from the newest good backup (or start fresh)."),
    ] = False,
    reading: Annotated[
        bool,
        typer.Option("--reading", help="The terms of your reading list (annotate --save) "
                                       "first, most recently read first."),
    ] = False,
    colors: ColorsOption = Colors.pleco,
) -> None:
    """Spaced-repetition quiz: due reviews first, then new cards, common before rare.

    Type a number for options, pinyin (tone marks or numbers) or English for typed answers,
    ? or h for a hint. Every answer is saved the moment it is given. When stdin is not a
    terminal, answers are read one per line.
    """
    import random
    from datetime import datetime, timezone

    from slangtutor import dataset, progress, quiz_ui
    from slangtutor import quiz as core

    from slangtutor import streams

    if "stdin" in streams.closed:
        _error("standard input is closed: the quiz has nowhere to read answers from")
        raise typer.Exit(1)
    interactive = sys.stdin.isatty()
    console = _stdout()
    with user_errors():
        entries = dataset.load_entries()
        candidates = core.eligible(
            entries,
            tags={t.value for t in tag or ()},
            registers={r.value for r in register or ()},
            max_level=level,
            include_rude=include_rude,
        )
        if not candidates:
            _error("no entries match these filters")
            raise typer.Exit(1)
        now = datetime.now(timezone.utc)
        store, reset = progress.open_or_reset(None, reset_corrupt, now)
        if reset is not None:
            start = (f"restored the backup {reset.restored.name} (answers after it are in the "
                     "moved file)" if reset.restored else "starting fresh (no good backup)")
            _stderr_note(f"moved the damaged progress file to {reset.moved}; {start}")
        rng = random.Random(seed)
        modes = tuple(m.value for m in mode or ())
        first: tuple[str, ...] = ()
        if reading:
            first = tuple(term.entry_id for term in store.reading_list())
            if not first:
                store.close()
                raise SlangTutorError("your reading list is empty: add to it with "
                                      "'slangtutor annotate --save'")
        picks = core.choose_cards(candidates, store.statuses(), now, count, rng, modes, first)
        if not picks:
            _nothing_due(console, store, now, modes)
            store.close()
            return
        pool = core.eligible(entries, include_rude=include_rude)
        options = quiz_ui.SessionOptions(colors.value, fuzz=seed is None, interactive=interactive)
        runner = quiz_ui.QuizRunner(store, pool, rng, console,
                                    quiz_ui.LineReader(console, interactive), options)
        with store, _backed_up(store, runner):
            try:
                runner.run(picks)
            except KeyboardInterrupt:
                console.print()
                console.print(runner.summary(interrupted=True))
                raise typer.Exit(130) from None
            except EOFError as ended:
                console.print()
                console.print(runner.summary(interrupted=True))
                if isinstance(ended, quiz_ui.InputEnded):
                    _error(str(ended))
                    raise typer.Exit(1) from None
                return
            console.print()
            console.print(runner.summary())


@contextmanager
def _backed_up(store, runner):
    """After a session that recorded answers, however it ended: a checked backup of the
    progress file (progress.back_up). A backup that fails is a note, never the session's end."""
    from datetime import datetime, timezone

    from slangtutor import progress

    try:
        yield
    finally:
        if runner.session.outcomes:
            try:
                progress.back_up(store, datetime.now(timezone.utc))
            except SlangTutorError as error:
                _stderr_note(f"no backup made: {error}")


def _stderr_note(message: str) -> None:
    from rich.markup import escape

    from slangtutor.render import make_console

    make_console(stderr=True).print(f"[yellow]note:[/] {escape(message)}", soft_wrap=True)


def _nothing_due(console, store, now, modes) -> None:
    from slangtutor import quiz as core

    upcoming = store.next_due(now)
    message = "Nothing to review right now"
    if modes:
        message += f" in mode {', '.join(modes)}"
    if upcoming:
        when, number = upcoming
        message += (f": next, {number} card{'s' if number != 1 else ''} "
                    f"{core.describe_interval((when - now).total_seconds())}")
    console.print(message + ".")


@app.command()
def stats(
    days: Annotated[
        int, typer.Option("--days", min=1, max=90, help="Days shown in the reviews-per-day chart.")
    ] = 14,
    include_rude: Annotated[
        bool, typer.Option("--include-rude", help="Count rude and vulgar entries as new cards.")
    ] = False,
    colors: ColorsOption = Colors.pleco,
    as_json: JsonOption = False,
) -> None:
    """Your progress: reviews per day, retention, cards by state, hardest terms."""
    from datetime import datetime

    from slangtutor import dataset, progress

    with user_errors():
        by_id = dataset.entries_by_id()
        known = {i for i, e in by_id.items() if include_rude or not e.is_rude}
        now = datetime.now().astimezone()
        with progress.Store.open_for_reading() as store:
            counts = store.counts()
            # Progress on a rude entry counts once it was quizzed, whatever the flag.
            reviewed = set(counts) & set(by_id)
            summary = store.stats(now, known | reviewed, days=days)
            weak = [i for i in store.weak_ids(5) if i in by_id]
            read = [term for term in store.reading_list() if term.entry_id in by_id]
    hardest = [(by_id[i], counts[i][1], counts[i][2]) for i in weak]
    summary["reading"] = {
        "terms": len(read),
        "lines": sum(term.count for term in read),
        "learnt": sum(term.state == "review" for term in read),
        "recent": [{"id": term.entry_id, "term": by_id[term.entry_id].term,
                    "lines": term.count, "last_read": term.last.isoformat(),
                    "state": term.state} for term in read[:5]],
    }
    if as_json:
        summary["hardest"] = [
            {"id": e.id, "term": e.term, "wrong": wrong, "lapses": lapses}
            for e, wrong, lapses in hardest
        ]
        _print_json(summary)
        return
    from slangtutor import quiz_ui

    recent = [(by_id[term.entry_id], term) for term in read[:5]]
    _stdout().print(quiz_ui.stats_view(summary, hardest, colors.value, recent))


@app.command()
def annotate(
    text: Annotated[
        Optional[str],
        typer.Argument(help="The comment to annotate. Without it, lines are read from stdin.",
                       show_default=False),
    ] = None,
    file: Annotated[
        Optional[Path],
        typer.Option("--file", "-f", help="Annotate the lines of this UTF-8 text file.",
                     dir_okay=False, show_default=False),
    ] = None,
    sandhi: Annotated[
        bool,
        typer.Option("--sandhi", help="Show spoken tones: 不 and 一 tone changes, 3-3 → 2-3."),
    ] = False,
    words: Annotated[
        bool,
        typer.Option("--words/--no-words", help="List the other words with dictionary glosses."),
    ] = True,
    colors: ColorsOption = Colors.pleco,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print JSON on stdout: one object for TEXT, one per line "
                                    "(JSON Lines) for stdin or --file."),
    ] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, max=64,
                     help="Processes for a large --json input (default: one per core); 1 uses "
                          "the least memory."),
    ] = None,
    image: Annotated[
        Optional[list[Path]],
        typer.Option("--image",
                     help="Read the text of a screenshot (PNG, JPEG, WebP) offline, line by "
                          "line; repeat for several, or give a folder. With --json each line "
                          "adds its box, score and image. Needs: pip install "
                          "'slangtutor\\[ocr]'.", show_default=False, metavar="FILE"),
    ] = None,
    save: Annotated[
        bool,
        typer.Option("--save", help="Add the slang found to your reading list, to drill with "
                                    "'quiz --reading' or export with 'export --reading'."),
    ] = False,
) -> None:
    """Read a pasted comment: pinyin over every word, the slang explained, glosses for the rest.

    Slang is kept whole (蚌埠住了, yyds, 栓Q), traditional characters work (翻牆), and number
    codes or letter abbreviations missing from the dataset are decoded as marked guesses.

    Glosses of ordinary words come from CC-CEDICT (cc-cedict.org, MDBG), licensed CC BY-SA 4.0.
    """
    from slangtutor import annotate as core

    if text is not None and file is not None:
        _usage_error("give either TEXT or --file, not both")
    if image:
        if text is not None or file is not None:
            raise typer.BadParameter("give either --image or TEXT/--file, not both",
                                     param_hint="--image")
        with user_errors():
            _annotate_images(image, sandhi, as_json, colors.value, words, save)
        return
    if text is None and file is None and sys.stdin is not None and sys.stdin.isatty():
        # Reading a terminal, as the help says: tell the learner how to finish.
        _stderr_note("paste or type the text, then press Ctrl-D on a new line to annotate it "
                     "(Ctrl-Z then Enter on Windows)")
    found: dict[str, int] | None = {} if save else None  # slang id -> lines, for --save
    with user_errors():
        if text is not None:
            text = core.check_text(text)
        _prepare_dictionary()
        annotator = core.load_annotator()
        try:
            if text is not None:
                result = annotator.annotate(text, sandhi=sandhi)
                if as_json:
                    _print_json(result.to_dict())
                else:
                    _show_annotation(result, annotator, colors.value, words)
                if found is not None:
                    _count(found, _slang_ids(result.to_dict()))
                    _save_reading(found, "text")
                return
            if file is not None:
                try:
                    stream = file.open("rb")
                except FileNotFoundError:
                    raise core.InputError(f"{file}: file not found") from None
                except OSError as error:
                    raise core.InputError(f"{file}: cannot read ({error.strerror})") from None
                label = str(file)
            else:
                from slangtutor import streams

                if "stdin" in streams.closed:
                    raise core.InputError("standard input is closed: give the text as an "
                                          "argument or with --file")
                stream, label = sys.stdin.buffer, "stdin"
            with stream:
                _annotate_stream(annotator, core.read_lines(stream, label), sandhi, as_json,
                                 colors.value, words, jobs, found)
            if found is not None:
                _save_reading(found, label)
        finally:
            annotator.close()


def _annotate_images(paths: list[Path], sandhi: bool, as_json: bool, scheme: str,
                     words: bool, save: bool = False) -> None:
    """annotate --image: each image's lines recognised, then annotated as text lines are.
    A file that cannot be read is named on stderr and the others go on (exit code 1). With
    `save`, the slang of every image goes on the reading list at the end."""
    import json

    from slangtutor import annotate as core
    from slangtutor import streams
    from slangtutor.annotate import ocr
    from slangtutor.render import make_console

    files = ocr.image_files(paths)
    ocr.check_available()
    found: dict[str, int] = {}
    errors = make_console(stderr=True)
    if not ocr.is_loaded():
        errors.print("Loading the OCR model…", style="dim")
    from concurrent.futures import ThreadPoolExecutor

    # One thread reads the images in order (ONNX Runtime works outside the GIL) while this
    # one loads the annotator, then annotates each image's lines as they come.
    pool = ThreadPoolExecutor(max_workers=1)
    reads = [pool.submit(lambda path=path: ocr.shared_recogniser().read(path)) for path in files]
    progress = None
    try:
        _prepare_dictionary()
        annotator = core.load_annotator()
        console = _stdout()
        # The bar is drawn when the results go elsewhere (a file, a pipe, --json); on a
        # terminal the results themselves appear image by image.
        if len(files) > 1 and errors.is_terminal and (as_json or not console.is_terminal):
            from rich.progress import Progress

            # stdout is left alone (the results go there); stderr notes print above the bar.
            progress = Progress(console=errors, transient=True, redirect_stdout=False)
            task = progress.add_task("Reading images", total=len(files))
            progress.start()
        failed = shown = 0
        try:
            for path, read in zip(files, reads):
                try:
                    lines = read.result()
                except ocr.ImageError as error:
                    failed += 1
                    _error(str(error))
                    lines = None
                if lines == []:
                    _stderr_note(f"{path}: no text found in this image")
                if lines:
                    results = annotator.annotate_many([line.text for line in lines], sandhi)
                    for line, result in zip(lines, results):
                        if save:
                            _count(found, _slang_ids(result.to_dict()))
                        if as_json:
                            payload = {**result.to_dict(), **line.to_dict()}
                            sys.stdout.write(json.dumps(
                                payload, ensure_ascii=streams.json_needs_escapes()) + "\n")
                            continue
                        if shown:
                            console.print()
                        if len(files) > 1 and line is lines[0]:
                            console.rule(str(path), style="dim")
                        shown += 1
                        _show_annotation(result, annotator, scheme, words, console)
                    sys.stdout.flush()
                if progress is not None:
                    progress.advance(task)
        finally:
            annotator.close()
    finally:
        if progress is not None:
            progress.stop()
        pool.shutdown(wait=False, cancel_futures=True)
    if save:
        _save_reading(found, str(files[0]) if len(files) == 1 else f"{len(files)} images")
    if failed:
        raise typer.Exit(1)


def _usage_error(message: str):
    raise typer.BadParameter(message, param_hint="TEXT")


def _prepare_dictionary() -> None:
    from slangtutor import dictionary

    if not dictionary.is_built():
        from slangtutor.render import make_console

        make_console(stderr=True).print(
            "Preparing the CC-CEDICT index (first run only, a few seconds)…", style="dim")


def _batches(lines, max_lines: int = 256, max_chars: int = 65_536, first_lines: int = 32):
    """Group lines so the dictionary is asked once per batch; memory stays bounded. The first
    batch is small: a large input's workers start after it (annotate.parallel)."""
    batch: list[str] = []
    size = 0
    limit = min(first_lines, max_lines)
    for line in lines:
        batch.append(line)
        size += len(line)
        if len(batch) >= limit or size >= max_chars:
            yield batch
            batch, size, limit = [], 0, max_lines
    if batch:
        yield batch


def _annotate_stream(annotator, lines, sandhi: bool, as_json: bool, scheme: str,
                     words: bool, jobs: int | None = None, found: dict | None = None
                     ) -> None:
    """Annotate lines as they come; the slang ids met are added to `found` when given."""
    if as_json:
        import json

        from slangtutor.annotate import json_lines

        sys.stdout.flush()
        write = sys.stdout.buffer.write
        output = json_lines(annotator, _batches(lines), sandhi, workers=jobs)
        try:
            for data in output:
                write(data)
                if found is not None:
                    for line in data.splitlines():
                        if line.strip():
                            _count(found, _slang_ids(json.loads(line)))
            sys.stdout.buffer.flush()
        finally:
            output.close()  # stops any worker processes now, not at interpreter exit
        return
    console = _stdout()
    count = 0
    for batch in _batches(lines, max_lines=32):
        for result in annotator.annotate_many(batch, sandhi):
            if count:
                console.print()
            count += 1
            if found is not None:
                _count(found, _slang_ids(result.to_dict()))
            if result.text.strip():
                _show_annotation(result, annotator, scheme, words, console)
    if not count:
        from slangtutor.annotate import InputError

        raise InputError("nothing to annotate: the input is empty")


def _slang_ids(annotation: dict) -> list[str]:
    """The entry ids of the slang an annotation asserts (a 'maybe', which could be the
    everyday word, is not put on the reading list)."""
    return [item["id"] for item in annotation.get("slang", ())
            if item.get("confidence", "slang") == "slang"]


def _count(found: dict[str, int], ids: list[str]) -> None:
    """One more line for each slang id in it (however often the line uses it)."""
    for entry_id in dict.fromkeys(ids):
        found[entry_id] = found.get(entry_id, 0) + 1


def _save_reading(found: dict[str, int], source: str) -> None:
    """Put the slang met on the reading list (one transaction), with a one-line note."""
    from datetime import datetime, timezone

    from slangtutor import progress

    unique = list(found)
    if not unique:
        _stderr_note("no slang found: nothing added to your reading list")
        return
    now = datetime.now(timezone.utc)
    with progress.Store.open() as store:
        store.save_reads(found, now, source)
        total = len(store.reading_list())
        try:
            progress.back_up(store, now)
        except SlangTutorError:
            pass  # the reads are saved; a backup comes with the next session
    _stderr_note(f"added {counted(len(unique), 'term')} to your reading list "
                 f"({total} in all): 'slangtutor quiz --reading' drills them")


def _show_annotation(result, annotator, scheme: str, words: bool, console=None) -> None:
    from slangtutor import render

    console = console or _stdout()
    for line in render.annotation_view(result, annotator.entries, scheme, console.width, words):
        console.print(line)


# --help lists the commands in the order a learner meets them, not the order defined above.
_ORDER = ("lookup", "annotate", "quiz", "stats", "export", "list", "check-data")
app.registered_commands.sort(
    key=lambda command: _ORDER.index(command.name or command.callback.__name__))


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app with one-line errors for everything, including
    the failures of the streams themselves (slangtutor.streams)."""
    from slangtutor import streams

    streams.prepare()
    args = sys.argv[1:] if argv is None else list(argv)
    if "stdout" in streams.closed:
        _error("standard output is closed: nothing can be shown; run slangtutor with its "
               "output going to a terminal, a file or a pipe")
        sys.exit(1)
    try:
        code = _run(args)
        sys.stdout.flush()
    except streams.OutputClosed:  # | head: the reader has what it wanted
        streams.silence_stdout()
        code = streams.PIPE_CLOSED
    except BrokenPipeError:
        streams.silence_stdout()
        code = streams.PIPE_CLOSED
    except (OSError, UnicodeEncodeError) as error:
        message = streams.output_failure(error)
        if message is None:
            code = _unexpected(error)
        else:
            streams.silence_stdout()
            _error(message)
            code = 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        code = _unexpected(error)
    sys.exit(code if isinstance(code, int) else 0)


def _unexpected(error: BaseException) -> int:
    """A failure no part of slangtutor expected: one line (SLANGTUTOR_DEBUG=1 shows the
    traceback), exit code 70."""
    import os

    if os.environ.get("SLANGTUTOR_DEBUG"):
        import traceback

        traceback.print_exception(error)
    detail = str(error) or "no details"
    _error(f"unexpected {type(error).__name__}: {detail} (a bug in slangtutor; set "
           "SLANGTUTOR_DEBUG=1 to see where, and please report it)")
    return 70


def _run(args: list[str]):
    command = typer.main.get_command(app)
    try:
        return command.main(args=args or ["--help"], prog_name="slangtutor",
                            standalone_mode=False)
    except typer.TyperException as error:  # Typer's usage errors: bad option, missing argument
        context = getattr(error, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        _error(f"{error.format_message()}{hint}")
        return error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _error("interrupted")
        return 130
