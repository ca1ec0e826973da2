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


@pytest.mark.parametrize(
    "text",
    [
        "설문 결과 국내 가구의 외식 지출이 크게 줄어든 것으로 나타났다.",
        "새 배터리는 충전 속도가 빠른 것으로 알려졌습니다.",  # 알리+어+지: Kiwi's split of 알려지다
    ],
)
def test_established_findings_in_the_news_idiom(text: str) -> None:
    s = _only(text)
    assert "finding" in s.evidence
    assert "reported" in s.types
    assert s.check_worthy


def test_a_result_inside_a_quotation_is_told_apart_from_a_quoted_forecast() -> None:
    result = _only('김영수 교수는 "이 물질이 종양 크기를 처음으로 감소시켰다"고 말했다.')
    assert "quoted finding" in result.evidence
    assert result.check_worthy
    forecast = _only('김영수 교수는 "이 물질은 앞으로 널리 쓰일 것"이라고 말했다.')
    assert "quoted finding" not in forecast.evidence
    assert not forecast.check_worthy


def test_a_plan_with_a_written_date_is_a_claim_but_a_routine_is_not() -> None:
    plan = _only("2030년 무인 탐사선을 화성에 보낸다.")
    assert "dated plan" in plan.evidence
    assert plan.check_worthy
    assert "dated plan" not in _only("주말에는 공원을 산책한다.").evidence


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("공장 가동이 멈췄기 때문이다.", "explanation"),
        ("하루빨리 신약이 나왔으면 하는 바람이다.", "wish"),
        ("나는 그 이유를 알고 싶었다.", "wish"),
    ],
)
def test_reasons_and_wishes_stay_out_of_the_queue(text: str, name: str) -> None:
    s = _only(text)
    assert name in s.evidence
    assert not s.check_worthy


def test_giving_a_reason_lowers_the_score_of_a_reported_change() -> None:
    # "…늘었기 때문이다" still reports a change, but as the reason for what came before.
    reason = _only("수요가 갑자기 늘었기 때문이다.")
    assert "explanation" in reason.evidence
    assert reason.score < _only("수요가 갑자기 늘었다.").score


def test_a_counterfactual_condition_is_not_a_past_event() -> None:
    assert "past event" not in _only("하루빨리 신약이 나왔으면 하는 바람이다.").evidence


def test_experiential_past_is_a_past_event() -> None:
    s = _only("이 성분이 사람의 혈액에서 검출된 적이 있다.")
    assert "past event" in s.evidence
    assert s.check_worthy


def test_subjects_marked_with_do_and_this_occasion_are_specific() -> None:
    assert "named subject" in _only("한빛전자도 접는 노트북을 출시했다.").evidence
    assert "specific subject" in _only("이번 조사는 전국 초등학교를 대상으로 진행됐다.").evidence


def test_a_named_source_reporting_at_the_end_is_a_named_subject() -> None:
    s = _only("배터리를 따로 교체할 필요가 없다고 한빛전자는 설명했다.")
    assert "named subject" in s.evidence
    assert s.score > _only("배터리를 따로 교체할 필요가 없다고 한다.").score


def test_jung_meaning_among_is_not_an_ongoing_activity() -> None:
    assert "ongoing" not in _only("여러 방법 중에서도 이 방식이 널리 쓰였다.").evidence
    assert "ongoing" in _only("이 회사는 새 백신을 개발 중이다.").evidence


def test_a_supposition_is_neither_hearsay_nor_a_past_event() -> None:
    s = _only("예컨대 화면 크기가 10인치였다고 해 보자")
    assert "hearsay" not in s.evidence
    assert "past event" not in s.evidence


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("그 회사가 운 나쁘게 먼저 적발됐을 뿐이다.", "opinion"),
        ("한빛전자는 신제품의 국내 출시 가능성도 내비쳤다.", "hedge"),
        ("혈액은 적혈구와 백혈구, 혈소판 등으로 구성된다.", "definition"),
        ("빙하는 크게 대륙 빙하와 산악 빙하로 나뉜다.", "definition"),
    ],
)
def test_belittling_possibility_and_composition_lower_the_score(text: str, name: str) -> None:
    s = _only(text)
    assert name in s.evidence
    assert not s.check_worthy


def test_a_topic_on_an_adverbial_is_not_the_subject() -> None:
    # "…휴대폰으로는" sets the scene; the named subject is "한빛전자의 갤럭시가".
    s = _only("가장 많이 팔린 휴대폰으로는 한빛전자의 갤럭시가 있다.")
    assert "named subject" in s.evidence
    assert s.check_worthy
    assert "named subject" not in _only("국내에서는 보통 쌀을 주식으로 먹는다.").evidence


def test_a_quotation_ending_in_a_noun_characterises_rather_than_reports() -> None:
    # '"…핵심"이라고': the quoted clause ends in a bare noun, a verdict; '"…있다"고' ends in a verb.
    verdict = _only('이정훈 한빛전자 사장은 "반도체는 미래 산업의 핵심"이라고 말했다.')
    report = _only('이정훈 한빛전자 사장은 "새 공장에서 반도체를 양산하고 있다"고 말했다.')
    assert "quoted characterisation" in verdict.evidence
    assert "quoted characterisation" not in report.evidence
    assert verdict.score < report.score
    assert not verdict.check_worthy


def test_naming_the_speaker_of_a_bare_quotation_is_not_evidence() -> None:
    # A quotation with no figure, date or past-tense fact is the speaker's view or intention.
    view = _only('김영희 대표는 "고객과 함께 성장하는 회사를 만들겠다"고 말했다.')
    assert "attribution" not in view.evidence
    assert "attribution" in view.types  # still the speaker's claim
    assert not view.check_worthy
    figure = _only('박민수 교수는 "올해 매출이 작년보다 20% 늘었다"고 말했다.')
    assert "attribution" in figure.evidence
    assert figure.check_worthy


def test_a_proper_noun_in_passing_is_not_evidence() -> None:
    # Only a named actor counts ("named subject"); a place name on the side adds nothing.
    named_place = _only("연구팀은 부산에서 이 장비를 시험했다.")
    common_place = _only("연구팀은 실험실에서 이 장비를 시험했다.")
    assert named_place.score == common_place.score
    assert not named_place.check_worthy
    # …but a present-tense sentence about a named thing is not a generic statement either.
    assert "generic present" not in _only("한빛전자의 본사는 부산에 있다.").evidence
    assert "generic present" in _only("바다는 푸르다.").evidence


def test_vague_and_bracketed_dates_date_nothing_to_check() -> None:
    # Both are dates ("몇 년 전부터", "2014"), but neither dates a happening the desk could verify.
    vague = _only("그는 몇 년 전부터 경주용차를 만들고 싶어 했다.")
    assert [d.text for d in vague.dates] == ["몇 년 전부터"]
    assert "date" not in vague.evidence
    bracketed = _only("영화 ‘허(Her·2014)’에서 주인공이 나누는 대화다.")
    assert [d.text for d in bracketed.dates] == ["2014"]
    assert "date" not in bracketed.evidence
    assert "date" in _only("12년 전 영국에서 화석이 발견됐다.").evidence
