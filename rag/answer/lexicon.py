"""Language data the answerer reads questions and sentences with, in one place.

Every table states a general fact of Chinese or English grammar or usage (what a question
word asks for, which measure words count things, which words name a quantity of money or
people, which pronouns point back into a conversation). None names words of a particular
question: the weights that combine these signals are learned (rag/answer/model.py).
"""

from __future__ import annotations

import re
from enum import Enum


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
# 第几 asks for an ordinal; time phrases before 几 (几月 is a month, not a count).
ZH_QUESTION_WORDS: list[tuple[Kind, str]] = [
    (Kind.ORDINAL, r"第几|第多少|哪一届"),
    (Kind.TIME, r"什么时间|什么时候|何时|哪一?天|哪一?年|几月|几号|几点|几时|哪个月|什么日期|哪个朝代|何年"),
    (Kind.PERSON, r"谁|哪一?位|什么人|何人"),
    (Kind.PLACE, r"哪里|哪儿|何地|何处|什么地方|哪[座个些]?(?:城市|国家|省|州|地区|地方)|哪国|在哪"),
    (Kind.NUMBER, r"多少|几[^乎]|多[大长高远重久宽深]"),
    # 为什么 at the end, after a verb, is that verb's 为 and the object 什么 (称为什么 "called
    # what", 改名为什么, 表现为什么); "why" stands before the predicate, or alone (这是为什么).
    # So is 为什么 between a verb and a noun (确定为什么年 "designated as what year", question.py).
    (Kind.REASON, r"为什么(?!\s*[？?。]?\s*$)|(?:^|是|[，,])为什么|为何|什么原因"),
    (Kind.MANNER, r"怎么|怎样|如何"),
    (Kind.ENTITY, r"什么|哪[个些一项家种所条部支只批场本首款]|何种|何物"),
    (Kind.YESNO, r"吗[？?]?$|是否|有没有|是不是"),
]
# A question may end in a noun naming what it asks for instead of a question word
# ("ChatGPT和GPT4的发布时间", "大会的举办地点？"); tried when no question word is found.
ZH_QUESTION_NOUNS: list[tuple[Kind, str]] = [
    (Kind.TIME, r"(?:时间|日期|年份|时期)(?=是?[？?。]?$)"),
    (Kind.PLACE, r"(?:地点|地址|位置|所在地)(?=是?[？?。]?$)"),
    (Kind.PERSON, r"(?:姓名)(?=是?[？?。]?$)"),
    (Kind.NUMBER, r"(?:数量|人数|人口|面积|长度|高度|价格|金额|总数|次数|年龄)(?=是?[？?。]?$)"),
    (Kind.REASON, r"(?:原因|理由)(?=是?[？?。]?$)"),
    (Kind.ENTITY, r"(?:名称|名字)(?=是?[？?。]?$)"),
]
# Question words that ask for several things at once: 哪些 "which ones", 哪几 "which few",
# 分别/各自 "each, respectively"; "which cities", "what are". Their answer is often a list.
ZH_PLURAL = r"哪些|哪几|分别|各自"
EN_PLURAL = r"\b(?:which|what) (?!(?:is|was|has|does|this|its|his)\b)\w+s\b|\b(?:what|who) (?:are|were)\b"
# Words that say there are several things without naming them (数个特征 "several features",
# 多种原因 "many causes", 以下/如下 "the following"; "several", "as follows"): a sentence with
# one announces a list, and the list is in the sentence after it.
SEVERAL = re.compile(r"数[个种项类点]|多[个种项类点]|若干|一些|几[个种项类点]|许多|不少|诸多|众多|以下|如下|下列|下述|"
                     r"\b(?:several|various|a number of|the following|as follows)\b", re.I)
