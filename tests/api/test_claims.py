"""/api/claims/: the review queue's list with its filters, and one claim with its verdict history."""

from __future__ import annotations

from factcheck.models import Claim


def ids(client, query: str = "") -> list[int]:
    response = client.get("/api/claims/" + query)
    assert response.status_code == 200, response.json()
    return [c["id"] for c in response.json()["results"]]


def test_claim_list_item_names_its_article(client_as, claim_1750, seed_article):
    response = client_as("reviewer").get(f"/api/claims/?article={seed_article.pk}&page_size=100")

    assert response.status_code == 200
    item = next(c for c in response.json()["results"] if c["id"] == claim_1750.pk)
    assert item == {
        "id": claim_1750.pk,
        "text": claim_1750.text,
        "start": claim_1750.start,
        "end": claim_1750.end,
        "sentence_index": claim_1750.sentence_index,
        "score": claim_1750.score,
        "types": claim_1750.types,
        "speaker": claim_1750.speaker,
        "quantities": claim_1750.quantities,
        "dates": claim_1750.dates,
        "status": "pending",
        "is_stale": False,
        "version": 1,
        "assignee": None,
        "proposal": None,
        "origin": "extractor",
        "corrected_at": None,
        "article": {"id": seed_article.pk, "title": seed_article.title},
    }
    assert "1750억개의 파라미터" in item["text"]


def test_claims_are_listed_in_reading_order_by_default(client_as, seed_article):
    expected = list(seed_article.claims.order_by("start").values_list("id", flat=True))

    assert ids(client_as("editor"), "?page_size=100") == expected


def test_filter_by_status(client_as, seed_article, claim_1750):
    Claim.objects.filter(pk=claim_1750.pk).update(status="disputed")
    client = client_as("reviewer")

    assert ids(client, "?status=disputed") == [claim_1750.pk]
    assert claim_1750.pk not in ids(client, "?status=pending&page_size=100")
    assert ids(client, "?status=verified") == []


def test_filter_by_article(client_as, seed_article, make_article):
    other = make_article(3)
    client = client_as("reviewer")

    assert ids(client, f"?article={other.pk}") == list(other.claims.values_list("id", flat=True))
    assert set(ids(client, f"?article={seed_article.pk}&page_size=100")) == set(
        seed_article.claims.values_list("id", flat=True)
    )


def test_filter_by_type_matches_whole_type_names(client_as, make_article):
    statistics = make_article(2, title="통계", types=("statistic", "comparison"))
    quotes = make_article(2, title="인용", types=("quote",))
    reported = make_article(1, title="보도", types=("reported",))
    client = client_as("reviewer")

    def of(article):
        return sorted(article.claims.values_list("id", flat=True))

    assert sorted(ids(client, "?type=statistic")) == of(statistics)
    assert sorted(ids(client, "?type=comparison")) == of(statistics)
    assert sorted(ids(client, "?type=quote")) == of(quotes)
    assert sorted(ids(client, "?type=reported")) == of(reported)
    assert ids(client, "?type=prediction") == []


def test_filter_by_type_on_the_seed_article(client_as, seed_article):
    expected = sorted(c.pk for c in seed_article.claims.all() if "statistic" in c.types)
    assert expected  # the seed article is full of figures

    assert sorted(ids(client_as("reviewer"), "?type=statistic&page_size=100")) == expected


def test_unknown_type_is_a_400(client_as, seed_article):
    response = client_as("reviewer").get("/api/claims/?type=rumour")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == ["type"]


def test_filter_by_min_score(client_as, make_article):
    article = make_article(10)  # scores 0.50, 0.51, … 0.59
    client = client_as("reviewer")

    expected = list(article.claims.filter(score__gte=0.55).values_list("id", flat=True))
    assert len(expected) == 5
    assert ids(client, "?min_score=0.55") == expected
    assert ids(client, "?min_score=0.9") == []
    assert client.get("/api/claims/?min_score=high").status_code == 400


