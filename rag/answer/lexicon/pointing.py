"""Words that point back into a conversation or at a time: pronouns, deictics, time points and
frames (a table of rag.answer.lexicon, kept in a module of its own)."""

from __future__ import annotations

# Words that point back into the conversation instead of naming something (回指词):
# pronouns stand for a person or thing, deictics for a place or time already mentioned.
ZH_PERSON_PRONOUNS = ("他们", "她们", "他", "她", "此人", "这个人", "该人", "对方")
ZH_THING_PRONOUNS = ("它们", "它", "这个", "那个", "这些", "那些", "此事", "这件事", "该")
ZH_PLACE_DEICTICS = ("那里", "那儿", "这里", "这儿", "当地", "该地", "此地")
ZH_TIME_DEICTICS = ("那时", "当时", "那天", "这时")
# Words opening a sentence that point back at a place or a time the sentence before named
# (指示代词): 这里/那里/这儿/那儿 "here, there", 此地/此处/该地 "this place", 当地 "the place"
# (当地时间 is "local time", no pointer), 此时/这时/那时/当时/届时 "at that time". What such a
# sentence says is said of that place or time.
POINTING_BACK = r"这里|那里|这儿|那儿|此地|此处|该地|当地(?!时间)|此时|这时|那时|当时|届时"
# Verbs of saying that attribute a quotation to its speaker (引语的说话人): news prints a quote
# and then who said it, in a sentence of its own ("“……。”市发展改革委副主任赵书超表示。",
# "……。”他说。"): that sentence points back at the quote it closes.
SAYING_VERBS = r"说道|说|表示|指出|介绍|强调|认为|称|透露|坦言|回忆|感慨|谈到|告诉记者"
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
# Words of a time adverbial besides the time itself: 截至/截止 "as of", 当地时间 "local time",
# 月份 "month", 期间 "during", 以来 "since". A clause made of these and a time ("截至5月底，",
# "1-11月份，") places what the clauses after it say.
TIME_FRAME_WORDS = ("截至", "截止", "当地", "时间", "月份", "期间", "以来")
EN_PERSON_PRONOUNS = ("he", "she", "they", "him", "her", "them", "his", "their")
EN_THING_PRONOUNS = ("it", "that", "this", "those", "these", "its")
EN_PLACE_DEICTICS = ("there", "here")
