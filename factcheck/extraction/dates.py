"""Date and time expressions ("지난해 5월", "30일(현지시간)", "올해 가을", "2016.11.3").

Found first so the quantity finder can skip them: "13일" is a date, "115일 만" is a duration.
Adjacent atoms ("2016년 3월 9일", "지난해" + "5월") merge into one mention; "최근" is deliberately
not a date (it names no verifiable time).

Beyond calendar dates, a time expression is also (the corpus GUIDELINE's "every date or time expression"):
  - a point relative to now: "12년 전", "몇 년 전부터", "2주 뒤", "3일 후". Looking ahead, only spans
    shorter than a year: "18년 후에나" is labelled as a span of time (a quantity). Figures with 만/억
    ("1억3300만 년 전") are ages, measured, so quantities too.
  - a period with no exact figure ("수십 년 동안", "한 해 동안"); "30년간", "6개월간" and "지난 10여년
    동안" stay durations (quantities).
  - a holiday ("추석 연휴", "추석 한가위"), a historical era ("고대 그리스 시대", "조선 시대") or an
    office-holder's tenure ("카터 대통령 재임 시절", "재임 시절", "박근혜 정부 시절"); a figurative
    "AI 시대" is not one.
  - a deictic time ("이 시각", like "이날") and a year alone in brackets after a title ("Her·2014").
"""

from __future__ import annotations

import re

from factcheck.extraction.types import DateMention

