"""Who asserts a sentence: subjects of speech verbs, quote frames and "~에 따르면" sources.

Works on Kiwi tokens, not phrase lists: a speaker is the noun chain (NNP/NNG/SL…) right before a
subject/topic particle, chosen only when the sentence has a quotative (JKQ, "이라며") or a speech verb,
widened over the modifiers that introduce it (appositions "…인", genitives "…의", "A와 B").
Hearsay frames ("…라는 게 X의 의견이다", "X가 입수한 문서에 따르면") name their owner; discourse cues
(`pointer`, `continues`) let the pipeline carry a speaker to the sentences that hold the words.
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
    "계산", "추산", "집계", "조사", "확인", "보고", "추계", "비판", "쓴소리", "호소", "제안", "요구", "비난",
}  # fmt: skip
HEARSAY_VV = {"알려지", "전해지", "보이"}
# The predicate nouns of SPEECH_NNG that only ever report an utterance (not a finding or a count).
_SAYING_NNG = {
    "말", "강조", "설명", "주장", "지적", "언급", "역설", "당부", "촉구", "토로", "답변", "반박", "해명", "발언",
    "보도", "발표", "경고", "권고", "쓴소리", "비판",
}  # fmt: skip
# Verbs and predicate nouns of belief that report a view only after a quotative or "것으로" ("…다고 생각한다",
# "…할 것으로 기대하고 있다", "…라고 보고 있다"): their subject holds the view, as a speaker asserts a quote.
BELIEF_VV = {"보", "믿", "내다보", "결론짓", "바라보"}
BELIEF_NNG = {"생각", "기대", "판단", "우려", "결론", "추측", "확신", "예견"}
# Predicates of a finding whose object is a reported fact ("…다는 사실을 증명했다", "…함을 규명했다"):
# a research team or body that found it asserts it (see `_reports_finding`).
FINDING_NNG = {"증명", "규명", "입증", "발견"}
FINDING_VV = {"밝혀내", "알아내", "찾아내"}
_FACT_NOUNS = {"사실", "것", "점"}
_SUBJECT_PARTICLES = {
    ("은", "JX"), ("는", "JX"), ("도", "JX"), ("이", "JKS"), ("가", "JKS"), ("께서", "JKS"), ("역시", "MAG"),
}  # fmt: skip
_CHAIN_TAGS = {"NNP", "NNG", "SL", "SH", "XSN", "XPN", "SN", "NR"}
_HEAD_TAGS = {"NNP", "NNG", "SL", "SH", "XSN"}
_PRONOUNS = {"그", "그녀", "그들", "이들"}
_PRONOUN_WORDS = _PRONOUNS | {"그녀들"}
_DEMONSTRATIVES = {"이", "그", "저", "해당", "이런", "그런"}
_QUOTE_MARKS = re.compile(r'"[^"]*"|“[^”]*”?')
_QUOTATIVE_END = re.compile(r"다(?=고\s|며\s|면서\s)")
_DATE_NNB = {"일", "월", "년"}
# Sentence-initial time adverbials that Kiwi tags as nouns ("최근 스탠포드 대학의 연구에 의하면").
_TIME_NOUNS = {"최근", "이날", "당시", "현재", "오늘", "올해", "지난해", "작년", "내년", "이후", "앞서"}
# Nouns that name an utterance as an object or predicate ("관측을 내놓았다", "전문가들의 의견이다").
_UTTERANCE_NOUNS = (
    SPEECH_NNG | BELIEF_NNG | {"관측", "의견", "견해", "입장", "얘기", "이야기", "전언", "메시지", "전달"}
)
_PUT_FORTH_VV = {"내놓", "내비치", "펴", "피력"}
# Adnominal endings of reported speech: "…다는 것이다" = "(they) say that …".
_REPORTED_ETM = {"다는", "라는", "ᆫ다는", "는다는", "이라는", "란", "이란", "냐는", "자는"}
# "(사진)", "(왼쪽)": photo-position notes inside a name, not part of it.
_NAME_QUOTES = str.maketrans("", "", "‘’'「」『』")
_PHOTO_NOTE = re.compile(r"\s*\((?:사진|왼쪽|오른쪽|가운데|앞줄|뒷줄)[^()]{0,12}\)")


@dataclass(frozen=True)
class SpeechCues:
    """What a sentence shows about attribution; `speaker` is raw text (unresolved) or None."""

    speaker: str | None
    quote: bool  # direct quotation framed by a quotative ("…"라고/이라며)
    speech_verb: bool  # 밝혔다, 말했다, 강조했다…
    hearsay: bool  # ~로 알려졌다 / 전해졌다
    according: bool  # ~에 따르면 / 의하면
    pronoun: bool  # subject is 그/그녀: the previous speaker continues
    pointer: bool = False  # "이렇게 말했다", "다음과 같은 …을 전했다": the words are in a neighbouring sentence
    continues: bool = False  # "…다는 것이다", "…라는 설명이다": a subjectless report of what was just said
    says: bool = False  # the speech verb is one of saying (말했다, 밝혔다, 강조했다), not of finding (확인했다)


# Most sentences give one of a few cue combinations and a frozen dataclass is slow to build: equal cues share one.
_cues = lru_cache(maxsize=1024, typed=True)(SpeechCues)


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


def _glued(a: Any, b: Any) -> bool:
    """Whether token `b` follows token `a` with no space between them."""
    return a.start + a.len >= b.start


def _is_side(t: Any) -> bool:
    # "대학 측", "회사 측": the bound noun 측 ("the side of") heads a reference to an institution.
    return t.tag == "NNB" and t.form == "측"


def _chain_before(tokens: list[Any], i: int, text: str, base: int) -> tuple[int, int] | None:
    """Original-text span of the noun chain ending right before token `i`, or None."""
    j, depth = i - 1, 0
    while j >= 0:
        t = tokens[j]
        if t.tag == "SSC" and t.form in ")’」』":
            depth += 1
        elif t.tag == "SSO" and t.form in "(‘「『" and depth:
            depth -= 1
        elif (
            depth == 0
            and t.tag not in _CHAIN_TAGS
            and not _is_side(t)
            and not (t.tag in ("SO", "SP") and t.form in "·-&")
        ):
            # "독일의 온라인 매체": a proper noun in the genitive still belongs to the name.
            glued = j > 0 and _glued(tokens[j - 1], t)
            # "샤오우엔 혼" read as 호/NNG + ᆫ/JX: a contracted topic marker inside a name, not after it.
            if t.form == "ᆫ" and t.tag == "JX" and glued and j + 1 < i and tokens[j + 1].tag in ("NNP", "SL"):
                j -= 1
                continue
            genitive_name = t.form == "의" and t.tag == "JKG" and j > 0 and tokens[j - 1].tag == "NNP"
            # "스페이스닷컴 등 외신": named members of a collective source.
            named_members = t.tag == "NNB" and t.form == "등" and j > 0 and tokens[j - 1].tag in ("NNP", "SL")
            # "문태현" read as 문태/NNP + 현/MM, "박충모" as 박/NNP 충/NNG 모/MM: a syllable glued to a noun
            # stays in the name.
            name_syllable = t.tag in ("MM", "XR") and glued and tokens[j - 1].tag in ("NNP", "NNG", "MM")
            # "바른ICT연구소" read as 바르/VA ᆫ/ETM ICT/SL …: a break inside one written word is a misreading,
            # and a name is never cut in the middle of a word.
            mid_word = _inside_word(tokens, j)
            # "세계보건기구(WHO)와 미국 질병예방통제센터(CDC)": two named bodies speaking together.
            joint = (
                t.tag == "JC"
                and t.form in ("와", "과")
                and glued
                and tokens[j - 1].tag in ("NNP", "SL", "SSC")
                and any(x.tag in ("NNP", "SL") for x in tokens[j + 1 : i])
            )
            if not (genitive_name or name_syllable or joint or mid_word or named_members):
                break
        j -= 1
    chain = _trim_leading(_whole_words(tokens, j, i))
    last = tokens[i - 1]
    if not chain or (last.tag not in _HEAD_TAGS | {"SSC"} and not _is_side(last)):
        return None
    if not any(t.tag in _HEAD_TAGS for t in chain):
        return None
    start, end = base + chain[0].start, base + last.start + last.len
    return (start, end) if text[start:end].strip() else None


_WORD_PREFIX_TAGS = {"NNP", "NNG", "NP", "MM", "SL", "SH", "XPN", "XR"}


def _whole_words(tokens: list[Any], j: int, i: int) -> list[Any]:
    """tokens[j + 1 : i], starting at a word boundary.

    When the chain's first token is glued to the token before it ("나사의" read as 나/NP 사/NNG 의/JKG),
    the written word is taken whole if what precedes inside it is nominal; otherwise the partial word
    is dropped.
    """
    if j < 0 or j + 1 >= i or not _glued(tokens[j], tokens[j + 1]):
        return tokens[j + 1 : i]
    k = j
    while k > 0 and _glued(tokens[k - 1], tokens[k]):
        k -= 1
    if all(t.tag in _WORD_PREFIX_TAGS for t in tokens[k : j + 1]):
        return tokens[k:i]
    m = j + 1
    while m < i and _glued(tokens[m - 1], tokens[m]):
        m += 1
    return tokens[m:i]


def _inside_word(tokens: list[Any], j: int) -> bool:
    """Whether token `j` is glued to the noun after it inside one written word ("바른ICT연구소": 바르 ᆫ ICT …).

    Particles end a word, so they never are; an adnominal ending glued to a noun is part of a name.
    """
    t = tokens[j]
    if j + 1 >= len(tokens) or not _glued(t, tokens[j + 1]) or t.tag[0] == "J" or t.tag.startswith("S"):
        return False
    return t.tag == "ETM" or t.tag[0] != "E"


def _trim_leading(chain: list[Any]) -> list[Any]:
    """Drop leading dates and numbers ("1일 국제학술지 네이처"), time adverbs and dangling symbols."""
    while chain and (
        chain[0].tag in ("SN", "NR", "SO", "SP", "SSC", "XSN", "MAG", "VCP")
        or (chain[0].tag == "NNB" and chain[0].form in _DATE_NNB)
        or (len(chain) > 1 and chain[0].tag == "NNG" and chain[0].form in _TIME_NOUNS)
    ):
        chain = chain[1:]
        while chain and chain[0].tag == "NNB" and chain[0].form in _DATE_NNB:
            chain = chain[1:]
    return chain


def _np_start(tokens: list[Any], end: int) -> int:
    """First token of the noun phrase that ends right before token `end` (`end` itself when there is none).

    Looser than `_chain_before`, for modifiers only: "인간-기계간 상호작용 전문가", "자동화 및 …",
    parenthesised glosses and bound nouns all belong to the phrase.
    """
    j, depth = end - 1, 0
    while j >= 0:
        t = tokens[j]
        if t.tag == "SSC" and t.form in ")’」』":
            depth += 1
        elif t.tag == "SSO" and t.form in "(‘「『":
            if not depth:
                break
            depth -= 1
        elif depth or t.tag in _CHAIN_TAGS or t.tag == "NNB":
            pass
        elif t.tag == "MM" and t.form not in _DEMONSTRATIVES:
            pass  # "전 원장", "전 세계"
        elif _inside_word(tokens, j) and tokens[j + 1].tag in _CHAIN_TAGS | {"ETM"}:
            pass  # "연세대 바른ICT연구소의": one written word is one piece of a name
        elif t.form == "ᆫ" and t.tag == "JX" and j + 1 < end and tokens[j + 1].tag == "NNP" and _glued(tokens[j - 1], t):
            pass  # "이수진" read as 이수지/NNP + ᆫ/JX, as in `_chain_before`
        elif t.tag == "NNB" and t.form == "등" and j > 0 and tokens[j - 1].tag in ("NNP", "SL", "SSC"):
            pass  # "스페이스닷컴 등 외신"
        elif (t.tag == "MAG" and t.form == "및") or (t.tag in ("SO", "SP") and t.form in "·-&/"):
            pass
        elif t.tag == "VCP" and j + 1 < end and tokens[j + 1].tag in _CHAIN_TAGS and j > 0 and _glued(tokens[j - 1], t):
            pass  # "산세이 테크놀로지" read as 산세/NNG + 이/VCP: no copula is followed by a bare noun
        else:
            break
        j -= 1
    return _first_nominal(tokens, j + 1, end) if depth == 0 else end


def _first_nominal(tokens: list[Any], start: int, end: int) -> int:
    """The first token from `start` that can open a noun phrase: a chain noun, a determiner or a word's prefix."""
    while (
        start < end
        and tokens[start].tag not in _CHAIN_TAGS
        and tokens[start].tag != "MM"
        and not (_inside_word(tokens, start) and tokens[start].tag in _WORD_PREFIX_TAGS)
    ):
        start += 1
    return start


