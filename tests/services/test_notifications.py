"""Notifications of extraction runs, reading them, and the e-mail that follows."""

from __future__ import annotations

import pytest
from django.core import mail

from factcheck import extraction, services
from factcheck.errors import NotAllowed
from factcheck.models import Notification

pytestmark = pytest.mark.django_db


def test_the_uploader_is_told_when_extraction_finishes(seed_article, editor):
    notice = Notification.objects.get(recipient=editor)

    assert (notice.kind, notice.article, notice.claim_count) == ("extraction_done", seed_article, 17)
    assert notice.message == f"「{seed_article.title}」에서 주장 17개를 추출했습니다."
    assert notice.get_absolute_url() == seed_article.get_absolute_url()


def test_the_uploader_is_told_when_extraction_fails(seed_article, editor, monkeypatch):
    def broken(text, **kwargs):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(extraction, "extract", broken)
    services.extract_article_claims(article_id=seed_article.pk)

    notice = Notification.objects.filter(recipient=editor).first()
    assert (notice.kind, notice.article) == ("extraction_failed", seed_article)
    assert "model file missing" in notice.note


def test_members_with_an_address_get_an_e_mail(editor, seed_text, django_capture_on_commit_callbacks):
    editor.email = "editor@newsroom.example"
    editor.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.upload_article(user=editor, text=seed_text)

    assert [m.to for m in mail.outbox] == [["editor@newsroom.example"]]
    assert "주장 17개를 추출했습니다" in mail.outbox[0].subject


def test_members_without_an_address_get_no_e_mail(seed_article):
    assert mail.outbox == []


def test_reading_notifications(seed_article, editor, reviewer):
    notice = Notification.objects.get(recipient=editor)

    services.mark_read(user=editor, notification=notice)
    first_read = Notification.objects.get(pk=notice.pk).read_at
    services.mark_read(user=editor, notification=notice)

    assert first_read is not None
    assert Notification.objects.get(pk=notice.pk).read_at == first_read  # reading again changes nothing
    with pytest.raises(NotAllowed):
        services.mark_read(user=reviewer, notification=notice)


def test_mark_all_read_touches_only_my_unread_notifications(seed_article, editor, reviewer):
    services.assign_claim(user=editor, claim=seed_article.claims.first(), assignee=reviewer)

    assert services.mark_all_read(user=editor) == 1
    assert services.mark_all_read(user=editor) == 0
    assert Notification.objects.get(recipient=reviewer).read_at is None
