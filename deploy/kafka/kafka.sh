#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft, broker + controller in one JVM) on 127.0.0.1 for development and
# the integration tests. Not for production: one replica, no authentication, no TLS.
#
# usage: deploy/kafka/kafka.sh install|start|stop|status|wait
#
#   ARGUS_KAFKA_PORT             client port (default 9092)
#   ARGUS_KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
#   ARGUS_KAFKA_DIR              data, logs, pid file (default <repo>/.argus/kafka)
#   ARGUS_KAFKA_WAIT_TIMEOUT     seconds `start`/`wait` wait for the broker (default 90)
#   ARGUS_KAFKA_HEAP             JVM heap options (default "-Xms256m -Xmx512m")
#   KAFKA_BROKERS                when set, an external cluster is used: start/stop do nothing
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
LIB_DIR="$SCRIPT_DIR/lib"
POM="$SCRIPT_DIR/pom.xml"
STAMP="$LIB_DIR/.installed"

PORT="${ARGUS_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${ARGUS_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_DIR="${ARGUS_KAFKA_DIR:-$REPO_DIR/.argus/kafka}"
WAIT_TIMEOUT="${ARGUS_KAFKA_WAIT_TIMEOUT:-90}"
HEAP_OPTS="${ARGUS_KAFKA_HEAP:--Xms256m -Xmx512m}"
HOST="127.0.0.1"

DATA_DIR="$KAFKA_DIR/data"
LOG_DIR="$KAFKA_DIR/logs"
PID_FILE="$KAFKA_DIR/kafka.pid"
CLUSTER_ID_FILE="$KAFKA_DIR/cluster.id"
PROPERTIES="$KAFKA_DIR/server.properties"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { echo "[kafka] $*"; }
elapsed_since() { awk -v from="$1" -v to="$EPOCHREALTIME" 'BEGIN { printf "%.1f", to - from }'; }
fail() {
  echo "[kafka] error: $*" >&2
  exit 1
}

external_cluster() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    say "KAFKA_BROKERS=$KAFKA_BROKERS is set: using that external cluster, nothing to $1"
    return 0
  fi
  return 1
}

# The pom's sha256 is the stamp: editing the Kafka version (or any dependency) reinstalls lib/.
pom_digest() { sha256sum "$POM" | cut -d' ' -f1; }

install() {
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(pom_digest)" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || fail "Maven (mvn) is needed to fetch the Kafka jars"
  say "fetching the Kafka jars into deploy/kafka/lib (Maven)"
  rm -rf "$LIB_DIR"
  mkdir -p "$KAFKA_DIR"
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies >"$KAFKA_DIR/install.log" 2>&1; then
    cat "$KAFKA_DIR/install.log" >&2
    fail "mvn dependency:copy-dependencies failed (output above)"
  fi
  pom_digest >"$STAMP"
}

