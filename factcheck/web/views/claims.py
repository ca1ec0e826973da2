"""One claim as a reviewer's instrument: its sentence in context, history, and every step it allows.

Each POST view is form → one service call → redirect back (to the queue, or the claim's place in its
article). On an error the claim page is shown again with the typed text kept and the message beside
the form that caused it.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from factcheck import selectors, services
from factcheck.errors import FactcheckError, InvalidSpan, NotAllowed, SameReviewer, VersionConflict
from factcheck.models import Claim, Review
from factcheck.services import roles
from factcheck.web import presentation
from factcheck.web.forms import (
    AssignForm,
    CrossCheckForm,
    MergeForm,
    ReopenForm,
    RespanForm,
    ReviewForm,
    SplitForm,
    TakeClaimForm,
)
from factcheck.web.views.responses import back_to, forbidden, next_url, no_role

FORMS = ("review", "cross_check", "reopen", "assign", "split", "respan")


def review_verdicts(user: Any) -> list[str]:
    """Which verdict buttons to offer; services.record_review enforces the same rule on submit."""
    if roles.has(user, roles.REVIEW):
        return [v.value for v in Review.Verdict]
    if roles.has(user, roles.DISMISS):
        return [Review.Verdict.DISMISSED.value]
    return []


def review_form(claim: Claim, verdicts: list[str], data: Any = None, verdict: str | None = None) -> ReviewForm:
    initial = {"version": claim.version}
    if verdict in verdicts:
        initial["verdict"] = verdict
    return ReviewForm(data, verdicts=verdicts, initial=initial)


def can_correct(user: Any, claim: Claim) -> bool:
    """Offer split, merge and re-span: services.corrections enforces the same rule on submit."""
    return roles.has(user, roles.CORRECT) and is_open(claim) and not claim.is_stale


def is_open(claim: Claim) -> bool:
    """Open for a verdict: pending and no proposal waiting (anything else needs a cross-check or reopen)."""
    return claim.status == Claim.Status.PENDING and claim.proposal_id is None


def _forms_for(request: HttpRequest, claim: Claim, bound: dict[str, Form]) -> dict[str, Form | None]:
    user = request.user
    verdicts = review_verdicts(user)
    reviewer = roles.has(user, roles.REVIEW)
    proposal = claim.proposal
    forms: dict[str, Form | None] = dict.fromkeys(FORMS)
    if is_open(claim) and verdicts:
        chosen = request.GET.get("verdict")
        forms["review"] = review_form(claim, verdicts, verdict=chosen)
        if chosen in verdicts:
            # Came from the queue's v/d/x: the verdict is chosen, the reviewer goes on typing the note.
            forms["review"].fields["note"].widget.attrs["autofocus"] = True
    if proposal is not None and reviewer and proposal.reviewer_id != user.pk:
        forms["cross_check"] = CrossCheckForm(prefix="check", initial={"version": claim.version})
    if claim.status != Claim.Status.PENDING and reviewer:
        forms["reopen"] = ReopenForm(prefix="reopen", initial={"version": claim.version})
    if roles.has(user, roles.ASSIGN):
        forms["assign"] = AssignForm(prefix="assign", initial={"assignee": claim.assignee_id})
    if can_correct(user, claim):
        forms["split"] = SplitForm(prefix="split", initial={"version": claim.version})
        forms["respan"] = RespanForm(prefix="respan", initial={"version": claim.version, "text": claim.text})
    forms.update(bound)
    return forms


def _neighbours(claim: Claim) -> list[dict[str, Any]]:
    """The claims right before and after this one in its paragraph, when both can be merged (one query)."""
    body = claim.article.body
    # article_id: the related manager sets each row's article; text: the merge preview shows it.
    row = ("id", "article_id", "text", "start", "end", "status", "proposal_id", "version", "is_stale")
    claims = list(claim.article.claims.filter(is_stale=False).order_by("start").only(*row))
    index = next((i for i, c in enumerate(claims) if c.pk == claim.pk), None)
    if index is None:
        return []
    out = []
    for side, j in (("before", index - 1), ("after", index + 1)):
        if 0 <= j < len(claims):
            other = claims[j]
            first, last = sorted((claim, other), key=lambda c: c.start)
            if is_open(other) and "\n" not in body[first.start : last.end]:
                out.append(
                    {
                        "side": side,
                        "claim": other,
                        "form": MergeForm(
                            prefix="merge",
                            initial={
                                "neighbour": other.pk,
                                "version": claim.version,
                                "neighbour_version": other.version,
                            },
                        ),
                    }
                )
    return out


def show_hidden_field_errors(form: Form) -> None:
    """A hidden field's error (an offset or a version the page's script set, then altered) has no place of its
    own on the page: it goes above the form, so a refusal never comes without its reason."""
    for field in form.hidden_fields():
        for error in field.errors:
            if error not in form.non_field_errors():
                form.add_error(None, error)


def render_claim_page(
    request: HttpRequest, pk: int, *, bound: dict[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    claim = get_object_or_404(selectors.claim_detail_queryset(user=request.user), pk=pk)
    for name, form in (bound or {}).items():
        if name != "review":  # the review form shows its version's errors itself
            show_hidden_field_errors(form)
    forms = _forms_for(request, claim, bound or {})
    user = request.user
    context = {
        "claim": claim,
        "article": claim.article,
        "context": presentation.claim_context(claim.article.body, claim),
        "facts": presentation.claim_facts(claim),
        "reviews": list(claim.reviews.all()),
        "forms": forms,
        "can_take": roles.has(user, roles.REVIEW) and claim.assignee_id is None and claim.status == "pending",
        "can_release": claim.assignee_id == user.pk and not roles.has(user, roles.ASSIGN),
        "own_proposal": claim.proposal is not None and claim.proposal.reviewer_id == user.pk,
        "next": next_url(request, ""),
        "merge_with": _neighbours(claim) if can_correct(user, claim) else [],
        "history": presentation.history(claim),
    }
    return render(request, "factcheck/claims/detail.html", context, status=status)


def _claim_or_404(request: HttpRequest, pk: int) -> Claim:
    return get_object_or_404(selectors.claim_list(user=request.user), pk=pk)


def _done(request: HttpRequest, claim: Claim, message: str) -> HttpResponse:
    messages.success(request, message)
    return back_to(request, claim.get_article_url(), anchor=f"row-{claim.pk}")


def _failed(request: HttpRequest, claim: Claim, name: str, form: Form, exc: FactcheckError) -> HttpResponse:
    if isinstance(exc, NotAllowed) and not isinstance(exc, SameReviewer):
        return forbidden(request, exc.message)
    form.add_error(None, exc.message)
    if isinstance(exc, VersionConflict) and exc.latest_review is not None and exc.latest_review.note:
        form.add_error(None, gettext("Note on the latest record: %(note)s") % {"note": exc.latest_review.note})
    return render_claim_page(request, claim.pk, bound={name: form}, status=exc.http_status)


def _refused(request: HttpRequest, pk: int, exc: FactcheckError) -> HttpResponse:
    """A step without a form of its own to hold the message (take, release, merge): the message on top."""
    if isinstance(exc, NotAllowed):
        return forbidden(request, exc.message)
    messages.error(request, exc.message)
    return render_claim_page(request, pk, status=exc.http_status)


def _get_goes_to_claim_page(view: Any) -> Any:
    """The action URLs answer GET (a reload of an error page) by showing the claim, never a blank 405."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        if request.method == "GET":
            return redirect("web:claim-detail", pk=pk)
        return view(request, pk)

    return require_http_methods(["GET", "POST"])(login_required(wrapper))


