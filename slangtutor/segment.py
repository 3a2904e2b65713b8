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

spans() does only the work that can change a line: no OpenCC without a character it changes,
no folding without full-width or capital letters, no number scan without a decimal point, one
pattern for all the Latin forms grouped by first character, the fairness check only where a
raised form was cut. reference_spans() does every step on every line, as spans() once did; the
tests hold the two equal (tests/test_segment_speed.py), benchmarks/bench_segment.py times them.

The default backend is rjieba (jieba-rs: same dictionary and algorithm, ten times faster to load);
`backend="jieba"` uses jieba itself, the reference that the tests compare rjieba against.
"""

from __future__ import annotations

import bisect
import functools
import importlib.machinery
import importlib.util
import math
import operator
import os
import re
from collections.abc import Iterable
from itertools import accumulate, repeat
from pathlib import Path

from slangtutor.memo import Memo
from slangtutor.text.script import (
    HANZI,
    RUN_OF_THREE,
    fold,
    narrow,
    narrow_and_fold,
    to_simplified_aligned,
)

# Added words get at least this frequency, so a slang term wins over a dictionary word that
# overlaps it (店绝 + 绝子 against 店 + 绝绝子) without beating common words around it.
ADDED_FREQ = 2000
# What a form counts for where its edge falls inside a dictionary word (the fairness check):
# it stands when the route through it is as probable as the dictionary's own. A form jieba's
# dictionary counts (报到 41) competes at its own count: 送报到家门 stays 送报 + 到. One it lists
# uncounted (at most UNCOUNTED: 内卷 3, the dictionary's placeholder) or lacks (穿搭) counts as
# a word met now and then, FAIR_FREQ times: 都在内卷 is 在 + 内卷 (在内 'among them' is rarer
# than 在 and 卷 together), 这身穿搭 keeps 穿搭; 叶片会向内卷曲 stays 向 + 内 + 卷曲.
FAIR_FREQ = 300
UNCOUNTED = 5
MAX_WORD = 8  # the longest dictionary word the fairness check looks for
# A short input (one comment) is cut by an rjieba engine holding only the dictionary words that
# occur in it, looked up in the lexicon: loading jieba's whole dictionary (349k words) takes
# ~0.1 s, more than annotating a comment. Past this many characters the whole dictionary is
# loaded, which is cheaper for long inputs. Both engines cut alike (see _LazyRjieba).
LAZY_CHARS = 1000
BACKENDS = ("rjieba", "jieba")

_ALNUM = re.compile(r"[a-z0-9]")
# Letters and digits joined by dots, hyphens, colons or slashes (1.3, 2008-6-1, 150-200,
# www.people.com.cn) are cut out before the word segmenter sees them: jieba and jieba-rs
# disagree on such runs (their patterns for non-hanzi text differ), and each is one token.
_DECIMAL = re.compile(r"[A-Za-z0-9]+(?:[.·\-:/_][A-Za-z0-9]+)+%?")
# A character said three times or more (哈哈哈哈哈, 对对对) is cut apart from its neighbours,
# which jieba would otherwise glue to its end (哈哈哈哈哈笑死我了: 哈哈笑 + 死). Not a double:
# 啦啦队 and 哈哈镜 are words.
_RUN = RUN_OF_THREE
_DECIMAL_HINT = re.compile(r"[A-Za-z0-9][.·\-:/_][A-Za-z0-9]")  # in every _DECIMAL match


def has_latin_or_digit(form: str) -> bool:
    return bool(_ALNUM.search(fold(form)))


def _not_before(first: str) -> list[str]:
    """What may not come before a form starting with `first`: a letter or digit before a letter
    or digit; a digit and a decimal point before a digit."""
    out = ["[a-z0-9]"] if _ALNUM.match(first) else []
    if first.isdigit():
        out.append("[0-9][.·]")
    return out


def _form_parts(folded: str) -> tuple[str, str, str]:
    """(head, body, tail) of one form's pattern: the assertions before it (not inside a longer
    run of letters or digits, no number after a decimal point), the form, the assertions after."""
    parts = [re.escape(part) for part in folded.split()]
    body = r"\s*".join(parts)
    if len(folded) >= 2 and folded[-1] == folded[-2] and _ALNUM.match(folded[-1]):
        body += "*"  # hhh also matches hhhhh, 233 matches 23333, 666 matches 66666
    head = "".join(f"(?<!{before})" for before in _not_before(folded[0]))
    tail = r"(?![a-z0-9])" if _ALNUM.match(folded[-1]) else ""
    if folded[-1].isdigit():
        tail += r"(?![.·][0-9])"
    return head, body, tail


def _form_pattern(folded: str) -> str:
    head, body, tail = _form_parts(folded)
    return head + body + tail


def _form_groups(forms: list[str]) -> dict[str, str]:
    """The branches of _forms_pattern(), by the first character of their forms."""
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form[0], []).append(form)
    branches = {}
    for first, members in groups.items():
        char = re.escape(first)
        behind = "".join(f"(?<!{before}{char})" for before in _not_before(first))
        rests = []
        for form in members:
            _, body, tail = _form_parts(form)
            rests.append(body[len(char):] + tail)
        branches[first] = char + behind + "(?:" + "|".join(rests) + ")"
    return branches


def _forms_pattern(forms: list[str], firsts: Iterable[str] | None = None) -> str:
    """One pattern that finds the same forms as trying each form's pattern in turn at each
    position (the first one that matches wins), in groups by first character.

    Only the forms starting with the character at a position can match there, so each group
    keeps its forms in their order and the groups' order does not matter. A group starts with
    its character, so the regular expression engine skips every other group at once, and every
    position where no form starts (re's prefix charset); the assertions before a form are made
    after its first character: (?<![a-z0-9]x) once x is read is (?<![a-z0-9]) before it.
    For the same reason a text without some first character is searched alike by the pattern
    of the other groups alone: `firsts` keeps only those groups.
    """
    groups = _form_groups(forms)
    return "|".join(groups[first] for first in sorted(groups)
                    if firsts is None or first in firsts)


def _rjieba_class():
    """rjieba's Jieba class, without building rjieba's module-level default instance.

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
                return module.Jieba
    except Exception:  # pragma: no cover - layout changed; the public import still works
        pass
    import rjieba  # pragma: no cover

    return rjieba.Jieba  # pragma: no cover


def _load_rjieba():
    """A new rjieba.Jieba with jieba's whole dictionary (~0.1 s)."""
    return _rjieba_class()()


class _LazyRjieba:
    """An rjieba engine that holds only the dictionary words met so far, and cuts exactly as
    one with the whole dictionary loaded.

    jieba-rs scores a route by log(freq) - log(total) over the words of its DAG, and the DAG of
    a text holds only dictionary words that occur in it; its HMM asks whether a run of single
    characters is a word. So an engine with every dictionary word occurring in the text (at its
    dictionary count, or the count the dataset gives it), and the same total, cuts the text the
    same way. The total is kept equal by one filler word that no text can contain: two spaces
    (a space never enters a block jieba cuts with its dictionary).
    """

    FILLER = "  "

    def __init__(self, words: dict[str, int], dictionary_words, total: int):
        self.engine = _rjieba_class().empty()
        self._lookup = dictionary_words  # words -> {word: count} for those in the dictionary
        self._dataset = words
        known = dictionary_words(words)
        # The full engine's total: the dictionary's, with the dataset's counts in place.
        self._total = total + sum(f - known.get(w, 0) for w, f in words.items())
        self._longest = max([16, *map(len, words)])
        self._seen: set[str] = set()
        self._added = 0  # the sum of the counts added so far
        self.chars = 0  # characters prepared so far

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        self._prepare(text)
        return self.engine.cut(text, hmm)

    def _prepare(self, text: str) -> None:
        self.chars += len(text)
        size, longest, seen = len(text), self._longest, self._seen
        pieces = {text[i:j] for i in range(size) for j in range(i + 1, min(size, i + longest) + 1)}
        pieces -= seen
        if not pieces:
            return
        seen |= pieces
        found = self._lookup(pieces)
        for word in pieces & self._dataset.keys():
            found[word] = self._dataset[word]
        if not found:
            return
        add = self.engine.add_word
        for word, count in found.items():
            add(word, count, None)
            self._added += count
        add(self.FILLER, self._total - self._added, None)


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
                 dictionary_frequency=None, total_frequency: int = 60_000_000,
                 dictionary_words=None):
        if backend not in BACKENDS:
            raise ValueError(f"unknown segmenter backend {backend!r}")
        self.backend = backend
        # Forms whose frequency was raised above the dictionary's: only they can cut an
        # ordinary word (a common word added at its own count competes as it always did).
        self._added = frozenset(w for w, f in words.items() if f <= ADDED_FREQ)
        self._added_words = frozenset(w for w in self._added if len(w) > 1)  # as _fair asks
        self._plain_memo: Memo = Memo(50_000)  # window text -> the dictionary's cut
        self._edges_memo: Memo = Memo(50_000)  # window text -> the edges of that cut
        self._frequency = dictionary_frequency  # words -> jieba counts, for the fairness check
        self._total = total_frequency
        self._dataset_words = dict(words)
        self._lazy: _LazyRjieba | None = None
        self._lazy_limit = LAZY_CHARS
        if backend == "rjieba" and dictionary_words is not None:
            # `dictionary_words` gives jieba's dictionary words among those asked: start with
            # only the words each text needs, the whole dictionary once the input is long.
            self._lazy = _LazyRjieba(self._dataset_words, dictionary_words, total_frequency)
            self._engine = self._lazy
        elif backend == "rjieba":
            self._engine = self._full_rjieba()
        else:
            self._engine = _load_jieba(cache_dir)
            for word, freq in sorted(words.items()):
                self._engine.add_word(word, freq)
        # Longest first: where several forms start at one place, the first that matches wins.
        self._forms = sorted({" ".join(fold(to_simplified_aligned(f)).split())
                              for f in latin_forms if f.strip()},
                             key=lambda f: (-len(f), f))
        # The forms' pattern takes ~15 ms to compile, most of a one-comment run's cutting: the
        # first text gets the groups of the first characters it holds, a later one needing
        # any other group the whole pattern (_latin_for).
        self._firsts = frozenset(f[0] for f in self._forms)
        self._latin_whole: re.Pattern | None = None
        self._latin_part: tuple[frozenset[str], re.Pattern] | None = None

    def _latin_for(self, folded: str) -> re.Pattern | None:
        """A pattern that finds the forms in `folded` as the whole pattern would; None when
        no form can start in it."""
        if self._latin_whole is not None:
            return self._latin_whole
        present = self._firsts.intersection(folded)
        if not present:
            return None
        part = self._latin_part
        if part is None:
            pattern = re.compile(_forms_pattern(self._forms, present))
            self._latin_part = (present, pattern)
            return pattern
        if present <= part[0]:
            return part[1]
        self._latin_whole = re.compile(_forms_pattern(self._forms))
        return self._latin_whole

    def _full_rjieba(self):
        engine = _load_rjieba()
        for word, freq in sorted(self._dataset_words.items()):
            engine.add_word(word, freq, None)
        return engine

    def load_whole_dictionary(self) -> None:
        """Cut with jieba's whole dictionary from now on (a long input; or before forking
        worker processes, which then share it)."""
        if self._lazy is not None:
            self._engine = self._full_rjieba()
            self._lazy = None

    def words(self, text: str) -> list[str]:
        """jieba's cut of `text` (HMM on, for new words), as the chosen backend gives it."""
        if self.backend == "rjieba":
            if self._lazy is not None and self._lazy.chars > self._lazy_limit:
                self.load_whole_dictionary()
            return self._engine.cut(text, True)
        return list(self._engine.cut(text, HMM=True))

    def spans(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, is_latin_form) for every token; the spans cover `text` exactly.

        The same spans as reference_spans(), with the work each step does skipped where it
        cannot change anything (no traditional character, nothing full-width or upper-case,
        no number with a decimal point)."""
        narrowed, out, suspects = self._cut_line(text)
        if suspects and self._frequency is not None:
            return self._fair_fast(narrowed, out, suspects)
        return out

    def spans_many(self, texts: list[str]) -> list[list[tuple[int, int, bool]]]:
        """spans() of each text, with the dictionary counts the fairness check needs for the
        whole batch fetched in one look-up."""
        cut = [self._cut_line(text) for text in texts]
        if self._frequency is None:
            return [out for _, out, _ in cut]
        pieces: set[str] = set()
        memo = self._edges_memo
        for narrowed, out, suspects in cut:
            for i in suspects:
                low, high = _window(len(narrowed), out[i][0], out[i][1])
                if narrowed[low:high] not in memo:
                    pieces |= _substrings(narrowed[low:high])
        if pieces:
            self._frequency(pieces)  # kept by the lexicon: the windows' routes ask it again
        return [self._fair_fast(narrowed, out, suspects) if suspects else out
                for narrowed, out, suspects in cut]

    def _cut_line(self, text: str) -> tuple[str, list[tuple[int, int, bool]], list[int]]:
        """The text as cut (narrowed and simplified), its spans before the fairness check,
        and the spans that check must judge."""
        # Traditional characters are cut as their simplified forms (same length), so 翻牆 and
        # 內卷 meet the dictionary and the dataset's words.
        simplified = to_simplified_aligned(text)
        narrowed, folded = narrow_and_fold(simplified)
        out: list[tuple[int, int, bool]] = []
        suspects: list[int] = []  # the tokens _fair() would judge, found while cutting
        # Numbers with a decimal point are cut out first, where there are any.
        cut = self._cut_fast if _DECIMAL_HINT.search(narrowed) else self._words_fast
        position = 0
        latin = self._latin_for(folded)
        if latin is not None:
            for match in latin.finditer(folded):
                start, end = match.span()
                if position < start:
                    cut(narrowed, position, start, out, suspects)
                if _touches_hanzi(narrowed, start, end):
                    suspects.append(len(out))
                out.append((start, end, True))
                position = end
        if position < len(narrowed):
            cut(narrowed, position, len(narrowed), out, suspects)
        return narrowed, out, suspects

    def _cut_fast(self, text: str, start: int, end: int, out: list,
                  suspects: list[int]) -> None:
        """_cut_into() for start < end, noting the suspects of _fair(): the forms raised above
        the dictionary."""
        position = start
        for number in _DECIMAL.finditer(text, start, end):
            if position < number.start():
                self._words_fast(text, position, number.start(), out, suspects)
            if text[number.start():number.end()] in self._added_words:
                suspects.append(len(out))
            out.append((number.start(), number.end(), False))
            position = number.end()
        if position < end:
            self._words_fast(text, position, end, out, suspects)

    def _words_fast(self, text: str, start: int, end: int, out: list,
                    suspects: list[int]) -> None:
        """_cut_runs() for start < end, noting the raised forms among the words."""
        if _RUN.search(text, start, end) is None:
            self._segment_fast(text, start, end, out, suspects)
            return
        position = start
        for run in _RUN.finditer(text, start, end):
            if position < run.start():
                self._segment_fast(text, position, run.start(), out, suspects)
            self._segment_fast(text, run.start(), run.end(), out, suspects)
            position = run.end()
        if position < end:
            self._segment_fast(text, position, end, out, suspects)

    def _segment_fast(self, text: str, start: int, end: int, out: list,
                      suspects: list[int]) -> None:
        """_cut_words() for start < end, noting the raised forms among the words."""
        words = self.words(text[start:end])
        edges = list(accumulate(map(len, words), initial=start))
        if edges[-1] != end:  # never expected: the segmenter lost or added characters
            raise RuntimeError("segmenter output does not cover its input")
        added = self._added_words
        if not added.isdisjoint(words):
            first = len(out)
            suspects.extend(first + k for k, word in enumerate(words) if word in added)
        out.extend(zip(edges, edges[1:], repeat(False)))

    def reference_spans(self, text: str) -> list[tuple[int, int, bool]]:
        """spans() the plain way, step by step on every line: what the fast path must equal
        (tests/test_segment_speed.py compares them)."""
        simplified = to_simplified_aligned(text, skip=False)
        narrowed = narrow(simplified)
        out: list[tuple[int, int, bool]] = []
        position = 0
        matches = self._reference_latin.finditer(fold(simplified)) if self._forms else ()
        for match in matches:
            self._cut_into(narrowed, position, match.start(), out)
            out.append((match.start(), match.end(), True))
            position = match.end()
        self._cut_into(narrowed, position, len(narrowed), out)
        return self._fair(narrowed, out)

    @functools.cached_property
    def _reference_latin(self) -> re.Pattern:
        """Each form's own pattern, tried in turn (longest first) at each position."""
        firsts = "".join(sorted({re.escape(f[0]) for f in self._forms}))
        return re.compile(f"(?=[{firsts}])(?:" + "|".join(map(_form_pattern, self._forms)) + ")")

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
            start, end, latin = out[i]
            # The dictionary's cut of a window around the form (words are at most MAX_WORD
            # long, so the form's own edges are judged as on the whole line).
            low, high = _window(len(text), start, end)
            window = [(a + low, b + low) for a, b in self._plain_spans(text[low:high])]
            edges = {a for a, _ in window} | {high}
            if start in edges and end in edges:
                continue
            if not latin and self._form_holds(text[low:high], start - low, end - low):
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

    def _fair_fast(self, text: str, out: list[tuple[int, int, bool]],
                   suspects: list[int]) -> list[tuple[int, int, bool]]:
        """_fair() for the suspects given, with the dictionary's edges in each window
        memoised."""
        fixed = out
        size = len(text)
        for i in suspects:
            start, end, latin = out[i]
            low, high = _window(size, start, end)
            window = self._plain_edges(text[low:high])
            if start - low in window and end - low in window:
                continue
            if not latin and self._form_holds(text[low:high], start - low, end - low):
                continue
            if fixed is out:
                fixed = list(out)  # out[i] stays as cut: the suspects' places
            self._refit(text, fixed, start, end, [a + low for a in window])
        return fixed

    def _plain_edges(self, text: str) -> frozenset[int]:
        """The edges of _plain_spans(text), its end included."""
        edges = self._edges_memo.get(text)
        if edges is None:
            self._edges_memo.make_room()
            edges = self._edges_memo[text] = frozenset(
                [a for a, _ in self._plain_spans(text)] + [len(text)])
        return edges

    def _refit(self, text: str, fixed: list[tuple[int, int, bool]], start: int, end: int,
               edges: list[int]) -> None:
        """_fair()'s repair in place, for tokens in order: the tokens from the last one
        starting at or before the window edge at or before `start`, up to the first one
        starting at or after the window edge at or after `end`, cut as the dictionary alone
        cuts them (the tokens start at distinct places, so they stay in order)."""
        first = bisect.bisect_right(fixed, max(e for e in edges if e <= start), key=_FIRST) - 1
        last = bisect.bisect_left(fixed, min(e for e in edges if e >= end), key=_FIRST)
        region_low = fixed[first][0]
        region_high = fixed[last][0] if last < len(fixed) else len(text)
        fixed[first:last] = [(a + region_low, b + region_low, False)
                             for a, b in self._plain_spans(text[region_low:region_high])]

    def _plain_spans(self, text: str) -> list[tuple[int, int]]:
        """The cut jieba's dictionary alone gives (no dataset words, no guessing of new words):
        its own scoring, the most probable route through dictionary words, computed here from
        the frequencies `dictionary_frequency` returns, so no second segmenter is loaded."""
        cached = self._plain_memo.get(text)
        if cached is not None:
            return cached
        self._plain_memo.make_room()
        spans: list[tuple[int, int]] = []
        position = 0
        for run in _RUN.finditer(text):  # runs stand apart here too (see _cut_runs)
            spans += self._routed(text, position, run.start())
            spans += self._routed(text, run.start(), run.end())
            position = run.end()
        spans += self._routed(text, position, len(text))
        self._plain_memo[text] = spans
        return spans

    def _routed(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        if start >= end:
            return []
        if start == 0 and end == len(text):
            return self._dictionary_route(text)
        return [(a + start, b + start) for a, b in self._dictionary_route(text[start:end])]

    def _form_holds(self, window: str, start: int, end: int) -> bool:
        """Whether the form window[start:end], whose edge cuts a dictionary word, stands: the
        most probable route through it, the form counted as FAIR_FREQ says, scores at least
        the dictionary's own route through the window (jieba's scoring either way)."""
        count = self._frequency([window[start:end]]).get(window[start:end], 0)
        through = (self._route_score(window[:start]) + self._route_score(window[end:])
                   + math.log(count if count > UNCOUNTED else FAIR_FREQ) - math.log(self._total))
        return through >= self._route_score(window)

    def _route_score(self, text: str) -> float:
        return self._best_routes(text)[0][0] if text else 0.0

    def _dictionary_route(self, text: str) -> list[tuple[int, int]]:
        size = len(text)
        best = self._best_routes(text)
        spans, position = [], 0
        while position < size:
            end = best[position][1]
            spans.append((position, end))
            position = end
        return spans

    def _best_routes(self, text: str) -> list[tuple[float, int]]:
        """jieba's scoring over dictionary words: for each position, the log probability of
        the best route from there to the end and where its first word ends."""
        size = len(text)
        known = {w: f for w, f in self._frequency(_substrings(text)).items() if f}
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
        return best

    def _cut_into(self, text: str, start: int, end: int, out: list) -> None:
        position = start
        for number in _DECIMAL.finditer(text, start, end):
            self._cut_runs(text, position, number.start(), out)
            out.append((number.start(), number.end(), False))
            position = number.end()
        self._cut_runs(text, position, end, out)

    def _cut_runs(self, text: str, start: int, end: int, out: list) -> None:
        position = start
        for run in _RUN.finditer(text, start, end):
            self._cut_words(text, position, run.start(), out)
            self._cut_words(text, run.start(), run.end(), out)
            position = run.end()
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


_FIRST = operator.itemgetter(0)


def _window(size: int, start: int, end: int) -> tuple[int, int]:
    """The stretch of a text of `size` characters whose dictionary cut judges the token
    start..end: words are at most MAX_WORD long, so its edges are judged as on the whole line."""
    return max(0, start - MAX_WORD), min(size, end + MAX_WORD)


def _substrings(text: str) -> set[str]:
    """Every piece of `text` a dictionary word could be (up to MAX_WORD characters)."""
    size = len(text)
    return {text[i:j] for i in range(size) for j in range(i + 1, min(size, i + MAX_WORD) + 1)}


def _touches_hanzi(text: str, start: int, end: int) -> bool:
    return bool((start and HANZI.match(text[start - 1])) or (end < len(text) and HANZI.match(text[end])))


def default_backend() -> str:
    """rjieba when installed, else jieba; SLANGTUTOR_SEGMENTER=jieba forces the reference."""
    wanted = os.environ.get("SLANGTUTOR_SEGMENTER", "")
    if wanted in BACKENDS:
        return wanted
    return "rjieba" if importlib.util.find_spec("rjieba") else "jieba"
