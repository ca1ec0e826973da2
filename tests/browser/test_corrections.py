"""Correcting the machine's cut in a real browser: click to split, select in the body to add a claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from factcheck.models import Claim, Correction
from tests.browser.test_desk_in_a_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
OPENAI = "오픈AI는 약 100조개의 파라미터를 가진 GPT-4를 개발하고 있는 것으로 알려졌다."

# Put a collapsed selection `offset` characters into the element's text and click there, as a reader
# clicking between two characters does (Playwright cannot aim at a character).
CLICK_AT = """([selector, offset]) => {
  const el = document.querySelector(selector);
  const range = document.createRange();
  range.setStart(el.firstChild, offset);
  range.collapse(true);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  el.dispatchEvent(new MouseEvent("click", {bubbles: true}));
}"""

# Select the body text between two body offsets, across the page's text pieces.
SELECT_BODY = """([start, end]) => {
  const pieces = [...document.querySelectorAll("[data-article-body] [data-start]")];
  const at = (offset) => {
    const piece = pieces.filter((p) => +p.dataset.start <= offset).pop();
    return [piece.firstChild, offset - +piece.dataset.start];
  };
  const range = document.createRange();
  range.setStart(...at(start));
  range.setEnd(...at(end));
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}"""


def test_a_reviewer_splits_the_two_model_sentence_by_clicking_where_to_cut(
    page, live_server, seed_article, two_models, reviewer
):
    claim = two_models
    cut = claim.text.index("오픈AI는")
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")

    sentence = page.locator(".split-text")
    expect(sentence).to_be_visible()  # the script shows the sentence to click in
    page.evaluate(CLICK_AT, [".split-text", cut])
    expect(page.locator(".split-preview")).to_contain_text("」 / 「오픈AI는")
    assert page.locator("[name=split-at]").input_value() == str(claim.start + cut)
    page.screenshot(path=str(ARTIFACTS / "claim-split.png"), full_page=True)
    page.locator(".split-form button[type=submit]").click()

    page.wait_for_url(f"**/articles/{seed_article.pk}/#claim-{claim.pk}")
    expect(page.locator("text=주장을 둘로 나눴습니다.")).to_be_visible()
    second = Claim.objects.get(article=seed_article, text=OPENAI)
    assert Claim.objects.get(pk=claim.pk).text.endswith("개발했으며,")
    expect(page.locator(f"#claim-{second.pk}")).to_contain_text("✎ 직접 추가")


def test_an_editor_adds_a_missed_sentence_by_selecting_it_in_the_body(page, live_server, seed_article):
    body = seed_article.body
    taken = list(seed_article.claims.values_list("start", "end"))
    start = 0
    for line in body.split("\n"):
        end = start + len(line)
        if line.strip() and len(line) > 20 and all(e <= start or end <= s for s, e in taken):
            break
        start = end + 1
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")

    page.evaluate(SELECT_BODY, [start, end])
    form = page.locator("#add-claim")
    assert form.locator("[name=add-start]").input_value() == str(start)
    expect(form.locator("[name=add-text]")).to_have_value(line.strip())
    form.locator("button[type=submit]").click()

    page.wait_for_url(f"**/articles/{seed_article.pk}/#claim-*")
    manual = Claim.objects.get(article=seed_article, origin="manual")
    assert manual.text == line.strip()
    assert Correction.objects.get().action == "add"
    expect(page.locator(f"#claim-{manual.pk}")).to_be_visible()
