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


def test_apposition_and_genitive_modifiers_belong_to_the_speaker() -> None:
    text = (
        "국립기상원의 전 원장이자 기후 및 해양-대기간 상호작용 전문가인 김영희 박사는 이렇게 말했다. "
        "“바다가 뜨거워지고 있습니다.”"
    )
    # The announcing sentence asserts nothing itself; the quotation after it is hers.
    assert _speakers(text) == [None, "국립기상원의 전 원장이자 기후 및 해양-대기간 상호작용 전문가인 김영희 박사"]


def test_demonstrative_modifier_is_left_to_resolution() -> None:
    assert _speakers('이 회사의 김철수 대표는 "공장을 닫는다"고 말했다.') == ["김철수 대표"]


def test_coordinated_bodies_with_apposition_and_comma() -> None:
    text = "5일 가전 제조업체인 한빛전자와 누리테크, 미래로보틱스가 공동 개발을 한다고 발표했다."
    assert _speakers(text) == ["가전 제조업체인 한빛전자와 누리테크, 미래로보틱스"]


def test_team_consisting_of_named_members() -> None:
    text = (
        "김민수 한국대 교수와 이수진 미국 하버드대 교수 연구진으로 구성된 국제 공동연구팀이 "
        "새 물질을 개발했다고 3일 밝혔다."
    )
    assert _speakers(text) == ["김민수 한국대 교수와 이수진 미국 하버드대 교수 연구진으로 구성된 국제 공동연구팀"]


def test_event_relative_clause_is_not_part_of_the_name() -> None:
    text = '김철수 한국대 교수는 "연구는 계속된다"고 말했다. 기조연설자로 나선 김 교수는 "협력이 중요하다"고 강조했다.'
    assert _speakers(text) == ["김철수 한국대 교수", "김철수 한국대 교수"]


def test_photo_note_is_dropped_from_the_name() -> None:
    text = "논문의 제1저자인 박지훈(사진) 한국대 교수는 “새로운 방법”이라고 말했다."
    assert _speakers(text) == ["논문의 제1저자인 박지훈 한국대 교수"]


def test_announced_single_quoted_passage_spans_sentences() -> None:
    text = (
        "조회수가 10만 회에 이르는 어느 블로그에서는 다음과 같은 경고를 전달했다. "
        "‘이 영상은 연출된 것입니다. 절대 따라하지 마십시오\n"
        "언제나 주변을 살피십시오.’\n"
        "이후 영상은 삭제됐다."
    )
    got = _speakers(text)
    assert got[0] is None and got[-1] is None
    assert set(got[1:-1]) == {"어느 블로그"}


def test_quote_after_linking_adverb_continues_the_speaker() -> None:
    text = (
        "연구 조수인 어느 대학원생은 이런 말을 했다. “첫 문장입니다.”\n"
        "또한 “둘째 문장입니다. 셋째 문장입니다.” 날씨는 맑았다."
    )
    got = _speakers(text)
    assert got[:3] == [None] + ["연구 조수인 어느 대학원생"] * 2
    assert got[-1] is None


def test_owner_of_a_closing_opinion_noun_is_the_speaker() -> None:
    text = '그럼에도 "새 정책은 효과가 없을 것"이라는 게 경제 전문가들의 공통된 의견이다.'
    assert _speakers(text) == ["경제 전문가들"]
    text = '김철수 한국대 교수는 "협력이 중요하다"고 말했다. 시간이 걸린다는 것이 김 교수의 설명이다.'
    assert _speakers(text) == ["김철수 한국대 교수", "김철수 한국대 교수"]


def test_reported_clause_continues_the_recent_speaker() -> None:
    text = (
        '김철수 한국대 교수는 "꾸준한 연구가 답"이라고 강조했다. '
        "이는 '뜻밖의 행운'이란 뜻이다. "
        "연구를 계속하면 혜택을 얻을 수 있다는 것이다."
    )
    assert _speakers(text) == ["김철수 한국대 교수", None, "김철수 한국대 교수"]


def test_fact_with_its_own_topic_is_no_continuation() -> None:
    text = '김철수 교수는 "조심해야 한다"고 말했다. 더 중요한 사실은 운전자가 충돌을 몰랐다는 것이다.'
    assert _speakers(text) == ["김철수 교수", None]


def test_put_forth_forecast_without_subject_continues() -> None:
    text = (
        '김철수 한국대 교수는 "AI는 도구"라고 강조했다. 빠르게 발전하는 기술이 큰 변화를 가져올 것이란 관측도 내놓았다.'
    )
    assert _speakers(text) == ["김철수 한국대 교수", "김철수 한국대 교수"]
    # The subject of the reported clause is not who put the claim forth.
    assert _speakers("그 그림자로 지구가 둥글다는 과학적인 주장을 내놓았다.") == [None]


