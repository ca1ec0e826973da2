"""Correcting the machine's cut from the pages: with the script's offsets, and without JavaScript (typed words)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from factcheck.models import Claim, Correction
from tests.web.conftest import GPT3_PAPER, review_data
from tests.workflow import finalise, fresh

pytestmark = pytest.mark.django_db

GOOGLE = "해외에서는 최근 구글이 1조6000억개의 파라미터를 가진 AI 모델을 개발했으며,"
OPENAI = "오픈AI는 약 100조개의 파라미터를 가진 GPT-4를 개발하고 있는 것으로 알려졌다."


def _split(client, claim, **fields):
    data = {"split-version": str(claim.version), **{f"split-{k}": v for k, v in fields.items()}}
    return client.post(reverse("web:claim-split", args=[claim.pk]), data)


def test_the_claim_page_offers_a_split_with_the_sentence_to_click(reviewer_client, two_models):
    html = reviewer_client.get(two_models.get_absolute_url()).content.decode()
    assert 'id="correct"' in html
    assert f'class="split-text" data-start="{two_models.start}" hidden>{two_models.text}</p>' in html
    assert 'name="split-starts_with"' in html


def test_split_by_the_words_the_second_claim_starts_with(reviewer_client, two_models):
    response = _split(reviewer_client, two_models, starts_with="오픈AI는 약")

    assert response.status_code == 302
    assert response.url == two_models.get_article_url()
    texts = set(Claim.objects.filter(article=two_models.article).values_list("text", flat=True))
    assert {GOOGLE, OPENAI} <= texts
    page = reviewer_client.get(response.url).content.decode()
    assert "주장을 둘로 나눴습니다." in page
    assert "✎ 사람이 고침" in page and "✎ 직접 추가" in page


def test_split_at_the_offset_the_script_sends(reviewer_client, two_models):
    at = two_models.article.body.index("오픈AI는", two_models.start)
    assert _split(reviewer_client, two_models, at=str(at)).status_code == 302
    assert fresh(two_models).text == GOOGLE


def test_a_split_word_that_is_not_in_the_claim_is_explained_beside_the_form(reviewer_client, two_models):
    response = _split(reviewer_client, two_models, starts_with="삼성전자는")

    assert response.status_code == 400
    html = response.content.decode()
    assert "본문에서 찾지 못했습니다" in html
    # The message sits in the split form, and the typed words are kept.
    form_html = html[html.index('class="split-form"') :]
    assert form_html.index("본문에서 찾지 못했습니다") < form_html.index("</form>")
    assert 'value="삼성전자는"' in form_html
    assert fresh(two_models).version == 1


def test_a_claim_with_a_verdict_offers_no_correction_and_refuses_one(
    reviewer_client, claim_1750, reviewer, other_reviewer
):
    finalise(claim_1750, reviewer, other_reviewer)
    claim = fresh(claim_1750)
    assert 'id="correct"' not in reviewer_client.get(claim.get_absolute_url()).content.decode()

    response = _split(reviewer_client, claim, at=str(claim.start + 5))
    assert response.status_code == 409
    assert "먼저 재검토로 돌리세요" in response.content.decode()


def test_merge_with_the_neighbour_shown_on_the_claim_page(reviewer_client, two_models):
    _split(reviewer_client, two_models, starts_with="오픈AI는 약")
    first = fresh(two_models)
    second = Claim.objects.get(article=first.article, text=OPENAI)
    html = reviewer_client.get(first.get_absolute_url()).content.decode()
    assert "뒤 주장과 합치기" in html

    response = reviewer_client.post(
        reverse("web:claim-merge", args=[first.pk]),
        {"merge-neighbour": second.pk, "merge-version": first.version, "merge-neighbour_version": second.version},
    )
    assert response.status_code == 302
    assert fresh(first).text == GOOGLE + " " + OPENAI
    assert not Claim.objects.filter(pk=second.pk).exists()


def test_respan_by_editing_the_text(editor_client, claim_1750):
    new_text = claim_1750.text[claim_1750.text.index("GPT-3") :]
    response = editor_client.post(
        reverse("web:claim-respan", args=[claim_1750.pk]), {"respan-text": new_text, "respan-version": "1"}
    )
    assert response.status_code == 302
    claim = fresh(claim_1750)
    assert (claim.text, claim.version) == (new_text, 2)
    history = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "범위 조정" in history and "고치기 전" in history


def test_a_missed_sentence_is_added_by_pasting_it(editor_client, seed_article):
    claimed = [(c.start, c.end) for c in seed_article.claims.all()]
    body = seed_article.body
    line = next(
        line for line in body.splitlines()
        if line.strip() and len(line) > 20
        and all(e <= body.index(line) or body.index(line) + len(line) <= s for s, e in claimed)
    )  # fmt: skip
    response = editor_client.post(reverse("web:article-add-claim", args=[seed_article.pk]), {"add-text": line})
    assert response.status_code == 302
    claim = Claim.objects.get(article=seed_article, origin="manual")
    assert claim.text == line.strip()
    assert Correction.objects.get().action == "add"


def test_adding_an_overlapping_claim_shows_the_error_in_the_add_form(editor_client, claim_1750):
    response = editor_client.post(
        reverse("web:article-add-claim", args=[claim_1750.article_id]), {"add-text": claim_1750.text}
    )
    assert response.status_code == 409
    html = response.content.decode()
    form_html = html[html.index('id="add-claim"') :]
    assert form_html.index("다른 주장과 겹칩니다") < form_html.index("</form>")


def test_outsiders_cannot_correct(outsider_client, two_models):
    response = _split(outsider_client, two_models, starts_with="오픈AI는 약")
    assert response.status_code in (403, 404)
    assert fresh(two_models).version == 1


def test_a_reload_of_a_correction_url_shows_the_claim(reviewer_client, two_models):
    response = reviewer_client.get(reverse("web:claim-split", args=[two_models.pk]))
    assert (response.status_code, response.url) == (302, two_models.get_absolute_url())


def test_a_verdict_cites_as_many_sources_as_the_reviewer_added(reviewer_client, claim_1750):
    sources = [{**GPT3_PAPER, "url": f"https://example.org/{i}", "title": f"자료 {i}"} for i in range(4)]
    data = review_data(claim_1750, verdict="verified", note="네 자료가 같은 수치", sources=sources)
    response = reviewer_client.post(reverse("web:claim-review", args=[claim_1750.pk]), data)
    assert response.status_code == 302
    assert fresh(claim_1750).proposal.sources.count() == 4


def test_more_than_ten_sources_is_refused_with_a_message(reviewer_client, claim_1750):
    sources = [{**GPT3_PAPER, "url": f"https://example.org/{i}"} for i in range(11)]
    data = review_data(claim_1750, verdict="verified", note="많은 자료", sources=sources)
    response = reviewer_client.post(reverse("web:claim-review", args=[claim_1750.pk]), data)
    assert response.status_code == 400
    assert "출처는 10개까지 붙일 수 있습니다." in response.content.decode()
    assert fresh(claim_1750).proposal is None


def test_the_article_page_has_one_review_form_however_many_claims(reviewer_client, seed_article):
    html = reviewer_client.get(seed_article.get_absolute_url()).content.decode()
    assert html.count('class="js-review-form"') == 1
    assert html.count("js-review") - 1 == seed_article.claims.filter(status="pending").count()