def _consisting_of(tokens: list[Any], etm: int) -> int | None:
    """Index of 로/으로 in "N으로 구성된 …" (a one-word passive relative clause naming the members)."""
    k = etm - 1
    if not (k >= 1 and tokens[k].tag == "XSV" and tokens[k].form == "되" and tokens[k - 1].tag == "NNG"):
        return None  # "기조연설자로 나선 X" is an event, not a membership
    k -= 2
    return k if k > 0 and tokens[k].tag == "JKB" and tokens[k].form in ("로", "으로") else None


def _phrase_start(tokens: list[Any], first: int) -> int:
    """Leftmost token of the subject noun phrase whose head chain starts at token `first`.

    Articles introduce a speaker with modifiers the guideline keeps as part of the name: appositions
    ("제조업체인 X", "과학자이자 …"), genitives ("미 공군의 …"), coordination ("A와 B, C가"),
    "N으로 구성된 X" and the indefinite "어느", "여러". Ordinary verb relative clauses ("…에 달하는") end it.
    """
    j = first
    steps: list[tuple[str, int]] = []  # (marker kind, phrase start before the step)
    while j > 0:
        p = tokens[j - 1]
        if p.tag == "MM" and p.form in ("어느", "여러", "몇몇"):
            steps.append(("determiner", j))
            j -= 1
            continue
        if p.tag in ("ETM", "EC") and p.form in ("ᆫ", "자") and j >= 2 and tokens[j - 2].tag == "VCP":
            kind, end = "apposition", j - 2  # "전문가인 X", "과학자이자 전문가"
        elif p.tag == "ETM" and p.form == "ᆫ" and (jkb := _consisting_of(tokens, j - 1)) is not None:
            kind, end = "members", jkb
        elif p.tag == "JKG" and p.form == "의" and j >= 2 and _glued(tokens[j - 2], p):
            kind, end = "genitive", j - 1
        elif p.tag == "JC" and p.form in ("와", "과") and j >= 2 and _glued(tokens[j - 2], p):
            kind, end = "and", j - 1
        elif p.tag == "SP" and p.form == ",":
            kind, end = "comma", j - 1
        else:
            break
        start = _np_start(tokens, end)
        if start >= end:
            break
        steps.append((kind, j))
        j = start
    kinds = [k for k, _ in steps]
    if "comma" in kinds and "and" not in kinds:
        # A comma without "와/과" separates clauses ("이에 대해, 김 교수는"), not names in a list.
        j = steps[kinds.index("comma")][1]
    if j > 0 and tokens[j - 1].tag == "MM" and tokens[j - 1].form in _DEMONSTRATIVES:
        return first  # "이 회사의 김 대표": the modifier points back; the name alone is resolved later
    return j


