"""The article page while its claims are being extracted in a worker: a status the page script refreshes."""

from __future__ import annotations

import pytest

from factcheck import services
from factcheck.models import Article

pytestmark = pytest.mark.django_db

NEWS = "통계청은 지난해 실업률이 3.1%로 집계됐다고 15일 밝혔다.\n"


@pytest.fixture
def queued_article(editor):
    """Uploaded, its extraction task not run yet (as with the database task backend before a worker picks it up)."""
    return services.upload_article(user=editor, text=NEWS)


def test_a_queued_article_says_extraction_is_running_and_loads_the_status_script(editor_client, queued_article):
    html = editor_client.get(queued_article.get_absolute_url()).content.decode()

    assert queued_article.extraction_status == Article.ExtractionStatus.PENDING
    assert f'data-extraction-status data-status-url="/api/articles/{queued_article.pk}/"' in html
    assert "<strong>추출 중</strong>" in html
    assert ">주장을 추출하고 있습니다. 잠시 뒤 새로 고침하세요.</span>" in html  # what a page without JS says
    assert '<script src="/static/factcheck/extraction_status.js" defer></script>' in html


def test_the_script_can_read_the_status_with_the_page_session(editor_client, queued_article):
    response = editor_client.get(f"/api/articles/{queued_article.pk}/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json()["extraction_status"] == "pending"


def test_an_extracted_article_does_not_poll(reviewer_client, seed_article):
    html = reviewer_client.get(seed_article.get_absolute_url()).content.decode()

    assert seed_article.extraction_status == Article.ExtractionStatus.DONE
    assert "data-extraction-status" not in html
    assert "extraction_status.js" not in html
