#!/usr/bin/env bash
# Throwaway PostgreSQL server on loopback for the test suite.
#
#   scripts/postgres.sh start STATE_DIR   # prints DATABASE_URL=postgres://postgres@127.0.0.1:<port>/<db>
#   scripts/postgres.sh stop  STATE_DIR   # stops the server and deletes STATE_DIR
#
# STATE_DIR must not exist yet or be empty (e.g. "$(mktemp -d)"), and when run as
# root it must sit where the `postgres` user can reach it: /tmp works, /root does not.
# The database name is ${PGDATABASE_NAME:-jdzgov}. Only the DATABASE_URL line goes to
# stdout, so `url=$(scripts/postgres.sh start "$dir") && export "$url"` works; progress goes to stderr.
set -Eeuo pipefail

MARKER=.created-by-postgres-sh   # lets `stop` refuse to rm -rf a directory it did not make
LOG=
# Report only in the main shell: a failing $(...) also fails its caller, which reports it.
trap 'if [[ $BASHPID == "$$" ]]; then die "unexpected failure running: $BASH_COMMAND"; fi' ERR

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

die() {
  printf 'postgres.sh: error: %s\n' "$*" >&2
  if [[ -s ${LOG:-} ]]; then
    printf 'postgres.sh: last 30 lines of %s:\n' "$LOG" >&2
    tail -n 30 -- "$LOG" | sed 's/^/  | /' >&2
  fi
  exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# PostgreSQL refuses to run as root, so root delegates to the postgres system user.
as_server() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bindir() {
  local initdb
  # Newest major version wins; an unmatched glob stays literal and fails the -x test.
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  [[ -x $initdb ]] && dirname -- "$initdb"
}

install_server() {
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null || die "PostgreSQL server binaries are missing and installing them needs root; run: sudo apt-get install postgresql"
    sudo=(sudo)
  fi
  log "installing the Debian postgresql package"
  { "${sudo[@]}" apt-get update && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends postgresql; } >&2 \
    || die "apt-get could not install postgresql; install it manually (apt-get install postgresql) and retry"
}

ensure_bindir() {
  BIN=$(find_bindir) || { install_server; BIN=$(find_bindir); } \
    || die "no initdb under /usr/lib/postgresql/*/bin even after installing postgresql; check the apt output above"
}

ensure_server_user() {
  is_root || return 0
  getent passwd postgres >/dev/null && return 0
  log "creating system user postgres"
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres \
    || die "could not create the postgres system user; create it (useradd --system postgres) and retry"
}

make_state_dir() {
  if [[ -e $STATE_DIR ]]; then
    [[ -d $STATE_DIR && -z $(ls -A -- "$STATE_DIR") ]] \
      || die "$STATE_DIR already exists and is not an empty directory; pass a new or empty directory (e.g. \"\$(mktemp -d)\")"
  fi
  mkdir -p -- "$STATE_DIR"
  touch -- "$STATE_DIR/$MARKER" "$STATE_DIR/server.log"
  if is_root; then chown -R postgres: -- "$STATE_DIR"; fi
  chmod 700 -- "$STATE_DIR"
  as_server test -w "$STATE_DIR" -a -x "$STATE_DIR" \
    || die "the server user cannot reach $STATE_DIR (a parent directory is not traversable); use a directory under /tmp, then run: $0 stop $STATE_DIR"
  LOG=$STATE_DIR/server.log
}

pick_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then echo C.UTF-8; else echo C; fi
}

init_cluster() {
  local locale
  locale=$(pick_locale)
  log "initdb in $DATA (locale $locale)"
  as_server "$BIN/initdb" -D "$DATA" --auth=trust --username=postgres --no-sync \
      --encoding=UTF8 --locale="$locale" >>"$LOG" 2>&1 \
    || die "initdb failed; fix the cause shown below, then run: $0 stop $STATE_DIR"
  # Durability is pointless for a disposable test database; speed is not.
  cat >>"$DATA/postgresql.conf" <<CONF

# --- scripts/postgres.sh: disposable test server ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '${STATE_DIR//\'/\'\'}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 128MB
CONF
}

# Picking a port and binding it are not atomic, so another process (or a concurrent
# run of this script) can win the race; a bind failure just means "try another port".
start_cluster() {
  local attempt port seen
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 12000))   # below Linux's ephemeral range, away from 5432
    seen=$(wc -l <"$LOG")
    log "starting server on 127.0.0.1:$port (attempt $attempt)"
    if as_server "$BIN/pg_ctl" start -w -D "$DATA" -l "$LOG" -o "-p $port" >&2; then
      PORT=$port
      return 0
    fi
    tail -n "+$((seen + 1))" -- "$LOG" | grep -q 'could not bind' \
      || die "server failed to start; fix the cause shown below, then run: $0 stop $STATE_DIR"
  done
  die "no free port found after $attempt attempts; run: $0 stop $STATE_DIR and retry"
}

create_database() {
  log "creating database $DB"
  "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres -- "$DB" >&2 \
    || die "could not create database $DB; run: $0 stop $STATE_DIR and retry"
}

cmd_start() {
  DB=${PGDATABASE_NAME:-jdzgov}
  [[ $DB =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] \
    || die "PGDATABASE_NAME='$DB' must be letters, digits and underscores so it is safe in a URL"
  DATA=$STATE_DIR/data
  ensure_bindir
  ensure_server_user
  make_state_dir
  init_cluster
  start_cluster
  create_database
  printf 'DATABASE_URL=postgres://postgres@127.0.0.1:%s/%s\n' "$PORT" "$DB"
}

cmd_stop() {
  if [[ ! -e $STATE_DIR ]]; then
    log "$STATE_DIR does not exist; nothing to stop"
    return 0
  fi
  [[ -f $STATE_DIR/$MARKER ]] \
    || die "$STATE_DIR was not created by $0 start; refusing to delete it"
  LOG=$STATE_DIR/server.log
  DATA=$STATE_DIR/data
  # pg_ctl status exits non-zero when nothing runs, e.g. after a failed start.
  if [[ -f $DATA/postmaster.pid ]] && BIN=$(find_bindir) && as_server "$BIN/pg_ctl" status -D "$DATA" >/dev/null; then
    log "stopping server in $DATA"
    as_server "$BIN/pg_ctl" stop -w -m fast -D "$DATA" >&2 \
      || die "pg_ctl stop failed; kill the postgres process using $DATA by hand, then rm -rf $STATE_DIR"
  fi
  rm -rf -- "$STATE_DIR"
  log "removed $STATE_DIR"
}

main() {
  [[ $# -eq 2 && -n $2 && ( $1 == start || $1 == stop ) ]] || die "usage: $0 start|stop STATE_DIR"
  STATE_DIR=$(realpath -m -- "$2")
  [[ $STATE_DIR != / ]] || die "STATE_DIR must not be /"
  # The server user may not be able to read the caller's cwd (e.g. /root), which makes
  # PostgreSQL tools print spurious "could not change directory" warnings.
  cd /
  "cmd_$1"
}

main "$@"
