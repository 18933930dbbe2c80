#!/usr/bin/env bash
# Where the chat's start goes: the median time from exec to each phase Parley marks on its way
# to the first frame (`StartupTrace`, written when PARLEY_TRACE_START names a file), and to the
# status bar being seen in tmux, over several starts in a 160x48 tmux pane.
#   bench/start-phases.sh [path/to/parley] [runs]
# "exec" is taken by the pane's shell just before it execs Parley (`date +%s%N`), so every phase
# carries the same few hundred microseconds of shell; "seen" is polled every ~2 ms like
# bench/chat-start.sh does. The first start creates the database and is left out.
set -euo pipefail
parley=$(realpath "${1:-.build/release/parley}")
runs=${2:-15}
. "$(dirname "$0")/tmux-server.sh" phases

for run in $(seq 0 "$runs"); do
    trace="$home/trace.$run"
    tmx new-session -d -s run -x 160 -y 48 \
        "sh -c 'echo \$(date +%s%N) exec > \"$trace\"; PARLEY_TRACE_START=\"$trace\" exec \"$parley\"'"
    deadline=$(( $(date +%s) + 20 ))
    until tmx capture-pane -p -t run 2>/dev/null | grep -qF -- "│ idle │"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for the chat" >&2; exit 1; }
        sleep 0.002
    done
    echo "$(date +%s%N) status bar seen" >> "$trace"
    tmx send-keys -t run C-q
    for _ in $(seq 200); do tmx has-session -t run 2>/dev/null || break; sleep 0.01; done
    tmx kill-session -t run 2>/dev/null || true
    [ "$run" -eq 0 ] && rm -f "$trace"
done

python3 - "$home" "$runs" <<'PY'
import glob, statistics, sys
home, runs = sys.argv[1], int(sys.argv[2])
phases, offsets = [], {}
for path in sorted(glob.glob(f"{home}/trace.*")):
    lines = [line.split(" ", 1) for line in open(path).read().splitlines() if line.strip()]
    start = int(lines[0][0])
    for stamp, name in lines[1:]:
        if name not in offsets:
            phases.append(name)
            offsets[name] = []
        offsets[name].append((int(stamp) - start) / 1e6)
print(f"medians of {runs} chat starts, ms after exec (min-max)")
for name in phases:
    values = offsets[name]
    print(f"  {name:<24} {statistics.median(values):6.1f}   ({min(values):.1f}-{max(values):.1f})")
PY
