"""The pure quiz core: choosing cards, building questions, grading, hints, ratings."""

import random
from pathlib import Path
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slangtutor import dataset, quiz
from slangtutor.text import pinyin
from slangtutor.quiz import AGAIN, CLOSE, EASY, GOOD, HARD, RIGHT, WRONG, CardStatus

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
MINI = tuple(dataset.read_decks([Path(__file__).parent / "fixtures" / "mini.toml"]))


@pytest.fixture
def deck(mini_data):
    return list(dataset.load_entries())


def by_id(deck, entry_id):
    return next(e for e in deck if e.id == entry_id)


# -- choosing cards ------------------------------------------------------------------------------


def test_rude_entries_left_out_unless_asked(deck):
    assert "lv-cha" not in {e.id for e in quiz.eligible(deck)}
    assert "lv-cha" in {e.id for e in quiz.eligible(deck, include_rude=True)}
    assert [e.id for e in quiz.eligible(deck, tags={"numbers"})] == ["666"]
    assert [e.id for e in quiz.eligible(deck, registers={"sarcastic"}, max_level=1)] == []


def test_due_reviews_first_then_new_cards_common_before_rare(deck):
    pool = quiz.eligible(deck)
    statuses = {
        "yyds": CardStatus(NOW - timedelta(hours=1), 3),
        "666": CardStatus(NOW - timedelta(days=2), 5),  # more overdue: first
        "fan-qiang": CardStatus(NOW + timedelta(days=3), 2),  # learnt, not due: left alone
    }
    picks = quiz.choose_cards(pool, statuses, NOW, 10, random.Random(1))
    ids = [p.entry.id for p in picks]
    assert ids[:2] == ["666", "yyds"]
    assert [p.is_new for p in picks] == [False, False, True, True, True]
    assert "fan-qiang" not in ids
    # The level-2 entry (凡尔赛) comes after every level-1 one.
    assert ids[-1] == "fan-er-sai"


def test_new_cards_start_with_recognition(deck):
    picks = quiz.choose_cards(quiz.eligible(deck), {}, NOW, 10, random.Random(5))
    assert {p.mode for p in picks} <= {"choice", "reverse"}


def test_mode_filter_skips_entries_that_cannot_be_asked(deck):
    picks = quiz.choose_cards(quiz.eligible(deck), {}, NOW, 10, random.Random(2), ("decode",))
    # Only the codes with an expansion in the deck: 666 (溜 liù) and yyds (永远的神).
    assert sorted((p.entry.id, p.mode) for p in picks) == [("666", "decode"), ("yyds", "decode")]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), count=st.integers(0, 12),
       due_hours=st.lists(st.integers(-100, 100), max_size=7))
def test_a_session_never_asks_a_card_twice(seed, count, due_hours):
    deck = quiz.eligible(MINI, include_rude=True)
    statuses = {e.id: CardStatus(NOW + timedelta(hours=h), 1) for e, h in zip(deck, due_hours)}
    picks = quiz.choose_cards(deck, statuses, NOW, count, random.Random(seed))
    ids = [p.entry.id for p in picks]
    assert len(ids) == len(set(ids)) <= count
    for pick in picks:
        quiz.build_question(pick.entry, pick.mode, deck, random.Random(seed))


def test_same_seed_same_session(deck):
    def session(seed):
        rng = random.Random(seed)
        picks = quiz.choose_cards(quiz.eligible(deck), {}, NOW, 5, rng)
        return [(p.entry.id, quiz.build_question(p.entry, p.mode, deck, rng).options)
                for p in picks]

    assert session(7) == session(7)
    assert session(7) != session(8)


