"""Readings in context: which reading a polyphonic character has in this sentence.

Three layers, cheapest first:

1. Words (`word_reading`, out of context, memoised): pypinyin's phrase table with CC-CEDICT's
   lexicalised neutral tones (朋友 péng you, 东西 'thing' dōng xi), a short reviewed table of
   words where both differ from the standard dictionary, and CC-CEDICT's reading of a word
   pypinyin's phrase table lacks (勃艮第 Bó gèn dì).
2. Rules for one-character words whose reading the next or previous word decides: the
   particles 得 (说得对 de, 你得睡 děi, 得了 dé), 地 (慢慢地 de), 了, 着, and everyday
   polyphones (教你 jiāo, 长得 zhǎng, 睡一觉 jiào, 三只 zhī, 有空 kòng, 放假 jià, ...).
3. The polyphone model (slangtutor.annotate.polyphone) for what is left: one-character words
   of characters it reads well, and polyphonic characters of words no dictionary knows. It is
   trained on encyclopedia prose where rare readings are over-represented, so characters whose
   everyday reading it over-rules wrongly (都 dū, 还 huán, 好 hào ...) keep their dictionary
   reading unless a rule says otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from slangtutor.annotate import learner
from slangtutor.text import pinyin
from slangtutor.text.script import HANZI, is_run

WORD_RULES_VERSION = 40  # bump when word_reading or WORDS change (stored readings are keyed by it)

# Words where pypinyin and CC-CEDICT both differ from the standard dictionary (现代汉语词典),
# or where the everyday sense is not the one they give first.
WORDS = {
    "知道": "zhī dao",
    "大夫": "dài fu",  # a doctor (dà fū, a senior official, is historical)
    "晚上": "wǎn shang",
    "早上": "zǎo shang",
    "身上": "shēn shang",
    "地上": "dì shang",
    "看看": "kàn kan",
    "想想": "xiǎng xiang",
    "试试": "shì shi",
    "说说": "shuō shuo",
    "听听": "tīng ting",
    "走走": "zǒu zou",
    "聊聊": "liáo liao",
    "等等": "děng deng",
    "姐妹": "jiě mèi",
    "一点": "yī diǎn",
    "不知道": "bù zhī dao",
    "肚子": "dù zi",  # the belly (dǔ zi is tripe)
    "狗狗": "gǒu gǒu",  # CC-CEDICT's gǒu gōu is not the mainland reading
    "到时候": "dào shí hou",  # as 时候
    # 发 fà, hair, in the words for its parts and care (pypinyin reads fā 'to send' in these)
    "发量": "fà liàng", "发质": "fà zhì", "发梢": "fà shāo", "发丝": "fà sī",
    "发尾": "fà wěi", "发色": "fà sè", "发夹": "fà jiā", "掉发": "diào fà",
    "染发剂": "rǎn fà jì",
    "更好": "gèng hǎo",  # better (gèng hào: fonder of, rare)
    "清吧": "qīng bā", "水吧": "shuǐ bā",  # a quiet bar, a juice bar: bā (书吧 is further down)
    "查重": "chá chóng",  # checking for duplicated text (zhòng: heavy)
    "卡住": "qiǎ zhù",  # stuck, as CC-CEDICT (kǎ: a card)
    "没过": "méi guò",  # 没过几天 not long after (mò guò, to submerge: WORD_CONTEXT)
    "没过多久": "méi guò duō jiǔ",
    "老公": "lǎo gōng",  # a husband (lǎo gong is a eunuch)
    "炸串": "zhá chuàn", "炸物": "zhá wù", "炸薯条": "zhá shǔ tiáo",  # deep-fried: zhá
    "做作业": "zuò zuò yè",  # 做 + 作业 (not 做作, affected)
    "嗑瓜子": "kè guā zǐ", "嘀嘀": "dī dī",
    "长长的": "cháng cháng de",  # a long (cut), not grown
    "狗血喷头": "gǒu xuè pēn tóu",
    "嗑": "kè",  # to crack (seeds)
    "遛": "liù",  # to walk (a dog)
    "过得": "guò de", "弄混": "nòng hùn", "搞混": "gǎo hùn", "薄厚": "báo hòu",
    "花着": "huā zhe",  # spending (not 花着 huā zhāo, a flashy move)
    "磨墨": "mó mò", "洇": "yīn", "洇开": "yīn kāi", "划水": "huá shuǐ",
    "稳稳当当": "wěn wěn dāng dāng",
    "磨一磨": "mó yī mó", "缝里": "fèng lǐ",
    "丈母娘": "zhàng mu niáng", "娘家": "niáng jia", "老婆": "lǎo po", "轰隆隆": "hōng lōng lōng",
    "逮": "dǎi",  # to catch (逮个正着); dài only in 逮捕
    "吭": "kēng",  # 一声不吭: to utter a sound (háng is the throat)
    "唠": "lào",  # 唠家常: to chat (láo only in 唠叨)
    "踏实": "tā shi", "鸳鸯锅": "yuān yang guō",
    "逮到": "dǎi dào", "逮住": "dǎi zhù", "逮着": "dǎi zháo",  # to catch (dài only in 逮捕)
    "嚼": "jiáo",  # alone, to chew (jué only in 咀嚼)
    "倔": "juè",  # alone it is gruff, stubborn (倔得很); jué only in 倔强
    "脏": "zāng",  # alone it is dirty (脏得不行); zàng, an organ, only in words (心脏, 内脏)
    "出差错": "chū chā cuò",  # 出 + 差错 a mistake (not 出差, a business trip)
    "穿着": "chuān zhe",
    "小朋友": "xiǎo péng you",  # wearing (chuān zhuó, attire, after 的: WORD_CONTEXT)
    "琢磨": "zuó mo",  # to ponder (zhuó mó, to carve and polish, is the literary sense)
    # Names and loanwords (勃艮第 Burgundy, 塞尔维亚 Serbia, 德累斯顿 Dresden, 呵叻 Korat).
    "勃艮第": "bó gèn dì", "塞尔维亚": "sài ěr wéi yà", "德累斯顿": "dé léi sī dùn",
    "呵叻": "hē lè", "葛洲坝": "gě zhōu bà", "噶厦": "gá shà",
    # Words that pypinyin and CC-CEDICT both misread.
    "拖拽": "tuō zhuài", "晕轮": "yùn lún", "冰晕": "bīng yùn", "重录": "chóng lù",
    "高差": "gāo chā", "平方差": "píng fāng chā", "强忍": "qiáng rěn", "率部": "shuài bù",
    "累年": "lěi nián", "累迁": "lěi qiān", "卷柏": "juǎn bǎi", "单挑": "dān tiāo",
    "产仔": "chǎn zǎi", "双缝": "shuāng fèng", "泄露": "xiè lòu", "书吧": "shū bā",
    "贴吧": "tiē bā", "劈成": "pī chéng", "煞气": "shà qì",
    "拚命": "pīn mìng", "弹片": "dàn piàn", "铺上": "pū shàng", "大喝一声": "dà hè yī shēng",
    "阻吓": "zǔ hè", "怀揣": "huái chuāi", "角斗": "jué dòu", "角斗士": "jué dòu shì",
    "乐评": "yuè píng", "乐评人": "yuè píng rén", "参将": "cān jiàng", "撒上": "sǎ shàng",
    "懒得": "lǎn de", "朝九晚五": "zhāo jiǔ wǎn wǔ", "看中": "kàn zhòng", "相中": "xiāng zhòng",
    "干一行": "gàn yī háng",
    # The everyday word first: a test paper (juǎn zi is a steamed roll), to download (the
    # standard dictionary's zài), heading for (bèn), to roast (tǔ, not vomiting).
    "卷子": "juàn zi", "下载": "xià zài", "奔着": "bèn zhe", "吐槽": "tǔ cáo",
    # To save up (cuán, to gather, is rare), and to be fond of face or of ignoring sb.
    "攒钱": "zǎn qián", "好面子": "hào miàn zi", "排长队": "pái cháng duì", "爱答不理": "ài dā bù lǐ",
    # The standard dictionary's readings: xiǔ for nights, shú (shóu is colloquial), ě xin.
    "私教": "sī jiào", "整宿": "zhěng xiǔ", "一宿": "yī xiǔ", "半宿": "bàn xiǔ", "恶心": "ě xin",
    "煮熟": "zhǔ shú", "蒸熟": "zhēng shú", "烤熟": "kǎo shú", "炒熟": "chǎo shú",
    "熟透": "shú tòu", "称身": "chèn shēn", "干饭人": "gàn fàn rén",
    # A U-turn (diào tou is a tone of voice), a potential complement's de, a master's fu,
    # swollen with water (pào zhàng: not zhǎng, to rise), flushed red.
    "调头": "diào tóu", "听得见": "tīng de jiàn", "看得见": "kàn de jiàn",
    "老师傅": "lǎo shī fu", "泡涨": "pào zhàng", "涨红": "zhàng hóng",
}
# A run of one character is read in full each time (看看看 kàn kàn kàn), in these characters'
# full tone where the dictionary's reading alone is neutral (啦啦啦 lā lā lā, as 啦啦队).
RUN_READINGS = {"啦": "lā", "嘀": "dī", "长": "cháng"}  # 嘀嘀 dī dī, 长长 cháng cháng

# Lexicalised neutral tones of the standard dictionary that CC-CEDICT gives with full tones
# (or lacks): the last syllable is neutral.
NEUTRAL_SECOND = (
    "打算", "学问", "姑娘", "小姑娘", "耳朵", "嘴巴", "脑袋", "力气", "客气", "运气", "脾气", "福气",
    "名气", "小气", "和气", "神气", "媳妇", "亲戚", "打扮", "打听", "收拾", "招呼", "称呼", "吩咐", "嘱咐", "咳嗽", "豆腐",
    "萝卜", "葡萄", "核桃", "石头", "骨头", "馒头", "木头", "枕头", "舌头", "指头", "念头", "里头", "外头", "粮食", "老实",
    "踏实", "凉快", "暖和", "痛快", "糊涂", "马虎", "委屈", "冤枉", "大方", "伙计", "工夫", "功夫", "棉花", "庄稼", "包袱",
    "行李", "喇叭", "哑巴", "尾巴", "下巴", "结巴", "队伍", "师傅", "师父", "姐夫", "妹夫", "丫头", "太太", "大爷", "应酬",
    "心思", "主意", "道理", "规矩", "本事", "模样", "动静", "底下", "认得", "晓得", "记得", "懂得", "欺负", "折腾", "糟蹋",
    "耽误", "唠叨", "嘀咕", "吆喝", "那个", "这个", "哪个", "事情", "明白", "清楚", "聪明", "窗户", "月亮", "眼睛", "头发",
    "消息", "休息", "先生", "丈夫", "商量", "热闹", "玻璃", "关系", "地方", "生意", "告诉", "认识", "时候", "意思", "喜欢",
    "衣服", "漂亮", "舒服", "麻烦", "朋友", "东西", "什么", "怎么", "我们", "你们", "他们", "她们", "咱们", "人家", "爱人",
    "衣裳", "裁缝", "逻辑", "困难", "蘑菇", "芝麻", "黄瓜", "西瓜", "南瓜", "冬瓜", "苗条", "俊俏", "疙瘩", "风筝", "灯笼",
    "合同", "算计", "比方", "估计", "机灵", "能耐", "厉害", "大夫",
    # a verb said twice, the second neutral (as 看看 想想 above): 瞅瞅 尝尝 问问
    "瞅瞅", "瞧瞧", "尝尝", "闻闻", "摸摸", "问问", "找找", "逛逛", "歇歇", "揉揉", "拍拍", "算算",
    "猜猜", "翻翻", "查查", "洗洗", "练练", "学学", "玩玩", "坐坐", "转转", "比比", "写写", "读读",
    "憋屈", "鸳鸯",
)
for _word in NEUTRAL_SECOND:
    WORDS.setdefault(_word, None)  # filled in word_reading from pypinyin's reading
# A three-character word ending in one keeps its neutral tone (穿衣服, 发脾气, 讲道理, 老朋友;
# not an idiom: 不可收拾 shōu shí);
# not 大夫 (士大夫 shì dà fū) nor the pronouns, which pypinyin gives anyway.
NEUTRAL_TAILS = frozenset(NEUTRAL_SECOND) - {"大夫", "那个", "这个", "哪个"}

# Characters read by their dictionary reading when they stand alone as a word, unless a rule
# below says otherwise: frequent ones the model agrees on anyway (no need to run it), and
# ones it misreads in everyday text.
DEFAULT = frozenset(
    "的了和中上说与要给会将把着大过那看当只便种呢吗都还好少干差没吧啊更曾难倒啦应处重几"
    "发教觉空数相假乐调传结行么哦嗯哈呀啥喂咋累"
    "读可比据听同占作万正分省打女约强间号阿页见令边卡区头离厂远任车华合化"
    "弄晕唉恶鲜角"
) | {word for word in WORDS if len(word) == 1}  # a character we read ourselves alone (脏 zāng)

# Words after which 得 is 'must' (děi): subjects and the adverbs that stand before a verb.
SUBJECTS = frozenset({
    "我", "你", "他", "她", "它", "您", "咱", "我们", "你们", "他们", "她们", "它们", "咱们", "大家", "谁", "人家",
    "自己", "别人", "孩子", "妈", "爸", "还", "就", "也", "都", "总", "又", "才", "真", "可", "那", "那你", "那我",
    "必须", "只", "还是", "就是", "肯定", "一定", "可能", "估计", "早晚", "迟早", "今天", "明天", "现在", "晚上", "下次",
    "明早", "明晚", "后天", "早上", "上午", "下午", "周末", "待会", "等会", "回头", "以后",
    "师傅", "老师", "医生", "老板", "领导", "司机", "客服", "老公", "老婆", "妈妈", "爸爸",
})
DE_AFTER = frozenset("了到奖分过")  # 得了 得到 得奖: dé
ZHAO_VERBS = frozenset("睡找猜够摸碰烧逮抓撞抢买借")  # 抢着了 才买着: got one
ZHAO_AFTER_NOT = ZHAO_VERBS | frozenset("拍买借见抢赶")  # 没拍着: not managed to
LONG_DEGREE = frozenset("很太真挺多更最超好老这那么较不好点米尺寸里")  # 五十米长: long
LONG_GROW = frozenset("得大出成高胖痘记见")  # 长记性 长见识: zhǎng
LONG_NEXT = frozenset("队竿杆棍绳")  # 排长队 长竿: long
GROW_SO = frozenset(("这么", "那么", "这样", "那样", "什么", "啥样"))  # 长这么高: grown so (tall)
HUAN_NEXT = frozenset("钱债书给回清款价手嘴原")
HAI_ALSO_VERBS = frozenset("戴买做送带打发讲留写画准拿找穿加煮炖倒夹")
HUAN_OBJECT = frozenset("你我他她它您了")  # 还你。 书该还了。: only before the clause ends
NUMERALS = frozenset("〇零一二三四五六七八九十百千万两几这那每哪多半")
SLEEP_BEFORE = frozenset("睡午一个觉这那")
KONG_BEFORE = frozenset("有没抽得点")
JIA_BEFORE = frozenset("放请休寒暑病事年婚产天个")
JIA_AFTER = frozenset("期日条")
FA_BEFORE = frozenset("头理剪烫染白黑毛短长")
FA_HAIR_AFTER = frozenset("量质梢丝尾际")  # 发量 发质 发梢 发丝 发尾 发际线: hair (发根烟: fā)
ZHONG_AFTER = frozenset("地田树花菜草瓜豆了着过满")
GAN_AFTER = frozenset("净燥脆杯爽货饭看瞪等耗笑坐")  # 干等 干看着: idly (gān)
GAN_BEFORE = frozenset("饼晒风烘擦吹烤太很真挺特超好排抽吸")  # 排干 抽干 吸干: drained
ZHAO_AFTER = frozenset("急火凉迷")  # 着急 着火 着凉 着迷: zháo
ZHUO_AFTER = frozenset("想落陆手装重实眼")  # 着想 着落 着陆 着手 着装 着重: zhuó
TIAO_AFTER = frozenset("高低成好整小大节皮一亮暗慢快松紧色音得")  # 调亮: adjust
CHONG_AFTER = frozenset("新复来做写说看装播拍建修逢叠启返考选读学练录填排")  # 重来 重写: again
KAN_AFTER = frozenset("门家守管护孩娃店摊")  # 看门 看孩子: look after
HANG_AFTER = frozenset("字泪诗文代")  # 一行字 两行泪: a line
DANG_AFTER = frozenset("作成真")  # 当作 当成 当真: regard as
JUAN_BEFORE = frozenset("太很好真超又在别不")  # 太卷了: competing (juǎn), not a volume
CANG_AFTER = frozenset("着了起在好我你他她它到")  # 藏着 藏起来: hide
SHU_AFTER = frozenset("一钱星着了不过得数到羊硬出")  # 数出来: to count out
SHU_NOT_DONE = frozenset({"不清", "不过", "不完", "不到"})  # 数不清: too many to count
LE_LIAO_BEFORE = frozenset("得不")
DI_NOUN_AFTER = frozenset("上下里面方区球铁址点图震板毯主产带")
DI_LAND_BEFORE = learner.MEASURES | frozenset("的片亩这那站")  # 两站地: distance
WEI_AFTER_WEI2 = frozenset("主准止例首期界由零难伍伴生")
WEI_BEFORE_WEI2 = frozenset("以成作称视选评变化认分定改列封任推誉名即均约仅达共计乃皆")
WEI_AFTER_WEI4 = frozenset("你我他她它您大人啥何这那")
JIAO_RELIGION_BEFORE = frozenset("佛道宗回")


# What _prev and _next give at a line's edge: a space, a clause end like any punctuation. Not
# "": `"" in "车船机"` is True, so a rule written as `_next(text, end) in "..."` fired at the end
# of every line (晕死了 read yùn at a line's start).
EDGE = " "


def _prev(text: str, start: int) -> str:
    return text[start - 1] if start > 0 else EDGE


def _next(text: str, end: int) -> str:
    return text[end] if end < len(text) else EDGE


def _prev_word(text: str, pieces, i: int) -> str:
    """The word just before piece i ('' at the start or after punctuation)."""
    if i and pieces[i - 1][1] == pieces[i][0] and pieces[i - 1][2] in ("word", "slang"):
        return text[pieces[i - 1][0]:pieces[i - 1][1]]
    return ""


def _de(text, start, end, before):
    after = _next(text, end)
    if not before or not HANZI.match(before[-1]) or before in SUBJECTS:
        return "dé" if after in DE_AFTER or not HANZI.match(after or " ") else "děi"
    if before[-1] in DEI_ADVERB_ENDS and after not in DE_AFTER and HANZI.match(after or " "):
        return "děi"  # 全都得重新买 那就得走: an adverb, then must
    if after in "去走赶" and before[-1] not in DE_VERB_ENDS and before[-1] not in DE_FEELING_ENDS:
        return "děi"  # 周末得去剪: must go (not 跑得去, a verb's complement)
    if after == "了" and before[-1] in DE_GOT_BEFORE:
        return "dé"  # 这次得了冠军 又得了感冒: got (not 受得了, a verb's complement)
    if before in DEI_TIME and HANZI.match(after or " ") and after not in DE_AFTER:
        return "děi"  # 今晚得通宵: a time word, then must
    if before[-1] == "能" and before != "可能" and HANZI.match(after or " "):
        return "dé"  # 背得最好的能得小红花: can get
    if len(before) == 2 and after == before[0]:
        return "děi"  # 排队得排一个小时 吃饭得吃饱: the verb again, so must
    if after in DEI_NEXT and not learner.is_verb(before, False):
        return "děi"  # 钱得提前准备: a noun, then must
    if (after in "少多" and not learner.is_verb(before, False)
            and learner.is_verb(text[end + 1:end + 3], True)):
        return "děi"  # 盐得少吃 水得多喝: a noun, then must (not 好得多, 吃得少)
    if (len(before) >= 2 and before[0] in NUMERALS and before[-1] in "套个次趟件台份张步顿回"
            and HANZI.match(after or " ") and after not in DE_AFTER
            and (after in NUMERALS and after != "一" or learner.is_verb(text[end:end + 2], True))):
        return "děi"  # 换一套得八十块 一趟得三个小时: it takes (costs)
    if text[end:end + 2] in DEI_NEXT_TWO and not learner.is_verb(before, False):
        return "děi"  # 上下楼得有人扶着: someone must (not 长得有点像)
    if before == "说" and after in "把等":
        return "děi"  # 师傅说得把地砖撬开: said (we) must
    if (len(before) == 2 and after in DEI_AFTER_TWO and before[-1] not in DE_VERB_ENDS
            and learner.is_verb(before, False)):
        return "děi"  # 去钓鱼得带把伞 出门得带伞: a verb and its object, then must bring
    return "de"


# Time words a subject may be left out after (今晚得通宵 明天一早得走): then 得 is 'must'.
DEI_TIME = frozenset({"今晚", "今天", "明天", "今早", "明早", "明晚", "今年", "明年", "这周", "时候",
                      "下周", "周末", "这次", "下次", "待会儿", "等会儿", "一会儿", "马上", "一早",
                      "一天", "每天", "每周", "一周", "每次", "每个月", "每年"})


# What ends an adverb or a time word before 得了 'got' (这次 又 终于 已经 去年 刚).
DE_GOT_BEFORE = frozenset("次回年天月又也就还才都刚终于经曾")


DEI_NEXT_TWO = frozenset({"有人", "将近"})  # 上下楼得有人扶着 坐到公司得将近一小时: must
# 钱得提前 户口本得本人带着 得把屋子收拾 一趟得花三个小时 腊肉得用温水泡 床垫得仔细检查: must
# (高兴得在原地转圈 and 急得马上 are complements: not 在 or 马上).
DEI_NEXT = frozenset("提按把凌本签填交饭花用写勤存仔算先")
DEI_AFTER_TWO = frozenset("带穿戴交换等")  # 钓鱼得带 吃饭得等长辈 (a complement repeats the verb: 钓鱼钓得)
DE_VERB_ENDS = frozenset("跑走说做写吃过来回跳飞拿")
DE_FEELING_ENDS = frozenset("吓急气乐笑累疼冻饿馋怕慌")  # 吓得赶紧跑: so scared that (de)
DEI_ADVERB_ENDS = frozenset("都就也才总")  # 全都 那就 也就: adverbs, not verbs


def _di(text, start, end, before):
    after = _next(text, end)
    if after in DI_NOUN_AFTER:
        return "dì"
    if start >= 4 and text[start - 4] == text[start - 2] == "一" \
            and text[start - 3] == text[start - 1]:
        return "de"  # 一把一把地掉 一步一步地: one by one
    if len(before) >= 2 and (before[-1] == before[-2] or before[-1] in "然心意力真细狠静续停"):
        return "de"
    # A word of two or more characters, then 地, then a verb: the particle of an adverbial
    # (高兴地说, 一步一步地走); not land after a measure word or 的 (这块地种菜). After a
    # four-character expression it is the particle whatever follows (不由自主地涌起).
    if (len(before) >= 2 and before[-1] not in DI_LAND_BEFORE and HANZI.match(before[-1])
            and (len(before) == 4 or learner.is_verb(text[end:end + 3], True))):
        return "de"
    return None


def _le(text, start, end, before):
    previous = _prev(text, start)
    if previous == "不":
        return "liǎo"  # 干不了 受不了: cannot
    if previous == "得" and _next(text, end) in "吗吧么呢？?":
        return "liǎo"  # 吃得了吗: can (finish)
    return None if previous in LE_LIAO_BEFORE else "le"


def _zhe(text, start, end, before):
    after = _next(text, end)
    if _prev(text, start) in LOOK_VERBS or (after == "手" and _prev(text, start) in HOLD_VERBS) or (
            after == "眼" and _prev(text, start) in "闭睁眯瞪"):
        return "zhe"  # 看着眼睛累 抱着手机 盯着手机: the particle after a verb of looking (not 着眼 zhuó)
    if after in ZHAO_AFTER:
        return "zháo"
    if after in ZHUO_AFTER:
        return "zhuó"
    if _prev(text, start) in ZHAO_VERBS and (after == "了"
                                             or not HANZI.match(after or " ")):
        return "zháo"
    if _prev(text, start) in "钓找" and (after in NUMERALS or after in "那这"):
        return "zháo"  # 只钓着两条 才找着那本书: caught, found
    if text[max(0, start - 2):start] == "个正":
        return "zháo"  # 逮个正着: caught red-handed
    if _prev(text, start) == "找" and text[max(0, start - 2):start - 1] in ("才", "就", "没") and (
            HANZI.match(_next(text, end)) and _next(text, end) != "找"):
        return "zháo"  # 才找着血管: found
    if _prev(text, start) in "不得" and start >= 2 and HANZI.match(text[start - 2]):
        return "zháo"  # a result: 睡不着 找不着 用不着 够得着
    if _prev(text, start) == "就" and after == "了":
        return "zháo"  # 一沾枕头就着了 火一点就着了: asleep, alight
    if _prev(text, start - 1) == "没" and (_prev(text, start) in ZHAO_AFTER_NOT
                                            or not HANZI.match(after)):
        return "zháo"  # 没找着车位 没拍着 一条都没钓着。: a result not reached
    if _prev(text, start) in ZHAO_HURT and (
            _prev(text, start - 1) in "别怕会" or text[max(0, start - 3):start - 1] in ("容易", "小心")):
        return "zháo"  # 别冻着 别累着 容易冻着: be hurt by
    return "zhe"


ZHAO_HURT = frozenset("冻累饿吓凉摔碰烫晒热撑")
LOOK_VERBS = frozenset("看盯望瞅瞧")
HOLD_VERBS = frozenset("抱拿握捧攥举牵拉摸扶揣提端搂抓")  # 抱着手机: holding (not 着手, to set about)


JI_TIE_AFTER = frozenset("好上紧牢着住鞋领扣安围")  # 系好 系鞋带 系安全带: to tie (jì)


def _ji_tie(text, start, end, before):
    if _next(text, end) in JI_TIE_AFTER:
        return "jì"
    if _next(text, end) in "得不" and any(
            thing in _clause_before(text, start, 8) for thing in JI_TIE_THINGS):
        return "jì"  # 扣子也系得上了 鞋带系不紧: to tie, fasten
    return None


JI_TIE_THINGS = ("扣", "鞋带", "领带", "安全带", "围巾", "腰带", "绳", "红领巾")


def _chang(text, start, end, before):
    if _next(text, end) in LONG_GROW or text[end:end + 2] in GROW_SO:
        return "zhǎng"  # 长高 长得 长这么高: to grow
    if _prev(text, start) == "时" and not HANZI.match(_next(text, end)):
        return "cháng"  # 加班时长: a length of time
    if _prev(text, start) in LONG_DEGREE or _next(text, end) in LONG_NEXT:
        return "cháng"  # 排长队: a long queue
    if _next(text, end) == "好" and (_prev(text, start) == "没" or "伤" in text[max(0, start - 5):start]):
        return "zhǎng"  # 伤口还没长好: to heal
    if _next(text, end) == "了" and _next(text, end + 1) in GROWN_BY:
        return "zhǎng"  # 长了十公分 长了个痘 长了好多: grew (by)
    if _next(text, end) == "太" and _next(text, end + 1) in "高快胖大":
        return "zhǎng"  # 薄荷长太高了: grown too (tall)
    if _prev(text, start) in "还更" and not HANZI.match(_next(text, end)):
        return "cháng"  # 写得比我还长。: even longer
    if text[max(0, start - 2):start] in DEGREE_WORDS:
        return "cháng"  # 通道特别长: long
    return None


GROWN_BY = NUMERALS | frozenset("个好不很蚜虫痘斑草霉茧疹")  # 长了蚜虫: grew (pests, spots)


def _hai(text, start, end, before):
    after = _next(text, end)
    if after == "给" and _next(text, end + 1) in "我你他她它" and _next(text, end + 2) in HAI_ALSO_VERBS:
        return "hái"  # 还给它戴了条围巾: also (put a scarf) on it, not gave back
    if after in HUAN_NEXT:
        return "huán"
    if after == "车" and _next(text, end + 1) in "前后时的" and (
            not HANZI.match(_prev(text, start)) or _prev(text, start) in "是说要得去来就再先"):
        return "huán"  # 还车前记得加满油: returning the car
    if after in HUAN_OBJECT and not HANZI.match(_next(text, end + 1) or " "):
        return "huán"
    if _prev(text, start) in HUAN_BEFORE and not HANZI.match(after or " "):
        return "huán"  # 记得还。 没还: to give back, where nothing follows it
    if _prev(text, start) == "没" and after in HUAN_OBJECT:
        return "huán"  # 还没还你钱
    if text.startswith(HUAN_DEBTS, end):
        return "huán"  # 还房贷 还信用卡: to pay off
    if after in "你我他她" and _next(text, end + 1) in "钱书债":
        return "huán"  # 明天还你钱: to pay back
    if after in "了完清吗" and text[max(0, start - 3):start].endswith(HUAN_DEBTS + ("钱",)):
        return "huán"  # 信用卡还了吗 钱还了: paid back (not 钱还不够, 还没)
    if text[max(0, start - 3):start].endswith(("忘了", "忘记", "记得")) and not HANZI.match(after):
        return "huán"  # 一直忘了还。: to give back
    return "hái"


HUAN_BEFORE = frozenset("得没要该快早去来就不再月周")  # 下个月还。: when, then to pay back
HUAN_DEBTS = ("房贷", "车贷", "贷款", "网贷", "信用卡", "花呗", "借呗", "欠款", "账单", "本金",
              "利息", "债")


def _chong(text, start, end, before):
    return "chóng" if _next(text, end) in CHONG_AFTER else "zhòng"


def _kan(text, start, end, before):
    if _next(text, end) in KAN_AFTER or text[end:end + 2] == "着点":
        return "kān"  # 多看着点: keep an eye on
    if ((not HANZI.match(_next(text, end)) or _next(text, end) == "着")
            and (_prev(text, start) in "忙替帮" or text[max(0, start - 2):start] == "在家")
            and any(child in _clause_before(text, start, 12) for child in KAN_CHILDREN)):
        return "kān"  # 孩子平时都是外婆帮忙看。: to look after (not 宝宝你看！)
    return "kàn"


KAN_CHILDREN = ("孩子", "娃", "宝宝", "小孩", "带孩子")
# In a CONDITIONAL after-set: any character that is no hanzi (punctuation, an emoji, the end).
NOT_HANZI = "<not hanzi>"


def _hang(text, start, end, before):
    if _prev(text, start) in NUMERALS and _next(text, end) in HANG_AFTER:
        return "háng"
    if _prev(text, start) == "车" and _next(text, end) in "的里老":
        return "háng"  # 租车行的小哥: a car firm
    if _prev(text, start) in "这那哪" and _next(text, end) in "水里业当":
        return "háng"  # 装修这行水太深: a line of work
    two_before = text[max(0, start - 2):start]
    if two_before in HANG_TRADE_ANY or (
            two_before in HANG_TRADE and not HANZI.match(_next(text, end) or " ")):
        return "háng"  # 干这行 不懂这行 干一行爱一行: a line of work
    return "xíng"


HANG_TRADE = frozenset({"干这", "懂这", "做这", "入这", "干那", "做那", "哪一", "这一", "那一",
                        "干哪", "做哪", "转行"})
HANG_TRADE_ANY = frozenset({"干这", "做这", "入这", "干一", "爱一", "们这"})  # 干一行爱一行,
# 我们这行加班是常态: whatever follows


def _dang(text, start, end, before):
    if _next(text, end) in DANG_AFTER or text[end:end + 2] == "回事":
        return "dàng"
    if "把" in _clause_before(text, start, 5):
        return "dàng"  # 把我当冤大头 把这当家: to treat as
    if "用" in text[end + 1:end + 5] and HANZI.match(_next(text, end)):
        return "dàng"  # 积分可以当现金用: as
    return "dāng"


def _juan(text, start, end, before):
    if _prev(text, start) in JUAN_BEFORE or _next(text, end) in JUAN_AFTER:
        return "juǎn"
    if _prev(text, start) in NUMERALS and any(roll in text[end:end + 4] for roll in JUAN_ROLLS):
        return "juǎn"
    return None


JUAN_AFTER = frozenset("好起成着上得")  # 卷好 卷起来 卷成一团: to roll up (juǎn)
JUAN_ROLLS = ("纸", "胶带", "保鲜膜", "布", "线", "毛线")  # 二十卷卫生纸: rolls of (juǎn)


def _cang(text, start, end, before):
    return "cáng" if _next(text, end) in CANG_AFTER else None


def _tiao(text, start, end, before):
    if _next(text, end) in TIAO_AFTER:
        return "tiáo"
    if (_prev(text, start) == "越" and _next(text, end) == "越") or text[end:end + 2] == "了调" or (
            text[max(0, start - 2):start] == "调了"):
        return "tiáo"  # 调了调 越调越乱: adjusting, tinkering
    to_number = _next(text, end) == "到" and (
        text[end + 1:end + 2] in NUMERALS or text[end + 1:end + 2] == "最"
        or text[end + 1:end + 2].isdigit())  # 调到最大: to set (to the most)
    if text[end:end + 3] in ("了半天", "了好久", "了一下", "了一整", "了一晚", "了一宿") or (
            text[end:end + 2] == "半天"):
        return "tiáo"  # 调了半天: adjusting for ages (调了三个人 moved them: diào)
    if any(mix in _clause_before(text, start, 8) for mix in TIAO_MIXED):
        return "tiáo"  # 蘸料在哪儿调: to mix
    if text[start - 2:start] in TIAO_THINGS or text[end:end + 2] in TIAO_OBJECTS or to_number:
        return "tiáo"  # 空调调到二十六度 把音量调到最小: to set (a machine)
    return None


TIAO_MIXED = ("蘸料", "酱料", "调料", "酱汁", "鸡尾酒", "料汁", "油碟")  # what one mixes
TIAO_THINGS = frozenset({"空调", "温度", "音量", "亮度", "闹钟", "声音", "频道", "速度", "水温",
                         "灯光", "座椅", "坡度", "档位"})
# What one adjusts (调参数 调作息 调时差): tiáo before them.
TIAO_OBJECTS = frozenset({"参数", "音量", "亮度", "温度", "闹钟", "声音", "空调", "滤镜", "色调", "座椅",
                          "后视", "镜子",
                          "口味", "味道", "心态", "作息", "时差"})


def _qie(text, start, end, before):
    # 切菜 切到手: to cut; before 记/勿 (切记 切勿, when cut apart) the dictionary's, qiè
    return None if _next(text, end) in QIE_EARNEST else "qiē"


QIE_EARNEST = frozenset("记勿忌莫实")


def _jiao_teach(text, start, end, before):
    return "jiào" if _prev(text, start) in JIAO_RELIGION_BEFORE else "jiāo"


DAI_FOR = frozenset({"一阵", "一会", "几天", "一天", "一晚", "一周", "一段", "一年", "半天", "两天",
                     "三天", "一个", "几个", "多久", "好久"})


def _dai_stay(text, start, end, before):
    """待 before 着, 在, 会 or 了 + a time: dāi, to stay (待着 待在家 待会儿); else the model's."""
    after = _next(text, end)
    if after in "着在会过" or (after == "了" and text[end + 1:end + 2] in NUMERALS):
        return "dāi"
    if text[end:end + 2] in DAI_FOR or text[end:end + 2] == "不住":
        return "dāi"  # 去大理待一阵 待不住: to stay
    return None