# Marks that separate the items of a list: the enumeration comma and, between long items, the semicolon.
LIST_ITEM_MARKS = "、；;"
# English wh-phrases and what they ask for.
EN_QUESTION_WORDS: list[tuple[Kind, str]] = [
    # "What is the diameter/population of X" asks for a measurement, like 直径是多少.
    (Kind.NUMBER, r"\bhow (many|much|long|far|big|old|tall|high|large|wide|deep)\b|\bwhat (number|amount|percentage)\b"
     r"|\bwhat (is|was|are|were) the (diameter|length|height|width|depth|area|population|price|cost|distance|weight|speed|size|number|amount|percentage|rate|share)\b"),
    (Kind.TIME, r"\bwhen\b|\bwhat (time|year|date|day|month|century)\b|\bwhich (year|day|month|date|century)\b"),
    (Kind.PERSON, r"\bwho(m|se)?\b|\bwhich (person|official|leader|president|minister)\b"),
    # Nouns that name a kind of place (a settlement, a division of a country, a feature of the land).
    (Kind.PLACE, r"\bwhere\b|\b(which|what) (city|country|place|province|town|capital|region|village|county|district|state"
     r"|island|river|lake|mountain|street|port|continent|area|neighbou?rhood|suburb|valley|coast|sea)\b"),
    (Kind.REASON, r"\bwhy\b"),
    (Kind.MANNER, r"\bhow\b"),
    (Kind.ENTITY, r"\bwhat\b|\bwhich\b"),
    (Kind.YESNO, r"^(is|are|was|were|does|do|did|can|has|have|will)\b"),
]
# Rates, shares and changes are reported as percentages (增长了多少 -> 18.06%).
# English words are whole words: "operate" holds no rate.
PERCENT_HINT = re.compile(r"率|比例|百分|比重|占比|增长|增幅|下降|降幅|上升|\b(?:percent\w*|rates?|shares?|proportions?|growth)\b", re.I)

# Measure words (量词, with the verbal ones that count occurrences: 次, 回, 遍, 趟; those that
# count durations: 刻钟 (a quarter-hour), 星期, 钟头; those that
# count kinds, pairs, groups and containers: 类, 对, 组, 瓶; votes, goals and games: 票, 球, 局)
# and units (Chinese 斤 尺 寸 丈 among them) that follow a number or 几/多少;
# longest first so that
# 平方公里 wins over 公里 and 个百分点 over 个.
MEASURE_WORDS = sorted(
    """周年 个百分点 百分点 平方公里 平方千米 平方米 公顷 千瓦时 万千瓦 千瓦 公里 千米 厘米 毫米 公斤 千克 小时 分钟 人次 架次
    刻钟 个小时 个星期 星期 个钟头 钟头 毫秒 个世纪
    美元 欧元 日元 英镑 卢布 万元 亿元 个月 世纪
    个 位 名 人 架 台 项 次 家 年 天 日 岁 座 条 列 艘 辆 所 期 届 批 份 种 米 吨 元 倍 亩 户 篇 场 节 段 部 本 张 件 只 头 匹
    棵 首 幅 颗 门 枚 把 支 块 层 栋 间 集 章 版 册 卷 代 号 周 秒 克 度 升 季 轮 站 路 口 片 座 例 股 处 套
    回 遍 趟
    类 组 对 双 根 粒 封 级 排 群 队 盏 句 页 瓶 杯 袋 箱 包 票 球 局 盘 杆
    斤 尺 寸 丈 毫克 微米 纳米 兆瓦 像素 字节
    公尺 公分 公厘 平方公尺 英尺 英寸 英里 平方英里 海里 光年 立方米 毫升 磅 盎司 马力 瓦 赫兹 摄氏度
    港元 港币 新台币 台币 澳元 加元 韩元 法郎 卢比 比索 新元""".split(),
    key=len,
    reverse=True,
)
# Units written as SI symbols after a number, with or without a space (1.601 km², 2cm, 13 m),
# as Chinese encyclopaedias and news print them; matched only where no letter follows.
LATIN_UNITS = sorted("km² km2 m² m2 m³ km/h km cm mm m kg mg g kW MW GW Hz kHz MHz GHz KB MB GB TB mph ft lb ℃ °C °F".split(), key=len, reverse=True)
# 大 after a number counts "the N major ones" (五大传统优势产业, 三大洲): a question asking 几大
# is answered by such a count. Elsewhere 大 is no measure word (党的二十大 is a congress).
MAJOR = "大"
# Measure words that mean the same count (回/遍/趟 count occurrences like 次; 位/名/人 count
# people) and units that are the same measure in mainland, Taiwan and Hong Kong usage or in
# SI symbols (厘米 = 公分 = cm, 米 = 公尺 = m).
_SAME_UNIT = ("厘米|公分|cm", "毫米|公厘|mm", "米|公尺|m", "公里|千米|km", "平方公里|平方千米|km²|km2", "平方米|平方公尺|m²|m2", "公斤|千克|kg", "克|g")
# 个 is the general measure word: a question counts with it what the text may count with the
# noun's own one (几个村 → 8个村, 几个孩子 → 3名子女, 多少个产业链 → 12条).
INDIVIDUAL_MEASURE_WORDS = """个 位 名 人 架 台 项 家 座 条 艘 辆 所 届 批 份 种 篇 场 部 本 张 件 只 头 匹 棵 首 幅 颗 门 枚 把
    支 块 层 栋 间 集 章 册 卷 处 套 类 组 对 根 粒 封 盏 句 页 群 队 例 股 期 节 段 片 口""".split()