def _extend(tokens: list[Any], span: tuple[int, int] | None, text: str, base: int) -> tuple[int, int] | None:
    """`span` widened to the modifiers of `_phrase_start`, without leading dates."""
    if span is None:
        return None
    first = next((k for k, t in enumerate(tokens) if base + t.start == span[0]), None)
    return span if first is None else _widen(tokens, span, first, base)


def _widen(tokens: list[Any], span: tuple[int, int], first: int, base: int) -> tuple[int, int]:
    """`_extend` once the index of the span's first token (`first`) is known."""
    j = _phrase_start(tokens, first)
    if j == first:
        return span
    phrase = _trim_leading(tokens[j:first])
    return (base + phrase[0].start, span[1]) if phrase else span


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
            span = owner
    return _relative_subject(tokens, span, text, base) or span


def _relative_subject(tokens: list[Any], span: tuple[int, int], text: str, base: int) -> tuple[int, int] | None:
    """X in "X가 입수한 문서에 따르면": whoever obtained or published the document is the source.

    Only a one-word predicate (N+하 or a verb) right after the 이/가 subject, so longer relative
    clauses ("…에서 발견된 자료") keep the document itself.
    """
    first = next((k for k, t in enumerate(tokens) if base + t.start == span[0]), None)
    if first is None or first < 3 or tokens[first - 1].tag != "ETM":
        return None
    k = first - 2
    if tokens[k].tag == "XSV" and tokens[k - 1].tag == "NNG":
        k -= 2
    elif tokens[k].tag == "VV":
        k -= 1
    else:
        return None
    if k < 1 or tokens[k].tag != "JKS":
        return None
    return _chain_before(tokens, k, text, base)


def _clause_break(tokens: list[Any], i: int, limit: int, quotes: Sequence[tuple[int, int]], base: int) -> bool:
    """Whether sentence punctuation outside quotes separates token `i` from the reporting frame."""
    for t in tokens[i + 1 : limit]:
        if t.tag in ("SF", "SE") and not _inside(base + t.start, quotes):
            return True
    return False


_POINTER_HEADS = {"이렇", "이", "다음", "이런", "이러한"}
# Tags of every token that can be a cue in `_scan_cues` (besides the pointer heads above).
_CUE_TAGS = {"JKQ", "EC", "ETM"}
_CUE_FORMS = (
    SPEECH_VV
    | SPEECH_NNG
    | HEARSAY_VV
    | BELIEF_VV
    | BELIEF_NNG
    | FINDING_VV
    | FINDING_NNG
    | _PUT_FORTH_VV
    | _POINTER_HEADS
) | {"하", "따르", "의하", "들"}


def _reported_content(tokens: list[Any], i: int) -> bool:
    """Whether the noun before particle `i` is modified by reported speech ("…하겠다는 의사도"): a speaker never is."""
    k = i - 1
    while k > 0 and tokens[k].tag in ("NNG", "NNP", "XSN"):
        k -= 1
    return k < i - 1 and tokens[k].tag == "ETM" and tokens[k].form in _REPORTED_ETM


def _is_pronoun_subject(tokens: list[Any], i: int) -> bool:
    """Whether the subject before particle `i` is a personal pronoun: "그는", "그녀가", "이들은" (이/NP + 들/XSN)."""
    k = i - 1
    if tokens[k].tag == "XSN" and tokens[k].form == "들" and k > 0:
        k -= 1
    return tokens[k].tag == "NP" and tokens[k].form in _PRONOUNS


def _reports_finding(tokens: list[Any], i: int) -> bool:
    """Whether token `i` is a predicate of finding whose object is a reported fact ("…다는 사실을 증명했다")."""
    t = tokens[i]
    if not ((t.tag == "VV" and t.form in FINDING_VV) or (t.tag == "NNG" and t.form in FINDING_NNG)):
        return False
    k = i - 1
    while k >= 0 and tokens[k].tag == "MAG":
        k -= 1
    if k >= 1 and tokens[k].tag == "JKB" and tokens[k - 1].tag == "NNG":
        k -= 2  # "…사실을 처음으로 증명했다"
    if k < 2 or tokens[k].tag != "JKO":
        return False
    obj = tokens[k - 1]
    return obj.tag == "ETN" or (obj.form in _FACT_NOUNS and tokens[k - 2].tag == "ETM")


def _names_speech_act(tokens: list[Any], i: int) -> bool:
    """ "쓴소리를 했다", "비판을 했다", "…경우를 예로 든다": a verb whose object names the speech act."""
    t, prev, noun = tokens[i], tokens[i - 1], tokens[i - 2]
    if t.form == "하" and prev.tag == "JKO":
        return noun.tag == "NNG" and noun.form in _SAYING_NNG
    return t.form == "들" and prev.tag == "JKB" and prev.form == "로" and noun.form in ("예", "사례")


