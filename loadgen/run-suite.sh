#!/usr/bin/env bash
# The benchmark suite behind BENCHMARKS.md: builds the `profiling` binaries (release code with
# symbols and line tables, so `perf` can name what it samples), then for each step
# starts a fresh `hotseat` pinned to CPU 0 (fresh data directory, warn-level logs) and runs
# `hotseat-loadgen` pinned to CPU 1, appending each run's JSON line to a results file.
#
#   loadgen/run-suite.sh [quick|full] [STEP...]
#
# Steps (default: all, in this order):
#   connections   rooms held idle, 100 -> 2,800 (19,600 connections): connect rate and
#                 failures, server memory per idle connection, kernel TCP memory apart
#   rooms         latency as rooms rise at 1 command/room/s: 10 -> 2,800 rooms
#   rate          latency as the rate rises on 1,000 rooms: 0.1 -> 12 commands/room/s
#                 (100 -> 12,000 commands/s); the knee is marked in the summary
#   targets       the issue's target points: 1,000 rooms x 2/s and x 5/s, 2,800 rooms x 1/s
#                 (three times each in `full`, interleaved)
#   relay         the issue's reference point in the same hour: Hotseat at 1,000 rooms x 5/s,
#                 then the bare relay (loadgen/examples/relay.rs) at the same point relaying
#                 frames of Hotseat's mean update size, with tungstenite's default buffers
#                 and with Hotseat's 1 KiB read buffer (interleaved, three times in `full`)
#   micro         cargo bench (criterion): engine, wire, coach
#
# `quick` runs every step at a small scale with short windows, to check the tools end to
# end (minutes, not an hour); its figures are not the server's capacity. `full` is the
# real suite (about an hour): run it on a quiet machine, nothing else busy.
#
# Environment: PORT (default 18080), OUT (results directory, default
# target/bench-results/<date>), CARGO_FLAGS (extra flags for cargo build), RATES_LIST
# (the `rate` step's rates in `full`, default "0.1 0.3 1 2 3 5 7 10 12").
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-quick}
case "$MODE" in
  quick|full) shift || true ;;
  *) MODE=quick ;;
