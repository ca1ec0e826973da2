"""Every answer carries the content security policy and the permissions policy."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/login/", "/admin/login/", "/api/docs/", "/api/schema/"])
def test_pages_and_the_api_carry_both_policies(path) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";") if directive
    )
    assert policy["script-src"] == "'self'"  # no inline script: injected article text could not run
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_the_api_docs_start_from_a_script_file() -> None:
    html = Client().get("/api/docs/").content.decode()
    assert "<script>" not in html and "<style>" not in html
    assert "?script" in html