def _holds_view(tokens: list[Any], i: int) -> bool:
    """Whether token `i` is a verb of belief right after a reported clause ("…다고 생각한다", "…것으로 기대")."""
    t = tokens[i]
    if t.tag == "VV" and t.form in BELIEF_VV:
        after = i + 1
    elif t.tag == "NNG" and t.form in BELIEF_NNG and i + 1 < len(tokens) and tokens[i + 1].form == "하":
        after = i + 2  # "기대하고 있다"; the passive "기대된다" has nobody holding the view
    else:
        return False
    # The sentence's own predicate ("생각했다", "보고 있다"), not a condition ("…다고 보면 된다").
    nxt = tokens[after] if after < len(tokens) else None
    if nxt is None or not (nxt.tag in ("EP", "EF") or (nxt.tag == "EC" and nxt.form == "고")):
        return False
    k = i - 1
    while k >= 0 and tokens[k].tag == "MAG":
        k -= 1  # "…다고 굳게 믿는다"
    if k > 0 and tokens[k].tag in ("JX", "JKS") and tokens[k - 1].tag in _HEAD_TAGS:
        k -= 1  # "…것으로 연구진은 기대하고 있다": the holder stands between the view and the verb
        while k > 0 and tokens[k - 1].tag in _CHAIN_TAGS:
            k -= 1
        k -= 1
    if k < 0:
        return False
    prev = tokens[k]
    if prev.tag == "JKQ" or (prev.tag == "EC" and prev.form.endswith(("다고", "라고"))):
        return True
    # "…할 것으로 기대하고 있다": 것 + (으)로 before the verb.
    return prev.form in ("으로", "로") and k > 0 and tokens[k - 1].form in ("것", "거")


def _pointer_end(tokens: list[Any], i: int) -> int | None:
    """Index after a demonstrative of manner starting at token `i` ("이렇게", "이같이", "다음과 같은"), or None."""
    t = tokens[i]
    if t.form not in _POINTER_HEADS:
        return None  # the common case, checked first: this runs for every token
    nxt = tokens[i + 1 : i + 4]
    forms = [(x.form, x.tag[:2]) for x in nxt]
    if t.form == "이렇" and t.tag.startswith("VA") and forms[:1] == [("게", "EC")]:
        return i + 2
    if t.form == "이" and t.tag == "MM" and forms[:1] == [("같이", "MA")]:
        return i + 2
    if (t.form, t.tag) in (("이", "NP"), ("다음", "NNG")) and forms[:1] in ([("와", "JK")], [("과", "JK")]):
        if forms[1:2] == [("같이", "MA")]:
            return i + 3
        if forms[1:2] == [("같", "VA")] and forms[2:3] and nxt[2].tag == "ETM":
            return i + 4
    if t.tag == "MM" and t.form in ("이런", "이러한") and nxt and nxt[0].form in _UTTERANCE_NOUNS | {"말"}:
        return i + 1
    return None


def _points_to_speech(tokens: list[Any], i: int) -> bool:
    """Whether a manner demonstrative at `i` is the object or manner of a speech predicate ("이런 말을 했다")."""
    k = _pointer_end(tokens, i)
    if k is None:
        return False
    for j in range(k, min(k + 6, len(tokens))):
        t = tokens[j]
        if t.tag == "VV":
            said = j > 1 and tokens[j - 1].tag == "JKO" and tokens[j - 2].form in _UTTERANCE_NOUNS | {"말"}
            return t.form in SPEECH_VV or (t.form == "하" and said)
        if t.tag == "XSV":
            return tokens[j - 1].tag == "NNG" and tokens[j - 1].form in _UTTERANCE_NOUNS | {"말"}
        if t.tag not in ("NNG", "JKO", "JX", "XSN", "MAG"):
            return False
    return False


_CLOSING_TAGS = ("SF", "SE", "SSC")


def _reported_tail(tokens: list[Any]) -> int | None:
    """Index of the final noun in "…다는 것이다" / "…라는 설명이다" / "X의 공통된 의견이다", or None.

    The noun must be 것 after a reported-speech adnominal ("다는", "라는") or an utterance noun.
    """
    k = len(tokens) - 1
    while k >= 0 and tokens[k].tag in _CLOSING_TAGS:
        k -= 1
    if k < 0 or tokens[k].tag != "EF":
        return None
    k -= 1
    if tokens[k].tag == "EP":
        k -= 1
    if k < 1 or tokens[k].tag != "VCP":
        return None
    n = k - 1
    noun = tokens[n]
    if noun.tag == "NNB" and noun.form == "것":
        return n if n > 0 and tokens[n - 1].tag == "ETM" and tokens[n - 1].form in _REPORTED_ETM else None
    return n if noun.tag == "NNG" and noun.form in _UTTERANCE_NOUNS else None


def _utterance_owner(tokens: list[Any], noun: int) -> int | None:
    """Index of 의 in "AI 전문가들의 (공통된) 의견이다": who the closing utterance noun belongs to."""
    for k in range(noun - 1, max(noun - 5, 0) - 1, -1):
        t = tokens[k]
        if t.tag == "JKG" and t.form == "의":
            return k
        if t.tag not in ("NNG", "XSV", "XSA", "ETM", "VA", "MAG"):
            return None
    return None


def _names_utterance(tokens: list[Any], k: int) -> bool:
    """Whether the noun phrase from token `k` is headed by an utterance noun ("과학적인 주장", "관측")."""
    for t in tokens[k : k + 5]:
        if t.tag == "NNG" and t.form in _UTTERANCE_NOUNS:
            return True
        if t.tag not in ("NNG", "XSN", "VCP", "ETM", "XSA", "VA"):
            return False
    return False


def _document_source(tokens: list[Any], text: str, base: int) -> tuple[int, int] | None:
    """N in "도면에는 ‘…’는 설명도 있다", "보고서에는 '…'라고 적혀 있다": a document quoted word for word."""
    topic = next((k for k, t in enumerate(tokens) if t.tag.startswith("J")), None)
    if topic is None or topic < 1 or (tokens[topic].form, tokens[topic].tag) != ("에", "JKB"):
        return None
    if topic + 1 >= len(tokens) or (tokens[topic + 1].form, tokens[topic + 1].tag) != ("는", "JX"):
        return None
    quoted = any(
        t.tag == "SSC"
        and t.form in "’”\"'"
        and (nxt.tag == "JKQ" or (nxt.tag == "ETM" and nxt.form in _REPORTED_ETM | {"는"}))
        for t, nxt in zip(tokens[topic + 2 :], tokens[topic + 3 :], strict=False)
    )
    return _chain_before(tokens, topic, text, base) if quoted else None


def according_documents(text: str, tokens: list[Any], base: int) -> list[str]:
    """ "특허 신청서의 도면" in "…의 도면에 따르면": the full name a later bare "도면에는" refers to."""
    out = []
    for k in range(2, len(tokens) - 1):
        if tokens[k].form in ("따르", "의하") and tokens[k - 1].form == "에" and tokens[k - 1].tag == "JKB":
            head = _chain_before(tokens, k - 1, text, base)
            if head is None or k - 1 < 2:
                continue
            first = next((j for j, t in enumerate(tokens) if base + t.start == head[0]), None)
            if first and tokens[first - 1].tag == "JKG" and tokens[first - 1].form == "의":
                owner = _chain_before(tokens, first - 1, text, base)
                if owner is not None:
                    out.append(text[owner[0] : head[1]])
    return out


