"""Background work of the evidence app; the task only calls the service."""

from django_tasks import task

from factcheck.evidence import services


@task()
def archive_source_task(source_id: int) -> None:
    services.archive_source(source_id=source_id)
