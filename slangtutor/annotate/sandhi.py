"""Spoken tones (--sandhi): 一 and 不 as said, and third tones within a word."""

from __future__ import annotations

from slangtutor.annotate.core import Token
from slangtutor.text import pinyin
from slangtutor.text.script import HANZI


NUMERALS = frozenset("〇零一二三四五六七八九十百千万萬亿億两兩")


def spoken(tokens: list[Token], text: str) -> list[Token]:
    """Tone sandhi as speakers say it: 不 bú before a fourth tone; 一 yí before a fourth tone,
    yì before others, yī in numbers, ordinals and at the end of a phrase; two third tones in
    a word make the first second (你好 ní hǎo). Only pinyin changes."""
    slots: list[list] = []  # [char offset, syllable, token index, syllable index]
    split: dict[int, list[str]] = {}
    for ti, token in enumerate(tokens):
        if not token.pinyin or token.kind not in ("word", "slang"):
            continue
        syllables = token.pinyin.split()
        if len(syllables) != len(token.text) or not all(HANZI.match(c) for c in token.text):
            continue
        split[ti] = syllables
        for si in range(len(syllables)):
            slots.append([token.start + si, ti, si])
    for number, (offset, ti, si) in enumerate(slots):
        char = text[offset]
        syllable = split[ti][si]
        nxt = slots[number + 1] if number + 1 < len(slots) else None
        if nxt and nxt[0] != offset + 1:
            nxt = None  # punctuation or a space in between: the phrase ends here
        next_tone = pinyin.tone_of(split[nxt[1]][nxt[2]]) if nxt else None
        next_char = text[offset + 1] if nxt else ""
        before = text[offset - 1] if offset else ""
        if char == "不" and syllable == "bù" and next_tone == 4:
            split[ti][si] = "bú"
        elif char == "一" and syllable == "yī":
            if next_char and next_char == before and before not in NUMERALS:
                split[ti][si] = "yi"  # 看一看
            elif next_tone is None or before in NUMERALS or before == "第" or next_char in NUMERALS:
                pass
            elif next_tone == 4:
                split[ti][si] = "yí"
            elif next_tone in (1, 2, 3):
                split[ti][si] = "yì"
    for ti, syllables in split.items():
        for si in range(len(syllables) - 1):
            if pinyin.tone_of(syllables[si]) == 3 and pinyin.tone_of(syllables[si + 1]) == 3:
                syllables[si] = pinyin.mark_syllable(pinyin.strip_tones(syllables[si]), 2)
    out = list(tokens)
    for ti, syllables in split.items():
        out[ti] = out[ti]._replace(pinyin=" ".join(syllables))
    return out
