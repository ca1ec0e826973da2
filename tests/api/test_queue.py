"""GET /api/claims/ as the review queue: every documented filter, strict parameters, stable query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from factcheck import services
from factcheck.models import Article, Claim
from tests.workflow import finalise, propose

pytestmark = pytest.mark.django_db


def ids(client, **params) -> list[int]:
    response = client.get("/api/claims/", {"page_size": 100, **params})
    assert response.status_code == 200, response.json()
    return [c["id"] for c in response.json()["results"]]


def pks(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def test_queue_order_is_highest_score_first_across_articles(client_as, make_article):
    first, second = make_article(3, title="기사 A"), make_article(3, title="기사 B")
    Claim.objects.filter(article=second).update(score=0.9)
    client = client_as("reviewer")

    queue = ids(client, status="pending", ordering="-score")

    assert queue[:3] == pks(second.claims.order_by("id"))  # ties broken by id
    assert set(queue) == set(pks(Claim.objects.all()))
    assert ids(client, ordering="score")[0] in pks(first.claims.all())
    assert ids(client, ordering="-created_at") == sorted(queue, reverse=True)
    assert ids(client, ordering="created_at") == sorted(queue)


def test_assignee_filter_me_none_and_a_person(client_as, make_article, editor, reviewer, other_reviewer):
    article = make_article(4)
    a, b, c, _ = article.claims.order_by("start")
    services.assign_claim(user=editor, claim=a, assignee=reviewer)
    services.assign_claim(user=editor, claim=b, assignee=reviewer)
    services.assign_claim(user=editor, claim=c, assignee=other_reviewer)
    client = client_as("reviewer")

    assert ids(client, assignee="me") == [a.pk, b.pk]
    assert ids(client, assignee=str(other_reviewer.pk)) == [c.pk]
    assert ids(client, assignee="none") == pks(article.claims.filter(assignee=None).order_by("start"))
    listed = client.get("/api/claims/", {"assignee": "me"}).json()["results"][0]
    assert listed["assignee"] == {"id": reviewer.pk, "username": "reviewer"}


@pytest.mark.parametrize("value", ["someone", "-1", "0", "9223372036854775808", "1.5"])
def test_a_bad_assignee_is_a_400(client_as, make_article, value):
    make_article(1)
    response = client_as("reviewer").get("/api/claims/", {"assignee": value})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == ["assignee"]


def test_proposal_filters(client_as, make_article, reviewer, other_reviewer):
    article = make_article(4)
    a, b, c, d = article.claims.order_by("start")
    propose(a, reviewer)
    propose(b, other_reviewer)
    finalise(c, reviewer, other_reviewer)
    as_reviewer = client_as("reviewer")

    assert ids(as_reviewer, proposal="any") == [a.pk, b.pk]
    assert ids(as_reviewer, proposal="mine") == [a.pk]
    assert ids(as_reviewer, proposal="to_check") == [b.pk]
    assert ids(as_reviewer, proposal="none", status="pending") == [d.pk]
    item = as_reviewer.get("/api/claims/", {"proposal": "mine"}).json()["results"][0]
    assert item["status"] == "pending"
    assert item["proposal"]["verdict"] == "verified"
    assert item["proposal"]["reviewer"] == "reviewer"


def test_reviewed_by_filter(client_as, make_article, reviewer, other_reviewer):
    article = make_article(3)
    a, b, c = article.claims.order_by("start")
    propose(a, reviewer)
    finalise(b, other_reviewer, reviewer)
    client = client_as("reviewer")

    assert ids(client, reviewed_by="me") == [a.pk, b.pk]
    assert ids(client, reviewed_by=str(other_reviewer.pk)) == [b.pk]
    assert ids(client, reviewed_by="none") == [c.pk]


def test_speaker_filter_matches_part_of_a_name(client_as, make_article):
    article = make_article(3)
    a, b, _ = article.claims.order_by("start")
    Claim.objects.filter(pk=a.pk).update(speaker="배영훈 LG AI연구원장")
    Claim.objects.filter(pk=b.pk).update(speaker="배영훈")
    client = client_as("reviewer")

    assert ids(client, speaker="배영훈") == [a.pk, b.pk]
    assert ids(client, speaker="AI연구원장") == [a.pk]


def test_outlet_filter(client_as, make_article):
    yonhap = make_article(2, title="연합")
    make_article(2, title="다른 매체")
    Article.objects.filter(pk=yonhap.pk).update(outlet="연합뉴스")

    assert ids(client_as("reviewer"), outlet="연합뉴스") == pks(yonhap.claims.order_by("start"))


def test_outlet_filter_ignores_case_and_finds_nothing_for_an_unknown_outlet(client_as, make_article):
    kbs, mbc = make_article(2, title="KBS"), make_article(2, title="MBC")
    Article.objects.filter(pk=kbs.pk).update(outlet="KBS")
    Article.objects.filter(pk=mbc.pk).update(outlet="MBC")
    client = client_as("reviewer")

    assert ids(client, outlet="kbs") == pks(kbs.claims.order_by("start"))
    assert ids(client, outlet="없는 매체") == []


def test_upload_dates_out_of_id_order(client_as, make_article):
    """The newest article (highest id) backdated, as an import of an archive could: the date filters go by
    date, not by the order the articles were stored in."""
    first, second, third = make_article(1, title="첫째"), make_article(1, title="둘째"), make_article(1, title="셋째")
    seoul = timezone.get_current_timezone()
    for article, day in ((first, 5), (second, 9), (third, 1)):
        Article.objects.filter(pk=article.pk).update(created_at=dt.datetime(2026, 11, day, 12, tzinfo=seoul))
    client = client_as("reviewer")

    assert ids(client, uploaded_before="2026-11-05") == pks(Claim.objects.filter(article__in=[first, third]))
    assert ids(client, uploaded_after="2026-11-02", uploaded_before="2026-11-08") == pks(first.claims.all())
    assert ids(client, uploaded_after="2026-11-10") == []


def test_upload_date_range_uses_newsroom_days(client_as, make_article):
    old, mid, new = make_article(1, title="1일"), make_article(1, title="2일"), make_article(1, title="3일")
    seoul = timezone.get_current_timezone()
    for article, day in ((old, 1), (mid, 2), (new, 3)):
        # 23:30 in Seoul is still that day there, though it is 14:30 UTC.
        at = dt.datetime(2026, 11, day, 23, 30, tzinfo=seoul)
        Article.objects.filter(pk=article.pk).update(created_at=at)
    client = client_as("reviewer")

    assert ids(client, uploaded_after="2026-11-02") == pks(
        Claim.objects.filter(article__in=[mid, new]).order_by("article_id")
    )
    assert ids(client, uploaded_before="2026-11-02") == pks(
        Claim.objects.filter(article__in=[old, mid]).order_by("article_id")
    )
    assert ids(client, uploaded_after="2026-11-02", uploaded_before="2026-11-02") == pks(mid.claims.all())
    bad = client.get("/api/claims/", {"uploaded_after": "2026-13-40"})
    assert (bad.status_code, list(bad.json()["errors"])) == (400, ["uploaded_after"])


def test_has_quantity_filter(client_as, make_article):
    article = make_article(2)
    with_number, without = article.claims.order_by("start")
    Claim.objects.filter(pk=with_number.pk).update(
        quantities=[{"text": "100억달러", "start": 0, "end": 6, "value": 1e10, "unit": "달러", "approx": False}]
    )
    client = client_as("reviewer")

    assert ids(client, has_quantity="true") == [with_number.pk]
    assert ids(client, has_quantity="false") == [without.pk]


def test_filters_combine(client_as, make_article, editor, reviewer):
    article = make_article(6)
    claims = list(article.claims.order_by("start"))
    for claim in claims[:3]:
        services.assign_claim(user=editor, claim=claim, assignee=reviewer)
    propose(claims[0], reviewer)
    client = client_as("reviewer")

    result = ids(client, status="pending", assignee="me", proposal="none", ordering="-score", min_score="0.51")

    assert result == [claims[2].pk, claims[1].pk]


@pytest.mark.parametrize("query", ["stauts=pending", "asignee=me", "search=x&q=y", "limit=5"])
def test_unknown_parameters_are_a_400_not_every_row(client_as, make_article, query):
    make_article(2)
    response = client_as("reviewer").get(f"/api/claims/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_parameter"
    assert body["parameters"] == sorted(set(part.split("=")[0] for part in query.split("&")) - {"search"})
    assert "API 문서" in body["detail"]


def test_pagination_and_format_parameters_are_known(client_as, make_article):
    make_article(3)
    client = client_as("reviewer")

    assert client.get("/api/claims/?page=1&page_size=2&format=json").status_code == 200
    assert client.get("/api/articles/?page=1&page_size=2").status_code == 200
    assert client.get("/api/articles/?sort=title").json()["code"] == "unknown_parameter"
    assert client.get("/api/notifications/?read=1").json()["code"] == "unknown_parameter"


def test_queue_query_count_does_not_grow_with_rows_or_filters(
    client_as, make_article, editor, reviewer, other_reviewer, django_assert_num_queries
):
    article = make_article(60)
    for claim in list(article.claims.all())[:10]:
        services.assign_claim(user=editor, claim=claim, assignee=reviewer)
        propose(claim, other_reviewer)
    client = client_as("reviewer")

    # session, user, user permissions + group permissions (can_view_desk), COUNT(*), one page of claims
    # with article, assignee and proposal reviewer joined in; a search first counts its matches (+1)
    for params, queries in (
        ({"page_size": 5}, 6),
        ({"page_size": 50, "ordering": "-score", "status": "pending"}, 6),
        ({"page_size": 50, "assignee": "me", "proposal": "any", "search": "반도체 수출", "has_quantity": "false"}, 7),
    ):
        with django_assert_num_queries(queries):
            response = client.get("/api/claims/", params)
        assert response.status_code == 200
        assert response.json()["count"] > 0, params
