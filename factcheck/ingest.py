"""Upload formats in one place: pasted text or .txt/.docx/.html bytes → NFC article text plus metadata.

Pure Python (no Django import) so it can be tested and reused without settings.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

SUPPORTED_EXTENSIONS = (".txt", ".docx", ".html", ".htm")

# Zero-width / invisible characters that must not defeat duplicate detection.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_WS_RE = re.compile(r"\s+")
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

MSG_EMPTY = "기사 본문이 비어 있습니다. 본문 텍스트를 붙여넣거나 내용이 있는 파일을 올려 주세요."
MSG_BINARY = (
    "텍스트 파일이 아닌 것 같습니다(이미지·PDF·압축 파일 등). 기사 본문을 .txt, .docx, .html 파일로 올려 주세요."
)
MSG_UNDECODABLE = "파일의 문자 인코딩을 읽을 수 없습니다. UTF-8 또는 EUC-KR(CP949)로 저장한 뒤 다시 올려 주세요."
MSG_UNSUPPORTED = (
    "지원하지 않는 파일 형식입니다. 지원 형식: {exts}. 다른 형식(PDF, HWP 등)은 본문을 복사해 붙여넣어 주세요."
)
MSG_BAD_DOCX = (
    "워드(.docx) 파일을 열 수 없습니다. "
    "파일이 손상되었거나 .doc 등 다른 형식일 수 있습니다. .docx로 다시 저장해 올려 주세요."
)
MSG_BAD_HTML = "HTML 파일을 읽을 수 없습니다. 웹페이지를 UTF-8로 다시 저장하거나 본문을 복사해 붙여넣어 주세요."
MSG_HTML_EMPTY = "HTML 페이지에서 기사 본문을 찾지 못했습니다. 본문을 복사해 붙여넣어 주세요."
MSG_TOO_LARGE = "업로드 크기가 제한({limit})을 넘었습니다. 기사 본문만 남겨 {limit} 이하로 줄여 주세요."


class IngestError(Exception):
    """Upload cannot become an article; `code` is stable for the API, `message` is Korean for editors."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


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
        raise IngestError("too_large", MSG_TOO_LARGE.format(limit=_format_limit(max_bytes)))


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
    if not matching_key(body):
        raise IngestError("empty", MSG_EMPTY)
    return IngestedArticle(body=body, **meta)


def ingest_text(text: str, *, max_bytes: int) -> IngestedArticle:
    """Pasted text: same size/binary/empty rules as files."""
    _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    if "\x00" in text:
        raise IngestError("binary", MSG_BINARY)
    _check_control_chars(text)
    return _finish(text, source_format="text")


def ingest_file(filename: str, data: bytes, *, max_bytes: int) -> IngestedArticle:
    """Dispatch on the (case-insensitive) extension; max_bytes applies to the raw upload."""
    name = (filename or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if ext not in SUPPORTED_EXTENSIONS:
        raise IngestError("unsupported_type", MSG_UNSUPPORTED.format(exts=", ".join(SUPPORTED_EXTENSIONS)))
    _check_size(len(data), max_bytes)
    if ext == ".txt":
        return _ingest_txt(data)
    if ext == ".docx":
        return _ingest_docx(data)
    return _ingest_html(data)


def _decode(data: bytes, encodings: tuple[str, ...]) -> str | None:
    for enc in encodings:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _ingest_txt(data: bytes) -> IngestedArticle:
    _check_binary_bytes(data)
    text = _decode(data, ("utf-8-sig", "cp949"))
    if text is None:
        raise IngestError("undecodable", MSG_UNDECODABLE)
    _check_control_chars(text)
    return _finish(text, source_format="txt")


def _ingest_docx(data: bytes) -> IngestedArticle:
    import docx  # python-docx; imported lazily so text/html ingest doesn't pay for it

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


def _ingest_html(data: bytes) -> IngestedArticle:
    from bs4 import BeautifulSoup

    _check_binary_bytes(data)
    text = _decode_html(data)
    _check_control_chars(text)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:
        raise IngestError("bad_html", MSG_BAD_HTML) from exc

    title = _meta(soup, prop="og:title")
    if not title and soup.title and soup.title.string:
        title = _clean_meta(soup.title.string)
    if not title and soup.find("h1"):
        title = _clean_meta(soup.find("h1").get_text(" "))
    canonical = soup.find("link", rel="canonical")
    url = _http_url(_clean_meta(canonical.get("href")) if canonical and canonical.get("href") else "")
    byline = _meta(soup, name="author") or _meta(soup, prop="article:author")
    meta = dict(
        title=title,
        outlet=_meta(soup, prop="og:site_name"),
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
    return _finish(body, **meta)