def _zan_save(text, start, end, before):
    """攒: zǎn, to save up, before what is saved or a particle (攒钱 攒了好几年); cuán, to
    gather, in 攒尖 (a pointed roof), 攒聚, and as a measure of brackets after a number
    (平身科两攒)."""
    if _next(text, end) in "尖聚簇珠动" or _prev(text, start) in NUMERALS:
        return "cuán"
    return "zǎn" if _next(text, end) in ZAN_AFTER else None  # else the model's (攒园)


ZAN_AFTER = frozenset("钱的了着够下起点一个满齐分积")


def _jiang_fall(text, start, end, before):
    """降 before 得, 了, a degree or a direction: jiàng, to fall or lower (降得厉害, 降了两度);
    else the model's (迎降 xiáng, to surrender)."""
    return "jiàng" if _next(text, end) in "得了温价低下到成回" or _next(text, end) in NUMERALS else None


def _hao_fond(text, start, end, before):
    """好 before 面子: hào, to be keen on (好面子); else the dictionary's hǎo."""
    return "hào" if text[end:end + 2] == "面子" else None


def _he_win(text, start, end, before):
    """和 winning a hand of mahjong (hú): 麻将 or 牌 earlier in the clause and nothing but 了,
    过, 牌, 啦 or the clause's end after it (没和过一把, 我和了); kneading (huó) after 面 or 泥
    (面和得太稀, 面要和得硬); else the model (和 and, hé)."""
    after = _next(text, end)
    if _prev(text, start) in ("面", "泥") and after in ("得", "好", "了"):
        return "huó"
    if after in ("得", "好", "成", "匀") and any(c in text[max(0, start - 3):start] for c in "面泥"):
        return "huó"  # 面要和得硬一点, 把面和好
    if after == "牌" and HANZI.match(_next(text, end + 1)) and _next(text, end + 1) not in "了啦":
        return None  # 锦旗和牌匾: and (和牌了 won the hand)
    if after in ("了", "过", "牌", "啦") or not HANZI.match(after or " "):
        clause = _clause_before(text, start, 12)
        if "麻将" in clause or "牌" in clause or "麻将" in text[max(0, start - 15):start] or any(
                word in text[end:end + 12] for word in MAHJONG_AFTER):
            return "hú"  # 和了！清一色加杠上开花 打麻将，和了！
    return None


