"""Upload formats in one place: pasted text or .txt/.docx/.html bytes → NFC article text plus metadata.

Plain Python except for its error messages (lazy, from django.utils.translation), so it can be tested and
reused without settings: a message is translated only when it is read.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from django.utils.translation import gettext_lazy as _

SUPPORTED_EXTENSIONS = (".txt", ".docx", ".html", ".htm")

# Zero-width / invisible characters that must not defeat duplicate detection.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_WS_RE = re.compile(r"\s+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_HTML_WS_RE = re.compile(r"[ \t\r\n\f]+")
_MANY_NEWLINES_RE = re.compile(r"\n{3,}")
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")
_ALLOWED_CONTROLS = "\t\n\r\f"
_KST = timezone(timedelta(hours=9))

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template")
# Where Korean news sites (generic, Naver, Daum, local CMSs) put the article text, most specific first.
_BODY_SELECTORS = (
    "[itemprop=articleBody] article #articleBody #article_body .article_body "
    "#dic_area #newsct_article .news_body #news_body_area main"
).split()
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article "
    "figure figcaption pre dl dt dd hr main".split()
)

MSG_EMPTY = _("The article body is empty. Paste the body text, or upload a file that has some content.")
MSG_BINARY = _(
    "This does not look like a text file (an image, a PDF, an archive…). Upload the article body as a .txt, "
    ".docx or .html file."
)
MSG_UNDECODABLE = _(
    "The file's character encoding cannot be read. Save it as UTF-8 or EUC-KR (CP949), then upload it again."
)
MSG_UNSUPPORTED = _(
    "This file type is not supported. Supported types: %(exts)s. For any other type (PDF, HWP…), copy the body "
    "and paste it."
)
MSG_BAD_DOCX = _(
    "The Word (.docx) file cannot be opened. It may be damaged, or in another format such as .doc. Save it "
    "again as .docx and upload it."
)
MSG_DOCX_TOO_BIG = _(
    "The Word (.docx) file unpacks to more than %(limit)s, far more than an article needs. Copy the body and paste it."
)
MSG_BROKEN_TEXT = _(
    "The text contains a broken character (an unpaired surrogate), so it cannot be stored. Copy the text from its "
    "source again."
)
MSG_BAD_HTML = _("The HTML file cannot be read. Save the web page again as UTF-8, or copy the body and paste it.")
MSG_HTML_EMPTY = _("No article body was found in the HTML page. Copy the body and paste it.")
MSG_HTML_TOO_BIG = _(
    "The HTML page has more than %(limit)s elements, far more than a news page. Copy the body and paste it."
)
MSG_HTML_TOO_DEEP = _(
    "The HTML page nests its elements more than %(limit)s levels deep, which no news page does. Copy the body and "
    "paste it."
)
MSG_TOO_LARGE = _("The upload is over the size limit (%(limit)s). Keep only the article body, %(limit)s at most.")
MSG_TOO_LONG = _(
    "The article text is %(length)s characters long, over the limit of %(limit)s. A small file can hold a lot of "
    "text (a .docx repeats itself compactly): upload only the article body."
)


class IngestError(Exception):
    """Upload cannot become an article; `code` is stable for the API, `message` is for the editor.

    `message` is the (lazy) text with `params` put in when it is read, in the language active then.
    """

    def __init__(self, code: str, message: str, **params: str):
        super().__init__(code)
        self.code = code
        self._message = message
        self._params = params

    @property
    def message(self) -> str:
        return str(self._message) % self._params

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class IngestedArticle:
    """Normalised article text plus whatever metadata the upload format carried."""

    body: str
    title: str = ""
    outlet: str = ""
    byline: str = ""
    url: str = ""
    published_at: datetime | None = None
    source_format: str = "text"


@dataclass(frozen=True)
class Credit:
    """The credit line an article opens with ("[뉴스투데이=양대규 기자]"): `body[start:end]` is its text."""

    outlet: str
    byline: str
    start: int
    end: int


def normalize_body(text: str) -> str:
    """NFC + LF newlines + rstrip; inner text is kept exactly so claim offsets stay valid."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def matching_key(text: str) -> str:
    """Key for duplicate detection only: invisible characters and whitespace differences don't count."""
    text = _ZERO_WIDTH_RE.sub("", unicodedata.normalize("NFC", text))
    return _WS_RE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """Stable sha256 of matching_key, so re-uploads of the same article are found."""
    return hashlib.sha256(matching_key(text).encode("utf-8")).hexdigest()


