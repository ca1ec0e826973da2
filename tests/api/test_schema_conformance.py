"""The API answers what its OpenAPI schema says: the findings of the fuzzer (tests/fuzz/), one test each.

A request the schema calls valid is accepted (or refused for a reason the schema cannot know, named in
tests/fuzz/schemathesis.toml and proven by the test_state_decides_* tests below); a request it calls
invalid is a 400/404; every answer, error or not, has the documented shape.
"""

from __future__ import annotations

import datetime as dt
import re

import jsonschema
import pytest
from rest_framework.test import APIClient

from factcheck import services
from factcheck.models import Article, Claim, Review

# RFC 3339 `date-time`, as OpenAPI's `format: date-time` means it: an offset in hours and minutes.
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


def operation(schema, method: str, path: str) -> dict:
    return schema["paths"][path][method]


def body_schema(schema, method: str, path: str, media: str = "application/json") -> dict:
    ref = operation(schema, method, path)["requestBody"]["content"][media]["schema"]
    return {**ref, "components": schema["components"]}


def assert_valid(schema, method: str, path: str, body: dict) -> None:
    """The body is one the schema allows (so the fuzzer would expect it to be accepted)."""
    jsonschema.validate(body, body_schema(schema, method, path))


def token_client(user, scope: str = "write") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {services.issue_token(user=user, name='t', scope=scope).key}")
    return client


# The error answers ------------------------------------------------------------------------------------


def test_every_operation_lists_the_error_answers_it_can_give(schema):
    for path, item in schema["paths"].items():
        for method, op in item.items():
            responses, label = op["responses"], f"{method} {path}"
            assert {"406", "429", "503"} <= set(responses), label
            for status in ("429", "503"):
                assert responses[status]["headers"] == {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}
            if path != "/api/auth/token/":
                assert "403" in responses, label
            if "requestBody" in op:
                assert {"400", "413", "415"} <= set(responses), label
            if "{id}" in path or any(p["name"] == "page" for p in op.get("parameters", [])):
                assert "404" in responses, label
            assert responses["414"]["content"] == {"text/html": {"schema": {"type": "string"}}}, label
            for status, response in responses.items():
                if status >= "400" and status != "414":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    error = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
                    assert {"code", "detail"} <= set(error["required"]), (label, status)
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail"]
    assert schema["components"]["headers"]["RetryAfter"]["schema"] == {"type": "integer", "minimum": 0}


def test_a_token_request_documents_no_403(schema):
    # Nobody is signed in to ask for a token: it answers 400 or 429, never "not allowed".
    assert "403" not in operation(schema, "post", "/api/auth/token/")["responses"]


@pytest.mark.parametrize(
    "path",
    ["/api/claims/0.5/split/", "/api/nothing-here/", "/api/claims/1234567890123456789012/", "/api/claims/-1/"],
)
def test_an_address_under_api_that_names_no_operation_is_a_json_404(client_as, path):
    response = client_as("reviewer").post(path, {"at": 1, "version": 1}, format="json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "찾을 수 없습니다."}


def test_an_id_too_large_for_the_database_is_a_404_not_a_500(client_as, make_article):
    make_article(1)
    client = client_as("reviewer")

    # 18 digits still reach the view (and find nothing); 19 would not fit every database's integer.
    assert client.get("/api/articles/999999999999999999/").json()["code"] == "not_found"
    assert client.get("/api/articles/9999999999999999999/").json()["code"] == "not_found"


def test_the_schema_describes_ids_as_the_routes_take_them(schema):
    [parameter] = operation(schema, "get", "/api/claims/{id}/")["parameters"]

    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}


def test_a_page_past_the_last_is_a_documented_404(client_as, make_article, schema):
    make_article(2)

    response = client_as("reviewer").get("/api/claims/?page=7139")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "404" in operation(schema, "get", "/api/claims/")["responses"]