# -- questions ---------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_options_hold_exactly_one_right_answer(seed):
    deck = list(MINI)
    rng = random.Random(seed)
    for entry in deck:
        for mode in ("choice", "reverse", "cloze"):
            if not quiz.can_ask(entry, mode):
                continue
            question = quiz.build_question(entry, mode, deck, rng)
            assert len(question.options) == quiz.OPTION_COUNT
            assert len(set(question.options)) == quiz.OPTION_COUNT
            right = entry.meaning if mode == "choice" else entry.term
            assert question.options.count(right) == 1
            assert question.options[question.answer_index] == right
            for index, option in enumerate(question.options, start=1):
                verdict = quiz.grade(question, str(index)).verdict
                assert (verdict == RIGHT) == (index - 1 == question.answer_index)


def test_distractors_never_another_form_of_the_answer(deck):
    # 永远的神 is an alias of yyds: an entry with it as its term must not be offered beside yyds.
    twin = quiz.eligible(deck)[0].__class__(
        id="yong-yuan", term="永远的神", pinyin="yǒng yuǎn de shén", meaning="forever a god",
        explanation="x", origin="phrase", register="playful", level=1, tags=("abbreviations",),
        examples=())
    pool = [*deck, twin]
    for seed in range(30):
        question = quiz.build_question(by_id(deck, "yyds"), "reverse", pool, random.Random(seed))
        assert "永远的神" not in question.options


def test_cloze_blanks_the_term(deck):
    question = quiz.build_question(by_id(deck, "yyds"), "cloze", deck, random.Random(0))
    assert question.prompt == "这家火锅＿＿！"
    assert question.translation == "This hotpot place is the GOAT!"


def test_decode_expansions(deck):
    assert quiz.expansions(by_id(deck, "yyds")) == [("永远的神", "yǒng yuǎn de shén")]
    assert quiz.expansions(by_id(deck, "fan-qiang")) == []
    question = quiz.build_question(by_id(deck, "yyds"), "decode", deck, random.Random(0))
    assert quiz.grade(question, "永远的神").verdict == RIGHT
    assert quiz.grade(question, "yong3 yuan3 de5 shen2").verdict == RIGHT
    assert quiz.grade(question, "yongyuandeshen").verdict == CLOSE
    assert quiz.grade(question, "永远").verdict == WRONG


def test_choice_input_out_of_range_is_asked_again(deck):
    question = quiz.build_question(by_id(deck, "666"), "choice", deck, random.Random(0))
    with pytest.raises(quiz.NotAnAnswer):
        quiz.grade(question, "5")
    with pytest.raises(quiz.NotAnAnswer):
        quiz.grade(question, "awesome")
    assert quiz.grade(question, "").verdict == WRONG  # Enter alone: I don't know


def test_reverse_accepts_the_term_typed_out(deck):
    question = quiz.build_question(by_id(deck, "fan-qiang"), "reverse", deck, random.Random(0))
    assert quiz.grade(question, "翻牆").verdict == RIGHT  # the traditional form
    assert quiz.grade(question, "fanqiang").verdict == RIGHT
    assert quiz.grade(question, "躺平").verdict == WRONG


# -- hints -----------------------------------------------------------------------------------


def test_hint_steps(deck):
    question = quiz.build_question(by_id(deck, "yyds"), "pinyin", deck, random.Random(0))
    steps = [quiz.hint(question, n) for n in range(1, 6)]
    assert [(h.kind, h.text) for h in steps] == [
        ("initials", "y y d s"),
        ("toneless", "yong yuan de shen"),
        ("toned", "yǒng yuǎn de shén"),
        ("answer", "yǒng yuǎn de shén"),
        ("answer", "yǒng yuǎn de shén"),
    ]
    choice = quiz.build_question(by_id(deck, "666"), "choice", deck, random.Random(0))
    last = quiz.hint(choice, 4).text
    assert last == f"{choice.answer_index + 1}. awesome, nicely done"


