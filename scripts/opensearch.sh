#!/usr/bin/env bash
# Throwaway single-node OpenSearch on loopback for the test suite, assembled
# from Maven Central only (no Docker, no artifacts.opensearch.org).
#
#   scripts/opensearch.sh start STATE_DIR   # prints SEARCH_URL=http://127.0.0.1:<port>
#   scripts/opensearch.sh stop STATE_DIR    # kills the node and removes STATE_DIR
#
# Environment: OPENSEARCH_VERSION, OPENSEARCH_CACHE, OPENSEARCH_HEAP,
# OPENSEARCH_START_TIMEOUT, OPENSEARCH_CN_PLUGINS ("smartcn icu", "" for none),
# OPENSEARCH_JAVA_HOME or JAVA_HOME (Java 17 or 21: OpenSearch 2.x needs the
# security manager, which Java 24 removed), MAVEN_CENTRAL (a mirror).
set -euo pipefail

OPENSEARCH_VERSION="${OPENSEARCH_VERSION:-2.19.6}"
# Maven Central has no smartcn/icu plugin builds after 2.16.0; their few
# classes only use the analysis SPI, which 2.19 still provides unchanged.
CN_PLUGIN_VERSION="${OPENSEARCH_CN_PLUGIN_VERSION:-2.16.0}"
CN_PLUGINS="${OPENSEARCH_CN_PLUGINS-smartcn icu}"
ICU4J_VERSION=74.2 # what lucene-analysis-icu 9.12.x is built against
MAVEN="${MAVEN_CENTRAL:-https://repo1.maven.org/maven2}"
CACHE_DIR="${OPENSEARCH_CACHE:-${HOME:-}/.cache/jdzgov/opensearch}"
HEAP="${OPENSEARCH_HEAP:-512m}"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
STOP_TIMEOUT=30
RUN_USER=opensearch
MARKER=.opensearch-sh # lets stop refuse to rm -rf a directory start did not make

log() { echo "opensearch.sh: $*" >&2; }

# One readable line, then the node's own words if it got that far.
die() {
  local f
  log "$1"
  for f in ${NODE_LOGS[@]+"${NODE_LOGS[@]}"}; do
    [[ -s $f ]] || continue
    echo "--- last 40 lines of $f" >&2
    tail -n 40 "$f" >&2
  done
  exit 1
}

usage() { die "usage: $0 start|stop STATE_DIR"; }

# Maven Central publishes a .sha1 beside every file: a cached copy is used
# only while it matches, so a torn download is fetched again.
sha1_ok() { [[ $(sha1sum <"$1" | cut -c1-40) == "$(head -c 40 "$1.sha1")" ]]; }

download() { # URL FILE: via a temporary name, so concurrent starts can share the cache
  local tmp err
  tmp=$(mktemp "$2.XXXXXX")
  if ! err=$(curl -fsSL --retry 5 --retry-connrefused --connect-timeout 20 -o "$tmp" "$1" 2>&1); then
    rm -f "$tmp"
    die "download of $1 failed (${err##*$'\n'}); check OPENSEARCH_VERSION and that Maven Central is reachable, or set MAVEN_CENTRAL to a mirror"
  fi
  chmod 644 "$tmp" # mktemp made it private; the cache may serve several users
  mv -f "$tmp" "$2"
}

fetch() { # GROUP:ARTIFACT:VERSION EXT -> FETCHED, the cached file
  local group artifact version name url
  IFS=: read -r group artifact version <<<"$1"
  name="$artifact-$version.$2"
  url="$MAVEN/${group//.//}/$artifact/$version/$name"
  FETCHED="$CACHE_DIR/$name"
  [[ -s $FETCHED.sha1 ]] || download "$url.sha1" "$FETCHED.sha1"
  if ! { [[ -f $FETCHED ]] && sha1_ok "$FETCHED"; }; then
    log "downloading $name"
    download "$url" "$FETCHED"
    sha1_ok "$FETCHED" || die "$name does not match its .sha1 on Maven Central; delete $CACHE_DIR and retry"
  fi
}