def _format_limit(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    if mb >= 1:
        return f"{mb:.1f}".rstrip("0").rstrip(".") + "MB"
    return f"{max(1, round(max_bytes / 1024))}KB"


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise IngestError("too_large", MSG_TOO_LARGE, limit=_format_limit(max_bytes))


def _check_binary_bytes(data: bytes) -> None:
    if b"\x00" in data or data.startswith(_MAGIC):
        raise IngestError("binary", MSG_BINARY)


def _check_control_chars(text: str) -> None:
    """CP949 decodes many random byte strings, so a decoded file full of control chars is still binary."""
    if not text:
        return
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    if controls > len(text) * 0.01:
        raise IngestError("binary", MSG_BINARY)


def _finish(body: str, **meta) -> IngestedArticle:
    body = normalize_body(body)
    if "\x00" in body:  # a NUL decoded from UTF-16 (or sent as text): PostgreSQL cannot store it
        raise IngestError("binary", MSG_BINARY)
    if not matching_key(body):
        raise IngestError("empty", MSG_EMPTY)
    credit = parse_credit_line(body)
    if credit is not None:
        # What the article prints wins over page metadata, which often names a portal or the CMS instead.
        meta["outlet"] = credit.outlet or meta.get("outlet", "")
        meta["byline"] = credit.byline or meta.get("byline", "")
    return IngestedArticle(body=body, **meta)


# Credit lines ------------------------------------------------------------------------------------
# Korean wire and web copy opens with the outlet and the reporter, in a handful of house styles:
#   [뉴스투데이=양대규 기자]   (서울=연합뉴스) 홍길동 기자 =   [서울=뉴시스]홍길동 기자 =
#   [아이뉴스24 김민수 기자]   이데일리 김민수 기자 =          홍길동 기자 =
# The byline is kept as printed ("양대규 기자"): that is what the desk shows next to the article.

_CREDIT_LINES = 5  # a headline and a subtitle may come first
_ROLE = r"(?:(?:선임|수석|전문|객원|수습|인턴|사진|영상)\s?)?기자|특파원|통신원"
_NAMES = r"[가-힣]{2,4}(?:\s?[·ㆍ,]\s?[가-힣]{2,4})*"
# Lazy `??`: "김민수 수습기자" is one reporter, not the outlet "김민수" and a reporter "수습".
_REPORTER_RE = re.compile(rf"(?:(?P<outlet>.+?)\s+)??(?P<byline>(?:{_NAMES})\s?(?:{_ROLE}))")
_BRACKETS = (
    re.compile(r"\[([^\[\]\n]{1,80})\]"),
    re.compile(r"【([^【】\n]{1,80})】"),
    re.compile(r"\(([^()\n]{1,80})\)"),
)
# After "(서울=연합뉴스)": the reporter, ending in "=", a space or the end of the line (never "기자가 …").
_TRAILING_REPORTER_RE = re.compile(rf"\s*(?P<byline>(?:{_NAMES})\s?(?:{_ROLE}))(?:\s?=|(?=\s|$))")
_PLAIN_CREDIT_RE = re.compile(
    rf"(?:(?P<outlet>[^\s=\[\]()]{{1,20}}(?:\s[^\s=\[\]()]{{1,20}})?)\s+)??"
    rf"(?P<byline>(?:{_NAMES})\s?(?:{_ROLE}))\s?="
)
# "[사진=연합뉴스]", "(자료=통계청)", "[UNIST 제공=연합뉴스]": picture and data credits, not the article's.
_NOT_A_DATELINE = re.compile(r"^(?:사진|그래픽|자료|영상|출처|일러스트|캡처|도표|표)|제공$")
_EMAIL_IN_CREDIT = re.compile(r"\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*")
# "정부는 홍길동 기자 = …" opens with a subject, not an outlet.
_PARTICLE_END = re.compile(r"(?:은|는|을|를|의|에서|에게|와|과)$")
# A dateline or an outlet left of "=": "서울", "베이징", "LA", "ZDNet Korea" (never "1" as in "(1=매우 그렇다)").
_NAME_LEFT_RE = re.compile(r"[가-힣A-Za-z][가-힣A-Za-z0-9 .&]{0,24}")


def parse_credit_line(body: str) -> Credit | None:
    """The outlet and byline of the credit line opening one of the first lines of `body`, or None.

    Only the start of a line counts, and only the house styles above: a bracketed tag without "=" or
    a reporter ("[관점뉴스]", "[단독]") is a headline tag, not a credit.
    """
    offset, seen = 0, 0
    for line in body.split("\n"):
        lead = len(line) - len(line.lstrip())
        if line.strip():
            found = _credit_at(line, lead)
            if found is not None:
                outlet, byline, end = found
                return Credit(outlet=outlet, byline=byline, start=offset + lead, end=offset + end)
            seen += 1
            if seen >= _CREDIT_LINES:
                break
        offset += len(line) + 1
    return None


def _credit_at(line: str, pos: int) -> tuple[str, str, int] | None:
    for bracket in _BRACKETS:
        m = bracket.match(line, pos)
        if m is None:
            continue
        parsed = _bracket_credit(m.group(1))
        if parsed is None:
            return None
        outlet, byline = parsed
        end = m.end()
        if not byline:  # "(서울=연합뉴스) 홍길동 기자 =": the reporter follows the dateline
            after = _TRAILING_REPORTER_RE.match(line, end)
            if after is not None:
                byline, end = _squash(after.group("byline")), after.end()
        return outlet, byline, end
    m = _PLAIN_CREDIT_RE.match(line, pos)
    if m is None or (m.group("outlet") and _PARTICLE_END.search(m.group("outlet"))):
        return None
    return _plausible_outlet(m.group("outlet") or ""), _squash(m.group("byline")), m.end()


def _bracket_credit(inner: str) -> tuple[str, str] | None:
    """(outlet, byline) inside a bracket: "뉴스투데이=양대규 기자", "서울=연합뉴스", "아이뉴스24 김민수 기자"."""
    inner = _EMAIL_IN_CREDIT.sub(" ", inner).strip()
    left, equals, right = inner.replace("＝", "=").partition("=")
    left, right = left.strip(), right.strip()
    if not equals:
        m = _REPORTER_RE.fullmatch(inner)
        return (_plausible_outlet(m.group("outlet") or ""), _squash(m.group("byline"))) if m else None
    if not _NAME_LEFT_RE.fullmatch(left) or not right or _NOT_A_DATELINE.search(left):
        return None
    m = _REPORTER_RE.fullmatch(right)
    if m is not None:
        # "[부산=뉴스투데이 양대규 기자]": the left is a dateline; "[뉴스투데이=양대규 기자]": it is the outlet.
        outlet = m.group("outlet") or left
        return _plausible_outlet(outlet), _squash(m.group("byline"))
    outlet = _plausible_outlet(right)  # "(서울=연합뉴스)": dateline = outlet
    return (outlet, "") if outlet else None


def _plausible_outlet(value: str) -> str:
    value = _squash(value)
    if not value or len(value) > 25 or len(value.split()) > 3 or value.isdigit() or "=" in value:
        return ""
    return value


def _squash(value: str) -> str:
    return _WS_RE.sub(" ", value).strip()


# Page titles -------------------------------------------------------------------------------------
# "<title>기사 제목 - 테스트뉴스</title>": the trailing segment goes only when it looks like a site name
# (the page's og:site_name, an outlet-shaped word, a domain); "LG, 투자 확대 - 배영훈 원장 인터뷰" stays whole.

_SITE_SEPARATORS = (" - ", " | ", " : ", " — ", " – ", " ｜ ")
# Breadcrumb separators (" 제목 < 산업 < 기사본문 - 테스트뉴스"): any short trailing segment is a section.
_CRUMB_SEPARATORS = (" < ", " ‹ ", " > ", " › ", " :: ", " « ", " » ")
_SITE_WORD_RE = re.compile(
    r"[A-Za-z가-힣][0-9A-Za-z가-힣.&]{0,14}"
    r"(?:뉴스(?:1|24)?|일보|신문|경제|방송|타임스|타임즈|저널|투데이|미디어|닷컴|데일리|포스트|헤럴드|코리아|프레스|"
    r"리포트|인사이트|위크|비즈|TV)"
)
_ACRONYM_SITE_RE = re.compile(r"[A-Z]{3,5}(?:\s?(?:뉴스|News|Biz|TV|Korea))?")  # YTN, KBS 뉴스, SBS Biz
_DOMAIN_RE = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|kr|tv)", re.I)
_PAGE_WORDS = frozenset("기사본문 기사보기 본문 전체기사 기사 뉴스 네이버뉴스 다음뉴스 네이트뉴스".split())


