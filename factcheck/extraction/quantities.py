"""Numbers with units in Korean news text, normalized ("1조6000억개" -> 1.6e12 개).

Pure regex and arithmetic. PyPI Korean-numeral converters get mixed forms such as "1750억" wrong,
so the grammar lives here: digit groups combined with 십/백/천 inside a 만-group and 만/억/조/경 between.
Ranges ("3~4%") are emitted as ONE quantity spanning the range, valued at its lower bound, approx=True.
Dates are not quantities: callers pass the date spans of the same text to `find_quantities`.

Each quantity has a `qualifier` (`qualifier_of`), how the figure relates to `value`:
  approx     약, 대략, 여, 가량, 정도, 쯤, 내외, 안팎, 남짓, 부근, 께 ("약 100조개", "40여 가지")
  at_least   이상, and the prefixes 최소/최저 ("1000억원 이상", "최소 6개월")
  at_most    이하, and the prefixes 최대/최고 ("최대 90%")
  more_than  초과, and 넘는/넘게/넘어/넘긴… after the span ("100명이 넘는")
  less_than  미만, and 못 미치는/미치지 못/도 되지 않… after the span ("50mg도 되지 않았다")
  None       a plain figure.
Prefixes and the suffix words above sit inside the span (`q.text`); the verbs (넘는, 못 미치는) and, for
native numerals ("열 명 이상"), the suffix words follow it, so `qualifier_of` also reads the text after.
A bound wins over an approximation word ("약 100명 이상" is at_least). A range with no such word is
at_least: it is valued at its lower bound, which the figure is never below. `approx` is true only for
approximations and ranges; bounds are not approximations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factcheck.extraction.types import DateMention, Quantity

_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
_NATIVE_TENS = {
    "열": 10,
    "스물": 20,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "예순": 60,
    "일흔": 70,
    "여든": 80,
    "아흔": 90,
}
_NATIVE_ONES = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "넉": 4, "다섯": 5,
    "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
}  # fmt: skip
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_TOKEN = re.compile(rf"({_DIGITS})|([십백천])|([만억조경])|\s+")


def parse_korean_number(text: str) -> float:
    """Value of a Korean/Arabic numeral such as "1750억", "1조6000억", "12만3천", "1,750", "두"."""
    s = text.strip()
    if not s:
        raise ValueError("empty number")
    native = _parse_native(s)
    if native is not None:
        return float(native)
    total, group, current, last_big, pos = 0.0, 0.0, None, None, 0
    seen_any = False
    while pos < len(s):
        m = _NUMBER_TOKEN.match(s, pos)
        if not m:
            raise ValueError(f"not a number: {text!r}")
        pos = m.end()
        digits, small, big = m.group(1), m.group(2), m.group(3)
        if digits is not None:
            if current is not None:
                raise ValueError(f"two numbers in a row: {text!r}")
            current = float(digits.replace(",", ""))
            seen_any = True
        elif small is not None:
            group += (1.0 if current is None else current) * _SMALL[small]
            current, seen_any = None, True
        elif big is not None:
            unit = _BIG[big]
            if last_big is not None and unit >= last_big:
                raise ValueError(f"units out of order: {text!r}")
            group += current or 0.0
            total += (group or 1.0) * unit
            group, current, last_big, seen_any = 0.0, None, unit, True
    if not seen_any:
        raise ValueError(f"not a number: {text!r}")
    return total + group + (current or 0.0)


def _parse_native(s: str) -> int | None:
    s = s.replace(" ", "")
    for tens, tv in _NATIVE_TENS.items():
        if s.startswith(tens):
            rest = s[len(tens) :]
            if not rest:
                return tv
            if rest in _NATIVE_ONES:
                return tv + _NATIVE_ONES[rest]
    return _NATIVE_ONES.get(s)


# Units longest first so "개월" wins over "개" and "km" over "m".
_UNITS = sorted(
    [
        "%p", "%포인트", "%", "퍼센트", "포인트", "원", "달러", "유로", "엔", "위안", "파운드", "루피",
        "개국", "개사", "개월", "개", "명", "가지", "배", "위", "건", "곳", "대", "마리", "권", "편", "회",
        "번째", "번", "차례", "층", "세", "살", "주년", "단계", "장", "척", "채", "그루", "표", "석", "종", "호", "기",
        "㎞", "km", "㎝", "cm", "㎜", "mm", "㎏", "kg", "㎎", "mg", "μg", "ng", "g", "m", "㎡", "m2", "평", "t", "톤",
        "ℓ", "L", "ml", "mL", "cc", "도", "℃", "°C", "°", "광년", "Hz", "GHz", "MHz", "W", "kW", "MW", "GW", "kWh",
        "GB", "TB", "MB", "bps", "nm", "μm", "mAh", "V", "마일", "피트", "인치", "광년", "년", "개년", "시간", "분",
        "초", "일", "주", "사",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_NATIVE_RE = "|".join(sorted([*_NATIVE_TENS, *_NATIVE_ONES], key=len, reverse=True))
_NATIVE_COUNTERS = "배|명|가지|개|곳|건|마리|대|권|편|차례|번째|번|살|그루|사람|군데"
_PREFIX_WORDS = "약|대략|최대|최소|최고|최저|무려|불과|시속|초속|분당|연간|상위|하위"
_PREFIX = rf"(?:({_PREFIX_WORDS})\s?)?"
_PREFIX_INITIALS = "".join(sorted({w[0] for w in _PREFIX_WORDS.split("|")}))
_SUFFIX = r"(?:\s?(?P<suffix>이상|이하|미만|초과|가량|정도|남짓|안팎|내외|부근|여|쯤|께))?"
_KNUM = rf"(?:{_DIGITS})(?:[십백천만억조경]+(?:{_DIGITS})?)*|[십백천]?[만억조경]"
# Checking the possible first characters first (digits, prefixes, 만/억…) makes the scan several times faster.
_QUANTITY = re.compile(
    rf"(?=[\d{_PREFIX_INITIALS}십백천만억조경]){_PREFIX}(?P<num>{_KNUM})(?P<yeo>여)?"
    rf"(?:\s?[~∼〜]\s?(?P<hi>{_KNUM}))?"
    rf"(?:\s?(?P<unit>{_UNIT_RE}))?{_SUFFIX}"
)
_NATIVE_INITIALS = "".join(sorted({w[0] for w in [*_NATIVE_TENS, *_NATIVE_ONES, "약", "대략", "최대", "최소"]}))
_NATIVE_QUANTITY = re.compile(
    rf"(?=[{_NATIVE_INITIALS}])(?<![가-힣])(?:(약|대략|최대|최소)\s?)?(?P<num>{_NATIVE_RE})\s?(?P<unit>{_NATIVE_COUNTERS})(?![가-힣]{{2}})"
)
# Prefixes kept inside the span: they qualify the figure (the others, "무려", "연간", say nothing about it).
_QUALIFYING_PREFIXES = {"약", "대략", "최대", "최소", "최고", "최저"}
_BIG_OR_SMALL = re.compile(r"[십백천만억조경]")
# Units made of Latin letters must end the word ("5G" is a name, not 5 grams).
_ASCII_UNIT = re.compile(r"[A-Za-zμ°]")
# Time units are only quantities as durations ("115일 만", "3일간"); otherwise they are dates.
_TIME_UNITS = {"년", "개년", "일", "시간", "분", "초", "주"}
_DURATION_TAIL = re.compile(r"\s?(?:만|간|동안|째|여|가량|이상|이내|넘게|전|후|뒤|에\s?(?:한|두|세|네)\s?번)")

# Qualifiers (see the module docstring). The words inside a span: a prefix, a suffix, 여 after the number.
_PREFIX_QUALIFIERS = {
    "약": "approx", "대략": "approx", "최소": "at_least", "최저": "at_least", "최대": "at_most", "최고": "at_most",
}  # fmt: skip
_SUFFIX_QUALIFIERS = {
    "이상": "at_least", "이하": "at_most", "초과": "more_than", "미만": "less_than",
    **dict.fromkeys(("가량", "정도", "남짓", "안팎", "내외", "부근", "여", "쯤", "께"), "approx"),
}  # fmt: skip
_QUALIFIER_PREFIX = re.compile(rf"({'|'.join(_PREFIX_QUALIFIERS)})\s?")
_QUALIFIER_SUFFIX = re.compile(rf"\s?({'|'.join(_SUFFIX_QUALIFIERS)})$")
_YEO = re.compile(r"[\d십백천만억조경]여")  # "40여 가지", "2만여명"
_RANGE = re.compile(r"[~∼〜]")
# What may follow a span, tried in order: a native numeral's suffix word ("열 명 이상"), then the verbs.
# 여, 부근 and 께 are left out: after a span they mostly start another word ("10명 여성").
_AFTER_QUALIFIERS = (
    (re.compile(r"\s?(이상|이하|초과|미만|가량|정도|남짓|안팎|내외|쯤|이내)"), None),
    (re.compile(r"\s?(?:[을를이가]\s?)?넘지\s?않"), "at_most"),
    # Not 넘어지다 (fall over) or 넘겨받다/넘겨주다 (hand over).
    (re.compile(r"\s?(?:[을를이가]\s?)?넘(?:는|게|어(?![지진질져졌])|은|었|기|긴|겼|겨(?![받주]))"), "more_than"),
    (re.compile(r"\s?(?:에도?\s?)?(?:못\s?미(?:치|쳐|쳤)|미치지\s?못)"), "less_than"),
    (re.compile(r"\s?(?:에)?도\s?(?:되지\s?않|안\s?되|못\s?되)"), "less_than"),
)
_AFTER_WORDS = {**_SUFFIX_QUALIFIERS, "이내": "at_most"}
_BOUNDS = {"at_least", "at_most", "more_than", "less_than"}
# How much of the text after a span `find_quantities` hands to `qualifier_of` ("에 미치지 못" and spaces).
AFTER_CHARS = 12


def qualifier_of(text: str, after: str = "") -> str | None:
    """The qualifier of a quantity from its own `text` and the `after` text that follows it, or None.

    "1000억원 이상" → "at_least"; ("100명", "이 넘는") → "more_than"; "약 100조개" → "approx"; "3~4%" → "at_least".
    """
    prefix = _QUALIFIER_PREFIX.match(text)
    suffix = _QUALIFIER_SUFFIX.search(text)
    found = [_SUFFIX_QUALIFIERS[suffix.group(1)]] if suffix else []
    for pattern, qualifier in _AFTER_QUALIFIERS:
        m = pattern.match(after)
        if m:
            found.append(qualifier or _AFTER_WORDS[m.group(1)])
            break
    if prefix:
        found.append(_PREFIX_QUALIFIERS[prefix.group(1)])
    if _YEO.search(text):
        found.append("approx")
    # A bound says more than an approximation; the suffix and the verb after come before a prefix.
    bound = next((q for q in found if q in _BOUNDS), None)
    if bound:
        return bound
    if found:
        return "approx"
    return "at_least" if _RANGE.search(text) else None


def _blocked_before(text: str, start: int) -> bool:
    # Model names and identifiers: "GPT-3", "MS-01", "COVID-19", "Cas9", "제3", "1.2.3".
    if start == 0:
        return False
    c = text[start - 1]
    if c == "제" or (c == " " and text[start - 2 : start - 1] == "제"):
        return True  # "제3세계", "제 3의": ordinals, not amounts
    if c.isascii() and c.isalpha():
        return True
    if c in "-_/." and start >= 2 and (text[start - 2].isalnum()):
        return True
    return c.isdigit()


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_quantities(text: str, base: int = 0, dates: Iterable[DateMention] = ()) -> list[Quantity]:
    """Quantities in `text`; offsets are `base`-shifted so they index the caller's original string."""
    date_spans = [(d.start - base, d.end - base) for d in dates]
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _QUANTITY.finditer(text):
        q = _from_match(text, m, base, date_spans)
        if q is not None:
            found.append(q)
            taken.append((q.start - base, q.end - base))
    for m in _NATIVE_QUANTITY.finditer(text):
        if _overlaps(m.start(), m.end(), taken + date_spans):
            continue
        if m.group("num") == "한" and m.group("unit") in {"번", "차례"}:
            continue  # "한 번도" is idiom, not a count
        value = float(_parse_native(m.group("num")) or 0)
        qualifier = qualifier_of(m.group(), text[m.end() : m.end() + AFTER_CHARS])
        start, end = base + m.start(), base + m.end()
        found.append(Quantity(m.group(), start, end, value, m.group("unit"), qualifier == "approx", qualifier))
    found.sort(key=lambda q: q.start)
    return found


