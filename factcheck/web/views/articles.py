"""The article pages: list, upload, the article with its claims, metadata, re-extraction, assignment."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factcheck import selectors, services
from factcheck.errors import DuplicateArticle, FactcheckError, InvalidUpload, NotAllowed
from factcheck.filters import ArticleFilter
from factcheck.models import Article, Claim
from factcheck.services import roles
from factcheck.web import presentation
from factcheck.web.forms import ArticleAssignForm, ArticleMetadataForm, ArticleUploadForm
from factcheck.web.views.claims import is_open, review_form, review_verdicts
from factcheck.web.views.responses import forbidden, no_role

PAGE_SIZE = 25


def _detail_response(
    request: HttpRequest, article_id: int, *, assign_form: ArticleAssignForm | None = None, status: int = 200
) -> HttpResponse:
    article = get_object_or_404(selectors.article_detail_queryset(user=request.user), pk=article_id)
    claims = list(article.claims.all())
    verdicts = review_verdicts(request.user)
    rows = [
        {
            "claim": claim,
            "types": presentation.type_labels(claim),
            "quantities": [presentation.quantity_label(q) for q in claim.quantities],
            # Only an open claim gets the inline verdict form; proposals and final verdicts are handled
            # on the claim's own page (cross-check, reopen), never overwritten from here.
            "form": review_form(claim, verdicts) if verdicts and is_open(claim) else None,
        }
        for claim in claims
    ]
    if assign_form is None and roles.has(request.user, roles.ASSIGN):
        assign_form = ArticleAssignForm(prefix="assign")
    context = {
        "article": article,
        "segments": presentation.highlight_segments(article.body, claims),
        "claim_rows": rows,
        "pending_count": sum(1 for c in claims if c.status == Claim.Status.PENDING),
        "assign_form": assign_form,
    }
    return render(request, "factcheck/articles/detail.html", context, status=status)


# ---------------------------------------------------------------- pages


@require_GET
@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    if not selectors.can_view_desk(request.user):
        return no_role(request)
    article_filter = ArticleFilter(request.GET, queryset=selectors.article_list(user=request.user).defer("body"))
    articles = article_filter.qs if article_filter.is_valid() else Article.objects.none()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "q": request.GET.get("q", "").strip(),
        "extraction_status": article_filter.form.cleaned_data.get("extraction_status", "")
        if article_filter.is_valid()
        else "",
        "statuses": Article.ExtractionStatus.choices,
        "page_query": query.urlencode(),
    }
    return render(request, "factcheck/articles/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def article_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and not request.user.has_perm("factcheck.add_article"):
        return forbidden(request, "기사를 올릴 권한이 없습니다. 편집자 계정으로 로그인하세요.")
    posted = request.method == "POST"
    form = ArticleUploadForm(request.POST if posted else None, request.FILES if posted else None)
    status, duplicate = 200, None
    if posted:
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            text = form.cleaned_data["text"]
            # An empty textarea beside a file means "no text"; an empty form is empty text, which ingest
            # explains; text and a file together are refused by the service.
            try:
                article = services.upload_article(
                    user=request.user,
                    text=text if text or upload is None else None,
                    file_name=upload.name if upload else None,
                    # Read one byte past the limit, never the whole file: ingest reports "too large".
                    file_data=upload.read(settings.MAX_UPLOAD_BYTES + 1) if upload else None,
                    **form.metadata(),
                )
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            except DuplicateArticle as exc:
                duplicate, status = exc.article, 409
                form.add_error(None, exc.message)
            except InvalidUpload as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, f"기사를 올렸습니다: 「{article.title}」 주장 추출 결과를 확인하세요.")
                return redirect(article)
    return render(request, "factcheck/articles/upload.html", {"form": form, "duplicate": duplicate}, status=status)


def _add_service_errors(form: ArticleMetadataForm, exc: InvalidUpload) -> None:
    """Put the service's per-field messages next to their fields; anything else goes on top of the form."""
    placed = False
    for field, message in exc.details.items():
        if field in form.fields:
            form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@require_GET
@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_response(request, pk)


@require_http_methods(["GET", "POST"])
@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.article_list(user=request.user), pk=pk)
    if request.method == "GET" and not request.user.has_perm("factcheck.change_article"):
        return forbidden(request, "기사 정보를 수정할 권한이 없습니다.")
    initial = {f: getattr(article, f) for f in ("title", "outlet", "byline", "url", "published_at")}
    form = ArticleMetadataForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_article_metadata(user=request.user, article=article, **form.metadata())
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            except InvalidUpload as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, "기사 정보를 저장했습니다.")
                return redirect(article)
    return render(request, "factcheck/articles/edit.html", {"form": form, "article": article}, status=status)


@require_POST
@login_required
def article_extract(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.article_list(user=request.user), pk=pk)
    try:
        article = services.request_extraction(user=request.user, article=article)
    except NotAllowed as exc:
        return forbidden(request, exc.message)
    if article.extraction_status == Article.ExtractionStatus.FAILED:
        messages.error(request, "주장 추출에 실패했습니다. 아래 오류 내용을 확인하세요.")
    else:
        messages.success(request, "주장 추출을 다시 요청했습니다.")
    return redirect(article)


@require_POST
@login_required
def article_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor gives every pending claim of the article to one reviewer."""
    article = get_object_or_404(selectors.article_list(user=request.user), pk=pk)
    if not roles.has(request.user, roles.ASSIGN):
        return forbidden(request, "기사의 주장을 한꺼번에 배정할 권한이 없습니다. 편집자에게 요청하세요.")
    form = ArticleAssignForm(request.POST, prefix="assign")
    if not form.is_valid():
        return _detail_response(request, pk, assign_form=form, status=400)
    assignee = form.cleaned_data["assignee"]
    try:
        count = services.assign_article_claims(user=request.user, article=article, assignee=assignee)
    except FactcheckError as exc:
        if isinstance(exc, NotAllowed):
            return forbidden(request, exc.message)
        form.add_error("assignee", exc.message)
        return _detail_response(request, pk, assign_form=form, status=exc.http_status)
    if count:
        messages.success(request, f"검토 대기 주장 {count}개를 {assignee.get_username()}님에게 배정했습니다.")
    else:
        messages.info(request, f"새로 배정할 검토 대기 주장이 없습니다 (이미 모두 {assignee.get_username()}님 담당).")
    return redirect(article)
