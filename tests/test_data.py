"""The shipped dataset: what a learner believes must hold up.

These tests read the real decks in data/. The pinyin comparison uses pypinyin as the reference;
every disagreement must be listed, with a reason, in tests/pinyin_overrides/*.toml.
"""

import re
import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from slangtutor import dataset, search
from slangtutor.text import pinyin
from slangtutor.models import RUDE_REGISTERS
from slangtutor.text.keys import form_key

TESTS = Path(__file__).parent
HANZI = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def entries():
    paths = dataset.deck_paths()
    return dataset.read_decks(paths, paths[0].parent)


@pytest.fixture(scope="module")
def overrides():
    table = {}
    for path in sorted((TESTS / "pinyin_overrides").glob("*.toml")):
        with path.open("rb") as handle:
            for entry_id, row in tomllib.load(handle).items():
                assert entry_id not in table, f"{path.name}: {entry_id} overridden twice"
                table[entry_id] = (row, path.name)
    return table


def coverage_items():
    lines = (TESTS / "coverage.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_at_least_300_entries(entries):
    assert len(entries) >= 300


def test_ids_are_stable(entries):
    """Exports and progress key on ids: an id once shipped is never renamed or removed."""
    lines = (TESTS / "shipped_ids.txt").read_text(encoding="utf-8").splitlines()
    shipped = [line for line in lines if line and not line.startswith("#")]
    current = {entry.id for entry in entries}
    missing = [i for i in shipped if i not in current]
    assert not missing, f"ids removed or renamed: {missing}"
    new = sorted(current - set(shipped))
    assert not new, f"add new ids to tests/shipped_ids.txt: {new}"


@pytest.mark.parametrize("item", coverage_items())
def test_coverage_term_is_found(entries, item):
    forms = {form_key(form) for entry in entries for form in entry.forms()}
    assert any(form_key(form) in forms for form in item.split("|")), item


@pytest.fixture(scope="module")
def index(entries):
    return search.Index.build(tuple(entries))


@pytest.mark.parametrize("item", coverage_items())
def test_coverage_lookup_by_every_form(index, item):
    """Typing any form of a coverage term brings its entry up first."""
    for form in item.split("|"):
        hits = search.lookup(form, index).hits
        assert hits, form
        assert form_key(form) in {form_key(f) for f in hits[0].entry.forms()}, (
            form, hits[0].entry.id)


def test_lookup_by_pinyin_of_every_hanzi_term(index, entries):
    """Toneless and tone-number pinyin of every hanzi term reaches it (within the first five)."""
    failures = []
    for entry in entries:
        if not HANZI.search(entry.term) or not all(
                pinyin.is_syllable(t) for t in entry.pinyin.split()):
            continue
        toneless = "".join(pinyin.toneless_key(t) for t in entry.pinyin.split())
        numbered = pinyin.marked_to_numbered(entry.pinyin)
        for query in (toneless, numbered):
            ids = [hit.entry.id for hit in search.lookup(query, index).hits[:5]]
            if entry.id not in ids:
                failures.append((entry.id, query, ids))
    assert not failures


def test_lookup_by_pinyin_of_every_hanzi_alias(index, entries):
    """交猫税 typed as jiaomaoshui reaches 猫税 (within the first five)."""
    failures = []
    for entry in entries:
        for alias in entry.aliases:
            if all(HANZI.match(c) for c in alias):
                query = "".join(pinyin.toneless_key(s) for s in pinyin.hanzi_to_pinyin(alias))
                ids = [hit.entry.id for hit in search.lookup(query, index).hits[:5]]
                if entry.id not in ids:
                    failures.append((entry.id, alias, query, ids))
    assert not failures


def test_exact_match_is_not_followed_by_passing_mentions(index):
    """tql's and nbcs's explanations name yyds; looking up yyds shows yyds alone."""
    assert [hit.entry.id for hit in search.lookup("yyds", index).hits] == ["yyds"]


def reference_pinyin(text):
    return " ".join(pinyin.hanzi_to_pinyin(text))


def spoken_form(entry):
    """The hanzi whose pinyin the entry carries: the term itself, or for a letter abbreviation
    (yyds, u1s1) the hanzi phrase among its aliases with one character per syllable."""
    if all(HANZI.match(c) for c in entry.term):
        return entry.term
    syllables = entry.pinyin.split()
    if (entry.term.isdigit() or any(HANZI.match(c) for c in entry.term)
            or not all(pinyin.is_syllable(t) for t in syllables)):
        return None  # read as written (CP, 栓Q): the loader's rules check those
    candidates = list(entry.aliases)
    if entry.source_form:
        candidates.append(entry.source_form.split()[0])  # '微信 wēi xìn' -> 微信
    for candidate in candidates:
        if len(candidate) == len(syllables) and all(HANZI.match(c) for c in candidate):
            return candidate
    return None


def test_letter_abbreviations_name_their_phrase(entries):
    """yyds carries the pinyin of 永远的神, so 永远的神 is an alias or its source form."""
    missing = [
        e.id for e in entries
        if not any(HANZI.match(c) for c in e.term)
        and not e.term.isdigit()  # number codes are read digit by digit (loader's rule)
        and all(pinyin.is_syllable(t) for t in e.pinyin.split())
        and pinyin.toneless_key(e.pinyin) != pinyin.toneless_key(e.term)
        and spoken_form(e) is None
    ]
    assert missing == []


def test_term_pinyin_matches_pypinyin_or_a_reviewed_override(entries, overrides):
    disagreements = []
    for entry in entries:
        spoken = spoken_form(entry)
        if spoken is None:
            continue  # letters read as written: checked by the loader's rules
        expected = reference_pinyin(spoken)
        if entry.id in overrides:
            row, source = overrides[entry.id]
            assert row.get("reason", "").strip(), f"{source}: {entry.id} needs a reason"
            assert row["pinyin"] == entry.pinyin, f"{source}: {entry.id} override is stale"
            assert row["pinyin"] != expected, f"{source}: {entry.id} override is not needed"
            continue
        if entry.pinyin != expected:
            disagreements.append(f"{entry.id}: {entry.pinyin!r} vs pypinyin {expected!r}")
    assert not disagreements, "\n".join(disagreements)


def test_overrides_name_real_entries(entries, overrides):
    ids = {entry.id for entry in entries}
    assert sorted(set(overrides) - ids) == []


@lru_cache(maxsize=None)
def readings(char):
    from pypinyin import Style, pinyin as heteronyms

    found = set(heteronyms(char, style=Style.TONE, heteronym=True)[0])
    return found | {pinyin.strip_tones(r) for r in found}  # the neutral tone is always possible


def test_example_syllables_are_readings_of_their_hanzi(entries):
    """Each example syllable is a dictionary reading of its character (or its neutral tone)."""
    problems = []
    for entry in entries:
        for number, example in enumerate(entry.examples, 1):
            hanzi = HANZI.findall(example.zh)
            cleaned = re.sub(r"[^\w\s'’]", " ", example.pinyin).split()
            for latin in re.findall(r"[A-Za-z0-9]+", example.zh):
                # A Latin run copied as written (e, M) may look like a syllable: take it out.
                lowered = [t.lower() for t in cleaned]
                if latin.lower() in lowered:
                    del cleaned[lowered.index(latin.lower())]
            syllables = [t.lower() for t in cleaned if pinyin.is_syllable(t)]
            if len(syllables) != len(hanzi):
                problems.append(f"{entry.id} example {number}: {len(syllables)} syllables for "
                                f"{len(hanzi)} hanzi")
                continue
            for char, syllable in zip(hanzi, syllables):
                if syllable not in readings(char) and char not in "一不":
                    problems.append(f"{entry.id} example {number}: {char} read {syllable!r}")
    assert not problems, "\n".join(problems)


def test_traditional_forms_convert_back_to_the_term(entries):
    """OpenCC's traditional-to-simplified conversion of every traditional form gives the term."""
    from opencc import OpenCC

    to_simplified = OpenCC("t2s")
    wrong = [(e.id, e.traditional, to_simplified.convert(e.traditional))
             for e in entries if e.traditional and to_simplified.convert(e.traditional) != e.term]
    assert wrong == []


def test_examples_are_unique_across_entries(entries):
    counts = Counter(example.zh for entry in entries for example in entry.examples)
    assert [zh for zh, n in counts.items() if n > 1] == []


def test_common_entries_have_two_examples(entries):
    assert [e.id for e in entries if e.level == 1 and len(e.examples) < 2] == []


@pytest.mark.parametrize("term", ["草泥马", "sb", "nb", "tmd"])
def test_known_vulgar_terms_are_marked(entries, term):
    (entry,) = [e for e in entries if e.term.lower() == term]
    assert entry.register in RUDE_REGISTERS


def test_ground_rule_phrases(entries):
    rules = [e for e in entries if "ground-rules" in e.tags]
    assert len(rules) >= 8
    for entry in rules:
        assert entry.examples and entry.explanation


def test_every_tag_is_used(entries):
    from slangtutor.models import TAGS

    used = {tag for entry in entries for tag in entry.tags}
    assert set(TAGS) - used == set()


@lru_cache(maxsize=1)
def jieba_frequencies():
    import jieba

    table = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, count, *_ = line.split()
            table[word] = int(count)
    return table


# jieba's dictionary lists many 2010s neologisms at the floor count 3 (躺平, 内卷, 柠檬精): a
# count of 5 or more marks a common word, unless CC-CEDICT knows the form only as slang (高富帅,
# 屌丝 were counted from web text).
ORDINARY_WORD_COUNT = 5
SLANG_MARKS = ("slang", "neologism", "coined")


@lru_cache(maxsize=1)
def cedict_senses():
    import gzip

    from slangtutor.dictionary import cedict_path

    senses = {}
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                simplified = line.split(" ", 2)[1]
                senses.setdefault(simplified, []).extend(line.rstrip().split("/")[1:-1])
    return senses


def is_ordinary_chinese(form):
    if jieba_frequencies().get(form, 0) < ORDINARY_WORD_COUNT:
        return False
    senses = cedict_senses().get(form)
    return not senses or not all(any(m in s for m in SLANG_MARKS) for s in senses)


def test_everyday_where_the_form_is_ordinary_chinese(entries):
    """天花板, 凡尔赛, 上头: a form jieba knows as a common word carries its everyday sense."""
    missing = [e.id for e in entries if is_ordinary_chinese(e.term) and not e.everyday]
    assert missing == []


def cedict_slang_headwords():
    """Simplified headwords the shipped CC-CEDICT tags '(Internet slang)' or '(neologism...)'."""
    import gzip

    from slangtutor.dictionary import cedict_path

    heads = set()
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            if "Internet slang" in line or "neologism" in line:
                heads.add(line.split(" ", 2)[1])
    return heads


def excluded_cedict_headwords():
    with (TESTS / "cedict_slang_excluded.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_cedict_slang_headwords_are_covered_or_excluded_with_a_reason(entries):
    forms = {form_key(form) for entry in entries for form in entry.forms()}
    excluded = excluded_cedict_headwords()
    heads = cedict_slang_headwords()
    assert len(heads) >= 250  # the 2023-11 edition tags 256
    uncovered = sorted(h for h in heads if form_key(h) not in forms and h not in excluded)
    assert uncovered == [], "cover these as a term or alias, or exclude them with a reason"
    assert sorted(h for h in excluded if form_key(h) in forms) == [], "covered: drop"
    assert sorted(set(excluded) - heads) == [], "not a CC-CEDICT slang headword"
    assert [h for h, row in excluded.items() if len(row.get("reason", "").strip()) < 10] == []


def test_traditional_form_given_where_it_differs(entries):
    """A term whose Taiwan-standard form (OpenCC s2tw) differs carries it as `traditional`,
    unless that form does not convert back (a loan transliteration such as 谷子 'goods')."""
    from opencc import OpenCC

    to_traditional, to_simplified = OpenCC("s2tw"), OpenCC("t2s")
    missing = []
    for e in entries:
        form = to_traditional.convert(e.term)
        if form != e.term and not e.traditional and to_simplified.convert(form) == e.term \
                and e.id not in ("gu-zi", "chi-gu"):
            missing.append((e.id, form))
    assert missing == []


def test_traditional_forms_are_opencc_forms_or_reviewed(entries):
    """A traditional form is what OpenCC gives (s2t, s2tw or s2hk) or a reviewed exception with
    a reason: a character-by-character slip (鍊 for 鏈) is caught."""
    from opencc import OpenCC

    converters = [OpenCC(config) for config in ("s2t", "s2tw", "s2hk")]
    with (TESTS / "traditional_overrides.toml").open("rb") as handle:
        reviewed = tomllib.load(handle)
    odd = []
    for e in entries:
        if not e.traditional or e.traditional in {c.convert(e.term) for c in converters}:
            continue
        row = reviewed.get(e.id, {})
        if row.get("traditional") != e.traditional or len(row.get("reason", "")) < 10:
            odd.append((e.id, e.traditional))
    assert odd == []
    ids = {e.id for e in entries}
    assert sorted(set(reviewed) - ids) == []