def _site_key(value: str) -> str:
    return _WS_RE.sub("", value).casefold()


def looks_like_site_name(segment: str, site_names: tuple[str, ...] = ()) -> bool:
    """Whether a title segment names the site: og:site_name, "테스트뉴스", "YTN", "news2day.co.kr", "기사본문"."""
    key = _site_key(segment)
    if not key:
        return False
    for name in filter(None, map(_site_key, site_names)):
        # "뉴스투데이 모바일" for the site "뉴스투데이"; a two-letter name must match exactly.
        if key == name or (len(name) >= 3 and name in key and len(key) <= len(name) + 8):
            return True
    return key in _PAGE_WORDS or any(
        pattern.fullmatch(segment) for pattern in (_SITE_WORD_RE, _ACRONYM_SITE_RE, _DOMAIN_RE)
    )


def strip_site_suffix(title: str, site_names: tuple[str, ...] = ()) -> str:
    """`title` without trailing site-name and breadcrumb segments; a title with nothing to strip is kept as is."""
    title = _clean_meta(title)
    for _cut in range(4):  # "제목 < 산업 < 기사본문 - 테스트뉴스" has three
        cuts = [(title.rfind(sep), sep) for sep in _SITE_SEPARATORS + _CRUMB_SEPARATORS if sep in title]
        if not cuts:
            break
        at, sep = max(cuts)
        head, tail = title[:at].strip(), title[at + len(sep) :].strip()
        crumb = sep in _CRUMB_SEPARATORS and len(tail) <= 12 and len(tail.split()) <= 2
        if len(head) < 2 or not (crumb or looks_like_site_name(tail, site_names)):
            break
        title = head
    return title


