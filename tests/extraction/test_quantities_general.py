"""Quantities on articles nobody tuned on: compatibility characters, fractions, spaced and vague
magnitudes, native numerals, units outside the table, and the `kind` of each figure.

The pure finder needs no model; the cases that lean on Kiwi's counters go through `extract`.
"""

from __future__ import annotations

import pytest

from factcheck import extraction
from factcheck.extraction.dates import find_dates
from factcheck.extraction.quantities import find_quantities
from factcheck.extraction.types import Quantity
from factcheck.extraction.units import KINDS, kind_of


def _found(text: str) -> list[Quantity]:
    found = find_quantities(text, 0, find_dates(text))
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def _extracted(text: str) -> list[Quantity]:
    found = [q for s in extraction.extract(text) for q in s.quantities]
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def _row(q: Quantity) -> tuple[str, float, str, str]:
    return (q.text, q.value, q.unit, q.kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("크기가 1㎚다", ("1㎚", 1, "㎚", "measure")),
        ("50％ 늘었다", ("50％", 50, "％", "percent")),
        ("넓이 30㎡의 방", ("30㎡", 30, "㎡", "measure")),
        ("무게 3㎏이다", ("3㎏", 3, "㎏", "measure")),
        ("300Wh/㎏의 에너지 밀도", ("300Wh/㎏", 300, "Wh/㎏", "measure")),
    ],
)
def test_compatibility_characters_are_read_through_nfkc_and_reported_as_written(text, expected) -> None:
    found = _found(text)
    assert [_row(q) for q in found] == [expected]


def test_offsets_after_an_expanding_character_still_index_the_original() -> None:
    text = "앞에 ㎏㎏ 표기. 무게 3㎏, 길이 5㎞, 증가율 7％"
    base = 100
    found = find_quantities(text, base)
    assert [q.text for q in found] == ["3㎏", "5㎞", "7％"]
    for q in found:
        assert text[q.start - base : q.end - base] == q.text


def test_enclosed_numbers_are_not_glued_onto_figures() -> None:
    assert [q.text for q in _found("①10만명이 모였다")] == ["10만명"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("발사 비용의 10분의 1 수준이다", ("10분의 1", 0.1, "", "ratio")),
        ("전체의 3분의 2가 찬성했다", ("3분의 2", 2 / 3, "", "ratio")),
        ("나노로봇(10억분의 1ｍ 크기)", ("10억분의 1ｍ", 1e-9, "ｍ", "measure")),
    ],
)
def test_fractions_are_numerator_over_denominator(text, expected) -> None:
    (q,) = _found(text)
    assert (q.text, q.unit, q.kind) == (expected[0], expected[2], expected[3])
    assert q.value == pytest.approx(expected[1])


def test_minutes_followed_by_the_genitive_are_minutes_not_a_fraction() -> None:
    assert [_row(q) for q in _found("30분의 휴식을 가졌다")] == [("30분", 30, "분", "duration")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # The corpus reads "1억 6천km" literally (100,006,000), whatever the writer meant.
        ("1억 6천km 떨어진 천체", 100_006_000),
        ("3억 5000만원을 들였다", 350_000_000),
        ("1만 2천 명이 왔다", 12_000),
    ],
)
def test_a_space_after_a_magnitude_continues_the_number(text: str, value: float) -> None:
    (q,) = _found(text)
    assert q.value == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("수백건 발명과 특허", ("수백건", 100, "건", "count")),
        ("매년 수백 명이 사망합니다", ("수백 명", 100, "명", "count")),
        ("수십억 원을 들여", ("수십억 원", 1e9, "원", "money")),
    ],
)
def test_vague_magnitudes_are_their_lower_bound_and_approximate(text, expected) -> None:
    (q,) = _found(text)
    assert _row(q) == expected
    assert (q.qualifier, q.approx) == ("approx", True)


@pytest.mark.parametrize("text", ["할 수만 있다면 좋겠다", "수 나노미터 크기", "교수백명이"])
def test_su_that_is_not_a_vague_magnitude_is_no_quantity(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("경기장을 두 바퀴 돌고 나서 멈췄다.", [("두 바퀴", 2, "바퀴", "count")]),
        ("한 명이 세 번째로 왔다.", [("한 명", 1, "명", "count"), ("세 번째", 3, "번째", "rank")]),
        (
            "배기량 3리터, 출력 210 마력의 엔진이다.",
            [("3리터", 3, "리터", "measure"), ("210 마력", 210, "마력", "measure")],
        ),
        ("약 50 기가바이트 용량이다.", [("약 50 기가바이트", 50, "기가바이트", "measure")]),
    ],
)
def test_counters_kiwi_reads_after_a_figure_are_units(text: str, expected) -> None:
    assert [_row(q) for q in _extracted(text)] == expected


