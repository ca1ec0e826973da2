"""The OpenAPI schema and its viewer are public: they describe the API and hold no desk data."""

from __future__ import annotations

import yaml


def test_schema_documents_every_endpoint(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert set(schema["paths"]) == {
        "/api/articles/",
        "/api/articles/{id}/",
        "/api/articles/{id}/extract/",
        "/api/articles/{id}/assign/",
        "/api/claims/",
        "/api/claims/{id}/",
        "/api/claims/{id}/reviews/",
        "/api/claims/{id}/cross-check/",
        "/api/claims/{id}/reopen/",
        "/api/claims/{id}/assign/",
        "/api/claims/{id}/split/",
        "/api/claims/merge/",
        "/api/articles/{id}/claims/",
        "/api/notifications/",
        "/api/notifications/{id}/read/",
        "/api/notifications/read-all/",
        "/api/auth/token/",
    }
    upload = schema["paths"]["/api/articles/"]["post"]
    assert set(upload["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert set(upload["responses"]) == {"201", "400", "403", "406", "409", "413", "414", "415", "429", "503"}
    review = schema["paths"]["/api/claims/{id}/reviews/"]["post"]
    assert review["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/VersionConflictError"
    }
    assert "put" not in schema["paths"]["/api/articles/{id}/"]
    cross_check = schema["paths"]["/api/claims/{id}/cross-check/"]["post"]
    assert set(cross_check["responses"]) == {
        "201",
        "400",
        "403",
        "404",
        "406",
        "409",
        "413",
        "414",
        "415",
        "429",
        "503",
    }


def test_schema_documents_every_claim_filter(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)

    parameters = {p["name"]: p for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    for name in (
        "search",
        "status",
        "type",
        "article",
        "outlet",
        "speaker",
        "uploaded_after",
        "uploaded_before",
        "assignee",
        "proposal",
        "reviewed_by",
        "has_quantity",
        "min_score",
        "is_stale",
        "ordering",
        "page",
        "page_size",
    ):
        assert name in parameters, name
        assert parameters[name].get("description"), name
    assert {"-score", "score", "created_at", "-created_at"} <= set(parameters["ordering"]["schema"]["items"]["enum"])
    assert parameters["uploaded_after"]["schema"] == {"type": "string", "format": "date"}
    claim = schema["components"]["schemas"]["ClaimList"]["properties"]
    assert {"assignee", "proposal"} <= set(claim)


def test_schema_generation_has_no_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_page_renders(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
    # The UI's scripts come from our own static files, not a CDN the newsroom network may block.
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in response.content
    assert b"cdn.jsdelivr.net" not in response.content