def _predicate_between(tokens: list[Any], i: int, end: int, quotes: Sequence[tuple[int, int]], base: int) -> bool:
    """Whether a verb or adjective outside quotes lies between tokens `i` and `end`."""
    return any(t.tag in ("VV", "VA", "XSV", "XSA") and not _inside(base + t.start, quotes) for t in tokens[i + 1 : end])


def _matrix_topic(tokens: list[Any], quotes: Sequence[tuple[int, int]], base: int) -> int | None:
    """Index of the topic particle when the first subject-like particle is a topic ("사실은 …다는 것이다":
    a claim of its own), else None."""
    for k, t in enumerate(tokens):
        if _inside(base + t.start, quotes) or k == 0:
            continue
        if t.tag == "JKS":
            return None
        if t.tag == "JX" and t.form in ("은", "는") and tokens[k - 1].tag != "JKB":
            return k
    return None


@dataclass(slots=True)
class _Cues:
    """The slots `_scan_cues` fills in its one pass over a sentence; the speaker strategies read them.

    `pronoun` and `continues` are also set by the strategies: they are outcomes of the search as much as cues.
    """

    text: str
    tokens: list[Any]
    base: int
    start: int
    quotes: list[tuple[int, int]]
    quote: bool = False  # a quotative right after a closing quote mark
    speech: bool = False  # a predicate of speech, belief or finding (see `_record_speech_act`)
    says: bool = False  # see `SpeechCues.says`
    hearsay: bool = False
    according: bool = False
    pointer: bool = False
    put_forth: bool = False  # "관측을 내놓았다": a subject is looked for, but no speech_verb cue is given
    adnominal_report: bool = False  # the last reported clause ends in an adnominal ("…다는 주장"), not "…다고"
    verb_at: int = -1  # the reporting predicate: its subject stands before it
    last_quotative: int = -1  # the end of the last reported clause: a subject before it may be its content's
    according_at: int = -1  # the 에 of "~에 따르면"
    pronoun: bool = False
    continues: bool = False


# Endings of every quotative EC `_record_quotative` accepts ("…다고", "…라며", "…면서"): most ECs are not.
_QUOTATIVE_EC = ("다고", "라고", "며", "면서")


def _scan_cues(text: str, tokens: list[Any], base: int, start: int, end: int) -> _Cues:
    """Record every attribution cue outside quotations in one pass over the tokens."""
    sentence = text[start:end]
    quotes = quote_spans(sentence, start)
    cues = _Cues(text, tokens, base, start, quotes)
    for i, t in enumerate(tokens):
        tag = t.tag
        verb_or_noun = tag == "NNG" or tag == "VV"
        if verb_or_noun:
            if t.form not in _CUE_FORMS:
                continue  # most nouns and verbs: nothing below can fire
        elif tag not in _CUE_TAGS and t.form not in _POINTER_HEADS:
            continue
        if quotes and _inside(base + t.start, quotes):
            continue
        if verb_or_noun:
            if not _record_speech_act(cues, i):
                _record_frame(cues, i)
        elif tag == "ETM":
            _record_reported_noun(cues, i)
        elif tag == "JKQ" or (tag == "EC" and t.form.endswith(_QUOTATIVE_EC)):
            _record_quotative(cues, i)
        if not cues.pointer and t.form in _POINTER_HEADS and _points_to_speech(tokens, i):
            cues.pointer = True
    if "후문" in sentence:
        cues.hearsay = True
    return cues


def _record_quotative(cues: _Cues, i: int) -> None:
    """A quotative particle or ending at token `i`: a quote frame when it follows a closing quote mark."""
    tokens, quotes = cues.tokens, cues.quotes
    t = tokens[i]
    indirect = t.tag == "EC" and t.form.endswith(("다고", "라고"))  # 다고, 는다고, ᆫ다고, 이라고
    if not (t.tag == "JKQ" or indirect or (t.tag == "EC" and t.form in ("며", "라며", "면서", "라면서", "다며"))):
        return
    pos = cues.base + t.start
    prev = tokens[i - 1] if i else None
    near_quote = any(e == pos or e == pos - 1 for _, e in quotes) or (
        prev is not None and prev.tag == "VCP" and any(e <= cues.base + prev.start + 1 for _, e in quotes)
    )
    if near_quote:
        cues.quote = True
    if t.tag == "JKQ" or indirect:
        cues.last_quotative, cues.adnominal_report = i, False


def _record_reported_noun(cues: _Cues, i: int) -> None:
    """An adnominal ending at token `i` that closes a reported clause before an utterance noun."""
    if cues.tokens[i].form in _REPORTED_ETM and _names_utterance(cues.tokens, i + 1):
        cues.last_quotative = i  # "…것이란 관측", "…다는 주장": the reported clause ends here
        cues.adnominal_report = True


def _record_speech_act(cues: _Cues, i: int) -> bool:
    """A predicate of speech, belief or finding at the noun or verb `i`; whether one of its forms matched.

    Only called for NNG/VV tokens, so `_holds_view` and `_reports_finding` never run for other tags.
    """
    tokens = cues.tokens
    t = tokens[i]
    prev = tokens[i - 1] if i else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if t.tag == "VV" and t.form in SPEECH_VV:
        cues.speech, cues.verb_at = True, i
        # "원인을 밝히는 데": a relative clause says nothing.
        cues.says = cues.says or nxt is None or nxt.tag != "ETM"
    elif t.tag == "NNG" and t.form in SPEECH_NNG and nxt is not None and nxt.tag == "XSV":
        # "계산하기 위해서는": a nominalised verb (ETN) is a topic, not the sentence's speech act.
        if not (i + 2 < len(tokens) and tokens[i + 2].tag == "ETN"):
            cues.speech, cues.verb_at = True, i
            cues.says = cues.says or t.form in _SAYING_NNG
    elif t.tag == "VV" and t.form == "하" and prev is not None and (prev.tag == "JKQ" or prev.form in ("라며", "며")):
        cues.speech, cues.verb_at = True, i
    elif t.tag == "VV" and i > 1 and _names_speech_act(tokens, i):
        cues.speech, cues.verb_at, cues.says = True, i, True
    elif _holds_view(tokens, i) or (not cues.speech and _reports_finding(tokens, i)):
        cues.speech, cues.verb_at = True, i
    else:
        return False
    return True


def _record_frame(cues: _Cues, i: int) -> None:
    """A verb at `i` that frames the sentence without speaking: put forth, hearsay or "~에 따르면"."""
    tokens = cues.tokens
    t = tokens[i]
    if t.tag != "VV" or not i:
        return
    prev = tokens[i - 1]
    if t.form in _PUT_FORTH_VV and i > 1 and prev.tag in ("JKO", "JX") and tokens[i - 2].form in _UTTERANCE_NOUNS:
        # "…것이란 관측도 내놓았다": an utterance put forth. Who put it forth is looked for like the
        # subject of a speech verb, but the sentence still narrates an event (no speech_verb cue).
        cues.put_forth, cues.verb_at = True, i
    elif t.form in HEARSAY_VV and prev.form in ("으로", "로"):
        cues.hearsay = cues.hearsay or t.form != "보이"
    elif t.form in ("따르", "의하") and prev.form == "에":
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.form in ("면", "으면"):
            cues.according, cues.according_at = True, i - 1


