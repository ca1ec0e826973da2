"""/api/articles/: uploading, reading, editing metadata and re-running extraction."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factcheck.models import Article, Claim

LG_PLAN = "LG는 초거대 AI 개발을 위해 향후 3년간 1억달러(약 1000억원) 이상을 투자할 계획이다."


# Upload ------------------------------------------------------------------------------------------


def test_uploading_json_text_stores_the_article_and_its_claims_index_the_body(upload, seed_text, editor):
    response = upload("editor", {"text": seed_text, "outlet": "뉴스투데이", "byline": "양대규 기자"})

    assert response.status_code == 201
    data = response.json()
    article = Article.objects.get()
    assert data["id"] == article.pk
    assert data["body"] == seed_text.rstrip() == article.body
    assert data["title"].startswith("[관점뉴스] 창조는 인간 전유물?")
    assert (data["outlet"], data["byline"], data["uploaded_by"]) == ("뉴스투데이", "양대규 기자", "editor")
    assert data["extraction_status"] in ("pending", "done")  # extraction runs after the upload commits
    assert data["detail_url"] == f"http://testserver/api/articles/{article.pk}/"
    assert article.uploaded_by == editor

    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    claims = list(article.claims.all())
    assert len(claims) >= 8
    for claim in claims:
        assert article.body[claim.start : claim.end] == claim.text


def test_article_detail_lists_its_claims_in_reading_order(client_as, seed_article):
    response = client_as("reviewer").get(f"/api/articles/{seed_article.pk}/")

    assert response.status_code == 200
    data = response.json()
    claims = seed_article.claims.order_by("start")
    assert [c["id"] for c in data["claims"]] == [c.pk for c in claims]
    assert data["claim_count"] == data["open_claim_count"] == claims.count()
    assert data["extraction_status"] == "done"
    first = claims[0]
    assert data["claims"][0] == {
        "id": first.pk,
        "text": first.text,
        "start": first.start,
        "end": first.end,
        "sentence_index": first.sentence_index,
        "score": first.score,
        "types": first.types,
        "speaker": first.speaker,
        "quantities": first.quantities,
        "dates": first.dates,
        "status": "pending",
        "is_stale": False,
        "version": 1,
        "assignee": None,
        "proposal": None,
        "origin": "extractor",
        "corrected_at": None,
    }
    for claim in data["claims"]:
        assert data["body"][claim["start"] : claim["end"]] == claim["text"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_notepad_unicode_file_is_stored_as_the_same_text(upload, seed_text, encoding):
    file = SimpleUploadedFile("메모장.txt", seed_text.encode(encoding), content_type="text/plain")

    response = upload("editor", {"file": file}, format="multipart")

    assert response.status_code == 201, response.json()
    assert Article.objects.get().body == seed_text.rstrip()


def test_multipart_txt_in_cp949_is_stored_as_the_same_unicode_text(upload, seed_text):
    file = SimpleUploadedFile("기사.txt", seed_text.encode("cp949"), content_type="text/plain")

    response = upload("editor", {"file": file, "outlet": "뉴스투데이"}, format="multipart")

    assert response.status_code == 201
    article = Article.objects.get()
    assert response.json()["body"] == article.body == seed_text.rstrip()
    assert article.source_format == "txt"
    assert article.claims.exists()


def test_nfd_text_is_stored_as_nfc(upload):
    nfd = unicodedata.normalize("NFD", LG_PLAN)
    assert nfd != LG_PLAN

    response = upload("editor", {"text": nfd})

    assert response.status_code == 201
    assert response.json()["body"] == LG_PLAN
    assert Article.objects.get().body == LG_PLAN


def test_text_is_kept_exactly_apart_from_trailing_whitespace(upload):
    response = upload("editor", {"text": "  " + LG_PLAN + "\n\n"})

    assert response.status_code == 201
    assert Article.objects.get().body == "  " + LG_PLAN


@pytest.mark.parametrize(
    ("data", "code", "detail_starts"),
    [
        ({"text": ""}, "empty", "기사 본문이 비어 있습니다."),
        ({"text": " \n\u200b\t "}, "empty", "기사 본문이 비어 있습니다."),
        ({"text": "본문\x00\x01\x02"}, "binary", "텍스트 파일이 아닌 것 같습니다"),
        ({}, "no_input", "기사 본문을 붙여넣거나 파일 하나를 올려 주세요."),
    ],
    ids=["empty", "only-invisible", "nul-bytes", "nothing"],
)
def test_bad_json_upload_is_refused_with_a_specific_code(upload, data, code, detail_starts):
    response = upload("editor", data)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"].startswith(detail_starts)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("빈파일.txt", b"", "empty"),
        ("사진.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("보고서.pdf", b"%PDF-1.7 ...", "unsupported_type"),
        ("기사.hwp", "한글 문서".encode(), "unsupported_type"),
        ("기사", "확장자 없음".encode(), "unsupported_type"),
        ("깨진.docx", b"not a zip file", "bad_docx"),
    ],
    ids=["empty", "binary", "pdf", "hwp", "no-extension", "broken-docx"],
)
def test_bad_file_upload_is_refused_with_a_specific_code(upload, name, content, code):
    file = SimpleUploadedFile(name, content)

    response = upload("editor", {"file": file}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Article.objects.exists()


def test_unsupported_type_error_names_the_supported_formats(upload):
    response = upload("editor", {"file": SimpleUploadedFile("보고서.pdf", b"%PDF-1.7")}, format="multipart")

    assert response.json() == {
        "code": "unsupported_type",
        "detail": "지원하지 않는 파일 형식입니다. 지원 형식: .txt, .docx, .html, .htm. "
        "다른 형식(PDF, HWP 등)은 본문을 복사해 붙여넣어 주세요.",
    }


@pytest.mark.parametrize("format", ["json", "multipart"])
def test_oversize_upload_is_refused(upload, settings, seed_text, format):
    settings.MAX_UPLOAD_BYTES = 1024
    assert len(seed_text.encode()) > 1024
    data = {"text": seed_text} if format == "json" else {"file": SimpleUploadedFile("a.txt", seed_text.encode())}

    response = upload("editor", data, format=format)

    assert response.status_code == 400
    assert response.json() == {
        "code": "too_large",
        "detail": "업로드 크기가 제한(1KB)을 넘었습니다. 기사 본문만 남겨 1KB 이하로 줄여 주세요.",
    }
    assert not Article.objects.exists()


def test_sending_text_and_file_together_is_refused_naming_the_file(upload):
    data = {"text": LG_PLAN, "file": SimpleUploadedFile("기사.txt", LG_PLAN.encode())}

    response = upload("editor", data, format="multipart")

    message = "붙여넣은 본문과 파일(「기사.txt」)을 함께 보냈습니다. 둘 중 하나만 보내 주세요."
    assert response.status_code == 400
    assert response.json() == {"code": "text_and_file", "detail": message, "file": message}
    assert not Article.objects.exists()


def test_empty_text_beside_a_file_uploads_the_file(upload):
    data = {"text": "", "file": SimpleUploadedFile("기사.txt", LG_PLAN.encode())}

    response = upload("editor", data, format="multipart")

    assert response.status_code == 201
    assert (response.json()["source_format"], response.json()["body"]) == ("txt", LG_PLAN)


def test_outlet_and_byline_come_from_the_credit_line(upload):
    response = upload("editor", {"text": "[아이뉴스24 김민수 기자] " + LG_PLAN})

    assert response.status_code == 201
    data = response.json()
    assert (data["outlet"], data["byline"], data["title"]) == ("아이뉴스24", "김민수 기자", LG_PLAN)
    assert data["body"] == "[아이뉴스24 김민수 기자] " + LG_PLAN


def test_invalid_metadata_is_refused_with_the_field_named(upload):
    response = upload("editor", {"text": LG_PLAN, "url": "javascript:alert(1)"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_metadata",
        "detail": "원문 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다.",
        "url": "원문 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다.",
    }
    assert not Article.objects.exists()


def test_duplicate_upload_is_a_conflict_pointing_to_the_existing_article(upload, seed_article, seed_text):
    # Zero-width characters and doubled spaces do not make it a different article.
    text = seed_text.replace("LG AI연구원", "LG\u200b AI연구원", 1).replace(" ", "  ", 2)

    response = upload("editor", {"text": text})

    assert response.status_code == 409
    assert response.json() == {
        "code": "duplicate_article",
        "detail": f"이미 등록된 기사입니다: 「{seed_article.title}」",
        "article_id": seed_article.pk,
    }
    assert Article.objects.count() == 1


def test_reviewer_cannot_upload(upload):
    response = upload("reviewer", {"text": LG_PLAN})

    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "detail": "기사를 올릴 권한이 없습니다. 편집자 계정으로 로그인하세요.",
    }
    assert not Article.objects.exists()


# Metadata ----------------------------------------------------------------------------------------


def test_editor_edits_metadata_and_omitted_fields_keep_their_value(client_as, seed_article):
    response = client_as("editor").patch(
        f"/api/articles/{seed_article.pk}/",
        {"byline": "양대규 기자", "url": "https://www.news2day.co.kr/article/20211214500153", "published_at": None},
        format="json",
    )

    assert response.status_code == 200
    seed_article.refresh_from_db()
    assert seed_article.byline == response.json()["byline"] == "양대규 기자"
    assert seed_article.url == "https://www.news2day.co.kr/article/20211214500153"
    assert seed_article.outlet == "뉴스투데이"
    assert seed_article.title.startswith("[관점뉴스]")
    assert len(response.json()["claims"]) == seed_article.claims.count()


def test_published_at_is_parsed_with_its_offset(client_as, seed_article):
    response = client_as("editor").patch(
        f"/api/articles/{seed_article.pk}/", {"published_at": "2021-12-14T10:30:00+09:00"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["published_at"] == "2021-12-14T10:30:00+09:00"
    seed_article.refresh_from_db()
    assert seed_article.published_at.isoformat() == "2021-12-14T01:30:00+00:00"


def test_the_body_cannot_be_edited(client_as, seed_article):
    body, title = seed_article.body, seed_article.title

    response = client_as("editor").patch(
        f"/api/articles/{seed_article.pk}/", {"body": "다른 본문", "title": "새 제목"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "입력값을 확인해 주세요.",
        "errors": {"body": ["기사 본문은 수정할 수 없습니다. 고친 본문은 새 기사로 올려 주세요."]},
    }
    seed_article.refresh_from_db()
    assert (seed_article.body, seed_article.title) == (body, title)


def test_title_cannot_be_blanked(client_as, seed_article):
    response = client_as("editor").patch(f"/api/articles/{seed_article.pk}/", {"title": "  "}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_metadata",
        "detail": "제목을 입력해 주세요.",
        "title": "제목을 입력해 주세요.",
    }


def test_put_is_not_offered(client_as, seed_article):
    response = client_as("editor").put(f"/api/articles/{seed_article.pk}/", {"title": "x"}, format="json")

    assert response.status_code == 405


# Extraction --------------------------------------------------------------------------------------


def test_editor_reruns_extraction(client_as, seed_article, django_capture_on_commit_callbacks):
    Article.objects.filter(pk=seed_article.pk).update(extraction_status="failed", extraction_error="boom")
    claim_ids = set(seed_article.claims.values_list("id", flat=True))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_as("editor").post(f"/api/articles/{seed_article.pk}/extract/")

    assert response.status_code == 202
    assert response.json()["id"] == seed_article.pk
    assert response.json()["extraction_status"] == "pending"
    assert response.json()["extraction_error"] == ""
    assert len(callbacks) == 1
    seed_article.refresh_from_db()
    assert seed_article.extraction_status == Article.ExtractionStatus.DONE
    # Unreviewed claims are replaced by a fresh extraction of the same text.
    assert Claim.objects.filter(article=seed_article).count() == len(claim_ids)


# List --------------------------------------------------------------------------------------------


def test_article_list_item(client_as, seed_article):
    response = client_as("editor").get("/api/articles/")

    assert response.status_code == 200
    count = seed_article.claims.count()
    assert response.json() == {
        "count": 1,
        "count_exact": True,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": seed_article.pk,
                "title": seed_article.title,
                "outlet": "뉴스투데이",
                "byline": "양대규 기자",  # from the credit line "[뉴스투데이=양대규 기자]"
                "published_at": None,
                "url": "",
                "extraction_status": "done",
                "claim_count": count,
                "open_claim_count": count,
                "created_at": response.json()["results"][0]["created_at"],
                "detail_url": f"http://testserver/api/articles/{seed_article.pk}/",
            }
        ],
    }


def test_open_claim_count_leaves_out_reviewed_claims(client_as, seed_article):
    seed_article.claims.filter(pk=seed_article.claims.first().pk).update(status="dismissed")

    item = client_as("editor").get("/api/articles/").json()["results"][0]

    assert item["open_claim_count"] == item["claim_count"] - 1


def test_articles_filter_by_extraction_status_and_title(client_as, seed_article, make_article):
    pending = make_article(2, title="전기차 보조금 예산")
    Article.objects.filter(pk=pending.pk).update(extraction_status="pending")
    client = client_as("editor")

    def ids(query: str) -> list[int]:
        return [a["id"] for a in client.get("/api/articles/" + query).json()["results"]]

    assert ids("?extraction_status=pending") == [pending.pk]
    assert ids("?extraction_status=done") == [seed_article.pk]
    assert ids("?q=보조금") == [pending.pk]
    assert ids("?q=초거대") == [seed_article.pk]
    assert ids("") == [pending.pk, seed_article.pk]  # newest first


def test_unknown_extraction_status_is_a_400(client_as, seed_article):
    response = client_as("editor").get("/api/articles/?extraction_status=lost")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == ["extraction_status"]


def test_article_list_query_count_does_not_grow_with_page_size(
    client_as, seed_article, make_article, django_assert_num_queries
):
    for i in range(11):
        make_article(3, title=f"기사 {i}")
    client = client_as("editor")

    # session, user, user permissions + group permissions (can_view_desk), COUNT(*),
    # one page of articles with their claim counts and uploader joined in
    for page_size in (5, 50):
        with django_assert_num_queries(6):
            response = client.get(f"/api/articles/?page_size={page_size}")
        assert len(response.json()["results"]) == min(page_size, 12)


def test_an_upload_whose_text_is_over_the_character_cap_stores_nothing(upload, settings):
    settings.MAX_ARTICLE_CHARS = 5_000
    text = "정부는 올해 예산을 30% 늘렸다고 밝혔다. " * 300  # ~7,000 characters, 20 KB

    response = upload("editor", {"text": text}, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "too_long")
    assert "5,000" in response.json()["detail"]
    assert not Article.objects.exists()
