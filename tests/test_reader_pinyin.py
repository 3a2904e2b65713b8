"""Reading in context (issue 11): polyphones, particles and neutral tones, through the same
path annotate --json takes. The gold sentences were written by hand (tests/reader_data)."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from slangtutor import annotate, dictionary
from slangtutor.annotate import context, polyphone
from slangtutor.text import pinyin
from slangtutor.text.script import HANZI

DATA = Path(__file__).parent / "reader_data"
CPP = Path(__file__).resolve().parent.parent.parent / "shared" / "cpp"
# Measured 2026-12 on the 200 gold sentences (benchmarks/bench_reader.py): 99.4% strict,
# 99.6% ignoring neutral-vs-full; pypinyin alone 94.8% and 98.6%. The rules were tuned on
# these sentences (a held-out set judges them), so this guards against regressions.
STRICT_AT_LEAST = 0.99
LOOSE_AT_LEAST = 0.993


@pytest.fixture(scope="module")
def lexicon_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lexicon")
    dictionary.open_lexicon(folder)  # built once for the module (a few seconds)
    return folder


@pytest.fixture(scope="module")
def lexicon(lexicon_dir):
    return dictionary.open_lexicon(lexicon_dir)


@pytest.fixture(scope="module")
def reader(lexicon):
    return annotate.Annotator([], lexicon, backend="rjieba")


def syllables(reader, texts):
    """One syllable per hanzi of each text, from annotate --json's output."""
    out = []
    lines = reader.json_many(texts, annotate.JsonLines()).splitlines()
    for text, line in zip(texts, lines):
        found = {}
        for token in json.loads(line)["tokens"]:
            hanzi = [i for i in range(token["start"], token["end"]) if HANZI.match(text[i])]
            if hanzi:
                found.update(zip(hanzi, (token["pinyin"] or "").split()[-len(hanzi):]))
        out.append([found.get(i, "?") for i, c in enumerate(text) if HANZI.match(c)])
    return out


def colloquial(name: str = "colloquial.toml"):
    with (DATA / name).open("rb") as handle:
        return [(c["text"], c["pinyin"].split()) for c in tomllib.load(handle)["case"]]


def test_the_gold_file_is_well_formed():
    cases = colloquial()
    assert len(cases) >= 200
    for text, gold in cases:
        assert len(gold) == sum(1 for c in text if HANZI.match(c)), text
        assert all(pinyin.strip_tones(s) in pinyin.SYLLABLES for s in gold), text


def _same_but_neutral(a, b):
    return a == b or (pinyin.strip_tones(a) == pinyin.strip_tones(b)
                      and 5 in (pinyin.tone_of(a), pinyin.tone_of(b)))


@pytest.mark.parametrize("name, strict_at_least, loose_at_least", [
    ("colloquial.toml", STRICT_AT_LEAST, LOOSE_AT_LEAST),
    ("heldout_colloquial.toml", 0.975, 0.98),  # measured 98.0% / 98.6% while held out
    ("heldout3_colloquial.toml", 0.98, 0.98),  # 98.3% / 98.5% while held out
    ("heldout4_colloquial.toml", 0.985, 0.99),  # 97.5% / 98.1% while held out
    ("heldout5_colloquial.toml", 0.985, 0.99),  # 98.1% / 98.5% while held out
    ("heldout8_colloquial.toml", 0.985, 0.99),  # 98.0% / 98.7% while held out
    ("heldout9_colloquial.toml", 0.98, 0.99),  # 97.2% / 98.1% while held out
    ("heldout10_colloquial.toml", 0.97, 0.98),  # 97.6% / 98.8% while held out
    ("heldout11_colloquial.toml", 0.98, 0.995),  # 98.0% / 99.6% while held out
    ("heldout12_colloquial.toml", 0.98, 0.995),  # 97.6% / 99.3% while held out
    ("heldout13_colloquial.toml", 0.98, 0.995),  # 97.8% / 98.9% while held out
    ("heldout14_colloquial.toml", 0.98, 0.995),  # 98.0% / 99.0% while held out
    ("heldout15_colloquial.toml", 0.98, 0.995),  # 98.1% / 99.3% while held out
    ("heldout16_colloquial.toml", 0.985, 0.995),  # 98.6% / 99.5% while held out
    ("heldout17_colloquial.toml", 0.985, 0.995),  # 98.4% / 99.3% while held out
    ("heldout18_colloquial.toml", 0.98, 0.995),  # 97.9% / 99.3% while held out
    ("heldout19_colloquial.toml", 0.985, 0.995),  # 98.5% / 99.6% while held out
    ("heldout20_colloquial.toml", 0.98, 0.995),  # 98.0% / 99.3% while held out (99: a repeat dropped)
    ("heldout21_colloquial.toml", 0.98, 0.995),  # 98.3% / 99.5% while held out
    ("heldout22_colloquial.toml", 0.98, 0.995),  # 98.0% / 99.4% while held out
    ("heldout23_colloquial.toml", 0.985, 0.995),  # 98.5% / 99.4% while held out
    ("heldout24_colloquial.toml", 0.985, 0.995),  # 98.7% / 99.3% while held out
    ("heldout25_colloquial.toml", 0.985, 0.995),  # 98.8% / 99.6% while held out
    ("heldout26_colloquial.toml", 0.985, 0.995),  # 98.5% / 99.6% while held out
    ("heldout27_colloquial.toml", 0.98, 0.99),  # 98.0% / 98.9% while held out
    ("heldout28_colloquial.toml", 0.98, 0.99),  # 98.1% / 99.1% while held out
    ("heldout29_colloquial.toml", 0.975, 0.99),  # 97.4% / 98.9% while held out
    ("heldout30_colloquial.toml", 0.975, 0.99),  # 97.6% / 99.1% while held out
    ("heldout31_colloquial.toml", 0.98, 0.99),  # 98.4% / 99.5% while held out
    ("heldout32_colloquial.toml", 0.98, 0.99),  # 98.4% / 99.2% while held out
    ("heldout33_colloquial.toml", 0.985, 0.99),  # 98.9% / 99.4% while held out
    ("heldout34_colloquial.toml", 0.98, 0.99),  # 98.3% / 99.2% while held out
    ("heldout35_colloquial.toml", 0.975, 0.99),  # 98.0% / 99.3% while held out
])
def test_colloquial_sentences(reader, name, strict_at_least, loose_at_least):
    cases = colloquial(name)
    got = syllables(reader, [text for text, _ in cases])
    pairs = [(g, r) for (_, gold), read in zip(cases, got) for g, r in zip(gold, read)]
    strict = sum(g == r for g, r in pairs) / len(pairs)
    loose = sum(_same_but_neutral(g, r) for g, r in pairs) / len(pairs)
    misses = [(text, " ".join(r)) for (text, gold), r in zip(cases, got) if r != gold]
    assert strict >= strict_at_least, misses
    assert loose >= loose_at_least, misses


