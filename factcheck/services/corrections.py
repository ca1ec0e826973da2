"""People correcting the machine's cut: split, merge, re-span, and claims added by hand.

Every correction locks the article (so it cannot interleave with a re-extraction or another correction
of the same article), then the claims it touches, checks their versions, re-analyses the new spans with
the engine, and appends one `Correction` row. Re-extraction never undoes it: claims a person made or cut
are "person-owned" (`Claim.is_person_owned`) and `replace_claims` leaves them and their text alone.

Only open claims can be cut: a claim with a verdict (or a proposal waiting for cross-check) is the
thing the verdict was about, so it must be reopened first.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck import extraction as engine
from factcheck.errors import CorrectionConflict, InvalidSpan, VersionConflict
from factcheck.models import Article, Claim, Correction
from factcheck.services import roles
from factcheck.services.extraction import claim_fields

_DENIED = _("You may not split, merge or add claims. Sign in with an editor or reviewer account.")


def split_claim(*, user: Any, claim: Claim, at: int, expected_version: int) -> tuple[Claim, Claim]:
    """Cut a claim in two at `at` (an offset into article.body); the first part keeps the id and history."""
    roles.require(user, roles.CORRECT, _DENIED)
    with transaction.atomic():
        article = _lock_article(claim.article_id)
        locked = _lock_open_claims([claim], [expected_version])[0]
        body = article.body
        if not locked.start < at < locked.end:
            raise InvalidSpan(
                gettext(
                    "The split point (%(at)d) is not inside the claim: it must be greater than %(start)d and less "
                    "than %(end)d."
                )
                % {"at": at, "start": locked.start, "end": locked.end},
                details={"at": at, "start": locked.start, "end": locked.end},
            )
        first = _snap(body, locked.start, at)
        second = _snap(body, at, locked.end)
        if first is None or second is None:
            raise InvalidSpan(
                gettext(
                    "Both parts of the split must hold some text. Move the split point towards the middle of the "
                    "sentence."
                ),
                details={"at": at},
            )
        before = [_span_record(locked)]
        first_analysis, second_analysis = _analyse(body, [first, second])
        _apply(locked, first, first_analysis)
        new = Claim(
            article=article,
            start=second[0],
            end=second[1],
            origin=Claim.Origin.MANUAL,
            corrected_at=locked.corrected_at,
            assignee=locked.assignee,
            assigned_at=locked.assigned_at,
            **claim_fields(second_analysis),
        )
        _save([locked], new)
        _record(user, article, Correction.Action.SPLIT, before, [locked, new])
    return locked, new


def merge_claims(*, user: Any, claims: list[Claim], expected_versions: list[int]) -> Claim:
    """Join neighbouring claims of one article into one spanning them; the absorbed claims are deleted.

    The claim kept is the first one, or the one with review history (history is never moved or lost:
    two claims that both have history cannot be merged).
    """
    roles.require(user, roles.CORRECT, _DENIED)
    if len(claims) < 2 or len(claims) != len(expected_versions):
        raise InvalidSpan(gettext("Send two or more claims to merge, with the version of each."))
    if len({c.pk for c in claims}) != len(claims):
        raise InvalidSpan(gettext("The same claim was sent twice."))
    if len({c.article_id for c in claims}) != 1:
        raise InvalidSpan(gettext("Only claims of the same article can be merged."))
    with transaction.atomic():
        article = _lock_article(claims[0].article_id)
        locked = sorted(_lock_open_claims(claims, expected_versions), key=lambda c: c.start)
        between = (
            Claim.objects.filter(article=article, is_stale=False, start__lt=locked[-1].start, end__gt=locked[0].end)
            .exclude(pk__in=[c.pk for c in locked])
            .values_list("pk", flat=True)
        )
        if between:
            raise CorrectionConflict(
                gettext("Only neighbouring claims can be merged: there is another claim between them."),
                code="not_adjacent",
                details={"between": list(between)},
            )
        with_history = [c for c in locked if c.reviews.exists()]
        if len(with_history) > 1:
            raise CorrectionConflict(
                gettext(
                    "Two claims that both have review history cannot be merged: history is never moved or deleted."
                ),
                code="claim_has_history",
                details={"claims": [c.pk for c in with_history]},
            )
        kept = with_history[0] if with_history else locked[0]
        span = (locked[0].start, locked[-1].end)
        _require_one_paragraph(article.body, span)
        before = [_span_record(c) for c in locked]
        absorbed = [c for c in locked if c.pk != kept.pk]
        (analysis,) = _analyse(article.body, [span])
        Claim.objects.filter(pk__in=[c.pk for c in absorbed]).delete()
        _apply(kept, span, analysis)
        _save([kept])
        _record(user, article, Correction.Action.MERGE, before, [kept])
    return kept


def respan_claim(*, user: Any, claim: Claim, start: int, end: int, expected_version: int) -> Claim:
    """Move a claim's edges (clamped to the body, surrounding whitespace dropped) and re-analyse it."""
    roles.require(user, roles.CORRECT, _DENIED)
    with transaction.atomic():
        article = _lock_article(claim.article_id)
        locked = _lock_open_claims([claim], [expected_version])[0]
        span = _valid_span(article.body, start, end)
        _refuse_overlap(article, span, exclude=[locked.pk])
        before = [_span_record(locked)]
        (analysis,) = _analyse(article.body, [span])
        _apply(locked, span, analysis)
        _save([locked])
        _record(user, article, Correction.Action.RESPAN, before, [locked])
    return locked


