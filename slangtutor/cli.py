"""The Typer shell: arguments -> core -> render; errors -> exit codes.

Exit codes: 0 success, 1 a user-level failure (nothing found, bad data) on stderr, 2 usage errors,
130 interrupted. No traceback reaches a user.
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
    import json

    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


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
            only_ids=_progress_ids(due, weak) if due or weak else None,
        )
        result, data = export.export(
            file, chosen, selection.entries, now=time.time(), force=force,
            scheme=colors.value, deck_name=deck.strip() if deck else None,
        )
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    _export_summary(result, selection.rude_left_out, to_stdout)


def _progress_ids(due: bool, weak: bool) -> list[str]:
    """Entry ids from quiz progress: due cards first (most overdue first), then weak ones."""
    from datetime import datetime, timezone

    from slangtutor import progress

    path = progress.default_path()
    if not path.exists():
        raise SlangTutorError("no quiz progress yet: --due and --weak need 'slangtutor quiz' first")
    with progress.Store.open(path) as store:
        ids = store.due_ids(datetime.now(timezone.utc)) if due else []
        if weak:
            ids += [i for i in store.weak_ids(100_000) if i not in ids]
    if not ids:
        raise SlangTutorError(
            "no cards are " + ("due or weak" if due and weak else "due" if due else "weak")
            + " in your quiz progress")
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
                     help="If the progress file is damaged, move it aside and start fresh."),
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
        store, moved = progress.open_or_reset(None, reset_corrupt, now)
        if moved is not None:
            _stderr_note(f"moved the damaged progress file to {moved}; starting fresh")
        rng = random.Random(seed)
        modes = tuple(m.value for m in mode or ())
        picks = core.choose_cards(candidates, store.statuses(), now, count, rng, modes)
        if not picks:
            _nothing_due(console, store, now, modes)
            store.close()
            return
        pool = core.eligible(entries, include_rude=include_rude)
        options = quiz_ui.SessionOptions(colors.value, fuzz=seed is None, interactive=interactive)
        runner = quiz_ui.QuizRunner(store, pool, rng, console,
                                    quiz_ui.LineReader(console, interactive), options)
        with store:
            try:
                runner.run(picks)
            except KeyboardInterrupt:
                console.print()
                console.print(runner.summary(interrupted=True))
                raise typer.Exit(130) from None
            except EOFError:
                console.print()
                console.print(runner.summary(interrupted=True))
                return
            console.print()
            console.print(runner.summary())


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
        with progress.Store.open() as store:
            counts = store.counts()
            # Progress on a rude entry counts once it was quizzed, whatever the flag.
            reviewed = set(counts) & set(by_id)
            summary = store.stats(now, known | reviewed, days=days)
            weak = [i for i in store.weak_ids(5) if i in by_id]
    hardest = [(by_id[i], counts[i][1], counts[i][2]) for i in weak]
    if as_json:
        summary["hardest"] = [
            {"id": e.id, "term": e.term, "wrong": wrong, "lapses": lapses}
            for e, wrong, lapses in hardest
        ]
        _print_json(summary)
        return
    from slangtutor import quiz_ui

    _stdout().print(quiz_ui.stats_view(summary, hardest, colors.value))


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
) -> None:
    """Read a pasted comment: pinyin over every word, the slang explained, glosses for the rest.

    Slang is kept whole (蚌埠住了, yyds, 栓Q), traditional characters work (翻牆), and number
    codes or letter abbreviations missing from the dataset are decoded as marked guesses.

    Glosses of ordinary words come from CC-CEDICT (cc-cedict.org, MDBG), licensed CC BY-SA 4.0.
    """
    from slangtutor import annotate as core

    if text is not None and file is not None:
        _usage_error("give either TEXT or --file, not both")
    if text is None and file is None and sys.stdin is not None and sys.stdin.isatty():
        # Reading a terminal, as the help says: tell the learner how to finish.
        _stderr_note("paste or type the text, then press Ctrl-D on a new line to annotate it "
                     "(Ctrl-Z then Enter on Windows)")
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
                stream, label = sys.stdin.buffer, "stdin"
            with stream:
                _annotate_stream(annotator, core.read_lines(stream, label), sandhi, as_json,
                                 colors.value, words, jobs)
        except BrokenPipeError:
            _quiet_broken_pipe()
        finally:
            annotator.close()


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
                     words: bool, jobs: int | None = None) -> None:
    if as_json:
        from slangtutor.annotate import json_lines

        sys.stdout.flush()
        write = sys.stdout.buffer.write
        output = json_lines(annotator, _batches(lines), sandhi, workers=jobs)
        try:
            for data in output:
                write(data)
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
            if result.text.strip():
                _show_annotation(result, annotator, scheme, words, console)
    if not count:
        from slangtutor.annotate import InputError

        raise InputError("nothing to annotate: the input is empty")


def _show_annotation(result, annotator, scheme: str, words: bool, console=None) -> None:
    from slangtutor import render

    console = console or _stdout()
    for line in render.annotation_view(result, annotator.entries, scheme, console.width, words):
        console.print(line)


def _quiet_broken_pipe() -> None:
    """The reader went away (| head): stop quietly, without a traceback at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# --help lists the commands in the order a learner meets them, not the order defined above.
_ORDER = ("lookup", "annotate", "quiz", "stats", "export", "list", "check-data")
app.registered_commands.sort(
    key=lambda command: _ORDER.index(command.name or command.callback.__name__))


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app with one-line usage errors."""
    args = sys.argv[1:] if argv is None else list(argv)
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args or ["--help"], prog_name="slangtutor",
                            standalone_mode=False)
    except typer.TyperException as error:  # Typer's usage errors: bad option, missing argument
        context = getattr(error, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        _error(f"{error.format_message()}{hint}")
        code = error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _error("interrupted")
        code = 130
    sys.exit(code if isinstance(code, int) else 0)