def _html_title(*, og_title: str, page_title: str, headings: list[str], site_names: tuple[str, ...]) -> str:
    """og:title, else the page's h1 when the <title> opens with it, else the <title>; never the site's name."""
    if og_title:
        return strip_site_suffix(og_title, site_names)
    page_title = _clean_meta(page_title)
    for heading in headings:
        rest = page_title[len(heading) :] if len(heading) >= 2 and page_title.startswith(heading) else None
        # "기사 제목 - 한겨레" with <h1>기사 제목</h1>: the rest is a site name we could not recognise.
        if rest is not None and (not rest or rest.startswith(_SITE_SEPARATORS + _CRUMB_SEPARATORS)):
            return heading
    if page_title:
        return strip_site_suffix(page_title, site_names)
    return next((h for h in headings if not looks_like_site_name(h, site_names)), "")


def ingest_text(text: str, *, max_bytes: int, max_chars: int | None = None) -> IngestedArticle:
    """Pasted text: same size/binary/empty rules as files."""
    _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    if "\x00" in text:
        raise IngestError("binary", MSG_BINARY)
    if _SURROGATE_RE.search(text):  # valid JSON ("\ud800"), but no text: nothing can encode or store it
        raise IngestError("undecodable", MSG_BROKEN_TEXT)
    _check_control_chars(text)
    return _check_length(_finish(text, source_format="text"), max_chars)


