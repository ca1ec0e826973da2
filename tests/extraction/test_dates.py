"""Date and time expressions: found as dates, never as quantities."""

from __future__ import annotations

import pytest

from factcheck.extraction.dates import find_dates, is_vague
from factcheck.extraction.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("유발 하라리는 지난 2015년 발간한", ["지난 2015년"]),
        ("배영훈 원장은 13일 온라인으로", ["13일"]),
        ("앞서 지난 3월 칼럼을", ["지난 3월"]),
        ("이어 지난해 5월 오픈AI가", ["지난해 5월"]),
        ("올해 가을 그 결과물을", ["올해 가을"]),
        ("센터는 30일(현지시간) 밝혔다", ["30일(현지시간)"]),
        ("오는 10일 공개한다", ["오는 10일"]),
        ("2016년 3월 9일 오전 10시에 열린", ["2016년 3월 9일 오전 10시"]),
        ("LG는 지난해 AI연구소를", ["지난해"]),
        ("7월 초 발사된", ["7월 초"]),
        ("2016.11.3 mon@yna.co.kr", ["2016.11.3"]),
        ("지는 시각은 15일 06시 16분이다", ["15일 06시 16분"]),
        ("4일부터 이틀간 연다", ["4일부터", "이틀간"]),
        ("지난 10월17~23일 이뤄진", ["지난 10월17~23일"]),
    ],
)
def test_dates(text: str, expected: list[str]) -> None:
    found = find_dates(text)
    assert [d.text for d in found] == expected
    for d in found:
        assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    "text",
    ["최근 구글이", "115일 만이다", "3시간 동안", "오늘날 세계", "GPT-3의 성능", "하루빨리 와라", "하루하루 버틴다"],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_base_offset() -> None:
    d = find_dates("13일 온라인", base=100)[0]
    assert (d.start, d.end) == (100, 103)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A point relative to now: any span before now, spans shorter than a year after it.
        ("2주 뒤에는 수컷 쥐의", [("2주 뒤", 0, 4)]),
        ("감소했다. 3주 뒤 쥐의", [("3주 뒤", 6, 10)]),
        ("12년 전 영국서 찾은 화석", [("12년 전", 0, 5)]),
        ("그는 몇 년 전부터 만들고", [("몇 년 전부터", 3, 10)]),
        ("사흘 뒤가 아니라 두 달 후에 열린다", [("사흘", 0, 2), ("두 달 후", 10, 15)]),
        # A period with no exact figure.
        ("암입니다. 수십 년 동안 진단과", [("수십 년 동안", 6, 13)]),
        ("연구원들이 한 해 동안 발견한", [("한 해 동안", 6, 12)]),
        # Holidays, eras and tenures.
        ("추석 한가위에는 이번보다", [("추석 한가위", 0, 6)]),
        ("올해 추석 연휴에는 귀성객이", [("올해 추석 연휴", 0, 8)]),
        ("고대 그리스 시대 아리스토텔레스는", [("고대 그리스 시대", 0, 9)]),
        ("이는 조선 시대의 기록이다", [("조선 시대", 3, 8)]),
        ("있다. 카터 대통령 재임 시절 이후,", [("카터 대통령 재임 시절", 4, 16)]),
        ("그는 재임 시절 예산을", [("재임 시절", 3, 8)]),
        ("박근혜 정부 시절 도입된", [("박근혜 정부 시절", 0, 9)]),
        ("그의 집권 당시 경제는", [("집권 당시", 3, 8)]),
        # Deictic time, and a year alone in brackets after a title.
        ("볼 수 있다. 이 시각 달과 지구의", [("이 시각", 8, 12)]),
        ("영화 ‘허(Her·2014)’에서", [("2014", 10, 14)]),
    ],
)
def test_relative_holiday_and_era_dates(text: str, expected: list[tuple[str, int, int]]) -> None:
    found = find_dates(text)
    assert [(d.text, d.start, d.end) for d in found] == expected
    for d in found:
        assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    "text",
    [
        "달은 18년 후에나 다시 볼 수 있다",  # a year-scale span ahead is a span of time (a quantity)
        "약 1억3300만 년 전에 살았던",  # an age with 만/억 is measured
        "IBM에서 30년간 몸담고",
        "세일 후 가격이",
        "3년 전국 대회",
        "4차 산업혁명 시대에서는",
        "AI가 공존하는 시대",
        "역학적 시각을 더해",
        "정부는 당시 이를 발표했다",  # a government, not its era
        "이명박 정부의 정책",
    ],
)
def test_spans_and_figurative_eras_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_relative_date_is_not_also_a_quantity() -> None:
    text = "2주 뒤에는 고환 크기가 25mg 줄었다"
    dates = find_dates(text)
    assert [q.text for q in find_quantities(text, 0, dates)] == ["25mg"]


def test_vague_dates() -> None:
    assert [is_vague(d) for d in find_dates("몇 년 전부터, 2주 뒤, 수십 년 동안")] == [True, False, True]
