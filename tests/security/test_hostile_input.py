"""The hostile-input catalogue: every kind of bad input, on every writable endpoint and page form, as one table.

Each row is a request made against a small desk (an article, an open claim, a claim with a proposal, a final
claim), the status it must get, the stable `code` (API) or the form field whose error the page shows (web),
and the rows it may write: none at all when it is refused. A field at its limit is accepted and one character
past it is a 400 naming the field, never a 500 — on SQLite and on PostgreSQL alike (run the file with
DATABASE_URL set): PostgreSQL refuses what SQLite stores silently (an over-long varchar, a NUL, a lone
surrogate), so a path that skips validation shows up there as a 500.

The limits are read from factcheck/limits.py, which reads the models: the table follows the declarations.
"""

from __future__ import annotations

import functools
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape
from rest_framework.test import APIClient

from factcheck import ingest, limits, services
from factcheck.api.parsers import MAX_JSON_DEPTH
from factcheck.models import ApiToken, Article, Claim, Correction, Notification, Review, Source
from factcheck.services import SourceInput

pytestmark = pytest.mark.django_db

# The rows a request could write; a refused request changes none of their counts.
MODELS = (Article, Claim, Review, Source, Notification, ApiToken, Correction)

BODY = (
    "통계청은 지난해 실업률이 3.1%로 집계됐다고 밝혔다.\n"
    "김민수 통계청장은 취업자 수가 30만명 늘었다고 말했다.\n"
    "정부는 올해 예산을 5% 늘렸다고 발표했다."
)
NEW_BODY = "국회는 내년 예산안 656조원을 본회의에서 통과시켰다고 밝혔다."  # not on the desk yet
SOURCE = {"url": "https://kostat.go.kr/board.es?mid=a10301", "title": "경제활동인구조사"}
SCRIPT = "<script>alert(1)</script>"
KOREAN = "한국어 제목과 본문"
NFD_KOREAN = unicodedata.normalize("NFD", KOREAN)
assert NFD_KOREAN != KOREAN

# Django's and DRF's own words for a field past its limit, in Korean (their catalogues, not ours).
WEB_TOO_LONG = "이 값이 최대 {limit} 개의 글자인지 확인하세요(입력값 {length} 자)."
API_TOO_LONG = "이 필드의 글자 수가 {limit} 이하인지 확인하세요."
NUL_REFUSED = "null 문자는 사용할 수 없습니다."


# The desk every row is sent to ------------------------------------------------------------------------


@dataclass
class Desk:
    users: dict[str, Any]
    article: Article
    open: Claim  # pending, no proposal
    proposed: Claim  # "reviewer" proposed verified: waiting for a cross-check
    final: Claim  # "reviewer" dismissed it

    def api(self, who: str | None = "editor") -> APIClient:
        client = APIClient()
        if who:
            client.force_login(self.users[who])
        return client

    def web(self, who: str | None = "editor") -> Client:
        client = Client()
        if who:
            client.force_login(self.users[who])
        return client


@pytest.fixture
def desk(editor, reviewer, other_reviewer, outsider) -> Desk:
    article = Article.objects.create(
        title="실업률 기사", body=BODY, content_hash=ingest.content_hash(BODY), uploaded_by=editor
    )
    claims, start = [], 0
    for i, sentence in enumerate(BODY.split("\n")):
        claims.append(
            Claim.objects.create(
                article=article, text=sentence, start=start, end=start + len(sentence), sentence_index=i, score=0.9
            )
        )
        start += len(sentence) + 1
    open_claim, proposed, final = claims
    source = SourceInput(**SOURCE)
    services.record_review(
        user=reviewer, claim=proposed, verdict="verified", note="통계청 발표", sources=[source], expected_version=1
    )
    services.record_review(user=reviewer, claim=final, verdict="dismissed", note="", sources=[], expected_version=1)
    users = {"editor": editor, "reviewer": reviewer, "reviewer2": other_reviewer, "outsider": outsider}
    return Desk(users, article, open_claim, *(Claim.objects.get(pk=c.pk) for c in (proposed, final)))


# One row of the table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    channel: str  # "api" | "web"
    send: Callable[[Desk], Any]
    status: int
    code: str | None = None  # API: the body's stable `code`
    # The field the error names: a key of the API body (`errors` nested as "sources.0.url", or the service's
    # own keys); on a page, the bound form's field ("__all__": the message above the form).
    field: str | None = None
    form: str | None = None  # web: where the bound form is in the template context ("form", "forms.review")
    message: str | None = None  # words the person reads, in the API body or on the page
    writes: dict[type, int] = dataclass_field(default_factory=dict)  # rows added by an accepted request
    stored: Callable[[Desk], Any] | None = None  # accepted: what the database holds afterwards …
    expect: Any = None  # … must equal this
    setup: Callable[[Desk], None] | None = None
    shown_escaped: str | None = None  # web: text the page shows escaped, never as markup
    check: Callable[[Any], bool] | None = None  # anything else the answer must show


def _counts() -> dict[type, int]:
    return {model: model.objects.count() for model in MODELS}


def _named_fields(body: dict[str, Any]) -> set[str]:
    """Every field an API error body names: DRF's nested `errors` ("sources.0.url") and the services' keys."""
    names: set[str] = set()

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            for i, item in enumerate(value):
                walk(item, f"{path}.{i}")
        elif path:
            names.add(path)

    walk(body.get("errors", {}), "")
    for key, value in body.items():
        if key not in ("code", "detail", "errors"):
            names.add(key.replace("[", ".").replace("]", ""))
            if key == "field":
                names.add(value)
    return names


def _bound_form(response: Any, path: str) -> Any:
    value: Any = response.context
    for part in path.split("."):
        value = value[part]
    return value


# Request builders --------------------------------------------------------------------------------------------


def _json(client: APIClient, method: str, path: str, payload: Any) -> Any:
    # Encoded here (ASCII escapes) so a lone surrogate reaches the server as JSON sends it: "\ud800".
    return getattr(client, method)(path, data=json.dumps(payload), content_type="application/json")


def api_upload(**fields: Any) -> Callable[[Desk], Any]:
    return lambda d: _json(d.api("editor"), "post", "/api/articles/", {"text": NEW_BODY, **fields})


def api_upload_raw(payload: Any) -> Callable[[Desk], Any]:
    return lambda d: _json(d.api("editor"), "post", "/api/articles/", payload)


