"""Language data the answerer reads questions and sentences with, in one place.

Every table states a general fact of Chinese or English grammar or usage (what a question
word asks for, which measure words count things, which words name a quantity of money or
people, which pronouns point back into a conversation). None names words of a particular
question: the weights that combine these signals are learned (rag/answer/model.py).
"""

from __future__ import annotations

import re
from enum import Enum

# Measure words, units and numerals (units.py), the words English candidates are read with
# (english.py) and the words that point back into a conversation or at a time (pointing.py)
# are tables of this lexicon kept in modules of their own.
from rag.answer.lexicon.english import (  # noqa: F401 (read from here)
    EN_MONTHS, EN_WEEKDAYS, EN_ORDINAL_WORDS, EN_APPROX, EN_PERSON_TITLES, EN_ABBREVIATIONS, EN_ORG_HEADS, EN_PLACE_HEADS, EN_PLACE_FIRST, EN_SUBORDINATORS, EN_FUNCTION_WORDS,
)
from rag.answer.lexicon.units import (  # noqa: F401 (read from here)
    MEASURE_WORDS, LATIN_UNITS, MAJOR, INDIVIDUAL_MEASURE_WORDS, INDEFINITE_ONE, MEASURE_SYNONYMS, MONEY_UNITS, PEOPLE_UNITS, PERSON_NOUN_SUFFIXES, ZH_QUANTITY_UNITS, EN_MAGNITUDES, EN_MONEY_WORDS, EN_MEASURE_UNITS, EN_NUMBER_WORDS, EN_QUANTITY_UNITS, EN_COUNT_UNITS, EN_THINGS_COUNTED, EN_MEASURED_COUNT, EN_UNITS_ASKED, EN_UNIT_ASKED, EN_MAJOR_ASKED, DAY_UNITS, CN_DIGITS, NUMBER, SCALE, APPROX, CURRENCY_SIGN,
    DIMENSIONS, OTHER_DIMENSIONS, PHYSICAL_UNITS, RISE_WORDS, FALL_WORDS, enumerated_point_forms,
)
from rag.answer.lexicon.pointing import (  # noqa: F401 (read from here)
    ZH_PERSON_PRONOUNS, ZH_THING_PRONOUNS, ZH_PLACE_DEICTICS, ZH_TIME_DEICTICS, POINTING_BACK, SAYING_VERBS, ZH_TIME_POINTS, ZH_RELATIVE_TIMES, TIME_FRAME_WORDS,
    EN_PERSON_PRONOUNS, EN_THING_PRONOUNS, EN_PLACE_DEICTICS,
)


class Kind(str, Enum):
    """The kind of value a question asks for."""

    PERSON = "person"
    PLACE = "place"
    TIME = "time"
    NUMBER = "number"
    PERCENT = "percent"
    ORDINAL = "ordinal"
    ENTITY = "entity"
    REASON = "reason"
    MANNER = "manner"
    YESNO = "yesno"
    OTHER = "other"