def test_conflicts_without_the_latest_step_match_their_schema(schema, client_as, make_article):
    claim = make_article(1).claims.get()

    response = client_as("reviewer").post(
        f"/api/claims/{claim.pk}/cross-check/", {"decision": "confirm", "version": 1}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (409, "no_proposal")
    conflict = operation(schema, "post", "/api/claims/{id}/cross-check/")["responses"]["409"]
    ref = conflict["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**ref, "components": schema["components"]})


# What the API shows ------------------------------------------------------------------------------


def test_a_publication_time_before_1908_is_written_in_utc(client_as, make_article):
    # Seoul kept local mean time (+08:27:52) until 1908, an offset RFC 3339 cannot write.
    article = make_article(0)
    Article.objects.filter(pk=article.pk).update(published_at=dt.datetime(1900, 1, 1, 3, tzinfo=dt.UTC))

    shown = client_as("reviewer").get(f"/api/articles/{article.pk}/").json()["published_at"]

    assert shown == "1900-01-01T03:00:00Z"
    assert RFC3339.match(shown)


def test_later_times_keep_seoul_time(client_as, make_article):
    article = make_article(0)
    Article.objects.filter(pk=article.pk).update(published_at=dt.datetime(2021, 5, 1, 3, tzinfo=dt.UTC))

    shown = client_as("reviewer").get(f"/api/articles/{article.pk}/").json()["published_at"]

    assert shown == "2021-05-01T12:00:00+09:00"


def test_an_article_without_an_address_shows_an_empty_string_the_schema_allows(client_as, make_article, schema):
    article = make_article(0)

    body = client_as("reviewer").get("/api/articles/").json()["results"][0]

    assert (body["id"], body["url"]) == (article.pk, "")
    # Stored addresses are what people typed (Korean paths included), not RFC 3986 URIs.
    for component in ("ArticleList", "ArticleDetail", "Source"):
        url = schema["components"]["schemas"][component]["properties"]["url"]
        assert (url["type"], "format" in url) == ("string", False), component


def test_a_step_that_answers_no_proposal_has_a_null_responds_to(client_as, make_article, schema):
    claim = make_article(1).claims.get()

    response = client_as("reviewer").post(
        f"/api/claims/{claim.pk}/reviews/", {"verdict": "dismissed", "version": 1}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["review"]["responds_to"] is None
    assert schema["components"]["schemas"]["Review"]["properties"]["responds_to"]["nullable"] is True


# Query parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, status",
    [
        ("page_size=abc", 400),
        ("page_size=0", 400),
        ("page=0", 404),
        ("page=", 400),
        ("min_score=1e252", 400),
        ("min_score=2", 400),
        ("min_score=-0.1", 400),
        ("min_score=nan", 400),
        ("has_quantity=5633241986599964160253282895265792", 400),
        ("is_stale=yes", 400),
        ("status=", 400),
        ("article=", 400),
        ("article=0", 400),
        ("article=1.0", 400),
        ("assignee=%20me", 400),
        ("assignee=007", 400),
        ("assignee=", 400),
        ("reviewed_by=someone", 400),
    ],
)
def test_a_parameter_the_schema_does_not_allow_is_refused(client_as, make_article, query, status):
    make_article(2)

    response = client_as("reviewer").get(f"/api/claims/?{query}")

    assert response.status_code == status, response.json()
    assert set(response.json()) >= {"code", "detail"}


@pytest.mark.parametrize(
    "query",
    [
        "min_score=1",
        "min_score=0",
        "has_quantity=false",
        "is_stale=FALSE",
        "assignee=me",
        "assignee=none",
        "reviewed_by=12",
        "search=",
        "outlet=",
        "ordering=",
        "page_size=1000",
    ],
)
def test_a_parameter_the_schema_allows_is_accepted(client_as, make_article, query):
    make_article(2)

    assert client_as("reviewer").get(f"/api/claims/?{query}").status_code == 200


def test_notifications_refuse_an_unread_that_is_no_boolean(client_as):
    client = client_as("reviewer")

    assert client.get("/api/notifications/?unread=5633241986599964160253282895265792").status_code == 400
    assert client.get("/api/notifications/?unread=").status_code == 400
    assert client.get("/api/notifications/?unread=true").status_code == 200


def test_the_schema_states_the_bounds_of_numbers_and_patterns(schema):
    parameters = {p["name"]: p["schema"] for p in operation(schema, "get", "/api/claims/")["parameters"]}

    assert parameters["min_score"] == {"type": "number", "minimum": 0, "maximum": 1}
    assert parameters["article"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1}
    assert re.match(parameters["assignee"]["pattern"], "me")
    assert not re.match(parameters["assignee"]["pattern"], " me")
    assert parameters["search"]["pattern"] == "^[^\\u0000]*$"  # no text of the API takes a NUL


# Bodies -------------------------------------------------------------------------------------------


def test_a_json_value_of_another_type_than_the_schema_says_is_refused(client_as, make_article):
    claim = make_article(1).claims.get()
    client = client_as("reviewer")

    as_text = client.post(f"/api/claims/{claim.pk}/reviews/", {"verdict": "dismissed", "version": "1"}, format="json")
    as_number = client.post(
        f"/api/claims/{claim.pk}/reviews/",
        {
            "verdict": "dismissed",
            "version": 1,
            "sources": [{"url": "http://0.AA", "title": "0", "excerpt": 0}],
        },
        format="json",
    )
    assignee = client_as("staff").post(f"/api/claims/{claim.pk}/assign/", {"assignee": "1"}, format="json")

    assert (as_text.status_code, list(as_text.json()["errors"])) == (400, ["version"])
    assert (as_number.status_code, as_number.json()["errors"]) == (
        400,
        {"sources": {"0": {"excerpt": ["유효한 문자열이 아닙니다."]}}},
    )
    assert (assignee.status_code, list(assignee.json()["errors"])) == (400, ["assignee"])
    assert not Review.objects.exists()


def test_a_form_still_sends_numbers_as_text(client, editor):
    response = client.post("/api/auth/token/", {"username": "editor", "password": "pw-editor", "expires_in_days": "30"})

    assert response.status_code == 200
    assert response.json()["scope"] == "read"


def test_a_verdict_body_follows_one_branch_of_the_schema(schema):
    path = "/api/claims/{id}/reviews/"
    source = {"url": "https://arxiv.org/abs/2005.14165", "title": "GPT-3"}

    assert_valid(schema, "post", path, {"verdict": "dismissed", "version": 1})
    assert_valid(schema, "post", path, {"verdict": "verified", "note": "논문", "version": 1, "sources": [source]})
    for body in (
        {"verdict": "verified", "version": 1, "sources": [source]},  # no note
        {"verdict": "disputed", "note": " \u200b", "version": 1, "sources": [source]},  # a blank note
        {"verdict": "verified", "note": "논문", "version": 1, "sources": []},  # no source
        {"verdict": "verified", "note": "논문", "version": 1, "sources": [{**source, "url": "javascript:x"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            assert_valid(schema, "post", path, body)


def test_a_verified_verdict_without_a_note_is_refused_as_the_schema_says(client_as, make_article, schema):
    claim = make_article(1).claims.get()
    body = {"verdict": "verified", "version": 1, "sources": [{"url": "https://arxiv.org/abs/1", "title": "x"}]}

    response = client_as("reviewer").post(f"/api/claims/{claim.pk}/reviews/", body, format="json")

    assert (response.status_code, response.json()["note"]) == (400, "required")
    with pytest.raises(jsonschema.ValidationError):
        assert_valid(schema, "post", "/api/claims/{id}/reviews/", body)


def test_every_address_the_schema_allows_is_one_the_desk_takes(client_as, make_article, schema):
    claim = make_article(1).claims.get()
    urls = ["http://0.AA", "https://a.b-c.de:65535/기사?id=1#x", "http://EJ.0.TTRYng4e1.Q.jBcd?e"]
    sources = [{"url": url, "title": "t"} for url in urls]
    body = {"verdict": "verified", "note": "n", "version": 1, "sources": sources}
    assert_valid(schema, "post", "/api/claims/{id}/reviews/", body)

    response = client_as("reviewer").post(f"/api/claims/{claim.pk}/reviews/", body, format="json")

    assert response.status_code == 201, response.json()
    for url in ("http://a.bc:65536", "http://a.bc/\x1cx", "http://localhost/", "http://127.0.0.1/"):
        with pytest.raises(jsonschema.ValidationError):
            assert_valid(schema, "post", "/api/claims/{id}/reviews/", {**body, "sources": [{"url": url, "title": "t"}]})


def test_a_rejection_and_a_reopening_need_a_reason_in_the_schema(schema):
    assert_valid(schema, "post", "/api/claims/{id}/cross-check/", {"decision": "confirm", "version": 1})
    with pytest.raises(jsonschema.ValidationError):
        assert_valid(schema, "post", "/api/claims/{id}/cross-check/", {"decision": "reject", "version": 1})
    with pytest.raises(jsonschema.ValidationError):
        assert_valid(schema, "post", "/api/claims/{id}/reopen/", {"version": 1})
    assert operation(schema, "post", "/api/claims/{id}/cross-check/")["requestBody"]["required"] is True


def test_a_correction_body_refuses_fields_it_does_not_know_and_says_so(client_as, make_article, schema):
    claim = make_article(1).claims.get()

    response = client_as("reviewer").patch(
        f"/api/claims/{claim.pk}/", {"start": 0, "end": 5, "version": 1, "status": "verified"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]
    for component in ("RespanInputRequest", "SplitInputRequest", "MergeInputRequest", "ClaimAddInputRequest"):
        assert schema["components"]["schemas"][component]["additionalProperties"] is False
    assert operation(schema, "patch", "/api/claims/{id}/")["requestBody"]["required"] is True


def test_changes_to_articles_and_claims_are_json_only(client_as, make_article, schema):
    article = make_article(1)
    client = client_as("editor")

    form = client.patch(f"/api/articles/{article.pk}/", {"title": "새 제목"}, format="multipart")

    assert (form.status_code, form.json()["code"]) == (415, "unsupported_media_type")
    assert set(operation(schema, "patch", "/api/articles/{id}/")["requestBody"]["content"]) == {"application/json"}
    assert set(operation(schema, "patch", "/api/claims/{id}/")["requestBody"]["content"]) == {"application/json"}


def test_editing_article_details_follows_the_schema(client_as, make_article, schema):
    article = make_article(0)
    path = "/api/articles/{id}/"

    with pytest.raises(jsonschema.ValidationError):
        assert_valid(schema, "patch", path, {"title": " \u200b"})  # the service: "Enter a title"
    with pytest.raises(jsonschema.ValidationError):
        assert_valid(schema, "patch", path, {"url": "ftp://example.com/"})
    body = {"title": "고친 제목", "url": ""}
    assert_valid(schema, "patch", path, body)
    assert client_as("editor").patch(f"/api/articles/{article.pk}/", body, format="json").status_code == 200


# Authentication -----------------------------------------------------------------------------------


def test_a_junk_session_cookie_beside_a_valid_token_is_ignored(reviewer, make_article):
    """What schemathesis's ignored_auth reported (ST401) with generated security parameters on.

    It sent a made-up `sessionid` cookie beside the token it was given and called the 200 "invalid
    authentication accepted". The cookie is no session: the token signs the request in, and the cookie
    alone gets a 403. tests/fuzz/schemathesis.toml turns the made-up cookies off, with this reason.
    """
    make_article(1)
    client = token_client(reviewer, scope="read")
    client.cookies["sessionid"] = "SCHEMATHESIS-INVALID-VALUE"

    with_token = client.get("/api/articles/")
    cookie_only = APIClient()
    cookie_only.cookies["sessionid"] = "SCHEMATHESIS-INVALID-VALUE"
    without_token = cookie_only.get("/api/articles/")

    assert (with_token.status_code, with_token.json()["count"]) == (200, 1)
    assert (without_token.status_code, without_token.json()["code"]) == (403, "not_authenticated")


def test_a_read_token_asked_to_change_something_gets_a_documented_403(reviewer, make_article, schema):
    claim = make_article(1).claims.get()

    response = token_client(reviewer, scope="read").post("/api/notifications/read-all/")

    assert (response.status_code, response.json()["code"]) == (403, "token_read_only")
    assert "403" in operation(schema, "post", "/api/notifications/read-all/")["responses"]
    assert Claim.objects.get(pk=claim.pk).version == 1


# What the schema cannot say: the state decides (tests/fuzz/schemathesis.toml) ------------------------


def test_state_decides_an_upload(client_as, schema):
    body = {"text": "\u200b\u200b \u200b"}  # a string, as the schema asks; nothing once invisible characters go
    assert_valid(schema, "post", "/api/articles/", body)

    response = client_as("editor").post("/api/articles/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "empty")
    assert not Article.objects.exists()


@pytest.mark.parametrize("path", ["/api/articles/{article}/assign/", "/api/claims/{claim}/assign/"])
def test_state_decides_an_assignee(client_as, make_article, schema, editor, path):
    claim = make_article(1).claims.get()
    body = {"assignee": editor.pk}  # a user id, but not a reviewer's
    template = path.replace("{article}", "{id}").replace("{claim}", "{id}")
    assert_valid(schema, "post", template, body)

    response = client_as("staff").post(path.format(article=claim.article_id, claim=claim.pk), body, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "invalid_assignee")
    assert Claim.objects.get(pk=claim.pk).assignee is None


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "/api/articles/{article}/claims/", {"start": 0, "end": 0}),
        ("patch", "/api/claims/{claim}/", {"start": 3, "end": 3, "version": 1}),
        ("post", "/api/claims/{claim}/split/", {"at": 0, "version": 1}),
    ],
)
def test_state_decides_a_span(client_as, make_article, schema, method, path, body):
    claim = make_article(1).claims.get()
    template = path.replace("{article}", "{id}").replace("{claim}", "{id}")
    assert_valid(schema, method, template, body)

    response = getattr(client_as("reviewer"), method)(
        path.format(article=claim.article_id, claim=claim.pk), body, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "invalid_span")
    assert Claim.objects.get(pk=claim.pk).version == 1


def test_state_decides_a_merge(client_as, make_article, schema):
    first, second = make_article(1).claims.get(), make_article(1, title="다른 기사").claims.get()
    body = {"claims": [first.pk, second.pk], "versions": [1, 1]}
    assert_valid(schema, "post", "/api/claims/merge/", body)

    response = client_as("reviewer").post("/api/claims/merge/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "invalid_span")
    assert Claim.objects.count() == 2


def test_state_decides_a_token(client, editor, schema):
    body = {"username": "editor", "password": "not-the-password"}
    assert_valid(schema, "post", "/api/auth/token/", body)

    response = client.post("/api/auth/token/", body, content_type="application/json")

    assert (response.status_code, response.json()["code"]) == (400, "invalid")


def test_times_the_schema_allows_are_stored_and_shown_as_rfc_3339(client_as, make_article, schema):
    claim = make_article(1).claims.get()
    times = ["0002-01-01T00:00:00+23:59", "1900-01-01T00:00:00", "9998-12-31T23:59:59-12:00"]
    sources = [{"url": "https://arxiv.org/abs/1", "title": "t", "accessed_at": time} for time in times]
    body = {"verdict": "verified", "note": "n", "version": 1, "sources": sources}
    assert_valid(schema, "post", "/api/claims/{id}/reviews/", body)

    response = client_as("reviewer").post(f"/api/claims/{claim.pk}/reviews/", body, format="json")

    assert response.status_code == 201, response.json()
    shown = [source["accessed_at"] for source in response.json()["review"]["sources"]]
    assert all(RFC3339.match(time) for time in shown), shown
    with pytest.raises(jsonschema.ValidationError):  # a year the services may refuse near the calendar's end
        assert_valid(
            schema,
            "post",
            "/api/claims/{id}/reviews/",
            {**body, "sources": [{**sources[0], "accessed_at": "0001-01-01T00:00:00Z"}]},
        )
