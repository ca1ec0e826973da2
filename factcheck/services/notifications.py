"""Notifications: written by the other services inside their transaction, e-mailed after it commits."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from factcheck.errors import NotAllowed
from factcheck.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *,
    recipient: Any,
    kind: str,
    actor: Any = None,
    article_id: int | None = None,
    claim_id: int | None = None,
    claim_count: int = 1,
    note: str = "",
) -> Notification:
    """Add a notification for `recipient`; if they have an e-mail address, mail it once the change commits.

    Call inside the transaction of the change it reports, so a rolled-back change notifies nobody.
    """
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        article_id=article_id,
        claim_id=claim_id,
        claim_count=claim_count,
        note=note[:2000],
    )
    if recipient.email:
        from factcheck.tasks import send_notification_email_task  # tasks imports services

        notification_id = notification.pk
        transaction.on_commit(lambda: send_notification_email_task.enqueue(notification_id))
    return notification


def mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (reading it again changes nothing)."""
    if notification.recipient_id != user.pk:
        raise NotAllowed(gettext("This is someone else's notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def send_email(*, notification_id: int) -> bool:
    """Mail one notification through Django's mail backend (console in development); False if it is gone."""
    notification = (
        Notification.objects.select_related("recipient", "actor", "article", "claim")
        .defer("article__body")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not notification.recipient.email:
        return False
    # In the desk's language, whoever's request (and browser language) triggered the mail: the recipient
    # has no language of their own on record, and the task may run in a worker with no request at all.
    with translation.override(settings.LANGUAGE_CODE):
        message = str(notification.message)
        subject = gettext("[Fact-check desk] %(message)s") % {"message": message}
    lines = [message]
    if notification.claim is not None:
        lines += ["", notification.claim.text]
    if notification.note:
        lines += ["", notification.note]
    lines += ["", settings.SITE_URL.rstrip("/") + notification.get_absolute_url()]
    try:
        send_mail(
            subject=subject[:200],
            message="\n".join(lines),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        # The notice is in the app either way; a mail server outage must not fail the task silently.
        logger.exception("could not e-mail notification %s", notification_id)
        raise
    return True
