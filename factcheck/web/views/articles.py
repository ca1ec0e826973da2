"""The article pages: list, upload, the article with its claims, metadata, re-extraction, assignment."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factcheck import selectors, services
from factcheck.errors import DuplicateArticle, FactcheckError, InvalidUpload, NotAllowed
from factcheck.filters import ArticleFilter
from factcheck.models import Article, Claim
from factcheck.pagination import BoundedPaginator
from factcheck.services import reviews, roles
from factcheck.web import presentation
from factcheck.web.forms import ArticleAssignForm, ArticleMetadataForm, ArticleUploadForm, ReviewForm, SpanForm
from factcheck.web.views.claims import can_correct, chosen_span, is_open, review_verdicts, show_hidden_field_errors
from factcheck.web.views.responses import forbidden, no_role

PAGE_SIZE = 25


CLAIMS_PER_PAGE = 25
CARD_CACHE_SECONDS = 24 * 3600


def _detail_response(
    request: HttpRequest,
    article_id: int,
    *,
    assign_form: ArticleAssignForm | None = None,
    add_form: SpanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The article with its claims marked in the body, and the claim cards, a page of them at a time.

    Every claim is highlighted in the body; a mark whose card is on another page links there. The page
    carries a single review form that the script moves into the card being reviewed (without JavaScript
    each card links to the claim's own page, which has the full form).
    """
    user = request.user
    article = get_object_or_404(selectors.article_page_queryset(user=user), pk=article_id)
    claims = selectors.claim_marks(article)
    paginator = Paginator(claims, CLAIMS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page_of = {claim.pk: i // CLAIMS_PER_PAGE + 1 for i, claim in enumerate(claims)}
    verdicts = review_verdicts(user)
    for claim in claims:
        # Where the claim's mark in the body leads: its card, on whichever page of cards holds it.
        on_page = page_of[claim.pk] == page.number
        claim.card_link = ("" if on_page else f"?page={page_of[claim.pk]}") + f"#claim-{claim.pk}"
    flags = {
        mark.pk: {
            # Only an open claim gets a verdict here; proposals and final verdicts are handled on the claim's
            # own page (cross-check, reopen), never overwritten from here.
            "reviewable": bool(verdicts) and is_open(mark),
            "correctable": can_correct(user, mark),
        }
        for mark in page.object_list
    }
    if assign_form is None and roles.has(user, roles.ASSIGN):
        assign_form = ArticleAssignForm(prefix="assign")
    if add_form is None and roles.has(user, roles.CORRECT):
        add_form = SpanForm(prefix="add")
    elif add_form is not None:
        show_hidden_field_errors(add_form)
    context = {
        "article": article,
        "body_html": presentation.body_html(presentation.highlight_segments(article.body, claims)),
        "cards": _cards(article, page.object_list, flags),
        "claim_page": page,
        "claim_count": len(claims),
        "pending_count": sum(1 for c in claims if c.status == Claim.Status.PENDING),
        "assign_form": assign_form,
        "add_form": add_form,
        # The page's one review form; the script sets its claim (action URL) and version.
        "review_form": ReviewForm(verdicts=verdicts) if any(f["reviewable"] for f in flags.values()) else None,
        # The page's review form is the same for everyone with the same verdicts: its fields are cached.
        "review_fields_key": f"{'-'.join(verdicts)}:{reviews.cross_check_required()}:{get_language()}",
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
    for errors in article_filter.errors.values():  # a search the page cannot run (a NUL, a made-up status)
        for error in errors:
            messages.error(request, error)
    page = BoundedPaginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
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
        return forbidden(request, gettext("You may not upload articles. Sign in with an editor account."))
    posted = request.method == "POST"
    form = ArticleUploadForm(request.POST if posted else None, request.FILES if posted else None)
    status, duplicate, duplicate_message = 200, None, ""
    if posted:
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            # The service decides: a blank textarea beside a file is no text, an empty form is empty text
            # (ingest explains), text and a file together are refused with the file's name.
            try:
                article = services.upload_article(
                    user=request.user,
                    text=form.cleaned_data["text"],
                    file_name=upload.name if upload else None,
                    # Read one byte past the limit, never the whole file: ingest reports "too large".
                    file_data=upload.read(settings.MAX_UPLOAD_BYTES + 1) if upload else None,
                    **form.metadata(),
                )
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            except DuplicateArticle as exc:
                # One message, with the link to the article: the template shows it, not a form error too.
                duplicate, duplicate_message, status = exc.article, exc.message, 409
            except InvalidUpload as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    gettext("Article uploaded: “%(title)s”. Check the extracted claims.") % {"title": article.title},
                )
                return redirect(article)
    context = {"form": form, "duplicate": duplicate, "duplicate_message": duplicate_message}
    return render(request, "factcheck/articles/upload.html", context, status=status)


def _add_service_errors(form: ArticleMetadataForm, exc: InvalidUpload) -> None:
    """Put the service's per-field messages next to their fields; anything else goes on top of the form.

    A message placed next to a field is not repeated on top ("text_and_file" goes next to the file).
    """
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
        return forbidden(request, gettext("You may not edit article details."))
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
                messages.success(request, gettext("Article details saved."))
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
        messages.error(request, gettext("Claim extraction failed. See the error below."))
    else:
        messages.success(request, gettext("Claim extraction was requested again."))
    return redirect(article)


def _cards(article: Article, marks: list[selectors.ClaimMark], flags: dict[int, dict]) -> list[str]:
    """The HTML of one page of claim cards, each drawn once and then taken from the cache until it changes.

    Drawing 25 cards through the template engine was most of a long article's page time. A card's key holds
    everything it shows (version, status, assignee, proposal, newest history step, `updated_at`, which moves
    with every change of its text or facts) and the reader's language and permissions, so a changed claim
    simply gets a new key.
    """
    language = get_language()
    keys = {
        mark.pk: f"claim-card:{mark.pk}:"
        + hashlib.sha1(  # noqa: S324 - a cache key, not a secret: the parts may hold spaces memcached refuses
            repr(
                (
                    mark.version,
                    mark.status,
                    mark.assignee_id,
                    mark.proposal_id,
                    mark.is_stale,
                    mark.changed,
                    mark.latest_review_id,
                    flags[mark.pk]["reviewable"],
                    flags[mark.pk]["correctable"],
                    language,
                )
            ).encode()
        ).hexdigest()
        for mark in marks
    }
    cached = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in cached]
    if missing:
        latest = selectors.reviews_by_claim([m.latest_review_id for m in marks if m.pk in missing])
        drawn = {}
        for claim in selectors.claims_for_cards(article, missing):
            row = {
                "claim": claim,
                "facts": presentation.claim_facts(claim),
                "latest": latest.get(claim.pk),
                **flags[claim.pk],
            }
            drawn[keys[claim.pk]] = render_to_string("factcheck/articles/_claim.html", {"row": row})
        cache.set_many(drawn, CARD_CACHE_SECONDS)
        cached.update(drawn)
    return [mark_safe(cached[keys[mark.pk]]) for mark in marks if keys[mark.pk] in cached]  # noqa: S308 - rendered by our template


@require_POST
@login_required
def article_add_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A sentence the extractor missed, selected in the body (or pasted), becomes a claim."""
    article = get_object_or_404(selectors.article_list(user=request.user), pk=pk)
    if not roles.has(request.user, roles.CORRECT):
        return forbidden(request, gettext("You may not add claims. Sign in with an editor or reviewer account."))
    form = SpanForm(request.POST, prefix="add")
    if not form.is_valid():
        return _detail_response(request, pk, add_form=form, status=400)
    try:
        start, end = chosen_span(form, article.body, near=0)
        claim = services.add_claim(user=request.user, article=article, start=start, end=end)
    except FactcheckError as exc:
        if isinstance(exc, NotAllowed):
            return forbidden(request, exc.message)
        form.add_error(None, exc.message)
        return _detail_response(request, pk, add_form=form, status=exc.http_status)
    messages.success(
        request, gettext("Claim added. Its quantities, dates and speaker were computed from this sentence.")
    )
    return redirect(claim.get_article_url())


@require_POST
@login_required
def article_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor gives every pending claim of the article to one reviewer."""
    article = get_object_or_404(selectors.article_list(user=request.user), pk=pk)
    if not roles.has(request.user, roles.ASSIGN):
        return forbidden(request, gettext("You may not assign all of an article's claims at once. Ask an editor."))
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
    name = assignee.get_username()
    if count:
        message = ngettext(
            "Assigned %(count)d pending claim to %(name)s.", "Assigned %(count)d pending claims to %(name)s.", count
        )
        messages.success(request, message % {"count": count, "name": name})
    else:
        messages.info(
            request, gettext("No pending claims are left to assign (%(name)s already has them all).") % {"name": name}
        )
    return redirect(article)
