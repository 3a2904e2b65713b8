"""An annotator's entries and slang index, kept between runs: a cold start then skips reading
every entry and indexing its forms (~0.1 s of a one-comment run).

Derived data, so keyed by a real hash of every input: the entry store's content hash (the decks
and the code that reads them), the dictionary index's sources, opencc's installed files, and the
code that builds the index. The file holds the SHA-256 of its payload, checked before use;
anything doubtful is rebuilt (and the snapshot written again).
"""

from __future__ import annotations

import hashlib
import importlib.util
import pickle
from collections.abc import Iterator, Mapping
from pathlib import Path

FORMAT = 2
_CODE = ("annotate/detect.py", "annotate/snapshot.py", "decode.py", "segment.py", "models.py",
         "text/keys.py", "text/pinyin.py", "text/script.py", "dictionary.py")


def key(store_hash: str, lexicon_sources: str) -> str | None:
    """The snapshot key for an entry store and a dictionary index; None when either is
    unknown (a store held in memory only)."""
    if not store_hash or not lexicon_sources:
        return None
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"annotator:{FORMAT}:{store_hash}:{lexicon_sources}\n".encode())
    for name in _CODE:
        digest.update((package / name).read_bytes())
    spec = importlib.util.find_spec("opencc")  # the simplified forms of the keys
    for location in (spec.submodule_search_locations or []) if spec else []:
        for path in sorted(Path(location).glob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def path_for(cache_dir: Path, snapshot_key: str) -> Path:
    return Path(cache_dir) / f"annotator-{snapshot_key}.pickle"


class Entries(Mapping):
    """The kept entries by id, each unpickled when first asked for: a one-comment run needs
    only the few it finds (all of them take ~20 ms to load). `meanings` are ready at once."""

    def __init__(self, kept: dict[str, bytes], meanings: dict[str, str]):
        self._kept = kept
        self._loaded: dict = {}
        self.meanings = meanings

    def __getitem__(self, entry_id: str):
        entry = self._loaded.get(entry_id)
        if entry is None:
            entry = self._loaded[entry_id] = pickle.loads(self._kept[entry_id])
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)


def load(cache_dir: Path, snapshot_key: str):
    """(entries, index) kept for this key, or None when missing or not as written; the
    entries an `Entries` mapping."""
    try:
        data = path_for(cache_dir, snapshot_key).read_bytes()
    except OSError:
        return None
    digest, payload = data[:32], data[32:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        kept, meanings, index = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a payload that does not load is rebuilt, whatever it is
        return None
    return Entries(kept, meanings), index


def save(cache_dir: Path, snapshot_key: str, entries, index) -> None:
    """Keep (entries, index) for later runs; best effort (a read-only cache is fine)."""
    from slangtutor.files import atomic_write

    entries = tuple(entries)
    protocol = pickle.HIGHEST_PROTOCOL
    kept = {entry.id: pickle.dumps(entry, protocol=protocol) for entry in entries}
    meanings = {entry.id: entry.meaning for entry in entries}
    payload = pickle.dumps((kept, meanings, index), protocol=protocol)
    target = path_for(cache_dir, snapshot_key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, hashlib.sha256(payload).digest() + payload)
        for stale in target.parent.glob("annotator-*.pickle"):
            if stale != target:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
