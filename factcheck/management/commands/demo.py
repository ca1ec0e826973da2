"""Load the demo desk: the seed article with its claims and one account per role. Safe to run again."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext, ngettext

from factcheck import ingest, services
from factcheck.models import Article

SEED_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "seed_article.txt"

DEMO_ACCOUNTS = [
    # username, group, is_staff
    ("demo-editor", "Editors", False),
    ("demo-reviewer", "Reviewers", False),
    # A second reviewer: with two-person review on (the default) someone must confirm the first's verdicts.
    ("demo-reviewer2", "Reviewers", False),
    ("demo-admin", None, True),
]


class Command(BaseCommand):
    help = "Create demo editor/reviewer/admin accounts (passwords printed once) and load the seed article."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords", action="store_true", help="give existing demo accounts new passwords and print them"
        )

    def handle(self, *args, reset_passwords: bool, **options):
        User = get_user_model()
        created_passwords: dict[str, str] = {}
        with transaction.atomic():
            for username, group, is_staff in DEMO_ACCOUNTS:
                user, created = User.objects.get_or_create(
                    username=username, defaults={"is_staff": is_staff, "is_superuser": is_staff}
                )
                if group:
                    user.groups.add(Group.objects.get(name=group))
                if created or reset_passwords:
                    password = secrets.token_urlsafe(12)
                    user.set_password(password)
                    user.save()
                    created_passwords[username] = password

        editor = User.objects.get(username="demo-editor")
        seed_text = SEED_PATH.read_text(encoding="utf-8")
        article = Article.objects.filter(content_hash=ingest.content_hash(seed_text)).first()
        if article is None:
            article = services.upload_article(
                user=editor,
                text=seed_text,
                outlet="뉴스투데이",
                byline="양대규 기자",
            )
            article.refresh_from_db()
            count = article.claims.count()
            loaded = ngettext(
                "Loaded the seed article: “%(title)s” — %(count)d claim (extraction: %(status)s)",
                "Loaded the seed article: “%(title)s” — %(count)d claims (extraction: %(status)s)",
                count,
            )
            self.stdout.write(
                loaded % {"title": article.title, "count": count, "status": article.get_extraction_status_display()}
            )
        else:
            self.stdout.write(
                gettext("The seed article is already here: “%(title)s” (id %(id)s)")
                % {"title": article.title, "id": article.pk}
            )

        if created_passwords:
            self.stdout.write(
                self.style.SUCCESS("\n" + gettext("Demo accounts (the passwords are shown only this once):"))
            )
            for username, password in created_passwords.items():
                self.stdout.write(f"  {username:<14} {password}")
        else:
            self.stdout.write(
                gettext(
                    "The demo accounts (demo-editor, demo-reviewer, demo-reviewer2, demo-admin) already exist. "
                    "For new passwords: python manage.py demo --reset-passwords"
                )
            )
