"""The test suite: the database comes from DATABASE_URL (SQLite in memory
when unset); everything else is made fast and deterministic."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
# Tests address sites by their real domains; browsers map them to loopback.
LOCAL_DOMAIN_SUFFIX = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads go to a throwaway folder of this process: Wagtail serves documents
# from the file system, which an in-memory storage only pretends to have.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="jdzgov-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Served straight from the source folders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite searches the database; tests/sitesearch runs the search tests
# once more against the engine at SEARCH_URL.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "sitesearch.backends.database", "SEARCH_CONFIG": "simple"}}

# The Jingdezhen demo cluster (load_demo) is for laptops and tests, never a server.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
