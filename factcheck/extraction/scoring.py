"""Explainable check-worthiness: named morphological evidence, each with a log-odds weight.

`features()` lists what a sentence shows (a figure, a source, a ranking, a dated event, a hedge, an
opinion…); the score is the logistic of the bias plus the weights of the evidence present, so every
claim can say which evidence raised or lowered it. The weights are fitted, not guessed:
`python -m bench.fit_scoring_weights` refits them on both labelled corpora (../shared/corpus and
corpus-2) with leave-one-article-out validation and prints this table; the bias puts the chosen cut-off
at 0.5.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from factcheck.extraction.dates import is_vague
from factcheck.extraction.speakers import SpeechCues
from factcheck.extraction.types import CLAIM_TYPES, DateMention, Quantity

# Log-odds of "check-worthy"; regenerate with bench/fit_scoring_weights.py.
BIAS = -1.8
WEIGHTS = {
    "quantity": 2.2,
    "number": 0.3,
    "date": 1.6,
    "according": 0.7,
    "hearsay": 1.0,
    "superlative": 0.9,
    "comparison": 0.4,
    "attribution": 0.5,
    "quoted fact": 0.4,
    "named subject": 1.2,
    "specific subject": 0.9,
    "past event": 0.9,
    "change": 1.8,
    "ongoing": 0.8,
    "negation": 0.0,
    "quote": 0.0,
    "question": -0.4,
    "hedge": -1.1,
    "opinion": -2.0,
    "vague intention": -0.1,
    "fragment": -1.1,
    "imperative": -0.3,
    "first person": -1.1,
    "definition": -0.8,
    "generic present": -1.2,
    "finding": 1.2,
    "quoted finding": 0.7,
    "dated plan": 0.6,
    "explanation": -1.2,
    "wish": -0.7,
    "quoted characterisation": -1.3,
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
# Predicates that say what a thing consists of or means ("…로 구성된다", "…를 뜻한다", "…로 나뉜다").
_DEFINING_VV = {"나뉘", "일컫", "가리키"}
_DEFINING_NNG = {"구성", "뜻", "의미", "지칭", "분류"}
_FIRST_PERSON = {"나", "저", "우리", "저희", "필자"}
_IMPERATIVE_ENDINGS = {"십시오", "으십시오", "세요", "으세요", "시오", "어라", "아라", "자"}
_CONDITIONAL = {"으면", "면", "다면", "더라면", "었더라면"}
_QUOTATIVE_HA = {"다고", "라고", "는다고", "ᆫ다고", "냐고"}
_HEDGE = re.compile(
    r"가능성[이을도]?\s?(?:있|높|크|내비|시사|점쳐)|수\s?(?:있|없)을\s?것|지도\s?모른다|수밖에\s?없|것\s?같다|듯하다|짐작|추측|아닐까|않을까|기대된다|바란다|바랍니다"
)
_OPINION = re.compile(r"해야\s?한다|해야\s?할|필요가?\s?있다|바람직|중요하다|마련이다|셈이다|다행히|불과하다")
_NOT_QUANTITY_UNITS = {"번", "차례"}
# "…것으로 나타났다 / 조사됐다 / 알려졌다": the news idiom that reports a finding or a figure as established.
_FINDING_VV = {"나타나", "드러나", "밝혀지", "알려지", "전해지"}
_FINDING_NNG = {"확인", "조사", "집계", "분석", "추정", "파악", "추산", "측정", "평가"}
_FINDING_PASSIVE_VV = {"알리", "밝히", "전하"}  # 알리+어+지 = 알려지: Kiwi splits the passive off as VX 지
# "…기 때문이다", "…덕분이다", "…다는 이유에서다": a sentence that gives a reason for what was said before.
_REASON_NOUNS = {"때문", "덕분", "탓", "이유"}
_REASON_PAIRS = {(f, tag) for f in _REASON_NOUNS for tag in ("NNB", "NNG")}
_WISH_PAIRS = {("싶", "VX"), ("면", "EC"), ("으면", "EC")}
_NOUN_TAGS = {"NNG", "NNP", "NNB", "NP", "NR", "XSN", "SN"}
_OPEN_PAREN = re.compile(r"\([^()]*$")
_CLOSE_PAREN = re.compile(r"[^()]*\)")
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
# Evidence in output order: heaviest weight first, then by name.
_EVIDENCE_ORDER = {e: (-w, e) for e, w in WEIGHTS.items()}
# (form, tag) of a token and its tag, read in C: a set comprehension building the tuples costs more than the rules.
_FORM_TAG = attrgetter("form", "tag")
_TAG = attrgetter("tag")
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
    clause: bool = False,
) -> Score:
    """Weigh the evidence of one sentence, or of one clause of it (`clause`).

    `offset` is where `text` starts in the tokens' coordinates, `start` where it starts in the article
    (the coordinates of `quantities` and `dates`).
    """
    if boilerplate:
        return Score(0.0, (), ())
    evidence, types = features(text, tokens, quantities, dates, cues, speaker, offset, start, clause)
    logit = BIAS + sum(map(WEIGHTS.__getitem__, evidence))
    value = round(1 / (1 + math.exp(-logit)), 3)
    ordered = tuple(sorted(evidence, key=_EVIDENCE_ORDER.__getitem__))
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
    clause: bool = False,
) -> tuple[set[str], set[str]]:
    """The evidence names (keys of WEIGHTS) present in a sentence, and its claim types.

    The sentence is read once (`_read`); then each rule of `_RULES`, in order, adds what it finds. A
    `clause` ("…를 개발했으며") is complete where it stops: its connective ending closes it as a final
    ending closes a sentence.
    """
    reading = _read(text, tokens, quantities, dates, cues, speaker, offset, start, clause)
    found = _Found(set(), set())
    for rule in _RULES:
        rule(reading, found)
    return found.evidence, found.types


@dataclass(slots=True)
class _Reading:
    """What the rules need to know about one sentence (or clause), worked out once."""

    text: str
    tokens: list[Any]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    cues: SpeechCues
    speaker: str | None
    offset: int
    start: int
    quotes: list[tuple[int, int]]
    outside: list[Any]  # rankings, tense and subjects inside a quotation are the speaker's words, not the frame
    inside: list[Any]
    pairs: set[tuple[str, str]]  # (form, tag) outside quotations
    inside_pairs: set[tuple[str, str]]
    every_pair: set[tuple[str, str]]
    every_tag: set[str]
    past: bool
    named: bool
    reported_speech: bool
    subject: list[Any]
    closed: bool  # ends in a final ending (or is a clause, closed by its connective)


@dataclass(slots=True)
class _Found:
    evidence: set[str]
    types: set[str]

    def add(self, name: str, claim_type: str | None = None) -> None:
        self.evidence.add(name)
        if claim_type:
            self.types.add(claim_type)


def _read(text, tokens, quantities, dates, cues, speaker, offset, start, clause) -> _Reading:
    # Most sentences quote nothing: skip the regex when no opening mark is there.
    quotes = [(m.start(), m.end()) for m in _QUOTES.finditer(text)] if '"' in text or "“" in text else []
    outside, inside = _split_quoted(tokens, quotes, offset)
    pairs = set(map(_FORM_TAG, outside))
    inside_pairs = set(map(_FORM_TAG, inside))
    # Without a quotation every token is outside; the rules only read these sets, so sharing one is safe.
    every_pair = pairs | inside_pairs if inside else pairs
    every_tag = set(map(_TAG, tokens))
    past = (not pairs.isdisjoint(_PAST_PAIRS) and _has_past(outside)) or (
        ("적", "NNB") in pairs and _is_experiential(outside)
    )
    named = "NNP" in every_tag or (
        "SL" in every_tag and any(tag == "SL" and _is_acronym_form(form) for form, tag in every_pair)
    )
    return _Reading(
        text=text,
        tokens=tokens,
        quantities=quantities,
        dates=dates,
        cues=cues,
        speaker=speaker,
        offset=offset,
        start=start,
        quotes=quotes,
        outside=outside,
        inside=inside,
        pairs=pairs,
        inside_pairs=inside_pairs,
        every_pair=every_pair,
        every_tag=every_tag,
        past=past,
        named=named,
        reported_speech=cues.quote or cues.speech_verb,
        subject=_subject(outside),
        closed=bool(tokens) and (clause or tokens[-1].tag in ("SF", "EF")),
    )


def _figures(r: _Reading, found: _Found) -> None:
    if r.quantities and any(q.unit not in _NOT_QUANTITY_UNITS or q.value > 1 for q in r.quantities):
        found.add("quantity", "statistic")
    if "SN" not in r.every_tag:
        return
    counted = [(m.start - r.start, m.end - r.start) for m in (*r.quantities, *r.dates)]
    if any(
        t.tag == "SN"
        and not any(a <= t.start - r.offset < b for a, b in counted)
        and not _is_model_number(r.outside, i)
        for i, t in enumerate(r.outside)
    ):
        # A figure the quantity and date finders did not claim ("9단", "임상 3상", "100×100 픽셀").
        found.add("number")


def _dates(r: _Reading, found: _Found) -> None:
    if r.dates and any(
        not is_vague(d) and not _parenthetical(r.text, d.start - r.start, d.end - r.start) for d in r.dates
    ):
        # A vague span ("몇 년 전부터") or a year in brackets ("허(Her·2014)") dates no happening to check.
        found.add("date")
        if r.named or r.past or r.speaker:
            found.types.add("event")


def _sources(r: _Reading, found: _Found) -> None:
    cues = r.cues
    if r.speaker:
        found.types.add("attribution")
        if cues.according or (r.reported_speech and not _bare_quote(cues, found.evidence, r.dates, r.inside_pairs)):
            # A named source for what the sentence states; a quotation carrying no figure, date or
            # past-tense fact is the speaker's view, and naming who holds it makes it no more checkable.
            found.add("attribution")
    if cues.according:
        found.add("according", "reported")
    if cues.hearsay:
        found.add("hearsay", "reported")
    outside = r.outside
    if (
        not cues.speech_verb
        and ("하", "VV") in r.pairs
        and any(
            a.tag == "EC" and a.form in _QUOTATIVE_HA and b.form == "하" and b.tag == "VV" and not _supposes(outside, i)
            for i, (a, b) in enumerate(zip(outside, outside[1:], strict=False))
        )
    ):
        # "…낮다고 한다": like "~로 알려졌다", a fact passed on from an unnamed source.
        # ("…이었다고 해 보자" supposes; the 하 there carries an auxiliary 보.)
        found.add("hearsay", "reported")


def _rankings(r: _Reading, found: _Found) -> None:
    if not r.pairs.isdisjoint(_SUPERLATIVE_PAIRS) or (r.quantities and any(q.unit == "위" for q in r.quantities)):
        found.add("superlative", "comparison")
    if not r.pairs.isdisjoint(_COMPARISON_PAIRS):
        found.add("comparison", "comparison")


def _quotations(r: _Reading, found: _Found) -> None:
    if r.cues.quote:
        found.add("quote", "quote")
    if not r.inside_pairs.isdisjoint(_PAST_PAIRS):
        found.add("quoted fact")
    if r.cues.quote and r.inside and _quotes_noun_predicate(r.tokens, r.quotes, r.offset):
        # '"…중요한 혁신"이라고 말했다': a quotation whose predicate is a bare noun characterises, it does not report.
        found.add("quoted characterisation")


def _subjects(r: _Reading, found: _Found) -> None:
    # Both tests need a name (NNP) or a Latin acronym (SL) somewhere in the sentence: skip the scans otherwise.
    if ("NNP" in r.every_tag or "SL" in r.every_tag) and (
        any(t.tag == "NNP" or _is_acronym(t) for t in r.subject)
        or (
            r.speaker
            and r.reported_speech
            and any((t.tag == "NNP" or _is_acronym(t)) and t.form in r.speaker for t in r.outside)
        )
    ):
        # A named actor, or a named organisation reporting at the end ("…없다고 인텔은 설명했다").
        found.add("named subject")
    if any((t.tag == "MM" and t.form in _DEMONSTRATIVES) or (t.form, t.tag) == ("이번", "NNG") for t in r.subject[:3]):
        # "이 드론은", "해당 업체는", "이번 연구는": a particular thing already introduced, not a class of things.
        found.add("specific subject")


def _happenings(r: _Reading, found: _Found) -> None:
    pairs, outside = r.pairs, r.outside
    if r.past and not r.reported_speech and r.closed and not _proposes(r.tokens):
        # A narrated, finished happening ("…를 출범했다") rather than background or opinion.
        found.add("past event")
        if r.named or r.dates:
            found.types.add("event")
    if r.past and not pairs.isdisjoint(_CHANGE_PAIRS):
        found.add("change")
    progressive = ("있", "VX") in pairs and any(
        a.form == "고" and a.tag == "EC" and b.form == "있" and b.tag == "VX"
        for a, b in zip(outside, outside[1:], strict=False)
    )
    if progressive or (("중", "NNB") in pairs and _is_during(outside)):
        # "개발하고 있다", "연구 중이다": an activity going on now.
        found.add("ongoing")
    if ("않", "VX") in pairs:
        found.add("negation")


def _findings(r: _Reading, found: _Found) -> None:
    if ("것", "NNB") in r.pairs and _reports_finding(r.outside):
        # "…감소한 것으로 나타났다": a result stated as established, the way news reports surveys and studies.
        found.add("finding", "reported")
    inside_pairs = r.inside_pairs
    if "quoted fact" in found.evidence and (
        not inside_pairs.isdisjoint(_CHANGE_PAIRS)
        or not inside_pairs.isdisjoint(_SUPERLATIVE_PAIRS)
        or not inside_pairs.isdisjoint(_COMPARISON_PAIRS)
    ):
        # "…를 최초로 구현했다", "…가 감소했다" inside the quotation: the speaker reports a result, not a view.
        found.add("quoted finding")


def _reasons_and_wishes(r: _Reading, found: _Found) -> None:
    if not r.pairs.isdisjoint(_REASON_PAIRS) and _gives_reason(r.outside):
        found.add("explanation")
    if not r.pairs.isdisjoint(_WISH_PAIRS) and _wishes(r.outside):
        found.add("wish")


def _plans_and_definitions(r: _Reading, found: _Found) -> None:
    tokens, dates = r.tokens, r.dates
    future = not r.every_pair.isdisjoint(_FUTURE_PAIRS) or (
        ("것", "NNB") in r.every_pair
        and any(
            a.tag == "ETM" and a.form in ("ᆯ", "을") and b.form == "것" for a, b in zip(tokens, tokens[1:], strict=False)
        )
    )
    if (
        dates
        and not r.past
        and any(any(c.isdigit() for c in d.text) for d in dates)
        and r.closed
        and (future or _ends_in_action(tokens))
    ):
        # "2018년 시험비행에 나선다", "다음달 17일 … 떠날 예정이다": a scheduled happening with its date.
        found.add("dated plan")
    if future:
        found.types.add("prediction")
        if not r.quantities and not dates:
            found.add("vague intention")
    elif _is_definition(tokens, r.cues, dates, r.every_pair):
        found.add("definition", "definition")


def _stance_and_form(r: _Reading, found: _Found) -> None:
    text, tokens, pairs = r.text, r.tokens, r.pairs
    if "?" in text and text.rstrip().rstrip("\"”'’").endswith("?"):
        found.add("question")
    if _is_hedged(text, tokens, r.every_pair):
        found.add("hedge")
    if _OPINION.search(text) or (("뿐", "NNB") in pairs and _merely(r.outside)):
        found.add("opinion")
    if not r.closed and (not tokens or tokens[-1].tag not in ("SSC", "SE")):
        found.add("fragment")
    if not r.every_pair.isdisjoint(_IMPERATIVE_PAIRS):
        found.add("imperative")
    if not pairs.isdisjoint(_FIRST_PERSON_PAIRS) or ("필자" in text and any(f == "필자" for f, _ in pairs)):
        found.add("first person")


def _generic(r: _Reading, found: _Found) -> None:
    if not r.past and not r.named and not found.evidence:
        # A present-tense statement about nothing in particular: no name, no figure, no source, no event.
        found.add("generic present")


# In order: `_sources` reads the figures found before it, `_findings` the quotations, `_generic` everything.
_RULES = (
    _figures,
    _dates,
    _sources,
    _rankings,
    _quotations,
    _subjects,
    _happenings,
    _findings,
    _reasons_and_wishes,
    _plans_and_definitions,
    _stance_and_form,
    _generic,
)


def _split_quoted(tokens: list[Any], quotes: list[tuple[int, int]], offset: int) -> tuple[list[Any], list[Any]]:
    """(tokens outside, tokens inside) the quotation spans; one merge walk, both lists in order."""
    if not quotes:
        return tokens, []  # read only
    outside, inside = [], []
    k, n = 0, len(quotes)
    for t in tokens:
        pos = t.start - offset
        while k < n and quotes[k][1] <= pos:
            k += 1
        (inside if k < n and quotes[k][0] <= pos else outside).append(t)
    return outside, inside


def _subject(tokens: list[Any]) -> list[Any]:
    """Tokens before the first subject or topic particle, when that comes early in the sentence.

    A topic on an adverbial ("기술로는", "미국에서는") sets the scene; the subject comes after it.
    """
    begin = 0
    for i, t in enumerate(tokens):
        if i - begin >= 13:
            break
        if (t.tag == "JX" and t.form in ("은", "는", "도")) or t.tag == "JKS":
            if t.tag == "JX" and i > 0 and tokens[i - 1].tag == "JKB":
                begin = i + 1
                continue
            return tokens[begin:i]
    return []


def _parenthetical(text: str, start: int, end: int) -> bool:
    # Inside a bracketed aside: an unclosed "(" before the span and a ")" after it.
    return _OPEN_PAREN.search(text, 0, start) is not None and _CLOSE_PAREN.match(text, end) is not None


def _bare_quote(cues: SpeechCues, evidence: set[str], dates: tuple[DateMention, ...], inside_pairs: set) -> bool:
    # A quotation with no figure, no date and no past-tense fact inside: the speaker's view or intention.
    if not cues.quote or dates or "quantity" in evidence or "number" in evidence:
        return False
    return inside_pairs.isdisjoint(_PAST_PAIRS)


def _quotes_noun_predicate(tokens: list[Any], quotes: list[tuple[int, int]], offset: int) -> bool:
    # A closing quotation mark right after a noun and right before the quotative particle or copula
    # ('…추세"라고', '…혁신"이라고', '…계획"이라며'): the quoted clause ends in a noun, not a verb.
    ends = {b - 1 for _, b in quotes}
    return any(
        t.tag == "SSC" and t.start - offset in ends and 0 < i < len(tokens) - 1
        and tokens[i - 1].tag in _NOUN_TAGS and tokens[i + 1].tag in ("JKQ", "VCP")
        for i, t in enumerate(tokens)
    )  # fmt: skip


def _has_past(tokens: list[Any]) -> bool:
    # A past-tense marker, unless it only builds a counterfactual condition ("성공했으면", "알았더라면").
    return any(
        t.tag == "EP" and t.form in _PAST
        and not (i + 1 < len(tokens) and tokens[i + 1].tag == "EC" and tokens[i + 1].form in _CONDITIONAL)
        for i, t in enumerate(tokens)
    )  # fmt: skip


def _proposes(tokens: list[Any]) -> bool:
    # "…라고 해 보자": the sentence ends in a propositive or imperative, whatever its inner tense.
    last = next((t for t in reversed(tokens) if t.tag == "EF"), None)
    return last is not None and last.form in _IMPERATIVE_ENDINGS


def _is_during(tokens: list[Any]) -> bool:
    # "연구 중이다", "개발 중인", "논의 중": 중 closing a predicate; not "그 중에서도", "실험 중 왜" (among).
    for i, t in enumerate(tokens):
        if t.form == "중" and t.tag == "NNB":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt.tag in ("VCP", "SF", "SS", "SSC", "SP", "EF", "JX"):
                return True
    return False


def _is_experiential(tokens: list[Any]) -> bool:
    # "…발견된 적이 있다": the experiential 적 (NNB) after an adnominal ending reports a past happening.
    return any(
        t.tag == "NNB" and t.form == "적" and i > 0 and tokens[i - 1].tag == "ETM"
        and any(u.form in ("있", "없") and u.tag in ("VA", "VV") for u in tokens[i + 1 : i + 3])
        for i, t in enumerate(tokens)
    )  # fmt: skip


def _supposes(tokens: list[Any], i: int) -> bool:
    # "…다고 해 보자": tokens[i] is the quotative ending, tokens[i + 1] 하; an auxiliary 보 follows.
    return any(t.tag == "VX" and t.form == "보" for t in tokens[i + 2 : i + 4])


def _reports_finding(tokens: list[Any]) -> bool:
    # "것 + 으로 + 나타나/알려지/조사되…" ("…인 것으로 나타났다").
    for i, t in enumerate(tokens[:-2]):
        if t.form != "것" or t.tag != "NNB" or tokens[i + 1].form != "으로" or tokens[i + 1].tag != "JKB":
            continue
        nxt, after = tokens[i + 2], tokens[i + 3] if i + 3 < len(tokens) else None
        if nxt.tag == "VV" and nxt.form in _FINDING_VV:
            return True
        if (
            after is not None
            and nxt.tag == "NNG"
            and nxt.form in _FINDING_NNG
            and (after.form, after.tag) == ("되", "XSV")
        ):
            return True
        if nxt.tag == "VV" and nxt.form in _FINDING_PASSIVE_VV:
            return any(u.tag == "VX" and u.form == "지" for u in tokens[i + 3 : i + 5])
    return False


def _gives_reason(tokens: list[Any]) -> bool:
    # The sentence ends in "때문/덕분/탓/이유(에서) + 이다": it explains, it does not report.
    tail = _last_words(tokens, 4, ("SF", "SSC", "SE"))
    if len(tail) < 2 or tail[-1].tag != "EF":
        return False
    for i, t in enumerate(tail):
        if t.form in _REASON_NOUNS and t.tag in ("NNB", "NNG"):
            return all(u.tag in ("VCP", "JKB", "EF", "JX") for u in tail[i + 1 :])
    return False


def _wishes(tokens: list[Any]) -> bool:
    # "…했으면 한다/좋겠다" (a wish on a counterfactual past) and "…하고 싶다" (desire) are not facts.
    for i, t in enumerate(tokens):
        if t.tag == "VX" and t.form == "싶":
            return True
        if (
            t.tag == "EC" and t.form in ("으면", "면") and i > 0 and tokens[i - 1].tag == "EP"
            and tokens[i - 1].form in _PAST and i + 1 < len(tokens) and tokens[i + 1].form in ("하", "좋")
        ):  # fmt: skip
            return True
    return False


def _ends_in_action(tokens: list[Any]) -> bool:
    # The last predicate is an action verb (VV, or 하/되 after a noun), not an adjective or a copula.
    for t in reversed(tokens):
        if t.tag in ("VV", "XSV"):
            return True
        if t.tag in ("VA", "XSA", "VCP", "VCN"):
            return False
    return False


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


def _merely(tokens: list[Any]) -> bool:
    # "…걸렸을 뿐이다": the bound noun 뿐 after an adnominal ending belittles ("merely"), an evaluation.
    return any(
        t.form == "뿐" and t.tag == "NNB" and 0 < i < len(tokens) - 1 and tokens[i - 1].tag == "ETM"
        and tokens[i + 1].tag == "VCP"
        for i, t in enumerate(tokens)
    )  # fmt: skip


def _last_words(tokens: list[Any], n: int, skip: tuple[str, ...]) -> list[Any]:
    """The last `n` tokens whose tag is not in `skip`, in order (fewer if the sentence is shorter)."""
    out = []
    for t in reversed(tokens):
        if t.tag not in skip:
            out.append(t)
            if len(out) == n:
                break
    return out[::-1]


def _is_definition(
    tokens: list[Any], cues: SpeechCues, dates: tuple[DateMention, ...], pairs: set[tuple[str, str]]
) -> bool:
    # "딥러닝은 … 기법이다.": a topic-marked noun first, a copula ending, nothing reported or dated.
    if cues.quote or cues.speech_verb or dates or len(tokens) < 4:
        return False
    if ("은", "JX") not in pairs and ("는", "JX") not in pairs:
        return False  # no topic particle at all, so the first particle is not one
    first_particle = next((t for t in tokens if t.tag.startswith("J")), None)
    if first_particle is None or first_particle.form not in ("은", "는") or first_particle.tag != "JX":
        return False
    tail = _last_words(tokens, 3, ("SF", "SSC"))
    if (
        len(tail) == 3 and tail[2].tag == "EF"
        and ((tail[1].tag == "VV" and tail[1].form in _DEFINING_VV)
             or (tail[1].tag == "XSV" and tail[0].tag == "NNG" and tail[0].form in _DEFINING_NNG))
    ):  # fmt: skip
        # "…로 구성된다", "…를 뜻한다", "…로 나뉜다": what something consists of or means.
        return not any(t.tag == "EP" for t in tokens)
    # "… 개발을 진행 중이다" reports an activity, not what something is.
    if len(tail) < 3 or tail[0].form == "중":
        return False
    return tail[1].tag == "VCP" and tail[2].tag == "EF" and tail[2].form == "다"