# -- pinyin answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "yǒng yuǎn de shén",
        "yǒngyuǎndeshén",
        "yong3 yuan3 de5 shen2",
        "yong3yuan3de5shen2",  # tone numbers, no spaces
        "yong3yuan3de0shen2",  # 0 for the neutral tone
        "yong3yuan3deshen2",  # neutral left unmarked
        "YONG3 YUAN3 DE SHEN2",
        "yǒng'yuǎn'de'shén",
        "  yong3   yuan3 de  shen2 ",
    ],
)
def test_pinyin_forms_accepted(typed):
    assert quiz.grade_pinyin(typed, "yǒng yuǎn de shén") == quiz.Grade(RIGHT)


@pytest.mark.parametrize(
    "typed, reading, verdict, notes",
    [
        # 绿茶 lǜ chá, green tea: v, u: and ü all stand for ü; plain u is another syllable.
        ("lv4cha2", "lǜ chá", RIGHT, ()),
        ("lu:4 cha2", "lǜ chá", RIGHT, ()),
        ("lu4 cha2", "lǜ chá", WRONG, ("syllable 1: lǜ, not lu",)),
        # 躺平 tǎng píng, lie flat
        ("tang3 ping3", "tǎng píng", CLOSE, ("syllable 2 píng: tone 2, not tone 3",)),
        ("tangping", "tǎng píng", CLOSE, ("syllables right; add the tones: tǎng píng",)),
        ("tang3 pin2", "tǎng píng", WRONG, ("syllable 2: píng, not pin",)),
        ("tang3", "tǎng píng", WRONG, ("2 syllables expected, you typed 1: it is tǎng píng",)),
        ("hello!", "tǎng píng", WRONG, ("that doesn't read as pinyin; it is tǎng píng",)),
        # 西安 Xī'ān: unspaced, the split nearest the expected reading wins over xian.
        ("xi1an1", "xī ān", RIGHT, ()),
        ("xīān", "xī ān", RIGHT, ()),
        # 橘 jú: ü after j is written u, and jv is accepted too.
        ("jv2", "jú", RIGHT, ()),
        ("ju2", "jú", RIGHT, ()),
    ],
)
def test_pinyin_grading_says_what_was_wrong(typed, reading, verdict, notes):
    assert quiz.grade_pinyin(typed, reading) == quiz.Grade(verdict, notes)


SYLLABLES = sorted(pinyin.SYLLABLES - {"hm", "hng", "m", "n", "ng", "ê"})


@st.composite
def readings(draw):
    count = draw(st.integers(1, 5))
    syllables = draw(st.lists(st.sampled_from(SYLLABLES), min_size=count, max_size=count))
    tones = draw(st.lists(st.integers(1, 5), min_size=count, max_size=count))
    return [(s, t) for s, t in zip(syllables, tones)]


def _render(reading, style, spacing, neutral, u_style, upper):
    parts = []
    for base, tone in reading:
        if style == "marks" and ("ü" not in base or u_style == "ü"):
            text = pinyin.mark_syllable(base, tone)
        else:  # numbers; also whoever types v or u: for ü types the tone as a number
            text = f"{base.replace('ü', u_style)}{tone if tone != 5 else neutral}"
        parts.append(text.upper() if upper else text)
    return spacing.join(parts)


@settings(max_examples=300, deadline=None)
@given(
    reading=readings(),
    style=st.sampled_from(["marks", "numbers"]),
    spacing=st.sampled_from([" ", "", "'", "  ", "-"]),
    neutral=st.sampled_from(["5", "0", ""]),
    u_style=st.sampled_from(["ü", "v", "u:"]),
    upper=st.booleans(),
)
def test_every_way_of_writing_the_right_pinyin_is_accepted(reading, style, spacing, neutral,
                                                           u_style, upper):
    expected = " ".join(pinyin.mark_syllable(base, tone) for base, tone in reading)
    typed = _render(reading, style, spacing, neutral, u_style, upper)
    assert quiz.grade_pinyin(typed, expected).verdict == RIGHT, typed


@given(st.text(max_size=40))
def test_pinyin_parser_never_crashes(text):
    result = quiz.grade_pinyin(text, "yǒng yuǎn de shén")
    assert result.verdict in (RIGHT, CLOSE, WRONG)


