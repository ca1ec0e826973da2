"""Page furniture recognition on plain strings (no model needed)."""

from __future__ import annotations

import pytest

from factcheck.extraction.cleaning import is_boilerplate, leading_furniture


@pytest.mark.parametrize(
    ("paragraph", "prefix"),
    [
        ("[뉴스투데이=양대규 기자] 유발 하라리는", "[뉴스투데이=양대규 기자]"),
        ("(서울=연합뉴스) 홍길동 기자 = 정부는 13일", "(서울=연합뉴스) 홍길동 기자 ="),
        ("홍길동 기자 = 정부는", "홍길동 기자 ="),
        ("[사진=연합뉴스] 정부는", "[사진=연합뉴스]"),
    ],
)
def test_leading_byline(paragraph: str, prefix: str) -> None:
    assert paragraph[: leading_furniture(paragraph)] == prefix


@pytest.mark.parametrize(
    "paragraph", ["[관점뉴스] 창조는 인간 전유물?", "유발 하라리는 지난 2015년", "LG는 1000억원을"]
)
def test_no_byline(paragraph: str) -> None:
    assert leading_furniture(paragraph) == 0


@pytest.mark.parametrize(
    "text",
    [
        "댓글 (0)",
        "- 띄어 쓰기를 포함하여 250자 이내로 써주세요.",
        "- 건전한 토론문화를 위해, 타인에게 불쾌감을 주는 욕설/비방/허위/명예훼손/도배 등의 댓글은 표시가 제한됩니다.",
        "[UNIST 제공=연합뉴스]",
        "[마이크로소프트코리아 제공=연합뉴스]",
        "2016.11.3 mon@yna.co.kr",
        "무단전재 및 재배포 금지",
        "ⓒ 뉴스투데이",
        "Copyright © Yonhap News Agency. All rights reserved.",
        "가닥교환반응에 의해 변형하는 구조체의 모습(오른쪽)/한국연구재단 제공",
        "구동기술 모식도(왼쪽)",
        "기조연설하는 피터 리 부사장 (서울=연합뉴스) 윤동진 기자 = 3일 오전 서울에서 연설을 하고 있다.",
    ],
)
def test_boilerplate(text: str) -> None:
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "LG는 초거대 AI 개발을 위해 1000억원 이상을 투자할 계획이다.",
        '배 원장은 "초거대 AI는 중요한 혁신"이라고 강조했다.',
        "네티즌들은 댓글로 욕설을 주고받았다.",
        "연구 결과는 국제 학술지에 게재됐다.",
    ],
)
def test_prose_is_not_boilerplate(text: str) -> None:
    assert not is_boilerplate(text)
