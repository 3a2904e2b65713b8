"""Quiz logic: choose cards, build questions, grade answers, give hints. No terminal I/O.

Everything here is pure: randomness comes only from the `random.Random` passed in (so `--seed`
reproduces a session), time comes in as arguments, and the results are plain records that the
terminal loop (`quiz_ui.py`) renders and the store (`progress.py`) records.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from slangtutor.text import pinyin
from slangtutor.text.pinyin import Syllable, expected_syllables, parse_pinyin, same_base
from slangtutor.text.keys import form_key
from slangtutor.text.script import HANZI_RUN, is_hanzi
from slangtutor.models import Entry, matching, rude_policy

MODES = ("choice", "reverse", "pinyin", "meaning", "cloze", "decode")
# Modes a brand-new card is asked in: recognise first, produce later.
NEW_CARD_MODES = ("choice", "reverse")
OPTION_COUNT = 4
MAX_ANSWER = 200
BLANK = "＿＿"

# Verdicts of one answer.
RIGHT = "right"
CLOSE = "close"  # right syllables with a tone slip, or a meaning that needs the learner's word
WRONG = "wrong"

# FSRS ratings by value (fsrs.Rating is an IntEnum with these values); kept here as plain ints
# so that grading needs no import of fsrs.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
# Seconds under which a right answer is Easy, and over which it is only Hard, by kind of mode.
PICK_TIMES = (4.0, 20.0)
TYPE_TIMES = (8.0, 40.0)
HINT_STEPS = 4  # first letters, toneless pinyin, tone-coloured pinyin, the answer


# ---------------------------------------------------------------------------------------------
# Choosing cards


@dataclass(frozen=True)
class CardStatus:
    """What the store knows of one card: when it is due and how often it was reviewed."""

    due: datetime
    reps: int
    lapses: int = 0


@dataclass(frozen=True)
class Pick:
    entry: Entry
    mode: str
    is_new: bool
    again: bool = False  # asked again this session after a wrong answer (a learning step)


def eligible(
    entries: tuple[Entry, ...] | list[Entry],
    *,
    tags: set[str] | frozenset[str] = frozenset(),
    registers: set[str] | frozenset[str] = frozenset(),
    max_level: int | None = None,
    include_rude: bool = False,
) -> list[Entry]:
    """The entries a session may ask, in deck order; rude and vulgar ones by the rule export
    follows too (models.rude_policy). Raises RudeNotIncluded."""
    matched = matching(entries, tags=tags, registers=registers, max_level=max_level)
    return rude_policy(matched, registers, include_rude)


def choose_cards(
    candidates: list[Entry],
    statuses: dict[str, CardStatus],
    now: datetime,
    count: int,
    rng: random.Random,
    modes: tuple[str, ...] = (),
    first: tuple[str, ...] = (),
) -> list[Pick]:
    """Pick up to `count` cards: due reviews first (most overdue first), then new cards, common
    (level 1) before rare; cards learnt but not yet due are left alone. Each card appears once.

    `first` (the reading list, most recent first) puts those ids ahead of everything, in that
    order, when they are due or new. `modes` restricts the question modes (empty: a mix); an
    entry that cannot be asked in any of them is skipped. `now` must be timezone-aware.
    """
    allowed = modes or MODES
    usable = [e for e in candidates if any(can_ask(e, m) for m in allowed)]
    due = sorted(
        (e for e in usable if e.id in statuses and statuses[e.id].due <= now),
        key=lambda e: (statuses[e.id].due, e.id),
    )
    fresh = [e for e in usable if e.id not in statuses]
    by_level: dict[int, list[Entry]] = {}
    for entry in fresh:
        by_level.setdefault(entry.level, []).append(entry)
    new: list[Entry] = []
    for level in sorted(by_level):
        group = by_level[level]
        rng.shuffle(group)
        new.extend(group)
    ahead: list[Entry] = []
    if first:
        order = {entry_id: number for number, entry_id in enumerate(first)}
        ahead = sorted((e for e in due + new if e.id in order), key=lambda e: order[e.id])
        due = [e for e in due if e.id not in order]
        new = [e for e in new if e.id not in order]
    picks = []
    for entry in (ahead + due + new)[: max(count, 0)]:
        is_new = entry.id not in statuses
        picks.append(Pick(entry, choose_mode(entry, allowed, is_new, rng), is_new))
    return picks


def choose_mode(entry: Entry, allowed: tuple[str, ...], is_new: bool, rng: random.Random) -> str:
    """A mode for this card: recognition for new cards when the mix allows it, else any mode."""
    possible = [m for m in allowed if can_ask(entry, m)]
    if is_new:
        gentle = [m for m in possible if m in NEW_CARD_MODES]
        if gentle:
            possible = gentle
    return rng.choice(possible)


def can_ask(entry: Entry, mode: str) -> bool:
    """Whether `entry` has what `mode` needs (syllable pinyin, an example with the term, ...)."""
    if mode in ("choice", "reverse", "meaning"):
        return True
    if mode == "pinyin":
        return expected_syllables(entry.pinyin) is not None
    if mode == "cloze":
        return cloze_example(entry) is not None
    if mode == "decode":
        return bool(expansions(entry))
    raise ValueError(f"unknown mode {mode!r}")


# ---------------------------------------------------------------------------------------------
# Questions


@dataclass(frozen=True)
class Question:
    """One question. `options` is filled for the modes answered with a number."""

    entry: Entry
    mode: str
    prompt: str
    instruction: str
    options: tuple[str, ...] = ()
    answer_index: int | None = None  # index into options of the right one
    answer: str = ""  # the right answer as shown after grading
    hint_pinyin: str = ""  # tone-marked pinyin the hints reveal step by step
    translation: str = ""  # cloze: the example's English

    @property
    def is_choice(self) -> bool:
        return bool(self.options)


def build_question(entry: Entry, mode: str, pool: list[Entry], rng: random.Random) -> Question:
    """The question for `entry` in `mode`; distractors come from `pool` (never a second right
    answer). Raises ValueError when the entry cannot be asked in that mode."""
    if not can_ask(entry, mode):
        raise ValueError(f"entry {entry.id!r} cannot be asked in mode {mode!r}")
    if mode == "choice":
        others = _distractors(entry, pool, rng, key=_meaning_key)
        options, index = _shuffle_in(entry.meaning, [o.meaning for o in others], rng)
        return Question(entry, mode, entry.term, "What does it mean?", options, index,
                        entry.meaning, entry.pinyin)
    if mode == "reverse":
        others = _distractors(entry, pool, rng, key=_term_key)
        options, index = _shuffle_in(entry.term, [o.term for o in others], rng)
        return Question(entry, mode, entry.meaning, "Which term means this?", options, index,
                        entry.term, entry.pinyin)
    if mode == "cloze":
        sentence, english = cloze_example(entry)  # type: ignore[misc]
        others = _distractors(entry, pool, rng, key=_term_key)
        options, index = _shuffle_in(entry.term, [o.term for o in others], rng)
        return Question(entry, mode, sentence, "Which term fills the blank?", options, index,
                        entry.term, entry.pinyin, translation=english)
    if mode == "pinyin":
        return Question(entry, mode, entry.term,
                        "Type its pinyin (tone marks or numbers: fan1 qiang2).",
                        answer=entry.pinyin, hint_pinyin=entry.pinyin)
    if mode == "meaning":
        return Question(entry, mode, entry.term, "What does it mean? Type it in English.",
                        answer=entry.meaning, hint_pinyin=entry.pinyin)
    # decode
    first = expansions(entry)[0]
    return Question(entry, mode, entry.term,
                    "What does it stand for? Type the Chinese or its pinyin.",
                    answer=f"{first[0]} {first[1]}".strip(), hint_pinyin=first[1] or entry.pinyin)


def _meaning_key(entry: Entry) -> str:
    return " ".join(pinyin.strip_tones(entry.meaning).lower().split())


def _term_key(entry: Entry) -> str:
    return form_key(entry.term)


def _distractors(entry: Entry, pool: list[Entry], rng: random.Random, key) -> list[Entry]:
    """Up to three plausible wrong options: same tag or similar length first, all distinct, and
    none that shares the right entry's option text or any of its written forms."""
    taken = {key(entry)}
    forms = {form_key(f) for f in entry.forms()}
    scored = []
    for other in pool:
        if other.id == entry.id or key(other) in taken or form_key(other.term) in forms:
            continue
        if forms & {form_key(f) for f in other.forms()}:
            continue
        shared = len(set(entry.tags) & set(other.tags))
        length = abs(len(key(other)) - len(key(entry))) / max(len(key(entry)), 1)
        scored.append((shared * 2 - length + rng.random() * 1.5, other))
    scored.sort(key=lambda item: -item[0])
    chosen: list[Entry] = []
    for _, other in scored:
        if key(other) in taken:
            continue
        taken.add(key(other))
        chosen.append(other)
        if len(chosen) == OPTION_COUNT - 1:
            break
    return chosen


