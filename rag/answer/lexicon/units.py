"""Measure words, units and numerals: what follows a number in Chinese or English, which
measure words and units mean the same, and which units a named quantity (a price, a
population, an age) is stated in."""

from __future__ import annotations

import re

# Measure words (量词, with the verbal ones that count occurrences: 次, 回, 遍, 趟; those that
# count durations: 刻钟 (a quarter-hour), 星期, 钟头, 季度 (a quarter of a year, not 季 "season"); those that
# count kinds, pairs, groups and containers: 类, 对, 组, 瓶; votes, goals and games: 票, 球, 局)
# and units (Chinese 斤 尺 寸 丈 among them) that follow a number or 几/多少;
# longest first so that
# 平方公里 wins over 公里 and 个百分点 over 个.
MEASURE_WORDS = sorted(
    """周年 个百分点 百分点 平方公里 平方千米 平方米 公顷 千瓦时 万千瓦 千瓦 公里 千米 厘米 毫米 公斤 千克 小时 分钟 人次 架次
    刻钟 个小时 个星期 星期 个钟头 钟头 毫秒 个世纪 个季度 季度
    美元 欧元 日元 英镑 卢布 万元 亿元 个月 世纪
    个 位 名 人 架 台 项 次 家 年 天 日 岁 座 条 列 艘 辆 所 期 届 批 份 种 米 吨 元 倍 亩 户 篇 场 节 段 部 本 张 件 只 头 匹
    棵 首 幅 颗 门 枚 把 支 块 层 栋 间 集 章 版 册 卷 代 号 周 秒 克 度 升 季 轮 站 路 口 片 座 例 股 处 套
    回 遍 趟
    类 组 对 双 根 粒 封 级 排 群 队 盏 句 页 瓶 杯 袋 箱 包 票 球 局 盘 杆
    斤 尺 寸 丈 毫克 微米 纳米 兆瓦 像素 字节
    公尺 公分 公厘 平方公尺 英尺 英寸 英里 平方英里 海里 光年 立方米 毫升 磅 盎司 马力 瓦 赫兹 摄氏度
    港元 港币 新台币 台币 澳元 加元 韩元 法郎 卢比 比索 新元
    越南盾 泰铢 林吉特 新加坡元 克朗 里拉 兹罗提 第纳尔 里亚尔 迪拉姆 兰特 雷亚尔 先令 披索 坚戈 福林 列伊 美金""".split(),
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
# Units of a physical measure (length, area, volume, mass, power, temperature): a question
# asking 多少公里 is answered only by a value printed in such a unit, never by a count.
PHYSICAL_UNITS = frozenset(
    """平方公里 平方千米 平方米 平方公尺 平方英里 公顷 亩 立方米 升 毫升 公里 千米 米 厘米 毫米 公尺 公分 公厘 英尺 英寸 英里 海里
    光年 微米 纳米 尺 寸 丈 吨 公斤 千克 克 毫克 斤 磅 盎司 千瓦时 万千瓦 千瓦 兆瓦 瓦 马力 赫兹 摄氏度""".split()
)
# 个 is the general measure word: a question counts with it what the text may count with the
# noun's own one (几个村 → 8个村, 几个孩子 → 3名子女, 多少个产业链 → 12条).
INDIVIDUAL_MEASURE_WORDS = """个 位 名 人 架 台 项 家 座 条 艘 辆 所 届 批 份 种 篇 场 部 本 张 件 只 头 匹 棵 首 幅 颗 门 枚 把
    支 块 层 栋 间 集 章 册 卷 处 套 类 组 对 根 粒 封 盏 句 页 群 队 例 股 期 节 段 片 口""".split()
# 一 before an individual measure word is mostly the indefinite article, "a" or "an" (建立一个平台
# "set up a platform", 一组数据 "a set of figures", 一位睿智的领导人), while news prints counts in
# digits (1个, 3家; GB/T 15835). Bare 一个 is therefore no count an answer gives; after a word
# that limits or totals (只有一个, 仅一项, 共一座) the pattern of amounts reads it whole as one.
# 人 is no article's measure word (the article is 一个人, 一名): 一人受伤 counts one person.
INDEFINITE_ONE = rf"一(?:{'|'.join(w for w in INDIVIDUAL_MEASURE_WORDS if w != '人')})"
MEASURE_SYNONYMS = {
    "个": "|".join(INDIVIDUAL_MEASURE_WORDS),
    "回": "次", "遍": "次", "趟": "次", "位": "名|位|人", "名": "名|人|位", "人": "人|名|位",
    **{unit: same for same in _SAME_UNIT for unit in same.split("|") if not unit.isascii()},
}

# Quantities a question names instead of a unit, recognised by the word's head morpheme,
# and the units a value of that quantity carries.
# The currencies (货币单位) a sum is stated in: the yuan, dollars and the world's other currencies.
MONEY_UNITS = (
    r"(?:万|亿|千|百)?(?:元|美元|欧元|日元|英镑|卢布|人民币|港元|港币|新台币|台币|澳元|加元|韩元|法郎|卢比|比索|新元"
    r"|越南盾|泰铢|林吉特|新加坡元|克朗|里拉|兹罗提|第纳尔|里亚尔|迪拉姆|兰特|雷亚尔|先令|披索|坚戈|福林|列伊|美金)"
)
# A sum may be written with its currency's sign before the number instead ($10.2亿, US$300万, €5).
CURRENCY_SIGN = r"(?:US|HK|NT|A|C|S)?[$＄¥￥€£]"
_SIGNED_SUM = rf"^{CURRENCY_SIGN}\s?[\d.,]+(?:万|亿|千|百)*(?:{MONEY_UNITS})?"
# A proportion (比例, 比重, 占比 "share of the total", 比率 "ratio") is stated as a
# percentage, a fraction, a ratio or, compared with another, in percentage points.
PROPORTION_UNITS = r"[%％]|分之[零〇一二三四五六七八九十百千点\d.]+|\d\s?[:：比]\s?\d+|百分点|percent|per cent"
# People are counted in people (600多人, 120名, 3位) or, many of them, in 万 and 亿.
PEOPLE_UNITS = r"(?:万|亿)?(?:人|名|位)|万|亿"
# Chinese nouns for people end in a person suffix: 村民 市民, 队员 会员, 记者 志愿者, 游客 乘客,
# 观众 群众, 员工 民工, 学生 考生, 工人 病人, 选手 歌手, 教师 律师, 护士 战士, 士兵, 法官, 网友.
# A question counting them (多少村民) asks for a number of people.
PERSON_NOUN_SUFFIXES = "民员者客众工生人手师士兵官友"
ZH_QUANTITY_UNITS: list[tuple[str, str]] = [
    (r"比例|比重|占比|百分比|百分之(?:几|多少)|比率", PROPORTION_UNITS),
    # 多少钱, 几块钱 "how much money": a price; 支出, 开支 "spending".
    (r"[价费]|多少钱|块钱|支出|开支|(?<![名份])额|投资|资金|资本|[贷存]款|成本|收入|产值|总值|GDP|预算|税|工资|薪|奖金|利润|市值|票房|债务", MONEY_UNITS + rf"|[%％]|{_SIGNED_SUM}"),  # 价格 造价, 费用, 金额 贸易额 (名额 and 份额 count places and shares); GDP is 国内生产总值; 薪 of 薪水 年薪
    (r"人口|人数|居民|员工|学生|游客|观众", PEOPLE_UNITS),  # 常住人口588.02万
    (r"面积", r"(?:平方公里|平方千米|平方米|平方公尺|平方英里|公顷|亩|km²|km2|m²|m2)"),
    # 周年 marks an anniversary (成立10周年), a date rather than how long something took.
    (r"多久|多长时间|时长|历时|耗时|期限|寿命", r"(?:(?<!周)年|个月|天|日|小时|分钟|刻钟|秒|周|星期|钟头|季度|世纪)"),
    (r"距离|多远|里程|长度|多长|多高|高度|直径|宽度|深度|海拔|身高", r"(?:公里|千米|米|厘米|毫米|公尺|公分|公厘|英尺|英寸|英里|海里|光年|km|cm|mm|m)"),
    (r"多少岁|年龄|年纪|岁数|多大了", r"岁"),  # 多大了 "how old now": 了 marks the change an age undergoes
    # A speed is a length per time, or after 时速/航速 ("per hour") a length alone (时速350公里);
    # ships and aircraft give knots (节), fast aircraft Mach numbers (马赫).
    (r"多快|速度|速率|时速|航速|车速|风速|秒速", r"(?:公里|千米|英里|海里|米)(?:每|/)?(?:小时|时|秒|分钟)?|km/h|m/s|mph|节|马赫"),
    (r"多重|重量|质量|体重", r"(?:吨|千克|公斤|克|磅|盎司|kg|g)"),
]
# Dimensions a measure is taken along, and the question words asking for each (多高, 高多少米,
# 高度, "how tall", "height"). Chinese prints the dimension right before its value (长29米、高13米,
# 水深约30米): the value after the dimension asked for answers, not the one after another.
DIMENSIONS: dict[str, str] = {
    "高": r"多高|高多少|高度|身高|\bhow (?:high|tall)\b|\bheight\b",
    "长": r"多长(?!时间)|长多少|长度|全长|\blength\b",
    "宽": r"多宽|宽多少|宽度|\bhow wide\b|\bwidth\b",
    "深": r"多深|深多少|深度|水深|\bhow deep\b|\bdepth\b",
    "重": r"多重|重多少|重量|体重|\bhow heavy\b|\bweight\b",
    "厚": r"多厚|厚多少|厚度|\bhow thick\b|\bthickness\b",
}
# Other dimensions a length is printed along, never the one a question above asks for: a
# diameter, a radius, a perimeter ("每个环直径约为9米" is no height).
OTHER_DIMENSIONS = ("直径", "半径", "周长")
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
# Money is asked for by the nouns for it (money, funds, a salary, wages) and by what is paid.
EN_QUANTITY_UNITS: list[tuple[str, str]] = [
    (r"\b(?:share|proportion|percentage|ratio)\b", PROPORTION_UNITS),
    (r"\b(money|funds?|funding|salar(?:y|ies)|wages?|costs?|costing|prices?|priced|fares?|fees?|invest(?:s|ed|ing|ments?)?|spen[dt]|spends|spending|pa(?:y|ys|id)|worth|revenues?|income|budgets?|values?|valued)\b", MONEY_UNITS + rf"|[%％]|{_EN_MONEY}"),
    (r"\bhow long\b|\bduration\b", rf"(?:年|个月|天|小时|分钟|周|{_ZH_LENGTH}|{_EN_DURATION}|{_EN_LENGTH})"),  # a time or a length
    (r"\bhow far\b|\bdistance\b|\blength\b|\bdiameter\b|\bheight\b|\bhow tall\b|\bhow high\b", rf"(?:{_ZH_LENGTH}|{_EN_LENGTH}|m)"),
    (r"\bpopulation\b", rf"(?:万|亿)?(?:人|名|位)|{_EN_COUNT}"),
    (r"\bhow old\b|\bage\b", rf"岁|\d|years?(?: old)?|{EN_NUMBER_WORDS}"),
    (r"\bhow fast\b|\bspeeds?\b|\bvelocity\b", rf"(?:{_ZH_LENGTH}|海里)(?:每|/)?(?:小时|时|秒)?|km/h|m/s|mph|knots?|节|马赫|Mach"),
]
# English counting phrases: the measure word a Chinese question would put after 几 (几次, 几个人).
# They set the units a count is stated in, but like a Chinese measure word they are no test
# that the answer is stated: "第五次踏上" answers "how many times" (rag/answer/extractive.py).
EN_COUNT_UNITS: list[tuple[str, str]] = [
    (r"\bhow many times\b|\bhow often\b", rf"次|times|once|twice|{_EN_COUNT}"),
    (r"\bhow many person-times?\b", rf"(?:万|亿)?人次|person-times?"),  # people counted once per visit (人次)
    (r"\bhow many (people|persons|children|students|visitors|workers|employees|residents)\b", rf"(?:万|亿)?(?:人|名|位)|{_EN_COUNT}"),
]
# "How many" + any other noun counts things ("how many companies", "how many units"): Chinese
# counts them with the noun's individual measure word (4700多家, 5台), people also per visit
# (1000人次), and events ("how many visits", "trips") with the verbal measure words 次 and 回
# (1.7万次门诊); many of them in 百/千/万/亿. Not a measure (年, 千瓦) or a date (3日).
EN_THINGS_COUNTED = rf"(?:百|千|万|亿)?(?:{'|'.join(INDIVIDUAL_MEASURE_WORDS)}|人次|次|回)|百|千|万|亿|{_EN_COUNT}"
# A unit of measure or money within the words after "how many" makes it a measure ("how many
# square metres", "how many US dollars"), which the quantity tables answer.
EN_MEASURED_COUNT = rf"\bhow many (?:[\w-]+ ){{0,2}}(?:{EN_MEASURE_UNITS}|{EN_MONEY_WORDS})\b"
# The unit an English question measures in ("how many tonnes") and the units of the same
# quantity a value may be printed in, Chinese or English (吨, 万吨, 公斤): the measure is
# asked for, the exact unit is the writer's choice. Areas before lengths ("square metres").
# Sums ("how many dollars") are the quantity tables' business; durations ("how many years")
# are counted in 年, which a date ends in too. The unit follows "how many" and up to two words,
# none of them "per" ("how many people per square kilometre" counts people).
_ZH_AREA = "平方公里|平方千米|平方米|平方公尺|平方英里|公顷|亩|英亩"
_ZH_MASS = "吨|公斤|千克|克|毫克|斤|磅|盎司"
_ZH_VOLUME = "立方米|升|毫升|加仑"
_ZH_POWER = "千瓦|万千瓦|兆瓦|瓦|马力"
_ZH_ENERGY = "千瓦时|度"
_EN_AREA = r"(?:square |sq\.? ?)(?:kilomet(?:re|er)s?|met(?:re|er)s?|miles?|feet|foot|km|m)|km²|km2|m²|m2|hectares?|acres?|mu"
_EN_MASS = r"tonnes?|tons?|(?:kilo|milli)?grams?|kilos?|kg|mg|lbs?|ounces?"  # "pounds" are mostly sterling (英镑) in news
_EN_VOLUME = r"cubic met(?:re|er)s?|(?:milli)?lit(?:re|er)s?|gallons?|m³"
_EN_POWER = r"(?:kilo|mega|giga)?watts?|kW|MW|GW|horsepower"
_EN_ENERGY = r"kilowatt[- ]hours?|kWh"
EN_UNIT_ASKED = r"\bhow many (?:(?!per\b)[\w-]+ ){{0,2}}(?:{})\b"
# "How many major industries": 五大产业 "the five major industries", as 几大 asks.
EN_MAJOR_ASKED = r"\bhow many major\b"
EN_UNITS_ASKED: list[tuple[str, str]] = [
    (_EN_AREA, rf"(?:万|亿)?(?:{_ZH_AREA})|{_EN_AREA}"),
    (_EN_ENERGY, rf"(?:万|亿)?(?:{_ZH_ENERGY})|{_EN_ENERGY}"),
    (_EN_MASS, rf"(?:万|亿)?(?:{_ZH_MASS})|{_EN_MASS}"),
    (_EN_VOLUME, rf"(?:万|亿)?(?:{_ZH_VOLUME})|{_EN_VOLUME}"),
    (_EN_POWER, rf"(?:万|亿)?(?:{_ZH_POWER})|{_EN_POWER}"),
    (_EN_LENGTH, rf"(?:万|亿)?(?:{_ZH_LENGTH})|{_EN_LENGTH}|m"),
]

# A day is printed as a day of the month (28日, 28号), a weekday (周五, 星期五) or a relative day
# (当天, 次日), perhaps with the part of the day (28日下午); a year or a month alone names no day.
DAY_UNITS = r"(?:[日号天]|(?:星期|周|礼拜)[一二三四五六日天])(?:凌晨|早上|上午|中午|下午|傍晚|晚上|晚|夜间|夜里)?"

# Chinese numerals; a numeral may not begin with 百/千/万 (those are words: 百姓, 千里).
CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
NUMBER = rf"(?:\d+(?:[,，]\d{{3}})*(?:\.\d+)?|[零〇一二三四五六七八九十两][{CN_DIGITS}]*)"
SCALE = r"(?:万|亿|千|百)"  # magnitude words written after digits (4.5万, 3亿)
APPROX = r"(?:约|近|超过|逾|达到?|共|累计|总计|仅|只有|高达|多达)"
# Words for a quantity's change, by direction: how much something rose (涨了多少, 增长了多少) is
# the amount printed after a word of rising (同比增长18.06%), not its level (455.97万千瓦).
RISE_WORDS = r"增长|增加|上涨|上升|提高|提升|增幅|涨幅|攀升|增|涨|升"
FALL_WORDS = r"下降|减少|降低|下跌|回落|缩减|减小|降幅|跌幅|降|跌|减"


def enumerated_point_forms(word: str) -> tuple[str, ...]:
    """The forms an enumerated point takes in print: a question's 第三点 (第三条, 第三项 "the third
    point, article, item") is printed "第三，…" or "三是…" in an enumeration, the measure word
    dropped; () for other words."""
    point = re.fullmatch(rf"第({NUMBER})[点条项]", word)
    return (f"第{point.group(1)}", f"{point.group(1)}是") if point else ()