def test_filter_by_stale_and_speaker(client_as, make_article):
    article = make_article(3)
    first, second, third = article.claims.order_by("start")
    Claim.objects.filter(pk=first.pk).update(is_stale=True)
    Claim.objects.filter(pk=second.pk).update(speaker="배영훈")
    client = client_as("reviewer")

    assert ids(client, "?is_stale=true") == [first.pk]
    assert ids(client, "?is_stale=false") == [second.pk, third.pk]
    assert ids(client, "?speaker=배영훈") == [second.pk]


def test_ordering_by_score_and_start(client_as, make_article):
    article = make_article(4)  # scores rise with position
    in_order = list(article.claims.order_by("start").values_list("id", flat=True))
    client = client_as("reviewer")

    assert ids(client, "?ordering=-score") == in_order[::-1]
    assert ids(client, "?ordering=score") == in_order
    assert ids(client, "?ordering=-start") == in_order[::-1]


def test_equal_scores_page_without_repeats_or_gaps(client_as, make_article):
    article = make_article(12)
    article.claims.update(score=0.7)
    client = client_as("reviewer")

    pages = [ids(client, f"?ordering=-score&page_size=5&page={n}") for n in (1, 2, 3)]

    assert sorted(sum(pages, [])) == sorted(article.claims.values_list("id", flat=True))


def test_page_size_is_capped_at_100(client_as, make_article):
    make_article(120)

    response = client_as("reviewer").get("/api/claims/?page_size=1000")

    assert response.json()["count"] == 120
    assert len(response.json()["results"]) == 100


def test_claim_list_query_count_does_not_grow_with_page_size(
    client_as, seed_article, make_article, django_assert_num_queries
):
    make_article(60)
    client = client_as("reviewer")
    assert Claim.objects.count() > 60

    # session, user, user permissions + group permissions (can_view_desk), COUNT(*),
    # one page of claims with their article joined in
    for page_size in (5, 50):
        with django_assert_num_queries(6):
            response = client.get(f"/api/claims/?page_size={page_size}")
        assert len(response.json()["results"]) == page_size


def test_claim_detail_query_count_does_not_grow_with_reviews(
    client_as, claim_1750, reviewer, other_reviewer, django_assert_num_queries
):
    from factcheck import services
    from factcheck.services import SourceInput

    client = client_as("reviewer")

    def record(version: int) -> None:
        # Odd versions propose (with two sources), even ones reject the proposal: a long history.
        if version % 2:
            services.record_review(
                user=reviewer,
                claim=claim_1750,
                verdict="disputed",
                note=f"{version}차 검토",
                sources=[SourceInput(url="https://arxiv.org/abs/2005.14165", title="GPT-3")] * 2,
                expected_version=version,
            )
        else:
            services.cross_check(
                user=other_reviewer, claim=claim_1750, decision="reject", note="근거 부족", expected_version=version
            )

    record(1)
    # session, user, user permissions + group permissions, the claim with its article, assignee and
    # proposal (with its reviewer), its reviews with reviewers, their sources, its corrections with actors
    with django_assert_num_queries(8):
        client.get(f"/api/claims/{claim_1750.pk}/")
    for version in range(2, 6):
        record(version)
    with django_assert_num_queries(8):
        response = client.get(f"/api/claims/{claim_1750.pk}/")
    assert len(response.json()["reviews"]) == 5
    assert response.json()["proposal"]["verdict"] == "disputed"


def test_claim_detail(client_as, claim_1750, seed_article):
    response = client_as("editor").get(f"/api/claims/{claim_1750.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["id"] == claim_1750.pk
    assert data["article"] == {"id": seed_article.pk, "title": seed_article.title}
    assert data["evidence"] == claim_1750.evidence
    assert data["reviews"] == []
    assert seed_article.body[data["start"] : data["end"]] == data["text"]


def test_missing_claim_is_a_404(client_as, seed_article):
    response = client_as("reviewer").get("/api/claims/999999/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
