"""Run the extractor on text files without touching the database: the data team's tool and our evaluation contract."""

from __future__ import annotations

import json
import sys
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from factcheck import extraction
from factcheck.extraction.export import sentence_dict

_COMPACT = json.JSONEncoder(ensure_ascii=False)
_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2)


class Command(BaseCommand):
    help = (
        "Print one JSON object per sentence of each UTF-8 text file: "
        '{"path","index","start","end","text","check_worthy","score","types","speaker","quantities","dates"}. '
        "Offsets index the file's text. '-' reads standard input."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="UTF-8 text files; '-' for standard input")
        parser.add_argument("--jsonl", action="store_true", help="one compact JSON object per line (JSON Lines)")
        parser.add_argument(
            "--threshold", type=float, default=None, help="check-worthiness threshold (default: the setting)"
        )

    def handle(self, *args, paths: list[str], jsonl: bool, threshold: float | None, **options):
        threshold = settings.CLAIM_THRESHOLD if threshold is None else threshold
        texts = [self._read(path) for path in paths]  # read everything first: a bad path fails before any output
        # One encoder and one write per file: json.dumps builds an encoder per call, and OutputWrapper.write
        # per record costs more than the join. Records never end in a newline (JSON escapes it in strings),
        # so joining on "\n" and letting write() add the last ending prints exactly one record per line.
        encode = (_COMPACT if jsonl else _INDENTED).encode
        for path, text in zip(paths, texts, strict=True):
            records = [
                encode({"path": path, **sentence_dict(s)}) for s in extraction.extract(text, threshold=threshold)
            ]
            if records:
                self.stdout.write("\n".join(records))

    def _read(self, path: str) -> str:
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as fh:
                    data = fh.read()
            text = data.decode("utf-8-sig")
        except OSError as exc:
            raise CommandError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text (byte {exc.start}); convert it first") from exc
        # Offsets index the text as read; NFD input would make them disagree with the NFC we store, so say so.
        if not unicodedata.is_normalized("NFC", text):
            self.stderr.write(f"{path}: warning: text is not NFC; offsets index the text as given")
        return text
