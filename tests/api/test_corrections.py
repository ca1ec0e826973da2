"""The API for correcting the machine's cut: split, merge, re-span (PATCH), and manual claims."""

from __future__ import annotations

import pytest

from factcheck.models import Claim, Correction
from tests.workflow import finalise, fresh

pytestmark = pytest.mark.django_db

OPENAI = "오픈AI는 약 100조개의 파라미터를 가진 GPT-4를 개발하고 있는 것으로 알려졌다."


def test_split_answers_both_claims_with_their_own_numbers(client_as, two_models):
    at = two_models.article.body.index("오픈AI는", two_models.start)
    response = client_as("reviewer").post(
        f"/api/claims/{two_models.pk}/split/", {"at": at, "version": 1}, format="json"
    )
    assert response.status_code == 201, response.data
    first, second = response.data["claims"]
    assert first["id"] == two_models.pk and second["text"] == OPENAI
    assert (first["origin"], second["origin"]) == ("extractor", "manual")
    assert [q["text"] for q in second["quantities"]] == ["약 100조개"]
    assert first["version"] == 2
    assert first["corrections"][0]["action"] == "split"
    assert first["corrections"][0]["actor"] == "reviewer"
    assert Claim.objects.filter(article=two_models.article).count() == two_models.article.claims.count()


def test_a_claim_with_a_verdict_is_a_409_claim_has_verdict(client_as, claim_1750, reviewer, other_reviewer):
    finalise(claim_1750, reviewer, other_reviewer)
    claim = fresh(claim_1750)
    client = client_as("reviewer")
    split = client.post(
        f"/api/claims/{claim.pk}/split/", {"at": claim.start + 4, "version": claim.version}, format="json"
    )
    patch = client.patch(
        f"/api/claims/{claim.pk}/",
        {"start": claim.start + 1, "end": claim.end, "version": claim.version},
        format="json",
    )
    assert (split.status_code, split.data["code"]) == (409, "claim_has_verdict")
    assert (patch.status_code, patch.data["code"]) == (409, "claim_has_verdict")
    assert "재검토" in split.data["detail"]
    assert (fresh(claim).start, fresh(claim).version) == (claim.start, claim.version)


def test_patch_moves_the_span_and_reanalyses_it(client_as, claim_1750):
    body = claim_1750.article.body
    start = body.index("GPT-3", claim_1750.start)
    response = client_as("editor").patch(
        f"/api/claims/{claim_1750.pk}/", {"start": start, "end": claim_1750.end, "version": 1}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data["text"] == body[start : claim_1750.end]
    assert (response.data["start"], response.data["version"]) == (start, 2)
    assert response.data["corrected_at"] is not None


def test_patch_refuses_fields_it_cannot_change(client_as, claim_1750):
    response = client_as("editor").patch(
        f"/api/claims/{claim_1750.pk}/", {"status": "verified", "start": 0, "end": 5, "version": 1}, format="json"
    )
    assert (response.status_code, response.data["code"]) == (400, "invalid")
    assert "status" in response.data["errors"]
    assert fresh(claim_1750).status == "pending"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": 0, "end": 5}, "version"),
        ({"start": -1, "end": 5, "version": 1}, "start"),
        ({"start": 0, "end": 9223372036854775808, "version": 1}, "end"),
        ({"start": "x", "end": 5, "version": 1}, "start"),
    ],
)
def test_patch_with_bad_offsets_is_a_400_naming_the_field(client_as, claim_1750, payload, field):
    response = client_as("editor").patch(f"/api/claims/{claim_1750.pk}/", payload, format="json")
    assert (response.status_code, response.data["code"]) == (400, "invalid")
    assert field in response.data["errors"]


def test_a_span_outside_the_body_is_invalid_span(client_as, claim_1750):
    length = len(claim_1750.article.body)
    response = client_as("editor").patch(
        f"/api/claims/{claim_1750.pk}/", {"start": length - 3, "end": length + 10, "version": 1}, format="json"
    )
    assert (response.status_code, response.data["code"]) == (400, "invalid_span")
    assert response.data["body_length"] == length


def test_merge_joins_neighbours(client_as, two_models):
    client = client_as("reviewer")
    at = two_models.article.body.index("오픈AI는", two_models.start)
    first, second = client.post(f"/api/claims/{two_models.pk}/split/", {"at": at, "version": 1}, format="json").data[
        "claims"
    ]
    response = client.post(
        "/api/claims/merge/", {"claims": [first["id"], second["id"]], "versions": [2, 1]}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data["id"] == first["id"]
    assert response.data["text"].endswith(OPENAI)
    assert [c["action"] for c in response.data["corrections"]] == ["merge", "split"]
    assert not Claim.objects.filter(pk=second["id"]).exists()


def test_merge_input_errors(client_as, claim_1750, two_models):
    client = client_as("reviewer")
    one = client.post("/api/claims/merge/", {"claims": [claim_1750.pk], "versions": [1]}, format="json")
    uneven = client.post(
        "/api/claims/merge/", {"claims": [claim_1750.pk, two_models.pk], "versions": [1]}, format="json"
    )
    missing = client.post("/api/claims/merge/", {"claims": [claim_1750.pk, 999999], "versions": [1, 1]}, format="json")
    assert (one.status_code, uneven.status_code, missing.status_code) == (400, 400, 404)
    assert "claims" in one.data["errors"] and "versions" in uneven.data["errors"]


def test_a_manual_claim_is_201_with_origin_manual(client_as, seed_article):
    body = seed_article.body
    taken = [(c.start, c.end) for c in seed_article.claims.all()]
    line_start = next(
        i + 1 for i, ch in enumerate(body) if ch == "\n" and all(not (a <= i + 1 < b) for a, b in taken)
        and body[i + 1 : i + 2].strip() and "\n" in body[i + 1 :]
    )  # fmt: skip
    line_end = body.index("\n", line_start)
    free = [(a, b) for a, b in taken if a < line_end and line_start < b]
    end = min([line_end, *[a for a, _ in free]])
    response = client_as("editor").post(
        f"/api/articles/{seed_article.pk}/claims/", {"start": line_start, "end": end}, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["origin"] == "manual"
    assert response.data["text"] == body[line_start:end].strip()
    assert response.data["status"] == "pending"
    assert Correction.objects.get().action == "add"


def test_an_overlapping_manual_claim_is_a_409_naming_the_other(client_as, claim_1750):
    response = client_as("editor").post(
        f"/api/articles/{claim_1750.article_id}/claims/",
        {"start": claim_1750.start, "end": claim_1750.end},
        format="json",
    )
    assert (response.status_code, response.data["code"], response.data["claim"]) == (
        409,
        "span_overlaps",
        claim_1750.pk,
    )


def test_corrections_need_a_desk_role(client_as, claim_1750):
    response = client_as("outsider").post(
        f"/api/claims/{claim_1750.pk}/split/", {"at": claim_1750.start + 3, "version": 1}, format="json"
    )
    assert response.status_code in (403, 404)
    anonymous = client_as("anonymous").patch(
        f"/api/claims/{claim_1750.pk}/", {"start": 0, "end": 3, "version": 1}, format="json"
    )
    assert anonymous.status_code in (401, 403)
    assert not Correction.objects.exists()


def test_extracted_claims_say_origin_extractor(client_as, claim_1750):
    data = client_as("reviewer").get(f"/api/claims/{claim_1750.pk}/").data
    assert (data["origin"], data["corrected_at"], data["corrections"]) == ("extractor", None, [])
