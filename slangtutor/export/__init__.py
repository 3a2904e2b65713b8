"""Export entries to the tools learners already use: Anki, CSV/TSV, Quizlet, Pleco, Markdown, JSON.

The pure part: choose the format, filter the entries, render the bytes, write them atomically.
One module per format renders bytes (`anki`, `delimited`, `pleco`, `markdown`, `jsondump`);
`write_atomic` puts them in place: a temporary file in the target's own folder, then a rename, so
a failed or interrupted export never leaves a half-written file, and an existing file is replaced
only when asked (`force`).
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from slangtutor.errors import ExportError
from slangtutor.files import atomic_write
from slangtutor.models import Entry, matching, rude_policy

FORMATS = ("anki", "csv", "tsv", "pleco", "quizlet", "markdown", "json")
EXTENSIONS = {
    ".apkg": "anki",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "pleco",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
}
BINARY_FORMATS = frozenset({"anki"})
FORMAT_LABELS = {
    "anki": "Anki deck",
    "csv": "Anki CSV",
    "tsv": "Anki TSV",
    "pleco": "Pleco flashcards",
    "quizlet": "Quizlet import text",
    "markdown": "Markdown study sheet",
    "json": "JSON",
}
STDOUT = "-"


def _check_extension(target: Path, requested: str) -> None:
    """An extension that names another format is a mistake (notes.csv -f anki would be an Anki
    package called .csv): refuse it. .txt takes any text format; an unknown extension any."""
    suffix = target.suffix.lower()
    named = EXTENSIONS.get(suffix)
    fits = (named is None and requested not in BINARY_FORMATS) or named == requested or (
        suffix == ".txt" and requested not in BINARY_FORMATS)
    if requested in BINARY_FORMATS and suffix != ".apkg":
        fits = False
    if not fits:
        wanted = ".apkg" if requested in BINARY_FORMATS else f"a .{requested} or .txt name"
        raise ExportError(f"{target.name!r} names the {FORMAT_LABELS.get(named, named)} format "
                          f"but --format is {requested}: use {wanted}, or drop --format"
                          if named else
                          f"--format {requested} writes an Anki package: name the file .apkg")


def format_for(target: str, requested: str | None = None) -> str:
    """The export format: `requested` if given, else the one the file extension names.

    Raises ExportError for an unknown format or an extension that names none.
    """
    if requested is not None:
        if requested not in FORMATS:
            raise ExportError(f"unknown format {requested!r}; choose one of {', '.join(FORMATS)}")
        if target != STDOUT and not _is_dir(Path(target)):  # a folder gets its own message
            _check_extension(Path(target), requested)
        return requested
    if target == STDOUT:
        raise ExportError("writing to stdout ('-') needs --format")
    suffix = Path(target).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    shown = f"'{suffix}'" if suffix else "no extension"
    raise ExportError(
        f"cannot tell the format from {Path(target).name!r} ({shown}): use .apkg, .csv, .tsv, "
        ".txt (Pleco), .md or .json, or --format"
    )


@dataclass(frozen=True)
class Selection:
    entries: tuple[Entry, ...]
    rude_left_out: int


def select(
    entries: Iterable[Entry],
    *,
    tags: Iterable[str] = (),
    registers: Iterable[str] = (),
    origins: Iterable[str] = (),
    level: int | None = None,
    include_rude: bool = False,
    limit: int | None = None,
    only_ids: Sequence[str] | None = None,
) -> Selection:
    """The entries to export: filtered, most common first (level 1 before 3), then dataset order.

    Tags, registers and origins each match any of the values given (none given: all). Rude and
    vulgar entries are left out unless `include_rude`; `rude_left_out` counts those the filters
    would otherwise have kept. `limit` keeps the first N. `only_ids` (from quiz progress: due or
    weak cards) keeps just those entries, in that order. Raises ExportError when `registers` asks
    for rude or vulgar without `include_rude`, or when nothing is left.
    """
    tags, registers, origins = set(tags), set(registers), set(origins)
    wanted = None if only_ids is None else {entry_id: n for n, entry_id in enumerate(only_ids)}
    if wanted is not None:
        entries = [entry for entry in entries if entry.id in wanted]
    matched = matching(entries, tags=tags, registers=registers, origins=origins, max_level=level)
    kept = rude_policy(matched, registers, include_rude)
    rude_left_out = len(matched) - len(kept)
    if wanted is not None:
        kept.sort(key=lambda entry: wanted[entry.id])
    else:
        kept.sort(key=lambda entry: entry.level)  # stable: dataset order within a level
    if limit is not None:
        kept = kept[:limit]
    if not kept:
        more = f" ({rude_left_out} rude or vulgar left out; add --include-rude)" \
            if rude_left_out else ""
        raise ExportError(f"no entries match these filters{more}")
    return Selection(tuple(kept), rude_left_out)


@dataclass(frozen=True)
class Rendered:
    data: bytes
    anki_stamps: object | None = None  # anki.Stamps to remember once the file is written


def render(fmt: str, entries: Sequence[Entry], *, now: float, scheme: str = "pleco",
           deck_name: str | None = None, stamps: object | None = None) -> Rendered:
    """The file content for `entries` in format `fmt`.

    `now` is the export time; `stamps` (anki.Stamps) the previous Anki export's note times.
    """
    if fmt == "anki":
        from slangtutor.export import anki

        data, new_stamps = anki.build_apkg(entries, now, stamps or anki.Stamps({}), scheme,
                                           deck_name or anki.DEFAULT_DECK)
        return Rendered(data, new_stamps)
    if fmt in ("csv", "tsv"):
        from slangtutor.export import anki, delimited

        separator = "," if fmt == "csv" else "\t"
        return Rendered(delimited.render_anki_text(entries, separator, scheme,
                                                   deck_name or anki.DEFAULT_DECK))
    if fmt == "quizlet":
        from slangtutor.export import delimited

        return Rendered(delimited.render_quizlet(entries))
    if fmt == "pleco":
        from slangtutor.export import pleco

        return Rendered(pleco.render(entries))
    if fmt == "markdown":
        from slangtutor.export import markdown

        return Rendered(markdown.render(entries))
    if fmt == "json":
        from slangtutor.export import jsondump

        return Rendered(jsondump.render(entries))
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------------------------
# Writing


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    if error.errno == errno.ENAMETOOLONG:
        return "the file name is too long (at most 255 bytes a name)"
    return (error.strerror or str(error)).rstrip(".").lower()


def check_target(target: Path, force: bool) -> None:
    """Fail early, before any work, when `target` cannot or must not be written. Only a
    regular file is ever replaced (with `force`): a device, a FIFO, a socket or a symbolic link
    in the way is refused, so that an export never swaps one for a plain file."""
    import stat

    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise ExportError(f"cannot write {_shown(target)}: {_reason(error)}") from None
    if info is not None:
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise ExportError(f"{_shown(target)} is a folder; give a file name, such as "
                              f"{_shown(target / 'slang.apkg')}")
        if stat.S_ISLNK(mode):
            raise ExportError(f"{_shown(target)} is a symbolic link; slangtutor replaces only "
                              "regular files: give the file it points to, or another name")
        if not stat.S_ISREG(mode):
            raise ExportError(f"{_shown(target)} is not a regular file (a device, a pipe or a "
                              "socket); slangtutor will not replace it: give another name")
        if not force:
            raise ExportError(f"{_shown(target)} already exists; add --force to replace it")
    folder = target.parent
    try:
        folder_is_dir, folder_exists = folder.is_dir(), folder.exists()
    except OSError as error:
        raise ExportError(f"cannot write {_shown(target)}: {_reason(error)}") from None
    if not folder_exists:
        raise ExportError(f"cannot write {_shown(target)}: the folder {_shown(folder)} does not "
                          "exist")
    if not folder_is_dir:
        raise ExportError(f"cannot write {_shown(target)}: {_shown(folder)} is not a folder")


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: check_target tells
        return False


def _shown(path: Path, limit: int = 80) -> str:
    """A path for a message: whole, or its two ends around '…' when it is very long."""
    text = str(path)
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2 - 1]}…{text[-(limit // 2):]}"


def _new_file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(target: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to `target` through a temporary file in the same folder and a rename.

    Without `force` an existing file is never replaced, even one that appears while writing.
    Raises ExportError with one line saying why (missing folder, permission, full disk); no
    partial file is left behind either way.
    """
    target = Path(target)
    check_target(target, force)
    try:
        atomic_write(target, data, replace=force, mode=_new_file_mode(target))
    except FileExistsError:
        raise ExportError(f"{_shown(target)} already exists; add --force to replace it"
                          ) from None
    except OSError as error:
        raise ExportError(f"cannot write {_shown(target)}: {_reason(error)}") from None


