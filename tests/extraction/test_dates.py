"""Date and time expressions: found as dates, never as quantities."""

from __future__ import annotations

import pytest

from factcheck.extraction.dates import find_dates


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