# Chinese question words (疑问词) and what they ask for; checked in order, first match wins.
# 第几 asks for an ordinal; time phrases before 几 (几月 is a month, not a count). 哪 with a
# number (哪几位, 哪两个国家) asks which ones, as 哪些 does, not how many: 几 after 哪 is no count.
# Everyday speech writes 啥 for 什么 (啥时候, 为啥, 叫啥) and 咋 for 怎么; written Chinese keeps
# literary 何 forms (何日 "what day", 何月, 何人, 何地).
WHICH_COUNT = r"(?:几|[两二三四五六七八九十]+)?"
# 哪 + an individual measure word (哪场, 哪艘), 款 or an event's (哪次, 哪轮) asks which thing; + 位, 名 who.
WHICH_MEASURES = "".join(w for w in INDIVIDUAL_MEASURE_WORDS if w not in "位名人") + "款次轮"
ZH_QUESTION_WORDS: list[tuple[Kind, str]] = [
    (Kind.ORDINAL, r"第几|第多少|哪一届"),
    (Kind.TIME, r"(?:什么|啥)时间|(?:什么|啥)时候|啥时|何时|哪一?天|哪一?日|何日|哪一?年|几月|几号|几点|几时|哪个月|何月|什么日期|哪个朝代|何年"),
    (Kind.PERSON, rf"谁|哪一?[位名]|哪{WHICH_COUNT}[位名]|什么人|何人"),
    (Kind.PLACE, rf"哪里|哪儿|何地|何处|(?:什么|啥)地方|哪(?:{WHICH_COUNT}[座个]|些)?(?:城市|国家|省|州|地区|地方)|哪国|在哪"),
    # 百分之几 "what percent" is one question word: the percentage follows the words before it.
    (Kind.NUMBER, r"百分之(?:几|多少)|多少|(?<!哪)几[^乎]|多[大长高远重久宽深快]"),
    # 为什么 at the end, after a verb, is that verb's 为 and the object 什么 (称为什么 "called
    # what", 改名为什么, 表现为什么); "why" stands before the predicate, or alone (这是为什么).
    # So is 为什么 between a verb and a noun (确定为什么年 "designated as what year", question.py).
    (Kind.REASON, r"为什么(?!\s*[？?。]?\s*$)|(?:^|是|[，,])为什么|为何|为啥|(?:什么|啥)原因"),
    (Kind.MANNER, r"怎么|怎样|如何|咋"),
    # 什么样(子)的 "what kind of" is one question word: the noun after it is described, not named.
    (Kind.ENTITY, rf"什么样子?的?|什么|啥|哪一?{WHICH_COUNT}[{WHICH_MEASURES}]|哪[些一]|何种|何物"),
    (Kind.YESNO, r"吗[？?]?$|是否|有没有|是不是"),
]
# A question may end in a noun naming what it asks for instead of a question word
# ("ChatGPT和GPT4的发布时间", "大会的举办地点？"); tried when no question word is found.
# Places: where something is, goes or comes from (地点, 目的地, 出生地, 终点站). People: a title
# naming who holds an office or does a thing (市长, 主席, 作者, 负责人). Quantities: what a measure
# or an amount is called (重量, 距离, 海拔, 产量, 费用).
ZH_QUESTION_NOUNS: list[tuple[Kind, str]] = [
    (Kind.TIME, r"(?:时间|日期|年份|时期)(?=是?[？?。]?$)"),
    (Kind.PLACE, r"(?:地点|地址|位置|所在地|目的地|举办地|出生地|发源地|产地|[起终]点站?|总部)(?=是?[？?。]?$)"),
    (Kind.PERSON, r"(?:姓名|[市省县区镇乡村校院局部厅处会社]长|董事长|主席|总统|总理|首相|书记|主任|作者|负责人|创始人|创办人|发起人|主持人|导演|冠军|得主)(?=是(?:谁)?[？?。]?$|[？?。]?$)"),
    (Kind.NUMBER, r"(?:数量|人数|人口|面积|长度|高度|宽度|深度|直径|距离|海拔|重量|温度|速度|价格|金额|总额|费用|成本|预算|产量|销量|产值|收入|总数|次数|年龄|比例|比重|占比|增速|增幅|增长率)(?=是?[？?。]?$)"),
    (Kind.REASON, r"(?:原因|理由)(?=是?[？?。]?$)"),
    (Kind.ENTITY, r"(?:名称|名字)(?=是?[？?。]?$)"),
]
# Questions asking what something is called: its name, not a description of it.
ZH_NAME_ASKED = r"叫(?:什么|啥)|名字|姓名|名叫|名称|称号"
EN_NAME_ASKED = r"\bnamed?\b(?! (?:the|all|a|an|some|any|one|two|three)\b)|\bcalled\b|\btitled\b"  # not the request "Name the…"
# Question words that ask for several things at once: 哪些 "which ones", 哪几 "which few",
# 分别/各自 "each, respectively", 哪 with a number above one (哪两个族 "which two clans");
# "which cities", "what are". Their answer is often a list.
ZH_PLURAL = r"哪些|哪几|哪[两二三四五六七八九十]|分别|各自"
EN_PLURAL = r"\b(?:which|what) (?!(?:is|was|has|does|this|its|his)\b)\w+s\b|\b(?:what|who) (?:are|were)\b|^(?:please,? )?(?:list|name) (?:the |all )?\w+s\b"
# Words that say there are several things without naming them (数个特征 "several features",
# 多种原因 "many causes", 以下/如下 "the following"; "several", "as follows"): a sentence with
# one announces a list, and the list is in the sentence after it.
SEVERAL = re.compile(r"数[个种项类点]|多[个种项类点]|若干|一些|几[个种项类点]|许多|不少|诸多|众多|以下|如下|下列|下述|"
                     r"\b(?:several|various|a number of|the following|as follows)\b", re.I)
