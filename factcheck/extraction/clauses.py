"""Independent assertions inside one sentence: "구글이 …를 개발했으며, 오픈AI는 …를 개발하고 있다".

A sentence that joins two clauses with a connective ending (며, 고, 지만, 으나, 는데) asserts two
things when each clause has its own subject and the subjects differ; a fact-checker checks them
separately. "그는 집에 가고 밥을 먹었다" (one subject) and "…하고 있다" (an auxiliary) stay one clause.
Pure: works on the sentence's Kiwi tokens, returns offsets into the article text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factcheck.extraction.speakers import quote_spans

_JOINING_ENDINGS = {"며", "으며", "고", "지만", "으나", "나", "는데", "ᆫ데", "은데"}
_PREDICATE_TAGS = {"VV", "VA", "XSV", "XSA", "VCP", "VCN", "EP"}
_SUBJECT_PARTICLES = {("이", "JKS"), ("가", "JKS"), ("은", "JX"), ("는", "JX"), ("께서", "JKS")}
_NOUN_TAGS = {"NNP", "NNG", "SL", "SH", "XSN", "NP"}
_REPORTED_ETM = {"다는", "라는", "ᆫ다는", "는다는", "이라는"}


def clause_spans(text: str, tokens: Sequence[Any], base: int, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Spans of the independent clauses of the sentence text[start:end], or () when it asserts one thing."""
    if len(tokens) < 6:
        return ()
    # Only a connective ending can cut: test tag and form inline before the full check (most tokens fail).
    cuts = [
        i
        for i in range(1, len(tokens) - 1)
        if tokens[i].tag == "EC" and tokens[i].form in _JOINING_ENDINGS and _joins_clauses(tokens, i)
    ]
    if not cuts:
        return ()  # the common case, without looking for quotations
    quotes = quote_spans(text[start:end], start)
    # A quotation's own clauses belong to the quote.
    cuts = [i for i in cuts if not any(s <= base + tokens[i].start < e for s, e in quotes)]
    if not cuts:
        return ()
    pieces, first = [], 0
    for cut in cuts:
        pieces.append((first, cut))
        first = cut + 1
    pieces.append((first, len(tokens) - 1))
    # Keep a cut only where the clauses on both sides have different subjects of their own.
    merged = [pieces[0]]
    for lo, hi in pieces[1:]:
        left, right = _subject(tokens, *merged[-1]), _subject(tokens, lo, hi)
        if left is None or right is None or left == right or _reports(tokens, lo, len(tokens) - 1):
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    if len(merged) < 2:
        return ()
    spans = []
    for k, (lo, hi) in enumerate(merged):
        while lo <= hi and tokens[lo].tag == "SP":
            lo += 1  # the comma after "…했으며,"
        s = start if k == 0 else base + tokens[lo].start
        last = tokens[hi]
        e = end if k == len(merged) - 1 else base + last.start + last.len
        spans.append((s, e))
    return tuple(spans)


def _joins_clauses(tokens: Sequence[Any], i: int) -> bool:
    t = tokens[i]
    if t.tag != "EC" or t.form not in _JOINING_ENDINGS or tokens[i - 1].tag not in _PREDICATE_TAGS:
        return False
    nxt = tokens[i + 1]
    # "개발하고 있다" (an auxiliary), "타고 다니는" (a serial verb): the same predicate goes on.
    return nxt.tag not in ("VX", "VV", "JX", "JKQ")


def _reports(tokens: Sequence[Any], lo: int, hi: int) -> bool:
    """Whether the sentence from the later clause on ends in a report ("…다고 믿는다", "…다는 결과를
    발표했다"): then both clauses are one speaker's report, and the subjects inside it are not the sentence's.
    """
    return any(
        t.tag == "JKQ"
        or (t.tag == "EC" and t.form.endswith(("다고", "라고")))
        or (t.tag == "ETM" and t.form in _REPORTED_ETM)
        for t in tokens[lo : hi + 1]
    )


def _subject(tokens: Sequence[Any], lo: int, hi: int) -> str | None:
    """The nouns before the clause's first subject or topic particle, or None."""
    for k in range(max(lo, 1), hi + 1):
        t = tokens[k]
        # "해외에서는" (에서 + 는) is a topicalised place, not a subject: the particle must follow a noun.
        if (t.form, t.tag) in _SUBJECT_PARTICLES and tokens[k - 1].tag in _NOUN_TAGS:
            j = k - 1
            while j > lo and tokens[j - 1].tag in _NOUN_TAGS:
                j -= 1
            return " ".join(x.form for x in tokens[j:k])  # "김 교수" and "이 교수" are different subjects
        if t.tag == "EC" and t.form in _JOINING_ENDINGS:
            return None  # the clause has no subject of its own before its predicate
    return None
