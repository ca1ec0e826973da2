"""A web site on 127.0.0.1 for the archiver to fetch: pages, redirects, a slow answer, a huge one.

Nothing here leaves the machine: servers listen on 127.0.0.1 (port 0), and `fake_dns` makes test host
names resolve to them while every other name fails.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

# A Korean news page: furniture around an <article>, a title, and a sentence a reviewer would cite.
KOREAN_PAGE = """<!doctype html>
<html lang="ko"><head>{meta}<title>통계청 \"지난해 실업률 3.2%\" | 뉴스투데이</title>
<style>body {{ color: red }}</style><script>var tracking = "스크립트";</script></head>
<body>
<header><a href="/">뉴스투데이 로고</a></header>
<nav><a href="/politics">정치</a> <a href="/economy">경제</a></nav>
<article>
  <h1>통계청 "지난해 실업률 3.2%"</h1>
  <p>통계청은 지난해 실업률이 <b>3.2%</b>로
     집계됐다고 15일 밝혔다.</p>
  <p>김민수 통계청장은 "취업자 수가 32만명 늘었다"고 말했다. 똠방각하</p>
</article>
<aside>많이 본 뉴스</aside>
<form><input name="q"></form>
<footer>ⓒ 뉴스투데이</footer>
</body></html>
"""
KOREAN_TEXT = (
    '통계청 "지난해 실업률 3.2%"\n'
    "통계청은 지난해 실업률이 3.2%로 집계됐다고 15일 밝혔다.\n"
    '김민수 통계청장은 "취업자 수가 32만명 늘었다"고 말했다. 똠방각하'
)
KOREAN_TITLE = '통계청 "지난해 실업률 3.2%" | 뉴스투데이'


def korean_page(meta: str = '<meta charset="utf-8">') -> str:
    return KOREAN_PAGE.format(meta=meta)


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    wait: bool = False  # hold the answer until the test ends (a site that never answers)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class PageServer:
    """routes[path] = Route(...); `seen` lists every request that reached it."""

    def __init__(self, *, tls: ssl.SSLContext | None = None):
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.release = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path, Route(404, b"not found", {"Content-Type": "text/plain"}))
                if route.wait:
                    server.release.wait(10)
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):  # the client stopped reading (byte cap)
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def allow(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", self.port)]

    def url(self, path: str = "/", host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **headers: str):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(
            200, data, {"Content-Type": content_type, "Content-Length": str(len(data)), **headers}
        )

    def redirect(self, path: str, location: str, status: int = 302, **headers: str):
        self.routes[path] = Route(status, b"", {"Location": location, "Content-Length": "0", **headers})

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def make_server() -> Iterator[Callable[..., PageServer]]:
    servers: list[PageServer] = []

    def make(**kwargs) -> PageServer:
        servers.append(PageServer(**kwargs))
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def site(make_server) -> PageServer:
    return make_server()


@pytest.fixture
def fake_dns(monkeypatch) -> dict[str, list[str]]:
    """names["news.example"] = ["127.0.0.1"]; every lookup of a name is logged in names["lookups"]."""
    real = socket.getaddrinfo
    names: dict[str, list[str]] = {"lookups": []}

    def getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(str(host).split("%")[0])
        except ValueError:
            names["lookups"].append(host)
            answers = names.get(host)
            if not answers:
                raise socket.gaierror(socket.EAI_NONAME, f"no such test name {host}") from None
            # Answers are given in turn; the last one repeats (a rebinding name answers differently later).
            host = answers.pop(0) if len(answers) > 1 else answers[0]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def connections(monkeypatch) -> list[tuple]:
    """Every address a socket of this process tried to connect to during the test."""
    attempts: list[tuple] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts
