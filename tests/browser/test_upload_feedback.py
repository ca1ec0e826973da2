"""No silent waits: the upload page says it is working, the article page follows an extraction in a worker."""

from __future__ import annotations

import pytest

from factcheck import services
from factcheck.models import Article
from tests.browser.test_desk_in_a_browser import log_in

# transaction=True: the live server thread must see committed rows (see `roles` in conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)

NEWS = "통계청은 지난해 실업률이 3.1%로 집계됐다고 15일 밝혔다.\n"
BUSY = "기사를 올리고 주장을 추출하는 중입니다… 긴 기사는 몇십 초 걸릴 수 있습니다."


def test_on_submit_the_button_is_disabled_and_a_status_says_why(page, live_server, editor, monkeypatch):
    monkeypatch.setattr("factcheck.extraction.extract", lambda text, **kwargs: [])
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/articles/new/")
    page.fill("textarea[name=text]", NEWS)
    # The old page cannot be inspected while its navigation is under way: a listener registered after
    # upload.js's keeps what the page showed at submit time, in the tab's sessionStorage.
    page.evaluate(
        """() => {
          const form = document.querySelector("[data-upload-form]");
          form.addEventListener("submit", () => sessionStorage.setItem("at-submit", JSON.stringify({
            disabled: form.querySelector("button[type=submit]").disabled,
            busy: form.getAttribute("aria-busy"),
            status: form.querySelector("[data-upload-status]").textContent,
          })));
        }"""
    )
    page.click("form[data-upload-form] button[type=submit]")

    page.wait_for_url("**/articles/*/")
    seen = page.evaluate("() => JSON.parse(sessionStorage.getItem('at-submit'))")
    assert seen == {"disabled": True, "busy": "true", "status": BUSY}
    assert Article.objects.count() == 1


def test_the_article_page_reloads_itself_when_the_worker_is_done(page, live_server, editor, monkeypatch):
    monkeypatch.setattr("factcheck.extraction.extract", lambda text, **kwargs: [])
    article = services.upload_article(user=editor, text=NEWS)
    Article.objects.filter(pk=article.pk).update(extraction_status=Article.ExtractionStatus.PENDING)

    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    box = page.locator("[data-extraction-status]")
    box.get_by_text("끝나면 이 페이지를 저절로 새로 고칩니다").wait_for()

    Article.objects.filter(pk=article.pk).update(extraction_status=Article.ExtractionStatus.DONE)
    box.wait_for(state="detached")  # the page reloaded and shows the finished article
    assert page.locator("text=검증할 만한 주장을 찾지 못했습니다.").is_visible()
