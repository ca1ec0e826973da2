"""Bulk import: many article files (or folders of them) at once, in chunks, with a progress bar.

Each chunk of files is read, its claims extracted in one batched Kiwi run, and its articles and claims
written together; with FACTCHECK_TASK_BACKEND=database each chunk is one queued task for the db_workers.
Ctrl-C stops cleanly after rolling back the chunk in progress: running the same command again skips the
files already imported (duplicates) and imports the rest.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from tqdm import tqdm

from factcheck import ingest
from factcheck.errors import DuplicateArticle, NotAllowed
from factcheck.models import Article
from factcheck.services import ImportOutcome
from factcheck.services.articles import IMPORT_BATCH_SIZE, import_batches

INTERRUPTED = 130  # the shell's status for a process stopped by Ctrl-C (128 + SIGINT)
WAIT_POLL_SECONDS = 2.0
UNFINISHED = [Article.ExtractionStatus.PENDING, Article.ExtractionStatus.RUNNING]


class Command(BaseCommand):
    help = (
        "Import article files (.txt in UTF-8/CP949, .docx, .html) as the given editor; folders are searched "
        "recursively. Each file becomes one article or is reported and skipped (duplicate, unreadable, too "
        "large). Files go in chunks, each extracted in one batch and committed with its claims (with the "
        "database task backend: queued as one task for the db_workers). Ctrl-C stops after rolling back the "
        "current chunk (exit status 130); run the same command again to import the rest. Exit status 1 if "
        "any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
        parser.add_argument("--user", required=True, help="username of the editor the articles are uploaded by")
        parser.add_argument("--outlet", default="", help="outlet name for every article (default: from the file)")
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="articles analysed concurrently (default: one batched Kiwi run per chunk; the benchmark found "
            "no gain from more)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=IMPORT_BATCH_SIZE,
            help=f"files per chunk: extracted and committed together, or one queued task (default {IMPORT_BATCH_SIZE})",
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="one JSON object per file instead of text lines"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (it is shown only when stderr is a terminal)"
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="with the database task backend: wait until the workers have extracted every queued article",
        )

    def handle(
        self,
        *args,
        paths: list[str],
        user: str,
        outlet: str,
        workers: int,
        batch_size: int,
        as_json: bool,
        no_progress: bool,
        wait: bool,
        **options,
    ):
        editor = get_user_model().objects.filter(username=user).first()
        if editor is None:
            raise CommandError(f"no user named {user!r}")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        files = self._collect(paths)
        if not files:
            raise CommandError(f"no {', '.join(ingest.SUPPORTED_EXTENSIONS)} files under {' '.join(paths)}")

        show_progress = not (no_progress or as_json) and self._stderr_stream().isatty()
        counts: Counter[str] = Counter()
        queued: list[int] = []
        with self._progress(len(files), gettext("Importing"), gettext("file"), show_progress) as bar:
            try:
                batches = import_batches(
                    user=editor, files=self._read(files), outlet=outlet, num_workers=workers, batch_size=batch_size
                )
                for outcomes in batches:
                    for outcome in outcomes:
                        counts[self._kind(outcome)] += 1
                        if outcome.article is not None and outcome.article.extraction_status in UNFINISHED:
                            queued.append(outcome.article.pk)
                    with tqdm.external_write_mode(file=self._stdout_stream()):
                        for outcome in outcomes:
                            self.stdout.write(self._render(outcome, as_json=as_json))
                        self.stdout.flush()
                    bar.update(len(outcomes))
            except NotAllowed as exc:
                raise CommandError(f"{user}: {exc.message}") from exc
            except KeyboardInterrupt:
                bar.close()
                self._summary(counts, queued)
                message = gettext("interrupted: %(imported)d imported, run the same command again to import the rest")
                raise CommandError(message % {"imported": counts["imported"]}, returncode=INTERRUPTED) from None
        self._summary(counts, queued)
        if queued and wait:
            self._wait(queued, show_progress)
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be imported", returncode=1)

    def _collect(self, paths: list[str]) -> list[Path]:
        found: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                inside = (p for p in path.rglob("*") if p.is_file())
                found.extend(sorted(p for p in inside if p.suffix.lower() in ingest.SUPPORTED_EXTENSIONS))
            elif path.is_file():
                found.append(path)
            else:
                raise CommandError(f"{raw}: no such file or folder")
        return found

    def _read(self, files: list[Path]) -> Iterator[tuple[str, bytes]]:
        """The files one at a time, as the import asks for them: never all of them in memory."""
        for path in files:
            # No more than one byte past the cap: enough for ingest to report the file as too large.
            with path.open("rb") as fh:
                yield str(path), fh.read(settings.MAX_UPLOAD_BYTES + 1)

    # The bar writes to the real stream: the command's wrapper would end each of its redraws with a newline.
    def _stderr_stream(self):
        return getattr(self.stderr, "_out", self.stderr)

    def _stdout_stream(self):
        return getattr(self.stdout, "_out", self.stdout)

    def _progress(self, total: int, desc: str, unit: str, show: bool) -> tqdm:
        return tqdm(total=total, desc=desc, unit=unit, file=self._stderr_stream(), disable=not show, dynamic_ncols=True)

    @staticmethod
    def _kind(outcome: ImportOutcome) -> str:
        if outcome.article is not None:
            return "imported"
        if isinstance(outcome.error, DuplicateArticle):
            return "resumed" if outcome.resumed else "duplicate"
        return "failed"

    def _summary(self, counts: Counter[str], queued: list[int]) -> None:
        duplicates = counts["duplicate"] + counts["resumed"]
        line = f"imported {counts['imported']}, duplicates skipped {duplicates}, failed {counts['failed']}"
        if counts["resumed"]:
            line += "; " + gettext("%(count)d duplicates were still waiting for extraction and are extracted now") % {
                "count": counts["resumed"]
            }
        self.stderr.write(line)
        if queued:
            self.stderr.write(
                gettext("%(count)d articles queued for extraction by the database task workers (db_worker)")
                % {"count": len(queued)}
            )

    def _wait(self, article_ids: list[int], show_progress: bool) -> None:
        """Poll the queued articles' status until the workers have extracted them all (Ctrl-C stops waiting)."""
        with self._progress(len(article_ids), gettext("Extracting"), gettext("article"), show_progress) as bar:
            try:
                while True:
                    left = sum(
                        Article.objects.filter(pk__in=part, extraction_status__in=UNFINISHED).count()
                        for part in _parts(article_ids, 1000)
                    )
                    bar.update(len(article_ids) - left - bar.n)
                    if not left:
                        break
                    time.sleep(WAIT_POLL_SECONDS)
            except KeyboardInterrupt:
                bar.close()
                raise CommandError(
                    gettext("stopped waiting: the workers go on extracting the queued articles"),
                    returncode=INTERRUPTED,
                ) from None
        failed = sum(
            Article.objects.filter(pk__in=part, extraction_status=Article.ExtractionStatus.FAILED).count()
            for part in _parts(article_ids, 1000)
        )
        self.stderr.write(
            gettext("extracted %(done)d, extraction failed %(failed)d")
            % {"done": len(article_ids) - failed, "failed": failed}
        )

    def _render(self, outcome: ImportOutcome, *, as_json: bool) -> str:
        article, error = outcome.article, outcome.error
        if as_json:
            record = {"path": outcome.name, "article": article.pk if article else None}
            if article is not None:
                record |= {"title": article.title, "status": article.extraction_status, "claims": outcome.claims}
            else:
                record |= {"error": {"code": error.code, "message": error.message}}
                if isinstance(error, DuplicateArticle):
                    record["duplicate_of"] = error.article.pk
                    if outcome.resumed:
                        record |= {"resumed": True, "status": error.article.extraction_status, "claims": outcome.claims}
            return json.dumps(record, ensure_ascii=False)
        if article is not None:
            if article.extraction_status in UNFINISHED:
                return f"queued    {outcome.name} -> #{article.pk} {article.title}"
            return f"ok        {outcome.name} -> #{article.pk} {article.title} ({outcome.claims} claims)"
        label = "duplicate" if isinstance(error, DuplicateArticle) else "error"
        line = f"{label:<9} {outcome.name}: {error.message}"
        if outcome.resumed:
            line += f" ({outcome.claims} claims extracted now)"
        return line


def _parts(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
