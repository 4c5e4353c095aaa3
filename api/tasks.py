from django_tasks import task

from . import webhooks


@task()
def deliver(delivery_id: int) -> str:
    """Send one webhook delivery; a failure schedules its own retry."""
    return webhooks.attempt(delivery_id)
