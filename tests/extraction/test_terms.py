"""Search keys: particles and endings never matter, compounds match however Kiwi cut them."""

from __future__ import annotations

import pytest

from factcheck.extraction import extract, morphology, terms


def keys_of(text: str) -> tuple[str, ...]:
    return terms.index_keys(morphology.tokenize(text))


def alternatives(query: str) -> list[tuple[tuple[str, ...], ...]]:
    return [group.alternatives for group in terms.query_groups(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("파라미터를", [(("파라미터",),)]),
        ("파라미터가", [(("파라미터",),)]),
        ("투자할", [(("투자",),)]),
        ("투자한다", [(("투자",),)]),
        ("가졌다", [(("가지",),)]),
        ("GPT-3는", [(("gpt",),), (("3",),)]),
        ("１０％", [(("10",),)]),  # full-width digits: NFKC
    ],
)
def test_queries_reduce_to_content_word_keys(query, expected):
    assert alternatives(query) == expected


def test_particles_endings_and_light_verbs_are_not_keys():
    assert alternatives("했다") == []
    assert alternatives("모델이었다고 한다") == [(("모델",),)]
    assert keys_of("그는 그렇게 했다고 말했다") == ("말",)  # pronouns, light verbs and endings drop out


def test_a_claim_and_a_query_in_different_forms_share_keys():
    claim = set(keys_of("LG는 초거대 AI 개발을 위해 1000억원 이상을 투자할 계획이다."))
    for query in ("투자한다", "LG가", "개발하는", "계획은"):
        for group in terms.query_groups(query):
            assert any(set(alternative) <= claim for alternative in group.alternatives), query


def test_nouns_written_together_are_also_indexed_as_one_compound():
    keys = keys_of("배영훈 LG AI연구원장은")
    assert {"ai", "연구", "원장", "연구원장", "ai연구원장"} <= set(keys)
    # Kiwi reads "AI연구원장" in a query as AI + 연구원장: either the compound or all the parts match.
    assert alternatives("AI연구원장") == [(("ai연구원장",), ("ai", "연구원장"))]


def test_keys_are_normalised_without_touching_the_text():
    text = "LG\u200b AI연구원은 １,０００억원을"
    assert "lg" in keys_of(text)
    assert text == "LG\u200b AI연구원은 １,０００억원을"


def test_extraction_gives_every_sentence_its_keys():
    sentences = extract("GPT-3는 1750억개의 파라미터를 가진 모델이다. 오픈AI가 개발했다.")

    assert [s.terms for s in sentences] == [
        ("gpt", "3", "1750", "억", "1750억", "파라미터", "가지", "모델"),
        ("오픈", "ai", "오픈ai", "개발"),
    ]


def test_prefix_matching_is_for_words_not_numbers_or_single_letters():
    assert terms.is_prefix_key("파라")
    assert not terms.is_prefix_key("3")
    assert not terms.is_prefix_key("2021")
    assert not terms.is_prefix_key("돈")
