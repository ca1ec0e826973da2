"""Correcting the machine's cut: split, merge, re-span, add; recorded, and kept across re-extraction."""

from __future__ import annotations

import pytest

from factcheck import services
from factcheck.errors import CorrectionConflict, InvalidSpan, NotAllowed, VersionConflict
from factcheck.models import Claim, Correction
from tests.workflow import dismiss, finalise, fresh, propose, reopen

pytestmark = pytest.mark.django_db

GOOGLE = "해외에서는 최근 구글이 1조6000억개의 파라미터를 가진 AI 모델을 개발했으며,"
OPENAI = "오픈AI는 약 100조개의 파라미터를 가진 GPT-4를 개발하고 있는 것으로 알려졌다."


def _split_gpt4(claim, user):
    at = claim.article.body.index("오픈AI는", claim.start)
    return services.split_claim(user=user, claim=claim, at=at, expected_version=claim.version)


def _neighbours(article) -> tuple[Claim, Claim]:
    """Two consecutive claims of one paragraph."""
    claims = list(article.claims.filter(is_stale=False).order_by("start"))
    return next((a, b) for a, b in zip(claims, claims[1:], strict=False) if "\n" not in article.body[a.start : b.end])


def _rerun_extraction(article):
    services.extract_article_claims(article_id=article.pk, notify=False)


def test_a_reviewer_splits_the_two_model_sentence_into_two_exact_claims(two_models, reviewer):
    original_id, body = two_models.pk, two_models.article.body
    first, second = _split_gpt4(two_models, reviewer)

    assert (first.pk, first.text, second.text) == (original_id, GOOGLE, OPENAI)
    for claim in (first, second):
        assert body[claim.start : claim.end] == claim.text
    assert first.end < second.start  # the space between them belongs to neither
    # Each half is analysed on its own: its number, and only its number.
    assert [q["text"] for q in first.quantities] == ["1조6000억개"]
    assert [q["text"] for q in second.quantities] == ["약 100조개"]
    assert "reported" in second.types and "reported" not in first.types
    assert (first.origin, second.origin) == ("extractor", "manual")
    assert first.version == 2 and second.version == 1
    assert first.corrected_at is not None and second.corrected_at is not None

    correction = Correction.objects.get()
    assert (correction.action, correction.actor, correction.article) == ("split", reviewer, two_models.article)
    assert correction.before == [{"id": original_id, "start": two_models.start, "end": two_models.end,
                                  "text": two_models.text}]  # fmt: skip
    assert [c["text"] for c in correction.after] == [GOOGLE, OPENAI]
    assert set(correction.claims.all()) == {first, second}


def test_each_half_then_gets_its_own_verdict(two_models, reviewer, other_reviewer):
    first, second = _split_gpt4(two_models, reviewer)
    finalise(first, reviewer, other_reviewer, "verified")
    finalise(second, reviewer, other_reviewer, "disputed")
    assert (fresh(first).status, fresh(second).status) == ("verified", "disputed")


def test_re_extraction_never_undoes_a_split(two_models, reviewer):
    article = two_models.article
    first, second = _split_gpt4(two_models, reviewer)
    count = article.claims.count()

    _rerun_extraction(article)

    assert article.claims.count() == count
    assert not article.claims.filter(text__contains=GOOGLE + " " + OPENAI).exists()
    assert (fresh(first).text, fresh(second).text) == (GOOGLE, OPENAI)
    assert (fresh(first).version, fresh(second).version) == (2, 1)


def test_a_split_point_outside_the_claim_or_at_its_edge_is_refused(two_models, reviewer):
    for at in (two_models.start, two_models.end, two_models.end + 5, two_models.start - 1):
        with pytest.raises(InvalidSpan):
            services.split_claim(user=reviewer, claim=two_models, at=at, expected_version=1)
    # A point in the spaces right after the comma leaves the comma with the first half; never an empty half.
    at = two_models.article.body.index("오픈AI는", two_models.start) - 1
    first, second = services.split_claim(user=reviewer, claim=two_models, at=at, expected_version=1)
    assert (first.text, second.text) == (GOOGLE, OPENAI)