# unzip is not on a minimal Debian; the zipfile module is, but drops modes.
unpack() { # -> NODE_HOME
  fetch "org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION" zip
  if command -v unzip >/dev/null; then
    unzip -q "$FETCHED" -d "$STATE"
  else
    python3 -m zipfile -e "$FETCHED" "$STATE"
  fi
  NODE_HOME="$STATE/home"
  mv "$STATE/opensearch-$OPENSEARCH_VERSION" "$NODE_HOME"
  chmod +x "$NODE_HOME"/bin/*
}

# A module or plugin directory is its jars plus the descriptor that the
# OpenSearch build generates; Maven Central carries only the jars.
bundle() { # DIR CLASSNAME GROUP:ARTIFACT:VERSION... (the first one is the plugin's own jar)
  local dir=$1 classname=$2 coord
  shift 2
  mkdir -p "$dir"
  for coord; do
    fetch "$coord" jar
    cp "$FETCHED" "$dir/"
  done
  cat >"$dir/plugin-descriptor.properties" <<EOF
description=${dir##*/}, assembled from Maven Central by scripts/opensearch.sh
version=${1##*:}
name=${dir##*/}
classname=$classname
java.version=11
opensearch.version=$OPENSEARCH_VERSION
extended.plugins=
has.native.controller=false
EOF
}

# The integ-test zip ships only transport-netty4; Wagtail's index settings
# need analysis-common (ngram, edge_ngram, asciifolding; it also has cjk).
install_modules() {
  local lucene p
  # the CN plugins' Lucene jars must match the distribution's lucene-core
  lucene=$(basename "$NODE_HOME"/lib/lucene-core-*.jar .jar)
  lucene=${lucene#lucene-core-}
  bundle "$NODE_HOME/modules/analysis-common" org.opensearch.analysis.common.CommonAnalysisPlugin \
    "org.opensearch.plugin:analysis-common:$OPENSEARCH_VERSION"
  for p in $CN_PLUGINS; do
    case $p in
    smartcn)
      bundle "$NODE_HOME/plugins/analysis-smartcn" org.opensearch.plugin.analysis.smartcn.AnalysisSmartChinesePlugin \
        "org.opensearch.plugin:analysis-smartcn:$CN_PLUGIN_VERSION" \
        "org.apache.lucene:lucene-analysis-smartcn:$lucene"
      ;;
    icu)
      bundle "$NODE_HOME/plugins/analysis-icu" org.opensearch.plugin.analysis.icu.AnalysisICUPlugin \
        "org.opensearch.plugin:analysis-icu-client:$CN_PLUGIN_VERSION" \
        "org.apache.lucene:lucene-analysis-icu:$lucene" \
        "com.ibm.icu:icu4j:$ICU4J_VERSION"
      ;;
    *) die "unknown entry '$p' in OPENSEARCH_CN_PLUGINS; use smartcn and/or icu" ;;
    esac
  done
}

# Ports 0 let the kernel pick free ones at bind time, so two starts cannot
# race for the same port; node.portsfile then tells us which it picked.
configure() {
  cat >"$NODE_HOME/config/opensearch.yml" <<EOF
cluster.name: jdzgov-test
node.name: test-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: 0
transport.port: 0
node.portsfile: true
path.data: $STATE/data
path.logs: $STATE/logs
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  printf -- '-Xms%s\n-Xmx%s\n' "$HEAP" "$HEAP" >"$NODE_HOME/config/jvm.options.d/heap.options"
}

