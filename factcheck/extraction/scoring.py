"""Explainable check-worthiness: named morphological evidence, each with a log-odds weight.

`features()` lists what a sentence shows (a figure, a source, a ranking, a dated event, a hedge, an
opinion…); the score is the logistic of the bias plus the weights of the evidence present, so every
claim can say which evidence raised or lowered it. The weights are fitted, not guessed:
`python -m bench.fit_scoring_weights --corpus ../shared/corpus` refits them on the labelled corpus with
leave-one-article-out validation and prints this table; the bias puts the chosen cut-off at 0.5.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from factcheck.extraction.speakers import SpeechCues
from factcheck.extraction.types import CLAIM_TYPES, DateMention, Quantity

# Log-odds of "check-worthy"; regenerate with bench/fit_scoring_weights.py.
BIAS = -2.0
WEIGHTS = {
    "quantity": 2.3,
    "number": 0.6,
    "date": 1.5,
    "according": 0.6,
    "hearsay": 0.4,
    "superlative": 1.0,
    "comparison": 0.6,
    "attribution": 0.9,
    "quoted fact": 0.7,
    "named entity": 0.6,
    "named subject": 0.7,
    "specific subject": 1.2,
    "past event": 1.1,
    "change": 1.1,
    "ongoing": 0.8,
    "negation": 0.9,
    "quote": -1.0,
    "question": -0.4,
    "hedge": -1.7,
    "opinion": -1.2,
    "vague intention": -0.9,
    "fragment": -0.9,
    "imperative": -0.6,
    "first person": -0.7,
    "definition": -0.9,
    "generic present": -0.5,
}
_SUPERLATIVE_MAG = {"가장", "최고로"}
_SUPERLATIVE_NOUNS = {"최대", "최초", "최고", "최저", "최소", "최다", "최장", "최단", "처음", "세계적", "사상", "역대"}
_COMPARISON_VERBS = {"능가", "뛰어넘", "앞서", "추월", "웃돌", "밑돌", "비하", "달리"}
# Predicates that report a measured change or a finding ("감소했다", "발견됐다", "규명했다").
_CHANGE_PREDICATES = {
    "감소", "증가", "줄", "늘", "상승", "하락", "급증", "급감", "발견", "확인", "규명", "입증", "손상", "유래",
    "기록", "달하", "차지", "성공", "실패",
}  # fmt: skip
_FUTURE_NOUNS = {"계획", "예정", "방침", "전망"}
_DEMONSTRATIVES = {"이", "그", "해당"}
_FIRST_PERSON = {"나", "저", "우리", "저희", "필자"}
_IMPERATIVE_ENDINGS = {"십시오", "으십시오", "세요", "으세요", "시오", "어라", "아라", "자"}
_QUOTATIVE_HA = {"다고", "라고", "는다고", "ᆫ다고", "냐고"}
_HEDGE = re.compile(
    r"수\s?(?:있|없)을\s?것|지도\s?모른다|수밖에\s?없|것\s?같다|듯하다|짐작|추측|아닐까|않을까|기대된다|바란다|바랍니다"
)
_OPINION = re.compile(r"해야\s?한다|해야\s?할|필요가?\s?있다|바람직|중요하다|마련이다|셈이다|다행히|불과하다")
_NOT_QUANTITY_UNITS = {"번", "차례"}
_QUOTES = re.compile(r'"[^"]*"|“[^”]*”')
_PAST = {"었", "았", "였"}
_PAST_PAIRS = {(f, "EP") for f in _PAST}
_CHANGE_PAIRS = {(f, tag) for f in _CHANGE_PREDICATES for tag in ("VV", "NNG")}
_FUTURE_PAIRS = {("겠", "EP")} | {(f, "NNG") for f in _FUTURE_NOUNS}
_IMPERATIVE_PAIRS = {(f, "EF") for f in _IMPERATIVE_ENDINGS}
_FIRST_PERSON_PAIRS = {(f, "NP") for f in _FIRST_PERSON}
_SUPERLATIVE_PAIRS = {(f, "MAG") for f in _SUPERLATIVE_MAG} | {
    (f, tag) for f in _SUPERLATIVE_NOUNS for tag in ("NNG", "XPN", "MAG")
}
_COMPARISON_PAIRS = {("보다", "JKB")} | {(f, tag) for f in _COMPARISON_VERBS for tag in ("VV", "NNG")}
# Latin acronyms that are common nouns, not names of organisations or products.
_GENERIC_ACRONYMS = {"AI", "IT", "DNA", "RNA", "CEO", "PC", "TV", "SW", "HW", "OS", "VR", "AR", "CPU", "GPU", "DB"}


@dataclass(frozen=True)
class Score:
    """The score with the evidence and claim types that produced it."""

    value: float
    types: tuple[str, ...]
    evidence: tuple[str, ...]


def score_sentence(
    text: str,
    tokens: list[Any],
    quantities: tuple[Quantity, ...],
    dates: tuple[DateMention, ...],
    cues: SpeechCues,
    speaker: str | None,
    boilerplate: bool = False,
    offset: int = 0,
    start: int = 0,
) -> Score:
    """Weigh the evidence of one sentence.

    `offset` is where `text` starts in the tokens' coordinates, `start` where it starts in the article
    (the coordinates of `quantities` and `dates`).
    """
    if boilerplate:
        return Score(0.0, (), ())
    evidence, types = features(text, tokens, quantities, dates, cues, speaker, offset, start)
    logit = BIAS + sum(WEIGHTS[e] for e in evidence)
    value = round(1 / (1 + math.exp(-logit)), 3)
    ordered = tuple(sorted(evidence, key=lambda e: (-WEIGHTS[e], e)))
    return Score(value, tuple(t for t in sorted(types) if t in CLAIM_TYPES), ordered)


def features(
    text: str,
    tokens: list[Any],
    quantities: tuple[Quantity, ...],
    dates: tuple[DateMention, ...],
    cues: SpeechCues,
    speaker: str | None,
    offset: int = 0,
    start: int = 0,
) -> tuple[set[str], set[str]]:
    """The evidence names (keys of WEIGHTS) present in a sentence, and its claim types."""
    evidence: set[str] = set()
    types: set[str] = set()
    quotes = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]

    # Rankings, tense and subjects inside a quotation are the speaker's words, not the sentence's frame.
    outside, inside = _split_quoted(tokens, quotes, offset)
    pairs = {(t.form, t.tag) for t in outside}
    inside_pairs = {(t.form, t.tag) for t in inside}
    every_pair = pairs | inside_pairs
    every_tag = {tag for _, tag in every_pair}
    past = not pairs.isdisjoint(_PAST_PAIRS)
    named = "NNP" in every_tag or (
        "SL" in every_tag and any(tag == "SL" and _is_acronym_form(form) for form, tag in every_pair)
    )
    reported_speech = cues.quote or cues.speech_verb
    subject = _subject(outside)

    if any(q.unit not in _NOT_QUANTITY_UNITS or q.value > 1 for q in quantities):
        evidence.add("quantity")
        types.add("statistic")
    counted = [(m.start - start, m.end - start) for m in (*quantities, *dates)]
    if "SN" in every_tag and any(
        t.tag == "SN" and not any(a <= t.start - offset < b for a, b in counted) and not _is_model_number(outside, i)
        for i, t in enumerate(outside)
    ):
        # A figure the quantity and date finders did not claim ("9단", "임상 3상", "100×100 픽셀").
        evidence.add("number")
    if dates:
        evidence.add("date")
        if named or past or speaker:
            types.add("event")
    if speaker:
        types.add("attribution")
        if reported_speech or cues.according:
            evidence.add("attribution")
    if cues.according:
        evidence.add("according")
        types.add("reported")
    if cues.hearsay:
        evidence.add("hearsay")
        types.add("reported")
    if (
        not cues.speech_verb
        and ("하", "VV") in pairs
        and any(
            a.tag == "EC" and a.form in _QUOTATIVE_HA and b.form == "하" and b.tag == "VV"
            for a, b in zip(outside, outside[1:], strict=False)
        )
    ):
        # "…낮다고 한다": like "~로 알려졌다", a fact passed on from an unnamed source.
        evidence.add("hearsay")
        types.add("reported")
    if not pairs.isdisjoint(_SUPERLATIVE_PAIRS) or any(q.unit == "위" for q in quantities):
        evidence.add("superlative")
        types.add("comparison")
    if not pairs.isdisjoint(_COMPARISON_PAIRS):
        evidence.add("comparison")
        types.add("comparison")
    if cues.quote:
        evidence.add("quote")
        types.add("quote")
    if not inside_pairs.isdisjoint(_PAST_PAIRS):
        evidence.add("quoted fact")
    if named:
        evidence.add("named entity")
    if any(t.tag == "NNP" or _is_acronym(t) for t in subject):
        evidence.add("named subject")
    if any(t.tag == "MM" and t.form in _DEMONSTRATIVES for t in subject[:3]):
        # "이 드론은", "해당 업체는": a particular thing already introduced, not a class of things.
        evidence.add("specific subject")
    if past and not reported_speech and tokens and tokens[-1].tag in ("SF", "EF"):
        # A narrated, finished happening ("…를 출범했다") rather than background or opinion.
        evidence.add("past event")
        if named or dates:
            types.add("event")
    if past and not pairs.isdisjoint(_CHANGE_PAIRS):
        evidence.add("change")
    progressive = ("있", "VX") in pairs and any(
        a.form == "고" and a.tag == "EC" and b.form == "있" and b.tag == "VX"
        for a, b in zip(outside, outside[1:], strict=False)
    )
    if progressive or ("중", "NNB") in pairs:
        # "개발하고 있다", "연구 중이다": an activity going on now.
        evidence.add("ongoing")
    if ("않", "VX") in pairs:
        evidence.add("negation")

    future = not every_pair.isdisjoint(_FUTURE_PAIRS) or (
        ("것", "NNB") in every_pair
        and any(
            a.tag == "ETM" and a.form in ("ᆯ", "을") and b.form == "것" for a, b in zip(tokens, tokens[1:], strict=False)
        )
    )
    if future:
        types.add("prediction")
        if not quantities and not dates:
            evidence.add("vague intention")
    elif _is_definition(tokens, cues, dates):
        types.add("definition")
        evidence.add("definition")

    if text.rstrip().rstrip("\"”'’").endswith("?"):
        evidence.add("question")
    if _is_hedged(text, tokens, every_pair):
        evidence.add("hedge")
    if _OPINION.search(text):
        evidence.add("opinion")
    if not tokens or tokens[-1].tag not in ("SF", "EF", "SSC", "SE"):
        evidence.add("fragment")
    if not every_pair.isdisjoint(_IMPERATIVE_PAIRS):
        evidence.add("imperative")
    if not pairs.isdisjoint(_FIRST_PERSON_PAIRS) or ("필자" in text and any(f == "필자" for f, _ in pairs)):
        evidence.add("first person")
    if not past and not evidence:
        evidence.add("generic present")
    return evidence, types


def _split_quoted(tokens: list[Any], quotes: list[tuple[int, int]], offset: int) -> tuple[list[Any], list[Any]]:
    """(tokens outside, tokens inside) the quotation spans; one merge walk, both lists in order."""
    if not quotes:
        return list(tokens), []
    outside, inside = [], []
    k, n = 0, len(quotes)
    for t in tokens:
        pos = t.start - offset
        while k < n and quotes[k][1] <= pos:
            k += 1
        (inside if k < n and quotes[k][0] <= pos else outside).append(t)
    return outside, inside


def _subject(tokens: list[Any]) -> list[Any]:
    """Tokens before the first subject or topic particle, when that comes early in the sentence."""
    for i, t in enumerate(tokens[:13]):
        if (t.tag == "JX" and t.form in ("은", "는")) or t.tag == "JKS":
            return tokens[:i]
    return []


def _is_hedged(text: str, tokens: list[Any], pairs: set[tuple[str, str]]) -> bool:
    # "…것으로 보인다" hedges; "좋은 성능을 보인다" (shows) does not.
    seems = ("보이", "VV") in pairs and any(
        t.tag == "VV" and t.form == "보이" and i > 0 and tokens[i - 1].tag != "JKO" for i, t in enumerate(tokens)
    )
    return seems or bool(_HEDGE.search(text))


def _is_model_number(tokens: list[Any], i: int) -> bool:
    # "GPT-3", "MS-01", "COVID-19": digits glued to a Latin name are an identifier, not a figure.
    j = i - 1
    while j >= 0 and tokens[j].tag in ("SO", "SS", "SW") and tokens[j].start + tokens[j].len == tokens[j + 1].start:
        j -= 1
    return j >= 0 and tokens[j].tag == "SL" and tokens[j].start + tokens[j].len == tokens[j + 1].start


def _is_acronym(t: Any) -> bool:
    return t.tag == "SL" and _is_acronym_form(t.form)


def _is_acronym_form(form: str) -> bool:
    # Latin acronyms such as "LG", "MIT" (tagged SL by Kiwi) name organisations and products.
    return len(form) >= 2 and form.isupper() and form not in _GENERIC_ACRONYMS


def _is_definition(tokens: list[Any], cues: SpeechCues, dates: tuple[DateMention, ...]) -> bool:
    # "딥러닝은 … 기법이다.": a topic-marked noun first, a copula ending, nothing reported or dated.
    if cues.quote or cues.speech_verb or dates or len(tokens) < 4:
        return False
    first_particle = next((t for t in tokens if t.tag.startswith("J")), None)
    if first_particle is None or first_particle.form not in ("은", "는") or first_particle.tag != "JX":
        return False
    tail = [t for t in tokens if t.tag not in ("SF", "SSC")][-3:]
    # "… 개발을 진행 중이다" reports an activity, not what something is.
    if len(tail) < 3 or tail[0].form == "중":
        return False
    return tail[1].tag == "VCP" and tail[2].tag == "EF" and tail[2].form == "다"
