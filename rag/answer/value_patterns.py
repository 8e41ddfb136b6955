"""Patterns of the values a short answer may be: amounts with their measure words,
percentages, numbers, dates and times of day, ordinals, quoted titles, ranges, and names
written in Latin letters. jieba cuts these into pieces ("87,064辆" -> 87 / , / 064 / 辆);
rag/answer/spans.py offers each whole match as a candidate and never cuts one.
"""

from __future__ import annotations

import re

from rag.answer.lexicon import APPROX, CN_DIGITS, CURRENCY_SIGN, LATIN_UNITS, MEASURE_WORDS, NUMBER, SCALE

UNIT = "|".join(re.escape(u) for u in MEASURE_WORDS)
# A measure word may take 次 to count occasions of it (篇次, 批次, 班次, like 人次 and 架次).
LATIN_UNIT = rf"\s?(?:{'|'.join(re.escape(u) for u in LATIN_UNITS)})(?![A-Za-z0-9])"
# 余/多 ("more than") stands after the scale or before it: 30万余亩 and 30余万亩 alike. A round
# amount may be its scale word alone, after a word of approximation or another scale word
# (近万元 "nearly ten thousand yuan", 上万人, 数百名, 几十万人, 百万元), or its scale word alone
# after a word that qualifies an amount (超过千吨 "over a thousand tonnes", 约百人).
_ROUND = rf"(?:(?:近|上|数|几|逾)[十百千]?|[十百千])[万亿千百]|{APPROX}[百千万亿]"
# A sum written with its currency's sign needs no unit after it ($10.2亿, US$300万美元).
_SIGNED = rf"{CURRENCY_SIGN}\s?{NUMBER}{SCALE}?(?:{UNIT})?"
QUANTITY_RE = re.compile(rf"(?:{_SIGNED}|(?:{APPROX}?{NUMBER}(?:多|余)?{SCALE}?|{_ROUND})(?:多|余)?(?:(?:{UNIT})次?|{LATIN_UNIT}))")
# A ratio states a proportion as a percentage does (男女比例1：7, 以3比2获胜); after a colon, two
# digits are a clock's minutes (9:30), not a ratio's second term.
_RATIO = r"(?<![\d.:：])\d+(?:\.\d+)?\s?(?:比|[:：](?!\d{2}(?!\d)))\s?\d+(?:\.\d+)?(?![\d:：])"
# A fraction is a proportion too: 三分之一 "one in three", 千分之五 "five per thousand".
_FRACTION = r"(?:\d+|[零〇一二三四五六七八九十百千万两]+)分之(?:\d+(?:\.\d+)?|[零〇一二三四五六七八九十百千点]+)"
PERCENT_RE = re.compile(rf"\d+(?:\.\d+)?\s*[%％]|{_FRACTION}|{_RATIO}")
NUMBER_RE = re.compile(rf"{NUMBER}{SCALE}?")
# A Latin comma or colon between two digits groups thousands or tells the time (2,800米, 10:30):
# no clause ends there.
LATIN_BREAK = r"(?<!\d)[,;:]|[,;:](?!\d)"
# A time of day, after its date or alone (7月1日18时35分, 下午3点半): a date to the reader.
_DAY = r"(?:(?:\d{1,4}|[零〇一二三四五六七八九]{2,4})年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
_CLOCK = r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上)?(?:\d{1,2}[时点](?:\d{1,2}分|半)?|[一二三四五六七八九十]{1,3}时(?:[一二三四五六七八九十]{1,3}分|半)?)"
# A year named by reference, to now (今年 "this year", 去年, 明年) or to a year just told of (同年
# "that same year", 当年, 次年/翌年 "the next year"): with its month it is a date (今年3月, 同年5月).
_YEAR_NAMED = r"(?:今|去|明|前|后|同|当|次|翌)年"
# A quarter of the calendar year is printed as a number before 季度 with no measure word (一季度
# "the first quarter", 前三季度 "the first three quarters", 2023年四季度); 三个季度 counts a duration.
_QUARTER = r"(?:(?:\d{4}|[零〇一二三四五六七八九]{4})年)?(?<![\d零〇一二三四五六七八九十百千万个])(?:前|后)?[一二三四1-4]季度"
# News dates an event by its day of the month alone when the month is the paper's: 6日上午 "on
# the morning of the 6th". Only with the part of the day it names is a bare 6日 a date; alone
# it also counts days (30日内 "within 30 days", 连续60日), and 3号 numbers things (3号线 "Line 3").
_DAY_OF_MONTH = r"(?<![\d月零〇一二三四五六七八九十百千])(?:[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
_PART_OF_DAY = "凌晨|早上|上午|中午|下午|傍晚|晚上"
_DAY_ALONE = rf"{_DAY_OF_MONTH}(?:{_PART_OF_DAY})"
# A month alone is a date too (5月 "May", 11月份, 9月底 "the end of September"); a number of
# months takes a measure word (三个月), and 6月龄 is an age ("six months old"). Tried last, so
# a month with its day or year is read whole.
_MONTH_DIGITS = r"(?:1[0-2]|0?[1-9])"
_MONTH_NUMBER = rf"(?:{_MONTH_DIGITS}|十[一二]?|[一二三四五六七八九])"
_MONTH = rf"(?<![\d.零〇一二三四五六七八九十]){_MONTH_NUMBER}月(?!龄)(?:份|初|底|末|上旬|中旬|下旬)?"
DATE_RE = re.compile(
    rf"(?:{_DAY}|{_DAY_OF_MONTH})?{_CLOCK}|"
    r"(?:公元前?)?(?:\d{1,4}|[零〇一二三四五六七八九]{2,4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
    r"|(?:公元前?)?(?:\d{1,4}|[零〇一二三四五六七八九]{2,4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
    rf"|{_YEAR_NAMED}(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?:(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号])?"
    r"|(?:公元前?)?\d{1,4}年代?|[一二三四五六七八九十]+世纪(?:[一二三四五六七八九十]+年代)?|\d{1,2}世纪"
    rf"|{_QUARTER}"
    rf"|{_DAY_ALONE}|{_MONTH}"
)
# 首 before a measure word is "the first" (首次 = 第一次, 首届, 首批), not after a number (三首歌).
ORDINAL_RE = re.compile(rf"第(?:\d+|[{CN_DIGITS}]+)(?:{UNIT})?")
# 首 before a measure word is "the first" (首次 = 第一次, 首届), not after a number (三首歌). It is
# mostly an adverb (首次闯入 "for the first time"): an answer only to a question asking 第几.
FIRST_RE = re.compile(rf"(?<![\d{CN_DIGITS}])首(?:{UNIT})")
QUOTED_RE = re.compile(r"《[^《》]{1,30}》|“[^“”]{1,30}”|「[^「」]{1,30}」")
# OCR and typed text often print straight quotes ("千企技改千企转型") where print has curly ones;
# a straight pair around a short term, with no clause mark inside, is read as “…”. An unpaired
# mark (OCR drops marks: 启动"吨半粮高产区创建,…实现" 连丰") pairs with nothing across a clause.
_STRAIGHT_PAIR = re.compile(r'"([^"，,。；;：:！!？?\n]{1,30})"')


