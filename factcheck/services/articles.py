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

from factcheck import ingest, limits
from factcheck.errors import DuplicateArticle, InvalidUpload
from factcheck.models import Article
from factcheck.services import extraction, roles

_http_url = URLValidator(schemes=["http", "https"])
UPLOAD_FORBIDDEN = _("You may not upload articles. Sign in with an editor account.")
# The metadata's text fields and their limits (the model's max_length).
_MAX_CHARS = {
    "title": limits.ARTICLE_TITLE,
    "outlet": limits.ARTICLE_OUTLET,
    "byline": limits.ARTICLE_BYLINE,
    "url": limits.ARTICLE_URL,
}


def _clean_metadata(
    *, title: str, outlet: str, byline: str, url: str, published_at: datetime | None = None
) -> dict[str, Any]:
    """The metadata as stored (NFC, trimmed), or InvalidUpload naming every field that breaks a limit."""
    given = {"title": title, "outlet": outlet, "byline": byline, "url": url}
    meta = {name: limits.clean_text(value) for name, value in given.items()}
    errors = {}
    for name, value in meta.items():
        problem = limits.text_problem(value, label=_field_label(name), max_chars=_MAX_CHARS[name])
        if problem:
            errors[name] = problem.message
    if meta["url"] and "url" not in errors:
        try:
            _http_url(meta["url"])
        except ValidationError:
            errors["url"] = gettext("The original URL must be a valid address starting with http:// or https://.")
    time_problem = limits.time_problem(published_at)
    if time_problem:
        errors["published_at"] = time_problem
    if errors:
        raise InvalidUpload(next(iter(errors.values())), code="invalid_metadata", details=errors)
    return meta


def _field_label(name: str) -> str:
    return Article._meta.get_field(name).verbose_name


def _file_metadata(ingested: ingest.IngestedArticle) -> dict[str, Any]:
    """What the file says about itself, made to fit: nobody typed it, so it must not be refused.

    A page's og:title can run past the title's limit (it is cut); a canonical URL that is too long or not
    a web address, or a publication time out of range, is left out.
    """
    url = ingested.url
    try:
        _http_url(url)
    except ValidationError:
        url = ""
    return {
        "title": ingested.title[: limits.ARTICLE_TITLE].strip(),
        "outlet": ingested.outlet[: limits.ARTICLE_OUTLET].strip(),
        "byline": ingested.byline[: limits.ARTICLE_BYLINE].strip(),
        "url": url if len(url) <= limits.ARTICLE_URL else "",
        "published_at": None if limits.time_problem(ingested.published_at) else ingested.published_at,
    }


def _title_from_body(body: str) -> str:
    """The first line, without a credit opening it ("[뉴스투데이=양대규 기자] 정부는 …" → "정부는 …")."""
    for line in body.split("\n"):
        credit = ingest.parse_credit_line(line)
        line = (line[credit.end :] if credit is not None else line).strip()
        if line:
            return line[: limits.ARTICLE_TITLE].strip()
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
    from_file = _file_metadata(ingested)
    published_at = published_at or from_file["published_at"]
    meta = _clean_metadata(
        title=title.strip() or from_file["title"],
        outlet=outlet.strip() or from_file["outlet"],
        byline=byline.strip() or from_file["byline"],
        url=url.strip() or from_file["url"],
        published_at=published_at,
    )
    return _create_article(user, ingested, meta, published_at, enqueue=True)


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
            from_file = _file_metadata(ingested)
            meta = _clean_metadata(**{**from_file, "outlet": outlet or from_file["outlet"]})
            article = _create_article(user, ingested, meta, from_file["published_at"], enqueue=False)
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
    meta = _clean_metadata(title=title, outlet=outlet, byline=byline, url=url, published_at=published_at)
    if not meta["title"]:
        message = gettext("Enter a title.")
        raise InvalidUpload(message, code="invalid_metadata", details={"title": message})
    for field, value in meta.items():
        setattr(article, field, value)
    article.published_at = published_at
    article.save(update_fields=[*meta, "published_at", "updated_at"])
    return article
