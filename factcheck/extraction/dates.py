"""Date and time expressions ("지난해 5월", "30일(현지시간)", "올해 가을", "2016.11.3").

Found first so the quantity finder can skip them: "13일" is a date, "115일 만" is a duration.
Adjacent atoms ("2016년 3월 9일", "지난해" + "5월") merge into one mention; "최근" is deliberately
not a date (it names no verifiable time).
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
# Every atom starts with a digit, a bracket or the first syllable of one of the words above; checking
# that first makes the scan ~4x faster than trying each alternative at every position.
_INITIALS = "".join(sorted({alt[0] for alt in f"{_TIME_OF_DAY}|{_SEASONS}|{_RELATIVE}".split("|")}))
_ATOM = re.compile(rf"(?=[\d(\[{_INITIALS}])(?:" + "|".join(f"(?:{a})" for a in _ATOMS) + ")")
# Words that attach to the following atom ("지난 3월", "오는 10일") or trail it ("7월 초", "4일부터").
_LEAD = re.compile(r"(?<![" + _H + r"])(?:지난|오는|올|이번|다음|매년|매월|매주)\s?$")
_TRAIL = re.compile(r"(?:\s?(?:초|중순|하순|상순|초순|말|께|경|쯤)(?![" + _H + r"])|부터|까지)")
_GLUE = re.compile(r"\s?")


def find_dates(text: str, base: int = 0) -> list[DateMention]:
    """Date/time mentions of `text` with offsets shifted by `base` (to index the original string)."""
    spans: list[list[int]] = []
    for m in _ATOM.finditer(text):
        start, end = m.start(), m.end()
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
