"""Explainable check-worthiness: weighted evidence from morphology, summed and clipped to [0, 1].

Each weight names the evidence that earned it, so a reviewer sees why a sentence was queued.
Specific, verifiable content (figures, sources, rankings, dated events) raises the score; hedges,
questions, opinions and vague intentions lower it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from factcheck.extraction.speakers import SpeechCues
from factcheck.extraction.types import CLAIM_TYPES, DateMention, Quantity

BASE = 0.12
WEIGHTS = {
    "quantity": 0.45,
    "attribution": 0.15,
    "according": 0.3,
    "hearsay": 0.3,
    "superlative": 0.2,
    "comparison": 0.12,
    "quote": 0.08,
    "date": 0.15,
    "past event": 0.3,
    "event": 0.1,
    "named entity": 0.1,
}
PENALTIES = {
    "question": -0.35,
    "hedge": -0.22,
    "opinion": -0.2,
    "vague intention": -0.12,
    "fragment": -0.08,
}
_SUPERLATIVE_MAG = {"가장", "최고로"}
_SUPERLATIVE_NOUNS = {"최대", "최초", "최고", "최저", "최소", "최다", "최장", "최단", "처음", "세계적", "사상", "역대"}
_COMPARISON_VERBS = {"능가", "뛰어넘", "앞서", "추월", "웃돌", "밑돌", "비하", "달리"}
_FUTURE_NOUNS = {"계획", "예정", "방침", "전망"}
_HEDGE = re.compile(
    r"수\s?(?:있|없)을\s?것|지도\s?모른다|수밖에\s?없|것\s?같다|듯하다|보인다|짐작|추측|아닐까|않을까|기대된다|바란다|바랍니다"
)
_OPINION = re.compile(r"해야\s?한다|해야\s?할|필요가?\s?있다|바람직|중요하다|마련이다|셈이다|다행히|불과하다")
_NOT_QUANTITY_UNITS = {"번", "차례"}
_QUOTES = re.compile(r'"[^"]*"|“[^”]*”')
# Latin acronyms that are common nouns, not names of organisations or products.
_GENERIC_ACRONYMS = {"AI", "IT", "DNA", "RNA", "CEO", "PC", "TV", "SW", "HW", "OS", "VR", "AR", "CPU", "GPU", "DB"}


@dataclass(frozen=True)
class Score:
    """The score with the evidence and claim types that produced it."""

    value: float
    types: tuple[str, ...]
    evidence: tuple[str, ...]


def _tag_set(tokens: list[Any]) -> set[tuple[str, str]]:
    return {(t.form, t.tag) for t in tokens}


def score_sentence(
    text: str,
    tokens: list[Any],
    quantities: tuple[Quantity, ...],
    dates: tuple[DateMention, ...],
    cues: SpeechCues,
    speaker: str | None,
    boilerplate: bool = False,
    offset: int = 0,
) -> Score:
    """Weigh the evidence of one sentence; `offset` is where `text` starts in the tokens' coordinates."""
    evidence: list[str] = []
    types: set[str] = set()
    quotes = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]
    # Rankings and comparisons inside a quotation are usually the speaker's rhetoric, not our claim.
    outside = [t for t in tokens if not any(a <= t.start - offset < b for a, b in quotes)]
    pairs = _tag_set(outside)
    forms = {f for f, _ in pairs}

    real_quantities = [q for q in quantities if q.unit not in _NOT_QUANTITY_UNITS or q.value > 1]
    if real_quantities:
        evidence.append("quantity")
        types.add("statistic")
    if speaker and (cues.speech_verb or cues.quote or cues.according):
        evidence.append("attribution")
        types.add("attribution")
    elif speaker:
        types.add("attribution")
    if cues.according:
        evidence.append("according")
        types.add("reported")
    if cues.hearsay:
        evidence.append("hearsay")
        types.add("reported")
    superlative = bool(forms & _SUPERLATIVE_MAG & {f for f, t in pairs if t == "MAG"}) or any(
        f in _SUPERLATIVE_NOUNS and t in ("NNG", "XPN", "MAG") for f, t in pairs
    )
    if superlative or any(q.unit == "위" for q in quantities):
        evidence.append("superlative")
        types.add("comparison")
    if ("보다", "JKB") in pairs or any(f in _COMPARISON_VERBS and t in ("VV", "NNG") for f, t in pairs):
        evidence.append("comparison")
        types.add("comparison")
    if cues.quote:
        evidence.append("quote")
        types.add("quote")
    reported_speech = cues.quote or cues.speech_verb
    past = any(t.tag == "EP" and t.form in ("었", "았", "였") for t in outside)
    named = _has_name(tokens)
    if dates:
        evidence.append("date")
        if named or past or speaker:
            types.add("event")
    if past and not reported_speech and tokens and tokens[-1].tag in ("SF", "EF"):
        # A narrated, finished happening ("…를 출범했다") rather than background or opinion.
        evidence.append("past event")
        if named or dates:
            evidence.append("event")
            types.add("event")
    if named:
        evidence.append("named entity")

    future = any(
        (t.tag == "EP" and t.form == "겠")
        or (t.tag == "NNG" and t.form in _FUTURE_NOUNS)
        or (t.tag == "ETM" and t.form in ("ᆯ", "을") and i + 1 < len(tokens) and tokens[i + 1].form == "것")
        for i, t in enumerate(tokens)
    )
    if future:
        types.add("prediction")
    if not future and _is_definition(tokens, text, cues, dates):
        types.add("definition")

    value = BASE + sum(WEIGHTS[e] for e in evidence)
    stripped = text.rstrip()
    if stripped.rstrip("\"”'’").endswith("?"):
        value += PENALTIES["question"]
    if _HEDGE.search(text) and not real_quantities:
        value += PENALTIES["hedge"]
    if _OPINION.search(text):
        value += PENALTIES["opinion"]
    if future and not real_quantities and not dates:
        value += PENALTIES["vague intention"]
    if not tokens or tokens[-1].tag not in ("SF", "EF", "SSC", "SE"):
        value += PENALTIES["fragment"]
    if boilerplate:
        value = min(value, 0.05)
    value = round(min(1.0, max(0.0, value)), 3)
    ordered = tuple(t for t in sorted(types) if t in CLAIM_TYPES)
    return Score(value, ordered if not boilerplate else (), tuple(evidence) if not boilerplate else ())


def _has_name(tokens: list[Any]) -> bool:
    # Proper nouns, or Latin acronyms such as "LG", "MIT" (tagged SL by Kiwi).
    return any(
        t.tag == "NNP" or (t.tag == "SL" and len(t.form) >= 2 and t.form.isupper() and t.form not in _GENERIC_ACRONYMS)
        for t in tokens
    )


def _is_definition(tokens: list[Any], text: str, cues: SpeechCues, dates: tuple[DateMention, ...]) -> bool:
    # "딥러닝은 … 기법이다.": a topic-marked noun first, a copula ending, nothing reported or dated.
    if cues.quote or cues.speech_verb or dates or len(tokens) < 4:
        return False
    first_particle = next((t for t in tokens if t.tag.startswith("J")), None)
    if first_particle is None or first_particle.form not in ("은", "는") or first_particle.tag != "JX":
        return False
    tail = [t for t in tokens if t.tag not in ("SF", "SSC")][-2:]
    return len(tail) == 2 and tail[0].tag == "VCP" and tail[1].tag == "EF" and tail[1].form == "다"
