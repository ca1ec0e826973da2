"""The desk as an editor and a reviewer use it, in a real browser: login, upload, review with a source."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from factcheck.models import Article, Review

# transaction=True: the live server thread must see committed rows (see `roles` in conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"pw-{username}")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_editor_pastes_the_seed_article_and_sees_its_claims(page, live_server, editor, seed_text):
    log_in(page, live_server, "editor")
    page.click("text=기사 올리기")
    page.fill("textarea[name=text]", seed_text)
    page.fill("input[name=outlet]", "뉴스투데이")
    page.click("form[enctype] button[type=submit]")

    page.wait_for_url("**/articles/*/")
    article = Article.objects.get()
    assert article.claims.exists()
    # The claim about GPT-3's parameters is on the page, highlighted in the body and listed as a claim.
    assert page.locator("text=1750억개의 파라미터를 사용해 계산한다").count() >= 1
    assert page.locator(f"#claim-{article.claims.get(text__contains='1750억개의 파라미터').pk}").is_visible()


def test_reviewer_is_told_a_source_is_needed_then_proposes(page, live_server, seed_article, claim_1750, reviewer):
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    card = page.locator(f"#claim-{claim_1750.pk}")
    # The page's one review form opens inside the card, with the focus on the first verdict.
    card.locator(".js-review").click()
    form = card.locator("form.js-review-form")
    expect(form.locator("input[value=verified]")).to_be_focused()
    assert page.locator("form.js-review-form").count() == 1
    form.locator("input[value=verified]").check()
    form.locator("textarea[name$=note]").fill("GPT-3 논문(Brown et al., 2020) 표 2.1과 일치")
    form.locator("button[type=submit]").click()

    # The claim's own page answers, with the message beside the form and what was typed kept.
    page.wait_for_url(f"**/claims/{claim_1750.pk}/review/")
    form = page.locator("form[action$='/review/']")
    assert form.locator("text=출처가 최소 1개 필요합니다").first.is_visible()
    expect(form.locator(".form-errors")).to_be_focused()  # the eye goes to the message, beside the form
    assert not Review.objects.exists()
    assert "GPT-3 논문" in form.locator("textarea[name$=note]").input_value()
    form.locator("input[value=verified]").check()
    form.locator("input[name$=source_1_url]").fill("https://arxiv.org/abs/2005.14165")
    form.locator("input[name$=source_1_title]").fill("Language Models are Few-Shot Learners")
    # Sources are added and removed in place: a third row, then the middle one taken out.
    form.locator("[data-add-source]").click()
    form.locator("input[name$=source_3_url]").fill("https://openai.com/research/gpt-3")
    form.locator("input[name$=source_3_title]").fill("OpenAI GPT-3")
    form.locator("[data-source-row]").nth(1).locator("[data-remove-source]").click()
    assert form.locator("[data-source-row]").count() == 2
    form.locator("button[type=submit]").click()

    page.wait_for_url(f"**/articles/{seed_article.pk}/#claim-{claim_1750.pk}")
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.proposal.verdict) == ("pending", "verified")
    assert [src.title for src in claim_1750.proposal.sources.all()] == [
        "Language Models are Few-Shot Learners",
        "OpenAI GPT-3",
    ]
    assert page.locator(f"#claim-{claim_1750.pk}").locator("text=교차 확인 대기: 사실 제안").is_visible()
