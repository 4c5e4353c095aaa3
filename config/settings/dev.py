"""A laptop: the embedded default (SQLite + database search), debug on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])
LOCAL_DOMAIN_SUFFIX = env("LOCAL_DOMAIN_SUFFIX", default="localhost")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The Jingdezhen demo cluster (load_demo) is for laptops and tests, never a server.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