# Marks that separate the items of a list: the enumeration comma and, between long items, the semicolon.
LIST_ITEM_MARKS = "、；;"
# Adjectives that qualify a quantity ("the total planned investment", "the average price").
_EN_QUANTITY_ADJECTIVES = r"(?:total|overall|average|annual|yearly|estimated|planned|expected|combined|approximate|current|maximum|minimum|initial|final)"
# English wh-phrases and what they ask for. A request asks as a question does: "Tell me the
# height of X", "Name the year…" ask what the height, the year is ("what's" is "what is").
_EN_ASKING = r"(?:what(?:'s|’s| is| was| are| were)|(?:tell|give|show) me|name|list|state|find)"
EN_QUESTION_WORDS: list[tuple[Kind, str]] = [
    # "What is the diameter/population of X" asks for a measurement, like 直径是多少.
    (Kind.NUMBER, r"\bhow (many|much|long|far|big|old|tall|high|large|wide|deep|fast)\b|\bwhat (number|amount|percentage|price|sum)\b"
     rf"|\b{_EN_ASKING} the (?:{_EN_QUANTITY_ADJECTIVES} ){{0,2}}(diameter|length|height|width|depth|area|population|price|cost|distance|weight|speed|size|number|amount|percentage|rate|share|investment|budget|revenue|income)\b"),
    (Kind.TIME, rf"\bwhen\b|\bwhat (time|year|date|day|month|century)\b|\bwhich (year|day|month|date|century)\b|\b{_EN_ASKING} the (time|year|date|day|month)\b"),
    (Kind.PERSON, r"\bwho(m|se)?\b|\bwhich (person|official|leader|president|minister)\b"),
    # Nouns that name a kind of place (a settlement, a division of a country, a feature of the land).
    (Kind.PLACE, r"\bwhere\b|\b(which|what) (city|country|place|province|town|capital|region|village|county|district|state"
     r"|island|river|lake|mountain|street|port|continent|area|neighbou?rhood|suburb|valley|coast|sea)\b"),
    (Kind.REASON, r"\bwhy\b"),
    (Kind.MANNER, r"\bhow\b"),
    (Kind.ENTITY, r"\bwhat\b|\bwhich\b|^(?:please,? )?(?:(?:tell|give|show) me|name|list)\b"),
    (Kind.YESNO, r"^(is|are|was|were|does|do|did|can|has|have|will)\b"),
]
# Rates, shares and changes are reported as percentages (增长了多少 -> 18.06%); the English
# verbs of change are 增长, 上升 and 下降's ("by how much did GDP grow"). English words are whole
# words: "operate" holds no rate.
PERCENT_HINT = re.compile(r"率|比例|百分|比重|占比|增长|增幅|增速|下降|降幅|上升|\b(?:percent\w*|rates?|shares?|proportions?|growth|gr[eo]w|grows|increas\w*|decreas\w*|declin\w*)\b", re.I)


# The types of candidate answer (rag/answer/spans.py) that state the kind of value a question
# asks for: a person's name for 谁, a place or organisation for 哪里, a date for 何时...
KIND_SPAN_TYPES: dict[Kind, frozenset[str]] = {
    Kind.PERSON: frozenset({"person", "org"}),  # "谁" may be a body: 由香港无线电视买下
    Kind.PLACE: frozenset({"place", "org"}),
    Kind.TIME: frozenset({"date"}),
    Kind.NUMBER: frozenset({"quantity", "number", "percent"}),
    Kind.PERCENT: frozenset({"percent", "quantity", "number"}),
    Kind.ORDINAL: frozenset({"ordinal"}),
}
# When a sentence names no value of the type asked for, the other types that may answer:
# 谁 may be answered by a role or a body (由加拿大总督委任, 属于君主), 哪里 by an institution
# or a team (被送到纽奥良黄蜂). Names stay preferred: these count only when none is there.
# A why- or how-question is answered by a clause (the cause, the way it was done), never by
# a name or a number picked out of one.
CLAUSE_ANSWERED = frozenset({Kind.REASON, Kind.MANNER})
# Questions answered by a value its pattern finds whole (a number with its unit, a percentage,
# an ordinal, a date): a candidate of the kind is printed as it is, so a short answer of one is
# far less often wrong than a name whose edges are guessed, and its headline threshold is
# fitted apart (rag.evaluate.training.span_threshold).
VALUE_KINDS = frozenset({Kind.NUMBER, Kind.PERCENT, Kind.ORDINAL, Kind.TIME})
KIND_FALLBACK_SPAN_TYPES: dict[Kind, frozenset[str]] = {
    Kind.PERSON: frozenset({"noun", "proper", "place"}),
    Kind.PLACE: frozenset({"noun", "proper", "person"}),
}
# Nouns naming a kind of place (国家 "country", 城市 "city", 省 "province"…): 哪些国家 or 哪座城市
# asks for a place by its name, so no other type stands in for one (倡议 is no country).
PLACE_CLASSES = re.compile(r"国家|国|城市|城|市|省|省份|州|县|区|镇|乡|村|地区|首都|首府|大洲|洲|岛|岛屿|港口|港")