def test_a_claim_with_a_verdict_cannot_be_cut_until_it_is_reopened(claim_1750, reviewer, other_reviewer):
    finalise(claim_1750, reviewer, other_reviewer, "verified")
    claim = fresh(claim_1750)
    middle = (claim.start + claim.end) // 2
    with pytest.raises(CorrectionConflict) as caught:
        services.split_claim(user=reviewer, claim=claim, at=middle, expected_version=claim.version)
    assert caught.value.code == "claim_has_verdict"
    with pytest.raises(CorrectionConflict):
        services.respan_claim(
            user=reviewer, claim=claim, start=claim.start, end=claim.end - 1, expected_version=claim.version
        )
    assert not Correction.objects.exists()

    reopen(claim, reviewer)
    claim = fresh(claim)
    first, second = services.split_claim(user=reviewer, claim=claim, at=middle, expected_version=claim.version)
    assert first.reviews.count() == 3  # proposal, confirmation, reopening stay with the id that had them
    assert second.reviews.count() == 0


def test_a_claim_with_a_waiting_proposal_cannot_be_cut(claim_1750, reviewer):
    propose(claim_1750, reviewer)
    claim = fresh(claim_1750)
    with pytest.raises(CorrectionConflict) as caught:
        services.split_claim(user=reviewer, claim=claim, at=claim.start + 5, expected_version=claim.version)
    assert caught.value.code == "claim_has_verdict"


def test_a_dismissed_claim_cannot_be_cut(claim_1750, editor):
    dismiss(claim_1750, editor)
    claim = fresh(claim_1750)
    with pytest.raises(CorrectionConflict):
        services.respan_claim(user=editor, claim=claim, start=claim.start, end=claim.end - 2, expected_version=2)


def test_a_stale_version_is_a_conflict(two_models, reviewer):
    with pytest.raises(VersionConflict):
        services.split_claim(user=reviewer, claim=two_models, at=two_models.start + 10, expected_version=7)
    assert fresh(two_models).version == 1


def test_merging_the_halves_back_gives_one_claim_with_the_first_id(two_models, editor, reviewer):
    first, second = _split_gpt4(two_models, reviewer)
    merged = services.merge_claims(user=editor, claims=[fresh(second), fresh(first)], expected_versions=[1, 2])
    assert merged.pk == first.pk
    assert merged.text == GOOGLE + " " + OPENAI
    assert merged.article.body[merged.start : merged.end] == merged.text
    assert not Claim.objects.filter(pk=second.pk).exists()
    assert sorted(q["text"] for q in merged.quantities) == ["1조6000억개", "약 100조개"]
    merge = Correction.objects.get(action="merge")
    assert [c["id"] for c in merge.before] == [first.pk, second.pk]
    assert merge.after[0]["text"] == merged.text


def test_only_neighbours_merge(seed_article, editor):
    claims = list(seed_article.claims.filter(is_stale=False).order_by("start"))
    with pytest.raises(CorrectionConflict) as caught:
        services.merge_claims(user=editor, claims=[claims[0], claims[2]], expected_versions=[1, 1])
    assert caught.value.code == "not_adjacent"
    assert caught.value.details["between"] == [claims[1].pk]


