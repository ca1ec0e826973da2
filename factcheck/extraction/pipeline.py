"""Text in, `Sentence` dataclasses out: segmentation, then per-sentence finders, then article-wide fixes.

Each paragraph is analysed by Kiwi exactly once (during segmentation); dates, quantities, speakers and
scoring all reuse those tokens or plain regexes on the original text.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from factcheck.extraction import scoring, segmentation, speakers
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


def _build(text: str, segments: list[segmentation.Segment], threshold: float) -> list[Sentence]:
    rows = []
    raw_speakers: list[str | None] = []
    names: list[str] = []
    previous: str | None = None
    in_quote = False  # a quotation opened in an earlier sentence is still running
    for seg in segments:
        sent = text[seg.start : seg.end]
        dates = tuple(find_dates(sent, seg.start))
        quantities = tuple(find_quantities(sent, seg.start, dates))
        cues = speakers.analyse(text, seg.tokens, seg.base, seg.start, seg.end)
        speaker = cues.speaker
        starts_quoted = in_quote or sent.lstrip()[:1] in _OPENING_QUOTES
        in_quote = _quote_open_after(sent, in_quote)
        if (
            speaker is None
            and not seg.boilerplate
            and (cues.pronoun or cues.quote or cues.speech_verb or starts_quoted)
        ):
            # "이어 "…"라고 덧붙였다" / "그는 …": the previous sentence's speaker goes on talking.
            speaker = previous
        if _is_name_line(seg):
            names.append(sent)
        if seg.boilerplate:
            # Captions and credits neither name speakers reliably nor interrupt the one talking.
            raw_speakers.append(None)
            rows.append((seg, sent, dates, quantities, cues))
            continue
        names.extend(speakers.noun_chains(text, seg.tokens, seg.base))
        previous = speaker if speaker is not None else (previous if cues.quote or starts_quoted else None)
        raw_speakers.append(speaker)
        rows.append((seg, sent, dates, quantities, cues))
    resolved = speakers.resolve(raw_speakers, names)
    out = []
    for index, ((seg, sent, dates, quantities, cues), speaker) in enumerate(zip(rows, resolved, strict=True)):
        sc = scoring.score_sentence(
            sent, seg.tokens, quantities, dates, cues, speaker, seg.boilerplate, seg.start - seg.base, seg.start
        )
        out.append(
            Sentence(
                index=index,
                start=seg.start,
                end=seg.end,
                text=sent,
                check_worthy=sc.value >= threshold and not seg.boilerplate,
                score=sc.value,
                types=sc.types,
                speaker=speaker,
                quantities=quantities,
                dates=dates,
                evidence=sc.evidence,
                boilerplate=seg.boilerplate,
            )
        )
    return out


def _is_name_line(seg: segmentation.Segment) -> bool:
    # A caption line such as "주상훈 UNIST 교수" is where an article first gives a full name.
    toks = seg.tokens
    return 2 <= len(toks) <= 8 and seg.end - seg.start <= 30 and all(t.tag in _NAME_LINE_TAGS for t in toks)


def _quote_open_after(sent: str, open_before: bool) -> bool:
    """Whether a curly double quotation is still open at the end of `sent` (multi-sentence quotes)."""
    depth = 1 if open_before else 0
    for ch in sent:
        if ch == "“":
            depth = 1
        elif ch == "”":
            depth = 0
    return depth == 1  # straight quotes are too often left unclosed to carry across sentences