# -- meaning answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, meaning, verdict",
    [
        ("greatest", "the GOAT; the greatest of all time", RIGHT),
        ("the goat", "the GOAT; the greatest of all time", RIGHT),
        ("opting out of the race", "lie flat: opt out of the rat race", RIGHT),
        # The literal half of a gloss is not the slang sense: the learner judges themselves.
        ("green tea", "green tea: a woman who acts innocent to manipulate men", CLOSE),
        ("bye", "awesome, nicely done", CLOSE),
    ],
)
def test_meaning_graded_on_keywords(typed, meaning, verdict):
    result = quiz.grade_meaning(typed, meaning)
    assert result.verdict == verdict
    assert result.needs_self_grade == (verdict == CLOSE)


# -- ratings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verdict, hints, seconds, mode, rating",
    [
        (RIGHT, 0, 2.0, "choice", EASY),
        (RIGHT, 0, 10.0, "choice", GOOD),
        (RIGHT, 0, 60.0, "choice", HARD),
        (RIGHT, 0, 6.0, "pinyin", EASY),  # typing takes longer than picking
        (RIGHT, 0, None, "pinyin", GOOD),  # scripted answers: normal pace
        (RIGHT, 1, None, "pinyin", HARD),  # each hint one step lower
        (RIGHT, 2, None, "pinyin", AGAIN),
        (RIGHT, 1, 2.0, "choice", GOOD),
        (RIGHT, 4, 2.0, "choice", AGAIN),  # the answer itself was revealed
        (CLOSE, 0, 5.0, "pinyin", HARD),
        (CLOSE, 1, 5.0, "pinyin", AGAIN),
        (WRONG, 0, 1.0, "choice", AGAIN),
    ],
)
def test_rating_for(verdict, hints, seconds, mode, rating):
    assert quiz.rating_for(verdict, hints, seconds, mode) == rating


def test_rating_values_are_fsrs_ratings():
    from fsrs import Rating

    assert [Rating(v).name for v in (AGAIN, HARD, GOOD, EASY)] == ["Again", "Hard", "Good", "Easy"]


@pytest.mark.parametrize(
    "seconds, words",
    [(5, "now"), (60, "in 1 minute"), (600, "in 10 minutes"), (3 * 3600, "in 3 hours"),
     (86400, "tomorrow"), (8 * 86400, "in 8 days"), (90 * 86400, "in 3 months")],
)
def test_describe_interval(seconds, words):
    assert quiz.describe_interval(seconds) == words


def test_one_rude_policy_for_quiz_and_export():
    """--register vulgar without --include-rude is refused by quiz as by export."""
    from slangtutor import export
    from slangtutor.errors import RudeNotIncluded

    entries = list(dataset.load_entries())
    for choose in (lambda: quiz.eligible(entries, registers={"vulgar"}),
                   lambda: export.select(entries, registers={"vulgar"})):
        with pytest.raises(RudeNotIncluded, match="--include-rude"):
            choose()
    asked = quiz.eligible(entries, registers={"vulgar"}, include_rude=True)
    assert asked and all(e.register == "vulgar" for e in asked)
    assert not any(e.is_rude for e in quiz.eligible(entries))


@pytest.mark.parametrize("verdict, asked_before, waiting, expected", [
    ("wrong", 0, 10, quiz.RELEARN_GAP),   # comes back after a few other cards
    ("wrong", 0, 1, 1),                   # or at the end
    ("wrong", 0, 0, 0),                   # the last card: straight away
    ("wrong", quiz.RELEARN_TIMES, 5, None),  # asked enough this session
    ("right", 0, 5, None),
    ("close", 0, 5, None),                # a tone slip is not a miss
])
def test_a_missed_card_comes_back_in_the_session(verdict, asked_before, waiting, expected):
    assert quiz.relearn_position(verdict, asked_before, waiting) == expected
