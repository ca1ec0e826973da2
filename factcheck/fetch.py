"""The one guarded outbound HTTP adapter: a source's page, fetched the way a reviewer read it, without letting
a URL typed into a verdict reach inside our own network (SSRF).

Pure Python (urllib3, BeautifulSoup, charset-normalizer), no Django: limits come in as arguments.

The guard, at every hop of a redirect chain:
- only http and https, no credentials in the URL;
- the host name is resolved ONCE (``socket.getaddrinfo``) and every address it gives must be public
  (``address_allowed``: not private, loopback, link-local, multicast, reserved, unspecified, CGNAT
  100.64/10, nor a cloud metadata address; IPv4 inside IPv6 — mapped, 6to4, NAT64 — is judged as IPv4);
- the connection goes to that checked IP itself: a urllib3 pool is opened on the IP, with the Host header
  set to the name and, for https, ``server_hostname`` set to the name, so SNI and the certificate check
  (the standard library's, against the system's CA store) are for the name the URL gave. A DNS answer that
  changes between the check and the connection (rebinding) cannot redirect us: there is no second lookup;
- redirects are followed by hand (at most ``Limits.max_redirects``), each Location checked again as above.
No proxies (urllib3 pools ignore HTTP_PROXY), no cookies sent or kept, connect/read timeouts plus one
deadline for the whole fetch, and a byte cap on the body (gzip/deflate are decompressed with the same cap).
"""

from __future__ import annotations

import codecs
import hashlib
import ipaddress
import re
import socket
import time
import unicodedata
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

USER_AGENT = "factcheck-desk/1.0 (+evidence archiver)"

