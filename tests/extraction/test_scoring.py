"""Check-worthiness evidence: what a reviewer sees as the reason a sentence was, or was not, queued."""

from __future__ import annotations

import math

import pytest

from factcheck.extraction import DEFAULT_THRESHOLD, Sentence, extract, scoring


def _only(text: str) -> Sentence:
    out = extract(text)
    assert len(out) == 1, [s.text for s in out]
    return out[0]


def test_score_is_the_logistic_of_the_evidence_weights() -> None:
    s = _only("한국전력은 지난해 전력 판매량이 3.5% 감소했다고 12일 밝혔다.")
    logit = scoring.BIAS + sum(scoring.WEIGHTS[e] for e in s.evidence)
    assert s.score == round(1 / (1 + math.exp(-logit)), 3)
    assert {"quantity", "date", "attribution", "change"} <= set(s.evidence)
    # Strongest reasons first, so the list reads as an explanation.
    weights = [scoring.WEIGHTS[e] for e in s.evidence]
    assert weights == sorted(weights, reverse=True)
    assert s.check_worthy


def test_every_evidence_name_has_a_weight_and_the_cut_off_is_the_default_threshold() -> None:
    # The fitted bias places the decision boundary at 0.5, the documented default threshold.
    assert DEFAULT_THRESHOLD == 0.5
    for text in ("그럴까?", "이 회사는 임상시험 3상을 진행 중이다.", "우리는 반드시 해야 한다."):
        for s in extract(text):
            assert set(s.evidence) <= set(scoring.WEIGHTS)


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("새 모델은 영상 분야에서 좋은 성능을 보인다.", False),  # 보이다 with an object: "shows"
        ("비용은 더 많이 들 것으로 보인다.", True),  # "seems"
        ("출시는 내년이 될 지도 모른다.", True),
    ],
)
def test_hedges_are_told_apart_from_showing(text: str, hedged: bool) -> None:
    assert ("hedge" in _only(text).evidence) is hedged


def test_model_names_are_not_figures_but_other_numbers_are() -> None:
    assert "number" not in _only("오픈AI는 GPT-3를 공개했다.").evidence
    assert "number" in _only("이 회사는 중증 환자 대상 임상시험 2상을 진행 중이다.").evidence


def test_demonstrative_subject_and_ongoing_activity_are_specific() -> None:
    s = _only("이 회사는 중증 환자 대상 임상시험 2상을 진행 중이다.")
    assert {"specific subject", "ongoing"} <= set(s.evidence)
    assert "definition" not in s.types  # "진행 중이다" reports an activity, not what the company is


def test_hearsay_without_a_named_source() -> None:
    s = _only("흡연을 줄이면 혈관성 치매 발병률이 낮다고 한다.")
    assert "hearsay" in s.evidence
    assert "reported" in s.types


def test_first_person_inside_a_quotation_is_the_speakers_not_the_writers() -> None:
    quoted = _only('김철수 교수는 "우리 연구팀이 처음으로 규명했다"고 말했다.')
    assert "first person" not in quoted.evidence
    assert "first person" in _only("우리는 이 기술이 세상을 바꿀 것이라고 믿는다.").evidence


@pytest.mark.parametrize(
    "text",
    [
        "정부는 반드시 이 문제를 해결해야 한다.",
        "언제나 주변 상황을 살피십시오.",
        "과연 기술은 인간을 대신할 수 있을까?",
        "딥러닝은 데이터로 학습하는 기법이다.",
    ],
)
def test_opinions_orders_questions_and_definitions_stay_out_of_the_queue(text: str) -> None:
    assert not _only(text).check_worthy


@pytest.mark.parametrize(
    "text",
    [
        "실험 쥐의 기억력도 현저히 감소했다.",
        "설문 응답자의 58.2%는 새 제도가 효과가 없었다고 답했다.",
        "이 로봇은 무게가 12kg으로 바퀴가 6개 달렸다.",
    ],
)
def test_findings_and_figures_enter_the_queue(text: str) -> None:
    assert _only(text).check_worthy
