"""Background work through the Django Tasks API; each task only calls a service."""

from django_tasks import task

from factcheck.services import extraction, notifications


@task()
def extract_claims_task(article_id: int) -> None:
    extraction.run_queued_extraction(article_id)


@task()
def extract_batch_task(article_ids: list[int]) -> None:
    """One chunk of a bulk import: whichever worker takes it extracts the articles nobody took before."""
    extraction.run_queued_batch(article_ids)


@task()
def send_notification_email_task(notification_id: int) -> None:
    notifications.send_email(notification_id=notification_id)