def add_claim(*, user: Any, article: Article, start: int, end: int) -> Claim:
    """A claim the extractor missed, from a span of the body a person selected; origin "manual"."""
    roles.require(user, roles.CORRECT, _DENIED)
    with transaction.atomic():
        article = _lock_article(article.pk)
        span = _valid_span(article.body, start, end)
        _refuse_overlap(article, span, exclude=[])
        (analysis,) = _analyse(article.body, [span])
        claim = Claim(
            article=article,
            start=span[0],
            end=span[1],
            origin=Claim.Origin.MANUAL,
            corrected_at=timezone.now(),
            **claim_fields(analysis),
        )
        _save([], claim)
        _record(user, article, Correction.Action.ADD, [], [claim])
    return claim


def find_span(body: str, text: str, *, near: int = 0) -> tuple[int, int]:
    """Where pasted text sits in the body (the occurrence nearest `near`), for forms without JavaScript.

    Compared on NFC with whitespace runs as one space, so a copy from the page finds its place.
    """
    needle = " ".join(unicodedata.normalize("NFC", text).split())
    if not needle:
        raise InvalidSpan(gettext("Paste the sentence to find in the body."), details={"text": text})
    flat, index = _flatten(body)
    hits, pos = [], flat.find(needle)
    while pos >= 0:
        hits.append(pos)
        pos = flat.find(needle, pos + 1)
    if not hits:
        raise InvalidSpan(
            gettext("The pasted sentence is not in the body. Copy it from the body exactly as it is and paste it."),
            details={"text": text},
        )
    best = min(hits, key=lambda p: abs(index[p] - near))
    return index[best], index[best + len(needle) - 1] + 1


# ---------------------------------------------------------------- internals


def _flatten(body: str) -> tuple[str, list[int]]:
    """The body with whitespace runs as one space, and each kept character's offset in the body."""
    out, index, in_space = [], [], False
    for i, ch in enumerate(body):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        out.append(ch)
        index.append(i)
    return "".join(out), index


def _lock_article(article_id: int) -> Article:
    return Article.objects.select_for_update().get(pk=article_id)