cds_key() {
  local java_path jvm_library
  java_path="$(readlink -f "$(command -v "$JAVA")")"
  jvm_library="$(dirname "$java_path")/../lib/server/libjvm.so"
  { cat "$STAMP"; echo "$java_path"; stat -c '%s %Y' "$jvm_library" 2>/dev/null; } | sha256sum | cut -c1-12
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  # A stale pid file may name a pid reused by an unrelated process: check it is our broker.
  if [[ -n "$pid" ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $PROPERTIES"; then
    echo "$pid"
    return 0
  fi
  return 1
}

probe() { node "$SCRIPT_DIR/broker-probe.js" --host "$HOST" --port "$PORT" "$@"; }

write_properties() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  cat >"$PROPERTIES" <<EOF
# Written by deploy/kafka/kafka.sh at each start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR

# Topics are created explicitly (admin port, migrations), never by a typo in a topic name.
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1

# One node: internal topics with one replica; few partitions keep the first group join fast.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

# Start-up waits for broker heartbeats (registration, catch-up, unfencing): beat faster than the
# default 2 s so the broker is ready in about a second.
broker.heartbeat.interval.ms=500

# Development data is disposable.
log.retention.hours=24
log.segment.bytes=67108864
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
}

format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    # A Kafka cluster id is 16 random bytes in URL-safe base64 without padding; Kafka never starts
    # one with '-' (it would read as a command-line option), so neither do we.
    local id="-"
    while [[ "$id" == -* ]]; do
      id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  say "formatting storage in $DATA_DIR (cluster id $(cat "$CLUSTER_ID_FILE"))"
  "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.xml" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIB_DIR/*" kafka.tools.StorageTool format --ignore-formatted \
    --cluster-id "$(cat "$CLUSTER_ID_FILE")" --config "$PROPERTIES" >"$LOG_DIR/format.log" 2>&1 ||
    fail "formatting the storage failed:$(echo && cat "$LOG_DIR/format.log")"
}

log_tail() {
  echo "---- last lines of $LOG_DIR/server.log ----" >&2
  tail -n 40 "$LOG_DIR/server.log" >&2 2>/dev/null || true
  if [[ -s "$LOG_DIR/kafka.out" ]]; then
    echo "---- last lines of $LOG_DIR/kafka.out ----" >&2
    tail -n 20 "$LOG_DIR/kafka.out" >&2
  fi
}

wait_ready() {
  local pid="${1:-}"
  local -a pid_args=()
  [[ -n "$pid" ]] && pid_args=(--pid "$pid")
  local code=0
  probe --timeout-ms "$((WAIT_TIMEOUT * 1000))" "${pid_args[@]}" || code=$?
  case "$code" in
    0) return 0 ;;
    2)
      log_tail
      fail "the broker process exited during start-up (log above, full logs in $LOG_DIR)"
      ;;
    *)
      log_tail
      fail "the broker on $HOST:$PORT did not become ready within ${WAIT_TIMEOUT}s (logs in $LOG_DIR)"
      ;;
  esac
}

start() {
  external_cluster start && return 0
  mkdir -p "$KAFKA_DIR"
  # Two concurrent starts (two test runs) must not launch two brokers on one data dir.
  exec 9>"$KAFKA_DIR/.lock"
  flock -w "$WAIT_TIMEOUT" 9 || fail "another kafka.sh holds $KAFKA_DIR/.lock"

  local pid
  if pid="$(running_pid)"; then
    wait_ready "$pid"
    say "already running (pid $pid) on $HOST:$PORT"
    return 0
  fi
  if probe --once 2>/dev/null; then
    fail "something already answers on $HOST:$PORT but it is not the broker of $KAFKA_DIR; stop it, or set ARGUS_KAFKA_PORT, or point KAFKA_BROKERS at it"
  fi

  install
  write_properties
  format_storage

  # Class data sharing halves the start time: the first start records the loaded classes into an
  # archive (written when the JVM exits), later starts map it. The JVM silently ignores an archive
  # written by another JDK build or for other jars, so the name carries both.
  local archive
  archive="$KAFKA_DIR/kafka-classes-$(cds_key).jsa"
  local -a cds_opts=(-XX:ArchiveClassesAtExit="$archive")
  if [[ -f "$archive" ]]; then
    cds_opts=(-XX:SharedArchiveFile="$archive")
  else
    rm -f "$KAFKA_DIR"/kafka-classes-*.jsa
  fi

  local started_at=$EPOCHREALTIME
  # setsid: the broker outlives the shell that started it and a Ctrl-C in that terminal; 9>&- keeps
  # the start lock out of the broker's hands.
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of JVM options
  setsid nohup "$JAVA" $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent \
    -Xshare:auto "${cds_opts[@]}" -Xlog:cds=off,cds+dynamic=off -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.xml" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPERTIES" >"$LOG_DIR/kafka.out" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  say "starting broker (pid $pid) on $HOST:$PORT, data in $KAFKA_DIR"
  wait_ready "$pid"
  say "ready on $HOST:$PORT after $(elapsed_since "$started_at")s"
}

stop() {
  external_cluster stop && return 0
  local pid
  if ! pid="$(running_pid)"; then
    say "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  say "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 300)); then
      say "still running after 30s: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  say "stopped"
}

status() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    say "external cluster KAFKA_BROKERS=$KAFKA_BROKERS (not managed by this script)"
    return 0
  fi
  local pid
  if pid="$(running_pid)"; then
    if probe --once 2>/dev/null; then
      say "running (pid $pid) on $HOST:$PORT, ready"
      return 0
    fi
    say "running (pid $pid) on $HOST:$PORT, not ready"
    return 1
  fi
  say "not running"
  return 3
}

wait_command() {
  external_cluster wait && return 0
  wait_ready "$(running_pid || true)"
  say "ready on $HOST:$PORT"
}

case "${1:-}" in
  install) install && say "jars installed in $LIB_DIR" ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  wait) wait_command ;;
  *)
    echo "usage: $0 install|start|stop|status|wait" >&2
    exit 2
    ;;
esac
