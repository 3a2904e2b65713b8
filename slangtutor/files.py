"""Writing files safely: one atomic-write helper for every file slangtutor writes."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(target: Path, data: bytes | None = None, *,
                 fill: Callable[[Path], None] | None = None, replace: bool = True,
                 mode: int | None = None) -> None:
    """Write `target` through a temporary file in the same folder, fsync, then a rename.

    Give the bytes as `data`, or `fill(path)` that writes the temporary file itself (a SQLite
    build). With `replace=False` an existing file is never replaced, even one that appears while
    writing (FileExistsError). Raises OSError; no partial file is left behind either way.
    """
    target = Path(target)
    # The temporary name is short whatever the target's: a 250-byte name must still work.
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.",
                                        suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if data is not None:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        if fill is not None:
            fill(temporary)
            with temporary.open("rb") as handle:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        if replace:
            os.replace(temporary, target)
        else:
            _link_no_clobber(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _link_no_clobber(temporary: Path, target: Path) -> None:
    """Rename without replacing: a hard link fails if the target exists (atomically)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as error:
        # File systems without hard links (FAT, some network shares): check, then rename.
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                               errno.EMLINK, errno.ENOSYS):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(temporary, target)


class NotARegularFile(OSError):
    """A device, a pipe or a folder where a file was expected."""


class FileTooLarge(OSError):
    """A file over the size a reader accepts."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Never opens a device or a pipe
    (reading /dev/zero would never end, opening a FIFO would wait for a writer) and never reads
    more than `limit` + 1 bytes, so memory stays bounded whatever the file is."""
    import stat

    path = Path(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise NotARegularFile(errno.EINVAL, kind, str(path))
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"larger than {limit // (1 << 20)} MB", str(path))
    return data


STALE_AFTER_SECONDS = 600


def remove_stale_temporaries(folder: Path, name: str) -> int:
    """Delete the temporary files `atomic_write` left for `name`'s kind (`.NAME*.tmp`) in
    `folder` when a process was killed mid-write: those untouched for STALE_AFTER_SECONDS (a
    write in progress keeps its file fresh). Returns how many went."""
    import time

    removed = 0
    try:
        candidates = list(Path(folder).glob(f".{name}*.tmp"))
    except OSError:
        return 0
    now = time.time()
    for candidate in candidates:
        try:
            if now - candidate.stat().st_mtime > STALE_AFTER_SECONDS:
                candidate.unlink()
                removed += 1
        except OSError:
            continue
    return removed
