"""Text -> tokens with pinyin, glosses and the slang found: the pure core of annotate.

Pinyin: our curated pinyin for dataset terms, pypinyin with its phrase dictionary for other
words (memoised in the lexicon, so later runs need not import pypinyin). Glosses: the dataset's
meaning for slang, CC-CEDICT for other words (by reading, so 行 xíng is 'to walk'). Which
matches count as slang: slangtutor.annotate.detect.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from slangtutor import decode, segment
from slangtutor.annotate import detect, learner
from slangtutor.text import numerals
from slangtutor.annotate.context import Context
from slangtutor.annotate.detect import BEFORE_NUMBER, UNITS, Form
from slangtutor.annotate.glosses import Glosses, everyday_sense, plain_sense, simple
from slangtutor.annotate.readings import Readings, mixed_pinyin
from slangtutor.memo import Memo
from slangtutor.models import Entry
from slangtutor.text.keys import form_key
from slangtutor.text.script import (HANZI, HANZI_ONLY, HANZI_RUN, INTERJECTIONS, MAY_HOLD_RUN,
                                    fold, is_run)

if TYPE_CHECKING:
    from slangtutor.annotate.encode import JsonLines

KINDS = ("slang", "word", "punct", "latin", "number", "other")


class Token(NamedTuple):
    """One token. A NamedTuple: a long file makes hundreds of thousands of them."""

    text: str
    start: int
    end: int
    pinyin: str | None
    gloss: str | None
    kind: str
    entry: str | None = None  # the dataset id, for slang tokens
    hint: str | None = None  # dataset id of a weak form not counted as slang here
    guess: bool = False  # gloss is a decoder's guess

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "pinyin": self.pinyin,
                "gloss": self.gloss, "kind": self.kind, "entry": self.entry}


@dataclass(frozen=True, slots=True)
class SlangHit:
    """A form found in the line: `confidence` is "slang", or "maybe" when the line leaves
    the everyday sense open; `evidence` says why, briefly."""

    id: str
    term: str
    start: int
    end: int
    confidence: str = "slang"
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "term": self.term, "start": self.start, "end": self.end,
                "confidence": self.confidence, "evidence": list(self.evidence)}


@dataclass(frozen=True, slots=True)
class Annotation:
    text: str
    tokens: tuple[Token, ...]
    slang: tuple[SlangHit, ...]

    def to_dict(self) -> dict:
        return {"text": self.text, "tokens": [t.to_dict() for t in self.tokens],
                "slang": [s.to_dict() for s in self.slang]}


# ---------------------------------------------------------------------------------------------
# Annotating


def kind_of(text: str) -> str:
    """The kind of a non-slang token: word, punct, latin, number or other."""
    if HANZI.search(text):
        return "word"
    folded = fold(text)
    if folded.isascii() and folded.isalnum():
        return "number" if folded.isdigit() else "latin"
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)*%?", folded):
        return "number"
    if all(unicodedata.category(c).startswith("P") for c in text):
        return "punct"
    return "other"


_FORM = itemgetter(3)  # a piece's form
# Words jieba's guesser glues to a neighbour (没接, 很差, 说得对): adverbs, negations,
# pronouns, particles, measure words. A token they are in that no dictionary has is cut.
FUNCTION = frozenset("不没别很真挺太好也都就还又再才光先刚正已快要会能想该可我你他她它这那哪个"
                     "了着过的地得吗呢吧啊呀么被把给让从连")


def _forget_it(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """就算 + 了 ending a clause (不去就算了, 不行就算了呗) is 就 + 算了 'forget it': jieba
    prefers 就算 'even if' wherever the three meet (就算了解 stays 就算 + 了解)."""
    out = list(spans)
    for i in range(len(out) - 2, -1, -1):
        start, end, _ = out[i]
        if text[start:end] == "就算" and text[end:out[i + 1][1]] == "了":
            after = text[out[i + 1][1]:out[i + 1][1] + 1]
            if not HANZI.match(after or " ") or after in "吧啊呀呗啦嘛":
                out[i:i + 2] = [(start, start + 1, False), (start + 1, out[i + 1][1], False)]
    return out


def _counted_at(chunk: str) -> int:
    """Where the number ends in a token of a number and a measure word or unit that no
    dictionary lists as a word (三块, 五十米, 两份, 十二点, 二十五岁), or 0."""
    size = numerals.leading(chunk)
    rest = chunk[size:]
    if not size or not rest or numerals.value(chunk[:size]) is None:
        return 0
    return size if (len(rest) == 1 and rest in COUNT_WORDS) or rest in UNITS_OF_TIME else 0


def _joined_words(chunk: str, pieces: list[str], counts: dict, listed: dict) -> list[int]:
    """The cut of `chunk` into `pieces` with neighbours joined again where together they are
    a word both dictionaries list (太过分 is 太 + 过分, not 太 + 过 + 分; 还是你 is 还是 + 你),
    the most frequent such word first; the offsets of the cut."""
    pieces = list(pieces)
    while len(pieces) > 1:
        pairs = [(counts.get(a + b, 0), i) for i, (a, b) in enumerate(zip(pieces, pieces[1:]))
                 if a + b in listed and counts.get(a + b, 0) >= detect.NEOLOGISM_COUNT]
        if not pairs:
            break
        _, i = max(pairs)
        pieces[i:i + 2] = [pieces[i] + pieces[i + 1]]
    edges, at = [], 0
    for piece in pieces[:-1]:
        at += len(piece)
        edges.append(at)
    return edges


COUNT_WORDS = learner.MEASURES | frozenset("门趟局顿盘颗粒朵棵串副届项声笔袋封")
UNITS_OF_TIME = frozenset({"分钟", "小时", "块钱", "点钟", "点半", "个月", "岁半"})


class Annotator:
    """Annotates lines of text; holds the segmenter, slang index, lexicon and readings."""

    MEMO_LIMIT = 200_000  # entries per memo; a memo is emptied past this (bounded memory)

    def __init__(self, entries: Iterable[Entry] | Mapping[str, Entry], lexicon,
                 backend: str | None = None,
                 cache_dir=None, index: detect.SlangIndex | None = None):
        # A mapping by id (the snapshot's, unpickled as needed) or the entries themselves.
        self.entries = entries if isinstance(entries, Mapping) else {e.id: e for e in entries}
        self.lexicon = lexicon
        # `index`: build_index(entries, lexicon) computed before (annotate.snapshot).
        self.index = index if index is not None else detect.build_index(
            self.entries.values(), lexicon)
        self.segmenter = segment.Segmenter(
            self.index.added_words, self.index.latin_forms,
            backend=backend or segment.default_backend(), cache_dir=cache_dir,
            dictionary_frequency=lexicon.frequencies,
            total_frequency=lexicon.total_frequency(),
            dictionary_words=lexicon.dictionary_words,
        )
        self.readings = Readings(lexicon)
        self.context = Context()
        meanings = getattr(self.entries, "meanings", None)
        if meanings is None:
            meanings = {e.id: e.meaning for e in self.entries.values()}
        self.glosses = Glosses(lexicon, meanings)
        self._chunk_info: Memo = Memo(self.MEMO_LIMIT)  # chunk -> (kind, Form | None, spaces)
        self._words: Memo = Memo(self.MEMO_LIMIT)  # chunk -> (reading, gloss)
        self._glue_cuts: Memo = Memo(self.MEMO_LIMIT)  # chunk -> where _unglued cuts it

    # -- spans and slang ----------------------------------------------------------------------

    def _pieces(self, text: str, fresh: set | None = None
                ) -> list[tuple[int, int, str, Form | None]]:
        """(start, end, kind, form) with punctuation, spaces and symbols merged into runs;
        the word chunks met for the first time are added to `fresh` (see _prepared)."""
        return self._pieces_of(text, self._spans(text), fresh)

    def _pieces_of(self, text: str, spans: list[tuple[int, int, bool]], fresh: set | None
                   ) -> list[tuple[int, int, str, Form | None]]:
        pieces: list[tuple[int, int, str, Form | None]] = []
        append = pieces.append
        info = self._chunk_info
        last_space = None  # whether the last piece, when punctuation or a symbol, is spaces
        for start, end, _ in spans:
            chunk = text[start:end]
            known = info.get(chunk)
            if known is None:
                form = detect.form_at(self.index, chunk)
                kind = "slang" if form else kind_of(chunk)
                known = info[chunk] = (kind, form, chunk.isspace())
                if fresh is not None and (kind == "word" or kind == "slang"):
                    fresh.add(chunk)
            kind, form, space = known
            if kind == "punct" or kind == "other":
                if last_space is space and pieces[-1][2] == kind:
                    pieces[-1] = (pieces[-1][0], end, kind, None)
                    continue
                last_space = space
            else:
                last_space = None
            append((start, end, kind, form))
        return pieces

    def _spans(self, text: str) -> list[tuple[int, int, bool]]:
        """The segmenter's spans, with a one-character form split off a token that jieba's
        guesser glued it into when that token is no dictionary word: 太坑, 超萌, 连肝 are
        太 + 坑, 超 + 萌, 连 + 肝; 肝到 is 肝 + 到 and 游戏卡 is 游戏 + 卡 (the rest a word)."""
        return self._spans_many([text])[0]

    def _spans_many(self, texts: list[str]) -> list[list[tuple[int, int, bool]]]:
        """_spans() of each text, the dictionary asked once for the whole batch at each step."""
        batch = self.segmenter.spans_many(texts)
        batch = [self._runs_joined(text, spans) if MAY_HOLD_RUN.search(text) else spans
                 for text, spans in zip(texts, batch)]
        batch = [_forget_it(text, spans) if "就算了" in text else spans
                 for text, spans in zip(texts, batch)]
        todo: set[str] = set()
        found = [self._glued(text, spans, todo) for text, spans in zip(texts, batch)]
        if todo:
            self._decide_glue(todo)
        batch = [self._unglued(spans, glued) if glued else spans
                 for spans, glued in zip(batch, found)]
        singles = self.index.single_chars
        cuts = [None if singles.isdisjoint(text) else self._single_cuts(text, spans, singles)
                for text, spans in zip(texts, batch)]
        # Only where the glued token is no dictionary word (or form), and what is left is one
        # character or a dictionary word.
        words = {word for line_cuts in cuts if line_cuts
                 for _, token, rest in line_cuts.values() for word in (token, rest)}
        if not words:
            return batch
        known = self.lexicon.frequencies(words)
        return [self._singles_split(spans, line_cuts, known) if line_cuts else spans
                for spans, line_cuts in zip(batch, cuts)]

    def _single_cuts(self, text: str, spans, singles) -> dict[int, tuple[int, str, str]]:
        """{span number: (where to cut it, the token, the part left)} for the spans
        a one-character form may be split off."""
        cuts = {}
        for i, (start, end, latin) in enumerate(spans):
            if latin or not 2 <= end - start <= 3:
                continue
            if text[start] in detect.GLUED_LEADS and end - start == 2:
                if text[start + 1] in singles:
                    cuts[i] = start + 1
            elif text[end - 1] in singles:
                cuts[i] = end - 1
            elif text[start] in singles:
                cuts[i] = start + 1
        out = {}
        for i, cut in cuts.items():
            start, end, _ = spans[i]
            token = text[start:end]
            out[i] = (cut, token, text[start:cut] if cut == end - 1 else text[cut:end])
        return out

    def _singles_split(self, spans, cuts, known: dict) -> list[tuple[int, int, bool]]:
        index = self.index
        out = []
        for i, span in enumerate(spans):
            found = cuts.get(i)
            if found is not None:
                cut, token, rest = found
                start, end, _ = span
                # jieba lists many chance compounds at its floor count (太卡, 游戏卡: 3).
                if (known.get(token, 0) < detect.NEOLOGISM_COUNT
                        and detect.form_at(index, token) is None
                        and (len(rest) == 1 or known.get(rest))):
                    out.append((start, cut, False))
                    out.append((cut, end, False))
                    continue
            out.append(span)
        return out

    def _glued(self, text: str, spans: list[tuple[int, int, bool]], todo: set[str]) -> list:
        """jieba's guesser glues a function word to its neighbour into a token no dictionary
        has (没接, 很差, 真准, 说得对, 他开): such a token is cut into the words it is made of,
        each then read and glossed in the line as words are (接 'to answer' after 没, 得 de).
        A token any dictionary, the gloss table or the dataset has stays whole.

        The tokens of a line that may be cut: (span number, chunk, its cut or None when it is
        not decided yet, when the chunk is added to `todo`; see _unglued)."""
        cuts = self._glue_cuts
        found = []
        for i, (start, end, latin) in enumerate(spans):
            if latin or not 2 <= end - start <= 5:
                continue
            chunk = text[start:end]
            cut = cuts.get(chunk)
            if cut is None:
                if (end - start > 3 or FUNCTION.isdisjoint(chunk)) and (
                        chunk[0] not in numerals.CHARS):
                    continue
                todo.add(chunk)
            elif not cut:
                continue
            found.append((i, chunk, cut))
        return found

    def _unglued(self, spans: list[tuple[int, int, bool]], found: list
                 ) -> list[tuple[int, int, bool]]:
        """The spans with the glued tokens `found` (see _glued, each decided) cut."""
        cuts = self._glue_cuts
        out: list[tuple[int, int, bool]] = []
        done = 0
        for i, chunk, cut in found:
            cut = cut or cuts[chunk]
            if not cut:
                continue
            start, end, _ = spans[i]
            out.extend(spans[done:i])
            edges = (start, *(start + k for k in cut), end)
            out.extend((a, b, False) for a, b in zip(edges, edges[1:]))
            done = i + 1
        if not done:
            return spans
        out.extend(spans[done:])
        return out

    def _decide_glue(self, chunks: set[str]) -> None:
        """Where to cut each chunk (offsets inside it), or () to keep it whole."""
        cuts = self._glue_cuts
        cuts.make_room()
        parts = {chunk[i:j] for chunk in chunks for i in range(len(chunk))
                 for j in range(i + 2, len(chunk) + 1)}
        counts = self.lexicon.frequencies(parts | chunks)
        listed = self.lexicon.senses(chunks)
        listed_parts = self.lexicon.senses(parts)
        table = learner.shipped()
        for chunk in chunks:
            if (chunk in listed or chunk in table or is_run(chunk)  # 好好好, joined on purpose
                    or detect.form_at(self.index, chunk) is not None):
                cuts[chunk] = ()
                continue
            counted = _counted_at(chunk)
            if counted:
                cuts[chunk] = (counted,)  # 三块 五十米 两份: the number, then what it counts
                continue
            if len(chunk) > 3 or counts.get(chunk, 0) >= detect.NEOLOGISM_COUNT:
                cuts[chunk] = ()
                continue
            # Function words stand alone; what is between them must be a dictionary word.
            edges = sorted({k for i, char in enumerate(chunk) if char in FUNCTION
                            for k in (i, i + 1)} - {0, len(chunk)})
            bounds = (0, *edges, len(chunk))
            pieces = [chunk[a:b] for a, b in zip(bounds, bounds[1:])]
            whole = all(len(piece) == 1 or counts.get(piece, 0) >= detect.NEOLOGISM_COUNT
                        for piece in pieces)
            if whole and edges:
                edges = _joined_words(chunk, pieces, counts, listed_parts)
            cuts[chunk] = tuple(edges) if whole and edges else ()

    def _runs_joined(self, text: str, spans: list[tuple[int, int, bool]]
                     ) -> list[tuple[int, int, bool]]:
        """A run of one character said again and again is one token: jieba cuts 哈哈哈哈哈 as
        哈哈哈 + 哈哈, 对对对 as 对 + 对 + 对, 嗯嗯 as 嗯 + 嗯. Three or more of any character,
        or two of an interjection; never where a part is a form that may count as slang
        (冲冲冲 keeps the slang 冲; 哈哈哈, the spelled-out hhh, never counts)."""
        out: list[tuple[int, int, bool]] = []
        i = 0
        while i < len(spans):
            start, end, latin = spans[i]
            j = i + 1
            if not latin:
                char = text[start]
                while (j < len(spans) and not spans[j][2]
                       and text[spans[j][0]:spans[j][1]] == char * (spans[j][1] - spans[j][0])
                       and text[start:end] == char * (end - start)):
                    j += 1
            if j - i > 1:
                run_end = spans[j - 1][1]
                if ((run_end - start >= 3 or char in INTERJECTIONS)
                        and self._may_join(text, spans[i:j])):
                    out.append((start, run_end, False))
                    i = j
                    continue
            out.extend(spans[i:j])
            i = j
        return out

    def _may_join(self, text: str, parts) -> bool:
        index = self.index
        joined = detect.form_at(index, text[parts[0][0]:parts[-1][1]])
        if joined is not None:
            return True
        for start, end, _ in parts:
            form = detect.form_at(index, text[start:end])
            if form is not None and not form.spelled_out:
                return False
        return True

    # -- the main entry point --------------------------------------------------------------------

    def annotate(self, text: str, sandhi: bool = False) -> Annotation:
        """Tokens, pinyin, glosses and slang spans for one line (or any text)."""
        return self.annotate_many([text], sandhi)[0]

    def annotate_many(self, texts: list[str], sandhi: bool = False) -> list[Annotation]:
        """annotate() for a batch of lines, with one dictionary look-up for the whole batch."""
        out = []
        for text, pieces, changed in self._prepared(texts):
            tokens, slang = self._draft(text, pieces, changed)
            if sandhi:
                from slangtutor.annotate.sandhi import spoken

                tokens = spoken(tokens, text)
            out.append(Annotation(text, tuple(tokens), tuple(slang)))
        return out

    def json_many(self, texts: list[str], encoder: JsonLines, sandhi: bool = False) -> str:
        """The JSON Lines of annotate_many(texts), the same text encoder.line gives, with a
        shortcut for lines where nothing counts as slang (most lines of prose): their tokens
        go straight from the segmenter's pieces to JSON, with no Token objects in between."""
        if sandhi:
            return "".join(encoder.line(a) for a in self.annotate_many(texts, sandhi))
        out = []
        for text, pieces, changed in self._prepared(texts):
            plain = self._as_plain(text, pieces)
            if plain is not None:
                out.append(encoder.plain_line(text, plain, self, changed))
            else:
                tokens, slang = self._draft(text, pieces, changed)
                out.append(encoder.line(Annotation(text, tuple(tokens), tuple(slang))))
        return "".join(out)

    def _as_plain(self, text: str, pieces):
        """The pieces with no form in them when nothing in the line counts as slang (a weak
        form in prose, 发现 or 分享, is then just a word), else None."""
        if not any(map(_FORM, pieces)):  # C speed: most lines have no form at all
            return pieces
        if any(form is not None and not form.weak for _, _, _, form in pieces):
            return None
        line = detect.Line(text)
        if any(form is not None
               and detect.judge(text, pieces, i, form, None, self.index, line).confidence
               for i, (_, _, _, form) in enumerate(pieces)):
            return None
        return [(start, end, kind_of(text[start:end]), None) if form is not None
                else (start, end, kind, None) for start, end, kind, form in pieces]

    def fields_alone(self, chunk: str, kind: str) -> tuple[str | None, str | None, bool]:
        """A plain token's pinyin and gloss out of context, and whether the line may change
        them (token_fields then gives them): a word with sense rules, a number."""
        if kind == "word":
            reading, gloss = self._words[chunk]
            found, local = self.glosses.alone(chunk, gloss)
            form = self._chunk_info[chunk][1]
            if form is not None and form.dual and not local:
                found = self._as_word(form, chunk, gloss, found)
            return reading, found, local
        if kind == "latin":
            return None, self._letters_guess(fold(chunk)), False
        return None, None, kind == "number"

    def token_fields(self, text: str, pieces, position: int, changed: dict | None
                     ) -> tuple[str | None, str | None]:
        """The pinyin and gloss of plain piece `position` of a line, in the line (as _draft
        gives them)."""
        start, end, kind, _ = pieces[position]
        chunk = text[start:end]
        if kind != "word":
            return None, self._plain(chunk, start, end, kind, None, text).gloss
        return self._word_fields(chunk, text, pieces, position, changed)

    def _word_fields(self, chunk: str, text: str, pieces, position: int, changed: dict | None
                     ) -> tuple[str | None, str | None]:
        """The reading and gloss of the word `chunk` at piece `position`, in the line: the
        sentence's reading, a sense rule's gloss, and for a form judged a plain word here its
        everyday sense (_as_word)."""
        reading, alone = (changed and changed.get(position)) or self._words[chunk]
        gloss = alone
        if self.glosses.contextual(chunk):
            gloss = self.glosses.at(chunk, reading, alone, text, pieces, position)
        form = self._chunk_info[chunk][1]
        if form is not None and form.dual:
            gloss = self._as_word(form, chunk, alone, gloss)
        return reading, gloss

    def _as_word(self, form: Form, chunk: str, alone: str | None, gloss: str | None
                 ) -> str | None:
        """The gloss of a form judged a plain word here, `gloss` in the line (`alone` out of
        it): a sense rule the line matches stands (鱼刺卡在喉咙里 'stuck'); else the everyday
        sense when the word's gloss names the slang one (see glosses.plain_sense), for the
        entry's term itself."""
        if gloss != alone and gloss != learner.default(simple(chunk)):
            return gloss
        entry = self.entries[form.entry]
        if simple(chunk) != simple(entry.term):
            return gloss  # the entry's everyday sense is its term's: 墙 is a wall, not a firewall
        return plain_sense(gloss, entry.meaning, entry.everyday)

    def _prepared(self, texts: list[str]) -> list[tuple[str, list, dict]]:
        """Each text with its pieces and {piece index: (reading, gloss)} for the words the
        sentence reads otherwise than the word alone (slangtutor.annotate.context); every new
        word's reading and gloss learnt in one go."""
        # Every word chunk the chunk memo holds has its reading and gloss in the word memo:
        # both are emptied together, so the chunks new to the first are the words to learn.
        words, info = self._words, self._chunk_info
        if len(words) > words.limit or len(info) > info.limit:
            words.clear()
            info.clear()
        new: set[str] = set()
        batch = [(text, self._pieces_of(text, spans, new))
                 for text, spans in zip(texts, self._spans_many(texts))]
        if new:
            self._learn(new)
        changes = self.context.read(batch, lambda word: words[word][0],
                                    self.readings.open_positions)
        if not any(changes):
            return [(text, pieces, {}) for text, pieces in batch]
        pairs = {(text[pieces[i][0]:pieces[i][1]], reading)
                 for (text, pieces), changed in zip(batch, changes)
                 for i, reading in changed.items()}
        self.glosses.prefetch((word, reading, None) for word, reading in pairs)
        get = self.glosses.get
        out = []
        for (text, pieces), changed in zip(batch, changes):
            if changed:
                changed = {i: (r, get(text[pieces[i][0]:pieces[i][1]], r))
                           for i, r in changed.items()}
            out.append((text, pieces, changed))
        return out

    def _learn(self, chunks: set[str]) -> None:
        """Readings and glosses of new word chunks, fetched together, kept in the memo."""
        runs = {w for w in chunks if HANZI_ONLY.match(w)}
        runs.update(r for w in chunks if w not in runs for r in HANZI_RUN.findall(w))
        readings = self.readings.get(runs)
        drafts = {}
        info = self._chunk_info  # the form of each chunk, as _pieces just found it
        for chunk in chunks:
            reading = readings.get(chunk) or mixed_pinyin(chunk, readings)
            known = info.get(chunk)
            form = known[1] if known is not None else detect.form_at(self.index, chunk)
            drafts[chunk] = (reading, form.entry if form else None)
        self.glosses.prefetch((chunk, reading, hint) for chunk, (reading, hint) in drafts.items())
        for chunk, (reading, hint) in drafts.items():
            self._words[chunk] = (reading, self.glosses.get(chunk, reading))

    def _draft(self, text: str, pieces, changed: dict | None = None
               ) -> tuple[list[Token], list[SlangHit]]:
        tokens: list[Token] = []
        slang: list[SlangHit] = []
        append = tokens.append
        words = self._words
        strong = None  # a form in the line that is slang whatever the context
        line = None
        if any(form is not None for _, _, _, form in pieces):
            line = detect.Line(text)
            strong = next((text[s:e] for i, (s, e, _, form) in enumerate(pieces)
                           if form and not form.weak and not form.dual
                           and detect.judge(text, pieces, i, form, None, self.index, line)
                           .confidence), None)
        for position, (start, end, kind, form) in enumerate(pieces):
            chunk = text[start:end]
            if form is not None:
                verdict = detect.judge(text, pieces, position, form, strong, self.index, line)
                entry = self.entries[form.entry]
                everyday = (form.dual and verdict.confidence
                            and not detect.specific(verdict)
                            and everyday_sense(chunk, entry.meaning, text, pieces, position))
                if everyday:
                    # A sense rule of the everyday word matches (糊 beside 锅 'burnt'): as a
                    # literal companion does, it outweighs the signs of a comment.
                    reading = (changed and changed.get(position) or words[chunk])[0]
                    append(Token(chunk, start, end, reading, everyday, "word", None, form.entry))
                    continue
                if verdict.confidence:
                    in_context = changed.get(position) if changed else None
                    reading = self._slang_pinyin(chunk, entry, words, in_context)
                    append(Token(chunk, start, end, reading, entry.meaning, "slang", entry.id))
                    slang.append(SlangHit(entry.id, entry.term, start, end,
                                          verdict.confidence, verdict.evidence))
                    continue
                kind = kind_of(chunk)
                hint = form.entry
            else:
                hint = None
            if kind == "word":
                reading, gloss = self._word_fields(chunk, text, pieces, position, changed)
                append(Token(chunk, start, end, reading, gloss, kind, None, hint))
            elif kind == "punct" or kind == "other":
                append(Token(chunk, start, end, None, None, kind, None, hint))
            else:
                append(self._plain(chunk, start, end, kind, hint, text))
        return tokens, slang

    def _slang_pinyin(self, chunk: str, entry: Entry, words: dict,
                      in_context: tuple | None = None) -> str | None:
        key = form_key(chunk)
        if key == form_key(entry.term) or (
                entry.traditional and key == form_key(entry.traditional)):
            return entry.pinyin
        if HANZI.search(chunk):
            # an alias in hanzi: read like any word, in the sentence (你说得对 de)
            return in_context[0] if in_context else words[chunk][0]
        # A Latin alias: the entry's pinyin when the letters are its initials (yysy, u1s1).
        if decode.initials_of(entry.pinyin) == key:
            return entry.pinyin
        return None

    def _plain(self, chunk, start, end, kind, hint, text) -> Token:
        """A number or Latin token, with a decoder's guess when there is one."""
        if kind == "number":
            pieces = self._number_guess(chunk, start, end, text)
            if pieces:
                gloss = "guess: " + " + ".join(
                    f"{p} ({self.entries[self.index.codes[p]].meaning})" for p in pieces)
                return Token(chunk, start, end, None, gloss, kind, None, hint, True)
        if kind == "latin":
            gloss = self._letters_guess(fold(chunk))
            if gloss:
                return Token(chunk, start, end, None, gloss, kind, None, hint, True)
        return Token(chunk, start, end, None, None, kind, None, hint)

    def _number_guess(self, chunk: str, start: int, end: int, text: str) -> list[str] | None:
        digits = fold(chunk)
        if not digits.isdigit() or len(digits) < 3:
            return None
        if text[end:end + 1] in UNITS or (start and text[start - 1] in BEFORE_NUMBER):
            return None
        return decode.split_number_code(digits, self.index.codes)

    def _letters_guess(self, letters: str) -> str | None:
        if not decode.could_be_initials(letters) or self.lexicon.is_english(letters):
            return None
        candidates = decode.guess_abbreviation(letters, self.index.phrases, self.lexicon)
        if not candidates:
            return None
        return "guess: " + " or ".join(c.phrase for c in candidates)

    # -- sharing what was learnt between processes ------------------------------------------

    def reopen(self) -> None:
        """After a fork: a SQLite connection must not cross it, so the lexicon gets its own,
        and what the parent had yet to store is the parent's to store."""
        self.lexicon = self.lexicon.reopen()
        self.readings.reopen(self.lexicon)
        self.glosses.reopen(self.lexicon)

    def take_learnt(self) -> tuple[dict, dict]:
        """Readings and glosses computed since the last call, for another process to store."""
        return self.readings.take_new(), self.glosses.take_new()

    def learn(self, readings: dict, glosses: dict) -> None:
        """Store, with our own, what another process computed."""
        self.readings.learn(readings)
        self.glosses.learn(glosses)

    def close(self) -> None:
        self.readings.flush()
        self.glosses.flush()


def load_annotator(backend: str | None = None) -> Annotator:
    """An annotator over the shipped decks (or SLANGTUTOR_DATA) and the CC-CEDICT index; its
    entries and slang index come from the snapshot of an earlier run when there is one."""
    from slangtutor import dataset, dictionary
    from slangtutor.annotate import snapshot

    lexicon = dictionary.open_lexicon()
    cache = dataset.cache_dir()
    key = snapshot.key(dataset.open_store().meta("content_hash") or "", lexicon.sources)
    kept = snapshot.load(cache, key) if key else None
    if kept is not None:
        entries, index = kept
        return Annotator(entries, lexicon, backend=backend, cache_dir=cache, index=index)
    annotator = Annotator(dataset.load_entries(), lexicon, backend=backend, cache_dir=cache)
    if key:
        snapshot.save(cache, key, annotator.entries.values(), annotator.index)
    return annotator
