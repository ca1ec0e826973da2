"""Speaker attribution: name chains, multi-sentence quotations and article-wide resolution."""

from __future__ import annotations

from factcheck.extraction import extract, speakers


def _speakers(text: str) -> list[str | None]:
    return [s.speaker for s in extract(text)]


def test_subject_marked_by_yeoksi_with_quote_only() -> None:
    text = '행사에 참석한 김철수 한국대 교수 역시 "기술은 도구일 뿐"이라며 힘을 보탰다.'
    assert _speakers(text) == ["김철수 한국대 교수"]


def test_contracted_topic_syllable_stays_inside_a_name() -> None:
    text = '샤오우엔 혼 마이크로소프트 부사장은 "AI는 도구"라고 말했다.'
    assert _speakers(text) == ["샤오우엔 혼 마이크로소프트 부사장"]


def test_multi_sentence_curly_quote_keeps_the_speaker() -> None:
    text = (
        "김철수 한국대 교수는 새로운 시도를 강조했다. "
        "“연구자가 자신의 방법을 의심하면 연구는 미궁으로 빠집니다. "
        "방향이 설정되면 끈기 있게 나아가야 하죠. "
        "결국 과학은 답을 찾는 과정입니다.” "
        "한편 날씨는 맑았다."
    )
    got = _speakers(text)
    assert got[1:4] == ["김철수 한국대 교수"] * 3
    assert got[4] is None


def test_unclosed_straight_quote_does_not_leak() -> None:
    text = '김철수 교수는 "문제를 함께 고민하겠다고 말했다. 코타나는 스마트폰에서 쓸 수 있다. 행사는 4일 열린다.'
    assert _speakers(text)[1:] == [None, None]


def test_bare_title_resolves_to_fullest_form() -> None:
    got = speakers.resolve(["워싱턴대 연구진", "연구진"], ["미 워싱턴대 의대 연구진"])
    assert got[1] == "미 워싱턴대 의대 연구진"


def test_according_source_is_the_owner_of_the_report() -> None:
    assert _speakers("최근 스탠포드 대학의 연구에 의하면 여러 감각을 자극하는 것이 좋다고 한다.") == ["스탠포드 대학"]
    assert _speakers("테슬라의 초기 사고 보고서에 따르면, 제동장치가 작동하지 않았다.") == ["테슬라"]


def test_according_source_without_genitive_is_kept_whole() -> None:
    assert _speakers("1일 국제학술지 네이처에 따르면 연구진은 쥐를 감염시켰다.") == ["국제학술지 네이처"]


def test_topicalised_eseo_phrase_reports_the_forecast() -> None:
    text = "업계에선 이르면 내년 삼성전자의 접는 스마트폰이 나올 것으로 전망하고 있다."
    assert _speakers(text) == ["업계"]


def test_bare_proper_name_is_not_extended_to_a_person() -> None:
    got = speakers.resolve(["마이크로소프트연구소"], ["피터 리(Peter Lee) 마이크로소프트연구소"])
    assert got == ["마이크로소프트연구소"]


def test_two_named_bodies_joined_by_wa_speak_together() -> None:
    text = "세계보건기구(WHO)와 미국 질병예방통제센터(CDC)는 콘돔을 사용하라고 권고했다."
    assert _speakers(text) == ["세계보건기구(WHO)와 미국 질병예방통제센터(CDC)"]


def test_unclosed_straight_quote_hides_its_inner_subject() -> None:
    text = (
        '김철수 교수는 "기술은 도구"라고 말했다. '
        '문제점에 대해서는 "구글 등 업계가 함께 참여하는 파트너십을 통해 고민하겠다고 강조했다.'
    )
    assert _speakers(text) == ["김철수 교수", "김철수 교수"]
    assert speakers.quote_spans('"a 다고 b') == [(0, 4)]
    assert speakers.quote_spans('"a b') == []