# Question words asking for a year (哪一年, 哪年, 何年, "what year", "in which year"), not for a
# school grade (哪一年级) or an age group (哪年龄段): only a sentence stating a date answers them.
YEAR_ASKED = re.compile(r"哪一?年(?![级龄])|何年|哪个年份|\b(?:what|which) year\b", re.IGNORECASE)
# Chinese question words asking for a day (哪天, 几号, 几月几日, 什么日期): a date naming the day answers.
DAY_ASKED = re.compile(r"哪一?天|哪一?日|何日|几号|几月几[日号]|(?:什么|哪个)日期")

# Question words asking how many or how much (多少, 几, "how many", "how much"), not 多大/多长
# (a size may be told in words: 影响有多大) or 哪几 (which ones): their answer is a count or an
# amount, which a sentence states with a numeral.
COUNT_ASKED = re.compile(r"多少|(?<![哪第])几(?!乎)|\bhow (?:many|much)\b", re.IGNORECASE)

# Words that state a cause (因为, 由于, 为了 "in order to", 原因, 缘故; "because", "due to").
# A sentence answering 为什么 without one (因此并没有列入… "therefore it was not listed") states
# the consequence: Chinese discourse gives the cause before it (因…所以…).
# Inside a sentence, a word of consequence after a clause (…，因此/所以/故/于是…; "…, so …") or
# 得名 "got its name (from)" says the clause before it is the cause: "果实有瘤刺，因此得名".
CAUSE_MARKERS = re.compile(
    r"因为|由于|为了|以便|因而|原因|缘故|理由|是因|之所以|[，,；;](?:因此|所以|故|于是|从而|以致)|而得名|故名|得名于"
    r"|\bbecause\b|\bdue to\b|\bsince\b|, (?:so|therefore|hence|thus)\b|\bnamed after\b", re.I)

