"""Cleaning what a learner typed into lookup.

`normalize` validates and tidies a query (NFKC, white space); `core` strips what is not part of
the term: surrounding punctuation, quotes, emoji and hashtags (`#yyds`, `YYDS！`, `666!!!`), and
question frames (`what does yyds mean`, `what's the cat tax`, `躺平是什么意思`).
"""

from __future__ import annotations

import re
import unicodedata

from slangtutor.errors import QueryError
from slangtutor.text import script

MAX_QUERY = 500

# Question frames, tried in order; the named group is the term asked about.
_FRAMES = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^(?:what|wat)\s+(?:does|do|did)\s+(?P<term>.+?)\s+(?:mean|means|stand\s+for|refer\s+to)$",
    r"^(?:what|wat)\s+(?:is|are)\s+(?:the\s+)?(?:meaning|definition)\s+of\s+(?P<term>.+)$",
    r"^(?:what(?:'s|’s|\s+is|\s+are|s)|wats)\s+(?P<term>.+?)(?:\s+mean)?$",
    r"^(?:meaning|definition)\s+of\s+(?P<term>.+)$",
    r"^(?:define|explain|translate)\s+(?P<term>.+)$",
    r"^(?P<term>.+?)\s+(?:meaning|means\s+what|definition)$",
    r"^(?:请问)?(?:什么是|啥是|何为)(?P<term>.+)$",
    r"^(?:请问)?(?P<term>.+?)(?:是)?(?:什么|啥|甚么)(?:意思|梗|含义|东西)?$",
    r"^(?:请问)?(?P<term>.+?)(?:的意思|的含义|怎么理解|咋理解|怎么解释)$",
)]
# Punctuation, symbols and emoji stripped from the ends of a query (and of a framed term).
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def normalize(raw: str) -> str:
    """Validate and tidy a query: NFKC (full-width to ASCII), trimmed, white space collapsed.

    Raises QueryError for an empty or over-long query, control characters or invalid UTF-8.
    """
    if any("\udc80" <= char <= "\udcff" for char in raw):
        raise QueryError("the query is not valid UTF-8")
    if len(raw) > MAX_QUERY:
        raise QueryError(f"the query is {len(raw)} characters long; the limit is {MAX_QUERY}")
    text = " ".join(unicodedata.normalize("NFKC", raw).split())  # newlines and tabs are spaces
    hidden = script.hidden_character(text)
    if hidden:
        raise QueryError(f"the query contains an invisible or control character ({hidden})")
    if not text:
        raise QueryError("the query is empty")
    return text


def _strip_edges(text: str) -> str:
    return _EDGE.sub("", text).strip()


def core(text: str) -> str:
    """The term a normalised query asks about, or the query itself when nothing is stripped.

    '#yyds' -> 'yyds'; 'fan qiang!' -> 'fan qiang'; 'what does yyds mean?' -> 'yyds';
    '躺平是什么意思？' -> '躺平'. A query that is only punctuation (a kaomoji) stays as it is.
    """
    stripped = _strip_edges(text.replace("#", " "))
    if not stripped:
        return text
    for frame in _FRAMES:
        match = frame.match(stripped)
        if match:
            term = _strip_edges(match.group("term"))
            if term.isascii():
                term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.IGNORECASE)
            if term:
                stripped = term
            break
    return " ".join(stripped.split())