MAHJONG_AFTER = ("清一色", "杠上", "自摸", "麻将", "番", "胡了", "截胡")


def _xiao_peel(text, start, end, before):
    """削 peeling, paring (削苹果 削皮 削了): xiāo; else the model's (xuē in 削减, of ranks)."""
    return "xiāo" if _next(text, end) in XIAO_AFTER else None


XIAO_AFTER = frozenset("苹皮铅水土梨果了着成得掉好一个不")


def _sai_stuff(text, start, end, before):
    """塞 stuffing in (塞进去 塞满 塞给我): sāi; else the model's (sài in names, 塞西尔)."""
    return "sāi" if _next(text, end) in SAI_AFTER or _prev(text, start) in "被硬往偷能" else None


SAI_AFTER = frozenset("进满住到了给着不在得回下上入车钱小广纸好一两几俩三")


def _qia_stuck(text, start, end, before):
    """卡 stuck in the throat (鱼刺卡在嗓子里): qiǎ; else the model's."""
    around = text[max(0, start - 4):end + 6]
    if _next(text, end) == "纸" or any(word in around for word in ("嗓子", "喉咙", "鱼刺", "刺卡", "骨头")):
        return "qiǎ"  # 打印机卡纸了: jammed
    if _next(text, end) in "在住" and _prev(text, start) not in CARD_BEFORE:
        return "qiǎ"  # 冰箱卡在门口: stuck (not 我的卡在钱包里, a card)
    return None


