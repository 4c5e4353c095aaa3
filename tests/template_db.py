"""The demo cluster as a template database, built once and copied by every run.

Migrating and loading the demo takes most of a test run's setup. It is done
once into a template keyed on a hash of everything that shapes the result:
the migration files of every installed app, the project's own code (the demo
loader and the services it calls), ``demo/data``, the Django and Wagtail
versions, the database engine and ``DEMO_ADMIN_PASSWORD``. A template whose key
differs is never used, so a change to any of these rebuilds it.

* SQLite: ``<cache>/<key>/db.sqlite3``, copied into the test process's
  in-memory database (or into a file, for the served cluster).
* PostgreSQL: a database ``<name>_tpl_<key>`` on the server under test, which
  ``CREATE DATABASE … TEMPLATE`` copies.

Files the demo stores (documents) are kept beside it in ``<cache>/<key>/media``.
The cache is ``$TEST_TEMPLATE_DIR`` or ``var/test-templates``; a build holds a
lock there, so concurrent runs of the same code build a template only once.

Run as ``python -m tests.template_db DIR`` this module builds one: it
migrates the database of ``DATABASE_URL`` and loads the demo into it, with
the demo's files written under ``DIR/media``."""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# The project's own code; tests and tooling do not shape the demo's rows.
SKIPPED = {"tests", "scripts", "benchmarks", "docs", "node_modules", "static", "templates", "locale", "var"}


def cache_dir() -> Path:
    return Path(os.environ.get("TEST_TEMPLATE_DIR") or ROOT / "var" / "test-templates")


def _source_files() -> dict[str, Path]:
    """The files a template depends on, by a name independent of where the
    project and its virtualenv lie."""
    from django.apps import apps

    files = {}
    for app in apps.get_app_configs():
        for path in Path(app.path).glob("migrations/*.py"):
            files[f"{app.name}:{path.name}"] = path
    for top in ROOT.iterdir():
        if top.name.startswith(".") or top.name in SKIPPED or not top.is_dir():
            continue
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = [name for name in subfolders if not name.startswith((".", "__"))]
            for name in names:
                path = Path(folder, name)
                if path.suffix == ".py" or path.parent == ROOT / "demo" / "data":
                    files[str(path.relative_to(ROOT))] = path
    return files


def template_key(engine: str, password: str | None) -> str:
    """A hash of what a template's contents depend on."""
    digest = hashlib.sha256()
    for part in (engine, password or "", version("django"), version("wagtail")):
        digest.update(part.encode() + b"\0")
    for name, path in sorted(_source_files().items()):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@contextmanager
def _lock(name: str):
    cache_dir().mkdir(parents=True, exist_ok=True)
    with open(cache_dir() / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(database_url: str, password: str | None, media: Path) -> None:
    """Migrate the database at ``database_url`` and load the demo into it, in a
    process of its own so this one's connections and settings stay untouched."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url}
    env.pop("DEMO_ADMIN_PASSWORD", None)
    if password:
        env["DEMO_ADMIN_PASSWORD"] = password
    done = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "tests.template_db", str(media.parent)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"building the demo template failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


@dataclass(frozen=True)
class Template:
    key: str
    media: Path
    sqlite_file: Path | None = None  # SQLite
    pg_name: str | None = None  # PostgreSQL

    def copy_media(self, dest: Path) -> None:
        shutil.copytree(self.media, dest, dirs_exist_ok=True)

    def copy_sqlite(self, target: sqlite3.Connection) -> None:
        with closing(sqlite3.connect(f"file:{self.sqlite_file}?mode=ro", uri=True)) as source:
            source.backup(target)


def ensure_template(database: dict, password: str | None = None) -> Template:
    """The template for a database configured as ``database`` (a Django
    DATABASES entry) and this code, built first if it is missing."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return _ensure_sqlite(password)
    if database["ENGINE"] == "django.db.backends.postgresql":
        return _ensure_postgresql(database, password)
    raise RuntimeError(f"no demo template for {database['ENGINE']}")


def _ensure_sqlite(password: str | None) -> Template:
    key = template_key("sqlite", password)
    folder = cache_dir() / f"sqlite-{key}"
    template = Template(key=key, media=folder / "media", sqlite_file=folder / "db.sqlite3")
    with _lock(folder.name):
        if template.sqlite_file.exists():
            return template
        building = cache_dir() / f"{folder.name}.building"
        shutil.rmtree(building, ignore_errors=True)
        (building / "media").mkdir(parents=True)
        _build(f"sqlite:///{building / 'db.sqlite3'}", password, building / "media")
        with closing(sqlite3.connect(building / "db.sqlite3")) as conn:
            # One self-contained file: no write-ahead log beside it.
            conn.execute("PRAGMA journal_mode=DELETE")
        building.rename(folder)
    _prune("sqlite-")
    return template


def _prune(prefix: str, days: float = 2) -> None:
    """Remove templates of this kind not used for some days (a use touches the
    lock file), so the cache does not grow with every change of the code."""
    for lock in cache_dir().glob(f"{prefix}*.lock"):
        if time.time() - lock.stat().st_mtime > days * 86400:
            shutil.rmtree(lock.with_suffix(""), ignore_errors=True)
            lock.unlink(missing_ok=True)


def _pg_admin(database: dict):
    import psycopg

    params = {"dbname": "postgres", "host": database.get("HOST") or None, "port": database.get("PORT") or None}
    params.update(user=database.get("USER") or None, password=database.get("PASSWORD") or None)
    return psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v})


def _pg_url(database: dict, name: str) -> str:
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return urlunsplit(("postgres", f"{user}{password}@{host}{port}" if user else f"{host}{port}", f"/{name}", "", ""))


def _ensure_postgresql(database: dict, password: str | None) -> Template:
    key = template_key("postgresql", password)
    name = f"{database['NAME'][:30]}_tpl_{key}"
    server = hashlib.sha256(f"{database.get('HOST')}:{database.get('PORT')}".encode()).hexdigest()[:8]
    folder = cache_dir() / f"postgresql-{server}-{key}"
    template = Template(key=key, media=folder / "media", pg_name=name)
    with _lock(folder.name), _pg_admin(database) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and template.media.is_dir():
            return template
        building = f"{name}_building"
        conn.execute(f'DROP DATABASE IF EXISTS "{building}"')
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{building}"')
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "media").mkdir(parents=True)
        try:
            _build(_pg_url(database, building), password, folder / "media")
        except BaseException:
            conn.execute(f'DROP DATABASE IF EXISTS "{building}"')
            shutil.rmtree(folder, ignore_errors=True)
            raise
        conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return template


def create_pg_copy(database: dict, template: Template, name: str) -> str:
    """A fresh database ``name`` copied from the template; returns its URL."""
    with _pg_admin(database) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.pg_name}"')
    return _pg_url(database, name)


def _main(folder: str) -> None:
    import django
    from django.core.management import call_command
    from django.test import override_settings

    django.setup()
    with override_settings(MEDIA_ROOT=Path(folder) / "media"):
        call_command("migrate", "--no-input", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


if __name__ == "__main__":
    _main(sys.argv[1])
