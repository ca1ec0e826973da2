"""Bulk import: a folder of articles in, one article per good file, claims from one batched extraction."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils.translation import gettext

from factcheck import extraction, services
from factcheck.models import Article, Claim

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


# --- Chunked import at scale: chunks, duplicates, interrupt and resume, the database backend, the progress bar.

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
INTERRUPTED = "interrupted: %(imported)d imported, run the same command again to import the rest"


def said(message: str, **values) -> str:
    """A message of the command as the editor reads it, in the desk's language."""
    return gettext(message) % values if values else gettext(message)


def short_story(i: int) -> str:
    """A wire story with two claims; each number gives another body (and content hash)."""
    return (
        f"통계청은 지난해 실업률이 {i}.1%로 집계됐다고 15일 밝혔다.\n"
        f'김철수 기획재정부 장관은 "올해 예산 {i + 2}조원을 일자리에 쓸 계획"이라고 말했다.'
    )


@pytest.fixture
def stories(tmp_path):
    """Five story files, sorted as the command reads them (the command sorts a folder's files)."""
    folder = tmp_path / "stories"
    folder.mkdir()
    for i in range(5):
        (folder / f"story{i}.txt").write_text(short_story(i + 1), encoding="utf-8")
    return folder


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_import_on(stdout, stderr, *args):
    try:
        call_command("import_articles", *args, stdout=stdout, stderr=stderr)
        return 0
    except CommandError as exc:
        stderr.write(str(exc))
        return exc.returncode


def expected_claims(body: str) -> list[dict]:
    """What replace_claims stores for a new article: one row per claim unit, the extractor's fields."""
    from factcheck.services.extraction import claim_fields

    units = extraction.claim_units(extraction.extract(body))
    return sorted(({"start": u.start, "end": u.end, **claim_fields(u)} for u in units), key=lambda c: c["start"])


def stored_claims(article: Article) -> list[dict]:
    fields = ["start", "end", "text", "sentence_index", "score", "types", "speaker", "quantities", "dates"]
    fields += ["evidence", "search_terms"]
    return list(article.claims.order_by("start").values(*fields))


def test_chunks_store_every_article_with_the_claims_a_single_extraction_stores(stories, editor):
    code, out, err = run_import(str(stories), "--user", "editor", "--batch-size", "2", "--json")

    assert code == 0 and "imported 5, duplicates skipped 0, failed 0" in err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["path"].rsplit("/", 1)[-1] for r in records] == [f"story{i}.txt" for i in range(5)]
    for record in records:
        article = Article.objects.get(pk=record["article"])
        assert stored_claims(article) == expected_claims(article.body) != []
        assert record["claims"] == article.claims.count()
        assert record["status"] == article.extraction_status == Article.ExtractionStatus.DONE
        assert article.extractor_version == extraction.EXTRACTOR_VERSION
        assert article.extracted_at is not None and article.extraction_attempts == 1
        assert article.extraction_owner and article.extraction_error == ""
        assert article.claims.filter(status="pending", origin="extractor", is_stale=False).count() == record["claims"]
    # Three chunks, three runs: each chunk's articles share one run id.
    assert Article.objects.values("extraction_owner").distinct().count() == 3


def test_duplicates_within_and_across_chunks_are_skipped_and_point_at_the_article(tmp_path, editor):
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "a1.txt").write_text(short_story(1), encoding="utf-8")
    (folder / "a2.txt").write_text("\ufeff" + short_story(1) + "\n\n", encoding="utf-8")  # same chunk, same text
    (folder / "b1.txt").write_text(short_story(2), encoding="utf-8")
    (folder / "b2.txt").write_text(short_story(3), encoding="utf-8")
    (folder / "c1.txt").write_text(short_story(2), encoding="utf-8")  # next chunk, a text of the first
    (folder / "c2.txt").write_text(short_story(3).replace("\n", "\n\n"), encoding="utf-8")  # only whitespace differs

    code, out, err = run_import(str(folder), "--user", "editor", "--batch-size", "3", "--json")

    records = {r["path"].rsplit("/", 1)[-1]: r for r in map(json.loads, out.splitlines())}
    assert code == 0 and "imported 3, duplicates skipped 3, failed 0" in err
    assert Article.objects.count() == 3
    for duplicate, original in [("a2.txt", "a1.txt"), ("c1.txt", "b1.txt"), ("c2.txt", "b2.txt")]:
        assert records[duplicate]["article"] is None
        assert records[duplicate]["error"]["code"] == "duplicate_article"
        assert records[duplicate]["duplicate_of"] == records[original]["article"]
    assert all(a.claims.count() == 2 for a in Article.objects.all())