def test_unquoted_ragoh_quotative_leaves_the_subject_after_it() -> None:
    text = "새 물질은 산소와 반응한다. 이런 구조가 밝혀진 것은 처음이라고 연구팀은 설명했다."
    assert _speakers(text) == [None, "연구팀"]


def test_topic_organisation_and_subject_team_form_one_name() -> None:
    text = (
        "한국대 공대는 화학공학부 김철수 교수 연구팀이 새 촉매를 개발했다고 5일 밝혔다. "
        "효율이 두 배라고 연구팀은 설명했다. "
        '김 교수는 "상용화가 목표"라고 말했다.'
    )
    assert _speakers(text) == [
        "한국대 공대",
        "한국대 공대 화학공학부 김철수 교수 연구팀",
        "한국대 공대 화학공학부 김철수 교수",
    ]


def test_side_reference_names_the_first_quoted_organisation() -> None:
    text = "HBU(한빛과학기술원)는 새 촉매를 개발했다고 3일 밝혔다. 이 촉매는 저렴하다고 대학 측은 설명했다."
    assert _speakers(text) == ["HBU(한빛과학기술원)", "HBU(한빛과학기술원)"]


def test_quote_before_an_anaphoric_report_is_the_reporters() -> None:
    text = (
        '"우리는 모두가 AI를 쉽게 쓰길 바랍니다"\n김철수 한국대 교수는 4일 열린 행사에서 미래 비전을 이같이 강조했다.'
    )
    assert _speakers(text) == ["김철수 한국대 교수", "김철수 한국대 교수"]


def test_headline_quote_takes_the_speaker_of_the_body_quote_it_condenses() -> None:
    text = (
        "\"사람-로봇 합쳐 '영웅' 될 수 있어\"\n"
        '김철수 교수는 "날씨가 좋다"고 말했다. '
        '이영희 박사는 "사람과 로봇이 합쳐져 영웅이 될 수 있다"고 말했다.'
    )
    assert _speakers(text) == ["이영희 박사", "김철수 교수", "이영희 박사"]


def test_whoever_obtained_the_document_is_the_source() -> None:
    text = (
        "회사가 공장을 닫는다고 영국의 온라인 매체 ‘테크 뉴스’가 2일 보도했다. "
        "테크 뉴스가 입수한 내부 문서에 따르면 공장은 내년에 문을 닫는다."
    )
    assert _speakers(text) == ["영국의 온라인 매체 ‘테크 뉴스’"] * 2


def test_document_topic_with_quoted_wording_is_the_source() -> None:
    text = (
        "회사가 만든 보고서의 부록에 따르면 공장은 내년에 닫는다. "
        "부록에는 ‘직원은 모두 재배치된다’는 설명도 있다. "
        "또 ‘보상은 없다’고 돼 있다."
    )
    assert _speakers(text)[1:] == ["보고서의 부록", "보고서의 부록"]


def test_nominalised_speech_noun_does_not_continue_a_speaker() -> None:
    text = '김철수 교수는 "데이터가 중요하다"고 말했다. 비용을 계산하기 위해서는 많은 자원이 필요하다는 이유에서다.'
    assert _speakers(text) == ["김철수 교수", None]


def test_manner_demonstrative_after_a_paraphrase_keeps_its_speaker() -> None:
    # "이같이 밝혔다" points back at a paraphrase, not at a quotation to come: the sentence is attributed.
    text = "정부는 내년에 공장 10곳을 새로 짓는다. 김철수 장관은 4일 기자회견에서 이같이 밝혔다. 공사는 봄에 시작한다."
    assert _speakers(text)[1] == "김철수 장관"


# Issue 10: speakers on text nobody tuned on (invented sentences, one mechanism each).


def test_short_form_resolves_to_the_form_with_the_affiliation_between_name_and_title() -> None:
    # Kiwi reads "박충모" as 박/NNP 충/NNG 모/MM; a name is never cut inside a written word.
    text = '이번 연구는 박충모 서울대 화학부 교수가 수행했다. 박충모 교수는 "뿌리가 빛을 분석한다"고 말했다.'
    assert _speakers(text)[1] == "박충모 서울대 화학부 교수"


def test_a_word_is_taken_whole_when_kiwi_splits_it() -> None:
    text = '연세대 바른ICT연구소의 임지선 박사는 "노동시간을 줄여야 한다"고 말했다.'
    assert _speakers(text) == ["연세대 바른ICT연구소의 임지선 박사"]


