"""Clause-level assertions: a sentence joining two assertions with different subjects yields both spans."""

from __future__ import annotations

import pytest

from factcheck.extraction import extract


def _clauses(text: str) -> list[str]:
    (sentence,) = extract(text)
    return [text[a:b] for a, b in sentence.clauses]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "구글이 1조6000억개의 파라미터를 가진 모델을 개발했으며, 오픈AI는 GPT-4를 개발하고 있다.",
            ["구글이 1조6000억개의 파라미터를 가진 모델을 개발했으며", "오픈AI는 GPT-4를 개발하고 있다."],
        ),
        ("정부는 예산을 30% 늘렸지만 야당은 반대했다.", ["정부는 예산을 30% 늘렸지만", "야당은 반대했다."]),
        (
            "운전자는 브레이크를 걸지 않았고 차는 트레일러를 들이받았다.",
            ["운전자는 브레이크를 걸지 않았고", "차는 트레일러를 들이받았다."],
        ),
    ],
)
def test_two_subjects_two_clauses(text: str, expected: list[str]) -> None:
    assert _clauses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "그는 집에 가고 밥을 먹었다.",  # one subject
        "오픈AI는 GPT-4를 개발하고 있는 것으로 알려졌다.",  # an auxiliary, not a second clause
        "제임스 본드가 타고 다니는 차량이 더 멋지다.",  # a serial verb
        "김 교수는 정부가 예산을 늘렸고 야당은 반대했다고 말했다.",  # both inside one speaker's report
        '김 교수는 "정부는 예산을 늘렸고 야당은 반대했다"고 말했다.',  # inside a quotation
        "김 교수는 실험을 했고 김 교수는 논문을 썼다.",  # the same subject twice
    ],
)
def test_one_assertion_has_no_clauses(text: str) -> None:
    assert _clauses(text) == []
