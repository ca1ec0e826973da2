"""Extractor output as JSON-ready dicts: one shape for the CLI contract and the Claim rows."""

from __future__ import annotations

from typing import Any

from factcheck.extraction.types import DateMention, Quantity, Sentence


def number(value: float) -> int | float:
    """1750억 is 175000000000, not 175000000000.0: whole values stay integers in JSON."""
    return int(value) if float(value).is_integer() else value


def quantity_dict(q: Quantity) -> dict[str, Any]:
    """The `extract_claims` quantity contract and the Claim.quantities shape; rows stored before
    `qualifier` or `kind` existed lack those keys (derive them with `quantities.qualifier_of`, `units.kind_of`)."""
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "value": number(q.value),
        "unit": q.unit,
        "approx": q.approx,
        "qualifier": q.qualifier,
        "kind": q.kind,
    }


def date_dict(d: DateMention) -> dict[str, Any]:
    return {"text": d.text, "start": d.start, "end": d.end}


def sentence_dict(s: Sentence) -> dict[str, Any]:
    """The `extract_claims` per-sentence contract (without `path`); keep keys stable."""
    return {
        "index": s.index,
        **_analysis_dict(s),
        # The independent assertions of a sentence that joins several ("…했으며, 오픈AI는 …"), each with
        # its own span, figures, dates and score; [] for a sentence that asserts one thing.
        "clauses": [_analysis_dict(part, speaker=False) for part in s.parts],
    }


def _analysis_dict(s: Sentence, *, speaker: bool = True) -> dict[str, Any]:
    # A clause's speaker is always its sentence's, so the clause entries leave it out.
    fields = {
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "check_worthy": s.check_worthy,
        "score": s.score,
        "types": list(s.types),
        "speaker": s.speaker,
        "quantities": [quantity_dict(q) for q in s.quantities],
        "dates": [date_dict(d) for d in s.dates],
    }
    if not speaker:
        del fields["speaker"]
    return fields
