"""The rules of the desk, exercised through the service layer every interface calls."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from factcheck import extraction, services
from factcheck.errors import (
    DuplicateArticle,
    InvalidReview,
    InvalidUpload,
    NotAllowed,
    VersionConflict,
    WorkflowConflict,
)
from factcheck.extraction import EXTRACTOR_VERSION
from factcheck.models import Article, Claim, Review, Source
from factcheck.services import SourceInput

OPENAI_PAPER = SourceInput(
    url="https://arxiv.org/abs/2005.14165",
    title="Language Models are Few-Shot Learners",
    publisher="OpenAI",
    excerpt="GPT-3, an autoregressive language model with 175 billion parameters",
)


def upload(user, text, capture, **kwargs):
    with capture(execute=True):
        article = services.upload_article(user=user, text=text, **kwargs)
    article.refresh_from_db()
    return article


# Upload ------------------------------------------------------------------------------------------


def test_seed_upload_extracts_claims_whose_spans_index_the_body(seed_article, seed_text):
    assert seed_article.body == seed_text.rstrip()
    assert seed_article.extraction_status == Article.ExtractionStatus.DONE
    assert seed_article.extractor_version == EXTRACTOR_VERSION
    assert seed_article.title.startswith("[관점뉴스] 창조는 인간 전유물?")
    claims = list(seed_article.claims.all())
    assert len(claims) >= 8
    for claim in claims:
        assert seed_article.body[claim.start : claim.end] == claim.text
        assert 0 <= claim.score <= 1


@pytest.mark.parametrize(
    "needle",
    ["1750억개의 파라미터", "1750억개 파라미터", "1조6000억개", "4600만달러", "1000억원 이상"],
)
def test_seed_claims_include_the_checkable_figures(seed_article, needle):
    assert seed_article.claims.filter(text__contains=needle).exists()


def test_seed_claims_include_nothing_from_the_comment_box(seed_article):
    comment_box_start = seed_article.body.index("댓글 (0)")
    assert not seed_article.claims.filter(end__gt=comment_box_start).exists()


def test_seed_quantities_are_normalised_with_units(seed_article):
    claim = seed_article.claims.get(text__contains="1조6000억개")
    assert [(q["value"], q["unit"]) for q in claim.quantities] == [(1_600_000_000_000, "개")]
    claim = seed_article.claims.get(text__contains="100조개")
    assert [(q["value"], q["unit"], q["qualifier"]) for q in claim.quantities] == [
        (100_000_000_000_000, "개", "approx")
    ]


def test_a_sentence_joining_two_assertions_becomes_one_claim_per_assertion(seed_article):
    # "해외에서는 최근 구글이 …를 개발했으며, 오픈AI는 …를 개발하고 있는 것으로 알려졌다.": Google's model and
    # OpenAI's are checked separately, each claim with its own exact span and figure.
    google = seed_article.claims.get(text__contains="1조6000억개")
    openai = seed_article.claims.get(text__contains="100조개")
    assert google.text == "해외에서는 최근 구글이 1조6000억개의 파라미터를 가진 AI 모델을 개발했으며"
    assert openai.text == "오픈AI는 약 100조개의 파라미터를 가진 GPT-4를 개발하고 있는 것으로 알려졌다."
    assert google.sentence_index == openai.sentence_index
    assert seed_article.body[google.start : google.end] == google.text
    assert seed_article.body[openai.start : openai.end] == openai.text
    assert google.end < openai.start
    # The sentence itself is not a third claim.
    assert not seed_article.claims.filter(start=google.start, end=openai.end).exists()
    assert "hearsay" in openai.evidence


def test_nfd_text_is_stored_as_nfc(editor, django_capture_on_commit_callbacks):
    text = unicodedata.normalize("NFD", "LG는 초거대 AI 개발을 위해 1000억원 이상을 투자할 계획이다.")
    article = upload(editor, text, django_capture_on_commit_callbacks)
    assert article.body == unicodedata.normalize("NFC", text)
    assert unicodedata.is_normalized("NFC", article.body)


def test_uploading_the_same_text_again_points_to_the_existing_article(seed_article, editor, seed_text):
    # Zero-width characters and extra spaces do not make a different article.
    text_with_noise = seed_text.replace("LG AI연구원", "LG\u200b AI연구원", 1).replace(" ", "  ", 3)
    with pytest.raises(DuplicateArticle) as excinfo:
        services.upload_article(user=editor, text=text_with_noise)
    assert excinfo.value.article == seed_article
    assert Article.objects.count() == 1


def test_zero_width_characters_stay_in_the_stored_body(editor, django_capture_on_commit_callbacks):
    text = "네이버는\u200b 국내 최대의 한국어 데이터를 보유하고 있다."
    article = upload(editor, text, django_capture_on_commit_callbacks)
    assert article.body == text


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"text": "   \n\u200b "}, "empty"),
        ({"file_name": "a.txt", "file_data": b"\x89PNG\r\n\x1a\n\x00\x00"}, "binary"),
        ({"file_name": "a.pdf", "file_data": b"%PDF-1.7"}, "unsupported_type"),
        ({"text": "기사 본문", "url": "javascript:alert(1)"}, "invalid_metadata"),
    ],
)
def test_bad_uploads_are_refused_with_a_code_and_write_nothing(editor, kwargs, code):
    with pytest.raises(InvalidUpload) as excinfo:
        services.upload_article(user=editor, **kwargs)
    assert excinfo.value.code == code
    assert excinfo.value.message  # a Korean sentence the editor can act on
    assert Article.objects.count() == 0


def test_oversize_upload_is_refused(editor, settings):
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(InvalidUpload) as excinfo:
        services.upload_article(user=editor, file_name="big.txt", file_data="가".encode() * 200)
    assert excinfo.value.code == "too_large"
    assert Article.objects.count() == 0


def test_cp949_file_is_decoded(editor, seed_text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.upload_article(user=editor, file_name="기사.txt", file_data=seed_text.encode("cp949"))
    assert article.body == seed_text.rstrip()


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_only_editors_upload(db, request, who, seed_text):
    with pytest.raises(NotAllowed):
        services.upload_article(user=request.getfixturevalue(who), text=seed_text)
    assert Article.objects.count() == 0


# Extraction --------------------------------------------------------------------------------------


def test_rerunning_extraction_never_duplicates_claims(seed_article, editor, django_capture_on_commit_callbacks):
    before = sorted(seed_article.claims.values_list("start", "end", "text"))
    with django_capture_on_commit_callbacks(execute=True):
        services.request_extraction(user=editor, article=seed_article)
    assert sorted(seed_article.claims.values_list("start", "end", "text")) == before


def test_reextraction_keeps_reviewed_claims_and_marks_vanished_ones_stale(
    seed_article, claim_1750, reviewer, other_reviewer, monkeypatch
):
    proposal = services.record_review(
        user=reviewer,
        claim=claim_1750,
        verdict="verified",
        note="논문 확인",
        sources=[OPENAI_PAPER],
        expected_version=1,
    )
    services.cross_check(user=other_reviewer, claim=claim_1750, decision="confirm", note="", expected_version=2)
    real_extract = extraction.extract

    def extract_without_the_1750_sentence(text, **kwargs):
        return [s for s in real_extract(text, **kwargs) if s.start != claim_1750.start]

    monkeypatch.setattr(extraction, "extract", extract_without_the_1750_sentence)
    services.extract_article_claims(article_id=seed_article.pk)

    claim_1750.refresh_from_db()
    assert claim_1750.is_stale
    assert claim_1750.status == "verified"
    assert list(claim_1750.reviews.values_list("action", flat=True)) == ["confirmation", "proposal"]
    assert claim_1750.reviews.last() == proposal
    assert seed_article.claims.filter(start=claim_1750.start).count() == 1

    # When the sentence comes back, the same row is reused and is no longer stale.
    monkeypatch.setattr(extraction, "extract", real_extract)
    services.extract_article_claims(article_id=seed_article.pk)
    claim_1750.refresh_from_db()
    assert not claim_1750.is_stale
    assert seed_article.claims.filter(start=claim_1750.start).count() == 1


def test_failed_extraction_is_recorded_and_keeps_existing_claims(seed_article, monkeypatch):
    count = seed_article.claims.count()

    def broken(text, **kwargs):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(extraction, "extract", broken)
    article = services.extract_article_claims(article_id=seed_article.pk)
    assert article.extraction_status == Article.ExtractionStatus.FAILED
    assert "model file missing" in article.extraction_error
    assert article.claims.count() == count


def test_extraction_replaces_claims_atomically(seed_article, monkeypatch):
    """A crash after the old claims were deleted but before the new ones are written leaves the old ones."""
    before = sorted(seed_article.claims.values_list("start", flat=True))

    def crash(*args, **kwargs):
        raise RuntimeError("database went away mid-insert")

    monkeypatch.setattr(Claim.objects, "bulk_create", crash)
    article = services.extract_article_claims(article_id=seed_article.pk)
    assert article.extraction_status == Article.ExtractionStatus.FAILED
    assert "database went away" in article.extraction_error
    assert sorted(Claim.objects.filter(article=seed_article).values_list("start", flat=True)) == before


# Verdicts ----------------------------------------------------------------------------------------


def test_reviewer_proposes_a_verdict_with_a_source(claim_1750, reviewer):
    review = services.record_review(
        user=reviewer,
        claim=claim_1750,
        verdict="verified",
        note="GPT-3 논문 표 2.1",
        sources=[OPENAI_PAPER],
        expected_version=claim_1750.version,
    )
    claim_1750.refresh_from_db()
    # Two-person review is the default: the verdict waits for a second reviewer.
    assert (claim_1750.status, claim_1750.proposal, claim_1750.version) == ("pending", review, 2)
    assert (review.action, review.claim_version) == ("proposal", 1)
    assert list(review.sources.values_list("url", flat=True)) == [OPENAI_PAPER.url]


def test_on_a_one_person_desk_a_verdict_is_final_at_once(claim_1750, reviewer, settings):
    settings.CROSS_CHECK = "off"
    review = services.record_review(
        user=reviewer,
        claim=claim_1750,
        verdict="verified",
        note="GPT-3 논문 표 2.1",
        sources=[OPENAI_PAPER],
        expected_version=1,
    )
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.proposal, claim_1750.version) == ("verified", None, 2)
    assert review.action == "verdict"


def test_reviewer_cannot_verify_without_a_source(claim_1750, reviewer):
    with pytest.raises(InvalidReview) as excinfo:
        services.record_review(
            user=reviewer, claim=claim_1750, verdict="verified", note="확인", sources=[], expected_version=1
        )
    assert "출처" in excinfo.value.message
    assert Review.objects.count() == 0
    claim_1750.refresh_from_db()
    assert claim_1750.status == "pending"


def test_reviewer_cannot_dispute_without_a_note(claim_1750, reviewer):
    with pytest.raises(InvalidReview):
        services.record_review(
            user=reviewer, claim=claim_1750, verdict="disputed", note="  ", sources=[OPENAI_PAPER], expected_version=1
        )
    assert Review.objects.count() == 0


def test_a_bad_source_url_writes_no_review(claim_1750, reviewer):
    bad = dataclasses.replace(OPENAI_PAPER, url="javascript:alert(1)")
    with pytest.raises(InvalidReview) as excinfo:
        services.record_review(
            user=reviewer,
            claim=claim_1750,
            verdict="verified",
            note="확인",
            sources=[OPENAI_PAPER, bad],
            expected_version=1,
        )
    assert "sources[1].url" in excinfo.value.details
    assert Review.objects.count() == 0
    assert Source.objects.count() == 0


def test_stale_version_is_refused_with_the_newer_verdict(claim_1750, reviewer, other_reviewer):
    services.record_review(
        user=other_reviewer,
        claim=claim_1750,
        verdict="disputed",
        note="수치가 다름",
        sources=[OPENAI_PAPER],
        expected_version=1,
    )
    with pytest.raises(VersionConflict) as excinfo:
        services.record_review(
            user=reviewer,
            claim=claim_1750,
            verdict="verified",
            note="맞음",
            sources=[OPENAI_PAPER],
            expected_version=1,
        )
    assert excinfo.value.latest_review.verdict == "disputed"
    assert "reviewer2" in excinfo.value.message
    assert Review.objects.count() == 1
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.proposal.verdict, claim_1750.version) == ("pending", "disputed", 2)


def test_a_final_verdict_is_never_replaced_by_a_new_one(claim_1750, reviewer, settings):
    settings.CROSS_CHECK = "off"
    services.record_review(
        user=reviewer, claim=claim_1750, verdict="verified", note="메모", sources=[OPENAI_PAPER], expected_version=1
    )
    with pytest.raises(WorkflowConflict) as excinfo:
        services.record_review(
            user=reviewer, claim=claim_1750, verdict="disputed", note="메모", sources=[OPENAI_PAPER], expected_version=2
        )
    assert excinfo.value.code == "already_final"
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version) == ("verified", 2)
    assert list(claim_1750.reviews.values_list("verdict", flat=True)) == ["verified"]


def test_editor_may_dismiss_an_open_claim_but_not_verify(claim_1750, editor):
    with pytest.raises(NotAllowed):
        services.record_review(
            user=editor, claim=claim_1750, verdict="verified", note="확인", sources=[OPENAI_PAPER], expected_version=1
        )
    services.record_review(user=editor, claim=claim_1750, verdict="dismissed", note="", sources=[], expected_version=1)
    claim_1750.refresh_from_db()
    assert claim_1750.status == "dismissed"


def test_outsider_cannot_record_any_verdict(claim_1750, outsider):
    for verdict in ("verified", "disputed", "dismissed"):
        with pytest.raises(NotAllowed):
            services.record_review(
                user=outsider, claim=claim_1750, verdict=verdict, note="x", sources=[OPENAI_PAPER], expected_version=1
            )
    assert Review.objects.count() == 0


def test_reviews_cannot_be_lost_by_deleting_the_article(claim_1750, reviewer, settings):
    from django.db.models import ProtectedError

    settings.CROSS_CHECK = "off"
    services.record_review(
        user=reviewer, claim=claim_1750, verdict="verified", note="확인", sources=[OPENAI_PAPER], expected_version=1
    )
    with pytest.raises(ProtectedError):
        claim_1750.article.delete()


# Metadata ----------------------------------------------------------------------------------------


def test_editor_edits_metadata_but_never_the_body(seed_article, editor):
    body = seed_article.body
    services.update_article_metadata(
        user=editor, article=seed_article, title="LG 초거대 AI", outlet="뉴스투데이", url="https://example.com/a/1"
    )
    seed_article.refresh_from_db()
    assert (seed_article.title, seed_article.url, seed_article.body) == (
        "LG 초거대 AI",
        "https://example.com/a/1",
        body,
    )


def test_reviewer_cannot_edit_metadata(seed_article, reviewer):
    with pytest.raises(NotAllowed):
        services.update_article_metadata(user=reviewer, article=seed_article, title="x")
