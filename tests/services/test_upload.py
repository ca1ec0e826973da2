"""Uploading through the service: what fills the metadata the editor left empty, and what is refused."""

from __future__ import annotations

import pytest

from factcheck import services
from factcheck.errors import InvalidUpload
from factcheck.models import Article

CREDITED = "(서울=연합뉴스) 홍길동 기자 = 통계청은 지난해 실업률이 3.1%로 집계됐다고 15일 밝혔다.\n"
TEXT_AND_FILE = "붙여넣은 본문과 파일(「기사.docx」)을 함께 보냈습니다. 둘 중 하나만 보내 주세요."


@pytest.fixture
def upload(editor, django_capture_on_commit_callbacks, monkeypatch):
    """upload(text=… or file_name=…, file_data=…, **meta) → the stored Article; the engine finds no claims."""
    monkeypatch.setattr("factcheck.extraction.extract", lambda text, **kwargs: [])

    def _upload(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            article = services.upload_article(user=editor, **kwargs)
        article.refresh_from_db()
        return article

    return _upload


def test_outlet_and_byline_come_from_the_credit_line_when_left_empty(upload):
    article = upload(text=CREDITED)

    assert (article.outlet, article.byline) == ("연합뉴스", "홍길동 기자")
    assert article.body == CREDITED.rstrip()  # the credit line stays in the body
    assert article.title == "통계청은 지난해 실업률이 3.1%로 집계됐다고 15일 밝혔다."  # not the credit


def test_what_the_editor_typed_is_never_replaced_by_the_credit_line(upload):
    article = upload(text=CREDITED, outlet="연합뉴스TV", byline="  ")

    assert (article.outlet, article.byline) == ("연합뉴스TV", "홍길동 기자")  # blank is empty, typed is kept


def test_an_article_without_a_credit_line_keeps_outlet_and_byline_empty(upload):
    article = upload(text="통계청은 지난해 실업률이 3.1%로 집계됐다고 15일 밝혔다.")

    assert (article.outlet, article.byline) == ("", "")


def test_html_page_gives_title_without_the_site_and_the_outlet(upload):
    html = (
        '<html><head><meta charset="utf-8"><title>실업률 3.1% 집계 - 테스트뉴스</title>'
        '<meta property="og:site_name" content="테스트뉴스"></head>'
        "<body><article><p>통계청은 지난해 실업률이 3.1%로 집계됐다고 15일 밝혔다.</p></article></body></html>"
    )

    article = upload(file_name="page.html", file_data=html.encode())
    typed = upload(file_name="page2.html", file_data=html.replace("통계청은", "통계청이").encode(), title="내 제목")

    assert (article.title, article.outlet, article.byline) == ("실업률 3.1% 집계", "테스트뉴스", "")
    assert (typed.title, typed.outlet) == ("내 제목", "테스트뉴스")


def test_text_and_a_file_together_are_refused_naming_the_file(editor):
    with pytest.raises(InvalidUpload) as excinfo:
        services.upload_article(user=editor, text=CREDITED, file_name="기사.docx", file_data=b"PK\x03\x04")

    assert excinfo.value.code == "text_and_file"
    assert excinfo.value.message == TEXT_AND_FILE
    assert excinfo.value.details == {"file": TEXT_AND_FILE}
    assert not Article.objects.exists()


def test_a_blank_textarea_beside_a_file_uploads_the_file(upload):
    article = upload(text=" \n\u200b", file_name="기사.txt", file_data=CREDITED.encode("cp949"))

    assert (article.source_format, article.body) == ("txt", CREDITED.rstrip())


def test_nothing_at_all_is_still_no_input(editor):
    with pytest.raises(InvalidUpload) as excinfo:
        services.upload_article(user=editor)

    assert excinfo.value.code == "no_input"
    assert not Article.objects.exists()
