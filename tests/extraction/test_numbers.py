"""parse_korean_number and the quantity finder: pure regex/arithmetic, no model needed."""

from __future__ import annotations

import pytest

from factcheck.extraction.dates import find_dates
from factcheck.extraction.quantities import find_quantities, parse_korean_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1750억", 175_000_000_000),
        ("1조6000억", 1_600_000_000_000),
        ("1천억", 100_000_000_000),
        ("1,750억", 175_000_000_000),
        ("3.5", 3.5),
        ("12만3천", 123_000),
        ("4600만", 46_000_000),
        ("522억", 52_200_000_000),
        ("100조", 100_000_000_000_000),
        ("35만6509", 356_509),
        ("2경", 2e16),
        ("3천만", 30_000_000),
        ("1,000", 1000),
        ("0.5", 0.5),
        ("두", 2),
        ("세", 3),
        ("다섯", 5),
        ("스물다섯", 25),
        ("열", 10),
    ],
)
def test_parse_korean_number(text: str, value: float) -> None:
    assert parse_korean_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   ", "abc", "억억", "만억", "1 2", "1750억x", "%"])
def test_parse_korean_number_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        parse_korean_number(text)


def _q(text: str) -> list[tuple[str, float, str, bool]]:
    qs = find_quantities(text, 0, find_dates(text))
    for q in qs:
        assert text[q.start : q.end] == q.text
    return [(q.text, q.value, q.unit, q.approx) for q in qs]


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("1750억개의 파라미터", 175_000_000_000, "개", False),
        ("1조6000억개의 파라미터", 1.6e12, "개", False),
        ("약 4600만달러(한화", 46_000_000, "달러", True),
        ("522억원을 들였다", 52_200_000_000, "원", False),
        ("'초거대 AI'에 1천억 투자", 1e11, "", False),
        ("1,750억 개의", 1.75e11, "개", False),
        ("3.5% 늘었다", 3.5, "%", False),
        ("3~4% 오른다", 3, "%", True),
        ("40여 가지 실험", 40, "가지", True),
        ("40여가지 실험", 40, "가지", True),
        ("두 배 늘었다", 2, "배", False),
        ("1000억원 이상을 투자", 1e11, "원", False),  # a bound, not an approximation
        ("약 100조개의", 1e14, "개", True),
        ("100조개의", 1e14, "개", False),
        ("상위 1%에 속하는", 1, "%", False),
        ("세계 2위 규모", 2, "위", False),
        ("25mg 미만으로", 25, "mg", False),
        ("35만6509㎞로", 356_509, "㎞", False),
        ("최대 90%까지", 90, "%", False),
        ("69.4%가 답했다", 69.4, "%", False),
        ("250여 명이 참석", 250, "명", True),
        ("체류한지 115일 만이다", 115, "일", False),
    ],
)
def test_quantity_normalization(text: str, value: float, unit: str, approx: bool) -> None:
    found = _q(text)
    assert len(found) == 1, found
    _, got_value, got_unit, got_approx = found[0]
    assert got_value == pytest.approx(value)
    assert (got_unit, got_approx) == (unit, approx)


def test_quantity_text_keeps_approximation_words() -> None:
    assert _q("1000억원 이상을")[0][0] == "1000억원 이상"
    assert _q("약 522억원)")[0][0] == "약 522억원"


@pytest.mark.parametrize(
    "text",
    [
        "지난 2016년 딥마인드의",
        "지난 3월 칼럼을 통해",
        "13일 온라인으로 진행된",
        "5월 오픈AI가",
        "30일(현지시간) 러시아",
        "오픈AI의 GPT-3가 있다",
        "GPT-4를 개발하고",
        "소유스 MS-01을 타고",
        "COVID-19 확산",
        "Cas9을 대체할",
        "제 3의 단일 가닥",
        "5G 통신망",
        "1g당 가격",
        "한 번도 보거나",
        "21세기 컴퓨팅 콘퍼런스",
    ],
)
def test_not_quantities(text: str) -> None:
    assert _q(text) == []


def test_range_is_one_quantity_at_its_lower_bound() -> None:
    assert _q("3~4%") == [("3~4%", 3.0, "%", True)]


def test_several_quantities_in_order_with_offsets() -> None:
    text = "10명 중 7명은 약 4600만달러(한화 약 522억원)를 냈다"
    assert [(t, v) for t, v, _, _ in _q(text)] == [
        ("10명", 10),
        ("7명", 7),
        ("약 4600만달러", 46_000_000),
        ("약 522억원", 52_200_000_000),
    ]


def test_offsets_are_shifted_by_base() -> None:
    text = "앞부분. GPT-3는 1750억개의 파라미터"
    start = text.index("GPT")
    q = find_quantities(text[start:], start)[0]
    assert text[q.start : q.end] == "1750억개"