def test_a_merge_never_moves_or_loses_history(seed_article, reviewer, other_reviewer):
    a, b = _neighbours(seed_article)
    for claim in (a, b):
        finalise(claim, reviewer, other_reviewer)
        reopen(claim, reviewer)
    a, b = fresh(a), fresh(b)
    with pytest.raises(CorrectionConflict) as caught:
        services.merge_claims(user=reviewer, claims=[a, b], expected_versions=[a.version, b.version])
    assert caught.value.code == "claim_has_history"
    assert Claim.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_the_claim_with_history_survives_a_merge(seed_article, reviewer, other_reviewer):
    a, b = _neighbours(seed_article)
    finalise(b, reviewer, other_reviewer)
    reopen(b, reviewer)
    b = fresh(b)
    merged = services.merge_claims(user=reviewer, claims=[a, b], expected_versions=[1, b.version])
    assert merged.pk == b.pk
    assert (merged.start, merged.end) == (a.start, b.end)
    assert not Claim.objects.filter(pk=a.pk).exists()


def test_a_re_span_snaps_to_the_body_and_drops_surrounding_spaces(claim_1750, reviewer):
    body = claim_1750.article.body
    start = claim_1750.start
    claim = services.respan_claim(
        user=reviewer, claim=claim_1750, start=start + body[start:].index("GPT-3"), end=claim_1750.end,
        expected_version=1,
    )  # fmt: skip
    assert claim.text.startswith("GPT-3")
    assert body[claim.start : claim.end] == claim.text
    assert claim.version == 2
    assert Correction.objects.get().action == "respan"

    with pytest.raises(InvalidSpan):
        services.respan_claim(user=reviewer, claim=claim, start=0, end=len(body) + 1, expected_version=2)
    with pytest.raises(InvalidSpan):
        services.respan_claim(user=reviewer, claim=claim, start=10, end=10, expected_version=2)


def test_a_re_span_cannot_swallow_a_neighbour(seed_article, reviewer):
    a, b = _neighbours(seed_article)
    with pytest.raises(CorrectionConflict) as caught:
        services.respan_claim(user=reviewer, claim=a, start=a.start, end=b.end, expected_version=1)
    assert (caught.value.code, caught.value.details["claim"]) == ("span_overlaps", b.pk)


def test_a_missed_sentence_becomes_a_manual_claim_and_survives_re_extraction(seed_article, editor):
    body = seed_article.body
    claimed = [(c.start, c.end) for c in seed_article.claims.all()]
    # The first sentence of the body the extractor did not take.
    sentence = next(
        s for s in services.corrections.engine.extract(body)
        if not s.check_worthy and not s.boilerplate and all(s.end <= a or b <= s.start for a, b in claimed)
    )  # fmt: skip
    claim = services.add_claim(user=editor, article=seed_article, start=sentence.start - 1, end=sentence.end + 1)

    assert (claim.origin, claim.status, claim.text) == ("manual", "pending", sentence.text)
    assert claim.evidence == list(sentence.evidence)  # the engine's analysis of that span
    assert Correction.objects.get().action == "add"

    _rerun_extraction(seed_article)
    assert fresh(claim).text == sentence.text


def test_a_manual_claim_may_not_overlap_another(claim_1750, editor):
    with pytest.raises(CorrectionConflict) as caught:
        services.add_claim(user=editor, article=claim_1750.article, start=claim_1750.start + 2, end=claim_1750.end)
    assert caught.value.code == "span_overlaps"
    assert not Correction.objects.exists()


def test_a_span_across_paragraphs_is_refused(seed_article, editor):
    body = seed_article.body
    newline = body.index("\n", 200)
    with pytest.raises(InvalidSpan):
        services.add_claim(user=editor, article=seed_article, start=newline - 3, end=newline + 3)


def test_someone_without_a_desk_role_cannot_correct(two_models, outsider):
    with pytest.raises(NotAllowed):
        _split_gpt4(two_models, outsider)
    assert fresh(two_models).version == 1


def test_pasted_text_is_found_in_the_body_despite_line_breaks(seed_article):
    body = seed_article.body
    start, end = services.find_span(body, "  " + OPENAI.replace(" ", "\n ", 1) + " ")
    assert body[start:end] == OPENAI
    with pytest.raises(InvalidSpan):
        services.find_span(body, "기사에 없는 문장입니다.")
