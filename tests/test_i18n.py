"""One language at a time: Korean by default, English by the language cookie or Accept-Language.

Our strings, Django's and DRF's must all follow the request's language: a page or an API error never
mixes the two. The English checks cover the pages whose templates are translated so far (the page's
<main> and the footer; the header of base.html comes in the next round).
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import Truncator
from rest_framework.test import APIClient

from factcheck import services
from factcheck.models import Claim, Review
from factcheck.web.presentation import claim_facts
from tests.workflow import dismiss, fresh, propose

pytestmark = pytest.mark.django_db

HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def part(html: str, tag: str) -> str:
    """The first <tag>…</tag> of the page."""
    match = re.search(rf"<{tag}\b.*?</{tag}>", html, re.S)
    assert match, f"no <{tag}> in the page"
    return match.group(0)


def hangul_shown(fragment: str) -> list[str]:
    """Korean text in the fragment, except inside an element marked lang="ko" (the switcher's 한국어)."""
    fragment = re.sub(r'<(\w+)[^>]*\blang="ko"[^>]*>.*?</\1>', "", fragment, flags=re.S)
    return re.findall(r"[^<>]*[\uac00-\ud7a3][^<>]*", fragment)


def switcher_offers(html: str, code: str, name: str) -> bool:
    """The footer has a button switching to `code`, labelled in that language."""
    footer = part(html, "footer")
    return bool(re.search(rf'<button[^>]*name="language" value="{code}" lang="{code}"[^>]*>{name}</button>', footer))


def english_chrome(html: str) -> list[str]:
    return hangul_shown(part(html, "main")) + hangul_shown(part(html, "footer"))


# The words of the article itself (and of the claim's quantities, which quote it) are Korean in any language.
def without_article_text(html: str, claim: Claim) -> str:
    article = claim.article
    facts = claim_facts(claim)
    quoted = [article.title, Truncator(article.title).chars(60), article.outlet, facts.speaker, *facts.quantities]
    for text in sorted(filter(None, [*quoted, *facts.dates]), key=len, reverse=True):
        html = html.replace(escape(text), "")
    # What is left of the article is sentences of its body: the claim, its context, its neighbours (cut with "…").
    # Short pieces are never taken for the body: a Korean word of the page's own may occur in the article too.
    body = " ".join(article.body.split())
    for piece in sorted(set(hangul_shown(part(html, "main"))), key=len, reverse=True):
        sentence = " ".join(unescape(piece).strip().strip("…").split())
        if len(sentence) >= 15 and sentence in body:
            html = html.replace(piece, "")
    return html


def claim_page_chrome_hangul(html: str, claim: Claim) -> list[str]:
    return english_chrome(without_article_text(html, claim))


def article_page_chrome_hangul(html: str, article) -> list[str]:
    """Korean left on the article page once the article's own words (body, claims, their facts) are taken out."""
    for claim in article.claims.all():
        html = without_article_text(html, claim)
    for text in filter(None, [article.byline, *(c.text for c in article.claims.all())]):
        html = html.replace(escape(text), "")
    return english_chrome(html)


def as_english_by_cookie(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def signed_in(user, client_class=Client) -> Client:
    client = client_class()
    client.force_login(user)
    return client


# ---- Korean by default ----------------------------------------------------------------------------


def test_pages_are_korean_by_default(client):
    html = client.get(reverse("login")).content.decode()

    assert "<h1>로그인</h1>" in html
    assert '<label for="id_password">비밀번호</label>' in html
    assert switcher_offers(html, "en", "English")


def test_an_api_validation_error_is_all_korean_by_default(claim_1750, reviewer):
    response = signed_in(reviewer, APIClient).post(f"/api/claims/{claim_1750.pk}/reviews/", {}, format="json")

    assert response.status_code == 400
    # DRF ships its Korean as ko_KR; LANGUAGE_CODE "ko" finds it (gettext looks in ko_KR before ko).
    assert response.json() == {
        "code": "invalid",
        "detail": "입력값을 확인해 주세요.",
        "errors": {"verdict": ["이 필드는 필수 항목입니다."], "version": ["이 필드는 필수 항목입니다."]},
    }


def test_drf_and_django_messages_are_korean_by_default(reviewer, api_client):
    # "Authentication credentials…" exists only in DRF's catalogue, "Enter a valid date." in Django's.
    assert api_client.get("/api/claims/").json() == {
        "code": "not_authenticated",
        "detail": "자격 인증 데이터가 제공되지 않았습니다.",
    }
    response = signed_in(reviewer, APIClient).get("/api/claims/", {"uploaded_after": "yesterday"})
    assert response.json() == {
        "code": "invalid",
        "detail": "입력값을 확인해 주세요.",
        "errors": {"uploaded_after": ["올바른 날짜를 입력하세요."]},
    }


def test_a_correction_conflict_is_all_korean_by_default(claim_1750, editor, reviewer):
    dismiss(claim_1750, editor)
    claim = fresh(claim_1750)

    response = signed_in(reviewer, APIClient).post(
        f"/api/claims/{claim.pk}/split/", {"at": claim.start + 4, "version": claim.version}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "claim_has_verdict",
        "detail": "판정이 있는 주장은 나누거나 합치거나 범위를 바꿀 수 없습니다. 먼저 재검토로 돌리세요.",
        "claim": claim.pk,
        "current_status": "dismissed",
        "current_version": claim.version,
    }


# ---- English when the browser or the cookie asks ---------------------------------------------------


@pytest.mark.parametrize("by", ["accept-language", "cookie"])
def test_the_login_page_is_all_english_when_asked(by):
    client = Client()
    if by == "cookie":
        response = as_english_by_cookie(client).get(reverse("login"))
    else:
        response = client.get(reverse("login"), **ENGLISH)

    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert "<h1>Sign in</h1>" in html
    assert english_chrome(html) == []
    assert switcher_offers(html, "ko", "한국어")


def test_a_failed_sign_in_is_all_english(editor):
    response = Client().post(reverse("login"), {"username": "editor", "password": "wrong"}, **ENGLISH)

    html = response.content.decode()
    assert "Please enter a correct username and password." in html
    assert english_chrome(html) == []


def test_the_403_page_is_all_english_when_asked(claim_1750, editor):
    client = as_english_by_cookie(signed_in(editor))

    response = client.post(
        reverse("web:claim-cross-check", args=[claim_1750.pk]),
        {"check-decision": "confirm", "check-note": "", "check-version": str(claim_1750.version)},
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "Only reviewers can cross-check." in html
    assert english_chrome(html) == []


def test_the_no_role_page_is_all_english_when_asked(outsider):
    response = signed_in(outsider).get(reverse("web:dashboard"), **ENGLISH)

    html = response.content.decode()
    assert response.status_code == 403
    assert "You have no desk role yet" in html
    assert english_chrome(html) == []


def test_the_empty_notification_list_is_all_english_when_asked(reviewer):
    response = as_english_by_cookie(signed_in(reviewer)).get(reverse("web:notifications"))

    html = response.content.decode()
    assert "No notifications yet." in html
    assert english_chrome(html) == []


def test_an_api_validation_error_is_all_english_when_asked(claim_1750, reviewer):
    response = signed_in(reviewer, APIClient).post(
        f"/api/claims/{claim_1750.pk}/reviews/", {}, format="json", **ENGLISH
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Please check what you entered.",
        "errors": {"verdict": ["This field is required."], "version": ["This field is required."]},
    }


def test_api_errors_follow_the_language_cookie(claim_1750, editor, reviewer, api_client):
    editors_api = signed_in(editor, APIClient)
    editors_api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reviewers_api = signed_in(reviewer, APIClient)
    reviewers_api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    refused = editors_api.post(
        f"/api/claims/{claim_1750.pk}/cross-check/", {"decision": "confirm", "note": "", "version": 1}, format="json"
    )
    unknown = reviewers_api.get("/api/claims/", {"stauts": "pending"})
    bad_date = reviewers_api.get("/api/claims/", {"uploaded_after": "yesterday"})
    anonymous = api_client.get("/api/claims/")

    assert refused.json() == {"code": "permission_denied", "detail": "Only reviewers can cross-check."}
    assert unknown.json() == {
        "code": "unknown_parameter",
        "detail": "Unknown query parameter: stauts. See the API documentation (/api/docs/) for the ones you can use.",
        "parameters": ["stauts"],
    }
    assert bad_date.json()["errors"] == {"uploaded_after": ["Enter a valid date."]}
    assert anonymous.json() == {"code": "not_authenticated", "detail": "Authentication credentials were not provided."}
    for response in (refused, unknown, bad_date, anonymous):
        assert not HANGUL.search(json.dumps(response.json(), ensure_ascii=False))


def test_a_version_conflict_is_one_english_sentence(claim_1750, reviewer, other_reviewer):
    propose(claim_1750, other_reviewer)  # version 1 → 2 while the reviewer's client still has 1

    response = signed_in(reviewer, APIClient).post(
        f"/api/claims/{claim_1750.pk}/reviews/",
        {"verdict": "dismissed", "note": "", "version": 1, "sources": []},
        format="json",
        **ENGLISH,
    )

    assert response.status_code == 409
    with translation.override("en"):
        verified = str(Review.Verdict.VERIFIED.label)
    assert response.json()["detail"] == (
        f"Meanwhile reviewer2 proposed '{verified}' for this claim. Check the latest verdict, then record again."
    )


def test_the_cookie_wins_over_the_browser_language(reviewer):
    client = signed_in(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"

    html = client.get(reverse("web:notifications"), **ENGLISH).content.decode()

    assert "아직 알림이 없습니다." in html


def test_the_admin_title_follows_the_language(staff):
    client = signed_in(staff)

    assert "팩트체크 데스크 관리" in client.get("/admin/").content.decode()
    assert "Fact-check desk administration" in client.get("/admin/", **ENGLISH).content.decode()


@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_the_claim_page_is_all_english_when_asked(request, claim_1750, who):
    user = request.getfixturevalue(who)

    response = signed_in(user).get(reverse("web:claim-detail", args=[claim_1750.pk]), **ENGLISH)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="visually-hidden">Claim review</h1>' in html
    assert "Assignment and history" in html
    assert claim_page_chrome_hangul(html, claim_1750) == []


def test_a_claim_with_a_correction_and_a_proposal_is_all_english_when_asked(claim_1750, reviewer, other_reviewer):
    claim = fresh(claim_1750)
    services.respan_claim(
        user=other_reviewer, claim=claim, start=claim.start, end=claim.end, expected_version=claim.version
    )
    propose(claim_1750, other_reviewer, note="Table 2.1 of the GPT-3 paper")

    response = signed_in(reviewer).get(reverse("web:claim-detail", args=[claim_1750.pk]), **ENGLISH)

    html = response.content.decode()
    with translation.override("en"):
        verified = str(Review.Verdict.VERIFIED.label)
    assert f"Awaiting cross-check: {verified} proposed · reviewer2" in html
    assert "Record cross-check" in html
    assert "2 entries · cannot be deleted or changed" in html
    assert claim_page_chrome_hangul(html, claim_1750) == []


def test_a_correction_conflict_is_all_english_when_asked(claim_1750, editor, reviewer):
    dismiss(claim_1750, editor)
    claim = fresh(claim_1750)

    response = signed_in(reviewer, APIClient).post(
        f"/api/claims/{claim.pk}/split/", {"at": claim.start + 4, "version": claim.version}, format="json", **ENGLISH
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "claim_has_verdict",
        "detail": "A claim with a verdict cannot be split, merged or re-spanned. Reopen it first.",
        "claim": claim.pk,
        "current_status": "dismissed",
        "current_version": claim.version,
    }
    assert not HANGUL.search(json.dumps(response.json(), ensure_ascii=False))


# ---- the switcher ----------------------------------------------------------------------------------


def test_the_footer_switcher_posts_to_set_language_and_comes_back(reviewer):
    client = signed_in(reviewer)
    client.handler.enforce_csrf_checks = True
    page = client.get(reverse("web:queue") + "?status=verified")
    footer = part(page.content.decode(), "footer")
    assert f'action="{reverse("set_language")}"' in footer
    assert 'name="next" value="/queue/?status=verified"' in footer
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', footer).group(1)

    refused = client.post(reverse("set_language"), {"language": "en", "next": "/queue/"})
    response = client.post(reverse("set_language"), {"language": "en", "next": "/queue/", "csrfmiddlewaretoken": token})

    assert refused.status_code == 403  # CSRF-protected
    assert response.status_code == 302
    assert response["Location"] == "/queue/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get(reverse("web:notifications")).content.decode()
    assert "No notifications yet." in english
    assert switcher_offers(english, "ko", "한국어")


# ---- what is not the request's language ------------------------------------------------------------


def test_notification_mail_is_in_the_desk_language_whatever_the_senders_browser(
    claim_1750, editor, reviewer, django_capture_on_commit_callbacks
):
    reviewer.email = "reviewer@example.org"
    reviewer.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(editor, APIClient).post(
            f"/api/claims/{claim_1750.pk}/assign/", {"assignee": reviewer.pk}, format="json", **ENGLISH
        )

    assert response.status_code == 200
    assert Claim.objects.get(pk=claim_1750.pk).assignee == reviewer
    (sent,) = mail.outbox
    assert sent.subject.startswith("[팩트체크 데스크] ")


def test_the_article_page_list_and_upload_page_are_all_english_when_asked(seed_article, editor):
    client = signed_in(editor)

    article = client.get(seed_article.get_absolute_url(), **ENGLISH).content.decode()
    articles = client.get(reverse("web:article-list"), **ENGLISH).content.decode()
    upload = client.get(reverse("web:article-upload"), **ENGLISH).content.decode()

    assert '<html lang="en">' in article
    assert "Extracted claims" in article
    assert article_page_chrome_hangul(article, seed_article) == []
    for title in (seed_article.title, Truncator(seed_article.title).chars(60)):
        articles = articles.replace(escape(title), "")
    assert (
        english_chrome(articles.replace(escape(seed_article.outlet), "").replace(escape(seed_article.byline), "")) == []
    )
    assert english_chrome(upload) == []