CARD_BEFORE = frozenset("的张这那我你他她行")


def _zhan_stick(text, start, end, before):
    """粘 sticking to sth (粘了一手 粘在身上): zhān; sticky after a degree word (很粘): nián;
    else the model's (粘着 may be adhesion, nián zhuó)."""
    if _next(text, end) in ZHAN_AFTER:
        return "zhān"
    if _prev(text, start) in DEGREE_BEFORE:
        return "nián"
    return None


ZHAN_AFTER = frozenset("了在住上到满")


def _chen_fit(text, start, end, before):
    """称 fitting (穿上特别称身 称心): chèn before 身 or 心; else the model's (chēng)."""
    if _next(text, end) in ("身", "心"):
        return "chèn"
    if _next(text, end) == "了" and "的心" in text[end:end + 7]:
        return "chèn"  # 称了我妈的心: to one's satisfaction
    return None


_DAO_CHANGE = re.compile("[了两几一二三四五六七八九十个趟次回]*(?:车|地铁|公交|飞机|航班|火车|高铁|线)")


def _dao_change(text, start, end, before):
    """倒 changing trains or buses (倒两趟车 倒地铁): dǎo; fallen, after 摔 推 累 (累倒了):
    dǎo; else the dictionary's (dào: to pour, upside down, actually)."""
    if _DAO_CHANGE.match(text, end) or _prev(text, start) in "摔跌滑推撞病累晕绊挤踩砸刮吹":
        return "dǎo"
    if _next(text, end) in "进出满入":
        return "dào"  # 一倒进碗里 倒满: to pour
    if _next(text, end) in "觉挺是也还" and HANZI.match(_prev(text, start)):
        return "dào"  # 看完倒觉得 倒也还行: on the contrary, actually
    if _prev(text, start) == "就" and _next(text, end) == "了" and any(
            word in text[max(0, start - 10):start] for word in DAO_DRUNK):
        return "dǎo"  # 两杯下肚就倒了: keeled over
    return None


DAO_DRUNK = ("喝", "杯", "醉", "下肚", "晕", "酒")


def _ba_cling(text, start, end, before):
    """扒 clinging to, holding on (扒着门缝 扒在窗台上): bā; else the model's (pá: 扒手)."""
    return "bā" if _next(text, end) in "着住在门窗开上" else None


def _bao_peel(text, start, end, before):
    """剥 peeling (剥橘子 剥虾 好剥): bāo; else the model's (bō in compounds, 剥削)."""
    if _next(text, end) in "橘虾皮蒜花壳开了好不下掉完" or _prev(text, start) in "好难":
        return "bāo"
    return None


def _han_sweat(text, start, end, before):
    """汗 of sweating (出一身汗 满头大汗 汗流): hàn; else the model's (hán in a khan's title)."""
    if _next(text, end) in "水流了湿臭毛衫珠" or _prev(text, start) in "出流冒身擦冷虚大头臭" or (
            not HANZI.match(_prev(text, start)) and _next(text, end) in "把都也全"):
        return "hàn"  # and at a clause's start: 汗把背心都湿透了
    return None


def _yan_swallow(text, start, end, before):
    """咽 swallowing (咽东西 咽不下 咽下去): yàn; else the model's (yān: the throat, 咽部)."""
    if _next(text, end) in "下不了进口东饭药气着" or _prev(text, start) in "吞难往硬好":
        return "yàn"
    return None


def _tu_vomit(text, start, end, before):
    """吐 vomiting (想吐, 就吐了, 吐了一地, 吐血): tù; else the model's (tǔ: spitting out,
    吐槽, 吐字)."""
    after = _next(text, end)
    if after == "血" or _prev(text, start) in TU_BEFORE and after not in TU_SPIT_AFTER:
        return "tù"
    if not HANZI.match(after) and (_prev(text, start) == "老" or text[max(0, start - 2):start] in TU_KEEPS):
        return "tù"  # 不吃东西，还老吐。: keeps throwing up
    if not HANZI.match(after) and ("喝多" in text[max(0, start - 12):start] or "桶" in before):
        return "tù"  # 喝多了抱着垃圾桶吐，: vomiting
    if after == "了":
        rest = _next(text, end + 1)
        if not HANZI.match(rest or " ") or rest in "一满好两三几":
            return "tù"  # 吐了。 吐了一地 吐了好几次
    return None


TU_BEFORE = frozenset("想要就又都狂直全快会还也先")
TU_KEEPS = frozenset({"还老", "一直", "老是", "总是", "总"})  # 还老吐，: keeps vomiting
TU_SPIT_AFTER = frozenset("槽舌字痰口气出露苦核纳")


def _wai_sprain(text, start, end, before):
    """崴 spraining (崴了脚, 崴到): wǎi; else the model's (wēi in names, 崴嵬 lofty)."""
    if _next(text, end) in "了脚到着伤过" or _prev(text, start) in "脚把":
        return "wǎi"
    return None


def _chang_spell(text, start, end, before):
    """场 counting a spell of weather, an illness or a war (一场大雨 一场病), or ending the
    clause after a verb (哭了一场): cháng; counting
    anything else (一场电影 一场球赛): chǎng; else the model's (chǎng: a place, a field)."""
    if _prev(text, start) in NUMERALS:
        rest = text[end:end + 2]
        if (rest[:1] in CHANG_SPELLS or (rest[:1] in "大暴小透" and rest[1:2] in CHANG_SPELLS)
                or not HANZI.match(rest or " ")):
            return "cháng"  # 一场大雨; 大病了一场。 白干一场: the spell a verb took
        return "chǎng"  # 一场电影 一场球赛: a showing, a match
    return None


CHANG_SPELLS = frozenset("雨雪病战灾")


def _bao_thin(text, start, end, before):
    """薄 thin, said of a thing (切薄一点 很薄 薄薄的): báo; else the model's (bó in 薄弱,
    刻薄 and the written words)."""
    after = _next(text, end)
    if _prev(text, start) in "切削擀摊压越件层床皮又也" or after in BAO_THINGS or after == "厚" or (
            (_prev(text, start) in DEGREE_BEFORE or text[max(0, start - 2):start] in DEGREE_WORDS)
            and after != "弱"):
        return "báo"
    return None


# What follows a thin thing's 薄 (一点 了 的, 外套 衣服 被子 饼: a thin coat, a thin pancake).
BAO_THINGS = frozenset("一点了的得些片外衣被毛裤袜纸饼")


TIMES_COUNTED = frozenset({"一次", "两次", "三次", "几次", "一回", "两回", "好几", "很多", "无数"})


def _guo_ever(text, start, end, before):
    """过 ending a clause after 没 and a verb (都没换过。 没去过): guo, the particle; else the
    model's."""
    if ("没" in text[max(0, start - 3):start] and _prev(text, start) != "没"
            and not HANZI.match(_next(text, end))):
        return "guo"  # 没吃过。 (查重没过。 is guò, not passed)
    if _next(text, end) == "最" and HANZI.match(_prev(text, start)):
        return "guo"  # 今年买过最值的东西 见过最美的: the most … one has ever V-ed
    if _prev(text, start) == "下" and _next(text, end) in "雨雪":
        return "guo"  # 下过雨: it has rained
    if text[end:end + 2] in TIMES_COUNTED and learner.is_verb(_prev(text, start), False):
        return "guo"  # 只试穿过一次 去过三次: (have) done, so many times
    if _next(text, end) in "吗？?" and learner.is_verb(_prev(text, start), False):
        return "guo"  # 你是不是偷偷练过？ 去过吗: ever
    if ("没" in text[max(0, start - 5):max(0, start - 1)] and _prev(text, start) != "有"
            and _next(text, end) not in "来去头分年节日不得"):
        return "guo"  # 都没怎么下过雪: 没 … V过, ever
    return None


def _men_muggy(text, start, end, before):
    """闷 of hot, close air (又闷又热 闷得透不过气): mēn; else the model's (mèn: bored, low)."""
    around = text[max(0, start - 3):end + 3]
    if "热" in around or "透不过气" in text[end:end + 6] or "喘" in text[end:end + 6] or (
            _next(text, end) == "在") or any(
            place in text[max(0, start - 8):end + 4] for place in MEN_AIR):
        return "mēn"  # 又闷又热 屋里特别闷: close, stuffy air
    if any(who in _clause_before(text, start, 6) for who in "我你他她心"):
        return "mèn"  # 我最近特别闷: low, bored
    return None


MEN_AIR = ("天气", "屋里", "屋子", "房间", "车里", "空气", "教室", "地铁", "潮", "下雨", "透气", "通风")


def _jiao_sleep(text, start, end, before):
    if _prev(text, start) in SLEEP_BEFORE:
        return "jiào"
    if "睡" in _clause_before(text, start, 6) and _next(text, end) != "得":
        return "jiào"  # 睡一整天觉 睡个好觉: the sleep that 睡 takes
    if "睡" in text[end + 1:end + 3] and _next(text, end) in "都也还":
        return "jiào"  # 觉都睡不好: sleep
    return "jué"


_CLAUSE_END = re.compile(r"[^\u3400-\u9fff]")  # what is not a hanzi ends a clause here


def _clause_before(text: str, start: int, size: int) -> str:
    """The hanzi right before `start` in its clause, at most `size` of them."""
    return _CLAUSE_END.split(text[max(0, start - size):start])[-1]


def _zhi(text, start, end, before):
    if _prev(text, start) in NUMERALS or text[max(0, start - 2):start] == "一只":
        return "zhī"  # 一只只: one by one (animals)
    if start and _prev(text, start) in ZHI_VERBS and _next(text, end) in ZHI_ANIMALS:
        return "zhī"  # 有只小狗 养只猫: a (an animal)
    return "zhǐ"


ZHI_VERBS = frozenset("有了养买抱捡领送牵是")  # 养只猫: a verb, then 只 and an animal
ZHI_ANIMALS = frozenset("小大猫狗鸟鸡鸭鹅兔鱼虫羊手脚眼耳鞋袜野")


def _zhong(text, start, end, before):
    if _prev(text, start) in NUMERALS:
        return "zhǒng"
    after = _next(text, end)
    if after in ZHONG_AFTER:
        return "zhòng"
    if after == "的" and _prev(text, start) not in NUMERALS and _prev(text, start) not in "各某":
        return "zhòng"  # 奶奶种的黄瓜: planted (not 这种的, of this kind)
    return "zhǒng"


def _kong(text, start, end, before):
    return "kòng" if _prev(text, start) in KONG_BEFORE else "kōng"


def _jia(text, start, end, before):
    if _prev(text, start) in JIA_BEFORE or _next(text, end) in JIA_AFTER:
        return "jià"
    if _prev(text, start) in "好完的次天周" and "请" in text[max(0, start - 6):start]:
        return "jià"  # 请好假 请完假 请了一周的假 请了三次假: leave
    return "jiǎ"


def _fa(text, start, end, before):
    if _prev(text, start) in FA_BEFORE or _next(text, end) in FA_HAIR_AFTER:
        return "fà"  # 剪头发 染发; 发量少 发根 发质: hair
    if _prev(text, start) in "了个" and not FA_BEFORE.isdisjoint(text[max(0, start - 3):start]):
        return "fà"  # 理了发 剪个发 理了个发
    return "fā"


def _gan(text, start, end, before):
    if _next(text, end) in GAN_AFTER or _prev(text, start) in GAN_BEFORE:
        return "gān"
    clause = _clause_before(text, start, 8)
    if not GAN_DRYING.isdisjoint(clause) or any(thing in clause for thing in GAN_WET):
        return "gān"  # 衣服晾了两天还没干 阳台的衣服还没干: dry
    return "gàn"


GAN_DRYING = frozenset("晾晒烘")
GAN_WET = ("衣服", "裤子", "袜子", "鞋子", "头发", "被子", "床单", "毛巾", "油漆", "指甲油", "胶水",
           "墨水", "水泥", "颜料", "胶", "露水", "地板", "地面", "墙面", "伤口", "甲油",
           "嗓子", "喉咙", "嘴唇", "皮肤", "浑身", "全身")  # and a dry throat or skin: 嗓子干得冒烟


def _shu(text, start, end, before):
    if text[max(0, start - 4):start] == "一个一个":
        return "shǔ"  # 一个一个数: counting one by one
    if _prev(text, start) in "个这那" and text[end:end + 2] not in SHU_NOT_DONE:
        return "shù"  # 这个数不对: the number (not 这个数不清)
    if _next(text, end) in SHU_AFTER or text[max(0, start - 2):start] in ("数一", "数了"):
        return "shǔ"  # 数一数: the second as the first
    if _prev(text, start) == "一" and not HANZI.match(_next(text, end)):
        return "shǔ"  # 打包的时候一数，: once counted
    if _prev(text, start) == "越" and _next(text, end) == "越":
        return "shǔ"  # 越数越清醒: the more one counts
    if _prev(text, start) == "在" and HANZI.match(_next(text, end)):
        return "shǔ"  # 阿姨在数硬币: counting
    return "shù"


