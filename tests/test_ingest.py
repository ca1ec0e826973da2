"""Tests for factcheck.ingest: encodings, binary/empty/size guards, docx, html extraction, duplicate keys."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from docx import Document

from factcheck.ingest import (
    SUPPORTED_EXTENSIONS,
    Credit,
    IngestError,
    content_hash,
    ingest_file,
    ingest_text,
    matching_key,
    normalize_body,
    parse_credit_line,
    strip_site_suffix,
)

MAX = 2 * 1024 * 1024
KO = "배영훈 LG AI연구원장은 13일 밝혔다."
SEED = Path(__file__).resolve().parent.parent / "factcheck" / "fixtures" / "seed_article.txt"


def _code(fn, *args, **kwargs) -> str:
    with pytest.raises(IngestError) as info:
        fn(*args, **kwargs)
    assert info.value.message  # every error carries an editor-facing message
    return info.value.code


def test_txt_utf8():
    art = ingest_file("a.txt", (KO + "\n").encode("utf-8"), max_bytes=MAX)
    assert art.body == KO
    assert art.source_format == "txt" and art.title == ""


def test_txt_utf8_bom_is_stripped():
    art = ingest_file("a.txt", b"\xef\xbb\xbf" + KO.encode("utf-8"), max_bytes=MAX)
    assert art.body == KO
    assert "\ufeff" not in art.body


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_txt_korean_legacy_encodings(encoding):
    assert ingest_file("a.TXT", KO.encode(encoding), max_bytes=MAX).body == KO


@pytest.mark.parametrize(
    "data",
    [
        KO.encode("utf-16"),  # Windows Notepad "Unicode": little-endian with a byte-order mark
        b"\xfe\xff" + KO.encode("utf-16-be"),
        KO.encode("utf-16-le"),  # no mark: told by its NULs, tried in both byte orders
        KO.encode("utf-16-be"),
    ],
    ids=["le-bom", "be-bom", "le", "be"],
)
def test_txt_utf16_with_and_without_a_byte_order_mark(data):
    art = ingest_file("notepad.txt", data, max_bytes=MAX)
    assert art.body == KO
    assert "\ufeff" not in art.body and "\x00" not in art.body


def test_txt_binary_with_utf16_looking_nuls_is_still_binary():
    import random

    rng = random.Random(7)
    data = bytes(b for _ in range(400) for b in (rng.randrange(256), 0))  # NULs at every odd offset
    assert _code(ingest_file, "renamed.txt", data, max_bytes=MAX) == "binary"


def test_txt_cp949_only_syllable():
    text = "똠방각하 뷁"  # syllables outside EUC-KR's 2350, only in CP949
    assert ingest_file("a.txt", text.encode("cp949"), max_bytes=MAX).body == text


@pytest.mark.parametrize("data", [b"\xff\xfe\xfa\x80\x80", b"abc \xff", b"\x80abc"])
def test_txt_undecodable(data):
    assert _code(ingest_file, "a.txt", data, max_bytes=MAX) == "undecodable"


@pytest.mark.parametrize("text", ["", "   \n\t \r\n", "\u200b\u200c\ufeff \u2060\u00ad\n"])
def test_empty(text):
    assert _code(ingest_text, text, max_bytes=MAX) == "empty"
    assert _code(ingest_file, "a.txt", text.encode("utf-8"), max_bytes=MAX) == "empty"


@pytest.mark.parametrize(
    "data",
    [
        KO.encode("utf-8") + b"\x00" + KO.encode("utf-8"),
        b"\x89PNG\r\n\x1a\n" + bytes(range(16, 250)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04" + b"zip",
        ("가" * 50 + "\x01\x02\x03").encode("cp949"),
    ],
)
def test_binary(data):
    assert _code(ingest_file, "renamed.txt", data, max_bytes=MAX) == "binary"


def test_binary_pasted_text():
    assert _code(ingest_text, "본문\x00", max_bytes=MAX) == "binary"


def test_too_large_file_and_text():
    with pytest.raises(IngestError) as info:
        ingest_file("a.txt", b"a" * (MAX + 1), max_bytes=MAX)
    assert info.value.code == "too_large" and "2MB" in info.value.message
    assert ingest_file("a.txt", b"a" * MAX, max_bytes=MAX).body == "a" * MAX
    # Pasted text is measured in UTF-8 bytes: 4 Hangul syllables = 12 bytes.
    assert _code(ingest_text, "가나다라", max_bytes=11) == "too_large"
    assert ingest_text("가나다라", max_bytes=12).body == "가나다라"


def test_nfd_becomes_nfc():
    nfd = unicodedata.normalize("NFD", KO)
    assert nfd != KO
    assert ingest_text(nfd, max_bytes=MAX).body == KO
    assert ingest_file("mac.txt", nfd.encode("utf-8"), max_bytes=MAX).body == KO


def test_newlines_and_inner_text_preserved():
    raw = "  첫 줄\r\n둘째\u200b 줄\r셋째  줄 \r\n\r\n"
    assert normalize_body(raw) == "  첫 줄\n둘째\u200b 줄\n셋째  줄"
    art = ingest_text(raw, max_bytes=MAX)
    assert art.body == "  첫 줄\n둘째\u200b 줄\n셋째  줄"
    assert art.source_format == "text"


@pytest.mark.parametrize("name", ["a.pdf", "a.hwp", "a.doc", "noext", "a.txt.exe"])
def test_unsupported_type(name):
    with pytest.raises(IngestError) as info:
        ingest_file(name, KO.encode("utf-8"), max_bytes=MAX)
    assert info.value.code == "unsupported_type"
    assert all(ext in info.value.message for ext in SUPPORTED_EXTENSIONS)


def _docx_bytes(paragraphs: list[str], title: str = "") -> bytes:
    doc = Document()
    doc.core_properties.title = title
    for text in paragraphs:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx():
    data = _docx_bytes(["첫 문단입니다.", unicodedata.normalize("NFD", KO)], title="LG, 초거대 AI")
    art = ingest_file("기사.DOCX", data, max_bytes=MAX)
    assert art.body == "첫 문단입니다.\n" + KO
    assert art.title == "LG, 초거대 AI"
    assert art.source_format == "docx"


def test_docx_empty():
    assert _code(ingest_file, "a.docx", _docx_bytes(["", "  "]), max_bytes=MAX) == "empty"


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04garbage", b""])
def test_bad_docx(data):
    assert _code(ingest_file, "a.docx", data, max_bytes=MAX) == "bad_docx"


NEWS_HTML = """<!DOCTYPE html>
<html><head><meta charset="{charset}">
<title>LG, 초거대 AI에 1천억 투자 - 뉴스투데이</title>
<meta property="og:site_name" content="뉴스투데이">
<meta name="author" content="양대규 기자">
<meta property="article:published_time" content="2021-05-13T09:30:00+09:00">
<link rel="canonical" href="https://www.news2day.co.kr/article/123">
<script>var x = "<p>광고</p>";</script><style>p {{ color: red }}</style>
</head><body>
<nav><ul><li>정치</li><li>경제</li></ul></nav>
<header><h1>뉴스투데이</h1></header>
<article>
  <h2>LG, 초거대 AI</h2>
  <p>배영훈 LG AI연구원장은
     13일 밝혔다.</p>
  <p>투자 규모는 1천억 원&nbsp;이상이다 &amp; 계속된다.<br>둘째 줄</p>
  <script>alert(1)</script>
  <!-- 주석 -->
  <p>&lt;script&gt;는 글자입니다.</p>
