"""Who asserts a sentence: subjects of speech verbs, quote frames and "~에 따르면" sources.

Works on Kiwi tokens, not phrase lists: a speaker is the noun chain (NNP/NNG/SL…) right before a
subject/topic particle, chosen only when the sentence has a quotative (JKQ, "이라며") or a speech verb.
Short references ("배 원장") are resolved article-wide to the fullest compatible form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from factcheck.extraction import morphology

# Verb stems (VV) and predicate nouns (NNG + 하) that report speech or publication.
SPEECH_VV = {"밝히", "덧붙이", "전하", "답하", "말하", "털어놓", "내비치", "꼽", "이르"}
SPEECH_NNG = {
    "말", "강조", "설명", "주장", "지적", "언급", "발표", "역설", "보도", "전망", "예상", "분석", "평가", "답변",
    "토로", "당부", "촉구", "경고", "시사", "반박", "해명", "공개", "발언", "증언", "진단", "예측", "추정", "권고",
    "계산", "추산", "집계", "조사", "확인", "보고", "추계",
}  # fmt: skip
HEARSAY_VV = {"알려지", "전해지", "보이"}
_SUBJECT_PARTICLES = {
    ("은", "JX"), ("는", "JX"), ("도", "JX"), ("이", "JKS"), ("가", "JKS"), ("께서", "JKS"), ("역시", "MAG"),
}  # fmt: skip
_CHAIN_TAGS = {"NNP", "NNG", "SL", "SH", "XSN", "XPN", "SN", "NR"}
_HEAD_TAGS = {"NNP", "NNG", "SL", "SH", "XSN"}
_PRONOUNS = {"그", "그녀", "그들", "이들"}
_QUOTE_MARKS = re.compile(r'"[^"]*"|“[^”]*”?')
_QUOTATIVE_END = re.compile(r"다(?=고\s|며\s|면서\s)")
_DATE_NNB = {"일", "월", "년"}
# Sentence-initial time adverbials that Kiwi tags as nouns ("최근 스탠포드 대학의 연구에 의하면").
_TIME_NOUNS = {"최근", "이날", "당시", "현재", "오늘", "올해", "지난해", "작년", "내년", "이후", "앞서"}


@dataclass(frozen=True)
class SpeechCues:
    """What a sentence shows about attribution; `speaker` is raw text (unresolved) or None."""

    speaker: str | None
    quote: bool  # direct quotation framed by a quotative ("…"라고/이라며)
    speech_verb: bool  # 밝혔다, 말했다, 강조했다…
    hearsay: bool  # ~로 알려졌다 / 전해졌다
    according: bool  # ~에 따르면 / 의하면
    pronoun: bool  # subject is 그/그녀: the previous speaker continues


def quote_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Spans of double-quoted passages (straight or curly), shifted by `base`."""
    spans = [(base + m.start(), base + m.end()) for m in _QUOTE_MARKS.finditer(text)]
    if text.count('"') % 2:
        # An unclosed straight quote ("구글 등 업계가 … 고민하겠다고 강조했다") runs to its quotative ending.
        opened = text.rfind('"')
        ends = [m.start() + 1 for m in _QUOTATIVE_END.finditer(text, opened)]
        if ends and not any(s <= base + opened < e for s, e in spans):
            spans.append((base + opened, base + ends[-1]))
    return spans


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _chain_before(tokens: list[Any], i: int, text: str, base: int) -> tuple[int, int] | None:
    """Original-text span of the noun chain ending right before token `i`, or None."""
    j, depth = i - 1, 0
    while j >= 0:
        t = tokens[j]
        if t.tag == "SSC" and t.form in ")’」』":
            depth += 1
        elif t.tag == "SSO" and t.form in "(‘「『" and depth:
            depth -= 1
        elif depth == 0 and t.tag not in _CHAIN_TAGS and not (t.tag in ("SO", "SP") and t.form in "·-&"):
            # "독일의 온라인 매체": a proper noun in the genitive still belongs to the name.
            glued = j > 0 and tokens[j - 1].start + tokens[j - 1].len >= t.start
            # "샤오우엔 혼" read as 호/NNG + ᆫ/JX: a contracted topic marker inside a name, not after it.
            if t.form == "ᆫ" and t.tag == "JX" and glued and j + 1 < i and tokens[j + 1].tag in ("NNP", "SL"):
                j -= 1
                continue
            genitive_name = t.form == "의" and t.tag == "JKG" and j > 0 and tokens[j - 1].tag == "NNP"
            # "문태현" read as 문태/NNP + 현/MM: a syllable glued to a proper noun stays in the name.
            name_syllable = t.tag == "MM" and glued and tokens[j - 1].tag == "NNP"
            # "세계보건기구(WHO)와 미국 질병예방통제센터(CDC)": two named bodies speaking together.
            joint = (
                t.tag == "JC"
                and t.form in ("와", "과")
                and glued
                and tokens[j - 1].tag in ("NNP", "SL", "SSC")
                and any(x.tag in ("NNP", "SL") for x in tokens[j + 1 : i])
            )
            if not (genitive_name or name_syllable or joint):
                break
        j -= 1
    chain = tokens[j + 1 : i]
    # Drop leading dates and numbers ("1일 국제학술지 네이처") and dangling symbols.
    while chain and (
        chain[0].tag in ("SN", "NR", "SO", "SP", "SSC", "XSN")
        or (chain[0].tag == "NNB" and chain[0].form in _DATE_NNB)
        or (len(chain) > 1 and chain[0].tag == "SN")
        or (len(chain) > 1 and chain[0].tag == "NNG" and chain[0].form in _TIME_NOUNS)
    ):
        chain = chain[1:]
        while chain and chain[0].tag == "NNB" and chain[0].form in _DATE_NNB:
            chain = chain[1:]
    if not chain or tokens[i - 1].tag not in _HEAD_TAGS | {"SSC"}:
        return None
    if not any(t.tag in _HEAD_TAGS for t in chain):
        return None
    start, end = base + chain[0].start, base + tokens[i - 1].start + tokens[i - 1].len
    return (start, end) if text[start:end].strip() else None


