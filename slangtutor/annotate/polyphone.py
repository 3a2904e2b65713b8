"""Polyphones in context: g2pM's BiLSTM (Park and Lee, Interspeech 2020), run only where needed.

The g2pM package (Apache-2.0) ships a one-layer bidirectional LSTM trained on the CPP
benchmark's train split, as numpy arrays. Its own `G2pM()` runs every sentence through the
whole network one sentence at a time (about 2 ms a sentence); here the same weights read only
the characters that the word tables and rules leave open, all of a batch at once, each through
a window of WINDOW characters either side (the same accuracy on CPP dev as whole sentences),
and the answer is chosen among the character's own readings.

Nothing is loaded until a character needs it: `candidates()` reads the small table of readings,
`Model.read()` the weights.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from slangtutor.errors import SlangTutorError
from slangtutor.text import pinyin

WINDOW = 6  # characters either side of the one read
BATCH = 256
_UNK, _BOS, _EOS = "<UNK>", "시", "끝"  # g2pM's own unknown, begin and end symbols


class ModelError(SlangTutorError):
    """The g2pM package (the polyphone model's weights) is missing or unreadable."""


def _folder() -> Path:
    spec = importlib.util.find_spec("g2pM")  # finds the files without importing the package
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the g2pM package is not installed (pip install g2pM)")
    return Path(next(iter(spec.submodule_search_locations)))


def _load(name: str):
    path = _folder() / name
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # the package's own files, installed with it
    except (OSError, pickle.UnpicklingError, EOFError) as error:
        raise ModelError(f"{path}: cannot read the polyphone model ({error})") from None


def _marked(numbered: str) -> str:
    return pinyin.numbered_to_marked(numbered.replace("u:", "v"))


CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def candidates() -> dict[str, tuple[str, ...]]:
    """Each polyphonic character's readings (tone marks), as the model knows them.

    Every annotate needs this table (which characters may need a look) and unpickling g2pM's
    dictionary takes ~15 ms, so the table is kept as JSON in the cache folder, keyed by the
    files it comes from (derived data: rebuilt whenever they change or it does not parse)."""
    import hashlib
    import json

    from slangtutor import dataset

    sources = [_folder() / name for name in ("digest_cedict.pkl", "class2idx.pkl")]
    digest = hashlib.sha256(f"polyphones:{CACHE_FORMAT}".encode())
    try:
        for source in sources:
            stat = source.stat()
            digest.update(f"{source}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    except OSError as error:
        raise ModelError(f"cannot read the polyphone model ({error})") from None
    cache = dataset.cache_dir() / f"polyphones-{digest.hexdigest()[:16]}.json"
    try:
        table = json.loads(cache.read_text(encoding="utf-8"))
        return {char: tuple(readings) for char, readings in table.items()}
    except (OSError, ValueError, AttributeError):
        pass
    classes = _load("class2idx.pkl")
    table = {
        char: tuple(_marked(r) for r in readings if r in classes)
        for char, readings in _load("digest_cedict.pkl").items()
        if len(char) == 1 and sum(r in classes for r in readings) > 1
    }
    try:
        from slangtutor.files import atomic_write

        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache, json.dumps(table, ensure_ascii=False).encode())
    except OSError:
        pass  # a read-only cache folder: build the table each time
    return table


class Model:
    """The BiLSTM, batched: read([(text, offset), ...]) -> the reading of each character."""

    def __init__(self):
        if "numpy" not in sys.modules:
            # The matrices are small (a batch of 256 by 64): BLAS threads only wait for each
            # other, and on a busy machine they make the model several times slower.
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        import numpy as np

        self._np = np
        state = _load("np_ckpt.pkl")
        self._char_ids: dict[str, int] = _load("char2idx.pkl")
        classes: dict[str, int] = _load("class2idx.pkl")
        self._class_of = {_marked(name): index for name, index in classes.items()}
        self._unk, self._bos, self._eos = (self._char_ids[s] for s in (_UNK, _BOS, _EOS))
        f32 = np.float32
        self._embed = state["embedding.weight"].astype(f32)
        self._forward = (
            state["lstm.weight_ih_l0"].T.astype(f32), state["lstm.weight_hh_l0"].T.astype(f32),
            (state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]).astype(f32))
        self._backward = (
            state["lstm.weight_ih_l0_reverse"].T.astype(f32),
            state["lstm.weight_hh_l0_reverse"].T.astype(f32),
            (state["lstm.bias_ih_l0_reverse"] + state["lstm.bias_hh_l0_reverse"]).astype(f32))
        self._hidden = (state["logit_layer.0.weight"].T.astype(f32),
                        state["logit_layer.0.bias"].astype(f32))
        self._out = (state["logit_layer.2.weight"].T.astype(f32),
                     state["logit_layer.2.bias"].astype(f32))
        self._size = self._forward[1].shape[0]

    def read(self, items: list[tuple[str, int]]) -> list[str]:
        """The reading of text[offset] for each (text, offset), among the character's own
        readings (candidates()); '' for a character with one reading or none."""
        out: list[str] = []
        for start in range(0, len(items), BATCH):
            out += self._read(items[start:start + BATCH])
        return out

    def _read(self, items: list[tuple[str, int]]) -> list[str]:
        np = self._np
        ids, unk = self._char_ids, self._unk
        width = WINDOW + 1
        left = np.full((len(items), width), -1, np.int64)  # padding first, the target last
        right = np.full((len(items), width), -1, np.int64)
        for row, (text, offset) in enumerate(items):
            before = [ids.get(c, unk) for c in text[max(0, offset - WINDOW):offset + 1]]
            if offset < WINDOW:
                before.insert(0, self._bos)
                before = before[-width:]
            after = [ids.get(c, unk) for c in text[offset:offset + WINDOW + 1]]
            if offset + WINDOW >= len(text):
                after.append(self._eos)
                after = after[:width]
            left[row, width - len(before):] = before
            right[row, width - len(after):] = after[::-1]
        hidden = np.concatenate([self._run(left, self._forward),
                                 self._run(right, self._backward)], axis=1)
        weight, bias = self._hidden
        hidden = np.maximum(hidden @ weight + bias, 0)
        weight, bias = self._out
        logits = hidden @ weight + bias
        table = candidates()
        class_of = self._class_of
        # Only the scores of each character's own readings are read out of the matrix.
        options = [[r for r in table.get(text[offset], ()) if r in class_of]
                   for text, offset in items]
        rows = [row for row, readings in enumerate(options) for _ in readings]
        columns = [class_of[r] for readings in options for r in readings]
        scores = iter(logits[rows, columns].tolist())
        out = []
        for readings in options:
            scored = [(next(scores), r) for r in readings]
            out.append(max(scored)[1] if scored else "")
        return out

    def _run(self, steps, weights):
        """Final hidden state of the LSTM over each row; -1 is padding (the state stays)."""
        np = self._np
        w_input, w_hidden, bias = weights
        n = self._size
        h = np.zeros((steps.shape[0], n), np.float32)
        c = np.zeros_like(h)
        for t in range(steps.shape[1]):
            column = steps[:, t]
            live = column >= 0
            if not live.any():
                continue
            gates = self._embed[np.where(live, column, 0)] @ w_input + h @ w_hidden + bias
            i = 1 / (1 + np.exp(-gates[:, :n]))
            f = 1 / (1 + np.exp(-gates[:, n:2 * n]))
            g = np.tanh(gates[:, 2 * n:3 * n])
            o = 1 / (1 + np.exp(-gates[:, 3 * n:]))
            new_c = f * c + i * g
            new_h = o * np.tanh(new_c)
            live = live[:, None]
            c = np.where(live, new_c, c)
            h = np.where(live, new_h, h)
        return h


@lru_cache(maxsize=1)
def model() -> Model:
    """The model, loaded on first use."""
    return Model()