</article>
<footer>Copyright 뉴스투데이</footer>
</body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "euc-kr"])
def test_html_news_page(charset):
    data = NEWS_HTML.format(charset=charset).encode("cp949" if charset == "euc-kr" else "utf-8")
    art = ingest_file("page.html", data, max_bytes=MAX)
    assert art.body.split("\n") == [
        "LG, 초거대 AI",
        KO,
        "투자 규모는 1천억 원\xa0이상이다 & 계속된다.",
        "둘째 줄",
        "<script>는 글자입니다.",
    ]
    for junk in ("alert", "광고", "color", "정치", "Copyright", "주석", "<p>"):
        assert junk not in art.body
    assert art.title == "LG, 초거대 AI에 1천억 투자"  # without " - 뉴스투데이", the og:site_name
    assert art.outlet == "뉴스투데이"
    assert art.byline == "양대규 기자"
    assert art.url == "https://www.news2day.co.kr/article/123"
    assert art.published_at == datetime(2021, 5, 13, 0, 30, tzinfo=UTC)
    assert art.source_format == "html"


def test_html_selectors_and_meta_fallbacks():
    html = (
        '<html><head><meta property="og:title" content="OG 제목"><meta property="og:url" content="javascript:x">'
        '<meta property="article:published_time" content="어제"></head><body><div>메뉴</div>'
        '<div id="dic_area">본문 하나<br/>본문 둘</div></body></html>'
    )
    art = ingest_file("p.HTM", html.encode("utf-8"), max_bytes=MAX)
    assert art.body == "본문 하나\n본문 둘"
    assert art.title == "OG 제목" and art.url == "" and art.published_at is None