def _shuffle_in(right: str, wrong: list[str], rng: random.Random) -> tuple[tuple[str, ...], int]:
    options = [right, *wrong]
    rng.shuffle(options)
    return tuple(options), options.index(right)


def cloze_example(entry: Entry) -> tuple[str, str] | None:
    """The first example that contains one of the entry's forms, with that form blanked out."""
    for example in entry.examples:
        for form in sorted(entry.forms(), key=len, reverse=True):
            if form and form in example.zh:
                return example.zh.replace(form, BLANK), example.en
            lowered = example.zh.lower()
            if form.isascii() and form.lower() in lowered:
                start = lowered.index(form.lower())
                return example.zh[:start] + BLANK + example.zh[start + len(form):], example.en
    return None




def expansions(entry: Entry) -> list[tuple[str, str]]:
    """What an abbreviation or number code stands for: (hanzi, pinyin) pairs, pinyin '' when the
    deck does not give it. Empty for entries of other origins."""
    if entry.origin not in ("abbreviation", "number") or entry.term != entry.term.strip():
        return []
    if any(is_hanzi(c) for c in entry.term):
        return []
    found: list[tuple[str, str]] = []
    source = entry.source_form or ""
    for match in HANZI_RUN.finditer(source):
        run = match.group()
        tokens = re.split(r"[\s,;/()]+", source[match.end():].strip())
        reading = []
        for token in tokens[: len(run)]:
            if not pinyin.is_syllable(token):
                break
            reading.append(token)
        found.append((run, " ".join(reading) if len(reading) == len(run) else ""))
    for alias in entry.aliases:
        if alias and all(is_hanzi(c) for c in alias) and alias not in {f[0] for f in found}:
            found.append((alias, ""))
    if entry.origin == "abbreviation" and found and entry.term.isascii():
        # Letter abbreviations carry the pinyin of the phrase they stand for (DATASET.md).
        syllables = expected_syllables(entry.pinyin)
        if syllables is not None:
            found = [(h, r or (entry.pinyin if len(syllables) == len(h) else ""))
                     for h, r in found]
    return found


