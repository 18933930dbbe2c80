#!/usr/bin/env bash
# Streaming throughput and peak memory of `parley ask` against `curl -N` reading the same bytes
# from the same server, in the same run.
#
# The server is not the simulator's paced writer but bench/prebuilt-sse-server.py, which sends a
# stream recorded once from `parley sim` (so the bytes are the simulator's, chunk for chunk) with
# one sendall: curl's own throughput, printed below, shows the server is not the bottleneck.
# The simulator's own ceiling (curl reading `parley sim` directly) is printed for comparison.
#   bench/stream-vs-curl.sh [path/to/parley] [chunks] [runs]
set -euo pipefail
parley=${1:-.build/release/parley}
chunks=${2:-100000}
runs=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d)
export PARLEY_HOME=$home
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$home"' EXIT

wait_for() { for _ in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.05; done; echo "no $1" >&2; exit 1; }

"$parley" sim --port 0 > "$home/sim.out" 2>/dev/null &
pids+=($!)
wait_for "$home/sim.out"
sim=$(head -1 "$home/sim.out")
model="stream@tps=0,ttft=0,chunks=$chunks"
body="{\"model\":\"$model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}]}"
curl -sN -X POST "$sim/chat/completions" -H 'Content-Type: application/json' -d "$body" > "$home/stream.sse"
bytes=$(wc -c < "$home/stream.sse")
events=$(grep -c '^data: ' "$home/stream.sse")

python3 "$here/prebuilt-sse-server.py" "$home/stream.sse" "$home/server.out" &
pids+=($!)
wait_for "$home/server.out"
base=$(head -1 "$home/server.out")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# run NAME command... : appends "ms kb" per run to $home/NAME
run() {
    local name=$1; shift
    for _ in $(seq "$runs"); do
        local t0; t0=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$home/time.out" "$@" > /dev/null 2>&1
        echo "$(( ($(date +%s%N) - t0) / 1000000 )) $(tail -1 "$home/time.out")" >> "$home/$name"
    done
}
ms() { cut -d' ' -f1 < "$home/$1" | median; }
kb() { cut -d' ' -f2 < "$home/$1" | median; }

run curl curl -sN -X POST "$base/chat/completions" -H 'Content-Type: application/json' -d "$body"
run sim curl -sN -X POST "$sim/chat/completions" -H 'Content-Type: application/json' -d "$body"
run ask "$parley" ask --base-url "$base" -m "$model" benchmark
run small "$parley" ask --base-url "$sim" -m "stream@tps=0,ttft=0,chunks=1" benchmark

# Wall time from date(1) around each run (1 ms resolution), peak RSS from GNU time.
awk -v c="$(ms curl)" -v s="$(ms sim)" -v a="$(ms ask)" -v u="$(ms small)" \
    -v ck="$(kb curl)" -v ak="$(kb ask)" -v n="$events" -v b="$bytes" -v r="$runs" 'BEGIN {
    if (c < 1) c = 1
    printf "stream: %d SSE events, %.1f MB, medians of %d runs\n", n, b / 1e6, r
    printf "curl -N, pre-built server:  %6d ms  %6.1f MB peak  (%.0f events/s, %.0f MB/s: the baseline)\n", c, ck / 1024, n / (c / 1000), b / 1e6 / (c / 1000)
    printf "curl -N, parley sim:        %6d ms              (%.0f events/s: the simulator'"'"'s own ceiling)\n", s, n / (s / 1000)
    printf "parley ask, pre-built:      %6d ms  %6.1f MB peak  (%.0f events/s)\n", a, ak / 1024, n / (a / 1000)
    printf "parley ask, 1-event answer: %6d ms              (start-up and exit)\n", u
    printf "ratio ask/curl: %.1fx   streaming only ((ask - start-up)/curl): %.1fx\n", a / c, (a - u) / c
}'