# Speaker strategies: each returns the original-text span of the speaker or None; `analyse` takes the
# first span. They may set `pronoun` (the previous speaker goes on) and `continues` on the way.


def _according_source(cues: _Cues) -> tuple[int, int] | None:
    """ "X에 따르면 …" with no speech verb: X is the source."""
    if not cues.according or cues.speech:
        return None
    return _source_before(cues.tokens, cues.according_at, cues.text, cues.base)


def _reporting_subject(cues: _Cues) -> tuple[int, int] | None:
    """The subject of the quote frame, speech verb, pointer or put-forth predicate.

    Looked for after the last quotative first (a subject before it may be inside the reported clause),
    then from the sentence start.
    """
    if not (cues.quote or cues.speech or cues.pointer or cues.put_forth):
        return None
    tokens, verb_at = cues.tokens, cues.verb_at
    limit = verb_at if verb_at >= 0 else len(tokens)
    while verb_at < 0 and limit > 0 and tokens[limit - 1].tag in ("SF", "SE", "SSC"):
        limit -= 1  # the sentence's own final stop is no clause break
    first = cues.last_quotative + 1 if 0 <= cues.last_quotative < limit else 0
    for lo in (first, 0) if first else (0,):
        span = _subject_between(cues, lo, limit, first)
        if span or cues.pronoun:
            return span
    return None


def _subject_between(cues: _Cues, lo: int, limit: int, first: int) -> tuple[int, int] | None:
    """The first topic (else 이/가 subject) in tokens[lo:limit] that names who reports; sets `pronoun` on "그는"."""
    tokens, quotes, base = cues.tokens, cues.quotes, cues.base
    narrates = cues.speech or cues.pointer or cues.put_forth
    subject: tuple[int, int] | None = None  # a 이/가 subject, used when no topic follows
    for i in range(lo, limit):
        t = tokens[i]
        if narrates and t.tag == "JX" and (body := _topicalised_body(cues, i, limit)):
            return body
        if (t.form, t.tag) not in _SUBJECT_PARTICLES or _inside(base + t.start, quotes) or i == 0:
            continue
        if _is_pronoun_subject(tokens, i):
            cues.pronoun = True
            break
        found = _subject_at(cues, i, lo, first, limit)
        if found and t.tag == "JKS":
            # "조회수가 …에 달하는 어느 리뷰에서는": a later topic outranks a 이/가 subject.
            subject = subject or found
        elif found:
            return found
    return subject


def _topicalised_body(cues: _Cues, i: int, limit: int) -> tuple[int, int] | None:
    """ "업계에선 …것으로 전망했다": a topicalised 에서 phrase (topic particle at `i`) is the reporting body."""
    tokens, base = cues.tokens, cues.base
    if not (
        tokens[i].form in ("는", "ᆫ")
        and i > 1
        and tokens[i - 1].form == "에서"
        and tokens[i - 1].tag == "JKB"
        and not _inside(base + tokens[i].start, cues.quotes)
        and not _clause_break(tokens, i, limit, cues.quotes, base)
    ):
        return None
    return _extend(tokens, _chain_before(tokens, i - 1, cues.text, base), cues.text, base)


def _subject_at(cues: _Cues, i: int, lo: int, first: int, limit: int) -> tuple[int, int] | None:
    """The phrase before the subject particle at `i`, unless that subject is not the one reporting."""
    tokens, quotes, base = cues.tokens, cues.quotes, cues.base
    if _clause_break(tokens, i, limit, quotes, base):
        return None  # "창조는 인간 전유물?…"아니다"고": the topic belongs to another clause
    if tokens[i - 1].form in _UTTERANCE_NOUNS or _reported_content(tokens, i):
        return None  # "…란 관측도 내놓았다", "…하겠다는 의사도": the utterance itself, not who made it
    if (
        cues.adnominal_report
        and tokens[i].tag == "JKS"
        and lo < first
        and _predicate_between(tokens, i, first, quotes, base)
    ):
        # "기술이 변화를 가져올 것이란 관측": a 이/가 subject inside a reported noun clause is its
        # content's subject; "…했다고 밝혔다" keeps "X가" as the speaker.
        return None
    return _extend(tokens, _chain_before(tokens, i, cues.text, base), cues.text, base)


def _according_fallback(cues: _Cues) -> tuple[int, int] | None:
    """ "X에 따르면 … 밝혔다" when the speech verb has no subject to be found: X after all (even after "그는")."""
    if not cues.according or not cues.speech:
        return None  # without a speech verb `_according_source` already tried
    return _source_before(cues.tokens, cues.according_at, cues.text, cues.base)


def _quoted_document(cues: _Cues) -> tuple[int, int] | None:
    """ "도면에는 ‘…’는 설명도 있다": the document quoted (exempt from `can_speak`)."""
    if cues.pronoun or cues.according:
        return None
    return _document_source(cues.tokens, cues.text, cues.base)


def _unnamed_put_forth(cues: _Cues) -> None:
    """Never a speaker: "…란 관측도 내놓았다" with nobody found so far goes on with what was just said."""
    cues.continues = cues.put_forth and not cues.pronoun


def _closing_utterance(cues: _Cues) -> tuple[int, int] | None:
    """Who holds the closing "…라는 의견이다" / "…다는 것이다"; `continues` when nobody is named."""
    if cues.pronoun or cues.according:
        return None
    tokens, text, base = cues.tokens, cues.text, cues.base
    noun = _reported_tail(tokens)
    if noun is None:
        return None
    owner = _utterance_owner(tokens, noun)
    if owner is not None:
        # "…라는 게 AI 전문가들의 공통된 의견이다": the owner of the closing utterance noun asserts it.
        return _chain_before(tokens, owner, text, base)
    topic = _matrix_topic(tokens, cues.quotes, base)
    if topic is None:
        cues.continues = True
        return None
    if tokens[noun - 1].tag != "ETM" or tokens[noun - 1].form not in _REPORTED_ETM:
        return None
    # "연구진은 …수 있다는 판단이다": the topic holds the view the closing noun names.
    span = _chain_before(tokens, topic, text, base)
    if span is not None and _is_pronoun_subject(tokens, topic):
        cues.pronoun = True
        return None
    return span


