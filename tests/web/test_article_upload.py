"""Uploading an article from the desk: paste or file, with the service's Korean messages on refusal."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck import ingest
from factcheck.models import Article

pytestmark = pytest.mark.django_db

URL = reverse("web:article-upload")


def _post(client, django_capture_on_commit_callbacks, data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, data)


def test_upload_form_is_multipart_with_csrf(editor_client):
    html = editor_client.get(URL).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html


def test_editor_pastes_an_article_and_lands_on_its_claims(
    editor_client, editor, seed_text, django_capture_on_commit_callbacks
):
    response = _post(editor_client, django_capture_on_commit_callbacks, {"text": seed_text, "outlet": "뉴스투데이"})

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert (article.outlet, article.uploaded_by, article.extraction_status) == ("뉴스투데이", editor, "done")
    assert article.claims.filter(text__contains="1750억개의 파라미터").exists()
    page = editor_client.get(response["Location"])
    assert "기사를 올렸습니다" in page.content.decode()


def test_editor_uploads_a_text_file(editor_client, django_capture_on_commit_callbacks):
    file = SimpleUploadedFile("news.txt", "정부는 올해 예산이 656조원이라고 밝혔다.\n".encode("cp949"))

    response = _post(editor_client, django_capture_on_commit_callbacks, {"file": file, "title": "예산 기사"})

    article = Article.objects.get()
    assert response.status_code == 302
    assert (article.title, article.source_format) == ("예산 기사", "txt")
    assert "656조원" in article.body


def test_empty_paste_is_refused_with_the_korean_message(editor_client):
    response = editor_client.post(URL, {"text": "   \n  "})

    assert response.status_code == 400
    assert str(ingest.MSG_EMPTY) in response.content.decode()
    assert not Article.objects.exists()


def test_title_without_a_body_is_refused(editor_client):
    response = editor_client.post(URL, {"title": "제목만"})

    assert response.status_code == 400
    assert str(ingest.MSG_EMPTY) in response.content.decode()
    assert not Article.objects.exists()


def test_pasted_text_and_a_file_together_are_refused_next_to_the_file_naming_it(editor_client):
    file = SimpleUploadedFile("기사.docx", b"PK\x03\x04")

    response = editor_client.post(URL, {"text": "다른 기사 본문입니다.", "file": file})

    message = "붙여넣은 본문과 파일(「기사.docx」)을 함께 보냈습니다. 둘 중 하나만 보내 주세요."
    form = response.context["form"]
    assert response.status_code == 400
    assert form.errors == {"file": [message]}  # next to the file field, nothing on top of the form
    assert form["text"].value() == "다른 기사 본문입니다."  # what was pasted is kept
    assert response.content.decode().count(message) == 1
    assert not Article.objects.exists()


def test_a_blank_textarea_beside_a_file_uploads_the_file(editor_client, django_capture_on_commit_callbacks):
    file = SimpleUploadedFile("news.txt", "정부는 올해 예산이 656조원이라고 밝혔다.\n".encode())

    response = _post(editor_client, django_capture_on_commit_callbacks, {"text": "  \r\n ", "file": file})

    assert response.status_code == 302
    assert Article.objects.get().source_format == "txt"


def test_upload_page_loads_its_script_and_has_a_status_region(editor_client):
    html = editor_client.get(URL).content.decode()

    assert '<script src="/static/factcheck/upload.js" defer></script>' in html
    assert 'role="status" aria-live="polite" data-upload-status' in html
    assert 'data-busy-text="기사를 올리고 주장을 추출하는 중입니다… 긴 기사는 몇십 초 걸릴 수 있습니다."' in html
    assert "<script>" not in html  # no inline script: the page works under a strict CSP


def test_oversized_upload_is_refused(editor_client, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    file = SimpleUploadedFile("long.txt", ("가" * 2000).encode("utf-8"))

    response = editor_client.post(URL, {"file": file})

    html = response.content.decode()
    assert response.status_code == 400
    assert "업로드 크기가 제한(1KB)을 넘었습니다" in html
    assert not Article.objects.exists()


def test_binary_file_is_refused(editor_client):
    file = SimpleUploadedFile("scan.txt", b"%PDF-1.7\n\x00\x01\x02binary")

    response = editor_client.post(URL, {"file": file})

    assert response.status_code == 400
    assert str(ingest.MSG_BINARY) in response.content.decode()
    assert not Article.objects.exists()


def test_invalid_metadata_url_is_shown_next_to_the_field(editor_client):
    response = editor_client.post(URL, {"text": "정부는 예산이 656조원이라고 밝혔다.", "url": "javascript:alert(1)"})

    assert response.status_code == 400
    assert response.context["form"].errors["url"] == [
        "원문 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다."
    ]
    assert not Article.objects.exists()


def test_duplicate_upload_links_to_the_existing_article(editor_client, seed_article, seed_text):
    response = editor_client.post(URL, {"text": seed_text + "\n\n"})

    html = response.content.decode()
    assert response.status_code == 409
    assert html.count("이미 등록된 기사입니다") == 1  # one message, not a form error beside it
    assert not response.context["form"].errors
    assert f'href="{seed_article.get_absolute_url()}">등록된 기사 보기</a>' in html
    assert Article.objects.count() == 1


def test_reviewer_cannot_upload(reviewer_client):
    assert reviewer_client.get(URL).status_code == 403

    response = reviewer_client.post(URL, {"text": "정부는 예산이 656조원이라고 밝혔다."})

    assert response.status_code == 403
    assert "기사를 올릴 권한이 없습니다" in response.content.decode()
    assert not Article.objects.exists()
