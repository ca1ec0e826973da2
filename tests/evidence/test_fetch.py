"""factcheck.fetch against a local site: what it extracts, and every way it refuses or gives up.

The site listens on 127.0.0.1, which the guard refuses: tests that expect a page allow exactly that
server's (address, port), as settings.EVIDENCE_ALLOWED_ADDRESSES does for the Django tests.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import ssl
import subprocess

import pytest

from factcheck import fetch
from tests.evidence.conftest import KOREAN_TEXT, KOREAN_TITLE, Route, korean_page

FAST = fetch.Limits(connect_timeout=2, read_timeout=0.3, deadline=5)


def get(site, path="/", **kwargs):
    kwargs.setdefault("limits", FAST)
    return fetch.fetch(site.url(path), allow=site.allow, **kwargs)


def refused(call) -> fetch.FetchRefused:
    with pytest.raises(fetch.FetchRefused) as exc:
        call()
    return exc.value


def failed(call) -> fetch.FetchFailed:
    with pytest.raises(fetch.FetchFailed) as exc:
        call()
    return exc.value


# What the page said ------------------------------------------------------------------------------


def test_a_korean_page_gives_its_title_main_text_and_hash(site):
    body = korean_page().encode("utf-8")
    site.page("/news/1", body)

    page = get(site, "/news/1")

    assert page.title == KOREAN_TITLE
    assert page.text == KOREAN_TEXT  # no script, style, nav, header, footer, aside or form
    assert page.sha256 == hashlib.sha256(body).hexdigest()
    assert page.raw_html == body
    assert (page.final_url, page.http_status, page.content_type) == (
        site.url("/news/1"),
        200,
        "text/html; charset=utf-8",
    )


@pytest.mark.parametrize(
    "meta, content_type",
    [
        ('<meta charset="euc-kr">', "text/html"),  # declared in the page
        ('<meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">', "text/html"),
        ("", "text/html; charset=EUC-KR"),  # declared in the header
        ('<meta charset="euc-kr">', "text/html; charset=ISO-8859-1"),  # a server's default header, the page's meta
        ("", "text/html"),  # declared nowhere: charset-normalizer finds it
    ],
)
def test_an_euc_kr_page_comes_out_in_korean(site, meta, content_type):
    # 똠 exists only in CP949, the EUC-KR that Korean sites actually serve.
    body = korean_page(meta).encode("cp949")
    site.page("/old", body, content_type)

    page = get(site, "/old")

    assert page.title == KOREAN_TITLE
    assert page.text == KOREAN_TEXT
    assert page.sha256 == hashlib.sha256(body).hexdigest()


def test_the_main_text_is_the_article_not_the_list_of_related_ones(site):
    site.page(
        "/",
        "<html><body><main><article><p>본문 첫 문단입니다. 충분히 긴 기사 본문.</p><p>둘째 문단.</p></article>"
        "<article><p>관련 기사</p></article></main><p>바깥</p></body></html>",
    )

    assert get(site).text == "본문 첫 문단입니다. 충분히 긴 기사 본문.\n둘째 문단.\n관련 기사"


def test_without_article_or_main_the_body_is_the_text_and_og_title_stands_in(site):
    site.page(
        "/",
        '<html><head><meta property="og:title" content="오픈 그래프 제목"></head>'
        "<body><div>첫 줄<br>둘째 줄</div><p>셋째 줄</p><!-- 주석 --></body></html>",
    )

    page = get(site)

    assert page.title == "오픈 그래프 제목"
    assert page.text == "첫 줄\n둘째 줄\n셋째 줄"


def test_plain_text_is_kept_as_text_without_raw_html(site):
    site.page("/a.txt", "첫 줄\r\n\r\n  둘째 \x00  줄  \x07\n", "text/plain; charset=utf-8")

    page = get(site, "/a.txt")

    # Control characters dropped (PostgreSQL text cannot even hold NUL), spaces collapsed, no blank lines.
    assert (page.title, page.text, page.raw_html) == ("", "첫 줄\n둘째 줄", b"")


def test_other_content_types_are_hashed_but_not_read(site):
    pdf = b"%PDF-1.7 \x00\x01 binary"
    site.page("/paper.pdf", pdf, "application/pdf")

    page = get(site, "/paper.pdf")

    assert (page.title, page.text, page.raw_html) == ("", "", b"")
    assert page.sha256 == hashlib.sha256(pdf).hexdigest()
    assert page.content_type == "application/pdf"


def test_text_and_raw_html_are_capped(site):
    body = ("<html><body><p>" + "가나다라 " * 5000 + "</p></body></html>").encode()
    site.page("/long", body)

    page = get(site, "/long", limits=fetch.Limits(max_text_chars=100, max_html_bytes=1000))

    assert len(page.text) == 100
    assert page.raw_html == body[:1000]
    assert page.sha256 == hashlib.sha256(body).hexdigest()  # of the whole body, not the kept part


def test_a_gzipped_answer_is_read(site):
    body = korean_page().encode()
    site.page("/gz", gzip.compress(body), **{"Content-Encoding": "gzip"})

    page = get(site, "/gz")

    assert page.text == KOREAN_TEXT
    assert page.sha256 == hashlib.sha256(body).hexdigest()


def test_the_request_names_the_desk_and_carries_no_cookies(site):
    site.redirect("/a", "/b", **{"Set-Cookie": "session=abc; Path=/"})
    site.page("/b", "<p>끝</p>", **{"Set-Cookie": "other=1"})

    get(site, "/a")

    assert [seen.path for seen in site.seen] == ["/a", "/b"]
    for seen in site.seen:
        assert seen.headers["user-agent"] == "factcheck-desk/1.0 (+evidence archiver)"
        assert "cookie" not in seen.headers
        assert seen.headers["host"] == f"127.0.0.1:{site.port}"


def test_a_korean_path_is_sent_percent_encoded(site):
    site.page("/wiki/%EB%8C%80%ED%95%9C%EB%AF%BC%EA%B5%AD", "<p>대한민국</p>")

    page = get(site, "/wiki/대한민국")

    assert page.text == "대한민국"
    assert site.seen[0].path == "/wiki/%EB%8C%80%ED%95%9C%EB%AF%BC%EA%B5%AD"


def test_a_korean_domain_is_looked_up_and_sent_as_punycode(site, fake_dns):
    fake_dns["xn--3e0bm80ac2h5no.kr"] = ["127.0.0.1"]  # 한국일보.kr
    site.page("/", "<p>기사</p>")

    page = fetch.fetch(site.url("/", host="한국일보.kr"), allow=site.allow, limits=FAST)

    assert page.text == "기사"
    assert fake_dns["lookups"] == ["xn--3e0bm80ac2h5no.kr"]
    assert site.seen[0].headers["host"] == f"xn--3e0bm80ac2h5no.kr:{site.port}"


# Redirects ---------------------------------------------------------------------------------------


def test_a_redirect_chain_is_followed_to_the_final_url(site):
    site.redirect("/old", "/moved", 301)
    site.redirect("/moved", f"{site.url('/final')}?from=moved", 307)
    site.page("/final?from=moved", korean_page())

    page = get(site, "/old")

    assert page.final_url == site.url("/final") + "?from=moved"
    assert page.text == KOREAN_TEXT


def test_a_redirect_loop_stops_at_the_cap(site):
    site.redirect("/loop", "/loop")

    error = failed(lambda: get(site, "/loop", limits=fetch.Limits(max_redirects=3)))

    assert error.code == "too_many_redirects"
    assert len(site.seen) == 4  # the first request and three redirects followed


def test_five_redirects_are_followed(site):
    for i in range(5):
        site.redirect(f"/{i}", f"/{i + 1}")
    site.page("/5", "<p>도착</p>")

    assert get(site, "/0").text == "도착"


def test_a_redirect_to_another_port_of_this_machine_is_refused(site, make_server):
    other = make_server()
    other.page("/admin", "<p>내부 관리 화면</p>")
    site.redirect("/go", other.url("/admin"))

    error = refused(lambda: get(site, "/go"))

    assert error.code == "address_not_allowed"
    assert other.seen == []


def test_a_redirect_to_the_metadata_service_is_refused_before_connecting(site, connections):
    site.redirect("/go", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")

    error = refused(lambda: get(site, "/go"))

    assert error.code == "address_not_allowed"
    assert error.url == "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    assert ("127.0.0.1", site.port) in connections
    assert not any(address[0] == "169.254.169.254" for address in connections)


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:6379/_FLUSHALL", "javascript:alert(1)"]
)
def test_a_redirect_to_another_scheme_is_refused(site, location):
    site.redirect("/go", location)

    assert refused(lambda: get(site, "/go")).code == "scheme_not_allowed"


def test_the_guard_at_its_default_refuses_this_machine(site, connections):
    site.page("/", "<p>로컬</p>")

    error = refused(lambda: fetch.fetch(site.url("/"), limits=FAST))

    assert error.code == "address_not_allowed"
    assert site.seen == [] and connections == []


# Refusals and failures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, code",
    [
        ("file:///etc/passwd", "scheme_not_allowed"),
        ("ftp://example.com/a", "scheme_not_allowed"),
        ("gopher://example.com/", "scheme_not_allowed"),
        ("data:text/html,<p>x</p>", "scheme_not_allowed"),
        ("javascript:alert(1)", "scheme_not_allowed"),
        ("//example.com/no-scheme", "scheme_not_allowed"),
        ("http://user:secret@example.com/", "invalid_url"),
        ("http:///no-host", "invalid_url"),
        ("http://example.com:99999/", "invalid_url"),
        ("http://example.com/\r\nHost: evil", "invalid_url"),
        ("https://example.com/" + "a" * 2100, "invalid_url"),
    ],
)
def test_urls_we_do_not_fetch_are_refused_without_a_lookup(url, code, fake_dns, connections):
    assert refused(lambda: fetch.fetch(url)).code == code
    assert fake_dns["lookups"] == [] and connections == []


def test_a_404_fails_with_its_status(site):
    error = failed(lambda: get(site, "/gone"))

    assert (error.code, error.http_status, error.url) == ("http_error", 404, site.url("/gone"))


def test_a_server_error_fails_with_its_status(site):
    site.routes["/broken"] = Route(503, b"busy")

    assert failed(lambda: get(site, "/broken")).http_status == 503


def test_a_site_that_does_not_answer_times_out(site):
    site.routes["/slow"] = Route(wait=True)

    assert failed(lambda: get(site, "/slow")).code == "timeout"


def test_a_body_over_the_cap_is_too_large(site):
    site.page("/big", b"<p>" + b"x" * 5000 + b"</p>")
    # No Content-Length: the cap applies while reading.
    site.routes["/big-unannounced"] = Route(200, b"<p>" + b"x" * 5000, {"Content-Type": "text/html"})

    limits = fetch.Limits(max_bytes=1000)
    assert failed(lambda: get(site, "/big", limits=limits)).code == "too_large"
    assert failed(lambda: get(site, "/big-unannounced", limits=limits)).code == "too_large"


def test_a_compressed_bomb_is_too_large(site):
    bomb = gzip.compress(b"\x00" * 20_000_000)
    assert len(bomb) < 30_000
    site.page("/bomb", bomb, **{"Content-Encoding": "gzip"})

    assert failed(lambda: get(site, "/bomb", limits=fetch.Limits(max_bytes=1_000_000))).code == "too_large"


def test_an_unknown_content_encoding_fails(site):
    site.page("/br", b"\x1b\x00", **{"Content-Encoding": "br"})

    assert failed(lambda: get(site, "/br")).code == "unsupported_encoding"


def test_a_name_that_does_not_resolve_fails(fake_dns, connections):
    assert failed(lambda: fetch.fetch("https://no-such-site.example/")).code == "name_not_resolved"
    assert connections == []


def test_a_closed_port_fails_to_connect(make_server):
    server = make_server()
    url, allow = server.url("/"), server.allow
    server.stop()

    assert failed(lambda: fetch.fetch(url, allow=allow, limits=FAST)).code == "connection_failed"


# DNS once, and TLS for the name ------------------------------------------------------------------


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(site, fake_dns, connections):
    # A rebinding name: a second lookup would answer the metadata address.
    fake_dns["news.example"] = ["127.0.0.1", "169.254.169.254"]
    site.page("/", korean_page())

    page = fetch.fetch(site.url("/", host="news.example"), allow=site.allow, limits=FAST)

    assert page.title == KOREAN_TITLE
    assert fake_dns["lookups"] == ["news.example"]
    assert connections == [("127.0.0.1", site.port)]
    assert site.seen[0].headers["host"] == f"news.example:{site.port}"


def test_every_redirect_hop_is_resolved_and_checked_again(site, fake_dns):
    fake_dns["news.example"] = ["127.0.0.1"]
    fake_dns["intranet.example"] = ["10.1.2.3"]
    site.redirect("/", f"http://intranet.example:{site.port}/")

    error = refused(lambda: fetch.fetch(site.url("/", host="news.example"), allow=site.allow, limits=FAST))

    assert error.code == "address_not_allowed"
    assert fake_dns["lookups"] == ["news.example", "intranet.example"]


@pytest.fixture
def tls_site(make_server, tmp_path):
    """An https site on 127.0.0.1 whose certificate is for news.example; records the SNI name it was asked."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server = make_server(tls=context)
    server.page("/", korean_page())
    server.ca_certs, server.sni = str(cert), names
    return server


