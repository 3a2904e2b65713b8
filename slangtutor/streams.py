"""The standard streams: made safe before a command runs, and their failures told in one line.

A command writes to stdout and reads stdin through Python's usual objects. This module is the
one place that knows how those can fail outside the program's control: a closed descriptor
(`cmd >&-`), a full disk (`>/dev/full`), a reader that went away (`| head`), an encoding that
cannot show Chinese (`PYTHONIOENCODING=ascii`), a terminal that is zero columns wide.
"""

from __future__ import annotations

import errno
import os
import sys

# Names of the standard streams that were closed when slangtutor started.
closed: set[str] = set()

PIPE_CLOSED = 1  # a reader that went away (| head): click's exit code for it, kept everywhere
MIN_COLUMNS = 20   # narrower than this, COLUMNS (or the terminal) is not believed


class OutputClosed(Exception):
    """stdout's reader went away before everything was written (a broken pipe)."""


def prepare() -> None:
    """Before any command: closed descriptors filled with the null device (so that no file
    slangtutor opens later takes descriptor 0, 1 or 2), stderr unable to fail on encoding, and
    an unusable COLUMNS value ignored."""
    for number, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if getattr(sys, name) is not None and _is_open(number):
            continue
        closed.add(name)
        if not _is_open(number):
            descriptor = os.open(os.devnull, os.O_RDONLY if number == 0 else os.O_WRONLY)
            if descriptor != number:
                os.dup2(descriptor, number)
                os.close(descriptor)
        setattr(sys, name, open(number, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
    try:
        sys.stderr.reconfigure(errors="backslashreplace")
        if can_show_chinese() and not _is_utf(sys.stdout):
            # GBK, Big5: Chinese shows; an emoji or a rare mark becomes '?' on screen (JSON is
            # written with escapes instead, so data never changes).
            sys.stdout.reconfigure(errors="replace")
    except (AttributeError, ValueError):  # pragma: no cover - a replaced, unusual stream
        pass
    columns = os.environ.get("COLUMNS")
    if columns is not None:
        try:
            usable = int(columns) >= MIN_COLUMNS
        except ValueError:
            usable = False
        if not usable:
            # rich would draw a 0- or 1-column screen (nothing, or two corners): use the
            # terminal's width, or rich's default of 80 when there is no terminal.
            del os.environ["COLUMNS"]


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def can_show_chinese(stream=None) -> bool:
    """Whether `stream` (stdout by default) can encode Chinese text."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "汉字┃".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _is_utf(stream) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        return False


def json_needs_escapes() -> bool:
    """Whether JSON on stdout must escape non-ASCII: whenever stdout is not UTF-8."""
    return not _is_utf(sys.stdout)


def write_all(data: bytes) -> None:
    """Write bytes to stdout completely, or raise: a buffered write into a pipe whose reader
    has gone returns a short count instead of failing, which would pass for success."""
    sys.stdout.flush()
    buffer = sys.stdout.buffer
    view = memoryview(data)
    written = 0
    try:
        while written < len(view):
            count = buffer.write(view[written:])
            if not count:
                raise BrokenPipeError(errno.EPIPE, "broken pipe")
            written += count
        buffer.flush()
    except BrokenPipeError:
        raise OutputClosed(f"{written} of {len(data)} bytes") from None


def silence_stdout() -> None:
    """Point descriptor 1 at the null device, so that the flush at exit of what could not be
    written fails no more (it would print 'Exception ignored' with a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:  # pragma: no cover - nothing more can be done
        pass


def output_failure(error: BaseException) -> str | None:
    """The one-line message for a failure to write stdout, or None when `error` is not one."""
    if isinstance(error, UnicodeEncodeError):
        encoding = getattr(sys.stdout, "encoding", "?")
        return (f"the output encoding ({encoding}) cannot show Chinese characters; use a UTF-8 "
                "locale (for example LANG=C.UTF-8) or set PYTHONIOENCODING=utf-8")
    if isinstance(error, OSError) and error.filename is None:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return "cannot write the output: no space left on the device"
        if error.errno in (errno.EIO, errno.EBADF, errno.EFBIG, errno.EINVAL, errno.EROFS):
            return f"cannot write the output: {error.strerror or error}"
    return None
