"""A quantity's qualifier: how the figure relates to its value (approximately, at least, more than…)."""

from __future__ import annotations

import pytest

from factcheck.extraction.dates import find_dates
from factcheck.extraction.export import quantity_dict
from factcheck.extraction.quantities import AFTER_CHARS, find_quantities, qualifier_of
from factcheck.extraction.types import QUALIFIERS
from tests.conftest import SHARED_CORPUS


def _one(text: str):
    found = find_quantities(text, 0, find_dates(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("약 4600만달러를", "approx"),
        ("대략 30명이", "approx"),
        ("40여 가지 실험", "approx"),
        ("2만여명이", "approx"),
        ("5% 가량 늘었다", "approx"),
        ("5% 정도 늘었다", "approx"),
        ("100명쯤 모였다", "approx"),
        ("100만원 내외의", "approx"),
        ("10% 안팎으로", "approx"),
        ("20명 남짓이", "approx"),
        ("1000억원 이상을 투자", "at_least"),
        ("최소 6개월간", "at_least"),
        ("10명 이하로", "at_most"),
        ("최대 90%까지", "at_most"),
        ("1000억원 초과 시", "more_than"),
        ("100명이 넘는 인원", "more_than"),
        ("100명 넘게 모였다", "more_than"),
        ("100명을 넘어섰다", "more_than"),
        ("25mg 미만으로", "less_than"),
        ("100명에 못 미치는", "less_than"),
        ("100명에 못 미쳐", "less_than"),
        ("50mg도 되지 않았다", "less_than"),
        ("열 명 이상이 왔다", "at_least"),
        ("최소 다섯 명", "at_least"),
    ],
)
def test_each_qualifier_word(text: str, qualifier: str) -> None:
    q = _one(text)
    assert q.qualifier == qualifier
    assert q.approx == (qualifier == "approx")


def test_a_lower_bound_is_at_least_and_not_approximate() -> None:
    q = _one("LG는 1000억원 이상을 투자할 계획이다")
    assert (q.text, q.value, q.unit, q.qualifier, q.approx) == ("1000억원 이상", 1e11, "원", "at_least", False)


def test_about_is_approximate() -> None:
    q = _one("약 100조개의 파라미터")
    assert (q.text, q.value, q.qualifier, q.approx) == ("약 100조개", 1e14, "approx", True)


@pytest.mark.parametrize("text", ["100조개의 파라미터", "3.5% 늘었다", "두 배 늘었다", "시속 60km이다", "무려 3명이"])
def test_a_plain_figure_has_no_qualifier(text: str) -> None:
    q = _one(text)
    assert (q.qualifier, q.approx) == (None, False)


def test_a_range_is_at_least_its_lower_bound_and_stays_approximate() -> None:
    q = _one("3~4% 오른다")
    assert (q.text, q.value, q.qualifier, q.approx) == ("3~4%", 3, "at_least", True)


@pytest.mark.parametrize(("text", "qualifier"), [("약 3~4% 오른다", "approx"), ("3~4% 이상 오른다", "at_least")])
def test_a_word_on_a_range_decides_its_qualifier(text: str, qualifier: str) -> None:
    q = _one(text)
    assert (q.qualifier, q.approx) == (qualifier, True)


def test_a_bound_outweighs_an_approximation_word() -> None:
    assert _one("약 10명 이상이").qualifier == "at_least"


@pytest.mark.parametrize("text", ["10명 여성이 참석했다", "100억원을 넘겨받았다", "3명이 넘어졌다"])
def test_words_that_only_look_like_qualifiers(text: str) -> None:
    q = _one(text)
    assert (q.qualifier, q.approx) == (None, False)
    assert "여" not in q.text


@pytest.mark.parametrize(
    ("text", "after", "qualifier"),
    [
        ("1000억원 이상", "을 투자할", "at_least"),  # the word inside the stored span
        ("약 100조개", "의", "approx"),
        ("100명", "이 넘는 인원", "more_than"),  # the word after it
        ("100명", "에 못 미치는", "less_than"),
        ("100명", "", None),  # stored text alone cannot see what followed
        ("3~4%", "", "at_least"),
    ],
)
def test_qualifier_of_a_stored_quantity(text: str, after: str, qualifier: str | None) -> None:
    assert qualifier_of(text, after) == qualifier


def test_quantity_dict_carries_the_qualifier_and_kind() -> None:
    d = quantity_dict(_one("1000억원 이상을"))
    assert d == {
        "text": "1000억원 이상",
        "start": 0,
        "end": 9,
        "value": 100_000_000_000,
        "unit": "원",
        "approx": False,
        "qualifier": "at_least",
        "kind": "money",
    }


def test_qualifiers_are_the_documented_five() -> None:
    found = {_one(t).qualifier for t in ["약 5명", "5명 이상", "5명 이하", "5명 초과", "5명 미만", "5명"]}
    assert found == {*QUALIFIERS, None}


@pytest.mark.skipif(not (SHARED_CORPUS / "labels.jsonl").exists(), reason="labelled corpus not found")
def test_every_quantity_the_corpus_marks_has_a_qualifier_and_no_other() -> None:
    # The corpus marks bounds and approximations alike ("approx" in its guideline): both are qualified.
    from bench.evaluate_extraction import load_corpus

    bodies, gold_by_doc = load_corpus(SHARED_CORPUS)
    wrong = [
        (q["text"], q["approx"])
        for doc, gold in gold_by_doc.items()
        for g in gold
        for q in g["quantities"]
        if (qualifier_of(q["text"], bodies[doc][q["end"] : q["end"] + AFTER_CHARS]) is not None) != q["approx"]
    ]
    assert wrong == []