def test_html_body_fallback_and_naive_time():
    html = (
        '<html><head><meta property="article:published_time" content="2021-05-13 09:30:00"></head>'
        "<body><h1>제목</h1><div>첫째</div><div>둘째</div></body></html>"
    )
    art = ingest_file("p.html", html.encode("utf-8"), max_bytes=MAX)
    assert art.body == "제목\n첫째\n둘째"
    assert art.title == "제목"
    assert art.published_at == datetime(2021, 5, 13, 9, 30, tzinfo=timezone(timedelta(hours=9)))


def test_html_without_text_is_empty():
    html = b"<html><body><script>alert(1)</script><nav>menu</nav><article> \n </article></body></html>"
    assert _code(ingest_file, "p.html", html, max_bytes=MAX) == "empty"


def test_html_binary():
    assert _code(ingest_file, "p.html", b"\x89PNG\r\n\x1a\n\x00\x00", max_bytes=MAX) == "binary"


def test_matching_key_and_hash():
    a = "배영훈 LG AI연구원장은\n13일  밝혔다."
    b = "  배영훈\u200b LG AI연\u00ad구원장은 13일\t\u200d밝혔다.\ufeff \r\n"
    assert matching_key(a) == matching_key(b) == KO
    assert content_hash(a) == content_hash(b) == content_hash(unicodedata.normalize("NFD", a))
    assert content_hash(a) != content_hash(KO.replace("13일", "14일"))
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(a))


def test_seed_article_utf8_and_cp949():
    raw = SEED.read_bytes()
    expected = unicodedata.normalize("NFC", raw.decode("utf-8")).replace("\r\n", "\n").rstrip()
    art = ingest_file("seed.txt", raw, max_bytes=MAX)
    assert art.body == expected
    assert len(art.body) > 1000
    assert ingest_file("seed.txt", expected.encode("cp949"), max_bytes=MAX).body == expected
    assert ingest_text(raw.decode("utf-8"), max_bytes=MAX).body == expected


# Page titles without the site's name --------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("기사 제목 - 테스트뉴스", "기사 제목"),
        ("기사 제목 | YTN", "기사 제목"),
        ("기사 제목 | KBS 뉴스", "기사 제목"),
        ("기사 제목 : 네이버 뉴스", "기사 제목"),
        ("기사 제목 :: 아이뉴스24", "기사 제목"),
        ("기사 제목 ‹ 경제 ‹ 머니투데이", "기사 제목"),
        ("기사 제목 - news2day.co.kr", "기사 제목"),
        ("기사 제목 < 산업 < 기사본문 - 뉴스투데이", "기사 제목"),
        # A " - " that belongs to the headline stays.
        ("LG, 초거대 AI에 1천억 투자 - 배영훈 원장 인터뷰", "LG, 초거대 AI에 1천억 투자 - 배영훈 원장 인터뷰"),
        ("KTX 요금 인상, 서울 - 부산 5만원 넘는다", "KTX 요금 인상, 서울 - 부산 5만원 넘는다"),
        ("올해 성장률 2% - 한국 경제 전망", "올해 성장률 2% - 한국 경제 전망"),
        ("단독 : 정부, 내년 예산 656조원", "단독 : 정부, 내년 예산 656조원"),
        ("물가 상승률 3% - 2024", "물가 상승률 3% - 2024"),
        ("제목 - AI", "제목 - AI"),
        ("기사 제목", "기사 제목"),
        ("- 테스트뉴스", "- 테스트뉴스"),  # nothing would be left: keep what the page says
    ],
)
def test_site_suffix_is_stripped_only_when_it_looks_like_a_site(title, expected):
    assert strip_site_suffix(title) == expected


def test_a_site_name_the_heuristics_cannot_see_is_stripped_when_the_page_names_it():
    assert strip_site_suffix("기사 제목 - 한겨레") == "기사 제목 - 한겨레"
    assert strip_site_suffix("기사 제목 - 한겨레", ("한겨레",)) == "기사 제목"


def _page(head: str, body: str = "<article><p>정부는 13일 예산안을 발표했다.</p></article>") -> bytes:
    return f'<html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'.encode()


