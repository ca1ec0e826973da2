"""The engine end to end on the seed article (loads the Kiwi model once per session)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import extraction
from factcheck.extraction import CLAIM_TYPES, DEFAULT_THRESHOLD, EXTRACTOR_VERSION, Sentence

REPO = Path(__file__).resolve().parents[2]
SEED_PATH = REPO / "factcheck" / "fixtures" / "seed_article.txt"


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sentences(seed: str) -> list[Sentence]:
    return extraction.extract(seed)


def _one(sentences: list[Sentence], needle: str) -> Sentence:
    hits = [s for s in sentences if needle in s.text]
    assert len(hits) == 1, [s.text for s in hits]
    return hits[0]


def test_public_api() -> None:
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION
    assert 0.0 <= DEFAULT_THRESHOLD <= 1.0
    assert callable(extraction.extract_many) and callable(extraction.warm_up)


def test_package_import_does_not_load_the_model() -> None:
    code = "import sys, factcheck.extraction; assert 'kiwipiepy' not in sys.modules; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_only_morphology_imports_kiwipiepy_and_nothing_imports_django() -> None:
    for path in Path(extraction.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:import|from)\s+django", text, re.M), path
        if path.name != "morphology.py":
            assert not re.search(r"^\s*(?:import|from)\s+kiwipiepy", text, re.M), path


@pytest.mark.parametrize("text", ["", "   ", "\n\n \t\n"])
def test_empty_input(text: str) -> None:
    assert extraction.extract(text) == []


def test_spans_index_the_original_text(seed: str, sentences: list[Sentence]) -> None:
    assert [s.index for s in sentences] == list(range(len(sentences)))
    last_end = 0
    for s in sentences:
        assert seed[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end
        last_end = s.end
        for q in s.quantities:
            assert seed[q.start : q.end] == q.text
            assert s.start <= q.start < q.end <= s.end
        for d in s.dates:
            assert seed[d.start : d.end] == d.text
        assert 0.0 <= s.score <= 1.0 and round(s.score, 3) == s.score
        assert list(s.types) == sorted(s.types) and set(s.types) <= set(CLAIM_TYPES)
        assert s.check_worthy == (s.score >= DEFAULT_THRESHOLD and not s.boilerplate)


def test_every_non_space_character_is_covered(seed: str, sentences: list[Sentence]) -> None:
    covered = bytearray(len(seed))
    for s in sentences:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    assert all(covered[i] or seed[i].isspace() for i in range(len(seed)))


def test_byline_is_boilerplate_and_the_sentence_after_it_starts_at_the_name(sentences: list[Sentence]) -> None:
    byline = _one(sentences, "양대규 기자")
    assert byline.boilerplate and not byline.check_worthy
    assert byline.text == "[뉴스투데이=양대규 기자]"
    harari = _one(sentences, "유발 하라리는")
    assert harari.text.startswith("유발 하라리는")
    assert harari.text.endswith('원동력"이라고 했다.')
    assert harari.speaker == "유발 하라리"


@pytest.mark.parametrize(
    "needle",
    [
        "GPT-3는 현존하는 가장 높은 성능",
        "1750억개 파라미터 수를 훌쩍",
        "1조6000억개",
        "4600만달러",
        "1000억원 이상",
    ],
)
def test_seed_claims(sentences: list[Sentence], needle: str) -> None:
    assert _one(sentences, needle).check_worthy


def test_both_1750_sentences_are_claims(sentences: list[Sentence]) -> None:
    hits = [s for s in sentences if "1750억개" in s.text]
    assert len(hits) == 2 and all(s.check_worthy for s in hits)


def test_comment_box_is_boilerplate(sentences: list[Sentence]) -> None:
    tail = sentences[-3:]
    assert [s.text[:5] for s in tail] == ["댓글 (0", "- 띄어 ", "- 건전한"]
    assert all(s.boilerplate and not s.check_worthy for s in tail)
    start = next(s.start for s in sentences if s.text.startswith("댓글"))
    assert not any(s.check_worthy for s in sentences if s.start >= start)


def _quantities(s: Sentence) -> list[tuple[float, str, bool]]:
    return [(q.value, q.unit, q.approx) for q in s.quantities]


def test_seed_quantities(sentences: list[Sentence]) -> None:
    assert _quantities(_one(sentences, "GPT-3는 현존하는")) == [(1.75e11, "개", False)]
    assert _quantities(_one(sentences, "1조6000억개")) == [(1.6e12, "개", False), (1e14, "개", True)]
    assert _quantities(_one(sentences, "4600만달러")) == [(4.6e7, "달러", True), (5.22e10, "원", True)]
    assert _quantities(_one(sentences, "1000억원 이상")) == [(1e11, "원", False)]  # at_least
    assert _quantities(_one(sentences, "1750억개 파라미터 수를")) == [(1.75e11, "개", False)]
    assert _quantities(_one(sentences, "2위 규모")) == [(2, "위", False)]
    assert _quantities(sentences[0]) == [(1e11, "", False)]


def test_model_names_and_dates_are_not_quantities(sentences: list[Sentence]) -> None:
    for s in sentences:
        for q in s.quantities:
            assert "GPT" not in q.text and "년" not in q.text and "월" not in q.text
            assert not q.text.endswith("일")


def test_seed_dates(sentences: list[Sentence]) -> None:
    assert [d.text for d in _one(sentences, "지난 2016년 딥마인드").dates] == ["지난 2016년"]
    assert [d.text for d in _one(sentences, "13일 온라인으로").dates] == ["13일"]
    assert [d.text for d in _one(sentences, "지난 3월 칼럼").dates] == ["지난 3월"]
    assert [d.text for d in _one(sentences, "1750억개 파라미터 수를").dates] == ["지난해 5월", "올해 가을"]
    assert [d.text for d in _one(sentences, "AI연구소를 공식으로").dates] == ["지난해"]


def test_quote_spanning_sentence_punctuation_is_one_sentence(sentences: list[Sentence]) -> None:
    s = _one(sentences, "LG 관계자는")
    assert s.text.endswith('모색 중"이라고 밝혔다.')
    assert "데이터는 최대한 확보할 계획이다. 데이터 확보를 위해" in s.text
    assert s.speaker == "LG 관계자"


def test_kiwi_split_inside_a_quoted_term_is_repaired(sentences: list[Sentence]) -> None:
    s = _one(sentences, "를 계산하기 위해서는")
    assert s.text.startswith("'초거대 AI'를 계산하기 위해서는")
    assert s.text.endswith("이유에서다.")
    before = sentences[s.index - 1]
    assert before.text.endswith("공통된 의견이다.")


def test_speakers_resolve_to_the_fullest_form(sentences: list[Sentence]) -> None:
    assert _one(sentences, '이어 "지난해 5월').speaker == "배영훈 LG AI연구원장"
    assert _one(sentences, "배영훈 LG AI연구원장은 13일").speaker == "배영훈 LG AI연구원장"
    assert _one(sentences, "앞서 배 원장은").speaker == "배영훈 LG AI연구원장"
    assert _one(sentences, '배영훈 AI연구원장 "조 단위').speaker == "배영훈 LG AI연구원장"
    assert _one(sentences, "렉스 프리맨 박사는").speaker == "MIT(매사추세츠공과대학) AI 연구원 렉스 프리맨 박사"


def test_types_and_evidence(sentences: list[Sentence]) -> None:
    s = _one(sentences, "1조6000억개")
    assert {"statistic", "reported"} <= set(s.types)
    assert {"quantity", "hearsay"} <= set(s.evidence)
    s = _one(sentences, '이어 "지난해 5월')
    assert {"quote", "attribution", "statistic", "prediction"} <= set(s.types)
    assert "definition" in _one(sentences, "딥러닝은 수많은").types
    assert "prediction" in _one(sentences, "1000억원 이상").types


def test_opinion_and_questions_score_low() -> None:
    out = extraction.extract("정말 그럴까?\n하지만 이 말도 '구시대의 유물'이 될 지도 모른다.")
    assert [s.check_worthy for s in out] == [False, False]


def test_threshold_changes_only_check_worthiness(seed: str, sentences: list[Sentence]) -> None:
    none = extraction.extract(seed, threshold=1.01)
    assert [(s.start, s.end, s.score) for s in none] == [(s.start, s.end, s.score) for s in sentences]
    assert not any(s.check_worthy for s in none)
    everything = extraction.extract(seed, threshold=0.0)
    assert all(s.check_worthy != s.boilerplate for s in everything)


def test_extract_many_matches_extract(seed: str, sentences: list[Sentence]) -> None:
    other = "LG는 지난해 AI연구소를 출범했다.\n\n오픈AI는 약 100조개의 파라미터를 가진 모델을 개발한다고 알려졌다."
    batch = extraction.extract_many([seed, "", other])
    assert batch[0] == sentences
    assert batch[1] == []
    assert batch[2] == extraction.extract(other)
    assert extraction.extract_many([seed, other], num_workers=2) == [sentences, extraction.extract(other)]


def test_odd_input_keeps_offsets() -> None:
    text = '\ufeff  첫 문장은 😀 이모지와 함께 1750억개를 말했다.\r\n\r\n  둘째 줄\t은 3.5%다.  \n"닫히지 않은 인용'
    out = extraction.extract(text)
    assert out
    for s in out:
        assert text[s.start : s.end] == s.text
        for q in s.quantities:
            assert text[q.start : q.end] == q.text
    assert any(q.value == 1.75e11 for s in out for q in s.quantities)


@pytest.mark.parametrize(("raw", "workers"), [("", None), ("1", 1), (" 4 ", 4)])
def test_kiwi_thread_count_comes_from_the_environment(monkeypatch, raw: str, workers: int | None) -> None:
    from factcheck.extraction import morphology

    monkeypatch.setenv(morphology.WORKERS_ENV, raw)
    assert morphology._configured_workers() == workers


@pytest.mark.parametrize("raw", ["0", "-1", "all"])
def test_a_bad_kiwi_thread_count_names_the_variable(monkeypatch, raw: str) -> None:
    from factcheck.extraction import morphology

    monkeypatch.setenv(morphology.WORKERS_ENV, raw)
    with pytest.raises(ValueError, match="FACTCHECK_KIWI_WORKERS"):
        morphology._configured_workers()
