"""Queue the archiving of sources again: those that failed, or those never archived."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from factcheck.evidence import services
from factcheck.evidence.models import Snapshot
from factcheck.models import Source


class Command(BaseCommand):
    help = "Queue the archiving of evidence snapshots that failed (--retry-failed) or were never made (--missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retry-failed", action="store_true", help="Snapshots whose fetch failed.")
        parser.add_argument(
            "--refused", action="store_true", help="Also snapshots that were refused (say, after a DNS change)."
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Sources without a snapshot (recorded while FACTCHECK_ARCHIVE_SOURCES was off).",
        )

    def handle(self, *args: Any, retry_failed: bool, refused: bool, missing: bool, **options: Any) -> None:
        statuses = [Snapshot.Status.FAILED] if retry_failed else []
        if refused:
            statuses.append(Snapshot.Status.REFUSED)
        if not (statuses or missing):
            self.stderr.write("Nothing chosen: give --retry-failed, --refused and/or --missing.")
            return
        ids = list(Snapshot.objects.filter(status__in=statuses).order_by("id").values_list("source_id", flat=True))
        if missing:
            ids += Source.objects.filter(snapshot__isnull=True).order_by("id").values_list("id", flat=True)
        count = services.enqueue_archiving(ids)
        self.stdout.write(f"Queued {count} source(s) for archiving.")