@pytest.mark.parametrize(
    "text, expected",
    [
        # the cases of issue 11
        ("我教你中文", "wǒ jiāo nǐ zhōng wén"),  # teach: jiāo
        ("我觉得他说得对，你得早点睡。", "wǒ jué de tā shuō de duì nǐ děi zǎo diǎn shuì"),
        ("慢慢地走", "màn màn de zǒu"),  # the adverbial 地
        ("他不由自主地笑了", "tā bù yóu zì zhǔ de xiào le"),  # after a four-character expression
        ("她高兴地说", "tā gāo xìng de shuō"),  # a word, then 地, then a verb
        ("这块地种了菜", "zhè kuài dì zhòng le cài"),  # land, after a measure word
        ("他这次得了冠军", "tā zhè cì dé le guàn jūn"),  # 得了 after a time word: got
        ("下周发工资就还", "xià zhōu fā gōng zī jiù huán"),  # give back, at the clause's end
        ("你都长这么高了", "nǐ dōu zhǎng zhè me gāo le"),  # grown so tall
        ("我要睡一整天觉", "wǒ yào shuì yī zhěng tiān jiào"),  # the sleep of 睡
        ("别把我当小孩", "bié bǎ wǒ dàng xiǎo hái"),  # 把 ... 当: treat as
        ("今晚得加班到十点", "jīn wǎn děi jiā bān dào shí diǎn"),  # a time word, then must
        ("表现好的能得一朵小红花", "biǎo xiàn hǎo de néng dé yī duǒ xiǎo hóng huā"),  # can get
        ("头发一把一把地掉", "tóu fa yī bǎ yī bǎ de diào"),  # 一X一X地: one by one
        ("把空调调到二十度", "bǎ kōng tiáo tiáo dào èr shí dù"),  # to set (a machine)
        ("食堂门口排长队", "shí táng mén kǒu pái cháng duì"),  # a long queue
        ("我的头发还没干呢", "wǒ de tóu fa hái méi gān ne"),  # not dry yet
        ("这个锅我不背", "zhè ge guō wǒ bù bēi"),  # the blame, fronted
        ("你在家待着别出门", "nǐ zài jiā dāi zhe bié chū mén"),  # to stay
        ("她攒了三年钱才买的", "tā zǎn le sān nián qián cái mǎi de"),  # to save up
        ("这里转了半天也没找到", "zhè lǐ zhuàn le bàn tiān yě méi zhǎo dào"),  # round and round
        ("他特别好面子", "tā tè bié hào miàn zi"),  # keen on face
        ("这个西瓜多重？", "zhè ge xī gua duō zhòng"),  # how heavy
        ("气温一下子降了十度", "qì wēn yī xià zi jiàng le shí dù"),  # to fall
        ("我打麻将又和了", "wǒ dǎ má jiàng yòu hú le"),  # to win (a hand)
        ("就是排队得排一个多小时", "jiù shì pái duì děi pái yī gè duō xiǎo shí"),  # must
        ("他一输就冲队友发火", "tā yī shū jiù chòng duì yǒu fā huǒ"),  # at (sb)
        ("调参数太麻烦了", "tiáo cān shù tài má fan le"),  # adjust
        ("切菜划了个口子", "qiē cài huá le gè kǒu zi"),  # cut
        ("我来削苹果", "wǒ lái xiāo píng guǒ"),  # peel
        ("公司要削减预算", "gōng sī yào xuē jiǎn yù suàn"),  # cut (a budget)
        ("想去大理待一阵", "xiǎng qù dà lǐ dāi yī zhèn"),  # stay
        ("他长什么样", "tā zhǎng shén me yàng"),  # look like
        ("出门背个双肩包", "chū mén bēi gè shuāng jiān bāo"),  # carry
        ("箱子塞满了衣服", "xiāng zi sāi mǎn le yī fu"),  # stuffed
        ("他住在圣何塞", "tā zhù zài shèng hé sài"),  # a name
        ("鱼刺卡在嗓子里", "yú cì qiǎ zài sǎng zi lǐ"),  # stuck
        ("数钱数到手软", "shǔ qián shǔ dào shǒu ruǎn"),  # count
        ("面和得太稀了", "miàn huó de tài xī le"),  # knead
        ("胶水粘了一手", "jiāo shuǐ zhān le yī shǒu"),  # stick
        ("这件衣服很称身", "zhè jiàn yī fu hěn chèn shēn"),  # fit
        ("周末还得倒两趟车", "zhōu mò hái děi dǎo liǎng tàng chē"),  # change (trains)
        ("他扒着门缝往里看", "tā bā zhe mén fèng wǎng lǐ kàn"),  # cling
        ("橘子好剥", "jú zi hǎo bāo"),  # peel
        ("出了一身汗", "chū le yī shēn hàn"),  # sweat
        ("嗓子疼得咽不下", "sǎng zi téng de yàn bù xià"),  # swallow
        ("今天又闷又热", "jīn tiān yòu mēn yòu rè"),  # muggy
        ("一整宿没睡", "yī zhěng xiǔ méi shuì"),  # a night
        ("转了三圈也没找着车位", "zhuàn le sān quān yě méi zhǎo zháo chē wèi"),  # found
        ("打印机卡纸了", "dǎ yìn jī qiǎ zhǐ le"),  # jammed
        ("车门被划了一道", "chē mén bèi huá le yī dào"),  # scratched
        ("选择题全是蒙的", "xuǎn zé tí quán shì mēng de"),  # guessed
        ("她弹了三年琴", "tā tán le sān nián qín"),  # played
        ("打完麻将我和他去吃饭", "dǎ wán má jiàng wǒ hé tā qù chī fàn"),  # and
        ("把亮度调亮一点", "bǎ liàng dù tiáo liàng yī diǎn"),  # adjust
        ("番茄居然结果了", "fān qié jū rán jiē guǒ le"),  # bore fruit
        ("饭都盛好了", "fàn dōu chéng hǎo le"),  # ladled out
        ("赶紧划走了", "gǎn jǐn huá zǒu le"),  # swiped away
        ("流了好多血", "liú le hǎo duō xiě"),  # blood, said alone
        ("他太过分了", "tā tài guò fèn le"),  # 过分 kept whole when 太 is cut off
        ("我买了很多东西", "wǒ mǎi le hěn duō dōng xi"),  # 'things'
        ("他长得好帅", "tā zhǎng de hǎo shuài"),
        # a rule each
        ("他得了第一名", "tā dé le dì yī míng"),  # 得了 obtained
        ("你还钱了吗", "nǐ huán qián le ma"),  # give back
        ("我还没吃饭", "wǒ hái méi chī fàn"),  # still
        ("家里有三只猫", "jiā lǐ yǒu sān zhī māo"),  # the measure word
        ("我只想睡一觉", "wǒ zhǐ xiǎng shuì yī jiào"),  # only; a sleep
        ("你明天有空吗", "nǐ míng tiān yǒu kòng ma"),  # free time
        ("我们放假了", "wǒ men fàng jià le"),
        ("孩子睡着了", "hái zi shuì zháo le"),  # fell asleep
        ("他笑着说", "tā xiào zhe shuō"),
        ("这条路很长", "zhè tiáo lù hěn cháng"),  # long
        ("东西南北都有", "dōng xī nán běi dōu yǒu"),  # east and west
        ("朋友们的衣服很漂亮", "péng you men de yī fu hěn piào liang"),  # neutral tones
        ("等一会儿，慢点儿", "děng yī huì er màn diǎn er"),  # erhua: a neutral er
        ("写错了就重写", "xiě cuò le jiù chóng xiě"),  # again
        ("你帮我看孩子", "nǐ bāng wǒ kān hái zi"),  # look after
        ("别把我的话当回事", "bié bǎ wǒ de huà dàng huí shì"),
        ("现在的学生太卷了", "xiàn zài de xué sheng tài juǎn le"),  # compete hard
        ("他把钱藏起来了", "tā bǎ qián cáng qǐ lai le"),  # a complement: neutral
        ("快起来吧", "kuài qǐ lái ba"),  # a verb of its own
        ("就住在武康路40弄", "jiù zhù zài wǔ kāng lù lòng"),  # a lane, after a number
        ("别弄坏了", "bié nòng huài le"),
        ("小时候最爱看哆啦A梦", "xiǎo shí hou zuì ài kàn duō lā mèng"),
        ("啦啦啦，周末啦", "lā lā lā zhōu mò la"),  # sung in full; the particle
        ("在百度贴吧里看到的", "zài bǎi dù tiē bā lǐ kàn dào de"),  # Tieba
        ("撒上葱花，汤撒了一地", "sǎ shàng cōng huā tāng sǎ le yī dì"),  # sprinkle, spill
        ("别撒谎", "bié sā huǎng"),
        ("勃艮第的红酒", "bó gèn dì de hóng jiǔ"),
        ("一晃十年过去了", "yī huǎng shí nián guò qù le"),  # in a flash: huǎng
        ("我琢磨了半天", "wǒ zuó mo le bàn tiān"),
        ("我弟半年长了十公分", "wǒ dì bàn nián zhǎng le shí gōng fēn"),  # grew by
        ("时间长了就好", "shí jiān cháng le jiù hǎo"),
        ("衣服全都得重新买", "yī fu quán dōu děi chóng xīn mǎi"),  # an adverb, then must
        ("他跑得也快", "tā pǎo de yě kuài"),
        ("奶奶种的黄瓜，这种的不行", "nǎi nai zhòng de huáng gua zhè zhǒng de bù xíng"),
        ("同事卷得太狠了", "tóng shì juǎn de tài hěn le"),
        ("室友偷偷藏我快递", "shì yǒu tōu tōu cáng wǒ kuài dì"),
        ("干一行爱一行", "gàn yī háng ài yī háng"),
        ("在换乘站转了好几圈", "zài huàn chéng zhàn zhuàn le hǎo jǐ quān"),
        ("两小时量一次体温", "liǎng xiǎo shí liáng yī cì tǐ wēn"),
        ("考试全靠蒙，居然蒙对了", "kǎo shì quán kào mēng jū rán mēng duì le"),
        ("蒙泰隆", "méng tài lóng"),  # a name: nothing before 蒙 to read as guessing
        ("每次铺床单都要爬半天", "měi cì pū chuáng dān dōu yào pá bàn tiān"),
        ("庆丰包子铺", "qìng fēng bāo zi pù"),  # a shop
        ("一笔一划", "yī bǐ yī huà"),
        ("一切都懒得干", "yī qiè dōu lǎn de gàn"),
        ("这张照片拍得有点糊", "zhè zhāng zhào piàn pāi de yǒu diǎn hú"),  # blurry: hú
        ("锅里的菜都糊了", "guō lǐ de cài dōu hú le"),
        ("我在学弹钢琴", "wǒ zài xué tán gāng qín"),  # to play an instrument: tán
        ("衣服晒了一天还没干", "yī fu shài le yī tiān hái méi gān"),  # dry, after drying in the sun
        ("凭什么让我背锅", "píng shén me ràng wǒ bēi guō"),  # to carry the blame: bēi
        ("好久没更了", "hǎo jiǔ méi gēng le"),  # to update a post: gēng
        ("热得我一直扇扇子", "rè de wǒ yī zhí shān shàn zi"),  # to fan (shān) with a fan (shàn)
        ("宝宝哭了，你去哄一下", "bǎo bao kū le nǐ qù hǒng yī xià"),  # to soothe: hǒng
        ("晕车晕得厉害", "yùn chē yùn de lì hai"),  # motion sickness, said again: yùn
        ("明天要交卷子", "míng tiān yào jiāo juàn zi"),  # a test paper: juàn
        ("先下载一个软件", "xiān xià zài yī gè ruǎn jiàn"),  # to download: zài
        ("一天要量三次体温", "yī tiān yào liáng sān cì tǐ wēn"),  # to measure: liáng
        ("颜色调得太暗了", "yán sè tiáo de tài àn le"),  # to adjust: tiáo
        ("你帮我看店", "nǐ bāng wǒ kān diàn"),  # to mind (a shop): kān
        ("咱们这行最看重经验", "zán men zhè háng zuì kàn zhòng jīng yàn"),  # a trade: háng
        ("打球崴了脚", "dǎ qiú wǎi le jiǎo"),  # to sprain: wǎi
        ("喝多了想吐", "hē duō le xiǎng tù"),  # to vomit: tù
        ("狗狗吃完就吐了。", "gǒu gǒu chī wán jiù tù le"),
        ("别随地吐痰", "bié suí dì tǔ tán"),  # to spit: tǔ
        ("下了一场大雨", "xià le yī cháng dà yǔ"),  # a spell of rain: cháng
        ("看了一场电影", "kàn le yī chǎng diàn yǐng"),  # a showing: chǎng
        ("黄瓜切薄一点", "huáng gua qiē báo yī diǎn"),  # thin: báo
        ("汤好了先别盛", "tāng hǎo le xiān bié chéng"),  # to ladle out: chéng
        ("我想养只猫", "wǒ xiǎng yǎng zhī māo"),  # a (cat): zhī
        ("这个软件我没用过。", "zhè ge ruǎn jiàn wǒ méi yòng guo"),
        ("钱下个月还，", "qián xià gè yuè huán"),  # to pay back: huán
        ("在南京倒车去上海", "zài nán jīng dǎo chē qù shàng hǎi"),  # to change trains: dǎo
        ("倒车入库", "dào chē rù kù"),  # to reverse: dào
        ("在古镇里转了一下午", "zài gǔ zhèn lǐ zhuàn le yī xià wǔ"),  # to stroll around: zhuàn
        ("教练说话特别冲", "jiào liàn shuō huà tè bié chòng"),  # blunt: chòng
        ("面要和得软一点", "miàn yào huó de ruǎn yī diǎn"),  # to knead: huó
        ("请好假就回去", "qǐng hǎo jià jiù huí qù"),  # leave: jià
        ("往右一划就能删", "wǎng yòu yī huá jiù néng shān"),  # a swipe: huá
        ("天冷了，别冻着", "tiān lěng le bié dòng zháo"),  # to catch (a cold): zháo
        ("千万别出差错", "qiān wàn bié chū chā cuò"),  # a mistake: chā
        ("下周出差", "xià zhōu chū chāi"),  # a business trip: chāi
        ("伤口还没长好", "shāng kǒu hái méi zhǎng hǎo"),  # to heal: zhǎng
        ("过年前得把屋子收拾一遍", "guò nián qián děi bǎ wū zi shōu shi yī biàn"),
        ("门上老被塞小广告", "mén shàng lǎo bèi sāi xiǎo guǎng gào"),  # to stuff: sāi
        ("吐了好几次", "tù le hǎo jǐ cì"),  # to vomit: tù
        ("今年都没怎么下过雪", "jīn nián dōu méi zěn me xià guo xuě"),  # ever: guo
        ("没过多久就到了", "méi guò duō jiǔ jiù dào le"),  # passed: guò
        ("没过几天他就走了", "méi guò jǐ tiān tā jiù zǒu le"),  # not (mò, to submerge)
        # a rule's character at a line's edge: nothing before it is not "any of these"
        ("晕得不行", "yūn de bù xíng"),  # dizzy: yūn (yùn is 晕车's motion sickness)
        ("头好晕", "tóu hǎo yūn"),
        ("理发师说我发量少", "lǐ fà shī shuō wǒ fà liàng shǎo"),  # hair: fà
        ("快递根本没收到", "kuài dì gēn běn méi shōu dào"),  # not received (mò shōu: to confiscate)
        ("一时兴起办了张卡", "yī shí xìng qǐ bàn le zhāng kǎ"),  # on a whim: xìng
        ("番茄结了好多", "fān qié jiē le hǎo duō"),  # bore fruit: jiē
        ("搬完家累得要死", "bān wán jiā lèi de yào sǐ"),  # tired: lèi (家累 is glued)
        ("床都没铺就睡了", "chuáng dōu méi pū jiù shuì le"),  # to make (a bed): pū
        ("这是我吃过最好吃的", "zhè shì wǒ chī guo zuì hǎo chī de"),  # ever: guo
        ("叶片越来越薄", "yè piàn yuè lái yuè báo"),  # thin: báo
        ("跑步机速度调太快", "pǎo bù jī sù dù tiáo tài kuài"),  # to set: tiáo
        ("冰箱卡在门口", "bīng xiāng qiǎ zài mén kǒu"),  # stuck: qiǎ
        ("我的卡在钱包里", "wǒ de kǎ zài qián bāo lǐ"),  # a card: kǎ
        ("借了个皮搋子", "jiè le gè pí chuāi zi"),  # the noun suffix: zi
        ("新房子朝南", "xīn fáng zi cháo nán"),  # 新 + 房子 (fáng zi)
        ("想染浅色要先漂两次", "xiǎng rǎn qiǎn sè yào xiān piǎo liǎng cì"),  # to bleach: piǎo
        ("头发扎好了", "tóu fa zā hǎo le"),  # to tie (hair): zā
        ("扎了一个洞", "zhā le yī gè dòng"),  # to prick: zhā
        ("薄荷长太高了", "bò he zhǎng tài gāo le"),  # to grow: zhǎng
        ("月季长了蚜虫", "yuè jì zhǎng le yá chóng"),  # grew: zhǎng
        ("夏天一天得浇两次", "xià tiān yī tiān děi jiāo liǎng cì"),  # must: děi
        ("论文查重没过", "lùn wén chá chóng méi guò"),  # checking for copying: chóng; not passed: guò
        ("门锁卡住了", "mén suǒ qiǎ zhù le"),  # stuck: qiǎ
        ("钥匙怎么都转不动", "yào shi zěn me dōu zhuàn bù dòng"),  # to turn round: zhuàn
        ("爷爷乐得合不拢嘴", "yé ye lè de hé bù lǒng zuǐ"),  # so glad that: de
        ("装修这行水太深", "zhuāng xiū zhè háng shuǐ tài shēn"),  # a line of work: háng
        ("孩子平时都是外婆帮忙看", "hái zi píng shí dōu shì wài pó bāng máng kān"),  # to look after: kān
        ("借的书一直忘了还", "jiè de shū yī zhí wàng le huán"),  # to give back: huán
        ("切成小块才好咽", "qiē chéng xiǎo kuài cái hǎo yàn"),  # to swallow: yàn
        ("米饭随便盛", "mǐ fàn suí biàn chéng"),  # to ladle out: chéng
        ("给我塞两件毛衣", "gěi wǒ sāi liǎng jiàn máo yī"),  # to stuff: sāi
        ("简单的曲子都弹不好", "jiǎn dān de qǔ zi dōu tán bù hǎo"),  # to play: tán
        ("子弹不够了", "zǐ dàn bù gòu le"),  # a bullet: dàn
        ("水没过了膝盖", "shuǐ mò guò le xī gài"),  # to submerge: mò
        ("把三脚架落在出租车上了", "bǎ sān jiǎo jià là zài chū zū chē shàng le"),  # to leave behind: là
        ("叶子落在地上", "yè zi luò zài dì shang"),  # to fall: luò
        ("原来是只野猫", "yuán lái shì zhī yě māo"),  # a (cat): zhī
        ("一条都没钓着", "yī tiáo dōu méi diào zháo"),  # a result not reached: zháo
        ("下过雨路特别滑", "xià guo yǔ lù tè bié huá"),  # it has rained: guo
        ("这张图调了半天", "zhè zhāng tú tiáo le bàn tiān"),  # adjusting: tiáo
        ("我只能在旁边干看着", "wǒ zhǐ néng zài páng biān gān kàn zhe"),  # idly: gān
        ("拍日出得凌晨四点起", "pāi rì chū děi líng chén sì diǎn qǐ"),  # must: děi
        ("一沾枕头就着了", "yī zhān zhěn tou jiù zháo le"),  # asleep: zháo
        ("用丝带扎了个蝴蝶结", "yòng sī dài zā le gè hú dié jié"),  # to tie: zā
        ("通道特别长", "tōng dào tè bié cháng"),  # long: cháng
        ("看着眼睛累", "kàn zhe yǎn jing lèi"),  # the particle after 看 (not 着眼 zhuó)
        ("干什么都提不起劲", "gàn shén me dōu tí bù qǐ jìn"),  # energy: jìn
        ("下学期还得重考", "xià xué qī hái děi chóng kǎo"),  # again: chóng
        ("织错了一行，只能拆了", "zhī cuò le yī háng zhǐ néng chāi le"),  # a row: háng
        ("胶水没干之前别动它", "jiāo shuǐ méi gān zhī qián bié dòng tā"),  # dry: gān
        ("把上篮直接扇飞了", "bǎ shàng lán zhí jiē shān fēi le"),  # to slap away: shān
        ("我的事全让他说中了", "wǒ de shì quán ràng tā shuō zhòng le"),  # to hit the mark: zhòng
        ("场场不落", "chǎng chǎng bù là"),  # not one missed: là
        ("我最近特别闷", "wǒ zuì jìn tè bié mèn"),  # low, bored: mèn
        ("屋里特别闷", "wū lǐ tè bié mēn"),  # stuffy: mēn
        ("朝九晚九的日子", "zhāo jiǔ wǎn jiǔ de rì zi"),  # morning: zhāo
        ("架子是我自己钉的", "jià zi shì wǒ zì jǐ dìng de"),  # to nail: dìng
        ("在墙上钻个孔", "zài qiáng shàng zuān gè kǒng"),  # to drill: zuān
        ("越数越清醒", "yuè shǔ yuè qīng xǐng"),  # to count: shǔ
        ("办证请了三次假", "bàn zhèng qǐng le sān cì jià"),  # leave: jià
        ("写得比我还长", "xiě de bǐ wǒ hái cháng"),  # longer: cháng
        ("户口本得本人带着", "hù kǒu běn děi běn rén dài zhe"),  # must: děi
        ("代码我调了一整晚", "dài mǎ wǒ tiáo le yī zhěng wǎn"),  # adjusting: tiáo
        ("能帮我降两个调吗", "néng bāng wǒ jiàng liǎng gè diào ma"),  # to lower: jiàng
        ("喝多了抱着垃圾桶吐", "hē duō le bào zhe lā jī tǒng tù"),  # to vomit: tù
        ("这家清吧氛围很好", "zhè jiā qīng bā fēn wéi hěn hǎo"),  # a bar: bā
        ("咖啡店的空位太少", "kā fēi diàn de kòng wèi tài shǎo"),  # a free seat: kòng
        ("量完尺寸再说", "liáng wán chǐ cun zài shuō"),  # to measure: liáng
        ("卷起来穿更好看", "juǎn qǐ lai chuān gèng hǎo kàn"),  # better: hǎo
        ("和了！清一色", "hú le qīng yī sè"),  # a winning hand: hú
        ("你是不是偷偷练过？", "nǐ shì bù shì tōu tōu liàn guo"),  # ever: guo
        ("等它回调了再买", "děng tā huí tiáo le zài mǎi"),  # a pullback: tiáo
        ("再来两打啤酒", "zài lái liǎng dá pí jiǔ"),  # a dozen: dá
        ("两杯下肚就倒了", "liǎng bēi xià dù jiù dǎo le"),  # keeled over: dǎo
        ("把水倒了", "bǎ shuǐ dào le"),  # poured out: dào
        ("穿着勒得慌", "chuān zhe lēi de huāng"),  # too tight: lēi
        ("不小心呛了一大口", "bù xiǎo xīn qiāng le yī dà kǒu"),  # choked (on water): qiāng
        ("烟呛得我直咳嗽", "yān qiàng de wǒ zhí ké sou"),  # (smoke) stinging: qiàng
        ("还给它戴了条围巾", "hái gěi tā dài le tiáo wéi jīn"),  # also … for it: hái
        ("奶奶硬要塞给我", "nǎi nai yìng yào sāi gěi wǒ"),  # to slip (into sb's hand): sāi
        ("抽奖我就中了个杯子", "chōu jiǎng wǒ jiù zhòng le gè bēi zi"),  # won: zhòng
        ("这件只试穿过一次", "zhè jiàn zhǐ shì chuān guo yī cì"),  # worn: guo
        ("救生员不让下水", "jiù shēng yuán bù ràng xià shuǐ"),  # into the water: shuǐ
        ("他高兴得放声大哭", "tā gāo xìng de fàng shēng dà kū"),  # a complement after an adjective: de
        ("宝宝你看！", "bǎo bao nǐ kàn"),  # to look: kàn (no looking after here)
        ("孩子们都爱看。", "hái zi men dōu ài kàn"),  # to watch: kàn
        ("孩子都是外婆帮忙看😂", "hái zi dōu shì wài pó bāng máng kān"),  # to look after, before an emoji: kān
        ("如果结了婚就好了", "rú guǒ jié le hūn jiù hǎo le"),  # married: jié (如果 is no fruit)
        ("过几天我就没空了", "guò jǐ tiān wǒ jiù méi kòng le"),  # to pass: guò, at a line's start
        ("手机被老师没收过", "shǒu jī bèi lǎo shī mò shōu guo"),  # confiscated: mò
        ("给他发根烟", "gěi tā fā gēn yān"),  # to hand out: fā
        ("回调函数", "huí diào hán shù"),  # a callback: diào
        ("这件速干衣特别薄", "zhè jiàn sù gān yī tè bié báo"),  # thin: báo
        ("一抬胳膊就露肚子", "yī tái gē bo jiù lòu dù zi"),  # to show: lòu
        ("打折的时候囤了两套", "dǎ zhé de shí hou tún le liǎng tào"),  # to hoard: tún
        ("给我挑点好的", "gěi wǒ tiāo diǎn hǎo de"),  # to pick: tiāo
        ("我没少挨教练的骂", "wǒ méi shǎo ái jiào liàn de mà"),  # to suffer (a scolding): ái
        ("积分可以当现金用", "jī fēn kě yǐ dàng xiàn jīn yòng"),  # as: dàng
        ("阿姨在数硬币", "ā yí zài shǔ yìng bì"),  # to count: shǔ
        ("洗衣液倒多了，漂了三遍", "xǐ yī yè dào duō le piǎo le sān biàn"),  # to rinse: piǎo
        ("周末打麻将，和了！", "zhōu mò dǎ má jiàng hú le"),  # a winning hand, after a comma: hú
        ("我和你去打麻将", "wǒ hé nǐ qù dǎ má jiàng"),  # and: hé
        ("坐了半天只钓着一条鱼", "zuò le bàn tiān zhǐ diào zháo yī tiáo yú"),  # caught: zháo
        ("湖边的露水还没干", "hú biān de lù shuǐ hái méi gān"),  # dry: gān
        ("我们划了一下午船", "wǒ men huá le yī xià wǔ chuán"),  # to row: huá
        ("出门得带伞", "chū mén děi dài sǎn"),  # must (bring): děi
        ("这药得饭后吃", "zhè yào děi fàn hòu chī"),  # must (after meals): děi
        ("他说得把门关上", "tā shuō děi bǎ mén guān shàng"),  # said (we) must: děi
        ("他说得对", "tā shuō de duì"),  # a complement: de
        ("你帮我多看着点", "nǐ bāng wǒ duō kān zhe diǎn"),  # keep an eye on: kān
        ("还车前要加满油", "huán chē qián yào jiā mǎn yóu"),  # to return (the car): huán
        ("租车行的老板人很好", "zū chē háng de lǎo bǎn rén hěn hǎo"),  # a firm: háng
        ("这辆车行不行", "zhè liàng chē xíng bù xíng"),  # all right: xíng
        ("前面路口调头", "qián miàn lù kǒu diào tóu"),  # a U-turn: diào tóu
        ("隔壁说话都听得见", "gé bì shuō huà dōu tīng de jiàn"),  # audible: de
        ("修车的老师傅", "xiū chē de lǎo shī fu"),  # a master: shī fu
        ("木头泡涨了", "mù tou pào zhàng le"),  # swollen: zhàng
        ("买了件薄外套", "mǎi le jiàn báo wài tào"),  # thin: báo
        ("门口挂满了锦旗和牌匾", "mén kǒu guà mǎn le jǐn qí hé pái biǎn"),  # and: hé (牌匾 is no mahjong)
        ("这衣服脏得不行", "zhè yī fu zāng de bù xíng"),  # dirty: zāng (心脏 is a word of its own)
        ("心脏不太好", "xīn zàng bù tài hǎo"),  # the heart: zàng
        ("我爸这人倔得很", "wǒ bà zhè rén juè de hěn"),  # gruff: juè
        ("盐得少吃", "yán děi shǎo chī"),  # must (eat less): děi
        ("现在比以前好得多", "xiàn zài bǐ yǐ qián hǎo de duō"),  # much better: de
        ("来回一趟得花三个小时", "lái huí yī tàng děi huā sān gè xiǎo shí"),  # must spend: děi
        ("上下楼得有人扶着", "shàng xià lóu děi yǒu rén fú zhe"),  # someone must: děi
        ("他们长得有点像", "tā men zhǎng de yǒu diǎn xiàng"),  # a complement: de
        ("扣子也系得上了", "kòu zi yě jì de shàng le"),  # to fasten: jì
        ("总算抢着了两张票", "zǒng suàn qiǎng zháo le liǎng zhāng piào"),  # got (tickets): zháo
        ("背了两瓶水上山", "bēi le liǎng píng shuǐ shàng shān"),  # carried: bēi
        ("课文背了好几遍", "kè wén bèi le hǎo jǐ biàn"),  # recited: bèi
        ("公积金能拿来还房贷吗", "gōng jī jīn néng ná lái huán fáng dài ma"),  # to pay off: huán
        ("我明天还你钱", "wǒ míng tiān huán nǐ qián"),  # to pay back: huán
        ("信用卡还了吗", "xìn yòng kǎ huán le ma"),  # paid back: huán
        ("信用卡还没还", "xìn yòng kǎ hái méi huán"),  # still not (paid back): hái, huán
        ("钱还不够", "qián hái bù gòu"),  # still: hái
        ("早上穿衣服又闹了半天", "zǎo shang chuān yī fu yòu nào le bàn tiān"),  # as 衣服: yī fu
        ("孩子发脾气别讲道理", "hái zi fā pí qi bié jiǎng dào li"),  # as 脾气 道理
        ("一发而不可收拾", "yī fā ér bù kě shōu shí"),  # an idiom keeps its tones
        ("我老公说的", "wǒ lǎo gōng shuō de"),  # a husband: lǎo gōng
        ("衣服湿得能拧出水", "yī fu shī de néng níng chū shuǐ"),  # to wring: níng
        ("拧螺丝", "nǐng luó sī"),  # to screw: nǐng
        ("一个都没套中", "yī gè dōu méi tào zhòng"),  # a hit (at ring toss): zhòng
        ("炸串好香", "zhá chuàn hǎo xiāng"),  # deep-fried: zhá
        ("把字体调到最大", "bǎ zì tǐ tiáo dào zuì dà"),  # to set: tiáo
        ("半夜还抱着手机", "bàn yè hái bào zhe shǒu jī"),  # holding: zhe (not 着手)
        ("着手准备", "zhuó shǒu zhǔn bèi"),  # to set about: zhuó
        ("不去就算了", "bù qù jiù suàn le"),  # 就 + 算了 'forget it'
        ("比做作业还累", "bǐ zuò zuò yè hái lèi"),  # 做 + 作业 (not 做作)
        ("味道冲得很", "wèi dao chòng de hěn"),  # a strong smell: chòng
        ("买了二十卷卫生纸", "mǎi le èr shí juǎn wèi shēng zhǐ"),  # rolls: juǎn
        ("别用那边嚼", "bié yòng nà bian jiáo"),  # to chew: jiáo
        ("汤居然这么鲜", "tāng jū rán zhè me xiān"),  # savoury: xiān (xiǎn only in 鲜为人知)
        ("最怕钻牙的声音", "zuì pà zuān yá de shēng yīn"),  # to drill: zuān
        ("划了一道长长的口子", "huá le yī dào cháng cháng de kǒu zi"),  # long: cháng
        ("扔得到处都是", "rēng de dào chù dōu shì"),  # 扔得 + 到处
        ("我得到了奖", "wǒ dé dào le jiǎng"),  # got: dé dào
        ("洗衣机转着转着停了", "xǐ yī jī zhuàn zhe zhuàn zhe tíng le"),  # spinning: zhuàn
        ("拿着扇子直扇", "ná zhe shàn zi zhí shān"),  # fanning: shān
        ("不停地嘀嘀叫", "bù tíng de dī dī jiào"),  # the adverbial de; dī dī
        ("她一个一个数", "tā yī gè yī gè shǔ"),  # to count: shǔ
        ("这个数不对", "zhè ge shù bù duì"),  # the number: shù
        ("大爷在嗑瓜子", "dà ye zài kè guā zǐ"),  # to crack (seeds): kè
        ("只好一只只捉", "zhǐ hǎo yī zhī zhī zhuō"),  # one by one: zhī
        ("师傅得后天才能上门", "shī fu děi hòu tiān cái néng shàng mén"),  # must: děi
        ("老师得了奖", "lǎo shī dé le jiǎng"),  # got: dé
        ("干饭了干饭了", "gàn fàn le gàn fàn le"),  # to chow down (slang): gàn
        ("终于逮到一只蟑螂", "zhōng yú dǎi dào yī zhī zhāng láng"),  # to catch: dǎi
        ("男主一句话不吭就走了", "nán zhǔ yī jù huà bù kēng jiù zǒu le"),  # to utter: kēng
        ("只好冲奶粉", "zhǐ hǎo chōng nǎi fěn"),  # to make (with water): chōng
        ("说话很冲", "shuō huà hěn chòng"),  # blunt: chòng
        ("唠了一晚上家常", "lào le yī wǎn shang jiā cháng"),  # to chat: lào
        ("一坐电梯就晕", "yī zuò diàn tī jiù yùn"),  # motion-sick: yùn
        ("腊肉得用温水泡", "là ròu děi yòng wēn shuǐ pào"),  # must: děi
        ("心里憋屈得很", "xīn li biē qu de hěn"),  # as the dictionary: biē qu
        ("再撒把葱花", "zài sǎ bǎ cōng huā"),  # to sprinkle: sǎ
        ("排了半天队才买着", "pái le bàn tiān duì cái mǎi zháo"),  # got (one): zháo
        ("买着玩", "mǎi zhe wán"),  # the particle: zhe
        ("我闭着眼都能数出来", "wǒ bì zhe yǎn dōu néng shǔ chū lai"),  # zhe (not 着眼 zhuó); to count: shǔ
        ("扎着红头绳", "zā zhe hóng tóu shéng"),  # tied: zā
        ("睡不踏实", "shuì bù tā shi"),  # as the dictionary: tā shi
        ("每天弹同一首曲子", "měi tiān tán tóng yī shǒu qǔ zi"),  # to play: tán
        ("子弹打中了", "zǐ dàn dǎ zhòng le"),  # a bullet: dàn
        ("把电视都藏到柜子里了", "bǎ diàn shì dōu cáng dào guì zi lǐ le"),  # to hide: cáng
        ("总算称了我妈的心", "zǒng suàn chèn le wǒ mā de xīn"),  # to one's liking: chèn
        ("走了两站地", "zǒu le liǎng zhàn dì"),  # a distance: dì
        ("换一套得八十块", "huàn yī tào děi bā shí kuài"),  # it takes: děi
        ("累得三天没睡", "lèi de sān tiān méi shuì"),  # a complement: de
        ("仔细调了调", "zǐ xì tiáo le tiáo"),  # to adjust: tiáo
        ("前轮一晃一晃的", "qián lún yī huàng yī huàng de"),  # swaying: huàng
        ("一晃三年过去了", "yī huǎng sān nián guò qù le"),  # in a flash: huǎng
        ("他划得歪歪扭扭", "tā huá de wāi wāi niǔ niǔ"),  # to row: huá
        ("好几个都露了馅", "hǎo jǐ gè dōu lòu le xiàn"),  # to show: lòu
        ("嗓子干得冒烟", "sǎng zi gān de mào yān"),  # dry: gān
        ("一身臭汗", "yī shēn chòu hàn"),  # sweat: hàn
        ("有些梗又冲又露骨", "yǒu xiē gěng yòu chòng yòu lù gǔ"),  # blunt: chòng
        ("看完倒觉得有点意思", "kàn wán dào jué de yǒu diǎn yì si"),  # actually: dào
        ("把积水排干了", "bǎ jī shuǐ pái gān le"),  # drained: gān
        ("被主任逮个正着", "bèi zhǔ rèn dǎi gè zhèng zháo"),  # caught in the act: dǎi, zháo
        ("警察逮捕了他", "jǐng chá dài bǔ le tā"),  # to arrest: dài
        ("不吃东西，还老吐", "bù chī dōng xi hái lǎo tù"),  # vomiting: tù
        ("往我怀里钻", "wǎng wǒ huái lǐ zuān"),  # burrowing: zuān
        ("打针的时候得两个人按着", "dǎ zhēn de shí hou děi liǎng gè rén àn zhe"),  # must: děi
        ("每天多遛狗", "měi tiān duō liù gǒu"),  # to walk (a dog): liù
        ("毯子又薄", "tǎn zi yòu báo"),  # thin: báo
        ("才找着血管", "cái zhǎo zháo xuè guǎn"),  # found: zháo
        ("就是不长记性", "jiù shì bù zhǎng jì xing"),  # zhǎng
        ("脏衣服闷在箱子里", "zāng yī fu mēn zài xiāng zi lǐ"),  # shut in: mēn
        ("花着踏实", "huā zhe tā shi"),  # spending: zhe
        ("帐篷塌了一角", "zhàng peng tā le yī jiǎo"),  # a corner: jiǎo
        ("主角是谁", "zhǔ jué shì shéi"),  # a role: jué
        ("居然连中好几个", "jū rán lián zhòng hǎo jǐ gè"),  # hit after hit: zhòng
        ("连中国人都不知道", "lián zhōng guó rén dōu bù zhī dao"),  # even: zhōng guó
        ("从笼子缝里溜了", "cóng lóng zi fèng lǐ liū le"),  # a crack: fèng
        ("笼子得勤打扫", "lóng zi děi qín dǎ sǎo"),  # must: děi
        ("吃饭得等长辈先动筷子", "chī fàn děi děng zhǎng bèi xiān dòng kuài zi"),  # must: děi
        ("第一次去丈母娘家", "dì yī cì qù zhàng mu niáng jiā"),  # as the dictionary
        ("说是还车后一个月才退", "shuō shì huán chē hòu yī gè yuè cái tuì"),  # returning: huán
        ("孩子踢被子容易冻着", "hái zi tī bèi zi róng yì dòng zháo"),  # catch cold: zháo
        ("账得算清楚", "zhàng děi suàn qīng chu"),  # must: děi
        ("气得盯着他", "qì de dīng zhe tā"),  # a complement: de
        ("抽中一台扫地机器人", "chōu zhòng yī tái sǎo dì jī qì rén"),  # won: zhòng
        ("上台露了一手", "shàng tái lòu le yī shǒu"),  # to show off: lòu
        ("上车先调座椅", "shàng chē xiān tiáo zuò yǐ"),  # to adjust: tiáo
        ("汗把背心都湿透了", "hàn bǎ bèi xīn dōu shī tòu le"),  # sweat: hàn
        ("老妈开始挑衣服", "lǎo mā kāi shǐ tiāo yī fu"),  # to pick: tiāo
        ("地球围着太阳转", "dì qiú wéi zhe tài yang zhuàn"),  # to revolve: zhuàn
        ("大家吓得赶紧跑", "dà jiā xià de gǎn jǐn pǎo"),  # so scared that: de
        ("周末得去剪头发", "zhōu mò děi qù jiǎn tóu fa"),  # must: děi
        ("挪一步得等半天", "nuó yī bù děi děng bàn tiān"),  # it takes: děi
        ("一次得了三个奖", "yī cì dé le sān gè jiǎng"),  # got: dé
        ("狗粮一倒进碗里", "gǒu liáng yī dào jìn wǎn lǐ"),  # to pour: dào
        ("差点被挤倒", "chà diǎn bèi jǐ dǎo"),  # to fall: dǎo
        ("往我身后钻", "wǎng wǒ shēn hòu zuān"),  # burrowing: zuān
        ("他磨墨的时候", "tā mó mò de shí hou"),  # grinding ink: mó
        ("墨一多就洇开", "mò yī duō jiù yīn kāi"),  # to blot: yīn
        ("人们往那边奔", "rén men wǎng nà bian bèn"),  # heading for: bèn
        ("排骨得先焯一下水", "pái gǔ děi xiān chāo yī xià shuǐ"),  # must: děi
        ("肉一夹就散了", "ròu yī jiā jiù sàn le"),  # falls apart: sàn
        ("散装的糖", "sǎn zhuāng de táng"),  # loose: sǎn
        ("头埋进水里就呛", "tóu mái jìn shuǐ lǐ jiù qiāng"),  # choking on water: qiāng
        ("灰大得根本待不住", "huī dà de gēn běn dāi bù zhù"),  # to stay: dāi
        ("地砖铺歪了", "dì zhuān pū wāi le"),  # laid: pū
        ("我当场就蒙了", "wǒ dāng chǎng jiù mēng le"),  # stunned: mēng
        ("签字签得手都酸了", "qiān zì qiān de shǒu dōu suān le"),  # 签得 + 手
        ("他终于得手了", "tā zhōng yú dé shǒu le"),  # succeeded: dé shǒu
        ("饺子皮薄厚正好", "jiǎo zi pí báo hòu zhèng hǎo"),  # thin: báo
        ("包饺子从来不用量", "bāo jiǎo zi cóng lái bù yòng liáng"),  # to measure: liáng
        ("药的用量", "yào de yòng liàng"),  # a dosage: liàng
        ("晚上觉都睡不好", "wǎn shang jiào dōu shuì bù hǎo"),  # sleep: jiào
        ("看了一场特别美的日出", "kàn le yī chǎng tè bié měi de rì chū"),  # so beautiful: měi de
        ("还给我们煮了一锅汤", "hái gěi wǒ men zhǔ le yī guō tāng"),  # also for us: hái
        ("不看加班时长", "bù kàn jiā bān shí cháng"),  # length: cháng
        ("这几年过得真快", "zhè jǐ nián guò de zhēn kuài"),  # a complement: de
        ("找个空位坐一会", "zhǎo gè kòng wèi zuò yī huì"),  # a free seat: kòng
        ("坐到公司得将近一个小时", "zuò dào gōng sī děi jiāng jìn yī gè xiǎo shí"),  # must: děi
    ],
)
def test_reading_in_context(reader, text, expected):
    assert " ".join(syllables(reader, [text])[0]) == expected


