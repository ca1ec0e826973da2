"""Page furniture (bylines, credits, captions, comment boxes, copyright) so it never becomes a claim.

Works on spans of the original text: callers pass substrings and get lengths/flags back, so every
offset they keep still indexes the article body unchanged.
"""

from __future__ import annotations

import re

# A byline or credit opening a paragraph: "[뉴스투데이=양대규 기자]", "(서울=연합뉴스)", "홍길동 기자 =",
# "[사진=…]". A bracket without "=" or a reporter word ("[관점뉴스]") is a headline tag, not furniture.
_LEADING = [
    re.compile(r"[\[【][^\]】\n]{0,60}(?:=|기자|특파원|통신원|제공)[^\]】\n]{0,60}[\]】]"),
    re.compile(r"\([^()\n=]{1,20}=[^()\n=]{1,20}\)"),
    re.compile(r"[가-힣]{2,4}(?:\s?[가-힣]{2,4})?\s?(?:기자|특파원|통신원|객원기자)\s?="),
]

_BOILERPLATE = [
    re.compile(r"^댓글\s*[\(\[]?\s*\d*\s*[\)\]]?$"),  # comment-box header "댓글 (0)"
    re.compile(r"써\s?주세요|건전한\s?토론\s?문화|댓글은\s?표시가\s?제한"),
    re.compile(r"무단\s?전재|재배포\s?금지|무단\s?복제|저작권자|[ⓒ©]|copyright|all rights reserved", re.I),
    re.compile(r"구독\s?(?:하기|신청|문의)|기사\s?제보|바로\s?가기|많이\s?본\s?뉴스|관련\s?기사|^▶"),
    re.compile(r"\([^()\n=]{1,20}=[^()\n=]{1,20}\)\s*[가-힣]{2,4}\s?(?:기자|특파원)\s?="),  # caption byline
    re.compile(r"[\[【(][^\]】)\n]{0,40}제공\s?(?:=[^\]】)\n]{1,20})?[\]】)]$"),  # "[UNIST 제공=연합뉴스]"
    re.compile(r"^[\[(]?(?:사진|그래픽|자료|영상)\s?=|^\[(?:사진|그래픽|영상)\]"),
]
# "…(오른쪽)/한국연구재단 제공": tried only on text ending in 제공 (the scan is costly on every sentence).
_CREDIT_TAIL = re.compile(r"(?:^|[/|])\s?[^/|\n]{1,25}\s?제공$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CAPTION_TAIL = re.compile(r"\((?:왼쪽|오른쪽|위|아래|좌|우|좌측|우측|가운데|사진)\)$")
_TERMINAL = re.compile(r"[.!?。…\"”’']$")


def leading_furniture(paragraph: str) -> int:
    """Length of the byline/credit prefix opening `paragraph` (0 if none), trailing spaces excluded."""
    pos, end = 0, 0
    while True:
        while pos < len(paragraph) and paragraph[pos].isspace():
            pos += 1
        for pattern in _LEADING:
            m = pattern.match(paragraph, pos)
            if m:
                pos = end = m.end()
                break
        else:
            return end


def is_boilerplate(sentence: str) -> bool:
    """True for text that is page furniture rather than article prose."""
    s = sentence.strip()
    if not s:
        return True
    if leading_furniture(s) == len(s):
        return True
    if any(p.search(s) for p in _BOILERPLATE) or (s.endswith("제공") and _CREDIT_TAIL.search(s)):
        return True
    m = _EMAIL.search(s) if "@" in s else None
    if m and len(s) - len(m.group()) < 40:  # "2016.11.3 mon@yna.co.kr", "홍길동 기자 hong@…"
        return True
    return bool(_CAPTION_TAIL.search(s)) and not _TERMINAL.search(s)