# ---------------------------------------------------------------------------------------------
# Hints


@dataclass(frozen=True)
class Hint:
    step: int  # 1..HINT_STEPS
    kind: str  # initials, toneless, toned, answer
    text: str


def hint(question: Question, step: int) -> Hint:
    """Hint number `step` (1-based, capped at the last): first letters, toneless pinyin,
    tone-marked pinyin (the UI colours it by tone), then the answer itself."""
    step = max(1, min(step, HINT_STEPS))
    reading = question.hint_pinyin
    syllables = reading.split()
    if step == 1:
        return Hint(1, "initials", " ".join(pinyin.strip_tones(s)[:1] for s in syllables))
    if step == 2:
        return Hint(2, "toneless", " ".join(pinyin.strip_tones(s) for s in syllables))
    if step == 3:
        return Hint(3, "toned", reading)
    if question.is_choice:
        return Hint(4, "answer", f"{question.answer_index + 1}. {question.answer}")
    return Hint(4, "answer", question.answer)


# ---------------------------------------------------------------------------------------------
# Grading


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer; `notes` say what was wrong (which syllable or tone)."""

    verdict: str
    notes: tuple[str, ...] = ()
    needs_self_grade: bool = False  # meaning mode: the learner says whether they knew it

    @property
    def correct(self) -> bool:
        return self.verdict == RIGHT


class NotAnAnswer(ValueError):
    """The input cannot be graded (an option number out of range); ask again."""


def grade(question: Question, answer: str) -> Grade:
    """Grade `answer` (one line as typed; '' means "I don't know").

    Raises NotAnAnswer for input that should be asked again rather than graded.
    """
    text = unicodedata.normalize("NFC", answer.strip())[:MAX_ANSWER]
    if not text:
        return Grade(WRONG, ("no answer",))
    if question.is_choice:
        return _grade_choice(question, text)
    if question.mode == "pinyin":
        return grade_pinyin(text, question.entry.pinyin)
    if question.mode == "meaning":
        return grade_meaning(text, question.entry.meaning)
    return _grade_decode(question, text)


def _grade_choice(question: Question, text: str) -> Grade:
    count = len(question.options)
    if text.isdigit():
        number = int(text)
        if not 1 <= number <= count:
            raise NotAnAnswer(f"type a number from 1 to {count}")
        if number - 1 == question.answer_index:
            return Grade(RIGHT)
        return Grade(WRONG, (f"{number} is {question.options[number - 1]}",))
    if question.mode in ("reverse", "cloze"):
        # The term typed out (any form, or its pinyin) counts as choosing it.
        if _matches_entry(text, question.entry):
            return Grade(RIGHT)
        return Grade(WRONG)
    raise NotAnAnswer(f"type a number from 1 to {count}")


def _matches_entry(text: str, entry: Entry) -> bool:
    typed = form_key(text)
    if typed in {form_key(f) for f in entry.forms()}:
        return True
    if expected_syllables(entry.pinyin) is None:
        return False
    return pinyin.toneless_key(text) == pinyin.toneless_key(entry.pinyin)


def _grade_decode(question: Question, text: str) -> Grade:
    typed = form_key(text)
    options = expansions(question.entry)
    if any(is_hanzi(c) for c in typed):
        if typed in {hanzi for hanzi, _ in options}:
            return Grade(RIGHT)
        return Grade(WRONG)
    best = Grade(WRONG)
    for _, reading in options:
        if not reading:
            continue
        result = grade_pinyin(text, reading)
        if result.verdict == RIGHT:
            return result
        if result.verdict == CLOSE and best.verdict != CLOSE:
            best = result
    return best


# -- pinyin ----------------------------------------------------------------------------------


def _marked(syllable: Syllable) -> str:
    return pinyin.mark_syllable(syllable.base, syllable.tone or 5)


def grade_pinyin(typed: str, reading: str) -> Grade:
    """Grade typed pinyin against an entry's reading and say which syllable or tone was wrong.

    Right: every syllable and tone. Close: every syllable, but a tone wrong or no tones typed.
    """
    expected = expected_syllables(reading)
    if expected is None:
        raise ValueError(f"not plain pinyin: {reading!r}")
    got = parse_pinyin(typed, expected)
    if got is None:
        return Grade(WRONG, (f"that doesn't read as pinyin; it is {reading}",))
    if len(got) != len(expected):
        return Grade(WRONG, (
            f"{len(expected)} syllable{'s' if len(expected) > 1 else ''} expected, "
            f"you typed {len(got)}: it is {reading}",
        ))
    notes = []
    syllables_ok = True
    tones_missing = all(s.tone is None for s in got)
    for number, (want, have) in enumerate(zip(expected, got), start=1):
        marked = _marked(want)
        if not same_base(have.base, want.base):
            syllables_ok = False
            notes.append(f"syllable {number}: {marked}, not {have.base}")
        elif not tones_missing and have.tone != want.tone:
            notes.append(f"syllable {number} {marked}: {_tone_name(want.tone)}, "
                         f"not {_tone_name(have.tone)}")
    if not syllables_ok:
        return Grade(WRONG, tuple(notes))
    if tones_missing and any(s.tone != 5 for s in expected):
        return Grade(CLOSE, (f"syllables right; add the tones: {reading}",))
    if notes:
        return Grade(CLOSE, tuple(notes))
    return Grade(RIGHT)


def _tone_name(tone: int | None) -> str:
    return "neutral tone" if tone in (5, None) else f"tone {tone}"


# -- meaning ---------------------------------------------------------------------------------

_PARENTHESES = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z0-9]+")
MEANING_STOP_WORDS = frozenset(
    "a an the to of in on at for and or is are be it its i you your my me we our they their this "
    "that with as by from so do does did not no what how who when someone something one very "
    "really just all".split()
)


def meaning_senses(meaning: str) -> list[set[str]]:
    """The keyword sets of a gloss's senses. The part before a colon is a literal reading
    ('lie flat: opt out of the rat race'), so only what follows it counts."""
    text = _PARENTHESES.sub(" ", meaning.lower())
    if ":" in text and text.split(":", 1)[1].strip():
        text = text.split(":", 1)[1]
    senses = []
    for part in re.split(r"[;,/]", text):
        words = _keywords(part)
        if words:
            senses.append(words)
    return senses


def _keywords(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower().replace("'", "")) if
            w not in MEANING_STOP_WORDS}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def grade_meaning(typed: str, meaning: str) -> Grade:
    """Lenient keyword grading: right when the answer covers half of one sense's keywords (or
    two keywords in all); otherwise the learner compares with the gloss and grades themselves."""
    words = _keywords(typed)
    senses = meaning_senses(meaning)
    hits = set()
    for sense in senses:
        matched = words & sense
        hits |= matched
        if matched and len(matched) >= math.ceil(len(sense) / 2):
            return Grade(RIGHT)
    if len(hits) >= 2:
        return Grade(RIGHT)
    return Grade(CLOSE, (), needs_self_grade=True)


# ---------------------------------------------------------------------------------------------
# Rating for the scheduler


def rating_for(verdict: str, hints: int, seconds: float | None, mode: str) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) for one answer.

    Wrong, or right only after the answer itself was revealed, is Again. A right answer is Easy
    when quick, Good at a normal pace, Hard when slow; a close one (a tone slip) is Hard. Each
    hint lowers the rating one step, never below Again. `seconds` None (answers read from a
    script) counts as a normal pace.
    """
    if verdict == WRONG or hints >= HINT_STEPS:
        return AGAIN
    if verdict == CLOSE:
        rating = HARD
    else:
        quick, slow = PICK_TIMES if mode in ("choice", "reverse", "cloze") else TYPE_TIMES
        if seconds is None:
            rating = GOOD
        elif seconds <= quick:
            rating = EASY
        elif seconds <= slow:
            rating = GOOD
        else:
            rating = HARD
    return max(AGAIN, rating - hints)