MEASURE_SYNONYMS = {
    "个": "|".join(INDIVIDUAL_MEASURE_WORDS),
    "回": "次", "遍": "次", "趟": "次", "位": "名|位|人", "名": "名|人|位", "人": "人|名|位",
    **{unit: same for same in _SAME_UNIT for unit in same.split("|") if not unit.isascii()},
}

# Quantities a question names instead of a unit, recognised by the word's head morpheme,
# and the units a value of that quantity carries.
MONEY_UNITS = r"(?:万|亿|千|百)?(?:元|美元|欧元|日元|英镑|卢布|人民币|港元|港币|新台币|台币|澳元|加元|韩元|法郎|卢比|比索|新元)"
ZH_QUANTITY_UNITS: list[tuple[str, str]] = [
    (r"[价费]|(?<![名份])额|投资|资金|[贷存]款|成本|收入|产值|总值|预算|税", MONEY_UNITS + r"|[%％]"),  # 价格 造价, 费用, 金额 贸易额 (名额 and 份额 count places and shares)
    (r"人口|人数|居民|员工|学生|游客|观众", r"(?:万|亿)?(?:人|名|位)|万|亿"),  # 常住人口588.02万
    (r"面积", r"(?:平方公里|平方千米|平方米|平方公尺|平方英里|公顷|亩|km²|km2|m²|m2)"),
    # 周年 marks an anniversary (成立10周年), a date rather than how long something took.
    (r"多久|多长时间|时长|历时|耗时|期限|寿命", r"(?:(?<!周)年|个月|天|日|小时|分钟|刻钟|秒|周|星期|钟头|世纪)"),
    (r"距离|多远|里程|长度|多长|多高|高度|直径|宽度|深度|海拔|身高", r"(?:公里|千米|米|厘米|毫米|公尺|公分|公厘|英尺|英寸|英里|海里|光年|km|cm|mm|m)"),
    (r"多少岁|年龄|年纪|岁数", r"岁"),
    (r"多重|重量|质量|体重", r"(?:吨|千克|公斤|克|磅|盎司|kg|g)"),
]
# Units of measure are part of an English value ("503 metres", "$4.2 million"); counted nouns
# are not ("2,300 people": the question already names the people), unlike Chinese measure words.
EN_MAGNITUDES = r"(?:thousand|million|billion|trillion|bn)"
EN_MONEY_WORDS = r"(?:dollars?|euros?|pounds? sterling|pounds?|yuan|renminbi|yen|won|rupees?|roubles?|rubles?|francs?|pesos?|cents?|pence)"
EN_MEASURE_UNITS = (
    r"(?:square |cubic )?(?:kilomet(?:re|er)s?|met(?:re|er)s?|centimet(?:re|er)s?|millimet(?:re|er)s?|miles?|feet|foot|inch(?:es)?|yards?)"
    r"|km²|km2|m²|m2|km/h|mph|km|cm|mm|ft|kg|mg|lbs?|(?:kilo)?grams?|tonnes?|tons?|ounces?|(?:milli)?lit(?:re|er)s?|gallons?"
    r"|hectares?|acres?|degrees(?: Celsius| Fahrenheit)?|°C|°F|℃|kilowatts?|megawatts?|gigawatts?|kW|MW|GW|volts?|watts?|bytes?|KB|MB|GB|TB"
    r"|light[- ]years?|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|storeys?|stories|floors?"
)
EN_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|dozens|hundreds|thousands|millions)"
_EN_DURATION = r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries"
_EN_LENGTH = r"(?:kilomet(?:re|er)s?|met(?:re|er)s?|centimet(?:re|er)s?|millimet(?:re|er)s?|miles?|feet|foot|inch(?:es)?|yards?|km|cm|mm|ft)"
# An English count states no unit ("2,300", "1.2 million", "twelve"): any number answers.
_EN_COUNT = r"\d|" + EN_MAGNITUDES + "|" + EN_NUMBER_WORDS
_EN_MONEY = rf"{EN_MONEY_WORDS}|[$€£¥]\s?[\d.,]+(?:\s?{EN_MAGNITUDES}|m|bn)?"
_ZH_LENGTH = r"公里|千米|米|厘米|公尺|公分|英尺|英里"
# An English question asks in its words; the answer may be printed in Chinese or English units.
EN_QUANTITY_UNITS: list[tuple[str, str]] = [
    (r"\b(cost|price|fare|fee|investment|invest|spent|worth|revenue|income|budget|value)\b", MONEY_UNITS + rf"|[%％]|{_EN_MONEY}"),
    (r"\bhow long\b|\bduration\b", rf"(?:年|个月|天|小时|分钟|周|{_ZH_LENGTH}|{_EN_DURATION}|{_EN_LENGTH})"),  # a time or a length
    (r"\bhow far\b|\bdistance\b|\blength\b|\bdiameter\b|\bheight\b|\bhow tall\b|\bhow high\b", rf"(?:{_ZH_LENGTH}|{_EN_LENGTH}|m)"),
    (r"\bpopulation\b", rf"(?:万|亿)?(?:人|名|位)|{_EN_COUNT}"),
    (r"\bhow old\b|\bage\b", rf"岁|\d|years?(?: old)?|{EN_NUMBER_WORDS}"),
]
# English counting phrases: the measure word a Chinese question would put after 几 (几次, 几个人).
# They set the units a count is stated in, but like a Chinese measure word they are no test
# that the answer is stated: "第五次踏上" answers "how many times" (rag/answer/extractive.py).
EN_COUNT_UNITS: list[tuple[str, str]] = [
    (r"\bhow many times\b|\bhow often\b", rf"次|times|once|twice|{_EN_COUNT}"),
    (r"\bhow many (people|persons|children|students|visitors|workers|employees|residents)\b", rf"(?:万|亿)?(?:人|名|位)|{_EN_COUNT}"),
]