esac
STEPS=("$@")
[ ${#STEPS[@]} -eq 0 ] && STEPS=(connections rooms rate targets relay micro)
RELAY_FLAGS=()

PORT=${PORT:-18080}
OUT=${OUT:-target/bench-results/$(date -u +%Y%m%dT%H%M%SZ)-$MODE}
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
SERVER_CPU=0
GEN_CPU=1

if [ "$(nproc --all)" -lt 2 ]; then
  echo "warning: fewer than 2 CPUs; server and generator will share one" >&2
  GEN_CPU=0
fi

echo "== building profiling binaries"
cargo build --profile profiling --locked ${CARGO_FLAGS:-} -p hotseat-server -p hotseat-loadgen --bins --examples
SERVER_BIN=target/profiling/hotseat
LOADGEN_BIN=target/profiling/hotseat-loadgen
RELAY_BIN=target/profiling/examples/relay
# Hotseat's mean update frame at the target point (the generator reports it): the relay
# relays frames of this size, so both move the same bytes.
RELAY_BYTES=${RELAY_BYTES:-3000}

{
  echo "mode: $MODE"
  echo "date: $(date -u +%FT%TZ)"
  echo "cpus: $(nproc --all), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -r)"
  echo "open-file limit: $(ulimit -n)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
} | tee "$OUT/machine.txt"

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

# start_server LABEL [RELAY FLAGS...]: a fresh `hotseat`, or with SERVER=relay the bare relay.
start_server() {
  stop_server
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "something already listens on 127.0.0.1:$PORT; stop it or set PORT" >&2
    exit 1
  fi
  local data="$OUT/data-$1"
  rm -rf "$data"
  if [ "${SERVER:-hotseat}" = relay ]; then
    taskset -c "$SERVER_CPU" "$RELAY_BIN" --listen "127.0.0.1:$PORT" "${@:2}" \
      >"$OUT/server-$1.log" 2>&1 &
  else
    RUST_LOG=hotseat_server=warn taskset -c "$SERVER_CPU" "$SERVER_BIN" \
      --listen "127.0.0.1:$PORT" --data "$data" --max-rooms 20000 --create-rate off --upgrade-rate off \
      >"$OUT/server-$1.log" 2>&1 &
  fi
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      break
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "the server did not start; see $OUT/server-$1.log" >&2
  exit 1
}

# One measured run on a fresh server: run LABEL ROOMS RATE WARMUP DURATION [extra flags]
run() {
  local label=$1 rooms=$2 rate=$3 warmup=$4 duration=$5
  shift 5
  local conns=$((rooms * 7))
  # One generator process holds at most ~9,000 sockets (open-file limit 20,000 each).
  local procs=$(((conns + 8999) / 9000))
  [ "$procs" -lt "$MIN_PROCS" ] && procs=$MIN_PROCS
  start_server "$label" "${RELAY_FLAGS[@]}"
  echo "== $label: $rooms rooms, $rate commands/room/s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  taskset -c "$GEN_CPU" "$LOADGEN_BIN" \
    --server "127.0.0.1:$PORT" --server-pid "$SERVER_PID" \
    --rooms "$rooms" --rate "$rate" --warmup "$warmup" --duration "$duration" \
    --processes "$procs" --addrs 8 --ramp 2000 --label "$label" "$@" \
    | tee "$OUT/$label.txt" | grep -v '^{' || true
  tail -n 1 "$OUT/$label.txt" | grep '^{' >>"$RESULTS" || echo "(no JSON line for $label)" >&2
  stop_server
}

if [ "$MODE" = full ]; then
  CONN_ROOMS=(100 400 1000 2000 2800)
  ROOM_STEPS=(10 100 300 1000 2000 2800)
  RATE_ROOMS=1000
  read -r -a RATES <<<"${RATES_LIST:-0.1 0.3 1 2 3 5 7 10 12}"
  WARMUP=10s
  DURATION=30s
  IDLE=10s
  TARGET_ROOMS=(1000 2800)
  REPEAT=3
  MIN_PROCS=1
else
  CONN_ROOMS=(10 50 100)
  ROOM_STEPS=(10 30 100)
  RATE_ROOMS=20
  RATES=(0.1 1 5 10)
  WARMUP=2s
  DURATION=5s
  IDLE=3s
  TARGET_ROOMS=(20 50)
  REPEAT=1
  # Two generator processes even at this scale, to exercise the merge of their results.
  MIN_PROCS=2
fi

for step in "${STEPS[@]}"; do
  case "$step" in
    connections)
      for r in "${CONN_ROOMS[@]}"; do
        run "connections-$r" "$r" 0 1s "$IDLE"
      done
      ;;
    rooms)
      for r in "${ROOM_STEPS[@]}"; do
        run "rooms-$r-rate-1" "$r" 1 "$WARMUP" "$DURATION"
      done
      ;;
    rate)
      for q in "${RATES[@]}"; do
        run "rate-$q-rooms-$RATE_ROOMS" "$RATE_ROOMS" "$q" "$WARMUP" "$DURATION"
      done
      ;;
    targets)
      # Each target point several times, on a fresh server each: the spread is the noise.
      for n in $(seq 1 "$REPEAT"); do
        run "target-${TARGET_ROOMS[0]}x2-run$n" "${TARGET_ROOMS[0]}" 2 "$WARMUP" "$DURATION"
        run "target-${TARGET_ROOMS[0]}x5-run$n" "${TARGET_ROOMS[0]}" 5 "$WARMUP" "$DURATION"
        run "target-${TARGET_ROOMS[1]}x1-run$n" "${TARGET_ROOMS[1]}" 1 "$WARMUP" "$DURATION"
      done
      ;;
    relay)
      for n in $(seq 1 "$REPEAT"); do
        run "relay-hotseat-run$n" "${TARGET_ROOMS[0]}" 5 "$WARMUP" "$DURATION"
        SERVER=relay
        RELAY_FLAGS=()
        run "relay-bare-default-run$n" "${TARGET_ROOMS[0]}" 5 "$WARMUP" "$DURATION" \
          --relay --relay-bytes "$RELAY_BYTES"
        RELAY_FLAGS=(--read-buffer-size 1024)
        run "relay-bare-buf1k-run$n" "${TARGET_ROOMS[0]}" 5 "$WARMUP" "$DURATION" \
          --relay --relay-bytes "$RELAY_BYTES"
        SERVER=hotseat
        RELAY_FLAGS=()
      done
      ;;
    micro)
      echo "== micro-benchmarks (criterion)"
      if [ "$MODE" = full ]; then
        CRIT=()
      else
        CRIT=(-- --warm-up-time 1 --measurement-time 2)
      fi
      for b in "hotseat-server engine" "hotseat-server wire" "hotseat-protocol coach"; do
        set -- $b
        taskset -c "$GEN_CPU" cargo bench --locked -p "$1" --bench "$2" "${CRIT[@]}" 2>&1 \
          | tee "$OUT/bench-$2.txt" | grep -E '^[a-z_]+/|time:|thrpt:|bytes' || true
      done
      ;;
    *)
      echo "unknown step: $step" >&2
      exit 2
      ;;
  esac
done

if [ -s "$RESULTS" ] && command -v python3 >/dev/null; then
  python3 loadgen/summarize.py "$RESULTS" | tee "$OUT/summary.md"
fi
echo "== results in $OUT"
