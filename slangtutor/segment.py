"""Word segmentation that keeps the dataset's slang whole.

Two passes over a line:

1. Forms with Latin letters or digits (yyds, u1s1, 666, 栓Q, city不city, i人, "city walk") are
   found by one regular expression, longest form first, and never inside a longer run of letters
   or digits (no 520 inside a phone number, no i人 inside AI人工智能).
2. The text between them is cut by a jieba segmenter, this project's own instance (never jieba's
   global one), with every multi-character hanzi form added (simplified and traditional), so
   蚌埠住了 is not cut into 蚌埠/住/了.

Matching runs on a copy of the text of the same length with full-width Latin turned into ASCII
and ASCII lowercased, so ＹＹＤＳ and YYDS are found as yyds and offsets stay those of the input.

The default backend is rjieba (jieba-rs: same dictionary and algorithm, ten times faster to load);
`backend="jieba"` uses jieba itself, the reference that the tests compare rjieba against.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import math
import os
import re
from collections.abc import Iterable
from pathlib import Path

from slangtutor.memo import Memo
from slangtutor.text.script import HANZI, fold, narrow, to_simplified_aligned

# Added words get at least this frequency, so a slang term wins over a dictionary word that
# overlaps it (店绝 + 绝子 against 店 + 绝绝子) without beating common words around it.
ADDED_FREQ = 2000
MAX_WORD = 8  # the longest dictionary word the fairness check looks for
BACKENDS = ("rjieba", "jieba")

_ALNUM = re.compile(r"[a-z0-9]")
# Letters and digits joined by dots, hyphens, colons or slashes (1.3, 2008-6-1, 150-200,
# www.people.com.cn) are cut out before the word segmenter sees them: jieba and jieba-rs
# disagree on such runs (their patterns for non-hanzi text differ), and each is one token.
_DECIMAL = re.compile(r"[A-Za-z0-9]+(?:[.·\-:/_][A-Za-z0-9]+)+%?")


def has_latin_or_digit(form: str) -> bool:
    return bool(_ALNUM.search(fold(form)))


def _form_pattern(folded: str) -> str:
    parts = [re.escape(part) for part in folded.split()]
    body = r"\s*".join(parts)
    if len(folded) >= 2 and folded[-1] == folded[-2] and _ALNUM.match(folded[-1]):
        body += "*"  # hhh also matches hhhhh, 233 matches 23333, 666 matches 66666
    head = r"(?<![a-z0-9])" if _ALNUM.match(folded[0]) else ""
    if folded[0].isdigit():
        head += r"(?<![0-9][.·])"
    tail = r"(?![a-z0-9])" if _ALNUM.match(folded[-1]) else ""
    if folded[-1].isdigit():
        tail += r"(?![.·][0-9])"
    return head + body + tail


def _load_rjieba():
    """A new rjieba.Jieba without building rjieba's module-level default instance too.

    `import rjieba` builds a global Jieba (~0.1 s) that slangtutor never uses, so the compiled
    extension inside the package is loaded directly; any surprise falls back to the import.
    """
    spec = importlib.util.find_spec("rjieba")
    if spec is None:
        raise ImportError("rjieba is not installed")
    try:
        folder = Path(next(iter(spec.submodule_search_locations or ())))
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            candidate = folder / f"rjieba{suffix}"
            if candidate.exists():
                ext = importlib.util.spec_from_file_location("rjieba.rjieba", candidate)
                module = importlib.util.module_from_spec(ext)
                ext.loader.exec_module(module)
                return module.Jieba()
    except Exception:  # pragma: no cover - layout changed; the public import still works
        pass
    import rjieba  # pragma: no cover

    return rjieba.Jieba()  # pragma: no cover


def _load_jieba(cache_dir: Path | None):
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    if cache_dir is not None:
        # jieba keeps a marshal of its parsed dictionary; keep ours beside slangtutor's caches.
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(cache_dir)
        except OSError:
            pass
    tokenizer.initialize()
    return tokenizer


class Segmenter:
    """Cuts text into (start, end) spans; dataset forms come out whole.

    `words` maps each hanzi form to add to the frequency it should get; `latin_forms` are the
    forms with Latin letters or digits, found by the first pass.
    """

    def __init__(self, words: dict[str, int], latin_forms: Iterable[str],
                 backend: str = "rjieba", cache_dir: Path | None = None,
                 dictionary_frequency=None, total_frequency: int = 60_000_000):
        if backend not in BACKENDS:
            raise ValueError(f"unknown segmenter backend {backend!r}")
        self.backend = backend
        # Forms whose frequency was raised above the dictionary's: only they can cut an
        # ordinary word (a common word added at its own count competes as it always did).
        self._added = frozenset(w for w, f in words.items() if f <= ADDED_FREQ)
        self._plain_memo: Memo = Memo(50_000)  # window text -> the dictionary's cut
        self._frequency = dictionary_frequency  # words -> jieba counts, for the fairness check
        self._total = total_frequency
        if backend == "rjieba":
            self._engine = _load_rjieba()
            for word, freq in sorted(words.items()):
                self._engine.add_word(word, freq, None)
        else:
            self._engine = _load_jieba(cache_dir)
            for word, freq in sorted(words.items()):
                self._engine.add_word(word, freq)
        forms = sorted({" ".join(fold(to_simplified_aligned(f)).split()) for f in latin_forms
                        if f.strip()},
                       key=lambda f: (-len(f), f))
        # A lookahead on the first characters lets the engine skip most positions at once.
        firsts = "".join(sorted({re.escape(f[0]) for f in forms}))
        self._latin = (
            re.compile(f"(?=[{firsts}])(?:" + "|".join(_form_pattern(f) for f in forms) + ")")
            if forms else None
        )

    def words(self, text: str) -> list[str]:
        """jieba's cut of `text` (HMM on, for new words), as the chosen backend gives it."""
        if self.backend == "rjieba":
            return self._engine.cut(text, True)
        return list(self._engine.cut(text, HMM=True))

    def spans(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, is_latin_form) for every token; the spans cover `text` exactly."""
        # Traditional characters are cut as their simplified forms (same length), so 翻牆 and
        # 內卷 meet the dictionary and the dataset's words.
        simplified = to_simplified_aligned(text)
        narrowed = narrow(simplified)
        out: list[tuple[int, int, bool]] = []
        position = 0
        matches = self._latin.finditer(fold(simplified)) if self._latin else ()
        for match in matches:
            self._cut_into(narrowed, position, match.start(), out)
            out.append((match.start(), match.end(), True))
            position = match.end()
        self._cut_into(narrowed, position, len(narrowed), out)
        return self._fair(narrowed, out)

    # -- fair competition with the dictionary's own words ----------------------------------

    def _fair(self, text: str, out: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
        """A dataset form stands only where it does not cut a word of the dictionary alone:
        叶片会向内卷曲 is 向内 + 卷曲 (no 内卷), 凡尔赛宫 and 蚌埠市 stay whole, ＢＰ机 is a pager.
        Where a form's edge falls inside such a word, the dictionary's own cut is used there."""
        if self._frequency is None:
            return out  # no dictionary to compete with (a bare segmenter, as tests build)
        suspects = [i for i, (start, end, latin) in enumerate(out)
                    if (not latin and end - start > 1 and text[start:end] in self._added)
                    or (latin and _touches_hanzi(text, start, end))]
        if not suspects:
            return out
        fixed = list(out)
        for i in suspects:
            start, end = out[i][0], out[i][1]
            # The dictionary's cut of a window around the form (words are at most MAX_WORD
            # long, so the form's own edges are judged as on the whole line).
            low, high = max(0, start - MAX_WORD), min(len(text), end + MAX_WORD)
            window = [(a + low, b + low) for a, b in self._plain_spans(text[low:high])]
            edges = {a for a, _ in window} | {high}
            if start in edges and end in edges:
                continue
            # The form, widened to the dictionary words it cuts and to the tokens around
            # them, is cut there as the dictionary alone cuts it.
            token_edges = {a for a, _, _ in fixed} | {len(text)}
            region_low = max(e for e in token_edges if e <= max(e for e in edges if e <= start))
            region_high = min(e for e in token_edges if e >= min(e for e in edges if e >= end))
            fixed = [t for t in fixed if not (region_low <= t[0] < region_high)]
            fixed.extend((a + region_low, b + region_low, False)
                         for a, b in self._plain_spans(text[region_low:region_high]))
            fixed.sort()
        return fixed

    def _plain_spans(self, text: str) -> list[tuple[int, int]]:
        """The cut jieba's dictionary alone gives (no dataset words, no guessing of new words):
        its own scoring, the most probable route through dictionary words, computed here from
        the frequencies `dictionary_frequency` returns, so no second segmenter is loaded."""
        cached = self._plain_memo.get(text)
        if cached is not None:
            return cached
        self._plain_memo.make_room()
        spans = self._plain_memo[text] = self._dictionary_route(text)
        return spans

    def _dictionary_route(self, text: str) -> list[tuple[int, int]]:
        size = len(text)
        pieces = {text[i:j] for i in range(size) for j in range(i + 1, min(size, i + MAX_WORD) + 1)}
        known = {w: f for w, f in self._frequency(pieces).items() if f}
        log_total = math.log(self._total)
        best = [(0.0, size)] * (size + 1)
        for i in range(size - 1, -1, -1):
            options = [(math.log(known.get(text[i:i + 1]) or 1) - log_total + best[i + 1][0],
                        i + 1)]
            for j in range(i + 2, min(size, i + MAX_WORD) + 1):
                count = known.get(text[i:j])
                if count:
                    options.append((math.log(count) - log_total + best[j][0], j))
            best[i] = max(options)
        spans, position = [], 0
        while position < size:
            end = best[position][1]
            spans.append((position, end))
            position = end
        return spans

    def _cut_into(self, text: str, start: int, end: int, out: list) -> None:
        position = start
        for number in _DECIMAL.finditer(text, start, end):
            self._cut_words(text, position, number.start(), out)
            out.append((number.start(), number.end(), False))
            position = number.end()
        self._cut_words(text, position, end, out)

    def _cut_words(self, text: str, start: int, end: int, out: list) -> None:
        if start >= end:
            return
        position = start
        for word in self.words(text[start:end]):
            out.append((position, position + len(word), False))
            position += len(word)
        if position != end:  # never expected: the segmenter lost or added characters
            raise RuntimeError("segmenter output does not cover its input")


def _touches_hanzi(text: str, start: int, end: int) -> bool:
    return bool((start and HANZI.match(text[start - 1])) or (end < len(text) and HANZI.match(text[end])))


def default_backend() -> str:
    """rjieba when installed, else jieba; SLANGTUTOR_SEGMENTER=jieba forces the reference."""
    wanted = os.environ.get("SLANGTUTOR_SEGMENTER", "")
    if wanted in BACKENDS:
        return wanted
    return "rjieba" if importlib.util.find_spec("rjieba") else "jieba"