# ---------------------------------------------------------------------------------------------
# Session tally


@dataclass
class Outcome:
    entry_id: str
    mode: str
    verdict: str
    hints: int
    rating: int
    due: datetime


# Learning steps within a session, as FSRS clients keep them: a card answered wrong comes back
# after this many other cards (or at the end), at most this many more times.
RELEARN_GAP = 3
RELEARN_TIMES = 2


def relearn_position(verdict: str, asked_before: int, waiting: int) -> int | None:
    """Where a card just answered goes back into the session's queue of `waiting` cards: an
    index, or None when it is done for this session (answered right, or asked enough)."""
    if verdict != WRONG or asked_before >= RELEARN_TIMES:
        return None
    return min(RELEARN_GAP, waiting)


@dataclass
class Session:
    """What was answered so far; the summary is built from it at the end (or on Ctrl-C)."""

    started: datetime
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    @property
    def right(self) -> int:
        return sum(o.verdict == RIGHT for o in self.outcomes)

    def best_run(self) -> int:
        """The longest run of right answers in a row this session."""
        best = run = 0
        for outcome in self.outcomes:
            run = run + 1 if outcome.verdict == RIGHT else 0
            best = max(best, run)
        return best

    def missed(self) -> list[str]:
        return [o.entry_id for o in self.outcomes if o.verdict != RIGHT]


def describe_interval(seconds: float) -> str:
    """'in 10 minutes', 'in 3 hours', 'tomorrow', 'in 4 days', 'in 2 months'; 'now' when due."""
    if seconds < 30:
        return "now"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(seconds / 3600)
    if hours < 24:
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    days = round(seconds / 86400)
    if days == 1:
        return "tomorrow"
    if days < 60:
        return f"in {days} days"
    months = round(days / 30)
    if months < 24:
        return f"in {months} months"
    return f"in {round(days / 365)} years"