# Chinese numerals; a numeral may not begin with 百/千/万 (those are words: 百姓, 千里).
CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
NUMBER = rf"(?:\d+(?:[,，]\d{{3}})*(?:\.\d+)?|[零〇一二三四五六七八九十两][{CN_DIGITS}]*)"
SCALE = r"(?:万|亿|千|百)"  # magnitude words written after digits (4.5万, 3亿)
APPROX = r"(?:约|近|超过|逾|达到?|共|累计|总计|仅|只有|高达|多达)"

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
KIND_FALLBACK_SPAN_TYPES: dict[Kind, frozenset[str]] = {
    Kind.PERSON: frozenset({"noun", "proper", "place"}),
    Kind.PLACE: frozenset({"noun", "proper", "person"}),
}

# Words that state a cause (因为, 由于, 为了 "in order to", 原因, 缘故; "because", "due to").
# A sentence answering 为什么 without one (因此并没有列入… "therefore it was not listed") states
# the consequence: Chinese discourse gives the cause before it (因…所以…).
CAUSE_MARKERS = re.compile(r"因为|由于|为了|以便|因而|原因|缘故|理由|是因|之所以|\bbecause\b|\bdue to\b|\bsince\b", re.I)

# Heads of the names of institutions (机构名): a noun phrase naming a place or a name and ending
# in one of these names a body (中哈霍尔果斯国际边境合作中心, 北京积水潭医院, 齐鲁晚报社).
ORG_HEADS = re.compile(
    r"(中心|公司|集团|大学|学院|学校|中学|小学|医院|银行|委员会|协会|学会|研究所|研究院|基金会|俱乐部|"
    r"政府|法院|检察院|电视台|报社|出版社|通讯社|党|部|局|厅|署|办|处|所|院|会|队|社)$"
)
# Heads of job titles: a name printed right after one of these is a person (市长张百顺).
TITLE_HEADS = re.compile(r"(长|书记|员|家|者|官|师|主席|总统|总理|大使|代表|主任|秘书|经理|教授|博士|导演|作者|主持人|冠军|选手|演员|歌手)$")
# Modifiers that change which office is meant: 副秘书长 is not 秘书长, 前总统 no longer is.
NOT_THE_SAME_TITLE = "副前原"
# Heads of offices, which one person holds at a time (市长, 秘书长, 总统, 书记, 大使): a question
# asking who holds one ("上海合作组织秘书长是谁") is answered by a person printed with that
# office, not by one printed with another ("白俄罗斯总统卢卡申科", "副秘书长索海尔·汗").
OFFICE_HEADS = re.compile(r"(长|书记|主席|总统|总理|首相|大使|主任|秘书|国王|女王|皇帝)$")
# Proper names of a kind of place or body end in a short form of its generic noun (库雷克港 is a
# 港口, 青海湖 a 湖泊, 长江 a 河流, 聊城市 a 城市): what a name answering 哪个港口 may end in besides
# the noun itself.
NAME_SUFFIXES: dict[str, tuple[str, ...]] = {
    "港口": ("港",), "湖泊": ("湖",), "河流": ("河", "江"), "岛屿": ("岛",), "山脉": ("山",), "山峰": ("峰", "山"),
    "城市": ("市", "城"), "省份": ("省",), "国家": ("国",), "寺庙": ("寺", "庙"), "宫殿": ("宫", "殿"), "桥梁": ("桥",),
    "车站": ("站",), "学校": ("学", "校", "学院"), "报纸": ("报",),
}