# Heads of the names of institutions (机构名): a noun phrase naming a place or a name and ending
# in one of these names a body (中哈霍尔果斯国际边境合作中心, 北京积水潭医院, 齐鲁晚报社).
# The hundred commonest Chinese surnames (百家姓 as counted today: together about 85 % of people).
# jieba often tags one as another word (张 "sheet", a measure word; 王 "king") when the given name
# after it is unknown to it: after a job title ("市长张百顺") such a surname opens a name.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Single-character abbreviations of countries (美 the United States, 俄 Russia, 哈 Kazakhstan,
# 塔 Tajikistan, 阿 Afghanistan or the Arab states…), which Chinese joins with 中 (China) into
# bilateral adjectives: 中美 "Sino-US", 中哈 "China–Kazakhstan", 哈中 "Kazakh–Chinese". Such a
# pair names a relation, never a place or a person. 亚, 东, 欧, 南 and 非 are left out: 中亚, 中东,
# 中欧, 中南 and 中非 also name regions.
COUNTRY_LETTERS = "美俄日韩朝英法德意澳加新马泰越老柬缅菲印巴蒙哈吉塔乌土伊以沙埃拉阿葡荷瑞奥希波捷匈罗塞墨智秘"
BILATERAL = re.compile(f"中[{COUNTRY_LETTERS}]|[{COUNTRY_LETTERS}]中")
# Stages of a life (青年 "youth", 童年 "childhood", 老年 "old age"…): jieba tags them time words
# and some end in 年, but they name an age or its people (1000个青年 "a thousand young people"),
# never a date.
LIFE_STAGES = frozenset("青年 少年 童年 幼年 中年 壮年 老年 成年 青少年".split())
ORG_HEADS = re.compile(
    r"(中心|公司|集团|组织|联盟|大学|学院|学校|中学|小学|医院|银行|委员会|协会|学会|研究所|研究院|基金会|俱乐部|"
    r"政府|法院|检察院|电视台|报社|出版社|通讯社|党|部|局|厅|署|办|处|所|院|会|队|社)$"
)
# Heads of job titles: a name printed right after one of these is a person (市长张百顺).
TITLE_HEADS = re.compile(r"(长|书记|员|家|者|官|师|主席|总统|总理|大使|代表|主任|秘书|经理|教授|博士|导演|作者|主持人|冠军|选手|演员|歌手)$")
# Modifiers that change which office is meant: 副秘书长 is not 秘书长, 前总统 no longer is.
NOT_THE_SAME_TITLE = "副前原"
# Heads of offices (市长, 秘书长, 总统, 书记, 大使) and of seats on a body (委员 "member of a
# committee", 议员 "member of parliament", 董事 "director", 院士 "academician"): a question asking
# who holds one ("上海合作组织秘书长是谁") is answered by a person printed with that office, not
# by one printed with another ("白俄罗斯总统卢卡申科", "副秘书长索海尔·汗").
OFFICE_HEADS = re.compile(r"(长|书记|主席|总统|总理|首相|大使|主任|秘书|国王|女王|皇帝|委员|议员|董事|理事|院士)$")
# Proper names of a kind of place or body end in a short form of its generic noun (库雷克港 is a
# 港口, 青海湖 a 湖泊, 长江 a 河流, 聊城市 a 城市; 哪所大学 asks for any school of higher learning,
# 中央民族学院 too): what a name answering 哪个港口 may end in besides the noun itself.
NAME_SUFFIXES: dict[str, tuple[str, ...]] = {
    "港口": ("港",), "湖泊": ("湖",), "河流": ("河", "江"), "岛屿": ("岛",), "山脉": ("山",), "山峰": ("峰", "山"),
    "城市": ("市", "城"), "省份": ("省",), "国家": ("国",), "寺庙": ("寺", "庙"), "宫殿": ("宫", "殿"), "桥梁": ("桥",),
    "车站": ("站",), "学校": ("学", "校", "学院"), "大学": ("学院", "学校"), "报纸": ("报",),
    # A department of a government or a company is named …部, …局, …司, …处, …厅, …办, …室
    # (国铁集团货运部, 外交部, 财政局, 办公厅).
    "部门": ("部", "局", "司", "处", "厅", "办", "室"),
}

# Prepositions (介词) that can stand right before a question word, in classes of the same
# role: the answer fills the slot after the same kind of preposition ("在哪里举行" ->
# "在阿斯塔纳出席", "被谁" -> "被X"). Locative 在/于, source 从/自/由, goal 到/至/向/往,
# agent 被/让, companion 和/与/跟/同, recipient 给/对/为.
PREPOSITION_CLASSES = ("在于", "从自由", "到至向往", "被让", "和与跟同", "给对为")

# Agent nouns (施事名词): a verb and a suffix naming who does it, 方 "party" (主办方, 投资方),
# 者 "-er" (设计者, 创造者), 人 "person" (创办人, 发起人), 商 "trader, maker" (开发商, 供应商),
# 单位 "body" (承办单位). "X的主办方是谁" asks who 主办 X, and the sentence may say it with the
# verb: the answer stands before it ("由Y主办", "Y所经营").
AGENT_NOUN = re.compile(r"((?:(?![的之是为])[\u4e00-\u9fff]){2})(?:方|者|人|商|单位)$")

# Copulas (系词): 是 "is", 为 "is, serves as", 乃 (literary "is"). One joins a subject to what
# is said of it: a phrase that answers stands after it, never begins or ends with it
# (路易十四 of "中心是国王路易十四", not "是国王路易十四").
COPULAS = frozenset({"是", "为", "乃"})
# Words that say what something is or is called (是, 为, 叫做 "is called", 称为, 名为 "is named",
# 即 "that is"): an answer stands right after one ("最高荣誉叫“金鹰”勋章").
NAMING_COPULAS = r"是|为|叫做|叫|称为|名为|即"

