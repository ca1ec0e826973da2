"""Numbers with units in Korean news text, normalized ("1조6000억개" -> 1.6e12 개).

Pure regex and arithmetic. PyPI Korean-numeral converters get mixed forms such as "1750억" wrong,
so the grammar lives here: digit groups combined with 십/백/천 inside a 만-group and 만/억/조/경 between.
Ranges ("3~4%") are emitted as ONE quantity spanning the range, valued at its lower bound, approx=True.
Dates are not quantities: callers pass the date spans of the same text to `find_quantities`.

What else counts, and how it is valued (the corpus GUIDELINE and its labels decide):
  - Matching runs on the NFKC form of the sentence ("㎏" → "kg", "％" → "%", "ｍ" → "m") through an index map
    back to the original, so `text`, offsets and `unit` are always as written ("1㎚", unit "㎚").
  - Fractions: "10분의 1" is 0.1, "10억분의 1ｍ" 1e-9 m (numerator over denominator; kind ratio without a unit).
  - Spaced magnitudes read literally: "1억 6천km" is 100,006,000 km, as the corpus labels it.
  - Vague magnitudes "수백 명", "수십억 원" are valued at their lower bound (100, 1e9) with qualifier approx,
    as the corpus labels "수백건"; a bare "수" ("수 나노미터") has no figure and is skipped.
  - Durations are quantities (the labels count "11시간", "1분", "15개월", "5년"): 시간, 분, 초 and 개월
    always, unless the date finder took them ("오후 3시 30분", "2주 뒤", "12년 전"); 일, 주 and 년 only
    with a duration tail ("3일간", "18년 후") or, for 년, fewer than four digits, because they also write
    dates. A "1" before a time unit and 에 ("1년에 25억 원씩") is a rate's denominator, like "1g당", and
    is skipped.
  - Units outside the table: a short Latin token (2-4 letters, "93PF", "300Wh/kg"; a known one may be
    shorter) that ends the word, never after a letter or a hyphen ("갤럭시 S24", "H7N9", "GPT-3", "A380")
    and never a lone unknown letter ("5G", "3D"); and, with Kiwi's tokens, any bound noun (NNB) after a
    figure ("두 바퀴", "210 마력", "50 기가바이트"). Kiwi also settles where a unit word ends: "1분기",
    "3세대" and "한편" are other words.
  - Bare figures their context makes quantities (`_figures_by_context`): an age in brackets after a name
    ("이모(52)씨", kind age), a figure after the word that measures it ("승점 3", "규모 5.4"), a match score
    in a sentence about a match ("2-1로 이겼다"), an ordinal after 제 ("제3차 회의", kind rank).
  - `kind` (units.KINDS) comes from the unit (or from that context): money, count, percent, measure,
    duration, age, rank, score, ratio (배 and unitless fractions), other (a bare figure such as "1천억").

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
from dataclasses import dataclass
from typing import Any

from factcheck.extraction.nfkc import NfkcView
from factcheck.extraction.types import DateMention, Quantity
from factcheck.extraction.units import KIND_OF_UNIT, KNOWN_UNITS, kind_of

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


# A Latin unit is one token of letters, perhaps per another ("Wh/kg", "km/h"), perhaps squared ("m2"
# from "㎡"); `_latin_unit_ok` decides whether an unknown one ("PF", "Wh") is a unit or part of a name.
_LATIN_UNIT = r"[A-Za-zμΩ]{1,6}(?:/[A-Za-zμ]{1,4})?[23]?"
_UNIT_RE = _LATIN_UNIT + "|" + "|".join(re.escape(u) for u in KNOWN_UNITS if not re.match(r"[A-Za-zμΩ]", u))
_NATIVE_RE = "|".join(sorted([*_NATIVE_TENS, *_NATIVE_ONES], key=len, reverse=True))
_NATIVE_COUNTERS = "배|명|가지|개|곳|건|마리|대|권|편|차례|번째|번|살|그루|사람|군데"
_PREFIX_WORDS = "약|대략|최대|최소|최고|최저|무려|불과|시속|초속|분당|연간|상위|하위"
_PREFIX = rf"(?:({_PREFIX_WORDS})\s?)?"
_PREFIX_INITIALS = "".join(sorted({w[0] for w in _PREFIX_WORDS.split("|")}))
_SUFFIX = r"(?:\s?(?P<suffix>이상|이하|미만|초과|가량|정도|남짓|안팎|내외|부근|여|쯤|께))?"
_KNUM_PART = rf"(?:{_DIGITS})(?:[십백천만억조경]+(?:{_DIGITS})?)*"
# "수백", "수십억": a vague magnitude, valued at its lower bound (100, 1e9) and always approx.
_VAGUE = r"수(?:[십백천][만억조경]?|[만억조경])"
# "1억 6천km", "3억 5000만원": after 만/억/조/경 a space may separate the next magnitude group.
_KNUM = rf"{_KNUM_PART}(?:(?<=[만억조경])\s(?=\d[\d,.]*[십백천만억조경]){_KNUM_PART})*|[십백천]?[만억조경]|{_VAGUE}"
# Checking the possible first characters first (digits, prefixes, 만/억…) makes the scan several times faster.
# "10분의 1", "10억분의 1m": a fraction, denominator first (`den`).
_QUANTITY = re.compile(
    rf"(?=[\d{_PREFIX_INITIALS}십백천만억조경수]){_PREFIX}(?:(?P<den>{_KNUM})\s?분의\s?)?(?P<num>{_KNUM})(?P<yeo>여)?"
    rf"(?:\s?[~∼〜]\s?(?P<hi>{_KNUM}))?"
    rf"(?:\s?(?P<unit>{_UNIT_RE}))?{_SUFFIX}"
)
_NATIVE_INITIALS = "".join(sorted({w[0] for w in [*_NATIVE_TENS, *_NATIVE_ONES, "약", "대략", "최대", "최소"]}))
_NATIVE_QUANTITY = re.compile(
    rf"(?=[{_NATIVE_INITIALS}])(?<![가-힣])(?:(약|대략|최대|최소)\s?)?(?P<num>{_NATIVE_RE})(?P<gap>\s?)(?P<unit>{_NATIVE_COUNTERS})(?![가-힣]{{2}})"
)
# The figure right before a counter noun Kiwi found ("두 바퀴", "210 마력", "수백 바퀴").
_NUMBER_BEFORE = re.compile(
    rf"(?:({_PREFIX_WORDS})\s?)?(?:(?P<num>{_KNUM})(?P<yeo>여)?|(?<![가-힣])(?P<native>{_NATIVE_RE}))\s?$"
)
# Bound nouns Kiwi tags NNB that are grammar, not counters ("10 중 3", "할 수"), and 차, whose ordinals
# mostly name things ("4차 산업혁명", "2차 전지").
_NOT_COUNTERS = {"중", "것", "수", "뿐", "데", "바", "듯", "줄", "만큼", "대로", "때문", "지", "적", "터", "차"}
# Prefixes kept inside the span: they qualify the figure (the others, "무려", "연간", say nothing about it).
_QUALIFYING_PREFIXES = {"약", "대략", "최대", "최소", "최고", "최저"}
_BIG_OR_SMALL = re.compile(r"[십백천만억조경]")
_HANGUL_WORD = re.compile(r"[가-힣]+")
# What every figure `_from_match` keeps starts with (`_KNUM`: digits, or a vague 수백/수십억).
_FIGURE_HINT = re.compile(r"\d|수[십백천만억조경]")
# Units made of Latin letters must end the word ("5G" is a name, not 5 grams).
_ASCII_UNIT = re.compile(r"[A-Za-zμ°]")
# 일, 주 and 년 also write dates ("13일", "2016년"), so they are durations only with a tail ("115일 만",
# "3일간"); 시간, 분, 초 and 개월 are durations unless the date finder took them ("오후 3시 30분").
_TIME_UNITS = {"년", "개년", "일", "주"}
_CLOCK_UNITS = {"시간", "분", "초"}
_PARTICLES = set("을를이가은는의에도만과와로으씩간동안내째여전후뒤부까")
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
_VAGUE_IN_SPAN = re.compile(r"(?<![가-힣])수[십백천만억조경]")  # "수백 명", "수십억 원"
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
    if _YEO.search(text) or _VAGUE_IN_SPAN.search(text):
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
    return c.isdecimal()  # "①10만명": a circled list marker is no digit


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


@dataclass(frozen=True, slots=True)
class _Found:
    """A quantity in view offsets, before it is mapped back to the original text."""

    start: int
    end: int
    value: float
    unit_span: tuple[int, int]
    qualifier: str | None
    approx: bool
    fraction: bool = False
    kind: str | None = None  # set where the context, not the unit, decides it ("승점 3", "이모(52)씨")


def _counter_spans(
    tokens: Iterable[Any], base: int, with_words: bool = True
) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """From Kiwi tokens (offsets from `base`): the spans of counter nouns, and every Hangul word's end by start.

    A counter is a bound noun (NNB: "명", "리터", "바퀴", "마력"); "한편" (one MAG token) has none, so it
    never reads as "한 편". Common nouns after a number ("2단", "3차원", "9단", "3상") are left out: as
    often as not they name a thing or a rank rather than count it. `with_words=False` skips the word table
    (only the digit scan reads it) and returns it empty.
    """
    counters: list[tuple[int, int]] = []
    words: dict[int, int] = {}
    hangul = _HANGUL_WORD.fullmatch  # one C call instead of a generator per token
    for t in tokens:
        form = t.form
        if with_words:
            if hangul(form):
                start = base + t.start
                words[start] = start + t.len
                if t.tag == "NNB" and form not in _NOT_COUNTERS:
                    counters.append((start, start + t.len))
        elif t.tag == "NNB" and form not in _NOT_COUNTERS and hangul(form):
            start = base + t.start
            counters.append((start, start + t.len))
    return counters, words


def find_quantities(
    text: str, base: int = 0, dates: Iterable[DateMention] = (), tokens: Iterable[Any] = (), tokens_base: int = 0
) -> list[Quantity]:
    """Quantities in `text`; offsets are `base`-shifted so they index the caller's original string.

    `tokens` (Kiwi's, offsets from `tokens_base` in the same original string) add counters the unit table
    lacks ("두 바퀴", "210 마력") and settle where a word ends ("50 기가바이트", not "50 기"; "1분기" is no "1분").
    """
    view = NfkcView(text)
    vt = view.text
    n = len(text)
    # `_from_match` keeps only figures that start with a digit or a vague 수백/수십억: without one in the
    # sentence (most sentences) the digit scan and its word table are skipped; native numerals still run.
    figures = _FIGURE_HINT.search(vt) is not None
    abs_counters, abs_words = _counter_spans(tokens, tokens_base - base, figures)
    if view.at is None:  # the sentence is already NFKC: view offsets are original offsets
        date_spans = [(d.start - base, d.end - base) for d in dates]
        counters = [(s, e) for s, e in abs_counters if 0 <= s < n]
        words = {s: e for s, e in abs_words.items() if 0 <= s < n}
    else:
        date_spans = [(view.view_of(d.start - base), view.view_of(d.end - base)) for d in dates]
        counters = [(view.view_of(s), view.view_of(e)) for s, e in abs_counters if 0 <= s < n]
        words = {view.view_of(s): view.view_of(e) for s, e in abs_words.items() if 0 <= s < n}
    counter_ends = dict(counters)
    # Figures their context makes quantities come first: "3대 1로 이겼다" is a score, not three vehicles.
    found = _figures_by_context(vt, date_spans, _name_ends(tokens, tokens_base - base, view)) if figures else []
    taken = [(f.start, f.end) for f in found]
    for m in _QUANTITY.finditer(vt) if figures else ():
        f = _from_match(vt, m, date_spans, counter_ends, words)
        if f is not None and not _overlaps(f.start, f.end, taken):
            found.append(f)
            taken.append((f.start, f.end))
    for m in _NATIVE_QUANTITY.finditer(vt):
        if _overlaps(m.start(), m.end(), taken + date_spans):
            continue
        if m.group("num") == "한" and m.group("unit") in {"번", "차례"}:
            continue  # "한 번도" is idiom, not a count
        if not m.group("gap") and m.span("unit") not in counters:
            continue  # "한편", "세기": unless Kiwi reads a numeral and a counter, it is one word
        value = float(_parse_native(m.group("num")) or 0)
        qualifier = qualifier_of(m.group(), vt[m.end() : m.end() + AFTER_CHARS])
        found.append(_Found(m.start(), m.end(), value, m.span("unit"), qualifier, qualifier == "approx"))
        taken.append(m.span())
    for cs, ce in counters:
        f = _before_counter(vt, cs, ce, taken + date_spans)
        if f is not None:
            found.append(f)
            taken.append((f.start, f.end))
    found.sort(key=lambda f: f.start)
    out = []
    for f in found:
        start, end = view.start_of(f.start), view.end_of(f.end)
        us, ue = f.unit_span
        unit = text[view.start_of(us) : view.end_of(ue)] if ue > us else ""
        kind = f.kind or kind_of(vt[us:ue], fraction=f.fraction)
        out.append(Quantity(text[start:end], base + start, base + end, f.value, unit, f.approx, f.qualifier, kind))
    return out


# Bare figures that the words around them make quantities, each with the kind it makes:
#   an age in brackets right after a name (Kiwi's NNP, or 모/씨): "이모(52)씨", "홍길동(45) 교수";
#   a figure after the word that measures it: "승점 3", "규모 5.4", "진도 4", "타율 0.321";
#   a match score in a sentence about a match: "2-1로 이겼다", "3대 1로 꺾었다";
#   an ordinal after 제: "제3차 회의", "제20대 국회", "제2회" (document parts such as "제3조" stay identifiers).
_AGE = re.compile(r"(?<=[가-힣])\((?P<num>\d{1,3})\)")
# The figure ends the word, or a particle follows it ("승점 3을"); "규모 100억원" is an amount.
_FIGURE_END = r"(?![\d.,%])(?![가-힣](?<![을를이가은는의에도만과와로으]))"
_MEASURED = re.compile(
    rf"(?<![가-힣])(?P<word>승점|규모|진도|타율|평점|평균자책점|방어율)\s?(?P<num>\d+(?:\.\d+)?){_FIGURE_END}"
)
_SCORE = re.compile(
    r"(?<![\dA-Za-z.-])(?P<num>\d{1,2})\s?(?:-|:|대\s)\s?\d{1,2}(?![\d.-])(?=\s?(?:으로|로|의|승|패|무|스코어))"
)
_MATCH_VERBS = re.compile(r"이기|이겼|꺾|승리|패배|패했|졌다|비기|비겼|무승부|제압|격파|눌렀|완승|완패|역전승|역전패")
_ORDINAL = re.compile(r"제\s?(?P<num>\d{1,3})\s?(?P<unit>차|회|대|기)(?![가-힣]{2})")
_MEASURE_WORD_KIND = {"규모": "measure", "진도": "measure"}  # the others (승점, 타율, 평점 …) are scores
_NAME_END_TOKENS = {("모", "NP"), ("씨", "NNB")}


def _name_ends(tokens: Iterable[Any], base: int, view: NfkcView) -> set[int]:
    """Where a name ends (view offsets): an NNP token, or 모/씨 ("이모", "김씨"), for the ages in brackets."""
    if "(" not in view.text:
        return set()
    ends = {base + t.start + t.len for t in tokens if t.tag == "NNP" or (t.form, t.tag) in _NAME_END_TOKENS}
    return ends if view.at is None else {view.view_of(e) for e in ends}


def _figures_by_context(vt: str, dates: list[tuple[int, int]], name_ends: set[int]) -> list[_Found]:
    """The figures of `vt` that only their context makes quantities (see the patterns above)."""
    found: list[_Found] = []
    taken = list(dates)

    def add(start: int, end: int, value: float, unit_span: tuple[int, int], kind: str) -> None:
        if not _overlaps(start, end, taken):
            found.append(_Found(start, end, value, unit_span, None, False, kind=kind))
            taken.append((start, end))

    for m in _AGE.finditer(vt) if name_ends else ():
        if m.start() in name_ends and int(m.group("num")) <= 120:
            add(m.start("num"), m.end("num"), float(m.group("num")), (0, 0), "age")
    for m in _MEASURED.finditer(vt):
        add(m.start(), m.end(), float(m.group("num")), (0, 0), _MEASURE_WORD_KIND.get(m.group("word"), "score"))
    if _MATCH_VERBS.search(vt):
        for m in _SCORE.finditer(vt):
            add(m.start(), m.end(), float(m.group("num")), (0, 0), "score")
    for m in _ORDINAL.finditer(vt):
        add(m.start(), m.end(), float(m.group("num")), m.span("unit"), "rank")
    return found


def _before_counter(vt: str, cs: int, ce: int, taken: list[tuple[int, int]]) -> _Found | None:
    """The quantity ending in the counter noun at `cs:ce` ("두 바퀴", "210 마력"), if a figure precedes it."""
    if _overlaps(cs, ce, taken):
        return None
    window = max(0, cs - 40)
    m = _NUMBER_BEFORE.search(vt, window, cs)
    if m is None:
        return None
    num_start = m.start("num") if m.group("num") else m.start("native")
    if _overlaps(num_start, ce, taken) or _blocked_before(vt, num_start):
        return None
    if m.group("num"):
        num = m.group("num")
        if vt[cs:ce] in KIND_OF_UNIT:
            return None  # a known unit after digits: `_from_match` has already ruled on it ("1년에", "13일")
        if num.startswith("수") and _starts_word(vt, num_start - 1):
            return None
        if not (num[0].isdigit() or num.startswith("수")):
            return None
        try:
            value = parse_korean_number(num[1:] if num.startswith("수") else num)
        except ValueError:
            return None
    else:
        if m.group("native") == "한" and vt[cs:ce] in {"번", "차례"}:
            return None  # "한 번도", "한 번에": idiom, not a count
        value = float(_parse_native(m.group("native")) or 0)
    prefix = m.group(1)
    start = m.start() if prefix in _QUALIFYING_PREFIXES else num_start
    qualifier = qualifier_of(vt[start:ce], vt[ce : ce + AFTER_CHARS])
    return _Found(start, ce, value, (cs, ce), qualifier, qualifier == "approx")


def _latin_unit_ok(unit: str) -> bool:
    """A Latin token after a number is a unit if known, or 2-4 letters ("PF", "Wh"); "5G", "3D" are names."""
    head, _, per = unit.partition("/")
    if head[-1] in "23":
        if not head[:-1].endswith("m"):
            return False  # "m2", "km2" only
        head = head[:-1]
    known = head in KIND_OF_UNIT
    return (known or 2 <= len(head) <= 4) and len(per) <= 4


def _from_match(
    text: str, m: re.Match[str], dates: list[tuple[int, int]], counters: dict[int, int], words: dict[int, int]
) -> _Found | None:
    num, unit = m.group("num"), m.group("unit") or ""
    den = m.group("den")
    num_start = m.start("den") if den else m.start("num")
    vague = num.startswith("수")
    if not (num[0].isdigit() or vague) or (den and not den[0].isdigit()) or _blocked_before(text, num_start):
        return None
    if vague and (_starts_word(text, num_start - 1) or not unit):
        return None  # "할 수만 있다면", "교수백": 수 is a word of its own
    end = m.end()
    unit_start, unit_end = (m.start("unit"), m.end("unit")) if unit else (0, 0)
    if unit and "가" <= unit[0] <= "힣" and unit_start in words and words[unit_start] > unit_end:
        # Kiwi reads a longer word: "50 기가바이트" is a counter noun, "1분기" and "3차원" are other words.
        if counters.get(unit_start) != words[unit_start]:
            return None
        unit_end = words[unit_start]
        unit = text[unit_start:unit_end]
        end = unit_end
    if m.group("suffix") == "여" and text[m.start("suffix") - 1].isspace() and _starts_word(text, m.end("suffix")):
        end = m.start("suffix") - 1  # "10명 여성": 여 begins the next word, it is not "10여 명"
    if unit and _ASCII_UNIT.match(unit[0]):
        if not _latin_unit_ok(unit) or (end < len(text) and text[end].isascii() and text[end].isalnum()):
            return None  # "5G", "3D", "2NE1": names
    if unit and _ASCII_UNIT.match(unit[-1]) and end < len(text) and (text[end].isascii() and text[end].isalnum()):
        return None
    if not unit:
        after = text[m.end("num") : m.end("num") + 1]
        if after.isascii() and after.isalnum():
            return None  # "3D", "5G"
        if not den and not _BIG_OR_SMALL.search(num):
            return None  # a bare number (list marker, "제 3의") carries no measurable claim
    if unit in _TIME_UNITS and not _DURATION_TAIL.match(text, unit_end):
        if unit != "년" or len(num) >= 4:
            return None  # "13일", "2016년" are dates; "68년만에", "18년 후" are spans of time
    if (unit in _TIME_UNITS or unit in _CLOCK_UNITS) and num == "1" and text[unit_end : unit_end + 1] == "에":
        return None  # "1년에 25억 원씩", "1분에 3번": the denominator of a rate, like "1g당"
    if unit in _CLOCK_UNITS and not words and _starts_word(text, unit_end) and text[unit_end] not in _PARTICLES:
        return None  # without Kiwi: "1분기" is a quarter, not a minute
    nxt = text[end : end + 1]
    if (unit == "사" and "가" <= nxt <= "힣" and nxt not in "의가는와과도를에로만") or (unit == "세" and nxt == "기"):
        return None  # "21세기", "3사람": the unit syllable starts another word
    if _overlaps(num_start, unit_end if unit else m.end("num"), dates):
        return None
    if text[end : end + 1] == "당":
        return None  # "1g당": the denominator of a rate, not a quantity
    try:
        value = parse_korean_number(num[1:] if vague else num)
        if den:
            value /= parse_korean_number(den)
    except (ValueError, ZeroDivisionError):
        return None
    prefix = m.group(1)
    start = m.start() if prefix else num_start
    if prefix and prefix not in _QUALIFYING_PREFIXES and prefix not in {"시속", "초속", "상위", "하위"}:
        start = num_start
    qualifier = qualifier_of(text[start:end], text[end : end + AFTER_CHARS])
    approx = qualifier == "approx" or m.group("hi") is not None
    return _Found(start, end, value, (unit_start, unit_end), qualifier, approx, fraction=bool(den))


def _starts_word(text: str, pos: int) -> bool:
    return pos >= 0 and "가" <= text[pos : pos + 1] <= "힣"