# Prepositions (介词) that can stand right before a question word, in classes of the same
# role: the answer fills the slot after the same kind of preposition ("在哪里举行" ->
# "在阿斯塔纳出席", "被谁" -> "被X"). Locative 在/于, source 从/自/由, goal 到/至/向/往,
# agent 被/让, companion 和/与/跟/同, recipient 给/对/为.
PREPOSITION_CLASSES = ("在于", "从自由", "到至向往", "被让", "和与跟同", "给对为")

# Copulas (系词): 是 "is", 为 "is, serves as", 乃 (literary "is"). One joins a subject to what
# is said of it: a phrase that answers stands after it, never begins or ends with it
# (路易十四 of "中心是国王路易十四", not "是国王路易十四").
COPULAS = frozenset({"是", "为", "乃"})

# Function words that carry no content for matching (particles, pronouns, light verbs,
# quantifying adverbs).
ZH_STOPWORDS = frozenset(
    "的 了 是 在 有 和 与 及 对 从 到 把 被 给 等 这 那 其 也 都 就 还 又 而 并 或 之 为 以 于 由 向 所 将 已 曾 该 此 "
    "吗 呢 啊 吧 么 个 上 中 下 时 后 前 里 内 去 来 说 请 问 一 不 "
    "全部 所有 全体 一共 总共 共 大约 大概 左右 分别 各自 目前 现在 如今 迄今 至今 截至 当前 已经 主要 打算 计划 "
    # Requests and politeness around a question (请问, 能告诉我…吗, 我想知道): they ask, they name nothing.
    "请问 请教 麻烦 劳驾 告诉 知道 想知道 能否 能不能 可否 可不可以 一下 你 您 我 我们 你们 "
    # Demonstratives with a measure word point at something; they name nothing themselves.
    "这次 此次 本次 那次 这个 那个 这些 那些 这位 那位 这种 那种 这项 那项 这里 那里 这儿 那儿 当时 那时 该".split()
)
# Words that name the kind of answer rather than the topic (时间 in 什么时间, 名字 in 叫什么名字).
ZH_ANSWER_TYPE_WORDS = frozenset(
    "时间 时候 地方 城市 国家 名字 名称 数量 数字 情况 问题 人 人数 东西 事情 原因 方式 内容 城 "
    "比例 比重 占比 总数 总量 数额 金额 次数 时长 长度 高度 面积 年份 日期 称号 多久 名叫 叫做 称为".split()
)
EN_ANSWER_TYPE_WORDS = frozenset("name number amount total kind type many much long far time times year people current".split())