def test_a_bad_file_or_a_text_the_extractor_fails_on_fails_only_itself(stories, editor, monkeypatch):
    (stories / "story2.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    real_extract = extraction.extract

    def extract_many_fails(texts, **kwargs):
        raise RuntimeError("kiwi batch crashed")

    def extract_fails_on_story4(text, **kwargs):
        if "실업률이 5.1%" in text:
            raise ValueError("hostile text")
        return real_extract(text, **kwargs)

    monkeypatch.setattr(extraction, "extract_many", extract_many_fails)  # the batch falls back text by text
    monkeypatch.setattr(extraction, "extract", extract_fails_on_story4)
    code, out, err = run_import(str(stories), "--user", "editor", "--batch-size", "5", "--json")

    records = {r["path"].rsplit("/", 1)[-1]: r for r in map(json.loads, out.splitlines())}
    assert code == 1 and "imported 4, duplicates skipped 0, failed 1" in err
    assert records["story2.txt"]["error"]["code"] == "binary"
    failed = Article.objects.get(pk=records["story4.txt"]["article"])
    assert (failed.extraction_status, failed.extraction_error) == ("failed", "ValueError: hostile text")
    assert records["story4.txt"]["status"] == "failed" and not failed.claims.exists()
    done = Article.objects.exclude(pk=failed.pk)
    assert [a.extraction_status for a in done] == ["done"] * 3
    assert all(stored_claims(a) == expected_claims(a.body) for a in done)


def test_a_chunk_costs_the_same_queries_whatever_its_number_of_articles(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.import_articles(user=editor, files=[("first.txt", WIRE_STORY.encode())])  # the role, read once

    def queries_of_one_chunk(n: int, offset: int) -> list[str]:
        files = [(f"s{i}.txt", short_story(offset + i).encode()) for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            outcomes = services.import_articles(user=editor, files=files, batch_size=n)
        assert [o.claims for o in outcomes] == [2] * n
        return [q["sql"] for q in queries]

    # 1 the articles on the desk with the chunk's content hashes (its duplicates)
    # 2 savepoint, 3 INSERT the chunk's articles, 4 UPDATE: the run's lease on them
    # 5 savepoint, 6 SELECT ... FOR UPDATE the articles the run still holds, 7 which of them have claims already
    # 8 INSERT every claim of the chunk, 9 UPDATE: the articles done, 10-11 release the savepoints
    # 12 the articles as committed, with their claim counts (for the report)
    # (On SQLite an INSERT holds at most 999 values, so past ~50 articles or claims Django splits it.)
    small, large = queries_of_one_chunk(2, 0), queries_of_one_chunk(6, 10)
    assert len(small) == len(large) == 12, large


def test_ctrl_c_rolls_back_the_chunk_and_the_same_command_imports_the_rest(stories, editor, monkeypatch):
    from factcheck.services import extraction as extraction_service

    real_store = extraction_service.store_extracted
    chunks = []

    def interrupted_on_the_second_chunk(article_ids, results):
        real_store(article_ids, results)  # the chunk's articles and claims are written, not yet committed
        chunks.append(article_ids)
        if len(chunks) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(extraction_service, "store_extracted", interrupted_on_the_second_chunk)
    code, out, err = run_import(str(stories), "--user", "editor", "--batch-size", "2")

    assert code == 130
    assert "imported 2, duplicates skipped 0, failed 0" in err
    assert said(INTERRUPTED, imported=2) in err
    assert [line.split()[0] for line in out.splitlines()] == ["ok", "ok"]  # the committed chunk only
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(
        short_story(i).split("\n")[0] for i in (1, 2)
    )
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"done"}
    assert Claim.objects.count() == 4  # the second chunk's claims went with its articles

    monkeypatch.setattr(extraction_service, "store_extracted", real_store)
    code, out, err = run_import(str(stories), "--user", "editor", "--batch-size", "2", "--json")

    assert code == 0 and "imported 3, duplicates skipped 2, failed 0" in err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["error"]["code"] for r in records[:2]] == ["duplicate_article"] * 2
    assert all(r["status"] == "done" for r in records[2:])
    assert Article.objects.count() == 5
    assert Article.objects.values("content_hash").distinct().count() == 5
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"done"}
    assert Claim.objects.count() == 10
    assert all(stored_claims(a) == expected_claims(a.body) for a in Article.objects.all())


