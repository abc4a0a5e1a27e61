#!/usr/bin/env bash
# Cold start: how long Dossier takes from launch to its first frame on screen, on the bundled
# sample, under Xvfb. Runs the given binary (default target/release/dossier) RUNS times (default
# 10) with DOSSIER_STARTUP_TIME=1, which makes the app say when its first frame was presented,
# and prints the median, fastest and slowest. The file cache is dropped before each run where
# the machine allows it (root, /proc/sys/vm/drop_caches writable); it says whether it did.
# Needs xvfb. Uses DISPLAY if set, else starts its own Xvfb and stops it after.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/dossier}
runs=${RUNS:-10}
file=${2:-resources/samples/harbour-strike.txt}
own_x=""
if [[ -z "${DISPLAY:-}" ]]; then
  Xvfb :97 -screen 0 1400x900x24 -noreset >/dev/null 2>&1 &
  own_x=$!
  export DISPLAY=:97
  sleep 1
fi
cleanup() { [[ -n "$own_x" ]] && kill "$own_x" 2>/dev/null || true; }
trap cleanup EXIT
dropped=no
times=()
for _ in $(seq "$runs"); do
  if sync && echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then dropped=yes; fi
  log=$(mktemp)
  HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d) DOSSIER_STARTUP_TIME=1 "$bin" "$file" 2>"$log" &
  pid=$!
  for _ in $(seq 200); do
    grep -q "first frame" "$log" && break
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  ms=$(sed -n 's/.*first frame on screen after \([0-9]*\) ms.*/\1/p' "$log")
  [[ -n "$ms" ]] || { echo "no first frame within 10 s:"; cat "$log"; exit 1; }
  times+=("$ms")
  rm -f "$log"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "cold start to first frame, $runs runs of $bin on $file: median ${sorted[$((runs / 2))]} ms, fastest ${sorted[0]} ms, slowest ${sorted[$((runs - 1))]} ms (file cache dropped before each: $dropped)"