def _source_before(tokens: list[Any], i: int, text: str, base: int) -> tuple[int, int] | None:
    """The source of "~에 따르면": the owner in "테슬라의 보고서", "스탠포드 대학의 연구", else the noun chain."""
    span = _chain_before(tokens, i, text, base)
    if span is None:
        return None
    k = i - 1
    while k >= 0 and base + tokens[k].start >= span[0]:
        k -= 1
    # The genitive sits inside the chain (after a proper noun) or right before it.
    genitives = [g for g in range(k, i) if g > 0 and tokens[g].tag == "JKG" and tokens[g].form == "의"]
    if genitives:
        owner = _chain_before(tokens, genitives[0], text, base)
        if owner is not None:
            return owner
    return span


def _clause_break(tokens: list[Any], i: int, limit: int, quotes: Sequence[tuple[int, int]], base: int) -> bool:
    """Whether sentence punctuation outside quotes separates token `i` from the reporting frame."""
    for t in tokens[i + 1 : limit]:
        if t.tag in ("SF", "SE") and not _inside(base + t.start, quotes):
            return True
    return False


def analyse(text: str, tokens: list[Any], base: int, start: int, end: int) -> SpeechCues:
    """Attribution cues of the sentence text[start:end] whose `tokens` index text from `base`."""
    quotes = quote_spans(text[start:end], start)
    quote = speech = hearsay = according = False
    verb_at = -1
    last_quotative = -1
    according_at = -1
    for i, t in enumerate(tokens):
        pos = base + t.start
        if _inside(pos, quotes):
            continue
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.tag == "JKQ" or (t.tag == "EC" and t.form in ("며", "라며", "면서", "라면서", "다며", "다고")):
            near_quote = any(e == pos or e == pos - 1 for _, e in quotes) or (
                prev is not None and prev.tag == "VCP" and any(e <= base + prev.start + 1 for _, e in quotes)
            )
            if near_quote:
                quote = True
            if t.tag == "JKQ" or t.form in ("다고",):
                last_quotative = i
        elif t.tag == "VV" and t.form in SPEECH_VV:
            speech, verb_at = True, i
        elif t.tag == "NNG" and t.form in SPEECH_NNG and nxt is not None and nxt.tag == "XSV":
            speech, verb_at = True, i
        elif (
            t.tag == "VV" and t.form == "하" and prev is not None and (prev.tag == "JKQ" or prev.form in ("라며", "며"))
        ):
            speech, verb_at = True, i
        elif t.tag == "VV" and t.form in HEARSAY_VV and prev is not None and prev.form in ("으로", "로"):
            hearsay = hearsay or t.form != "보이"
        elif t.tag == "VV" and t.form in ("따르", "의하") and prev is not None and prev.form == "에":
            if nxt is not None and nxt.form in ("면", "으면"):
                according, according_at = True, i - 1
    if "후문" in text[start:end]:
        hearsay = True

    span: tuple[int, int] | None = None
    pronoun = False
    if according and not speech:
        span = _source_before(tokens, according_at, text, base)
    if span is None and (quote or speech):
        limit = verb_at if verb_at >= 0 else len(tokens)
        while verb_at < 0 and limit > 0 and tokens[limit - 1].tag in ("SF", "SE", "SSC"):
            limit -= 1  # the sentence's own final stop is no clause break
        first = last_quotative + 1 if 0 <= last_quotative < limit else 0
        for lo in (first, 0) if first else (0,):
            for i in range(lo, limit):
                t = tokens[i]
                if (
                    speech
                    and t.tag == "JX"
                    and t.form in ("는", "ᆫ")
                    and i > 1
                    and tokens[i - 1].form == "에서"
                    and tokens[i - 1].tag == "JKB"
                    and not _inside(base + t.start, quotes)
                    and not _clause_break(tokens, i, limit, quotes, base)
                ):
                    # "업계에선 …것으로 전망했다": a topicalised 에서 phrase is the reporting body.
                    span = _chain_before(tokens, i - 1, text, base)
                    if span:
                        break
                if (t.form, t.tag) not in _SUBJECT_PARTICLES or _inside(base + t.start, quotes) or i == 0:
                    continue
                if tokens[i - 1].tag == "NP" and tokens[i - 1].form in _PRONOUNS:
                    pronoun = True
                    break
                if _clause_break(tokens, i, limit, quotes, base):
                    continue  # "창조는 인간 전유물?…"아니다"고": the topic belongs to another clause
                span = _chain_before(tokens, i, text, base)
                if span:
                    break
            if span or pronoun:
                break
        if span is None and according:
            span = _source_before(tokens, according_at, text, base)
    if span is None and not pronoun and quotes:
        # Headline style: 'NAME "quote"' with no particle at all, the name opening the sentence.
        q0 = quotes[0][0]
        head = [k for k, t in enumerate(tokens) if base + t.start >= q0]
        if head and head[0] > 0:
            span = _chain_before(tokens, head[0], text, base)
            if span and (span[0] != start or text[span[1] : q0].strip()):
                span = None
            quote = quote or span is not None
    speaker = text[span[0] : span[1]] if span else None
    return SpeechCues(speaker, quote, speech, hearsay, according, pronoun)