def _from_match(text: str, m: re.Match[str], base: int, dates: list[tuple[int, int]]) -> Quantity | None:
    num, unit = m.group("num"), m.group("unit") or ""
    num_start = m.start("num")
    if not num[0].isdigit() or _blocked_before(text, num_start):
        return None
    end = m.end()
    if m.group("suffix") == "여" and text[m.start("suffix") - 1].isspace() and _starts_word(text, m.end("suffix")):
        end = m.start("suffix") - 1  # "10명 여성": 여 begins the next word, it is not "10여 명"
    if unit and _ASCII_UNIT.match(unit[-1]) and end < len(text) and (text[end].isascii() and text[end].isalnum()):
        return None
    if not unit:
        after = text[m.end("num") : m.end("num") + 1]
        if after.isascii() and after.isalnum():
            return None  # "3D", "5G"
        if not _BIG_OR_SMALL.search(num):
            return None  # a bare number (list marker, "제 3의") carries no measurable claim
    if unit in _TIME_UNITS and not _DURATION_TAIL.match(text, m.end("unit")):
        if unit != "년" or len(num) >= 4:
            return None  # "13일", "2016년" are dates; "68년만에", "18년 후" are spans of time
    nxt = text[end : end + 1]
    if (unit == "사" and "가" <= nxt <= "힣" and nxt not in "의가는와과도를에로만") or (unit == "세" and nxt == "기"):
        return None  # "21세기", "3사람": the unit syllable starts another word
    if _overlaps(num_start, m.end("unit") if unit else m.end("num"), dates):
        return None
    if text[end : end + 1] == "당":
        return None  # "1g당": the denominator of a rate, not a quantity
    try:
        value = parse_korean_number(num)
    except ValueError:
        return None
    prefix = m.group(1)
    start = m.start() if prefix else num_start
    if prefix and prefix not in _QUALIFYING_PREFIXES and prefix not in {"시속", "초속", "상위", "하위"}:
        start = num_start
    qualifier = qualifier_of(text[start:end], text[end : end + AFTER_CHARS])
    approx = qualifier == "approx" or m.group("hi") is not None
    return Quantity(text[start:end], base + start, base + end, value, unit, approx, qualifier)


def _starts_word(text: str, pos: int) -> bool:
    return "가" <= text[pos : pos + 1] <= "힣"
