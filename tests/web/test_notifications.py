"""The notifications page and the unread count in every page's header."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.models import Notification
from tests.workflow import propose, reject

pytestmark = pytest.mark.django_db


def unread_badge(client) -> str:
    html = client.get(reverse("web:dashboard")).content.decode()
    return html.split('class="notifications-link"')[1].split("</a>")[0]


def test_the_header_counts_unread_notifications(reviewer_client, seed_article, editor, reviewer):
    assert 'class="count"' not in unread_badge(reviewer_client)
    for claim in list(seed_article.claims.all())[:3]:
        services.assign_claim(user=editor, claim=claim, assignee=reviewer)

    assert 'aria-label="읽지 않은 알림 3개">3</span>' in unread_badge(reviewer_client)


def test_the_list_shows_mine_newest_first_with_notes(reviewer_client, claim_1750, reviewer, other_reviewer, editor):
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)
    propose(claim_1750, reviewer)
    reject(claim_1750, other_reviewer, note="다른 모델의 파라미터 수")

    response = reviewer_client.get(reverse("web:notifications"))

    notices = list(response.context["page"].object_list)
    assert [n.kind for n in notices] == ["proposal_rejected", "assigned"]
    html = response.content.decode()
    assert "reviewer2님이 내 판정 제안을 반려했습니다" in html
    assert "다른 모델의 파라미터 수" in html
    assert "editor" not in [n.recipient.username for n in notices]


def test_opening_a_notification_marks_it_read_and_goes_to_the_claim(reviewer_client, claim_1750, editor, reviewer):
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)
    notice = Notification.objects.get(recipient=reviewer)

    response = reviewer_client.post(reverse("web:notification-open", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim_1750.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'class="count"' not in unread_badge(reviewer_client)


def test_nobody_opens_someone_elses_notification(reviewer_client, seed_article, editor):
    editors = Notification.objects.get(recipient=editor)

    response = reviewer_client.post(reverse("web:notification-open", args=[editors.pk]))

    assert response.status_code == 404
    editors.refresh_from_db()
    assert editors.read_at is None


def test_opening_needs_a_post(reviewer_client, seed_article, editor):
    notice = Notification.objects.get(recipient=editor)
    assert reviewer_client.get(reverse("web:notification-open", args=[notice.pk])).status_code == 405


def test_mark_all_read(editor_client, seed_article, editor):
    response = editor_client.post(reverse("web:notifications-read-all"), follow=True)

    assert "알림 1개를 읽음으로 표시했습니다." in response.content.decode()
    assert not Notification.objects.filter(recipient=editor, read_at__isnull=True).exists()


def test_unread_only(editor_client, seed_article, editor):
    Notification.objects.filter(recipient=editor).update(read_at="2026-12-01T00:00:00+09:00")

    response = editor_client.get(reverse("web:notifications"), {"unread": "1"})

    assert list(response.context["page"].object_list) == []
    assert "읽지 않은 알림이 없습니다." in response.content.decode()


def test_notification_page_query_count_does_not_grow(reviewer_client, seed_article, editor, reviewer):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert reviewer_client.get(reverse("web:notifications")).status_code == 200
        return len(ctx.captured_queries)

    services.assign_claim(user=editor, claim=seed_article.claims.first(), assignee=reviewer)
    one = queries()
    for claim in list(seed_article.claims.all())[1:10]:
        services.assign_claim(user=editor, claim=claim, assignee=reviewer)

    # session, user, user and group permissions (the menu), COUNT(*), one page of notifications with
    # actor, article and claim, the unread count
    assert queries() == one == 7
