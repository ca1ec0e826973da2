"""Background work through the Django Tasks API; each task only calls a service."""

from django_tasks import task

from factcheck import services


@task()
def extract_claims_task(article_id: int) -> None:
    services.extract_article_claims(article_id=article_id)