# ---------------------------------------------------------------------------------------------
# The Anki note times, remembered between exports (see slangtutor.export.anki)


def stamps_path() -> Path:
    from slangtutor.dataset import home_dir
    from slangtutor.export.anki import STAMPS_FILE

    return home_dir() / STAMPS_FILE


MAX_STAMPS_BYTES = 64 << 20


def load_stamps(path: Path):
    """The remembered note times, and a note when the file was there but could not be used
    (then every note counts as changed once: Anki updates them, losing nothing)."""
    from slangtutor.export.anki import Stamps
    from slangtutor.files import read_regular

    try:
        raw = read_regular(path, MAX_STAMPS_BYTES)
    except FileNotFoundError:
        return Stamps({}), None
    except OSError as error:
        return Stamps({}), f"{path} cannot be read ({error.strerror}); note times start over"
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        payload = None
    stamps = Stamps.from_json(payload)
    if payload is None or stamps.dropped:
        return stamps, (f"{path} was damaged; the note times in it that could not be read start "
                        "over (Anki counts those notes as changed once)")
    return stamps, None


def save_stamps(path: Path, stamps) -> bool:
    """Best effort: without the file, the next export merely counts every note as changed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(stamps.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(path, data, force=True)
    except (OSError, ExportError):
        return False
    return True


@dataclass(frozen=True)
class ExportResult:
    target: str
    format: str
    count: int
    size: int
    notes: tuple[str, ...] = ()  # one-line notes for the learner (a damaged stamps file)


def export(target: str, fmt: str, entries: Sequence[Entry], *, now: float, force: bool = False,
           scheme: str = "pleco", deck_name: str | None = None) -> tuple[ExportResult, bytes | None]:
    """Render `entries` as `fmt` and write them to the file `target`.

    For `target` "-" nothing is written; the bytes come back for the caller to print. Returns what
    was exported and those bytes (None when written to a file). Raises ExportError.
    """
    to_stdout = target == STDOUT
    if not to_stdout:
        check_target(Path(target), force)
    path = stamps_path() if fmt == "anki" else None
    stamps, note = load_stamps(path) if path is not None else (None, None)
    rendered = render(fmt, entries, now=now, scheme=scheme, deck_name=deck_name, stamps=stamps)
    if not to_stdout:
        write_atomic(Path(target), rendered.data, force)
    if path is not None and rendered.anki_stamps is not None:
        save_stamps(path, rendered.anki_stamps)
    result = ExportResult(target, fmt, len(entries), len(rendered.data),
                          (note,) if note else ())
    return result, (rendered.data if to_stdout else None)
