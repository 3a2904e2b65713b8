"""Input reading: lines of a UTF-8 byte stream, in bounded pieces; TEXT arguments checked."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from slangtutor.errors import SlangTutorError

MAX_LINE = 20_000  # characters; longer lines are annotated in pieces (bounded memory)
READ_SIZE = 1 << 16


class InputError(SlangTutorError):
    """Input that cannot be read as text: binary data, invalid UTF-8, an empty argument."""


_BOUNDARY = re.compile(r"[\s。！？!?，,；;、…]")


def read_lines(stream: BinaryIO, label: str = "input", max_line: int = MAX_LINE
               ) -> Iterator[str]:
    """Lines of a UTF-8 byte stream without their line endings, read in bounded chunks.

    A line longer than `max_line` characters comes out in pieces cut after punctuation or a
    space where there is one. Raises InputError for NUL bytes (binary data) and invalid UTF-8,
    naming the line.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    buffer = ""
    line_number = 1
    first = True
    # read1: at most one read of the stream underneath, so a terminal's line comes back when
    # Enter is pressed and one Ctrl-D ends the input (read() would wait for a second one).
    read = getattr(stream, "read1", stream.read)
    while True:
        chunk = read(READ_SIZE)
        if b"\x00" in chunk:
            raise InputError(f"{label}: looks like a binary file (it contains NUL bytes)")
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            where = line_number + buffer.count("\n") + chunk[: error.start].count(b"\n")
            raise InputError(f"{label}: line {where} is not valid UTF-8") from None
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        buffer += text
        if "\n" in buffer:
            *lines, buffer = buffer.split("\n")
            for line in lines:
                line_number += 1
                yield line.removesuffix("\r")
        while len(buffer) > max_line:
            cut = _cut_point(buffer, max_line)
            yield buffer[:cut]
            buffer = buffer[cut:]
        if not chunk:
            break
    if buffer:
        yield buffer.removesuffix("\r")


def _cut_point(text: str, limit: int) -> int:
    """Where to cut an over-long line: after the last boundary in its last 2,000 characters."""
    window_start = max(1, limit - 2000)
    best = None
    for match in _BOUNDARY.finditer(text, window_start, limit):
        best = match.end()
    if best is None:
        best = limit
        if 0xDC00 <= ord(text[best]) <= 0xDFFF:  # never split a surrogate pair
            best -= 1
    return best


def check_text(text: str) -> str:
    """Validate a TEXT argument. Raises InputError for invalid UTF-8 or empty text."""
    if any("\udc80" <= char <= "\udcff" for char in text):
        raise InputError("the text is not valid UTF-8")
    if not text.strip():
        raise InputError("nothing to annotate: the text is empty")
    return text