def test_https_connects_to_the_checked_address_with_sni_and_certificate_for_the_name(tls_site, fake_dns, connections):
    fake_dns["news.example"] = ["127.0.0.1"]

    page = fetch.fetch(
        tls_site.url("/", host="news.example", scheme="https"),
        allow=tls_site.allow,
        limits=FAST,
        ca_certs=tls_site.ca_certs,
    )

    assert page.title == KOREAN_TITLE
    assert tls_site.sni == ["news.example"]
    assert connections == [("127.0.0.1", tls_site.port)]


def test_https_with_an_untrusted_certificate_fails(tls_site, fake_dns):
    fake_dns["news.example"] = ["127.0.0.1"]

    error = failed(
        lambda: fetch.fetch(tls_site.url("/", host="news.example", scheme="https"), allow=tls_site.allow, limits=FAST)
    )

    assert error.code == "tls_error"
    assert tls_site.seen == []


def test_https_with_a_certificate_for_another_name_fails(tls_site, fake_dns):
    fake_dns["other.example"] = ["127.0.0.1"]

    error = failed(
        lambda: fetch.fetch(
            tls_site.url("/", host="other.example", scheme="https"),
            allow=tls_site.allow,
            limits=FAST,
            ca_certs=tls_site.ca_certs,
        )
    )

    assert error.code == "tls_error"
    assert tls_site.seen == []