def _words(name: str) -> list[str]:
    return name.replace("(", " (").split()


def _compatible(s: list[str], f: list[str]) -> bool:
    """Whether word list `f` is a fuller form of `s`: same title at the end, a name word that `s` abbreviates."""
    if len(s) < 2 or len(f) < 2 or f == s:
        return False
    if not (f[-1] == s[-1] or f[-1].endswith(s[-1])):
        return False  # the title must agree: 원장 ~ AI연구원장
    return any(w.startswith(s[0]) for w in f[:-1])  # the name: 배 ~ 배영훈, 리 ~ 리(Peter


def noun_chains(text: str, tokens: list[Any], base: int) -> list[str]:
    """Maximal noun chains naming someone (with a proper noun) and their leading sub-chains."""
    out = []
    for i in range(1, len(tokens) + 1):
        if (i < len(tokens) and tokens[i].tag in _CHAIN_TAGS) or tokens[i - 1].tag not in _HEAD_TAGS:
            continue
        span = _chain_before(tokens, i, text, base)
        if span:
            words = text[span[0] : span[1]].split()
            if len(words) > 1:
                out.extend(" ".join(words[:k]) for k in range(2, len(words) + 1))
    return out


@lru_cache(maxsize=1024)
def _is_title(word: str) -> bool:
    """A common-noun title ("연구진", "연구팀"), not a name ("마이크로소프트연구소") that is already full."""
    return all(t.tag in ("NNG", "XSN", "NNB") for t in morphology.tokenize(word))


def resolve(speakers: list[str | None], names: Sequence[str] = ()) -> list[str | None]:
    """Replace each speaker by the fullest compatible form used in the article (`names` adds candidates)."""
    pool = {n: _words(n) for n in [*speakers, *names] if n}
    out: list[str | None] = []
    cache: dict[str, str] = {}
    for sp in speakers:
        if not sp:
            out.append(sp)
            continue
        if sp not in cache:
            short = _words(sp)
            best, best_len = sp, len(sp)
            for cand, words in pool.items():
                if len(cand) > best_len and _compatible(short, words):
                    best, best_len = cand, len(cand)
            if best == sp and len(short) == 1 and _is_title(sp):
                # A bare title ("연구진") names the one group the article introduced with that title.
                # Several forms ("워싱턴대 연구진", "미 워싱턴대 의대 연구진"): the fullest one.
                fuller = [c for c, w in pool.items() if len(w) > 1 and w[-1] == sp]
                if fuller:
                    best = max(fuller, key=len)
            cache[sp] = best
        out.append(cache[sp])
    return out