# ---------------------------------------------------------------- pages


@require_GET
@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not selectors.can_view_desk(request.user):
        return no_role(request)
    return render_claim_page(request, pk)


@_get_goes_to_claim_page
def claim_review(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    verdicts = review_verdicts(request.user)
    if not verdicts:
        return forbidden(request, gettext("You may not record verdicts. Sign in with a reviewer account."))
    form = review_form(claim, verdicts, data=request.POST)
    if not form.is_valid():
        return render_claim_page(request, pk, bound={"review": form}, status=400)
    try:
        review = services.record_review(
            user=request.user,
            claim=claim,
            verdict=form.cleaned_data["verdict"],
            note=form.cleaned_data["note"],
            sources=form.source_inputs(),
            expected_version=form.cleaned_data["version"],
        )
    except VersionConflict as exc:
        # Keep what the reviewer typed, now against the current version: sending it again is a deliberate
        # decision made after reading the newer verdict, never a silent overwrite.
        data = request.POST.copy()
        data[form.add_prefix("version")] = str(exc.claim.version)
        form = review_form(claim, verdicts, data=data)
        form.is_valid()
        return _failed(request, claim, "review", form, exc)
    except FactcheckError as exc:
        return _failed(request, claim, "review", form, exc)
    if review.action == Review.Action.PROPOSAL:
        message = gettext("You proposed '%(verdict)s'. It becomes final when another reviewer cross-checks it.") % {
            "verdict": review.get_verdict_display()
        }
    else:
        message = gettext("Verdict recorded.")
    return _done(request, claim, message)


@_get_goes_to_claim_page
def claim_cross_check(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    form = CrossCheckForm(request.POST, prefix="check")
    if not form.is_valid():
        return render_claim_page(request, pk, bound={"cross_check": form}, status=400)
    try:
        review = services.cross_check(
            user=request.user,
            claim=claim,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except FactcheckError as exc:
        return _failed(request, claim, "cross_check", form, exc)
    if review.action == Review.Action.CONFIRMATION:
        message = gettext("Cross-checked: the verdict '%(verdict)s' is final.") % {
            "verdict": review.get_verdict_display()
        }
        return _done(request, claim, message)
    return _done(request, claim, gettext("Proposal rejected. The claim is pending review again."))


@_get_goes_to_claim_page
def claim_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    form = ReopenForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return render_claim_page(request, pk, bound={"reopen": form}, status=400)
    try:
        services.reopen_claim(
            user=request.user,
            claim=claim,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except FactcheckError as exc:
        return _failed(request, claim, "reopen", form, exc)
    return _done(request, claim, gettext("Reopened. The claim is pending review again."))


@_get_goes_to_claim_page
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors choose the assignee; a reviewer's form only says take or release."""
    claim = _claim_or_404(request, pk)
    if roles.has(request.user, roles.ASSIGN) and "assign-assignee" in request.POST:
        form: Form = AssignForm(request.POST, prefix="assign")
        if not form.is_valid():
            return render_claim_page(request, pk, bound={"assign": form}, status=400)
        assignee = form.cleaned_data["assignee"]
    else:
        form = TakeClaimForm(request.POST)
        if not form.is_valid():
            return forbidden(request, gettext("This request cannot change the assignee."))
        assignee = request.user if form.cleaned_data["action"] == "take" else None
    try:
        services.assign_claim(user=request.user, claim=claim, assignee=assignee)
    except FactcheckError as exc:
        return _refused(request, pk, exc)
    if assignee is None:
        return _done(request, claim, gettext("Assignee cleared."))
    if assignee.pk == request.user.pk:
        return _done(request, claim, gettext("You took this claim."))
    return _done(request, claim, gettext("Assigned to %(name)s.") % {"name": assignee.get_username()})


# ---------------------------------------------------------------- corrections of the machine's cut


def _corrected(request: HttpRequest, claim: Claim, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(claim.get_article_url())


@_get_goes_to_claim_page
def claim_split(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    form = SplitForm(request.POST, prefix="split")
    if not form.is_valid():
        return render_claim_page(request, pk, bound={"split": form}, status=400)
    at = form.cleaned_data["at"]
    try:
        if at is None:
            at = _offset_of_words(claim, form.cleaned_data["starts_with"])
        first, second = services.split_claim(
            user=request.user, claim=claim, at=at, expected_version=form.cleaned_data["version"]
        )
    except FactcheckError as exc:
        return _failed(request, claim, "split", form, exc)
    messages.success(request, gettext("Claim split in two. Each part can be judged on its own."))
    return redirect(first.get_article_url())


def _offset_of_words(claim: Claim, words: str) -> int:
    """Where the second claim starts, from the words the reviewer typed (forms without JavaScript)."""
    if not words.strip():
        raise InvalidSpan(gettext("Choose where to split, or type the words the second claim starts with."))
    start, _ = services.find_span(claim.article.body, words, near=claim.start)
    if not claim.start < start < claim.end:
        raise InvalidSpan(gettext("Those words are not in this claim. Copy them from the claim text exactly."))
    return start


@_get_goes_to_claim_page
def claim_respan(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    form = RespanForm(request.POST, prefix="respan")
    if not form.is_valid():
        return render_claim_page(request, pk, bound={"respan": form}, status=400)
    try:
        start, end = chosen_span(form, claim.article.body, near=claim.start)
        services.respan_claim(
            user=request.user, claim=claim, start=start, end=end, expected_version=form.cleaned_data["version"]
        )
    except FactcheckError as exc:
        return _failed(request, claim, "respan", form, exc)
    return _corrected(
        request, claim, gettext("Span corrected. Quantities, dates and speaker were computed again for the new span.")
    )


def chosen_span(form: Form, body: str, *, near: int) -> tuple[int, int]:
    """The span a SpanForm names: the selection's offsets, else the pasted text found in the body."""
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if start is not None and end is not None:
        return start, end
    return services.find_span(body, form.cleaned_data["text"], near=near)


@_get_goes_to_claim_page
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    form = MergeForm(request.POST, prefix="merge")
    if not form.is_valid():
        messages.error(request, gettext("Which claim to merge with is unknown. Reload the page."))
        return redirect("web:claim-detail", pk=pk)
    data = form.cleaned_data
    neighbour = get_object_or_404(selectors.claim_list(user=request.user), pk=data["neighbour"])
    try:
        merged = services.merge_claims(
            user=request.user,
            claims=[claim, neighbour],
            expected_versions=[data["version"], data["neighbour_version"]],
        )
    except FactcheckError as exc:
        return _refused(request, pk, exc)
    messages.success(request, gettext("The two claims were merged into one."))
    return redirect(merged.get_article_url())