# Questions asking what something is (定义问句): 什么是X, 什么叫X, 何谓X; X是什么, X是指什么,
# X指什么; X的定义/含义/概念是什么; "what is X", "what are X", "what does X mean". X is what
# the answering sentence defines.
ZH_DEFINITION_QUESTIONS = (
    r"^(?:什么是|什么叫做?|何谓|何为)(?P<x>.+?)[？?。！!]*$",
    r"^(?P<x>.+?)的(?:定义|含义|概念)是什么[？?。！!]*$",
    r"^(?P<x>.+?)(?:是指|指的是|是|指)什么(?:意思)?[？?。！!]*$",
)
EN_DEFINITION_QUESTIONS = (
    r"^what (?:is|are|was|were) (?:an? |the )?(?P<x>.+?)\s*[?.!]*$",
    r"^what does (?:an? |the )?(?P<x>.+?) mean\s*[?.!]*$",
)
# Words that define a subject printed right before them (下定义的词): 是 "is", 指/是指 "refers
# to", 即/就是 "namely", 乃/系 (literary "is"), 意为/意指 "means", 又称/亦称/也称/又名/简称/
# 俗称/别称 "also called", 泛指/特指/通常指 "refers generally/specially/usually to";
# "is", "are", "refers to", "means", "denotes".
ZH_DEFINING_WORDS = r"是指|是|指|即|就是|乃|系|意为|意指|又称|又名|亦称|也称|简称|俗称|别称|泛指|特指|通常指|一般指|或称"
EN_DEFINING_WORDS = r"is|are|was|were|refers? to|means|denotes"

# Function words that carry no content for matching (particles, pronouns, light verbs,
# quantifying adverbs).
ZH_STOPWORDS = frozenset(
    "的 了 是 在 有 和 与 及 对 从 到 把 被 给 等 这 那 其 也 都 就 还 又 而 并 或 之 为 以 于 由 向 所 将 已 曾 该 此 "
    "吗 呢 啊 吧 么 个 上 中 下 时 后 前 里 内 去 来 说 请 问 一 不 "
    "全部 所有 全体 一共 总共 共 大约 大概 左右 分别 各自 目前 现在 如今 迄今 至今 截至 当前 已经 主要 打算 计划 "
    # Requests and politeness around a question (请问, 能告诉我…吗, 我想知道): they ask, they name nothing.
    "请问 请教 麻烦 劳驾 告诉 知道 想知道 能否 能不能 可否 可不可以 一下 你 您 我 我们 你们 "
    # Demonstratives with a measure word point at something; they name nothing themselves.
    "这次 此次 本次 那次 这个 那个 这些 那些 这位 那位 这种 那种 这项 那项 这里 那里 这儿 那儿 当时 那时 该 "
    # Prepositions of purpose, topic and exception, adverbs of manner and insistence (为了, 关于,
    # 除了, 一起 "together", 到底 "on earth"), and words for the text itself (文章 "the article",
    # 文中 "in the text", 提到 "mentions"): they frame a question, the answer's sentence needn't hold them.
    "为了 关于 对于 除了 随着 按照 依照 一起 一同 一道 究竟 到底 文章 本文 文中 原文 本报 提到 提及".split()
)
# Words that name the kind of answer rather than the topic (时间 in 什么时间, 名字 in 叫什么名字).
ZH_ANSWER_TYPE_WORDS = frozenset(
    "时间 时候 地方 城市 国家 名字 姓名 名称 数量 数字 情况 问题 人 人数 东西 事情 原因 方式 内容 城 "
    "比例 比重 占比 总数 总量 数额 金额 次数 时长 长度 高度 面积 年份 日期 称号 多久 名叫 叫做 称为 称作 被称为 被称作 誉为 被誉为 地点 地址 位置 职务 职位 头衔".split()
)
EN_ANSWER_TYPE_WORDS = frozenset("name number amount total kind type many much long far time times year people current".split())


# Letters of transliteration (音译用字): characters the standard tables for writing foreign names
# in Chinese use for syllables (外国人名译名用字: 卡, 耶, 夫, 蒙, 济…). jieba cuts unknown foreign
# names into a name and lone characters (拉赫/蒙); a lone one of these beside a name is part of
# it. Characters that are also everyday one-character words (说, 和, 在, 比, 对, 里, 上, 多, 约
# "about", 科 "family of plants") are left out: "普京说" is 普京 and 说.
TRANSLITERATION_CHARS = frozenset(
    "阿埃艾奥巴班邦贝本彼毕波伯布查达戴丹迪蒂丁杜厄恩菲费芬丰佛夫福弗伽盖冈戈格贡古哈亨胡霍"
    "基吉贾杰卡凯坎柯克肯库拉莱赖兰朗劳勒雷利列卢鲁伦罗洛迈曼梅蒙米莫姆穆纳奈尼涅努诺帕潘"
    "佩皮普奇齐乔萨塞桑瑟沙舍什施斯苏索塔泰坦汤特提托瓦韦维沃乌西希谢辛雅亚扬耶伊尤泽扎詹兹济"
)
