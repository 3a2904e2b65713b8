"""Pinyin forms: tone marks, tone numbers, toneless keys, v/ü, syllable checks.

Everything here is hand-written and cheap to import; pypinyin (slow to import) is only loaded
inside `hanzi_to_pinyin`, which lookup never calls.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Every toneless Mandarin syllable (ü written as ü), taken from pypinyin's character readings.
SYLLABLES = frozenset(
    """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bu ca cai
    can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
    chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng
    di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo
    fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai
    han hang hao he hei hen heng hm hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang
    jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua
    kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling
    liu lo long lou lu luan lun luo lü lüe m ma mai man mang mao me mei men meng mi mian miao mie min
    ming miu mo mou mu n na nai nan nang nao ne nei nen neng ng ni nian niang niao nie nin ning niu
    nong nou nu nuan nun nuo nü nüe o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping
    po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng
    ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she
    shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun
    suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan
    wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan
    yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai
    zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi
    zong zou zu zuan zui zun zuo ê
    """.split()
)
MAX_SYLLABLE = max(map(len, SYLLABLES))

_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_MARK_OF_TONE = {tone: mark for mark, tone in _MARKS.items()}
_DIGIT_READINGS = {
    "0": ("líng",),
    "1": ("yī", "yāo"),
    "2": ("èr", "liǎng"),
    "3": ("sān",),
    "4": ("sì",),
    "5": ("wǔ",),
    "6": ("liù",),
    "7": ("qī",),
    "8": ("bā",),
    "9": ("jiǔ",),
}
_NUMBERED = re.compile(r"([a-zü]+)([0-5])")
_IME_NUMBERED = re.compile(r"(?<![a-zü])([ln])ue([0-5])")
_SEPARATORS = re.compile(r"[\s'’\-·]+")


def digit_readings(digit: str) -> tuple[str, ...]:
    """The ways a digit is read aloud in a number code (1 is yī or yāo)."""
    return _DIGIT_READINGS[digit]


def tone_of(syllable: str) -> int:
    """Tone 1-4 from a tone-marked syllable; 5 for the neutral tone (no mark)."""
    for char in unicodedata.normalize("NFD", syllable):
        if char in _MARKS:
            return _MARKS[char]
    return 5


def strip_tones(text: str) -> str:
    """Remove tone marks, keep ü: 'lǜ chá' -> 'lü chá'."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _MARKS))


def _unify_u(text: str) -> str:
    """v, u: and ü all become ü (learners type lv, lu:, lü)."""
    return text.replace("u:", "ü").replace("v", "ü")


def mark_syllable(base: str, tone: int) -> str:
    """Put the tone mark on the right vowel: a or e first, o in 'ou', else the last vowel."""
    if tone not in _MARK_OF_TONE:
        return base
    vowels = [i for i, c in enumerate(base) if c in "aeiouüê"]
    if not vowels:
        return base
    if "a" in base:
        index = base.index("a")
    elif "e" in base:
        index = base.index("e")
    elif "ou" in base:
        index = base.index("o")
    else:
        index = vowels[-1]
    marked = base[: index + 1] + _MARK_OF_TONE[tone] + base[index + 1 :]
    return unicodedata.normalize("NFC", marked)


def numbered_to_marked(text: str) -> str:
    """'fan1 qiang2' -> 'fān qiáng'; 5 or 0 is the neutral tone; v means ü."""
    text = _IME_NUMBERED.sub(r"\1üe\2", _unify_u(text.lower()))
    return _NUMBERED.sub(lambda m: mark_syllable(m.group(1), int(m.group(2))), text)


def marked_to_numbered(pinyin: str) -> str:
    """'fān qiáng le' -> 'fan1 qiang2 le5' (Pleco's form); Latin tokens stay as they are."""
    out = []
    for token in pinyin.split():
        base = strip_tones(token)
        if base.lower() in SYLLABLES:
            out.append(f"{base}{tone_of(token)}")
        else:
            out.append(token)
    return " ".join(out)


