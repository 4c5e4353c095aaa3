#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: once on SQLite and once on
# PostgreSQL, browser tests included; the search tests also run against
# OpenSearch. Services not given through DATABASE_URL and SEARCH_URL are
# provisioned on loopback for the run and removed afterwards.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

STATE=$(mktemp -d /tmp/jdzgov-test.XXXXXX)
chmod 755 "$STATE"
PG_DIR=
OS_DIR=

log() { printf '== %s\n' "$*" >&2; }

cleanup() {
  [[ -n $PG_DIR ]] && scripts/postgres.sh stop "$PG_DIR" >&2 || true
  [[ -n $OS_DIR ]] && scripts/opensearch.sh stop "$OS_DIR" >&2 || true
  rm -rf "$STATE"
}
trap cleanup EXIT

apt_install() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_browser() {
  # Page tests drive Debian's Chromium; CJK fonts make screenshots legible.
  if [[ ! -x /usr/bin/chromium ]] || ! fc-list :lang=zh >/dev/null 2>&1 || [[ -z $(fc-list :lang=zh) ]]; then
    log "installing chromium and CJK fonts"
    apt_install chromium fonts-noto-cjk
  fi
  if [[ ! -f node_modules/axe-core/axe.min.js ]]; then
    log "installing axe-core"
    npm ci --no-audit --no-fund --silent >&2
  fi
}

ensure_postgres() {
  if [[ -n ${DATABASE_URL:-} ]]; then
    PG_URL=$DATABASE_URL
    return
  fi
  PG_DIR="$STATE/pg"
  local line
  line=$(scripts/postgres.sh start "$PG_DIR")
  PG_URL=${line#DATABASE_URL=}
}

ensure_opensearch() {
  if [[ -n ${SEARCH_URL:-} ]]; then
    return
  fi
  OS_DIR="$STATE/opensearch"
  local line
  line=$(scripts/opensearch.sh start "$OS_DIR")
  export SEARCH_URL=${line#SEARCH_URL=}
}

run_pytest() {
  local label=$1 url=$2
  log "test suite on $label"
  if [[ -n $url ]]; then
    DATABASE_URL=$url .venv/bin/pytest --junitxml="$STATE/$label.xml" "${PYTEST_ARGS[@]}"
  else
    env -u DATABASE_URL .venv/bin/pytest --junitxml="$STATE/$label.xml" "${PYTEST_ARGS[@]}"
  fi
}

static_checks() {
  # What a reviewer checks before reading the change: lint, format, the apps'
  # layers, migrations that match the models, and Django's deployment checks on
  # production settings.
  log "static checks"
  .venv/bin/ruff check --quiet . || { echo "ruff check found problems" >&2; return 1; }
  .venv/bin/ruff format --check --quiet . || { echo "files need ruff format" >&2; return 1; }
  .venv/bin/lint-imports --no-cache >/dev/null || { echo "import-linter: a layer imports one above it" >&2; return 1; }
  env -u DATABASE_URL .venv/bin/python manage.py makemigrations --check --dry-run -v0 --settings=config.settings.test \
    || { echo "models changed without a migration" >&2; return 1; }
  DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY="check-deploy-$(date +%s)-$RANDOM-not-a-real-secret-0123456789" \
    DATABASE_URL="sqlite:///$STATE/deploy-check.sqlite3" DJANGO_ALLOWED_HOSTS=www.jdz.gov.cn \
    .venv/bin/python manage.py check --deploy --fail-level WARNING >/dev/null \
    || { echo "manage.py check --deploy failed on production settings" >&2; return 1; }
}

PYTEST_ARGS=("$@")
static_checks
ensure_browser
ensure_postgres
ensure_opensearch
status=0
run_pytest sqlite "" || status=$?
run_pytest postgresql "$PG_URL" || status=$?
.venv/bin/python scripts/junit_totals.py "$STATE/sqlite.xml" "$STATE/postgresql.xml" || status=1
exit "$status"
