"""How claims are shown on the pages: labels, the article body with its claims marked, number labels,
and the facts a claim card explains itself with (types, speaker, figures, dates, why it scored as it did)."""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from factcheck.extraction.quantities import AFTER_CHARS, qualifier_of
from factcheck.extraction.scoring import WEIGHTS
from factcheck.models import Claim

CLAIM_TYPE_LABELS = {
    "statistic": _("Statistic"),
    "quote": _("Direct quote"),
    "attribution": _("Attributed statement"),
    "comparison": _("Comparison"),
    "event": _("Event"),
    "reported": _("Reported speech"),
    "prediction": _("Prediction"),
    "definition": _("Definition"),
}

CONTEXT_CHARS = 240


@dataclass(slots=True)  # not frozen: a long article makes hundreds, and frozen init is several times slower
class Segment:
    text: str
    claim: Claim | None = None
    start: int = 0  # offset in the body: the page's script turns a selection into body offsets with it


def highlight_segments(body: str, claims: list[Claim]) -> list[Segment]:
    """Split the body into plain text and claim spans, in order.

    Current claims never overlap (they are sentences); a stale claim from an older extraction may
    overlap a current one, and then it is simply not highlighted (it is still listed below the body).
    """
    placed: list[Claim] = []  # kept sorted by start; placed spans never overlap, so their ends are sorted too
    starts: list[int] = []
    for claim in sorted(claims, key=lambda c: (c.is_stale, c.start, c.pk)):
        if not (0 <= claim.start < claim.end <= len(body)):
            continue
        i = bisect.bisect_right(starts, claim.start)
        if (i > 0 and placed[i - 1].end > claim.start) or (i < len(placed) and placed[i].start < claim.end):
            continue
        starts.insert(i, claim.start)
        placed.insert(i, claim)
    segments, pos = [], 0
    for claim in placed:
        if claim.start > pos:
            segments.append(Segment(body[pos : claim.start], None, pos))
        segments.append(Segment(body[claim.start : claim.end], claim, claim.start))
        pos = claim.end
    if pos < len(body):
        segments.append(Segment(body[pos:], None, pos))
    return segments


@dataclass(frozen=True)
class ClaimContext:
    """The claim inside its paragraph, so a reviewer reads it as the article says it."""

    before: str
    text: str
    after: str
    cut_before: bool
    cut_after: bool
    before_start: int = 0  # where `before` starts in the body (the page's script maps selections with it)


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
        before_start=before_start,
    )


def type_labels(claim: Claim) -> list[str]:
    return [CLAIM_TYPE_LABELS.get(t, t) for t in claim.types]


def _format_number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


# How the figure relates to the value (factcheck.extraction.quantities); None shows no sign.
QUALIFIER_SIGNS = {"approx": "≈", "at_least": "≥", "at_most": "≤", "more_than": ">", "less_than": "<"}


def quantity_qualifier(quantity: dict[str, Any], after: str = "") -> str | None:
    """The stored qualifier; rows extracted before it existed get it from their text (and `after`, the
    text that follows the quantity), and failing that from their approx flag."""
    if "qualifier" in quantity:
        return quantity["qualifier"]
    derived = qualifier_of(quantity.get("text", ""), after)
    if derived is None and quantity.get("approx"):
        return "approx"
    return derived


def quantity_label(quantity: dict[str, Any], after: str = "") -> str:
    """ "1000억원 이상" → "1000억원 이상 → ≥ 100,000,000,000 원": what the text says and what a checker compares."""
    value = quantity.get("value")
    if value is None:
        return quantity.get("text", "")
    sign = QUALIFIER_SIGNS.get(quantity_qualifier(quantity, after) or "")
    sign = f"{sign} " if sign else ""
    unit = f" {quantity['unit']}" if quantity.get("unit") else ""
    return f"{quantity.get('text', '')} → {sign}{_format_number(value)}{unit}"