def _headline_name(cues: _Cues) -> tuple[int, int] | None:
    """Headline style: 'NAME "quote"' with no particle at all, the name opening the sentence."""
    if cues.pronoun or not cues.quotes:
        return None
    tokens, text, base = cues.tokens, cues.text, cues.base
    q0 = cues.quotes[0][0]
    head = next((k for k, t in enumerate(tokens) if base + t.start >= q0), None)
    if not head:
        return None  # no token at the quote, or the quote opens the sentence
    span = _chain_before(tokens, head, text, base)
    if span and (span[0] != cues.start or text[span[1] : q0].strip()):
        return None
    return span


_SPEAKER_STRATEGIES = (
    _according_source,
    _reporting_subject,
    _according_fallback,
    _quoted_document,
    _unnamed_put_forth,  # finds nobody: only marks `continues`
    _closing_utterance,
    _headline_name,
)


def _find_speaker(cues: _Cues) -> tuple[tuple[int, int] | None, Any]:
    """The first span a strategy returns, and that strategy (None, None when none does)."""
    for strategy in _SPEAKER_STRATEGIES:
        span = strategy(cues)
        if span is not None:
            return span, strategy
    return None, None


def _names_topic(cues: _Cues, span: tuple[int, int]) -> bool:
    """ "월식이 일어날 때마다 …": the subject found is a topic, not someone asserting anything."""
    name_tokens = [t for t in cues.tokens if span[0] <= cues.base + t.start < span[1]]
    return not can_speak(name_tokens, by_head=not (cues.quote or cues.says or cues.according))


def _speaker_name(cues: _Cues, span: tuple[int, int] | None, strategy: Any) -> str | None:
    """The text of `span`, unless it is a pronoun (then `pronoun` is set) or a topic."""
    if span is None:
        return None
    speaker = _PHOTO_NOTE.sub("", cues.text[span[0] : span[1]])
    if speaker.strip() in _PRONOUN_WORDS:
        cues.pronoun = True  # "이들은 …": whoever was speaking goes on
        return None
    if strategy is not _quoted_document and _names_topic(cues, span):
        return None
    return speaker


def analyse(text: str, tokens: list[Any], base: int, start: int, end: int) -> SpeechCues:
    """Attribution cues of the sentence text[start:end] whose `tokens` index text from `base`.

    A cue scan, then the first hit of `_SPEAKER_STRATEGIES`, then the pronoun and topic filters.
    """
    cues = _scan_cues(text, tokens, base, start, end)
    span, strategy = _find_speaker(cues)
    if strategy is _headline_name:
        cues.quote = True  # the headline's quote is framed by the name before it
    speaker = _speaker_name(cues, span, strategy)
    return _cues(
        speaker,
        cues.quote,
        cues.speech,
        cues.hearsay,
        cues.according,
        cues.pronoun,
        cues.pointer and not cues.quotes,
        cues.continues,
        cues.says,
    )


def _words(name: str) -> list[str]:
    # "‘갤럭시 클럽’" matches "갤럭시 클럽": quotation marks around a name are not part of its words.
    return name.replace("(", " (").translate(_NAME_QUOTES).split()


def _compatible(s: list[str], f: list[str]) -> bool:
    """Whether word list `f` is a fuller form of `s`: same title at the end, a name word that `s` abbreviates.

    Also the introducing apposition "…의 응급 의학교수인 윌리엄 보즈먼" for "보즈먼 교수": the full form
    ends with the name and holds the title in its "…인" phrase.
    """
    if len(s) < 2 or len(f) < 2 or f == s:
        return False
    if f[-1] == s[-1] or f[-1].endswith(s[-1]):  # the title must agree: 원장 ~ AI연구원장
        return any(w.startswith(s[0]) for w in f[:-1])  # the name: 배 ~ 배영훈, 리 ~ 리(Peter
    return f[-1] == s[0] and any(w.endswith(s[-1] + "인") for w in f[:-1])


def _names_person(s: list[str], f: list[str]) -> bool:
    """Whether `f` introduces the one-word name `s` ("보즈먼" in "… 의학교수인 윌리엄 보즈먼")."""
    return len(s) == 1 and len(f) > 1 and f[-1] == s[0] and any(w.endswith("인") for w in f[:-1])


def name_keys(speakers: Sequence[str | None]) -> set[tuple[str, ...]]:
    """What a fuller form of each speaker must contain to be chosen by `resolve`.

    (first word, last word) of a multi-word speaker (`_compatible`), the word itself for a one-word
    title ("연구진"); a one-word name ("LG") is never replaced by a candidate.
    """
    keys = set()
    for sp in speakers:
        words = _words(sp) if sp else []
        if len(words) > 1:
            keys.add((words[0], words[-1]))
        elif words and _is_title(sp):
            keys.add((words[0],))
    return keys


def noun_chains(text: str, tokens: list[Any], base: int, keys: set[tuple[str, ...]] | None = None) -> list[str]:
    """Maximal noun chains naming someone (with a proper noun) and their leading sub-chains.

    With `keys` (see `name_keys`), a sentence that contains no key in full is skipped: no chain in
    it could be chosen by `resolve`.
    """
    tags = [t.tag for t in tokens]
    if "NNP" not in tags and "SL" not in tags:
        return []  # nothing here can name someone more fully than an earlier mention
    if keys is not None:
        first, last = tokens[0], tokens[-1]
        words = text[base + first.start : base + last.start + last.len].translate(_NAME_QUOTES)
        if not any(all(k in words for k in key) for key in keys):
            return []
    out = []
    first_of: dict[int, int] = {}  # offset -> index of the first token there (`_extend`'s lookup, built once)
    n = len(tags)
    # Where a chain can end: after a head noun that no chain token follows.
    ends = [i for i in range(1, n + 1) if tags[i - 1] in _HEAD_TAGS and (i == n or tags[i] not in _CHAIN_TAGS)]
    for i in ends:
        span = _chain_before(tokens, i, text, base)
        if span:
            words = text[span[0] : span[1]].split()
            if len(words) > 1:
                out.extend(" ".join(words[:k]) for k in range(2, len(words) + 1))
            if not first_of:
                for k, t in enumerate(tokens):
                    first_of.setdefault(base + t.start, k)
            at = first_of.get(span[0])
            wide = span if at is None else _widen(tokens, span, at, base)
            if wide != span:
                # "…센터의 응급 의학교수인 윌리엄 보즈먼": the phrase that introduces someone names them fully.
                out.append(text[wide[0] : wide[1]])
    return out


_LIGHT_PREDICATES = {"하", "되", "있", "없", "이", "않", "같"}


def quoted_words(text: str, tokens: list[Any], base: int, start: int, end: int) -> set[str]:
    """Content morphemes (nouns, verb stems) inside the quotations of text[start:end]."""
    spans = quote_spans(text[start:end], start)
    return {
        t.form
        for t in tokens
        if t.tag.split("-")[0] in ("NNG", "NNP", "SL", "VV", "VA", "XR")  # "VA-I": Kiwi's irregular stems
        and t.form not in _LIGHT_PREDICATES
        and _inside(base + t.start, spans)
    }