find_java_home() { # -> JAVA_DIR; the integ-test zip bundles no JDK
  local java major
  JAVA_DIR="${OPENSEARCH_JAVA_HOME:-${JAVA_HOME:-}}"
  if [[ -z $JAVA_DIR ]]; then
    java=$(command -v java) || die "no java found; apt-get install openjdk-17-jre-headless or set JAVA_HOME"
    java=$(readlink -f "$java")
    JAVA_DIR="${java%/bin/java}"
  fi
  [[ -x $JAVA_DIR/bin/java ]] || die "no java at $JAVA_DIR/bin/java; set OPENSEARCH_JAVA_HOME or JAVA_HOME to a Java 17 or 21"
  major=$("$JAVA_DIR/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  # 2.x starts the security manager, which Java 24 removed: it would die with a JVM flag dump
  if [[ $OPENSEARCH_VERSION == 2.* ]] && ((${major:-0} >= 24)); then
    die "$JAVA_DIR is Java $major, but OpenSearch 2.x needs Java 11 to 21; set OPENSEARCH_JAVA_HOME to a Java 17 or 21"
  fi
}

# OpenSearch refuses to run as root, so root runs it as a system user.
ensure_run_user() {
  getent passwd "$RUN_USER" >/dev/null && return 0
  # a concurrent start may win the race to create it
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER" 2>/dev/null ||
    getent passwd "$RUN_USER" >/dev/null ||
    die "could not create system user $RUN_USER; create it with 'useradd --system $RUN_USER' or start as a non-root user"
}

prepare_state() {
  if [[ -e $STATE && -n $(ls -A "$STATE") ]]; then
    die "$STATE exists and is not empty; run '$0 stop $STATE' first or pick a new directory"
  fi
  mkdir -p "$STATE"
  touch "$STATE/$MARKER"
  mkdir -p "$STATE"/{data,logs,tmp}
}

launch() { # -> LAUNCHER; the JVM writes its own pid to $STATE/opensearch.pid
  local cmd
  find_java_home
  cmd=(env OPENSEARCH_JAVA_HOME="$JAVA_DIR" OPENSEARCH_TMPDIR="$STATE/tmp"
    "$NODE_HOME/bin/opensearch" -p "$STATE/opensearch.pid")
  if ((EUID == 0)); then
    ensure_run_user
    chown -R "$RUN_USER:" "$STATE"
    runuser -u "$RUN_USER" -- test -w "$STATE/data" ||
      die "user $RUN_USER cannot reach $STATE; put STATE_DIR under a world-traversable directory such as /tmp"
    cmd=(runuser -u "$RUN_USER" -- "${cmd[@]}")
  fi
  # setsid: a Ctrl-C aimed at the caller must not reach the node
  setsid "${cmd[@]}" >"$STATE/logs/console.log" 2>&1 </dev/null &
  LAUNCHER=$!
  NODE_LOGS=("$STATE/logs/console.log" "$STATE/logs/jdzgov-test.log")
}

wait_ready() { # -> PORT
  local deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    kill -0 "$LAUNCHER" 2>/dev/null || die "OpenSearch exited during startup; see its log below"
    if [[ -s $STATE/logs/http.ports ]]; then
      PORT=$(head -n 1 "$STATE/logs/http.ports")
      PORT=${PORT##*:}
      curl -fsS -o /dev/null --max-time 10 \
        "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null && return 0
    fi
    sleep 0.5
  done
  die "OpenSearch was not ready within ${START_TIMEOUT}s; raise OPENSEARCH_START_TIMEOUT or read its log below"
}

node_pid() { # prints the pid if it is still this state dir's node
  local pid
  [[ -s $STATE/opensearch.pid ]] || return 1
  pid=$(<"$STATE/opensearch.pid")
  # the pid may have been reused since; the node's command line names STATE
  grep -qF -- "$STATE/home" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

terminate() { # PID: TERM, then KILL if it outlives the grace period
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid ignored TERM for ${STOP_TIMEOUT}s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# A failed start must not leave a half-started JVM behind.
kill_failed_start() {
  local pid
  if pid=$(node_pid); then terminate "$pid"; fi
  if [[ -n ${LAUNCHER:-} ]]; then terminate "$LAUNCHER"; fi
}

start() {
  command -v curl >/dev/null || die "curl is missing; apt-get install curl"
  [[ -n ${OPENSEARCH_CACHE:-${HOME:-}} ]] || die "neither OPENSEARCH_CACHE nor HOME is set; set OPENSEARCH_CACHE to a cache directory"
  mkdir -p "$CACHE_DIR"
  prepare_state
  trap kill_failed_start EXIT
  unpack
  install_modules
  configure
  log "starting OpenSearch $OPENSEARCH_VERSION in $STATE"
  launch
  wait_ready
  trap - EXIT
  log "ready after ${SECONDS}s, pid $(<"$STATE/opensearch.pid")"
  echo "SEARCH_URL=http://127.0.0.1:$PORT"
}

stop() {
  local pid
  [[ -e $STATE ]] || return 0
  [[ -e $STATE/$MARKER ]] || die "$STATE was not made by '$0 start'; not removing it"
  if pid=$(node_pid); then terminate "$pid"; fi
  rm -rf -- "$STATE"
}

main() {
  [[ $# -eq 2 && -n $2 ]] || usage
  STATE=$(realpath -m -- "$2")
  case $1 in
  start) start ;;
  stop) stop ;;
  *) usage ;;
  esac
}

main "$@"