def test_sandhi_still_shows_spoken_tones(reader):
    tokens = reader.annotate("你得早点睡，不对", sandhi=True).tokens
    assert [t.pinyin for t in tokens if t.text in ("得", "不")] == ["děi", "bú"]


def test_readings_stored_for_later_runs_come_back_the_same(lexicon):
    texts = ["我觉得他说得对", "他长得好帅", "勃艮第的葡萄酒"]
    first = annotate.Annotator([], lexicon, backend="rjieba")
    want = syllables(first, texts)
    first.readings.get(["说得对"])  # a glued word no dictionary has (annotate now cuts it)
    first.close()  # stores the readings, with their open positions
    again = annotate.Annotator([], lexicon, backend="rjieba")
    assert syllables(again, texts) == want
    again.readings.get(["说得对"])
    assert 1 in again.readings.open_positions("说得对")  # 得, read in the sentence


def test_word_reading_takes_cedict_neutral_tones_and_its_reading_of_unknown_words():
    assert context.word_reading("东西", ["dōng", "xī"], (("dōng xī", "east and west"),
                                                       ("dōng xi", "thing"))) == ("dōng xi", ())
    # pypinyin's per-character guess for a name its phrase table lacks
    reading, open_ = context.word_reading("勃艮第", ["bó", "gěn", "dì"], (("Bó gèn dì", "x"),))
    assert (reading, open_) == ("bó gèn dì", ())


