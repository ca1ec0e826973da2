"""Articles entering the desk (upload, bulk import) and their metadata."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
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


# Files per chunk of a bulk import: each chunk is read, extracted in one batched Kiwi run and written in one
# transaction (with the database backend: one queued task). Large enough that Kiwi's thread pool stays busy
# and the chunk's few statements are nothing per article; small enough that an interrupt loses little.
IMPORT_BATCH_SIZE = 100


@dataclass(frozen=True)
class ImportOutcome:
    """One file of a bulk import: the article it became and its claim count, or why it did not.

    `resumed`: the file is a duplicate of an article still waiting for extraction, which this import ran.
    """

    name: str
    article: Article | None = None
    error: InvalidUpload | DuplicateArticle | None = None
    claims: int = 0
    resumed: bool = False


def import_articles(
    *, user: Any, files: Iterable[tuple[str, bytes]], outlet: str = "", num_workers: int = 0, batch_size: int = 0
) -> list[ImportOutcome]:
    """`import_batches` with every outcome in one list: for a handful of files."""
    batches = import_batches(user=user, files=files, outlet=outlet, num_workers=num_workers, batch_size=batch_size)
    return [outcome for batch in batches for outcome in batch]


def import_batches(
    *, user: Any, files: Iterable[tuple[str, bytes]], outlet: str = "", num_workers: int = 0, batch_size: int = 0
) -> Iterator[list[ImportOutcome]]:
    """Bulk import (an archive, a day's wire copy): one article per file, in chunks of `batch_size` files.

    Each chunk's outcomes are yielded once the chunk is committed, so `files` may be read lazily, and an
    interrupted import keeps the chunks before the one it was in: run again, their files are duplicates and
    the rest go in. Each file stands alone: a bad or duplicate file is reported and stores nothing.

    A chunk's claims are extracted in one batched Kiwi run (`num_workers` > 0: that many articles at a time)
    before its articles and claims are written in one transaction, so no article is ever seen half-done.
    With the database task backend the chunk is one queued task instead, which any `db_worker` may take.
    With the immediate backend, a file's article that is on the desk but still waiting for extraction (queued
    for workers that never ran) is extracted now too.
    """
    roles.require(user, roles.UPLOAD, UPLOAD_FORBIDDEN)
    return _import_batches(user, iter(files), outlet, num_workers, batch_size or IMPORT_BATCH_SIZE)


def _import_batches(
    user: Any, files: Iterator[tuple[str, bytes]], outlet: str, num_workers: int, batch_size: int
) -> Iterator[list[ImportOutcome]]:
    queued = extraction.queues_in_database()
    while chunk := list(islice(files, batch_size)):
        yield _import_chunk(user, chunk, outlet=outlet, num_workers=num_workers, queued=queued)


def _import_chunk(
    user: Any, files: list[tuple[str, bytes]], *, outlet: str, num_workers: int, queued: bool
) -> list[ImportOutcome]:
    read: list[tuple[str, Article | InvalidUpload]] = []  # per file: its article-to-be, or why there is none
    for name, data in files:
        try:
            read.append((name, _imported_article(user, name, data, outlet)))
        except InvalidUpload as exc:
            read.append((name, exc))
    firsts: dict[str, Article] = {}  # the first file of each body; later ones are its duplicates
    for _name, item in read:
        if isinstance(item, Article):
            firsts.setdefault(item.content_hash, item)
    on_desk = _articles_with_hashes(list(firsts))
    new = [article for content_hash, article in firsts.items() if content_hash not in on_desk]
    waiting: dict[int, str] = {}  # articles on the desk still queued, that nothing else will extract: their bodies
    if not queued:
        pending = [a.pk for a in on_desk.values() if a.extraction_status == Article.ExtractionStatus.PENDING]
        if pending:
            waiting = dict(Article.objects.filter(pk__in=pending).order_by("pk").values_list("pk", "body"))

    # Kiwi works before the transaction: no lock is held meanwhile, and an interrupt then writes nothing.
    results: list[extraction.BatchResult | None] = [None] * len(new)
    waiting_results: list[extraction.BatchResult] = []
    if not queued and (new or waiting):
        extracted = extraction.extract_texts([a.body for a in new] + list(waiting.values()), num_workers=num_workers)
        results, waiting_results = extracted[: len(new)], extracted[len(new) :]
    work = list(zip(new, results, strict=True))
    while work or waiting:
        try:
            with transaction.atomic():
                created = Article.objects.bulk_create([article for article, _result in work])
                created_ids = [article.pk for article in created]
                if queued:
                    extraction.enqueue_batch(created_ids)
                else:
                    extraction.store_extracted(
                        [*created_ids, *waiting], [result for _article, result in work] + waiting_results
                    )
            break
        except IntegrityError:
            # Another upload of the same text committed since the hashes were read: the unique hash decided,
            # its file is a duplicate, and the chunk is written again without it.
            raced = _articles_with_hashes([article.content_hash for article, _result in work])
            if not raced:
                raise
            on_desk |= raced
            work = [(article, result) for article, result in work if article.content_hash not in raced]
            for article, _result in work:  # rolled back: bulk_create numbers them again
                article.pk, article._state.adding = None, True
    return _import_outcomes(
        read, firsts, on_desk, created=[article.pk for article, _result in work], resumed=set(waiting)
    )


def _imported_article(user: Any, name: str, data: bytes, outlet: str) -> Article:
    """The file as an article not yet saved: decoded, its metadata from the file (the outlet as given)."""
    ingested = _ingest(file_name=name, file_data=data)
    from_file = _file_metadata(ingested)
    meta = _clean_metadata(**{**from_file, "outlet": outlet or from_file["outlet"]})
    return _unsaved_article(user, ingested, meta, from_file["published_at"])


def _articles_with_hashes(hashes: list[str]) -> dict[str, Article]:
    found = Article.objects.filter(content_hash__in=hashes).only("title", "content_hash", "extraction_status")
    return {article.content_hash: article for article in found}


def _import_outcomes(
    read: list[tuple[str, Article | InvalidUpload]],
    firsts: dict[str, Article],
    on_desk: dict[str, Article],
    *,
    created: list[int],
    resumed: set[int],
) -> list[ImportOutcome]:
    from factcheck.selectors import claim_count  # selectors import services

    # One query for the chunk: status and claim count as committed.
    fresh = Article.objects.filter(pk__in=[*created, *resumed]).annotate(claim_total=claim_count()).in_bulk()
    outcomes = []
    for name, item in read:
        if isinstance(item, InvalidUpload):
            outcomes.append(ImportOutcome(name, error=item))
            continue
        if item.pk in fresh and firsts[item.content_hash] is item:
            article = fresh[item.pk]
            outcomes.append(ImportOutcome(name, article=article, claims=article.claim_total))
            continue
        original = on_desk.get(item.content_hash) or firsts[item.content_hash]
        original = fresh.get(original.pk, original)
        finished = original.extraction_status in (Article.ExtractionStatus.DONE, Article.ExtractionStatus.FAILED)
        ran = original.pk in resumed and finished
        claims = original.claim_total if ran else 0
        outcomes.append(ImportOutcome(name, error=_duplicate(original), claims=claims, resumed=ran))
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


def _unsaved_article(
    user: Any, ingested: ingest.IngestedArticle, meta: dict[str, str], published_at: datetime | None
) -> Article:
    return Article(
        body=ingested.body,
        content_hash=ingest.content_hash(ingested.body),
        source_format=ingested.source_format,
        published_at=published_at,
        uploaded_by=user,
        **{**meta, "title": meta["title"] or _title_from_body(ingested.body)},
    )


def _create_article(
    user: Any, ingested: ingest.IngestedArticle, meta: dict[str, str], published_at: datetime | None, *, enqueue: bool
) -> Article:
    article = _unsaved_article(user, ingested, meta, published_at)
    content_hash = article.content_hash
    try:
        with transaction.atomic():
            existing = Article.objects.filter(content_hash=content_hash).first()
            if existing is not None:
                raise _duplicate(existing)
            article.save(force_insert=True)
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