def _wei(text, start, end, before):
    after = _next(text, end)
    if after in WEI_AFTER_WEI2 or after.isdigit() or _prev(text, start) in WEI_BEFORE_WEI2:
        return "wéi"
    if after in WEI_AFTER_WEI4:
        return "wèi"
    return None


CHONG_TOWARDS = frozenset("着我你他她它您大家人这那")  # 冲着 冲我笑 冲这点: towards, chòng
DEGREE_BEFORE = frozenset("很太挺真好")  # a degree word before an adjective (很冲 很粘)
DEGREE_WORDS = frozenset({"特别", "非常", "比较", "有点", "相当", "超级"})  # 这件特别薄
CHONG_BLUNT = DEGREE_BEFORE  # 说话很冲: blunt, chòng
NOT_DEGREE = frozenset({"只好", "最好", "还好", "正好", "刚好", "恰好", "幸好", "只能"})  # 只好冲奶粉
CHONG_BLUNT_WORDS = frozenset({"特别", "非常", "比较", "有点", "说话", "口气", "语气", "味道", "气味",
                               "酒劲"})  # and a strong smell: 味道冲得很
CHONG_PEOPLE = frozenset({"队友", "同事", "老公", "老婆", "孩子", "镜头", "对方", "别人", "客人",
                          "观众", "店员", "司机", "我妈", "我爸", "妈妈", "爸爸", "老师", "朋友"})


def _chong_rush(text, start, end, before):
    """冲 alone: chōng (to rush; 姐妹们冲!) unless it points at someone or something (冲我笑,
    冲着) or is said of a manner (说话很冲): chòng."""
    blunt = _prev(text, start) in CHONG_BLUNT and text[max(0, start - 2):start] not in NOT_DEGREE
    if _prev(text, start) == "又" and _next(text, end) == "又":
        return "chòng"  # 又冲又露骨: strong, blunt
    if (_next(text, end) in CHONG_TOWARDS or text[end:end + 2] in CHONG_PEOPLE
            or blunt or text[max(0, start - 2):start] in CHONG_BLUNT_WORDS):
        return "chòng"
    return "chōng"


FENG_NOUN_BEFORE = frozenset("的条道门墙裂缝石")  # 门缝 一条缝: a crack (fèng)


def _feng(text, start, end, before):
    return "fèng" if _prev(text, start) in FENG_NOUN_BEFORE else "féng"


def _bei_back(text, start, end, before):
    """背: bēi (to carry on one's back) before a load, bèi (the back; behind sb's back)
    before 着 + a person; bēi for the blame one carries (背锅, 背这个锅, 背黑锅)."""
    if _next(text, end) == "着" and _next(text, end + 1) in "我你他她它人大":
        return "bèi"
    if "锅" in text[end:end + 4] or "锅" in _clause_before(text, start, 8):
        return "bēi"  # 背锅, and 这个锅我不想再背了
    if _next(text, end) == "了" and any(load in text[end + 1:end + 6] for load in BEI_LOADS):
        return "bēi"  # 背了两瓶水 背了个大包: carried (not 背了好几遍, recited)
    if "包" in text[end:end + 4] or text[end:end + 2] == "不动":
        return "bēi"  # 背个双肩包 重得背不动: to carry
    return None


BEI_LOADS = ("包", "水", "行李", "箱", "娃", "孩子", "袋", "篓", "筐", "粮", "柴", "帐篷")


def _ning_wring(text, start, end, before):
    """拧 wringing (拧干 拧毛巾 拧出水): níng; else the model's (nǐng: 拧螺丝, to screw)."""
    if _next(text, end) == "干" or text[end:end + 2] in NING_WRUNG or text[end:end + 3] == "出水":
        return "níng"
    return None


NING_WRUNG = frozenset({"毛巾", "衣服", "抹布", "拖把", "被单"})


def _huang_sway(text, start, end, before):
    """晃 swaying or shaking (一晃一晃 晃来晃去 晃动 晃悠): huàng; else the model's (huǎng: a
    flash, 一晃三年)."""
    if _next(text, end) in "来去动着悠荡了得" or text[end:end + 2] == "一晃" or (
            text[max(0, start - 2):start] == "晃一"):
        return "huàng"
    return None


def _ben_towards(text, start, end, before):
    """奔 heading for (往那边奔 朝门口奔 奔着去 奔三): bèn; else the model's (bēn: to run, 奔跑)."""
    if any(way in _clause_before(text, start, 6) for way in "往朝向") or _next(text, end) in "着三四五六":
        return "bèn"
    return None


def _san_apart(text, start, end, before):
    """散 falling apart or breaking up (一夹就散了 散开 散架): sàn; else the model's (sǎn: loose)."""
    return "sàn" if _next(text, end) in "了开架落伙场会步心" else None


def _tan_play(text, start, end, before):
    """弹 before an instrument or a piece (弹吉他, 弹钢琴, 弹一首): tán, to play; else the
    model's (子弹 dàn is a word of its own)."""
    if _next(text, end) in TAN_AFTER:
        return "tán"
    if _next(text, end) in "不得" and _prev(text, start) not in DAN_BEFORE:
        return "tán"  # 曲子都弹不好: to play (a shell, 子弹 炮弹, is a word of its own)
    if _prev(text, start) not in DAN_BEFORE and any(word in text for word in TAN_MUSIC):
        return "tán"  # 练琴 … 怎么弹: playing, in a line about music
    return None


TAN_MUSIC = ("琴", "吉他", "曲子", "乐谱", "琴谱", "乐器", "考级", "指法", "弦", "贝斯", "尤克里里")


DAN_BEFORE = frozenset("子炮导颗枚发核飞")


TAN_AFTER = frozenset("吉钢琴古琵贝尤首曲奏了完得过着")


def _geng_update(text, start, end, before):
    """更 after 不/没/停 at a clause's end (还不如不更, 好久没更了): gēng, to update a post; else
    the dictionary's gèng (more)."""
    if _prev(text, start) in "不没停断" and (
            _next(text, end) in ("", "了", "啦", "吗", "呢", "啊")
            or not HANZI.match(_next(text, end))):
        return "gēng"
    return None


def _shan_fan(text, start, end, before):
    """扇 as a verb (扇扇子, 扇风, 扇了他一巴掌): shān; a measure word or a fan (一扇门, 扇子)
    keeps shàn."""
    if _prev(text, start) in NUMERALS:  # 一扇门, 这扇窗
        return None
    if _prev(text, start) in "直猛使狂" or text[max(0, start - 2):start] == "扇子":
        return "shān"  # 拿着扇子直扇: fanning away
    return "shān" if _next(text, end) in "扇风着一了他她我你飞倒醒" else None


def _hong_coax(text, start, end, before):
    """哄 alone: hǒng, to coax or soothe (哄孩子, 怎么哄都哄不好); hòng is 起哄's, a word."""
    return "hǒng"


def _yun_motion(text, start, end, before):
    """晕 right after 车/船/机 (晕车晕得想吐: said again): yùn, motion sickness; else the
    dictionary's yūn (dizzy)."""
    if _prev(text, start) in "车船机":
        return "yùn"
    if any(ride in _clause_before(text, start, 8) for ride in YUN_RIDES):
        return "yùn"  # 一坐电梯就晕: motion sickness
    return None


YUN_RIDES = ("坐车", "坐船", "坐电梯", "坐飞机", "坐大巴", "坐地铁", "坐高铁", "坐公交")


def _zhe_break(text, start, end, before):
    """折 before 了 at a clause's end: shé (to break: 腿折了); else the dictionary's."""
    if _next(text, end) == "了" and not HANZI.match(text[end + 1:end + 2] or " "):
        return "shé"
    return None


def _fen_excess(text, start, end, before):
    """分 right after 过 (太过 + 分 as cut, 过分了): fèn (excessive); else the dictionary's."""
    return "fèn" if _prev(text, start) == "过" and _next(text, end) in "了啦啊吧！!，,。" else None


def _hua_swipe(text, start, end, before):
    """划 before 走/过/开/到 (划走了, 划过去): huá (to swipe, to paddle); else the dictionary's."""
    if _next(text, end) in HUA_AFTER or "口子" in text[end:end + 5] or "一道" in text[end:end + 3]:
        return "huá"  # 划了个口子: to cut, to scratch
    ahead = text[end:end + 7]
    if "船" in ahead and all(HANZI.match(c) for c in ahead[:ahead.index("船")]):
        return "huá"  # 划了半小时船: to row
    if _prev(text, start) == "一" and any(c in text[max(0, start - 5):start] for c in "往向左右上下"):
        return "huá"  # 往左一划: a swipe
    return None


HUA_AFTER = frozenset("走过开到船水得")  # 划得歪歪扭扭 划得来


def _zhang_swell(text, start, end, before):
    """涨 after 泡 (泡涨了, soaked and swollen): zhàng; else the model's (zhǎng, to rise)."""
    return "zhàng" if _prev(text, start) == "泡" else None


def _xue_blood(text, start, end, before):
    """血 as a word of its own (流了好多血): xiě, as it is said; in words (流血) xuè."""
    return "xiě"


def _sheng_fill(text, start, end, before):
    """盛 before 了/饭/汤/一碗, or ending a clause after 别/先/再 (先别盛): chéng (to ladle
    out); else the dictionary's."""
    after = _next(text, end)
    if after in CHENG_AFTER or _prev(text, start) in "别先再帮去来便" and not HANZI.match(after or " "):
        return "chéng"  # 先别盛。: to ladle out
    return None


CHENG_AFTER = frozenset("了饭汤粥一碗满点好出")  # 一盛出来: ladled out


def _ying_answer(text, start, end, before):
    """应 at a clause's end (没人应, 我应了): yìng (to answer)."""
    after = _next(text, end)
    return "yìng" if after == "了" or not HANZI.match(after or " ") else None


def _nong_lane(text, start, end, before):
    """弄 after a number written in digits (武康路40弄): lòng, a lane; else nòng."""
    return "lòng" if _prev(text, start) in DIGITS else "nòng"


DIGITS = frozenset("0123456789０１２３４５６７８９")


def _la_run(text, start, end, before):
    """啦 after 哆 (哆啦A梦) or beside another 啦: lā; else the particle la."""
    return "lā" if _prev(text, start) in LA_BEFORE or _next(text, end) == "啦" else "la"


LA_BEFORE = frozenset("哆啦")


def _ba_bar(text, start, end, before):
    """吧 after 贴 and before more of the sentence (在贴吧里, 百度贴吧上): bā, the forum (Tieba);
    at a clause's end (你贴吧) the particle ba."""
    if _prev(text, start) == "贴" and HANZI.match(_next(text, end)):
        return "bā"
    if _prev(text, start) == "清" and text[max(0, start - 2):start - 1] in BAR_COUNTED:
        return "bā"  # 这家清吧: a quiet bar
    return "ba"


BAR_COUNTED = frozenset("家个去这那的间")


def _sa_sprinkle(text, start, end, before):
    """撒 before where or how much (撒上, 撒在湖里, 撒了一地, 撒点盐): sǎ, to sprinkle or spill;
    else the model's (撒手, 撒谎 are words of their own)."""
    return "sǎ" if _next(text, end) in SA_AFTER else None


SA_AFTER = frozenset("上在满点些下进入了一到向把得")  # 撒把葱花: a handful


_ZHUAN_SPELL = re.compile("了?(?:一(?:下午|上午|晚上|整天|天|大圈)|好久|大半天|一会)")


def _zhuan_round(text, start, end, before):
    """转 with 圈 just after (转了好几圈, 转圈) or before 来转去: zhuàn, to go round; else the
    model's."""
    if "圈" in text[end:end + 5] or _next(text, end) in ZHUAN_AFTER:
        return "zhuàn"
    if "围着" in _clause_before(text, start, 8):
        return "zhuàn"  # 地球围着太阳转: to revolve
    if text[end:end + 2] in ("不动", "得动"):
        return "zhuàn"  # 钥匙转不动: to turn (round)
    if text[end:end + 3] == "了半天" or text[end:end + 2] == "半天" or _ZHUAN_SPELL.match(text, end):
        return "zhuàn"  # 转了半天 转了一下午: went round and round
    return None


ZHUAN_AFTER = frozenset("悠来着起")  # 转着转着: spinning


def _liang_measure(text, start, end, before):
    """量 before what is measured or how often (量一次体温, 量体温, 量一下): liáng, to measure;
    else the model's."""
    return "liáng" if _next(text, end) in LIANG_AFTER else None


LIANG_AFTER = frozenset("一两三几体血身尺下个了完好过")


def _meng_guess(text, start, end, before):
    """蒙 after 靠/瞎/乱/全 or before 对/中/错 (全靠蒙, 蒙对了, 蒙中): mēng, to guess blindly; after
    给/搞 (给搞蒙了) dazed, mēng too; else the model's."""
    if _prev(text, start) in MENG_BEFORE or _next(text, end) in MENG_AFTER:
        return "mēng"
    if _prev(text, start) == "是" and _next(text, end) == "的":
        return "mēng"  # 全是蒙的: guessed
    if _next(text, end) == "了" and _prev(text, start) in "就都直全":
        return "mēng"  # 当场就蒙了: stunned
    return None


