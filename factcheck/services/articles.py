"""Articles entering the desk (upload, bulk import) and their metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck import ingest
from factcheck.errors import DuplicateArticle, InvalidUpload
from factcheck.models import Article
from factcheck.services import extraction, roles

_http_url = URLValidator(schemes=["http", "https"])
UPLOAD_FORBIDDEN = _("You may not upload articles. Sign in with an editor account.")


def _clean_metadata(*, title: str, outlet: str, byline: str, url: str) -> dict[str, str]:
    title, outlet, byline, url = (v.strip() for v in (title, outlet, byline, url))
    errors = {}
    if len(title) > 300:
        errors["title"] = gettext("The title must be at most 300 characters.")
    if len(outlet) > 200:
        errors["outlet"] = gettext("The outlet's name must be at most 200 characters.")
    if len(byline) > 200:
        errors["byline"] = gettext("The byline must be at most 200 characters.")
    if url:
        try:
            _http_url(url)
        except ValidationError:
            errors["url"] = gettext("The original URL must be a valid address starting with http:// or https://.")
    if errors:
        raise InvalidUpload(next(iter(errors.values())), code="invalid_metadata", details=errors)
    return {"title": title, "outlet": outlet, "byline": byline, "url": url}


def _title_from_body(body: str) -> str:
    """The first line, without a credit opening it ("[뉴스투데이=양대규 기자] 정부는 …" → "정부는 …")."""
    for line in body.split("\n"):
        credit = ingest.parse_credit_line(line)
        line = (line[credit.end :] if credit is not None else line).strip()
        if line:
            return line[:300]
    return ""


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
    """Turn pasted text or an uploaded file into an Article and queue its claim extraction.

    Metadata the editor left empty comes from the upload: the file's own (an HTML page's og:title,
    og:site_name, author), the credit line the body opens with ("[뉴스투데이=양대규 기자]"), the first line.
    """
    roles.require(user, roles.UPLOAD, UPLOAD_FORBIDDEN)
    if text is not None and file_data is not None:
        if ingest.matching_key(text):
            raise _text_and_file(file_name)
        text = None  # a blank textarea beside a file: the file is the article
    if text is None and file_data is None:
        raise InvalidUpload(gettext("Paste the article body, or upload one file."), code="no_input")
    ingested = _ingest(text=text, file_name=file_name, file_data=file_data)
    meta = _clean_metadata(
        title=title.strip() or ingested.title,
        outlet=outlet.strip() or ingested.outlet,
        byline=byline.strip() or ingested.byline,
        url=url.strip() or ingested.url,
    )
    return _create_article(user, ingested, meta, published_at or ingested.published_at, enqueue=True)


def _text_and_file(file_name: str | None) -> InvalidUpload:
    # Named, because a browser cannot keep the chosen file when the form comes back: the editor re-picks it.
    shown = (file_name or "").strip() or gettext("unnamed file")
    message = gettext("You sent pasted text and a file (“%(name)s”) together. Send only one of them.") % {"name": shown}
    return InvalidUpload(message, code="text_and_file", details={"file": message})


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
    roles.require(user, roles.UPLOAD, UPLOAD_FORBIDDEN)
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
    extraction.extract_batch(created, num_workers=num_workers)
    for outcome in outcomes:
        if outcome.article is not None:
            outcome.article.refresh_from_db()
    return outcomes


def _ingest(*, text: str | None = None, file_name: str | None = None, file_data: bytes | None = None):
    try:
        if file_data is not None:
            return ingest.ingest_file(
                file_name or "", file_data, max_bytes=settings.MAX_UPLOAD_BYTES, max_chars=settings.MAX_ARTICLE_CHARS
            )
        return ingest.ingest_text(text or "", max_bytes=settings.MAX_UPLOAD_BYTES, max_chars=settings.MAX_ARTICLE_CHARS)
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
                raise _duplicate(existing)
            article = Article.objects.create(
                body=ingested.body,
                content_hash=content_hash,
                source_format=ingested.source_format,
                published_at=published_at,
                uploaded_by=user,
                **meta,
            )
            if enqueue:
                extraction.enqueue(article)
    except IntegrityError:
        # Two editors uploaded the same text at the same moment: the unique hash decided the winner.
        existing = Article.objects.get(content_hash=content_hash)
        raise _duplicate(existing) from None
    return article


def _duplicate(existing: Article) -> DuplicateArticle:
    message = gettext("This article is already on the desk: “%(title)s”") % {"title": existing.title}
    return DuplicateArticle(message, article=existing)


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
    roles.require(user, roles.EDIT, gettext("You may not edit article details."))
    meta = _clean_metadata(title=title, outlet=outlet, byline=byline, url=url)
    if not meta["title"]:
        message = gettext("Enter a title.")
        raise InvalidUpload(message, code="invalid_metadata", details={"title": message})
    for field, value in meta.items():
        setattr(article, field, value)
    article.published_at = published_at
    article.save(update_fields=[*meta, "published_at", "updated_at"])
    return article