def toned_key(text: str) -> str:
    """Compact tone-marked form for matching: 'Fan1 qiang2' and "fān'qiáng" -> 'fānqiáng'."""
    text = unicodedata.normalize("NFC", text).lower()
    if any(c.isdigit() for c in text):
        text = numbered_to_marked(text)
    else:
        text = _unify_u(text)
    return _SEPARATORS.sub("", text)


def toneless_key(text: str) -> str:
    """Compact toneless form with ü as v: 'Lǜ chá' -> 'lvcha', 'gong1 lue4' -> 'gonglve'.

    Tone digits are dropped only where they follow syllables (fan1qiang2); in letter codes
    such as u1s1 the digits are part of the form and stay.
    """
    text = _SEPARATORS.sub("", _unify_u(strip_tones(unicodedata.normalize("NFC", text).lower())))
    if _digits_are_tones(text):
        text = _TONE_DIGIT.sub("", text)
    syllables = _split(text) if text.isalpha() else None
    return ("".join(syllables) if syllables else text).replace("ü", "v")


_TONE_DIGIT = re.compile(r"(?<=[a-zü])[0-5](?![0-9])")
_LETTERS_BEFORE_DIGIT = re.compile(r"([a-zü]+)[0-5](?![0-9])")


def _digits_are_tones(token: str) -> bool:
    runs = _LETTERS_BEFORE_DIGIT.findall(token)
    return bool(runs) and all(_split(run) for run in runs)


def has_tones(text: str) -> bool:
    """True when the text carries tone marks or tone numbers after letters."""
    if re.search(r"[a-zü][0-5]", text.lower()):
        return True
    return any(c in _MARKS for c in unicodedata.normalize("NFD", text))


def is_syllable(token: str) -> bool:
    """True for one Mandarin syllable, marked or not: 'lǜ', 'de', 'shéi'."""
    return strip_tones(token.lower()) in SYLLABLES and _mark_count(token) <= 1


def _mark_count(token: str) -> int:
    return sum(c in _MARKS for c in unicodedata.normalize("NFD", token))


def split_syllables(compact: str) -> list[str] | None:
    """Split toneless pinyin without spaces into syllables: 'fanqiang' -> ['fan', 'qiang'].

    Prefers the split with the fewest syllables; returns None when no split exists.
    """
    return _split(_unify_u(compact.lower()))


# IME spellings: keyboards type 略 as lue and 虐 as nue (there is no lue/nue syllable otherwise).
IME_SPELLINGS = {"lue": "lüe", "nue": "nüe"}


def syllable_spelling(raw: str) -> str | None:
    """The syllable table's spelling of a typed syllable, or None: 'lue' -> 'lüe',
    'jü' -> 'ju' (ü after j, q, x, y is written u), 'lü' -> 'lü'."""
    if raw in SYLLABLES:
        return raw
    if raw in IME_SPELLINGS:
        return IME_SPELLINGS[raw]
    written = _written_u(raw)
    return written if written in SYLLABLES else None


@lru_cache(maxsize=1024)
def _split_cached(text: str) -> tuple[str, ...] | None:
    if not text:
        return ()
    best: tuple[str, ...] | None = None
    for size in range(min(MAX_SYLLABLE, len(text)), 0, -1):
        head = syllable_spelling(text[:size])
        if head is None:
            continue
        rest = _split_cached(text[size:])
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = (head, *rest)
    return best


def _split(text: str) -> list[str] | None:
    result = _split_cached(text)
    return list(result) if result is not None else None


def hanzi_to_pinyin(text: str) -> list[str]:
    """Dictionary pinyin for each character of `text`, using pypinyin's phrase dictionary.

    Tone marks, neutral tone unmarked; 一 and 不 keep their dictionary tones (yī, bù), since
    spoken sandhi is shown on request, not stored. Non-hanzi characters come back as they are.
    """
    from pypinyin import Style, lazy_pinyin  # heavy: imported only where needed

    syllables = lazy_pinyin(text, style=Style.TONE, errors=lambda chars: list(chars))
    return _undo_yi_bu_sandhi(text, syllables)


def _undo_yi_bu_sandhi(text: str, syllables: list[str]) -> list[str]:
    if len(syllables) != len(text):
        return syllables
    out = []
    for char, syllable in zip(text, syllables):
        if char == "一" and syllable in ("yí", "yì"):
            syllable = "yī"
        elif char == "不" and syllable == "bú":
            syllable = "bù"
        out.append(syllable)
    return out