MENG_BEFORE = frozenset("靠瞎乱全给搞")
MENG_AFTER = frozenset("对中错")


def _pu_spread(text, start, end, before):
    """铺 before what is spread or where (铺床单, 铺好, 铺满, 铺在): pū, to spread or lay; else the
    model's (包子铺 a shop, 上铺 a bunk: pù)."""
    return "pū" if _next(text, end) in PU_AFTER or _prev(text, start) in PU_BEFORE else None


PU_AFTER = frozenset("床上满好开平在了着一地路垫成歪错反")  # 铺歪了: laid
PU_BEFORE = frozenset("没先再要去帮别刚新")  # 床都没铺就睡了 先铺: to make (a bed), to lay


def _zi_suffix(text, start, end, before):
    """子 cut off after one character no dictionary joins it to (皮搋子 pí chuāi zi): the noun
    suffix, zi; else the model's (zǐ: a son, a seed, 母子)."""
    if len(before) == 1 and HANZI.match(before) and before not in ZI_FULL_BEFORE:
        return "zi"
    return None


ZI_FULL_BEFORE = NUMERALS | frozenset("母父孔老孟庄君王太天公男女独长次爱亲弟臣才其之此彼该吾汝犬孝幼嫡庶养义诸妻")


def _za_tie(text, start, end, before):
    """扎 tying up hair (扎头发 扎个马尾 头发扎起来): zā; else the model's (zhā: to prick, 扎针)."""
    if text[end:end + 2] in ZA_TIED or "头发" in text[max(0, start - 4):start] or (
            _next(text, end) in "个了" and any(w in text[end:end + 5] for w in ZA_TIED)):
        return "zā"
    return None


ZA_TIED = frozenset({"头发", "辫子", "马尾", "丸子", "起来", "小辫", "发髻", "个辫", "个马", "个丸",
                     "蝴蝶", "着红", "着辫", "着马", "头绳", "着头"})  # 扎着红头绳


def _piao_bleach(text, start, end, before):
    """漂 bleaching (漂白, hair: 先漂两次再染): piǎo; else the model's (piāo: to float, to drift)."""
    around = text[max(0, start - 8):end + 8]
    if _next(text, end) == "白" or any(word in around for word in PIAO_BLEACH):
        return "piǎo"
    return None


PIAO_BLEACH = ("染", "头发", "发色", "浅色", "褪色", "发根", "发尾", "漂发", "漂粉", "漂剂",
               "洗衣", "泡沫", "洗了", "三遍", "两遍", "几遍", "清水", "衣服")  # and rinsing: 漂洗


def _mei_submerge(text, start, end, before):
    """没 cut apart from 过 (水/没/过/了/膝盖): mò where 没过 is water rising over sth, as
    _submerge reads the word; else méi."""
    if _next(text, end) == "过" and _submerge(text, start, end + 1):
        return "mò"
    return "méi"


def _la_leave(text, start, end, before):
    """落 in 把 … 落在/落家里 (把三脚架落在车上): là, to leave behind; else the model's (luò: to
    fall, 叶子落在地上)."""
    if "把" in text[max(0, start - 8):start] and (_next(text, end) in "在到下" or
                                                 text[end:end + 2] == "家里"):
        return "là"
    if _prev(text, start) in "不没" and (not HANZI.match(_next(text, end)) or _next(text, end) == "下"):
        return "là"  # 场场不落 一天都不能落下: left out, missed
    return None


def _zhao_morning(text, start, end, before):
    """朝 in 朝九晚五 and its like (a number, then 晚): zhāo, morning; else the model's."""
    return "zhāo" if _next(text, end) in NUMERALS and _next(text, end + 1) == "晚" else None


def _ding_nail(text, start, end, before):
    """钉 nailing (自己钉的 钉个钉子 钉在墙上): dìng; else the model's (dīng: a nail)."""
    if _next(text, end) in "了的在上好个一住牢进" or _prev(text, start) in "己我你他她把去来要先再":
        return "dìng"
    return None


def _zuan_drill(text, start, end, before):
    """钻 drilling or getting into (钻个孔 钻进去 钻到): zuān; else the model's (zuàn: 电钻 a drill,
    钻石)."""
    if _next(text, end) in "个了孔洞进到出过一牙":
        return "zuān"  # 钻牙: drilling a tooth
    if _prev(text, start) in "里往后" and not HANZI.match(_next(text, end)):
        return "zuān"  # 往我怀里钻，: burrowing in
    return None


def _jin_energy(text, start, end, before):
    """劲 standing alone (提不起劲 使劲 没劲 有劲儿): jìn, energy, spirit; jìng only in the words
    of strength (劲敌 强劲 刚劲), which the dictionary reads whole."""
    return None if _prev(text, start) in "强刚遒苍风" or _next(text, end) in "敌旅松草风射骑卒兵" else "jìn"


def _zhong_hit(text, start, end, before):
    """中 after a verb of aiming or guessing, ending the clause or before 了 (说中了 猜中 考中了):
    zhòng, to hit the mark; else zhōng."""
    if _prev(text, start) in ZHONG_HIT_BEFORE and not before.endswith(ZHONG_NOT_AIM) and (
            _next(text, end) in "了过" or not HANZI.match(_next(text, end))):
        if _prev(text, start) in ZHONG_AIM or any(word in text for word in PRIZE_WORDS):
            return "zhòng"  # 就中了个保温杯 (抽奖): won
    if _prev(text, start) in ZHONG_AIM and _next(text, end) in NUMERALS:
        return "zhòng"  # 抽中一台 猜中三个: won, guessed right
    if _prev(text, start) == "连" and (_next(text, end) in NUMERALS or _next(text, end) == "好"):
        return "zhòng"  # 连中好几个: hit after hit
    return "zhōng"


PRIZE_WORDS = ("抽奖", "彩票", "奖", "抽中", "刮刮乐")


# Words ending in an aiming verb's character that aim at nothing: 小说中 'in the novel'.
ZHONG_NOT_AIM = ("小说", "传说", "学说", "听说", "据说", "演说", "解说", "参考", "思考")
ZHONG_AIM = frozenset("说猜考射抽押套")  # verbs of aiming or guessing: 说中 猜中 考中
ZHONG_HIT_BEFORE = ZHONG_AIM | frozenset("就又都也")  # and 就中了 in a prize draw


def _da_dozen(text, start, end, before):
    """打 counting a dozen (两打啤酒 一打鸡蛋): dá; else dǎ."""
    return "dá" if _prev(text, start) in NUMERALS and text[end:end + 2] in DOZENS else "dǎ"


DOZENS = frozenset({"啤酒", "鸡蛋", "袜子", "铅笔", "玫瑰"})


def _lei_tight(text, start, end, before):
    """勒 of a strap or a cord pressing in (勒得慌 勒着 勒出印子): lēi; else the model's (lè)."""
    return "lēi" if _next(text, end) in "得着紧出住了" else None


def _qiang_choke(text, start, end, before):
    """呛 choking on water or food (呛了一口水): qiāng; of smoke or a smell stinging (烟呛人
    呛鼻): qiàng."""
    around = text[max(0, start - 4):end + 3]
    if "水" in _clause_before(text, start, 8):
        return "qiāng"  # 头埋进水里就呛: choking on water
    if _next(text, end) in "人鼻眼" or any(char in around for char in "烟鼻辣味熏"):
        return "qiàng"  # 呛人 呛鼻 烟呛得
    return "qiāng"


def _lou_show(text, start, end, before):
    """露 showing a part of oneself (一抬胳膊就露肚子 露一手 露馅): lòu; else the model's (lù:
    dew, 暴露 written words)."""
    if _next(text, end) in "肚腰脸馅怯富腿胳肩背脚一" or text[end:end + 2] == "了馅" or (
            text[end:end + 3] == "了一手"):
        return "lòu"  # 露了馅
    return None


def _tun_hoard(text, start, end, before):
    """囤 hoarding (囤了两套 囤货): tún; a grain bin (粮囤) keeps the dictionary's dùn."""
    return None if _prev(text, start) in "粮米谷" else "tún"


def _tiao_pick(text, start, end, before):
    """挑 choosing (挑点好的 挑一个 帮我挑): tiāo; else the model's (tiǎo: 挑战 to provoke, 挑灯)."""
    if _next(text, end) in "点个一了好几些选出中过来衣鞋菜礼西" or (
            _prev(text, start) in "帮我你他她先再慢随自专净始太别"):
        return "tiāo"
    return None


def _ai_suffer(text, start, end, before):
    """挨 suffering (挨骂 没少挨教练的骂 挨打): ái; next to (挨着 挨个): āi; else the model's."""
    if _next(text, end) in "着个家门近":
        return "āi"
    if any(char in text[end:end + 6] for char in "骂打批训揍冻饿宰刀"):
        return "ái"
    return None


def _hu_burnt(text, start, end, before):
    """糊 standing alone: hú (烧糊了 burnt, 拍得有点糊 blurry, 这剧糊了 flopped); hù only for a
    paste after what it is made of (面糊, 辣椒糊)."""
    return "hù" if _prev(text, start) in HU_PASTE_BEFORE else "hú"


HU_PASTE_BEFORE = frozenset("面椒麻")


RULES = {
    "弹": _tan_play, "更": _geng_update, "扇": _shan_fan, "哄": _hong_coax, "晕": _yun_motion,
    "糊": _hu_burnt,
    "子": _zi_suffix,
    "扎": _za_tie,
    "没": _mei_submerge,
    "落": _la_leave,
    "朝": _zhao_morning,
    "钉": _ding_nail,
    "钻": _zuan_drill,
    "劲": _jin_energy,
    "打": _da_dozen,
    "勒": _lei_tight,
    "呛": _qiang_choke,
    "露": _lou_show,
    "囤": _tun_hoard,
    "挑": _tiao_pick,
    "挨": _ai_suffer,
    "中": _zhong_hit,
    "漂": _piao_bleach,
    "铺": _pu_spread,
    "转": _zhuan_round,
    "待": _dai_stay,
    "好": _hao_fond,
    "攒": _zan_save,
    "降": _jiang_fall,
    "量": _liang_measure,
    "蒙": _meng_guess,
    "弄": _nong_lane,
    "啦": _la_run,
    "吧": _ba_bar,
    "撒": _sa_sprinkle,
    "盛": _sheng_fill,
    "分": _fen_excess,
    "划": _hua_swipe, "涨": _zhang_swell,
    "血": _xue_blood,
    "应": _ying_answer,
    "缝": _feng,
    "背": _bei_back,
    "拧": _ning_wring,
    "奔": _ben_towards,
    "散": _san_apart,
    "晃": _huang_sway,
    "折": _zhe_break,
    "系": _ji_tie,
    "冲": _chong_rush,
    "和": _he_win,
    "削": _xiao_peel,
    "塞": _sai_stuff,
    "卡": _qia_stuck,
    "粘": _zhan_stick,
    "称": _chen_fit,
    "倒": _dao_change,
    "扒": _ba_cling,
    "剥": _bao_peel,
    "汗": _han_sweat,
    "咽": _yan_swallow,
    "闷": _men_muggy,
    "吐": _tu_vomit,
    "崴": _wai_sprain,
    "场": _chang_spell,
    "薄": _bao_thin,
    "过": _guo_ever,
    "得": _de, "地": _di, "了": _le, "着": _zhe, "长": _chang, "还": _hai, "教": _jiao_teach,
    "觉": _jiao_sleep, "只": _zhi, "种": _zhong, "空": _kong, "假": _jia, "发": _fa,
    "干": _gan, "数": _shu, "为": _wei, "调": _tiao, "切": _qie, "重": _chong, "看": _kan,
    "行": _hang, "当": _dang, "卷": _juan, "藏": _cang,
}


def _east_west(text: str, start: int, end: int) -> str | None:
    """东西 'east and west' beside 南北 or a direction word, else 'thing' (dōng xi)."""
    around = text[max(0, start - 3):start] + text[end:end + 3]
    if "南" in around or "北" in around or "方向" in around or "走向" in around:
        return "dōng xī"
    return None


def _attire(text: str, start: int, end: int) -> str | None:
    """穿着 after 的 is a noun, attire (chuān zhuó); elsewhere wearing (chuān zhe)."""
    return "chuān zhuó" if text[start - 1:start] == "的" else None


# Directional complements are neutral after a verb (站起来 zhàn qǐ lai, 拿出去 ná chū qu), and
# keep their tones as verbs of their own (起来吧 qǐ lái, 我想出去 chū qù, 在过去 guò qù).
COMPLEMENTS = {
    "出来": "chū lai", "起来": "qǐ lai", "下来": "xià lai", "上来": "shàng lai",
    "过来": "guò lai", "回来": "huí lai", "进来": "jìn lai", "出去": "chū qu",
    "下去": "xià qu", "回去": "huí qu", "进去": "jìn qu", "上去": "shàng qu",
    "过去": "guò qu",
}
NOT_VERBS = frozenset("想要会能该得不没别快就才也都还又再先去来了的在我你他她它们说是从往向到")