def test_a_glued_word_is_split_into_the_fewest_dictionary_words():
    assert context.glued_parts("河漂流", {"漂流"}) == ["河", "漂流"]
    assert context.glued_parts("获得胜利", {"获得", "胜利", "得胜"}) == ["获得", "胜利"]
    assert context.glued_parts("时照", set()) == ["时", "照"]
    # two splits of two parts: the longer first part
    assert context.glued_parts("天天气", {"天天", "天气"}) == ["天天", "气"]


def test_a_glued_word_reads_as_its_parts_with_their_open_positions_shifted():
    assert context.reading_from_parts(["什么", "意思"], [("shén me", ()), ("yì si", ())]) == (
        "shén me yì si", ())
    # a one-character part the model may read is open; a part's own open positions move
    assert "系" in polyphone.candidates() and "好" in polyphone.candidates()
    assert context.reading_from_parts(["我", "系", "好"], [("wǒ", ()), ("xì", ()), ("hǎo", ())]
                                      ) == ("wǒ xì hǎo", (1, 2))
    assert context.reading_from_parts(["很", "说得对"], [("hěn", ()), ("shuō de duì", (1,))]
                                      ) == ("hěn shuō de duì", (2,))
    # a part read as one syllable for two characters (diǎnr): no reading by parts
    assert context.reading_from_parts(["一", "点儿"], [("yī", ()), ("diǎnr", ())]) is None


