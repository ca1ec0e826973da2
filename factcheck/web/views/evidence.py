"""A source's archived copy: what its page said when the verdict was recorded, as plain text."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from factcheck import selectors
from factcheck.evidence.selectors import snapshot_page_queryset
from factcheck.web.views.responses import no_role


@require_GET
@login_required
def source_snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    """`pk` is the source's id. The page's raw HTML is never shown: only the extracted text, escaped."""
    if not selectors.can_view_desk(request.user):
        return no_role(request)
    snapshot = get_object_or_404(snapshot_page_queryset(user=request.user), source_id=pk)
    source = snapshot.source
    return render(
        request,
        "factcheck/evidence/snapshot.html",
        {"snapshot": snapshot, "source": source, "review": source.review, "claim": source.review.claim},
    )
