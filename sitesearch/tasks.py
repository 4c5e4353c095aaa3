from django_tasks import task

from . import services


@task()
def entries_refresh_task(resource_ids: list[int], column_ids: list[int]):
    services.entries_refresh(resource_ids=resource_ids, column_ids=column_ids)


@task()
def entries_index_task():
    """Retry: index whatever an outage of the search engine left pending."""
    services.entries_index_pending()
