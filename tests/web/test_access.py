"""Who may open which page: login first, and an account without a desk role sees no data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from factcheck.models import Review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, args",
    [
        ("web:dashboard", []),
        ("web:queue", []),
        ("web:article-list", []),
        ("web:article-upload", []),
        ("web:article-detail", [1]),
        ("web:article-edit", [1]),
        ("web:claim-detail", [1]),
        ("web:notifications", []),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, name, args):
    url = reverse(name, args=args)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_anonymous_post_to_review_is_sent_to_login(client, claim_1750):
    response = client.post(reverse("web:claim-review", args=[claim_1750.pk]), {})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Review.objects.exists()


def test_login_page_signs_in_and_lands_on_the_dashboard(client, editor):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "로그인" in page.content.decode()

    response = client.post(reverse("login"), {"username": "editor", "password": "pw-editor"})

    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")


def test_outsider_sees_an_explanation_instead_of_articles(outsider_client, seed_article):
    response = outsider_client.get(reverse("web:article-list"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "역할" in html
    assert escape(seed_article.title) not in html


def test_outsider_gets_404_for_an_article_and_its_claims(outsider_client, seed_article, claim_1750):
    detail = outsider_client.get(reverse("web:article-detail", args=[seed_article.pk]))
    edit = outsider_client.get(reverse("web:article-edit", args=[seed_article.pk]))
    review = outsider_client.post(reverse("web:claim-review", args=[claim_1750.pk]), {})

    assert (detail.status_code, edit.status_code, review.status_code) == (404, 404, 404)
    assert not Review.objects.exists()


def test_navigation_shows_logout_as_a_post_form_and_admin_only_to_staff(editor_client, staff, client):
    html = editor_client.get(reverse("web:article-list")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in html
    assert 'href="/api/docs/"' in html
    assert reverse("admin:index") not in html

    client.force_login(staff)
    assert reverse("admin:index") in client.get(reverse("web:article-list")).content.decode()


def test_logout_is_a_post(editor_client):
    response = editor_client.post(reverse("logout"))

    assert response.status_code == 302
    assert editor_client.get(reverse("web:article-list")).status_code == 302


@pytest.mark.parametrize("name", ["web:dashboard", "web:queue", "web:article-list"])
def test_an_account_without_a_role_sees_no_desk_data(outsider_client, seed_article, name):
    response = outsider_client.get(reverse(name))

    assert response.status_code == 403
    assert "아직 데스크 역할이 없습니다" in response.content.decode()
    assert escape(seed_article.title) not in response.content.decode()


def test_an_account_without_a_role_cannot_open_a_claim(outsider_client, claim_1750):
    response = outsider_client.get(reverse("web:claim-detail", args=[claim_1750.pk]))

    assert response.status_code == 403
    assert claim_1750.text not in response.content.decode()