def test_a_word_that_starts_with_a_numeral_syllable_is_no_count() -> None:
    (sentence,) = extraction.extract("한편 날씨는 맑았다.")
    assert sentence.quantities == ()
    assert "statistic" not in sentence.types
    assert not sentence.check_worthy


@pytest.mark.parametrize("text", ["1분기 실적이 늘었다.", "3세대 유전자 가위를 썼다.", "4차 산업혁명 시대가 왔다."])
def test_a_unit_syllable_that_begins_another_word_is_no_unit(text: str) -> None:
    assert _extracted(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("93PF(페타플롭)의 슈퍼컴퓨터", ("93PF", 93, "PF", "measure")),
        ("수준은 0.1PF으로 낮다", ("0.1PF", 0.1, "PF", "measure")),
        ("시속 100km/h로 달린다", ("시속 100km/h", 100, "km/h", "measure")),
    ],
)
def test_short_latin_tokens_after_a_figure_are_units(text, expected) -> None:
    assert [_row(q) for q in _found(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "갤럭시 S24를 출시했다",
        "H7N9 바이러스",
        "GPT-3가 있다",
        "COVID-19 확산",
        "에어버스 A380 기종",
        "5G 통신망",
        "3D 프린터",
    ],
)
def test_identifiers_and_model_names_are_never_quantities(text: str) -> None:
    assert _found(text) == []
    assert _extracted(text + ".") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10~11시간을 기다려야 한다", ("10~11시간", 10, "시간", "duration")),
        ("이를 1분 안에 할 수 있다", ("1분", 1, "분", "duration")),
        ("15개월 동안 일했다", ("15개월", 15, "개월", "duration")),
        ("총 5년을 지원한다", ("5년", 5, "년", "duration")),
        ("3일간 열렸다", ("3일", 3, "일", "duration")),
    ],
)
def test_durations_are_quantities(text, expected) -> None:
    assert [_row(q) for q in _found(text)] == [expected]


@pytest.mark.parametrize("text", ["13일 발표했다", "오후 3시 30분에 만났다", "2016년 3월"])
def test_dates_and_clock_times_are_not_durations(text: str) -> None:
    assert _found(text) == []


def test_one_unit_of_time_before_e_is_the_denominator_of_a_rate() -> None:
    assert [_row(q) for q in _found("1년에 25억 원씩 지원한다")] == [("25억 원", 2.5e9, "원", "money")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("522억원을", "money"),
        ("4600만달러를", "money"),
        ("3.5% 늘었다", "percent"),
        ("2.1%p 올랐다", "percent"),
        ("250여 명이", "count"),
        ("65세 이상", "age"),
        ("세계 2위 규모", "rank"),
        ("두 배 늘었다", "ratio"),
        ("90점을 받았다", "score"),
        ("1천억 투자", "other"),
    ],
)
def test_every_quantity_has_a_kind(text: str, kind: str) -> None:
    (q,) = _found(text)
    assert q.kind == kind


def test_kinds_are_the_documented_ten() -> None:
    assert set(KINDS) == {"money", "count", "percent", "measure", "duration", "age", "rank", "score", "ratio", "other"}
    assert kind_of("바퀴") == "count"
    assert kind_of("킬로미터") == "measure"
    assert kind_of("", fraction=True) == "ratio"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An age in brackets right after a name (Kiwi reads the name; "그림(1)" is no person).
        ("서울에 사는 김모(52)씨는 이렇게 말했다.", [("52", 52, "", "age")]),
        ("홍길동(45) 교수는 말했다.", [("45", 45, "", "age")]),
        ("그림(1)을 보면 알 수 있다.", []),
        # A figure after the word that measures it; "규모 100억원" is an amount.
        ("한국은 승점 3을 추가했다.", [("승점 3", 3, "", "score")]),
        ("규모 5.4 지진이 발생했다.", [("규모 5.4", 5.4, "", "measure")]),
        ("규모 100억원의 사업이다.", [("100억원", 1e10, "원", "money")]),
        # A match score, only where the sentence is about a match ("버전 2-1" is not one).
        ("한국은 브라질을 2-1로 꺾었다.", [("2-1", 2, "", "score")]),
        ("한국은 일본을 3대 1로 이겼다.", [("3대 1", 3, "", "score")]),
        ("버전 2-1을 설치했다.", []),
        # An ordinal after 제; the parts of a law are identifiers.
        ("제3차 회의가 열렸다.", [("제3차", 3, "차", "rank")]),
        ("제20대 국회에서 통과됐다.", [("제20대", 20, "대", "rank")]),
        ("제3조 1항에 따르면 금지된다.", []),
    ],
)
def test_figures_their_context_makes_quantities(text: str, expected: list) -> None:
    assert [_row(q) for q in _extracted(text)] == expected