def api_file(name: str, data: bytes | Callable[[], bytes], **fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        upload = io.BytesIO(data() if callable(data) else data)
        upload.name = name
        return d.api("editor").post("/api/articles/", {"file": upload, **fields}, format="multipart")

    return send


def api_patch(**fields: Any) -> Callable[[Desk], Any]:
    return lambda d: _json(d.api("editor"), "patch", f"/api/articles/{d.article.pk}/", fields)


def api_review(source: dict[str, Any] | None = None, **fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        body = {"verdict": "verified", "note": "통계청 발표와 같다.", "version": d.open.version}
        body["sources"] = [{**SOURCE, **(source or {})}]
        return _json(d.api("reviewer"), "post", f"/api/claims/{d.open.pk}/reviews/", {**body, **fields})

    return send


def api_cross_check(**fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        body = {"decision": "reject", "note": "출처가 다른 해의 통계다.", "version": d.proposed.version, **fields}
        return _json(d.api("reviewer2"), "post", f"/api/claims/{d.proposed.pk}/cross-check/", body)

    return send


def api_reopen(**fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        body = {"reason": "새 통계가 나왔다.", "version": d.final.version, **fields}
        return _json(d.api("reviewer2"), "post", f"/api/claims/{d.final.pk}/reopen/", body)

    return send


def api_token(**fields: Any) -> Callable[[Desk], Any]:
    body = {"username": "editor", "password": "pw-editor", **fields}
    return lambda d: _json(d.api(None), "post", "/api/auth/token/", body)


def api_post(path: str, who: str = "editor", **payload: Any) -> Callable[[Desk], Any]:
    return lambda d: _json(d.api(who), "post", path.format(d=d), payload)


def api_get(path: str, who: str = "reviewer", **params: Any) -> Callable[[Desk], Any]:
    return lambda d: d.api(who).get(path.format(d=d), params)


def web_post(path: str, who: str = "editor", **data: Any) -> Callable[[Desk], Any]:
    return lambda d: d.web(who).post(path.format(d=d), {k: v(d) if callable(v) else v for k, v in data.items()})


def web_get(path: str, who: str = "reviewer", **params: Any) -> Callable[[Desk], Any]:
    return lambda d: d.web(who).get(path.format(d=d), params)


def web_upload(**fields: Any) -> Callable[[Desk], Any]:
    return web_post("/articles/new/", **{"text": NEW_BODY, **fields})


def web_file(name: str, data: bytes | Callable[[], bytes], **fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        upload = io.BytesIO(data() if callable(data) else data)
        upload.name = name
        return d.web("editor").post("/articles/new/", {"text": "", "file": upload, **fields})

    return send


def web_edit(**fields: Any) -> Callable[[Desk], Any]:
    return web_post("/articles/{d.article.pk}/edit/", **{"title": "실업률 기사", **fields})


def web_review(rows: int = 1, **fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        data = {"review-verdict": "verified", "review-note": "통계청 발표와 같다.", "review-version": d.open.version}
        for n in range(1, rows + 1):
            data[f"review-source_{n}_url"], data[f"review-source_{n}_title"] = SOURCE["url"], SOURCE["title"]
        data.update({f"review-{key}": value for key, value in fields.items()})
        return d.web("reviewer").post(f"/claims/{d.open.pk}/review/", data)

    return send


def web_cross_check(**fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        data = {
            "check-decision": "reject",
            "check-note": "출처가 다른 해의 통계다.",
            "check-version": d.proposed.version,
        }
        data.update({f"check-{key}": value for key, value in fields.items()})
        return d.web("reviewer2").post(f"/claims/{d.proposed.pk}/cross-check/", data)

    return send


def web_reopen(**fields: Any) -> Callable[[Desk], Any]:
    def send(d: Desk) -> Any:
        data = {"reopen-reason": "새 통계가 나왔다.", "reopen-version": d.final.version}
        data.update({f"reopen-{key}": value for key, value in fields.items()})
        return d.web("reviewer2").post(f"/claims/{d.final.pk}/reopen/", data)

    return send


def web_token(**fields: Any) -> Callable[[Desk], Any]:
    return web_post("/settings/tokens/", **{"name": "CMS 피드", "scope": "read", "expires_in_days": "30", **fields})


def web_login(path: str = "/login/", **fields: Any) -> Callable[[Desk], Any]:
    return lambda d: Client().post(path, {"username": "editor", "password": "pw-editor", **fields})


# Files ----------------------------------------------------------------------------------------------------------

ARTICLE = "정부는 올해 예산을 5% 늘렸다고 13일 밝혔다.\n기획재정부는 총지출이 656조원이라고 설명했다."


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def _zip_bomb() -> bytes:
    """A real .docx whose document.xml inflates past the unpacking cap (10× the upload limit) from ~100 kB."""
    cap = ingest.DOCX_UNPACK_FACTOR * settings.MAX_UPLOAD_BYTES
    source = zipfile.ZipFile(io.BytesIO(_docx(["x"])))
    paragraph = b"<w:p><w:r><w:t>" + "가".encode() * 1000 + b"</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, _, _ = data.partition(b"<w:body>")
                data = head + b"<w:body>" + paragraph * (cap // len(paragraph) + 1) + b"</w:body></w:document>"
            bomb.writestr(info, data)
    assert len(out.getvalue()) < settings.MAX_UPLOAD_BYTES
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
NESTED_HTML = ("<html><body>" + "<div>" * 100_000 + "<p>본문</p>" + "</div>" * 100_000 + "</body></html>").encode()


def _html(title: str = "기사 제목", canonical: str = "https://news.example.kr/1", body: str = ARTICLE) -> bytes:
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title><link rel="canonical" href="{canonical}"></head>'
        f"<body><article><p>{body}</p></article></body></html>"
    ).encode()


def _latest(model: type, attribute: str, by: str = "id") -> Callable[[Desk], Any]:
    return lambda d: getattr(model.objects.latest(by), attribute)


def _article(attribute: str) -> Callable[[Desk], Any]:
    return lambda d: getattr(Article.objects.get(pk=d.article.pk), attribute)


# Every stored text field, on each channel, at its limit and past it ---------------------------------------------


@dataclass(frozen=True)
class TextField:
    name: str  # "upload.title": the row names start with it
    channel: str
    send: Callable[[str], Callable[[Desk], Any]]  # value → request builder
    field: str  # the field an error names
    limit: int
    stored: Callable[[Desk], str]
    ok: int  # the status of an accepted request
    writes: dict[type, int]
    form: str | None = None
    prefix: str = ""  # URLs start with a scheme and a host
    filler: str = "가"


URL = "https://example.com/"
UPLOADED = {Article: 1}
REVIEWED = {Review: 1, Source: 1}
ANSWERED = {Review: 1, Notification: 1}  # a rejection or a reopening, and its notice


def _text_fields() -> list[TextField]:
    def source(part: str) -> Callable[[str], Callable[[Desk], Any]]:
        return lambda v: api_review(source={part: v})

    def web_source(part: str) -> Callable[[str], Callable[[Desk], Any]]:
        return lambda v: web_review(**{f"source_1_{part}": v})

    meta = [
        ("title", limits.ARTICLE_TITLE, ""),
        ("outlet", limits.ARTICLE_OUTLET, ""),
        ("byline", limits.ARTICLE_BYLINE, ""),
        ("url", limits.ARTICLE_URL, URL),
    ]
    sources = [
        ("url", limits.SOURCE_URL, URL),
        ("title", limits.SOURCE_TITLE, ""),
        ("publisher", limits.SOURCE_PUBLISHER, ""),
        ("excerpt", limits.EXCERPT_MAX_CHARS, ""),
    ]
    fields = []
    for name, limit, prefix in meta:
        fields += [
            TextField(
                f"upload.{name}",
                "api",
                lambda v, n=name: api_upload(**{n: v}),
                name,
                limit,
                _latest(Article, name),
                201,
                UPLOADED,
                prefix=prefix,
            ),
            TextField(
                f"metadata.{name}",
                "api",
                lambda v, n=name: api_patch(**{n: v}),
                name,
                limit,
                _article(name),
                200,
                {},
                prefix=prefix,
            ),
            TextField(
                f"upload.{name}",
                "web",
                lambda v, n=name: web_upload(**{n: v}),
                name,
                limit,
                _latest(Article, name),
                302,
                UPLOADED,
                form="form",
                prefix=prefix,
            ),
            TextField(
                f"edit.{name}",
                "web",
                lambda v, n=name: web_edit(**{n: v}),
                name,
                limit,
                _article(name),
                302,
                {},
                form="form",
                prefix=prefix,
            ),
        ]
    for part, limit, prefix in sources:
        fields += [
            TextField(
                f"review.source.{part}",
                "api",
                source(part),
                f"sources.0.{part}",
                limit,
                _latest(Source, part),
                201,
                REVIEWED,
                prefix=prefix,
            ),
            TextField(
                f"review.source.{part}",
                "web",
                web_source(part),
                f"source_1_{part}",
                limit,
                _latest(Source, part),
                302,
                REVIEWED,
                form="forms.review",
                prefix=prefix,
            ),
        ]
    note = limits.NOTE_MAX_CHARS
    fields += [
        TextField(
            "review.note", "api", lambda v: api_review(note=v), "note", note, _latest(Review, "note"), 201, REVIEWED
        ),
        TextField(
            "review.note",
            "web",
            lambda v: web_review(note=v),
            "note",
            note,
            _latest(Review, "note"),
            302,
            REVIEWED,
            "forms.review",
        ),
        TextField(
            "cross-check.note",
            "api",
            lambda v: api_cross_check(note=v),
            "note",
            note,
            _latest(Review, "note"),
            201,
            ANSWERED,
        ),
        TextField(
            "cross-check.note",
            "web",
            lambda v: web_cross_check(note=v),
            "note",
            note,
            _latest(Review, "note"),
            302,
            ANSWERED,
            "forms.cross_check",
        ),
        TextField(
            "reopen.reason",
            "api",
            lambda v: api_reopen(reason=v),
            "reason",
            note,
            _latest(Review, "note"),
            201,
            ANSWERED,
        ),
        TextField(
            "reopen.reason",
            "web",
            lambda v: web_reopen(reason=v),
            "reason",
            note,
            _latest(Review, "note"),
            302,
            ANSWERED,
            "forms.reopen",
        ),
        TextField(
            "token.name",
            "api",
            lambda v: api_token(name=v),
            "name",
            limits.TOKEN_NAME,
            _latest(ApiToken, "name", by="created"),
            200,
            {ApiToken: 1},
        ),
        TextField(
            "token.name",
            "web",
            lambda v: web_token(name=v),
            "name",
            limits.TOKEN_NAME,
            _latest(ApiToken, "name", by="created"),
            200,
            {ApiToken: 1},
            "form",
        ),
    ]
    return fields


def _text_field_cases(f: TextField) -> list[Case]:
    """NUL, a lone surrogate (JSON only: a browser cannot send one), markup, NFD, invisible edges, the limit."""
    p = f.prefix
    filler = "a" if p else f.filler
    korean = KOREAN.replace(" ", "") if p else KOREAN  # an address has no spaces
    nfd = unicodedata.normalize("NFD", korean)
    at_limit = p + filler * (f.limit - len(p))
    past_limit = at_limit + filler
    name = f"{f.channel}-{f.name}"
    accepted = {"status": f.ok, "writes": f.writes, "stored": f.stored}
    cases = [
        Case(f"{name}-at-limit", f.channel, f.send(at_limit), **accepted, expect=at_limit),
        Case(f"{name}-markup-kept-as-text", f.channel, f.send(p + SCRIPT), **accepted, expect=p + SCRIPT),
        Case(
            f"{name}-attribute-injection-kept-as-text",
            f.channel,
            f.send(p + '"onmouseover="alert(1)'),
            **accepted,
            expect=p + '"onmouseover="alert(1)',
        ),
        Case(f"{name}-nfd-stored-nfc", f.channel, f.send(p + nfd), **accepted, expect=p + korean),
        Case(
            f"{name}-invisible-edges-trimmed",
            f.channel,
            f.send(" \u200b" + p + korean + "\ufeff\u3000"),
            **accepted,
            expect=p + korean,
        ),
    ]
    if not p:  # decomposed, the limit's syllables are two or three times as many code points
        nfd_limit = unicodedata.normalize("NFD", "한" * f.limit)
        cases.append(Case(f"{name}-nfd-at-limit", f.channel, f.send(nfd_limit), **accepted, expect="한" * f.limit))
    if f.channel == "api":
        cases += [
            Case(
                f"{name}-past-limit",
                "api",
                f.send(past_limit),
                400,
                "invalid",
                f.field,
                message=API_TOO_LONG.format(limit=f.limit),
            ),
            Case(f"{name}-nul", "api", f.send(p + "가\x00나"), 400, "invalid", f.field, message=NUL_REFUSED),
            Case(f"{name}-lone-surrogate", "api", f.send(p + "가\ud800나"), 400, "invalid_unicode"),
        ]
    else:
        cases += [
            Case(
                f"{name}-past-limit",
                "web",
                f.send(past_limit),
                400,
                field=f.field,
                form=f.form,
                message=WEB_TOO_LONG.format(limit=f.limit, length=f.limit + 1),
            ),
            Case(f"{name}-nul", "web", f.send(p + "가\x00나"), 400, field=f.field, form=f.form, message=NUL_REFUSED),
        ]
    return cases


TEXT_FIELD_CASES = [case for f in _text_fields() for case in _text_field_cases(f)]

# The article body: pasted, or a file in every encoding a newsroom sends ---------------------------------------------

UTF16 = ARTICLE.encode("utf-16-le")
BODY_CASES = [
    Case("api-upload-text-empty", "api", api_upload(text=""), 400, "empty"),
    Case("api-upload-text-whitespace", "api", api_upload(text=" \n\t\u3000 "), 400, "empty"),
    Case("api-upload-text-zero-width-only", "api", api_upload(text="\u200b\u200c\u200d\ufeff"), 400, "empty"),
    Case("api-upload-text-nul", "api", api_upload(text=ARTICLE + "\x00"), 400, "binary"),
    Case("api-upload-text-lone-surrogate", "api", api_upload(text=ARTICLE + "\ud800"), 400, "invalid_unicode"),
    Case(
        "api-upload-text-nfd-stored-nfc",
        "api",
        api_upload(text=NFD_KOREAN),
        201,
        writes=UPLOADED,
        stored=_latest(Article, "body"),
        expect=KOREAN,
    ),
    Case(
        "api-upload-text-markup-kept-as-text",
        "api",
        api_upload(text=f"{ARTICLE}\n{SCRIPT}<img src=x onerror=alert(1)>"),
        201,
        writes=UPLOADED,
        stored=_latest(Article, "body"),
        expect=f"{ARTICLE}\n{SCRIPT}<img src=x onerror=alert(1)>",
    ),
    Case(
        "api-upload-text-at-char-limit",
        "api",
        api_upload(text="가" * settings.MAX_ARTICLE_CHARS),
        201,
        writes=UPLOADED,
        stored=lambda d: len(Article.objects.latest("id").body),
        expect=settings.MAX_ARTICLE_CHARS,
    ),
    Case(
        "api-upload-text-past-char-limit",
        "api",
        api_upload(text="가" * (settings.MAX_ARTICLE_CHARS + 1)),
        400,
        "too_long",
    ),
    Case("api-upload-text-and-file", "api", api_file("a.txt", ARTICLE.encode(), text=ARTICLE), 400, "text_and_file"),
    Case("api-upload-nothing", "api", api_upload_raw({}), 400, "no_input"),
    Case("api-upload-empty-file", "api", api_file("a.txt", b""), 400, "empty"),
    Case("api-upload-binary-file", "api", api_file("a.txt", bytes(range(256)) * 8), 400, "binary"),
    Case("api-upload-png-renamed-txt", "api", api_file("photo.txt", PNG), 400, "binary"),
    Case("api-upload-pdf", "api", api_file("a.pdf", b"%PDF-1.7\n"), 400, "unsupported_type"),
    Case("api-upload-no-extension", "api", api_file("article", ARTICLE.encode()), 400, "unsupported_type"),
    Case("api-upload-undecodable", "api", api_file("a.txt", b"\x81\xff" * 100), 400, "undecodable"),
    Case(
        "api-upload-utf16-with-a-nul-character",
        "api",
        api_file("a.txt", (ARTICLE + "\x00").encode("utf-16")),
        400,
        "binary",
    ),
    Case("api-upload-corrupt-docx", "api", api_file("a.docx", b"PK\x03\x04 not a zip"), 400, "bad_docx"),
    Case("api-upload-zip-bomb-docx", "api", api_file("bomb.docx", _zip_bomb), 400, "too_large"),
    Case("api-upload-100k-nested-html", "api", api_file("page.html", NESTED_HTML), 400, "too_deep"),
    Case("api-upload-10mb-file", "api", api_file("big.txt", b"a" * (10 * 1024 * 1024)), 400, "too_large"),
    # Exactly the byte limit passes the size check (then its 2 million characters are too many).
    Case(
        "api-upload-file-at-byte-limit", "api", api_file("big.txt", b"a" * settings.MAX_UPLOAD_BYTES), 400, "too_long"
    ),
    Case(
        "api-upload-file-past-byte-limit",
        "api",
        api_file("big.txt", b"a" * (settings.MAX_UPLOAD_BYTES + 1)),
        400,
        "too_large",
    ),
    Case(
        "api-upload-html-title-past-limit-is-cut",
        "api",
        api_file("page.html", _html(title="가" * (limits.ARTICLE_TITLE + 100))),
        201,
        writes=UPLOADED,
        stored=_latest(Article, "title"),
        expect="가" * limits.ARTICLE_TITLE,
    ),
    Case(
        "api-upload-html-canonical-url-past-limit-is-left-out",
        "api",
        api_file("page.html", _html(canonical=URL + "a" * limits.ARTICLE_URL)),
        201,
        writes=UPLOADED,
        stored=_latest(Article, "url"),
        expect="",
    ),
    Case(
        "api-upload-html-markup-in-the-title-is-text",
        "api",
        api_file("page.html", _html(title="&lt;script&gt;alert(1)&lt;/script&gt; 제목")),
        201,
        writes=UPLOADED,
        stored=_latest(Article, "title"),
        expect=SCRIPT + " 제목",
    ),
]
ENCODINGS = [
    ("utf-8", ARTICLE.encode()),
    ("utf-8-bom", b"\xef\xbb\xbf" + ARTICLE.encode()),
    ("cp949", ARTICLE.encode("cp949")),
    ("euc-kr", ARTICLE.encode("euc-kr")),
    ("utf-16-le-bom", b"\xff\xfe" + UTF16),
    ("utf-16-be-bom", b"\xfe\xff" + ARTICLE.encode("utf-16-be")),
    ("utf-16-le", UTF16),
    ("utf-16-be", ARTICLE.encode("utf-16-be")),
    ("utf-8-nfd", unicodedata.normalize("NFD", ARTICLE).encode()),
]
for channel, send in (("api", api_file), ("web", web_file)):
    for encoding, data in ENCODINGS:
        BODY_CASES.append(
            Case(
                f"{channel}-upload-txt-{encoding}",
                channel,
                send("기사.txt", data),
                201 if channel == "api" else 302,
                writes=UPLOADED,
                stored=_latest(Article, "body"),
                expect=ARTICLE,
            )
        )
BODY_CASES += [
    Case("web-upload-text-empty", "web", web_upload(text=""), 400, field="__all__", form="form"),
    Case(
        "web-upload-text-whitespace",
        "web",
        web_upload(text=" \n\t\u3000 "),
        400,
        field="__all__",
        form="form",
        message="기사 본문이 비어 있습니다.",
    ),
    Case("web-upload-text-zero-width-only", "web", web_upload(text="\u200b\ufeff"), 400, field="__all__", form="form"),
    Case("web-upload-text-nul", "web", web_upload(text=ARTICLE + "\x00"), 400, field="text", form="form"),
    Case("web-upload-png-renamed-txt", "web", web_file("photo.txt", PNG), 400, field="__all__", form="form"),
    Case(
        "web-upload-corrupt-docx", "web", web_file("a.docx", b"PK\x03\x04 not a zip"), 400, field="__all__", form="form"
    ),
    Case("web-upload-zip-bomb-docx", "web", web_file("bomb.docx", _zip_bomb), 400, field="__all__", form="form"),
    Case("web-upload-100k-nested-html", "web", web_file("page.html", NESTED_HTML), 400, field="__all__", form="form"),
    Case(
        "web-upload-10mb-file", "web", web_file("big.txt", b"a" * (10 * 1024 * 1024)), 400, field="__all__", form="form"
    ),
    Case(
        "web-upload-title-invalid-utf8-becomes-replacement-characters",
        "web",
        lambda d: d.web("editor").post(
            "/articles/new/",
            "text=%EA%B8%B0%EC%82%AC%20%EB%B3%B8%EB%AC%B8&title=%ED%A0%80",  # "기사 본문", a surrogate in CESU-8
            content_type="application/x-www-form-urlencoded",
        ),
        302,
        writes=UPLOADED,
        stored=_latest(Article, "title"),
        expect="\ufffd\ufffd\ufffd",
    ),
]

# Request bodies that are not what the endpoint reads ---------------------------------------------------------------

BODY_SHAPE_CASES = [
    Case(
        "api-upload-3mb-json-body",
        "api",
        api_upload(text="가" * 500_000),  # "\uac00" is six bytes in JSON: 3 MB
        413,
        "request_too_large",
    ),
    Case(
        "api-upload-json-nested-to-the-bound-reaches-the-serializer",
        "api",
        api_upload(text=json.loads("[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1))),
        400,
        "invalid",
        "text",
    ),
    Case(
        "api-review-json-nested-one-past-the-bound",
        "api",
        api_review(note=json.loads("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)),
        400,
        "json_too_deep",
    ),
    Case(
        "api-upload-malformed-json",
        "api",
        lambda d: d.api("editor").post("/api/articles/", '{"text": "기사', content_type="application/json"),
        400,
        "parse_error",
    ),
    Case(
        "api-upload-json-in-latin-1",
        "api",
        lambda d: d.api("editor").post(
            "/api/articles/", '{"text": "é"}'.encode("latin-1"), content_type="application/json"
        ),
        400,
        "parse_error",
    ),
    Case(
        "api-upload-wrong-content-type",
        "api",
        lambda d: d.api("editor").post("/api/articles/", ARTICLE.encode(), content_type="text/plain"),
        415,
        "unsupported_media_type",
    ),
    Case(
        "api-review-multipart-where-json-is-read",
        "api",
        lambda d: d.api("reviewer").post(
            f"/api/claims/{d.open.pk}/reviews/", {"verdict": "dismissed"}, format="multipart"
        ),
        415,
        "unsupported_media_type",
    ),
    Case("api-upload-json-array", "api", api_upload_raw([ARTICLE]), 400, "invalid", "non_field_errors"),
    Case("api-upload-json-string", "api", api_upload_raw(ARTICLE), 400, "invalid", "non_field_errors"),
    Case("api-upload-lone-surrogate-in-a-key", "api", api_upload(**{"\udc00": "x"}), 400, "invalid_unicode"),
    Case(
        "web-upload-3mb-form-body",
        "web",
        web_upload(text="가" * 1_000_000),
        400,
    ),
    Case(
        "web-upload-json-body",
        "web",
        lambda d: d.web("editor").post("/articles/new/", {"text": ARTICLE}, "application/json"),
        400,
    ),
]

# Deep nesting is refused by the parser on every JSON endpoint, before any serializer walks it.
NESTED_ENDPOINTS = [
    ("upload", "editor", "post", "/api/articles/"),
    ("review", "reviewer", "post", "/api/claims/{d.open.pk}/reviews/"),
    ("respan", "reviewer", "patch", "/api/claims/{d.open.pk}/"),
    ("token", None, "post", "/api/auth/token/"),
]
for depth in (MAX_JSON_DEPTH + 1, 1_000, 100_000):
    for label, who, method, path in NESTED_ENDPOINTS:
        BODY_SHAPE_CASES.append(
            Case(
                f"api-{label}-json-nested-{depth}-deep",
                "api",
                lambda d, who=who, method=method, path=path, depth=depth: getattr(d.api(who), method)(
                    path.format(d=d), "[" * depth + "]" * depth, content_type="application/json"
                ),
                400,
                "json_too_deep",
            )
        )

# Article metadata beyond length: schemes, times, required --------------------------------------------------------

METADATA_CASES = []
for scheme_url in (
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://a.kr/",
):
    label = scheme_url.split(":")[0]
    METADATA_CASES += [
        Case(f"api-upload-url-{label}", "api", api_upload(url=scheme_url), 400, "invalid_metadata", "url"),
        Case(f"api-metadata-url-{label}", "api", api_patch(url=scheme_url), 400, "invalid_metadata", "url"),
        Case(f"web-upload-url-{label}", "web", web_upload(url=scheme_url), 400, field="url", form="form"),
        Case(f"web-edit-url-{label}", "web", web_edit(url=scheme_url), 400, field="url", form="form"),
    ]
METADATA_CASES += [
    Case("api-metadata-title-blank", "api", api_patch(title=" \u200b "), 400, "invalid_metadata", "title"),
    Case("web-edit-title-blank", "web", web_edit(title="\u200b"), 400, field="title", form="form"),
    Case("api-metadata-body-is-read-only", "api", api_patch(body="다른 본문"), 400, "invalid", "body"),
    Case(
        "api-metadata-published-at-year-1",
        "api",
        api_patch(published_at="0001-01-01T09:00:00+09:00"),
        400,
        "invalid_metadata",
        "published_at",
    ),
    Case(
        "api-metadata-published-at-year-10000", "api", api_patch(published_at="10000-01-01T00:00:00Z"), 400, "invalid"
    ),
    Case("api-metadata-published-at-not-a-time", "api", api_patch(published_at="어제"), 400, "invalid", "published_at"),
    Case(
        "api-metadata-published-at-1900-accepted",
        "api",
        api_patch(published_at="1900-01-01T00:00:00+09:00"),
        200,
        stored=lambda d: Article.objects.get(pk=d.article.pk).published_at.year,
        expect=1899,  # 1900-01-01 00:00 in Seoul is the evening before in UTC
    ),
    Case(
        "web-edit-published-at-year-1",
        "web",
        web_edit(published_at="0001-01-01T00:00"),
        400,
        field="published_at",
        form="form",
    ),
    Case(
        "web-edit-published-at-year-9999",
        "web",
        web_edit(published_at="9999-12-31T23:59"),
        400,
        field="published_at",
        form="form",
    ),
    Case(
        "web-upload-published-at-not-a-time",
        "web",
        web_upload(published_at="어제"),
        400,
        field="published_at",
        form="form",
    ),
]

# Verdicts: sources' addresses, counts, required fields, versions ------------------------------------------------------

HOSTILE_SOURCE_URLS = [
    ("javascript", "javascript:alert(1)"),
    ("data", "data:text/html;base64,PHNjcmlwdD4="),
    ("file", "file:///etc/passwd"),
    ("loopback", "http://127.0.0.1:8000/admin/"),
    ("private-10", "http://10.0.0.1/"),
    ("private-192-168", "https://192.168.0.1/"),
    ("cloud-metadata", "http://169.254.169.254/latest/meta-data/"),
    ("ipv6-loopback", "http://[::1]/"),
    ("ipv4-mapped-ipv6", "http://[::ffff:127.0.0.1]/"),
    ("unspecified", "http://0.0.0.0/"),
    ("cgnat", "http://100.64.0.1/"),
    ("localhost", "http://localhost:8000/"),
    ("port-past-65535", "https://example.com:99999/"),
]
REVIEW_CASES = []
for label, hostile_url in HOSTILE_SOURCE_URLS:
    REVIEW_CASES += [
        Case(
            f"api-review-source-url-{label}",
            "api",
            api_review(source={"url": hostile_url}),
            400,
            "invalid_review",
            "sources.0.url",
        ),
        Case(
            f"web-review-source-url-{label}",
            "web",
            web_review(source_1_url=hostile_url),
            400,
            field="__all__",
            form="forms.review",
        ),
    ]
REVIEW_CASES += [
    Case(
        "api-review-source-url-public-ip-literal-accepted",
        "api",
        api_review(source={"url": "http://93.184.215.14/report.pdf"}),
        201,
        writes=REVIEWED,
        stored=_latest(Source, "url"),
        expect="http://93.184.215.14/report.pdf",
    ),
    Case(
        "api-review-source-url-javascript-says-so",
        "api",
        api_review(source={"url": "javascript:alert(1)"}),
        400,
        "invalid_review",
        "sources.0.url",
        message="출처 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다.",
    ),
    Case(
        "api-review-sources-at-limit",
        "api",
        api_review(sources=[SOURCE] * limits.MAX_SOURCES),
        201,
        writes={Review: 1, Source: limits.MAX_SOURCES},
    ),
    Case(
        "api-review-sources-past-limit",
        "api",
        api_review(sources=[SOURCE] * (limits.MAX_SOURCES + 1)),
        400,
        "too_many_sources",
    ),
    Case(
        "web-review-sources-at-limit",
        "web",
        web_review(rows=limits.MAX_SOURCES),
        302,
        writes={Review: 1, Source: limits.MAX_SOURCES},
    ),
    Case(
        "web-review-sources-past-limit",
        "web",
        web_review(rows=limits.MAX_SOURCES + 1),
        400,
        field="__all__",
        form="forms.review",
        message=f"출처는 {limits.MAX_SOURCES}개까지",
    ),
    Case(
        "api-review-sources-not-a-list",
        "api",
        api_review(sources="https://example.com/"),
        400,
        "invalid",
        "sources.non_field_errors",
    ),
    Case(
        "api-review-source-title-blank",
        "api",
        api_review(source={"title": "\u200b "}),
        400,
        "invalid_review",
        "sources.0.title",
    ),
    Case(
        "web-review-source-title-blank",
        "web",
        web_review(source_1_title=" "),
        400,
        field="__all__",
        form="forms.review",
    ),
    Case("api-review-note-blank", "api", api_review(note=" \u200b\n"), 400, "invalid_review", "note"),
    Case(
        "web-review-note-zero-width-only", "web", web_review(note="\u200b"), 400, field="__all__", form="forms.review"
    ),
    Case("api-review-verdict-unknown", "api", api_review(verdict="true"), 400, "invalid", "verdict"),
    Case("api-review-verdict-lone-surrogate", "api", api_review(verdict="\ud800"), 400, "invalid_unicode"),
    Case("web-review-verdict-unknown", "web", web_review(verdict="true"), 400, field="verdict", form="forms.review"),
    Case("api-review-version-zero", "api", api_review(version=0), 400, "invalid", "version"),
    Case("api-review-version-not-a-number", "api", api_review(version="1; DROP TABLE"), 400, "invalid", "version"),
    Case("api-review-version-huge", "api", api_review(version=10**30), 409, "version_conflict"),
    Case(
        "web-review-version-not-a-number", "web", web_review(version="abc"), 400, field="version", form="forms.review"
    ),
    Case("web-review-version-huge", "web", web_review(version=str(10**30)), 409, field="__all__", form="forms.review"),
    Case(
        "api-review-source-accessed-year-1",
        "api",
        api_review(source={"accessed_at": "0001-01-01T05:00:00Z"}),
        400,
        "invalid_review",
        "sources.0.accessed_at",
    ),
    Case(
        "api-review-source-accessed-past-9999",
        "api",
        api_review(source={"accessed_at": "9999-12-31T23:00:00Z"}),
        400,
        "invalid",
    ),
    Case("api-cross-check-decision-unknown", "api", api_cross_check(decision="approve"), 400, "invalid", "decision"),
    Case("api-cross-check-reject-without-note", "api", api_cross_check(note="\u200b"), 400, "invalid_review", "note"),
    Case(
        "web-cross-check-decision-unknown",
        "web",
        web_cross_check(decision="approve"),
        400,
        field="decision",
        form="forms.cross_check",
    ),
    Case("api-reopen-reason-blank", "api", api_reopen(reason="  "), 400, "invalid_review", "reason"),
    Case("api-reopen-version-negative", "api", api_reopen(version=-1), 400, "invalid", "version"),
    Case(
        "web-reopen-reason-zero-width-only",
        "web",
        web_reopen(reason="\u200b\u200b"),
        400,
        field="__all__",
        form="forms.reopen",
    ),
]

# Assignment, corrections (offsets and ids), tokens, sign-in ---------------------------------------------------------

MAX_INT = 2**31 - 1  # the offsets' and versions' bound (PostgreSQL integer)
ASSIGN = "/api/claims/{d.open.pk}/assign/"
ASSIGN_ALL = "/api/articles/{d.article.pk}/assign/"
WORKFLOW_CASES = [
    Case("api-assign-huge-id", "api", api_post(ASSIGN, assignee=10**30), 400, "invalid", "assignee"),
    Case("api-assign-negative-id", "api", api_post(ASSIGN, assignee=-1), 400, "invalid", "assignee"),
    Case("api-assign-not-a-number", "api", api_post(ASSIGN, assignee="reviewer"), 400, "invalid", "assignee"),
    Case("api-assign-list", "api", api_post(ASSIGN, assignee=[1, 2]), 400, "invalid", "assignee"),
    Case(
        "api-assign-not-a-reviewer",
        "api",
        lambda d: _json(d.api(), "post", ASSIGN.format(d=d), {"assignee": d.users["outsider"].pk}),
        400,
        "invalid_assignee",
        "assignee",
    ),
    Case(
        "api-assign-reviewer-accepted",
        "api",
        lambda d: _json(d.api(), "post", ASSIGN.format(d=d), {"assignee": d.users["reviewer"].pk}),
        200,
        writes={Notification: 1},
        stored=lambda d: Claim.objects.get(pk=d.open.pk).assignee == d.users["reviewer"],
        expect=True,
    ),
    Case("api-assign-all-null", "api", api_post(ASSIGN_ALL, assignee=None), 400, "invalid", "assignee"),
    Case("api-assign-all-huge-id", "api", api_post(ASSIGN_ALL, assignee=2**63), 400, "invalid", "assignee"),
    Case(
        "web-assign-huge-id",
        "web",
        web_post("/claims/{d.open.pk}/assign/", **{"assign-assignee": str(10**30)}),
        400,
        field="assignee",
        form="forms.assign",
    ),
    Case(
        "web-assign-negative-id",
        "web",
        web_post("/claims/{d.open.pk}/assign/", **{"assign-assignee": "-1"}),
        400,
        field="assignee",
        form="forms.assign",
    ),
    Case(
        "web-assign-all-not-a-number",
        "web",
        web_post("/articles/{d.article.pk}/assign/", **{"assign-assignee": "abc"}),
        400,
        field="assignee",
        form="assign_form",
    ),
    Case(
        "api-respan-status-is-read-only",
        "api",
        lambda d: _json(
            d.api("reviewer"),
            "patch",
            f"/api/claims/{d.open.pk}/",
            {"status": "verified", "start": 0, "end": 5, "version": 1},
        ),
        400,
        "invalid",
        "status",
    ),
    Case(
        "api-respan-end-at-the-bound",
        "api",
        lambda d: _json(
            d.api("reviewer"), "patch", f"/api/claims/{d.open.pk}/", {"start": 0, "end": MAX_INT, "version": 1}
        ),
        400,
        "invalid_span",
    ),
    Case(
        "api-respan-end-past-the-bound",
        "api",
        lambda d: _json(
            d.api("reviewer"), "patch", f"/api/claims/{d.open.pk}/", {"start": 0, "end": MAX_INT + 1, "version": 1}
        ),
        400,
        "invalid",
        "end",
    ),
    Case(
        "api-respan-start-negative",
        "api",
        lambda d: _json(d.api("reviewer"), "patch", f"/api/claims/{d.open.pk}/", {"start": -1, "end": 5, "version": 1}),
        400,
        "invalid",
        "start",
    ),
    Case(
        "api-split-at-the-bound",
        "api",
        api_post("/api/claims/{d.open.pk}/split/", "reviewer", at=MAX_INT, version=1),
        400,
        "invalid_span",
    ),
    Case(
        "api-split-past-the-bound",
        "api",
        api_post("/api/claims/{d.open.pk}/split/", "reviewer", at=MAX_INT + 1, version=1),
        400,
        "invalid",
        "at",
    ),
    Case(
        "api-split-not-a-number",
        "api",
        api_post("/api/claims/{d.open.pk}/split/", "reviewer", at="5", version="x"),
        400,
        "invalid",
        "version",
    ),
    Case(
        "api-merge-negative-ids",
        "api",
        api_post("/api/claims/merge/", "reviewer", claims=[-1, 0], versions=[1, 1]),
        400,
        "invalid",
        "claims.0",
    ),
    Case(
        "api-merge-unknown-ids",
        "api",
        api_post("/api/claims/merge/", "reviewer", claims=[999_998, 999_999], versions=[1, 1]),
        404,
        "not_found",
    ),
    Case(
        "api-merge-too-many",
        "api",
        api_post("/api/claims/merge/", "reviewer", claims=list(range(1, 22)), versions=[1] * 21),
        400,
        "invalid",
        "claims",
    ),
    Case(
        "api-add-claim-end-past-the-bound",
        "api",
        api_post("/api/articles/{d.article.pk}/claims/", "reviewer", start=0, end=2**63),
        400,
        "invalid",
        "end",
    ),
    Case(
        "api-add-claim-outside-the-body",
        "api",
        api_post("/api/articles/{d.article.pk}/claims/", "reviewer", start=MAX_INT - 1, end=MAX_INT),
        400,
        "invalid_span",
    ),
    Case(
        "web-split-at-past-the-bound",
        "web",
        web_post("/claims/{d.open.pk}/split/", "reviewer", **{"split-at": str(MAX_INT + 1), "split-version": "1"}),
        400,
        field="at",
        form="forms.split",
    ),
    Case(
        "web-split-words-at-limit",
        "web",
        web_post("/claims/{d.open.pk}/split/", "reviewer", **{"split-starts_with": "가" * 200, "split-version": "1"}),
        400,
        field="__all__",
        form="forms.split",
    ),
    Case(
        "web-split-words-past-limit",
        "web",
        web_post("/claims/{d.open.pk}/split/", "reviewer", **{"split-starts_with": "가" * 201, "split-version": "1"}),
        400,
        field="starts_with",
        form="forms.split",
    ),
    Case(
        "web-respan-text-nul",
        "web",
        web_post("/claims/{d.open.pk}/respan/", "reviewer", **{"respan-text": "통계청\x00", "respan-version": "1"}),
        400,
        field="text",
        form="forms.respan",
        message=NUL_REFUSED,
    ),
    Case(
        "web-respan-text-past-limit",
        "web",
        web_post("/claims/{d.open.pk}/respan/", "reviewer", **{"respan-text": "가" * 5001, "respan-version": "1"}),
        400,
        field="text",
        form="forms.respan",
    ),
    Case(
        "web-add-claim-text-markup-not-in-the-body",
        "web",
        web_post("/articles/{d.article.pk}/claims/new/", "reviewer", **{"add-text": SCRIPT}),
        400,
        field="__all__",
        form="add_form",
        shown_escaped=SCRIPT,
    ),
    Case(
        "web-add-claim-text-nul",
        "web",
        web_post("/articles/{d.article.pk}/claims/new/", "reviewer", **{"add-text": "\x00"}),
        400,
        field="text",
        form="add_form",
    ),
    Case(
        "web-merge-negative-neighbour",
        "web",
        web_post(
            "/claims/{d.open.pk}/merge/",
            "reviewer",
            **{"merge-neighbour": "-1", "merge-version": "1", "merge-neighbour_version": "1"},
        ),
        302,
    ),
]
TOKEN_CASES = [
    Case(
        "api-token-days-at-limit",
        "api",
        api_token(expires_in_days=settings.API_TOKEN_MAX_DAYS),
        200,
        writes={ApiToken: 1},
    ),
    Case(
        "api-token-days-past-limit",
        "api",
        api_token(expires_in_days=settings.API_TOKEN_MAX_DAYS + 1),
        400,
        "invalid",
        "expires_in_days",
    ),
    Case("api-token-days-zero", "api", api_token(expires_in_days=0), 400, "invalid", "expires_in_days"),
    Case("api-token-days-huge", "api", api_token(expires_in_days=10**30), 400, "invalid", "expires_in_days"),
    Case("api-token-days-not-a-number", "api", api_token(expires_in_days="forever"), 400, "invalid", "expires_in_days"),
    Case("api-token-scope-unknown", "api", api_token(scope="admin"), 400, "invalid", "scope"),
    Case(
        "api-token-username-past-limit",
        "api",
        api_token(username="e" * (limits.USERNAME + 1)),
        400,
        "invalid",
        "username",
    ),
    Case("api-token-username-nul", "api", api_token(username="editor\x00"), 400, "invalid", "username"),
    Case("api-token-username-lone-surrogate", "api", api_token(username="editor\ud800"), 400, "invalid_unicode"),
    Case("api-token-password-lone-surrogate", "api", api_token(password="pw\udfff"), 400, "invalid_unicode"),
    Case("api-token-password-past-limit", "api", api_token(password="p" * 4097), 400, "invalid", "password"),
    Case("api-token-wrong-password", "api", api_token(password="<script>"), 400, "invalid", "non_field_errors"),
    Case(
        "web-token-days-at-limit",
        "web",
        web_token(expires_in_days=str(settings.API_TOKEN_MAX_DAYS)),
        200,
        writes={ApiToken: 1},
    ),
    Case(
        "web-token-days-past-limit",
        "web",
        web_token(expires_in_days=str(settings.API_TOKEN_MAX_DAYS + 1)),
        400,
        field="expires_in_days",
        form="form",
    ),
    Case(
        "web-token-days-not-a-number",
        "web",
        web_token(expires_in_days="1e3"),
        400,
        field="expires_in_days",
        form="form",
    ),
    Case("web-token-scope-unknown", "web", web_token(scope="admin"), 400, field="scope", form="form"),
    Case("web-token-revoke-nul", "web", web_post("/settings/tokens/revoke/", token="\x00" * 10), 302),
    Case("web-token-revoke-10k", "web", web_post("/settings/tokens/revoke/", token="f" * 10_000), 302),
    # Django's sign-in form does not enforce the username's length; django-axes stored the whole name in a
    # varchar(255), which PostgreSQL refused (a 500 on every sign-in door).
    Case(
        "web-login-username-at-limit",
        "web",
        web_login(username="e" * limits.USERNAME),
        200,
        field="__all__",
        form="form",
    ),
    Case("web-login-username-10k", "web", web_login(username="e" * 10_000), 200, field="__all__", form="form"),
    Case(
        "web-login-username-nul",
        "web",
        web_login(username="editor\x00"),
        200,
        field="username",
        form="form",
        message=NUL_REFUSED,
    ),
    Case("web-login-password-markup", "web", web_login(password=SCRIPT), 200, field="__all__", form="form"),
    Case(
        "web-admin-login-username-10k",
        "web",
        web_login("/admin/login/", username="e" * 10_000),
        200,
        field="__all__",
        form="form",
    ),
]

# Searches, list filters, pages, ids in paths ----------------------------------------------------------------------

LIST_CASES = [
    Case(
        "api-claims-search-nul",
        "api",
        api_get("/api/claims/", search="파라미터\x00"),
        400,
        "invalid",
        "search",
        message=NUL_REFUSED,
    ),
    Case("api-claims-search-markup", "api", api_get("/api/claims/", search=SCRIPT), 200),
    Case("api-claims-speaker-nul", "api", api_get("/api/claims/", speaker="\x00"), 400, "invalid", "speaker"),
    Case("api-claims-outlet-nul", "api", api_get("/api/claims/", outlet="\x00"), 400, "invalid", "outlet"),
    Case("api-claims-article-not-a-number", "api", api_get("/api/claims/", article="abc"), 400, "invalid", "article"),
    Case("api-claims-article-negative", "api", api_get("/api/claims/", article=-1), 400, "invalid", "article"),
    Case("api-claims-article-past-bigint", "api", api_get("/api/claims/", article=2**63), 400, "invalid", "article"),
    Case(
        "api-claims-min-score-not-a-number",
        "api",
        api_get("/api/claims/", min_score="high"),
        400,
        "invalid",
        "min_score",
    ),
    Case("api-claims-min-score-huge", "api", api_get("/api/claims/", min_score="1e400"), 400, "invalid", "min_score"),
    Case("api-claims-min-score-nan", "api", api_get("/api/claims/", min_score="NaN"), 400, "invalid", "min_score"),
    Case(
        "api-claims-assignee-unknown-word",
        "api",
        api_get("/api/claims/", assignee="everyone"),
        400,
        "invalid",
        "assignee",
    ),
    Case(
        "api-claims-unknown-parameter",
        "api",
        api_get("/api/claims/", stauts="pending"),
        400,
        "unknown_parameter",
        "parameters",
    ),
    Case("api-claims-page-not-a-number", "api", api_get("/api/claims/", page="abc"), 404, "not_found"),
    Case("api-claims-page-negative", "api", api_get("/api/claims/", page=-1), 404, "not_found"),
    Case("api-claims-page-huge", "api", api_get("/api/claims/", page=10**30), 404, "not_found"),
    *(
        Case(
            f"api-claims-page-size-{label}",
            "api",
            api_get("/api/claims/", page_size=value),
            400,
            "invalid",
            "page_size",
        )
        for label, value in (("word", "abc"), ("zero", "0"), ("negative", "-5"), ("fraction", "1.5"), ("arabic", "١٢"))
    ),
    Case(
        "api-claims-page-size-10-to-the-9-gives-100",
        "api",
        api_get("/api/claims/", page_size=10**9),
        200,
        setup=lambda d: Claim.objects.bulk_create(
            Claim(article=d.article, text=f"{i}", start=1000 + i, end=1001 + i, sentence_index=9, score=0.5)
            for i in range(101)
        ),
        check=lambda response: (
            len(response.json()["results"]) == 100 and response.json()["count"] == len(BODY.split("\n")) + 101
        ),
    ),
    Case("api-articles-q-nul", "api", api_get("/api/articles/", q="\x00"), 400, "invalid", "q"),
    Case("api-articles-q-markup", "api", api_get("/api/articles/", q=SCRIPT), 200),
    Case(
        "api-articles-status-unknown",
        "api",
        api_get("/api/articles/", extraction_status="<b>"),
        400,
        "invalid",
        "extraction_status",
    ),
    Case(
        "api-notifications-unread-not-a-boolean",
        "api",
        api_get("/api/notifications/", unread="maybe"),
        400,
        "invalid",
        "unread",
    ),
    Case("api-claim-id-negative", "api", api_get("/api/claims/-1/"), 404, "not_found"),
    Case("api-claim-id-not-a-number", "api", api_get("/api/claims/abc/"), 404, "not_found"),
    Case("api-claim-id-past-bigint", "api", api_get(f"/api/claims/{10**30}/"), 404, "not_found"),
    Case("api-article-id-negative", "api", api_get("/api/articles/-1/"), 404, "not_found"),
    Case(
        "api-review-on-a-negative-id",
        "api",
        api_post("/api/claims/-1/reviews/", "reviewer", verdict="dismissed", version=1),
        404,
        "not_found",
    ),
    Case(
        "api-metadata-on-a-huge-id",
        "api",
        lambda d: _json(d.api(), "patch", f"/api/articles/{10**20}/", {"title": "x"}),
        404,
        "not_found",
    ),
    Case("api-notification-read-not-a-number", "api", api_post("/api/notifications/abc/read/"), 404, "not_found"),
    Case("web-queue-search-nul", "web", web_get("/queue/", search="\x00"), 200, message=NUL_REFUSED),
    Case("web-queue-search-markup", "web", web_get("/queue/", search=SCRIPT), 200, shown_escaped=SCRIPT),
    Case("web-queue-article-not-a-number", "web", web_get("/queue/", article="abc"), 200, message="정수를 입력하세요."),
    Case("web-queue-article-past-bigint", "web", web_get("/queue/", article=str(2**63)), 200),
    Case(
        "web-queue-min-score-not-a-number",
        "web",
        web_get("/queue/", min_score="<b>"),
        200,
        message="숫자를 입력하세요.",
    ),
    Case("web-queue-page-huge", "web", web_get("/queue/", page=str(10**30)), 200),
    Case("web-queue-page-not-a-number", "web", web_get("/queue/", page="abc"), 200),
    Case("web-articles-q-nul", "web", web_get("/articles/", q="\x00"), 200, message=NUL_REFUSED),
    Case("web-articles-q-markup", "web", web_get("/articles/", q=SCRIPT), 200, shown_escaped=SCRIPT),
    Case("web-articles-page-negative", "web", web_get("/articles/", page="-1"), 200),
    Case("web-article-claims-page-huge", "web", web_get("/articles/{d.article.pk}/", page=str(10**30)), 200),
    Case("web-claim-id-negative", "web", web_get("/claims/-1/"), 404),
    Case("web-claim-id-not-a-number", "web", web_get("/claims/abc/"), 404),
    Case("web-claim-id-past-bigint", "web", web_get(f"/claims/{10**30}/"), 404),
    Case("web-article-id-past-bigint", "web", web_get(f"/articles/{10**30}/"), 404),
    Case("web-review-on-a-past-bigint-id", "web", web_post(f"/claims/{10**30}/review/", "reviewer"), 404),
    Case("web-notification-open-past-bigint-id", "web", web_post(f"/notifications/{10**30}/open/"), 404),
]

# Markup that reaches a page is shown as text ----------------------------------------------------------------------


def _hostile_article(d: Desk) -> None:
    services.upload_article(user=d.users["editor"], text=f"{ARTICLE}\n{SCRIPT}", title=SCRIPT, outlet=SCRIPT)


def _hostile_history(d: Desk) -> None:
    hostile = SourceInput(url=URL + '"onmouseover="alert(1)', title=SCRIPT, publisher=SCRIPT, excerpt=SCRIPT)
    services.record_review(
        user=d.users["reviewer"], claim=d.open, verdict="verified", note=SCRIPT, sources=[hostile], expected_version=1
    )


PAGE_CASES = [
    Case(
        "web-article-page-shows-markup-as-text",
        "web",
        lambda d: d.web("reviewer").get(Article.objects.latest("id").get_absolute_url()),
        200,
        setup=_hostile_article,
        shown_escaped=SCRIPT,
    ),
    Case(
        "web-article-list-shows-markup-as-text",
        "web",
        web_get("/articles/"),
        200,
        setup=_hostile_article,
        shown_escaped=SCRIPT,
    ),
    Case(
        "web-claim-page-shows-markup-in-the-history-as-text",
        "web",
        web_get("/claims/{d.open.pk}/"),
        200,
        setup=_hostile_history,
        shown_escaped=SCRIPT,
    ),
    Case(
        "web-claim-page-quotes-a-source-url-with-quotes",
        "web",
        web_get("/claims/{d.open.pk}/"),
        200,
        setup=_hostile_history,
        shown_escaped=URL + '"onmouseover="alert(1)',
    ),
]

CASES = [
    *TEXT_FIELD_CASES,
    *BODY_CASES,
    *BODY_SHAPE_CASES,
    *METADATA_CASES,
    *REVIEW_CASES,
    *WORKFLOW_CASES,
    *TOKEN_CASES,
    *LIST_CASES,
    *PAGE_CASES,
]
assert len({case.name for case in CASES}) == len(CASES), "every row has its own name"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_hostile_input(case: Case, desk: Desk) -> None:
    if case.setup:
        case.setup(desk)
    before = _counts()

    response = case.send(desk)

    assert response.status_code == case.status, response.content[:500]
    if case.channel == "api":
        _check_api(case, response)
    else:
        _check_web(case, response)
    added = {model: count - before[model] for model, count in _counts().items()}
    assert added == {model: case.writes.get(model, 0) for model in MODELS}
    if case.stored is not None:
        assert case.stored(desk) == case.expect
    if case.check is not None:
        assert case.check(response)


def _check_api(case: Case, response: Any) -> None:
    # Every answer of the API is JSON, errors included (a 404, a 413, a 415: never Django's HTML page).
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if case.status >= 400:
        assert body["code"] == case.code
        assert body["detail"]
        if case.field:
            assert case.field in _named_fields(body), body
    if case.message:
        assert case.message in json.dumps(body, ensure_ascii=False)


def _check_web(case: Case, response: Any) -> None:
    html = response.content.decode()
    if case.form:
        form = _bound_form(response, case.form)
        assert case.field in form.errors, form.errors
        for message in form.errors[case.field]:
            assert escape(message) in html  # shown on the page, next to the field or above the form
    if case.message:
        assert escape(case.message) in html
    if case.shown_escaped:
        assert case.shown_escaped not in html
        assert escape(case.shown_escaped) in html


def test_every_writable_field_is_in_the_table() -> None:
    """A new input field joins the catalogue: each channel's stored text fields have their rows."""
    names = {case.name for case in CASES}
    for field_name in ("title", "outlet", "byline", "url"):
        for prefix in ("api-upload", "api-metadata", "web-upload", "web-edit"):
            assert f"{prefix}.{field_name}-past-limit" in names
    for part in ("url", "title", "publisher", "excerpt"):
        assert {f"api-review.source.{part}-nul", f"web-review.source.{part}-past-limit"} <= names
