"""Every state change of the desk: upload, extraction, verdicts, metadata.

Views and serializers only shape input and output; the rules, permission checks and
transactions live here, so the web pages, the API and the admin cannot disagree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from factcheck import extraction, ingest
from factcheck.errors import DuplicateArticle, InvalidReview, InvalidUpload, NotAllowed, VersionConflict
from factcheck.extraction import export
from factcheck.models import Article, Claim, Review, Source

logger = logging.getLogger(__name__)

_http_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class SourceInput:
    url: str
    title: str
    publisher: str = ""
    excerpt: str = ""
    accessed_at: datetime | None = None


def _require(user: Any, perm: str, message: str) -> None:
    if not (user and user.is_authenticated and user.has_perm(perm)):
        raise NotAllowed(message)


def _clean_metadata(*, title: str, outlet: str, byline: str, url: str) -> dict[str, str]:
    title, outlet, byline, url = (v.strip() for v in (title, outlet, byline, url))
    errors = {}
    if len(title) > 300:
        errors["title"] = "제목은 300자 이하여야 합니다."
    if len(outlet) > 200:
        errors["outlet"] = "매체명은 200자 이하여야 합니다."
    if len(byline) > 200:
        errors["byline"] = "기자명은 200자 이하여야 합니다."
    if url:
        try:
            _http_url(url)
        except ValidationError:
            errors["url"] = "원문 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다."
    if errors:
        raise InvalidUpload(next(iter(errors.values())), code="invalid_metadata", details=errors)
    return {"title": title, "outlet": outlet, "byline": byline, "url": url}


def _title_from_body(body: str) -> str:
    first_line = next((line.strip() for line in body.split("\n") if line.strip()), "")
    return first_line[:300]


def upload_article(
    *,
    user: Any,
    text: str | None = None,
    file_name: str | None = None,
    file_data: bytes | None = None,
    title: str = "",
    outlet: str = "",
    byline: str = "",
    url: str = "",
    published_at: datetime | None = None,
) -> Article:
    """Turn pasted text or an uploaded file into an Article and queue its claim extraction."""
    _require(user, "factcheck.add_article", "기사를 올릴 권한이 없습니다. 편집자 계정으로 로그인하세요.")
    if (text is None) == (file_data is None):
        raise InvalidUpload("기사 본문을 붙여넣거나 파일 하나를 올려 주세요.", code="no_input")
    ingested = _ingest(text=text, file_name=file_name, file_data=file_data)
    meta = _clean_metadata(
        title=title or ingested.title,
        outlet=outlet or ingested.outlet,
        byline=byline or ingested.byline,
        url=url or ingested.url,
    )
    return _create_article(user, ingested, meta, published_at or ingested.published_at, enqueue=True)


@dataclass(frozen=True)
class ImportOutcome:
    """One file of a bulk import: the article it became, or why it did not."""

    name: str
    article: Article | None = None
    error: InvalidUpload | DuplicateArticle | None = None


def import_articles(
    *, user: Any, files: list[tuple[str, bytes]], outlet: str = "", num_workers: int = 0
) -> list[ImportOutcome]:
    """Bulk import (an archive, a day's wire copy): one article per file, claims extracted in one batch.

    Each file stands alone: a bad or duplicate file is reported and stores nothing, the others go in.
    Extraction runs here, through `extraction.extract_many`, instead of one queued task per article.
    """
    _require(user, "factcheck.add_article", "기사를 올릴 권한이 없습니다. 편집자 계정으로 로그인하세요.")
    outcomes, created = [], []
    for name, data in files:
        try:
            ingested = _ingest(file_name=name, file_data=data)
            meta = _clean_metadata(
                title=ingested.title, outlet=outlet or ingested.outlet, byline=ingested.byline, url=ingested.url
            )
            article = _create_article(user, ingested, meta, ingested.published_at, enqueue=False)
        except (InvalidUpload, DuplicateArticle) as exc:
            outcomes.append(ImportOutcome(name, error=exc))
            continue
        outcomes.append(ImportOutcome(name, article=article))
        created.append(article)
    _extract_batch(created, num_workers=num_workers)
    for outcome in outcomes:
        if outcome.article is not None:
            outcome.article.refresh_from_db()
    return outcomes


def _ingest(*, text: str | None = None, file_name: str | None = None, file_data: bytes | None = None):
    try:
        if file_data is not None:
            return ingest.ingest_file(file_name or "", file_data, max_bytes=settings.MAX_UPLOAD_BYTES)
        return ingest.ingest_text(text or "", max_bytes=settings.MAX_UPLOAD_BYTES)
    except ingest.IngestError as exc:
        raise InvalidUpload(exc.message, code=exc.code) from exc


def _create_article(
    user: Any, ingested: ingest.IngestedArticle, meta: dict[str, str], published_at: datetime | None, *, enqueue: bool
) -> Article:
    meta["title"] = meta["title"] or _title_from_body(ingested.body)
    content_hash = ingest.content_hash(ingested.body)
    try:
        with transaction.atomic():
            existing = Article.objects.filter(content_hash=content_hash).first()
            if existing is not None:
                raise DuplicateArticle(f"이미 등록된 기사입니다: 「{existing.title}」", article=existing)
            article = Article.objects.create(
                body=ingested.body,
                content_hash=content_hash,
                source_format=ingested.source_format,
                published_at=published_at,
                uploaded_by=user,
                **meta,
            )
            if enqueue:
                _enqueue_extraction(article)
    except IntegrityError:
        # Two editors uploaded the same text at the same moment: the unique hash decided the winner.
        existing = Article.objects.get(content_hash=content_hash)
        raise DuplicateArticle(f"이미 등록된 기사입니다: 「{existing.title}」", article=existing) from None
    return article


def update_article_metadata(
    *,
    user: Any,
    article: Article,
    title: str,
    outlet: str = "",
    byline: str = "",
    url: str = "",
    published_at: datetime | None = None,
) -> Article:
    """Edit what the newsroom knows about an article; the body itself is never rewritten."""
    _require(user, "factcheck.change_article", "기사 정보를 수정할 권한이 없습니다.")
    meta = _clean_metadata(title=title, outlet=outlet, byline=byline, url=url)
    if not meta["title"]:
        raise InvalidUpload(
            "제목을 입력해 주세요.", code="invalid_metadata", details={"title": "제목을 입력해 주세요."}
        )
    for field, value in meta.items():
        setattr(article, field, value)
    article.published_at = published_at
    article.save(update_fields=[*meta, "published_at", "updated_at"])
    return article


def request_extraction(*, user: Any, article: Article) -> Article:
    """Queue a fresh extraction (after an extractor upgrade or a failure)."""
    _require(user, "factcheck.run_extraction", "주장 추출을 다시 실행할 권한이 없습니다.")
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            extraction_status=Article.ExtractionStatus.PENDING, extraction_error="", updated_at=timezone.now()
        )
        _enqueue_extraction(article)
    article.refresh_from_db()
    return article


def _enqueue_extraction(article: Article) -> None:
    from factcheck.tasks import extract_claims_task  # tasks imports services

    article_id = article.pk
    transaction.on_commit(lambda: extract_claims_task.enqueue(article_id))


def extract_article_claims(*, article_id: int) -> Article:
    """Run the extractor on an article and replace its unreviewed claims in one transaction."""
    updated = Article.objects.filter(pk=article_id).update(
        extraction_status=Article.ExtractionStatus.RUNNING, extraction_error="", updated_at=timezone.now()
    )
    if not updated:
        raise Article.DoesNotExist(f"article {article_id} does not exist")
    article = Article.objects.get(pk=article_id)
    try:
        sentences = extraction.extract(article.body, threshold=settings.CLAIM_THRESHOLD)
        _replace_claims(article_id, [s for s in sentences if s.check_worthy])
    except Exception as exc:  # the text is hostile and the worker long-lived: never leave it "running"
        logger.exception("claim extraction failed for article %s", article_id)
        Article.objects.filter(pk=article_id).update(
            extraction_status=Article.ExtractionStatus.FAILED,
            extraction_error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
    article.refresh_from_db()
    return article


def _extract_batch(articles: list[Article], *, num_workers: int = 0) -> None:
    """Extract many articles with one batched Kiwi run; if the batch fails, each article on its own."""
    if not articles:
        return
    ids = [a.pk for a in articles]
    Article.objects.filter(pk__in=ids).update(
        extraction_status=Article.ExtractionStatus.RUNNING, extraction_error="", updated_at=timezone.now()
    )
    try:
        batches = extraction.extract_many(
            [a.body for a in articles], threshold=settings.CLAIM_THRESHOLD, num_workers=num_workers
        )
    except Exception:
        # One hostile text must not sink the rest: fall back so only that article ends up "failed".
        logger.exception("batched extraction failed; extracting %d articles one by one", len(ids))
        for article_id in ids:
            extract_article_claims(article_id=article_id)
        return
    for article, sentences in zip(articles, batches, strict=True):
        try:
            _replace_claims(article.pk, [s for s in sentences if s.check_worthy])
        except Exception as exc:
            logger.exception("storing claims failed for article %s", article.pk)
            Article.objects.filter(pk=article.pk).update(
                extraction_status=Article.ExtractionStatus.FAILED,
                extraction_error=f"{type(exc).__name__}: {exc}"[:2000],
                updated_at=timezone.now(),
            )


def _claim_fields(sentence: extraction.Sentence) -> dict[str, Any]:
    return {
        "text": sentence.text,
        "sentence_index": sentence.index,
        "score": sentence.score,
        "types": list(sentence.types),
        "speaker": sentence.speaker,
        "quantities": [export.quantity_dict(q) for q in sentence.quantities],
        "dates": [export.date_dict(d) for d in sentence.dates],
        "evidence": list(sentence.evidence),
    }


@transaction.atomic
def _replace_claims(article_id: int, sentences: list[extraction.Sentence]) -> None:
    # Lock the article so two extractions of the same article cannot interleave their deletes and inserts.
    article = Article.objects.select_for_update().get(pk=article_id)
    by_span = {(s.start, s.end): s for s in sentences}
    existing = Claim.objects.filter(article=article).annotate(
        has_reviews=Exists(Review.objects.filter(claim=OuterRef("pk")))
    )
    unreviewed_ids = []
    for claim in existing:
        if not claim.has_reviews:
            unreviewed_ids.append(claim.pk)
            continue
        # A reviewed claim is evidence of work done: keep it, refresh it if the sentence is still there.
        sentence = by_span.pop((claim.start, claim.end), None)
        if sentence is None:
            claim.is_stale = True
            claim.save(update_fields=["is_stale", "updated_at"])
        else:
            for field, value in _claim_fields(sentence).items():
                setattr(claim, field, value)
            claim.is_stale = False
            claim.save()
    Claim.objects.filter(pk__in=unreviewed_ids).delete()
    Claim.objects.bulk_create(
        Claim(article=article, start=s.start, end=s.end, **_claim_fields(s)) for s in by_span.values()
    )
    article.extraction_status = Article.ExtractionStatus.DONE
    article.extraction_error = ""
    article.extractor_version = extraction.EXTRACTOR_VERSION
    article.extracted_at = timezone.now()
    article.save(
        update_fields=["extraction_status", "extraction_error", "extractor_version", "extracted_at", "updated_at"]
    )


def _clean_sources(sources: list[SourceInput]) -> list[Source]:
    cleaned, errors = [], {}
    for i, src in enumerate(sources):
        url, title = (src.url or "").strip(), (src.title or "").strip()
        try:
            _http_url(url)
        except ValidationError:
            errors[f"sources[{i}].url"] = "출처 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다."
        if not title:
            errors[f"sources[{i}].title"] = "출처 제목을 입력해 주세요."
        elif len(title) > 300:
            errors[f"sources[{i}].title"] = "출처 제목은 300자 이하여야 합니다."
        if len(src.publisher or "") > 200:
            errors[f"sources[{i}].publisher"] = "발행처는 200자 이하여야 합니다."
        cleaned.append(
            Source(
                url=url,
                title=title,
                publisher=(src.publisher or "").strip(),
                excerpt=(src.excerpt or "").strip(),
                accessed_at=src.accessed_at or timezone.now(),
            )
        )
    if errors:
        raise InvalidReview(next(iter(errors.values())), details=errors)
    return cleaned


def record_review(
    *,
    user: Any,
    claim: Claim,
    verdict: str,
    note: str,
    sources: list[SourceInput],
    expected_version: int,
) -> Review:
    """Append a verdict with its sources; refuse it if someone else reviewed the claim since `expected_version`."""
    if verdict == Review.Verdict.DISMISSED:
        if not (
            user
            and user.is_authenticated
            and (user.has_perm("factcheck.dismiss_claim") or user.has_perm("factcheck.review_claim"))
        ):
            raise NotAllowed("주장을 제외할 권한이 없습니다.")
    elif verdict in (Review.Verdict.VERIFIED, Review.Verdict.DISPUTED):
        _require(user, "factcheck.review_claim", "판정을 기록할 권한이 없습니다. 검토자 계정으로 로그인하세요.")
    else:
        raise InvalidReview(
            "판정은 사실(verified), 사실 아님(disputed), 주장 아님(dismissed) 중 하나여야 합니다.",
            details={"verdict": "invalid_choice"},
        )

    note = (note or "").strip()
    if verdict != Review.Verdict.DISMISSED:
        if not note:
            raise InvalidReview("판정 근거를 검토 메모에 적어 주세요.", details={"note": "required"})
        if not sources:
            raise InvalidReview("사실/사실 아님 판정에는 출처가 최소 1개 필요합니다.", details={"sources": "required"})
    source_rows = _clean_sources(sources)

    with transaction.atomic():
        # Row lock: two reviewers submitting at once are serialised, and the second sees the bumped version.
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.version != expected_version:
            latest = locked.reviews.select_related("reviewer").first()
            who = latest.reviewer.get_username() if latest else "다른 사용자"
            shown = latest.get_verdict_display() if latest else locked.get_status_display()
            raise VersionConflict(
                f"그사이 {who}님이 이 주장을 '{shown}'(으)로 판정했습니다. 최신 판정을 확인한 뒤 다시 기록하세요.",
                claim=locked,
                latest_review=latest,
            )
        review = Review.objects.create(
            claim=locked, reviewer=user, verdict=verdict, note=note, claim_version=locked.version
        )
        for src in source_rows:
            src.review = review
        Source.objects.bulk_create(source_rows)
        locked.status = verdict
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
    claim.status, claim.version = locked.status, locked.version
    return review