def _lock_open_claims(claims: list[Claim], expected_versions: list[int]) -> list[Claim]:
    """The claims, locked (in id order, so two corrections cannot deadlock), checked open and current."""
    wanted = dict(zip([c.pk for c in claims], expected_versions, strict=True))
    locked = list(Claim.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
    if len(locked) != len(wanted):
        raise InvalidSpan(
            gettext("A claim was deleted meanwhile. Reload the page."), details={"claims": sorted(wanted)}
        )
    for claim in locked:
        if claim.version != wanted[claim.pk]:
            latest = claim.reviews.select_related("reviewer").first()
            raise VersionConflict(
                gettext("This claim changed meanwhile. Check its current state, then correct it again."),
                claim=claim,
                latest_review=latest,
            )
        if claim.status != Claim.Status.PENDING or claim.proposal_id is not None:
            raise CorrectionConflict(
                gettext("A claim with a verdict cannot be split, merged or re-spanned. Reopen it first."),
                code="claim_has_verdict",
                details={"claim": claim.pk, "current_status": claim.status, "current_version": claim.version},
            )
        if claim.is_stale:
            raise CorrectionConflict(
                gettext("A claim kept from an earlier extraction cannot be corrected."),
                code="claim_is_stale",
                details={"claim": claim.pk},
            )
    return locked


def _snap(body: str, start: int, end: int) -> tuple[int, int] | None:
    """The span clamped to the body with surrounding whitespace dropped; None when nothing is left."""
    start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    # Never leave half of a surrogate pair or a combining mark stranded at an edge.
    while 0 < start < len(body) and unicodedata.combining(body[start]):
        start -= 1
    while end < len(body) and unicodedata.combining(body[end]):
        end += 1
    return (start, end) if start < end else None


def _valid_span(body: str, start: int, end: int) -> tuple[int, int]:
    if start >= end:
        raise InvalidSpan(gettext("The end must come after the start."), details={"start": start, "end": end})
    if start < 0 or end > len(body):
        raise InvalidSpan(
            gettext("The span is outside the body: it must lie between 0 and %(length)d.") % {"length": len(body)},
            details={"start": start, "end": end, "body_length": len(body)},
        )
    span = _snap(body, start, end)
    if span is None:
        raise InvalidSpan(gettext("The chosen span holds no text."), details={"start": start, "end": end})
    _require_one_paragraph(body, span)
    return span


def _require_one_paragraph(body: str, span: tuple[int, int]) -> None:
    # Paragraphs are lines (as the segmenter reads them): a claim is a statement inside one.
    if any(ch in body[span[0] : span[1]] for ch in "\r\n"):
        raise InvalidSpan(
            gettext("A claim must lie within one paragraph. A span across paragraphs cannot be chosen."),
            details={"start": span[0], "end": span[1]},
        )


def _refuse_overlap(article: Article, span: tuple[int, int], *, exclude: list[int]) -> None:
    other = (
        Claim.objects.filter(article=article, is_stale=False, start__lt=span[1], end__gt=span[0])
        .exclude(pk__in=exclude)
        .first()
    )
    if other is not None:
        raise CorrectionConflict(
            gettext("It overlaps another claim. Shrink that claim's span first, or merge the two claims."),
            code="span_overlaps",
            details={"claim": other.pk, "start": other.start, "end": other.end},
        )


def _analyse(body: str, spans: list[tuple[int, int]]) -> list[engine.Sentence]:
    try:
        return engine.analyse_spans(body, spans)
    except ValueError as exc:
        raise InvalidSpan(
            gettext("A claim must lie within one paragraph. A span across paragraphs cannot be chosen."),
            details={"spans": [list(s) for s in spans]},
        ) from exc


def _apply(claim: Claim, span: tuple[int, int], analysis: engine.Sentence) -> None:
    claim.start, claim.end = span
    for field, value in claim_fields(analysis).items():
        setattr(claim, field, value)
    claim.is_stale = False
    claim.corrected_at = timezone.now()
    claim.version += 1


def _save(changed: list[Claim], new: Claim | None = None) -> None:
    """Write the changed rows, then the new one; two people cutting the same span get a 409, not a 500."""
    try:
        with transaction.atomic():
            for claim in changed:
                claim.save()
            if new is not None:
                new.save()
    except IntegrityError as exc:
        raise CorrectionConflict(
            gettext("A claim with the same span already exists. Reload the page to see it."), code="span_overlaps"
        ) from exc


def _span_record(claim: Claim) -> dict[str, Any]:
    return {"id": claim.pk, "start": claim.start, "end": claim.end, "text": claim.text}


def _record(user: Any, article: Article, action: str, before: list[dict], after: list[Claim]) -> Correction:
    correction = Correction.objects.create(
        article=article, actor=user, action=action, before=before, after=[_span_record(c) for c in after]
    )
    correction.claims.set(after)
    return correction
