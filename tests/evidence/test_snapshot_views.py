"""Where a snapshot shows: beside each source in the claim's history, on its own page, and in the API."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.evidence.models import Snapshot
from factcheck.models import Source
from factcheck.services import SourceInput
from tests.workflow import fresh

pytestmark = pytest.mark.django_db

CAPTURED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 10:30 in Seoul
HASH = "9f" * 32
HOSTILE_TEXT = '통계청은 실업률이 3.2%라고 밝혔다.\n<script>alert("본문")</script>'
HOSTILE_HTML = b"<img src=x onerror=alert(1)><p>\xed\x86\xb5\xea\xb3\x84</p>"


@pytest.fixture
def cited(reviewer, claim_1750):
    """cited(n) → the n sources of a verdict recorded by the reviewer (archiving off: no snapshots yet)."""

    def record(n: int = 1, claim=claim_1750) -> list[Source]:
        claim = fresh(claim)
        review = services.record_review(
            user=reviewer,
            claim=claim,
            verdict="disputed",
            note="통계청 보도자료와 다르다.",
            sources=[SourceInput(url=f"https://news.example/{i}", title=f"출처 {i}") for i in range(n)],
            expected_version=claim.version,
        )
        return list(review.sources.order_by("id"))

    return record


def archived(source: Source, **fields) -> Snapshot:
    values = dict(
        status="archived",
        fetched_at=CAPTURED,
        final_url=source.url + "?page=1",
        http_status=200,
        title="통계청 보도자료",
        text=HOSTILE_TEXT,
        sha256=HASH,
        raw_html=HOSTILE_HTML,
        content_type="text/html; charset=utf-8",
        attempts=1,
    )
    return Snapshot.objects.create(source=source, **{**values, **fields})


def claim_page(client, claim) -> str:
    response = client.get(reverse("web:claim-detail", args=[claim.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def snapshot_page(client, source, **headers):
    return client.get(reverse("web:source-snapshot", args=[source.pk]), HTTP_ACCEPT_LANGUAGE="en", **headers)


# The card in the claim's history ----------------------------------------------------------------


def test_an_archived_source_links_to_its_copy_with_the_capture_time(client_as, cited, claim_1750):
    (source,) = cited()
    archived(source)

    html = claim_page(client_as("reviewer"), claim_1750)

    link = reverse("web:source-snapshot", args=[source.pk])
    assert re.search(
        rf'<a href="{link}">Archived copy</a> <span class="muted">· <time datetime="[^"]+">2026-03-02 10:30</time>',
        html,
    )


@pytest.mark.parametrize(
    "fields, shown",
    [
        ({"status": "pending"}, "Archiving…"),
        ({"status": "refused", "reason": "address_not_allowed"}, "Not archived: internal or private network address"),
        ({"status": "failed", "reason": "timeout"}, "Archiving failed: the site did not answer in time"),
        (
            {"status": "failed", "reason": "http_error", "http_status": 404},
            "Archiving failed: the site answered with an error (HTTP 404)",
        ),
    ],
)
def test_a_source_not_archived_says_why(client_as, cited, claim_1750, fields, shown):
    (source,) = cited()
    Snapshot.objects.create(source=source, **fields)

    html = claim_page(client_as("reviewer"), claim_1750)

    assert shown in html
    assert reverse("web:source-snapshot", args=[source.pk]) not in html


def test_a_source_without_a_snapshot_shows_no_archive_state(client_as, cited, claim_1750):
    cited()

    html = claim_page(client_as("reviewer"), claim_1750)

    assert "출처 0" in html
    assert 'class="snapshot' not in html


def test_the_claim_page_reads_snapshots_without_a_query_per_source(client_as, cited, claim_1750, other_reviewer):
    client = client_as("reviewer")
    (first,) = cited()

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            claim_page(client, claim_1750)
        return len(ctx.captured_queries)

    without_snapshots = queries()
    archived(first)
    services.cross_check(
        user=other_reviewer, claim=fresh(claim_1750), decision="reject", note="부족", expected_version=2
    )
    for source in cited(3):
        archived(source)

    assert queries() == without_snapshots


# The copy's own page ----------------------------------------------------------------------------


def test_the_copy_shows_title_final_url_time_hash_and_the_text_escaped(client_as, cited):
    (source,) = cited()
    archived(source)

    response = snapshot_page(client_as("editor"), source)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Archived copy: 출처 0" in html
    assert "통계청 보도자료" in html
    assert "https://news.example/0?page=1" in html
    assert '<time datetime="2026-03-02T10:30:00+09:00">2026-03-02 10:30:00</time>' in html
    assert HASH in html
    assert "통계청은 실업률이 3.2%라고 밝혔다.\n&lt;script&gt;alert(&quot;본문&quot;)&lt;/script&gt;" in html
    assert '<script>alert("본문")' not in html
    # The raw HTML is evidence, never markup on our page.
    assert "onerror" not in html and "<img src=x" not in html


def test_the_copy_page_runs_under_the_strict_csp(client_as, cited):
    (source,) = cited()
    archived(source)

    response = snapshot_page(client_as("reviewer"), source)

    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert " style=" not in html and "<style" not in html
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", html))


def test_a_pending_copy_says_it_is_not_archived_yet(client_as, cited):
    (source,) = cited()
    Snapshot.objects.create(source=source)

    html = snapshot_page(client_as("reviewer"), source).content.decode()

    assert "The page has not been archived yet." in html
    assert "What the page said" not in html


def test_a_failed_copy_shows_its_reason_and_status(client_as, cited):
    (source,) = cited()
    Snapshot.objects.create(
        source=source, status="failed", reason="http_error", http_status=404, fetched_at=CAPTURED, final_url=source.url
    )

    html = snapshot_page(client_as("reviewer"), source).content.decode()

    assert "Archiving failed" in html and "the site answered with an error" in html
    assert "<dd>404</dd>" in html


def test_a_source_without_a_snapshot_has_no_copy_page(client_as, cited):
    (source,) = cited()

    assert snapshot_page(client_as("reviewer"), source).status_code == 404


def test_an_account_without_a_desk_role_sees_no_copy(client_as, cited):
    (source,) = cited()
    archived(source)

    response = snapshot_page(client_as("outsider"), source)

    assert response.status_code == 403
    assert "통계청 보도자료" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_login(client, cited):
    (source,) = cited()
    archived(source)
    url = reverse("web:source-snapshot", args=[source.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


# The API ----------------------------------------------------------------------------------------


def test_the_api_gives_each_source_its_snapshot_or_null(client_as, cited, claim_1750):
    first, second = cited(2)
    archived(first)

    response = client_as("reviewer").get(f"/api/claims/{claim_1750.pk}/")

    sources = response.json()["reviews"][0]["sources"]
    assert sources[0]["snapshot"] == {
        "status": "archived",
        "reason": "",
        "fetched_at": "2026-03-02T10:30:00+09:00",
        "final_url": "https://news.example/0?page=1",
        "http_status": 200,
        "title": "통계청 보도자료",
        "sha256": HASH,
    }
    assert sources[1]["snapshot"] is None
    assert "text" not in sources[0]["snapshot"] and "raw_html" not in sources[0]["snapshot"]


def test_the_api_says_why_a_source_was_refused(client_as, cited, claim_1750):
    (source,) = cited()
    Snapshot.objects.create(source=source, status="refused", reason="address_not_allowed", fetched_at=CAPTURED)

    snapshot = client_as("reviewer").get(f"/api/claims/{claim_1750.pk}/").json()["reviews"][0]["sources"][0]["snapshot"]

    assert (snapshot["status"], snapshot["reason"], snapshot["sha256"]) == ("refused", "address_not_allowed", "")


def test_the_review_history_endpoint_includes_snapshots(client_as, cited, claim_1750):
    (source,) = cited()
    archived(source)

    history = client_as("reviewer").get(f"/api/claims/{claim_1750.pk}/reviews/").json()

    assert history[0]["sources"][0]["snapshot"]["sha256"] == HASH


def test_the_claim_detail_query_count_stays_pinned_with_snapshots(
    client_as, cited, claim_1750, other_reviewer, django_assert_num_queries
):
    client = client_as("reviewer")
    for version in range(1, 6, 2):
        for source in cited(2):
            archived(source, fetched_at=CAPTURED + timedelta(minutes=version))
        services.cross_check(
            user=other_reviewer, claim=fresh(claim_1750), decision="reject", note="부족", expected_version=version + 1
        )

    # As tests/api/test_claims.py pins it: the snapshots come joined to the sources' query.
    with django_assert_num_queries(8):
        response = client.get(f"/api/claims/{claim_1750.pk}/")
    sources = [s for review in response.json()["reviews"] for s in review["sources"]]
    assert len(sources) == 6 and all(s["snapshot"]["status"] == "archived" for s in sources)


def test_staff_read_snapshots_in_the_admin_without_the_raw_html(client_as, cited):
    (source,) = cited()
    snapshot = archived(source)
    client = client_as("staff")

    listing = client.get("/admin/evidence/snapshot/")
    detail = client.get(f"/admin/evidence/snapshot/{snapshot.pk}/change/")

    assert listing.status_code == 200 and "출처 0" in listing.content.decode()
    assert detail.status_code == 200
    html = detail.content.decode()
    assert HASH in html and "&lt;script&gt;alert" in html
    assert "onerror" not in html
    assert client.post(f"/admin/evidence/snapshot/{snapshot.pk}/delete/").status_code == 403
