"""Places asked for by their kind: 哪些国家 or 哪座城市 asks for a place by its name, and 哪座城市
or 哪个省 for one inside a country, which a country's name does not answer (白俄罗斯 is no city).

The world's countries and regions come from the Unicode CLDR, as Babel ships it (their names in
Chinese, simplified script): general geography, not words of any question.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.lexicon import PLACE_CLASSES, WHICH_COUNT
from rag.lang import to_simplified

_WHICH = rf"哪(?:些|(?:一|{WHICH_COUNT})[个座所家])?"  # 哪座, 哪一个, 哪几个, 哪两个
# 哪些国家, 哪座城市, 哪个省: a place asked for by its kind, which only a place's name answers.
PLACE_ASKED = re.compile(f"{_WHICH}(?:{PLACE_CLASSES.pattern})")
# Kinds of place inside a country: a city (its capital, a port), a province or state, a county.
_INSIDE_A_COUNTRY = re.compile(f"{_WHICH}(?:城市|城|市|首都|首府|省份|省|州|县|镇|乡|村|港口)")
# Cities that bear their country's name (city-states, and capitals named as their country in
# Chinese: 突尼斯 is Tunis and Tunisia) and 台湾, a province in mainland usage.
_ALSO_CITIES = frozenset("新加坡 摩纳哥 梵蒂冈 卢森堡 吉布提 圣马力诺 直布罗陀 科威特 巴拿马 危地马拉 突尼斯 墨西哥 台湾".split())


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """The Chinese names of the world's countries, territories and regions (CLDR via Babel)."""
    from babel import Locale

    return frozenset(to_simplified(name) for name in Locale("zh").territories.values()) - _ALSO_CITIES


def asked_by_kind(question: str) -> bool:
    """Whether the question asks for a place by its kind (哪些国家, 哪座城市, 哪个省)."""
    return PLACE_ASKED.search(to_simplified(question)) is not None


def wrong_level(question: str, place: str) -> bool:
    """Whether `place` is a country or a region of countries, or a list of them, while the
    question asks for a place inside a country (哪座城市 answered 白俄罗斯, or 俄罗斯、哈萨克斯坦)."""
    items = [item for item in _ITEM_BREAK.split(to_simplified(place.strip("“”「」《》"))) if item]
    return _INSIDE_A_COUNTRY.search(to_simplified(question)) is not None and bool(items) and all(item in country_names() for item in items)


_ITEM_BREAK = re.compile(r"、|和|及|与|以及")  # the items of a list of places
