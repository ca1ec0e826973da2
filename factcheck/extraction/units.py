"""The units and counters a quantity can carry, and the `kind` of figure each one makes.

The finder in `quantities` matches these after a number; units it does not know are still found by
rule (a short Latin token such as "PF", or a noun Kiwi reads as a counter such as "바퀴"), and get a
kind from `kind_of` by their shape. Matching runs on the NFKC form of the text, so compatibility
characters ("㎏", "％", "ｍ") need no entries here.
"""

from __future__ import annotations

import re

KINDS = ("money", "count", "percent", "measure", "duration", "age", "rank", "score", "ratio", "other")

_BY_KIND = {
    "money": ["원", "달러", "유로", "엔", "위안", "파운드", "루피"],
    "percent": ["%p", "%포인트", "%", "퍼센트"],
    "score": ["포인트", "점"],
    "ratio": ["배"],
    "rank": ["위", "번째", "등"],
    "age": ["세", "살"],
    "duration": ["년", "개년", "개월", "일", "시간", "분", "초", "주", "주일", "주년"],
    "count": [
        "개국", "개사", "개", "명", "가지", "건", "곳", "대", "마리", "권", "편", "회", "번", "차례", "층",
        "단계", "장", "척", "채", "그루", "표", "석", "종", "호", "기", "사", "사람", "군데",
    ],
    "measure": [
        "km", "cm", "mm", "kg", "mg", "μg", "ng", "g", "m", "m2", "평", "t", "톤", "L", "l", "ml", "mL", "cc",
        "도", "°C", "°", "광년", "Hz", "GHz", "MHz", "W", "kW", "MW", "GW", "kWh", "GB", "TB", "MB", "bps",
        "nm", "μm", "mAh", "V", "마일", "피트", "인치",
    ],
}  # fmt: skip
KIND_OF_UNIT = {unit: kind for kind, units in _BY_KIND.items() for unit in units}
# Longest first so "개월" wins over "개" and "km" over "m".
KNOWN_UNITS = sorted(KIND_OF_UNIT, key=len, reverse=True)
# Hangul spellings of SI and imperial units end in one of these ("리터", "킬로미터", "기가바이트", "마력").
_MEASURE_ENDINGS = re.compile(r"(?:미터|그램|리터|바이트|와트|헤르츠|볼트|칼로리|마력|톤|암페어|파스칼|줄)$")
_LATIN = re.compile(r"[A-Za-zμΩ]")


def kind_of(unit: str, *, fraction: bool = False) -> str:
    """The kind of figure a unit makes: "억원" money, "%" percent, "바퀴" count, "PF" measure, "" other."""
    if unit in KIND_OF_UNIT:
        return KIND_OF_UNIT[unit]
    if fraction and not unit:
        return "ratio"  # "10분의 1 수준"
    if not unit:
        return "other"
    if _LATIN.match(unit) or _MEASURE_ENDINGS.search(unit):
        return "measure"
    return "count"