def echoed_quote(headline: set[str], later: Sequence[set[str]]) -> int | None:
    """Index in `later` of the quotation a headline quote condenses, or None.

    Headlines shorten a quote from the body ("기계-인간 합쳐 '슈퍼맨' 될 수 있어"): most of their
    content words reappear in it. Ties and weak overlaps stay unattributed.
    """
    if len(headline) < 3:
        return None
    scores = [len(headline & words) for words in later]
    best = max(scores, default=0)
    if best < 3 or best < 0.6 * len(headline) or scores.count(best) > 1:
        return None
    return scores.index(best)


def topic_subject_names(text: str, tokens: list[Any], base: int) -> list[str]:
    """Full names split over a topic and a subject, with their leading sub-chains.

    The press-release opening "서울대 공대는 기계항공공학부 최 교수 연구팀이 …" names the team
    "서울대 공대 기계항공공학부 최 교수 연구팀"; later "연구팀" and "최 교수" resolve to it.
    """
    topic = next((k for k, t in enumerate(tokens) if t.tag == "JX" and t.form in ("은", "는")), None)
    if topic is None or topic == 0:
        return []
    subject = next((k for k in range(topic + 1, len(tokens)) if tokens[k].tag not in _CHAIN_TAGS), None)
    if subject is None or tokens[subject].tag != "JKS" or subject == topic + 1:
        return []
    owner = _chain_before(tokens, topic, text, base)
    member = _chain_before(tokens, subject, text, base)
    if owner is None or member is None or member[0] != base + tokens[topic + 1].start:
        return []
    if not any(t.tag in ("NNP", "SL") for t in tokens[:topic]) or tokens[subject - 1].tag != "NNG":
        return []  # an organisation (a name) owning a person or team (a common-noun title)
    words = [*text[owner[0] : owner[1]].split(), *text[member[0] : member[1]].split()]
    return [" ".join(words[:k]) for k in range(2, len(words) + 1)]


@lru_cache(maxsize=1024)
def _is_side_reference(name: str) -> bool:
    """ "대학 측", "회사 측": a common noun plus 측, i.e. the institution the article is about."""
    if not name.rstrip().endswith("측"):
        return False  # the common case, without a Kiwi call
    toks = morphology.tokenize(name)
    return len(toks) == 2 and toks[0].tag == "NNG" and _is_side(toks[1])


@lru_cache(maxsize=1024)
def _is_organisation(name: str) -> bool:
    """A name ending in a proper noun or acronym ("UNIST(울산과학기술원)"), not in a title ("… 교수")."""
    toks = [t for t in morphology.tokenize(re.sub(r"\([^()]*\)$", "", name)) if t.tag not in ("SSO", "SSC")]
    return bool(toks) and toks[-1].tag in ("NNP", "SL")


# Last syllables of common nouns that name people or bodies: 연구자, 전문가, 연구원, 연구진, 연구팀, 연구단,
# 미래부, 사무처, 기상청, 사무국, 위원회, 연구소, 회사, 대학원생, 관계자 측…
_AGENT_ENDINGS = tuple("자가원진팀단부처청국회소사생관측장당")
# Whole nouns that speak without such an ending: the bodies and publications an article cites.
_AGENT_NOUNS = {
    "정부", "당국", "업계", "학계", "재계", "정계", "산업계", "의료계", "교육계", "외신", "언론", "매체", "신문",
    "방송", "리뷰", "보고서", "자료", "문서", "논문", "연구", "조사", "통계", "도면", "신청서", "기관", "기업",
    "대학", "센터", "병원", "학교", "시민", "주민", "국민", "환자", "교수", "박사", "대표", "의원", "대통령",
    "총리", "장관", "학술지", "저널", "성명", "발표", "위원", "사람", "군", "경찰", "검찰", "법원", "블로그",
    "사이트", "웹사이트", "게시물", "게시판", "커뮤니티", "잡지", "일간지", "통신", "트위터", "유튜브", "뉴스",
}  # fmt: skip


def can_speak(name_tokens: Sequence[Any], *, by_head: bool = False) -> bool:
    """Whether the phrase of `name_tokens` (read in its sentence) can assert something: it names someone
    (a proper noun, an acronym) or its head noun is a person, a body or a publication ("연구진", "미래부",
    "보고서"), not a topic ("데이터 활용", "머신러닝").

    `by_head`: only the head counts ("USE1의 발현양" is a topic although it holds a name), for the subject
    of a finding, which is often the thing found rather than who found it.
    """
    toks, depth = [], 0
    for t in name_tokens:
        depth += (t.tag == "SSO" and t.form == "(") - (t.tag == "SSC" and t.form == ")")
        if depth == 0 and (t.tag[0] in "NX" or t.tag in ("SL", "SH")):
            toks.append(t)  # a gloss "(사진)", "(KAIST)" is not the head
    while toks and toks[-1].tag == "XSN" and toks[-1].form in ("들", "측"):
        toks = toks[:-1]  # "자동차 회사들"
    if not toks:
        return False
    head = toks[-1]
    if any(t.tag in ("NNP", "SL", "SH") for t in (toks[-1:] if by_head else toks)):
        return True  # "…의학교수인 윌리엄 보즈먼", "독일의 온라인 매체 ‘갤럭시 클럽’"
    if head.tag == "XSN":
        return head.form in _AGENT_ENDINGS  # 연구진, 연구팀, 대학원생 read as NNG + XSN
    if head.tag == "NNB":
        return head.form == "측"
    return head.form in _AGENT_NOUNS or head.form.endswith(_AGENT_ENDINGS)


@lru_cache(maxsize=1024)
def _is_title(word: str) -> bool:
    """A common-noun title ("연구진", "연구팀"), not a name ("마이크로소프트연구소") that is already full."""
    return all(t.tag in ("NNG", "XSN", "NNB") for t in morphology.tokenize(word))


def resolve(speakers: list[str | None], names: Sequence[str] = ()) -> list[str | None]:
    """Replace each speaker by the fullest compatible form used in the article (`names` adds candidates)."""
    pool = {}
    for n in [*speakers, *names]:
        if n:
            n = _PHOTO_NOTE.sub("", n)
            pool[n] = _words(n)
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
                if len(cand) > best_len and (_compatible(short, words) or _names_person(short, words)):
                    best, best_len = cand, len(cand)
            if best == sp and _is_side_reference(sp):
                # "대학 측은 설명했다": the first organisation the article quoted.
                best = next((n for n in speakers if n and _is_organisation(n)), sp)
            if best == sp and _is_title(sp) and len(short) <= 2:
                # A bare title ("연구진", or "국내 연구팀": a title with a common-noun modifier) names the one
                # group the article introduced with that title. Several forms ("워싱턴대 연구진", "미 워싱턴대
                # 의대 연구진"): the fullest one.
                fuller = [c for c, w in pool.items() if len(w) > 1 and w[-1] == short[-1] and len(c) > len(sp)]
                if fuller:
                    best = max(fuller, key=len)
            cache[sp] = best
        out.append(cache[sp])
    return out
