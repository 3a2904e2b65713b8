"""Chinese numerals as numbers: 十二 -> 12, 两百五十 -> 250, 一九九八 -> 1998, 三万 -> 30000."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2, "三": 3, "仨": 3,
          "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CHARS = frozenset(DIGITS) | frozenset(UNITS) | frozenset(BIG)


def leading(text: str) -> int:
    """How many characters at the start of `text` are numerals (三块 -> 1, 五十米 -> 2)."""
    size = 0
    while size < len(text) and text[size] in CHARS:
        size += 1
    return size


def value(text: str) -> int | None:
    """The number a run of Chinese numerals writes, or None when it is not a well-formed one.

    Written with units (三百二十, 十五, 两万) or digit by digit (一九九八, 二〇二五)."""
    if not text or any(char not in CHARS for char in text):
        return None
    if all(char in DIGITS for char in text):
        if len(text) == 1:
            return DIGITS[text]
        if not {"两", "兩", "俩", "倆", "仨"}.isdisjoint(text):
            return None  # 两 is never a digit of a year or a code
        return int("".join(str(DIGITS[char]) for char in text))
    total, section, digit, last_unit = 0, 0, None, None
    after = None  # the unit right before the last digit: 三百五 is 350, 两万五 25,000
    for index, char in enumerate(text):
        if char in DIGITS:
            previous = text[index - 1] if index else ""
            after = UNITS.get(previous) or BIG.get(previous)
            if digit is not None and digit != 0 and DIGITS[char] != 0:
                return None  # two digits in a row inside a number with units: 三四十 is a range
            digit = DIGITS[char]
        elif char in UNITS:
            unit = UNITS[char]
            if last_unit is not None and unit >= last_unit and digit is None:
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:  # 万, 亿
            section += digit or 0
            if section == 0:
                return None
            total += section * BIG[char]
            section, digit, last_unit = 0, None, None
    if digit and after and after >= 100 and text[-1] in DIGITS:
        return total + section + digit * after // 10
    return total + section + (digit or 0)