# -- parsing typed pinyin ---------------------------------------------------------------


@dataclass(frozen=True)
class Syllable:
    base: str  # toneless, ü written as ü
    tone: int | None  # 1-5, None when the learner typed no tone at all


def expected_syllables(reading: str) -> list[Syllable] | None:
    """The syllables of an entry's tone-marked pinyin; None when it holds anything else
    (letters such as the 'u' of u1s1, digits, punctuation)."""
    tokens = reading.split()
    if not tokens or not all(is_syllable(t) for t in tokens):
        return None
    return [Syllable(strip_tones(t.lower()), tone_of(t)) for t in tokens]


_SEPARATOR_CHARS = set(" \t'’-·.,")


def parse_pinyin(typed: str, expected: list[Syllable] | None = None) -> list[Syllable] | None:
    """Read pinyin however it was typed: tone marks or numbers (5 or 0 neutral), v or u: for ü,
    any case, spaces, apostrophes or none. Returns None when it is not pinyin.

    Unspaced text can split more than one way (xian / xi an); the split closest to `expected`
    wins. When the text carries any tone, a syllable without one is read as neutral.
    """
    text = unicodedata.normalize("NFD", typed.strip().lower()).replace("u\u0308", "ü")
    text = text.replace("u:", "ü").replace("v", "ü")
    letters: list[str] = []
    marks: dict[int, int] = {}  # letter index -> tone from a mark on it
    boundaries: dict[int, int | None] = {}  # letter index a syllable must end at -> digit tone
    for char in text:
        if char in _MARKS:
            if not letters:
                return None
            marks[len(letters) - 1] = _MARKS[char]
        elif char.isdigit():
            if not letters or char not in "012345" or boundaries.get(len(letters)) is not None:
                return None
            boundaries[len(letters)] = 5 if char in "05" else int(char)
        elif char in _SEPARATOR_CHARS:
            if letters:
                boundaries.setdefault(len(letters), None)
        elif "a" <= char <= "z" or char in "üê":
            letters.append(char)
        else:
            return None
    if not letters:
        return None
    toned = bool(marks) or any(t is not None for t in boundaries.values())
    word = "".join(letters)
    size = len(letters)
    wanted = [s.base for s in expected] if expected else []

    # best[pos][k]: (cost, syllables) for letters[pos:] when k syllables came before.
    memo: dict[tuple[int, int], tuple[int, tuple[Syllable, ...]] | None] = {}

    def solve(pos: int, k: int):
        if pos == size:
            return (abs(len(wanted) - k) if wanted else 0, ())
        if (pos, k) in memo:
            return memo[(pos, k)]
        best = None
        for end in range(min(size, pos + MAX_SYLLABLE), pos, -1):
            if any(b in boundaries for b in range(pos + 1, end)):
                continue  # a syllable never spans a space or a tone digit
            base = syllable_spelling(word[pos:end])
            if base is None:
                continue
            tones = [marks[i] for i in range(pos, end) if i in marks]
            digit = boundaries.get(end)
            if len(tones) > 1 or (tones and digit is not None):
                continue
            tone = tones[0] if tones else digit if digit is not None else (5 if toned else None)
            rest = solve(end, k + 1)
            if rest is None:
                continue
            cost = rest[0]
            if wanted:
                cost += 0 if k < len(wanted) and same_base(base, wanted[k]) else 1
            else:
                cost += 1  # with nothing expected, prefer the fewest syllables
            if best is None or cost < best[0]:
                best = (cost, (Syllable(base, tone), *rest[1]))
        memo[(pos, k)] = best
        return best

    found = solve(0, 0)
    return list(found[1]) if found else None


def _written_u(raw: str) -> str:
    """ü after j, q, x and y is written u; the syllable table spells it that way."""
    if raw[:1] in ("j", "q", "x", "y") and "ü" in raw:
        return raw.replace("ü", "u")
    return raw


def same_base(typed: str, wanted: str) -> bool:
    return typed == wanted or typed == _written_u(wanted)
