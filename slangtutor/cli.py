"""The Typer shell: arguments -> core -> render; errors -> exit codes.

Exit codes: 0 success, 1 a user-level failure (nothing found, bad data) on stderr, 2 usage errors,
130 interrupted. No traceback reaches a user.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from slangtutor import __version__
from slangtutor.errors import DataError, SlangTutorError
from slangtutor.models import ORIGINS, REGISTERS, TAGS

app = typer.Typer(
    name="slangtutor",
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


def _print_json(payload) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"slangtutor {__version__}")
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
    best_tier = hits[0].score // 100
    full = [hit for hit in hits if hit.score // 100 == best_tier][:3]
    for hit in full:
        related = [index.by_id[i] for i in hit.entry.related if i in index.by_id]
        console.print(render.entry_panel(hit.entry, related, scheme))
    rest = [hit.entry for hit in hits[len(full) :]]
    if rest:
        console.print(render.entry_table(rest, scheme, title="Other matches"))


@app.command("list")
def list_entries(
    tag: Annotated[
        Optional[list[Tag]],
        typer.Option("--tag", "-t", help="Only entries with this tag (repeat for any of several)."),
    ] = None,
    register: Annotated[
        Optional[list[Register]],
        typer.Option("--register", "-r", help="Only entries of this register (repeatable)."),
    ] = None,
    origin: Annotated[
        Optional[list[Origin]],
        typer.Option("--origin", "-o", help="Only entries of this origin (repeatable)."),
    ] = None,
    level: Annotated[
        Optional[int],
        typer.Option("--level", min=1, max=3,
                     help="Only entries this common or more (1 everywhere, 3 niche)."),
    ] = None,
    colors: ColorsOption = Colors.pleco,
    as_json: JsonOption = False,
) -> None:
    """List the dataset's entries, filtered by tag, register, origin or level."""
    from slangtutor import dataset

    tags = {t.value for t in tag or ()}
    registers = {r.value for r in register or ()}
    origins = {o.value for o in origin or ()}
    with user_errors():
        entries = [
            e
            for e in dataset.load_entries()
            if (not tags or tags & set(e.tags))
            and (not registers or e.register in registers)
            and (not origins or e.origin in origins)
            and (level is None or e.level <= level)
        ]
    if as_json:
        _print_json([entry.to_dict() for entry in entries])
        return
    from slangtutor import render

    console = _stdout()
    if not entries:
        _error("no entries match these filters")
        raise typer.Exit(1)
    console.print(render.entry_table(entries, colors.value))
    console.print(f"{len(entries)} entries", style="dim")


@app.command("check-data")
def check_data(
    files: Annotated[
        list[Path], typer.Argument(help="TOML deck files to validate together.")
    ],
) -> None:
    """Validate deck files with the rules the shipped decks pass."""
    from slangtutor import dataset

    with user_errors():
        entries = dataset.read_decks(files)
    typer.echo(f"ok: {len(entries)} entries in {len(files)} file{'s' if len(files) > 1 else ''}")


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
) -> None:
    """Read a pasted comment: pinyin over every word, the slang explained, glosses for the rest.

    Slang is kept whole (蚌埠住了, yyds, 栓Q), traditional characters work (翻牆), and number
    codes or letter abbreviations missing from the dataset are decoded as marked guesses.
    """
    from slangtutor import annotate as core

    if text is not None and file is not None:
        _usage_error("give either TEXT or --file, not both")
    if text is None and file is None and sys.stdin.isatty():
        _usage_error("give TEXT, --file PATH, or pipe text on stdin")
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
                                 colors.value, words)
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


def _batches(lines, max_lines: int = 256, max_chars: int = 65_536):
    """Group lines so the dictionary is asked once per batch; memory stays bounded."""
    batch: list[str] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line)
        if len(batch) >= max_lines or size >= max_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _annotate_stream(annotator, lines, sandhi: bool, as_json: bool, scheme: str,
                     words: bool) -> None:
    if as_json:
        from slangtutor.annotate import JsonLines

        encoder, write = JsonLines(), sys.stdout.write
        for batch in _batches(lines):
            write("".join(encoder.line(result) for result in annotator.annotate_many(batch, sandhi)))
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