def test_the_introducing_apposition_is_the_full_form_of_a_later_surname() -> None:
    text = (
        "메디컬 센터의 응급 의학교수인 윌리엄 보즈먼은 지난 2009년 테이저의 안전성을 검증했다. "
        "보즈먼 교수는 “테이저는 안전합니다”라고 말한다. "
        "보즈먼은 “매년 수백 명이 사망합니다”라고 말했다."
    )
    full = "메디컬 센터의 응급 의학교수인 윌리엄 보즈먼"
    assert _speakers(text)[1:] == [full, full]


def test_named_media_with_deung_are_one_source() -> None:
    text = "스페이스닷컴 등 외신은 뉴호라이즌호가 마지막 데이터를 전송했다고 28일 보도했다."
    assert _speakers(text) == ["스페이스닷컴 등 외신"]


def test_a_view_held_after_a_quotative_is_attributed() -> None:
    text = "여러 연구자들은 심전도 기기를 추가하면 위험을 막을 수 있다고 생각한다."
    assert _speakers(text) == ["여러 연구자들"]
    text = "원인을 밝히는 데 도움이 될 것으로 연구진은 기대하고 있다."
    assert _speakers(text) == ["연구진"]


def test_a_condition_of_belief_is_not_a_view() -> None:
    # "…한다고 보면 된다" is an explanation, nobody holds a view.
    assert _speakers("파라미터는 시냅스와 유사한 역할을 한다고 보면 된다.") == [None]


def test_a_finding_of_a_research_team_is_theirs_but_not_of_the_thing_found() -> None:
    text = "국내 연구팀이 뿌리가 햇빛을 감지한다는 사실을 밝혀냈다."
    assert _speakers(text) == ["국내 연구팀"]
    # The subject of the finding's content (a topic that merely holds a name) is nobody.
    assert _speakers("USE1의 발현양이 증가하면 폐암이 커진다는 사실을 발견했다.") == [None]


def test_vague_team_resolves_to_the_named_team() -> None:
    text = '서울대 연구팀 "뿌리가 햇빛 분석해"\n국내 연구팀이 뿌리가 햇빛을 감지한다는 사실을 밝혀냈다.'
    assert _speakers(text)[-1] == "서울대 연구팀"


def test_plain_nouns_are_never_speakers() -> None:
    text = (
        "연구비 지원 방식도 개편이 필요하다고 주장했다. "
        "이에 생리적 호흡을 결합한 흡연로봇이 개발된 것으로 알려졌다. "
        "데이터 활용은 필연적으로 학습을 요구한다고 설명된다."
    )
    assert _speakers(text) == [None, None, None]


def test_reported_intention_is_the_utterance_not_its_speaker() -> None:
    text = '김 박사는 "플랫폼을 먼저 만들어야 한다"고 말했다. 필요시 한국에 기부하겠다는 의사도 밝혔다.'
    assert _speakers(text) == ["김 박사", "김 박사"]


def test_pronoun_subject_continues_the_last_quoted_person() -> None:
    text = (
        '김철수 교수는 "플랫폼이 먼저"라고 말했다. 구글은 칩을 만들었다. 구글은 슈퍼컴퓨터도 만들었다. '
        '그는 "의료 혁신이 가능하다"고 말했다. 이들은 "협력이 필요하다"고 덧붙였다.'
    )
    got = _speakers(text)
    assert got[0] == got[3] == got[4] == "김철수 교수"


def test_view_in_closing_noun_belongs_to_the_topic() -> None:
    text = "이를 통해 연구진은 폐질환에 대한 이해가 깊어질 수 있다는 판단이다."
    assert _speakers(text) == ["연구진"]


def test_headline_quote_with_irregular_stems_finds_its_body_quote() -> None:
    # 아름답/VA-I: Kiwi's irregular tags still count as content words of the quotation.
    text = (
        '"아름다움과 복잡성 깜짝 놀랄만 해"\n'
        '앨런 스턴 연구 책임자는 "명왕성의 아름다움과 복잡성은 우리를 깜짝 놀라게 했다"고 말했다.'
    )
    assert _speakers(text) == ["앨런 스턴 연구 책임자"] * 2


def test_an_object_that_names_the_speech_act() -> None:
    assert _speakers("슈퍼컴퓨터 전문가인 김문주 박사가 한국의 정책에 쓴소리를 했다.") == [
        "슈퍼컴퓨터 전문가인 김문주 박사"
    ]
    text = '김 교수는 "위험은 드물다"고 말했다. 그러나 그는 부정맥이 있는 경우를 예로 든다.'
    assert _speakers(text) == ["김 교수", "김 교수"]


def test_a_photo_gloss_is_not_the_head_of_a_speaker() -> None:
    assert _speakers("공룡의 뇌 화석(사진)이 세계 최초로 확인됐다.") == [None]