def test_html_title_loses_the_og_site_name_suffix():
    html = _page('<title>기사 제목 - 한겨레</title><meta property="og:site_name" content="한겨레">')
    art = ingest_file("p.html", html, max_bytes=MAX)
    assert (art.title, art.outlet) == ("기사 제목", "한겨레")


def test_html_prefers_og_title():
    html = _page('<title>페이지 제목 - 테스트뉴스</title><meta property="og:title" content="OG 제목 | 테스트뉴스">')
    assert ingest_file("p.html", html, max_bytes=MAX).title == "OG 제목"


def test_html_prefers_the_article_h1_the_page_title_opens_with():
    # No og:site_name, and "한겨레" does not look like a site to the heuristics: the h1 shows where the headline ends.
    body = "<header><h1>한겨레</h1></header><article><h1>기사 제목</h1><p>정부는 13일 예산안을 발표했다.</p></article>"
    art = ingest_file("p.html", _page("<title>기사 제목 - 한겨레</title>", body), max_bytes=MAX)
    assert art.title == "기사 제목"
    assert art.body == "기사 제목\n정부는 13일 예산안을 발표했다."


def test_html_h1_that_only_starts_the_title_is_not_taken_for_it():
    body = "<article><h1>경제</h1><p>정부는 13일 예산안을 발표했다.</p></article>"
    art = ingest_file("p.html", _page("<title>경제 성장률 3% 전망 - 테스트뉴스</title>", body), max_bytes=MAX)
    assert art.title == "경제 성장률 3% 전망"


def test_html_logo_h1_is_not_a_title():
    body = "<header><h1>테스트뉴스</h1></header><article><p>정부는 13일 예산안을 발표했다.</p></article>"
    assert ingest_file("p.html", _page("", body), max_bytes=MAX).title == ""


# Credit lines -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "outlet", "byline"),
    [
        ("[뉴스투데이=양대규 기자] 유발 하라리는", "뉴스투데이", "양대규 기자"),
        ("[뉴스투데이 = 양대규 기자] 유발 하라리는", "뉴스투데이", "양대규 기자"),
        ("(서울=연합뉴스) 홍길동 기자 = 정부는 13일", "연합뉴스", "홍길동 기자"),
        ("(베이징=연합뉴스) 홍길동 특파원 = 중국은", "연합뉴스", "홍길동 특파원"),
        ("[서울=뉴시스]홍길동 기자 = 정부는", "뉴시스", "홍길동 기자"),
        ("【서울=뉴시스】 홍길동·김철수 기자 = 정부는", "뉴시스", "홍길동·김철수 기자"),
        ("[아이뉴스24 김민수 기자] 정부는", "아이뉴스24", "김민수 기자"),
        ("[부산=뉴스투데이 양대규 기자] 부산시는", "뉴스투데이", "양대규 기자"),
        ("[ZDNet Korea=홍길동 기자] 삼성전자는", "ZDNet Korea", "홍길동 기자"),
        ("[헤럴드경제=김민수 선임기자] 정부는", "헤럴드경제", "김민수 선임기자"),
        ("[뉴스투데이=양대규 기자 ydk@news2day.co.kr] 정부는", "뉴스투데이", "양대규 기자"),
        ("이데일리 김민수 기자 = 정부는", "이데일리", "김민수 기자"),
        ("SBS Biz 김민수 기자 = 정부는", "SBS Biz", "김민수 기자"),
        ("홍길동 기자 = 정부는", "", "홍길동 기자"),
        ("김민수 수습기자 = 정부는", "", "김민수 수습기자"),
        ("(서울=연합뉴스) 정부는 13일", "연합뉴스", ""),
        ("(서울=연합뉴스) 김민수 기자가 취재한 바에 따르면", "연합뉴스", ""),  # a sentence, not a byline
    ],
)
def test_credit_line_forms(line, outlet, byline):
    credit = parse_credit_line(line)
    assert (credit.outlet, credit.byline) == (outlet, byline)
    assert credit.start == 0 and line[credit.end :].strip() and not line[credit.end :].startswith("=")


@pytest.mark.parametrize(
    "line",
    [
        "[관점뉴스] 창조는 인간 전유물?",  # a headline tag
        "[단독] 정부, 예산 656조원",
        "[사진=연합뉴스] 정부는",  # a picture credit
        "[UNIST 제공=연합뉴스]",
        "(자료=통계청) 실업률은",
        "(1=매우 그렇다, 5=전혀 아니다)",
        "(주)삼성전자는 13일 밝혔다.",
        "유발 하라리는 지난 2015년 발간한 저서에서",
        "정부는 홍길동 기자 = 등을",  # a subject, not an outlet
        "오늘 [뉴스투데이=양대규 기자] 본문",  # only the start of a line counts
    ],
)
def test_no_credit_line(line):
    assert parse_credit_line(line) is None