def test_ctrl_c_while_kiwi_works_writes_nothing_of_that_chunk(stories, editor, monkeypatch):
    from factcheck.services import extraction as extraction_service

    real_extract_texts = extraction_service.extract_texts
    calls = []

    def interrupted_in_the_second_chunk(texts, **kwargs):
        calls.append(texts)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_extract_texts(texts, **kwargs)

    monkeypatch.setattr(extraction_service, "extract_texts", interrupted_in_the_second_chunk)
    code, _, err = run_import(str(stories), "--user", "editor", "--batch-size", "2")

    assert code == 130 and said(INTERRUPTED, imported=2) in err
    assert Article.objects.count() == 2
    assert not Article.objects.exclude(extraction_status="done").exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_backend_queues_one_batch_task_per_chunk_that_workers_share(stories, editor, monkeypatch):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    from factcheck.tasks import extract_batch_task

    code, out, err = run_import(str(stories), "--user", "editor", "--batch-size", "2")

    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["queued"] * 5
    assert said("%(count)d articles queued for extraction by the database task workers (db_worker)", count=5) in err
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"pending"}
    assert not Claim.objects.exists()
    tasks = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [t.task_path for t in tasks] == [extract_batch_task.module_path] * 3
    assert [t.status for t in tasks] == [TaskResultStatus.READY] * 3
    ids = sorted(Article.objects.values_list("pk", flat=True))
    assert [t.args_kwargs["args"][0] for t in tasks] == [ids[0:2], ids[2:4], ids[4:5]]

    def worker(name: str, max_tasks: int | None) -> db_worker.Worker:
        options = {"queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default"}
        return db_worker.Worker(
            **options, startup_delay=False, max_tasks=max_tasks, worker_id=name, excluded_queue_names=[]
        )

    # The library's worker loop, in this process: it must not close the connection holding the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    worker("worker-c", max_tasks=1).run()  # two machines' workers take the chunks between them
    worker("worker-d", max_tasks=None).run()

    assert sorted(DBTaskResult.objects.values_list("worker_ids", flat=True)) == [
        ["worker-c"],
        ["worker-d"],
        ["worker-d"],
    ]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    for article in Article.objects.all():
        assert (article.extraction_status, article.extraction_attempts) == ("done", 1)
        assert stored_claims(article) == expected_claims(article.body)

    # A task that runs again (a duplicate row, a retried chunk) finds nothing queued and changes nothing.
    before = list(Claim.objects.order_by("pk").values_list("pk", "updated_at"))
    extract_batch_task.call(ids)
    assert list(Claim.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert set(Article.objects.values_list("extraction_attempts", flat=True)) == {1}


@override_settings(TASKS=DATABASE_TASKS)
def test_a_queued_chunk_commits_with_its_task_so_ctrl_c_leaves_no_article_without_one(stories, editor, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from factcheck.services import extraction as extraction_service

    real_enqueue = extraction_service.enqueue_batch
    chunks = []

    def interrupted_after_queueing_the_second_chunk(article_ids):
        real_enqueue(article_ids)
        chunks.append(article_ids)
        if len(chunks) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(extraction_service, "enqueue_batch", interrupted_after_queueing_the_second_chunk)
    code, _, err = run_import(str(stories), "--user", "editor", "--batch-size", "2")
    assert code == 130 and said(INTERRUPTED, imported=2) in err
    assert Article.objects.count() == 2 and DBTaskResult.objects.count() == 1

    monkeypatch.setattr(extraction_service, "enqueue_batch", real_enqueue)
    code, _, err = run_import(str(stories), "--user", "editor", "--batch-size", "2")
    assert code == 0 and "imported 3, duplicates skipped 2, failed 0" in err

    queued = sorted(pk for row in DBTaskResult.objects.all() for pk in row.args_kwargs["args"][0])
    assert queued == sorted(Article.objects.values_list("pk", flat=True))  # every article in exactly one task


def test_without_workers_a_rerun_extracts_the_articles_a_database_backend_import_left_queued(stories, editor):
    with override_settings(TASKS=DATABASE_TASKS):
        run_import(str(stories), "--user", "editor", "--batch-size", "2")
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"pending"}

    code, out, err = run_import(str(stories), "--user", "editor", "--batch-size", "2", "--json")  # the laptop default

    assert code == 0
    assert "imported 0, duplicates skipped 5, failed 0" in err
    assert said("%(count)d duplicates were still waiting for extraction and are extracted now", count=5) in err
    records = [json.loads(line) for line in out.splitlines()]
    assert all(r["resumed"] and r["status"] == "done" and r["claims"] == 2 for r in records)
    assert Article.objects.count() == 5
    for article in Article.objects.all():
        assert article.extraction_status == "done"
        assert stored_claims(article) == expected_claims(article.body)


@override_settings(TASKS=DATABASE_TASKS)
def test_wait_shows_the_workers_progress_until_every_queued_article_is_extracted(stories, editor, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from factcheck.management.commands import import_articles as command
    from factcheck.tasks import extract_batch_task

    def a_worker_runs_meanwhile(seconds):
        row = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at").first()
        extract_batch_task.call(*row.args_kwargs["args"])
        row.set_successful(None)

    monkeypatch.setattr(command.time, "sleep", a_worker_runs_meanwhile)
    code, _, err = run_import(str(stories), "--user", "editor", "--batch-size", "2", "--wait")

    assert code == 0 and said("extracted %(done)d, extraction failed %(failed)d", done=5, failed=0) in err
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"done"}


def test_a_batch_task_extracts_only_what_it_holds_and_keeps_reviewed_claims(seed_article, editor, reviewer):
    from factcheck.models import Review
    from factcheck.services import extraction as extraction_service

    claim = seed_article.claims.order_by("pk").first()
    Review.objects.create(claim=claim, reviewer=reviewer, verdict="verified", note="checked", claim_version=1)
    claims_before = sorted(seed_article.claims.values_list("pk", flat=True))
    other = services.import_articles(user=editor, files=[("w.txt", WIRE_STORY.encode())])[0].article
    taken = "another-host:1:abcd"
    Article.objects.filter(pk=seed_article.pk).update(extraction_status="pending")  # re-queued after extraction
    Article.objects.filter(pk=other.pk).update(extraction_status="running", extraction_owner=taken)

    extraction_service.run_queued_batch([seed_article.pk, other.pk])

    seed_article.refresh_from_db()
    other.refresh_from_db()
    assert seed_article.extraction_status == "done" and seed_article.extraction_attempts == 2
    assert sorted(seed_article.claims.values_list("pk", flat=True)) == claims_before  # refreshed in place
    assert (other.extraction_status, other.extraction_owner) == ("running", taken)  # not this run's to touch


def test_a_batch_run_that_lost_its_lease_writes_nothing(editor, monkeypatch):
    from factcheck.services import extraction as extraction_service

    with override_settings(TASKS=DATABASE_TASKS):
        outcomes = services.import_articles(user=editor, files=[("w.txt", WIRE_STORY.encode())])
    article_id = outcomes[0].article.pk
    real_extract_texts = extraction_service.extract_texts

    def superseded_meanwhile(texts, **kwargs):
        Article.objects.filter(pk=article_id).update(extraction_owner="newer-run")  # the sweep re-queued, re-ran
        return real_extract_texts(texts, **kwargs)

    monkeypatch.setattr(extraction_service, "extract_texts", superseded_meanwhile)
    extraction_service.run_queued_batch([article_id])

    article = Article.objects.get(pk=article_id)
    assert (article.extraction_status, article.extraction_owner) == ("running", "newer-run")
    assert not article.claims.exists()


def test_an_upload_of_the_same_text_meanwhile_makes_that_file_a_duplicate(stories, editor, monkeypatch):
    from factcheck.services import extraction as extraction_service

    real_extract_texts = extraction_service.extract_texts

    def another_editor_uploads_story1_meanwhile(texts, **kwargs):
        results = real_extract_texts(texts, **kwargs)
        if not Article.objects.exists():
            services.upload_article(user=editor, text=short_story(2), title="먼저 올린 기사")
        return results

    monkeypatch.setattr(extraction_service, "extract_texts", another_editor_uploads_story1_meanwhile)
    code, out, err = run_import(str(stories), "--user", "editor", "--json")

    records = {r["path"].rsplit("/", 1)[-1]: r for r in map(json.loads, out.splitlines())}
    assert code == 0 and "imported 4, duplicates skipped 1, failed 0" in err
    assert records["story1.txt"]["duplicate_of"] == Article.objects.get(title="먼저 올린 기사").pk
    imported = Article.objects.filter(pk__in=[r["article"] for r in records.values() if r["article"]])
    assert imported.count() == 4 and all(a.claims.count() == 2 for a in imported)


def test_the_progress_bar_goes_to_a_terminal_stderr_and_never_into_the_report(stories, editor):
    out, err = io.StringIO(), Terminal()
    assert run_import_on(out, err, str(stories), "--user", "editor", "--batch-size", "2") == 0
    assert said("Importing") in err.getvalue() and "5/5" in err.getvalue()
    assert [line.split()[0] for line in out.getvalue().splitlines()] == ["ok"] * 5

    for flags in (["--json"], ["--no-progress"]):
        Article.objects.all().delete()
        out, err = Terminal(), Terminal()
        assert run_import_on(out, err, str(stories), "--user", "editor", *flags) == 0
        assert said("Importing") not in err.getvalue() and "\r" not in err.getvalue()
        assert said("Importing") not in out.getvalue()
        if flags == ["--json"]:
            assert [json.loads(line)["status"] for line in out.getvalue().splitlines()] == ["done"] * 5