def test_glued_words_read_from_their_parts_match_the_gold_as_often_as_read_whole(reader,
                                                                                  lexicon):
    """The words of the gold sentences that jieba's guesser glued (太干, 热得, 地摇着), read out of
    context from their parts' readings (no pypinyin), against pypinyin reading them whole.
    Measured 2026-12: 52 of 59 right either way (the context step reads the rest)."""
    count = by_parts = whole = 0
    for text, gold in colloquial() + colloquial("heldout_colloquial.toml"):
        hanzi = [i for i, char in enumerate(text) if HANZI.match(char)]
        for token in json.loads(reader.json_many([text], annotate.JsonLines()))["tokens"]:
            word = token["text"]
            if token["kind"] != "word" or len(word) < 2 or not all(map(HANZI.match, word)):
                continue
            if word not in reader.readings._glued([word], lexicon.senses([word])):
                continue
            at = hanzi.index(token["start"])
            expected = " ".join(gold[at:at + len(word)])
            parts = {word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)}
            senses = lexicon.senses(parts)
            read_whole = context.word_reading(word, pinyin.hanzi_to_pinyin(word),
                                              senses.get(word, ()), senses)[0]
            count += 1
            by_parts += reader.readings.get([word])[word] == expected
            whole += read_whole == expected
    assert count >= 20
    assert by_parts >= whole and by_parts >= 0.85 * count