# What each piece of scoring evidence (a key of scoring.WEIGHTS) means, in a reviewer's words. Whether it
# raised or lowered the score is shown from the sign of its weight, not written here, so a refit of the
# weights cannot make a label wrong.
EVIDENCE_LABELS = {
    "quantity": _("Has a specific figure"),
    "number": _("Has another number (a 9th dan, a phase 3 trial)"),
    "date": _("Has a date or a point in time"),
    "according": _("Names its source (according to …)"),
    "hearsay": _("Hearsay (… is known to, … reportedly)"),
    "superlative": _("Superlative or ranking (largest, first, No. 1)"),
    "comparison": _("Comparison (than …, ahead of)"),
    "attribution": _("Says who said it"),
    "quoted fact": _("A past fact inside a quote"),
    "named subject": _("A named subject (an organisation, person or product)"),
    "specific subject": _("A specific subject (this, the said, this time …)"),
    "past event": _("Describes something that has happened"),
    "change": _("Reports a change or a result (rose, fell, found)"),
    "ongoing": _("Something under way (is doing …, in the middle of …)"),
    "negation": _("Negation (did not …)"),
    "quote": _("Direct quote"),
    "question": _("A question"),
    "hedge": _("Guess or possibility (may …, seems to …)"),
    "opinion": _("Opinion or obligation (should …)"),
    "vague intention": _("A plan or outlook with neither a date nor a figure"),
    "fragment": _("Not a complete sentence (a headline or a fragment)"),
    "imperative": _("A command or a suggestion"),
    "first person": _("First person (I, we)"),
    "definition": _("A defining sentence (… is …)"),
    "generic present": _("A generalisation with no specific subject"),
    "finding": _("Reported as a study's or analysis's result (… was found to)"),
    "quoted finding": _("A result reported inside a quote (was the first to build …)"),
    "dated plan": _("A plan with a set date"),
    "explanation": _("Explains a reason (because …)"),
    "wish": _("A wish or a hope (would like to …)"),
    "quoted characterisation": _('A quote that ends in a judgement (… an innovation," he said)'),
}


@dataclass(frozen=True)
class EvidenceItem:
    """One reason for a claim's score: what it means and which way it pushed."""

    name: str
    label: str
    weight: float

    @property
    def raises(self) -> bool:
        return self.weight > 0


def evidence_items(names: Iterable[str]) -> list[EvidenceItem]:
    """The evidence strongest first (by the size of its weight, up or down).

    A name no longer in the weight table (a claim scored by an older extractor) has no weight to show,
    so it is left out.
    """
    items = [EvidenceItem(n, EVIDENCE_LABELS.get(n, n), WEIGHTS[n]) for n in names if n in WEIGHTS]
    return sorted(items, key=lambda item: (-abs(item.weight), item.name))


@dataclass(frozen=True)
class ClaimFacts:
    """What the claim card lists about a claim (templates/factcheck/claims/_facts.html)."""

    types: list[str]
    speaker: str | None
    quantities: list[str]
    dates: list[str]
    evidence: list[EvidenceItem]


def claim_facts(claim: Claim) -> ClaimFacts:
    """The claim's facts from its own row: no query, so it is safe in a list of claims."""
    return ClaimFacts(
        types=type_labels(claim),
        speaker=claim.speaker,
        quantities=[quantity_label(q, _text_after(claim, q)) for q in claim.quantities],
        dates=[d.get("text", "") for d in claim.dates],
        evidence=evidence_items(claim.evidence),
    )


def _text_after(claim: Claim, quantity: dict[str, Any]) -> str:
    # What follows the quantity in its sentence ("…명이 넘는"): the engine reads as much when it extracts.
    end = quantity.get("end")
    if not isinstance(end, int) or not claim.start <= end <= claim.end or len(claim.text) != claim.end - claim.start:
        return ""  # offsets that do not index this claim's text (a hand-made row): read the quantity alone
    offset = end - claim.start
    return claim.text[offset : offset + AFTER_CHARS]


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a claim's history: a review step or a correction of its span, told apart by `kind`."""

    kind: str  # "review" or "correction"
    item: Any

    @property
    def created_at(self) -> Any:
        return self.item.created_at


def history(claim: Claim) -> list[HistoryEntry]:
    """Verdict steps and span corrections, newest first (both prefetched by the claim page's selector)."""
    entries = [HistoryEntry("review", r) for r in claim.reviews.all()]
    entries += [HistoryEntry("correction", c) for c in claim.corrections.all()]
    return sorted(entries, key=lambda e: (e.created_at, e.kind == "review", e.item.pk), reverse=True)


def body_html(segments: list[Segment]) -> SafeString:
    """The article body with its claims marked, as HTML (every piece of article text escaped).

    Built here rather than in a template loop: a long article has hundreds of segments, and the template
    engine spent most of the page's time on them. Each text piece carries `data-start`, its offset in the
    body, so the page's script can turn a selection into body offsets; each mark says its status in words
    (visually hidden) as well as in colour and icon.
    """
    status_labels = {value: str(label) for value, label in Claim.Status.choices}  # in the request's language
    parts = []
    for segment in segments:
        piece = f'<span data-start="{segment.start}">{html.escape(segment.text)}</span>'
        claim = segment.claim
        if claim is None:
            parts.append(piece)
            continue
        link = html.escape(getattr(claim, "card_link", "") or f"#claim-{claim.pk}")
        label = html.escape(str(status_labels.get(claim.status, claim.status)))
        parts.append(
            f'<a class="claim-mark status-{html.escape(claim.status)}" href="{link}">'
            f'<span class="visually-hidden">[{label}] </span>{piece}</a>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above went through html.escape
