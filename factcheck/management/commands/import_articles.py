"""Bulk import: many article files (or folders of them) at once, claims extracted in one batched Kiwi run."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck import ingest, services
from factcheck.errors import DuplicateArticle, NotAllowed


class Command(BaseCommand):
    help = (
        "Import article files (.txt in UTF-8/CP949, .docx, .html) as the given editor; folders are searched "
        "recursively. Each file becomes one article or is reported and skipped (duplicate, unreadable, too "
        "large); claims are extracted for all new articles in one batch. Exit status 1 if any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
        parser.add_argument("--user", required=True, help="username of the editor the articles are uploaded by")
        parser.add_argument("--outlet", default="", help="outlet name for every article (default: from the file)")
        parser.add_argument(
            "--workers", type=int, default=0, help="articles analysed concurrently (default: one batched Kiwi run)"
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="one JSON object per file instead of text lines"
        )

    def handle(self, *args, paths: list[str], user: str, outlet: str, workers: int, as_json: bool, **options):
        editor = get_user_model().objects.filter(username=user).first()
        if editor is None:
            raise CommandError(f"no user named {user!r}")
        files = self._collect(paths)
        if not files:
            raise CommandError(f"no {', '.join(ingest.SUPPORTED_EXTENSIONS)} files under {' '.join(paths)}")
        loaded = []
        for path in files:
            # Read no more than one byte past the cap: enough for ingest to report the file as too large.
            with path.open("rb") as fh:
                loaded.append((str(path), fh.read(settings.MAX_UPLOAD_BYTES + 1)))
        try:
            outcomes = services.import_articles(user=editor, files=loaded, outlet=outlet, num_workers=workers)
        except NotAllowed as exc:
            raise CommandError(f"{user}: {exc.message}") from exc

        failed = 0
        for outcome in outcomes:
            failed += outcome.error is not None and not isinstance(outcome.error, DuplicateArticle)
            self.stdout.write(self._render(outcome, as_json=as_json))
        imported = sum(o.article is not None for o in outcomes)
        skipped = sum(isinstance(o.error, DuplicateArticle) for o in outcomes)
        self.stderr.write(f"imported {imported}, duplicates skipped {skipped}, failed {failed}")
        if failed:
            raise CommandError(f"{failed} file(s) could not be imported", returncode=1)

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

    def _render(self, outcome: services.ImportOutcome, *, as_json: bool) -> str:
        article, error = outcome.article, outcome.error
        if as_json:
            record = {"path": outcome.name, "article": article.pk if article else None}
            if article is not None:
                record |= {
                    "title": article.title,
                    "status": article.extraction_status,
                    "claims": article.claims.count(),
                }
            else:
                record |= {"error": {"code": error.code, "message": error.message}}
                if isinstance(error, DuplicateArticle):
                    record["duplicate_of"] = error.article.pk
            return json.dumps(record, ensure_ascii=False)
        if article is not None:
            return f"ok        {outcome.name} -> #{article.pk} {article.title} ({article.claims.count()} claims)"
        label = "duplicate" if isinstance(error, DuplicateArticle) else "error"
        return f"{label:<9} {outcome.name}: {error.message}"