_H = "가-힣"
_TIME_OF_DAY = "오전|오후|새벽|밤|낮|저녁|아침"
_SEASONS = "지난|올해|내년|지난해"
_RELATIVE = (
    "지난해|작년|재작년|올해|금년|내년|내후년|올초|연초|연말|이날|당일|전날|이튿날|어제|오늘(?!날)"
    r"|내일|지난달|이달|이번\s?달|다음\s?달|내달|지난주|이번\s?주|다음\s?주|주말|하루(?!빨리)(?!속히)(?!바삐)(?!하루)|이틀|사흘|나흘"
)
_ATOMS = [
    r"\d{4}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{1,2}\.?",  # 2016.11.3, 2016-11-03
    r"\d{4}년(?:대)?(?!\s?(?:간|동안|만에|째))",
    r"(?<!\d)(?:1[0-2]|0?[1-9])월(?:\s?\d{1,2}\s?[~∼〜-]\s?\d{1,2}일)?(?![" + _H + r"]{0,1}간)",
    r"(?<![\d.])(?:3[01]|[12]\d|0?[1-9])(?:\s?[~∼〜]\s?(?:3[01]|[12]\d|0?[1-9]))?일(?!\s?(?:간|동안|만|째|치))",
    rf"(?:(?:{_TIME_OF_DAY})\s?)?(?<!\d)(?:2[0-4]|[01]?\d)시(?!간|대|장|민|점|청|즌)"
    r"(?:\s?(?:[0-5]?\d)분)?(?:\s?[0-5]?\d초)?(?:경|께|쯤)?",
    rf"(?<![{_H}])(?:{_SEASONS})\s(?:봄|여름|가을|겨울|상반기|하반기|[1-4]분기)",
    rf"(?<![{_H}])(?:{_RELATIVE})(?:간|동안)?",
    rf"(?<=\d일\s)(?:{_TIME_OF_DAY})",
    r"(?:\(|\[)(?:현지\s?시간|한국\s?시간|현지시각|미국\s?시간)(?:\)|\])",
]
# A figure and the space before its unit: native numerals are always spaced ("세 달"; "세일" is a sale).
_FIGURE = (
    r"(?:(?<![\d.,])\d{1,3}(?:\.\d+)?\s?여?\s?|(?<![" + _H + r"])(?:몇|수십|수백|십수|수|여러)\s?"
    r"|(?<![" + _H + r"])(?:한|두|세|네|다섯|열)\s)"
)
_VAGUE = r"(?<![" + _H + r"])(?:몇|수십|수백|십수|여러)\s?"
_VAGUE_DATE = re.compile(r"(?:몇|수십|수백|십수|수|여러)\s?(?:년|해|주일?|개월|달|일|세기)")
_ANY_UNIT = r"(?:년|해|주일?|개월|달|일|세기)"
_SHORT_UNIT = r"(?:주일?|개월|달|일)"
# 전/뒤/후 as a word, perhaps with a particle: not "전국", "후보", "뒤집다".
_AGO = r"전(?![^\s에엔의부까만보이인도은는을,.]|이[가-힣])"
_LATER = r"(?:뒤|후)(?![^\s에엔의부까만로이인도은는을,.]|이[가-힣])"
_RELATIVE_SPANS = [
    rf"{_FIGURE}{_ANY_UNIT}\s?{_AGO}",
    rf"{_FIGURE}{_SHORT_UNIT}\s?{_LATER}",
    rf"{_VAGUE}{_ANY_UNIT}\s?동안",
    r"(?<![" + _H + r"])한\s해(?:\s?동안)?(?![" + _H + r"])",
    r"(?<=[(·,])(?:1[89]|20)\d{2}(?=\s?\))",  # 영화 'Her(2014)', '허(Her·2014)'
]
_ATOMS = _RELATIVE_SPANS + _ATOMS
# Holidays, eras, tenures and "이 시각" are rare words; they get their own scan, run only when a hint word is present.
_HOLIDAYS = (
    "추석|한가위|설날|설\\s?연휴|설\\s?명절|구정|신정|성탄절|크리스마스|광복절|삼일절|3·1절|어린이날|어버이날|현충일"
    "|한글날|개천절|제헌절|석가탄신일|부처님\\s?오신\\s?날|정월\\s?대보름|대보름|단오|추수감사절"
)
_ERA = re.compile(
    rf"(?<![{_H}])(?:{_HOLIDAYS})(?:\s?(?:연휴|당일|명절|때|무렵))?"
    rf"|(?<![{_H}])(?:고대|중세|근세|근대|선사)(?:\s[{_H}]+)?\s?시대"
    rf"|(?<![{_H}])(?:조선|고려|신라|백제|고구려|삼국|통일신라|발해|일제|대한제국|에도|메이지|빅토리아|냉전)\s?시대"
    rf"|(?<![{_H}])일제\s?강점기"
    rf"|(?:(?<![{_H}])[{_H}]{{2,4}}\s)?(?:전\s)?(?:대통령|총리|장관|회장|총장|시장|지사|국왕|교황|감독|대표|사장|원장|의장)"
    r"\s?(?:재임|집권|재직|임기|통치)\s?(?:시절|기간|때|중|당시)"
    rf"|(?<![{_H}])(?:재임|집권|재직|통치)\s?(?:시절|기간|당시)(?![{_H}])"
    rf"|(?<![{_H}])[{_H}]{{2,4}}\s(?:정부|정권)\s?(?:시절|때|당시)(?![{_H}])"
    rf"|(?<![{_H}])(?:이|그|같은)\s시각"
)
_ERA_HINT = re.compile(rf"(?:{_HOLIDAYS})|시대|강점기|재임|집권|재직|임기|통치|시각|정부|정권")
# Every atom starts with a digit, a bracket or the first syllable of one of the words above; checking
# that first makes the scan ~4x faster than trying each alternative at every position.
_INITIALS = "".join(
    sorted({alt[0] for alt in f"{_TIME_OF_DAY}|{_SEASONS}|{_RELATIVE}|몇|수|십|여|한|두|세|네|다|열".split("|")})
)
_ATOM = re.compile(rf"(?=[\d(\[{_INITIALS}])(?:" + "|".join(f"(?:{a})" for a in _ATOMS) + ")")
# Words that attach to the following atom ("지난 3월", "오는 10일") or trail it ("7월 초", "4일부터").
_LEAD = re.compile(r"(?<![" + _H + r"])(?:지난|오는|올|이번|다음|매년|매월|매주)\s?$")
_TRAIL = re.compile(r"(?:\s?(?:초|중순|하순|상순|초순|말|께|경|쯤)(?![" + _H + r"])|부터|까지)")
_GLUE = re.compile(r"\s?")


def is_vague(d: DateMention) -> bool:
    """Whether `d` gives no figure one could check ("몇 년 전부터", "수십 년 동안"), like "최근"."""
    return _VAGUE_DATE.match(d.text) is not None


def find_dates(text: str, base: int = 0) -> list[DateMention]:
    """Date/time mentions of `text` with offsets shifted by `base` (to index the original string)."""
    spans: list[list[int]] = []
    matches = [(m.start(), m.end()) for m in _ATOM.finditer(text)]
    if _ERA_HINT.search(text):
        eras = [(m.start(), m.end()) for m in _ERA.finditer(text)]
        matches = sorted([m for m in matches if not any(s < m[1] and m[0] < e for s, e in eras)] + eras)
    for start, end in matches:
        if spans and _GLUE.fullmatch(text[spans[-1][1] : start]) is not None:
            spans[-1][1] = end  # "지난해" + " " + "5월": one expression
        else:
            spans.append([start, end])
    out = []
    for start, end in spans:
        lead = _LEAD.search(text, 0, start)
        if lead:
            start = lead.start()
        trail = _TRAIL.match(text, end)
        if trail:
            end = trail.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append(DateMention(text[start:end], base + start, base + end))
    return out
