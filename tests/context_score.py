"""Scoring the slang-or-not judgement (issue 10) against the gold sets in tests/context_data/:
shared by tests/test_context.py and benchmarks/bench_context.py.

- comments.toml: `text` and `slang`, the slang forms in order of appearance. A gold span is
  found when the annotation reports, at that place, a hit of confidence slang or maybe.
- literal.toml: `text` and `literal`, plain sentences with no slang at all: any hit there is
  a false one, counted by confidence.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "context_data"


def load(name: str) -> list[dict]:
    """The cases of one gold file (an empty list when the file is not there)."""
    path = DATA / name
    if not path.exists():
        return []
    with open(path, "rb") as handle:
        return tomllib.load(handle)["case"]


def gold_places(text: str, spans: list[str]) -> list[tuple[int, int]]:
    """Where each gold span is, in order of appearance (a span not in the text is an error)."""
    places, cursor = [], 0
    for span in spans:
        at = text.find(span, cursor)
        if at < 0:
            at = text.find(span)
        if at < 0:
            raise ValueError(f"gold span {span!r} is not in {text!r}")
        places.append((at, at + len(span)))
        cursor = at + len(span)
    return places


@dataclass
class Recall:
    spans: int = 0
    slang: int = 0  # found with confidence slang
    maybe: int = 0  # found with confidence maybe
    missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.slang + self.maybe

    @property
    def rate(self) -> float:
        return self.found / self.spans if self.spans else 1.0


def recall(cases: list[dict], hits_of) -> Recall:
    """`hits_of(text)` -> [(start, end, confidence)] for the hits reported in text."""
    out = Recall()
    for case in cases:
        text = case["text"]
        hits = {(s, e): c for s, e, c in hits_of(text)}
        for (start, end), span in zip(gold_places(text, case["slang"]), case["slang"]):
            out.spans += 1
            confidence = hits.get((start, end))
            if confidence is None:  # the same form found a little wider or narrower
                confidence = next((c for (s, e), c in hits.items() if s < end and start < e),
                                  None)
            if confidence == "slang":
                out.slang += 1
            elif confidence == "maybe":
                out.maybe += 1
            else:
                out.missed.append((span, text))
    return out


@dataclass
class FalseHits:
    sentences: int = 0
    with_slang: list[tuple[str, list[str]]] = field(default_factory=list)
    with_maybe: list[tuple[str, list[str]]] = field(default_factory=list)


def false_hits(texts: list[str], hits_of) -> FalseHits:
    """Sentences with no slang in them: which have a hit asserted as slang, which a maybe."""
    out = FalseHits()
    for text in texts:
        out.sentences += 1
        hits = hits_of(text)
        slang = [text[s:e] for s, e, c in hits if c == "slang"]
        maybe = [text[s:e] for s, e, c in hits if c == "maybe"]
        if slang:
            out.with_slang.append((text, slang))
        elif maybe:
            out.with_maybe.append((text, maybe))
    return out
