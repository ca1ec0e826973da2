"""How claims are shown on the pages: labels, the article body with its claims marked, number labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factcheck.models import Claim

CLAIM_TYPE_LABELS = {
    "statistic": "통계·수치",
    "quote": "직접 인용",
    "attribution": "발언 귀속",
    "comparison": "비교",
    "event": "사건",
    "reported": "전언",
    "prediction": "예측·전망",
    "definition": "정의",
}

CONTEXT_CHARS = 240


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None


def highlight_segments(body: str, claims: list[Claim]) -> list[Segment]:
    """Split the body into plain text and claim spans, in order.

    Current claims never overlap (they are sentences); a stale claim from an older extraction may
    overlap a current one, and then it is simply not highlighted (it is still listed below the body).
    """
    placed: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.is_stale, c.start, c.pk)):
        if not (0 <= claim.start < claim.end <= len(body)):
            continue
        if any(claim.start < other.end and other.start < claim.end for other in placed):
            continue
        placed.append(claim)
    segments, pos = [], 0
    for claim in sorted(placed, key=lambda c: c.start):
        if claim.start > pos:
            segments.append(Segment(body[pos : claim.start]))
        segments.append(Segment(body[claim.start : claim.end], claim))
        pos = claim.end
    if pos < len(body):
        segments.append(Segment(body[pos:]))
    return segments


@dataclass(frozen=True)
class ClaimContext:
    """The claim inside its paragraph, so a reviewer reads it as the article says it."""

    before: str
    text: str
    after: str
    cut_before: bool
    cut_after: bool


def claim_context(body: str, claim: Claim) -> ClaimContext:
    start, end = claim.start, claim.end
    paragraph_start = body.rfind("\n", 0, start) + 1
    paragraph_end = body.find("\n", end)
    paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
    before_start = max(paragraph_start, start - CONTEXT_CHARS)
    after_end = min(paragraph_end, end + CONTEXT_CHARS)
    return ClaimContext(
        before=body[before_start:start],
        text=body[start:end],
        after=body[end:after_end],
        cut_before=before_start > paragraph_start,
        cut_after=after_end < paragraph_end,
    )


def type_labels(claim: Claim) -> list[str]:
    return [CLAIM_TYPE_LABELS.get(t, t) for t in claim.types]


def _format_number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def quantity_label(quantity: dict[str, Any]) -> str:
    """ "1750억개" → "1750억개 → 175,000,000,000 개": what the text says and what a checker compares."""
    value = quantity.get("value")
    if value is None:
        return quantity.get("text", "")
    approx = "약 " if quantity.get("approx") else ""
    unit = f" {quantity['unit']}" if quantity.get("unit") else ""
    return f"{quantity.get('text', '')} → {approx}{_format_number(value)}{unit}"
