#!/usr/bin/env bash
# Streaming throughput of `parley ask` against `curl -N` reading the same stream from the
# simulator, in the same run. Prints medians of N runs and the ratio.
#   bench/stream-vs-curl.sh [path/to/parley] [chunks] [runs]
set -euo pipefail
parley=${1:-.build/release/parley}
chunks=${2:-20000}
runs=${3:-7}
home=$(mktemp -d)
export PARLEY_HOME=$home
"$parley" sim --port 0 > "$home/sim.out" 2>/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; rm -rf "$home"' EXIT
for _ in $(seq 100); do [ -s "$home/sim.out" ] && break; sleep 0.05; done
base=$(head -1 "$home/sim.out")
model="stream@tps=0,ttft=0,chunks=$chunks"
body="{\"model\":\"$model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}]}"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # command... -> median ms
    for _ in $(seq "$runs"); do
        local t0; t0=$(now); "$@" > /dev/null 2>&1; echo $(( ($(now) - t0) / 1000000 ))
    done | median
}
curl_run() { curl -sN -X POST "$base/chat/completions" -H 'Content-Type: application/json' -d "$body"; }
ask_run() { "$parley" ask --base-url "$base" -m "$model" benchmark; }
ask_small() { "$parley" ask --base-url "$base" -m "stream@tps=0,ttft=0,chunks=1" benchmark; }

c=$(measure curl_run)
a=$(measure ask_run)
s=$(measure ask_small)
echo "chunks=$chunks runs=$runs"
echo "curl -N:            ${c} ms"
echo "parley ask:         ${a} ms   (of which start-up, measured with a 1-chunk answer: ${s} ms)"
awk -v a="$a" -v s="$s" -v c="$c" -v n="$chunks" 'BEGIN {
    printf "ratio ask/curl:     %.2f\n", a / c
    printf "ratio streaming only ((ask - start-up)/curl): %.2f\n", (a - s) / c
    printf "parley: %.0f chunks/s after start-up; curl: %.0f chunks/s\n", n / ((a - s) / 1000), n / (c / 1000)
}'