def _complement(text: str, start: int, end: int) -> str | None:
    before = text[start - 1:start]
    if before and HANZI.match(before) and before not in NOT_VERBS:
        if before in TIME_ENDS and text[start:end] == "过去":
            return None  # 十年过去了: the years went by (guò qù), no verb before it
        return COMPLEMENTS[text[start:end]]
    return None


TIME_ENDS = frozenset("年天月周代")


def _how_heavy(text: str, start: int, end: int) -> str | None:
    """多重 ending a clause asks how heavy (称一下多重, duō zhòng); else multiple (duō chóng)."""
    after = text[end:end + 1]
    return "duō zhòng" if not HANZI.match(after or " ") or after in "啊呀吗呢啦" else None


def _paper_jam(text: str, start: int, end: int) -> str | None:
    """卡纸 of a printer (打印机卡纸了): qiǎ zhǐ, jammed; else card stock (kǎ zhǐ)."""
    if text[end:end + 1] == "了" or "打印" in text or "复印" in text:
        return "qiǎ zhǐ"
    return None


def _bear_fruit(text: str, start: int, end: int) -> str | None:
    """结果 before 了 at a clause's end: jiē guǒ (to bear fruit); else a result, jié guǒ."""
    if text[end:end + 1] == "了" and not HANZI.match(text[end + 1:end + 2] or " "):
        return "jiē guǒ"
    return None


def _one_line(text: str, start: int, end: int) -> str | None:
    """一行 after 干/爱/做 (干一行爱一行): one line of work, yī háng; ending a clause (织错了一行，
    少写了一行): a line, a row, yī háng; else a party (一行人)."""
    if (text[start - 1:start] in ("干", "爱", "做", "入") and start) or not HANZI.match(
            _next(text, end)):
        return "yī háng"
    return None


def _change_trains(text: str, start: int, end: int) -> str | None:
    """倒车 on a journey by train or bus (中途要在郑州倒车，换乘): dǎo chē, to change; else the
    dictionary's dào chē (to reverse a car)."""
    around = text[max(0, start - 8):end + 8]
    if _next(text, end) == "去" or any(word in around for word in DAO_CHE_JOURNEY):
        return "dǎo chē"  # 倒车去上海: to change, on the way to
    return None


DAO_CHE_JOURNEY = ("换乘", "中途", "转车", "地铁", "公交", "高铁", "火车", "动车", "车站", "趟",
                   "航班", "大巴", "班车")


def _counted_spell(text: str, start: int, end: int) -> str | None:
    """一场, 这场 …: 场 as _chang_spell reads it after the number (一场大雨 yī cháng, 一场球赛
    yī chǎng)."""
    first = text[start:end - 1]
    return f"{SPELL_COUNTS[first]} {_chang_spell(text, end - 1, end, first)}"


SPELL_COUNTS = {"一": "yī", "两": "liǎng", "这": "zhè", "那": "nà", "几": "jǐ", "每": "měi"}


def _mistake(text: str, start: int, end: int) -> str | None:
    """出差 before 错 is 出 + 差错 (出差错 to make a mistake): chū chā; else a business trip."""
    return "chū chā" if _next(text, end) == "错" else None


def _tired_home(text: str, start: int, end: int) -> str | None:
    """家累 glued across 搬完家 + 累得 (搬完家累得一身汗): jiā lèi, tired; else the dictionary's
    jiā lěi (family burden)."""
    return "jiā lèi" if _next(text, end) in "得死坏了惨趴瘫" else None


def _not_received(text: str, start: int, end: int) -> str | None:
    """没收 before 到 or after 还/都/也 (没收到 根本还没收): méi shōu, not received; else mò
    shōu, to confiscate."""
    if _next(text, end) == "到" or _prev(text, start) in "还根":
        return "méi shōu"  # (被老师没收过: confiscated, mò)
    return None


def _on_a_whim(text: str, start: int, end: int) -> str | None:
    """兴起 after 一时 (一时兴起 on a whim): xìng qǐ; else xīng qǐ (to rise, to spring up)."""
    return "xìng qǐ" if text[max(0, start - 2):start] == "一时" else None


def _bore_fruit(text: str, start: int, end: int) -> str | None:
    """结了 of a plant bearing fruit (番茄结了好多): jiē le; before a noun (结了婚 结了冰): jié le;
    else the dictionary's jié liǎo (that's that)."""
    around = text[max(0, start - 8):end + 6]
    if any(word in around for word in FRUIT_WORDS):
        return "jiē le"
    return "jié le" if HANZI.match(_next(text, end)) else None


FRUIT_WORDS = ("果子", "果实", "果树", "多果", "个果", "些果", "番茄", "柿子", "黄瓜", "辣椒", "葡萄",
               "草莓", "西瓜", "南瓜", "丝瓜", "枣", "桃", "树上")  # not 如果 结果


def _glad(text: str, start: int, end: int) -> str | None:
    """乐得 before how glad (乐得合不拢嘴 乐得直拍手): lè de; else lè dé (glad to, 乐得清闲)."""
    after = _next(text, end)
    return "lè de" if HANZI.match(after) and after not in "清其自" else None


def _no_measuring(text: str, start: int, end: int) -> str | None:
    """用量 cut from 不用 + 量 at a clause's end (从来不用量): yòng liáng, no need to measure; else
    the dictionary's yòng liàng (a dosage)."""
    if _prev(text, start) in "不没别" and not HANZI.match(_next(text, end)):
        return "yòng liáng"
    return None


def _so_pretty(text: str, start: int, end: int) -> str | None:
    """美的 after a degree word (特别美的日出): měi de, so beautiful; else the brand (Midea)."""
    if _prev(text, start) in DEGREE_BEFORE or text[max(0, start - 2):start] in DEGREE_WORDS:
        return "měi de"
    return None


def _hands_sore(text: str, start: int, end: int) -> str | None:
    """得手 cut from a verb + 得 + 手都… (签得手都酸了): de shǒu; else the dictionary's dé shǒu
    (to succeed)."""
    return "de shǒu" if _next(text, end) in "都也直发" and HANZI.match(_prev(text, start)) else None


def _swaying(text: str, start: int, end: int) -> str | None:
    """一晃一晃 swaying: yī huàng; else the dictionary's yī huǎng (in a flash: 一晃三年)."""
    if text[end:end + 2] == "一晃" or text[max(0, start - 2):start] == "一晃":
        return "yī huàng"
    return None


def _round_again(text: str, start: int, end: int) -> str | None:
    """回转 cut from 来回 + 转 (来回转了好几圈): huí zhuàn, round and round; else huí zhuǎn."""
    return "huí zhuàn" if _prev(text, start) == "来" else None


def _eyes_shut(text: str, start: int, end: int) -> str | None:
    """着眼 cut from 闭/睁 + 着 + 眼 (闭着眼都能数出来): zhe yǎn; else the dictionary's zhuó yǎn
    (to have in mind)."""
    return "zhe yǎn" if _prev(text, start) in "闭睁眯瞪" else None


def _chow_down(text: str, start: int, end: int) -> str | None:
    """干饭 is the slang 'to chow down' (干饭了！ 干饭人), gàn fàn; after 吃 it is plain cooked
    rice, the dictionary's gān fàn (吃干饭, to freeload)."""
    return None if _prev(text, start) == "吃" else "gàn fàn"


def _got_everywhere(text: str, start: int, end: int) -> str | None:
    """得到 cut from a verb + 得 + 到处 (扔得到处都是): de dào; else the dictionary's dé dào."""
    if _next(text, end) == "处" and HANZI.match(_prev(text, start)):
        return "de dào"
    return None


def _free_seat(text: str, start: int, end: int) -> str | None:
    """空位 of seats, tables, parking (咖啡店的空位太少): kòng wèi, a free place; else the model's
    (kōng wèi: a gap, an empty position in a sequence)."""
    around = text[max(0, start - 10):end + 10]
    return "kòng wèi" if any(word in around for word in SEAT_WORDS) else None


def _car_ok(text: str, start: int, end: int) -> str | None:
    """车行 asked about (这辆车行不行, 我的车行吗): chē xíng, the car will do; else chē háng,
    a car firm."""
    after = _next(text, end)
    return "chē xíng" if after in "不吗吧么" else "chē háng"


SEAT_WORDS = ("座", "坐", "店", "车", "餐厅", "桌", "停车", "抢", "周末", "剩", "排队", "位子", "影院")


def _pullback(text: str, start: int, end: int) -> str | None:
    """回调 of prices pulling back (等它回调了再买): huí tiáo; in code (回调函数) the dictionary's
    huí diào, a callback."""
    around = text[max(0, start - 8):end + 8]
    return None if any(word in around for word in CALLBACK_WORDS) else "huí tiáo"


CALLBACK_WORDS = ("函数", "接口", "代码", "程序", "API", "api", "调用", "事件")


def _hair_root(text: str, start: int, end: int) -> str | None:
    """发根 the roots of the hair: fà gēn; cut from 发 + 根烟 (给他发根烟, to hand him a
    cigarette): fā gēn."""
    return "fā gēn" if _next(text, end) == "烟" else "fà gēn"


def _into_water(text: str, start: int, end: int) -> str | None:
    """下水 going into the water (救生员不让下水): xià shuǐ; after an animal (猪下水) the
    dictionary's offal, xià shui."""
    return None if _prev(text, start) in "猪鸡鸭羊牛鱼" else "xià shuǐ"


def _stuff_in(text: str, start: int, end: int) -> str | None:
    """要塞 cut across 要 + 塞 (硬要塞给我): yào sāi, to want to slip (sth to sb); else the
    dictionary's yào sài (a fortress)."""
    return "yào sāi" if _next(text, end) in "给进到满" else None


def _also_for(text: str, start: int, end: int) -> str | None:
    """还给 before a pronoun and a verb (还给它戴了条围巾): hái gěi, also … for; else the
    dictionary's huán gěi (to give back to)."""
    after = end + 1 + (_next(text, end + 1) == "们")  # 还给我们煮了: past 们
    if _next(text, end) in "我你他她它" and _next(text, after) in HAI_ALSO_VERBS:
        return "hái gěi"
    return None


def _worn(text: str, start: int, end: int) -> str | None:
    """穿过 before a count of times (只试穿过一次): chuān guo, worn; else chuān guò (through)."""
    return "chuān guo" if text[end:end + 2] in TIMES_COUNTED else None


def _submerge(text: str, start: int, end: int) -> str | None:
    """没过 of water rising over sth (水没过了膝盖): mò guò; else méi guò (not … yet)."""
    if "水" in text[max(0, start - 3):start] or _next(text, end + (_next(text, end) == "了")) in "膝腰脚头胸":
        return "mò guò"
    return None


WORD_CONTEXT = {"东西": _east_west, "倒车": _change_trains, "出差": _mistake, "没过": _submerge,
                "穿着": _attire, "结果": _bear_fruit, "一行": _one_line, "多重": _how_heavy,
                "卡纸": _paper_jam, "家累": _tired_home, "没收": _not_received, "兴起": _on_a_whim,
                "结了": _bore_fruit, "乐得": _glad, "空位": _free_seat,
                "下水": _into_water, "要塞": _stuff_in, "还给": _also_for, "穿过": _worn,
                "回调": _pullback, "发根": _hair_root, "车行": _car_ok, "得到": _got_everywhere,
                "干饭": _chow_down, "着眼": _eyes_shut, "回转": _round_again, "一晃": _swaying,
                "得手": _hands_sore, "用量": _no_measuring, "美的": _so_pretty}
WORD_CONTEXT.update(dict.fromkeys(COMPLEMENTS, _complement))
WORD_CONTEXT.update({first + "场": _counted_spell for first in SPELL_COUNTS})
# Out of context, their own tones (CC-CEDICT also has the complements' neutral readings).
WORDS.update({
    "出来": "chū lái", "起来": "qǐ lái", "下来": "xià lái", "上来": "shàng lái",
    "过来": "guò lái", "回来": "huí lái", "进来": "jìn lái", "出去": "chū qù",
    "下去": "xià qù", "回去": "huí qù", "进去": "jìn qù", "上去": "shàng qù",
    "过去": "guò qù",
})


# -- words out of context ------------------------------------------------------------------


def word_reading(word: str, raw: list[str], senses, part_senses=None
                 ) -> tuple[str, tuple[int, ...]]:
    """_word_reading, with 个 read gè after a number or verb (一个 几个 冲个; 这个 那个 keep
    their neutral ge), 谁 read shéi, as the dictionary and our gold writers give them, and 没过
    before an amount of time méi guò."""
    reading, open_ = _word_reading(word, raw, senses, part_senses)
    if "个" in word or "谁" in word:
        syllables = reading.split()
        if len(syllables) == len(word):
            for i, char in enumerate(word):
                if char == "个" and syllables[i] == "ge" and word[:i + 1] not in NEUTRAL_GE:
                    syllables[i] = "gè"
                elif char == "谁" and syllables[i] == "shuí":
                    syllables[i] = "shéi"
            reading = " ".join(syllables)
    if len(word) == 3 and word not in WORDS and word[-2:] in NEUTRAL_TAILS:
        syllables = reading.split()
        if len(syllables) == len(word):  # 穿衣服 发脾气 讲道理: as 衣服 脾气 道理
            reading = " ".join(syllables[:-1] + [pinyin.strip_tones(syllables[-1])])
    if word.startswith("没过") and len(word) > 2 and reading.startswith("mò guò"):
        reading = "méi" + reading[2:]  # 没过几天 没过一会儿: not long after (not mò, to submerge)
    return reading, open_