# Refusals: the URL or its address is not one we fetch. Failures: we tried and did not get the page.
SCHEME_NOT_ALLOWED = "scheme_not_allowed"
ADDRESS_NOT_ALLOWED = "address_not_allowed"
INVALID_URL = "invalid_url"
TOO_MANY_REDIRECTS = "too_many_redirects"
TIMEOUT = "timeout"
TOO_LARGE = "too_large"
NAME_NOT_RESOLVED = "name_not_resolved"
CONNECTION_FAILED = "connection_failed"
TLS_ERROR = "tls_error"
HTTP_ERROR = "http_error"
UNSUPPORTED_ENCODING = "unsupported_encoding"
UNREADABLE = "unreadable"
REFUSED_CODES = (SCHEME_NOT_ALLOWED, ADDRESS_NOT_ALLOWED, INVALID_URL)
FAILED_CODES = (
    TOO_MANY_REDIRECTS,
    TIMEOUT,
    TOO_LARGE,
    NAME_NOT_RESOLVED,
    CONNECTION_FAILED,
    TLS_ERROR,
    HTTP_ERROR,
    UNSUPPORTED_ENCODING,
    UNREADABLE,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = (*HTML_TYPES, "text/plain")
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    # The whole fetch, every hop included; a read already waiting may overrun it by one read_timeout.
    deadline: float = 30.0
    max_bytes: int = 5 * 1024 * 1024  # body read; more is `too_large`
    max_html_bytes: int = 2 * 1024 * 1024  # raw HTML kept
    max_redirects: int = 5
    max_text_chars: int = 100_000
    max_title_chars: int = 300
    max_url_chars: int = 2000


@dataclass(frozen=True)
class Page:
    """What the page said: the text is extracted only from HTML, XHTML and plain text."""

    final_url: str
    http_status: int
    content_type: str
    title: str
    text: str
    sha256: str  # of the body bytes read (after gzip/deflate), the whole body
    raw_html: bytes  # the first max_html_bytes of an HTML body; empty for other types


class FetchError(Exception):
    def __init__(self, code: str, detail: str = "", *, url: str = "", http_status: int | None = None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail, self.url, self.http_status = code, detail, url, http_status


class FetchRefused(FetchError):
    """The URL, or an address it leads to, is not one we fetch. Nothing was sent to it."""


class FetchFailed(FetchError):
    """We tried and did not get the page (timeout, too big, an HTTP error status …)."""


# Address guard -----------------------------------------------------------------------------------

# Cloud metadata services (AWS, GCP, Azure, OpenStack: 169.254.169.254; AWS over IPv6: fd00:ec2::254). Both
# are link-local/ULA anyway; listed so that no allow-list entry can ever reach them.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(value.split("%", 1)[0])  # an IPv6 scope id (fe80::1%eth0) is not part of it


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, 6to4 2002::/16, NAT64), if any."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    """Whether an address is on the public internet: the guard's default answer."""
    ip = _ip(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_public_address(str(ip.ipv4_mapped))  # a dual-stack socket connects to the IPv4 address itself
    inner = _embedded_ipv4(ip)
    if inner is not None and not is_public_address(str(inner)):
        return False
    if ip in METADATA_ADDRESSES:
        return False
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return False
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def normalise_allow(allow: Collection[tuple[str, int]]) -> frozenset[tuple[str, int]]:
    """The test seam: exact (loopback IP, port) pairs that may be fetched although not public.

    Only loopback, only with a port, never a network: a stray entry cannot open a private network or the
    metadata service, and a redirect to another port of the same machine stays refused.
    """
    pairs = set()
    for address, port in allow:
        ip = _ip(str(address))
        if not any(ip in net for net in _LOOPBACK) or not 0 < int(port) < 65536:
            raise ValueError(f"only exact loopback (address, port) pairs can be allowed, not {address!r}:{port!r}")
        pairs.add((str(ip), int(port)))
    return frozenset(pairs)


def address_allowed(address: str, port: int, allow: frozenset[tuple[str, int]] = frozenset()) -> bool:
    ip = _ip(address)
    if ip in METADATA_ADDRESSES:
        return False
    return is_public_address(address) or (str(ip), port) in allow


# Fetching ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    url: str
    https: bool
    host: str  # ASCII (IDNA), no brackets
    port: int
    path: str  # path and query, as sent in the request line
    host_header: str


def _target(url: str, limits: Limits) -> _Target:
    if len(url) > limits.max_url_chars:
        raise FetchRefused(INVALID_URL, "URL too long", url=url[: limits.max_url_chars])
    if any(c in url for c in "\r\n\t\x00"):
        raise FetchRefused(INVALID_URL, "control characters in the URL", url=url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(INVALID_URL, str(exc), url=url) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(SCHEME_NOT_ALLOWED, scheme or "no scheme", url=url)
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(INVALID_URL, "credentials in the URL", url=url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused(INVALID_URL, "no host", url=url)
    try:
        _ip(host)
    except ValueError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchRefused(INVALID_URL, "host name", url=url) from None
    https = scheme == "https"
    default_port = 443 if https else 80
    port = port or default_port
    shown = f"[{host}]" if ":" in host else host
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(
        url=url,
        https=https,
        host=host,
        port=port,
        path=path,
        host_header=shown if port == default_port else f"{shown}:{port}",
    )


def _resolve(target: _Target, allow: frozenset[tuple[str, int]]) -> list[str]:
    """The host's addresses, looked up once; refused if any of them is not allowed."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(NAME_NOT_RESOLVED, str(exc), url=target.url) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchFailed(NAME_NOT_RESOLVED, "no address", url=target.url)
    for address in addresses:
        if not address_allowed(address, target.port, allow):
            # All or none: a name that also points inside our network is not trusted with the public half.
            raise FetchRefused(ADDRESS_NOT_ALLOWED, f"{target.host} → {address}", url=target.url)
    return addresses


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchFailed(TIMEOUT, "deadline", url=url)
    return left


def _open(
    target: _Target, addresses: list[str], limits: Limits, deadline: float, ca_certs: str | None
) -> tuple[urllib3.HTTPConnectionPool, urllib3.BaseHTTPResponse]:
    """The response to a GET of the target from the first of its checked addresses that connects."""
    headers = {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Language": "ko,en;q=0.5",
        "Accept-Encoding": "identity",
    }
    last_error: Exception | None = None
    for address in addresses:  # every one was checked by _resolve
        left = _remaining(deadline, target.url)
        timeout = urllib3.Timeout(connect=min(limits.connect_timeout, left), read=min(limits.read_timeout, left))
        if target.https:
            pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
                address,
                target.port,
                timeout=timeout,
                retries=False,
                maxsize=1,
                server_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=ca_certs,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False, maxsize=1)
        try:
            response = pool.urlopen(
                "GET",
                target.path,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
                assert_same_host=False,
            )
        except (NewConnectionError, ConnectTimeoutError) as exc:
            # NewConnectionError is a ConnectTimeoutError in urllib3: both mean "try the next address".
            last_error = exc
            pool.close()
            continue
        except Exception as exc:
            pool.close()
            raise _failure(exc, target.url) from None
        return pool, response
    if isinstance(last_error, NewConnectionError) or last_error is None:
        raise FetchFailed(CONNECTION_FAILED, str(last_error or ""), url=target.url)
    raise FetchFailed(TIMEOUT, "connect", url=target.url)


def _failure(exc: Exception, url: str) -> FetchFailed:
    if isinstance(exc, FetchFailed):
        return exc
    if isinstance(exc, (ReadTimeoutError, ConnectTimeoutError, socket.timeout)):
        return FetchFailed(TIMEOUT, str(exc), url=url)
    if isinstance(exc, SSLError):
        return FetchFailed(TLS_ERROR, str(exc), url=url)
    if isinstance(exc, (ProtocolError, HTTPError, OSError)):
        return FetchFailed(CONNECTION_FAILED, str(exc), url=url)
    raise exc  # a bug of ours, not a property of the page


class _Decoder:
    """Content-Encoding undone with a cap on what comes out (a small gzip can inflate to gigabytes)."""

    def __init__(self, encoding: str, url: str):
        encoding = encoding.strip().lower()
        self.url = url
        if encoding in ("", "identity"):
            self.zlib = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self.zlib = zlib.decompressobj(wbits=47)  # gzip or zlib header, whichever it is
        else:
            raise FetchFailed(UNSUPPORTED_ENCODING, encoding, url=url)

    def __call__(self, chunk: bytes, room: int) -> bytes:
        if self.zlib is None:
            return chunk
        try:
            out = self.zlib.decompress(chunk, room + 1)
        except zlib.error as exc:
            raise FetchFailed(UNSUPPORTED_ENCODING, str(exc), url=self.url) from None
        if self.zlib.unconsumed_tail:  # stopped at room + 1 bytes: too much
            return out + b"\x00"
        return out

    def flush(self) -> bytes:
        return self.zlib.flush() if self.zlib is not None else b""


def _read_body(response: urllib3.BaseHTTPResponse, url: str, limits: Limits, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchFailed(TOO_LARGE, f"Content-Length {declared}", url=url)
    decode = _Decoder(response.headers.get("Content-Encoding", ""), url)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            _remaining(deadline, url)
            # read1: whatever has arrived (at least a byte), so a slowly dripping server meets the deadline.
            chunk = response.read1(_CHUNK)
            if not chunk:
                tail = decode.flush()
                size += len(tail)
                if size > limits.max_bytes:
                    raise FetchFailed(TOO_LARGE, f"more than {limits.max_bytes} bytes", url=url)
                chunks.append(tail)
                break
            data = decode(chunk, limits.max_bytes - size)
            size += len(data)
            if size > limits.max_bytes:
                raise FetchFailed(TOO_LARGE, f"more than {limits.max_bytes} bytes", url=url)
            chunks.append(data)
    except FetchFailed:
        raise
    except Exception as exc:
        raise _failure(exc, url) from None
    return b"".join(chunks)


def fetch(
    url: str,
    *,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so sharing the default is safe
    allow: Collection[tuple[str, int]] = (),
    ca_certs: str | None = None,
) -> Page:
    """The page at `url` after redirects, or FetchRefused / FetchFailed with a stable `code`.

    `allow` is the test seam (see normalise_allow); `ca_certs` a CA bundle instead of the system's (tests).
    """
    allowed = normalise_allow(allow)
    deadline = time.monotonic() + limits.deadline
    current = url.strip()
    for hop in range(limits.max_redirects + 1):
        target = _target(current, limits)
        addresses = _resolve(target, allowed)
        pool, response = _open(target, addresses, limits, deadline, ca_certs)
        try:
            status = response.status
            if status in _REDIRECTS:
                location = (response.headers.get("Location") or "").strip()
                if not location:
                    raise FetchFailed(HTTP_ERROR, "redirect without Location", url=current, http_status=status)
                if hop == limits.max_redirects:
                    raise FetchFailed(TOO_MANY_REDIRECTS, f"more than {limits.max_redirects}", url=current)
                current = urljoin(current, location)
                continue
            if not 200 <= status < 300:
                raise FetchFailed(HTTP_ERROR, f"HTTP {status}", url=current, http_status=status)
            body = _read_body(response, current, limits, deadline)
            content_type = response.headers.get("Content-Type", "")
        finally:
            response.close()
            pool.close()
        return _page(current, status, content_type, body, limits)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


# What the page said ------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg")
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
    "dd", "table", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption", "hr", "address", "caption",
)  # fmt: skip
_SPACES = re.compile(r"[^\S\n]+")
_ALL_WHITESPACE = re.compile(r"\s+")
# Control characters other than tab and newline (PostgreSQL text cannot even hold NUL).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Servers default to these in the header while the page itself declares its real charset.
_WEAK_CHARSETS = ("iso8859-1", "latin-1", "ascii", "cp1252")


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _page(url: str, status: int, content_type: str, body: bytes, limits: Limits) -> Page:
    mime = _mime(content_type)
    if not mime and body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        mime = "text/html"
    title = text = ""
    raw_html = b""
    if mime in TEXT_TYPES:
        decoded = decode(body, content_type, html=mime in HTML_TYPES)
        if mime in HTML_TYPES:
            title, text = html_title_and_text(decoded)
            raw_html = body[: limits.max_html_bytes]
        else:
            text = clean_text(decoded)
    return Page(
        final_url=url,
        http_status=status,
        content_type=content_type[:200],
        title=_one_line(title)[: limits.max_title_chars],
        text=text[: limits.max_text_chars],
        sha256=hashlib.sha256(body).hexdigest(),
        raw_html=raw_html,
    )


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in ("x-windows-949", "windows-949", "uhc", "ks_c_5601-1987", "ksc5601", "korean"):
        return "cp949"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # CP949 is EUC-KR's superset: real "EUC-KR" pages contain CP949-only syllables (똠, 햏 …).
    return "cp949" if codec in ("euc_kr", "cp949") else codec


def _header_charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*([^;\s]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def decode(body: bytes, content_type: str = "", *, html: bool = True) -> str:
    """Bytes → text: a byte-order mark, else the header's charset, else the page's <meta>, else UTF-8,
    else what charset-normalizer finds. EUC-KR is read as CP949."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(codec, "replace").lstrip("\ufeff")
    header = _codec(_header_charset(content_type))
    meta = None
    if html:
        from bs4.dammit import EncodingDetector

        meta = _codec(EncodingDetector.find_declared_encoding(body[:4096], is_html=True))
    ordered = [meta, header] if header in _WEAK_CHARSETS else [header, meta]
    for codec in (*ordered, "utf-8"):
        if codec:
            try:
                return body.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(body[: 512 * 1024]).best()
    codec = _codec(best.encoding) if best is not None else None
    return body.decode(codec or next((c for c in ordered if c), "utf-8"), "replace")


def clean_text(text: str) -> str:
    """NFC, no control characters, runs of spaces collapsed, one line per block, no blank lines."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _one_line(text: str) -> str:
    return _ALL_WHITESPACE.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", text))).strip()


def html_title_and_text(html: str) -> tuple[str, str]:
    """The page's <title> (else og:title) and its main text: the longest <article>/<main>, else the body,
    without scripts, styles and page furniture (nav, header, footer, aside, forms)."""
    from bs4 import BeautifulSoup, Comment, NavigableString

    try:
        soup = BeautifulSoup(html, "lxml")
        title = soup.title.get_text() if soup.title else ""
        if not title.strip():
            og = soup.find("meta", attrs={"property": "og:title"})
            title = str(og.get("content") or "") if og else ""
        for tag in soup.find_all(_DROP_TAGS):
            tag.decompose()
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        candidates = soup.find_all(["article", "main"])
        container = max(candidates, key=lambda el: len(el.get_text()), default=None) or soup.body or soup
        # As a browser shows it: whitespace inside text collapses; blocks and <br> start new lines.
        for string in container.find_all(string=True):
            string.replace_with(NavigableString(_ALL_WHITESPACE.sub(" ", str(string))))
        for br in container.find_all("br"):
            br.replace_with("\n")
        for block in container.find_all(_BLOCK_TAGS):
            block.insert_before("\n")
            block.insert_after("\n")
        text = container.get_text()
    except RecursionError:
        raise FetchFailed(UNREADABLE, "HTML nested too deeply") from None
    return title, clean_text(text)