def ingest_file(filename: str, data: bytes, *, max_bytes: int, max_chars: int | None = None) -> IngestedArticle:
    """Dispatch on the (case-insensitive) extension; max_bytes applies to the raw upload, max_chars to its text."""
    name = (filename or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if ext not in SUPPORTED_EXTENSIONS:
        raise IngestError("unsupported_type", MSG_UNSUPPORTED, exts=", ".join(SUPPORTED_EXTENSIONS))
    _check_size(len(data), max_bytes)
    if ext == ".txt":
        article = _ingest_txt(data)
    elif ext == ".docx":
        article = _ingest_docx(data, max_unpacked=DOCX_UNPACK_FACTOR * max_bytes)
    else:
        article = _ingest_html(data)
    return _check_length(article, max_chars)


def _check_length(article: IngestedArticle, max_chars: int | None) -> IngestedArticle:
    # The byte cap bounds the upload, not what it becomes: 33 KB of .docx can unpack to 2 million characters.
    if max_chars is not None and len(article.body) > max_chars:
        raise IngestError("too_long", MSG_TOO_LONG, length=f"{len(article.body):,}", limit=f"{max_chars:,}")
    return article


def _decode(data: bytes, encodings: tuple[str, ...]) -> str | None:
    for enc in encodings:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _utf16(data: bytes) -> str | None:
    """The text of a UTF-16 file (Windows Notepad's "Unicode"), with or without a byte-order mark; else None.

    Without a mark, a file with NULs (the high byte of every ASCII space and digit) is tried in both byte
    orders; the wrong order, like a binary file, reads as random ideographs and symbols, not as news text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif len(data) % 2 == 0 and b"\x00" in data:
        candidates = ["utf-16-le", "utf-16-be"]
    else:
        return None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_korean_news(text):
            return text
    return None


_NEWS_CHARACTERS = re.compile(r"[\s!-~가-힣ㄱ-ㅎㅏ-ㅣ·…‘’“”「」『』〈〉《》【】〔〕～]")


def _reads_as_korean_news(text: str) -> bool:
    # Bytes that only happen to decode as UTF-16 read as random CJK ideographs and symbols, not as text.
    sample = text[:4000]
    return bool(sample) and len(_NEWS_CHARACTERS.findall(sample)) >= 0.9 * len(sample)


def _ingest_txt(data: bytes) -> IngestedArticle:
    # A known binary format (a PNG renamed .txt) is never read as UTF-16; _check_binary_bytes refuses it.
    text = None if data.startswith(_MAGIC) else _utf16(data)
    if text is not None:
        _check_control_chars(text)
        return _finish(text, source_format="txt")
    _check_binary_bytes(data)
    text = _decode(data, ("utf-8-sig", "cp949"))
    if text is None:
        raise IngestError("undecodable", MSG_UNDECODABLE)
    _check_control_chars(text)
    return _finish(text, source_format="txt")


# A .docx is a zip: 2 MB of it can inflate to 2 GB, which python-docx would read whole into memory. A real
# article's parts (its XML, its pictures) unpack to a few times the file at most.
DOCX_UNPACK_FACTOR = 10


def _check_docx_unpacked_size(data: bytes, max_unpacked: int) -> None:
    """Refuse a zip bomb from its directory, before inflating anything (zipfile never inflates an entry past the
    size the directory declares, so the declared sizes bound what python-docx reads)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # zipfile.BadZipFile, and whatever else a mangled directory makes zipfile raise
        raise IngestError("bad_docx", MSG_BAD_DOCX) from exc
    if unpacked > max_unpacked:
        raise IngestError("too_large", MSG_DOCX_TOO_BIG, limit=_format_limit(max_unpacked))


def _ingest_docx(data: bytes, *, max_unpacked: int) -> IngestedArticle:
    import docx  # python-docx; imported lazily so text/html ingest doesn't pay for it

    _check_docx_unpacked_size(data, max_unpacked)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    paragraphs.extend(p.text for p in cell.paragraphs)
        title = document.core_properties.title or ""
    except Exception as exc:  # zipfile.BadZipFile, KeyError, PackageNotFoundError, lxml errors…
        raise IngestError("bad_docx", MSG_BAD_DOCX) from exc
    return _finish("\n".join(paragraphs), title=_clean_meta(title), source_format="docx")


def _clean_meta(value: str | None) -> str:
    return _WS_RE.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def _decode_html(data: bytes) -> str:
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(data, is_html=True, search_entire_document=False)
    encodings: tuple[str, ...] = ("utf-8-sig", "cp949")
    if declared:
        declared = declared.lower()
        if declared in ("euc-kr", "euc_kr", "ks_c_5601-1987", "ksc5601", "korean"):
            declared = "cp949"  # superset: real-world "EUC-KR" pages contain CP949-only syllables
        encodings = (declared,) + encodings
    text = _decode(data, encodings)
    if text is None:
        raise IngestError("bad_html", MSG_BAD_HTML)
    return text


def _meta(soup, *, prop: str | None = None, name: str | None = None) -> str:
    tag = soup.find("meta", attrs={"property": prop}) if prop else soup.find("meta", attrs={"name": name})
    return _clean_meta(tag.get("content")) if tag and tag.get("content") else ""


def _http_url(value: str) -> str:
    return value if value.lower().startswith(("http://", "https://")) else ""


def _parse_datetime(value: str) -> datetime | None:
    """ISO 8601 only; a naive time is assumed to be KST since the desk handles Korean outlets."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=_KST)


def _html_text(node) -> str:
    """Text with newlines around block elements; whitespace inside text nodes collapses like a browser."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    parts: list[str] = []

    def walk(el) -> None:
        for child in el.children:
            if isinstance(child, PreformattedString):  # comments, CDATA, doctype
                continue
            if isinstance(child, NavigableString):
                parts.append(_HTML_WS_RE.sub(" ", str(child)))
            elif isinstance(child, Tag):
                block = child.name in _BLOCK_TAGS
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append("\n")

    walk(node)
    text = _MANY_NEWLINES_RE.sub("\n\n", "".join(parts))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


# Elements that are closed in practice; <p>, <li>, <td>, <tr>… may omit their end tag, so they are not counted.
_NESTING_TAG = re.compile(
    r"<(/?)(?:div|section|article|aside|main|nav|header|footer|figure|table|ul|ol|dl|blockquote|span|font|a|b|i|"
    r"em|strong|u|s|small|big|sub|sup|label|form|fieldset|button|select)\b[^>]*>",
    re.IGNORECASE,
)
MAX_HTML_DEPTH = 512
# A saved news page has a few thousand elements; parsing costs ~0.1 ms each, so this bounds it to seconds.
MAX_HTML_ELEMENTS = 50_000
_OPENING_TAG = re.compile(r"<[A-Za-z]")


def _check_html_depth(text: str) -> None:
    """Refuse absurd nesting or size before parsing: BeautifulSoup recurses through the tree (a crash, after
    seconds) and walks every element."""
    if len(_OPENING_TAG.findall(text)) > MAX_HTML_ELEMENTS:
        raise IngestError("too_deep", MSG_HTML_TOO_BIG, limit=f"{MAX_HTML_ELEMENTS:,}")
    depth = 0
    for m in _NESTING_TAG.finditer(text):
        if m.group(1):
            depth = max(0, depth - 1)
        elif not m.group(0).endswith("/>"):
            depth += 1
            if depth > MAX_HTML_DEPTH:
                raise IngestError("too_deep", MSG_HTML_TOO_DEEP, limit=str(MAX_HTML_DEPTH))


def _ingest_html(data: bytes) -> IngestedArticle:
    _check_binary_bytes(data)
    text = _decode_html(data)
    _check_control_chars(text)
    _check_html_depth(text)
    try:
        return _article_from_html(text)
    except RecursionError:  # nesting the count above did not see (it counts the usual suspects only)
        raise IngestError("too_deep", MSG_HTML_TOO_DEEP, limit=str(MAX_HTML_DEPTH)) from None


def _article_from_html(text: str) -> IngestedArticle:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:
        raise IngestError("bad_html", MSG_BAD_HTML) from exc

    og_title = _meta(soup, prop="og:title")
    page_title = soup.title.string if soup.title and soup.title.string else ""
    # Before the page furniture goes: an article's own h1 often sits in a <header> (so does the logo's).
    headings = [h for h in (_clean_meta(h1.get_text(" ")) for h1 in soup.find_all("h1")) if h]
    site_name = _meta(soup, prop="og:site_name")
    canonical = soup.find("link", rel="canonical")
    url = _http_url(_clean_meta(canonical.get("href")) if canonical and canonical.get("href") else "")
    byline = _meta(soup, name="author") or _meta(soup, prop="article:author")
    meta = dict(
        outlet=site_name,
        byline="" if byline.lower().startswith(("http://", "https://")) else byline,
        url=url or _http_url(_meta(soup, prop="og:url")),
        published_at=_parse_datetime(_meta(soup, prop="article:published_time")),
        source_format="html",
    )

    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    container = None
    for selector in _BODY_SELECTORS:
        container = soup.select_one(selector)
        if container is not None and _html_text(container):
            break
        container = None
    container = container or soup.body or soup
    body = _html_text(container)
    if not matching_key(body):
        raise IngestError("empty", MSG_HTML_EMPTY)
    credit = parse_credit_line(normalize_body(body))
    site_names = tuple(filter(None, (site_name, _meta(soup, name="application-name"), credit and credit.outlet)))
    title = _html_title(og_title=og_title, page_title=page_title, headings=headings, site_names=site_names)
    return _finish(body, title=title, **meta)