def curly_quotes(text: str) -> str:
    """`text` with its straight double quotes around short terms turned into “ and ”: same
    length, so offsets found in the result hold in `text`."""
    return _STRAIGHT_PAIR.sub(lambda m: f"“{m.group(1)}”", text) if '"' in text else text


# A range is one value ("2009年9月27日-10月9日", "1984年至1992年", "3至5人"): its two ends joined
# by a dash, a tilde or 至/到 ("to"). Each end stays a candidate too ("from when" asks for one).
_RANGE_JOIN = r"\s*[-–—~～至到]\s*"
RANGE_RES = (
    (re.compile(rf"(?:{DATE_RE.pattern}){_RANGE_JOIN}(?:{DATE_RE.pattern})"), "date"),
    # Statistics print a run of months with 月 once, after the last (1-11月份 "January to November").
    (re.compile(rf"(?<![\d.]){_MONTH_DIGITS}{_RANGE_JOIN}{_MONTH}"), "date"),
    (re.compile(rf"{NUMBER}{SCALE}?(?:{UNIT})?{_RANGE_JOIN}{QUANTITY_RE.pattern}"), "quantity"),
)
# Names in Latin letters are printed with spaces between their words (Bank for Investment and
# Development of Vietnam, Reginald W. Stewart), which cut clauses and phrases: a run of two
# to eight Latin words is one candidate and is never cut. Longer runs are prose, not names.
_LATIN_WORD = r"[A-Za-z0-9][A-Za-z0-9'’&.\-]*"
_LATIN_EDGE = r"A-Za-z0-9'’&.\-"
LATIN_RUN_RE = re.compile(rf"(?<![{_LATIN_EDGE}])(?<![{_LATIN_EDGE}] )[A-Za-z][{_LATIN_EDGE}]*(?: {_LATIN_WORD}){{1,7}}(?![{_LATIN_EDGE}]| [A-Za-z0-9])")
# Contact details printed in news (an address to write to, a hotline): one value each, never
# cut at its dots or dashes. Phone numbers: an area code and a local number (0635-8451234,
# (010)12345678), a mobile number, a 400 service line.
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+[A-Za-z0-9/]")
PHONE_RE = re.compile(r"(?<![\d\-])(?:[(（]?0\d{2,3}[)）]?[-－]?\d{7,8}|1[3-9]\d{9}|400[-－]?\d{3}[-－]?\d{4})(?![\d\-])")