def test_credit_line_is_found_below_the_headline_and_indexes_the_body(seed_text):
    body = normalize_body(seed_text)
    credit = parse_credit_line(body)
    assert credit == Credit(outlet="뉴스투데이", byline="양대규 기자", start=credit.start, end=credit.end)
    assert body[credit.start : credit.end] == "[뉴스투데이=양대규 기자]"


def test_credit_line_is_looked_for_only_in_the_first_lines():
    lines = [f"{n}번째 문단입니다." for n in range(1, 6)]
    assert parse_credit_line("\n".join([*lines, "[뉴스투데이=양대규 기자] 본문"])) is None
    assert parse_credit_line("\n\n".join([*lines[:4], "[뉴스투데이=양대규 기자] 본문"])).outlet == "뉴스투데이"


def test_uploaded_text_takes_outlet_and_byline_from_its_credit_line_and_keeps_the_body(seed_text):
    art = ingest_text(seed_text, max_bytes=MAX)
    assert (art.outlet, art.byline) == ("뉴스투데이", "양대규 기자")
    assert art.body == normalize_body(seed_text)  # the credit line stays in the text: claim offsets index it


def test_text_without_a_credit_line_has_no_outlet_or_byline():
    art = ingest_text(KO, max_bytes=MAX)
    assert (art.outlet, art.byline) == ("", "")


def test_html_credit_line_wins_over_page_metadata():
    # A portal's page names the portal; the article's own credit line names who wrote it.
    html = _page(
        '<title>기사 제목 : 네이버 뉴스</title><meta property="og:site_name" content="네이버 뉴스">'
        '<meta name="author" content="연합뉴스">',
        "<article><p>(서울=연합뉴스) 홍길동 기자 = 정부는 13일 예산안을 발표했다.</p></article>",
    )
    art = ingest_file("p.html", html, max_bytes=MAX)
    assert (art.title, art.outlet, art.byline) == ("기사 제목", "연합뉴스", "홍길동 기자")
    assert art.body == "(서울=연합뉴스) 홍길동 기자 = 정부는 13일 예산안을 발표했다."


def test_text_over_the_character_cap_is_refused_whatever_its_size_in_bytes():
    line = "정부는 올해 예산을 30% 늘렸다고 밝혔다. "
    text = line * (10_000 // len(line) + 1)
    assert _code(ingest_text, text, max_bytes=MAX, max_chars=10_000) == "too_long"
    assert ingest_text(text[:10_000], max_bytes=MAX, max_chars=10_000).body == text[:10_000].rstrip()


def test_a_small_docx_that_unpacks_to_millions_of_characters_is_refused():
    data = _docx_bytes(["정부는 올해 예산을 30% 늘렸다고 밝혔다. " * 50] * 2_000)  # one paragraph, repeated
    assert len(data) < 100_000
    with pytest.raises(IngestError) as refused:
        ingest_file("bomb.docx", data, max_bytes=MAX, max_chars=200_000)
    assert refused.value.code == "too_long"
    assert "200,000" in refused.value.message


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 1_000 + "<p>정부는 예산을 늘렸다.</p>" + "</div>" * 1_000,  # was a RecursionError (500)
        "<div>" * 100_000 + "<p>본문</p>" + "</div>" * 100_000,  # was one after ~9 s
        "<p>" * 60_000 + "본문",  # not deep (a <p> closes the one before), but 60,000 elements to walk
    ],
    ids=["1k-deep", "100k-deep", "60k-elements"],
)
def test_html_nested_absurdly_deep_or_wide_is_refused_at_once(html):
    import time

    started = time.perf_counter()
    assert _code(ingest_file, "page.html", html.encode(), max_bytes=10 * MAX) == "too_deep"
    assert time.perf_counter() - started < 1


def test_html_nested_as_real_pages_are_still_read():
    html = "<html><body>" + "<div>" * 120 + "<article><p>정부는 예산을 늘렸다.</p></article>" + "</div>" * 120
    assert ingest_file("page.html", (html + "</body></html>").encode(), max_bytes=MAX).body == "정부는 예산을 늘렸다."