def test_model_chooses_among_the_characters_own_readings():
    found = polyphone.model().read([("他在银行工作", 3), ("这件事很重要", 4), ("你好", 0)])
    assert found[0] in polyphone.candidates()["行"]
    assert found[1] in polyphone.candidates()["重"]
    assert found[2] == ""  # 你 has one reading


def test_a_line_without_open_characters_never_loads_the_model(subprocess_env, lexicon_dir):
    code = (
        "import sys\n"
        "from slangtutor.annotate import load_annotator, JsonLines\n"
        "a = load_annotator()\n"
        "a.json_many(['我是学生，他说得对'], JsonLines())\n"
        "print('numpy' in sys.modules)\n"
        "a.json_many(['窗户朝南开'], JsonLines())\n"  # 朝: no rule decides it
        "print('numpy' in sys.modules)\n"
    )
    env = dict(subprocess_env, SLANGTUTOR_LEXICON_DIR=str(lexicon_dir))
    env.pop("SLANGTUTOR_DATA")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def cpp_sample(step: int):
    sentences = (CPP / "dev.sent").read_text(encoding="utf-8").splitlines()[::step]
    labels = (CPP / "dev.lb").read_text(encoding="utf-8").splitlines()[::step]
    return [(s.replace("\u2581", ""), s.index("\u2581"),
             pinyin.numbered_to_marked(label.replace("u:", "v")))
            for s, label in zip(sentences, labels)]


@pytest.mark.skipif(not (CPP / "dev.sent").exists(), reason="shared/cpp is not beside the repo")
def test_cpp_dev_sample(reader):
    """Every 8th CPP dev sentence (the whole split takes ~30 s; bench_reader.py runs it)."""
    cases = cpp_sample(8)
    texts = [text for text, _, _ in cases]
    got = syllables(reader, texts)
    offsets = [[i for i, c in enumerate(text) if HANZI.match(c)] for text in texts]
    right = sum(read[index.index(offset)] == gold
                for (_, offset, gold), read, index in zip(cases, got, offsets))
    assert right / len(cases) >= 0.95


@pytest.mark.parametrize("char", sorted(context.CONDITIONAL))
def test_a_conditional_rule_keeps_the_dictionary_reading_outside_its_contexts(char):
    """The context step looks at these characters only beside the characters listed in
    CONDITIONAL: everywhere else their rule must give the dictionary reading."""
    before, after = context.CONDITIONAL[char]
    text = f"我{char}人"  # neither neighbour is in the lists
    assert "我" not in before and "人" not in after
    assert context.RULES[char](text, 1, 2, "我") == pinyin.hanzi_to_pinyin(char)[0]
