"""Text in, `Sentence` dataclasses out: segmentation, then per-sentence finders, then article-wide fixes.

Each paragraph is analysed by Kiwi exactly once (during segmentation); dates, quantities, speakers and
scoring all reuse those tokens or plain regexes on the original text.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from factcheck.extraction import clauses, cleaning, scoring, segmentation, speakers, terms
from factcheck.extraction.dates import find_dates
from factcheck.extraction.quantities import find_quantities
from factcheck.extraction.types import Sentence

DEFAULT_THRESHOLD = 0.5
_OPENING_QUOTES = {"“", '"', "‘"}
_NAME_LINE_TAGS = {"NNP", "NNG", "SL", "SH", "XSN", "SSO", "SSC"}


def extract(text: str, *, threshold: float = DEFAULT_THRESHOLD) -> list[Sentence]:
    """Every sentence of `text` with its claim analysis; spans index `text` unchanged."""
    if not text or not text.strip():
        return []
    return _build(text, segmentation.segment(text), threshold)


def extract_many(
    texts: Iterable[str], *, threshold: float = DEFAULT_THRESHOLD, num_workers: int = 0
) -> list[list[Sentence]]:
    """`extract` for a batch: one Kiwi call over all paragraphs (its own thread pool) by default.

    `num_workers > 0` instead runs that many texts concurrently, each with its own `extract` call.
    """
    texts = list(texts)
    if num_workers and num_workers > 0:
        with ThreadPoolExecutor(max_workers=num_workers) as pool:
            return list(pool.map(lambda t: extract(t, threshold=threshold), texts))
    segmented = segmentation.segment_many(t if t and t.strip() else "" for t in texts)
    return [_build(t, segs, threshold) if t and t.strip() else [] for t, segs in zip(texts, segmented, strict=True)]


def analyse_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[Sentence]:
    """The claim analysis of spans a person chose (a split, a merge, a selection), in the given order.

    The article is segmented as usual and each span replaces the sentences it overlaps, so its speaker,
    quantities, dates and score are worked out with the rest of the article around it. A span must lie
    inside one paragraph (`ValueError` otherwise): token offsets are per paragraph.
    """
    spans = list(spans)
    segments = segmentation.segment(text)
    forced = []
    for start, end in spans:
        overlapped = [s for s in segments if s.start < end and start < s.end]
        if not overlapped or any(s.base != overlapped[0].base for s in overlapped) or end <= start:
            raise ValueError(f"span {start}-{end} is not inside one paragraph")
        base = overlapped[0].base
        tokens = [t for s in overlapped for t in s.tokens if start <= base + t.start < end]
        forced.append(
            segmentation.Segment(
                start,
                end,
                base,
                tokens,
                cleaning.is_boilerplate(text[start:end]),
                overlapped[0].paragraph,
            )
        )
    rebuilt = [s for s in segments if not any(s.start < f.end and f.start < s.end for f in forced)]
    rebuilt = sorted(rebuilt + forced, key=lambda s: s.start)
    by_span = {(s.start, s.end): s for s in _build(text, rebuilt, DEFAULT_THRESHOLD)}
    return [by_span[span] for span in spans]


def _build(text: str, segments: list[segmentation.Segment], threshold: float) -> list[Sentence]:
    rows = []
    raw_speakers: list[str | None] = []
    # Candidate full names in article order; a Segment stands for its noun chains, computed at the end
    # only where they can matter (they are the costliest candidates).
    names: list[str | segmentation.Segment] = []
    previous: str | None = None
    recent: tuple[int, str] | None = None  # (row, speaker) of the last attributed sentence
    last_row: int | None = None  # the last sentence that is not a caption or credit
    in_quote: str | None = None  # the mark of a quotation opened in an earlier sentence, still running
    opens_quoted: list[bool] = []  # per row: the sentence begins inside or with a quotation
    announcing: list[int] = []  # rows such as "X는 이렇게 말했다."
    for seg in segments:
        row = len(rows)
        sent = text[seg.start : seg.end]
        dates = tuple(find_dates(sent, seg.start))
        # Page furniture ("250자 이내로 써주세요") gets no Kiwi counters: its ad-hoc counts are instructions.
        tokens = () if seg.boilerplate else seg.tokens
        quantities = tuple(find_quantities(sent, seg.start, dates, tokens, seg.base))
        cues = speakers.analyse(text, seg.tokens, seg.base, seg.start, seg.end)
        speaker = cues.speaker
        starts_quoted = in_quote is not None or sent.lstrip()[:1] in _OPENING_QUOTES or _leads_with_quote(seg.tokens)
        opens_quoted.append(starts_quoted)
        if (
            speaker is None
            and not seg.boilerplate
            and (cues.pronoun or cues.quote or cues.speech_verb or starts_quoted)
        ):
            # "이어 "…"라고 덧붙였다" / "그는 …": the previous speaker goes on talking.
            speaker = previous
        if (
            speaker is None
            and recent is not None
            and (
                (cues.pronoun and row - recent[0] <= 8) or (cues.says and not seg.boilerplate and row - recent[0] <= 3)
            )
        ):
            # "그는 "…"라고 말했다" a few sentences after the last quote, or a subjectless "…다는 의사도
            # 밝혔다": the person last quoted is speaking again.
            speaker = recent[1]
        if speaker is None and cues.continues and recent is not None and row - recent[0] <= 2:
            # "…다는 것이다": still reporting what the last named speaker said.
            speaker = recent[1]
        in_quote = _quote_open_after(sent, in_quote, single=speaker is not None)
        if _is_name_line(seg):
            names.append(sent)
        if seg.boilerplate:
            # Captions and credits neither name speakers reliably nor interrupt the one talking.
            raw_speakers.append(None)
            rows.append((seg, sent, dates, quantities, cues))
            continue
        names.append(seg)
        names.extend(speakers.topic_subject_names(text, seg.tokens, seg.base))
        names.extend(speakers.according_documents(text, seg.tokens, seg.base))
        if cues.pointer and cues.speaker is not None:
            if last_row is not None and raw_speakers[last_row] is None and _is_bare_quote(rows[last_row][1]):
                # '"…"' then "X는 …을 이같이 강조했다": the quotation before was X's.
                raw_speakers[last_row] = speaker
            else:
                announcing.append(row)
        previous = speaker if speaker is not None else (previous if cues.quote or starts_quoted else None)
        if speaker is not None:
            recent = (row, speaker)
        raw_speakers.append(speaker)
        rows.append((seg, sent, dates, quantities, cues))
        last_row = row
    for row in announcing:
        following = next((r for r in range(row + 1, len(rows)) if not rows[r][0].boilerplate), None)
        if following is not None and opens_quoted[following]:
            # "X는 이렇게 말했다." announces the quotation that follows; it asserts nothing itself.
            raw_speakers[row] = None
    _attribute_headline_quotes(text, rows, raw_speakers)
    keys = speakers.name_keys(raw_speakers)
    candidates: list[str] = []
    for name in names:
        if isinstance(name, str):
            candidates.append(name)
        elif keys:
            candidates.extend(speakers.noun_chains(text, name.tokens, name.base, keys))
    resolved = speakers.resolve(raw_speakers, candidates)
    out = []
    for index, ((seg, _, dates, quantities, cues), speaker) in enumerate(zip(rows, resolved, strict=True)):
        spans = () if seg.boilerplate else clauses.clause_spans(text, seg.tokens, seg.base, seg.start, seg.end)
        parts = tuple(_clause_part(index, text, seg, span, quantities, dates, speaker, threshold) for span in spans)
        whole = (seg.start, seg.end, seg.tokens, quantities, dates, cues)
        out.append(_analysed(index, text, seg, whole, speaker, threshold, parts=parts))
    return out


def claim_units(sentences: Iterable[Sentence]) -> list[Sentence]:
    """What to store as claims: each check-worthy sentence, or its check-worthy clauses when it joins several.

    "구글이 …를 개발했으며, 오픈AI는 …를 개발하고 있다" is two claims with their own spans (a reviewer checks
    them separately). A sentence that is check-worthy only as a whole (no clause is on its own) stays one.
    """
    units = []
    for s in sentences:
        worthy_parts = [p for p in s.parts if p.check_worthy]
        if worthy_parts:
            units.extend(worthy_parts)
        elif s.check_worthy:
            units.append(s)
    return units


def _analysed(
    index: int,
    text: str,
    seg: segmentation.Segment,
    found: tuple,
    speaker: str | None,
    threshold: float,
    **fields: Any,
) -> Sentence:
    """The scored `Sentence` for a whole sentence or one of its clauses.

    `found` is (start, end, tokens, quantities, dates, speech cues) of that stretch of `seg`.
    """
    start, end, tokens, quantities, dates, cues = found
    sent = text[start:end]
    sc = scoring.score_sentence(
        sent,
        tokens,
        quantities,
        dates,
        cues,
        speaker,
        seg.boilerplate,
        start - seg.base,
        start,
        clause=(start, end) != (seg.start, seg.end),
    )
    return Sentence(
        index=index,
        start=start,
        end=end,
        text=sent,
        check_worthy=sc.value >= threshold and not seg.boilerplate,
        score=sc.value,
        types=sc.types,
        speaker=speaker,
        quantities=quantities,
        dates=dates,
        evidence=sc.evidence,
        boilerplate=seg.boilerplate,
        terms=terms.index_keys(tokens),
        **fields,
    )


def _clause_part(
    index: int,
    text: str,
    seg: segmentation.Segment,
    span: tuple[int, int],
    quantities: tuple,
    dates: tuple,
    speaker: str | None,
    threshold: float,
) -> Sentence:
    # A clause is scored on its own tokens, figures, dates and speech cues; its speaker is the sentence's.
    start, end = span
    tokens = [t for t in seg.tokens if start <= seg.base + t.start < end]
    cues = speakers.analyse(text, tokens, seg.base, start, end)
    inside = tuple(q for q in quantities if start <= q.start and q.end <= end)
    dated = tuple(d for d in dates if start <= d.start and d.end <= end)
    return _analysed(index, text, seg, (start, end, tokens, inside, dated, cues), speaker, threshold)


def _attribute_headline_quotes(text: str, rows: list, raw_speakers: list[str | None]) -> None:
    """Give a speakerless bare quotation (a headline) the speaker of the body quote it condenses."""
    headlines = [
        k
        for k, (seg, sent, *_) in enumerate(rows)
        if raw_speakers[k] is None and not seg.boilerplate and _is_bare_quote(sent)
    ]
    if not headlines:
        return

    def words(k: int) -> set[str]:
        seg = rows[k][0]
        return speakers.quoted_words(text, seg.tokens, seg.base, seg.start, seg.end)

    for k in headlines:
        later = [m for m in range(k + 1, len(rows)) if raw_speakers[m] is not None]
        match = speakers.echoed_quote(words(k), [words(m) for m in later])
        if match is not None:
            raw_speakers[k] = raw_speakers[later[match]]


def _is_name_line(seg: segmentation.Segment) -> bool:
    # A caption line such as "주상훈 UNIST 교수" is where an article first gives a full name.
    toks = seg.tokens
    return 2 <= len(toks) <= 8 and seg.end - seg.start <= 30 and all(t.tag in _NAME_LINE_TAGS for t in toks)


def _leads_with_quote(tokens: list) -> bool:
    """Whether the sentence opens with a quotation, perhaps after a linking adverb ("또한 “…")."""
    for t in tokens:
        if t.form in _OPENING_QUOTES:
            return True
        if t.tag not in ("MAG", "MAJ"):
            return False
    return False


def _is_bare_quote(sent: str) -> bool:
    # A sentence that is nothing but a quotation, as in a lead or headline: '"우리는 …바랍니다"'.
    s = sent.strip().rstrip(".")
    return len(s) > 2 and s[0] in '"“' and s[-1] in '"”'


def _quote_open_after(sent: str, open_before: str | None, *, single: bool = False) -> str | None:
    """The quotation mark still open at the end of `sent` (multi-sentence quotes), or None.

    Curly double quotes always count; a curly single quote only when `single` (the sentence has a
    speaker), since ‘…’ more often marks a title or term than speech.
    """
    if not any(mark in sent for mark in "“”‘’"):
        return open_before
    state = open_before
    for ch in sent:
        if ch == "“":
            state = "“"
        elif ch == "”" and state == "“":
            state = None
        elif ch == "‘" and single and state is None:
            state = "‘"
        elif ch == "’" and state == "‘":
            state = None
    return state  # straight quotes are too often left unclosed to carry across sentences
