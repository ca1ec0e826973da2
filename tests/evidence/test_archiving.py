"""Recording a verdict archives its sources: what each page said is kept, even after the page changes."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command

from factcheck import fetch, services
from factcheck.evidence import services as evidence
from factcheck.evidence.models import Snapshot
from factcheck.models import Source
from factcheck.services import SourceInput
from tests.evidence.conftest import KOREAN_TEXT, KOREAN_TITLE, Route, korean_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_site(site, archiving, settings):
    """The local site, reachable by the archiver (that one address and port only), with short timeouts."""
    settings.EVIDENCE_ALLOWED_ADDRESSES = site.allow
    settings.EVIDENCE_FETCH_LIMITS = {**settings.EVIDENCE_FETCH_LIMITS, "read_timeout": 0.3, "deadline": 5}
    return site


@pytest.fixture
def cite(reviewer, claim_1750, django_capture_on_commit_callbacks):
    """cite(url, …) → the sources of a verdict recorded with them, after the on-commit archiving ran."""

    def record(*urls: str, claim=claim_1750) -> list[Source]:
        with django_capture_on_commit_callbacks(execute=True):
            review = services.record_review(
                user=reviewer,
                claim=claim,
                verdict="disputed",
                note="통계청 보도자료와 다르다.",
                sources=[SourceInput(url=url, title=f"출처 {i}") for i, url in enumerate(urls, start=1)],
                expected_version=claim.version,
            )
        return list(review.sources.order_by("id"))

    return record


def snapshot_of(source: Source) -> Snapshot:
    return Snapshot.objects.get(source=source)


def test_a_cited_page_is_archived_with_its_title_text_and_hash(desk_site, cite):
    body = korean_page().encode()
    desk_site.page("/news/1", body)

    (source,) = cite(desk_site.url("/news/1"))

    snapshot = snapshot_of(source)
    assert snapshot.status == "archived" and snapshot.reason == ""
    assert (snapshot.title, snapshot.text) == (KOREAN_TITLE, KOREAN_TEXT)
    assert snapshot.sha256 == hashlib.sha256(body).hexdigest()
    assert bytes(snapshot.raw_html) == body
    assert (snapshot.final_url, snapshot.http_status, snapshot.attempts) == (desk_site.url("/news/1"), 200, 1)
    assert snapshot.fetched_at is not None


def test_every_source_of_the_verdict_gets_its_own_snapshot(desk_site, cite):
    desk_site.page("/a", "<title>가</title><p>가 본문</p>")
    desk_site.page("/b", "<title>나</title><p>나 본문</p>")

    sources = cite(desk_site.url("/a"), desk_site.url("/b"))

    assert [(snapshot_of(s).title, snapshot_of(s).text) for s in sources] == [("가", "가 본문"), ("나", "나 본문")]


def test_a_euc_kr_page_is_stored_in_korean(desk_site, cite):
    desk_site.page("/old", korean_page('<meta charset="euc-kr">').encode("cp949"), "text/html")

    (source,) = cite(desk_site.url("/old"))

    assert (snapshot_of(source).title, snapshot_of(source).text) == (KOREAN_TITLE, KOREAN_TEXT)


def test_the_snapshot_is_pending_in_the_verdicts_transaction(desk_site, reviewer, claim_1750):
    # Without the commit (the test's transaction never commits), the archiving has not run.
    review = services.record_review(
        user=reviewer,
        claim=claim_1750,
        verdict="disputed",
        note="근거",
        sources=[SourceInput(url=desk_site.url("/"), title="출처")],
        expected_version=1,
    )

    snapshot = review.sources.get().snapshot
    assert (snapshot.status, snapshot.fetched_at, snapshot.attempts) == ("pending", None, 0)
    assert desk_site.seen == []


def test_a_redirect_to_the_metadata_service_is_refused_and_nothing_connects_there(desk_site, cite, connections):
    desk_site.redirect("/go", "http://169.254.169.254/latest/meta-data/")

    (source,) = cite(desk_site.url("/go"))

    snapshot = snapshot_of(source)
    assert (snapshot.status, snapshot.reason) == ("refused", "address_not_allowed")
    assert snapshot.final_url == "http://169.254.169.254/latest/meta-data/"
    assert (snapshot.title, snapshot.text, snapshot.sha256) == ("", "", "")
    assert not any(address[0] == "169.254.169.254" for address in connections)


def test_a_redirect_to_another_local_port_is_refused(desk_site, cite, make_server):
    other = make_server()
    other.page("/", "<p>내부</p>")
    desk_site.redirect("/go", other.url("/"))

    (source,) = cite(desk_site.url("/go"))

    assert (snapshot_of(source).status, snapshot_of(source).reason) == ("refused", "address_not_allowed")
    assert other.seen == []


def test_a_name_pointing_at_this_machine_is_refused_when_no_address_is_allowed(site, archiving, cite):
    # The verdict form refuses 127.0.0.1 itself; a name that resolves to it is the archiver's to refuse.
    archiving["local.example"] = "127.0.0.1"
    site.page("/", "<p>로컬</p>")

    (source,) = cite(site.url("/", host="local.example"))

    assert (snapshot_of(source).status, snapshot_of(source).reason) == ("refused", "address_not_allowed")
    assert site.seen == []


@pytest.mark.parametrize(
    "route, reason, http_status",
    [
        (Route(404, b"not found"), "http_error", 404),
        (Route(wait=True), "timeout", None),
        (Route(200, b"x" * 3000, {"Content-Type": "text/html"}), "too_large", None),
    ],
)
def test_a_page_that_cannot_be_had_fails_with_its_reason(desk_site, cite, settings, route, reason, http_status):
    settings.EVIDENCE_FETCH_LIMITS = {**settings.EVIDENCE_FETCH_LIMITS, "max_bytes": 2000}
    desk_site.routes["/page"] = route

    (source,) = cite(desk_site.url("/page"))

    snapshot = snapshot_of(source)
    assert (snapshot.status, snapshot.reason, snapshot.http_status) == ("failed", reason, http_status)
    assert (snapshot.text, snapshot.sha256, snapshot.attempts) == ("", "", 1)


def test_a_loop_of_redirects_fails(desk_site, cite):
    desk_site.redirect("/loop", "/loop")

    (source,) = cite(desk_site.url("/loop"))

    assert (snapshot_of(source).status, snapshot_of(source).reason) == ("failed", "too_many_redirects")
    assert len(desk_site.seen) == 6  # the first request and the five redirects allowed


def test_a_real_internet_name_is_never_looked_up_in_tests(archiving, cite, connections):
    (source,) = cite("https://arxiv.org/abs/2005.14165")

    assert (snapshot_of(source).status, snapshot_of(source).reason) == ("failed", "name_not_resolved")
    assert connections == []


def test_a_page_with_nul_bytes_is_stored(desk_site, cite):
    # PostgreSQL text cannot hold NUL; the raw bytes keep it.
    body = b"<title>\x00\xec\xa0\x9c\xeb\xaa\xa9</title><p>\xeb\xb3\xb8\x00\xeb\xac\xb8</p>"
    desk_site.page("/nul", body)

    (source,) = cite(desk_site.url("/nul"))

    snapshot = snapshot_of(source)
    assert snapshot.status == "archived"
    assert "\x00" not in snapshot.title + snapshot.text
    assert bytes(snapshot.raw_html) == body


def test_what_the_reviewer_saw_outlives_the_page(desk_site, cite, client_as):
    body = korean_page().encode()
    desk_site.page("/news/1", body)
    (source,) = cite(desk_site.url("/news/1"))

    # The page changes, the archiving runs again, then the site disappears.
    desk_site.page("/news/1", "<title>정정된 기사</title><p>실업률 3.5%</p>")
    evidence.archive_source(source_id=source.pk)
    desk_site.stop()

    snapshot = snapshot_of(source)
    assert (snapshot.title, snapshot.text, snapshot.attempts) == (KOREAN_TITLE, KOREAN_TEXT, 1)
    assert snapshot.sha256 == hashlib.sha256(body).hexdigest()
    assert [seen.path for seen in desk_site.seen] == ["/news/1"]  # archived once, never fetched again
    page = client_as("editor").get(f"/sources/{source.pk}/snapshot/")
    assert page.status_code == 200
    assert "김민수 통계청장은" in page.content.decode() and "3.5%" not in page.content.decode()
    api = client_as("editor").get(f"/api/claims/{source.review.claim_id}/").json()
    assert api["reviews"][0]["sources"][0]["snapshot"]["sha256"] == hashlib.sha256(body).hexdigest()


def test_a_failed_snapshot_is_fetched_again_by_the_retry_command(desk_site, cite, capsys):
    desk_site.routes["/later"] = Route(503, b"busy")
    (source,) = cite(desk_site.url("/later"))
    assert snapshot_of(source).status == "failed"
    desk_site.page("/later", "<title>이제 열림</title><p>본문</p>")

    call_command("archive_sources", "--retry-failed")

    snapshot = snapshot_of(source)
    assert (snapshot.status, snapshot.reason, snapshot.http_status, snapshot.title) == (
        "archived",
        "",
        200,
        "이제 열림",
    )
    assert snapshot.attempts == 2
    assert "Queued 1 source(s)" in capsys.readouterr().out


def test_sources_recorded_while_archiving_was_off_get_no_snapshot_until_back_filled(site, cite, settings):
    settings.EVIDENCE_ALLOWED_ADDRESSES = site.allow
    site.page("/", "<title>나중에</title><p>본문</p>")
    (source,) = cite(site.url("/"))  # the suite's default: archiving off
    assert not Snapshot.objects.exists()
    assert site.seen == []

    call_command("archive_sources", "--missing")

    assert (snapshot_of(source).status, snapshot_of(source).title) == ("archived", "나중에")


def test_an_unexpected_error_fails_the_snapshot_instead_of_leaving_it_pending(desk_site, cite, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(fetch, "fetch", broken)

    (source,) = cite(desk_site.url("/"))

    assert (snapshot_of(source).status, snapshot_of(source).reason) == ("failed", "unexpected_error")


def test_every_fetch_code_has_a_reason_to_show():
    codes = set(fetch.REFUSED_CODES) | set(fetch.FAILED_CODES)

    assert codes <= set(Snapshot.Reason.values)
    assert set(Snapshot.Reason.values) - codes == {"unexpected_error"}
