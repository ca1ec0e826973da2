"""Bulk import: a folder of articles in, one article per good file, claims from one batched extraction."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from factcheck import extraction, services
from factcheck.models import Article

WIRE_STORY = (
    "한국전력은 지난해 전력 판매량이 3.5% 감소했다고 12일 밝혔다.\n"
    '김철수 한국전력 사장은 "올해 설비 투자에 2조3000억원을 쓸 계획"이라고 말했다.\n'
    "전력 수요는 여름철에 가장 많다."
)


@pytest.fixture
def archive(tmp_path, seed_text):
    folder = tmp_path / "archive"
    (folder / "nested").mkdir(parents=True)
    (folder / "seed.txt").write_text(seed_text, encoding="utf-8")
    (folder / "nested" / "wire.txt").write_bytes(WIRE_STORY.encode("cp949"))
    (folder / "seed_v2.txt").write_bytes(b"\xef\xbb\xbf" + seed_text.encode("utf-8"))
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article format")
    return folder


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def test_folder_import_reports_each_file_and_extracts_claims(
    archive, editor, seed_text, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        code, out, err = run_import(str(archive), "--user", "editor", "--json")
    assert not callbacks, "bulk import extracts in its own batch, never one queued task per article"
    records = {r["path"].rsplit("/", 1)[-1]: r for r in map(json.loads, out.splitlines())}
    assert set(records) == {"seed.txt", "wire.txt", "seed_v2.txt", "broken.txt"}  # the .pdf is not an article
    assert code == 1 and "imported 2, duplicates skipped 1, failed 1" in err

    assert records["broken.txt"]["error"]["code"] == "binary"
    assert records["broken.txt"]["article"] is None
    assert records["seed_v2.txt"]["error"]["code"] == "duplicate_article"
    assert records["seed_v2.txt"]["duplicate_of"] == records["seed.txt"]["article"]
    assert Article.objects.count() == 2

    seed = Article.objects.get(pk=records["seed.txt"]["article"])
    expected = [(c.start, c.end) for c in extraction.claim_units(extraction.extract(seed_text))]
    assert sorted(seed.claims.values_list("start", "end")) == sorted(expected)
    assert records["seed.txt"]["claims"] == len(expected) > 10
    assert seed.extraction_status == Article.ExtractionStatus.DONE
    assert seed.extractor_version == extraction.EXTRACTOR_VERSION
    assert seed.uploaded_by == editor

    wire = Article.objects.get(pk=records["wire.txt"]["article"])
    assert wire.body == WIRE_STORY  # CP949 decoded
    claim = wire.claims.get(text__contains="2조3000억원")
    assert claim.speaker == "김철수 한국전력 사장"
    assert any(q["value"] == 2.3e12 for q in claim.quantities)


def test_text_report_and_clean_exit_when_every_file_imports(tmp_path, editor):
    (tmp_path / "wire.txt").write_text(WIRE_STORY, encoding="utf-8")
    code, out, err = run_import(str(tmp_path / "wire.txt"), "--user", "editor", "--outlet", "연합뉴스")
    assert code == 0
    assert out.startswith("ok ") and "claims)" in out
    assert Article.objects.get().outlet == "연합뉴스"
    assert "imported 1, duplicates skipped 0, failed 0" in err


def test_concurrent_workers_store_the_same_claims(tmp_path, editor, seed_text):
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    run_import(str(tmp_path), "--user", "editor", "--workers", "2")
    article = Article.objects.get()
    expected = [(c.start, c.end) for c in extraction.claim_units(extraction.extract(seed_text))]
    assert sorted(article.claims.values_list("start", "end")) == sorted(expected)


def test_only_editors_may_import_and_nothing_is_stored_otherwise(archive, reviewer):
    code, _, err = run_import(str(archive), "--user", "reviewer")
    assert code == 1 and "권한" in err
    assert not Article.objects.exists()


def test_unknown_user_and_missing_path_are_refused(tmp_path, editor):
    assert "no user named 'ghost'" in run_import(str(tmp_path), "--user", "ghost")[2]
    assert "no such file or folder" in run_import(str(tmp_path / "missing"), "--user", "editor")[2]
    assert "no .txt" in run_import(str(tmp_path), "--user", "editor")[2]  # an empty folder


def test_a_failing_batch_falls_back_to_one_article_at_a_time(editor, seed_text, monkeypatch):
    def broken_batch(*args, **kwargs):
        raise RuntimeError("kiwi batch crashed")

    monkeypatch.setattr(extraction, "extract_many", broken_batch)
    outcomes = services.import_articles(
        user=editor, files=[("a.txt", seed_text.encode()), ("b.txt", WIRE_STORY.encode())]
    )
    assert [o.article.extraction_status for o in outcomes] == [Article.ExtractionStatus.DONE] * 2
    assert all(o.article.claims.exists() for o in outcomes)


def test_a_bulk_import_notifies_nobody_even_when_the_batch_falls_back(editor, monkeypatch):
    from factcheck.models import Notification

    def broken_batch(texts, **kwargs):
        raise RuntimeError("batch failed")

    monkeypatch.setattr(extraction, "extract_many", broken_batch)  # one article at a time instead
    outcomes = services.import_articles(
        user=editor, files=[("a.txt", "통계청은 지난해 실업률이 3.1%로 집계됐다고 15일 밝혔다.".encode())]
    )

    assert outcomes[0].article.extraction_status == "done"
    assert not Notification.objects.exists()