NEUTRAL_GE = frozenset({"这个", "那个", "哪个"})  # and the words they begin (这个人)


def _word_reading(word: str, raw: list[str], senses, part_senses=None
                  ) -> tuple[str, tuple[int, ...]]:
    """The reading of a word out of context, and the positions the context must decide.

    `raw` is pypinyin's reading (one syllable a character), `senses` the word's CC-CEDICT
    entries ((reading with marks, definitions), ...), `part_senses` {part: entries} for the
    parts of a word CC-CEDICT lacks (很漂亮 takes the neutral tone of 漂亮)."""
    if is_run(word) and len(raw) == len(word):
        return " ".join([RUN_READINGS.get(word[0], raw[0])] * len(word)), ()  # 看看看 kàn kàn kàn: each said in full
    if word in WORDS:
        fixed = WORDS[word]
        if fixed is None and len(raw) == len(word):  # NEUTRAL_SECOND
            fixed = " ".join(raw[:-1] + [pinyin.strip_tones(raw[-1])])
        if fixed is not None:
            return fixed, ()
    reading = " ".join(raw)
    if len(word) == 1 or len(raw) != len(word):
        return reading, ()
    entries = _entries(word, senses)
    bases = [pinyin.strip_tones(s) for s in raw]
    covered: set[int] = set()
    if not entries and part_senses:
        raw, covered = _read_by_parts(word, raw, part_senses)
        reading = " ".join(raw)
    same = [e for e in entries if [pinyin.strip_tones(s) for s in e] == bases]
    if same and _in_phrase_table(word):
        chosen = _neutral_tones(raw, same)
        if chosen == raw and len({tuple(e) for e in same}) == 1:
            chosen = same[0]  # CC-CEDICT's tones where pypinyin's differ (照片 zhào piàn)
        return " ".join(chosen), ()
    distinct = {tuple(pinyin.strip_tones(s) for s in e) for e in entries}
    if len(distinct) == 1:
        return " ".join(_neutral_tones(entries[0], entries)), ()
    if not entries and _in_phrase_table(word):
        return reading, ()
    from slangtutor.annotate.polyphone import candidates

    table = candidates()
    return reading, tuple(i for i, char in enumerate(word) if char in table and i not in covered)


MAX_PART = 4  # characters in a dictionary word inside a glued word


def glued_parts(word: str, dictionary: dict | set) -> list[str]:
    """A word jieba's guesser glued (河漂流, 时照) as the fewest dictionary words and single
    characters (`dictionary`: the dictionary words among its substrings), a longer part first
    where two splits tie: 河漂流 -> 河 + 漂流. A run of one character is its characters (看看看
    kàn kàn kàn, not 看看 kàn kan + 看)."""
    if is_run(word):
        return list(word)
    n = len(word)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # word[i:]: (parts, first's end)
    best[n] = (0, n)
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + MAX_PART), i, -1):  # longest first: it wins a tie
            if j - i > 1 and (word[i:j] not in dictionary or j - i == n):
                continue
            count = best[j][0] + 1
            if best[i] is None or count < best[i][0]:
                best[i] = (count, j)
    parts, i = [], 0
    while i < n:
        j = best[i][1]
        parts.append(word[i:j])
        i = j
    if (len(parts) > 1 and parts[-1] == "子" and len(parts[-2]) == 2
            and parts[-2][1] + "子" in dictionary):
        parts[-2:] = [parts[-2][0], parts[-2][1] + "子"]  # 新房子: 新 + 房子, not 新房 + 子
    return parts


def reading_from_parts(parts: list[str], readings: list[tuple[str, tuple[int, ...]]]
                       ) -> tuple[str, tuple[int, ...]] | None:
    """A glued word's reading from its parts' readings out of context ((reading, open
    positions), as word_reading gives them): their syllables in turn; open, the parts' own
    open positions, shifted, and each one-character part the polyphone model may read (as
    word_reading leaves open a polyphonic character no dictionary word covers). None when a
    part's reading is not one syllable a character."""
    from slangtutor.annotate.polyphone import candidates

    table = candidates()
    syllables: list[str] = []
    open_: list[int] = []
    for part, (reading, part_open) in zip(parts, readings):
        at = len(syllables)
        if len(reading.split()) != len(part):
            return None
        if len(part) == 1:
            if part in table:
                open_.append(at)
        else:
            open_.extend(at + i for i in part_open)
        syllables.extend(reading.split())
    return " ".join(syllables), tuple(open_)


def _entries(word: str, senses) -> list[list[str]]:
    """CC-CEDICT readings of a word, one syllable a character, lower case."""
    entries = []
    for entry_reading, _ in senses:
        syllables = entry_reading.lower().split()
        if word.endswith("儿") and syllables[-1:] == ["r"]:
            syllables[-1] = "er"  # erhua (一点儿 yī diǎn r): a neutral er of its own
        if len(syllables) == len(word) and all(
                pinyin.strip_tones(s) in pinyin.SYLLABLES for s in syllables):
            entries.append(syllables)
    return entries


def _read_by_parts(word: str, raw: list[str], part_senses) -> tuple[list[str], set[int]]:
    """A word CC-CEDICT lacks (jieba glues known words: 获得胜利, 很漂亮) read by its parts as
    glued_parts cuts it (the gloss's parts too): raw with their readings where CC-CEDICT gives
    one (with its neutral tones), and the positions they settle."""
    out = list(raw)
    covered: set[int] = set()
    i = 0
    for part in glued_parts(word, part_senses):
        j = i + len(part)
        entries = _entries(part, part_senses[part]) if len(part) > 1 else None
        if entries:
            same = [e for e in entries if [pinyin.strip_tones(s) for s in e]
                    == [pinyin.strip_tones(s) for s in raw[i:j]]]
            if len({tuple(pinyin.strip_tones(s) for s in e) for e in entries}) == 1:
                out[i:j] = _neutral_tones(entries[0], entries)
                covered.update(range(i, j))
            elif same:
                out[i:j] = _neutral_tones(raw[i:j], same)
        i = j
    return out, covered


def _neutral_tones(raw: list[str], entries: list[list[str]]) -> list[str]:
    """raw with the neutral tones of the CC-CEDICT entry that agrees with it on every toned
    syllable and has the most neutral ones (东西 dōng xī / dōng xi -> dōng xi)."""
    best, most = raw, 0
    for entry in entries:
        if all(e == r or (pinyin.tone_of(e) == 5 and
                          pinyin.strip_tones(e) == pinyin.strip_tones(r))
               for e, r in zip(entry, raw)):
            neutral = sum(pinyin.tone_of(e) == 5 for e in entry)
            if neutral > most:
                best, most = entry, neutral
    return list(best)


def in_phrase_table(word: str) -> bool:
    """True when pypinyin's phrase table has the word (imports pypinyin)."""
    from pypinyin.constants import PHRASES_DICT

    return word in PHRASES_DICT


_in_phrase_table = in_phrase_table  # in word_reading, pypinyin is loaded already: raw came from it


# -- sentences -----------------------------------------------------------------------------


def _class(chars) -> str:
    return "[" + "".join(sorted(chars)) + "]"


# Where a rule can change a one-character word's dictionary reading, by the character before
# and after: elsewhere the rule's reading is the dictionary's (a test checks it), so only
# these contexts need a look.
CONDITIONAL = {
    "了": (LE_LIAO_BEFORE, frozenset()),
    "着": (ZHAO_VERBS | ZHAO_HURT | {"不", "得", "就", "钓"}, ZHAO_AFTER | ZHUO_AFTER | {NOT_HANZI}),
    "还": (HUAN_BEFORE | {"了", "记"},
          HUAN_NEXT | HUAN_OBJECT | {"车"} | {debt[0] for debt in HUAN_DEBTS}),
    "只": (NUMERALS | ZHI_VERBS | {"只"}, frozenset()),
    "种": (frozenset(), ZHONG_AFTER | {"的"}),
    "空": (KONG_BEFORE, frozenset()),
    "假": (JIA_BEFORE | {"好", "完", "的", "次", "天", "周"}, JIA_AFTER),
    "发": (FA_BEFORE | {"了", "个"}, FA_HAIR_AFTER),
    "数": (frozenset("一了越在个"), SHU_AFTER),
    "重": (frozenset(), CHONG_AFTER),
    "看": (frozenset(), KAN_AFTER | {NOT_HANZI, "着"}),
    "行": (NUMERALS | {"车"}, frozenset()),
    "弄": (DIGITS, frozenset()),
    "啦": (frozenset("哆啦"), frozenset("啦")),
    "吧": (frozenset("贴清"), frozenset()),
    "糊": (HU_PASTE_BEFORE, frozenset()),
    "没": (frozenset(), frozenset("过")),
    "打": (NUMERALS, frozenset()),
    "中": (ZHONG_HIT_BEFORE | {"连"}, frozenset()),
}
# A word WORD_CONTEXT reads begins a look too, whatever its first character's condition: 没收到.
CONDITIONAL = {char: (before, after | {word[1] for word in WORD_CONTEXT if word[0] == char})
               for char, (before, after) in CONDITIONAL.items()}


class Context:
    """Readings of the words of a batch of lines that depend on the sentence.

    A line is searched once with one regular expression for the characters and contexts that
    may need a look (most lines have few or none); only those are mapped to their words.
    """

    def __init__(self):
        self._trigger = None

    def _compile(self):
        from slangtutor.annotate.polyphone import candidates

        table = candidates()
        chars = {c for c in table if c in RULES or c not in DEFAULT}
        chars.update(c for c in RULES if c not in table)  # 血: ours alone
        chars.update(word[0] for word in WORD_CONTEXT)
        self._trigger = re.compile(_class(chars))

    def read(self, batch, reading_of, open_of) -> list[dict[int, str]]:
        """For each (text, pieces) of the batch, {piece index: reading} where the sentence
        gives a word another reading than reading_of(word); open_of(word) gives a word's
        open positions (Readings.open_positions). Pieces are (start, end, kind, form)."""
        if self._trigger is None:
            self._compile()
        find = self._trigger.finditer
        out: list[dict[int, str]] = []
        asks: list[tuple[int, int, int, list[str]]] = []  # line, piece, position, syllables
        items: list[tuple[str, int]] = []
        for number, (text, pieces) in enumerate(batch):
            changed: dict[int, str] = {}
            out.append(changed)
            starts = None
            words: dict[int, list[str]] = {}  # piece index -> syllables being read
            for match in find(text):
                at = match.start()
                char = match.group()
                conditional = CONDITIONAL.get(char)
                if conditional is not None and text[at - 1:at] not in conditional[0]:
                    after = text[at + 1:at + 2]
                    if after not in conditional[1] and (
                            NOT_HANZI not in conditional[1] or HANZI.match(after)):
                        continue
                if starts is None:
                    starts = [piece[0] for piece in pieces]
                i = bisect_right(starts, at) - 1
                start, end, kind, form = pieces[i]
                if kind != "word" and kind != "slang":  # a slang alias may be read too
                    continue
                if form is not None and form.curated:
                    continue  # read by its entry's pinyin (绝绝子)
                word = text[start:end]
                if end - start == 1:
                    rule = RULES.get(word)
                    found = (rule(text, start, end, _prev_word(text, pieces, i))
                             if rule else None)
                    if found is not None:
                        if found != reading_of(word):
                            changed[i] = found
                    elif word not in DEFAULT:  # else no rule said otherwise: the dictionary's
                        asks.append((number, i, 0, [reading_of(word)]))
                        items.append((text, start))
                    continue
                special = WORD_CONTEXT.get(word)
                if special is not None:
                    if at == start:
                        found = special(text, start, end)
                        if found and found != reading_of(word):
                            changed[i] = found
                    continue
                position = at - start
                if position not in open_of(word):
                    continue  # a dictionary word settles it
                syllables = words.get(i)
                if syllables is None:
                    syllables = words[i] = reading_of(word).split()
                self._open_char(text, pieces, i, number, position, syllables, changed,
                                asks, items)
        if items:
            from slangtutor.annotate.polyphone import model

            for (number, i, position, syllables), found in zip(asks, model().read(items)):
                if found and found != syllables[position]:
                    syllables[position] = found
                    out[number][i] = " ".join(syllables)
        return out

    @staticmethod
    def _open_char(text, pieces, i, number, position, syllables, changed, asks, items):
        """A character of a word no dictionary knows (jieba's guess: 说得对, 我教), read as a
        word of its own: by its rule, or by the model."""
        start = pieces[i][0]
        word = text[start:pieces[i][1]]
        char = word[position]
        rule = RULES.get(char)
        at = start + position
        before = word[:position] or _prev_word(text, pieces, i)
        found = rule(text, at, at + 1, before) if rule else None
        if found is not None:
            if found != syllables[position]:
                syllables[position] = found
                changed[i] = " ".join(syllables)
        elif rule or char not in DEFAULT:
            asks.append((number, i, position, syllables))
            items.append((text, at))
