"""How a written form becomes the key it is compared by, everywhere (decks, lookup, annotate)."""

from __future__ import annotations

import unicodedata

from slangtutor.text.script import to_simplified


def form_key(text: str) -> str:
    """NFKC (full-width to ASCII), case-folded, without white space, simplified:
    'ＹＹＤＳ' and 'yyds' -> 'yyds'; '內捲' and '内卷' -> '内卷'."""
    key = "".join(unicodedata.normalize("NFKC", text).casefold().split())
    return to_simplified(key)
