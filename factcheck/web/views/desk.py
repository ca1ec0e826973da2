"""Where a desk member starts: the dashboard after login, and the review queue across articles."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from factcheck import selectors
from factcheck.filters import PROPOSAL_CHOICES, ClaimFilter
from factcheck.models import Claim
from factcheck.pagination import BoundedPaginator, bounded_count
from factcheck.services import roles
from factcheck.web import presentation
from factcheck.web.views.responses import no_role

PAGE_SIZE = 25
DASHBOARD_ROWS = 5
# The queue opens on what needs doing: pending claims, most check-worthy first.
QUEUE_DEFAULTS = {"status": "pending", "ordering": "-score"}


def queue_url(**params: str) -> str:
    return reverse("web:queue") + ("?" + urlencode(params) if params else "")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.can_view_desk(user):
        return no_role(request)
    mine = selectors.my_open_claims(user=user)
    to_check = selectors.claims_awaiting_my_cross_check(user=user)
    counts = selectors.claim_status_counts(user=user)
    context = {
        "counts": counts,
        "status_links": [
            (
                gettext("Awaiting review (no proposal)"),
                counts.open,
                queue_url(status="pending", proposal="none"),
                "pending",
            ),
            (
                gettext("Awaiting cross-check"),
                counts.awaiting_cross_check,
                queue_url(status="pending", proposal="any"),
                "proposal",
            ),
            (Claim.Status.VERIFIED.label, counts.verified, queue_url(status="verified"), "verified"),
            (Claim.Status.DISPUTED.label, counts.disputed, queue_url(status="disputed"), "disputed"),
            (Claim.Status.DISMISSED.label, counts.dismissed, queue_url(status="dismissed"), "dismissed"),
        ],
        "extraction_articles": list(selectors.articles_needing_extraction(user=user)),
        "my_claims": list(mine[:DASHBOARD_ROWS]),
        "my_claims_count": bounded_count(mine),
        "my_claims_url": queue_url(assignee="me"),
        "to_check": list(to_check[:DASHBOARD_ROWS]),
        "to_check_count": bounded_count(to_check),
        "to_check_url": queue_url(proposal="to_check"),
        "is_reviewer": roles.is_reviewer(user),
        "recent_reviews": list(selectors.my_recent_reviews(user=user)),
        "recent_url": queue_url(status="", reviewed_by="me", ordering="-created_at"),
    }
    return render(request, "factcheck/desk/dashboard.html", context)


def _queue_params(query: QueryDict) -> QueryDict:
    params = query.copy()
    for name, value in QUEUE_DEFAULTS.items():
        if name not in params:
            params[name] = value
    return params


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Claims across all articles, with the API's filters; keyboard-driven (static/factcheck/queue.js)."""
    if not selectors.can_view_desk(request.user):
        return no_role(request)
    params = _queue_params(request.GET)
    claim_filter = ClaimFilter(params, queryset=selectors.claim_list(user=request.user), request=request)
    claims = claim_filter.qs if claim_filter.is_valid() else selectors.claim_list(user=request.user).none()
    page = BoundedPaginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    here = request.get_full_path()
    without_page = params.copy()
    without_page.pop("page", None)
    rows = [
        {
            "claim": claim,
            "types": presentation.type_labels(claim),
            "open_url": f"{claim.get_absolute_url()}?{urlencode({'next': here})}",
        }
        for claim in page.object_list
    ]
    context = {
        "filter": claim_filter,
        "page": page,
        "rows": rows,
        "page_query": without_page.urlencode(),
        "searched_terms": selectors.search_terms_of(params.get("search", "")) if params.get("search") else [],
        "status_choices": Claim.Status.choices,
        "proposal_choices": PROPOSAL_CHOICES,
        "type_choices": list(presentation.CLAIM_TYPE_LABELS.items()),
        "outlets": selectors.outlets(),
        "reviewers": list(selectors.reviewers()),
        "filtered": any(k not in ("page",) and v for k, v in request.GET.items()),
    }
    return render(request, "factcheck/desk/queue.html", context)