# Words that point back into the conversation instead of naming something (回指词):
# pronouns stand for a person or thing, deictics for a place or time already mentioned.
ZH_PERSON_PRONOUNS = ("他们", "她们", "他", "她", "此人", "这个人", "该人", "对方")
ZH_THING_PRONOUNS = ("它们", "它", "这个", "那个", "这些", "那些", "此事", "这件事", "该")
ZH_PLACE_DEICTICS = ("那里", "那儿", "这里", "这儿", "当地", "该地", "此地")
ZH_TIME_DEICTICS = ("那时", "当时", "那天", "这时")
# Points and stretches of time a sentence places its facts at: a year (2023年), a month or day
# (7月, 7月4日), or a time named relative to now (ZH_RELATIVE_TIMES).
ZH_TIME_POINTS = r"\d{4}年|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}[日号])?"
# Times named relative to now (今年 "this year", 去年, 上半年, 未来两年 "the next two years",
# 近五年, 本月): in an elliptical follow-up ("未来两年呢？") one takes the place of the time
# the previous question named.
ZH_RELATIVE_TIMES = (
    r"(?:今|去|明|前|后)年|(?:上|下)半年|(?:本|上|下)(?:个)?(?:月|周|季度)|今天|昨天|明天"
    r"|(?:未来|近|过去|今后|此前|最近)(?:[一二两三四五六七八九十几\d]+)?(?:年|个月|天|周)"
)
EN_PERSON_PRONOUNS = ("he", "she", "they", "him", "her", "them", "his", "their")
EN_THING_PRONOUNS = ("it", "that", "this", "those", "these", "its")
EN_PLACE_DEICTICS = ("there", "here")

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

# --- English sentences (rag/answer/english_spans.py) -------------------------------------
EN_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
EN_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
EN_ORDINAL_WORDS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last)"
EN_APPROX = r"(?:about|around|roughly|nearly|almost|approximately|some|over|under|more than|less than|fewer than|up to|at least)"
# Titles and honorifics written before a name: the name is a person's.
EN_PERSON_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|President|Premier|Minister|Senator|Governor|Mayor|Judge|Justice|Chief|General|Gen|Captain|Capt|Rev|Father|Saint|St|King|Queen|Prince|Princess)\.?"
# Words written with a full stop that ends no sentence (Mr. Okafor, Jan. 5, Brightline Inc. said).
EN_ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Capt|Rev|Sen|Gov|Jr|Sr|Inc|Ltd|Co|Corp|Bros|vs|No|Nos|Vol|Ave|Rd|Mt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
# Head words of organisations and of places: "Orion Observatory" is a body, "Salt Sea" a place.
EN_ORG_HEADS = r"(?:University|College|School|Academy|Institute|Company|Corporation|Corp|Inc|Ltd|LLC|Group|Bank|Council|Committee|Commission|Ministry|Department|Agency|Authority|Association|Society|Foundation|Party|Club|Court|Hospital|Museum|Library|Observatory|Union|Federation|League|Board|Trust|Service|Office|Airlines?|Railways?|Press|Times|News|Orchestra|Theatre|Theater|Team|Army|Navy|Force)"
EN_PLACE_HEADS = r"(?:River|Lake|Sea|Ocean|Bay|Gulf|Strait|Mount|Mountains?|Hills?|Island|Islands|Valley|Gorge|Desert|Coast|Peninsula|Harbou?r|Port|Street|St|Road|Avenue|Square|Park|Bridge|City|County|Province|State|District|Region|Republic|Kingdom|Village|Town)"
# Place names that begin with their kind (Mount Kell, Lake Varna, Port Elsmere, Cape Horn).
EN_PLACE_FIRST = r"(?:Mount|Mt\.?|Lake|Port|Cape|Fort|Isle|Loch|Lac)"
# Words that open a subordinate clause: what follows is a cause, a time or a purpose (why/when).
EN_SUBORDINATORS = r"(?:because|since|as|so that|so|in order to|to|after|before|when|while|until|although|though|by|due to|owing to|thanks to)"
# Function words an English phrase candidate neither begins nor ends with.
EN_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for by with from and or but nor as into onto about after before during over under "
    "is are was were be been being am do does did has have had will would shall should can could may might must "
    "that which who whom whose what when where why how this these those it its he she they we i you his her their our "
    "my your him them us me not no than then there here also very so such only just".split()
)
